"""``read_header(text)``: số/ký hiệu, loại văn bản, cơ quan ban hành, ngày ban hành and trích yếu from the
header of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP; Hướng dẫn 36-HD/VPTW for the Party).

The header has two columns: the issuer over the number on the left, the national motto over the place and
date on the right; then the document type in capitals, centred, and the summary under it. PDF text and OCR
give the columns one after the other, or interleaved line by line, or side by side on one line, so the
patterns do not rely on line order: the motto and the place-and-date phrase are found (diacritics and case
ignored, for OCR) and cut out of whatever line they are on; what is left of the lines above the number or
the type is the issuer. Every field is None when the header does not give it.
"""
from __future__ import annotations

import re
from datetime import date

from archive.text import clean_whitespace
from extract.documents.model import DocumentMeta
from extract.documents.text import LIST_ITEM_RE, ends_sentence, is_heading
from extract.documents.vocab import (
    BODY_STARTS,
    CODE_TYPES,
    DOC_TYPES,
    ISSUER_STARTS,
    MOTTO_PATTERNS,
    PLACE_PREFIXES,
    STRONG_BODY_STARTS,
    fold,
)

HEADER_MAX_LINES = 30        # the header is in the first lines of the first page
ISSUER_MAX_PARTS = 3         # lines of the issuer (e.g. "ĐẢNG BỘ TỈNH BÌNH PHƯỚC / HUYỆN ỦY LỘC NINH / BAN DÂN VẬN")
ISSUER_MIN_UPPER = 0.7       # share of capitals in a line that is part of the issuer (unless it starts like one)
SUMMARY_MAX_LINES = 4
SUMMARY_MAX_CHARS = 400
SUMMARY_FIRST_MAX_CHARS = 250  # a longer first line under the type is the body's first paragraph
PLACE_MAX_WORDS = 4
SEPARATOR_CHARS = "*-_=–—~·•.+|x "

NUMBER_RE = re.compile(
    r"(?<![\w/])S[ốốôoóồổ6]\s*[:.;]?\s*"
    r"(?P<num>\d{0,5}(?:\s*[-/–]\s*[0-9A-ZĐa-zđ]+(?:\.[0-9A-ZĐa-zđ]+)?)+)")
DATE_RE = re.compile(r"ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})?\s*nam\s*(\d{4})?")
VV_RE = re.compile(r"^v\s*/\s*v\s*[:.]?\s*")
DASHES_RE = re.compile(r"\s*[-–]\s*")


def read_header(text: str) -> DocumentMeta:
    """The header fields of a document's text (its first page is enough); None where not found."""
    lines = _header_lines(text)
    issued, lines = _take_date(lines)
    lines = [_strip_motto(line) for line in lines]
    number, num_at = _find_number(lines)
    doc_type, type_at, rest = _find_type(lines)
    summary, vv = _find_summary(lines, type_at, rest, num_at)
    ends = [i for i in (num_at, type_at) if i is not None]
    issuer = _find_issuer(lines[:min(ends)] if ends else [])
    if doc_type is None:
        doc_type = _type_from_number(number) or ("Công văn" if vv else None)
    return DocumentMeta(number=number, doc_type=doc_type, issuer=issuer, issued=issued, summary=summary)


def _header_lines(text: str) -> list[str]:
    """The first lines of the text, cleaned; a blank line is kept as "" (it ends a summary)."""
    lines: list[str] = []
    for line in text.replace("\r", "\n").split("\n"):
        line = clean_whitespace(line)
        if line or (lines and lines[-1]):
            lines.append(line)
        if len(lines) >= HEADER_MAX_LINES:
            break
    return lines


def _take_date(lines: list[str]) -> tuple[str | None, list[str]]:
    """The header's date and the lines with the place-and-date phrases cut out.

    The date is the first "Place, ngày D tháng M năm Y" (else the first bare date above the type line,
    when there is one: a bare date in a text without a type line is the body's).
    """
    with_place: list[str | None] = []
    bare: list[str | None] = []
    out = []
    above_type = True
    for line in lines:
        for m in reversed(list(DATE_RE.finditer(fold(line)))):
            start, has_place = _place_start(line, m.start())
            iso = _iso(*m.groups())
            if has_place:
                line = clean_whitespace(line[:start] + " " + line[m.end():])
                with_place.insert(0, iso)
            elif above_type:
                bare.insert(0, iso)
        above_type = above_type and _type_at(line) is None
        out.append(line)
    dates = [d for d in with_place + (bare if not above_type else []) if d]
    return (dates[0] if dates else None), out


def _place_start(line: str, at: int) -> tuple[int, bool]:
    """Where the place before ", ngày" starts (its capitalised words and a prefix such as "Thị trấn")."""
    before = line[:at].rstrip()
    if not before.endswith(","):
        return at, False
    words = before[:-1].split(" ")
    keep = len(words)
    while keep > 0 and _is_name_word(words[keep - 1]) and len(words) - keep < PLACE_MAX_WORDS:
        keep -= 1
    if keep == len(words):
        return at, False
    for n in (2, 1):
        if keep >= n and fold(" ".join(words[keep - n:keep])) in PLACE_PREFIXES:
            keep -= n
            break
    return len(" ".join(words[:keep])), True


