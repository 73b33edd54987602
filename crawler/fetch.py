"""HTTP fetching: timeouts, retries with backoff (429/5xx honour Retry-After), redirects with a cap, a size cap."""
from __future__ import annotations

import http.cookiejar
import logging
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InsecureRequestWarning

from crawler.canonical import host_of
from crawler.politeness import HostGate
from crawler.settings import Settings

log = logging.getLogger(__name__)

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
HOP_HEADERS = ("content-encoding", "transfer-encoding")


class TooLarge(Exception):
    """The response body is larger than the size cap."""


class TooSlow(Exception):
    """The whole response took longer than the total timeout."""


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class Response:
    """One HTTP response as received (body decoded of any transfer/content encoding)."""

    url: str
    status: int
    reason: str
    headers: dict[str, str]
    raw_headers: list[tuple[str, str]]
    body: bytes | None
    fetched_at: str
    error: str | None = None       # the body could not be read (too large, too slow...)

    @property
    def content_type(self) -> str | None:
        return _header(self.headers, "content-type")

    def warc_headers(self) -> list[tuple[str, str]]:
        """Headers describing the stored (decoded) body; the wire's encodings kept as X-Archive-Orig-*."""
        out = []
        for name, value in self.raw_headers:
            low = name.lower()
            if low in HOP_HEADERS:
                out.append((f"X-Archive-Orig-{name}", value))
            elif low == "content-length":
                continue
            else:
                out.append((name, value))
        if self.body is not None:
            out.append(("Content-Length", str(len(self.body))))
        return out


@dataclass
class FetchResult:
    """The outcome of fetching one URL: its final response, the redirects on the way, or why it failed."""

    url: str
    final_url: str
    response: Response | None = None
    redirects: list[Response] = field(default_factory=list)
    error: str | None = None
    fetched_at: str = field(default_factory=now_iso)

    @property
    def status(self) -> int | None:
        return self.response.status if self.response else None

    @property
    def ok(self) -> bool:
        return self.error is None and self.response is not None and self.response.body is not None


