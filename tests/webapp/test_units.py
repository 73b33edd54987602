"""The web app's small parts on their own: URL state, escaping and highlighting, diffs, wording shingles."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from archive.models import ArticleVersion
from webapp.diffs import version_diff, word_segments
from webapp.highlight import highlight, query_terms, safe_snippet
from webapp.params import InputError, SearchParams, full_date
from webapp.wording import matched_positions, passages, shingles, tokens


def test_params_parse_repeat_facets_and_drop_duplicates():
    params = SearchParams.from_args(MultiDict([("q", "  dân   vận "), ("province", "A"), ("province", "B"),
                                               ("province", "A"), ("year", "2020"), ("sort", "newest")]))
    assert params.q == "dân vận" and params.filters == {"province": ("A", "B"), "year": ("2020",)}
    assert params.pairs() == [("q", "dân vận"), ("province", "A"), ("province", "B"), ("year", "2020"),
                              ("sort", "newest")]


def test_toggling_a_value_twice_gives_back_the_same_state_on_page_one():
    params = SearchParams(q="x", filters={"unit": ("U",)}, page=3)
    toggled = params.toggled("year", "2021")
    assert toggled.filters == {"unit": ("U",), "year": ("2021",)} and toggled.page == 1
    assert toggled.toggled("year", "2021").filters == {"unit": ("U",)}


@pytest.mark.parametrize("args", [{"q": 'a "b'}, {"page": "-1"}, {"per_page": "abc"}, {"sort": "x"},
                                  {"date_to": "2020-02-30x"}, {"year": "20"}])
def test_bad_parameters_raise_a_message_in_vietnamese(args):
    with pytest.raises(InputError) as info:
        SearchParams.from_args(MultiDict(args))
    assert str(info.value)


def test_partial_dates_widen_to_whole_periods():
    assert full_date("2020", True) == "2020-01-01" and full_date("2020", False) == "2020-12-31"
    assert full_date("2024-02", False) == "2024-02-29" and full_date("2021-05-06", True) == "2021-05-06"


def test_safe_snippet_keeps_only_mark_tags():
    assert safe_snippet("a <mark>b</mark> &lt;i&gt;") == "a <mark>b</mark> &lt;i&gt;"
    assert safe_snippet('<img src=x onerror=alert(1)><mark>b</mark>') == \
        "&lt;img src=x onerror=alert(1)&gt;<mark>b</mark>"
    assert safe_snippet("<mark>unclosed") == "unclosed"


def test_highlight_escapes_then_marks_ignoring_diacritics_and_excluded_words():
    assert query_terms('dan "van kheo" -xau OR nong*') == (frozenset({"dan", "van", "kheo"}), ("nong",))
    out = highlight("<b>Dân</b> vận khéo, xấu, nông thôn", 'dan "van kheo" -xau nong*')
    assert out == ("&lt;b&gt;<mark>Dân</mark>&lt;/b&gt; <mark>vận</mark> <mark>khéo</mark>, xấu, "
                   "<mark>nông</mark> thôn")
    assert highlight("<i>x</i>", "") == "&lt;i&gt;x&lt;/i&gt;"


def test_word_diff_marks_only_the_changed_words():
    assert word_segments("Ban Dận vận", "Ban Dân vận") == [
        {"op": "equal", "text": "Ban "}, {"op": "delete", "text": "Dận"}, {"op": "insert", "text": "Dân"},
        {"op": "equal", "text": " vận"}]


def test_version_diff_reports_changed_fields_and_paragraphs():
    a = ArticleVersion("x", 1, "2025-01-01", "h1", "Tiêu đề", "Một.\n\nHai.", published="2020-01-01")
    b = ArticleVersion("x", 2, "2025-02-01", "h2", "Tiêu đề mới", "Một.\n\nBa.\n\nBốn.", published="2020-01-01")
    diff = version_diff(a, b)
    assert [f["field"] for f in diff["fields"]] == ["title"]
    assert [p["op"] for p in diff["paragraphs"]] == ["equal", "changed", "insert"]
    assert diff["changed_paragraphs"] == 2


def test_shingles_overlap_and_short_texts_make_one():
    toks = tokens("Dân vận khéo trong hiến đất")
    assert shingles(toks, 4) == [("dan", "van", "kheo", "trong"), ("van", "kheo", "trong", "hien"),
                                 ("kheo", "trong", "hien", "dat")]
    assert shingles(tokens("Dân vận"), 4) == [("dan", "van")]


def test_matched_passage_covers_the_shared_wording():
    toks = tokens("mở đầu " * 30 + "Nhân dân tự nguyện hiến đất mở đường" + " kết thúc" * 30)
    wanted = set(shingles(tokens("nhan dan tu nguyen hien dat"), 4))
    covered, found = matched_positions(toks, wanted, 4)
    assert len(found) == 3 and len(covered) == 6
    first, last, n = passages(covered, len(toks))[0]
    assert n == 6 and first < min(covered) and last > max(covered)