def _is_name_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    return not any(ch.isupper() for ch in letters[1:]) or (word.endswith(".") and len(letters) <= 3)


def _iso(day: str | None, month: str | None, year: str | None) -> str | None:
    if not (day and month and year):
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _strip_motto(line: str) -> str:
    folded = fold(line)
    for pattern in MOTTO_PATTERNS:
        m = pattern.search(folded)
        if m:
            line = line[:m.start()] + " " + line[m.end():]
            folded = fold(line)
    return _strip_separators(line)


def _strip_separators(line: str) -> str:
    line = clean_whitespace(line)
    return "" if all(ch in SEPARATOR_CHARS for ch in line) else line.strip("*_=~·•|+ ").strip()


def _find_number(lines: list[str]) -> tuple[str | None, int | None]:
    for i, line in enumerate(lines):
        m = NUMBER_RE.search(line)
        if m and any(ch.isupper() for ch in m.group("num")):
            num = re.sub(r"\s*/\s*", "/", DASHES_RE.sub("-", m.group("num")))
            return (num if num[0].isdigit() else None), i  # "Số: -KH/HU" (a draft): the line, no number
    return None, None


def _type_at(line: str) -> tuple[str, int] | None:
    """(canonical type, length of its words in the line) when the line opens with a type in capitals."""
    folded = fold(line)
    for pattern, name in DOC_TYPES:
        m = pattern.match(folded)
        if m and not any(ch.islower() for ch in line[:m.end()]):
            return name, m.end()
    return None


def _find_type(lines: list[str]) -> tuple[str | None, int | None, str]:
    for i, line in enumerate(lines):
        hit = _type_at(line)
        if hit:
            name, end = hit
            return name, i, _strip_separators(line[end:].lstrip(" :.-–"))
    return None, None, ""


def _find_summary(lines: list[str], type_at: int | None, rest: str,
                  num_at: int | None) -> tuple[str | None, bool]:
    """The summary under the type line, else the "V/v ..." under the number; and whether V/v was used."""
    if type_at is not None:
        parts = ([rest] if rest else []) + _summary_lines(lines[type_at + 1:], bool(rest))
        if parts:
            return _clip(" ".join(parts)), False
    start = num_at if num_at is not None else 0
    for i in range(start, min(len(lines), start + 4)):
        m = VV_RE.match(fold(lines[i]))
        if m and len(lines[i]) > m.end():
            parts = [lines[i][m.end():].strip()] + _summary_lines(lines[i + 1:], True, vv=True)
            return _clip(" ".join(parts)), True
    return None, False


def _summary_lines(lines: list[str], started: bool, vv: bool = False) -> list[str]:
    """The lines that carry on a summary (``started``: its first words were on the type or V/v line)."""
    out: list[str] = []
    for line in lines:
        if not line:
            if out or started:
                break
            continue
        if len(out) + started >= SUMMARY_MAX_LINES or not _carries_on(line, out, started, vv):
            break
        out.append(line)
    return out


def _carries_on(line: str, out: list[str], started: bool, vv: bool) -> bool:
    if LIST_ITEM_RE.match(line) or NUMBER_RE.search(line) or _type_at(line):
        return False
    if not out and not started:  # the first line under the type: the summary unless the body plainly starts
        folded = fold(line)
        return (not folded.startswith(STRONG_BODY_STARTS) and len(line) <= SUMMARY_FIRST_MAX_CHARS
                and not (is_heading(line) and _is_issuer_line(line) and folded.startswith(ISSUER_STARTS)))
    prev = out[-1] if out else ""
    if is_heading(line) != is_heading(prev or line) or _starts_body(line):
        return False
    if line[0].islower() or line[0] in "(“\"":
        return True
    return not vv and not (prev and ends_sentence(prev)) and len(out) + started < 2


def _starts_body(line: str) -> bool:
    folded = fold(line)
    return any(folded.startswith(w) for w in BODY_STARTS)


def _clip(text: str) -> str | None:
    text = clean_whitespace(text).strip(" -–:")
    return text[:SUMMARY_MAX_CHARS].rstrip() if text else None


def _find_issuer(lines: list[str]) -> str | None:
    parts: list[str] = []
    for line in lines:
        line = _strip_separators(line)
        if not line:
            continue
        if _is_issuer_line(line):
            parts.append(line)
        elif parts:
            break
        if len(parts) >= ISSUER_MAX_PARTS:
            break
    return " - ".join(parts) if parts else None


def _is_issuer_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(ch.isupper() for ch in letters) / len(letters)
    return upper >= ISSUER_MIN_UPPER or any(fold(line).startswith(w) for w in ISSUER_STARTS)


def _type_from_number(number: str | None) -> str | None:
    """The type a number's letter code gives (86-KH/HU: Kế hoạch), for headers whose type line was lost."""
    if not number:
        return None
    for segment in re.split(r"[-/]", number):
        if segment[:1].isalpha():
            return CODE_TYPES.get(segment.upper())
    return None
