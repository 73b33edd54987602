"""Scope: which URLs belong to a source (its hosts, its allow/deny patterns, the kinds of links we keep)."""
from __future__ import annotations

import re

from archive import Source

from crawler.canonical import host_of, same_site_hosts
from crawler.discovery import link_kind
from crawler.settings import Settings


class Scope:
    """Which URLs belong to the source: its hosts, its allow/deny patterns, our link kinds."""

    def __init__(self, source: Source, settings: Settings):
        self.hosts = same_site_hosts(source.start_urls)
        self.settings = settings
        self.allow = [_compile(p, "allow") for p in source.allow]
        self.deny = [_compile(p, "deny") for p in source.deny]

    def on_site(self, url: str) -> bool:
        return host_of(url) in self.hosts

    def wanted(self, url: str) -> bool:
        """On the site, a kind we keep, allowed by the source's patterns."""
        if not self.on_site(url):
            return False
        kind = link_kind(url)
        if kind == "skip" or (kind == "image" and not self.settings.fetch_images):
            return False
        if self.allow and not any(p.search(url) for p in self.allow):
            return False
        return not any(p.search(url) for p in self.deny)


def _compile(pattern: str, key: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad {key} pattern {pattern!r} in the sources file: {exc}") from None
