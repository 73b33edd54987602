"""Highlighted snippets: HTML-escaped text with the matched words in <mark>…</mark>.

The stored text is untrusted (it comes from crawled pages), so everything except the marks
this module adds is escaped.
"""
from __future__ import annotations

from html import escape

from index.analysis import token_spans

SNIPPET_CHARS = 240
WINDOW_TOKENS = 36


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
    """The passage of ``text`` with the most (distinct, then total) query words, escaped and marked."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    m = Matcher(words)
    tokens, hits = _scan(text, m) if m else ([], [])
    if not hits:
        end = _cut(text, max_chars)
        return escape(text[:end]) + ("…" if end < len(text) else "")
    best, best_score = 0, (-1, -1)
    for a in range(len(hits)):
        first = hits[a][0]
        inside = [k for i, k in hits[a:] if i < first + WINDOW_TOKENS]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = a, score
    first_token = max(0, hits[best][0] - 6)
    start = tokens[first_token][0] if first_token else 0
    end = _cut(text, start + max_chars)
    # every match inside the passage is marked, also those past the point where the scan stopped
    spans = [(start + s, start + e) for s, e, token in token_spans(text[start:end]) if m.key(token)]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + _marked(text, start, end, spans) + suffix


def _scan(text: str, m: Matcher, enough: int = 400) -> tuple[list, list]:
    """Tokens and matched tokens, scanning only until a window holds every distinct query word."""
    tokens: list[tuple[int, int, str]] = []
    hits: list[tuple[int, str]] = []
    wanted = len(m.exact) + len(m.prefixes)
    for i, span in enumerate(token_spans(text)):
        tokens.append(span)
        key = m.key(span[2])
        if key:
            hits.append((i, key))
            recent = {k for j, k in hits if j > i - WINDOW_TOKENS}
            if len(recent) >= wanted and i > WINDOW_TOKENS:
                break
        if i >= enough and hits and i > hits[0][0] + WINDOW_TOKENS:
            break
    return tokens, hits


def _cut(text: str, limit: int) -> int:
    """An end position at or before ``limit`` that does not split a word."""
    if limit >= len(text):
        return len(text)
    space = text.rfind(" ", 0, limit)
    return space if space > limit - 40 else limit
