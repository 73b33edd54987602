"""Fast per-segment data: facet columns, dates and term postings as numpy arrays, and their shared cache
(the cache shared by searches: ``index.segmentcache``; matching with masks: ``index.matching``; BM25
ranking: ``index.ranking``).

Whoosh's own facet counting (sorting facets), scorers and matchers loop per document in Python.
Here a segment's facet values, dates and BM25 length norms are read once into arrays (cached by
segment); a query's matching documents are a boolean mask per segment (AND, OR and NOT are array
operations); facets are counted with ``np.bincount`` over the hits (``index.combinations``); BM25 adds
each query term's impact at the hits into one score array (``index.impacts``). All of it is C-level
work over the segment's documents, with no Python per hit.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from whoosh.reading import TermNotFound

from index.combinations import FacetCombinations, Selection
from index.postingblocks import read_payload
from index.schema import COLUMNS, MULTI_FACETS
from index.streams import TokenStreams

if TYPE_CHECKING:
    from index.segmentcache import SegmentCache

K1, B = 1.2, 0.75  # BM25 parameters (Whoosh's defaults)
Mask = np.ndarray  # bool, one item per document of a segment


def segment_key(reader) -> str:
    """Identifies a segment's immutable content (deletions aside)."""
    return reader.segment().segment_id()


def term_postings(reader, fieldname: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers as int32, frequencies as float32) of one term in a segment, deleted documents included.

    Reads the posting blocks directly: each holds its id deltas and frequencies as packed arrays
    (``index.postingblocks``), turned into numpy arrays with one cumulative sum per block.
    """
    btext = text.encode("utf-8") if isinstance(text, str) else text
    try:
        m = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    except (TermNotFound, KeyError):
        return frozen(np.zeros(0, np.int32)), frozen(np.zeros(0, np.float32))
    if not hasattr(m, "_read_data"):  # short postings lists come inlined as a list matcher
        ids, tfs = [], []
        while m.is_active():
            ids.append(m.id())
            tfs.append(m.weight())
            m.next()
        return frozen(np.array(ids, np.int32)), frozen(np.array(tfs, np.float32))
    id_blocks, tf_blocks = [], []
    while True:
        deltas, weights, _ = read_payload(m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset), m._compression)
        id_blocks.append(np.cumsum(np.asarray(deltas), dtype=np.int32))
        if weights is None or isinstance(weights, (int, float)):
            tf_blocks.append(np.full(len(deltas), 1.0 if weights is None else weights, np.float32))
        else:
            tf_blocks.append(np.asarray(weights, np.float32))
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    if len(id_blocks) == 1:
        return frozen(id_blocks[0]), frozen(tf_blocks[0])
    return frozen(np.concatenate(id_blocks)), frozen(np.concatenate(tf_blocks))


def as_positions(ids: np.ndarray) -> np.ndarray:
    """Cached int32 document numbers as numpy's index type: indexing by int32 converts them on every use, slower
    than one conversion (``take`` needs none)."""
    return ids.astype(np.intp)


def frozen(a: np.ndarray) -> np.ndarray:
    """The array made read-only (cached arrays are shared between searches)."""
    a.flags.writeable = False
    return a


def as_mask(docs: Iterable[int], size: int) -> Mask:
    """A boolean mask of ``size`` documents with ``docs`` set."""
    mask = np.zeros(size, dtype=bool)
    ids = np.fromiter(docs, dtype=np.int64)
    if len(ids):
        mask[ids] = True
    return mask


class FacetVocabulary:
    """Every facet value of the segments in use, numbered once, so that per-segment counts add up as arrays."""

    def __init__(self):
        self.names: dict[str, list[str]] = {facet: [] for facet in COLUMNS}
        self._numbers: dict[str, dict[str, int]] = {facet: {} for facet in COLUMNS}
        self._lock = threading.Lock()

    def numbers(self, facet: str, names: list[str]) -> np.ndarray:
        """The archive-wide numbers of a segment's values of a facet (new values get the next ones)."""
        with self._lock:
            known, listed = self._numbers[facet], self.names[facet]
            out = np.empty(len(names), dtype=np.int64)
            for i, name in enumerate(names):
                number = known.get(name)
                if number is None:
                    number = known[name] = len(listed)
                    listed.append(name)
                out[i] = number
        return frozen(out)


