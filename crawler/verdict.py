"""What a fetched page is, and whether a known page is worth fetching again: small pure decisions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

ARTICLE, LISTING, FEED, SITEMAP, ROBOTS = "article", "listing", "feed", "sitemap", "robots"
ATTACHMENT, DOWNLOAD, DUPLICATE, OTHER, REDIRECT = "attachment", "download", "duplicate", "other", "redirect"
ALWAYS_REVISITED = (ARTICLE, LISTING, FEED, SITEMAP, ROBOTS)   # a re-crawl asks for these every time


@dataclass(frozen=True)
class PageFacts:
    """What is known about an HTML page once it is fetched (and, where it was worth it, extracted)."""

    download: bool              # Content-Disposition: attachment: a "save as" copy, not a page
    entry: bool                 # a start URL or the site's root: the way in, never an article
    pagination: bool            # page N of a listing
    is_article: bool            # the extractor found an article
    noindex: bool               # the page (or its headers) asks not to be indexed
    respect_noindex: bool
    copy_of: str | None         # the URL of a live article with the same content, if another
    lists_pages: bool           # it links to pages of itself (page 2, 3...)
    depth: int


class PageVerdict(NamedTuple):
    kind: str
    reason: str | None = None


def worth_extracting(download: bool, entry: bool, pagination: bool) -> bool:
    """Only a page that can be an article is extracted."""
    return not (download or entry or pagination)


def page_verdict(f: PageFacts) -> PageVerdict:
    """Article, listing, duplicate, download or other."""
    if f.download:
        return PageVerdict(DOWNLOAD, "served as a file to save (Content-Disposition: attachment)")
    if f.entry or f.pagination:
        return PageVerdict(LISTING, "a start page" if f.entry else "a page of a listing")
    if f.is_article and f.noindex and f.respect_noindex:
        return PageVerdict(OTHER, "the page asks not to be indexed (noindex)")
    if f.is_article and f.copy_of:
        return PageVerdict(DUPLICATE, f"the same article as {f.copy_of}")
    if f.is_article:
        return PageVerdict(ARTICLE)
    if f.depth == 0 or f.lists_pages:
        return PageVerdict(LISTING)
    return PageVerdict(OTHER)


def worth_revisiting(kind: str | None, entry: bool, last_fetched: str | None, recheck_days: float,
                     now: datetime | None = None) -> bool:
    """Whether a re-crawl asks again for a known URL: articles, listings, feeds and sitemaps always;
    pages that are none of these (tags, contacts, copies, files) once ``recheck_days`` have passed."""
    if kind is None or entry or kind in ALWAYS_REVISITED:
        return True
    when = _parse(last_fetched)
    if when is None:
        return True
    return (now or datetime.now(timezone.utc)) - when >= timedelta(days=recheck_days)


def _parse(text: str | None) -> datetime | None:
    try:
        when = datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
