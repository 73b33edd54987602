"""Exports of a whole search (CSV, JSONL; every hit, not one page) and the Atom feed per search."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from tests.webapp.conftest import release_searchers

ATOM = "{http://www.w3.org/2005/Atom}"


def test_csv_export_has_every_hit_not_just_one_page(client):
    total = client.get("/api/search?q=dân vận").get_json()["total"]
    response = client.get("/export.csv?q=dân vận&per_page=5&page=2")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == total > 5
    assert rows[0]["article_url"].startswith("http://localhost/articles/")


def test_csv_cells_cannot_become_spreadsheet_formulas():
    from webapp.exports import csv_cell
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and csv_cell(["a", "b"]) == "a; b" and csv_cell(None) == ""


def test_jsonl_export_is_one_object_a_line_with_the_filters_applied(client):
    total = client.get("/api/search?province=Phú Yên").get_json()["total"]
    response = client.get("/export.jsonl?province=Phú Yên")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(lines) == total and all(r["province"] == "Phú Yên" for r in lines)


def test_export_of_a_bad_query_is_a_400(client):
    response = client.get('/export.csv?q="unbalanced')
    assert response.status_code == 400


def test_atom_feed_lists_matching_articles_newest_first(client):
    response = client.get("/feed.atom?q=dân vận&province=Bình Phước")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())
    entries = feed.findall(f"{ATOM}entry")
    total = client.get("/api/search?q=dân vận&province=Bình Phước").get_json()["total"]
    assert len(entries) == min(total, 50) > 0
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True)
    assert "dân vận" in feed.findtext(f"{ATOM}title")
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://localhost/articles/")


def test_atom_feed_escapes_hostile_titles(client):
    feed = ET.fromstring(client.get("/feed.atom?q=kiem thu an toan").get_data())
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert "<img src=x onerror=alert(1)>" in titles


def test_an_export_bigger_than_the_index_window_has_every_hit_once_undated_ones_included(tmp_path):
    from archive import Archive, Config
    from index import SearchIndex
    from webapp import create_app

    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        ids = {archive.import_article({
            "url": f"http://window.fixture.test/{n}", "title": f"Công tác dân vận số {n}",
            "text": "Bài viết về công tác dân vận ở cơ sở.", "published": f"202{n % 4}-0{n % 9 + 1}-15" if n < 5 else None,
            "province": "Gia Lai", "unit": "Ban Dân vận Tỉnh ủy", "level": "tỉnh", "source": "Ban Dân vận Tỉnh ủy Gia Lai",
        }) for n in range(8)}
        with SearchIndex(config.index_dir) as index:
            index.rebuild(archive)
    app = create_app(config, TESTING=True)
    app.extensions["danvan"]["index"] = narrow = SearchIndex(config.index_dir, result_window=3)
    try:
        client = app.test_client()
        assert client.get("/api/search?q=dân vận&per_page=3&page=2").status_code == 400  # past the window
        for sort in ("relevance", "newest", "oldest"):
            lines = client.get(f"/export.jsonl?q=dân vận&sort={sort}").get_data(as_text=True).splitlines()
            exported = [json.loads(line) for line in lines]
            assert len(exported) == len({r["id"] for r in exported}) == len(ids) > 3
            assert {r["id"] for r in exported} == ids
            assert sum(1 for r in exported if not r["published"]) == 3
        rows = list(csv.DictReader(io.StringIO(client.get("/export.csv?q=dân vận").get_data().decode("utf-8-sig"))))
        assert {r["id"] for r in rows} == ids and len(rows) == len(ids)
    finally:
        narrow.close()


def _hostile_feed_app(tmp_path):
    from archive import Archive, Config
    from index import SearchIndex
    from webapp import create_app

    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        for n, url in enumerate(["javascript:alert(3)", "data:text/html,<script>alert(1)</script>", "vbscript:x",
                                 "//evil.example/x", "http://ok.test/a"]):
            archive.import_article({"url": url, "title": f"Tin xấu\x00\x01\x0b\ufffe {n} <b>đậm</b>",
                                    "text": "Nội dung\x00 có ký tự \x1f lạ.", "author": "\x08Tác giả",
                                    "province": "Gia\x00 Lai", "unit": "Ban\x0c", "published": "2024-05-0" + str(n + 1),
                                    "crawled_at": "không phải ngày"})
        with SearchIndex(config.index_dir) as index:
            index.rebuild(archive)
    return create_app(config, TESTING=True)


def test_atom_feed_is_well_formed_whatever_the_query_and_the_titles(tmp_path):
    app = _hostile_feed_app(tmp_path)
    client = app.test_client()
    try:
        for query in ("q=tin", "q=tin%00", "q=%01tin%0b", "province=Gia%00 Lai", "q=tin&province=%ef%bf%be"):
            response = client.get(f"/feed.atom?{query}")
            assert response.status_code == 200, query
            feed = ET.fromstring(response.get_data())  # raises on ill-formed XML
            assert all("\x00" not in (el.text or "") for el in feed.iter())
        entries = ET.fromstring(client.get("/feed.atom?q=tin").get_data()).findall(f"{ATOM}entry")
        assert len(entries) == 5 and entries[0].findtext(f"{ATOM}title").startswith("Tin xấu")
        assert "<b>đậm</b>" in entries[0].findtext(f"{ATOM}title")  # escaped in the XML, text for the reader
        hrefs = [link.get("href") for e in entries for link in e.findall(f"{ATOM}link")]
        assert all(h.startswith(("http://localhost/", "http://ok.test/")) for h in hrefs), hrefs
        vias = [link.get("href") for e in entries for link in e.findall(f"{ATOM}link") if link.get("rel") == "via"]
        assert vias == ["http://ok.test/a"]
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e.findtext(f"{ATOM}updated")) for e in entries)
    finally:
        release_searchers(app)


def test_html_pages_link_to_a_source_page_only_when_it_is_http(tmp_path):
    app = _hostile_feed_app(tmp_path)
    client = app.test_client()
    try:
        ids = [r["id"] for r in client.get("/api/search?q=tin").get_json()["results"]]
        for article_id in ids:
            html = client.get(f"/articles/{article_id}").get_data(as_text=True)
            hrefs = re.findall(r'href="([^"]*)"', html)
            assert all(h.startswith(("/", "#", "http://ok.test/")) and not h.startswith("//") for h in hrefs), hrefs
            assert client.get(f"/api/articles/{article_id}").get_json()["links"]["source"] in (None, "http://ok.test/a")
        html = client.get("/?q=tin").get_data(as_text=True)
        assert not re.search(r'href="(?!/|#)', html)
    finally:
        release_searchers(app)
