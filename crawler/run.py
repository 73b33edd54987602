"""``crawl``: one run over the sources, many at once, extraction in a pool of processes, the archive locked.

Sources are crawled by ``max_sources_in_parallel`` threads (each waits on its hosts' delays; one
connection per host, shared by all threads through the HostGate); pages are extracted by worker
processes (``extract_processes``). A run killed with kill -9 is resumed by the next ``crawl``: the
sources it finished are not crawled again, the others continue their frontier.
"""
from __future__ import annotations

import logging
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from tqdm import tqdm

from archive import Archive, Config, Source

from crawler.extraction import Extractor, pool_size
from crawler.fetch import Fetcher
from crawler.lock import CrawlLock
from crawler.politeness import HostGate
from crawler.report import CrawlReport, SourceResult
from crawler.settings import Settings
from crawler.site import SiteCrawl

log = logging.getLogger(__name__)

MAX_BARS = 8   # one progress bar per source up to this many sources, one bar for all beyond


class RunContext:
    """What every source's thread of one run shares."""

    def __init__(self, archive: Archive, settings: Settings, extractor: Extractor, bar_for, max_pages: int | None,
                 run_id: int):
        self.archive, self.settings, self.extractor = archive, settings, extractor
        self.gate, self.stop = HostGate(), threading.Event()
        self.bar_for, self.max_pages, self.run_id = bar_for, max_pages, run_id


def crawl(config: Config, archive: Archive, sources: list[Source], *, max_pages: int | None = None,
          progress: bool = False, settings: Settings | None = None) -> CrawlReport:
    """Crawl (or re-crawl incrementally, or resume) each source; return what happened.

    Raises ``CrawlLockedError`` (an ``ArchiveError``) when another crawl holds the archive.
    """
    settings = settings or Settings.from_config(config)
    report = CrawlReport()
    with CrawlLock(config):
        run_id, done = archive.open_run()
        resumed = [s for s in sources if s.id in done]
        todo = [s for s in sources if s.id not in done]
        report.results = [_done_before(archive, run_id, s) for s in resumed]
        workers = max(1, min(settings.max_sources_in_parallel, len(todo)))
        with Extractor(pool_size(settings.extract_processes, len(todo))) as extractor, \
                _Bars(progress, len(todo)) as bars:
            ctx = RunContext(archive, settings, extractor, bars.for_source, max_pages, run_id)
            try:
                report.results += _crawl_all(ctx, todo, workers)
            except KeyboardInterrupt:
                archive.finish_run(run_id, "interrupted")
                raise
        interrupted = any(r.status == "interrupted" for r in report.results)
        archive.finish_run(run_id, "interrupted" if interrupted else "finished")
    _log_report(report)
    return report


def _crawl_all(ctx: RunContext, sources: list[Source], workers: int) -> list[SourceResult]:
    if len(sources) <= 1:
        return [_crawl_one(ctx, s, i, owned=False) for i, s in enumerate(sources)]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl") as pool:
        futures = [pool.submit(_crawl_one, ctx, s, i, True) for i, s in enumerate(sources)]
        try:
            return [f.result() for f in futures]
        except KeyboardInterrupt:
            ctx.stop.set()
            for f in futures:
                f.cancel()
            raise


def _crawl_one(ctx: RunContext, source: Source, position: int, owned: bool) -> SourceResult:
    """Crawl one source; in a worker thread with its own archive connection (and the run's write lock)."""
    if ctx.stop.is_set():
        return SourceResult(source.id, status="interrupted")
    archive = ctx.archive
    own = archive.another(write_lock=archive.lock) if owned else archive
    fetcher = Fetcher(ctx.settings, ctx.gate)
    try:
        return SiteCrawl(source, own, ctx.settings, fetcher, max_pages=ctx.max_pages, stop=ctx.stop,
                         bar=ctx.bar_for(source, position), extractor=ctx.extractor, run_id=ctx.run_id).run()
    finally:
        fetcher.close()
        if owned:
            own.close()


def _done_before(archive: Archive, run_id: int, source: Source) -> SourceResult:
    """A source the killed run had finished: its counts, and its articles for the index (never indexed then)."""
    row = next(r for r in archive.crawls(source.id, limit=50) if r.get("run_id") == run_id
               and r["status"] in ("finished", "failed"))
    result = SourceResult(source.id, crawl_id=row["id"], status=row["status"], resumed=True,
                          last_error=row["last_error"])
    for name in ("pages_fetched", "pages_unchanged", "pages_failed", "articles_new", "articles_edited",
                 "articles_removed", "requests", "pages_skipped"):
        setattr(result, name, row.get(name) or 0)
    for snap in archive.crawl_snapshots(row["id"]):
        article = archive.article_by_url(snap.url) if snap.outcome in ("new", "changed", "removed") else None
        if article is not None and article.source_id == source.id:
            result.changed_article_ids.add(article.id)
    log.info("%s: already crawled by the interrupted run", source.id)
    return result


class _Bars:
    """Progress on a terminal: a bar per source for a few sources, one bar of pages for many."""

    def __init__(self, enabled: bool, sources: int):
        self.enabled, self.many = enabled, sources > MAX_BARS
        self.total = tqdm(desc="pages", unit="page", file=sys.stderr, dynamic_ncols=True,
                          disable=not (enabled and self.many))
        self.bars: list[tqdm] = []

    def for_source(self, source: Source, position: int):
        if self.many or not self.enabled:
            return self.total if self.enabled else None
        bar = tqdm(desc=source.id, unit="page", file=sys.stderr, position=position, leave=True, dynamic_ncols=True)
        self.bars.append(bar)
        return bar

    def __enter__(self) -> "_Bars":
        return self

    def __exit__(self, *exc) -> None:
        for bar in [self.total, *self.bars]:
            bar.close()


def _log_report(report: CrawlReport) -> None:
    for r in report.results:
        log.info("%s: %s, %d requests, %d fetched, %d unchanged, %d not asked again, %d failed, %d links refused, "
                 "articles %d new / %d edited / %d removed%s", r.source_id, r.status, r.requests, r.pages_fetched,
                 r.pages_unchanged, r.pages_skipped, r.pages_failed, r.links_refused, r.articles_new,
                 r.articles_edited, r.articles_removed, f"; last error: {r.last_error}" if r.last_error else "")
