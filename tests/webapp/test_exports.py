"""Exports of a whole search (CSV, JSONL; every hit, not one page) and the Atom feed per search."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

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
