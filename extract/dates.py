"""Vietnamese date lines ("Chủ nhật - 13/03/2022 08:50", "Ngày 05 tháng 3 năm 2021", ISO strings)."""
from __future__ import annotations

import re
from datetime import date

from archive.text import nfc

_TIME = r"(?P<hh>[01]?\d|2[0-3])\s*[:hH]\s*(?P<mi>[0-5]\d)(?::[0-5]\d)?(?:\s*(?P<ampm>AM|PM|SA|CH)\b)?"
# ISO 8601 (article:published_time, JSON-LD, itemprop): 2022-03-13T08:50:00+07:00
ISO_RE = re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d)"
                    r"(?:[T ,]*" + _TIME + r")?")
# d/m/yyyy (also - and .), optionally followed by a time ("13/03/2022 08:50", "05/07/2022, 19:13", "| 09:12")
DMY_RE = re.compile(r"(?<![\d/.-])(?P<d>[0-3]?\d)\s*[/.-]\s*(?P<m>[01]?\d)\s*[/.-]\s*(?P<y>(?:19|20)\d\d)(?![\d/])"
                    r"(?:\s*(?:[,|\-–]\s*)?(?:lúc\s*)?" + _TIME + r")?", re.IGNORECASE)
# "ngày 05 tháng 3 năm 2021", Joomla's "12 Tháng 3 2020 08:30"
WORDS_RE = re.compile(r"(?P<d>[0-3]?\d)\s+tháng\s+(?P<m>[01]?\d)\s*(?:,\s*|\s+)(?:năm\s+)?(?P<y>(?:19|20)\d\d)"
                      r"(?:\s*(?:,|lúc|-|–)?\s*" + _TIME + r")?", re.IGNORECASE)
# a time written before the date: "Cập nhật lúc 08:30 ngày 21/9/2021", "08:30 - 21/09/2021"
TIME_FIRST_RE = re.compile(_TIME + r"\s*(?:\(?GMT[+-]\d+\)?\s*)?(?:ngày|,|-|–|\|)?\s*$", re.IGNORECASE)


def _valid(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _time(match: re.Match) -> str | None:
    if match.groupdict().get("hh") is None:
        return None
    return _hhmm(match)


def _hhmm(match: re.Match) -> str:
    """HH:MM on a 24-hour clock ("2:30 PM" / "2:30 CH" -> "14:30")."""
    hour = int(match.group("hh"))
    ampm = (match.group("ampm") or "").upper()
    if ampm in ("PM", "CH") and hour < 12:
        hour += 12
    elif ampm in ("AM", "SA") and hour == 12:
        hour = 0
    return f"{hour:02d}:{match.group('mi')}"


def _time_before(text: str, start: int) -> str | None:
    """A time written just before position ``start`` ("lúc 08:30 ngày ...")."""
    m = TIME_FIRST_RE.search(text[max(0, start - 30):start])
    return _hhmm(m) if m else None


def parse_vietnamese_date(text: str) -> tuple[str, str | None] | None:
    """The first date in ``text`` as ("YYYY-MM-DD", "HH:MM" or None), or None when there is none."""
    if not text:
        return None
    text = nfc(str(text))[:2000]
    found: list[tuple[int, str, str | None]] = []
    for regex in (ISO_RE, DMY_RE, WORDS_RE):
        for m in regex.finditer(text):
            iso = _valid(m.group("y"), m.group("m"), m.group("d"))
            if iso:
                found.append((m.start(), iso, _time(m) or _time_before(text, m.start())))
                break
    if not found:
        return None
    _, iso, hhmm = min(found)
    return iso, hhmm
