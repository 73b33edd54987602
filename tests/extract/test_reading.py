"""The documents stage: files the crawler fetched are read (text layer, header, OCR of scans) into records,
once per file content, resumably, and indexed; a bad file gives a reason and stops nothing."""
from __future__ import annotations

import pytest

from archive.documents import DONE, FAILED, OCR, PENDING
from crawler import crawl
from extract.reading import ReadingSettings, read_documents
from index import SearchIndex, SearchQuery
from tests.crawler.helpers import ScriptedSite, article_html, listing_html, make_source, page, quick_settings, send
from tests.extract.documents import samples
from tests.extract.documents.conftest import need_tesseract

PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_route(data: bytes, ctype: str):
    return lambda h: send(h, 200, data, content_type=ctype)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    """A plan with a header (text PDF), a Word file, a one-page scan, a broken PDF."""
    image, _ = samples.scan_image(samples.body_paragraphs(3, 3), dpi=200)
    scan = samples.scanned_pdf([image], 200)
    return {"kh.pdf": samples.text_pdf(), "plan.docx": samples.docx_bytes(), "scan.pdf": scan,
            "broken.pdf": b"%PDF-1.7\n1 0 obj <</Type /Catalog" + b"\x00" * 50}


def site_routes(files: dict[str, bytes]) -> dict:
    links = "".join(f'<p><a href="/files/{name}">Tải văn bản {name}</a></p>' for name in files)
    routes = {"/": lambda h: page(h, listing_html(["/tin/1.html"])),
              "/tin/1.html": lambda h: page(h, article_html(1, extra=links))}
    for name, data in files.items():
        routes[f"/files/{name}"] = file_route(data, PDF if name.endswith(".pdf") else DOCX)
    return routes


def crawled(config, archive, files):
    with ScriptedSite(site_routes(files)) as site:
        crawl(config, archive, [make_source("ln", site.base + "/")], settings=quick_settings(config))
        return site.base


def test_the_crawl_records_each_file_as_a_document_waiting_to_be_read_and_links_it(config, archive, files):
    base = crawled(config, archive, files)
    jobs = archive.document_jobs()
    assert sorted(j.url.rsplit("/", 1)[-1] for j in jobs) == sorted(files) and {j.state for j in jobs} == {PENDING}
    article = archive.article_by_url(base + "/tin/1.html")
    linked = archive.documents_of(article.id)
    assert len(linked) == 4 and {d["state"] for d in linked} == {PENDING}


def test_reading_gives_text_and_header_or_a_reason_and_ocr_reads_the_scan(config, archive, files):
    need_tesseract()
    crawled(config, archive, files)
    report = read_documents(archive, ReadingSettings(workers=2))
    assert (report.read, report.failed, report.ocr_pages) == (3, 1, 1) and archive.document_jobs() == []
    by_name = {d.url.rsplit("/", 1)[-1]: d for d in (archive.get_document(i) for i in report.changed_document_ids)}
    plan = by_name["kh.pdf"]
    assert plan.state == DONE and plan.doc_type and plan.number and plan.issued and "dân vận" in plan.text.lower()
    assert by_name["scan.pdf"].state == DONE and by_name["scan.pdf"].ocr and len(by_name["scan.pdf"].text) > 200
    assert by_name["broken.pdf"].state == FAILED and by_name["broken.pdf"].error
    assert by_name["plan.docx"].type == "docx" and by_name["plan.docx"].text


def test_with_ocr_off_a_scan_waits_and_the_same_bytes_elsewhere_are_copied_not_read(config, archive, files):
    crawled(config, archive, {"scan.pdf": files["scan.pdf"], "kh.pdf": files["kh.pdf"]})
    report = read_documents(archive, ReadingSettings(workers=1, ocr=False))
    assert (report.read, report.ocr_pages, report.ocr_waiting) == (2, 0, 1)
    assert [j.url.rsplit("/", 1)[-1] for j in archive.document_jobs()] == ["scan.pdf"]  # waits for a run with OCR
    with ScriptedSite(site_routes({"copy-of-plan.pdf": files["kh.pdf"]})) as site:
        crawl(config, archive, [make_source("bp", site.base + "/")], settings=quick_settings(config))
    again = read_documents(archive, ReadingSettings(workers=1, ocr=False))
    assert (again.copied, again.read) == (1, 0)
    copy = archive.get_document(next(iter(again.changed_document_ids)))
    assert copy.url.endswith("copy-of-plan.pdf") and copy.state == DONE and copy.number


def test_ocr_waits_in_the_archive_page_by_page(config, archive, files):
    need_tesseract()
    crawled(config, archive, {"scan.pdf": files["scan.pdf"]})
    job = archive.document_jobs()[0]
    from extract.reading import as_reading
    from extract.documents import read_document

    archive.save_document_reading(job, as_reading(read_document(files["scan.pdf"], ocr=False)))
    assert [j.state for j in archive.document_jobs()] == [OCR]  # what a run killed after the text pass leaves
    report = read_documents(archive, ReadingSettings(workers=1))
    assert report.ocr_pages == 1 and archive.document_jobs() == [] and archive.get_document(job.document_id).ocr


def test_documents_are_searched_with_a_kind_facet_and_snippets_that_name_the_page(config, archive, files):
    crawled(config, archive, {"kh.pdf": files["kh.pdf"], "plan.docx": files["plan.docx"]})
    read_documents(archive, ReadingSettings(workers=1, ocr=False))
    with SearchIndex.of(config) as index:
        index.rebuild(archive)
        found = index.search(SearchQuery(q="dân vận", filters={"kind": ["văn bản"]}))
        assert found.total == 2 and all(h["kind"] == "văn bản" for h in found.hits)
        assert all(h["snippet"].startswith("Trang ") for h in found.hits)
        kinds = {v["value"]: v["count"] for v in index.search(SearchQuery(q="dân vận")).facets["kind"]}
        assert kinds == {"bài viết": 1, "văn bản": 2}
        assert {v["value"] for v in found.facets["doc_type"]} <= {"Kế hoạch", "Báo cáo", "Hướng dẫn", "Quyết định",
                                                                   "Chương trình", "Công văn", "Thông báo"}


def test_the_documents_command_reads_and_indexes_and_says_what_it_did(config, archive, files, capsys):
    from danvan.cli import main

    crawled(config, archive, {"kh.pdf": files["kh.pdf"], "broken.pdf": files["broken.pdf"]})
    assert main(["--home", str(config.home), "--set", "documents.ocr=false", "documents"]) == 0
    out = capsys.readouterr().out
    assert "documents: 1 read, 0 copied (same file), 1 unreadable" in out
    with SearchIndex.of(config) as index:
        assert index.search(SearchQuery(filters={"kind": ["văn bản"]})).total == 2
    assert main(["--home", str(config.home), "--set", "documents.max_pages=0x", "documents"]) == 2