class SegmentData:
    """A segment's facet columns, dates and BM25 norms, read once."""

    def __init__(self, reader, vocabulary: FacetVocabulary | None = None):
        n = reader.doc_count_all()
        self.vocabulary = vocabulary or FacetVocabulary()
        self.size = n
        self.values: dict[str, list[str]] = {}
        self._ordinals: dict[str, dict[str, int]] = {}
        self.single: dict[str, np.ndarray] = {}  # facet -> ordinal + 1 per document (0: none)
        self.multi: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # facet -> (documents, ordinals) pairs
        self._streams: TokenStreams | None = None
        self._periods: dict[str, np.ndarray] = {}
        self._facet_totals: dict[str, np.ndarray] = {}
        self._group_keys: np.ndarray | None = None  # per document, its group's number (index.groups)
        streams = self.streams(reader)
        if streams.facets is not None:
            self._read_facets(streams.facets)
        else:
            self._count_facets(reader, n)
        self._dates(streams, n)
        self.lengths = {field: np.frombuffer(lengths, dtype=np.uint32) for field, lengths in streams.lengths.items()}
        self.keys = np.frombuffer(streams.keys, dtype=np.int64)  # ties are broken by these, not by docnums
        self.numbers = {facet: self.vocabulary.numbers(facet, names) for facet, names in self.values.items()}
        self.combinations = FacetCombinations.of(self.single, n)  # None: each facet is counted on its own

    def _read_facets(self, stored: dict) -> None:
        """The columns the segment builder wrote (a few arrays a facet: read at once)."""
        for facet in COLUMNS:
            entry = stored.get(facet) or {"names": [], "column": b""}
            names = entry["names"]
            self.values[facet] = names
            self._ordinals[facet] = {name: i for i, name in enumerate(names)}
            if facet in MULTI_FACETS:
                self.multi[facet] = (np.frombuffer(entry.get("docs", b""), dtype=np.uint32).astype(np.int64),
                                     np.frombuffer(entry.get("ords", b""), dtype=np.uint32).astype(np.int32))
            else:
                column = np.frombuffer(entry["column"], dtype=np.int32)
                self.single[facet] = column if len(column) == self.size else np.zeros(self.size, np.int32)

    def _count_facets(self, reader, n: int) -> None:
        """The columns from every value's posting list (segments written before the builder kept them)."""
        for facet in COLUMNS:
            names = [t.decode("utf-8") for t in reader.lexicon(facet)] if facet in reader.schema else []
            self.values[facet] = names
            self._ordinals[facet] = {name: i for i, name in enumerate(names)}
            value_docs = [term_postings(reader, facet, name)[0] for name in names]
            if facet in MULTI_FACETS:
                docs = np.concatenate(value_docs) if value_docs else np.zeros(0, np.int64)
                ords = np.repeat(np.arange(len(names), dtype=np.int32), [len(v) for v in value_docs])
                self.multi[facet] = (docs, ords)
            else:
                column = np.zeros(n, dtype=np.int32)
                for ordinal, docs in enumerate(value_docs):
                    column[docs] = ordinal + 1
                self.single[facet] = column

    def _dates(self, streams: TokenStreams, n: int) -> None:
        self.dates = dates = np.frombuffer(streams.dates, dtype=np.int64)  # date numbers, 0: undated
        dated = np.flatnonzero(dates)
        keys = np.frombuffer(streams.keys, dtype=np.int64)
        self.by_date = dated[np.lexsort((keys[dated], dates[dated]))]  # oldest first (ties: lower article key first)
        self.date_rank = np.full(n, -1, dtype=np.int64)  # position in by_date; -1: undated
        self.date_rank[self.by_date] = np.arange(len(self.by_date))

    def periods(self, interval: str) -> np.ndarray:
        """Each document's period code for ``interval`` (index.trends), computed once."""
        from index.trends import period_codes

        found = self._periods.get(interval)
        if found is None:
            found = self._periods[interval] = frozen(period_codes(self.dates, interval))
        return found

    def streams(self, reader) -> TokenStreams:
        """The segment's token streams (for phrases, norms, dates), opened on first use."""
        if self._streams is None:
            self._streams = TokenStreams(Path(reader.storage().folder), reader.segment())
        return self._streams

    def select(self, mask: Mask) -> Selection:
        """The documents of ``mask``, ready for counting every facet over them (their combinations counted once)."""
        if np.count_nonzero(mask) * 2 > len(mask):
            selected = Selection(mask, np.flatnonzero(~mask), True)
        else:
            selected = Selection(mask, np.flatnonzero(mask), False)
        if self.combinations is None:
            return selected
        return selected._replace(combined=self.combinations.counted(selected))

    def value_counts(self, facet: str, selected: Selection) -> np.ndarray:
        """The number of the selected documents having each value of a facet (in the segment's order); when
        most documents are selected, the few outside are counted and taken from the segment's totals."""
        names = self.values[facet]
        if not names:
            return np.zeros(0, np.int64)
        if selected.combined is not None and facet in self.combinations.facets:
            return self.combinations.value_counts(facet, selected.combined, len(names))
        if facet in self.multi:
            pair_docs, ords = self.multi[facet]
            inside = selected.mask[pair_docs]
            counts = np.bincount(ords[~inside if selected.outside else inside], minlength=len(names))
        else:
            counts = np.bincount(self.single[facet].take(selected.positions), minlength=len(names) + 1)[1:]
        return self._totals(facet) - counts if selected.outside else counts

    def _totals(self, facet: str) -> np.ndarray:
        """Each value's number of documents in the whole segment (deleted ones included), computed once."""
        found = self._facet_totals.get(facet)
        if found is None:
            n = len(self.values[facet])
            found = np.bincount(self.multi[facet][1], minlength=n) if facet in self.multi else \
                np.bincount(self.single[facet], minlength=n + 1)[1:]
            self._facet_totals[facet] = found = frozen(found)
        return found

    def any_of(self, facet: str, values: Iterable[str]) -> Mask:
        """The documents having any of ``values`` of a facet (deleted ones included)."""
        ordinals = self._ordinals[facet]
        wanted = np.zeros(len(ordinals) + 1, dtype=bool)
        for value in values:
            ordinal = ordinals.get(value)
            if ordinal is not None:
                wanted[ordinal + 1] = True
        if facet in self.multi:
            pair_docs, ords = self.multi[facet]
            mask = np.zeros(self.size, dtype=bool)
            mask[pair_docs[wanted[ords + 1]]] = True
            return mask
        return wanted.take(self.single[facet])

    def in_date_range(self, lo: int | None, hi: int | None) -> Mask:
        """The dated documents from ``lo`` to ``hi`` (date numbers, both included)."""
        mask = self.dates != 0
        if lo is not None:
            mask &= self.dates >= lo
        if hi is not None:
            mask &= self.dates <= hi
        return mask


