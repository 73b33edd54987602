"""An article's metadata: its headline, its publication date from markup, a plausible author."""
from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import htmldate
from bs4 import BeautifulSoup, Tag

from archive.text import clean_whitespace, fold
from extract.area import in_chrome, near
from extract.dates import parse_vietnamese_date
from extract.page import Meta, absolute
from extract.rules import is_stop_heading

log = logging.getLogger(__name__)

TITLE_CLASS_RE = re.compile(r"title|tieude|tieu-de|headline|heading|news-name|post-name|entry-name", re.I)
TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»·]\s+|\s*\|\s*")
# the title bar of a box (a web part, widget, portlet, sidebar block): names the box, never this page's article
BOX_TITLE_RE = re.compile(r"(?:webpart|widget|box|block|module|portlet|panel|sidebar|cat|category|zone)[-_]?"
                          r"(?:title|heading|header|caption)", re.I)
BOX_TITLE_PENALTY = 4
HEADING_SCORES = {"h1": 4.0, "h2": 2.0, "h3": 1.0, "h4": 0.5}
MIN_HEADLINE_SCORE = 2.5
# an account name, not a person: "quantri", "admin", "bdv_locninh" (lower-case ASCII, no space)
ACCOUNT_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,40}$")
GENERIC_AUTHORS = {"admin", "administrator", "quản trị", "quan tri", "quản trị viên", "biên tập viên", "webmaster",
                   "editor", "author", "user"}
MAX_AUTHOR_CHARS = 80


# -- headline ---------------------------------------------------------------------------------

def _title_refs(meta: Meta) -> list[str]:
    out = []
    for r in (meta.headline, meta.og_title, meta.title_tag):
        if not r:
            continue
        out.append(fold(r))
        parts = TITLE_SEPARATORS.split(r)
        if len(parts) > 1:
            out.append(fold(max(parts, key=len)))
            out.append(fold(parts[0]))  # "Quân dân - Trang thông tin điện tử …": a page's own name comes first
    return [r for r in out if r]


def _links_elsewhere(el: Tag, url: str) -> bool:
    """The heading is (inside) a link to another page: a listing item, not this page's headline."""
    link = el if el.name == "a" else (el.find_parent("a") or el.find("a"))
    if link is None or not link.get("href"):
        return False
    if el.find("a") is not None and len(clean_whitespace(link.get_text())) < 0.7 * len(clean_whitespace(el.get_text())):
        return False
    target = absolute(link.get("href"), url) or ""
    return urlsplit(target)._replace(fragment="", query="") != urlsplit(url)._replace(fragment="", query="")


def _headline_score(el: Tag, order: int, refs: list[str], site: str, url: str, container: Tag | None) -> float:
    text = clean_whitespace(el.get_text(" "))
    if not 4 <= len(text) <= 400 or is_stop_heading(text):
        return 0.0  # "Tin mới", "Tin liên quan": a box's name, never a headline
    f = fold(text)
    score = HEADING_SCORES.get(el.name, 0.5)
    if el.get("itemprop") == "headline":
        score += 5
    attrs = " ".join([*(el.get("class") or []), el.get("id") or ""])
    if TITLE_CLASS_RE.search(attrs):
        score += 2
    if _box_title(el):
        score -= BOX_TITLE_PENALTY
    for ref in refs:
        if f == ref:
            score += 10
            break
        if len(f) >= 12 and (ref.startswith(f) or f in ref) and len(f) >= 0.5 * len(ref):
            score += 7
            break
    if site and f == site:
        score -= 10
    score += (len(text) >= 25) + (len(text) >= 45)  # headlines are sentences, box titles are words
    if container is not None and near(el, container):
        score += 3
    if in_chrome(el):
        score -= 6
    if _links_elsewhere(el, url):
        score -= 8
    elif el.find("a") is not None or el.find_parent("a") is not None:
        score -= 3  # a self-link in a "you are here" list, rarely the headline itself
    return score - order * 0.01


def _box_title(el: Tag) -> bool:
    """``el`` is (inside) a box's title bar: "Tin nổi bật" over a web part, "Xem nhiều nhất" over a widget."""
    for node in (el, el.parent, el.parent.parent if el.parent else None):
        if isinstance(node, Tag):
            attrs = " ".join([*(node.get("class") or []), node.get("id") or ""])
            if attrs and BOX_TITLE_RE.search(attrs):
                return True
    return False


def find_title(soup: BeautifulSoup, meta: Meta, url: str, container: Tag | None = None) -> Tag | None:
    """The on-page headline: a heading that agrees with <title>/og:title, else the main h1 near the text."""
    refs = _title_refs(meta)
    site = fold(meta.site_name or "")
    candidates = soup.find_all(["h1", "h2", "h3", "h4"], limit=300)
    candidates += soup.find_all(["div", "p", "span", "strong", "b", "font", "td"], class_=TITLE_CLASS_RE, limit=100)
    candidates += soup.find_all(attrs={"itemprop": "headline"}, limit=5)
    best, best_score = None, 0.0
    for order, el in enumerate(candidates):
        score = _headline_score(el, order, refs, site, url, container)
        if score > best_score:
            best, best_score = el, score
    return best if best_score >= MIN_HEADLINE_SCORE else None


def title_from_meta(meta: Meta) -> str | None:
    raw = meta.headline or meta.og_title or meta.title_tag
    if not raw:
        return None
    parts = TITLE_SEPARATORS.split(raw)
    return parts[0].strip() if len(parts) > 1 and len(parts[0]) >= 12 else raw


def declares_article(meta: Meta) -> bool:
    """The page calls itself an article (og:type, schema.org type)."""
    return meta.og_type == "article" or any(t.endswith("Article") or t in ("BlogPosting", "Report")
                                            for t in meta.article_types)


# -- dates --------------------------------------------------------------------------------------

def meta_date(meta: Meta) -> tuple[str, str | None] | None:
    """The publication date the page's meta tags or visible microdata give."""
    for raw in meta.published:
        found = parse_vietnamese_date(raw)
        if found:
            return found
    return None


def hidden_date(meta: Meta) -> tuple[str, str | None] | None:
    """A date only hidden microdata gives (often the edit time, or an install time on static pages)."""
    for raw in meta.hidden_published:
        found = parse_vietnamese_date(raw)
        if found:
            return found
    return None


def markup_date(html: str, url: str) -> str | None:
    """htmldate on the page's markup only (meta tags, structured data, time elements, URL).

    Its extensive text search is off: it would find the crawl-time clock many sites print on every page.
    """
    try:
        return htmldate.find_date(html, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - no date is an answer
        return None


# -- author -------------------------------------------------------------------------------------

def is_account_name(name: str) -> bool:
    """A CMS login or role ("quantri", "admin"), never a byline a reader sees."""
    low = name.strip().lower()
    return low in GENERIC_AUTHORS or bool(ACCOUNT_RE.match(name.strip()))


def plausible_author(name: str | None, meta: Meta) -> str | None:
    """A meta author that names a person or office: not the site's name, a URL or an account."""
    if not name:
        return None
    if meta.site_name and fold(name) == fold(meta.site_name):
        return None
    if len(name) > MAX_AUTHOR_CHARS or name.startswith("http") or is_account_name(name):
        return None
    return name
