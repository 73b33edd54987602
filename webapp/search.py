"""The search page (``/``) and its JSON twin (``/api/search``): results, facets, chips, paging, suggestions."""
from __future__ import annotations

from flask import Blueprint, current_app, request, url_for

from archive.places import province_2025
from index.searchindex import NOTICE_REBUILDING
from webapp.params import FACETS, SearchParams
from webapp.resources import get_index
from webapp.views import render

bp = Blueprint("search", __name__)

FACET_LABELS = {
    "province": "Tỉnh (thời điểm đăng)", "province_2025": "Tỉnh (sau sáp nhập 2025)", "unit": "Đơn vị",
    "level": "Cấp", "year": "Năm", "source": "Trang nguồn", "organisations": "Tổ chức được nhắc đến",
    "provinces_mentioned": "Tỉnh được nhắc đến", "status": "Tình trạng",
}
STATUS_LABELS = {"live": "Còn trên trang nguồn", "removed": "Đã bị gỡ tại nguồn"}
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
MAX_DROP_SUGGESTIONS = 6
NOTICES = {NOTICE_REBUILDING: "Chỉ mục tìm kiếm đang được xây dựng lại; kết quả sẽ có lại trong giây lát."}


@bp.get("/", endpoint="search")
@bp.get("/api/search", endpoint="search_api")
def search_page():
    return render(search_view(), "search.html")


def current_params() -> SearchParams:
    return SearchParams.from_args(request.args, current_app.config["MAX_PER_PAGE"])


