"""The crawl frontier of each source, kept in the archive so that a killed crawl resumes where it was.

A mixin of ``Archive``: it uses the archive's connection ``conn`` and its write ``lock``.
"""
from __future__ import annotations

import sqlite3
import threading


class FrontierTable:
    """URLs queued or done, per source (mixed into ``Archive``)."""

    conn: sqlite3.Connection
    lock: threading.RLock

    def frontier_add(self, source_id: str, urls: list[tuple[str, int, str | None]]) -> None:
        """Queue (url, depth, found_on) triples; URLs already queued or done are kept as they are."""
        with self.lock, self.conn:
            self.conn.executemany(
                "INSERT OR IGNORE INTO frontier (source_id, url, depth, found_on) VALUES (?, ?, ?, ?)",
                [(source_id, u, d, f) for u, d, f in urls])

    def frontier_pending(self, source_id: str) -> list[tuple[str, int]]:
        rows = self.conn.execute("SELECT url, depth FROM frontier WHERE source_id = ? AND state = 'pending' ORDER BY rowid",
                                 (source_id,)).fetchall()
        return [(r["url"], r["depth"]) for r in rows]

    def frontier_done(self, source_id: str, url: str) -> None:
        with self.lock, self.conn:
            self.conn.execute("UPDATE frontier SET state = 'done' WHERE source_id = ? AND url = ?", (source_id, url))

    def frontier_pending_again(self, source_id: str, url: str) -> None:
        with self.lock, self.conn:
            self.conn.execute("UPDATE frontier SET state = 'pending' WHERE source_id = ? AND url = ?", (source_id, url))

    def frontier_is_done(self, source_id: str, url: str) -> bool:
        row = self.conn.execute("SELECT state FROM frontier WHERE source_id = ? AND url = ?", (source_id, url)).fetchone()
        return bool(row and row["state"] == "done")

    def frontier_size(self, source_id: str) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM frontier WHERE source_id = ?", (source_id,)).fetchone()[0]

    def frontier_clear(self, source_id: str) -> None:
        with self.lock, self.conn:
            self.conn.execute("DELETE FROM frontier WHERE source_id = ?", (source_id,))
