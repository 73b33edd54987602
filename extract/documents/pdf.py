"""PDF pages through pdfium (pypdfium2): opening (with clear reasons), text layers, image cover, rendering."""
from __future__ import annotations

import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.documents.problems import DocumentProblem

POINTS_PER_INCH = 72
OPEN_ERRORS = {  # pdfium's error codes when a document does not load
    2: "broken PDF: the file could not be read",
    3: "broken PDF: not a valid PDF (damaged or truncated)",
    4: "encrypted PDF: a password is needed to open it",
    5: "encrypted PDF: an unsupported security handler",
}


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        reason = OPEN_ERRORS.get(getattr(e, "err_code", None), f"broken PDF: {e}")
        raise DocumentProblem(reason) from e


def text_layer(pdf: pdfium.PdfDocument, index: int, cover_if=None) -> tuple[str, float]:
    """The page's text as pdfium extracts it, and the share of the page that images cover (computed only
    when ``cover_if(text)`` is true: walking the page's objects costs more than the text)."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
        return text, image_cover(page) if cover_if and cover_if(text) else 0.0
    finally:
        page.close()


def image_cover(page: pdfium.PdfPage) -> float:
    """Share of the page's area under images (overlaps counted twice, capped at 1)."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    area = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w = max(0.0, min(right, width) - max(left, 0.0))
        h = max(0.0, min(top, height) - max(bottom, 0.0))
        area += w * h
    return min(1.0, area / (width * height))


def render(pdf: pdfium.PdfDocument, index: int, dpi: int, max_pixels: int):
    """The page as a PIL image at ``dpi`` (less for a huge page, so it stays under ``max_pixels``), and the dpi."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = dpi / POINTS_PER_INCH
        if width * height * scale * scale > max_pixels:
            scale = math.sqrt(max_pixels / max(width * height, 1.0))
        bitmap = page.render(scale=scale, may_draw_forms=True)
        return bitmap.to_pil(), round(scale * POINTS_PER_INCH)  # BGR to RGB: PIL copies the buffer
    finally:
        page.close()
