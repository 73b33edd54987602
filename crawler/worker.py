"""``danvan worker``: crawl due sources of a shared archive, taken by lease, until stopped.

Any number of workers, on one machine or many, share one archive (PostgreSQL): ``danvan schedule``
marks sources due, a worker takes one due source at a time per free slot (``worker_sources``) with a
lease (``archive.leases``: never two workers on one source or one host), renews its leases while it
crawls (every quarter of ``lease_s``) and gives each source back when it is done. A worker that dies
stops renewing; when its lease has expired another worker takes the source and its crawl resumes the
stored frontier (``crawler.site``), so nothing stored is fetched again. A source whose lease was lost
(the worker stalled past ``lease_s``) is stopped at once.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from archive import Archive, Config

from crawler.extraction import Extractor, pool_size
from crawler.fetch import Fetcher
from crawler.politeness import HostGate
from crawler.report import SourceResult
from crawler.settings import Settings
from crawler.site import SiteCrawl

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Held:
    """A lease this worker holds, and how to stop its crawl if the lease is lost."""

    source_id: str
    stop: threading.Event = field(default_factory=threading.Event)


class Worker:
    """One worker process's loop: take, crawl, give back; a thread renews every held lease."""

    def __init__(self, config: Config, settings: Settings | None = None, name: str | None = None,
                 stop: threading.Event | None = None, on_source=lambda result: None):
        self.config, self.settings = config, settings or Settings.from_config(config)
        self.name, self.stop, self.on_source = name or worker_name(), stop or threading.Event(), on_source
        self.held: dict[str, Held] = {}
        self._held_lock = threading.Lock()
        self.gate = HostGate()
        self.results: list[SourceResult] = []

    def run(self, until_idle: bool = False) -> list[SourceResult]:
        """Work until ``stop`` is set (or, ``until_idle``, until no source is due any more)."""
        slots = max(1, self.settings.worker_sources)
        renewer = threading.Thread(target=self._renew, name="lease-renewer", daemon=True)
        with Archive.open(self.config) as archive, Extractor(pool_size(self.settings.extract_processes, slots)) as extractor, \
                ThreadPoolExecutor(max_workers=slots, thread_name_prefix="worker") as pool:
            renewer.start()
            running: set[Future] = set()
            try:
                self._take_and_crawl(archive, pool, extractor, running, slots, until_idle)
            finally:  # stopped, idle or interrupted: the crawls still running stop and give their sources back
                self.stop.set()
                for held in list(self.held.values()):
                    held.stop.set()
                wait(running)
        return self.results

    def _take_and_crawl(self, archive: Archive, pool: ThreadPoolExecutor, extractor: Extractor, running: set[Future],
                        slots: int, until_idle: bool) -> None:
        while not self.stop.is_set():
            source_id = archive.take_lease(self.name, self.settings.lease_s) if len(running) < slots else None
            if source_id is not None:
                running.add(pool.submit(self._crawl, archive, source_id, extractor))
                continue
            running -= {f for f in running if f.done()}
            if until_idle and not running and archive.due_count() == 0:
                return
            if running:
                wait(running, timeout=self.settings.worker_poll_s, return_when=FIRST_COMPLETED)
            else:
                self.stop.wait(self.settings.worker_poll_s)

    def _crawl(self, archive: Archive, source_id: str, extractor: Extractor) -> None:
        held = Held(source_id)
        with self._held_lock:
            self.held[source_id] = held
        own = archive.another()
        fetcher = Fetcher(self.settings, self.gate)
        result = SourceResult(source_id, status="interrupted")
        try:
            source = own.get_source(source_id)
            if source is None:
                result.failed(f"unknown source {source_id} in the crawl queue")
            else:
                result = SiteCrawl(source, own, self.settings, fetcher, stop=_Either(self.stop, held.stop),
                                   extractor=extractor).run()
        except Exception as exc:  # noqa: BLE001 - a source's failure must not stop the worker
            log.exception("worker %s: crawl of %s failed", self.name, source_id)
            result.failed(f"worker error: {type(exc).__name__}: {exc}")
        finally:
            with self._held_lock:
                self.held.pop(source_id, None)
            done = result.status in ("finished", "failed") and not held.stop.is_set()
            own.release_lease(source_id, self.name, done=done)
            fetcher.close()
            own.close()
        self.results.append(result)
        self.on_source(result)

    def _renew(self) -> None:
        """Renew every held lease each quarter of ``lease_s``; a lease found lost stops its crawl."""
        with Archive.open(self.config) as archive:
            while not self.stop.wait(max(1.0, self.settings.lease_s / 4)):
                with self._held_lock:
                    held = list(self.held.values())
                for h in held:
                    if not archive.renew_lease(h.source_id, self.name, self.settings.lease_s):
                        log.warning("worker %s: lost the lease of %s; stopping its crawl", self.name, h.source_id)
                        h.stop.set()


class _Either:
    """Set when either event is (all SiteCrawl asks of its ``stop``)."""

    def __init__(self, a: threading.Event, b: threading.Event):
        self.a, self.b = a, b

    def is_set(self) -> bool:
        return self.a.is_set() or self.b.is_set()
