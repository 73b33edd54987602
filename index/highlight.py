"""Highlighted snippets: HTML-escaped text with the matched words in <mark>…</mark>.

The stored text is untrusted (it comes from crawled pages), so everything except the marks
this module adds is escaped.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from html import escape

import numpy as np

from index.analysis import fold_token, token_spans

SNIPPET_CHARS = 240


class Matcher:
    """Decides whether a folded token is one of the query's words or prefixes."""

    def __init__(self, words: list[str]):
        self.exact = {w for w in words if not w.endswith("*")}
        self.prefixes = tuple(w[:-1] for w in words if w.endswith("*") and len(w) > 1)

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes)

    def key(self, token: str) -> str | None:
        """The query word this token matches, or None."""
        if token in self.exact:
            return token
        for p in self.prefixes:
            if token.startswith(p):
                return p + "*"
        return None


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight_all(text: str, words: list[str]) -> str:
    """The whole (short) text, escaped, with every matched word marked (for titles)."""
    text = text or ""
    m = Matcher(words)
    spans = [(s, e) for s, e, tok in token_spans(text) if m and m.key(tok)] if m else []
    return _marked(text, 0, len(text), spans)


def snippet(text: str, words: list[str], max_chars: int = SNIPPET_CHARS) -> str:
    """The passage of ``text`` with the most (distinct, then total) query words, escaped and marked.

    Matches are found by one regular expression of the folded query words over the text folded letter by
    letter (one numpy table lookup: same length, so positions are the text's own), at C speed.
    """
    text = " ".join((text or "").split())
    if not text:
        return ""
    pattern = _pattern(Matcher(words))
    found = islice(pattern.finditer(folded(text)), MAX_MATCHES) if pattern else ()
    hits = [(m.start(), m.end(), m.group(0)) for m in found]
    if not hits:
        end = _cut(text, max_chars)
        return escape(text[:end]) + ("…" if end < len(text) else "")
    best, best_score = 0, (-1, -1)
    for a, (first, _, _) in enumerate(hits):
        inside = [k for s, _, k in hits[a:a + 64] if s < first + WINDOW_CHARS]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = a, score
    start = _lead_start(text, hits[best][0])
    end = _cut(text, start + max_chars)
    spans = [(s, e) for s, e, _ in hits if start <= s and e <= end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + _marked(text, start, end, spans) + suffix


def page_snippet(text: str, words: list[str], max_chars: int = SNIPPET_CHARS) -> tuple[int, str]:
    """(page number, snippet) of a document's text whose pages are separated by form feeds: the page
    with the most distinct query words (the first page when none has any)."""
    pages = (text or "").split(PAGE_BREAK)
    pattern = _pattern(Matcher(words))
    best, best_score = 0, (0, 0)
    for number, page in enumerate(pages):
        found = pattern.findall(folded(page)) if pattern else []
        score = (len(set(found)), len(found))
        if score > best_score:
            best, best_score = number, score
    return best + 1, snippet(pages[best] if pages else "", words, max_chars)


PAGE_BREAK = "\f"   # between the pages of a document's stored text
MAX_MATCHES = 256    # the best passage is looked for among the text's first matches
WINDOW_CHARS = 200   # the distinct query words within this many characters of a first match count
LEAD_WORDS = 6       # a passage starts this many words before its first match
LEAD_SEARCH = 200    # ... looked for in this many characters before it
WORD_START_RE = re.compile(r"(?<!\w)\w")
FOLDABLE = 0x1F00  # letters below this code point are looked up in the folding table; others stay as they are


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    """Code point -> the code point of its folded letter, below FOLDABLE (capitals and diacritic forms of
    letters that fold to one letter; every other character maps to itself)."""
    table = np.arange(FOLDABLE, dtype=np.uint32)
    for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, FOLDABLE)]:
        letter = fold_token(chr(cp))
        if len(letter) == 1:
            table[cp] = ord(letter)
    return table


def folded(text: str) -> str:
    """The text with every letter folded ("Dân" -> "dan"), character for character: same length, so a match's
    positions are the text's own (one table lookup over the text's code points)."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = np.where(points < FOLDABLE, _fold_table()[np.minimum(points, FOLDABLE - 1)], points)
    return out.tobytes().decode("utf-32-le", "surrogatepass")


def _pattern(m: Matcher) -> re.Pattern | None:
    """Whole tokens that are a query word, or start with a query prefix, in folded text."""
    if not m:
        return None
    return _compiled(tuple(sorted(m.exact, key=lambda w: (-len(w), w))), m.prefixes)


@lru_cache(maxsize=4096)
def _compiled(exact: tuple[str, ...], prefixes: tuple[str, ...]) -> re.Pattern:
    options = [re.escape(w) for w in exact] + [re.escape(p) + r"\w*" for p in prefixes]
    return re.compile(r"(?<!\w)(?:" + "|".join(options) + r")(?!\w)")


def _lead_start(text: str, position: int) -> int:
    """The start of the word LEAD_WORDS words before ``position`` (0 when there are fewer)."""
    lo = max(0, position - LEAD_SEARCH)
    starts = [m.start() for m in WORD_START_RE.finditer(text, lo, position)]
    if lo == 0 and len(starts) <= LEAD_WORDS:
        return 0
    return starts[-LEAD_WORDS] if len(starts) >= LEAD_WORDS else (starts[0] if starts else position)


def _cut(text: str, limit: int) -> int:
    """An end position at or before ``limit`` that does not split a word."""
    if limit >= len(text):
        return len(text)
    space = text.rfind(" ", 0, limit)
    return space if space > limit - 40 else limit
