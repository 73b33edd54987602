"""Research questions on one searcher: attention over time (``trends``) and telling words (``terms``).

``SearchIndex.trends`` / ``SearchIndex.terms`` check the request and hold the searcher; this module
does the counting, with the counting rules of ``index.trends`` and ``index.terms``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from archive.text import WORD_RE
from index import searching, terms
from index.analysis import fold_token
from index.segmentcache import SegmentCache
from index.facets import without_deleted
from index.query import CompiledQuery, compile_query
from index.searchquery import SearchQuery
from index.trends import Trend, count_periods, series


def trend(cache: SegmentCache, searcher, sq: SearchQuery, interval: str, queries: list[str],
          compiled: list[CompiledQuery]) -> Trend:
    """One series per query: its matching articles per period against all articles of the filters."""
    scope = searching.leaves(cache, searcher, replace(sq, q=""), compile_query(""))
    totals: dict[int, int] = {}
    for leaf in scope:
        count_periods(leaf.data.periods(interval), leaf.hits, totals)
    out = []
    for q, c in zip(queries, compiled):
        counts: dict[int, int] = {}
        for leaf in searching.leaves(cache, searcher, replace(sq, q=q), c):
            count_periods(leaf.data.periods(interval), leaf.hits, counts)
        out.append(series(q, dict(sq.filters), counts, totals, interval))
    return Trend(interval, out)


@dataclass(frozen=True)
class TermList:
    """The telling words of a search, and what they were counted on."""
    terms: list[terms.Term] = field(default_factory=list)
    matching: int = 0          # articles matching the search
    sampled: int = 0           # of which were counted (all of them up to terms.RESULT_SAMPLE)
    background: int = 0        # archive articles they were compared with
    archive: int = 0           # of all the archive's articles

    @property
    def estimated(self) -> bool:
        return self.sampled < self.matching

    def to_json(self) -> dict:
        return {"terms": [t.to_json() for t in self.terms], "matching": self.matching, "sampled": self.sampled,
                "background": self.background, "archive": self.archive, "estimated": self.estimated}


def _keys(cache: SegmentCache, readers: list, picked: list[np.ndarray]) -> list[np.ndarray]:
    keys, first = [], 0
    for reader, docs in zip(readers, picked):
        keys.append(terms.segment_keys(cache.data(reader).streams(reader), docs, first))
        first += len(docs)
    return keys


def background(cache: SegmentCache, searcher) -> terms.Counts:
    """The terms of a fixed random sample of every live article (counted once per index generation)."""
    readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    masks = [without_deleted(r, np.ones(cache.data(r).size, bool)) for r in readers]
    picked = terms.sample_docs(masks, terms.BACKGROUND_SAMPLE, seed=1)
    return terms.count_terms(_keys(cache, readers, picked), sum(len(d) for d in picked))


def telling_terms(cache: SegmentCache, searcher, sq: SearchQuery, compiled: CompiledQuery, limit: int,
                  archive: terms.Counts) -> TermList:
    """The ``limit`` terms most distinctive of the search's articles against ``archive``."""
    found = searching.leaves(cache, searcher, sq, compiled)
    matching = searching.total(found)
    picked = terms.sample_docs([leaf.hits for leaf in found], terms.RESULT_SAMPLE)
    sample = terms.Sample.of(picked)
    if not len(sample.docs) or not archive.articles:
        return TermList([], matching, len(sample.docs), archive.articles, searcher.doc_count())
    counted = terms.count_terms(_keys(cache, [leaf.sub.reader() for leaf in found], picked), len(sample.docs))
    order, score = _best(counted, archive, limit * terms.CANDIDATES_PER_TERM)
    chosen = _spelled_terms(searcher, found, sample, counted, order, score, compiled)
    scale = matching / counted.articles
    query = tuple(fold_token(w) for w in WORD_RE.findall(sq.q) if w.upper() not in ("OR", "AND", "NOT"))
    listed = [terms.Term(t.term, round(t.docs * scale), t.score)
              for t in terms.without_fragments(chosen, query, counted.articles)]
    return TermList(listed[:limit], matching, counted.articles, archive.articles, searcher.doc_count())


def _best(counted: terms.Counts, archive: terms.Counts, wanted: int) -> tuple[np.ndarray, np.ndarray]:
    """(the ``wanted`` best-scored terms' rows in ``counted``, best first; every row's score)."""
    score = np.zeros(len(counted.codes))
    often = np.flatnonzero(counted.docs >= min(terms.MIN_DOCS, counted.articles))
    b = terms.background_docs(archive, counted.codes[often])
    score[often] = terms.scores(counted.docs[often], counted.articles, b, archive.articles)
    top = often[np.argsort(-score[often], kind="stable")[:wanted]]
    return top[score[top] >= terms.MIN_SCORE], score


def _spelled_terms(searcher, found, sample: terms.Sample, counted: terms.Counts, order: np.ndarray,
                   score: np.ndarray, compiled: CompiledQuery) -> list[terms.Term]:
    """The candidate terms as written in an article having each, less those not worth showing."""
    query_words = {w for w in compiled.words if not w.endswith("*")}
    texts: dict[int, terms.WrittenText] = {}
    out, seen = [], set()
    for i in order.tolist():
        owner = int(counted.owners[i])
        leaf, local = found[int(sample.segments[owner])], int(sample.docs[owner])
        streams = leaf.data.streams(leaf.sub.reader())
        docnum = leaf.offset + local
        if docnum not in texts:
            stored = searcher.stored_fields(docnum)
            title = (stored.get("doc") or {}).get("title") or ""
            texts[docnum] = terms.WrittenText.of(f"{title}\n{searching.stored_text(stored)}")
        folded = terms.folded_words(streams, local, int(counted.codes[i]))
        written = terms.spelled(folded, texts[docnum]) if folded else None
        if written is None or written.lower() in seen or not terms.judge_term(written, query_words).keep:
            continue
        seen.add(written.lower())
        out.append(terms.Term(written, int(counted.docs[i]), round(float(score[i]), 2)))
    return out
