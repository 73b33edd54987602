"""Fast per-segment data: term document sets, facet columns as arrays, dates; set-based matching.

Whoosh's own facet counting (sorting facets) and its matcher loops run per document in Python;
here a segment's facet values are read once from the postings into arrays (cached by segment),
hits are computed as Python sets (set operations run in C) and counted with ``Counter(map(...))``.
"""
from __future__ import annotations

import heapq
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict, deque
from collections.abc import Iterable
from itertools import accumulate, chain, repeat
from math import log
from pathlib import Path

from whoosh import query
from whoosh.reading import TermNotFound

from index.fastwriter import GROUP_MAX, K1, TokenStreams, date_number
from index.schema import DATE_FIELD, FACETS, MULTI_FACETS, PAIR_FIELDS

MAX_PREFIX_TERMS = 1024
BITMAP_MIN = 2000  # hits in a segment from which facets are counted with bitmaps


def segment_key(reader) -> str:
    """Identifies a segment's immutable content (deletions aside)."""
    return reader.segment().segment_id()


def term_docs(reader, fieldname: str, text: str | bytes) -> list[int]:
    """All segment-local document numbers of one term, deleted ones included, read block by block."""
    btext = text.encode("utf-8") if isinstance(text, str) else text
    try:
        m = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    except (TermNotFound, KeyError):
        return []
    if not hasattr(m, "_read_data"):  # short postings lists come inlined as a list matcher
        return list(m.all_ids())
    ids: list[int] = []
    while True:
        m._read_data()
        raw = m._data[0]
        ids.extend(raw if m._byteids else accumulate(raw))
        if m._lastblock:
            return ids
        m._goto(m._nextoffset)


def term_postings(reader, fieldname: str, text: str) -> tuple[array, array]:
    """(document numbers, frequencies) of one term in a segment, deleted documents included."""
    btext = text.encode("utf-8") if isinstance(text, str) else text
    ids, tfs = array("I"), array("I")
    try:
        m = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    except (TermNotFound, KeyError):
        return ids, tfs
    if not hasattr(m, "_read_data"):
        while m.is_active():
            ids.append(m.id())
            tfs.append(int(m.weight()))
            m.next()
        return ids, tfs
    while True:
        m._read_data()
        raw, weights = m._data[0], m._data[1]
        start = len(ids)
        ids.extend(accumulate(raw))
        count = len(ids) - start
        if weights is None:
            tfs.extend(repeat(1, count))
        elif isinstance(weights, (int, float)):
            tfs.extend(repeat(int(weights), count))
        else:
            tfs.extend(map(int, weights))
        if m._lastblock:
            return ids, tfs
        m._goto(m._nextoffset)


def bitmap(docs, size: int) -> int:
    """The documents as bits of an int (bit d set for document d), built with C-level calls only."""
    digits = bytearray(b"0") * size
    deque(map(digits.__setitem__, docs, repeat(49)), maxlen=0)  # 49 = ord("1")
    digits.reverse()
    return int(digits, 2) if size else 0


