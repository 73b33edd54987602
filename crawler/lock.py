"""One crawl per archive at a time: an flock on ``config.lock_path`` (released by the kernel, even on kill -9)."""
from __future__ import annotations

import fcntl
import os
from datetime import datetime, timezone
from pathlib import Path

from archive import ArchiveError, Config


class CrawlLockedError(ArchiveError):
    """Another crawl holds this archive."""


class CrawlLock:
    """``with CrawlLock(config):`` around a crawl; a second holder is refused with a clear message."""

    def __init__(self, config: Config):
        self.path = Path(config.lock_path)
        self._fh = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise CrawlLockedError(f"another crawl of this archive is running ({holder}); "
                                   f"wait for it to finish (lock file {self.path})") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M:%S')} UTC")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "CrawlLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
