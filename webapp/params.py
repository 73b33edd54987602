"""The state of a search page as plain URL parameters: parsed, validated, toggled, turned back into URLs."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

FACETS = ("province", "province_2025", "unit", "level", "year", "source", "status", "organisations",
          "provinces_mentioned")
SORTS = ("relevance", "newest", "oldest")
DEFAULT_PER_PAGE = 20
DEFAULT_FACET_SIZE = 100  # values listed per facet (the selected ones always are); facet_size=max lists all
MAX_Q_LENGTH = 1000
MAX_VALUES_PER_FACET = 50
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class InputError(ValueError):
    """A request parameter the site cannot use; the message is shown to the user (HTTP 400)."""


@dataclass(frozen=True)
class SearchParams:
    """Everything that defines one search page; every state is a plain, shareable URL."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: str = ""
    date_to: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "relevance"
    facet_size: int | None = DEFAULT_FACET_SIZE  # None: every value

    @classmethod
    def from_args(cls, args: MultiDict, max_per_page: int = 100) -> "SearchParams":
        """Parse request arguments; raise InputError with a message in Vietnamese for bad values."""
        q = " ".join((args.get("q") or "").split())
        if len(q) > MAX_Q_LENGTH:
            raise InputError(f"Câu tìm kiếm quá dài (tối đa {MAX_Q_LENGTH} ký tự).")
        if q.count('"') % 2:
            raise InputError('Thiếu dấu ngoặc kép đóng: cụm từ cần đặt giữa hai dấu " ", ví dụ "dân vận khéo".')
        filters = {}
        for name in FACETS:
            values = [v.strip() for v in args.getlist(name) if v.strip()]
            if len(values) > MAX_VALUES_PER_FACET:
                raise InputError(f"Quá nhiều giá trị cho bộ lọc '{name}'.")
            if values:
                filters[name] = tuple(dict.fromkeys(values))
        if "year" in filters and not all(v.isdigit() and len(v) == 4 for v in filters["year"]):
            raise InputError("Năm phải có dạng 4 chữ số, ví dụ 2020.")
        sort = args.get("sort") or "relevance"
        if sort not in SORTS:
            raise InputError(f"Cách sắp xếp không hợp lệ: '{sort}' (dùng relevance, newest hoặc oldest).")
        page = _positive_int(args.get("page"), 1, "page", "Số trang")
        per_page = _positive_int(args.get("per_page"), DEFAULT_PER_PAGE, "per_page", "Số kết quả mỗi trang")
        facet_size = None if args.get("facet_size") == "max" else _positive_int(
            args.get("facet_size"), DEFAULT_FACET_SIZE, "facet_size", "Số giá trị mỗi bộ lọc")
        return cls(q=q, filters=filters, date_from=_date_arg(args.get("date_from"), "date_from"),
                   date_to=_date_arg(args.get("date_to"), "date_to"), page=page,
                   per_page=min(per_page, max_per_page), sort=sort, facet_size=facet_size)

    # -- to the index ------------------------------------------------------------------------
    def query(self, page: int | None = None, per_page: int | None = None):
        """The index's SearchQuery for this state (dates widened to whole years / months)."""
        from index import SearchQuery

        return SearchQuery(q=self.q, filters={k: list(v) for k, v in self.filters.items()},
                           date_from=full_date(self.date_from, start=True),
                           date_to=full_date(self.date_to, start=False),
                           page=page or self.page, per_page=per_page or self.per_page, sort=self.sort)

    # -- changes -----------------------------------------------------------------------------
    def selected(self, facet: str, value: str) -> bool:
        return value in self.filters.get(facet, ())

    def toggled(self, facet: str, value: str) -> "SearchParams":
        """This state with one facet value added or removed (back on page 1)."""
        values = list(self.filters.get(facet, ()))
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        filters = {k: v for k, v in self.filters.items() if k != facet}
        if values:
            filters[facet] = tuple(values)
        return replace(self, filters=_ordered(filters), page=1)

    def changed(self, **changes) -> "SearchParams":
        if "page" not in changes:
            changes["page"] = 1
        return replace(self, **changes)

    # -- to URLs -----------------------------------------------------------------------------
    def pairs(self, with_paging: bool = True) -> list[tuple[str, str]]:
        """The non-default parameters, in a stable order."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in FACETS:
            out.extend((name, v) for v in self.filters.get(name, ()))
        if self.date_from:
            out.append(("date_from", self.date_from))
        if self.date_to:
            out.append(("date_to", self.date_to))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.facet_size != DEFAULT_FACET_SIZE:
            out.append(("facet_size", "max" if self.facet_size is None else str(self.facet_size)))
        if with_paging and self.per_page != DEFAULT_PER_PAGE:
            out.append(("per_page", str(self.per_page)))
        if with_paging and self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def url(self, endpoint: str = "search.search", with_paging: bool = True) -> str:
        query = urlencode(self.pairs(with_paging))
        base = url_for(endpoint)
        return f"{base}?{query}" if query else base

    def to_dict(self) -> dict:
        return {"q": self.q, "filters": {k: list(v) for k, v in self.filters.items()}, "date_from": self.date_from,
                "date_to": self.date_to, "page": self.page, "per_page": self.per_page, "sort": self.sort,
                "facet_size": self.facet_size}


def _ordered(filters: dict) -> dict:
    return {name: filters[name] for name in FACETS if name in filters}


def _positive_int(raw: str | None, default: int, name: str, label: str) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise InputError(f"{label} ('{name}') phải là số nguyên dương.")
    return min(int(raw), 1_000_000)


def _date_arg(raw: str | None, name: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    m = DATE_RE.match(raw)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12) or (m.group(3) and not 1 <= int(m.group(3)) <= 31):
        raise InputError(f"Ngày không hợp lệ ('{name}'): dùng dạng NNNN, NNNN-TT hoặc NNNN-TT-NN, ví dụ 2020-05-01.")
    return raw


def full_date(value: str, start: bool) -> str | None:
    """'2020' -> '2020-01-01' / '2020-12-31'; '2020-02' -> '2020-02-01' / '2020-02-29'."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-01-01" if start else f"{value}-12-31"
    if len(parts) == 2:
        return f"{value}-01" if start else f"{value}-{calendar.monthrange(int(parts[0]), int(parts[1]))[1]:02d}"
    return value
