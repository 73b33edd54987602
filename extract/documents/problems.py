"""Why a document cannot be read: one exception with a one-line reason, and the checks that raise it."""
from __future__ import annotations

import io
import zipfile


class DocumentProblem(Exception):
    """A known reason why a file gives no text ("encrypted PDF ...", "broken file ..."): the message is the reason."""


def check_zip_size(data: bytes, limit: int) -> None:
    """Refuse a zip-based file (DOCX, XLSX, ODT) whose members would unpack to more than ``limit`` bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        raise DocumentProblem(f"broken file: a damaged zip archive ({e})") from e
    if total > limit:
        raise DocumentProblem(f"too large: unpacks to {total / 2**20:.0f} MB (limit {limit / 2**20:.0f} MB)")
