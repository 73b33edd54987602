"""One source's crawl run: frontier, scope, robots, fetch, record; pages are sorted by ``pages.PageProcessor``."""
from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

from archive import Archive, Snapshot, Source
from archive.documents import document_id_for
from archive.snapshots import content_hash

from crawler.canonical import canonical_url, host_of
from crawler.conditional import NotModifiedGuard, conditional_headers
from crawler.discovery import link_kind
from crawler.extraction import Extractor
from crawler.fetch import Fetcher, FetchResult
from crawler.frontier import Frontier, Item
from crawler.pages import PageInFlight, PageProcessor, is_site_root, stored_response
from crawler.record import Recorder
from crawler.report import SourceResult
from crawler.robots import RobotsCache
from crawler.scope import Scope
from crawler.settings import Settings
from crawler.verdict import ARTICLE, FEED, SITEMAP, worth_revisiting

log = logging.getLogger(__name__)

RESEED_KINDS = (ARTICLE, FEED, SITEMAP)   # known pages revisited on every re-crawl
GONE = (404, 410)
COUNTERS = {"new": "articles_new", "edited": "articles_edited", "restored": "articles_restored"}


class SourceFailed(Exception):
    """The source cannot be crawled now (site down, robots.txt unreadable...)."""


class SiteCrawl:
    """Crawl one source once (resuming an interrupted run when the archive holds its frontier)."""

    def __init__(self, source: Source, archive: Archive, settings: Settings, fetcher: Fetcher, *,
                 max_pages: int | None = None, stop: threading.Event | None = None, bar=None,
                 extractor: Extractor | None = None, run_id: int | None = None):
        self.source, self.archive, self.settings, self.fetcher = source, archive, settings, fetcher
        self.extractor, self.run_id = extractor or Extractor(), run_id
        limits = [n for n in (max_pages, source.max_pages) if n]
        self.max_pages = min(limits) if limits else None
        self.stop = stop or threading.Event()
        self.bar = bar
        self.result = SourceResult(source.id)
        self.frontier = Frontier(archive, source.id, settings.max_depth)
        self.kind_hint: dict[str, str] = {}
        self.resume_crawls: set[int] = set()
        self.start_urls = {u for u in (canonical_url(x) for x in source.start_urls) if u}
        self.robots = RobotsCache(settings.user_agent, settings.delay_for(source),
                                  lambda d: settings.delay_for(source, d), self._fetch_robots)
        self.guard = NotModifiedGuard(settings.verify_304, archive.untrusted_hosts())
        self.not_modified: dict[str, list[Item]] = {}   # per host: pages answered 304 in this crawl
        self.pages = PageProcessor(self)
        self.fetches = 0

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> SourceResult:
        source, archive = self.source, self.archive
        if archive.upsert_source(source):  # renamed, moved or put in other collections: its articles are re-filed
            self.result.changed_article_ids.update(archive.article_ids(source.id))
        self._close_stale_runs()
        self.result.crawl_id = archive.start_crawl(source.id, self.run_id)
        self.record = Recorder(archive, source.id, self.result.crawl_id)
        status = "failed"
        try:
            try:
                self.scope = Scope(source, self.settings)
            except ValueError as exc:
                raise SourceFailed(str(exc)) from None
            self._start()
            status = self._loop()
        except SourceFailed as exc:
            self.result.failed(str(exc))
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        except Exception as exc:  # noqa: BLE001 - one source's bug must not stop the others; logged in full
            log.exception("crawl of %s stopped by an error", source.id)
            self.result.failed(f"crawler error: {type(exc).__name__}: {exc}")
        finally:
            if self.result.status != "failed":
                self.result.status = status
            if self.result.status == "finished":
                self.frontier.clear()
            self.result.requests = self.fetcher.requests
            archive.finish_crawl(self.result.crawl_id, self.result.status, self.result.counts(),
                                 self.result.last_error)
            log.info("%s: %s", source.id, self.result)
        return self.result

    def _loop(self) -> str:
        while not self.stop.is_set():
            if self.max_pages is not None and self.fetches >= self.max_pages:
                log.info("%s: stopped after %d pages (max_pages)", self.source.id, self.fetches)
                break
            item = self.frontier.next()
            if item is None:
                break
            self._visit(item)
            self.frontier.mark_done(item.url)
            if self.bar is not None:
                if self.bar.desc == self.source.id:  # this source's own bar (not the run's shared one)
                    self.bar.total = len(self.frontier.done) + len(self.frontier)
                self.bar.update(1)
        else:
            return "interrupted"
        if self.result.pages_fetched == 0 and self.result.pages_failed and self.result.pages_replayed == 0:
            raise SourceFailed(f"site does not answer: {self.result.last_error}")
        return "finished"

    def _close_stale_runs(self) -> None:
        """Runs left 'running' by a killed process: mark them interrupted, remember them for the resume."""
        for row in self.archive.crawls(self.source.id, limit=20):
            if row["status"] not in ("running", "interrupted"):
                break
            self.resume_crawls.add(row["id"])
            if row["status"] == "running":
                snaps = self.archive.crawl_snapshots(row["id"])
                counts = {"pages_fetched": sum(1 for s in snaps if s.status is not None and s.outcome != "redirect"),
                          "pages_unchanged": sum(1 for s in snaps if s.outcome in ("unchanged", "not-modified")),
                          "pages_failed": sum(1 for s in snaps if s.outcome == "failed")}
                self.archive.finish_crawl(row["id"], "interrupted", counts, "the crawl process was killed")

    def _start(self) -> None:
        """Read robots.txt, then resume the persisted frontier or seed a fresh one."""
        start = [u for u in (canonical_url(x) for x in self.source.start_urls) if u]
        if not start:
            raise SourceFailed("no usable start URL")
        robots = self.robots.for_url(start[0])
        if robots.unreachable:
            raise SourceFailed(f"site does not answer: {robots.reason}" if "fetched" in robots.reason
                               else f"{robots.reason}; not crawling until it can be read (RFC 9309)")
        pending = self.frontier.pending_in_archive()
        if pending and self.resume_crawls:
            self.result.resumed = True
            self._note_articles_of_interrupted_runs()
            self.frontier.resume(pending)
            log.info("%s: resuming an interrupted crawl, %d URLs left", self.source.id, len(pending))
            return
        self.frontier.clear()
        seeds = [(u, 0) for u in start]
        for sitemap in robots.sitemaps:
            url = canonical_url(sitemap)
            if url and self.scope.on_site(url):
                self.kind_hint[url] = SITEMAP
                seeds.append((url, 0))
        self.enqueue(seeds, found_on=None, check_scope=False)
        known = [(p["url"], 1) for p in self.archive.pages(self.source.id) if p["kind"] in RESEED_KINDS]
        self.enqueue(known, found_on=None, revisit=True)  # the source's allow/deny patterns may have changed since

    def _note_articles_of_interrupted_runs(self) -> None:
        """Articles the killed run stored were never indexed: report them as changed."""
        for crawl_id in self.resume_crawls:
            for snap in self.archive.crawl_snapshots(crawl_id):
                article = self.archive.article_by_url(snap.url) if snap.status == 200 else None
                if article is not None and article.source_id == self.source.id:
                    self.result.changed_article_ids.add(article.id)

    def is_entry(self, url: str) -> bool:
        """A start URL or the site's root page: the way into the site, never an article."""
        return url in self.start_urls or is_site_root(url)

    # -- frontier and robots ---------------------------------------------------------------------
    def enqueue(self, items: list[tuple[str, int]], found_on: str | None, check_scope: bool = True,
                revisit: bool = False) -> None:
        def accept(url: str) -> bool:
            if check_scope and not self.scope.wanted(url):
                return False
            if not self.robots.allowed(url):
                self.result.pages_blocked += 1
                log.debug("robots.txt forbids %s", url)
                return False
            return True

        self.frontier.add(items, found_on, accept, revisit)

    def _fetch_robots(self, target: str) -> tuple[int | None, bytes | None, str | None]:
        fetched = self.fetcher.fetch(target, delay_s=self.robots.delay(target), may_follow=lambda _u: None)
        snap = self.record.fetch(target, fetched, "robots" if fetched.response is not None else "failed")
        response = fetched.response
        if response is not None:
            self.record.page(target, target, "robots", snap)
        status = response.status if response is not None and response.body is not None else None
        return status, response.body if response is not None else None, fetched.error

    def _may_follow(self, target: str) -> str | None:
        url = canonical_url(target)
        if url is None:
            return "not an http(s) URL"
        if not self.scope.on_site(url):
            return "outside the site"
        if not self.robots.allowed(url):
            return "forbidden by robots.txt"
        return None

    # -- one URL -------------------------------------------------------------------------------
    def _visit(self, item: Item) -> None:
        url = item.url
        if not self.robots.allowed(url):  # robots.txt may be stricter than when this was queued
            self.result.pages_blocked += 1
            return
        if self.resume_crawls and self._replay(item):
            return
        if self.max_pages is not None and self.fetches >= self.max_pages:
            return
        page = self.archive.page(url)
        if page is not None and not worth_revisiting(page["kind"], self.is_entry(url), page.get("last_fetched"),
                                                     self.settings.recheck_other_days) \
                and self.archive.article_by_url(url) is None:
            self.result.pages_skipped += 1  # known, and no article, listing, feed or sitemap: not asked again yet
            return
        self.fetches += 1
        headers = conditional_headers(page, self.guard.dates_trusted(host_of(url)))
        fetched = self.fetcher.fetch(url, delay_s=self.robots.delay(url), headers=headers, may_follow=self._may_follow)
        self._handle(item, fetched, page, headers)

    def _handle(self, item: Item, fetched: FetchResult, page: dict | None, sent: dict[str, str]) -> None:
        url, result, response = item.url, self.result, fetched.response
        if response is None or (fetched.error and response.body is None and response.status not in GONE):
            result.pages_fetched += response is not None
            result.pages_failed += 1
            result.last_error = fetched.error or "no answer"
            self.record.fetch(url, fetched, "failed")
            return
        result.pages_fetched += 1
        final = canonical_url(fetched.final_url) or url
        if response.status == 304:
            self._not_modified(item, fetched, page, sent)
            return
        if response.status in GONE:
            self._gone(item, fetched, final)
            return
        if fetched.error or response.status >= 300 or response.body is None:  # 3xx here: no usable Location
            result.pages_failed += 1
            result.last_error = fetched.error or f"{url} answered {response.status}"
            self.record.fetch(url, fetched, "failed")
            return
        body = response.body
        digest = content_hash(body)
        same = page is not None and page.get("status") == 200 and page.get("content_hash") == digest
        if same:
            result.pages_unchanged += 1
            snap = self.record.fetch(url, fetched, "unchanged", content_hash=digest, keep_body=False)
            self.pages.process(PageInFlight(item, final, body, response, snap, page["kind"], extract=False))
            return
        snap = self.record.fetch(url, fetched, "new" if page is None else "changed", content_hash=digest)
        self.pages.process(PageInFlight(item, final, body, response, snap, None, extract=True))

    def _not_modified(self, item: Item, fetched: FetchResult, page: dict | None, sent: dict[str, str]) -> None:
        """A 304: the archived copy stands, unless the 304 guard checks it (conditional.py) and finds a lie."""
        host = host_of(item.url)
        snap = self.record.fetch(item.url, fetched, "not-modified", content_hash=(page or {}).get("content_hash"))
        if self.guard.needs_check(host, sent):
            full = self.fetcher.fetch(item.url, delay_s=self.robots.delay(item.url), may_follow=self._may_follow)
            body = full.response.body if full.response is not None else None
            honest = body is None or content_hash(body) == (page or {}).get("content_hash")
            if self.guard.checked_one(host, honest):
                self._dates_lie(host)
            if not honest:
                self._handle(item, full, page, {})
                return
        self.result.pages_unchanged += 1
        self.not_modified.setdefault(host, []).append(item)
        self._follow_stored(item, page, snap)

    def _dates_lie(self, host: str) -> None:
        """The host's 304s to If-Modified-Since lie: remember it and fetch its earlier 304 pages again in full."""
        log.warning("%s answered 304 for a page that had changed: its dates are not trusted from now on", host)
        self.archive.mark_host_untrusted(host, "a 304 to If-Modified-Since hid a changed page")
        self.result.dates_untrusted.add(host)
        for earlier in self.not_modified.pop(host, []):
            self.result.pages_unchanged -= 1
            self.frontier.redo(earlier)

    def _replay(self, item: Item) -> bool:
        """A URL the killed run already fetched: process its snapshot instead of fetching it again."""
        snaps = [s for s in self.archive.snapshots_for_url(item.url)
                 if s.crawl_id in self.resume_crawls and s.outcome != "redirect"]
        if not snaps:
            return False
        snap = snaps[-1]
        if snap.status is None or snap.outcome in ("failed", "removed"):
            return False  # fetch it again: it failed then, or a removal is worth confirming
        if snap.outcome in ("not-modified", "unchanged"):
            self.result.pages_replayed += 1
            self._follow_stored(item, self.archive.page(item.url), snap)
            return True
        body = self.archive.snapshot_body(snap)
        if body is None:
            return False
        self.result.pages_replayed += 1
        response = stored_response(snap, snap.final_url or snap.url, body)
        final = canonical_url(snap.final_url or snap.url) or item.url
        self.pages.process(PageInFlight(item, final, body, response, snap, None, extract=True))
        return True

    def _follow_stored(self, item: Item, page: dict | None, snap: Snapshot) -> None:
        """304 / unchanged: the archived body stands; still follow its links (and record what they lead to)."""
        previous = self.archive.get_snapshot(page["last_snapshot_id"]) if page and page.get("last_snapshot_id") else None
        body = self.archive.snapshot_body(previous) if previous else None
        if previous is None or body is None:
            return
        response = stored_response(previous, item.url, body)
        final = canonical_url(previous.final_url or item.url) or item.url
        self.pages.process(PageInFlight(item, final, body, response, snap, page["kind"], extract=False))

    # -- articles ------------------------------------------------------------------------------
    def extract(self, html: str, url: str):
        """The page's extraction (never raises; in the run's worker processes); None when the extractor failed."""
        return self.extractor.extract(html, url, self.source)

    def save_article(self, url: str, extraction, links: list[str], item: Item, snap: Snapshot) -> None:
        article_id, outcome = self.archive.save_article(self.source, url, extraction.fields(), snap.id,
                                                        snap.fetched_at)
        counter = COUNTERS.get(outcome)
        if counter:
            setattr(self.result, counter, getattr(self.result, counter) + 1)
            self.result.changed_article_ids.add(article_id)
        self._attachments(article_id, url, extraction, links, item)

    def document_fetched(self, url: str, snap: Snapshot | None) -> None:
        """A file (PDF, Office...) answered: a document record, read later by its own stage (extract.reading)."""
        if snap is not None and snap.status == 200 and snap.content_hash:
            _, outcome = self.archive.record_document(url, self.source.id, snap)
            if outcome != "unchanged":
                self.result.documents_changed += 1

    def _attachments(self, article_id: str, url: str, extraction, links: list[str], item: Item) -> None:
        """Fetch the documents the article links (PDF, Office...), record them as its attachments, link them."""
        named = {canonical_url(a.get("url") or "", url): a.get("title") for a in (extraction.attachments or [])}
        wanted = [d for d in named if d]
        docs = wanted or [u for u in links if link_kind(u) == "document"]
        for doc in dict.fromkeys(docs):
            if not self.scope.on_site(doc) or not self.robots.allowed(doc):
                self.archive.add_attachment(article_id, doc, None, None)
                continue
            if not self.frontier.is_done(doc):
                self.frontier.seen.add(doc)
                self._visit(Item(doc, item.depth + 1))
                self.frontier.mark_done(doc)
            page = self.archive.page(doc)
            snap = self.archive.get_snapshot(page["last_snapshot_id"]) if page and page["last_snapshot_id"] else None
            ctype = snap.content_type if snap else None
            self.archive.add_attachment(article_id, doc, ctype, snap.id if snap and snap.status == 200 else None)
            final = canonical_url(snap.final_url or doc) if snap else None
            if snap is not None and snap.status == 200:
                self.archive.link_document(document_id_for(final or doc), article_id, named.get(doc))

    def _gone(self, item: Item, fetched: FetchResult, final: str) -> None:
        """404/410: a known article is kept and marked removed; anything else is a broken link."""
        known = self.archive.article_by_url(item.url) or self.archive.article_by_url(final)
        if known is None:
            self.result.pages_failed += 1
            self.result.last_error = f"{item.url} answered {fetched.status}"
            snap = self.record.fetch(item.url, fetched, "failed")
            page = self.archive.page(item.url)
            if page is not None:
                self.record.page(item.url, item.url, page["kind"], snap)
            return
        snap = self.record.fetch(item.url, fetched, "removed")
        self.record.page(item.url, item.url, ARTICLE, snap)
        self._removed(known.url, fetched.fetched_at)

    def soft_gone(self, item: Item, final: str, html: str, kind: str, snap: Snapshot) -> None:
        """A known article's URL answers 200 without an article: removed when the page says "not found" or
        it was sent to the site's home page or a listing; else (an unreadable page, a redirect to some
        other page such as a maintenance notice) it stays live, with a warning."""
        from extract import says_not_found

        known = self.archive.article_by_url(item.url)
        if known is None or known.status == "removed":
            return
        to_index = final != item.url and (kind == "listing" or final in self.start_urls
                                          or urlsplit(final).path in ("", "/"))
        if not to_index and not says_not_found(html):
            log.warning("%s no longer reads as an article (%s); kept as it was", item.url,
                        f"sent to {final}" if final != item.url else "no article found")
            return
        self._removed(known.url, snap.fetched_at)

    def _removed(self, url: str, when: str) -> None:
        removed = self.archive.mark_removed(url, when)
        if removed:
            self.result.articles_removed += 1
            self.result.changed_article_ids.add(removed)
