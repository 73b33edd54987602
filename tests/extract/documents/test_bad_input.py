"""Broken, encrypted, huge, lying and unknown files: a clear one-line reason or partial text, never an exception."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from extract.documents import DocumentLimits, read_document
from tests.extract.documents import samples


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"hello, this is not a document", "unknown file type"),
    (b"<!DOCTYPE html><html><body>404</body></html>", "not a document: an HTML page"),
    (b"\xff\xd8\xff\xe0" + b"\0" * 100, "unsupported file type: a JPEG image"),
    (b"Rar!\x1a\x07\x00" + b"\0" * 50, "unsupported file type: a RAR archive"),
    (b"PK\x03\x04broken", "broken file: a damaged zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40, "broken file: a damaged OLE2"),
    (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "broken PDF"),
])
def test_unreadable_bytes_give_a_reason(data, reason):
    doc = read_document(data, content_type="application/pdf")
    assert doc.error and doc.error.startswith(reason) and "\n" not in doc.error
    assert doc.text == "" and doc.pages == []


def test_html_served_as_a_pdf_says_so():
    doc = read_document("<html><head><title>Lỗi</title></head></html>".encode(), content_type="application/pdf")
    assert doc.error == "not a document: an HTML page (served as application/pdf)"


def test_broken_pdf(text_pdf_data):
    doc = read_document(text_pdf_data[: len(text_pdf_data) // 3])
    assert doc.kind == "pdf" and doc.error is not None and doc.error.startswith("broken PDF")


def test_password_protected_pdf():
    doc = read_document(samples.text_pdf(password="bi-mat"))
    assert doc.kind == "pdf" and doc.error == "encrypted PDF: a password is needed to open it"


def test_pdf_with_only_an_owner_password_is_read():
    doc = read_document(samples.text_pdf(password=""))  # printing/copying restricted, opening is not
    assert doc.error is None and "Hồ Chí Minh" in doc.text


def test_500_pages_respect_max_pages_and_stay_fast():
    data = samples.many_pages_pdf(500)
    started = time.monotonic()
    doc = read_document(data)
    elapsed = time.monotonic() - started
    assert doc.error is None and doc.page_count == 500 and len(doc.pages) == 300
    assert doc.pages[-1].text.startswith("Trang 300:")
    assert doc.notes == ["only the first 300 of 500 pages were read (max_pages)"]
    assert elapsed < 10, elapsed
    doc = read_document(data, limits=DocumentLimits(max_pages=10))
    assert len(doc.pages) == 10 and doc.page_count == 500


def test_too_large_is_refused_unread(text_pdf_data):
    doc = read_document(text_pdf_data, limits=DocumentLimits(max_bytes=1000))
    assert doc.kind == "pdf" and doc.error.startswith("too large:") and doc.pages == []


def test_max_chars_cuts_with_a_note(text_pdf_data):
    doc = read_document(samples.text_pdf(pages=5), limits=DocumentLimits(max_chars=3000))
    assert doc.error is None and len(doc.text) <= 3000 + 10
    assert any("max_chars" in note for note in doc.notes)


def test_zip_bomb_is_refused(docx_data):
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        out.writestr("word/media/padding.bin", b"\0" * 20_000_000)
    doc = read_document(buf.getvalue(), limits=DocumentLimits(max_unzipped_bytes=10_000_000))
    assert doc.kind == "docx" and doc.error.startswith("too large: unpacks to")


def test_docx_without_its_document_part(docx_data):
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_data)) as src, zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item.filename))
        out.writestr("word/document.xml", b"<w:document")
    doc = read_document(buf.getvalue())
    assert doc.kind == "docx" and doc.error.startswith("broken DOCX")


def test_truncated_files_of_every_kind_never_raise(text_pdf_data, docx_data, xlsx_data, converted):
    files = {"pdf": text_pdf_data, "docx": docx_data, "xlsx": xlsx_data, **converted}
    for kind, data in files.items():
        for cut in (0.1, 0.5, 0.9, 0.99):
            doc = read_document(data[: int(len(data) * cut)])
            assert doc.error or doc.pages, (kind, cut)
            assert doc.error is None or "\n" not in doc.error

