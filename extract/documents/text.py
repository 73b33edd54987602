"""A page's raw text to clean text: NFC, one space inside lines, hard line breaks joined into paragraphs.

Lines inside a paragraph are joined when the line does not end a sentence and the next one starts in lower
case (a word cut by a hyphen at the line end is mended); on text laid out in lines (PDF, OCR), also when the
line runs to the page's usual width and the next one continues it. Blank lines stay paragraph breaks.
Headings (lines in capitals) and list items are never joined. Vietnamese letters with diacritics are letters.
"""
from __future__ import annotations

import re

from archive.text import clean_whitespace, nfc

SENTENCE_END = ".!?:;…"
CLOSERS = "\"'”’»)]"
SOFT_HYPHENS = "\u00ad\x02\ufffe"   # soft hyphen; pdfium's mark for a hyphen it generated at a line end
LIST_ITEM_RE = re.compile(r"^(?:[-–—•+*·▪]\s*\S|\(?\d{1,3}(?:\.\d{1,3})*[.)]\s|\(?[a-zđ]\)\s|[IVXLC]{1,6}[.)]\s)")
FULL_LINE_RATIO = 0.8        # a line at least this share of the page's usual width runs on to the next
MIN_LINES_FOR_WIDTH = 6      # fewer lines than this: no usual width, only the lower-case rule
WIDTH_PERCENTILE = 0.9       # the usual width: the length of the line at this rank, by length
HEADER_ZONE_LINES = 15       # the first lines of a document's first page: only the lower-case rule
MIN_TEXT_LAYER_LETTERS = 25  # a PDF page with fewer letters than this has no text layer (a scan)
MAX_ODD_SHARE = 0.05         # odd characters per letter above this: a garbled text layer (legacy fonts) ...
MIN_ODD_CHARS = 5            # ... with at least this many of them
# Latin-1 symbols and letters that Vietnamese never uses, which TCVN3 (ABC) and VNI fonts put in their place
ODD_CHARS = "¸¹º»¼½¾µ¶·¦§¨©ª«¬®¯°±²³´¿×÷¤¥¢£¡ÄÅÆÇËÎÏÐÑÖØÛÜÞßäåæçëîïðñöøûüþÿ\ufffd"
ODD_RE = re.compile(f"[{ODD_CHARS}\ue000-\uf8ff]")  # and the private use area (fonts without a Unicode map)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")


def count_letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def has_text_layer(text: str) -> bool:
    """Whether a PDF page's extracted text is real text (not a scan's empty or near-empty layer)."""
    return count_letters(text) >= MIN_TEXT_LAYER_LETTERS and not looks_garbled(text)


def looks_garbled(text: str) -> bool:
    """Text from fonts without a Unicode map (TCVN3/VNI fonts, broken encodings): many odd symbols or
    private-use characters among the letters."""
    odd = len(ODD_RE.findall(text))
    return odd >= MIN_ODD_CHARS and odd / max(count_letters(text), 1) > MAX_ODD_SHARE


def clean_text(raw: str, *, layout: bool = False, header_zone: bool = False) -> str:
    """Clean one page: ``layout`` for text laid out in lines (PDF, OCR); ``header_zone`` on a first page."""
    blocks = []
    skip = HEADER_ZONE_LINES if header_zone else 0
    for block in _blocks(_lines(raw)):
        width = usual_width(block) if layout else None
        blocks.append("\n".join(join_lines(block, width, skip)))
        skip = max(0, skip - len(block))
    return "\n\n".join(b for b in blocks if b)


def _lines(raw: str) -> list[str]:
    text = nfc(raw).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = CONTROL_RE.sub("", text.replace("\x02", "\u00ad").replace("\ufffe", "\u00ad"))
    lines = []
    for line in text.split("\n"):
        soft = line.rstrip().endswith(tuple(SOFT_HYPHENS))
        line = clean_whitespace(line.replace("\u00ad", ""))
        lines.append(line + "\u00ad" if soft and line else line)
    return lines


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def usual_width(lines: list[str]) -> int | None:
    if len(lines) < MIN_LINES_FOR_WIDTH:
        return None
    lengths = sorted(len(line) for line in lines)
    return lengths[min(len(lengths) - 1, int(len(lengths) * WIDTH_PERCENTILE))]


def join_lines(lines: list[str], width: int | None = None, skip_wide: int = 0) -> list[str]:
    """Join the lines of one block into paragraphs; the first ``skip_wide`` lines only by the lower-case rule."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if out:
            how = join_how(out[-1], line, width if i > skip_wide else None)
            if how is not None:
                out[-1] = _mend(out[-1], how) + line
                continue
        out.append(line)
    return [line.replace("\u00ad", "") for line in out]


def _mend(prev: str, how: str) -> str:
    if how == "hyphen":
        return prev.rstrip("-\u00ad")
    return prev.rstrip("\u00ad") + " "


def join_how(prev: str, nxt: str, width: int | None) -> str | None:
    """How ``prev`` runs on to ``nxt``: "hyphen" (a word cut at the line end), "space", or None (a break)."""
    if is_heading(prev) or is_heading(nxt) or LIST_ITEM_RE.match(nxt):
        return None
    starts_lower = nxt[0].islower()
    if prev.endswith("\u00ad") or (prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha()):
        return "hyphen" if starts_lower else None
    if ends_sentence(prev):
        return None
    if starts_lower:
        return "space"
    if width and len(prev) >= FULL_LINE_RATIO * width and (nxt[0].isalnum() or nxt[0] in "\"“("):
        return "space"
    return None


def ends_sentence(line: str) -> bool:
    return line.rstrip(CLOSERS)[-1:] in tuple(SENTENCE_END)


def is_heading(line: str) -> bool:
    """A line in capitals (two letters or more, none in lower case): a heading, a header line."""
    return line.isupper() and count_letters(line) >= 2
