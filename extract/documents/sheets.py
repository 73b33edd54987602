"""Spreadsheets: XLSX through openpyxl (read-only, streamed), XLS through xlrd. A sheet is a page: its name
(unless a default one such as "Sheet1") then one line per non-empty row, cells joined by " | "."""
from __future__ import annotations

import datetime as dt
import io
import re
import struct
import warnings
import zipfile

import openpyxl
import xlrd

from extract.documents.model import DocumentLimits
from extract.documents.problems import DocumentProblem, check_zip_size

CELL_SEPARATOR = " | "
DEFAULT_SHEET_RE = re.compile(r"^(?:sheet|trang tính|feuil|tabelle|hoja|foglio|лист)\s*\d*$", re.IGNORECASE)


class SheetPages:
    """Sheets read so far, within the page and character limits."""

    def __init__(self, limits: DocumentLimits):
        self.limits, self.pages, self.chars, self.sheet_count = limits, [], 0, 0

    def add(self, name: str, rows) -> None:
        self.sheet_count += 1
        if len(self.pages) >= self.limits.max_pages or self.chars >= self.limits.max_chars:
            return
        lines = [] if DEFAULT_SHEET_RE.match(name.strip()) else [name.strip()]
        for row in rows:
            cells = [cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                line = CELL_SEPARATOR.join(cells)
                lines.append(line)
                self.chars += len(line) + 1
                if self.chars >= self.limits.max_chars:
                    break
        self.pages.append("\n".join(lines))


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())


def read_xlsx(data: bytes, limits: DocumentLimits) -> tuple[list[str], int]:
    """(pages, number of sheets in the workbook)."""
    check_zip_size(data, limits.max_unzipped_bytes)
    out = SheetPages(limits)
    with warnings.catch_warnings():
        # openpyxl warns about styles, data validation and extensions it drops: nothing to do with the text
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError) as e:
            raise DocumentProblem(f"broken XLSX: {type(e).__name__}: {e}") from e
        try:
            for sheet in book.worksheets:
                if hasattr(sheet, "reset_dimensions"):
                    sheet.reset_dimensions()  # other programs write wrong <dimension>s; read what is there
                rows = sheet.iter_rows(values_only=True) if hasattr(sheet, "iter_rows") else []
                out.add(sheet.title, rows)
        finally:
            book.close()
    return out.pages, out.sheet_count


def read_xls(data: bytes, limits: DocumentLimits) -> tuple[list[str], int]:
    """(pages, number of sheets in the workbook)."""
    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), verbosity=0, on_demand=True)
    except xlrd.XLRDError as e:
        reason = "encrypted XLS (password protected)" if "encrypt" in str(e).lower() else f"broken XLS: {e}"
        raise DocumentProblem(reason) from e
    except (AssertionError, IndexError, ValueError, KeyError, struct.error) as e:
        raise DocumentProblem(f"broken XLS: {type(e).__name__}: {e}") from e
    out = SheetPages(limits)
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            out.add(sheet.name, (_xls_row(book, sheet, r) for r in range(sheet.nrows)))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return out.pages, out.sheet_count


def _xls_row(book, sheet, r: int) -> list:
    row = []
    for cell in sheet.row(r):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                row.append(cell.value)
        elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            row.append(None)
        else:
            row.append(cell.value)
    return row

