"""Configuration from one place: defaults, then ``HOME/config.toml``, then the environment, then ``--set``.

``HOME/config.toml`` holds top-level keys (``base_url``, ``database_url``, ``contact_url``) and one
table per stage that has settings (``[crawler]``, ``[documents]``, ``[web]``, ``[index]``); ``--set NAME=VALUE`` and
``--set SECTION.NAME=VALUE`` override it, with VALUE read as a TOML value (``0``, ``true``, ``2.5``,
``"text"``) or else as plain text. Each stage checks the names and types of its own section
(``crawler.Settings.from_config``); unknown names are refused with the name in the message.
"""
from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

DEFAULT_HOME = "instance"
DEFAULT_CONTACT = "https://github.com/kho-dan-van/danvan"
CONFIG_FILE = "config.toml"
TOP_LEVEL = ("base_url", "database_url", "contact_url")
SECTIONS = ("crawler", "documents", "web", "index")
ENVIRONMENT = {"contact_url": "DANVAN_CONTACT_URL", "database_url": "DANVAN_DATABASE_URL",
               "base_url": "DANVAN_BASE_URL"}


class ConfigError(ValueError):
    """A setting that cannot be used: unknown name, wrong type, unreadable config.toml."""


@dataclass(frozen=True)
class Config:
    """Where the archive lives and the settings every stage shares."""

    home: Path
    contact_url: str = DEFAULT_CONTACT
    base_url: str | None = None          # fixes the absolute URLs the site writes (feeds, citations)
    database_url: str | None = None      # the archive on PostgreSQL instead of HOME's SQLite file
    sections: Mapping[str, Mapping] = field(default_factory=dict)

    @classmethod
    def load(cls, home: str | os.PathLike | None = None, overrides: Iterable[str] = (), **sections) -> "Config":
        """The config of ``home`` (else ``$DANVAN_HOME``, else ``./instance``).

        ``overrides``: ``NAME=VALUE`` strings as given to ``--set``; ``sections``: tables as dicts
        (``crawler={"retries": 0}``), applied after config.toml and before ``overrides``.
        """
        chosen = Path(home or os.environ.get("DANVAN_HOME") or DEFAULT_HOME).expanduser().resolve()
        values: dict = {"contact_url": DEFAULT_CONTACT}
        _merge(values, _read_file(chosen / CONFIG_FILE), str(chosen / CONFIG_FILE))
        for key, variable in ENVIRONMENT.items():
            if os.environ.get(variable):
                values[key] = os.environ[variable]
        _merge(values, sections, "arguments")
        for text in overrides:
            _merge(values, _parse_override(text), f"--set {text}")
        tables = {name: MappingProxyType(dict(values.pop(name, {}))) for name in SECTIONS}
        return cls(home=chosen, sections=MappingProxyType(tables), **values)

    def section(self, name: str) -> Mapping:
        """The settings of one stage (empty when none are given)."""
        return self.sections.get(name, {})

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


def _read_file(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None


def _parse_override(text: str) -> dict:
    """``crawler.retries=0`` -> {"crawler": {"retries": 0}}; ``base_url=https://x`` -> {"base_url": "https://x"}."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ConfigError(f"--set needs NAME=VALUE or SECTION.NAME=VALUE, not {text!r}")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    section, dot, key = name.rpartition(".")
    return {section: {key: value}} if dot else {key: value}


def _merge(values: dict, new: Mapping, where: str) -> None:
    """Fold ``new`` into ``values``, refusing names no stage knows."""
    for key, value in new.items():
        if key in SECTIONS:
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}: [{key}] must be a table of settings")
            values.setdefault(key, {}).update(value)
        elif key in TOP_LEVEL:
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"{where}: {key} must be text, not {type(value).__name__}")
            values[key] = value
        else:
            known = ", ".join((*TOP_LEVEL, *(f"[{s}]" for s in SECTIONS)))
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {known})")


def checked_section(config: Config, name: str, defaults: Mapping) -> dict:
    """The section's values, each a known name with a value of its default's type (ints accepted for floats)."""
    out = {}
    for key, value in config.section(name).items():
        if key not in defaults:
            raise ConfigError(f"unknown setting {name}.{key} (known: {', '.join(sorted(defaults))})")
        default = defaults[key]
        if isinstance(default, bool) or default is None:
            ok = isinstance(value, bool) if isinstance(default, bool) else True
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            value = float(value) if ok else value
        else:
            ok = isinstance(value, type(default)) and not isinstance(value, bool)
        if not ok:
            raise ConfigError(f"setting {name}.{key} must be {type(default).__name__}, not {value!r}")
        out[key] = value
    return out
