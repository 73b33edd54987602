"""Conditional requests: ask only for what changed since the archived copy.

``If-None-Match`` is sent whenever the server gave an ETag. ``If-Modified-Since`` is sent for
documents and other binary files, but for HTML pages, feeds and sitemaps only when
``Settings.trust_last_modified`` is on: a page's Last-Modified often describes a template, a cache
or a copied file's mtime rather than the text (static mirrors restored with old mtimes answer
304 for edited pages), and a missed edit is worse for an archive than a full fetch. Pages
fetched in full are still compared by content hash, so nothing unchanged is re-extracted.
"""
from __future__ import annotations

from collections.abc import Mapping

BINARY_KINDS = ("attachment", "other")


def conditional_headers(page: dict | None, trust_last_modified: bool = False) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for a page the archive holds a good copy of (else nothing)."""
    if not page or page.get("status") != 200 or not page.get("last_snapshot_id"):
        return {}
    headers = {}
    if page.get("etag"):
        headers["If-None-Match"] = page["etag"]
    if page.get("last_modified") and (trust_last_modified or page.get("kind") in BINARY_KINDS):
        headers["If-Modified-Since"] = page["last_modified"]
    return headers


def validators(headers: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The (ETag, Last-Modified) a response offers for the next conditional request."""
    lower = {k.lower(): v for k, v in headers.items()}
    return lower.get("etag") or None, lower.get("last-modified") or None
