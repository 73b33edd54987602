"""The search page and /api/search: contract shape, facets as plain data, chips, paging, errors."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

CONTRACT_RESULT_FIELDS = {"id", "url", "title", "published", "province", "unit", "level", "district", "source",
                          "snippet"}


def api(client, query: str = "", status: int = 200) -> dict:
    response = client.get("/api/search" + (f"?{query}" if query else ""))
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def test_api_search_has_the_contract_shape(client):
    data = api(client, "q=dân vận")
    assert {"total", "page", "per_page", "results", "facets"} <= data.keys()
    assert data["total"] > 0 and data["page"] == 1 and data["per_page"] == 20
    assert CONTRACT_RESULT_FIELDS <= data["results"][0].keys()
    for name in ("province", "unit", "year", "level"):
        assert data["facets"][name], name
        for item in data["facets"][name]:
            assert {"value", "count", "selected", "toggle_url"} <= item.keys()
            assert isinstance(item["count"], int) and item["selected"] is False


def test_search_without_diacritics_finds_the_same_articles_as_with_them(client):
    with_marks = {r["id"] for r in api(client, "q=Dân vận khéo&per_page=100")["results"]}
    without = {r["id"] for r in api(client, "q=dan van kheo&per_page=100")["results"]}
    assert with_marks and with_marks == without


def test_shared_search_cases_pass_through_the_api(client, corpus, search_cases):
    for case in search_cases:
        query = [("q", case["q"]), ("per_page", "100")]
        for name, value in case["filters"].items():
            query.append((name, str(value)))
        response = client.get("/api/search", query_string=query)
        assert response.status_code == 200, case
        found = [r["id"] for r in response.get_json()["results"]]
        expected = {corpus.ids[k] for k in case["expect_all"]}
        assert set(found) >= expected, case["note"]
        if case["expect_top"]:
            assert found[0] == corpus.ids[case["expect_top"]], case["note"]
        if not case["expect_all"]:
            assert not set(found) & set(corpus.ids.values()), case["note"]


def test_facet_values_of_one_facet_or_together_and_facets_and_together(client):
    one = api(client, "province=Bình Phước")["total"]
    other = api(client, "province=Đắk Nông")["total"]
    both = api(client, "province=Bình Phước&province=Đắk Nông")
    assert both["total"] == one + other
    assert {i["value"] for i in both["facets"]["province"] if i["selected"]} == {"Bình Phước", "Đắk Nông"}
    narrowed = api(client, "province=Bình Phước&province=Đắk Nông&year=2020")
    assert 0 < narrowed["total"] < both["total"]
    assert all(r["published"].startswith("2020") for r in narrowed["results"])


def test_toggle_url_adds_and_removes_a_facet_value(client):
    data = api(client, "q=dân vận")
    item = next(i for i in data["facets"]["province"] if i["value"] == "Phú Yên")
    args = parse_qs(urlsplit(item["toggle_url"]).query)
    assert args == {"q": ["dân vận"], "province": ["Phú Yên"]}
    selected = api(client, urlsplit(item["toggle_url"]).query)
    again = next(i for i in selected["facets"]["province"] if i["value"] == "Phú Yên")
    assert again["selected"] is True
    assert parse_qs(urlsplit(again["toggle_url"]).query) == {"q": ["dân vận"]}
    assert selected["chips"] == [{"facet": "province", "label": "Tỉnh (thời điểm đăng)", "value": "Phú Yên",
                                  "display": "Phú Yên", "remove_url": "/?q=d%C3%A2n+v%E1%BA%ADn"}]


def test_empty_query_browses_newest_first_with_facet_counts(client, corpus):
    data = api(client, "per_page=100")
    assert data["total"] == len(corpus.ids) + 3
    dates = [r["published"] for r in data["results"] if r["published"]]
    assert dates == sorted(dates, reverse=True)
    assert sum(i["count"] for i in data["facets"]["year"]) == data["total"]


def test_sort_oldest_and_newest_order_by_date(client):
    newest = [r["published"] for r in api(client, "q=dân vận&sort=newest&per_page=100")["results"]]
    oldest = [r["published"] for r in api(client, "q=dân vận&sort=oldest&per_page=100")["results"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)


def test_paging_walks_through_every_hit_once(client):
    total = api(client, "q=dân vận")["total"]
    seen = []
    for page in range(1, total // 5 + 2):
        seen += [r["id"] for r in api(client, f"q=dân vận&per_page=5&page={page}")["results"]]
    assert len(seen) == len(set(seen)) == total


def test_per_page_is_capped_at_100(client):
    assert api(client, "per_page=5000")["per_page"] == 100


def test_date_range_keeps_only_articles_inside_it(client):
    data = api(client, "date_from=2021&date_to=2022&per_page=100")
    assert data["total"] > 0
    assert all("2021-01-01" <= r["published"] <= "2022-12-31" for r in data["results"])
    assert [c["facet"] for c in data["chips"]] == ["date_from", "date_to"]


@pytest.mark.parametrize("query", ['q="dân vận', "page=0", "page=x", "sort=best", "year=twenty", "date_from=2020-13",
                                   "facet_size=0", "facet_size=all",
                                   "q=" + "a" * 1200])
def test_bad_search_is_a_400_with_a_message_never_a_500(client, query):
    data = api(client, query, status=400)
    assert isinstance(data["error"], str) and data["error"]
    page = client.get("/?" + query)
    assert page.status_code == 400
    assert "error-message" in page.get_data(as_text=True)


def test_zero_results_suggest_dropping_a_filter(client):
    data = api(client, "q=tôn giáo&province=Phú Yên&year=2020")
    assert data["total"] == 0
    dropped = {d["facet"]: d for d in data["drop_filters"]}
    assert "province" in dropped and dropped["province"]["total"] > 0
    assert "Phú Yên" not in dropped["province"]["url"]
    html = _html(client, "/?q=tôn giáo&province=Phú Yên&year=2020")
    assert "Thử bỏ bớt một bộ lọc" in html


def test_search_page_shows_results_chips_facets_and_exports(client):
    html = _html(client, "/?q=dan van&province=B%C3%ACnh+Ph%C6%B0%E1%BB%9Bc")
    assert 'class="chip"' in html and "Bỏ bộ lọc" in html
    assert 'class="hit"' in html and "<mark>" in html
    for link in ("/export.csv?", "/export.jsonl?", "/feed.atom?", "/api/search?"):
        assert link in html
    assert 'id="facet-year"' in html and 'class="histogram"' in html
    assert "Cách tìm" in html and "-khéo" in html  # the query syntax help


def test_status_facet_finds_removed_articles_with_a_readable_label(client, corpus):
    data = api(client, "q=dân vận&status=removed")
    assert [r["id"] for r in data["results"]] == [corpus.removed_id]
    assert data["chips"][0]["display"] == "Đã bị gỡ tại nguồn"
    assert "Đã bị gỡ tại nguồn" in _html(client, "/?q=dân vận")


def test_province_facet_is_grouped_by_todays_province(client):
    data = api(client, "")
    groups = {g["value"]: g for g in data["province_groups"]}
    assert "Bình Phước" in [m["value"] for m in groups["Đồng Nai"]["members"]]
    html = _html(client, "/")
    assert 'id="facet-province_2025"' in html


def test_results_link_to_the_article_page_with_the_query(client):
    data = api(client, "q=hien dat mo duong")
    assert data["results"][0]["article_url"].startswith("/articles/")
    assert "q=hien+dat+mo+duong" in data["results"][0]["article_url"]


def _html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_a_facet_keeps_its_other_values_after_one_is_selected(client):
    data = api(client, "q=dân vận&province=Bình Phước")
    others = {i["value"]: i for i in data["facets"]["province"]}
    assert others["Bình Phước"]["selected"] and not others["Phú Yên"]["selected"]
    assert others["Phú Yên"]["count"] == api(client, "q=dân vận&province=Phú Yên")["total"]
    assert parse_qs(urlsplit(others["Phú Yên"]["toggle_url"]).query)["province"] == ["Bình Phước", "Phú Yên"]
    years = [i["value"] for i in api(client, "q=dân vận&year=2022")["facets"]["year"]]
    assert len(years) > 3 and "2022" in years


def test_selected_facets_are_counted_by_the_one_index_search(client, app, monkeypatch):
    index = app.extensions["danvan"]["index"]
    calls = []
    search = index.search
    monkeypatch.setattr(index, "search", lambda query: calls.append(query) or search(query))
    data = api(client, "q=dân vận&province=Bình Phước&province=Phú Yên&year=2022&year=2023")
    assert len(calls) == 1 and data["total"] > 0
    years = {i["value"]: i["count"] for i in data["facets"]["year"]}
    assert set(years) > {"2022", "2023"}
    assert years["2024"] == api(client, "q=dân vận&province=Bình Phước&province=Phú Yên&year=2024")["total"]


def test_a_misspelled_query_gets_a_did_you_mean_link(client):
    data = api(client, "q=dân vậm khéo")
    assert data["total"] == 0
    assert data["suggestion"] == {"q": "dân vận khéo", "url": "/?q=d%C3%A2n+v%E1%BA%ADn+kh%C3%A9o"}
    assert api(client, urlsplit(data["suggestion"]["url"]).query)["total"] > 0
    assert "Có phải bạn muốn tìm" in _html(client, "/?q=dân vậm khéo")


def test_a_fresh_home_with_no_index_yet_serves_empty_pages(tmp_path):
    from archive import Config
    from webapp import create_app

    client = create_app(Config.load(tmp_path / "empty"), TESTING=True).test_client()
    assert client.get("/api/search?q=dân vận").get_json()["total"] == 0
    assert client.get("/").status_code == 200
    assert client.get("/sources").status_code == 200
    assert client.get("/api/sources").get_json()["totals"] == {"sources": 0, "articles": 0, "removed": 0}


def test_long_facets_list_their_first_values_and_link_to_all_of_them(client):
    everything = api(client, "q=dân")["facets"]["source"]
    assert len(everything) > 3
    short = api(client, "q=dân&facet_size=2")
    assert [f["value"] for f in short["facets"]["source"]] == [f["value"] for f in everything[:2]]
    assert short["facets_more"]["counts"]["source"] == len(everything) - 2
    more_url = short["facets_more"]["url"]
    assert "facet_size=max" in more_url
    assert len(api(client, urlsplit(more_url).query)["facets"]["source"]) == len(everything)
    picked = everything[-1]["value"]  # beyond the first two: still listed, and selected
    chosen = api(client, f"q=dân&facet_size=2&source={picked}")["facets"]["source"]
    assert [f["value"] for f in chosen if f["selected"]] == [picked] and len(chosen) == 3
    assert api(client, f"q=dân&facet_size=2&source={picked}")["facets_more"]["counts"]["source"] == len(everything) - 3
    assert all("facet_size=2" in f["toggle_url"] for f in chosen)
    html = client.get("/?q=dân&facet_size=2").get_data(as_text=True)
    assert f"… và {len(everything) - 2} giá trị khác" in html
    assert api(client, "q=dân")["facets_more"] == {"counts": {}, "url": None}
