"""``danvan demo``: serve the bundled demo sites on loopback, crawl them, index, then serve the web UI.

The demo sites (``demo_site/sites/<id>/``, built by ``demo_site/build.py``) are static copies in
three styles: NukeViet 4.x, a provincial portal's "Chuyên trang Ban Dân vận" and a district
Party committee site. Each is served as the web root of its own origin on 127.0.0.1.

Ports and stable ids: an article's id is derived from its URL, and the URL includes the port.
So each demo site has a fixed default port (``port`` in ``manifest.json``, 28741–28744) and
the ports actually used are recorded in ``<home>/demo-sources.toml``. A re-run tries the
recorded port first, then the default; when that port is busy it asks whoever listens there
whether it serves the very same demo site (response header ``X-Danvan-Demo`` = site id and a
digest of its files), as happens while another ``danvan demo`` runs, and if so crawls that
server instead of starting one. Only when the port is taken by something else does the site
get a free port; its articles then get new URLs (and ids) and a warning says so. In the usual
case a re-run therefore re-crawls the same URLs incrementally and every id stays the same.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sys
import threading
import urllib.request
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from archive import Archive, Config, SourcesError, load_sources
from archive.sources import Source

log = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent / "demo_site"
SITES_DIR = DEMO_DIR / "sites"
MANIFEST = DEMO_DIR / "manifest.json"
SOURCES_FILE = "demo-sources.toml"
LOOPBACK = "127.0.0.1"
MARKER_HEADER = "X-Danvan-Demo"


class DemoError(RuntimeError):
    """The demo cannot run; the message says why in one line."""


def load_manifest() -> dict:
    """The demo sites' metadata and the ground truth of their articles (written by build.py)."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def site_digest(root: Path) -> str:
    """A short hash of every file of one site, so a running demo server can be recognised."""
    h = hashlib.sha1()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


class DemoSiteHandler(SimpleHTTPRequestHandler):
    """Static files of one site: ``x/`` serves ``x/index.html`` (or the feed ``x/index.xml``), no listings."""

    marker = ""
    extensions_map = {
        ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
        ".txt": "text/plain; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8",
        ".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf", "": "application/octet-stream",
    }

    def translate_path(self, path: str) -> str:
        fs_path = Path(super().translate_path(path))
        if path.split("?", 1)[0].endswith("/") and fs_path.is_dir() and not (fs_path / "index.html").is_file() and (fs_path / "index.xml").is_file():
            return str(fs_path / "index.xml")
        return str(fs_path)

    def list_directory(self, path):
        self.send_error(404, "Not found")
        return None

    def end_headers(self) -> None:
        self.send_header(MARKER_HEADER, self.marker)
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        log.debug("demo site %s: %s", self.marker.split()[0], format % args)


@dataclass
class DemoSite:
    """One demo site as served for this run."""

    info: dict
    base: str
    server: ThreadingHTTPServer | None = None  # None when another process already serves it

    @property
    def id(self) -> str:
        return self.info["id"]

    def source(self) -> Source:
        info = self.info
        return Source(id=info["id"], name=info["name"], province=info["province"], unit=info["unit"],
                      level=info["level"], district=info.get("district"),
                      start_urls=tuple(self.base + p for p in info["start_paths"]), delay_s=0.0)

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def _marker(info: dict) -> str:
    return f"{info['id']} {site_digest(SITES_DIR / info['id'])}"


def _serves_same_site(port: int, marker: str) -> bool:
    """Does the server on this loopback port serve this very demo site?"""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(f"http://{LOOPBACK}:{port}/robots.txt", method="HEAD")
    try:
        with opener.open(request, timeout=3) as response:
            return response.headers.get(MARKER_HEADER) == marker
    except (OSError, ValueError):
        return False


