"""What reading a document returns, and the limits it is read within (plain, picklable dataclasses)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class DocumentLimits:
    """Bounds on one document's reading: over one, the text read so far comes back with a note (or an error)."""

    max_bytes: int = 50 * 1024 * 1024          # larger files are refused unread
    max_pages: int = 300                       # pages (PDF) or sheets (spreadsheets) read; the rest noted
    max_ocr_pages: int = 50                    # pages without a text layer that are OCR'd; the rest left pending
    ocr_dpi: int = 300                         # rendering resolution of a page for OCR
    timeout_s: float = 120.0                   # per call of an external tool (tesseract per page, catdoc/antiword)
    deadline_s: float = 900.0                  # the whole document: OCR stops (pages left pending) past it
    max_chars: int = 5_000_000                 # text kept; longer text is cut at a page/row with a note
    max_unzipped_bytes: int = 500 * 1024 * 1024  # DOCX/XLSX/ODT members uncompressed (zip bombs)
    max_render_pixels: int = 60_000_000        # a huge page is rendered at a lower dpi instead
    ocr_lang: str = "vie"                      # Tesseract languages ("vie", "vie+eng", ...)
    ocr_threads: int = 1                       # OpenMP threads per tesseract (1: the caller runs a pool)


@dataclass
class PageText:
    """One page's text (a sheet of a spreadsheet; the whole text of a word-processor file without page breaks)."""

    number: int                 # 1-based
    text: str
    ocr: bool = False           # the text comes from OCR of the rendered page
    note: str | None = None     # why this page has no (or partial) text, when it has not


@dataclass
class DocumentMeta:
    """Fields of a Vietnamese administrative document's header; each None when the header does not give it."""

    number: str | None = None    # số/ký hiệu, "86-KH/HU"
    doc_type: str | None = None  # loại văn bản, canonical: "Kế hoạch", "Quyết định", ...
    issuer: str | None = None    # cơ quan ban hành as written: "HUYỆN ỦY LỘC NINH - BAN DÂN VẬN"
    issued: str | None = None    # ngày ban hành, YYYY-MM-DD
    summary: str | None = None   # trích yếu: "Tuyên truyền kỷ niệm Ngày Dân vận 15/10"

    def is_empty(self) -> bool:
        return not any(asdict(self).values())


@dataclass
class DocumentText:
    """The result of ``read_document``; ``error`` says in one line why there is no text, when there is none."""

    kind: str | None = None                 # "pdf", "docx", "doc", "odt", "rtf", "xls", "xlsx"; None: not known
    pages: list[PageText] = field(default_factory=list)
    page_count: int = 0                     # pages the file has (may exceed len(pages) when limits cut it)
    error: str | None = None
    metadata: DocumentMeta | None = None
    notes: list[str] = field(default_factory=list)       # partial reads: limits hit, OCR missing or failed
    ocr_pending: list[int] = field(default_factory=list)  # page numbers without a text layer, not OCR'd

    @property
    def text(self) -> str:
        return PAGE_SEPARATOR.join(p.text for p in self.pages if p.text)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)

    def with_pages(self, pages: list[PageText]) -> DocumentText:
        """A copy with these pages put in place of the ones of the same number (e.g. from ``ocr_pages``).

        Pages that now have text leave ``ocr_pending``; the notes on OCR (those starting "OCR") are written
        again; the header is read again when page 1 changed.
        """
        by_number = {p.number: p for p in pages if p.ocr or p.text}
        merged = [by_number.get(p.number, p) for p in self.pages]
        pending = [n for n in self.ocr_pending if n not in by_number]
        notes = [n for n in self.notes if not n.startswith("OCR")] + [p.note for p in pages if p.note]
        if pending:
            notes.append(f"OCR pending: {len(pending)} page{'s' if len(pending) > 1 else ''} without a text layer")
        meta = self.metadata
        if 1 in by_number:
            from extract.documents.header import (
                read_header,  # header.py imports this module
            )
            found = read_header(by_number[1].text)
            meta = None if found.is_empty() else found
        return replace(self, pages=merged, ocr_pending=pending, metadata=meta, notes=notes)

    def to_dict(self) -> dict:
        """The fields of ``GET /api/documents/<id>`` that come from the file (plus ``error`` and ``notes``)."""
        meta = self.metadata or DocumentMeta()
        return {"type": self.kind, "pages": self.page_count, "text": self.text, "ocr": self.ocr,
                **asdict(meta), "error": self.error, "notes": list(self.notes)}
