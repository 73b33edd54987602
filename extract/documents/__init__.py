"""Official documents: the text of attached plans, reports and decisions, scanned ones included (issue 14).

One entry point, a pure function of the file's bytes::

    from extract.documents import read_document, DocumentLimits

    doc = read_document(data, url=url, content_type=ctype)     # never raises on bad input
    doc.kind        # "pdf" | "docx" | "doc" | "odt" | "rtf" | "xls" | "xlsx" | None (from the bytes, not the name)
    doc.error       # None, or one line: "encrypted PDF: a password is needed to open it", "broken PDF: ...",
                    # "unknown file type", "unsupported file type: a JPEG image", "too large: 61.0 MB (limit 50 MB)"
    doc.text        # the pages' text joined by blank lines: NFC, paragraphs mended from hard line breaks
    doc.pages       # [PageText(number, text, ocr, note)]: PDF pages, spreadsheet sheets; a word-processor
                    # file is one page unless it has page breaks
    doc.page_count  # pages the file has (more than len(doc.pages) when max_pages cut it)
    doc.ocr         # any page's text comes from OCR
    doc.notes       # partial reads: "only the first 300 of 500 pages were read (max_pages)", "OCR unavailable ..."
    doc.ocr_pending # numbers of pages without a text layer that were not OCR'd (ocr=False, limits, failures)
    doc.metadata    # DocumentMeta(number, doc_type, issuer, issued, summary) from the header, or None
    doc.to_dict()   # {"type", "pages", "text", "ocr", "number", "doc_type", "issuer", "issued", "summary",
                    #  "error", "notes"}: the file's share of GET /api/documents/<id>

``url`` and ``content_type`` only go into log lines and error messages (the type is always detected from the
bytes: a DOCX named .pdf is read as the DOCX it is). ``DocumentLimits`` bounds the work: ``max_bytes`` (50 MB,
refused above), ``max_pages`` (300, the rest noted), ``max_ocr_pages`` (50), ``ocr_dpi`` (300), ``timeout_s``
(each call of tesseract, catdoc or antiword), ``deadline_s`` (OCR of the whole document), ``max_chars``.

PDF pages are read by pdfium (pypdfium2). A page whose text layer has (almost) no letters, or garbled ones
(legacy TCVN3/VNI fonts), or a few lines over a page-sized image (a signed scan), is rendered at ``ocr_dpi``
and read by Tesseract with its Vietnamese model (Debian: tesseract-ocr, tesseract-ocr-vie); red or blue ink
(stamps, signatures) is dropped before OCR. Such pages have ``ocr=True``.

OCR is slow (seconds a page). Everything here is a pure function of bytes with picklable results, so the
caller runs it in its own pool of processes (nothing here starts one). To spread one long scan over the pool::

    doc = read_document(data, ocr=False)                   # fast: text layers, header, ocr_pending
    chunks = [doc.ocr_pending[i::n] for i in range(n)]
    pages = [p for part in pool.map(ocr_pages, [data] * n, chunks) for p in part]
    doc = doc.with_pages(pages)                            # the header is read again when page 1 changed

``read_header(text)`` is the header reader alone (a pure function over named patterns, in header.py).
External tools run in subprocesses with timeouts; one tesseract uses one thread (``ocr_threads``).
"""
from extract.documents.detect import detect
from extract.documents.header import read_header
from extract.documents.model import DocumentLimits, DocumentMeta, DocumentText, PageText
from extract.documents.reader import read_document
from extract.documents.scan import ocr_pages
from extract.documents.text import clean_text

__all__ = ["DocumentLimits", "DocumentMeta", "DocumentText", "PageText", "clean_text", "detect", "ocr_pages",
           "read_document", "read_header"]
