"""``read_document(data)``: the file type from the bytes, the reader for it, the limits, the header fields."""
from __future__ import annotations

import logging
import time

import pypdfium2 as pdfium

from extract.documents import legacy, office, sheets
from extract.documents.detect import detect
from extract.documents.header import read_header
from extract.documents.model import DocumentLimits, DocumentText, PageText
from extract.documents.pdf import open_pdf, text_layer
from extract.documents.problems import DocumentProblem
from extract.documents.scan import ocr_missing
from extract.documents.text import (
    clean_text,
    count_letters,
    has_text_layer,
    looks_garbled,
)

log = logging.getLogger(__name__)

SPARSE_TEXT_LETTERS = 400   # a page with fewer letters than this ...
SCAN_IMAGE_COVER = 0.5      # ... under an image covering this share of it is a scan (e.g. a signed scan's stamp text)
ERROR_CHARS = 300

TEXT_READERS = {"docx": office.read_docx, "odt": office.read_odt, "doc": legacy.read_doc, "rtf": legacy.read_rtf}
SHEET_READERS = {"xlsx": sheets.read_xlsx, "xls": sheets.read_xls}


def read_document(data: bytes, *, url: str | None = None, content_type: str | None = None,
                  limits: DocumentLimits | None = None, ocr: bool = True) -> DocumentText:
    """The text of a document file (see the package docstring). Never raises on bad input."""
    limits = limits or DocumentLimits()
    data = bytes(data) if data else b""  # bytearray, memoryview, None
    kind, reason = detect(data)
    if kind is None:
        served = f" (served as {content_type})" if content_type else ""
        return DocumentText(error=f"{reason}{served}")
    if len(data) > limits.max_bytes:
        return DocumentText(kind=kind, error=f"too large: {len(data) / 2**20:.1f} MB "
                                             f"(limit {limits.max_bytes / 2**20:.0f} MB)")
    started = time.monotonic()
    try:
        doc = _read(kind, data, limits, ocr, started + limits.deadline_s)
    except DocumentProblem as e:
        return DocumentText(kind=kind, error=_one_line(str(e)))
    except Exception as e:  # noqa: BLE001 -- a library choking on a malformed file: the reason, not a crash
        log.warning("reading a %s document failed (%s): %s: %s", kind, url or "no url", type(e).__name__, e)
        return DocumentText(kind=kind, error=_one_line(f"broken {kind.upper()}: {type(e).__name__}: {e}"))
    log.debug("%s %s: %d pages in %.2f s", kind, url or "", len(doc.pages), time.monotonic() - started)
    return doc


def _one_line(text: str) -> str:
    return " ".join(text.split())[:ERROR_CHARS]


def _read(kind: str, data: bytes, limits: DocumentLimits, ocr: bool, deadline: float) -> DocumentText:
    if kind == "pdf":
        doc = read_pdf(data, limits, ocr, deadline)
    elif kind in SHEET_READERS:
        raw, count = SHEET_READERS[kind](data, limits)
        doc = _assemble(kind, raw, count, limits, layout=False)
    else:
        raw = TEXT_READERS[kind](data, limits)
        doc = _assemble(kind, raw[:limits.max_pages], len(raw), limits, layout=False)
    if doc.pages and not doc.error:
        meta = read_header(doc.pages[0].text)
        doc.metadata = None if meta.is_empty() else meta
    if not doc.text.strip() and not doc.error and not doc.ocr_pending:
        doc.notes.append("the document has no text")
    return doc


def _assemble(kind: str, raw: list[str], count: int, limits: DocumentLimits, *, layout: bool) -> DocumentText:
    """Clean the raw page texts within ``max_chars``; note pages left out by the limits."""
    doc = DocumentText(kind=kind, page_count=count)
    if count > len(raw):
        unit = "sheets" if kind in SHEET_READERS else "pages"
        doc.notes.append(f"only the first {len(raw)} of {count} {unit} were read (max_pages)")
    chars = 0
    for i, page in enumerate(raw):
        text = clean_text(page, layout=layout, header_zone=i == 0)
        if chars + len(text) > limits.max_chars:
            text = text[:max(0, limits.max_chars - chars)].rsplit("\n", 1)[0]
            doc.pages.append(PageText(i + 1, text))
            doc.notes.append(f"text cut at {limits.max_chars:,} characters (max_chars) on page {i + 1}")
            break
        chars += len(text)
        doc.pages.append(PageText(i + 1, text))
    return doc


def read_pdf(data: bytes, limits: DocumentLimits, ocr: bool, deadline: float) -> DocumentText:
    """Text layers of the first ``max_pages`` pages; OCR of the pages that have none (when ``ocr``)."""
    pdf = open_pdf(data)
    try:
        count = len(pdf)
        layers, scans, notes = _text_layers(pdf, min(count, limits.max_pages))
        doc = _assemble("pdf", layers, count, limits, layout=True)
        doc.notes.extend(notes)
        scans = [n for n in scans if n <= len(doc.pages)]
        if scans and ocr:
            done, doc.ocr_pending, ocr_notes = ocr_missing(pdf, scans, limits, deadline)
            doc.pages = [done.get(p.number, p) for p in doc.pages]
            doc.notes.extend(ocr_notes)
        elif scans:
            doc.ocr_pending = scans
            doc.notes.append(f"OCR not asked for: {len(scans)} of {len(doc.pages)} pages have no text layer")
        return doc
    finally:
        pdf.close()


def _text_layers(pdf: pdfium.PdfDocument, n: int) -> tuple[list[str], list[int], list[str]]:
    """Each page's usable text layer ("" for a scan or a garbled one), the scanned page numbers, notes."""
    layers, scans, notes = [], [], []
    for index in range(n):
        try:
            text, cover = text_layer(pdf, index, cover_if=_sparse)
        except pdfium.PdfiumError as e:
            notes.append(f"page {index + 1}: unreadable ({e})")
            text, cover = "", 0.0
        if needs_ocr(text, cover):
            scans.append(index + 1)
            text = "" if looks_garbled(text) else text
        layers.append(text)
    return layers, scans, notes


def _sparse(text: str) -> bool:
    return count_letters(text) < SPARSE_TEXT_LETTERS


def needs_ocr(text: str, image_cover: float) -> bool:
    """A page to OCR: no real text layer, or little text over a page-sized image (a scan with a stamp's text)."""
    if not has_text_layer(text):
        return True
    return image_cover >= SCAN_IMAGE_COVER and count_letters(text) < SPARSE_TEXT_LETTERS
