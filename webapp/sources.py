"""The sources / status page: each source with its article count, date range and last crawl."""
from __future__ import annotations

from flask import Blueprint, url_for

from webapp import messages
from webapp.resources import get_archive, get_index
from webapp.views import render

bp = Blueprint("sources", __name__)


@bp.get("/sources", endpoint="sources")
@bp.get("/api/sources", endpoint="sources_api")
def sources_page():
    return render(sources_view(), "sources.html")


def sources_view() -> dict:
    """Archive.stats() as plain data, with a search link per source."""
    archive = get_archive()
    rows = []
    for entry in archive.stats():
        source = entry["source"]
        rows.append({
            "id": source.id, "name": source.name, "province": source.province, "unit": source.unit,
            "level": source.level, "district": source.district, "start_urls": list(source.start_urls),
            "schedule": source.schedule, "articles": entry["articles"], "removed": entry["removed"],
            "first_published": entry["first_published"], "last_published": entry["last_published"],
            "last_crawl": crawl_record(entry["last_crawl"]),
            "search_url": url_for("search.search", source=source.name),
        })
    totals = {"sources": len(rows), "articles": archive.count_articles(),
              "removed": sum(r["removed"] for r in rows)}
    return {"sources": rows, "totals": totals, "index": get_index().freshness(archive),
            "links": {"json": url_for("sources.sources_api")}}


def crawl_record(crawl: dict | None) -> dict | None:
    """The last crawl as stored (``status`` and ``last_error`` as the crawler wrote them, in English) plus
    ``status_label``, its status in Vietnamese, and ``status_known`` (False: the page shows the raw code)."""
    if crawl is None:
        return None
    status = crawl.get("status")
    return dict(crawl, status_label=messages.crawl_status(status), status_known=status in messages.CRAWL_STATUSES)
