"""What a search asks for: query text, facet filters, dates, page, sort (SearchQuery), and how it is checked.

The query text itself is compiled by ``index.query``; what cannot be answered raises its QueryError.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from index.query import QueryError
from index.schema import FACETS, GROUP, KIND_ARTICLE

MAX_QUERY_CHARS = 2000
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_RESULT_WINDOW = 10_000  # page * per_page
SORTS = ("relevance", "newest", "oldest")
DEFAULT_KINDS = (KIND_ARTICLE,)  # a search that names no kind finds articles (the contract); documents when asked
FILTERS = (*FACETS, GROUP)  # what a search may be filtered by: the facets and a group of syndicated copies
DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only


@dataclass
class SearchQuery:
    """One search: query text, facet filters (OR within a facet, AND across), dates, page, sort;
    ``unique``: one hit per group of syndicated copies (its earliest matching article) in every count."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "relevance"
    unique: bool = False

    @property
    def matched_filters(self) -> dict[str, list[str]]:
        """The filters a search applies: the given ones, and articles only unless a kind is given."""
        return {"kind": list(DEFAULT_KINDS), **self.filters}

    def validated(self, window: int | None = MAX_RESULT_WINDOW) -> "SearchQuery":
        """A copy with every field checked and normalised; raises QueryError.

        ``window``: how deep ``page * per_page`` may go (None: no limit, for ``iter_hits``).
        """
        q = self.q or ""
        if not isinstance(q, str):
            raise QueryError("not_text")
        if len(q) > MAX_QUERY_CHARS:
            raise QueryError("too_long", length=len(q), limit=MAX_QUERY_CHARS)
        page = _whole(self.page, "page", 1)
        per_page = max(1, min(_whole(self.per_page, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE))
        if page < 1:
            raise QueryError("bad_page")
        if window is not None and page * per_page > window:
            raise QueryError("too_deep", window=window, page=page, per_page=per_page)
        sort = str(self.sort or "relevance").lower()
        if sort not in SORTS:
            raise QueryError("bad_sort", sort=str(self.sort)[:40])
        filters: dict[str, list[str]] = {}
        for name, values in (self.filters or {}).items():
            if name not in FILTERS:
                raise QueryError("bad_filter", name=str(name)[:40], known=", ".join(FILTERS))
            if isinstance(values, (str, int)):
                values = [values]
            cleaned = [str(v).strip() for v in values if v is not None and str(v).strip()]
            if cleaned:
                filters[name] = list(dict.fromkeys(cleaned))
        return SearchQuery(q=q.strip(), filters=filters, date_from=_date_bound(self.date_from, "date_from", False),
                           date_to=_date_bound(self.date_to, "date_to", True), page=page, per_page=per_page,
                           sort=sort, unique=bool(self.unique))


def _whole(value, name: str, default: int) -> int:
    """An int, or a string of ASCII digits (at most 9, so never a huge conversion); else QueryError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        return default
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        raise QueryError("bad_number", name=name, value=text[:40])
    return int(text)


def _date_bound(value, name: str, upper: bool) -> str | None:
    """"2021", "2021-03" or "2021-03-04" -> a full date key bound ("YYYY-MM-DD HH:MM")."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    m = DATE_RE.match(text)
    if not m or not is_calendar_date(*m.groups()):
        raise QueryError("bad_date", name=name, value=text[:40])
    year, month, day = m.groups()
    return f"{year}-{month or ('12' if upper else '01')}-{day or ('31' if upper else '01')} " + (
        "23:59" if upper else "00:00")


def is_calendar_date(year: str, month: str | None = None, day: str | None = None) -> bool:
    """Whether the (ASCII digit) parts name a real year, month or day (year 1 to 9999)."""
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True
