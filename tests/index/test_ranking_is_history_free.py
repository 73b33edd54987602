"""Relevance depends only on the articles: the same archive ranks the same, however its index was built."""
from __future__ import annotations

import pytest

from archive import Archive, Config
from index import SearchIndex, SearchQuery

WORDS = ["dân vận", "khéo", "hội nghị", "sơ kết", "biên phòng", "đồng bào", "mô hình", "nông thôn"]
QUERIES = ["dân vận khéo", "sơ kết", "biên phòng đồng bào", '"mô hình"', "nông thôn OR biên phòng"]


def article(n: int) -> dict:
    """Articles of different lengths and word mixes, so that every statistic matters."""
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(3 + n % 11)]
    text = " ".join(f"Đoạn {i}: {w} ở xã {n}." for i, w in enumerate(words))
    return {"url": f"http://a.vn/tin/{n}.html", "title": f"Tin {n}: {words[0]} {words[-1]}", "text": text,
            "published": f"20{10 + n % 14}-0{1 + n % 9}-1{n % 10}", "province": "Bình Phước",
            "unit": "Ban Dân vận Tỉnh ủy", "level": "tỉnh", "source": "BDV", "source_id": "bdv"}


def ranking(index: SearchIndex) -> dict[str, list[tuple[str, float]]]:
    out = {}
    for q in QUERIES:
        hits = index.search(SearchQuery(q=q, per_page=100)).hits
        out[q] = [(h["id"], round(h["score"], 9)) for h in hits]
    return out


@pytest.fixture
def archive_of_articles(tmp_path):
    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        for n in range(120):
            archive.import_article(article(n))
        yield config, archive


def test_an_index_grown_in_batches_with_edits_ranks_as_one_rebuilt_at_once(archive_of_articles, tmp_path):
    config, archive = archive_of_articles
    ids = [a.id for a in archive.iter_articles()]
    with SearchIndex(tmp_path / "grown") as grown:
        for start in range(0, len(ids), 24):  # several small segments, as crawls make them
            grown.update(archive, ids[start:start + 24])
        grown.update(archive, ids[::5])  # the same articles again: deletions in older segments
        assert len(grown._searcher().reader().leaf_readers()) > 3  # several segments, some with deletions
        with SearchIndex(tmp_path / "rebuilt") as rebuilt:
            rebuilt.rebuild(archive)
            assert ranking(grown) == ranking(rebuilt)
            assert all(ranking(rebuilt).values())
