"""Ranking: BM25 (each query term's impacts added into one score array per segment, the best taken with
``np.partition``; hits that cannot reach the best skipped by their bound), or the order of publication dates."""
from __future__ import annotations

from math import log
from typing import NamedTuple

import numpy as np

from index.columns import K1, CorpusStats, Mask, SegmentData
from index.segmentcache import SegmentCache
from index.impacts import ScoreTerm, frequency, impacts_of_hits, live_frequency, max_impact, term_docs


SELECTIVE = 2         # a term in at most half of a segment's hits is selective (its documents pick hits to score)
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


class TermInSegment(NamedTuple):
    """What choosing a segment's hits to score needs of a query term: how many documents have it, those
    documents (None when too many for the term to be selective) and its highest contribution to a score."""

    count: int
    docs: Mask | None
    bound: float


def first_hits(hits: Mask, terms: list[TermInSegment]) -> Mask:
    """The hits scored first, to find a threshold: those with the segment's rarest selective term (all hits
    when no term is selective)."""
    total = int(np.count_nonzero(hits))
    selective = [term for term in terms if term.docs is not None and term.count * SELECTIVE <= total]
    if not selective:
        return hits
    return hits & min(selective, key=lambda term: term.count).docs


def reachable(hits: Mask, terms: list[TermInSegment], threshold: float) -> Mask | None:
    """The hits that could still score ``threshold`` (MaxScore): those with an *essential* term. The terms
    with the lowest bounds are non-essential while their bounds add up (with a margin for rounding) to less
    than the threshold, since a hit with none but them cannot reach it. None: no hit can."""
    if threshold <= BOUND_MARGIN:  # even a hit with no scoring term (0) could reach it
        return hits
    ordered = sorted(terms, key=lambda term: term.bound)
    below = 0.0
    for at, term in enumerate(ordered):
        if (below + term.bound) * (1 + BOUND_MARGIN) + BOUND_MARGIN >= threshold:
            essential = ordered[at:]
            break
        below += term.bound
    else:
        return None
    if any(term.docs is None for term in essential):
        return hits
    having = np.zeros(len(hits), dtype=bool)
    for term in essential:
        having |= term.docs
    return hits & having


def rank(cache: SegmentCache, parts: list[Part], terms: list[ScoreTerm], wanted: int) -> list[Ranked]:
    """The ``wanted`` best hits by BM25 over the given leaves, exactly as if every hit were scored.

    ``parts``: every segment of the index (statistics are the whole corpus's, see CorpusStats). Each segment's
    hits with its rarest selective term are scored first; the ``wanted``-th best of them is a threshold,
    and of the other hits only those with a term the threshold makes essential are scored (MaxScore).
    Ties go to the newer article, then to the higher article key.
    """
    stats = CorpusStats.of(cache, [part.reader for part in parts])
    df = dict.fromkeys(terms, 0)
    for part in parts:
        for term in df:
            df[term] += live_frequency(cache, part.reader, term)
    weights = {term: term.boost * (log(stats.documents / (n + 1)) + 1) * (K1 + 1) for term, n in df.items() if n}
    in_segments = [_terms_in(cache, part, weights, stats) for part in parts]
    firsts = [first_hits(part.hits, terms) for part, terms in zip(parts, in_segments)]
    scored = [_scored(cache, part, first, weights, stats, wanted) for part, first in zip(parts, firsts)]
    threshold = _kth_best([s.scores for s in scored], wanted)
    for part, terms, first in zip(parts, in_segments, firsts):
        if first is not part.hits:
            rest = reachable(part.hits & ~first, terms, threshold)
            if rest is not None and rest.any():
                scored.append(_scored(cache, part, rest, weights, stats, wanted))
    if not scored:
        return []
    joined = _joined(Scored, scored)
    order = np.lexsort((-joined.keys, -joined.dates, -np.round(joined.scores, 9)))[:wanted]
    return [Ranked(int(d), float(s)) for d, s in zip(joined.docs[order], joined.scores[order])]


def _terms_in(cache: SegmentCache, part: Part, weights: dict[ScoreTerm, float],
              stats: CorpusStats) -> list[TermInSegment]:
    """The query's terms present in the segment: counts, documents of the selective ones, bounds."""
    hits = int(np.count_nonzero(part.hits))
    out = []
    for term, weight in weights.items():
        count = frequency(cache, part.reader, term)
        if count:
            average = stats.average_length.get(term.field, 1.0)
            docs = term_docs(cache, part.reader, term) if count * SELECTIVE <= hits else None
            out.append(TermInSegment(count, docs, weight * max_impact(cache, part.reader, term, average)))
    return out


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


def _joined(kind, items: list):
    """One ``kind`` (a NamedTuple of arrays) of every item's arrays, field by field."""
    return kind(*(np.concatenate([getattr(item, name) for item in items]) for name in kind._fields))


def _kth_best(scores: list[np.ndarray], k: int) -> float:
    """The k-th highest of the scores (-inf when there are fewer)."""
    joined = np.concatenate(scores) if scores else np.zeros(0)
    if len(joined) < max(k, 1):
        return -np.inf
    return float(np.partition(joined, len(joined) - k)[len(joined) - k])


class DatedHits(NamedTuple):
    """A segment's candidates for a date order: its earliest or latest dated hits (at most ``wanted``), with their
    dates and article keys, and its undated hits with their keys."""

    dates: np.ndarray
    keys: np.ndarray
    docs: np.ndarray
    undated_keys: np.ndarray
    undated: np.ndarray


def by_date(parts: list[Part], wanted: int, newest: bool) -> list[Ranked]:
    """The first ``wanted`` documents by publication date (ties and undated ones, last, by article key)."""
    segments = [_dated_hits(part, wanted, newest) for part in parts]
    if not segments:
        return []
    joined = _joined(DatedHits, segments)
    order = np.lexsort((joined.keys, joined.dates))
    if newest:
        order = order[::-1]
    undated = joined.undated[np.argsort(joined.undated_keys, kind="stable")]
    picked = np.concatenate([joined.docs[order], undated])[:wanted]
    return [Ranked(int(d), None) for d in picked]


def _dated_hits(part: Part, wanted: int, newest: bool) -> DatedHits:
    ranks = part.data.date_rank[part.hits]
    docs = np.flatnonzero(part.hits)
    dated, dated_ranks = docs[ranks >= 0], ranks[ranks >= 0]
    if len(dated) > wanted:
        dated = dated[np.argpartition(-dated_ranks if newest else dated_ranks, wanted - 1)[:wanted]]
    undated = docs[ranks < 0]
    return DatedHits(dates=part.data.dates[dated], keys=part.data.keys[dated], docs=dated + part.offset,
                     undated_keys=part.data.keys[undated], undated=undated + part.offset)
