"""The whole pipeline, end to end: `danvan crawl` over the served fixture sites, then search over HTTP."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlencode, urlsplit

import pytest

from archive import Archive, Config
from danvan.cli import main


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def crawled(fixture_server_class, tmp_path_factory):
    """The v1 fixture sites crawled once with the command line; yields (config, server, site-by-origin)."""
    tmp = tmp_path_factory.mktemp("pipeline")
    with fixture_server_class() as fx:
        sources = tmp / "sources.toml"
        sources.write_text(fx.sources_text().replace("[[source]]", "[[source]]\ndelay_s = 0"), encoding="utf-8")
        config = Config.load(tmp / "home")
        assert main(["--home", str(config.home), "crawl", "--sources", str(sources)]) == 0
        origins = {urlsplit(base).netloc: site for site, base in fx.base.items()}
        yield config, fx, origins


def stored_articles(config, origins) -> dict:
    """Stored articles keyed like truth.json ('<site-id><path>')."""
    with Archive.open(config) as archive:
        return {origins[urlsplit(a.url).netloc] + urlsplit(a.url).path: a for a in archive.iter_articles()}


def test_crawl_finds_every_article_and_stores_nothing_else(crawled, truth):
    config, _, origins = crawled
    stored = stored_articles(config, origins)
    expected = {k for k, t in truth.items() if t["v2"] != "added"}
    assert set(stored) == expected


def test_no_robots_forbidden_url_is_ever_requested(crawled, non_articles):
    _, fx, _ = crawled
    for site, info in non_articles.items():
        requested = [p.split("?")[0] for p in fx.requests[site]]
        assert "/robots.txt" in requested
        for path in requested:
            assert not any(path.startswith(rule) for rule in info["robots_disallow"]), (site, path)


def test_titles_dates_and_publisher_are_exact(crawled, truth):
    config, _, origins = crawled
    for key, article in stored_articles(config, origins).items():
        t = truth[key]
        assert article.title == t["title"], key
        assert article.published == t["published"], key
        assert article.published_time == t.get("published_time"), key
        assert (article.province, article.unit, article.level, article.district) == \
               (t["province"], t["unit"], t["level"], t["district"]), key


def test_stored_text_is_the_body_without_boilerplate(crawled, truth):
    config, _, origins = crawled
    for key, article in stored_articles(config, origins).items():
        text = norm(article.text)
        for paragraph in truth[key]["body"]:
            assert norm(paragraph) in text, (key, paragraph[:60])
        for junk in truth[key]["must_not_contain"]:
            assert norm(junk) not in text, (key, junk)


@pytest.fixture(scope="module")
def client(crawled):
    from webapp import create_app

    config, _, _ = crawled
    return create_app(config).test_client()


def test_every_search_case_gives_exactly_the_expected_articles(crawled, client, search_cases):
    _, _, origins = crawled
    for case in search_cases:
        params = [("q", case["q"]), ("per_page", "100")]
        params += [(k, str(v)) for k, v in case["filters"].items()]
        response = client.get("/api/search?" + urlencode(params))
        assert response.status_code == 200, (case, response.get_data(as_text=True))
        data = response.get_json()
        got = {origins[urlsplit(r["url"]).netloc] + urlsplit(r["url"]).path for r in data["results"]}
        assert got == set(case["expect_all"]), case
        assert data["total"] == len(case["expect_all"]), case
        if case["expect_top"]:
            first = data["results"][0]["url"]
            assert origins[urlsplit(first).netloc] + urlsplit(first).path == case["expect_top"]


def test_search_results_have_the_contract_shape(client):
    data = client.get("/api/search?q=dan+van").get_json()
    assert set(data) >= {"total", "page", "per_page", "results", "facets"}
    assert set(data["facets"]) >= {"province", "unit", "year", "level"}
    for hit in data["results"]:
        assert set(hit) >= {"id", "url", "title", "published", "province", "unit", "level", "district", "source",
                            "snippet"}
    assert sum(f["count"] for f in data["facets"]["province"]) == data["total"]


def test_article_api_matches_the_contract(client):
    hit = client.get("/api/search?q=&per_page=1").get_json()["results"][0]
    article = client.get(f"/api/articles/{hit['id']}").get_json()
    assert set(article) >= {"id", "url", "title", "published", "author", "province", "unit", "level", "district",
                            "source", "text", "crawled_at", "status", "versions"}
    assert article["status"] == "live" and article["versions"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", article["published"])


def test_unbalanced_quotes_get_a_400_with_a_message(client):
    response = client.get('/api/search?q="dân vận')
    assert response.status_code == 400
    assert "ngoặc kép" in response.get_json()["error"]  # "quotation mark", in the UI's language
