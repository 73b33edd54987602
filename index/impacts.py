"""A scoring query's leaves and each one's BM25 impact in a segment: at given hits, and at most (its bound).

A term's impact in a document is tf / (tf + norm), in float32, 0 where it is absent; a phrase counts
once in a document that has it (tf 1). Every way of computing it gives the same float32 values, so a
hit's score never depends on which hits it was computed with.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from whoosh import query

from index.columns import Mask
from index.segmentcache import SegmentCache
from index.facets import without_deleted
from index.matching import Evaluator

SPARSE_HITS = 32  # a term is looked up per hit (a binary search each) when its postings outnumber the hits this many
                  # times; else its frequencies are spread over the segment (a scatter per posting, ~30x cheaper each)


class ScoreTerm(NamedTuple):
    """A leaf of a scoring query: a term of a field, or (``phrase`` set) a phrase's presence in a folded field,
    scored as one term whose documents are the phrase's (``text``: its words joined)."""

    field: str
    text: str
    boost: float
    phrase: tuple[str, ...] = ()


def score_terms(q) -> list[ScoreTerm]:
    """The leaves of a scoring query (prefixes score nothing)."""
    if q is None:
        return []
    if isinstance(q, query.Term):
        return [ScoreTerm(q.fieldname, q.text, q.boost)]
    if isinstance(q, query.Phrase):
        return [ScoreTerm(q.fieldname, " ".join(q.words), q.boost, tuple(q.words))]
    out = []
    for sub in getattr(q, "subqueries", ()):
        out.extend(score_terms(sub))
    return out


def phrase_docs(cache: SegmentCache, reader, term: ScoreTerm) -> Mask:
    """The documents of a segment having the phrase in the term's field (deleted ones included)."""
    return Evaluator(cache, reader).docs(query.Phrase(term.field, list(term.phrase)))


def live_frequency(cache: SegmentCache, reader, term: ScoreTerm) -> int:
    """How many live documents of a segment have the term."""
    if term.phrase:
        return int(np.count_nonzero(without_deleted(reader, phrase_docs(cache, reader, term))))
    return cache.live_frequency(reader, term.field, term.text)


def frequency(cache: SegmentCache, reader, term: ScoreTerm) -> int:
    """How many documents of a segment have the term (deleted ones included)."""
    if term.phrase:
        return int(np.count_nonzero(phrase_docs(cache, reader, term)))
    return len(cache.postings(reader, term.field, term.text)[0])


def term_docs(cache: SegmentCache, reader, term: ScoreTerm) -> Mask:
    """The documents of a segment having the term (deleted ones included)."""
    return phrase_docs(cache, reader, term) if term.phrase else cache.term_mask(reader, term.field, term.text)


def max_impact(cache: SegmentCache, reader, term: ScoreTerm, average: float) -> float:
    """An upper bound of the term's impact in any document of the segment: its highest frequency over the
    segment's lowest norm (float64, a hair above any float32 impact it bounds once the caller's margin is added)."""
    lowest = cache.lowest_norm(reader, term.field, average)
    top = 1.0 if term.phrase else cache.top_frequency(reader, term.field, term.text)
    return top / (top + lowest)


def impacts_of_hits(cache: SegmentCache, reader, size: int, term: ScoreTerm, average: float,
                    docs: np.ndarray) -> np.ndarray:
    """The term's impact (float32) at each of the hits ``docs`` (sorted) of a segment: looked up per hit when they
    are few beside its postings, else read from its frequencies spread over the segment."""
    norms = cache.norms(reader, term.field, average)
    if term.phrase:
        present = phrase_docs(cache, reader, term).take(docs)
        return np.where(present, np.float32(1) / (np.float32(1) + norms.take(docs)), np.float32(0))
    ids, tfs = cache.postings(reader, term.field, term.text)
    if not len(ids):
        return np.zeros(len(docs), dtype=np.float32)
    if len(docs) * SPARSE_HITS < len(ids):
        at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
        present = ids[at] == docs
        tf = np.where(present, tfs[at], np.float32(0))
        return np.where(present, tf / (tf + norms.take(docs)), np.float32(0))
    tf = cache.spread_frequencies(reader, term.field, term.text).take(docs)
    return tf / (tf + norms.take(docs))  # 0 where absent: norms are never 0
