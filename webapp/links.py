"""URLs the site writes: links to other sites (http and https only) and its own absolute URLs.

Absolute URLs (Atom feeds, citations, ``article_url`` in exports) start with ``config.base_url`` when
it is set. When it is not, they start with the root the request came to, built from its Host header:
right behind a proxy that sets Host, but any client can make them point anywhere (a cache or a feed
reader may keep what it was served), so a public site should set ``base_url``.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import request

from webapp.resources import get_settings

# characters XML 1.0 cannot carry at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF)
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def http_url(url: str | None) -> str:
    """The URL if it is http(s) with a host, else '' (crawled or imported data must not bring javascript:,
    data: or other links)."""
    text = CONTROL_RE.sub("", str(url or "")).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def site_name(url: str | None) -> str:
    """The host of a URL, without 'www.'."""
    try:
        host = urlsplit(str(url or "")).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def absolute_url(path: str) -> str:
    """This site's absolute URL for ``path`` (as url_for gives it): base_url's, else the request's root."""
    base = get_settings().base_url
    if not base:
        return request.url_root.rstrip("/") + path
    root = request.script_root
    if root and path.startswith(root):
        path = path[len(root):]
    return base + path


def xml_text(value):
    """``value`` with every character XML cannot hold removed (strings inside dicts and lists too)."""
    if isinstance(value, str):
        return XML_ILLEGAL_RE.sub("", value)
    if isinstance(value, dict):
        return {k: xml_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [xml_text(v) for v in value]
    return value
