"""Exports of a whole search (every hit, streamed from the index) as CSV and JSONL, and an Atom feed per search."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context, url_for

from webapp.params import SearchParams
from webapp.resources import get_index
from webapp.search import current_params

bp = Blueprint("exports", __name__)

CSV_FIELDS = ("id", "url", "title", "published", "province", "province_2025", "unit", "level", "district",
              "source", "status", "article_url")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def all_hits(params: SearchParams) -> Iterator[dict]:
    """Every hit of the search in its sort order, streamed from the index (up to EXPORT_LIMIT).

    The index orders the hits when this is called, so a bad query fails before the response starts.
    """
    hits = get_index().iter_hits(params.query(page=1), limit=current_app.config["EXPORT_LIMIT"])
    root = request.url_root.rstrip("/")
    return (dict(hit, article_url=root + url_for("articles.article", article_id=hit["id"])) for hit in hits)


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
    params = current_params().changed(sort="newest")
    hits = get_index().iter_hits(params.query(page=1), limit=current_app.config["FEED_SIZE"], snippets=True)
    root = request.url_root.rstrip("/")
    entries = []
    for hit in hits:
        entries.append({**hit, "link": root + url_for("articles.article", article_id=hit["id"]),
                        "updated": _atom_time(hit.get("crawled_at") or hit.get("published"))})
    title = "Kho Dân vận: " + (params.q or "tất cả bài viết")
    if params.filters:
        title += " (" + "; ".join(", ".join(v) for v in params.filters.values()) + ")"
    self_url = root + params.url("exports.atom", with_paging=False)
    body = render_template("feed.xml", title=title, entries=entries, self_url=self_url,
                           html_url=root + params.changed(sort="newest").url(), feed_id=self_url,
                           updated=max((e["updated"] for e in entries), default=_atom_time(None)))
    return Response(body, mimetype="application/atom+xml")


def _atom_time(value: str | None) -> str:
    """RFC 3339 for Atom: dates get midnight UTC; nothing means now."""
    if not value:
        return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if len(value) == 10:
        return value + "T00:00:00Z"
    return value if value.endswith("Z") or "+" in value[10:] else value + "Z"
