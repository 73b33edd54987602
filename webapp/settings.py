"""The web app's settings: ``[web]`` in HOME/config.toml or ``--set web.NAME=VALUE``, over these defaults.

``base_url`` is the top-level ``config.base_url``: when set, every absolute URL the site writes (Atom
feeds, citations, the ``article_url`` of exports) starts with it; when unset they start with the root
the request came to (its Host header), which any client can choose: set it on a public site.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import urlsplit

from archive import Config, ConfigError
from archive.config import checked_section
from index.searchquery import DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS


@dataclass(frozen=True)
class WebSettings:
    """What the site allows and shows; every number is a positive whole number."""

    per_page: int = DEFAULT_PER_PAGE  # results a page when the URL gives no per_page
    max_per_page: int = MAX_PER_PAGE  # per_page is capped here (the index pages at most MAX_PER_PAGE)
    facet_size: int = 100  # values listed per facet (the selected ones always are; facet_size=max: all)
    max_query_chars: int = 1000  # a longer q is refused
    max_facet_values: int = 50  # values of one facet in one search
    export_limit: int = 100_000  # hits in one CSV / JSONL export
    feed_size: int = 50  # entries in an Atom feed
    similar: int = 5  # "more like this" on an article page
    workers: int = 0  # `danvan serve` worker processes; 0: one per CPU core
    threads: int = 4  # threads per worker process (each process has one index reader, shared by them)
    follow_s: float = 10.0  # with a database URL: how often `danvan serve` applies the archive's changes to its index
    base_url: str | None = None  # config.base_url without its trailing "/"

    @classmethod
    def from_config(cls, config: Config) -> "WebSettings":
        """The settings of ``config.section("web")``; raises ConfigError naming a bad one."""
        defaults = {f.name: f.default for f in fields(cls) if f.name != "base_url"}
        settings = cls(**checked_section(config, "web", defaults), base_url=checked_base_url(config.base_url))
        settings.check()
        return settings

    def check(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int) and value < (0 if f.name == "workers" else 1):
                raise ConfigError(f"setting web.{f.name} must be {0 if f.name == 'workers' else 1} or more, not {value}")
        if self.max_per_page > MAX_PER_PAGE:
            raise ConfigError(f"setting web.max_per_page must be at most {MAX_PER_PAGE} (the index's page size limit)")
        if self.per_page > self.max_per_page:
            raise ConfigError(f"setting web.per_page ({self.per_page}) must be at most web.max_per_page "
                              f"({self.max_per_page})")
        if self.max_query_chars > MAX_QUERY_CHARS:
            raise ConfigError(f"setting web.max_query_chars must be at most {MAX_QUERY_CHARS}")


def checked_base_url(value: str | None) -> str | None:
    """``base_url`` as an http(s) URL with a host and no query or fragment, without its trailing "/"."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query and not parts.fragment
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"base_url must be an http(s) URL such as https://kho.example.vn, not {value!r:.80}")
    return value.strip().rstrip("/")
