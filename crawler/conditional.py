"""Conditional requests: ask only for what changed since the archived copy, and do not believe every 304.

- ``If-None-Match`` is sent whenever the server gave an ETag, and ``If-Modified-Since`` whenever it
  gave a Last-Modified, for every kind of page (measured on real CMSs: WordPress feeds answer 304
  to either; NukeViet's pages never answer 304, so asking costs nothing).
- An ETag a compressing proxy rewrote (Apache mod_deflate's ``"<tag>-gzip"``, ``;gzip``, ``-br``) is
  sent back as the origin's ``"<tag>"``: WordPress compares it byte for byte and answers 200 to the
  rewritten form.
- A Last-Modified that tracks the clock (within two days of the response's Date on a page that
  forbids caching, as NukeViet sends "now minus one day" on every page) says nothing about the page:
  it is not kept, so it is never sent back.
- **The 304 guard.** A 304 that answered an ETag is trusted (the tag is derived from the content).
  A 304 that answered only a date is checked: on each crawl, the first ``verify_304`` such answers
  of a host are fetched again in full; if one of them differs from the archived copy, the host's
  dates lie (a static mirror restored with old mtimes, ``serve.py --validators mtime``): every page
  of that host answered 304 in this crawl is fetched again in full, and the host is sent no
  If-Modified-Since again (remembered in the archive). Pages fetched in full are still compared by
  content hash, so nothing unchanged is re-extracted.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import NamedTuple

ENCODING_SUFFIX = re.compile(r'(?:-|;)(?:gzip|br|deflate|zstd)(?="$)')
CLOCK_WINDOW = timedelta(days=2)
NO_CACHE = ("no-store", "no-cache", "max-age=0")


class Validators(NamedTuple):
    """What a response offers for the next conditional request."""

    etag: str | None
    last_modified: str | None


def origin_etag(etag: str) -> str:
    """``"abc-gzip"`` -> ``"abc"``: the tag as the origin made it, before a compressing proxy appended its suffix."""
    return ENCODING_SUFFIX.sub("", etag.strip())


def _date(value: str | None):
    try:
        when = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return when if when is not None and when.tzinfo is not None else None


def clock_last_modified(headers: Mapping[str, str]) -> bool:
    """A Last-Modified made from the clock, not the content: close to the Date of a response that forbids caching."""
    lower = {k.lower(): v for k, v in headers.items()}
    modified, now = _date(lower.get("last-modified")), _date(lower.get("date"))
    if modified is None or now is None or abs(now - modified) > CLOCK_WINDOW:
        return False
    cache = lower.get("cache-control", "").lower()
    expires = lower.get("expires", "").strip()
    expired = expires in ("-1", "0") or (_date(expires) is not None and _date(expires) <= now)
    return any(word in cache for word in NO_CACHE) or expired


def validators(headers: Mapping[str, str]) -> Validators:
    """The (ETag, Last-Modified) a response offers; a clock-made Last-Modified is dropped."""
    lower = {k.lower(): v for k, v in headers.items()}
    modified = lower.get("last-modified") or None
    if modified and clock_last_modified(headers):
        modified = None
    return Validators(lower.get("etag") or None, modified)


def conditional_headers(page: dict | None, dates_trusted: bool = True) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for a page the archive holds a good copy of (else nothing)."""
    if not page or page.get("status") != 200 or not page.get("last_snapshot_id"):
        return {}
    headers = {}
    if page.get("etag"):
        headers["If-None-Match"] = origin_etag(page["etag"])
    if page.get("last_modified") and dates_trusted:
        headers["If-Modified-Since"] = page["last_modified"]
    return headers


class NotModifiedGuard:
    """The 304 guard of one crawl: which date-only 304s to check, and which hosts' dates lie."""

    def __init__(self, checks_per_host: int, untrusted_hosts: set[str]):
        self.checks_per_host = checks_per_host
        self.untrusted = set(untrusted_hosts)
        self.checked: Counter = Counter()

    def dates_trusted(self, host: str) -> bool:
        return host not in self.untrusted

    def needs_check(self, host: str, sent: Mapping[str, str]) -> bool:
        """A 304 to a date alone, while this host has had fewer than ``checks_per_host`` checks in this crawl."""
        if "If-None-Match" in sent or host in self.untrusted:
            return False
        return self.checked[host] < self.checks_per_host

    def checked_one(self, host: str, honest: bool) -> bool:
        """Note a check's result; True when it shows the host's dates lie (newly)."""
        self.checked[host] += 1
        if honest or host in self.untrusted:
            return False
        self.untrusted.add(host)
        return True
