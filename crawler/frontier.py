"""The frontier: URLs waiting to be fetched, in memory and persisted in the archive (for resuming)."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from archive import Archive


@dataclass
class Item:
    """A frontier entry: a canonical URL and its link distance from a start URL."""

    url: str
    depth: int


class Frontier:
    """Breadth-first queue of one source's URLs; every URL queued or done is also in the archive."""

    def __init__(self, archive: Archive, source_id: str, max_depth: int):
        self.archive, self.source_id, self.max_depth = archive, source_id, max_depth
        self.queue: deque[Item] = deque()
        self.revisits: deque[Item] = deque()   # known pages re-checked after everything newly found
        self.seen: set[str] = set()
        self.done: set[str] = set()
        self.resumed = False

    def __len__(self) -> int:
        return len(self.queue) + len(self.revisits)

    def pending_in_archive(self) -> list[tuple[str, int]]:
        return self.archive.frontier_pending(self.source_id)

    def resume(self, pending: list[tuple[str, int]]) -> None:
        """Continue an interrupted run: its pending URLs, in their order."""
        self.resumed = True
        for url, depth in pending:
            self.seen.add(url)
            self.queue.append(Item(url, depth))

    def clear(self) -> None:
        self.archive.frontier_clear(self.source_id)

    def add(self, items: list[tuple[str, int]], found_on: str | None, accept: Callable[[str], bool],
            revisit: bool = False) -> None:
        """Queue new URLs (not seen yet, not too deep) that ``accept`` lets in; ``revisit``: after all others."""
        fresh: list[tuple[str, int, str | None]] = []
        for url, depth in items:
            if url in self.seen or depth > self.max_depth:
                continue
            self.seen.add(url)
            if accept(url):
                fresh.append((url, depth, found_on))
                (self.revisits if revisit else self.queue).append(Item(url, depth))
        if fresh:
            self.archive.frontier_add(self.source_id, fresh)

    def next(self) -> Item | None:
        """The next URL to visit (skipping those done, here or in the interrupted run), or None."""
        while self.queue or self.revisits:
            item = (self.queue or self.revisits).popleft()
            if item.url in self.done:
                continue
            if self.resumed and self.archive.frontier_is_done(self.source_id, item.url):
                self.done.add(item.url)
                continue
            return item
        return None

    def mark_done(self, url: str) -> None:
        """Persist that ``url`` is dealt with (called only once its response is in the archive)."""
        if url not in self.done:
            self.done.add(url)
            self.seen.add(url)
            self.archive.frontier_add(self.source_id, [(url, 0, None)])
            self.archive.frontier_done(self.source_id, url)

    def redo(self, item: Item) -> None:
        """Visit a URL of this crawl once more, next (its earlier answer turned out not to be trusted)."""
        self.done.discard(item.url)
        self.queue.appendleft(item)
        self.archive.frontier_add(self.source_id, [(item.url, item.depth, None)])
        self.archive.frontier_pending_again(self.source_id, item.url)

    def is_done(self, url: str) -> bool:
        return url in self.done
