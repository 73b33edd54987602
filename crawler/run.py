"""``crawl``: one run over the sources, hosts in parallel, the archive locked against a second crawl."""
from __future__ import annotations

import logging
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from tqdm import tqdm

from archive import Archive, Config, Source

from crawler.fetch import Fetcher
from crawler.lock import CrawlLock
from crawler.politeness import HostGate
from crawler.report import CrawlReport, SourceResult
from crawler.settings import Settings
from crawler.site import SiteCrawl

log = logging.getLogger(__name__)


def crawl(config: Config, archive: Archive, sources: list[Source], *, max_pages: int | None = None,
          progress: bool = False, settings: Settings | None = None) -> CrawlReport:
    """Crawl (or re-crawl incrementally, or resume) each source; return what happened.

    Raises ``CrawlLockedError`` (an ``ArchiveError``) when another crawl holds the archive.
    """
    settings = settings or Settings.from_config(config)
    report = CrawlReport()
    gate, stop = HostGate(), threading.Event()
    with CrawlLock(config):
        if len(sources) <= 1:
            report.results = [_crawl_one(s, archive, settings, gate, stop, max_pages, progress, 0, owned=False)
                              for s in sources]
            _log_report(report)
            return report
        workers = min(settings.max_hosts_in_parallel, len(sources))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl") as pool:
            futures = [pool.submit(_crawl_one, s, archive, settings, gate, stop, max_pages, progress, i, owned=True)
                       for i, s in enumerate(sources)]
            try:
                report.results = [f.result() for f in futures]
            except KeyboardInterrupt:
                stop.set()
                for f in futures:
                    f.cancel()
                raise
    _log_report(report)
    return report


def _crawl_one(source: Source, archive: Archive, settings: Settings, gate: HostGate, stop: threading.Event,
               max_pages: int | None, progress: bool, position: int, owned: bool) -> SourceResult:
    """Crawl one source; in a worker thread with its own archive connection."""
    if stop.is_set():
        return SourceResult(source.id, status="interrupted")
    own = Archive(archive.db_path, archive.warc.folder) if owned else archive
    fetcher = Fetcher(settings, gate)
    bar = tqdm(desc=source.id, unit="page", file=sys.stderr, position=position, leave=True, dynamic_ncols=True,
               disable=not progress)
    try:
        return SiteCrawl(source, own, settings, fetcher, max_pages=max_pages, stop=stop, bar=bar).run()
    finally:
        bar.close()
        fetcher.close()
        if owned:
            own.close()


def _log_report(report: CrawlReport) -> None:
    for r in report.results:
        log.info("%s: %s, %d requests, %d fetched, %d unchanged, %d not asked again, %d failed, %d links refused, "
                 "articles %d new / %d edited / %d removed%s", r.source_id, r.status, r.requests, r.pages_fetched,
                 r.pages_unchanged, r.pages_skipped, r.pages_failed, r.links_refused, r.articles_new,
                 r.articles_edited, r.articles_removed, f"; last error: {r.last_error}" if r.last_error else "")
