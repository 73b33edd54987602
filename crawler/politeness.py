"""Per-host politeness: one request at a time per host, and a pause between two requests to it."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class HostGate:
    """Shared by every worker of a crawl: hosts are crawled in parallel, each one request at a time."""

    def __init__(self, clock=time.monotonic, sleep=time.sleep):
        self._clock, self._sleep = clock, sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}

    def _lock_for(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    @contextmanager
    def slot(self, host: str, delay_s: float) -> Iterator[None]:
        """Hold the host's only connection slot; wait until its pause since the last request is over."""
        with self._lock_for(host):
            wait = self._next.get(host, 0.0) - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                self.defer(host, delay_s)

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` for ``seconds`` from now (e.g. the server's Retry-After)."""
        with self._guard:
            self._next[host] = max(self._next.get(host, 0.0), self._clock() + max(0.0, seconds))
