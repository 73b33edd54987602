"""The index follows the archive: new, edited, removed and deleted articles; rebuilds and schema changes."""
from __future__ import annotations

import json
import threading

from archive import Archive, Config
from index import SearchIndex, SearchQuery
from index.schema import SCHEMA_VERSION
from index.generations import CURRENT_FILE, META_FILE


def _ids(index, q: str, **kw) -> set[str]:
    return {h["id"] for h in index.search(SearchQuery(q=q, per_page=100, **kw)).hits}


def test_removed_article_stays_searchable_and_is_marked_removed(fresh_truth_index, first_crawl):
    archive, index, keys = fresh_truth_index
    key = next(k for k, e in first_crawl.items() if e.get("v2") == "removed")
    article_id = next(i for i, k in keys.items() if k == key)
    url = archive.get_article(article_id).url
    assert archive.mark_removed(url) == article_id
    assert index.update(archive, [article_id]) == 1
    title = first_crawl[key]["title"]
    hit = next(h for h in index.search(SearchQuery(q=f'"{title}"')).hits if h["id"] == article_id)
    assert hit["status"] == "removed"
    removed = index.search(SearchQuery(filters={"status": ["removed"]}))
    assert [h["id"] for h in removed.hits] == [article_id]
    assert {"value": "removed", "count": 1} in removed.facets["status"]
    assert index.doc_count() == len(first_crawl)


def test_edited_article_is_found_by_its_new_text_only(fresh_truth_index, first_crawl, sources):
    archive, index, keys = fresh_truth_index
    key, entry = next((k, e) for k, e in first_crawl.items() if e.get("v2") == "edited")
    article_id = next(i for i, k in keys.items() if k == key)
    old_word, new_word = "zqxoldword", "zqxnewword"
    article = archive.get_article(article_id)
    source = archive.get_source(article.source_id)
    fields = {"title": article.title, "text": article.text + f" {old_word}", "published": article.published}
    if source is None:
        from archive import Source
        source = Source(id=article.source_id, name=article.source, province=article.province, unit=article.unit,
                        level=article.level, district=article.district, start_urls=[article.url])
    archive.save_article(source, article.url, fields, None)
    index.update(archive, [article_id])
    assert _ids(index, old_word) == {article_id}
    archive.save_article(source, article.url, dict(fields, text=article.text + f" {new_word}"), None)
    index.update(archive, [article_id])
    assert _ids(index, old_word) == set()
    assert _ids(index, new_word) == {article_id}
    assert index.doc_count() == len(first_crawl)


def test_new_articles_are_added_and_vanished_ones_dropped(config):
    with Archive.open(config) as archive, SearchIndex(config.index_dir) as index:
        first = archive.import_article({"url": "http://x.invalid/1", "title": "Một", "text": "Chuyện làng quê."})
        index.rebuild(archive)
        second = archive.import_article({"url": "http://x.invalid/2", "title": "Hai", "text": "Chuyện phố thị."})
        index.update(archive, [second])
        assert _ids(index, "chuyện") == {first, second}
        archive.conn.execute("DELETE FROM article_versions WHERE article_id = ?", (first,))
        archive.conn.execute("DELETE FROM articles WHERE id = ?", (first,))
        archive.conn.commit()
        index.update(archive, [first])
        assert _ids(index, "chuyện") == {second}
        assert index.freshness(archive)["up_to_date"] is True


def test_many_small_updates_are_folded_into_one_segment(config):
    with Archive.open(config) as archive, SearchIndex(config.index_dir) as index:
        index.rebuild(archive)
        ids = []
        for i in range(12):
            ids.append(archive.import_article({"url": f"http://x.invalid/{i}", "title": f"Tin số {i}",
                                               "text": f"Nội dung bản tin số {i}."}))
            index.update(archive, [ids[-1]])
        results = index.search(SearchQuery(q="bản tin", per_page=100))
        assert {h["id"] for h in results.hits} == set(ids)
        from whoosh import index as whoosh_index
        current = (config.index_dir / CURRENT_FILE).read_text().strip()
        ix = whoosh_index.open_dir(str(config.index_dir / current))
        try:
            assert len(ix._segments()) < 9
        finally:
            ix.close()


