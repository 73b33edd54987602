"""Odd queries get an answer or a clear QueryError; results have the contract's shape and safe HTML."""
from __future__ import annotations

import pytest

from archive import Archive
from index import QueryError, SearchIndex, SearchQuery
from index.results import CONTRACT_HIT_FIELDS

ODD_QUERIES = [
    '"dân vận', 'dân vận"', '"', '""', '"""', "AND", "OR", "NOT", "-", "--", "+", "dân AND", "OR dân", "AND OR NOT",
    "dân -", "- dân", "(dân", "dân)", "()", "((((", "title:", "title:\"dân", "foo:bar", ":", "*", "**", "d*n", "?",
    "dân^2", "[a TO b]", "{x}", "dân~2", "\\", "'", "'dân'", "\x00", "<script>alert(1)</script>", "dân" * 30,
    "a" * 5000, " ".join(["dân"] * 400), "ŉ ǆ ﬁ", "😀", "NOT NOT dân", "dân OR OR vận", "title:(dân OR", "-(dân)",
]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_are_answered_or_refused_with_a_message(truth_index, q):
    _, index, _ = truth_index
    try:
        results = index.search(SearchQuery(q=q))
    except QueryError as exc:
        assert str(exc)
    else:
        assert results.total >= len(results.hits) >= 0
        assert set(results.to_json()) >= {"total", "page", "per_page", "results", "facets"}


@pytest.mark.parametrize("bad", [
    {"page": 0}, {"page": "x"}, {"sort": "random"}, {"filters": {"colour": ["red"]}},
    {"date_from": "yesterday"}, {"date_to": "2021-13"}, {"page": 10_000, "per_page": 100},
])
def test_bad_parameters_raise_query_error(truth_index, bad):
    _, index, _ = truth_index
    with pytest.raises(QueryError):
        index.search(SearchQuery(**bad))


def test_query_language_words_phrases_exclusion_or_prefix_and_fields(truth_index):
    _, index, _ = truth_index

    def total(q: str) -> int:
        return index.search(SearchQuery(q=q)).total

    assert total("covid OR krông") >= max(total("covid"), total("krông"))
    assert total("covid OR krông") <= total("covid") + total("krông")
    assert total("dân -covid") == total("dân") - total("dân covid")
    assert total("NOT covid") + total("covid") == total("")
    assert total("krô*") >= total("krông") > 0
    assert 0 < total("title:khéo") < total("khéo")
    assert total('title:"dân vận khéo"') <= total('"dân vận khéo"')
    assert total("hiến đất mở đường") >= total('"hiến đất mở đường"') == 1


def test_results_have_the_contract_shape(truth_index):
    _, index, _ = truth_index
    data = index.search(SearchQuery(q="dân vận", per_page=3)).to_json()
    assert data["page"] == 1 and data["per_page"] == 3 and data["total"] > 3
    assert len(data["results"]) == 3
    for hit in data["results"]:
        assert list(hit)[:len(CONTRACT_HIT_FIELDS)] == list(CONTRACT_HIT_FIELDS)
        assert hit["url"].startswith("http") and hit["title"] and hit["published"]
        assert hit["status"] == "live" and hit["province_2025"] and hit["score"] > 0
    for facet in ("province", "unit", "year", "level"):
        assert all(set(item) == {"value", "count"} for item in data["facets"][facet])


def test_snippets_and_titles_escape_everything_but_the_marks(config):
    text = 'Cán bộ <script>alert("x")</script> & <b>dân vận</b> khéo <mark>giả</mark>.'
    with Archive.open(config) as archive, SearchIndex(config.index_dir) as index:
        archive.import_article({"url": "http://x.invalid/1", "title": "<i>Dân vận</i> & <img src=x>", "text": text})
        index.rebuild(archive)
        hit = index.search(SearchQuery(q="dân vận")).hits[0]
    for html in (hit["snippet"], hit["title_highlighted"]):
        assert "<script>" not in html and "<b>" not in html and "<img" not in html and "<i>" not in html
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "<mark>dân</mark> <mark>vận</mark>" in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"] and "&amp;" in hit["snippet"]
    assert "&lt;mark&gt;giả&lt;/mark&gt;" in hit["snippet"]
    assert hit["title_highlighted"].startswith("&lt;i&gt;<mark>Dân</mark> <mark>vận</mark>&lt;/i&gt;")


def test_did_you_mean_for_a_misspelt_query(truth_index):
    _, index, _ = truth_index
    results = index.search(SearchQuery(q="dan vam kheo"))
    assert results.total == 0
    assert results.suggestion == "dan van kheo"
    assert index.search(SearchQuery(q=results.suggestion)).total > 0
    assert index.search(SearchQuery(q="dân vận")).suggestion is None


def test_warm_up_reads_every_segment_and_the_vocabulary_ahead_of_the_first_search(truth_index):
    _, shared, _ = truth_index
    with SearchIndex(shared.index_dir) as index:
        assert index._vocab is None and not index._cache._data
        index.warm_up()
        segments = len(index._searcher().reader().leaf_readers())
        assert len(index._cache._data) == segments > 0
        assert index._vocab is not None
        assert index.search(SearchQuery(q="dan vam kheo")).suggestion == "dan van kheo"


def test_warm_up_without_an_index_does_nothing(tmp_path):
    with SearchIndex(tmp_path / "index") as index:
        index.warm_up()
        assert index.search(SearchQuery(q="dân")).total == 0


def test_more_like_this_finds_related_articles_but_not_itself(truth_index):
    _, index, keys = truth_index
    article_id = index.search(SearchQuery(q='"hiến đất mở đường"')).hits[0]["id"]
    similar = index.more_like_this(article_id, limit=4)
    assert 0 < len(similar) <= 4
    assert article_id not in {h["id"] for h in similar}
    assert all(h["id"] in keys for h in similar)
    assert index.more_like_this("no-such-article") == []
