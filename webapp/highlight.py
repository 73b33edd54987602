"""Highlighting that can never let crawled HTML through: escape first, then add <mark>."""
from __future__ import annotations

import html
import re

from markupsafe import escape

from archive.text import WORD_RE, fold_word, nfc

MARK_RE = re.compile(r"(</?mark>)")
OPERATORS = {"OR", "AND", "NOT"}
MAX_HIGHLIGHTED = 300_000  # characters of an article marked for a query; the rest of a huge one is shown plain


def safe_snippet(snippet: str | None) -> str:
    """The index's snippet (escaped, with <mark> marks) re-escaped piece by piece: only <mark> survives."""
    if not snippet:
        return ""
    out = []
    for part in MARK_RE.split(snippet):
        if part in ("<mark>", "</mark>"):
            out.append(part)
        else:
            out.append(str(escape(html.unescape(part))))
    text = "".join(out)
    return text if text.count("<mark>") == text.count("</mark>") else str(escape(MARK_RE.sub("", html.unescape(snippet))))


def snippet_text(snippet: str | None) -> str:
    """The snippet as plain text (marks dropped, entities decoded), for feeds and CSV."""
    return html.unescape(MARK_RE.sub("", snippet or ""))


def query_terms(q: str | None) -> tuple[frozenset[str], tuple[str, ...]]:
    """The folded words a query looks for (excluded words left out) and its prefixes (``word*``)."""
    words: set[str] = set()
    prefixes: list[str] = []
    for raw in re.findall(r'"[^"]*"|\S+', q or ""):
        if raw in OPERATORS or raw.startswith("-"):
            continue
        raw = raw.strip('"') if raw.startswith('"') else raw.split(":", 1)[-1]
        tokens = WORD_RE.findall(nfc(raw))
        if raw.endswith("*") and tokens:
            prefixes.append(fold_word(tokens[-1]))
            tokens = tokens[:-1]
        words.update(fold_word(t) for t in tokens)
    return frozenset(words), tuple(prefixes)


def highlight(text: str | None, q: str | None) -> str:
    """``text`` escaped, with the words of query ``q`` wrapped in <mark> (diacritics and case ignored)."""
    text = text or ""
    words, prefixes = query_terms(q)
    if not words and not prefixes:
        return str(escape(text))
    out, last = [], 0
    for m in WORD_RE.finditer(text):
        folded = fold_word(m.group(0))
        if folded in words or any(folded.startswith(p) for p in prefixes):
            out.append(str(escape(text[last:m.start()])))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            last = m.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def paragraphs(text: str | None) -> list[str]:
    """The article's paragraphs (blank-line or line separated), without empty ones."""
    parts = re.split(r"\n\s*\n", text or "")
    if len(parts) == 1:
        parts = (text or "").split("\n")
    return [p.strip() for p in parts if p.strip()]


def highlighted_paragraphs(text: str | None, q: str | None) -> list[str]:
    """The article's paragraphs escaped, those within its first MAX_HIGHLIGHTED characters with <mark>s."""
    out, budget = [], MAX_HIGHLIGHTED
    for p in paragraphs(text):
        out.append(highlight(p, q) if budget > 0 else str(escape(p)))
        budget -= len(p)
    return out
