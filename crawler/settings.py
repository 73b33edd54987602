"""Polite defaults for the crawler, in one place (override per run with ``Settings.from_config(config, **overrides)``)."""
from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields

from archive import Config, Source
from archive.config import checked_section

DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
                       ".rtf", ".zip", ".rar", ".7z")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".ico", ".tif", ".tiff")
SKIPPED_EXTENSIONS = (".css", ".js", ".mp3", ".mp4", ".avi", ".wmv", ".flv", ".mov", ".webm", ".ogg", ".wav",
                      ".woff", ".woff2", ".ttf", ".eot", ".exe", ".msi", ".iso", ".apk", ".dmg")


@dataclass(frozen=True)
class Settings:
    """How the crawler behaves towards the sites it visits."""

    user_agent: str
    delay_s: float = 1.0                 # between two requests to one host, unless the source says otherwise
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0         # per read; a whole response may not take longer than total_timeout_s
    total_timeout_s: float = 120.0
    retries: int = 3                     # extra attempts on connection errors, timeouts, 429 and 5xx
    backoff_s: float = 2.0               # first wait; doubles on every retry
    backoff_max_s: float = 120.0
    max_retry_after_s: float = 600.0     # a longer Retry-After gives up on the page for this crawl
    max_redirects: int = 5
    max_page_bytes: int = 10 * 1024 * 1024
    max_depth: int = 12                  # link hops from a start URL (pagination, feeds and sitemaps do not count)
    max_sources_in_parallel: int = 64    # sources crawled at once (one connection per host at any time)
    extract_processes: int = 0           # extraction worker processes; 0: one per core when 4+ sources run
    worker_sources: int = 16             # `danvan worker`: sources one worker crawls at once (a database connection each)
    lease_s: float = 90.0                # `danvan worker`: a lease not renewed for this long passes to another worker
    worker_poll_s: float = 5.0           # `danvan worker`: how often an idle worker looks for due sources
    verify_304: int = 3                  # per host and crawl, date-only 304s checked by a full fetch (conditional.py)
    recheck_other_days: float = 30.0     # known pages that are no article, listing, feed or sitemap: re-fetched after
    respect_noindex: bool = True         # a page marked noindex (meta robots, X-Robots-Tag) is no article
    tls_fallback_unverified: bool = True  # invalid certificates are common on government sites; pages are public
    fetch_images: bool = False           # images are not needed to read the news; documents always are
    extra_headers: dict = field(default_factory=lambda: {"Accept-Language": "vi,en;q=0.5"})

    @classmethod
    def from_config(cls, config: Config, **overrides) -> "Settings":
        """Defaults with the config's User-Agent; the config's ``[crawler]`` table and ``overrides`` win.

        Raises ``ConfigError`` naming an unknown setting or one of the wrong type.
        """
        defaults = {f.name: (f.default if f.default is not MISSING else f.default_factory())
                    for f in fields(cls) if f.name != "user_agent"}
        values = checked_section(config, "crawler", defaults)
        values.update(overrides)
        return cls(user_agent=config.user_agent, **values)

    def delay_for(self, source: Source, crawl_delay: float | None = None) -> float:
        """The wait between requests to the source's host: its ``delay_s`` (or ours), at least robots' Crawl-delay."""
        base = self.delay_s if source.delay_s is None else source.delay_s
        return max(base, crawl_delay or 0.0)