def _listen(info: dict, marker: str, port: int) -> ThreadingHTTPServer:
    handler = partial(type("Handler", (DemoSiteHandler,), {"marker": marker}), directory=str(SITES_DIR / info["id"]))
    server = ThreadingHTTPServer((LOOPBACK, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"demo-{info['id']}", daemon=True).start()
    return server


def start_site(info: dict, ports: list[int]) -> DemoSite:
    """Serve one site on the first usable port of ``ports`` (or reuse a demo already serving it there)."""
    marker = _marker(info)
    for port in dict.fromkeys(ports):
        try:
            server = _listen(info, marker, port)
        except OSError:
            if _serves_same_site(port, marker):
                log.info("demo site %s is already served on port %d; crawling that server", info["id"], port)
                return DemoSite(info, f"http://{LOOPBACK}:{port}")
            continue
        return DemoSite(info, f"http://{LOOPBACK}:{server.server_address[1]}", server)
    server = _listen(info, marker, 0)
    port = server.server_address[1]
    log.warning("demo site %s: port(s) %s busy, serving on %d instead; its articles get new URLs and ids "
                "in this archive", info["id"], ", ".join(map(str, dict.fromkeys(ports))), port)
    return DemoSite(info, f"http://{LOOPBACK}:{port}", server)


def recorded_ports(path: Path) -> dict[str, int]:
    """The port each demo site had in the previous run on this home (from its sources file)."""
    if not path.is_file():
        return {}
    try:
        sources = load_sources(path)
    except SourcesError as exc:
        log.warning("ignoring the previous demo sources file: %s", exc)
        return {}
    ports = {}
    for s in sources:
        port = urlsplit(s.start_urls[0]).port
        if port:
            ports[s.id] = port
    return ports


def start_sites(config: Config) -> list[DemoSite]:
    """Serve every demo site on loopback (see the module docstring for the choice of ports)."""
    previous = recorded_ports(config.home / SOURCES_FILE)
    sites: list[DemoSite] = []
    try:
        for info in load_manifest()["sites"]:
            wanted = [p for p in (previous.get(info["id"]), info["port"]) if p]
            sites.append(start_site(info, wanted))
    except BaseException:
        stop_sites(sites)
        raise
    return sites


def stop_sites(sites: list[DemoSite]) -> None:
    for site in sites:
        site.stop()


def _toml_value(value) -> str:
    """A TOML value for a string, number or list of strings (JSON escapes are valid TOML escapes)."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def sources_toml(sources: list[Source]) -> str:
    """The sources file (contract format) for the demo sites as served in this run."""
    lines = ["# Written by `danvan demo`: the bundled demo sites, served on loopback while the demo runs.",
             "# Rewritten on every run; the ports are kept from run to run so article ids stay stable.", ""]
    for s in sources:
        lines.append("[[source]]")
        for key in ("id", "name", "province", "unit", "level", "district", "start_urls", "delay_s"):
            value = getattr(s, key)
            if value is not None:
                lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def write_sources(config: Config, sites: list[DemoSite]) -> Path:
    config.ensure_home()
    path = config.home / SOURCES_FILE
    path.write_text(sources_toml([s.source() for s in sites]), encoding="utf-8")
    return path


def build_archive(config: Config, sources_path: Path, progress: bool = False) -> str:
    """Crawl the demo sources into the archive, rebuild the index; return the one-line summary."""
    from crawler import crawl
    from index import SearchIndex

    sources = load_sources(sources_path)
    with Archive.open(config) as archive:
        report = crawl(config, archive, sources, progress=progress)
        indexed = SearchIndex(config.index_dir).rebuild(archive, progress=progress)
        ids = {s.id for s in sources}
        articles = [a for a in archive.iter_articles() if a.source_id in ids]
    if report.all_failed:
        raise DemoError(f"the crawl of the demo sites failed: {report.summary_line()}")
    provinces = {a.province for a in articles}
    years = {a.published[:4] for a in articles if a.published}
    return (f"demo: {len(sources)} sites crawled ({report.summary_line()}); {len(articles)} articles from "
            f"{len(provinces)} provinces over {len(years)} years; index holds {indexed} articles")


def run_demo(config: Config, port: int = 5000, host: str = "127.0.0.1", serve_forever: bool = True) -> int:
    """Serve the demo sites, crawl and index them into ``config.home``, then serve the web UI."""
    sites = start_sites(config)
    try:
        try:
            sources_path = write_sources(config, sites)
        except OSError as exc:
            print(f"danvan demo: cannot write to the home folder {config.home}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        try:
            summary = build_archive(config, sources_path, progress=sys.stderr.isatty())
        except DemoError as exc:
            print(f"danvan demo: {exc}", file=sys.stderr)
            return 1
        print(summary, flush=True)
        if not serve_forever:
            return 0
        return _serve_ui(config, host, port)
    finally:
        stop_sites(sites)


def _serve_ui(config: Config, host: str, port: int) -> int:
    from danvan.serving import serve

    try:
        serve(config, host=host, port=port)
    except KeyboardInterrupt:
        print("danvan demo: stopped", file=sys.stderr)
    except OSError as exc:
        print(f"danvan demo: cannot serve the web UI on {host}:{port}: {exc.strerror or exc} (try --port)",
              file=sys.stderr)
        return 2
    return 0
