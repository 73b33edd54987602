"""Telling words of a search: ``/terms`` and its JSON twin ``/api/terms`` ({"terms": [{term, docs, score}]}).

Each term links to the search with the term added to the query (quoted when it is a phrase), so a
researcher can follow a word into the articles that use it.
"""
from __future__ import annotations

from flask import Blueprint, request

from index.searchindex import DEFAULT_TERMS, MAX_TERMS
from webapp.params import SearchParams, whole_number
from webapp.resources import get_index, get_settings
from webapp.views import render

bp = Blueprint("terms", __name__)


def with_term(q: str, term: str) -> str:
    """The query with one more term (a phrase in quotes)."""
    added = f'"{term}"' if " " in term else term
    return f"{q} {added}".strip()


def terms_view() -> dict:
    """The telling words of a search, each with a link that narrows the search to it."""
    params = SearchParams.from_args(request.args, get_settings())
    limit = min(whole_number(request.args.get("limit"), DEFAULT_TERMS, "limit"), MAX_TERMS)
    found = get_index().terms(params.query(page=1), limit)
    out = found.to_json()
    for item in out["terms"]:
        item["search_url"] = params.changed(q=with_term(params.q, item["term"])).url(with_paging=False)
    json_url = params.url("terms.terms_api", with_paging=False)
    out.update({"q": params.q, "params": params.to_dict(), "limit": limit,
                "urls": {"search": params.url(), "trends": params.url("research.trends", with_paging=False),
                         "json": f"{json_url}{'&' if '?' in json_url else '?'}limit={limit}"}})
    return out


@bp.get("/terms", endpoint="terms")
@bp.get("/api/terms", endpoint="terms_api")
def terms_page():
    return render(terms_view(), "terms.html")
