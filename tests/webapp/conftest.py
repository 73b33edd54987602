"""A small archive for the web tests: the shared fixture articles plus a few hand-made hard cases."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from archive import Archive, Config, Snapshot, load_sources
from archive.store import article_id_for

ORIGIN = "http://{site}.fixture.test"
XSS_TITLE = "<img src=x onerror=alert(1)>"
HANDMADE = "http://handmade.fixture.test"


@dataclass
class Corpus:
    """What the test archive holds, for the tests to compare with."""

    config: Config
    ids: dict[str, str] = field(default_factory=dict)  # truth key -> article id
    xss_id: str = ""
    js_url_id: str = ""
    removed_id: str = ""
    removed_url: str = ""
    source_names: dict[str, str] = field(default_factory=dict)


@contextmanager
def client_of(config: Config):
    """A test client of the site over this home, its archive indexed first; the app's index closed after."""
    from index import SearchIndex
    from webapp import create_app

    with Archive.open(config) as archive, SearchIndex.of(config) as index:
        index.rebuild(archive)
    app = create_app(config, TESTING=True)
    try:
        with app.test_client() as client:
            yield client
    finally:
        app.extensions["danvan"]["index"].close()


def _sources(shared: Path, tmp: Path):
    text = (shared / "fixtures" / "sources.toml").read_text(encoding="utf-8").replace("{base}", "http://fixture.test")
    path = tmp / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return load_sources(path)


def _handmade_source():
    from archive import Source
    return Source(id="handmade", name="Ban Dân vận Huyện ủy Thử Nghiệm", province="Bình Phước",
                  unit="Ban Dân vận Huyện ủy", level="huyện", district="Thử Nghiệm", start_urls=(HANDMADE + "/",))


def build_corpus(config: Config, truth: dict, shared: Path, tmp: Path) -> Corpus:
    """Import the truth articles (edited ones get a second version), add the hand-made ones, index."""
    from index import SearchIndex

    corpus = Corpus(config=config)
    sources = {s.id: s for s in _sources(shared, tmp)}
    with Archive.open(config) as archive:
        for s in sources.values():
            archive.upsert_source(s)
        for key, t in truth.items():
            if t.get("v2") == "added":
                continue
            source = sources[t["site"]]
            corpus.source_names[t["site"]] = source.name
            record = {
                "url": ORIGIN.format(site=t["site"]) + t["url_path"], "title": t["title"],
                "text": "\n\n".join(t["body"]), "published": t["published"], "published_time": t.get("published_time"),
                "author": t.get("author"), "province": t["province"], "unit": t["unit"], "level": t["level"],
                "district": t.get("district"), "source": source.name, "source_id": t["site"],
                "provinces_mentioned": t.get("provinces_mentioned") or [], "crawled_at": "2025-11-01T08:00:00Z",
            }
            if t.get("body_v2"):
                record["versions"] = [
                    {"title": t["title"], "text": record["text"], "published": t["published"],
                     "author": t.get("author"), "fetched_at": "2025-10-01T08:00:00Z"},
                    {"title": t["title"], "text": "\n\n".join(t["body_v2"]), "published": t["published"],
                     "author": t.get("author"), "fetched_at": "2025-11-01T08:00:00Z"}]
            corpus.ids[key] = archive.import_article(record)
        _add_handmade(archive, corpus)
        crawl = archive.start_crawl("bdvtu-nv")
        archive.finish_crawl(crawl, "ok", {"pages_fetched": 31, "articles_new": 6, "pages_failed": 1},
                             last_error="http://fixture.test/hong.html: HTTP 500")
        with SearchIndex(config.index_dir) as index:
            index.rebuild(archive)
    return corpus


def _add_handmade(archive: Archive, corpus: Corpus) -> None:
    source = _handmade_source()
    archive.upsert_source(source)
    fields = {"title": XSS_TITLE, "text": "Bài kiểm thử an toàn <script>alert(2)</script> với tiêu đề độc hại.\n\n"
              "Đoạn thứ hai nói về kiểm thử an toàn thông tin.", "published": "2023-03-15", "author": "<b>Ai đó</b>",
              "organisations": ["Hội Nông dân", "Đoàn Thanh niên"]}
    corpus.xss_id, _ = archive.save_article(source, HANDMADE + "/xss.html", fields, None, "2025-11-01T08:00:00Z")

    corpus.js_url_id = archive.import_article({
        "url": "javascript:alert(3)", "title": "Bài có địa chỉ lạ", "text": "Nội dung nhập từ tệp.",
        "published": "2022-02-02", "source": source.name, "source_id": source.id, "province": source.province,
        "unit": source.unit, "level": source.level,
        "attachments": [{"url": "javascript:alert(4)"}, {"url": "http://handmade.fixture.test/a.pdf"}]})

    url = HANDMADE + "/go-bo.html"
    html = ("<html><head><title>Bài sẽ bị gỡ</title><script>alert('raw')</script></head>"
            "<body><h1>Hội nghị dân vận chính quyền năm 2021</h1><p>Nội dung gốc.</p></body></html>").encode()
    snap = archive.record_snapshot(Snapshot(id=None, source_id="handmade", url=url, status=200,
                                            fetched_at="2025-10-01T08:00:00Z", content_type="text/html; charset=utf-8",
                                            headers={"Content-Type": "text/html; charset=utf-8"}), body=html)
    v1 = {"title": "Hội nghị dân vận chính quyền năm 2021",
          "text": "Hội nghị tổng kết công tác dân vận chính quyền năm 2021 diễn ra tại hội trường huyện.\n\n"
                  "Đại biểu thảo luận cải cách hành chính.", "published": "2021-12-20",
          "organisations": ["Hội Nông dân"]}
    v2 = dict(v1, text="Hội nghị tổng kết công tác dân vận chính quyền năm 2021 diễn ra tại hội trường huyện ủy.\n\n"
                       "Đại biểu thảo luận cải cách hành chính.\n\nPhát động thi đua năm 2022.")
    corpus.removed_id, _ = archive.save_article(source, url, v1, snap.id, "2025-10-01T08:00:00Z")
    archive.save_article(source, url, v2, snap.id, "2025-10-15T08:00:00Z")
    archive.mark_removed(url, "2025-11-01T08:00:00Z")
    corpus.removed_url = url
    assert corpus.removed_id == article_id_for(url)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, truth, shared_dir) -> Corpus:
    tmp = tmp_path_factory.mktemp("webapp")
    return build_corpus(Config.load(tmp / "home"), truth, shared_dir, tmp)


@pytest.fixture(scope="session")
def app(corpus):
    from webapp import create_app

    app = create_app(corpus.config, TESTING=True)
    yield app
    release_searchers(app)


def release_searchers(app) -> None:
    """Close the searchers the app's shared SearchIndex opened."""
    app.extensions["danvan"]["index"].close()


@pytest.fixture
def client(app):
    return app.test_client()


# -- a real browser (the browser tests) ---------------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def live_url(app):
    """The app served by waitress on a loopback port, in a thread (`danvan serve` runs it under gunicorn)."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.task_dispatcher.shutdown()
    server.close()
    thread.join(timeout=10)
    release_searchers(app)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(base_url=live_url, locale="vi-VN", accept_downloads=True,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []  # console errors (a CSP violation shows up here) and page errors
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()
