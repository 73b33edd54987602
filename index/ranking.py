"""Ranking: BM25 (each query term's impacts added into one score array per segment, the best taken with
``np.partition``; hits that cannot reach the best skipped by their bound), or the order of publication dates."""
from __future__ import annotations

from math import log
from typing import NamedTuple

import numpy as np

from index.columns import K1, CorpusStats, Mask, SegmentCache, SegmentData
from index.impacts import ScoreTerm, frequency, impacts_of_hits, live_frequency, max_impact, term_docs


SELECTIVE = 2         # a term in at most half of a segment's hits is selective: the hits having one are scored first...
WORTH_SPLITTING = 0.75  # ... while together they have at most this share of the hits
BOUND_MARGIN = 1e-6   # added to a bound (relative and absolute): float32 impacts and rounded scores stay below it


class Part(NamedTuple):
    """One segment's share of a search: its reader, its first global document number, its columns, its hits."""

    reader: object
    offset: int
    data: SegmentData
    hits: Mask


class Ranked(NamedTuple):
    """A hit in the order of a search: its global document number and its score (None when sorted by date)."""

    docnum: int
    score: float | None


class Scored(NamedTuple):
    """A segment's best scored hits: their global document numbers, scores and tie-breakers."""

    docs: np.ndarray
    scores: np.ndarray
    dates: np.ndarray
    keys: np.ndarray


class Split(NamedTuple):
    """A segment's hits cut in two for ranking: the ``first`` have one of the query's selective terms (rare among
    the hits: title words, mostly) and are scored at once; the ``rest`` (None: none) score at most ``bound`` and
    are scored only if that could reach the best hits found."""

    first: Mask
    rest: Mask | None
    bound: float


class TermInSegment(NamedTuple):
    """What splitting a segment's hits needs of a query term: how many documents have it, those documents
    (None when too many for the term to be selective) and its highest contribution to a score."""

    count: int
    docs: Mask | None
    bound: float


def split_hits(hits: Mask, terms: list[TermInSegment]) -> Split:
    """The hits having a selective term first: the rarest terms, taken while together they leave out more than
    a quarter of the hits; the rest bounded by the other terms' highest contributions added up, with a margin.
    All hits at once when no term is selective, or no other term could score the rest."""
    total = int(np.count_nonzero(hits))
    having, chosen = np.zeros(len(hits), dtype=bool), set()
    for i, term in sorted(enumerate(terms), key=lambda item: item[1].count):
        if term.docs is None or term.count * SELECTIVE > total:
            break
        union = having | term.docs
        if np.count_nonzero(hits & union) > WORTH_SPLITTING * total:
            break
        having = union
        chosen.add(i)
    others = [term.bound for i, term in enumerate(terms) if i not in chosen]
    if not chosen or not others:
        return Split(hits, None, 0.0)
    return Split(hits & having, hits & ~having, sum(others) * (1 + BOUND_MARGIN) + BOUND_MARGIN)


def rank(cache: SegmentCache, parts: list[Part], terms: list[ScoreTerm], wanted: int) -> list[Ranked]:
    """The ``wanted`` best hits by BM25 over the given leaves, exactly as if every hit were scored.

    ``parts``: every segment of the index (statistics are the whole corpus's, see CorpusStats). Hits without
    a selective term are scored only in segments where their bound can reach the ``wanted``-th best score of
    the others (MaxScore). Ties go to the newer article, then to the higher article key.
    """
    stats = CorpusStats.of(cache, [part.reader for part in parts])
    df = dict.fromkeys(terms, 0)
    for part in parts:
        for term in df:
            df[term] += live_frequency(cache, part.reader, term)
    weights = {term: term.boost * (log(stats.documents / (n + 1)) + 1) * (K1 + 1) for term, n in df.items() if n}
    scored, waiting = [], []
    for part in parts:
        split = _split(cache, part, weights, stats)
        scored.append(_scored(cache, part, split.first, weights, stats, wanted))
        if split.rest is not None:
            waiting.append((part, split))
    threshold = _kth_best([s.scores for s in scored], wanted)
    for part, split in waiting:
        if split.bound >= threshold:
            scored.append(_scored(cache, part, split.rest, weights, stats, wanted))
    if not scored:
        return []
    joined = Scored(*(np.concatenate([getattr(s, name) for s in scored]) for name in Scored._fields))
    order = np.lexsort((-joined.keys, -joined.dates, -np.round(joined.scores, 9)))[:wanted]
    return [Ranked(int(d), float(s)) for d, s in zip(joined.docs[order], joined.scores[order])]


