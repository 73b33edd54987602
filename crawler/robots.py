"""robots.txt: read once per crawl and host, obeyed for every request (Crawl-delay and Sitemap lines too)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from protego import Protego

log = logging.getLogger(__name__)

MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: parse at least the first 500 KiB


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


@dataclass
class Robots:
    """The rules of one host for our User-Agent."""

    url: str
    user_agent: str
    rules: Protego | None = None
    allow_all: bool = False
    reason: str = ""                 # why everything is allowed or forbidden, when no rules were read
    sitemaps: list[str] = field(default_factory=list)

    def allowed(self, url: str) -> bool:
        if self.rules is None:
            return self.allow_all
        try:
            return bool(self.rules.can_fetch(url, self.user_agent))
        except Exception:  # noqa: BLE001 - a parser hiccup must not let us crawl what may be forbidden
            log.warning("robots rules of %s could not judge %s; not fetching it", self.url, url)
            return False

    @property
    def crawl_delay(self) -> float | None:
        if self.rules is None:
            return None
        try:
            delay = self.rules.crawl_delay(self.user_agent)
        except (TypeError, ValueError):
            return None
        return float(delay) if delay is not None and float(delay) >= 0 else None

    @property
    def unreachable(self) -> bool:
        """Everything forbidden because robots.txt could not be read (server error or no answer)."""
        return self.rules is None and not self.allow_all


def robots_from_response(url: str, user_agent: str, status: int | None, body: bytes | None) -> Robots:
    """Rules from the robots.txt answer: 2xx parsed; 4xx allow all; 429, 5xx or no answer forbid all (RFC 9309)."""
    if status is None:
        return Robots(url, user_agent, reason="robots.txt could not be fetched")
    if 400 <= status < 500 and status != 429:  # 429 "too many requests" is a server condition, not "no file"
        return Robots(url, user_agent, allow_all=True, reason=f"robots.txt answered {status}")
    if not 200 <= status < 300:
        return Robots(url, user_agent, reason=f"robots.txt answered {status}")
    text = (body or b"")[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
    if text.lstrip().lower().startswith(("<!doctype", "<html")):
        # a CMS answering 200 with its home page: there are no rules
        return Robots(url, user_agent, allow_all=True, reason="robots.txt is an HTML page")
    try:
        rules = Protego.parse(text)
    except Exception as exc:  # noqa: BLE001 - untrusted input; an unparsable file has no rules we can follow
        log.warning("cannot parse %s (%s); treating it as empty", url, exc)
        return Robots(url, user_agent, allow_all=True, reason="robots.txt unparsable")
    sitemaps = [urljoin(url, s.strip()) for s in rules.sitemaps if s and s.strip()]
    return Robots(url, user_agent, rules=rules, sitemaps=sitemaps)


class RobotsCache:
    """One parsed robots.txt per host for one crawl (as Scrapy's robots middleware keeps a parser per host),
    and the wait between two requests to that host: the source's delay, or a longer Crawl-delay it asks for.

    ``fetch(robots_url)`` is called once per host and returns ``(status or None, body or None, error)``.
    """

    def __init__(self, user_agent: str, default_delay: float, delay_for_crawl_delay, fetch):
        self.user_agent, self.default_delay = user_agent, default_delay
        self._delay_for_crawl_delay, self._fetch = delay_for_crawl_delay, fetch
        self.by_host: dict[str, Robots] = {}
        self.delays: dict[str, float] = {}

    def for_url(self, url: str) -> Robots:
        host = urlsplit(url).netloc
        if host not in self.by_host:
            target = robots_url(url)
            status, body, error = self._fetch(target)
            robots = robots_from_response(target, self.user_agent, status, body)
            if status is None:
                robots.reason = f"robots.txt could not be fetched: {error or 'no answer'}"
            self.by_host[host] = robots
            if robots.crawl_delay:
                self.delays[host] = self._delay_for_crawl_delay(robots.crawl_delay)
        return self.by_host[host]

    def allowed(self, url: str) -> bool:
        return self.for_url(url).allowed(url)

    def delay(self, url: str) -> float:
        """The wait before a request to this URL's host (robots.txt of a host not yet read is no reason to wait)."""
        return self.delays.get(urlsplit(url).netloc, self.default_delay)
