"""Document files made once per test session (LibreOffice conversions and OCR'd scans are slow)."""
from __future__ import annotations

import shutil

import pytest

from extract.documents import read_document
from extract.documents.ocr import tesseract_problem
from tests.extract.documents import samples

NEED_LIBREOFFICE = ("need LibreOffice headless to make DOC, ODT, RTF and XLS files "
                    "(apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")


def need_tesseract() -> None:
    problem = tesseract_problem("vie")
    if problem:
        pytest.skip(f"need Tesseract with its Vietnamese model ({problem}; "
                    "apt-get install tesseract-ocr tesseract-ocr-vie)")


def need_doc_tool() -> None:
    if not (shutil.which("catdoc") or shutil.which("antiword")):
        pytest.skip("need catdoc to read .doc files (apt-get install catdoc)")


@pytest.fixture(scope="session")
def docx_data() -> bytes:
    return samples.docx_bytes()


@pytest.fixture(scope="session")
def xlsx_data() -> bytes:
    return samples.xlsx_bytes()


@pytest.fixture(scope="session")
def converted(docx_data, xlsx_data) -> dict[str, bytes]:
    """{"doc", "odt", "rtf", "xls"}: the DOCX and XLSX samples as LibreOffice saves them."""
    if not samples.soffice():
        pytest.skip(NEED_LIBREOFFICE)
    out = {target: samples.libreoffice_convert({"plan.docx": docx_data}, target)["plan.docx"]
           for target in ("doc", "odt", "rtf")}
    out["xls"] = samples.libreoffice_convert({"sheet.xlsx": xlsx_data}, "xls")["sheet.xlsx"]
    return out


@pytest.fixture(scope="session")
def text_pdf_data() -> bytes:
    return samples.text_pdf()


@pytest.fixture(scope="session")
def scan() -> tuple[bytes, list[str]]:
    """A one-page scanned plan at 300 dpi (header, body, red stamp, 1.5° skew) and the lines drawn on it."""
    image, lines = samples.scan_image(samples.body_paragraphs(0, 4), dpi=300, header=True)
    return samples.scanned_pdf([image], 300), lines


@pytest.fixture(scope="session")
def scan_read(scan):
    need_tesseract()
    return read_document(scan[0], url="https://bdv.example.vn/files/86-KH.pdf")
