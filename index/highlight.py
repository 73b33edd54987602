"""Highlighted snippets: HTML-escaped text with the matched words in <mark>…</mark>.

The stored text is untrusted (it comes from crawled pages), so everything except the marks
this module adds is escaped.
"""
from __future__ import annotations

import re
from html import escape

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

    Matches are found by one regular expression over the text itself, each letter of a query word a
    class of every letter that folds to it ("dan" -> "[dDđĐ][aAàáảã…][nN]"), so it runs at C speed.
    """
    text = " ".join((text or "").split())
    if not text:
        return ""
    pattern = _pattern(Matcher(words))
    hits = [(m.start(), m.end(), fold_token(m.group(0))) for m in pattern.finditer(text)] if pattern else []
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
        found = [fold_token(m.group(0)) for m in pattern.finditer(page)] if pattern else []
        score = (len(set(found)), len(found))
        if score > best_score:
            best, best_score = number, score
    return best + 1, snippet(pages[best] if pages else "", words, max_chars)


PAGE_BREAK = "\f"   # between the pages of a document's stored text
WINDOW_CHARS = 200   # the distinct query words within this many characters of a first match count
LEAD_WORDS = 6       # a passage starts this many words before its first match
LEAD_SEARCH = 200    # ... looked for in this many characters before it
WORD_START_RE = re.compile(r"(?<!\w)\w")
_LETTER_CLASSES: dict[str, str] = {}


def _letter_classes() -> dict[str, str]:
    """Folded letter -> a regex class of every letter that folds to it (itself, capitals, diacritic forms)."""
    if not _LETTER_CLASSES:
        variants: dict[str, set[str]] = {}
        for cp in [*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250),
                   *range(0x1E00, 0x1F00)]:
            folded = fold_token(chr(cp))
            if len(folded) == 1:
                variants.setdefault(folded, {folded}).add(chr(cp))
        _LETTER_CLASSES.update({f: "[" + "".join(re.escape(c) for c in sorted(v)) + "]" for f, v in variants.items()})
    return _LETTER_CLASSES


def _pattern(m: Matcher) -> re.Pattern | None:
    """Whole tokens that fold to a query word, or start with a query prefix, in the text as written."""
    if not m:
        return None
    classes = _letter_classes()

    def spelled(word: str) -> str:
        return "".join(classes.get(c, re.escape(c)) for c in word)

    options = [spelled(w) for w in sorted(m.exact, key=len, reverse=True)]
    options += [spelled(p) + r"\w*" for p in m.prefixes]
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
