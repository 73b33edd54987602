"""Security headers on every response (crawled content is untrusted, so no inline script, no framing),
and a Host header check in front of the app: a Host that is no host name is a 400, never a 500."""
from __future__ import annotations

import json
import re

from flask import Flask, Response
from markupsafe import escape

from webapp import messages

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

# the raw snapshot of a crawled page: nothing may run or load, even if a browser ignored text/plain
RAW_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"

MAX_HOST = 255
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
HOST_RE = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}\.?(?::[0-9]{{1,5}})?|\[[0-9A-Fa-f:.]{{2,45}}\](?::[0-9]{{1,5}})?",
                     re.ASCII)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def valid_host(host: str | None) -> bool:
    """Whether a Host header is a host name or IP address (with an optional port) of sane length, which
    Werkzeug can turn into a URL (an "xn--" label must be valid punycode)."""
    if host is None:
        return True
    if len(host) > MAX_HOST or HOST_RE.fullmatch(host) is None:
        return False
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else ""
    try:
        name.encode("ascii").decode("idna")
    except UnicodeError:
        return False
    return True


def bare_error_page(message: str) -> str:
    """A self-contained error page needing nothing from the app (no url_for, no template)."""
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi · Kho Dân vận</title></head>'
            f'<body><h1>Có lỗi xảy ra</h1><p class="error-message">{escape(message)}</p>'
            f'<p><a href="/">Về trang tìm kiếm</a></p></body></html>')


class HostCheck:
    """WSGI middleware: a request whose Host is no host name gets a 400 before Flask builds any URL from it."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if valid_host(environ.get("HTTP_HOST")):
            return self.wsgi_app(environ, start_response)
        if environ.get("PATH_INFO", "").startswith("/api/"):
            response = Response(json.dumps({"error": messages.BAD_HOST}, ensure_ascii=False), 400,
                                mimetype="application/json")
        else:
            response = Response(bare_error_page(messages.BAD_HOST), 400, mimetype="text/html")
        return add_security_headers(response)(environ, start_response)


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.wsgi_app = HostCheck(app.wsgi_app)
