"""``extract_article``: one page's HTML to an ``Extraction`` (clean text and metadata, or why not)."""
from __future__ import annotations

import html as htmllib
import logging
import re

from archive.places import canonical_province
from archive.sources import Source
from archive.text import clean_whitespace, nfc
from extract import generic, profiles
from extract.charset import decode_html
from extract.mentions import organisations, provinces_mentioned
from extract.model import Extraction
from extract.draft import Draft
from extract.page import Meta, clean_dom, parse, read_meta

log = logging.getLogger(__name__)

# markup left in text (escaped in the page, or from a library): real element names only, so that
# "<The Palace: Tale of Jang Noksu>" (a title in angle brackets) stays text
HTML_ELEMENTS = ("a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|canvas|caption|"
                 "center|cite|code|col|colgroup|data|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|"
                 "figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|iframe|img|input|"
                 "ins|kbd|label|legend|li|link|main|map|mark|meta|nav|noscript|object|ol|optgroup|option|output|p|"
                 "param|picture|pre|progress|q|s|samp|script|section|select|small|source|span|strike|strong|style|"
                 "sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|"
                 "var|video|wbr")
TAG_RE = re.compile(r"</?(?:" + HTML_ELEMENTS + r")(?=[\s/>])[^<>]{0,500}>", re.IGNORECASE)


def extract_article(html: str | bytes, url: str, source: Source | None = None, *, profiles: bool = True,
                    second_opinion: bool = True) -> Extraction:
    """Extract the article on one page; never raises on bad input (``is_article`` False with a ``reason``).

    ``profiles=False`` uses the generic extractor everywhere; ``second_opinion=False`` leaves trafilatura
    out of the generic path (both for measurement).
    """
    use_profiles = profiles
    result = Extraction(url=url, is_article=False)
    _fill_source(result, source)
    try:
        text = decode_html(html) if isinstance(html, (bytes, bytearray)) else nfc(html or "")
        if not text.strip():
            result.reason = "empty page"
            return result
        draft, meta = _extract(text, url, use_profiles, second_opinion)
    except RecursionError:
        result.reason = "page too deeply nested to parse"
        return result
    except Exception as exc:  # noqa: BLE001 - crawled HTML is untrusted; report, never crash
        log.warning("extraction failed for %s: %s", url, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        result.reason = f"extraction failed: {type(exc).__name__}"
        return result
    result.is_article = draft.is_article
    result.reason = draft.reason
    result.title = _clean(draft.title)
    result.published, result.published_time = draft.published, draft.published_time
    result.author = _clean_name(draft.author)
    result.source_text = _clean(draft.source_text)
    result.noindex = meta.noindex
    result.paragraphs = [p for p in (_clean(p) for p in draft.paragraphs) if p]
    result.captions = [c for c in (_clean(c) for c in draft.captions) if c]
    result.images = [{"src": i["src"], "caption": _clean(i.get("caption"))} for i in draft.images]
    result.attachments = [{"url": a["url"], "title": _clean(a.get("title"))} for a in draft.attachments]
    result.extractor = draft.extractor
    mention_text = "\n".join([result.title or "", *result.paragraphs])
    home = canonical_province(source.province) if source else None
    result.provinces_mentioned = provinces_mentioned(mention_text, home if result.is_article else None)
    result.organisations = organisations(mention_text)
    return result


def _extract(text: str, url: str, use_profiles: bool, second_opinion: bool) -> tuple[Draft, Meta]:
    soup = parse(text)
    meta = read_meta(soup)
    clean_dom(soup)
    hints = profiles.detect(soup, meta, text) if use_profiles else None
    return generic.extract(soup, meta, url, hints, html=text, second=second_opinion), meta


def _fill_source(result: Extraction, source: Source | None) -> None:
    if source is None:
        return
    result.province = source.province
    result.unit = source.unit
    result.level = source.level
    result.district = source.district
    result.source = source.name


def _clean_name(text: str | None) -> str | None:
    """A byline as printed: no space before a comma ("Ban Biên tập , Đức Thịnh" came from two elements)."""
    text = _clean(text)
    return re.sub(r"\s+([,;])", r"\1", text) if text else text


def _clean(text: str | None) -> str | None:
    """Stored text: NFC, single spaces, no markup (escaped markup in the page stays text, tags go)."""
    if text is None:
        return None
    text = htmllib.unescape(text) if "&" in text and re.search(r"&[#\w]+;", text) else text
    text = TAG_RE.sub(" ", text)
    text = text.replace("<", "‹").replace(">", "›") if re.search(r"<\s*/?\s*script", text, re.I) else text
    return clean_whitespace(text) or None
