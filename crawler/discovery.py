"""Finding URLs: links in HTML pages, pagination, sitemaps (and sitemap indexes), RSS/Atom feeds."""
from __future__ import annotations

import gzip
import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html

from crawler.canonical import canonical_url
from crawler.settings import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, SKIPPED_EXTENSIONS
from crawler.traps import Link, LinkVerdict, is_comment_feed, is_feed_url, judge_link

log = logging.getLogger(__name__)

PAGINATION = re.compile(r"(/page[-/_]?\d+/?$|/trang[-/_]?\d+(/|\.html?)?$|[?&](page|paged|pg|trang|start|offset)=\d+)",
                        re.I)
REFRESH = re.compile(r"url\s*=\s*(.+)$", re.I)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_NOT_LINKS = ("javascript:", "mailto:", "tel:", "data:", "#", "sms:", "callto:", "skype:", "zalo:")


@dataclass
class PageLinks:
    """What an HTML page points to, the links a crawler follows separated from those it refuses."""

    links: list[str] = field(default_factory=list)       # canonical, in page order, deduplicated
    feeds: list[str] = field(default_factory=list)       # <link rel=alternate type=rss/atom>, feed-like <a> links
    canonical: str | None = None                          # <link rel=canonical>, resolved, not yet judged
    refused: Counter = field(default_factory=Counter)    # LinkVerdict -> links not followed
    nofollow_page: bool = False                           # <meta name="robots" content="nofollow">


def link_kind(url: str) -> str:
    """'document' (PDF, Office...), 'image', 'skip' (styles, scripts, media) or 'page', from the path."""
    path = urlsplit(url).path.lower()
    if path.endswith(DOCUMENT_EXTENSIONS):
        return "document"
    if path.endswith(IMAGE_EXTENSIONS):
        return "image"
    if path.endswith(SKIPPED_EXTENSIONS):
        return "skip"
    return "page"


def is_pagination(url: str) -> bool:
    """``/page-2/``, ``/page/2/``, ``?page=2``, ``/trang-2/`` and the like."""
    parts = urlsplit(url)
    return bool(PAGINATION.search(parts.path + ("?" + parts.query if parts.query else "")))


def html_links(html: str, page_url: str) -> PageLinks:
    """Links, feeds and the declared canonical URL of an HTML page (broken HTML tolerated)."""
    out = PageLinks()
    if not html or not html.strip():
        return out
    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        log.info("cannot parse %s as HTML: %s", page_url, exc)
        return out
    base = page_url
    for href in doc.xpath("//base/@href")[:1]:
        base = urljoin(page_url, href.strip()) or page_url
    out.nofollow_page = any("nofollow" in (c or "").lower() or (c or "").strip().lower() == "none"
                            for c in doc.xpath("//meta[translate(@name, 'ROBTS', 'robts')='robots']/@content"))
    candidates: list[Link] = []
    for content in doc.xpath("//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']/@content"):
        match = REFRESH.search(content)
        url = canonical_url(match.group(1).strip(" '\""), base) if match else None
        if url:
            candidates.append(Link(url, text="refresh"))
    for el in doc.xpath("//a[@href] | //area[@href] | //link[@href] | //iframe[@src] | //frame[@src]"):
        link = _link(el, base, out)
        if link is not None:
            candidates.append(link)
    _judge(candidates, out)
    return out


def _link(el, base: str, out: PageLinks) -> Link | None:
    """The element as a Link to judge (or None); <link> elements fill canonical and feeds directly."""
    href = (el.get("href") or el.get("src") or "").strip()
    if not href or href.lower().startswith(_NOT_LINKS):
        return None
    url = canonical_url(href, base)
    if url is None:
        return None
    rel = frozenset((el.get("rel") or "").lower().split())
    if el.tag == "link":
        kind = (el.get("type") or "").lower().split(";")[0].strip()
        if "canonical" in rel and out.canonical is None:
            out.canonical = url
        elif "alternate" in rel and kind in FEED_TYPES and not is_comment_feed(url, el.get("title") or ""):
            out.feeds.append(url)
        elif {"next", "prev", "previous"} & rel:
            return Link(url, text="next")
        return None
    if el.tag in ("iframe", "frame"):
        return Link(url, text="frame")
    text = " ".join(el.text_content().split()) if el.tag == "a" else (el.get("alt") or "")
    image_only = el.tag == "a" and not text and bool(el.xpath(".//img"))
    return Link(url, text=text, title=el.get("title") or "", rel=rel, image_only=image_only)


def _judge(candidates: list[Link], out: PageLinks) -> None:
    """Keep the links a crawler follows; an image link counts when the same URL is also linked with words."""
    worded = {c.url for c in candidates if not c.image_only}
    seen: set[str] = set()
    for link in candidates:
        if link.url in seen:
            continue
        verdict = LinkVerdict.NOFOLLOW if out.nofollow_page else judge_link(link)
        if verdict is LinkVerdict.IMAGE_ONLY and (link.url in worded or link_kind(link.url) == "document"):
            verdict = LinkVerdict.FOLLOW
        if verdict is not LinkVerdict.FOLLOW:
            if link.url not in worded or not link.image_only:
                out.refused[verdict] += 1
            continue
        seen.add(link.url)
        if is_feed_url(link.url):
            if not is_comment_feed(link.url, link.title) and link.url not in out.feeds:
                out.feeds.append(link.url)
            continue
        out.links.append(link.url)


def xml_kind(body: bytes, content_type: str | None) -> str | None:
    """'sitemap' or 'feed' when the body is one (by its root element), else None."""
    start = _gunzip(body, 2048)[:2048].lstrip().lower()
    if b"<urlset" in start or b"<sitemapindex" in start:
        return "sitemap"
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "feed"
    ctype = (content_type or "").lower()
    if any(t in ctype for t in FEED_TYPES):
        return "feed"
    return None


def sitemap_urls(body: bytes, doc_url: str) -> tuple[list[str], list[str]]:
    """(pages, sitemaps) listed in a sitemap or sitemap index; relative locations resolved against ``doc_url``."""
    data = _gunzip(body)
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except (lxml.etree.XMLSyntaxError, ValueError) as exc:
        log.info("cannot parse sitemap %s: %s", doc_url, exc)
        return [], []
    if root is None:
        return [], []
    pages, maps = [], []
    for loc in root.iter("{*}loc"):
        text = (loc.text or "").strip()
        url = canonical_url(text, doc_url) if text else None
        if url is None:
            continue
        parent = loc.getparent()
        tag = lxml.etree.QName(parent).localname.lower() if parent is not None else ""
        (maps if tag == "sitemap" else pages).append(url)
    return pages, maps


def feed_urls(body: bytes, doc_url: str) -> list[str]:
    """Entry links of an RSS/Atom feed, resolved against ``doc_url``."""
    try:
        parsed = feedparser.parse(body, response_headers={"content-location": doc_url})
    except Exception as exc:  # noqa: BLE001 - untrusted input; a broken feed yields no links
        log.info("cannot parse feed %s: %s", doc_url, exc)
        return []
    out: list[str] = []
    for entry in parsed.entries:
        candidates = [entry.get("link")] + [l.get("href") for l in entry.get("links", []) if l.get("href")]
        for href in candidates:
            url = canonical_url(href, doc_url) if href else None
            if url and url not in out:
                out.append(url)
    return out


def _gunzip(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """A gzipped body decompressed (at most ``limit`` bytes of it); any other body as it is."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
            return fh.read(limit)
    except (OSError, EOFError):
        return body
