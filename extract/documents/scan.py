"""OCR of the PDF pages that have no text layer: ``ocr_pages(data, numbers)`` for a pool of processes, and the
step of ``read_document`` that OCRs up to ``max_ocr_pages`` of them within the document's deadline."""
from __future__ import annotations

import logging
import time

import pypdfium2 as pdfium

from extract.documents.model import DocumentLimits, PageText
from extract.documents.ocr import ocr_image, tesseract_problem
from extract.documents.pdf import open_pdf, render
from extract.documents.problems import DocumentProblem
from extract.documents.text import clean_text
from extract.documents.tools import ToolError

log = logging.getLogger(__name__)


def ocr_pages(data: bytes, numbers: list[int], *, limits: DocumentLimits | None = None) -> list[PageText]:
    """OCR these pages (1-based) of a PDF, whatever their text layer: one PageText each, in order.

    A pure function of its arguments with a picklable result, to fan a long scan out over a process pool
    (e.g. ``doc.ocr_pending`` split in chunks, then ``doc.with_pages(...)``). Never raises: a page that could
    not be read comes back with empty text and a ``note``.
    """
    limits = limits or DocumentLimits()
    problem = tesseract_problem(limits.ocr_lang)
    if problem:
        return [PageText(n, "", note=f"OCR unavailable: {problem}") for n in numbers]
    try:
        pdf = open_pdf(data)
    except DocumentProblem as e:
        return [PageText(n, "", note=str(e)) for n in numbers]
    try:
        return [ocr_one(pdf, n, limits) for n in numbers]
    finally:
        pdf.close()


def ocr_one(pdf: pdfium.PdfDocument, number: int, limits: DocumentLimits) -> PageText:
    """One page rendered at ``limits.ocr_dpi`` and OCR'd; on failure, empty text and a note."""
    if not 1 <= number <= len(pdf):
        return PageText(number, "", note=f"OCR: the document has no page {number}")
    started = time.monotonic()
    try:
        image, dpi = render(pdf, number - 1, limits.ocr_dpi, limits.max_render_pixels)
        raw = ocr_image(image, dpi=dpi, limits=limits)
    except (ToolError, pdfium.PdfiumError) as e:
        log.warning("OCR of page %d failed: %s", number, e)
        return PageText(number, "", note=f"OCR failed on page {number}: {e}")
    log.debug("OCR of page %d: %.1f s", number, time.monotonic() - started)
    return PageText(number, clean_text(raw, layout=True, header_zone=number == 1), ocr=True)


def ocr_missing(pdf: pdfium.PdfDocument, numbers: list[int], limits: DocumentLimits,
                deadline: float) -> tuple[dict[int, PageText], list[int], list[str]]:
    """OCR the pages without a text layer, up to ``max_ocr_pages`` and the deadline.

    Returns the OCR'd pages by number, the page numbers left pending, and notes on what was left and why.
    """
    problem = tesseract_problem(limits.ocr_lang)
    if problem:
        return {}, list(numbers), [f"OCR unavailable ({problem}): {_pages(numbers)} without text left unread"]
    done: dict[int, PageText] = {}
    notes: list[str] = []
    todo, pending = numbers[:limits.max_ocr_pages], list(numbers[limits.max_ocr_pages:])
    if pending:
        notes.append(f"OCR limited to {limits.max_ocr_pages} pages (max_ocr_pages): {_pages(pending)} left unread")
    for i, number in enumerate(todo):
        if time.monotonic() > deadline:
            pending = sorted(pending + todo[i:])
            notes.append(f"OCR stopped at the deadline ({limits.deadline_s:g} s): {_pages(todo[i:])} left unread")
            break
        page = ocr_one(pdf, number, limits)
        if page.ocr:
            done[number] = page
        else:
            pending = sorted(pending + [number])
            notes.append(page.note or f"OCR failed on page {number}")
    return done, pending, notes


def _pages(numbers: list[int]) -> str:
    return f"{len(numbers)} page{'s' if len(numbers) != 1 else ''}"
