"""Article pages and /api/articles/<id>: shape, escaping, highlighting, raw snapshot, versions and diffs."""
from __future__ import annotations

import re

from tests.webapp.conftest import XSS_TITLE

CONTRACT_FIELDS = {"id", "url", "title", "published", "author", "province", "unit", "level", "district", "source",
                   "text", "crawled_at", "status", "versions"}


def test_api_article_has_the_contract_shape(client, corpus, truth):
    key = next(iter(corpus.ids))
    data = client.get(f"/api/articles/{corpus.ids[key]}").get_json()
    assert CONTRACT_FIELDS <= data.keys()
    assert data["title"] == truth[key]["title"] and data["published"] == truth[key]["published"]
    assert data["status"] == "live" and data["versions"][0]["version"] == 1
    assert data["links"]["self"] == f"/articles/{data['id']}"


def test_unknown_article_is_404_in_html_and_json(client):
    api = client.get("/api/articles/doesnotexist")
    assert api.status_code == 404 and api.get_json() == {"error": "Không tìm thấy trang hoặc bài viết này."}
    page = client.get("/articles/doesnotexist")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "Không tìm thấy" in page.get_data(as_text=True)


def test_hostile_title_and_text_render_as_text(client, corpus):
    html = client.get(f"/articles/{corpus.xss_id}").get_data(as_text=True)
    assert "<img src=x" not in html and "<script>alert(2)" not in html and "<b>Ai đó</b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    results = client.get("/?q=kiem thu an toan").get_data(as_text=True)
    assert "<img src=x" not in results and "&lt;img src=x onerror=alert(1)&gt;" in results
    assert client.get(f"/api/articles/{corpus.xss_id}").get_json()["title"] == XSS_TITLE


def test_query_terms_are_highlighted_after_escaping(client, corpus):
    html = client.get(f"/articles/{corpus.xss_id}?q=script an toan").get_data(as_text=True)
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "<mark>an</mark> <mark>toàn</mark>" in html


def test_article_page_shows_metadata_source_crawl_date_and_citation(client, corpus, truth):
    key = next(k for k, t in truth.items() if t["site"] == "bao-py" and k in corpus.ids)
    html = client.get(f"/articles/{corpus.ids[key]}").get_data(as_text=True)
    t = truth[key]
    assert t["url_path"] in html and "Ngày thu thập" in html and "01/11/2025" in html
    assert "Lần cuối thấy trên trang nguồn" in html
    day, month, year = t["published"][8:], t["published"][5:7], t["published"][:4]
    assert f"{day}/{month}/{year}" in html
    cite = re.search(r'<textarea id="cite-text"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert t["title"] in cite and "Báo Phú Yên" in cite and "truy cập ngày" in cite and t["url_path"] in cite


def test_removed_article_keeps_its_versions_and_diff(client, corpus):
    data = client.get(f"/api/articles/{corpus.removed_id}").get_json()
    assert data["status"] == "removed" and [v["version"] for v in data["versions"]] == [1, 2]
    html = client.get(f"/articles/{corpus.removed_id}").get_data(as_text=True)
    assert "đã bị gỡ khỏi trang nguồn" in html
    assert data["versions"][1]["diff_url"] == f"/articles/{corpus.removed_id}/diff?from=1&to=2"
    diff = client.get(data["versions"][1]["diff_url"]).get_data(as_text=True)
    assert "<ins> ủy</ins>" in diff and "<ins>Phát động thi đua năm 2022.</ins>" in diff


def test_diff_json_twin_lists_changed_paragraphs(client, corpus):
    data = client.get(f"/api/articles/{corpus.removed_id}/diff?from=1&to=2").get_json()
    assert data["from_version"] == 1 and data["to_version"] == 2 and data["changed_paragraphs"] == 2
    assert [p["op"] for p in data["paragraphs"]] == ["changed", "equal", "insert"]
    bad = client.get(f"/api/articles/{corpus.removed_id}/diff?from=1&to=7")
    assert bad.status_code == 400 and "phiên bản" in bad.get_json()["error"]


def test_edited_fixture_article_diff_shows_the_edit(client, corpus, truth):
    key = next(k for k, t in truth.items() if t.get("edit") and k in corpus.ids)
    data = client.get(f"/api/articles/{corpus.ids[key]}/diff").get_json()
    inserted = "".join(s["text"] for p in data["paragraphs"] for s in p["segments"] if s["op"] == "insert")
    deleted = "".join(s["text"] for p in data["paragraphs"] for s in p["segments"] if s["op"] == "delete")
    edit = truth[key]["edit"]
    assert inserted and deleted
    assert all(part in edit["new"] for part in inserted.split()) and all(p in edit["old"] for p in deleted.split())


def test_raw_snapshot_is_served_as_plain_text_in_a_sandbox(client, corpus):
    html = client.get(f"/articles/{corpus.removed_id}").get_data(as_text=True)
    assert f"/articles/{corpus.removed_id}/versions/2/raw" in html
    raw = client.get(f"/articles/{corpus.removed_id}/versions/1/raw")
    assert raw.status_code == 200 and raw.content_type == "text/plain; charset=utf-8"
    assert "<script>alert('raw')</script>" in raw.get_data(as_text=True)
    assert "sandbox" in raw.headers["Content-Security-Policy"]
    assert "default-src 'none'" in raw.headers["Content-Security-Policy"]
    assert raw.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/articles/{corpus.xss_id}/versions/1/raw").status_code == 404  # no snapshot stored
    assert client.get(f"/articles/{corpus.removed_id}/versions/9/raw").status_code == 404


def test_more_like_this_lists_other_articles(client, corpus):
    key = next(iter(corpus.ids))
    similar = client.get(f"/api/articles/{corpus.ids[key]}").get_json()["similar"]
    assert similar and all(s["id"] != corpus.ids[key] for s in similar)
    assert all(s["article_url"].startswith("/articles/") for s in similar)


def test_javascript_urls_from_imported_data_never_become_links(client, corpus):
    html = client.get(f"/articles/{corpus.js_url_id}").get_data(as_text=True)
    assert "javascript:alert(3)" in html and 'href="javascript:' not in html
    assert 'href="http://handmade.fixture.test/a.pdf"' in html
