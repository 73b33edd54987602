"""Facet counts over all hits (a filtered facet without its own filter), filters (OR within a facet, AND across), dates, browsing and sorting."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from archive.places import province_2025
from index import SearchQuery


def _fold_tokens(text: str) -> set[str]:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return set(re.findall(r"\w+", "".join(c for c in text if not unicodedata.combining(c)).lower()))


def _brute_force(first_crawl: dict, sources: dict, words: list[str], keep=lambda e: True) -> dict[str, Counter]:
    """Facet counts computed straight from truth.json for articles with all ``words``."""
    counts: dict[str, Counter] = {f: Counter() for f in ("province", "province_2025", "unit", "level", "year",
                                                           "source", "status")}
    for entry in first_crawl.values():
        tokens = _fold_tokens(entry["title"]) | _fold_tokens(" ".join(entry["body"]))
        if not all(w in tokens for w in words) or not keep(entry):
            continue
        counts["province"][entry["province"]] += 1
        counts["province_2025"][province_2025(entry["province"])] += 1
        counts["unit"][entry["unit"]] += 1
        counts["level"][entry["level"]] += 1
        counts["year"][entry["published"][:4]] += 1
        counts["source"][sources[entry["site"]]["name"]] += 1
        counts["status"]["live"] += 1
    return counts


def _as_counter(facet_list: list[dict]) -> Counter:
    return Counter({item["value"]: item["count"] for item in facet_list})


def test_facet_counts_equal_a_brute_force_count_over_all_hits(truth_index, first_crawl, sources):
    _, index, _ = truth_index
    for q in ["dân vận", "covid", "nông thôn mới", ""]:
        results = index.search(SearchQuery(q=q, per_page=1))
        expected = _brute_force(first_crawl, sources, q.split() and [w for w in _fold_tokens(q)])
        assert len(results.hits) == min(1, results.total)
        for facet, counts in expected.items():
            assert _as_counter(results.facets[facet]) == counts, (q, facet)


def test_filters_or_within_a_facet_and_across_facets(truth_index, first_crawl, sources):
    _, index, _ = truth_index
    filters = {"province": ["Bình Phước", "Gia Lai"], "year": ["2022", "2023", "2024"]}
    results = index.search(SearchQuery(q="dân", filters=filters, per_page=100))
    keep = lambda e: e["province"] in filters["province"] and e["published"][:4] in filters["year"]  # noqa: E731
    expected = _brute_force(first_crawl, sources, ["dan"], keep)
    assert results.total == sum(expected["level"].values()) > 0
    assert _as_counter(results.facets["level"]) == expected["level"]
    assert {h["province"] for h in results.hits} <= set(filters["province"])
    assert {h["published"][:4] for h in results.hits} <= set(filters["year"])


@pytest.mark.parametrize("filters, dates", [
    ({"province": ["Bình Phước"]}, (None, None)),
    ({"province": ["Bình Phước", "Gia Lai"], "year": ["2022", "2023", "2024"]}, (None, None)),
    ({"level": ["huyện"], "year": ["2021", "2023"]}, ("2021-06", "2024")),
])
def test_a_filtered_facet_is_counted_with_every_filter_but_its_own(truth_index, first_crawl, sources, filters,
                                                                     dates):
    _, search_index, _ = truth_index
    results = search_index.search(SearchQuery(q="dân", filters=filters, date_from=dates[0], date_to=dates[1]))
    lo, hi = (dates[0] or "0000") + "-00", (dates[1] or "9999") + "-99"

    def keep_all_but(facet: str | None):
        def keep(entry: dict) -> bool:
            values = {"province": entry["province"], "level": entry["level"], "year": entry["published"][:4]}
            return lo <= entry["published"] <= hi and all(
                values[name] in wanted for name, wanted in filters.items() if name != facet)
        return keep

    everything = _brute_force(first_crawl, sources, ["dan"], keep_all_but(None))
    assert results.total == sum(everything["status"].values()) > 0
    for facet, counts in everything.items():
        if facet in filters:
            counts = _brute_force(first_crawl, sources, ["dan"], keep_all_but(facet))[facet]
            assert set(counts) - set(filters[facet]), facet  # other values to add are offered
        assert _as_counter(results.facets[facet]) == counts, facet


def test_facets_are_sorted_by_count_and_years_newest_first(truth_index):
    _, index, _ = truth_index
    facets = index.search(SearchQuery()).facets
    counts = [item["count"] for item in facets["province"]]
    assert counts == sorted(counts, reverse=True)
    years = [item["value"] for item in facets["year"]]
    assert years == sorted(years, reverse=True) and len(years) > 3


def test_empty_query_browses_everything_newest_first(truth_index, first_crawl):
    _, index, _ = truth_index
    results = index.search(SearchQuery(per_page=100))
    assert results.total == len(first_crawl)
    dates = [(h["published"], h["published_time"] or "") for h in results.hits]
    assert dates == sorted(dates, reverse=True)


def test_sort_oldest_and_newest(truth_index):
    _, index, _ = truth_index
    newest = [h["published"] for h in index.search(SearchQuery(q="dân", sort="newest", per_page=100)).hits]
    oldest = [h["published"] for h in index.search(SearchQuery(q="dân", sort="oldest", per_page=100)).hits]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)
    assert sorted(newest) == sorted(oldest)


def test_date_range_keeps_articles_inside_it(truth_index, first_crawl):
    _, index, _ = truth_index
    results = index.search(SearchQuery(date_from="2021-03", date_to="2022", per_page=100))
    expected = [e for e in first_crawl.values() if "2021-03-01" <= e["published"] <= "2022-12-31"]
    assert results.total == len(expected) > 0
    assert all("2021-03-01" <= h["published"] <= "2022-12-31" for h in results.hits)


def test_paging_splits_the_hits_without_overlap(truth_index, first_crawl):
    _, index, _ = truth_index
    pages = [index.search(SearchQuery(page=p, per_page=5)) for p in range(1, 7)]
    ids = [h["id"] for page in pages for h in page.hits]
    assert len(ids) == len(set(ids)) == len(first_crawl)
    assert pages[0].pages == 5 and pages[-1].hits == []


def test_per_page_is_capped_at_100(truth_index):
    _, index, _ = truth_index
    results = index.search(SearchQuery(per_page=5000))
    assert results.per_page == 100


def test_mentioned_provinces_are_a_multi_valued_facet(truth_index, first_crawl):
    _, index, _ = truth_index
    expected = Counter(p for e in first_crawl.values() for p in e.get("provinces_mentioned") or [])
    assert _as_counter(index.search(SearchQuery()).facets["provinces_mentioned"]) == expected
    some = next(iter(expected))
    filtered = index.search(SearchQuery(filters={"provinces_mentioned": [some]}))
    assert filtered.total == expected[some]
