"""The change log: every write that changes what the index shows of a record (a new article, a new
version, a removal, an import, a document read, a source re-filed, a document linked) adds a row with
the next sequence number, in the same transaction. A search node follows the archive by reading the
log after the last number it applied (``index.following``), so a node that was down catches up.

On PostgreSQL numbers are handed out when a row is written but become visible when its transaction
commits, so a reader can see 12 before 11: the follower moves its mark only as far as the numbers are
contiguous (a gap older than ``GAP_WAIT_S`` is a rolled-back transaction and is passed).

A mixin of ``Archive``.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from archive.errors import now_iso

GAP_WAIT_S = 30.0


@dataclass
class ChangeBatch:
    """Changes after a mark: their numbers (ascending) and the records to index again."""

    seqs: list[int] = field(default_factory=list)
    record_ids: list[str] = field(default_factory=list)

    def complete_up_to(self, mark: int, passable) -> int:
        """The highest number up to which every change since ``mark`` is in the batch (``passable(n)``:
        whether a missing number may be given up on)."""
        reached = mark
        for seq in self.seqs:
            while reached + 1 < seq and passable(reached + 1):
                reached += 1
            if reached + 1 != seq:
                break
            reached = seq
        return reached


class ChangeLog:
    """Appending to and reading the change log (mixed into ``Archive``)."""

    conn: object
    lock: threading.RLock

    def note_changes(self, record_ids: Iterable[str]) -> None:
        """Log changed records (call inside the write's own transaction)."""
        when = now_iso()
        rows = [(record_id, when) for record_id in dict.fromkeys(record_ids)]
        if rows:
            self.conn.executemany("INSERT INTO changes (record_id, at) VALUES (?, ?)", rows)

    def latest_change(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0])

    def changes_since(self, seq: int, limit: int = 5000) -> ChangeBatch:
        rows = self.conn.execute("SELECT seq, record_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
                                 (seq, limit)).fetchall()
        return ChangeBatch([int(r[0]) for r in rows], list(dict.fromkeys(r[1] for r in rows)))
