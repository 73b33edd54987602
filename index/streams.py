"""A segment's token streams, read back: every document's folded token ids (title, SEPARATOR, body) in one
memory-mapped file per segment, written by ``index.fastwriter``; a phrase is a byte pattern found in them."""
from __future__ import annotations

import mmap
import os
import pickle
import threading
from array import array
from bisect import bisect_right
from pathlib import Path

import numpy as np

STREAM_FIELDS = ("title_fold", "body_fold")  # the token stream: title, SEPARATOR, body
SEPARATOR = 0  # token id 0 is never a term: phrases cannot span title and body
STREAM_EXT = ".tok"
STREAM_INFO_EXT = ".tkv"
SCAN_THRESHOLD = 3000  # phrase candidates above which one pass over the whole stream is cheaper


class TokenStreams:
    """A segment's token streams, for matching phrases (read once per segment, memory-mapped)."""

    def __init__(self, folder: Path, segment):
        with open(folder / segment.make_filename(STREAM_INFO_EXT), "rb") as f:
            info = pickle.load(f)
        self.itemsize = 2 if info["code"] == "H" else 4
        self.code = info["code"]
        self.terms = info["terms"]  # token id - 1 -> folded term
        self.ids = {term: i for i, term in enumerate(self.terms, start=1)}
        self.offsets = array("Q")
        self.offsets.frombytes(info["offsets"])
        self.title_lengths = array("I")
        self.title_lengths.frombytes(info["title_lengths"])
        self.lengths = {}
        for field, raw in info.get("lengths", {}).items():
            self.lengths[field] = array("I")
            self.lengths[field].frombytes(raw)
        self.dates = array("q")
        self.dates.frombytes(info["dates"])
        self.keys = array("q")
        self.keys.frombytes(info.get("keys", b""))
        self.facets = info.get("facets")  # facet -> names and per-document ordinals (written by SegmentBuilder)
        self.title_tokens = info.get("title_tokens")  # every title's tokens in a row (None: older segments)
        self._scans: dict[bytes, tuple[set[int], set[int]]] = {}
        self._numpy: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._lock = threading.Lock()
        with open(folder / segment.make_filename(STREAM_EXT), "rb") as f:
            size = os.fstat(f.fileno()).st_size
            # the map outlives the file object, so nothing is left open for a reader to close
            self.data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""

    def pattern(self, words: list[str]) -> bytes | None:
        """The byte pattern of a phrase, or None when a word never occurs in this segment."""
        ids = [self.ids.get(w) for w in words]
        if None in ids:
            return None
        return array(self.code, ids).tobytes()

    def tokens(self, docnum: int):
        """The document's token ids: title, SEPARATOR, body (an array view of the mapped stream)."""
        start, end = self.offsets[docnum], self.offsets[docnum + 1]
        return memoryview(self.data)[start * self.itemsize:end * self.itemsize].cast(self.code) if end > start else ()

    def matches(self, docs, pattern: bytes, area: str) -> set[int]:
        """The documents among ``docs`` whose title (area "title") or body contains the pattern."""
        if area == "title":  # titles are short: their tokens are compared as arrays rather than searched one by one
            return set(self._title_matches(np.asarray(docs, dtype=np.int64), array(self.code, pattern).tolist()))
        if len(docs) > SCAN_THRESHOLD:
            return self._scan(pattern)[0 if area == "title" else 1].intersection(docs)
        found = set()
        data, offsets, size = self.data, self.offsets, self.itemsize
        titles = self.title_lengths
        for d in docs:
            start, end = offsets[d] * size, offsets[d + 1] * size
            title_end = start + titles[d] * size
            if area == "title":
                lo, hi = start, title_end
            else:
                lo, hi = title_end + size, end
            pos = data.find(pattern, lo, hi)
            while pos >= 0 and (pos - lo) % size:
                pos = data.find(pattern, pos + 1, hi)
            if pos >= 0:
                found.add(d)
        return found

    def _title_matches(self, docs: np.ndarray, ids: list[int]) -> list[int]:
        """The documents among ``docs`` whose title has the token ids in a row: every candidate title's tokens
        gathered into one array, compared at each position with the phrase's ids shifted into place."""
        tokens, starts, titles = self._arrays()
        size = len(ids)
        lengths = titles.take(docs)
        docs, lengths = docs[lengths >= size], lengths[lengths >= size]
        total = int(lengths.sum())
        if not total:
            return []
        owner = np.repeat(np.arange(len(docs)), lengths)  # each gathered token's candidate
        place = np.arange(total) - (np.cumsum(lengths) - lengths).take(owner)  # its position in that title
        gathered = tokens.take(starts.take(docs).take(owner) + place)
        starts = total - size + 1
        found = place[:starts] <= lengths.take(owner[:starts]) - size  # the phrase would end inside the title
        for shift, token in enumerate(ids):
            found &= gathered[shift:shift + starts] == token
        return np.unique(docs.take(owner[:starts][found])).tolist()

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Title tokens, each title's start among them and its length, as numpy arrays (made once): the titles
        written apart, or (older segments) the whole stream and the documents' offsets into it."""
        if self._numpy is None:
            dtype = np.uint16 if self.itemsize == 2 else np.uint32
            lengths = np.frombuffer(self.title_lengths, dtype=np.uint32).astype(np.int64)
            if self.title_tokens is not None:
                tokens = np.frombuffer(self.title_tokens, dtype=dtype)
                starts = np.cumsum(lengths) - lengths
            else:
                tokens = np.frombuffer(self.data, dtype=dtype) if len(self.data) else np.zeros(0, dtype)
                starts = np.frombuffer(self.offsets, dtype=np.uint64).astype(np.int64)
            self._numpy = (tokens, starts, lengths)
        return self._numpy

    def _scan(self, pattern: bytes) -> tuple[set[int], set[int]]:
        """(documents with the pattern in the title, in the body): one pass over the whole stream,
        jumping ahead after each match, so the cost grows with matching documents. The last few
        answers are kept (a phrase is looked up for the title and for the body in turn)."""
        with self._lock:
            cached = self._scans.get(pattern)
        if cached is not None:
            return cached
        in_title: set[int] = set()
        in_body: set[int] = set()
        data, offsets, size, titles = self.data, self.offsets, self.itemsize, self.title_lengths
        find = data.find
        n = len(offsets) - 1
        plen = len(pattern)
        pos = find(pattern)
        while pos >= 0:
            if pos % size:
                pos = find(pattern, pos + 1)
                continue
            item = pos // size
            d = bisect_right(offsets, item) - 1
            if d >= n:
                break
            title_end = offsets[d] + titles[d]
            if item < title_end:  # ids never include the separator: a title match stays in the title
                in_title.add(d)
                pos = find(pattern, (title_end + 1) * size)
            elif pos + plen <= offsets[d + 1] * size:
                in_body.add(d)
                pos = find(pattern, offsets[d + 1] * size)
            else:  # a body match running into the next document
                pos = find(pattern, pos + size)
        with self._lock:
            if len(self._scans) >= 8:
                self._scans.pop(next(iter(self._scans)))
            self._scans[pattern] = (in_title, in_body)
        return in_title, in_body
