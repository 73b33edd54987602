"""One view function, two renderings: HTML through a template, or the same dict as JSON under /api/."""
from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from webapp.highlight import highlight, paragraphs, safe_snippet, snippet_text
from webapp.params import InputError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """The JSON twin of a page lives under /api/."""
    return request.path.startswith("/api/")


def render(data: dict, template: str, status: int = 200) -> Response | tuple:
    """Render ``data`` as the page's HTML, or return it as JSON for /api/ URLs."""
    if wants_json():
        return jsonify(data), status
    return render_template(template, **data), status


def error_response(status: int, message: str):
    if wants_json():
        return jsonify({"error": message}), status
    return render_template("error.html", status=status, message=message, q=request.args.get("q", "")), status


def register_error_handlers(app: Flask) -> None:
    from index import QueryError

    @app.errorhandler(QueryError)
    def bad_query(exc):
        return error_response(400, f"Câu tìm kiếm không hợp lệ: {exc}")

    @app.errorhandler(InputError)
    def bad_input(exc):
        return error_response(400, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc):
        messages = {404: "Không tìm thấy trang hoặc bài viết này.",
                    405: "Phương thức không được hỗ trợ: trang này chỉ để đọc."}
        return error_response(exc.code or 500, messages.get(exc.code, exc.description or exc.name))

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unexpected error on %s", request.path)
        return error_response(500, "Lỗi máy chủ. Vui lòng thử lại sau.")


def vn_date(value: str | None) -> str:
    """'2020-11-06' -> '06/11/2020'; a timestamp keeps its date part; anything else as is."""
    if not value:
        return ""
    text = str(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return text


def vn_number(value) -> str:
    """Thousands separated by dots, the Vietnamese way: 1234 -> '1.234'."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)


def http_url(url: str | None) -> str:
    """The URL if it is http(s), else '' (crawled or imported data must not bring javascript: links)."""
    text = (url or "").strip()
    return text if urlsplit(text).scheme.lower() in ("http", "https") else ""


def site_name(url: str | None) -> str:
    """The host of a URL, without 'www.'."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(vn_date=vn_date, vn_number=vn_number, site_name=site_name, http_url=http_url,
                                 snippet=lambda s: Markup(safe_snippet(s)), snippet_text=snippet_text,
                                 paragraphs=paragraphs, highlight=lambda text, q: Markup(highlight(text, q)))
    app.jinja_env.globals.update(today=lambda: date.today().isoformat())
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
