"""What every part of the archive shares: its error, and the time stamps it writes."""
from __future__ import annotations

from datetime import datetime, timezone


class ArchiveError(RuntimeError):
    """The archive cannot do what was asked (unknown article, unreadable database...)."""


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
