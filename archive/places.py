"""Provinces before and after the 2025 merger, from the bundled ``data/provinces.json``."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from archive.text import exact_key, fold

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def _provinces() -> dict:
    return json.loads((DATA_DIR / "provinces.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def province_names() -> list[str]:
    """The 63 provinces as they were before 1 July 2025."""
    return [p["name"] for p in _provinces()["provinces"]]


@lru_cache(maxsize=1)
def provinces_2025() -> list[str]:
    """The 34 provinces since 1 July 2025."""
    return [p["name"] for p in _provinces()["provinces_2025"]]


@lru_cache(maxsize=1)
def _lookup() -> dict[str, dict]:
    table: dict[str, dict] = {}
    for p in _provinces()["provinces"]:
        for form in [p["name"], *p.get("variants", [])]:
            table.setdefault(exact_key(form), p)
            table.setdefault(fold(form), p)
    return table


def canonical_province(name: str | None) -> str | None:
    """The canonical (pre-2025) name for any spelling ("Dak Nong", "tỉnh Đắk Nông"), else None."""
    if not name:
        return None
    p = _lookup().get(exact_key(name)) or _lookup().get(fold(name))
    return p["name"] if p else None


def province_2025(name: str | None) -> str | None:
    """Today's province for a province as it was before the merger ("Bình Phước" -> "Đồng Nai")."""
    if not name:
        return None
    p = _lookup().get(exact_key(name)) or _lookup().get(fold(name))
    if p:
        return p["merged_into_2025"]
    if name in provinces_2025():
        return name
    return None


def province_variants() -> dict[str, list[str]]:
    """Each canonical province with the spellings that refer to it (for finding mentions in text)."""
    return {p["name"]: [p["name"], *p.get("variants", [])] for p in _provinces()["provinces"]}
