"""OCR of pages without a text layer: limits, pending pages, page-level fan-out, timeouts, missing Tesseract."""
from __future__ import annotations

import pickle

import pytest

from extract.documents import DocumentLimits, PageText, ocr_pages, read_document
from extract.documents import scan as scan_module
from extract.documents.ocr import has_colour_marks, prepare
from tests.extract.documents import samples
from tests.extract.documents.conftest import need_tesseract

FAST = {"ocr_dpi": 150}  # OCR at a low resolution: these tests are about the bookkeeping, not the accuracy


@pytest.fixture(scope="module")
def three_scans() -> bytes:
    images = [samples.scan_image(samples.body_paragraphs(n, 2), dpi=150, stamp=n == 1)[0] for n in range(3)]
    return samples.scanned_pdf(images, 150)


def test_max_ocr_pages_leaves_the_rest_pending(three_scans):
    need_tesseract()
    doc = read_document(three_scans, limits=DocumentLimits(max_ocr_pages=1, **FAST))
    assert doc.error is None and doc.page_count == 3
    assert [p.ocr for p in doc.pages] == [True, False, False]
    assert doc.ocr_pending == [2, 3]
    assert doc.notes == ["OCR limited to 1 pages (max_ocr_pages): 2 pages left unread"]
    assert "Mặt trận Tổ quốc" in doc.pages[0].text or "công tác dân vận" in doc.pages[0].text


def test_ocr_off_then_pages_ocrd_apart_and_merged(three_scans):
    need_tesseract()
    doc = read_document(three_scans, ocr=False)
    assert doc.ocr_pending == [1, 2, 3] and not doc.ocr and doc.text == ""
    assert doc.notes == ["OCR not asked for: 3 of 3 pages have no text layer"]
    pages = ocr_pages(three_scans, [3, 2], limits=DocumentLimits(**FAST))  # what a pool worker would run
    assert [p.number for p in pages] == [3, 2] and all(p.ocr and p.text for p in pages)
    pages = pickle.loads(pickle.dumps(pages))
    merged = doc.with_pages(pages)
    assert merged.ocr_pending == [1] and merged.ocr and [p.ocr for p in merged.pages] == [False, True, True]
    assert merged.notes == ["OCR pending: 1 page without a text layer"]
    assert merged.with_pages(ocr_pages(three_scans, [1], limits=DocumentLimits(**FAST))).notes == []


def test_header_is_read_again_when_page_one_is_ocrd():
    need_tesseract()
    image, _ = samples.scan_image(samples.body_paragraphs(0, 1), dpi=200, header=True, stamp=False, skew=0)
    data = samples.scanned_pdf([image], 200)
    doc = read_document(data, ocr=False)
    assert doc.metadata is None
    doc = doc.with_pages(ocr_pages(data, [1], limits=DocumentLimits(ocr_dpi=200)))
    assert doc.metadata is not None and doc.metadata.number == "86-KH/HU"


def test_a_tesseract_timeout_is_a_note_not_a_hang(three_scans):
    need_tesseract()
    doc = read_document(three_scans, limits=DocumentLimits(timeout_s=0.001, max_ocr_pages=1, **FAST))
    assert doc.error is None and doc.ocr_pending == [1, 2, 3]
    assert any("tesseract timed out" in note for note in doc.notes)
    page = ocr_pages(three_scans, [1], limits=DocumentLimits(timeout_s=0.001))[0]
    assert page.note.startswith("OCR failed on page 1") and not page.ocr


def test_the_deadline_stops_ocr(three_scans):
    need_tesseract()
    doc = read_document(three_scans, limits=DocumentLimits(deadline_s=0, **FAST))
    assert doc.ocr_pending == [1, 2, 3] and any("deadline" in note for note in doc.notes)


def test_without_tesseract_pages_are_pending_with_a_reason(three_scans, monkeypatch):
    monkeypatch.setattr(scan_module, "tesseract_problem", lambda lang: "tesseract is not installed")
    doc = read_document(three_scans)
    assert doc.error is None and doc.ocr_pending == [1, 2, 3]
    assert doc.notes == ["OCR unavailable (tesseract is not installed): 3 pages without text left unread"]
    assert ocr_pages(three_scans, [2]) == [PageText(2, "", note="OCR unavailable: tesseract is not installed")]


def test_ocr_pages_on_bad_input_never_raises():
    assert ocr_pages(b"not a pdf", [1])[0].note is not None
    need_tesseract()
    assert ocr_pages(samples.many_pages_pdf(2), [5])[0].note == "OCR: the document has no page 5"


def test_a_page_with_a_text_layer_and_a_scan_mix(three_scans):
    """A text page and a scanned page in one file: only the scan is OCR'd."""
    need_tesseract()
    from pypdfium2 import PdfDocument
    merged = PdfDocument.new()
    merged.import_pages(PdfDocument(samples.text_pdf()))
    merged.import_pages(PdfDocument(three_scans), [0])
    import io
    buf = io.BytesIO()
    merged.save(buf)
    doc = read_document(buf.getvalue(), limits=DocumentLimits(**FAST))
    assert [p.ocr for p in doc.pages] == [False, True]
    assert doc.metadata is not None and doc.metadata.number == "86-KH/HU"


SIGNATURE = ["Ký bởi: Ban Dân vận Huyện ủy Lộc Ninh", "Email: bandanvan@locninh.example.vn",
             "Cơ quan: Huyện ủy Lộc Ninh, tỉnh Bình Phước", "Thời gian ký: 05.03.2021 09:12:30 +07:00"]


def test_a_signed_scan_is_a_scan_despite_its_signature_text():
    image, _ = samples.scan_image(samples.body_paragraphs(0, 3), dpi=100, header=True)
    doc = read_document(samples.signed_scan_pdf(image, SIGNATURE), ocr=False)
    assert doc.ocr_pending == [1]
    assert "Ký bởi: Ban Dân vận Huyện ủy Lộc Ninh" in doc.text  # the typed layer, until OCR replaces it


def test_a_garbled_legacy_font_layer_is_sent_to_ocr():
    doc = read_document(samples.legacy_font_pdf(), ocr=False)
    assert doc.error is None and doc.ocr_pending == [1] and doc.text == ""


def test_red_stamps_are_dropped_before_ocr():
    stamped, _ = samples.scan_image(["Ban Dân vận"], dpi=100, stamp=True, skew=0)
    plain, _ = samples.scan_image(["Ban Dân vận"], dpi=100, stamp=False, skew=0)
    assert has_colour_marks(stamped) and not has_colour_marks(plain)
    grey = prepare(stamped)
    assert grey.mode == "L"
    values, rgb = grey.tobytes(), stamped.tobytes()
    assert min(values) < 80  # black text stays dark
    # where the stamp's ring is (and no text), the grey page is pale
    ring = [v for i, v in enumerate(values) if rgb[3 * i] > 150 and rgb[3 * i + 1] < 90]
    assert ring and min(ring) > 150
