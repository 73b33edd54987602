"""Following a shared archive: each search node keeps its own index and applies the archive's change
log (``archive.changes``) to it, so ``danvan serve`` on several machines needs no shared local state and
a node that was down catches up from where it stopped.

A generation remembers the last change number it has applied (``FOLLOWED`` in its folder, written by
a rebuild before it starts reading the archive and by every step after). ``follow_step`` reads the
changes after it, updates those records and moves the mark as far as the log is known complete; on a
node with no index (or an index that never followed) it rebuilds. Only one process of a node writes:
the others find the index's write lock taken and skip the step.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from archive import Archive
from archive.changes import GAP_WAIT_S
from index import writing

log = logging.getLogger(__name__)

BATCH = 5000  # changes applied in one step


class FollowStep(NamedTuple):
    applied: int          # records updated in the index
    mark: int | None      # the change number the index now holds up to
    action: str           # "busy" (another writer), "rebuilt", "updated", "current"


@dataclass
class Gaps:
    """When each missing change number was first seen (a gap older than ``GAP_WAIT_S`` is passed)."""

    first_seen: dict[int, float] = field(default_factory=dict)

    def passable(self, seq: int, now: float) -> bool:
        if now - self.first_seen.setdefault(seq, now) < GAP_WAIT_S:
            return False
        log.warning("change %d never appeared (a rolled-back write); following past it", seq)
        return True


def follow_step(index, archive: Archive, gaps: Gaps | None = None) -> FollowStep:
    """Bring the index up to the archive's change log, once (or do nothing while another writer works)."""
    gaps = gaps or Gaps()
    with index.generations.write_lock(wait=False) as locked:
        if not locked:
            return FollowStep(0, None, "busy")
        current = index.generations.current()
        mark = writing.read_mark(current.path) if current is not None and current.usable else None
        if mark is None:
            count = writing.rebuild(index.generations, archive, index.writer_procs)
            return FollowStep(count, writing.read_mark(index.generations.current().path), "rebuilt")
        batch = archive.changes_since(mark, BATCH)
        if not batch.record_ids:
            return FollowStep(0, mark, "current")
        applied = writing.update(index.generations, archive, batch.record_ids, index.writer_procs)
        new_mark = batch.complete_up_to(mark, lambda seq: gaps.passable(seq, time.monotonic()))
        writing.write_mark(index.generations.current().path, new_mark)
        return FollowStep(applied, new_mark, "updated")
