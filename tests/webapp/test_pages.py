"""Sources/status page, 'find this wording', and the rules every page follows (headers, no inline script)."""
from __future__ import annotations

import re

import pytest


def test_sources_page_lists_each_source_with_counts_dates_and_last_crawl(client, corpus):
    data = client.get("/api/sources").get_json()
    by_id = {s["id"]: s for s in data["sources"]}
    assert set(by_id) >= {"bdvtu-nv", "bdvhu-nv", "portal-dn", "huyenuy-kp", "bao-py", "handmade"}
    assert sum(s["articles"] for s in data["sources"]) == data["totals"]["articles"] == len(corpus.ids) + 3
    assert by_id["handmade"]["removed"] == 1
    crawl = by_id["bdvtu-nv"]["last_crawl"]
    assert crawl["pages_fetched"] == 31 and crawl["last_error"].endswith("HTTP 500")
    assert by_id["bao-py"]["first_published"] <= by_id["bao-py"]["last_published"]
    html = client.get("/sources").get_data(as_text=True)
    assert "Báo Phú Yên" in html and "Lỗi gần nhất" in html and "31 trang tải" in html


def test_wording_finds_the_article_a_sentence_comes_from_first(client, corpus, truth):
    key = next(k for k in corpus.ids if k.startswith("bdvhu-nv/tin-tuc/dan-van-kheo/xa-loc-thien"))
    sentence = truth[key]["body"][1][:200]
    data = client.get("/api/wording", query_string={"text": sentence}).get_json()
    assert data["results"][0]["id"] == corpus.ids[key]
    best = data["results"][0]
    assert best["score"] > 0.8 and any(s["match"] for s in best["passage"])
    assert "".join(s["text"] for s in best["query"]) == sentence.strip()


def test_wording_tolerates_missing_diacritics_and_small_changes(client, corpus, truth):
    from archive.text import fold
    key = next(k for k in corpus.ids if k.startswith("bdvhu-nv/tin-tuc/dan-van-kheo/xa-loc-thien"))
    words = fold(truth[key]["body"][1]).split()[:40]
    words[20] = "khac"  # one changed word in the middle
    data = client.get("/api/wording", query_string={"text": " ".join(words)}).get_json()
    assert data["results"][0]["id"] == corpus.ids[key]
    assert 0.5 < data["results"][0]["score"] < 1
    html = client.get("/wording", query_string={"text": " ".join(words)}).get_data(as_text=True)
    assert 'class="side-by-side"' in html and "<mark>" in html


def test_wording_with_no_text_shows_the_form(client):
    response = client.get("/wording")
    assert response.status_code == 200 and '<textarea id="text"' in response.get_data(as_text=True)
    assert client.get("/api/wording").get_json()["results"] == []
    assert client.get("/api/wording", query_string={"text": "x" * 4000}).status_code == 400


PAGES = ["/", "/?q=dân vận", "/sources", "/wording?text=dân vận khéo", "/?q=%22broken"]


@pytest.mark.parametrize("path", PAGES + ["/api/search", "/api/sources", "/export.csv", "/feed.atom", "/nope"])
def test_every_response_has_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"]


def test_html_pages_have_no_inline_script_and_no_event_handlers(client, corpus):
    for path in PAGES + [f"/articles/{corpus.xss_id}", f"/articles/{corpus.removed_id}/diff"]:
        html = client.get(path).get_data(as_text=True)
        assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/app.js" defer>'], path
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path
        assert not re.search(r"\sstyle\s*=", html), path


@pytest.mark.parametrize("path", ["/", "/api/search", "/articles/x", "/export.csv", "/wording", "/sources"])
def test_nothing_changes_state_by_post(client, path):
    assert client.post(path).status_code == 405


def test_static_assets_are_served_by_the_app(client):
    for name in ("app.css", "app.js", "favicon.svg"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        response.close()
