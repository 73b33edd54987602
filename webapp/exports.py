"""Exports of a whole search (every hit, streamed from the index) as CSV and JSONL, and an Atom feed per search."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timezone

from flask import Blueprint, Response, render_template, stream_with_context, url_for

from webapp.links import absolute_url, http_url, xml_text
from webapp.params import SearchParams
from webapp.resources import get_index, get_settings
from webapp.search import current_params

bp = Blueprint("exports", __name__)

CSV_FIELDS = ("id", "url", "title", "published", "province", "province_2025", "unit", "level", "district",
              "source", "status", "group", "group_size", "article_url")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def all_hits(params: SearchParams) -> Iterator[dict]:
    """Every hit of the search in its sort order, streamed from the index (up to web.export_limit).

    The index orders the hits when this is called, so a bad query fails before the response starts.
    """
    hits = get_index().iter_hits(params.query(page=1), limit=get_settings().export_limit)
    return (dict(hit, article_url=absolute_url(url_for("articles.article", article_id=hit["id"]))) for hit in hits)


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
    """The newest matching articles: a feed reader shows what each re-crawl added.

    Always well-formed XML: characters XML cannot hold are dropped from every value, and an entry links
    to its source page (rel="via") only when that is an http(s) URL.
    """
    params = current_params().changed(sort="newest")
    hits = get_index().iter_hits(params.query(page=1), limit=get_settings().feed_size, snippets=True)
    entries = [feed_entry(hit) for hit in hits]
    title = "Kho Dân vận: " + (params.q or "tất cả bài viết")
    if params.filters:
        title += " (" + "; ".join(", ".join(v) for v in params.filters.values()) + ")"
    self_url = absolute_url(params.url("exports.atom", with_paging=False))
    feed = xml_text({"title": title, "entries": entries, "self_url": self_url, "feed_id": self_url,
                     "html_url": absolute_url(params.url()),
                     "updated": max((e["updated"] for e in entries), default=atom_time(None))})
    return Response(render_template("feed.xml", **feed), mimetype="application/atom+xml")


def feed_entry(hit: dict) -> dict:
    published = hit.get("published")
    return {**hit, "link": absolute_url(url_for("articles.article", article_id=hit["id"])),
            "via": http_url(hit.get("url")), "published_date": published,
            "published": atom_time(published) if parse_time(published) else None,
            "updated": atom_time(hit.get("crawled_at") or published)}


def parse_time(value: str | None) -> datetime | None:
    """A date or timestamp in ISO form (UTC when it has no offset), or None for anything else."""
    try:
        moment = datetime.fromisoformat(str(value).strip()) if value else None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc) if moment else None
    except (ValueError, OverflowError):
        return None


def atom_time(value: str | None) -> str:
    """RFC 3339 in UTC for Atom: dates get midnight; nothing (or no date at all) means now."""
    moment = parse_time(value) or datetime.now(timezone.utc)
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
