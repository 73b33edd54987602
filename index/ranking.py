"""Ranking: BM25 over every hit (each query term's cached impacts added into one score array per
segment, the best taken with ``np.partition``), or the order of publication dates."""
from __future__ import annotations

from math import log
from typing import NamedTuple

import numpy as np
from whoosh import query

from index.columns import K1, CorpusStats, Mask, SegmentCache, SegmentData, as_positions


SPARSE_HITS = 32  # a term's impacts are looked up per hit (a binary search each) when its postings outnumber the
                 # hits this many times; else spread over the segment (a scatter per posting, ~30x cheaper each)


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


def score_terms(q) -> list[tuple[str, str, float]]:
    """The (field, term, boost) leaves of a scoring query (prefixes score nothing)."""
    if q is None:
        return []
    if isinstance(q, query.Term):
        return [(q.fieldname, q.text, q.boost)]
    out = []
    for sub in getattr(q, "subqueries", ()):
        out.extend(score_terms(sub))
    return out


def rank(cache: SegmentCache, parts: list[Part], terms: list[tuple[str, str, float]], wanted: int) -> list[Ranked]:
    """The ``wanted`` best hits by BM25 over the given (field, term, boost) leaves, every hit scored.

    ``parts``: every segment of the index (statistics are the whole corpus's, see CorpusStats).
    Ties go to the newer article, then to the higher article key.
    """
    stats = CorpusStats.of(cache, [part.reader for part in parts])
    df: dict[tuple[str, str], int] = {}
    for reader, _, _, _ in parts:
        for field, text, _ in terms:
            df[(field, text)] = df.get((field, text), 0) + cache.live_frequency(reader, field, text)
    weights = {(f, t): b * (log(stats.documents / (df[(f, t)] + 1)) + 1) * (K1 + 1) for f, t, b in terms
               if df[(f, t)]}
    scores_parts, docs_parts, ties_parts = [], [], []
    for reader, offset, data, hits in parts:
        docs = np.flatnonzero(hits)
        if not len(docs):
            continue
        hit_scores = np.zeros(len(docs), dtype=np.float64)
        for (field, text), weight in weights.items():  # in one order, so a hit's sum never depends on the path
            hit_scores += weight * _impacts_of_hits(cache, reader, data.size, field, text,
                                                    stats.average_length.get(field, 1.0), docs)
        if len(docs) > wanted:  # keep the best ``wanted`` (and any tied with the last of them)
            kth = np.partition(hit_scores, len(docs) - wanted)[len(docs) - wanted]
            keep = hit_scores >= kth
            docs, hit_scores = docs[keep], hit_scores[keep]
        scores_parts.append(hit_scores)
        docs_parts.append(docs + offset)
        ties_parts.append((data.dates[docs], data.keys[docs]))
    if not scores_parts:
        return []
    all_scores, all_docs = np.concatenate(scores_parts), np.concatenate(docs_parts)
    dates, keys = (np.concatenate([t[i] for t in ties_parts]) for i in (0, 1))
    order = np.lexsort((-keys, -dates, -np.round(all_scores, 9)))[:wanted]
    return [Ranked(int(d), float(s)) for d, s in zip(all_docs[order], all_scores[order])]


def _impacts_of_hits(cache: SegmentCache, reader, size: int, field: str, text: str, average: float,
                     docs: np.ndarray) -> np.ndarray:
    """One term's BM25 impact (float32, 0 where it is absent) for each of the hits ``docs`` (sorted) of a segment.

    When the hits are few beside the term's postings (a phrase, a filter), only they are looked up in the
    posting list; otherwise the term's cached impacts are spread over the segment and read at the hits.
    Both give the same float32 values: tf / (tf + norm).
    """
    ids, tfs = cache.postings(reader, field, text)
    if not len(ids):
        return np.zeros(len(docs), dtype=np.float32)
    if len(docs) * SPARSE_HITS < len(ids):
        at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
        present = ids[at] == docs
        tf = np.where(present, tfs[at], np.float32(0))
        return np.where(present, tf / (tf + cache.norms(reader, field, average)[docs]), np.float32(0))
    ids, impacts = cache.impacts(reader, field, text, average)
    spread = np.zeros(size, dtype=np.float32)
    spread[as_positions(ids)] = impacts
    return spread.take(docs)


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
