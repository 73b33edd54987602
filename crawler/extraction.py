"""Extraction beside the crawl: in a pool of processes (every core), so fetching threads never wait on the GIL.

``Extractor.extract(html, url, source)`` returns the page's ``Extraction`` (or None when the extractor
failed), from a worker process when the pool is on, else in the calling thread. The pool is started
with the ``forkserver`` method: its workers are forked from a clean process that has imported the
extractor once, never from the crawl's own threads.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from archive import Source

from extract.orphans import die_with_parent

log = logging.getLogger(__name__)


def _extract(html: str, url: str, source: Source | None):
    from extract import extract_article

    return extract_article(html, url, source)


def pool_size(setting: int, sources: int) -> int:
    """Worker processes for a crawl: the setting, or (0) one per core when several sources run at once."""
    if setting > 0:
        return setting
    return (os.cpu_count() or 1) if sources >= 4 else 0


class Extractor:
    """Extraction for one crawl run; ``processes`` 0 extracts in the calling thread."""

    def __init__(self, processes: int = 0):
        self.processes = processes
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = self._new_pool() if processes > 0 else None

    def _new_pool(self) -> ProcessPoolExecutor:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload(["extract.orphans", "extract"])
        return ProcessPoolExecutor(max_workers=self.processes, mp_context=context, initializer=die_with_parent)

    def extract(self, html: str, url: str, source: Source | None):
        pool = self._pool
        try:
            if pool is None:
                return _extract(html, url, source)
            return pool.submit(_extract, html, url, source).result()
        except BrokenProcessPool:
            log.warning("an extraction worker died on %s; extracting it here and starting new workers", url)
            with self._lock:
                if self._pool is pool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._new_pool()
            return self._inline(html, url, source)
        except Exception as exc:  # noqa: BLE001 - one odd page must not stop the crawl
            log.warning("extraction failed on %s: %s", url, exc)
            return None

    def _inline(self, html: str, url: str, source: Source | None):
        try:
            return _extract(html, url, source)
        except Exception as exc:  # noqa: BLE001
            log.warning("extraction failed on %s: %s", url, exc)
            return None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "Extractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
