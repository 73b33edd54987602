"""Exports of a whole search (every hit, streamed page by page) as CSV and JSONL, and an Atom feed per search."""
from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context, url_for

from webapp.params import SearchParams, full_date
from webapp.resources import get_index
from webapp.search import current_params

log = logging.getLogger(__name__)
bp = Blueprint("exports", __name__)

CSV_FIELDS = ("id", "url", "title", "published", "province", "province_2025", "unit", "level", "district",
              "source", "status", "article_url")
PAGE = 100
WINDOW = 10_000  # the index pages through at most this many hits of one query
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def all_hits(params: SearchParams) -> Iterator[dict]:
    """Every hit of the search, fetched from the index a page at a time (the first page eagerly, so a bad
    query fails before the response starts).

    The index pages through at most WINDOW hits of one query; a bigger result is exported year by year
    (month by month inside a year that is still too big), oldest first.
    """
    index = get_index()
    limit = current_app.config["EXPORT_LIMIT"]
    first = index.search(params.query(page=1, per_page=PAGE))
    root = request.url_root.rstrip("/")

    def generate() -> Iterator[dict]:
        parts = [(params, first)] if first.total <= WINDOW else _buckets(index, params, first)
        sent = 0
        for part, results in parts:
            for hit in _pages(index, part, results):
                if sent >= limit:
                    return
                yield dict(hit, article_url=root + url_for("articles.article", article_id=hit["id"]))
                sent += 1

    return generate()


def _pages(index, params: SearchParams, results) -> Iterator[dict]:
    """The hits of one search that fits in the window, page after page."""
    page = 1
    while results.hits:
        yield from results.hits
        if page * PAGE >= min(results.total, WINDOW):
            return
        page += 1
        results = index.search(params.query(page=page, per_page=PAGE))


def _buckets(index, params: SearchParams, first) -> Iterator[tuple[SearchParams, object]]:
    """The search cut into date slices that each fit in the index's window, oldest first."""
    years = sorted(str(y["value"]) for y in first.facets.get("year", []))
    undated = first.total - sum(y["count"] for y in first.facets.get("year", []))
    if undated > 0:
        log.warning("export: %d hits without a publication date are left out of a %d-hit export", undated,
                    first.total)
    for year in years:
        part = params.changed(filters={**params.filters, "year": (year,)}, sort="oldest")
        results = index.search(part.query(page=1, per_page=PAGE))
        if results.total <= WINDOW:
            yield part, results
            continue
        for month in range(1, 13):
            lo, hi = _intersect(params, f"{year}-{month:02d}-01", full_date(f"{year}-{month:02d}", start=False))
            if lo > hi:
                continue
            sliced = part.changed(date_from=lo, date_to=hi)
            results = index.search(sliced.query(page=1, per_page=PAGE))
            if results.total > WINDOW:
                log.warning("export: %s-%02d has %d hits; only the first %d are exported", year, month,
                            results.total, WINDOW)
            yield sliced, results


def _intersect(params: SearchParams, lo: str, hi: str) -> tuple[str, str]:
    """A date slice narrowed to the search's own date range."""
    if params.date_from:
        lo = max(lo, full_date(params.date_from, start=True))
    if params.date_to:
        hi = min(hi, full_date(params.date_to, start=False))
    return lo, hi


def csv_cell(value) -> str:
    """A spreadsheet-safe cell: lists joined, formulas neutralised (crawled titles are untrusted)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _filename(ext: str) -> str:
    return f"danvan-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.{ext}"


@bp.get("/export.csv", endpoint="csv")
def export_csv():
    hits = all_hits(current_params())

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_FIELDS)
        yield "\ufeff" + buffer.getvalue()  # BOM: spreadsheets then read the Vietnamese text as UTF-8
        for hit in hits:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([csv_cell(hit.get(f)) for f in CSV_FIELDS])
            yield buffer.getvalue()

    return Response(stream_with_context(rows()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{_filename("csv")}"'})


@bp.get("/export.jsonl", endpoint="jsonl")
def export_jsonl():
    hits = all_hits(current_params())

    def lines() -> Iterator[str]:
        for hit in hits:
            yield json.dumps(hit, ensure_ascii=False) + "\n"

    return Response(stream_with_context(lines()), mimetype="application/x-ndjson",
                    headers={"Content-Disposition": f'attachment; filename="{_filename("jsonl")}"'})


@bp.get("/feed.atom", endpoint="atom")
def atom_feed():
    """The newest matching articles: a feed reader shows what each re-crawl added."""
    params = current_params().changed(sort="newest", per_page=current_app.config["FEED_SIZE"])
    results = get_index().search(params.query())
    root = request.url_root.rstrip("/")
    entries = []
    for hit in results.hits:
        entries.append({**hit, "link": root + url_for("articles.article", article_id=hit["id"]),
                        "updated": _atom_time(hit.get("crawled_at") or hit.get("published"))})
    title = "Kho Dân vận: " + (params.q or "tất cả bài viết")
    if params.filters:
        title += " (" + "; ".join(", ".join(v) for v in params.filters.values()) + ")"
    body = render_template("feed.xml", title=title, entries=entries,
                           self_url=root + params.url("exports.atom", with_paging=False),
                           html_url=root + params.changed(sort="newest").url(),
                           feed_id=root + params.url("exports.atom", with_paging=False),
                           updated=max((e["updated"] for e in entries), default=_atom_time(None)))
    return Response(body, mimetype="application/atom+xml")


def _atom_time(value: str | None) -> str:
    """RFC 3339 for Atom: dates get midnight UTC; nothing means now."""
    if not value:
        return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if len(value) == 10:
        return value + "T00:00:00Z"
    return value if value.endswith("Z") or "+" in value[10:] else value + "Z"
