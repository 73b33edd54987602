"""Provinces and organisations an article's text is about (multi-valued facets)."""
from __future__ import annotations

import json
import re
from functools import lru_cache

from archive.places import DATA_DIR, province_variants
from archive.text import normalize_tones

# a lower administrative level in front of a province-like name makes it another place
# ("xã Bình Phước", "huyện Hòa Bình"), and so do person-name contexts for "Hồ Chí Minh"
LOWER_LEVEL = re.compile(r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thôn|ấp|buôn|bon|làng|khu phố|tổ|"
                         r"đường|sông|núi|cầu|chợ|trường|xóm)\s*$", re.IGNORECASE)
BARE_HCM = {"Hồ Chí Minh", "HCM", "Ho Chi Minh", "HoChiMinh"}  # Bác Hồ, Đoàn TNCS Hồ Chí Minh: a person
# abbreviations too short or too common to facet on without context (units.json ambiguous_abbreviations)
CONTEXT_ONLY = {"CA", "QS", "TU", "HU", "BTV", "CĐ", "CAT", "Quân sự", "Công đoàn", "Mặt trận", "Thường trực",
                "Biên phòng", "dân quân", "Công an"}


@lru_cache(maxsize=1)
def _units() -> dict:
    return json.loads((DATA_DIR / "units.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _province_patterns() -> list[tuple[str, re.Pattern]]:
    patterns = []
    for name, forms in province_variants().items():
        forms = sorted({normalize_tones(f) for f in forms if len(f) >= 4}, key=len, reverse=True)
        alternation = "|".join(re.escape(f) for f in forms)
        patterns.append((name, re.compile(r"(?<![\w.])(?:" + alternation + r")(?!\w)")))
    return patterns


def provinces_mentioned(text: str, home: str | None = None) -> list[str]:
    """Canonical (pre-2025) provinces named in ``text``; ``home`` (the publisher's province) first."""
    norm = normalize_tones(text or "")
    found: dict[str, int] = {}
    for name, regex in _province_patterns():
        for m in regex.finditer(norm):
            before = norm[max(0, m.start() - 25):m.start()]
            if LOWER_LEVEL.search(before):
                continue
            if name == "Hồ Chí Minh" and m.group(0) in BARE_HCM and not re.search(
                    r"(?:TP\.?|Thành phố|thành phố)\s*$", before):
                continue
            found.setdefault(name, m.start())
            break
    ordered = sorted(found, key=found.get)
    if home:
        ordered = [home] + [p for p in ordered if p != home]
    return ordered


@lru_cache(maxsize=1)
def _organisation_patterns() -> list[tuple[str, re.Pattern, re.Pattern | None]]:
    patterns = []
    for org in _units().get("organisations", []):
        forms = [org["name"], *org.get("abbreviations", [])]
        plain = [f for f in forms if f not in CONTEXT_ONLY and "/" not in f]
        strong = sorted({normalize_tones(f) for f in plain}, key=len, reverse=True)
        weak = sorted({normalize_tones(f) for f in forms if f in CONTEXT_ONLY}, key=len, reverse=True)
        rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in strong) + r")(?!\w)") if strong else None
        # context-only forms count when followed by an administrative word ("Công an tỉnh", "Mặt trận Tổ quốc")
        wk = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in weak) +
                        r")\s+(?:tỉnh|huyện|xã|thị xã|thành phố|Tổ quốc|cơ sở|nhân dân|đồn)(?!\w)") if weak else None
        if rx is not None:
            patterns.append((org["name"], rx, wk))
        elif wk is not None:
            patterns.append((org["name"], wk, None))
    return patterns


@lru_cache(maxsize=1)
def _publisher_pattern() -> re.Pattern:
    """Names of Ban Dân vận-type publishing units: "Ban Dân vận Tỉnh ủy" names the publisher, not the Tỉnh ủy."""
    forms = {normalize_tones(f) for unit in _units().get("publishing_units", []) for f in unit.get("patterns", [])
             if len(f) > 6 and " " in f}
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)",
                      re.IGNORECASE)


def organisations(text: str) -> list[str]:
    """Canonical names (units.json "organisations") of the organisations ``text`` names.

    Publishing units' names are masked first, and the longest form wins where forms overlap
    ("Ban Tuyên giáo Tỉnh ủy" is the Ban Tuyên giáo, not also the Tỉnh ủy).
    """
    norm = _publisher_pattern().sub(lambda m: "\x00" * len(m.group(0)), normalize_tones(text or ""))
    spans: list[tuple[int, int, str]] = []
    for name, strong, weak in _organisation_patterns():
        for regex in (strong, weak):
            if regex is not None:
                spans += [(m.start(), m.end(), name) for m in regex.finditer(norm)]
    taken: list[tuple[int, int]] = []
    first: dict[str, int] = {}
    for start, end, name in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):  # longest first
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        first[name] = min(start, first.get(name, start))
    return sorted(first, key=first.get)
