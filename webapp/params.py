"""The state of a search page as plain URL parameters: parsed, validated, toggled, turned back into URLs.

The lists (facets, sort orders, the date pattern, the page size limit) are the index's own; the limits
of the site (default and maximum page size, facet size, query length) are its WebSettings.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import quote_plus, urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

from index.searchquery import DATE_RE, FILTERS, SORTS, is_calendar_date
from webapp.messages import PARAMETER_LABELS
from webapp.settings import WebSettings

ASCII_NUMBER_RE = re.compile(r"[0-9]{1,9}")  # "²".isdigit() is true and int("²") fails: ASCII digits only
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DEFAULTS = WebSettings()


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
    per_page: int = DEFAULTS.per_page
    sort: str = "relevance"
    facet_size: int | None = DEFAULTS.facet_size  # None: every value
    unique: bool = False  # one hit per group of syndicated copies, in every count
    settings: WebSettings = field(default=DEFAULTS, compare=False, repr=False)  # what "default" means

    @classmethod
    def from_args(cls, args: MultiDict, settings: WebSettings = DEFAULTS) -> "SearchParams":
        """Parse request arguments; raise InputError with a message in Vietnamese for bad values."""
        q = " ".join(clean_text(args.get("q")).split())
        if len(q) > settings.max_query_chars:
            raise InputError(f"Câu tìm kiếm quá dài (tối đa {settings.max_query_chars} ký tự).")
        if q.count('"') % 2:
            raise InputError('Thiếu dấu ngoặc kép đóng: cụm từ cần đặt giữa hai dấu " ", ví dụ "dân vận khéo".')
        sort = args.get("sort") or "relevance"
        if sort not in SORTS:
            raise InputError(f"Cách sắp xếp không hợp lệ: “{sort[:40]}” (dùng relevance: liên quan nhất, "
                             "newest: mới nhất, hoặc oldest: cũ nhất).")
        per_page = whole_number(args.get("per_page"), settings.per_page, "per_page")
        facet_size = None if args.get("facet_size") == "max" else whole_number(
            args.get("facet_size"), settings.facet_size, "facet_size")
        return cls(q=q, filters=_filters(args, settings), date_from=date_arg(args.get("date_from"), "date_from"),
                   date_to=date_arg(args.get("date_to"), "date_to"), page=whole_number(args.get("page"), 1, "page"),
                   per_page=min(per_page, settings.max_per_page), sort=sort, facet_size=facet_size,
                   unique=switch(args.get("unique"), "unique"), settings=settings)

    # -- to the index ------------------------------------------------------------------------
    def query(self, page: int | None = None, per_page: int | None = None):
        """The index's SearchQuery for this state (dates widened to whole years / months)."""
        from index import SearchQuery

        return SearchQuery(q=self.q, filters={k: list(v) for k, v in self.filters.items()},
                           date_from=full_date(self.date_from, start=True),
                           date_to=full_date(self.date_to, start=False),
                           page=page or self.page, per_page=per_page or self.per_page, sort=self.sort,
                           unique=self.unique)

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

    def without_filters(self) -> "SearchParams":
        """The same words, sort and page size with no facet filter and no date range."""
        return self.changed(filters={}, date_from="", date_to="")

    # -- to URLs -----------------------------------------------------------------------------
    def pairs(self, with_paging: bool = True) -> list[tuple[str, str]]:
        """The non-default parameters, in a stable order."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in FILTERS:
            out.extend((name, v) for v in self.filters.get(name, ()))
        if self.date_from:
            out.append(("date_from", self.date_from))
        if self.date_to:
            out.append(("date_to", self.date_to))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.unique:
            out.append(("unique", "1"))
        if self.facet_size != self.settings.facet_size:
            out.append(("facet_size", "max" if self.facet_size is None else str(self.facet_size)))
        if with_paging and self.per_page != self.settings.per_page:
            out.append(("per_page", str(self.per_page)))
        if with_paging and self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def url(self, endpoint: str = "search.search", with_paging: bool = True) -> str:
        query = urlencode(self.pairs(with_paging))
        base = url_for(endpoint)
        return f"{base}?{query}" if query else base

    def toggler(self, endpoint: str = "search.search") -> Callable[[str, str], str]:
        """``toggled(facet, value).url()`` for the hundreds of values of a facet list, cheaply: this state's
        parameters are encoded once, around each facet's place; only the toggled facet's part is encoded again."""
        base = url_for(endpoint)
        page_one = replace(self, page=1)
        head = _encoded([("q", self.q)] if self.q else [])
        tail = _encoded([pair for pair in page_one.pairs() if pair[0] not in ("q", *FILTERS)])
        parts = [_encoded([(name, v) for v in self.filters.get(name, ())]) for name in FILTERS]
        around = {name: ("&".join(p for p in (head, *parts[:i]) if p), "&".join(p for p in (*parts[i + 1:], tail) if p))
                  for i, name in enumerate(FILTERS)}

        @lru_cache(maxsize=None)  # a page asks for some values twice (a province in two facet lists)
        def url(facet: str, value: str) -> str:
            values = list(self.filters.get(facet, ()))
            if value in values:
                values.remove(value)
            else:
                values.append(value)
            before, after = around[facet]
            query = "&".join(p for p in (before, _encoded([(facet, v) for v in values]), after) if p)
            return f"{base}?{query}" if query else base

        return url

    def to_dict(self) -> dict:
        return {"q": self.q, "filters": {k: list(v) for k, v in self.filters.items()}, "date_from": self.date_from,
                "date_to": self.date_to, "page": self.page, "per_page": self.per_page, "sort": self.sort,
                "facet_size": self.facet_size, "unique": self.unique}


@lru_cache(maxsize=65536)
def _quoted(text: str) -> str:
    return quote_plus(text)


def _encoded(pairs: list[tuple[str, str]]) -> str:
    """``urlencode(pairs)``, each text quoted once per process."""
    return "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in pairs)


def clean_text(raw: str | None) -> str:
    """A parameter's text with control characters (NUL...) turned into spaces."""
    return CONTROL_RE.sub(" ", raw or "")