def bm25_norms(lengths: np.ndarray, average: float) -> np.ndarray:
    """K1 * (1 - B + B * length / average length) per document: the length part of BM25."""
    return K1 * (1 - B + B * lengths / (average or 1.0))


@dataclass(frozen=True)
class CorpusStats:
    """What BM25 weighs against: the live documents of the whole index, however it is cut into segments.

    Counted over every segment with deletions left out, so a ranking depends only on the articles,
    never on the index's history (a crawl's small segments, an import's, a rebuild's one big segment).
    """

    documents: int
    average_length: dict[str, float]

    @classmethod
    def of(cls, cache: "SegmentCache", readers: list) -> "CorpusStats":
        key = tuple((segment_key(r), len(r.deleted_docs_set or ())) for r in readers)
        found = cache.stats.get(key)
        if found is None:
            found = cache.stats[key] = cls._count(cache, readers)
            for old in list(cache.stats):
                if old != key:
                    cache.stats.pop(old, None)  # one generation at a time is in use
        return found

    @classmethod
    def _count(cls, cache: "SegmentCache", readers: list) -> "CorpusStats":
        totals: Counter = Counter()
        documents = 0
        for reader in readers:
            data = cache.data(reader)
            live = _live(reader, data.size)
            documents += int(live.sum())
            for field, lengths in data.lengths.items():
                totals[field] += int(lengths[live[:len(lengths)]].sum())
        return cls(documents, {field: total / max(1, documents) for field, total in totals.items()})


def _live(reader, size: int) -> np.ndarray:
    deleted = reader.deleted_docs_set
    live = np.ones(size, dtype=bool)
    if deleted:
        live[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False
    return live
