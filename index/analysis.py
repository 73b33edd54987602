"""Vietnamese analysis: NFC, syllable tokens, an "exact" form and a "folded" form of each token.

- exact: lower-case, diacritics kept, tone mark in one canonical place ("hoà" = "hòa", "uỷ" = "ủy");
- folded: lower-case, diacritics removed, "đ" -> "d" ("Dân vận khéo" -> "dan van kheo").

Tokens are runs of ``\\w`` (syllables: no word segmentation, no stop words, no minimum length),
the same rule for documents and for query text.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

from archive.text import WORD_RE, fold_word, nfc, normalize_tone_word


@lru_cache(maxsize=200_000)
def exact_token(word: str) -> str:
    """The exact form of one token (already NFC): lower-case, tone placement normalised."""
    return normalize_tone_word(word.lower())


fold_token = fold_word  # the folded form of one token: lower-case, no diacritics, đ -> d (cached there)


class _FormCache(dict):
    """word -> form, computed on first sight; looked up with map() at C speed (lru_cache is slower)."""

    def __init__(self, convert, limit: int = 500_000):
        super().__init__()
        self.convert = convert
        self.limit = limit

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:  # numbers and names keep coming: start over rather than grow
            self.clear()
        value = self[word] = self.convert(word)
        return value


_EXACT = _FormCache(exact_token)
_FOLD = _FormCache(fold_token)


def analyse(text: str) -> tuple[list[str], list[str]]:
    """Both token streams of a text in one pass: (exact tokens, folded tokens)."""
    raw = WORD_RE.findall(nfc(text or ""))
    exact = list(map(_EXACT.__getitem__, raw))
    return exact, list(map(_FOLD.__getitem__, exact))


def token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded token) for every token of an NFC text, for highlighting."""
    for m in WORD_RE.finditer(text):
        yield m.start(), m.end(), fold_token(m.group(0))


class VietTokenizer(Tokenizer):
    """A Whoosh tokenizer with the same rules (used by the query parser and for query terms)."""

    def __init__(self, mode: str = "exact"):
        self.mode = mode

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.mode == self.mode

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        convert = fold_token if self.mode == "fold" else exact_token
        value = nfc(value)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = convert(value) if WORD_RE.fullmatch(value) else value.lower()
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for pos, m in enumerate(WORD_RE.finditer(value)):
            t.text = convert(m.group(0))
            t.boost = 1.0
            if keeporiginal:
                t.original = m.group(0)
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + m.start(), start_char + m.end()
            yield t
