"""Attention over time: how many matching articles each week, month, quarter or year, against all articles.

Periods are computed from each segment's date column (``YYYYMMDDHHMM`` numbers) with numpy: a period is
an integer code (2021, 20211 for 2021-Q1, 202103, 202109 for ISO week 9 of 2021 — each interval its own
code space) labelled "2021", "2021-Q1", "2021-03", "2021-W09" as the contract writes them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

INTERVALS = ("week", "month", "quarter", "year")
MAX_COMPARE = 4          # besides the main query: up to five series on one chart


@dataclass(frozen=True)
class Point:
    period: str
    count: int
    total: int

    @property
    def share(self) -> float:
        return round(self.count / self.total, 4) if self.total else 0.0

    def to_json(self) -> dict:
        return {"period": self.period, "count": self.count, "total": self.total, "share": self.share}


@dataclass(frozen=True)
class Series:
    q: str
    filters: dict
    points: list[Point] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"q": self.q, "filters": self.filters, "points": [p.to_json() for p in self.points]}


@dataclass(frozen=True)
class Trend:
    interval: str
    series: list[Series]
    unique: bool = False

    def to_json(self) -> dict:
        out = {"interval": self.interval, "series": [s.to_json() for s in self.series]}
        if self.unique:
            out["unique"] = True
        return out


def period_codes(dates: np.ndarray, interval: str) -> np.ndarray:
    """The period code of every date number (0 for an undated article)."""
    dates = np.asarray(dates, dtype=np.int64)
    year = dates // 100_000_000
    month = dates // 1_000_000 % 100
    day = dates // 10_000 % 100
    dated = dates > 0
    if interval == "year":
        codes = year
    elif interval == "month":
        codes = year * 100 + month
    elif interval == "quarter":
        codes = year * 10 + (month - 1) // 3 + 1
    elif interval == "week":
        codes = _iso_weeks(year, month, day, dated)
    else:
        raise ValueError(f"unknown interval {interval!r}")
    return np.where(dated, codes, 0)


def _iso_weeks(year: np.ndarray, month: np.ndarray, day: np.ndarray, dated: np.ndarray) -> np.ndarray:
    """ISO year * 100 + ISO week, vectorised (the week's Thursday decides its year)."""
    safe_year = np.where(dated, year, 1970)
    safe_month = np.where(dated, np.clip(month, 1, 12), 1)
    safe_day = np.where(dated, np.clip(day, 1, 31), 1)
    months = (safe_year - 1970) * 12 + (safe_month - 1)
    days = months.astype("datetime64[M]").astype("datetime64[D]") + (safe_day - 1).astype("timedelta64[D]")
    weekday = (days.astype(np.int64) + 3) % 7                   # Monday 0 (1970-01-01 was a Thursday)
    thursday = days - weekday.astype("timedelta64[D]") + np.timedelta64(3, "D")
    iso_year = thursday.astype("datetime64[Y]").astype(np.int64) + 1970
    first_day = (iso_year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    week = (thursday - first_day).astype(np.int64) // 7 + 1
    return iso_year * 100 + week


def label(code: int, interval: str) -> str:
    if interval == "year":
        return f"{code}"
    if interval == "month":
        return f"{code // 100}-{code % 100:02d}"
    if interval == "quarter":
        return f"{code // 10}-Q{code % 10}"
    return f"{code // 100}-W{code % 100:02d}"


def periods_between(first: int, last: int, interval: str) -> list[int]:
    """Every period code from ``first`` to ``last``, both included (empty ones too)."""
    out, code = [], first
    while code <= last and len(out) < 100_000:
        out.append(code)
        code = _next(code, interval)
    return out


def _next(code: int, interval: str) -> int:
    if interval == "year":
        return code + 1
    if interval == "month":
        return code + 1 if code % 100 < 12 else (code // 100 + 1) * 100 + 1
    if interval == "quarter":
        return code + 1 if code % 10 < 4 else (code // 10 + 1) * 10 + 1
    monday = date.fromisocalendar(code // 100, code % 100, 1) + timedelta(days=7)
    year, week, _ = monday.isocalendar()
    return year * 100 + week


def count_periods(codes: np.ndarray, docs: np.ndarray, totals: dict[int, int] | None = None) -> dict[int, int]:
    """Period code -> number of the masked documents in it (undated ones left out)."""
    picked = codes[docs]
    picked = picked[picked > 0]
    values, counts = np.unique(picked, return_counts=True)
    out = totals if totals is not None else {}
    for v, c in zip(values.tolist(), counts.tolist()):
        out[v] = out.get(v, 0) + c
    return out


def series(q: str, filters: dict, counts: dict[int, int], totals: dict[int, int], interval: str) -> Series:
    """A query's points over every period of the scope (from its first dated article to its last)."""
    if not totals:
        return Series(q, filters, [])
    codes = periods_between(min(totals), max(totals), interval)
    return Series(q, filters, [Point(label(c, interval), counts.get(c, 0), totals.get(c, 0)) for c in codes])
