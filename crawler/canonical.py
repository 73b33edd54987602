"""One page, one record: URLs canonicalised before they are queued, fetched or stored."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

TRACKING = re.compile(r"^(utm_[a-z_]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|"
                      r"zarsrc|zalo_source|phpsessid|jsessionid|sessionid|session_id|aspsessionid)$", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}
INDEX_FILES = ("index.php", "index.html", "index.htm", "default.aspx", "index.aspx")
_SAFE_PATH = "/!$&'()*+,;=:@-._~%"
_SAFE_QUERY = "!$'()*+,;:@/?-._~%"


def canonical_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (resolved against ``base``), or None if it is not an http(s) URL.

    Lower-case scheme and host, no default port, no fragment, no tracking parameters, sorted
    query, ``index.php``/``index.html`` folded into their folder, duplicate slashes collapsed,
    dot segments resolved, percent-encoding normalised.
    """
    url = (url or "").strip()
    if not url:
        return None
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        host = parts.hostname.lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, _path(parts.path), _query(parts.query), ""))


def _path(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path or "/")
    trailing = path.endswith("/")
    path = posixpath.normpath(path) if path not in ("", "/") else "/"
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    if trailing and not path.endswith("/"):
        path += "/"
    head, _, last = path.rpartition("/")
    if last.lower() in INDEX_FILES:
        path = head + "/"
    path = re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group().upper(), path)
    return quote(path, safe=_SAFE_PATH)


def _query(query: str) -> str:
    if not query:
        return ""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not TRACKING.match(k)]
    return urlencode(sorted(pairs), quote_via=quote, safe=_SAFE_QUERY.replace("%", ""))


def host_of(url: str) -> str:
    """``host[:port]`` of a canonical URL."""
    return urlsplit(url).netloc


def same_site_hosts(start_urls: list[str] | tuple[str, ...]) -> set[str]:
    """The hosts a source may be crawled on: those of its start URLs, with and without ``www.``."""
    hosts: set[str] = set()
    for url in start_urls:
        canon = canonical_url(url)
        if canon:
            host = host_of(canon)
            hosts.add(host)
            hosts.add(host[4:] if host.startswith("www.") else "www." + host)
    return hosts


def preferred_canonical(page_url: str, declared: str | None) -> str:
    """The page's own ``<link rel=canonical>`` when it is on the same host and not the site's home page."""
    if not declared:
        return page_url
    target = canonical_url(declared, page_url)
    if not target or host_of(target) != host_of(page_url):
        return page_url
    if urlsplit(target).path == "/" and urlsplit(page_url).path != "/" and not urlsplit(target).query:
        return page_url  # a template bug pointing every page at the home page
    return target
