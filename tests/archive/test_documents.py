"""Documents in the archive: one record per file URL, a new version when its bytes change, links to articles."""
from __future__ import annotations

from archive import Snapshot
from archive.documents import DONE, PENDING, document_id_for, is_document_id


def fetched(archive, url: str, body: bytes, when: str) -> Snapshot:
    return archive.record_snapshot(Snapshot(id=None, source_id="s", url=url, status=200, fetched_at=when,
                                            content_type="application/pdf"), body=body)


def test_a_changed_file_is_a_new_version_and_an_unchanged_one_is_not(archive):
    url = "http://s.vn/files/kh.pdf"
    first = archive.record_document(url, "s", fetched(archive, url, b"%PDF-1 one", "2024-01-01T00:00:00Z"))
    same = archive.record_document(url, "s", fetched(archive, url, b"%PDF-1 one", "2024-02-01T00:00:00Z"))
    changed = archive.record_document(url, "s", fetched(archive, url, b"%PDF-1 two", "2024-03-01T00:00:00Z"))
    assert [o for _, o in (first, same, changed)] == ["new", "unchanged", "changed"]
    assert [v["version"] for v in archive.document_versions(first[0])] == [1, 2]
    jobs = archive.document_jobs()
    assert [(j.version, j.state) for j in jobs] == [(2, PENDING)]  # only the current version waits to be read


def test_a_document_id_is_never_taken_for_an_article_id():
    assert is_document_id(document_id_for("http://s.vn/a.pdf")) and len(document_id_for("http://s.vn/a.pdf")) == 16
    assert not is_document_id("0123456789abcdef")


def test_links_go_both_ways_and_a_reading_is_stored_by_page(archive):
    url = "http://s.vn/files/kh.pdf"
    snap = fetched(archive, url, b"%PDF-1 one", "2024-01-01T00:00:00Z")
    doc_id, _ = archive.record_document(url, "s", snap, "article-1", "Kế hoạch 86")
    archive.link_document(doc_id, "article-2")
    job = archive.document_jobs()[0]
    archive.save_document_reading(job, {"state": DONE, "type": "pdf", "page_count": 2, "number": "86-KH/HU",
                                        "doc_type": "Kế hoạch", "pages": [{"number": 1, "text": "Trang một"},
                                                                          {"number": 2, "text": "Trang hai"}]})
    doc = archive.get_document(doc_id)
    assert doc.articles == ["article-1", "article-2"] and doc.link_text == "Kế hoạch 86"
    assert doc.text == "Trang một\n\nTrang hai" and doc.title == "Kế hoạch số 86-KH/HU"
    assert archive.documents_of("article-2")[0]["id"] == doc_id and archive.count_documents() == 1
    assert archive.read_before(job.content_hash)["number"] == "86-KH/HU"