def _filters(args: MultiDict, settings: WebSettings) -> dict[str, tuple[str, ...]]:
    filters = {}
    for name in FILTERS:
        values = [v for v in (" ".join(clean_text(v).split()) for v in args.getlist(name)) if v]
        if len(values) > settings.max_facet_values:
            raise InputError(f"Quá nhiều giá trị cho bộ lọc '{name}' (tối đa {settings.max_facet_values}).")
        if values:
            filters[name] = tuple(dict.fromkeys(values))
    if "year" in filters and not all(re.fullmatch(r"[0-9]{4}", v) for v in filters["year"]):
        raise InputError("Năm phải có dạng 4 chữ số 0–9, ví dụ 2020.")
    return filters


def _ordered(filters: dict) -> dict:
    return {name: filters[name] for name in FILTERS if name in filters}


def whole_number(raw: str | None, default: int, name: str) -> int:
    """A positive whole number in ASCII digits (so '²' or '١' is refused, not a crash); capped at 10^6."""
    if raw is None or raw == "":
        return default
    if not ASCII_NUMBER_RE.fullmatch(raw.strip()) or int(raw) < 1:
        label = PARAMETER_LABELS.get(name, name)
        raise InputError(f"{label} ('{name}') phải là số nguyên dương, viết bằng chữ số 0–9 "
                         f"(không phải “{raw[:20]}”).")
    return min(int(raw), 1_000_000)


def switch(raw: str | None, name: str) -> bool:
    """An on/off parameter: 1 / true / on, or 0 / false / off / empty."""
    value = (raw or "").strip().lower()
    if value in ("", "0", "false", "off", "no"):
        return False
    if value in ("1", "true", "on", "yes"):
        return True
    raise InputError(f"Tham số '{name}' chỉ nhận 1 (bật) hoặc 0 (tắt), không phải “{value[:20]}”.")


def date_arg(raw: str | None, name: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    m = DATE_RE.match(raw)
    if not m or not is_calendar_date(*m.groups()):
        raise InputError(f"Ngày không hợp lệ ('{name}' = “{raw[:20]}”): dùng dạng NNNN, NNNN-TT hoặc NNNN-TT-NN "
                         "có thật, ví dụ 2020-05-01.")
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
