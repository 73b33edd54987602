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


def test_an_export_bigger_than_the_index_window_is_cut_into_date_slices(client, monkeypatch):
    import webapp.exports

    every = {r["id"] for r in client.get("/api/search?q=dân vận&per_page=100").get_json()["results"]}
    monkeypatch.setattr(webapp.exports, "PAGE", 2)
    monkeypatch.setattr(webapp.exports, "WINDOW", 3)  # some years hold 4 hits: those go month by month
    lines = client.get("/export.jsonl?q=dân vận").get_data(as_text=True).splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert len(ids) == len(set(ids)) == len(every) and set(ids) == every
    dates = [json.loads(line)["published"] for line in lines]
    assert dates == sorted(dates)  # slices come oldest first
