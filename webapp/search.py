"""The search page (``/``) and its JSON twin (``/api/search``): results, facets, chips, paging, suggestions,
notes on the query, and the order the results are really in."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, request, url_for

from index import QueryError
from index.searchindex import NOTICE_REBUILDING
from webapp import messages
from webapp.facets import FACET_LABELS, STATUS_LABELS, chips, facets, facets_more, province_groups
from webapp.params import SearchParams
from webapp.resources import get_archive, get_index, get_settings
from webapp.views import render

bp = Blueprint("search", __name__)

SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
MAX_DROP_SUGGESTIONS = 6
NOTICES = {NOTICE_REBUILDING: "Chỉ mục tìm kiếm đang được xây dựng lại; kết quả sẽ có lại trong giây lát."}
OTHER_NOTICE = "Chỉ mục tìm kiếm đang thay đổi; kết quả có thể chưa đầy đủ."


@bp.get("/", endpoint="search")
@bp.get("/api/search", endpoint="search_api")
def search_page():
    return render(search_view(), "search.html")


def current_params() -> SearchParams:
    return SearchParams.from_args(request.args, get_settings())


def search_view(params: SearchParams | None = None) -> dict:
    """The whole search page as plain data (the JSON twin returns exactly this)."""
    params = params or current_params()
    index = get_index()
    results = run_search(index, params)
    compiled = index.compile(params.q)
    counts = results.facets  # a selected facet is counted without its own selection: more values can be added
    order = params.sort if params.sort != "relevance" or compiled.scorable else "newest"
    toggle = params.toggler()
    return {
        "q": params.q, "params": params.to_dict(),
        "total": results.total, "page": params.page, "per_page": params.per_page, "pages": results.pages,
        "sort": order,
        "results": with_copies([hit_record(h, params) for h in results.hits], params),
        "facets": facets(params, counts, toggle),
        "facets_more": facets_more(params, counts),
        "province_groups": province_groups(params, counts, toggle),
        "chips": chips(params),
        "suggestion": suggestion(params, results.suggestion),
        "notice": NOTICES.get(results.notice, OTHER_NOTICE) if results.notice else None,
        "notes": query_notes(compiled.notes),
        "beyond_last": beyond_last(params, results.pages),
        "drop_filters": drop_filters(params, index) if results.total == 0 else [],
        "urls": urls(params, results.pages),
        "sort_options": [{"value": k, "label": v, "selected": k == order} for k, v in SORT_LABELS.items()
                         if compiled.scorable or k != "relevance"],
        "facet_labels": FACET_LABELS,
        "value_labels": STATUS_LABELS,
    }


def run_search(index, params: SearchParams):
    """The index's answer; a page beyond the last one is answered (empty) even past the paging window."""
    try:
        return index.search(params.query())
    except QueryError as exc:
        if exc.code != "too_deep":
            raise
        first = index.search(params.query(page=1))
        if params.page <= first.pages:
            raise
        return replace(first, hits=[], page=params.page)


def query_notes(notes: list[tuple[str, dict]]) -> list[dict]:
    """The index's notes on the query, in Vietnamese, each once."""
    out: dict[str, dict] = {}
    for code, note_params in notes:
        message = messages.query_note(code, note_params)
        if message and message not in out:
            out[message] = {"code": code, "message": message}
    return list(out.values())


def beyond_last(params: SearchParams, pages: int) -> dict | None:
    """For a page past the last one: which page was asked, how many there are, and the last one's URL."""
    if params.page <= pages:
        return None
    return {"page": params.page, "pages": pages, "url": params.changed(page=pages).url()}


def hit_record(hit: dict, params: SearchParams) -> dict:
    """One result: the index's fields plus the URL of its page on this site (query kept for highlighting)."""
    record = dict(hit)
    endpoint, key = ("documents.document", "document_id") if hit.get("kind") == "văn bản" else ("articles.article",
                                                                                                "article_id")
    record["article_url"] = url_for(endpoint, **{key: hit["id"]}, **({"q": params.q} if params.q else {}))
    return record


def with_copies(records: list[dict], params: SearchParams) -> list[dict]:
    """Syndicated copies: a grouped result lists the group's other articles (``copies``, shown on demand) and
    a link to them all; a later result of a group already on the page is marked ``folded_into`` the first,
    so the page shows one card per group."""
    first_of: dict[str, str] = {}
    for record in records:
        group = record.get("group")
        if not group or (record.get("group_size") or 1) < 2:
            continue
        record["copies"] = [dict(m, article_url=url_for("articles.article", article_id=m["id"]))
                            for m in get_archive().group_members(group) if m["id"] != record["id"]]
        record["copies_url"] = params.without_filters().changed(q="", filters={"group": (group,)}, unique=False).url()
        if group in first_of:
            record["folded_into"] = first_of[group]
        else:
            first_of[group] = record["id"]
    return records


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
    """Links of this page: its JSON twin, exports, feed, neighbouring pages, no filters.

    Keys are never names of dict methods (a template's ``urls.clear`` would be ``dict.clear``).
    """
    here = min(params.page, pages)  # past the last page, the pager is the last page's
    page_links = [{"page": n, "url": params.changed(page=n).url(), "current": n == params.page}
                  for n in range(max(1, here - 3), min(pages, here + 3) + 1)]
    return {
        "self": params.url(), "json": params.url("search.search_api"),
        "csv": params.url("exports.csv", with_paging=False), "jsonl": params.url("exports.jsonl", with_paging=False),
        "atom": params.url("exports.atom", with_paging=False),
        "prev": params.changed(page=min(params.page - 1, pages)).url() if params.page > 1 else None,
        "next": params.changed(page=params.page + 1).url() if params.page < pages else None,
        "pages": page_links,
        "clear_filters": params.without_filters().url(),
        "trends": params.url("research.trends", with_paging=False),
        "unique_toggle": params.changed(unique=not params.unique).url(),
        "terms": params.url("terms.terms", with_paging=False),
        "trend_svg": params.url("research.trend_svg", with_paging=False) + ("&" if params.pairs(False) else "?")
                     + "interval=year",
    }
