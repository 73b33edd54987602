"""Word-processor files in XML: DOCX (python-docx opens the package; the body is walked here so that text
boxes, content controls and nested tables are read too) and ODT (content.xml walked with lxml).

Each reader returns the raw text of each page: pages split at hard page breaks (and, in DOCX, where Word
last broke pages; in ODT, where LibreOffice did). Every paragraph is a line; every table cell is its own
block, ended by a blank line; tracked deletions, comments, field codes and notes are left out.
"""
from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from extract.documents.model import DocumentLimits
from extract.documents.problems import DocumentProblem, check_zip_size

PAGE_BREAK = "\f"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
W_SKIP = {W + "delText", W + "instrText", W + "commentReference", W + "footnoteReference", MC_FALLBACK,
          W + "rPr", W + "pPr", W + "sectPr", W + "tblPr", W + "tcPr", W + "trPr", W + "del"}

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODF_SKIP = {OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "note", TEXT + "tracked-changes",
            TEXT + "bookmark-ref", TEXT + "sequence-decls", TEXT + "variable-decls", TABLE + "covered-table-cell"}
ODF_BLOCKS = {TEXT + "p", TEXT + "h"}
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def split_pages(chunks: list[str]) -> list[str]:
    """The text cut at page breaks; pages with nothing on them (two breaks in a row) dropped."""
    pages = [page for page in "".join(chunks).split(PAGE_BREAK) if page.strip()]
    return pages or [""]


# --- DOCX ---------------------------------------------------------------------------------------------------

def read_docx(data: bytes, limits: DocumentLimits) -> list[str]:
    check_zip_size(data, limits.max_unzipped_bytes)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as e:
        raise DocumentProblem(f"broken DOCX: {type(e).__name__}: {e}") from e
    out: list[str] = []
    _docx_blocks(body, out)
    return split_pages(out)


def _docx_blocks(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == W + "p":
            _docx_paragraph(child, out)
        elif tag == W + "tc":
            _docx_blocks(child, out)
            out.append("\n")
        elif tag not in W_SKIP:
            _docx_blocks(child, out)


def _docx_paragraph(p, out: list[str]) -> None:
    boxes: list[str] = []
    _docx_runs(p, out, boxes)
    out.append("\n")
    out.extend(boxes)


def _docx_runs(el, out: list[str], boxes: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append(PAGE_BREAK if child.get(W + "type") == "page" else "\n")
        elif tag == W + "lastRenderedPageBreak":
            out.append(PAGE_BREAK)
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "txbxContent":
            _docx_blocks(child, boxes)
        elif tag not in W_SKIP:
            _docx_runs(child, out, boxes)


# --- ODT ----------------------------------------------------------------------------------------------------

def read_odt(data: bytes, limits: DocumentLimits) -> list[str]:
    check_zip_size(data, limits.max_unzipped_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = etree.fromstring(z.read("content.xml"), XML_PARSER)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError) as e:
        raise DocumentProblem(f"broken ODT: {type(e).__name__}: {e}") from e
    if root is None:
        raise DocumentProblem("broken ODT: empty content.xml")
    out: list[str] = []
    for text in root.iter(OFFICE + "text"):
        _odf_blocks(text, out)
    return split_pages(out)


def _odf_blocks(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in ODF_BLOCKS:
            _odf_paragraph(child, out)
        elif tag == TABLE + "table-cell":
            _odf_blocks(child, out)
            out.append("\n")
        elif tag == TEXT + "soft-page-break":
            out.append(PAGE_BREAK)
        elif tag not in ODF_SKIP and isinstance(tag, str):
            _odf_blocks(child, out)


def _odf_paragraph(p, out: list[str]) -> None:
    boxes: list[str] = []
    _odf_inline(p, out, boxes)
    out.append("\n")
    out.extend(boxes)


def _odf_inline(el, out: list[str], boxes: list[str]) -> None:
    out.append(el.text or "")
    for child in el:
        tag = child.tag
        if tag == TEXT + "s":
            out.append(" " * _count(child))
        elif tag == TEXT + "tab":
            out.append("\t")
        elif tag == TEXT + "line-break":
            out.append("\n")
        elif tag == TEXT + "soft-page-break":
            out.append(PAGE_BREAK)
        elif tag not in ODF_SKIP and isinstance(tag, str):
            if any(t in ODF_BLOCKS for t in (d.tag for d in child.iter())):
                _odf_blocks(child, boxes)  # a frame, a text box: paragraphs inside a paragraph
            else:
                _odf_inline(child, out, boxes)
        out.append(child.tail or "")


def _count(el) -> int:
    try:
        return max(1, min(int(el.get(TEXT + "c", "1")), 1000))
    except ValueError:
        return 1
