"""Matching: the documents of one segment a query matches, as a boolean mask (index.columns holds the
segment's data and the cached term masks it combines); phrases on the token streams and word groups."""
from __future__ import annotations

import numpy as np
from whoosh import query

from index.columns import Mask, as_mask
from index.segmentcache import SegmentCache
from index.fastwriter import GROUP_MAX
from index.schema import PAIR_FIELDS

MAX_PREFIX_TERMS = 1024  # a prefix matches at most this many terms of a segment


class Evaluator:
    """The documents of one segment a (folded-field) query matches, as a mask, deletions included."""

    def __init__(self, cache: SegmentCache, reader):
        self.cache = cache
        self.reader = reader
        self.size = reader.doc_count_all()

    def all_docs(self) -> Mask:
        return np.ones(self.size, dtype=bool)

    def docs(self, q: query.Query | None) -> Mask:
        if q is None or isinstance(q, query.Every):
            return self.all_docs()
        if isinstance(q, query.Term):
            return self.cache.term_mask(self.reader, q.fieldname, q.text)
        if isinstance(q, query.Or):
            result = np.zeros(self.size, dtype=bool)
            for s in q.subqueries:
                result |= ~self.docs(s.query) if isinstance(s, query.Not) else self.docs(s)
            return result
        if isinstance(q, query.And):
            result = self.all_docs()
            for s in q.subqueries:
                result &= ~self.docs(s.query) if isinstance(s, query.Not) else self.docs(s)
            return result
        if isinstance(q, query.Not):
            return ~self.docs(q.query)
        if isinstance(q, query.Prefix):
            return self._prefix(q)
        if isinstance(q, query.Phrase):
            return self._phrase(q)
        raise TypeError(f"cannot evaluate {type(q).__name__}")

    def _prefix(self, q: query.Prefix) -> Mask:
        result = np.zeros(self.size, dtype=bool)
        for i, term in enumerate(self.reader.expand_prefix(q.fieldname, q.text)):
            if i >= MAX_PREFIX_TERMS:
                break
            term = term.decode("utf-8") if isinstance(term, bytes) else term
            result |= self.cache.term_mask(self.reader, q.fieldname, term)
        return result

    def _phrase(self, q: query.Phrase) -> Mask:
        """Indexed word groups (frequent ones) answer a short phrase or narrow a longer one; streams check the rest."""
        words = list(q.words)
        group_field = PAIR_FIELDS[q.fieldname]
        if len(words) <= GROUP_MAX:
            whole = self.cache.postings(self.reader, group_field, " ".join(words))[0]
            if len(whole):  # an indexed group has all of the segment's documents with it
                return self.cache.term_mask(self.reader, group_field, " ".join(words))
        return self.cache.derived_mask(self.reader, ("phrase", q.fieldname, tuple(words)),
                                       lambda: self._phrase_on_streams(q.fieldname, words))

    def _phrase_on_streams(self, fieldname: str, words: list[str]) -> Mask:
        """The phrase's documents: candidates narrowed by its indexed groups, then checked on the token streams."""
        group_field = PAIR_FIELDS[fieldname]
        size = min(len(words) - 1, GROUP_MAX)  # else: the longest groups inside the phrase
        candidates = self.docs(query.And([query.Term(fieldname, w) for w in words]))
        for i in range(len(words) - size + 1):
            group = " ".join(words[i:i + size])
            if len(self.cache.postings(self.reader, group_field, group)[0]):
                candidates &= self.cache.term_mask(self.reader, group_field, group)
        docs = np.flatnonzero(candidates)
        if not len(docs):
            return candidates
        streams = self.cache.data(self.reader).streams(self.reader)
        pattern = streams.pattern(words)
        if pattern is None:
            return np.zeros(self.size, dtype=bool)
        found = streams.matches(docs.tolist(), pattern, "title" if fieldname.startswith("title") else "body")
        return as_mask(found, self.size) & candidates
