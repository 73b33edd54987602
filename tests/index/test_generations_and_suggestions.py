"""A rebuild leaves one generation on disk; did-you-mean never offers a query that finds nothing."""
from __future__ import annotations

from archive import Archive, Config
from index import SearchIndex, SearchQuery
from index.generations import GEN_PREFIX


def _archive(tmp_path, texts: list[str]):
    config = Config.load(tmp_path / "home")
    archive = Archive.open(config)
    for n, text in enumerate(texts):
        archive.import_article({"url": f"http://a.vn/{n}.html", "title": f"Tin {n}", "text": text,
                                "published": "2024-01-02", "province": "Gia Lai", "unit": "Ban Dân vận Tỉnh ủy",
                                "level": "tỉnh", "source": "BDV", "source_id": "bdv"})
    return archive


def test_a_rebuild_leaves_only_the_new_generation_and_open_searches_go_on(tmp_path):
    archive = _archive(tmp_path, ["Tàu cá ngư dân vào bờ tránh bão.", "Hội nghị dân vận khéo."])
    with SearchIndex(tmp_path / "index") as index:
        index.rebuild(archive)
        assert index.search(SearchQuery(q="dân vận")).total == 1  # a searcher is open on the first generation
        index.rebuild(archive)
        index.rebuild(archive)
        assert len(list((tmp_path / "index").glob(GEN_PREFIX + "*"))) == 1
        assert index.search(SearchQuery(q="dân vận")).total == 1
    archive.close()


def test_did_you_mean_is_offered_only_when_it_finds_more(tmp_path):
    archive = _archive(tmp_path, ["Phát triển sản xuất ở xã vùng sâu.", "Tác phong cán bộ dân vận gần dân.",
                                  "Ngầm tràn qua suối được sửa chữa.", "Nhân dân góp công làm đường."])
    with SearchIndex(tmp_path / "index") as index:
        index.rebuild(archive)
        # each unknown word has a close known one ("tàu" ~ "tác", "hạt" ~ "phát"), but together they find nothing
        results = index.search(SearchQuery(q="tàu ngầm hạt nhân"))
        assert results.total == 0 and results.suggestion is None
        typo = index.search(SearchQuery(q="nhân dâm"))
        assert typo.suggestion == "nhân dân" and index.search(SearchQuery(q=typo.suggestion)).total > 0
    archive.close()
