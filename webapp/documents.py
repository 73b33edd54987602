"""Documents attached to articles: ``/documents/<id>`` (text by page, header fields, the articles that link
it, its versions) and its JSON twin ``/api/documents/<id>``; the file itself at ``/documents/<id>/file``,
always a download (never rendered on our origin)."""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, request, url_for

from archive.documents import is_document_id
from archive.models import Document
from webapp.links import http_url
from webapp.params import clean_text
from webapp.resources import get_archive, get_settings
from webapp.security import RAW_CSP
from webapp.views import render

bp = Blueprint("documents", __name__)

FILE_TYPES = {"pdf": "pdf", "docx": "docx", "doc": "doc", "odt": "odt", "rtf": "rtf", "xls": "xls", "xlsx": "xlsx"}
STATE_LABELS = {"pending": "đang chờ đọc", "ocr": "đang chờ nhận dạng chữ (OCR) một số trang",
                "done": "đã đọc", "failed": "không đọc được"}


def load_document(document_id: str) -> Document:
    doc = get_archive().get_document(document_id) if is_document_id(document_id) else None
    if doc is None:
        abort(404)
    return doc


def document_record(doc: Document) -> dict:
    """The contract's /api/documents/<id> fields, then more (state, pages, links, versions)."""
    archive = get_archive()
    articles = [a for a in (archive.get_article(i) for i in doc.articles) if a is not None]
    return {
        "id": doc.id, "url": doc.url, "title": doc.title, "type": doc.type, "pages": doc.page_count,
        "text": doc.text, "ocr": doc.ocr, "number": doc.number, "doc_type": doc.doc_type, "issuer": doc.issuer,
        "issued": doc.issued, "summary": doc.summary, "articles": doc.articles, "fetched_at": doc.fetched_at,
        "state": doc.state, "state_label": STATE_LABELS.get(doc.state, doc.state), "error": doc.error,
        "notes": doc.notes, "size": doc.size, "content_type": doc.content_type, "source": doc.source,
        "province": doc.province, "unit": doc.unit, "level": doc.level, "version": doc.version,
        "page_texts": [{"number": p.number, "text": p.text, "ocr": p.ocr, "note": p.note} for p in doc.pages],
        "linked_articles": [{"id": a.id, "title": a.title, "published": a.published, "source": a.source,
                             "article_url": url_for("articles.article", article_id=a.id)} for a in articles],
        "versions": archive.document_versions(doc.id),
    }


@bp.get("/documents/<document_id>", endpoint="document")
@bp.get("/api/documents/<document_id>", endpoint="document_api")
def document_page(document_id: str):
    doc = load_document(document_id)
    data = document_record(doc)
    data["q"] = " ".join(clean_text(request.args.get("q"))[:get_settings().max_query_chars].split())
    data["links"] = {"self": url_for("documents.document", document_id=doc.id),
                     "json": url_for("documents.document_api", document_id=doc.id),
                     "file": url_for("documents.file", document_id=doc.id) if doc.snapshot_id else None,
                     "source": http_url(doc.url) or None}
    return render(data, "document.html")


@bp.get("/documents/<document_id>/file", endpoint="file")
def document_file(document_id: str):
    """The file as fetched, as a download with a neutral type: a crawled file never runs on our origin."""
    doc = load_document(document_id)
    archive = get_archive()
    snap = archive.get_snapshot(doc.snapshot_id) if doc.snapshot_id else None
    body = archive.snapshot_body(snap) if snap else None
    if body is None:
        abort(404)
    ext = FILE_TYPES.get(doc.type or "", "bin")
    response = Response(body, mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{_safe(doc.id)}.{ext}"'
    response.headers["Content-Security-Policy"] = RAW_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name, flags=re.ASCII)