def _split(cache: SegmentCache, part: Part, weights: dict[ScoreTerm, float], stats: CorpusStats) -> Split:
    hits = int(np.count_nonzero(part.hits))
    if not hits:
        return Split(part.hits, None, 0.0)
    terms = []
    for term, weight in weights.items():
        count = frequency(cache, part.reader, term)
        if count:
            average = stats.average_length.get(term.field, 1.0)
            docs = term_docs(cache, part.reader, term) if count * SELECTIVE <= hits else None
            terms.append(TermInSegment(count, docs, weight * max_impact(cache, part.reader, term, average)))
    return split_hits(part.hits, terms)


def _scored(cache: SegmentCache, part: Part, hits: Mask, weights: dict[ScoreTerm, float], stats: CorpusStats,
            wanted: int) -> Scored:
    """The segment's ``wanted`` best of ``hits`` (and any tied with the last of them), scored."""
    docs = np.flatnonzero(hits)
    scores = np.zeros(len(docs), dtype=np.float64)
    for term, weight in weights.items():  # in one order, so a hit's sum never depends on the path
        average = stats.average_length.get(term.field, 1.0)
        scores += weight * impacts_of_hits(cache, part.reader, part.data.size, term, average, docs)
    if len(docs) > wanted:
        kth = np.partition(scores, len(docs) - wanted)[len(docs) - wanted]
        keep = scores >= kth
        docs, scores = docs[keep], scores[keep]
    return Scored(docs=docs + part.offset, scores=scores, dates=part.data.dates[docs], keys=part.data.keys[docs])


def _kth_best(scores: list[np.ndarray], k: int) -> float:
    """The k-th highest of the scores (-inf when there are fewer)."""
    joined = np.concatenate(scores) if scores else np.zeros(0)
    if len(joined) < max(k, 1):
        return -np.inf
    return float(np.partition(joined, len(joined) - k)[len(joined) - k])


def by_date(parts: list[Part], wanted: int, newest: bool) -> list[Ranked]:
    """The first ``wanted`` documents by publication date (ties and undated ones, last, by article key)."""
    dated_parts, undated_parts = [], []
    for _, offset, data, hits in parts:
        ranks = data.date_rank[hits]
        docs = np.flatnonzero(hits)
        dated, dated_ranks = docs[ranks >= 0], ranks[ranks >= 0]
        if len(dated) > wanted:
            cut = np.argpartition(-dated_ranks if newest else dated_ranks, wanted - 1)[:wanted]
            dated = dated[cut]
        undated = docs[ranks < 0]
        undated_parts.append((data.keys[undated], undated + offset))
        dated_parts.append((data.dates[dated], data.keys[dated], dated + offset))
    empty = np.zeros(0, np.int64)
    dates, keys, docs = (np.concatenate([p[i] for p in dated_parts]) if dated_parts else empty for i in (0, 1, 2))
    order = np.lexsort((keys, dates))
    if newest:
        order = order[::-1]
    undated_keys, undated = (np.concatenate([p[i] for p in undated_parts]) if undated_parts else empty for i in (0, 1))
    undated = undated[np.argsort(undated_keys, kind="stable")]
    picked = np.concatenate([docs[order], undated])[:wanted]
    return [Ranked(int(d), None) for d in picked]
