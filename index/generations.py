"""Generations of the index on disk: which one is in use, the one writer's lock, the atomic swap, cleanup.

Layout of ``index_dir``::

    CURRENT          name of the generation in use (replaced atomically)
    write.lock       held by the one writer (update or rebuild), across threads and processes
    gen-<stamp>/     a complete Whoosh index plus danvan-index.json (schema version, build time)
"""
from __future__ import annotations

import fcntl
import gc
import json
import logging
import os
import shutil
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from whoosh import index as whoosh_index

from index.schema import SCHEMA_VERSION, build_schema

log = logging.getLogger(__name__)

CURRENT_FILE = "CURRENT"
LOCK_FILE = "write.lock"
META_FILE = "danvan-index.json"
GEN_PREFIX = "gen-"


class Generation(NamedTuple):
    """One complete index on disk; ``usable``: of this program's schema version and readable."""

    name: str
    path: Path
    usable: bool


class Generations:
    """The generations of one index folder."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._mutex = threading.Lock()
        self._stat: tuple | None = None
        self._value: Generation | None = None

    def current(self) -> Generation | None:
        """The generation in use, or None when there is no index yet (CURRENT re-read only when it changed)."""
        pointer = self.index_dir / CURRENT_FILE
        try:
            st = pointer.stat()
        except FileNotFoundError:
            return None
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        if key != self._stat:
            name = pointer.read_text(encoding="utf-8").strip()
            path = self.index_dir / name
            self._value = Generation(name, path, usable(path))
            self._stat = key
        return self._value

    def forget(self) -> None:
        """Read CURRENT again next time (it changed while it was being opened)."""
        self._stat = None

    @contextmanager
    def write_lock(self, wait: bool = True) -> Iterator[bool]:
        """One writer at a time: a thread lock plus an flock that other processes respect. With
        ``wait=False`` it yields False at once when another writer holds it (nothing may be written then)."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        if not self._mutex.acquire(blocking=wait):
            yield False
            return
        try:
            with open(self.index_dir / LOCK_FILE, "a+") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    yield False
                    return
                try:
                    yield True
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            self._mutex.release()

    def new(self) -> Generation:
        """A fresh, empty generation folder (not in use until ``swap``)."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        name = f"{GEN_PREFIX}{stamp}-{os.getpid()}"
        path = self.index_dir / name
        path.mkdir(parents=True)
        return Generation(name, path, False)

    def seal(self, generation: Generation, documents: int) -> None:
        """Mark a built generation complete (its schema version, build time, size) and flush it to disk."""
        meta = {"schema_version": SCHEMA_VERSION, "built_at": generation.name[len(GEN_PREFIX):],
                "documents": documents}
        (generation.path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
        fsync_dir(generation.path)

    def swap(self, name: str) -> None:
        """Make ``name`` the generation in use, atomically (a reader sees the old one or the new one)."""
        tmp = self.index_dir / f"{CURRENT_FILE}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(name + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.index_dir / CURRENT_FILE)
        fsync_dir(self.index_dir)

    def cleanup(self, keep: set[str]) -> None:
        """Remove generations other than ``keep``. A reader still on a removed one keeps its open files (POSIX
        unlink semantics); one that needs a file it had not opened yet reopens on the current generation."""
        for path in self.index_dir.glob(GEN_PREFIX + "*"):
            if path.name not in keep and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)


def usable(path: Path) -> bool:
    """Whether a generation folder holds a complete index of the current schema version."""
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if meta.get("schema_version") != SCHEMA_VERSION:
        return False
    # Whoosh leaves the file open when a TOC cannot be read: let it go quietly with the exception
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = whoosh_index.open_dir(str(path))
            names = set(ix.schema.names())
            ix.close()
        except Exception as exc:  # an unreadable or foreign index is rebuilt, whatever went wrong
            log.warning("index at %s cannot be opened (%s): it will be rebuilt", path, str(exc))
            names = None
        if names is None:
            gc.collect()
            return False
    return names == set(build_schema().names())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
