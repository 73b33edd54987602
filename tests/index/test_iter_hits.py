"""iter_hits: every hit of a search in its sort order, past the paging window, undated ones included."""
from __future__ import annotations

import pytest

from index import QueryError, SearchIndex, SearchQuery

UNDATED = [{"url": f"http://fixture.invalid/undated-{n}", "title": f"Công tác dân vận không ghi ngày {n}",
            "text": "Bài viết về công tác dân vận, không có ngày đăng.", "province": "Gia Lai",
            "unit": "Ban Dân vận Tỉnh ủy", "level": "tỉnh", "source": "Ban Dân vận Tỉnh ủy Gia Lai"} for n in (1, 2)]


@pytest.fixture
def small_window(fresh_truth_index):
    """(archive, a SearchIndex paging through at most 5 hits, ids of two undated articles)."""
    archive, index, _ = fresh_truth_index
    undated = [archive.import_article(record) for record in UNDATED]
    index.update(archive, undated)
    with SearchIndex(index.index_dir, result_window=5) as narrow:
        yield archive, narrow, undated


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_every_hit_comes_once_past_the_window_undated_ones_included(small_window, sort):
    _, index, undated = small_window
    query = SearchQuery(q="dân vận", sort=sort, per_page=5)
    total = index.search(query).total
    with pytest.raises(QueryError):
        index.search(SearchQuery(q="dân vận", sort=sort, page=2, per_page=5))
    ids = [hit["id"] for hit in index.iter_hits(query)]
    assert len(ids) == len(set(ids)) == total > 5
    assert set(undated) <= set(ids)


def test_hits_follow_the_sort_order_of_search(small_window):
    _, index, undated = small_window
    newest = list(index.iter_hits(SearchQuery(q="dân vận", sort="newest")))
    dates = [h["published"] for h in newest if h["published"]]
    assert dates == sorted(dates, reverse=True) and {h["id"] for h in newest[-2:]} == set(undated)
    oldest = [h["published"] for h in index.iter_hits(SearchQuery(q="dân vận", sort="oldest")) if h["published"]]
    assert oldest == sorted(oldest)
    page = index.search(SearchQuery(q="dân vận", per_page=5)).hits
    ranked = list(index.iter_hits(SearchQuery(q="dân vận")))
    assert [h["id"] for h in ranked[:5]] == [h["id"] for h in page]
    scores = [h["score"] for h in ranked]
    assert scores == sorted(scores, reverse=True)


def test_filters_limit_and_snippets(small_window):
    _, index, _ = small_window
    query = SearchQuery(q="dân vận", filters={"province": ["Gia Lai"]}, per_page=5)
    hits = list(index.iter_hits(query))
    assert len(hits) == index.search(query).total and all(h["province"] == "Gia Lai" for h in hits)
    assert "snippet" not in hits[0]
    two = list(index.iter_hits(query, limit=2, snippets=True))
    assert len(two) == 2 and "<mark>" in two[0]["snippet"]


def test_a_bad_query_fails_before_the_first_hit(small_window):
    _, index, _ = small_window
    with pytest.raises(QueryError):
        index.iter_hits(SearchQuery(q="title:x* AND", sort="sideways"))


def test_an_abandoned_iteration_closes_its_searcher(small_window):
    _, index, _ = small_window
    before = len(index._own)
    hits = index.iter_hits(SearchQuery(q="dân vận"))
    next(hits)
    assert len(index._own) == before + 1
    hits.close()
    assert len(index._own) == before
