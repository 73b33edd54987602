"""For researchers: attention over time (``/trends``, ``/api/trends``, CSV, SVG) and where and who wrote it.

The trends page shows, for a search and up to four more queries on the same filters, the share of
matching articles per period (chart drawn on the server, and the same figures as a table), and the
matching articles broken down by province (as published and as of 2025), level, unit, source and
collection, each value with its share of all articles of that value and a link that filters the search.
"""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, request, url_for

from index.trends import INTERVALS, MAX_COMPARE
from webapp.charts import series_name, trend_svg
from webapp.facets import FACET_LABELS
from webapp.params import InputError, SearchParams, clean_text
from webapp.resources import get_index, get_settings
from webapp.views import render

bp = Blueprint("research", __name__)

INTERVAL_LABELS = {"week": "Tuần", "month": "Tháng", "quarter": "Quý", "year": "Năm"}
DEFAULT_INTERVAL = "month"
BREAKDOWNS = ("province", "province_2025", "level", "unit", "source", "collection")
BREAKDOWN_ROWS = 20
MAX_COMPARE_CHARS = 300


def trend_params() -> tuple[SearchParams, str, list[str]]:
    """The search (words, filters, dates), the interval and the other queries to compare (Vietnamese 400s)."""
    params = SearchParams.from_args(request.args, get_settings())
    interval = request.args.get("interval") or DEFAULT_INTERVAL
    if interval not in INTERVALS:
        raise InputError(f"Khoảng thời gian không hợp lệ: “{interval}” (dùng week, month, quarter hoặc year).")
    compare = [" ".join(clean_text(q).split()) for q in request.args.getlist("compare")]
    compare = [q for q in compare if q]
    if len(compare) > MAX_COMPARE:
        raise InputError(f"Chỉ so sánh được thêm tối đa {MAX_COMPARE} câu tìm (đã nhập {len(compare)}).")
    if any(len(q) > MAX_COMPARE_CHARS for q in compare):
        raise InputError(f"Câu tìm để so sánh quá dài (tối đa {MAX_COMPARE_CHARS} ký tự).")
    return params, interval, compare


def trends_view() -> dict:
    """The trends page as plain data; ``interval`` and ``series`` are the contract's /api/trends shape."""
    params, interval, compare = trend_params()
    trend = get_index().trends(params.query(page=1), interval, compare).to_json()
    out = dict(trend)
    out.update({
        "q": params.q, "compare": compare, "params": params.to_dict(),
        "intervals": [{"value": k, "label": v, "selected": k == interval} for k, v in INTERVAL_LABELS.items()],
        "table": table(trend), "breakdowns": breakdowns(params),
        "urls": {"self": request.full_path.rstrip("?"), "json": _here("research.trends_api"),
                 "csv": _here("research.trends_api", format="csv"), "svg": _here("research.trend_svg"),
                 "search": params.url(), "terms": params.url("terms.terms", with_paging=False)},
    })
    return out


def _here(endpoint: str, **extra) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "format"] + list(extra.items())
    query = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in args)
    return url_for(endpoint) + (f"?{query}" if query else "")


def _quote(text: str) -> str:
    from urllib.parse import quote_plus
    return quote_plus(str(text))


def table(trend: dict) -> dict:
    """The chart's figures as rows: one per period, a (count, total, share) cell per series."""
    series = trend["series"]
    names = [series_name(s["q"], n) for n, s in enumerate(series, start=1)]
    periods = [p["period"] for p in series[0]["points"]] if series else []
    rows = [{"period": period, "cells": [s["points"][i] for s in series]} for i, period in enumerate(periods)]
    return {"series": names, "rows": rows}


def breakdowns(params: SearchParams) -> list[dict]:
    """Matching articles per value of each dimension, against all articles of that value (same filters)."""
    index = get_index()
    matching = index.search(params.query(page=1, per_page=1)).facets
    scope = index.search(params.changed(q="").query(page=1, per_page=1)).facets
    toggle = params.toggler()
    out = []
    for name in BREAKDOWNS:
        totals = {str(v["value"]): v["count"] for v in scope.get(name, [])}
        rows = []
        for item in matching.get(name, [])[:BREAKDOWN_ROWS]:
            value, count = str(item["value"]), item["count"]
            total = totals.get(value, 0)
            rows.append({"value": value, "count": count, "total": total,
                         "share": round(count / total, 4) if total else 0.0,
                         "search_url": toggle(name, value) if not params.selected(name, value) else params.url()})
        out.append({"name": name, "label": FACET_LABELS.get(name, name), "rows": rows,
                    "more": max(0, len(matching.get(name, [])) - BREAKDOWN_ROWS)})
    return out


@bp.get("/trends", endpoint="trends")
@bp.get("/api/trends", endpoint="trends_api")
def trends_page():
    view = trends_view()
    if request.args.get("format") == "csv":
        return Response("\ufeff" + trend_csv(view), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="danvan-trends.csv"'})
    return render(view, "trends.html")


@bp.get("/trends.svg", endpoint="trend_svg")
def trend_chart():
    params, interval, compare = trend_params()
    trend = get_index().trends(params.query(page=1), interval, compare).to_json()
    title = f"Tỷ lệ bài khớp theo {INTERVAL_LABELS[interval].lower()}"
    return Response(trend_svg(trend, title), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=300"})


def trend_csv(view: dict) -> str:
    """One row per query and period: the contract's fields."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["q", "interval", "period", "count", "total", "share"])
    for s in view["series"]:
        for p in s["points"]:
            writer.writerow([_cell(s["q"]), view["interval"], p["period"], p["count"], p["total"], p["share"]])
    return buffer.getvalue()


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
