"""The crawl queue: sources marked due by the scheduler, taken by crawl workers with leases.

A worker takes one due source whose host no other live lease holds, in one statement (so two workers
never take the same source, nor two sources of one host); on PostgreSQL the candidate row is locked
with ``FOR UPDATE SKIP LOCKED`` and takers queue on an advisory lock, so concurrent takers on many
machines never see the same free host. A lease ends at ``expires_at``: the worker renews it while it
crawls; a worker that dies stops renewing, and once its lease has expired another worker takes the
source and resumes its frontier (``crawler.site``: nothing it stored is fetched again).

A mixin of ``Archive``.
"""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import NamedTuple
from urllib.parse import urlsplit

from archive.errors import now_iso
from archive.sources import Source

TAKE_LOCK = 7024  # the advisory lock takers queue on (PostgreSQL)


class QueueEntry(NamedTuple):
    source_id: str
    host: str
    due_at: str | None
    holder: str | None
    expires_at: str | None
    last_done_at: str | None


def iso_in(seconds: float) -> str:
    """The time ``seconds`` from now, written as ``now_iso`` writes it (so the two compare as text)."""
    when = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def source_host(source: Source) -> str:
    """The host (and port, if any) a source is crawled on: its first start URL's, lower-case."""
    for url in source.start_urls:
        parts = urlsplit(url)
        if parts.hostname:
            return parts.hostname.lower() + (f":{parts.port}" if parts.port else "")
    return source.id


class LeaseTable:
    """The crawl queue and its leases (mixed into ``Archive``)."""

    conn: object
    lock: threading.RLock
    database_url: str | None

    def mark_due(self, sources: list[Source], when: str | None = None) -> int:
        """Mark these sources due (those already due keep their place); returns how many became due."""
        when = when or now_iso()
        marked = 0
        with self.lock, self.conn:
            for source in sources:
                cur = self.conn.execute(
                    """INSERT INTO crawl_queue (source_id, host, due_at) VALUES (?, ?, ?)
                       ON CONFLICT(source_id) DO UPDATE SET host = excluded.host, due_at = excluded.due_at
                       WHERE crawl_queue.due_at IS NULL""", (source.id, source_host(source), when))
                marked += max(cur.rowcount, 0)
        return marked

    def take_lease(self, holder: str, lease_s: float) -> str | None:
        """Take the longest-due source no live lease holds (nor any source of its host); its id, or None."""
        now = now_iso()
        skip_locked = " FOR UPDATE SKIP LOCKED" if self.database_url else ""
        with self.lock, self.conn:
            if self.database_url:
                self.conn.execute(f"SELECT pg_advisory_xact_lock({TAKE_LOCK})")
            row = self.conn.execute(
                f"""UPDATE crawl_queue SET holder = ?, expires_at = ? WHERE source_id = (
                      SELECT q.source_id FROM crawl_queue q
                      WHERE q.due_at IS NOT NULL AND q.due_at <= ?
                        AND (q.holder IS NULL OR q.expires_at < ?)
                        AND q.host NOT IN (SELECT host FROM crawl_queue
                                           WHERE holder IS NOT NULL AND expires_at >= ? AND source_id != q.source_id)
                      ORDER BY q.due_at, q.source_id LIMIT 1{skip_locked})
                    RETURNING source_id""", (holder, iso_in(lease_s), now, now, now)).fetchone()
        return row[0] if row else None

    def renew_lease(self, source_id: str, holder: str, lease_s: float) -> bool:
        """Extend a lease this holder still has; False when it was lost (expired and taken)."""
        with self.lock, self.conn:
            cur = self.conn.execute("UPDATE crawl_queue SET expires_at = ? WHERE source_id = ? AND holder = ?",
                                    (iso_in(lease_s), source_id, holder))
        return cur.rowcount > 0

    def release_lease(self, source_id: str, holder: str, done: bool) -> None:
        """Give a source back: ``done`` clears its due mark (crawled), else it stays due for another worker."""
        with self.lock, self.conn:
            if done:
                self.conn.execute("""UPDATE crawl_queue SET holder = NULL, expires_at = NULL, due_at = NULL,
                                     last_done_at = ? WHERE source_id = ? AND holder = ?""",
                                  (now_iso(), source_id, holder))
            else:
                self.conn.execute("UPDATE crawl_queue SET holder = NULL, expires_at = NULL WHERE source_id = ? "
                                  "AND holder = ?", (source_id, holder))

    def crawl_queue(self) -> list[QueueEntry]:
        rows = self.conn.execute("SELECT source_id, host, due_at, holder, expires_at, last_done_at FROM crawl_queue "
                                 "ORDER BY source_id").fetchall()
        return [QueueEntry(*r) for r in rows]

    def due_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM crawl_queue WHERE due_at IS NOT NULL").fetchone()[0])