class SegmentData:
    """A segment's facet columns and dates, read once from its postings."""

    def __init__(self, reader):
        n = reader.doc_count_all()
        self.size = n
        self.values: dict[str, list[str]] = {}
        self.single: dict[str, array] = {}
        self.multi: dict[str, list[tuple[int, ...]]] = {}
        self._value_docs: dict[str, list[list[int]]] = {}
        self._bitmaps: dict[str, list[int]] = {}
        self._ordinals: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            names = [t.decode("utf-8") for t in reader.lexicon(facet)] if facet in reader.schema else []
            self.values[facet] = names
            value_docs = [term_docs(reader, facet, name) for name in names]
            self._value_docs[facet] = value_docs
            if facet in MULTI_FACETS:
                per_doc: list[list[int]] = [[] for _ in range(n)]
                for ordinal, docs in enumerate(value_docs):
                    for d in docs:
                        per_doc[d].append(ordinal)
                self.multi[facet] = [tuple(x) for x in per_doc]
            else:
                column = array("i", [-1]) * n
                for ordinal, docs in enumerate(value_docs):
                    deque(map(column.__setitem__, docs, repeat(ordinal)), maxlen=0)
                self.single[facet] = column
        self._streams: TokenStreams | None = None
        dates = self.streams(reader).dates
        if dates is None or len(dates) != n:  # a segment from before dates were written beside it
            dates = array("q", [0]) * n
            for key in reader.lexicon(DATE_FIELD):
                value = date_number(key.decode("ascii"))
                deque(map(dates.__setitem__, term_docs(reader, DATE_FIELD, key), repeat(value)), maxlen=0)
        self.dates = dates
        dated = sorted((d for d in range(n) if dates[d]), key=dates.__getitem__)
        self.by_date = dated  # oldest first; undated documents are left out
        self.date_keys = [dates[d] for d in dated]

    def streams(self, reader) -> TokenStreams:
        """The segment's token streams (for phrases), opened on first use."""
        if self._streams is None:
            self._streams = TokenStreams(Path(reader.storage().folder), reader.segment())
        return self._streams

    def count_all(self, docs, facets: Iterable[str] = FACETS) -> dict[str, Counter]:
        """Value counts of each of ``facets`` (all by default) among ``docs``.

        Many hits: one bitmap of the hits (a Python int) ANDed with each value's bitmap, counted
        with int.bit_count(): a few microseconds per value, whatever the number of hits. Few hits:
        the columns, document by document.
        """
        if len(docs) < BITMAP_MIN:
            return {facet: self.count(facet, docs) for facet in facets}
        hits = self.as_bitmap(docs)
        return {facet: self.count_bits(facet, hits) for facet in facets}

    def as_bitmap(self, docs) -> int:
        """``docs`` as a bitmap (every document of the segment: no per-document work)."""
        return (1 << self.size) - 1 if len(docs) == self.size else bitmap(docs, self.size)

    def count_bits(self, facet: str, bits: int) -> Counter:
        """Value -> number of the documents in the bitmap ``bits`` having it."""
        counts = Counter()
        for name, value_bits in zip(self.values[facet], self.bitmaps(facet)):
            n = (bits & value_bits).bit_count()
            if n:
                counts[name] = n
        return counts

    def any_of(self, facet: str, values: Iterable[str]) -> int:
        """The documents having any of ``values`` of a facet, as a bitmap."""
        ordinals = self._ordinals.get(facet)
        if ordinals is None:
            ordinals = self._ordinals[facet] = {name: i for i, name in enumerate(self.values[facet])}
        bitmaps = self.bitmaps(facet)
        out = 0
        for value in values:
            ordinal = ordinals.get(value)
            if ordinal is not None:
                out |= bitmaps[ordinal]
        return out

    def bitmaps(self, facet: str) -> list[int]:
        found = self._bitmaps.get(facet)
        if found is None:
            found = self._bitmaps[facet] = [bitmap(docs, self.size) for docs in self._value_docs[facet]]
        return found

    def count(self, facet: str, docs) -> Counter:
        """Value -> number of the given documents having it."""
        names = self.values[facet]
        if facet in self.multi:
            counts = Counter(chain.from_iterable(map(self.multi[facet].__getitem__, docs)))
        else:
            counts = Counter(map(self.single[facet].__getitem__, docs))
            counts.pop(-1, None)
        return Counter({names[o]: c for o, c in counts.items()})

    def in_date_range(self, lo: int | None, hi: int | None) -> set[int]:
        start = bisect_left(self.date_keys, lo) if lo is not None else 0
        end = bisect_right(self.date_keys, hi) if hi is not None else len(self.date_keys)
        return set(self.by_date[start:end])