def search_view(params: SearchParams | None = None) -> dict:
    """The whole search page as plain data (the JSON twin returns exactly this)."""
    params = params or current_params()
    index = get_index()
    results = index.search(params.query())
    counts = results.facets  # a selected facet is counted without its own selection: more values can be added
    pages = max(1, -(-results.total // params.per_page))
    data = {
        "q": params.q, "params": params.to_dict(),
        "total": results.total, "page": params.page, "per_page": params.per_page, "pages": pages,
        "sort": params.sort,
        "results": [hit_record(h, params) for h in results.hits],
        "facets": facets(params, counts),
        "facets_more": facets_more(params, counts),
        "province_groups": province_groups(params, counts),
        "chips": chips(params),
        "suggestion": suggestion(params, results.suggestion),
        "notice": NOTICES.get(results.notice, results.notice) if results.notice else None,
        "drop_filters": drop_filters(params, index) if results.total == 0 else [],
        "urls": urls(params, pages),
        "sort_options": [{"value": k, "label": v, "selected": k == params.sort} for k, v in SORT_LABELS.items()],
        "facet_labels": FACET_LABELS,
        "value_labels": STATUS_LABELS,
    }
    return data


def hit_record(hit: dict, params: SearchParams) -> dict:
    """One result: the index's fields plus the URL of its page on this site (query kept for highlighting)."""
    record = dict(hit)
    record["article_url"] = url_for("articles.article", article_id=hit["id"], **({"q": params.q} if params.q else {}))
    return record


def facets(params: SearchParams, counts: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Each facet's values as plain data: value, count, selected, toggle_url (selected ones always listed;
    the first ``params.facet_size`` of the others, by count)."""
    out: dict[str, list[dict]] = {}
    for name in FACETS:
        items = [dict(v) for v in _listed(params, name, counts.get(name, []))]
        seen = {i["value"] for i in items}
        items += [{"value": v, "count": 0} for v in params.filters.get(name, ()) if v not in seen]
        for item in items:
            item["value"] = str(item["value"])
            item["selected"] = params.selected(name, item["value"])
            item["toggle_url"] = params.toggled(name, item["value"]).url()
        if name == "year":
            items.sort(key=lambda i: i["value"])
        if items or name in counts:
            out[name] = items
    return out


def _listed(params: SearchParams, name: str, values: list[dict]) -> list[dict]:
    """The values of a facet the page lists: the first ``facet_size``, plus any selected one beyond them."""
    size = params.facet_size
    if size is None or len(values) <= size:
        return values
    return values[:size] + [v for v in values[size:] if params.selected(name, str(v["value"]))]


def facets_more(params: SearchParams, counts: dict[str, list[dict]]) -> dict:
    """Facets with more values than listed: how many more each has, and the URL listing them all."""
    more = {name: len(values) - len(_listed(params, name, values)) for name, values in counts.items()}
    more = {name: n for name, n in more.items() if n}
    return {"counts": more, "url": params.changed(facet_size=None, page=params.page).url() if more else None}


def province_groups(params: SearchParams, counts: dict[str, list[dict]]) -> list[dict]:
    """Today's (2025) provinces, each with the historical provinces merged into it."""
    groups: dict[str, dict] = {}

    def group(value: str, count: int | None) -> dict:
        if value not in groups:
            groups[value] = {"value": value, "count": count, "selected": params.selected("province_2025", value),
                             "toggle_url": params.toggled("province_2025", value).url(), "members": []}
        return groups[value]

    for item in counts.get("province_2025", []):
        group(str(item["value"]), item["count"])
    for item in counts.get("province", []):
        value = str(item["value"])
        group(province_2025(value) or value, None)["members"].append({
            "value": value, "count": item["count"], "selected": params.selected("province", value),
            "toggle_url": params.toggled("province", value).url()})
    for g in groups.values():
        if g["count"] is None:
            g["count"] = sum(m["count"] for m in g["members"])
    return sorted(groups.values(), key=lambda g: (-g["count"], g["value"]))


def chips(params: SearchParams) -> list[dict]:
    """The active filters, each removable by following its URL."""
    out = []
    for name, values in params.filters.items():
        for value in values:
            out.append({"facet": name, "label": FACET_LABELS.get(name, name), "value": value,
                        "display": STATUS_LABELS.get(value, value) if name == "status" else value,
                        "remove_url": params.toggled(name, value).url()})
    if params.date_from:
        out.append({"facet": "date_from", "label": "Từ ngày", "value": params.date_from, "display": params.date_from,
                    "remove_url": params.changed(date_from="").url()})
    if params.date_to:
        out.append({"facet": "date_to", "label": "Đến ngày", "value": params.date_to, "display": params.date_to,
                    "remove_url": params.changed(date_to="").url()})
    return out


def suggestion(params: SearchParams, suggested: str | None) -> dict | None:
    """'Did you mean': the index's spelling suggestion as a link."""
    if not suggested or suggested == params.q:
        return None
    return {"q": suggested, "url": params.changed(q=suggested).url()}


def drop_filters(params: SearchParams, index) -> list[dict]:
    """For an empty result: each active filter, with how many results there would be without it."""
    out = []
    for chip in chips(params)[:MAX_DROP_SUGGESTIONS]:
        if chip["facet"] in ("date_from", "date_to"):
            smaller = params.changed(**{chip["facet"]: ""})
        else:
            smaller = params.toggled(chip["facet"], chip["value"])
        total = index.search(smaller.query(page=1, per_page=1)).total
        if total:
            out.append({**chip, "total": total, "url": smaller.url()})
    return out


def urls(params: SearchParams, pages: int) -> dict:
    """Links of this page: its JSON twin, exports, feed, neighbouring pages, sort orders."""
    page_links = []
    first, last = max(1, params.page - 3), min(pages, params.page + 3)
    for n in range(first, last + 1):
        page_links.append({"page": n, "url": params.changed(page=n).url(), "current": n == params.page})
    return {
        "self": params.url(), "json": params.url("search.search_api"),
        "csv": params.url("exports.csv", with_paging=False), "jsonl": params.url("exports.jsonl", with_paging=False),
        "atom": params.url("exports.atom", with_paging=False),
        "prev": params.changed(page=params.page - 1).url() if params.page > 1 else None,
        "next": params.changed(page=params.page + 1).url() if params.page < pages else None,
        "pages": page_links,
        "clear": url_for("search.search", **({"q": params.q} if params.q else {})),
    }