def test_update_without_an_index_builds_one(config):
    with Archive.open(config) as archive, SearchIndex(config.index_dir) as index:
        article_id = archive.import_article({"url": "http://x.invalid/1", "title": "Tin", "text": "Nội dung."})
        assert index.update(archive, [article_id]) == 1
        assert _ids(index, "nội dung") == {article_id}


def test_search_without_an_index_answers_nothing(tmp_path):
    with SearchIndex(tmp_path / "none") as index:
        results = index.search(SearchQuery(q="dân"))
        assert results.total == 0 and results.hits == [] and results.notice is None


def test_schema_change_triggers_a_rebuild_rather_than_a_crash(fresh_truth_index, config, first_crawl):
    archive, index, _ = fresh_truth_index
    generation = config.index_dir / (config.index_dir / CURRENT_FILE).read_text().strip()
    meta = json.loads((generation / META_FILE).read_text())
    (generation / META_FILE).write_text(json.dumps(dict(meta, schema_version=SCHEMA_VERSION - 1)))
    with SearchIndex.of(config) as reopened:  # handed the archive, it rebuilds itself from it
        stale = reopened.search(SearchQuery(q="dân"))
        assert stale.total == 0 and stale.notice  # answered (empty, with a notice), rebuilt in the background
        reopened.wait_for_rebuild(60)
        assert reopened.search(SearchQuery(q="")).total == len(first_crawl)
    # the same through update()
    generation = config.index_dir / (config.index_dir / CURRENT_FILE).read_text().strip()
    (generation / META_FILE).write_text(json.dumps(dict(meta, schema_version=SCHEMA_VERSION + 1)))
    with SearchIndex(config.index_dir) as reopened:
        assert reopened.freshness(archive)["up_to_date"] is False
        reopened.update(archive, [next(iter(archive.iter_articles())).id])
        assert reopened.freshness(archive)["up_to_date"] is True


def test_unreadable_index_is_rebuilt(fresh_truth_index, config, first_crawl):
    archive, _, _ = fresh_truth_index
    generation = config.index_dir / (config.index_dir / CURRENT_FILE).read_text().strip()
    for toc in generation.glob("*.toc"):
        toc.write_bytes(b"garbage")
    with SearchIndex(config.index_dir) as reopened:
        assert reopened.freshness(archive)["up_to_date"] is False
        assert reopened.rebuild(archive) == len(first_crawl)
        assert reopened.search(SearchQuery()).total == len(first_crawl)


def test_search_during_rebuilds_never_fails_nor_sees_a_half_index(fresh_truth_index, first_crawl):
    archive, index, _ = fresh_truth_index
    config_home = archive.db_path.parent
    errors: list[BaseException] = []
    totals: list[int] = []
    stop = threading.Event()

    def searcher():
        try:
            while not stop.is_set():
                totals.append(index.search(SearchQuery(q="", per_page=1)).total)
                index.search(SearchQuery(q="dân vận", filters={"year": ["2022"]}))
        except BaseException as exc:  # the test reports any failure at all
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        with Archive.open(Config.load(config_home)) as second_archive:
            for _ in range(3):
                assert index.rebuild(second_archive) == len(first_crawl)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors
    assert totals and set(totals) == {len(first_crawl)}


def test_one_writer_at_a_time(fresh_truth_index, first_crawl):
    archive, index, _ = fresh_truth_index
    results: list[int] = []
    errors: list[BaseException] = []

    def rebuild():
        try:
            with Archive.open(Config.load(archive.db_path.parent)) as own, SearchIndex(index.index_dir) as other:
                results.append(other.rebuild(own))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=rebuild) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == [len(first_crawl)] * 3
    assert index.search(SearchQuery()).total == len(first_crawl)
    assert len(list(index.index_dir.glob("gen-*"))) <= 2
