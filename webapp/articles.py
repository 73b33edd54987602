"""Article pages and their JSON twins, the raw snapshot as fetched (as plain text), and version diffs."""
from __future__ import annotations

import logging
import re
from datetime import date

from flask import Blueprint, Response, abort, request, url_for

from archive.models import Article, ArticleVersion
from archive.records import article_record
from webapp.diffs import version_diff
from webapp.links import absolute_url, http_url
from webapp.params import InputError, clean_text, whole_number
from webapp.resources import get_archive, get_index, get_settings
from webapp.security import RAW_CSP
from webapp.views import render, vn_date

log = logging.getLogger(__name__)
bp = Blueprint("articles", __name__)


@bp.get("/articles/<article_id>", endpoint="article")
@bp.get("/api/articles/<article_id>", endpoint="article_api")
def article_page(article_id: str):
    return render(article_view(article_id), "article.html")


def load_article(article_id: str) -> Article:
    article = get_archive().get_article(article_id) if len(article_id) <= 64 else None
    if article is None:
        abort(404)
    return article


def article_view(article_id: str) -> dict:
    """The article as in /api/articles/<id> (archive.records.article_record), plus links, similar, citation."""
    archive = get_archive()
    article = load_article(article_id)
    data = article_record(archive, article)
    versions = data["versions"]
    for i, v in enumerate(versions):
        v["raw_url"] = raw_url(article.id, v["version"]) if v.get("snapshot_id") else None
        v["diff_url"] = (url_for("articles.diff", article_id=article.id, **{"from": versions[i - 1]["version"],
                                                                            "to": v["version"]}) if i else None)
    data["q"] = " ".join(clean_text(request.args.get("q"))[:get_settings().max_query_chars].split())
    data["links"] = {
        "self": url_for("articles.article", article_id=article.id),
        "json": url_for("articles.article_api", article_id=article.id),
        "source": http_url(article.url) or None,  # a link only to an http(s) page
        "snapshot": raw_url(article.id, article.version) if article.snapshot_id else None,
        "diff": versions[-1]["diff_url"] if len(versions) > 1 else None,
    }
    data["documents"] = [dict(d, document_url=url_for("documents.document", document_id=d["id"]))
                         for d in archive.documents_of(article.id)]
    data["duplicates"] = [dict(m, article_url=url_for("articles.article", article_id=m["id"]))
                          for m in (archive.group_members(article.group) if article.group else []) if m["id"] != article.id]
    data["similar"] = similar(article.id)
    data["cite"] = citation(article, absolute_url(data["links"]["self"]))
    return data


def raw_url(article_id: str, version: int) -> str:
    return url_for("articles.raw", article_id=article_id, version=version)


def similar(article_id: str) -> list[dict]:
    """'More like this' from the index; the page still works if the index cannot answer."""
    try:
        found = get_index().more_like_this(article_id, limit=get_settings().similar)
    except Exception:  # an auxiliary box must never take the article page down
        log.warning("more_like_this failed for %s", article_id, exc_info=True)
        return []
    return [dict(h, article_url=url_for("articles.article", article_id=h["id"])) for h in found
            if h.get("id") != article_id]


def citation(article: Article, archived_url: str) -> str:
    """A plain-text reference: author/unit, title, date, URL, accessed date (Vietnamese conventions)."""
    who = article.source or article.unit
    parts = [f"{article.author}" if article.author else None, who]
    head = ", ".join(p for p in parts if p)
    published = vn_date(article.published) or "không rõ ngày"
    return (f"{head}. “{article.title}”. {published}. {article.url} "
            f"(truy cập ngày {vn_date(date.today().isoformat())}; bản lưu: {archived_url}).")


def find_version(article_id: str, number: int) -> ArticleVersion:
    for v in get_archive().versions(article_id):
        if v.version == number:
            return v
    abort(404)


@bp.get("/articles/<article_id>/versions/<int:version>/raw", endpoint="raw")
def raw_snapshot(article_id: str, version: int):
    """The page exactly as fetched, as plain text: never live HTML on our origin."""
    from extract import decode_html

    load_article(article_id)
    v = find_version(article_id, version)
    archive = get_archive()
    snap = archive.get_snapshot(v.snapshot_id) if v.snapshot_id else None
    body = archive.snapshot_body(snap) if snap else None
    if body is None:
        abort(404)
    text = decode_html(body, snap.content_type)
    response = Response(text, mimetype="text/plain")
    response.headers["Content-Security-Policy"] = RAW_CSP
    name = re.sub(r"[^\w.-]", "_", article_id, flags=re.ASCII)
    response.headers["Content-Disposition"] = f'inline; filename="snapshot-{name}-v{version}.txt"'
    response.headers["X-Snapshot-URL"] = header_value(snap.final_url or snap.url)
    response.headers["X-Snapshot-Fetched-At"] = header_value(snap.fetched_at)
    return response


def header_value(text: str | None) -> str:
    """Stored text made safe for a response header: ASCII, no line breaks or other control characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "", (text or "").encode("ascii", "replace").decode("ascii"))


@bp.get("/articles/<article_id>/diff", endpoint="diff")
@bp.get("/api/articles/<article_id>/diff", endpoint="diff_api")
def diff_page(article_id: str):
    return render(diff_view(article_id), "diff.html")


def diff_view(article_id: str) -> dict:
    """What changed between two versions (default: the last two)."""
    article = load_article(article_id)
    versions = get_archive().versions(article_id)
    numbers = [v.version for v in versions]
    to_n = _version_arg("to", numbers[-1])
    from_n = _version_arg("from", max(numbers[0], to_n - 1))
    if from_n not in numbers or to_n not in numbers:
        raise InputError(f"Phiên bản không có: bài này có các phiên bản {', '.join(map(str, numbers))}.")
    by_number = {v.version: v for v in versions}
    data = version_diff(by_number[from_n], by_number[to_n])
    data.update({
        "id": article.id, "title": article.title, "status": article.status,
        "versions": [{"version": v.version, "fetched_at": v.fetched_at, "title": v.title} for v in versions],
        "links": {"article": url_for("articles.article", article_id=article.id),
                  "json": url_for("articles.diff_api", article_id=article.id, **{"from": from_n, "to": to_n})},
    })
    return data


def _version_arg(name: str, default: int) -> int:
    """A version number from the URL, in ASCII digits ('²' is a 400, not a crash)."""
    return whole_number(request.args.get(name), default, name)

