"""Telling words: the words and 2–3-syllable phrases most distinctive of a result set against the archive.

Counted per article (how many articles have the term, not how often it occurs) on each segment's
folded token streams with numpy, in a sample of the result set (at most ``RESULT_SAMPLE`` articles)
against a fixed random sample of the whole archive (``BACKGROUND_SAMPLE`` articles, counted once per
index generation); scored by Dunning's log-likelihood (G²) where the term is more frequent in the
result than in the archive. The best terms are then spelled as written (found again in one of the
articles that has them, diacritics and all); terms made only of the query's words, of numbers, or
that start or end with a Vietnamese function word ("của", "và", "các", "được"…) are left out, and so
is a fragment of a longer phrase found in nearly the same articles ("vận khéo" beside "dân vận khéo").

A term is coded by hashing its folded words (64 bits, so terms of different segments meet without a
shared dictionary of ids); a code is decoded from the sampled tokens where it was first seen.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from archive.text import WORD_RE
from index.analysis import exact_token, fold_token

RESULT_SAMPLE = 1500
BACKGROUND_SAMPLE = 4000
TOKENS_PER_ARTICLE = 1200   # an article's first this many tokens are counted (title included)
MIN_SCORE = 10.83           # G² at p = 0.001 (one degree of freedom), the usual cut-off in corpus studies
MIN_DOCS = 3                # a term must be in at least this many sampled result articles
CANDIDATES_PER_TERM = 6     # the best (limit x this) terms are spelled and checked
FRAGMENT_SHARE = 0.8        # overlapping terms whose article counts are this close are one phrase
MAX_GRAM = 3
SENTENCE_ENDS = ".!?:;\n"      # a word after one of these (and spaces, quotes, brackets) starts a sentence
SPACING_RE = re.compile(r"[ \t\u00a0-]{1,3}")  # what may stand between the words of a phrase
OWNER_BITS = 16             # a sample index fits in 16 bits: both samples stay under 65,536 articles
CODE_MASK = (1 << (64 - OWNER_BITS)) - 1
OWNER_MASK = (1 << OWNER_BITS) - 1
MIX = np.uint64(0x9E3779B97F4A7C15)    # multiplier that chains word hashes into a phrase code
STOP_SYLLABLES = frozenset("""
của và các những với cho được đã đến từ theo tại về là có một này để trong khi cũng như thì mà trên dưới sau
trước ở bị bởi nếu vì nên còn sẽ đang vẫn rất hơn mỗi nhiều vào lại đó ấy đây gì nào sao thế hay hoặc nhưng
tuy do qua cùng không chưa đều chỉ sự lần gồm năm ngày tháng nay tới cả mình họ chúng ta tôi phải nhằm vừa
luôn tất
""".split())  # function words only: "người", "cuộc", "đối", "ra" begin terms of the trade (người có uy tín,
#               cuộc vận động, đối thoại, ra quân) and stay


@dataclass(frozen=True)
class Term:
    term: str
    docs: int      # sampled result articles having it
    score: float

    def to_json(self) -> dict:
        return {"term": self.term, "docs": self.docs, "score": self.score}


class Counts(NamedTuple):
    """Terms of a sample: sorted codes, in how many sampled articles each is, and one article having it."""
    codes: np.ndarray
    docs: np.ndarray
    owners: np.ndarray   # the sample index of an article having each term
    articles: int        # the sample's size


class Sample(NamedTuple):
    """Sampled articles: their segment (index in the search's segments) and segment-local number."""
    segments: np.ndarray
    docs: np.ndarray

    @classmethod
    def of(cls, picked: list[np.ndarray]) -> "Sample":
        segments = np.concatenate([np.full(len(d), k, np.int64) for k, d in enumerate(picked)]) if picked else []
        return cls(np.asarray(segments, np.int64), np.concatenate(picked) if picked else np.zeros(0, np.int64))


def sample_docs(masks: list[np.ndarray], limit: int, seed: int = 0) -> list[np.ndarray]:
    """At most ``limit`` documents drawn without replacement over all segments' masks (fixed seed)."""
    docs = [np.flatnonzero(m) for m in masks]
    total = sum(len(d) for d in docs)
    if total <= limit:
        return docs
    picked = np.sort(np.random.default_rng(seed).choice(total, size=limit, replace=False))
    out, start = [], 0
    for d in docs:
        out.append(d[picked[(picked >= start) & (picked < start + len(d))] - start])
        start += len(d)
    return out


def article_tokens(streams, docnum: int) -> np.ndarray:
    """An article's first ``TOKENS_PER_ARTICLE`` local token ids (title, 0, body)."""
    view = streams.tokens(docnum)
    dtype = np.uint16 if streams.itemsize == 2 else np.uint32
    return np.frombuffer(view, dtype=dtype)[:TOKENS_PER_ARTICLE].astype(np.int64) if len(view) else np.zeros(0, np.int64)


@functools.lru_cache(maxsize=500_000)
def word_code(word: str) -> int:
    """A folded word's 48-bit code, the same in every process (so are the order of ties and the samples' codes)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=6).digest(), "big")


def gram_codes(tokens: np.ndarray, words: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(code, start, number of words) of every word, pair and triple of consecutive tokens; none spans
    a 0 (the end of an article, or of the title)."""
    present = np.unique(tokens[tokens > 0])
    hashes = np.zeros(int(present[-1]) + 1 if len(present) else 1, np.uint64)
    hashes[present] = np.array([word_code(words[i - 1]) for i in present.tolist()], dtype=np.uint64)
    word_codes = hashes[tokens]
    codes, starts, sizes = [], [], []
    code, ok = np.zeros(len(tokens), np.uint64), np.ones(len(tokens), bool)
    for n in range(1, MAX_GRAM + 1):
        end = len(tokens) - n + 1
        if end <= 0:
            break
        code = (code[:end] * MIX + word_codes[n - 1:n - 1 + end]) & CODE_MASK
        ok = ok[:end] & (tokens[n - 1:n - 1 + end] > 0)
        at = np.flatnonzero(ok)
        codes.append(code[at])
        starts.append(at)
        sizes.append(np.full(len(at), n, np.int64))
    if not codes:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(codes), np.concatenate(starts), np.concatenate(sizes)


def segment_keys(streams, docs: np.ndarray, first_owner: int) -> np.ndarray:
    """``code << OWNER_BITS | sample index`` of every term of the segment's sampled articles."""
    arrays = [article_tokens(streams, d) for d in docs.tolist()]
    if not arrays:
        return np.zeros(0, np.uint64)
    tokens = np.concatenate([np.append(a, 0) for a in arrays])
    owner = np.repeat(np.arange(first_owner, first_owner + len(arrays), dtype=np.uint64), [len(a) + 1 for a in arrays])
    codes, starts, _ = gram_codes(tokens, streams.terms)
    return (codes << np.uint64(OWNER_BITS)) | owner[starts]


def count_terms(keys: list[np.ndarray], articles: int) -> Counts:
    """In how many sampled articles each term occurs: one sort of every (term, article) key, whose
    runs of equal keys are one article and whose runs of equal codes are one term."""
    every = np.sort(np.concatenate(keys)) if keys else np.zeros(0, np.uint64)
    every = every[np.concatenate([[True], every[1:] != every[:-1]])] if len(every) else every  # once per article
    codes = every >> np.uint64(OWNER_BITS)
    if not len(codes):
        return Counts(codes, np.zeros(0, np.int64), np.zeros(0, np.int64), articles)
    starts = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
    docs = np.diff(np.append(starts, len(codes)))
    owners = (every[starts] & np.uint64(OWNER_MASK)).astype(np.int64)
    return Counts(codes[starts], docs, owners, articles)


def background_docs(counts: Counts, codes: np.ndarray) -> np.ndarray:
    """How many background articles have each of ``codes`` (0 for codes it never saw)."""
    if not len(counts.codes):
        return np.zeros(len(codes), np.int64)
    at = np.clip(np.searchsorted(counts.codes, codes), 0, len(counts.codes) - 1)
    return np.where(counts.codes[at] == codes, counts.docs[at], 0)


def folded_words(streams, docnum: int, code: int) -> list[str]:
    """The folded words of the term coded ``code`` in one article (empty if it is not there)."""
    tokens = article_tokens(streams, docnum)
    codes, starts, sizes = gram_codes(tokens, streams.terms)
    at = np.flatnonzero(codes == np.uint64(code))
    if not len(at):
        return []
    start, size = int(starts[at[0]]), int(sizes[at[0]])
    return [streams.terms[int(t) - 1] for t in tokens[start:start + size]]


def scores(a: np.ndarray, n1: int, b: np.ndarray, n2: int) -> np.ndarray:
    """Dunning's G² of terms in ``a`` of ``n1`` result articles and ``b`` of ``n2`` archive articles
    (2x2 table: having the term or not, result or archive); 0 where the result has it less often."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    cells = [(a, a + b, n1), (n1 - a, n1 + n2 - a - b, n1), (b, a + b, n2), (n2 - b, n1 + n2 - a - b, n2)]
    g = np.zeros(len(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        for observed, column, row in cells:
            expected = column * row / (n1 + n2)
            g += np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return np.where(a * n2 > b * n1, 2 * g, 0.0)


class WrittenText(NamedTuple):
    """An article's text as written, with where each folded word occurs."""
    text: str
    spans: list          # (start, end, folded word) of every token
    at: dict             # folded word -> its token indexes

    @classmethod
    def of(cls, text: str) -> "WrittenText":
        """The first tokens of ``text``: as many as were counted, and a few more."""
        spans, at = [], {}
        for i, m in enumerate(itertools.islice(WORD_RE.finditer(text), TOKENS_PER_ARTICLE + 8)):
            word = fold_token(m.group(0))
            spans.append((m.start(), m.end(), word))
            at.setdefault(word, []).append(i)
        return cls(text, spans, at)


def spelled(folded: list[str], written: WrittenText) -> str | None:
    """The term as written (its diacritics), from its least capitalised occurrence, a capital that only
    starts a sentence lowered ("Công nghệ số" -> "công nghệ số", "Gia Lai" stays); None when its words are
    never side by side with only spaces or a hyphen between them (a pair across a full stop, say)."""
    spans, text, n = written.spans, written.text, len(folded)
    found = []
    for i in written.at.get(folded[0], ()):
        if i + n > len(spans) or any(spans[i + k][2] != folded[k] for k in range(1, n)):
            continue
        if all(SPACING_RE.fullmatch(text[spans[i + k - 1][1]:spans[i + k][0]]) for k in range(1, n)):
            term = " ".join(text[spans[i + k][0]:spans[i + k][1]] for k in range(n))
            found.append(_as_in_a_sentence(term, _starts_sentence(text, spans[i][0])))
            if len(found) >= 8:
                break
    if not found:
        return None
    return min(found, key=lambda t: sum(c.isupper() for c in t))


def _starts_sentence(text: str, at: int) -> bool:
    before = text[max(0, at - 12):at].rstrip(" \t\u00a0\"'“”‘’«»()[]-–—")
    return at < 12 and not before or before[-1:] in tuple(SENTENCE_ENDS)


def _as_in_a_sentence(term: str, starts_sentence: bool) -> str:
    if starts_sentence and term[:1].isupper() and not any(c.isupper() for c in term[1:]):
        return term[:1].lower() + term[1:]
    return term


class Verdict(NamedTuple):
    keep: bool
    reason: str


def judge_term(term: str, query_words: set[str]) -> Verdict:
    """Whether a spelled term is worth showing: not the query again, not a number, no function word at an end."""
    words = [exact_token(w) for w in term.split()]
    if not words:
        return Verdict(False, "empty")
    if all(fold_token(w) in query_words for w in words):
        return Verdict(False, "query words")
    if all(w.isdigit() for w in words):
        return Verdict(False, "number")
    if words[0] in STOP_SYLLABLES or words[-1] in STOP_SYLLABLES:
        return Verdict(False, "function word")
    return Verdict(True, "telling")


def _overlap(words: tuple, other: tuple) -> bool:
    """Whether two terms can be parts of one phrase: one holds the other, or one ends as the other starts."""
    n, m = len(words), len(other)
    if n >= m and any(words[i:i + m] == other for i in range(n - m + 1)):
        return True
    return any(words[-k:] == other[:k] or words[:k] == other[-k:] for k in range(1, min(n, m)))


def _alike(a: int, b: int) -> bool:
    return min(a, b) >= FRAGMENT_SHARE * max(a, b)


def without_fragments(found: list[Term], query: tuple = (), matching: int = 0) -> list[Term]:
    """The terms (best first, a longer one first among equals) less the parts of one phrase: a term that
    overlaps a better one, or the query, and is in nearly the same articles ("mạnh chuyển đổi" when
    the query is "chuyển đổi số", "nền tảng" beside "nền tảng số", "tảng số giúp" beside both)."""
    ordered = sorted(found, key=lambda t: (-t.score, -len(t.term.split()), t.term))
    kept: list[tuple[tuple, Term]] = [(query, Term("", matching, 0.0))] if query else []
    for t in ordered:
        words = tuple(fold_token(w) for w in t.term.split())
        if not any(_alike(t.docs, o.docs) and (_overlap(words, other) or _overlap(other, words))
                   for other, o in kept):
            kept.append((words, t))
    return [t for words, t in kept if t.term]