class SegmentCache:
    """Shared caches: SegmentData per segment and term document sets (bounded by total size)."""

    def __init__(self, max_cached_ids: int = 2_000_000):
        self._data: dict[str, SegmentData] = {}
        self._sets: OrderedDict[tuple, frozenset] = OrderedDict()
        self._cached_ids = 0
        self._max_ids = max_cached_ids
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self._postings: OrderedDict[tuple, tuple[array, array]] = OrderedDict()
        self._postings_ids = 0

    def data(self, reader) -> SegmentData:
        key = segment_key(reader)
        found = self._data.get(key)
        if found is not None:
            return found
        with self._lock:
            build_lock = self._building.setdefault(key, threading.Lock())
        with build_lock:
            found = self._data.get(key)
            if found is None:
                found = self._data[key] = SegmentData(reader)
        return found

    def forget_except(self, keys: set[str]) -> None:
        """Drop the data of segments no longer in use."""
        with self._lock:
            for key in [k for k in self._data if k not in keys]:
                del self._data[key]
                self._building.pop(key, None)
            for skey in [k for k in self._sets if k[0] not in keys]:
                self._cached_ids -= len(self._sets.pop(skey))
            for skey in [k for k in self._postings if k[0] not in keys]:
                self._postings_ids -= len(self._postings.pop(skey)[0])

    def postings(self, reader, fieldname: str, text: str) -> tuple[array, array]:
        key = (segment_key(reader), fieldname, text)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        found = term_postings(reader, fieldname, text)
        with self._lock:
            self._postings[key] = found
            self._postings_ids += len(found[0])
            while self._postings_ids > self._max_ids and self._postings:
                _, dropped = self._postings.popitem(last=False)
                self._postings_ids -= len(dropped[0])
        return found

    def term_set(self, reader, fieldname: str, text: str) -> frozenset:
        key = (segment_key(reader), fieldname, text)
        with self._lock:
            found = self._sets.get(key)
            if found is not None:
                self._sets.move_to_end(key)
                return found
        found = frozenset(self.postings(reader, fieldname, text)[0])
        with self._lock:
            if key not in self._sets and len(found) < self._max_ids // 4:
                self._sets[key] = found
                self._cached_ids += len(found)
                while self._cached_ids > self._max_ids and self._sets:
                    _, dropped = self._sets.popitem(last=False)
                    self._cached_ids -= len(dropped)
        return found


