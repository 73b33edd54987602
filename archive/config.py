"""Configuration from one place: the home folder (``--home`` or ``DANVAN_HOME``) and environment."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_HOME = "instance"
DEFAULT_CONTACT = "https://github.com/kho-dan-van/danvan"


@dataclass(frozen=True)
class Config:
    """Where the archive lives and the settings every stage shares."""

    home: Path
    contact_url: str = DEFAULT_CONTACT
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, home: str | os.PathLike | None = None, **extra) -> "Config":
        """Build the config: explicit ``home``, else ``$DANVAN_HOME``, else ``./instance``."""
        chosen = home or os.environ.get("DANVAN_HOME") or DEFAULT_HOME
        contact = os.environ.get("DANVAN_CONTACT_URL", DEFAULT_CONTACT)
        return cls(home=Path(chosen).expanduser().resolve(), contact_url=contact, extra=extra)

    @property
    def db_path(self) -> Path:
        return self.home / "archive.sqlite3"

    @property
    def snapshots_dir(self) -> Path:
        """Raw responses as WARC files."""
        return self.home / "snapshots"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def lock_path(self) -> Path:
        """Held by a running crawl so that two crawls of one archive never overlap."""
        return self.home / "crawl.lock"

    @property
    def user_agent(self) -> str:
        return f"KhoDanVan/0.1 (+{self.contact_url}; archive of Ban Dan van news)"

    def ensure_home(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
