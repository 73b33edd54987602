"""Odd queries get an answer or a clear QueryError; results have the contract's shape and safe HTML."""
from __future__ import annotations

import random

import pytest

from archive import Archive
from index import QueryError, SearchIndex, SearchQuery
from index.query import QUERY_ERRORS, QUERY_NOTES, compile_query
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
        assert str(exc) and exc.code in QUERY_ERRORS
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


# -- the query language is consistent: every query is searched as documented, or refused with a code -------

def test_field_names_ignore_case_and_diacritics_and_a_space_after_the_colon(truth_index):
    _, index, _ = truth_index
    expected = index.search(SearchQuery(q="title:khéo")).total
    assert 0 < expected < index.search(SearchQuery(q="khéo")).total
    for q in ("TITLE:khéo", "Title:khéo", "TieuDe:khéo", "tiêuđề:khéo", "title: khéo", "TITLE: khéo"):
        assert index.search(SearchQuery(q=q)).total == expected, q


@pytest.mark.parametrize("q", ["title:", "TITLE:", "khéo title:", "(title:)", "text:", "dân (title:) vận"])
def test_a_field_name_with_nothing_after_it_is_refused_with_its_code(q):
    with pytest.raises(QueryError) as info:
        compile_query(q)
    assert info.value.code == "field_without_words" and info.value.params["field"] in ("title", "text")


def test_lowercase_operators_are_ordinary_words_with_a_note(truth_index):
    _, index, _ = truth_index
    compiled = compile_query("covid or krông")
    assert compiled.notes == [("lowercase_operator", {"word": "or", "operator": "OR"})]
    assert index.search(SearchQuery(q="covid or krông")).total == index.search(SearchQuery(q="covid krông or")).total
    assert index.search(SearchQuery(q="covid OR krông")).total > index.search(SearchQuery(q="covid or krông")).total
    assert compile_query("covid OR krông").notes == [] and compile_query('"lũ or bão"').notes == []


@pytest.mark.parametrize("q, same_as", [("NOT NOT dân", "dân"), ("NOT -covid", "covid"), ("--covid", "covid"),
                                        ("NOT NOT NOT covid", "NOT covid"), ("dân NOT NOT vận", "dân vận"),
                                        ("-(-covid)", "covid")])
def test_negations_cancel_in_pairs(truth_index, q, same_as):
    _, index, _ = truth_index
    assert index.search(SearchQuery(q=q)).total == index.search(SearchQuery(q=same_as)).total


def test_only_exclusions_browse_the_articles_without_them_newest_first_with_a_note(truth_index):
    _, index, _ = truth_index
    compiled = compile_query("-covid")
    assert not compiled.scorable and compiled.notes == [("only_exclusions", {})]
    results = index.search(SearchQuery(q="-covid", per_page=100))
    assert results.total == index.search(SearchQuery()).total - index.search(SearchQuery(q="covid")).total
    dates = [h["published"] for h in results.hits if h["published"]]
    assert dates == sorted(dates, reverse=True)


def test_dropped_operators_and_unknown_fields_are_noted():
    assert compile_query("dân AND").notes == [("operator_ignored", {"operator": "AND"})]
    assert compile_query("foo:bar").notes == [("unknown_field", {"name": "foo"})]
    assert compile_query("http://example.vn/tin").notes == []


def test_every_refusal_carries_a_code_and_its_english_message():
    many = " ".join(f"từ{n}" for n in range(70))
    for q, code in [("AND", "no_words"), ("d*n", "wildcard"), (many, "too_many_words")]:
        with pytest.raises(QueryError) as info:
            compile_query(q)
        assert info.value.code == code and str(info.value) == QUERY_ERRORS[code].format(**info.value.params)
    with pytest.raises(QueryError) as info:
        SearchQuery(page="²").validated()
    assert info.value.code == "bad_number"
    with pytest.raises(QueryError) as info:
        SearchQuery(date_from="٢٠٢٠").validated()
    assert info.value.code == "bad_date"


def test_random_queries_are_compiled_or_refused_with_a_code_never_another_exception():
    pieces = ["dân", "vận", "AND", "OR", "NOT", "and", "or", "-", "--", "(", ")", '"', "title:", "TITLE:", "text:",
              "*", "x*", "d*n", ":", "foo:", "-(", "NOT(", "^", "~", "\x00", "", " ", "…", "😀"]
    rng = random.Random(20251201)
    for _ in range(3000):
        q = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 7)))
        try:
            compiled = compile_query(q)
        except QueryError as exc:
            assert exc.code in QUERY_ERRORS, q
        else:
            assert all(code in QUERY_NOTES for code, _ in compiled.notes), q
