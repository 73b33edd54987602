"""What a fetched page holds: sitemap, feed, HTML (article, listing, copy...) or a file; what it links to."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from archive import Snapshot

from crawler.canonical import canonical_url, preferred_canonical
from crawler.discovery import PageLinks, feed_urls, html_links, is_pagination, link_kind, sitemap_urls, xml_kind
from crawler.fetch import Response
from crawler.frontier import Item
from crawler.verdict import (ARTICLE, ATTACHMENT, DUPLICATE, FEED, LISTING, OTHER, SITEMAP, PageFacts,
                             page_verdict, worth_extracting)

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class PageInFlight:
    """One fetched (or replayed, or archived) page on its way through the crawl."""

    item: Item                   # the URL as queued, with its depth
    final: str                   # the canonical URL it ended at, after redirects
    body: bytes
    response: Response
    snap: Snapshot               # the snapshot recorded for this visit
    known_kind: str | None       # what an earlier crawl found there (the content is the same)
    extract: bool                # new or changed content: extract it

    @property
    def content_type(self) -> str:
        return (self.response.content_type or "").split(";")[0].strip().lower()

    @property
    def download(self) -> bool:
        """Served as a file to save (Content-Disposition: attachment), as CMSs' "save this article" links are."""
        disposition = next((v for k, v in self.response.headers.items() if k.lower() == "content-disposition"), "")
        return disposition.strip().lower().startswith("attachment")

    @property
    def noindex(self) -> bool:
        tag = next((v for k, v in self.response.headers.items() if k.lower() == "x-robots-tag"), "")
        return "noindex" in tag.lower() or tag.strip().lower() == "none"


class PageProcessor:
    """Sorts pages into the archive's kinds and queues their links, for one ``SiteCrawl``."""

    def __init__(self, crawl):
        self.crawl = crawl
        self.listing_links: set[frozenset] = set()  # what each pagination page linked to (endless pagination guard)

    def process(self, page: PageInFlight) -> None:
        """Store what the page is (article, listing, feed, sitemap, attachment) and queue what it links to."""
        crawl, item = self.crawl, page.item
        if page.final != item.url:
            crawl.frontier.mark_done(page.final)
        ctype = page.content_type
        hinted = crawl.kind_hint.get(item.url)
        xml = xml_kind(page.body, ctype) if (hinted or "xml" in ctype or "rss" in ctype or "atom" in ctype
                                             or not ctype or ctype == "text/plain") else None
        if xml == SITEMAP:
            pages, maps = sitemap_urls(page.body, page.final)
            for m in maps:
                crawl.kind_hint[m] = SITEMAP
            self._record(page, SITEMAP)
            crawl.enqueue([(m, item.depth) for m in maps] + [(p, item.depth + 1) for p in pages], page.final)
        elif xml == FEED:
            self._record(page, FEED)
            crawl.enqueue([(u, item.depth + 1) for u in feed_urls(page.body, page.final)], page.final)
        elif ctype in HTML_TYPES or (not ctype and _looks_like_html(page.body)):
            self._html(page)
        else:
            other = link_kind(page.final) == "document" or not ctype.startswith(("image/", "text/"))
            self._record(page, ATTACHMENT if other else OTHER)
            if other:
                crawl.document_fetched(page.final, page.snap)

    def _record(self, page: PageInFlight, kind: str, article_url: str | None = None) -> None:
        record = self.crawl.record
        record.page(page.item.url, page.final, kind, page.snap, page.response)
        if article_url and article_url not in (page.item.url, page.final):
            record.page(article_url, article_url, kind, page.snap, page.response)

    def _html(self, page: PageInFlight) -> None:
        from extract import decode_html

        crawl, item = self.crawl, page.item
        try:
            html = decode_html(page.body, page.response.content_type)
        except Exception as exc:  # noqa: BLE001 - untrusted bytes; fall back to a lossy decode
            log.info("cannot decode %s: %s", page.final, exc)
            html = page.body.decode("utf-8", errors="replace")
        links = html_links(html, page.final)
        crawl.result.links_refused += sum(links.refused.values())
        article_url = preferred_canonical(page.final, links.canonical)
        if article_url != page.final:
            if crawl.frontier.is_done(article_url) and article_url != item.url:
                self._record(page, page.known_kind or DUPLICATE)  # a copy of a page this crawl already read
                self._follow(page, links)
                return
            crawl.frontier.mark_done(article_url)
        kind = self._kind(page, html, article_url, links)
        self._record(page, kind, article_url)
        if kind == LISTING and is_pagination(item.url):
            content = frozenset(u for u in links.links if not is_pagination(u))
            if content in self.listing_links:
                log.info("%s lists what an earlier page listed: end of pagination", item.url)
                return
            self.listing_links.add(content)
        self._follow(page, links)

    def _follow(self, page: PageInFlight, links: PageLinks) -> None:
        """Queue the page's links; feeds only from a start page (an article's comment feed is never needed)."""
        crawl, item = self.crawl, page.item
        for feed in links.feeds:
            crawl.kind_hint[feed] = FEED
        feeds = links.feeds if item.depth == 0 else []
        crawl.enqueue([(u, item.depth if is_pagination(u) else item.depth + 1) for u in feeds + links.links],
                      page.final)

    def _kind(self, page: PageInFlight, html: str, article_url: str, links: PageLinks) -> str:
        """What the page is; a new or changed one is extracted and, when it is an article, stored."""
        crawl, item = self.crawl, page.item
        entry = crawl.is_entry(item.url) or crawl.is_entry(page.final)
        pagination = is_pagination(item.url)
        if not page.extract:
            kind = page.known_kind or OTHER
            if kind == ARTICLE:  # unchanged since the last crawl: still on the source
                crawl.archive.touch_article(article_url, page.snap.fetched_at)
            return kind
        extraction = None
        if worth_extracting(page.download, entry, pagination):
            extraction = crawl.extract(html, article_url)
        is_article = extraction is not None and extraction.is_article
        copy = crawl.archive.article_with_content(crawl.source.id, extraction.fields()) if is_article else None
        verdict = page_verdict(PageFacts(
            download=page.download, entry=entry, pagination=pagination, is_article=is_article,
            noindex=bool(extraction and extraction.noindex) or page.noindex,
            respect_noindex=crawl.settings.respect_noindex,
            copy_of=copy.url if copy is not None and copy.url != article_url else None,
            lists_pages=any(is_pagination(u) for u in links.links), depth=item.depth))
        if verdict.reason and is_article:
            log.info("%s is no article: %s", article_url, verdict.reason)
        if verdict.kind == ARTICLE:
            crawl.save_article(article_url, extraction, links.links, item, page.snap)
        else:
            crawl.soft_gone(item, page.final, html, verdict.kind, page.snap)
        return verdict.kind


def stored_response(snap: Snapshot, url: str, body: bytes) -> Response:
    """An archived answer, to be processed as if it had just been fetched."""
    return Response(url=url, status=snap.status or 200, reason="", headers=snap.headers,
                    raw_headers=list(snap.headers.items()), body=body, fetched_at=snap.fetched_at)


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def is_site_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


__all__ = ["PageInFlight", "PageProcessor", "canonical_url", "is_site_root", "stored_response"]
