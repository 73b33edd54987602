"""The file type from the bytes alone (magic numbers, zip members, OLE2 stream names), never the name.

``detect(data)`` returns ``(kind, reason)``: a kind this package reads ("pdf", "docx", "doc", "odt", "rtf",
"xls", "xlsx") with reason None, or kind None and a one-line reason naming what the bytes are instead.
"""
from __future__ import annotations

import io
import struct
import zipfile

PDF_MAGIC = b"%PDF-"
PDF_MAGIC_WINDOW = 1024            # the PDF spec lets the header start anywhere in the first 1024 bytes
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
OLE_MAX_DIRECTORY_SECTORS = 4096   # a longer directory chain is a broken (or hostile) file

# what the bytes are when they are not a document we read: (magic, offset, description)
OTHER_MAGIC = [
    (b"\xff\xd8\xff", 0, "a JPEG image"), (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"GIF8", 0, "a GIF image"), (b"II*\x00", 0, "a TIFF image"), (b"MM\x00*", 0, "a TIFF image"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"\x1f\x8b", 0, "a gzip file"), (b"WEBP", 8, "a WebP image"),
]
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": None,
    "application/vnd.oasis.opendocument.presentation": None,
}


def detect(data: bytes) -> tuple[str | None, str | None]:
    """(kind, None) for a readable type, else (None, "why: what the bytes are")."""
    if not data:
        return None, "empty file"
    head = data[:PDF_MAGIC_WINDOW]
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data)
    if PDF_MAGIC in head:
        return "pdf", None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(RTF_MAGIC):
        return "rtf", None
    for magic, offset, what in OTHER_MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return None, f"unsupported file type: {what}"
    if _looks_like_html(head):
        return None, "not a document: an HTML page"
    return None, "unknown file type"


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")) and b"<html" in start


def _zip_kind(data: bytes) -> tuple[str | None, str | None]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, RuntimeError, ValueError):
        return None, "broken file: a damaged zip archive"
    if "word/document.xml" in names or _ooxml_main(names, "word/"):
        return "docx", None
    if "xl/workbook.xml" in names or _ooxml_main(names, "xl/"):
        return "xlsx", None
    if mimetype in ODF_MIMETYPES:
        kind = ODF_MIMETYPES[mimetype]
        return (kind, None) if kind else (None, f"unsupported file type: OpenDocument ({mimetype})")
    if "content.xml" in names and "META-INF/manifest.xml" in names:
        return "odt", None
    if any(n.startswith("ppt/") for n in names):
        return None, "unsupported file type: a PowerPoint presentation (pptx)"
    return None, "unsupported file type: a zip archive"


def _ooxml_main(names: set[str], folder: str) -> bool:
    return "[Content_Types].xml" in names and any(n.startswith(folder) and n.endswith(".xml") for n in names)


def _ole_kind(data: bytes) -> tuple[str | None, str | None]:
    streams = ole_stream_names(data)
    if streams is None:
        return None, "broken file: a damaged OLE2 (Office 97-2003) container"
    if "EncryptedPackage" in streams:
        return None, "encrypted Office document (password protected)"
    if "WordDocument" in streams:
        return "doc", None
    if "Workbook" in streams or "Book" in streams:
        return "xls", None
    if "PowerPoint Document" in streams:
        return None, "unsupported file type: a PowerPoint presentation (ppt)"
    return None, "unsupported file type: an OLE2 container without a Word or Excel stream"


def ole_stream_names(data: bytes) -> set[str] | None:
    """Names in an OLE2 compound file's directory (None when the container is damaged)."""
    try:
        sector_shift, = struct.unpack_from("<H", data, 30)
        first_dir, = struct.unpack_from("<i", data, 48)
        size = 1 << sector_shift
        if sector_shift not in (9, 12):
            return None
        fat = _ole_fat(data, size)
        names: set[str] = set()
        sector, seen = first_dir, 0
        while sector >= 0 and seen < OLE_MAX_DIRECTORY_SECTORS:
            base = (sector + 1) * size
            for off in range(base, base + size, 128):
                entry = data[off:off + 128]
                if len(entry) < 128:
                    return names or None
                length, = struct.unpack_from("<H", entry, 64)
                if 2 <= length <= 64:
                    names.add(entry[:length - 2].decode("utf-16-le", "replace"))
            sector = fat[sector] if sector < len(fat) else -1
            seen += 1
        return names
    except (struct.error, IndexError):
        return None


def _ole_fat(data: bytes, size: int) -> list[int]:
    """The file allocation table: the header's 109 DIFAT entries, then the DIFAT sector chain."""
    fat_sectors = [s for s in struct.unpack_from("<109i", data, 76) if s >= 0]
    difat_sector, = struct.unpack_from("<i", data, 68)
    per_sector = size // 4 - 1
    seen = 0
    while difat_sector >= 0 and seen < OLE_MAX_DIRECTORY_SECTORS:
        entries = struct.unpack_from(f"<{per_sector + 1}i", data, (difat_sector + 1) * size)
        fat_sectors.extend(s for s in entries[:per_sector] if s >= 0)
        difat_sector, seen = entries[per_sector], seen + 1
    fat: list[int] = []
    for sector in fat_sectors:
        chunk = data[(sector + 1) * size:(sector + 2) * size]
        fat.extend(struct.unpack(f"<{len(chunk) // 4}i", chunk[:len(chunk) // 4 * 4]))
    return fat
