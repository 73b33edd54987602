"""The sources file (TOML): which sites to crawl and what publishing unit each belongs to."""
from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

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

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Source":
        known = {f for f in cls.__dataclass_fields__}
        clean = {k: v for k, v in data.items() if k in known}
        for key in ("start_urls", "allow", "deny"):
            if key in clean and clean[key] is not None:
                clean[key] = tuple(clean[key])
        return cls(**clean)


def _check(table: dict, position: int, path: Path) -> Source:
    where = f"{path}: source #{position}"
    if not isinstance(table, dict):
        raise SourcesError(f"{where}: expected a [[source]] table")
    for key in ("id", "name", "province", "unit", "level", "start_urls"):
        if not table.get(key):
            raise SourcesError(f"{where} ({table.get('id', '?')}): missing required key '{key}'")
    for key in ("id", "name", "province", "unit", "level"):
        if not isinstance(table[key], str):
            raise SourcesError(f"{where} ({table['id']}): '{key}' must be a string")
    urls = table["start_urls"]
    if not isinstance(urls, list) or not all(isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls):
        raise SourcesError(f"{where} ({table['id']}): 'start_urls' must be a list of http(s) URLs")
    for key in ("allow", "deny"):
        if key in table and not (isinstance(table[key], list) and all(isinstance(p, str) for p in table[key])):
            raise SourcesError(f"{where} ({table['id']}): '{key}' must be a list of patterns")
    if "delay_s" in table and (not isinstance(table["delay_s"], (int, float)) or table["delay_s"] < 0):
        raise SourcesError(f"{where} ({table['id']}): 'delay_s' must be a number >= 0")
    if "max_pages" in table and (not isinstance(table["max_pages"], int) or table["max_pages"] < 1):
        raise SourcesError(f"{where} ({table['id']}): 'max_pages' must be a positive integer")
    data = dict(table)
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
