"""The sources file (TOML): which sites to crawl and what publishing unit each belongs to."""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

class SourcesError(ValueError):
    """The sources file is missing or malformed; the message says where."""


@dataclass(frozen=True)
class Source:
    """A publishing unit's website, as described in the sources file."""

    id: str
    name: str
    province: str
    unit: str
    level: str
    start_urls: tuple[str, ...]
    district: str | None = None
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    delay_s: float | None = None
    max_pages: int | None = None
    schedule: str | None = None
    style: str | None = None
    collections: tuple[str, ...] = ()   # named groups of sources ("Tây Nguyên", "Biên giới"), a facet

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Source":
        known = {f for f in cls.__dataclass_fields__}
        clean = {k: v for k, v in data.items() if k in known}
        for key in ("start_urls", "allow", "deny", "collections"):
            if key in clean and clean[key] is not None:
                clean[key] = tuple(clean[key])
        return cls(**clean)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def _start_urls(value) -> bool:
    return isinstance(value, list) and bool(value) and all(_http_url(u) for u in value)


def _http_url(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _patterns(value) -> bool:
    return isinstance(value, list) and all(isinstance(p, str) for p in value)


def _texts(value) -> bool:
    return isinstance(value, list) and all(_text(v) for v in value)


class Field(NamedTuple):
    """One key of a [[source]] table: whether it must be there, its check, and what it must be."""

    required: bool
    check: Callable[[object], bool]
    expected: str


FIELDS = {
    "id": Field(True, _text, "text"), "name": Field(True, _text, "text"), "province": Field(True, _text, "text"),
    "unit": Field(True, _text, "text"), "level": Field(True, _text, 'text ("tỉnh" or "huyện")'),
    "start_urls": Field(True, _start_urls, "a list of http(s) URLs with a host"),
    "district": Field(False, _text, "text"), "allow": Field(False, _patterns, "a list of regular expressions"),
    "deny": Field(False, _patterns, "a list of regular expressions"),
    "delay_s": Field(False, _number, "a number of seconds >= 0"),
    "max_pages": Field(False, lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
                       "a whole number >= 1"),
    "schedule": Field(False, _text, 'text ("6h", "1d" or a cron expression)'),
    "style": Field(False, _text, "text"), "collections": Field(False, _texts, "a list of names"),
}


def _check(table: dict, position: int, path: Path) -> Source:
    """One [[source]] table as a Source; every problem named by its key, before any crawling."""
    where = f"{path}: source #{position}"
    if not isinstance(table, dict):
        raise SourcesError(f"{where}: expected a [[source]] table")
    where += f" ({table['id']})" if _text(table.get("id")) else ""
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        raise SourcesError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(FIELDS)})")
    for key, spec in FIELDS.items():
        if key not in table:
            if spec.required:
                raise SourcesError(f"{where}: missing required key '{key}'")
            continue
        if not spec.check(table[key]):
            raise SourcesError(f"{where}: '{key}' must be {spec.expected}, not {table[key]!r:.80}")
    for key in ("allow", "deny"):
        for pattern in table.get(key, []):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourcesError(f"{where}: '{key}' pattern {pattern!r} is not a regular expression: {exc}") from None
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in table.items()}
    if "delay_s" in data:
        data["delay_s"] = float(data["delay_s"])
    return Source.from_dict(data)


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file; raise SourcesError with a one-line reason."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourcesError(f"sources file not found: {path}") from None
    except OSError as exc:
        raise SourcesError(f"cannot read sources file {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from None
    tables = data.get("source")
    if not tables or not isinstance(tables, list):
        raise SourcesError(f"{path}: no [[source]] tables found")
    sources = [_check(t, i + 1, path) for i, t in enumerate(tables)]
    seen: set[str] = set()
    for s in sources:
        if s.id in seen:
            raise SourcesError(f"{path}: duplicate source id '{s.id}'")
        seen.add(s.id)
    return sources


def select_sources(sources: list[Source], ids: list[str] | None) -> list[Source]:
    """Keep the sources named by ``ids`` (all when empty); unknown ids are an error."""
    if not ids:
        return sources
    by_id = {s.id: s for s in sources}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise SourcesError(f"unknown source id(s): {', '.join(unknown)} (known: {', '.join(by_id)})")
    return [by_id[i] for i in ids]
