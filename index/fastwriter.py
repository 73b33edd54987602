"""Bulk building of Whoosh segments, much faster than Whoosh's own writer.

Whoosh's SegmentWriter sends every posting through a pickled external sort and looks up each
document's field length from disk while writing postings: about 30 µs per posting, i.e. ~40
articles/s here. SegmentBuilder gathers a segment's postings in memory with C-level operations
only (Counter, map, list.append through ``deque(map(...))``; documents arrive in docnum order, so
posting lists come out sorted), keeps field lengths in arrays, and writes Whoosh's own on-disk
format (W3 codec blocks, term infos, per-document columns), so Whoosh opens the result as any
other segment; the blocks' payloads (``index.postingblocks``) are read by ``index.columns``.

Beside each segment it writes the folded token stream of every document (``<segment>.tok``:
title tokens, a separator, body tokens, as integer ids; ``<segment>.tkv``: the ids' terms and
the offsets; read back by ``index.streams``). Phrases are matched by searching these streams for the phrase's id sequence,
which is a byte search in C, instead of decoding positions posting by posting.

A phrase of very common words ("dân vận" in nearly every article) would still cost one search
per matching document, so the builder also indexes word groups (biwords and longer shingles):
every group of 2 to ``GROUP_MAX`` consecutive folded tokens within the title or within the body
(never across) that occurs in at least 1/``PAIR_SHARE`` of the segment's documents (judged on a
sample of ``PAIR_SAMPLE`` of them: gathering every group of every document is the costly part),
as the term "word1 word2 ..." of ``title_pair`` / ``body_pair``. A group present in a segment has
its complete posting list there, so a phrase of up to ``GROUP_MAX`` words is exactly that list
when it is indexed; a rarer group is not (indexing all pairs tripled the index and halved the
indexing speed) and is found on the streams, where it costs little because it matches few
documents; longer phrases are narrowed by their groups, then checked on the streams.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from array import array
from collections import Counter, defaultdict, deque
from itertools import repeat
from operator import add, mul, sub
from pathlib import Path

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

from index.postingblocks import block_payload, packed
from index.streams import SEPARATOR, STREAM_EXT, STREAM_FIELDS, STREAM_INFO_EXT
from index.schema import COLUMNS, MULTI_FACETS, PAIR_FIELDS, TokensField

BLOCK_SIZE = 1 << 16  # postings per block (Whoosh writes 128): a term's list in a segment is read in one or a few calls
INDEX_NAME = "MAIN"
PICKLE = pickle.HIGHEST_PROTOCOL
PAIR_SHARE = 64  # a pair of words gets a biword when it is in >= 1/64 of a segment's documents...
PAIR_SAMPLE = 1000  # ... judged on about this many of them
GROUP_MAX = 4  # groups of 2 to GROUP_MAX consecutive words are indexed (phrases up to this long are exact)


class _Ids(dict):
    """Term -> token id, assigning the next id to a new term."""

    def __missing__(self, term: str) -> int:
        value = self[term] = len(self) + 1
        return value


class SegmentBuilder:
    """Collects documents (``add``) and writes them as one new segment (``finish``) in ``folder``."""

    def __init__(self, folder: Path, schema):
        self.folder = Path(folder)
        self.storage = FileStorage(str(self.folder)).create()
        self.schema = schema
        self.codec = W3Codec()
        self.segment = self.codec.new_segment(self.storage, INDEX_NAME)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.fields = {name: schema[name] for name in schema.names()}
        # field -> term -> docnums / weights (postings in docnum order)
        self.doc_lists = {name: defaultdict(list) for name, f in self.fields.items() if f.indexed}
        self.weight_lists = {name: defaultdict(list) for name, f in self.fields.items() if f.indexed}
        self.lengths: dict[str, array] = {name: array("I") for name, f in self.fields.items() if f.scorable}
        self.token_ids = _Ids()
        self.stream = array("I")
        self.offsets = array("Q", [0])
        self.title_lengths = array("I")
        self.dates = array("q")  # per document: YYYYMMDDHHMM (0 when unknown), for sorting without term lookups
        self.keys = array("q")   # per document: a number from the article id, to break ties whatever the docnums
        self.docnum = 0

    def add(self, doc: dict) -> None:
        """Add one document (the keyword arguments Whoosh's add_document would take)."""
        docnum = self.docnum
        perdoc = self.perdoc
        perdoc.start_doc(docnum)
        for lengths in self.lengths.values():
            lengths.append(0)
        for name, value in doc.items():
            field = self.fields[name]
            length = 0
            if field.indexed:
                if isinstance(value, list) and isinstance(field, TokensField):
                    counts = Counter(value)
                    length = len(value)
                else:
                    counts = Counter()
                    for tbytes, freq, weight, _ in field.index(value):
                        counts[tbytes.decode("utf-8")] = weight
                        length += freq
                docs = map(self.doc_lists[name].__getitem__, counts)
                deque(map(list.append, docs, repeat(docnum)), maxlen=0)
                weights = map(self.weight_lists[name].__getitem__, counts)
                deque(map(list.append, weights, counts.values()), maxlen=0)
                if field.scorable:
                    self.lengths[name][docnum] = length
                else:
                    length = 0
            perdoc.add_field(name, field, value if field.stored else None, length)
        perdoc.finish_doc()
        self._add_stream(doc)
        self.docnum += 1

    def _add_stream(self, doc: dict) -> None:
        title = doc.get(STREAM_FIELDS[0]) or []
        body = doc.get(STREAM_FIELDS[1]) or []
        ids = self.token_ids.__getitem__
        self.stream.extend(map(ids, title))
        self.stream.append(SEPARATOR)
        self.stream.extend(map(ids, body))
        self.title_lengths.append(len(title))
        self.offsets.append(len(self.stream))
        self.dates.append(date_number(doc.get("date")))
        self.keys.append(article_key(doc.get("id")))

    def finish(self):
        """Write postings, term infos and token streams; return the segment (not yet in any TOC)."""
        self.perdoc.close()
        writer = self.codec.field_writer(self.storage, self.segment)
        postfile = writer._postfile
        self._add_pairs()
        self.facet_columns = self._facet_columns()
        for name in sorted(self.doc_lists):
            docs_by_term = self.doc_lists[name]
            if not docs_by_term:
                continue
            weights_by_term = self.weight_lists[name]
            writer.start_field(name, self.fields[name])
            lengths = self.lengths.get(name)
            prefix = pack_ushort(writer._fieldid)
            for word in sorted(docs_by_term):  # code point order = UTF-8 byte order
                info = _write_postings(postfile, docs_by_term[word], weights_by_term[word], lengths)
                writer._tindex.add(prefix + word.encode("utf-8"), info.to_bytes())
            writer.finish_field()
            docs_by_term.clear()
            weights_by_term.clear()
        writer.close()
        self._write_streams()
        self.segment.set_doc_count(self.docnum)
        return self.segment

    def _add_pairs(self) -> None:
        """Fill the word group fields from the token streams: the groups frequent in a sample of the segment's
        titles, and of its bodies, each with the complete list of documents that have it."""
        terms = ["", *self.token_ids]  # token id -> term (id 0: the separator)
        width = len(terms)  # the group (a, b, c) is the code (a * width + b) * width + c
        stream, offsets, titles = self.stream, self.offsets, self.title_lengths
        sizes = range(2, GROUP_MAX + 1)

        def spans(d: int) -> tuple[tuple[int, int], tuple[int, int]]:
            title_end = offsets[d] + titles[d]
            return (offsets[d], title_end), (title_end + 1, offsets[d + 1])  # never across the separator

        def codes(lo: int, hi: int, size: int):
            seq = stream[lo:hi]
            out = iter(seq)
            for k in range(1, size):
                out = map(add, map(mul, out, repeat(width)), seq[k:])
            return out

        sample = range(0, self.docnum, max(1, self.docnum // PAIR_SAMPLE))
        areas = (0, 1)  # title, body
        frequent = [{size: _frequent({*codes(*spans(d)[area], size)} for d in sample) for size in sizes} for area in areas]
        lists = [defaultdict(list) for _ in areas]
        for d in range(self.docnum):
            for area, (lo, hi) in zip(areas, spans(d)):
                for size in sizes:
                    if frequent[area][size] and hi - lo >= size:
                        _append_to(lists[area], frequent[area][size].intersection(codes(lo, hi, size)), d)
        for name, groups in zip((PAIR_FIELDS["title_fold"], PAIR_FIELDS["body_fold"]), lists):
            for code, posting in groups.items():
                words = []
                while code:
                    code, last = divmod(code, width)
                    words.append(terms[last])
                term = " ".join(reversed(words))
                self.doc_lists[name][term] = posting
                self.weight_lists[name][term] = [1] * len(posting)

    def _facet_columns(self) -> dict[str, dict]:
        """Each facet's values (lexicon order) and, per document, their ordinals: what a reader would
        otherwise rebuild from every value's posting list when it first opens the segment."""
        out = {}
        for facet in COLUMNS:
            lists = self.doc_lists.get(facet) or {}
            names = sorted(lists)
            if facet in MULTI_FACETS:
                docs = array("I")
                ords = array("I")
                for ordinal, name in enumerate(names):
                    docs.extend(lists[name])
                    ords.extend(repeat(ordinal, len(lists[name])))
                out[facet] = {"names": names, "docs": docs.tobytes(), "ords": ords.tobytes()}
            else:
                column = array("i", bytes(4 * self.docnum))
                for ordinal, name in enumerate(names, start=1):
                    for d in lists[name]:
                        column[d] = ordinal
                out[facet] = {"names": names, "column": column.tobytes()}
        return out

    def _write_streams(self) -> None:
        code = "H" if len(self.token_ids) < 65535 else "I"
        data = array(code, self.stream) if code == "H" else self.stream
        name = self.segment.make_filename
        with open(self.folder / name(STREAM_EXT), "wb") as out:
            data.tofile(out)
        info = {"code": code, "terms": list(self.token_ids), "offsets": self.offsets.tobytes(),
                "title_lengths": self.title_lengths.tobytes(), "dates": self.dates.tobytes(),
                "keys": self.keys.tobytes(), "lengths": {f: a.tobytes() for f, a in self.lengths.items()},
                "facets": self.facet_columns, "title_tokens": self._title_tokens(data).tobytes()}
        with open(self.folder / name(STREAM_INFO_EXT), "wb") as out:
            pickle.dump(info, out, PICKLE)

    def _title_tokens(self, data: array) -> array:
        """Every title's tokens one after another: title phrases are checked on these few, not on the streams."""
        out = array(data.typecode)
        for start, length in zip(self.offsets, self.title_lengths):
            out.extend(data[start:start + length])
        return out


def _frequent(groups_per_document) -> set[int]:
    """The groups found in at least 1/PAIR_SHARE of the (sampled) documents."""
    seen, documents = Counter(), 0
    for groups in groups_per_document:
        seen.update(groups)
        documents += 1
    return {code for code, n in seen.items() if n * PAIR_SHARE >= documents}


def _append_to(lists: dict[int, list[int]], found, d: int) -> None:
    """Add the document to the list of every group found in it."""
    deque(map(list.append, map(lists.__getitem__, found), repeat(d)), maxlen=0)


def article_key(article_id: str | None) -> int:
    """A stable 60-bit number for an article id (ids are hex digests; others are hashed)."""
    text = article_id or ""
    try:
        return int(text[:15], 16)
    except ValueError:
        return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:7], "big")


def date_number(key: str | None) -> int:
    """"2021-03-04 08:50" -> 202103040850 (0 for no date)."""
    digits = "".join(ch for ch in key or "" if ch.isdigit())
    return int(digits) if digits else 0


def _write_postings(postfile, ids: list[int], weights: list, lengths: array | None) -> W3TermInfo:
    """One term's posting list, in W3 blocks (no values: the format keeps none; payloads of index.postingblocks,
    which only index.columns reads); returns its info."""
    n = len(ids)
    info = W3TermInfo()
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    min_all, max_all = None, 0
    for s in range(0, n, BLOCK_SIZE):
        e = min(s + BLOCK_SIZE, n)
        bids = ids[s:e]
        bweights = weights[s:e]
        first = bweights[0]
        if bweights.count(first) == len(bweights):
            mini_weights = None if first == 1 else float(first)
        else:
            mini_weights = packed(bweights)
        data, compression = block_payload(packed(list(map(sub, bids, [0, *bids[:-1]]))), mini_weights)
        if lengths is not None:
            blens = list(map(lengths.__getitem__, bids))
            minlen, maxlen = min(blens), max(blens)
            min_all = minlen if min_all is None else min(min_all, minlen)
            max_all = max(max_all, maxlen)
        else:
            minlen, maxlen = None, 0
        blockinfo = pickle.dumps((len(bids), bids[-1], float(max(bweights)), compression, length_to_byte(minlen),
                                  length_to_byte(maxlen)), PICKLE)
        size = len(blockinfo) + len(data)
        postfile.write_int(-size if e == n else size)
        postfile.write(blockinfo)
        postfile.write(data)
    info._weight = float(sum(weights))
    info._df = n
    info._minlength = min_all
    info._maxlength = max_all
    info._maxweight = float(max(weights))
    info._minid = ids[0]
    info._maxid = ids[-1]
    info.set_extent(start, postfile.tell() - start)
    return info


def build_segment(index_folder: str, part: str, schema, documents) -> object:
    """Build one segment from ``documents`` in a private sub-folder, then move its files into the index."""
    work = Path(index_folder) / f"part-{part}"
    try:
        builder = SegmentBuilder(work, schema)
        for doc in documents:
            builder.add(doc)
        segment = builder.finish()
        for path in work.iterdir():
            if path.is_file():
                os.replace(path, Path(index_folder) / path.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return segment
