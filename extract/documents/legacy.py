"""Older formats: Word 97-2003 .doc through Debian's catdoc (antiword where catdoc is missing), in a
subprocess with a timeout; RTF through striprtf (it honours \\ansicpg, per-font charsets and \\u escapes)."""
from __future__ import annotations

import logging
import re
import shutil
import tempfile
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from extract.documents.model import DocumentLimits
from extract.documents.problems import DocumentProblem
from extract.documents.tools import ToolError, run_tool

log = logging.getLogger(__name__)

# (program, arguments before the file): UTF-8 out, no line wrapping
DOC_TOOLS = [("catdoc", ["-d", "utf-8", "-w"]), ("antiword", ["-m", "UTF-8.txt", "-w", "0"])]
CELL_SEPARATOR = " | "   # catdoc ends table cells with a tab, striprtf with "|"
RTF_ROW_END_RE = re.compile(r"\|[ \t]*(?:\n|$)")
PAGE_BREAK = "\f"


def read_doc(data: bytes, limits: DocumentLimits) -> list[str]:
    tools = [(name, args) for name, args in DOC_TOOLS if shutil.which(name)]
    if not tools:
        raise DocumentProblem("cannot read .doc here: neither catdoc nor antiword is installed "
                              "(Debian: apt-get install catdoc)")
    errors = []
    with tempfile.TemporaryDirectory(prefix="danvan-doc-") as tmp:
        path = Path(tmp) / "document.doc"
        path.write_bytes(data)
        for name, args in tools:
            try:
                out = run_tool([name, *args, str(path)], timeout=limits.timeout_s)
            except ToolError as e:
                log.info("%s could not read the .doc: %s", name, e)
                errors.append(str(e))
                continue
            text = out.decode("utf-8", "replace").replace("\t", CELL_SEPARATOR)
            return [page for page in text.split(PAGE_BREAK) if page.strip()] or [""]
    raise DocumentProblem(f"broken DOC: {'; '.join(errors)}")


def read_rtf(data: bytes, limits: DocumentLimits) -> list[str]:
    # RTF is 7-bit text with escapes; latin-1 keeps any stray 8-bit byte as one character
    try:
        text = rtf_to_text(data.decode("latin-1"), errors="ignore")
    except (ValueError, IndexError, LookupError, RecursionError) as e:
        raise DocumentProblem(f"broken RTF: {type(e).__name__}: {e}") from e
    text = RTF_ROW_END_RE.sub("\n", text).replace("|", CELL_SEPARATOR)  # striprtf ends a cell with "|"
    return [text]
