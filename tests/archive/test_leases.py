"""The crawl queue and its leases, and the change log, on both engines (tests/archive/conftest.py)."""
from __future__ import annotations

import time

from archive import Source

SOURCE = dict(name="Ban Dân vận", province="Bình Phước", unit="Ban Dân vận Tỉnh ủy", level="tỉnh")


def source(sid: str, url: str) -> Source:
    return Source(id=sid, start_urls=(url,), **SOURCE)


def test_a_due_source_is_taken_by_one_worker_only(archive):
    archive.mark_due([source("a", "http://127.0.0.1:8001/")])
    assert archive.take_lease("w1", 60) == "a"
    assert archive.take_lease("w2", 60) is None
    assert archive.crawl_queue()[0].holder == "w1"


def test_two_sources_of_one_host_are_never_held_at_once(archive):
    archive.mark_due([source("a", "http://127.0.0.1:8001/x/"), source("b", "http://127.0.0.1:8001/y/"),
                      source("c", "http://127.0.0.1:8002/")])
    taken = {archive.take_lease("w1", 60), archive.take_lease("w2", 60), archive.take_lease("w3", 60)}
    assert taken == {"a", "c", None}
    archive.release_lease("a", "w1", done=True)
    assert archive.take_lease("w3", 60) == "b"


def test_an_expired_lease_passes_to_another_worker_and_the_first_cannot_renew_it(archive):
    archive.mark_due([source("a", "http://127.0.0.1:8001/")])
    assert archive.take_lease("dead", 1) == "a"
    assert archive.take_lease("w2", 60) is None
    time.sleep(2.1)
    assert archive.take_lease("w2", 60) == "a"
    assert not archive.renew_lease("a", "dead", 60)
    assert archive.renew_lease("a", "w2", 60)


def test_a_source_given_back_unfinished_stays_due_and_a_finished_one_does_not(archive):
    archive.mark_due([source("a", "http://127.0.0.1:8001/"), source("b", "http://127.0.0.1:8002/")])
    archive.take_lease("w1", 60), archive.take_lease("w1", 60)
    archive.release_lease("a", "w1", done=False)
    archive.release_lease("b", "w1", done=True)
    queue = {e.source_id: e for e in archive.crawl_queue()}
    assert queue["a"].due_at and queue["a"].holder is None
    assert queue["b"].due_at is None and queue["b"].last_done_at
    assert archive.due_count() == 1
    assert archive.mark_due([source("a", "http://127.0.0.1:8001/")]) == 0   # already due: keeps its place


def test_every_stored_article_is_in_the_change_log_in_order(archive):
    src = source("a", "http://127.0.0.1:8001/")
    archive.upsert_source(src)
    start = archive.latest_change()
    first, _ = archive.save_article(src, "http://127.0.0.1:8001/1.html", {"title": "Một", "text": "Một hai"}, None)
    second, _ = archive.save_article(src, "http://127.0.0.1:8001/2.html", {"title": "Hai", "text": "Ba bốn"}, None)
    archive.save_article(src, "http://127.0.0.1:8001/1.html", {"title": "Một", "text": "Một hai"}, None)  # unchanged
    archive.mark_removed("http://127.0.0.1:8001/2.html")
    batch = archive.changes_since(start)
    assert batch.record_ids == [first, second] and batch.seqs == [start + 1, start + 2, start + 3]
    assert archive.changes_since(batch.seqs[-1]).record_ids == []


def test_a_batch_is_complete_only_up_to_its_first_missing_number_unless_that_one_may_be_passed():
    from archive.changes import ChangeBatch

    batch = ChangeBatch([11, 12, 14, 15], ["a"])
    assert batch.complete_up_to(10, lambda seq: False) == 12
    assert batch.complete_up_to(10, lambda seq: seq == 13) == 15
    assert ChangeBatch([12], ["a"]).complete_up_to(10, lambda seq: False) == 10
