"""One view function, two renderings: HTML through a template, or the same dict as JSON under /api/.

Errors too: every error is a page (or, under /api/, ``{"error": "..."}``) with a message in Vietnamese.
"""
from __future__ import annotations

import logging
from datetime import date

from flask import Flask, Response, jsonify, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from webapp import messages
from webapp.highlight import highlight, highlighted_paragraphs, paragraphs, safe_snippet, snippet_text
from webapp.links import http_url, site_name
from webapp.params import InputError
from webapp.resources import get_settings
from webapp.security import bare_error_page

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """The JSON twin of a page lives under /api/."""
    return request.path.startswith("/api/")


def render(data: dict, template: str, status: int = 200) -> Response | tuple:
    """Render ``data`` as the page's HTML, or return it as JSON for /api/ URLs."""
    if wants_json():
        return jsonify(data), status
    return render_template(template, **data), status


def error_response(status: int, message: str, code: str | None = None) -> Response:
    """The error as JSON under /api/, else as a page (a bare page if even the template cannot be rendered)."""
    if wants_json():
        response = jsonify({"error": message, **({"code": code} if code else {})})
    else:
        try:
            response = Response(render_template("error.html", status=status, message=message,
                                                q=request.args.get("q", "")[:1000]), mimetype="text/html")
        except Exception:  # noqa: BLE001 - e.g. no URL adapter for a request the router refused
            log.warning("error page could not be rendered", exc_info=True)
            response = Response(bare_error_page(message), mimetype="text/html")
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    from index import QueryError

    @app.errorhandler(QueryError)
    def bad_query(exc: QueryError):
        return error_response(400, messages.query_error(exc.code, exc.params), exc.code)

    @app.errorhandler(InputError)
    def bad_input(exc: InputError):
        return error_response(400, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        response = error_response(status, messages.http_error(status))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s", request.path)
        return error_response(500, messages.http_error(500))


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


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        vn_date=vn_date, vn_number=vn_number, site_name=site_name, http_url=http_url,
        snippet=lambda s: Markup(safe_snippet(s)), snippet_text=snippet_text, paragraphs=paragraphs,
        highlight=lambda text, q: Markup(highlight(text, q)),
        highlighted_paragraphs=lambda text, q: [Markup(p) for p in highlighted_paragraphs(text, q)])
    app.jinja_env.globals.update(today=lambda: date.today().isoformat())
    app.context_processor(lambda: {"max_query_chars": get_settings().max_query_chars})
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def init_app(app: Flask) -> None:
    """Template filters and the error pages of the site."""
    register_template_helpers(app)
    register_error_handlers(app)