class Evaluator:
    """The set of segment-local documents a (folded-field) query matches, deletions included."""

    def __init__(self, cache: SegmentCache, reader):
        self.cache = cache
        self.reader = reader
        self._all: set[int] | None = None

    def all_docs(self) -> set[int]:
        if self._all is None:
            self._all = set(range(self.reader.doc_count_all()))
        return self._all

    def docs(self, q: query.Query | None) -> set[int] | frozenset:
        if q is None or isinstance(q, query.Every):
            return self.all_docs()
        if isinstance(q, query.Term):
            return self.cache.term_set(self.reader, q.fieldname, q.text)
        if isinstance(q, query.Or):
            positives = [s for s in q.subqueries if not isinstance(s, query.Not)]
            result = set().union(*(self.docs(s) for s in positives))
            for s in q.subqueries:
                if isinstance(s, query.Not):
                    result |= self.all_docs() - self.docs(s.query)
            return result
        if isinstance(q, query.And):
            positives = [s for s in q.subqueries if not isinstance(s, query.Not)]
            negatives = [s.query for s in q.subqueries if isinstance(s, query.Not)]
            sets = sorted((self.docs(s) for s in positives), key=len) or [self.all_docs()]
            result = set(sets[0])
            for s in sets[1:]:
                if not result:
                    break
                result &= s
            for s in negatives:
                if not result:
                    break
                result -= self.docs(s)
            return result
        if isinstance(q, query.Not):
            return self.all_docs() - self.docs(q.query)
        if isinstance(q, query.Prefix):
            return self._prefix(q)
        if isinstance(q, query.Phrase):
            return self._phrase(q)
        raise TypeError(f"cannot evaluate {type(q).__name__}")

    def _prefix(self, q: query.Prefix) -> set[int]:
        result: set[int] = set()
        for i, term in enumerate(self.reader.expand_prefix(q.fieldname, q.text)):
            if i >= MAX_PREFIX_TERMS:
                break
            term = term.decode("utf-8") if isinstance(term, bytes) else term
            result |= self.cache.term_set(self.reader, q.fieldname, term)
        return result

    def _phrase(self, q: query.Phrase) -> set[int]:
        """Indexed word groups (frequent ones) answer a short phrase or narrow a longer one; streams check the rest."""
        words = list(q.words)
        group_field = PAIR_FIELDS[q.fieldname]
        if len(words) <= GROUP_MAX:
            whole = self.docs(query.Term(group_field, " ".join(words)))
            if whole:
                return set(whole)  # an indexed group has all of the segment's documents with it
        size = min(len(words) - 1, GROUP_MAX)  # else: the longest groups inside the phrase
        groups = (" ".join(words[i:i + size]) for i in range(len(words) - size + 1))
        pairs = [p for p in (self.docs(query.Term(group_field, g)) for g in groups) if p]
        candidates = self.docs(query.And([query.Term(q.fieldname, w) for w in words]))
        for pair in sorted(pairs, key=len):
            if not candidates:
                break
            candidates &= pair
        if not candidates:
            return set()
        streams = self.cache.data(self.reader).streams(self.reader)
        pattern = streams.pattern(list(q.words))
        if pattern is None:
            return set()
        return streams.matches(candidates, pattern, "title" if q.fieldname.startswith("title") else "body")


EXACT_SCORING_LIMIT = 1500  # up to this many hits in a segment every hit is scored; above, champions only


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


def rank(cache: SegmentCache, segments: list, terms: list[tuple[str, str, float]], wanted: int,
         doc_count: int) -> list[tuple[int, float]]:
    """The ``wanted`` best hits by BM25 over the given (field, term, boost) leaves.

    ``segments``: (reader, offset, data, hits). Segments with many hits score only the hits in
    their terms' champion lists (the documents where each frequent term weighs most), the classic
    way to rank a large result set without scoring every hit; if fewer than ``wanted`` hits are
    champions, every hit is scored.
    """
    df: dict[tuple[str, str], int] = {}
    for reader, _, _, _ in segments:
        for field, text, _ in terms:
            df[(field, text)] = df.get((field, text), 0) + reader.doc_frequency(field, text)
    weights = {(f, t): b * (log(doc_count / (df[(f, t)] + 1)) + 1) * (K1 + 1) for f, t, b in terms
               if df[(f, t)]}
    best: list[tuple[float, int]] = []
    for reader, offset, data, hits in segments:
        if not hits:
            continue
        extras = data.streams(reader)
        leaves = []
        for (field, text), weight in weights.items():
            ids, tfs = cache.postings(reader, field, text)
            if ids:
                leaves.append((ids, tfs, len(ids), weight, extras.norms[field]))
        candidates = hits
        if len(hits) > EXACT_SCORING_LIMIT:
            pool: set[int] = set()
            for (field, text) in weights:
                champions = extras.champions.get(field, {}).get(text)
                pool.update(champions if champions is not None else cache.postings(reader, field, text)[0])
            pool &= hits
            if len(pool) >= wanted:
                candidates = pool
        scored = []
        for d in candidates:
            score = 0.0
            for ids, tfs, n, weight, norms in leaves:
                i = bisect_left(ids, d)
                if i < n and ids[i] == d:
                    tf = tfs[i]
                    score += weight * tf / (tf + norms[d])
            scored.append((score, offset + d))
        best = heapq.nlargest(wanted, chain(best, heapq.nlargest(wanted, scored)))
    return [(docnum, score) for score, docnum in best]