def _header(headers: dict[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def retry_after_s(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def describe(exc: BaseException, settings: Settings) -> str:
    """A short, readable reason for a network failure."""
    text = str(exc)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"no connection within {settings.connect_timeout_s:g} s"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return f"no answer within {settings.read_timeout_s:g} s"
    if isinstance(exc, TooSlow):
        return text
    for needle, reason in (("Connection refused", "connection refused"), ("reset by peer", "connection reset"),
                           ("Name or service not known", "host name not found"),
                           ("Temporary failure in name resolution", "host name not found"),
                           ("RemoteDisconnected", "server closed the connection without answering"),
                           ("IncompleteRead", "connection broken mid-answer"),
                           ("Connection broken", "connection broken mid-answer"),
                           ("CERTIFICATE_VERIFY_FAILED", "TLS certificate not valid"), ("SSLError", "TLS error")):
        if needle in text:
            return reason
    return f"{type(exc).__name__}: {text[:200]}"


def new_session(settings: Settings) -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": settings.user_agent, **settings.extra_headers})
    session.trust_env = False  # the archive talks to the sites themselves, never through ambient proxies
    # no cookies: every page is asked for as a first-time reader sees it (a theme cookie would re-render the site)
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=1, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Fetcher:
    """Fetches URLs politely through a shared HostGate."""

    def __init__(self, settings: Settings, gate: HostGate, session: requests.Session | None = None):
        self.settings, self.gate = settings, gate
        self.session = session or new_session(settings)
        self.unverified_hosts: set[str] = set()  # hosts whose certificate failed verification (fallback used)
        self.requests = 0                         # HTTP requests sent (retries and redirect hops included)

    def close(self) -> None:
        self.session.close()

    def fetch(self, url: str, *, delay_s: float, headers: dict[str, str] | None = None,
              may_follow: Callable[[str], str | None] = lambda _u: None) -> FetchResult:
        """GET ``url``, following redirects that ``may_follow`` accepts (it returns a reason to refuse, or None)."""
        result = FetchResult(url=url, final_url=url)
        current, seen = url, {url}
        while True:
            response = self._get_with_retries(current, delay_s, headers or {}, result)
            if response is None:
                return result
            location = _header(response.headers, "location")
            if response.status not in REDIRECT_STATUSES or not location:
                result.response, result.final_url = response, current
                if response.error:
                    result.error = response.error
                return result
            result.redirects.append(response)
            target = urljoin(current, location.strip())
            if len(result.redirects) > self.settings.max_redirects:
                return self._stop(result, response, current, f"more than {self.settings.max_redirects} redirects")
            if target in seen:
                return self._stop(result, response, current, f"redirect loop at {target}")
            refusal = may_follow(target)
            if refusal:
                return self._stop(result, response, current, f"redirect to {target} not followed: {refusal}")
            seen.add(target)
            current, headers = target, {}

    @staticmethod
    def _stop(result: FetchResult, response: Response, current: str, reason: str) -> FetchResult:
        result.redirects.pop()
        result.response, result.final_url, result.error = response, current, reason
        return result

    def _get_with_retries(self, url: str, delay_s: float, headers: dict[str, str],
                          result: FetchResult) -> Response | None:
        host, settings = host_of(url), self.settings
        last: Response | None = None
        for attempt in range(settings.retries + 1):
            wait = min(settings.backoff_s * (2 ** attempt), settings.backoff_max_s)
            with self.gate.slot(host, delay_s):
                try:
                    last = self._get_once(url, headers)
                except (requests.RequestException, TooSlow, OSError) as exc:
                    result.error = f"{describe(exc, settings)} ({url})"
                    log.info("attempt %d of %s failed: %s", attempt + 1, url, result.error)
                    last = None
                    if isinstance(exc, requests.exceptions.SSLError) and _certificate_problem(exc):
                        break  # trying again will not fix the certificate
                else:
                    result.error = None
                    if last.status != 429 and last.status < 500:
                        return last
                    asked = retry_after_s(_header(last.headers, "retry-after"))
                    if asked is not None and asked > settings.max_retry_after_s:
                        last.error = f"server asked to retry after {asked:.0f} s; skipped for this crawl"
                        return last
                    wait = asked if asked is not None else wait
                    log.info("%s answered %d (attempt %d); waiting %.1f s", url, last.status, attempt + 1, wait)
            if attempt < settings.retries:
                self.gate.defer(host, wait)
        if last is not None:
            last.error = last.error or f"answered {last.status} after {settings.retries + 1} attempts"
        return last

    def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        host = host_of(url)
        if host in self.unverified_hosts:
            return self._request(url, headers, verify=False)
        try:
            return self._request(url, headers, verify=True)
        except requests.exceptions.SSLError as exc:
            if not self.settings.tls_fallback_unverified or not _certificate_problem(exc):
                raise
        log.warning("%s has an invalid TLS certificate; fetching its public pages without verification", host)
        warnings.filterwarnings("ignore", category=InsecureRequestWarning)
        self.unverified_hosts.add(host)
        return self._request(url, headers, verify=False)

    def _request(self, url: str, headers: dict[str, str], verify: bool) -> Response:
        settings = self.settings
        started = time.monotonic()
        fetched_at = now_iso()
        self.requests += 1
        with self.session.get(url, headers=headers, stream=True, allow_redirects=False, verify=verify,
                              timeout=(settings.connect_timeout_s, settings.read_timeout_s)) as resp:
            raw_headers = [(k, v) for k, v in resp.raw.headers.items()]
            response = Response(url=url, status=resp.status_code, reason=resp.reason or "",
                                headers=dict(resp.headers), raw_headers=raw_headers, body=None, fetched_at=fetched_at)
            if resp.status_code in REDIRECT_STATUSES or resp.status_code == 304:
                response.body = b"" if resp.status_code != 304 else None
                return response
            try:
                response.body = self._read_capped(resp, started)
            except TooLarge as exc:
                response.error = str(exc)
            return response

    def _read_capped(self, resp: requests.Response, started: float) -> bytes:
        cap, settings = self.settings.max_page_bytes, self.settings
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise TooLarge(f"larger than the {_size(cap)} cap (Content-Length {declared})")
        chunks, size = [], 0
        for chunk in resp.iter_content(64 * 1024):
            size += len(chunk)
            if size > cap:
                raise TooLarge(f"larger than the {_size(cap)} cap")
            if time.monotonic() - started > settings.total_timeout_s:
                raise TooSlow(f"answer not complete within {settings.total_timeout_s:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


def _certificate_problem(exc: Exception) -> bool:
    text = str(exc)
    return any(k in text for k in ("CERTIFICATE_VERIFY_FAILED", "certificate verify failed", "doesn't match",
                                   "Hostname mismatch", "self-signed", "self signed", "certificate has expired"))


def _size(n: int) -> str:
    return f"{n / (1 << 20):g} MB" if n >= 1 << 20 else f"{n:,} bytes"
