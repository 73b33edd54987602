"""The cache shared by a process's searches: each segment's SegmentData, and per term its postings, mask
and (for common terms) frequencies spread over the segment, plus the BM25 norms of each field, bounded by
size (least recently used go first)."""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from index.columns import (CorpusStats, FacetVocabulary, Mask, SegmentData, as_positions, bm25_norms, frozen,
                           segment_key, term_postings)

DENSE_SHARE = 2  # a term in at least half of a segment's documents keeps its frequencies spread over them


class SegmentCache:
    """Shared caches: SegmentData per segment, and term postings, norms and masks (bounded by size)."""

    def __init__(self, max_cached_bytes: int = 256_000_000):
        self._data: dict[str, SegmentData] = {}
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self._arrays: OrderedDict[tuple, tuple] = OrderedDict()
        self._bytes = 0
        self._max_bytes = max_cached_bytes
        self.stats: dict[tuple, CorpusStats] = {}   # the corpus statistics of the segments in use
        self.vocabulary = FacetVocabulary()          # facet values numbered across segments (for counting)

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
                found = self._data[key] = SegmentData(reader, self.vocabulary)
        return found

    def forget_except(self, keys: set[str]) -> None:
        """Drop the data of segments no longer in use."""
        with self._lock:
            for key in [k for k in self._data if k not in keys]:
                del self._data[key]
                self._building.pop(key, None)
            for akey in [k for k in self._arrays if k[1] not in keys]:
                self._bytes -= _size(self._arrays.pop(akey))

    def _cached(self, key: tuple, make) -> tuple:
        """The arrays made by ``make`` for ``key``, kept until the cache is over its size (least recently used
        go first)."""
        with self._lock:
            found = self._arrays.get(key)
            if found is not None:
                self._arrays.move_to_end(key)
                return found
        found = make()
        size = _size(found)
        with self._lock:
            if key not in self._arrays and size < self._max_bytes // 4:
                self._arrays[key] = found
                self._bytes += size
                while self._bytes > self._max_bytes and self._arrays:
                    self._bytes -= _size(self._arrays.popitem(last=False)[1])
        return found

    def postings(self, reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, frequencies) of a term in a segment."""
        return self._cached(("postings", segment_key(reader), fieldname, text),
                            lambda: term_postings(reader, fieldname, text))

    def norms(self, reader, fieldname: str, average: float) -> np.ndarray:
        """The BM25 length norm of every document of a segment in a field (float32), for the corpus's average length."""
        return self._norms(reader, fieldname, average)[0]

    def lowest_norm(self, reader, fieldname: str, average: float) -> float:
        """The lowest of those norms (1.0 for an empty segment)."""
        return float(self._norms(reader, fieldname, average)[1][0])

    def _norms(self, reader, fieldname: str, average: float) -> tuple[np.ndarray, np.ndarray]:
        def make():
            norms = frozen(bm25_norms(self.data(reader).lengths[fieldname], average).astype(np.float32))
            return norms, np.array([norms.min() if len(norms) else 1.0], dtype=np.float64)
        return self._cached(("norms", segment_key(reader), fieldname, round(average, 6)), make)

    def spread_frequencies(self, reader, fieldname: str, text: str) -> np.ndarray:
        """The term's frequency in every document of the segment (float32, 0 where absent): kept for a term in
        at least 1/DENSE_SHARE of the documents, where it costs no more memory than its posting list."""
        ids, tfs = self.postings(reader, fieldname, text)

        def make():
            spread = np.zeros(reader.doc_count_all(), dtype=np.float32)
            spread[as_positions(ids)] = tfs
            return (frozen(spread),)
        if len(ids) * DENSE_SHARE < reader.doc_count_all():
            return make()[0]
        return self._cached(("spread", segment_key(reader), fieldname, text), make)[0]

    def top_frequency(self, reader, fieldname: str, text: str) -> float:
        """The term's highest frequency in a document of the segment (0 when absent)."""
        def make():
            tfs = self.postings(reader, fieldname, text)[1]
            return (np.array([tfs.max() if len(tfs) else 0.0], dtype=np.float64),)
        return float(self._cached(("top", segment_key(reader), fieldname, text), make)[0][0])

    def live_frequency(self, reader, fieldname: str, text: str) -> int:
        """How many live (not deleted) documents of a segment have the term."""
        ids = self.postings(reader, fieldname, text)[0]
        deleted = reader.deleted_docs_set
        if not deleted or not len(ids):
            return len(ids)
        return len(ids) - int(np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted))).sum())

    def derived_mask(self, reader, key: tuple, make) -> Mask:
        """A mask worked out from a segment's terms by ``make`` (a phrase's documents), cached like a term's."""
        return self._cached(("derived", segment_key(reader), *key), lambda: (frozen(make()),))[0]

    def term_mask(self, reader, fieldname: str, text: str) -> Mask:
        """The documents of a segment having the term (read-only: combine, never modify)."""
        def make():
            mask = np.zeros(reader.doc_count_all(), dtype=bool)
            mask[as_positions(self.postings(reader, fieldname, text)[0])] = True
            return (frozen(mask),)
        return self._cached(("mask", segment_key(reader), fieldname, text), make)[0]


def _size(arrays: tuple) -> int:
    return sum(a.nbytes for a in arrays)
