"""The shared search cases (queries.json) against the index built from truth.json."""
from __future__ import annotations

import pytest

from index import SearchQuery


def _search_all(index, q: str, filters: dict) -> tuple[int, list[str]]:
    wanted = {name: [str(value)] for name, value in filters.items()}
    results = index.search(SearchQuery(q=q, filters=wanted, per_page=100))
    return results.total, [hit["id"] for hit in results.hits]


def test_every_search_case_gives_exactly_the_expected_articles(truth_index, search_cases):
    _, index, keys = truth_index
    failures = []
    for case in search_cases:
        total, ids = _search_all(index, case["q"], case["filters"])
        got = sorted(keys[i] for i in ids)
        if got != sorted(case["expect_all"]) or total != len(case["expect_all"]):
            failures.append(f"{case['q']!r} {case['filters']}: got {total} {got}, expected {case['expect_all']}")
    assert not failures, "\n".join(failures)


def test_single_hit_cases_put_the_expected_article_first(truth_index, search_cases):
    _, index, keys = truth_index
    for case in [c for c in search_cases if c["expect_top"]]:
        filters = {name: [str(value)] for name, value in case["filters"].items()}
        hits = index.search(SearchQuery(q=case["q"], filters=filters)).hits
        assert keys[hits[0]["id"]] == case["expect_top"], case["q"]


@pytest.mark.parametrize("typed, plain", [
    ("Dân vận khéo", "dan van kheo"),
    ("đối thoại trực tiếp", "doi thoai truc tiep"),
    ("ĐỐI THOẠI", "Doi Thoai"),
    ('"hiến đất mở đường"', '"hien dat mo duong"'),
])
def test_diacritics_case_and_d_are_ignored(truth_index, typed, plain):
    _, index, _ = truth_index
    first, second = _search_all(index, typed, {}), _search_all(index, plain, {})
    assert first[0] > 0
    assert sorted(first[1]) == sorted(second[1])


def test_tone_mark_placement_is_ignored(truth_index):
    _, index, _ = truth_index
    for old_style, new_style in [("hoà", "hòa"), ("uỷ ban", "ủy ban"), ("thuỷ", "thủy")]:
        a, b = _search_all(index, old_style, {}), _search_all(index, new_style, {})
        assert a == b, old_style


def test_one_letter_syllables_are_words(truth_index):
    _, index, _ = truth_index
    results = index.search(SearchQuery(q="ở"))
    assert results.total > 0
    assert "<mark>ở</mark>" in results.hits[0]["snippet"]


def test_exact_diacritics_rank_above_folded_only_matches(tmp_path):
    from archive import Archive, Config
    from index import SearchIndex

    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        folded_only = archive.import_article({"url": "http://x.invalid/1", "title": "Tin dần dần", "text": "Dần dần."})
        exact = archive.import_article({"url": "http://x.invalid/2", "title": "Tin dân", "text": "Dân dân."})
    with Archive.open(config) as archive, SearchIndex(config.index_dir) as index:
        index.rebuild(archive)
        assert [h["id"] for h in index.search(SearchQuery(q="dân")).hits] == [exact, folded_only]
        assert [h["id"] for h in index.search(SearchQuery(q="dần")).hits] == [folded_only, exact]


def test_title_matches_rank_above_body_matches(tmp_path):
    from archive import Archive, Config
    from index import SearchIndex

    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        body = archive.import_article({"url": "http://x.invalid/1", "title": "Tin địa phương",
                                       "text": "Hội nghị bàn về hiến đất làm đường giao thông nông thôn."})
        title = archive.import_article({"url": "http://x.invalid/2", "title": "Hiến đất làm đường",
                                        "text": "Hội nghị bàn về giao thông nông thôn của xã."})
    with Archive.open(config) as archive, SearchIndex(config.index_dir) as index:
        index.rebuild(archive)
        assert [h["id"] for h in index.search(SearchQuery(q="hiến đất")).hits] == [title, body]


def test_relevance_scores_every_hit_so_a_buried_best_match_comes_first(tmp_path):
    from archive import Archive, Config
    from index import SearchIndex

    config = Config.load(tmp_path / "home")
    filler = "Hội nghị tổng kết công tác năm của xã với nhiều nội dung khác nhau. " * 4
    with Archive.open(config) as archive:
        ids = [archive.import_article({"url": f"http://x.invalid/{i}", "title": f"Tin số {i}",
                                       "text": f"Công tác dân vận. {filler}"}) for i in range(1200)]
        best = archive.import_article({"url": "http://x.invalid/best", "title": "Tin số 1200",
                                       "text": "Dân vận: dân biết, dân bàn, dân làm, dân kiểm tra."})
        second = archive.import_article({"url": "http://x.invalid/second", "title": "Tin số 1201",
                                         "text": f"Dân vận khéo, dân tin. {filler}"})
        ids += [archive.import_article({"url": f"http://x.invalid/late{i}", "title": f"Tin muộn {i}",
                                        "text": f"Công tác dân vận. {filler}"}) for i in range(300)]
    with Archive.open(config) as archive, SearchIndex(config.index_dir) as index:
        index.rebuild(archive)
        results = index.search(SearchQuery(q="dân", per_page=100))
        assert results.total == len(ids) + 2
        assert [h["id"] for h in results.hits[:2]] == [best, second]
        scores = [h["score"] for h in results.hits]
        assert scores == sorted(scores, reverse=True) and scores[1] > scores[2]
