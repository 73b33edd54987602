"""Everything the site says is Vietnamese: query errors, paging limits, HTTP errors, crawl statuses."""
from __future__ import annotations

import pytest

from archive import Archive, Config, Source
from tests.webapp.conftest import release_searchers
from tests.webapp.vietnamese import assert_vietnamese, error_message, message_of, visible_text

BAD = ["q=AND", "q=title:", "q=d*n", "q=" + " ".join(f"từ{n}" for n in range(70)), "page=²", "sort=evil",
       "page=abc", "per_page=-1", "facet_size=x", "year=20x0", "date_from=2020-13-45", 'q="dân vận', "q=" + "a" * 1200]


@pytest.mark.parametrize("query", BAD)
def test_a_refused_search_says_why_in_vietnamese_in_json_and_html(client, query):
    api = client.get(f"/api/search?{query}")
    assert api.status_code == 400
    assert_vietnamese(api.get_json()["error"])
    page = client.get(f"/?{query}")
    assert page.status_code == 400
    assert_vietnamese(error_message(page.get_data(as_text=True)))


def test_a_query_error_carries_its_code_for_scripts(client):
    data = client.get("/api/search?q=title:").get_json()
    assert data["code"] == "field_without_words" and "title:" in data["error"]


@pytest.mark.parametrize("method, path, status", [("get", "/nope", 404), ("post", "/", 405),
                                                  ("get", "/api/articles/nope", 404), ("delete", "/api/search", 405)])
def test_http_errors_are_vietnamese(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert_vietnamese(message_of(response))


def test_every_message_the_index_can_give_has_a_vietnamese_sentence():
    from index.query import QUERY_ERRORS, QUERY_NOTES
    from webapp import messages

    assert set(messages.QUERY_ERRORS) == set(QUERY_ERRORS) and set(messages.QUERY_NOTES) == set(QUERY_NOTES)
    for code in QUERY_ERRORS:
        assert_vietnamese(messages.query_error(code, {"field": "title", "name": "page", "value": "x"}))
    for code in QUERY_NOTES:
        assert_vietnamese(messages.query_note(code, {"word": "or", "operator": "OR", "name": "foo"}))


@pytest.fixture
def crawled(tmp_path):
    """An archive whose sources were crawled with every outcome the crawler writes, English errors included."""
    from webapp import create_app

    config = Config.load(tmp_path / "home")
    outcomes = {"a": ("finished", None), "b": ("failed", "cannot fetch the start page: HTTP 503 <b>x</b>"),
                "c": ("interrupted", "the crawl process was killed"), "d": (None, None), "e": ("exploded", None)}
    with Archive.open(config) as archive:
        for sid, (status, error) in outcomes.items():
            archive.upsert_source(Source(id=sid, name=f"Ban Dân vận {sid}", province="Gia Lai", unit="Ban Dân vận",
                                         level="tỉnh", start_urls=(f"http://{sid}.test/",)))
            crawl = archive.start_crawl(sid)
            if status:
                archive.finish_crawl(crawl, status, {"pages_fetched": 3}, last_error=error)
    app = create_app(config, TESTING=True)
    yield app.test_client()
    release_searchers(app)


def test_crawl_statuses_on_the_sources_page_are_vietnamese_and_errors_are_details(crawled):
    html = crawled.get("/sources").get_data(as_text=True)
    text = visible_text(html)
    for word in ("finished", "failed", "interrupted", "running", "exploded", "cannot fetch", "killed"):
        assert word not in text, word
    for label in ("hoàn tất", "thất bại", "bị dừng giữa chừng", "đang chạy", "không rõ tình trạng"):
        assert label in text, label
    assert "<summary>Lỗi gần nhất (chi tiết kỹ thuật)</summary>" in html
    assert "HTTP 503 &lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    rows = {s["id"]: s["last_crawl"] for s in crawled.get("/api/sources").get_json()["sources"]}
    assert rows["a"]["status"] == "finished" and rows["a"]["status_label"] == "hoàn tất"
    assert rows["e"]["status_known"] is False
