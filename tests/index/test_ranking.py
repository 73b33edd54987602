"""Ranking skips the hits that cannot reach the best ones, and ranks exactly as if it had scored them all."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import index.ranking as ranking
from archive import Archive, Config
from index import SearchIndex, SearchQuery
from index.columns import SegmentData
from index.ranking import TermInSegment, first_hits, reachable


def mask(size: int, docs: list[int]) -> np.ndarray:
    out = np.zeros(size, dtype=bool)
    out[docs] = True
    return out


def test_the_hits_with_the_rarest_selective_term_are_scored_first():
    hits = mask(10, [0, 1, 2, 3, 4, 5])
    terms = [TermInSegment(3, mask(10, [1, 4, 7]), 1.0), TermInSegment(2, mask(10, [2, 9]), 0.5),
             TermInSegment(6, None, 1.5)]
    assert np.flatnonzero(first_hits(hits, terms)).tolist() == [2]
    assert first_hits(hits, [TermInSegment(6, None, 1.5)]) is hits  # nothing selective: all at once


def test_only_hits_with_an_essential_term_could_reach_the_threshold():
    hits = mask(10, [0, 1, 3, 4, 5])
    terms = [TermInSegment(2, mask(10, [1, 4]), 5.0), TermInSegment(8, None, 1.0), TermInSegment(7, None, 2.0)]
    assert np.flatnonzero(reachable(hits, terms, 4.0)).tolist() == [1, 4]  # 1 + 2 < 4: only the first term matters
    assert reachable(hits, terms, 8.5) is None  # 1 + 2 + 5 < 8.5: nothing can
    assert reachable(hits, terms, 2.5) is hits  # 1 + 2 >= 2.5: a common term is essential


def test_a_threshold_a_hit_without_scoring_terms_could_reach_keeps_every_hit():
    hits = mask(4, [0, 1, 2])
    assert reachable(hits, [TermInSegment(1, mask(4, [1]), 3.0)], -np.inf) is hits
    assert reachable(hits, [TermInSegment(1, mask(4, [1]), 3.0)], 0.0) is hits
    assert np.flatnonzero(reachable(hits, [TermInSegment(1, mask(4, [1]), 3.0)], 1.0)).tolist() == [1]


@pytest.fixture(scope="module")
def body_heavy_index(tmp_path_factory):
    """Articles with "dân vận" in the title (of several lengths) among many more with it in the body only, some
    of which outrank some of the title ones; "biên phòng" in a few short titles and once in many long bodies;
    and more articles without either."""
    home = tmp_path_factory.mktemp("ranking")
    config = Config.load(home / "home")
    with Archive.open(config) as archive:
        for n in range(1200):
            if n % 64 == 0:
                title = "Tin tổng hợp công tác dân vận " + " ".join(["ở cơ sở trong tuần qua"] * (n // 64 % 6))
                text = "Bà con đồng thuận làm đường giao thông nông thôn."
            elif n % 8 == 3:  # "biên phòng": short titles, or once in a long body (those cannot reach the titles)
                title = "Hội nghị biên phòng" if n % 128 == 3 else f"Tin số {n} của xã"
                text = " ".join(["Bà con đồng thuận làm đường giao thông nông thôn."] * 4) + " Đồn biên phòng."
            elif n % 8 == 1:
                title = f"Tin số {n} của huyện"
                text = " ".join(["Công tác dân vận của xã."] * (1 + n % 7) + ["Bà con đồng thuận làm đường."] * (n % 5))
            else:
                title, text = f"Tin số {n}", "Bà con đồng thuận làm đường giao thông nông thôn, xây dựng cầu cống."
            archive.import_article({"url": f"http://x.invalid/{n}", "title": title, "text": text,
                                    "published": f"2024-0{1 + n % 9}-1{n % 10}"})
    index = SearchIndex(home / "index")
    with Archive.open(config) as archive:
        index.rebuild(archive)
    yield index
    index.close()


def pages(index: SearchIndex, q: str) -> list[tuple[str, float]]:
    return [(h["id"], h["score"]) for page in (1, 2, 3, 4)
            for h in index.search(SearchQuery(q=q, per_page=5, page=page)).hits]


@pytest.mark.parametrize("q", ["dân vận", "dan van", '"dân vận"', "biên phòng", "bien phong", '"biên phòng"', "xã",
                               "dân vận đồng thuận", "tổng hợp OR đường", "biên phòng OR dân vận"])
def test_skipping_hits_that_cannot_reach_the_best_ranks_exactly_as_scoring_every_hit(body_heavy_index, q,
                                                                                      monkeypatch):
    scored_docs = []
    real_scored = ranking._scored

    def counting(cache, part, hits, *args):
        scored_docs.append(int(np.count_nonzero(hits)))
        return real_scored(cache, part, hits, *args)

    monkeypatch.setattr(ranking, "_scored", counting)
    skipping = pages(body_heavy_index, q)
    total = body_heavy_index.search(SearchQuery(q=q)).total
    skipped_some = sum(scored_docs) < 5 * total  # four pages and the total query, each scoring at most every hit
    monkeypatch.setattr(ranking, "SELECTIVE", 10 ** 18)  # no term is selective: every hit is scored at once
    assert pages(body_heavy_index, q) == skipping
    assert len(skipping) == min(20, total)
    if q in ("biên phòng", "bien phong", '"biên phòng"'):  # its body-only hits cannot reach its title hits
        assert skipped_some


def test_title_and_body_hits_are_interleaved_by_score(body_heavy_index):
    hits = body_heavy_index.search(SearchQuery(q="dân vận", per_page=20)).hits
    in_title = [h["title"].startswith("Tin tổng hợp") for h in hits]
    assert in_title[0] and not all(in_title) and in_title.index(False) < in_title.index(True, in_title.index(False))


@pytest.mark.parametrize("word", ["ba", "bien"])  # in every article's body; in a few
def test_a_terms_frequencies_spread_over_a_segment_are_its_postings(body_heavy_index, word):
    cache = body_heavy_index._cache
    for leaf, _ in body_heavy_index._searcher().leaf_searchers():
        reader = leaf.reader()
        ids, tfs = cache.postings(reader, "body_fold", word)
        spread = cache.spread_frequencies(reader, "body_fold", word)
        assert len(spread) == reader.doc_count_all() and np.flatnonzero(spread).tolist() == ids.tolist()
        assert spread[ids.astype(np.intp)].tolist() == tfs.tolist()
        kept = cache.spread_frequencies(reader, "body_fold", word) is spread
        assert kept == (len(ids) * 2 >= reader.doc_count_all())  # kept only for a term in half the articles


def dated_segment(offset: int, dates: list[int], keys: list[int]) -> ranking.Part:
    """A segment of documents with these dates (0: undated) and article keys, every one a hit; its date ranks
    computed as SegmentData computes them from a segment's streams."""
    streams = SimpleNamespace(dates=np.array(dates, dtype=np.int64).tobytes(),
                              keys=np.array(keys, dtype=np.int64).tobytes())
    data = SegmentData.__new__(SegmentData)
    data._dates(streams, len(dates))
    data.keys = np.frombuffer(streams.keys, dtype=np.int64)
    return ranking.Part(None, offset, data, np.ones(len(dates), dtype=bool))


@pytest.mark.parametrize("newest", [True, False])
def test_date_order_puts_undated_hits_last_by_article_key_across_segments(newest):
    parts = [dated_segment(0, [20200101, 0, 20220101], [5, 9, 1]), dated_segment(3, [0, 20210101, 0], [7, 2, 3])]
    order = [r.docnum for r in ranking.by_date(parts, wanted=6, newest=newest)]
    dated = [2, 4, 0] if newest else [0, 4, 2]
    assert order == dated + [5, 3, 1]  # undated: keys 3, 7, 9
    assert [r.docnum for r in ranking.by_date(parts, wanted=2, newest=newest)] == dated[:2]
