"""Bytes to text: the HTTP header's charset, then the page's meta tag, then detection; pages lie."""
from __future__ import annotations

import codecs
import logging
import re

from archive.text import nfc

log = logging.getLogger(__name__)

HEADER_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
META_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# UTF-8 Vietnamese read as windows-1252 / latin-1 ("Dân vận" -> "DÃ¢n váº­n")
MOJIBAKE_RE = re.compile("[ÃÄÆáº»][\u0080-\u00bf\u2018-\u203a\u0152-\u02dc]|á[º»]")
SINGLE_BYTE_LIARS = {"iso-8859-1", "latin-1", "latin1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii",
                     "iso-8859-15", "windows-1258", "cp1258"}
SINGLE_BYTE_CODECS = {codecs.lookup(n).name for n in SINGLE_BYTE_LIARS}


def _mixed_handler(err: UnicodeDecodeError):
    """Decode stray non-UTF-8 bytes inside a UTF-8 page as windows-1252."""
    chunk = err.object[err.start:err.end]
    return chunk.decode("cp1252", errors="replace"), err.end


codecs.register_error("danvan-cp1252", _mixed_handler)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_charsets(body: bytes, content_type: str | None) -> list[str]:
    """The charsets the HTTP header and the page's meta tag claim, in that order."""
    header = HEADER_RE.search(content_type) if content_type else None
    meta = META_RE.search(body[:8192])
    names = [_codec(header.group(1)) if header else None,
             _codec(meta.group(1).decode("ascii", "ignore")) if meta else None]
    return list(dict.fromkeys(n for n in names if n))


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_like_mojibake(text: str) -> bool:
    return len(MOJIBAKE_RE.findall(text[:200_000])) >= 3


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page to NFC text, trusting the declared charsets only while they give sane text."""
    if not body:
        return ""
    if isinstance(body, str):
        return nfc(body)
    if body.startswith(codecs.BOM_UTF8):
        return nfc(body[3:].decode("utf-8", errors="replace"))
    if body[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return nfc(body.decode("utf-16", errors="replace"))
    utf8 = _strict(body, "utf-8")
    for codec in declared_charsets(body, content_type):
        if codec in {"utf-8", "utf-8-sig"}:
            if utf8 is not None:
                return nfc(utf8)
            continue
        text = _strict(body, codec)
        if text is None:
            continue
        if codec in SINGLE_BYTE_CODECS:
            # a single-byte charset decodes anything; valid UTF-8 with non-ASCII text is the truth
            if utf8 is not None and not body.isascii():
                log.debug("declared %s but the body is valid UTF-8", codec)
                return nfc(utf8)
            if _looks_like_mojibake(text):
                continue
        return nfc(text)
    if utf8 is not None:
        return nfc(utf8)
    return nfc(_detect(body))


def _detect(body: bytes) -> str:
    """No usable declaration: mostly-UTF-8 pages keep UTF-8, else charset-normalizer's guess."""
    mixed = body.decode("utf-8", errors="danvan-cp1252")
    bad = len(body.decode("utf-8", errors="ignore"))
    if len(mixed) - bad < max(8, len(mixed) // 100):
        return mixed
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(body[:2_000_000]).best()
        if best is not None and best.encoding:
            return body.decode(best.encoding, errors="replace")
    except Exception as exc:  # noqa: BLE001 - detection must never crash extraction
        log.debug("charset detection failed: %s", exc)
    return body.decode("utf-8", errors="replace")
