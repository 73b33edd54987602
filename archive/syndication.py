"""Syndicated copies: articles whose text is the same or nearly the same form a group.

A text's fingerprint is a MinHash signature (datasketch) over its 3-word shingles (folded words, the
title left out: a reprint often changes the headline). Locality-sensitive hashing finds candidates:
the signature is cut into ``BANDS`` bands of ``ROWS`` values and two texts sharing a band are
compared; they are one story when their estimated Jaccard similarity reaches ``SAME_STORY``.
Groups are the connected stories (a reprint of a reprint joins the group), named after their
earliest article. Texts under ``MIN_WORDS`` words are never grouped (captions, one-line notices).

A mixin of ``Archive`` (tables ``article_signatures`` and ``signature_bands``); the index calls
``refresh_groups`` before a rebuild and ``regroup`` before an update ("found at indexing time").
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy as np

from archive.text import WORD_RE, fold_word, nfc

log = logging.getLogger(__name__)

NUM_PERM = 60
BANDS, ROWS = 20, 3          # 60 values: a pair at similarity 0.5 shares a band 93% of the time, at 0.7 99.9%
SHINGLE_WORDS = 3
MIN_WORDS = 40               # shorter texts are never grouped
SAME_STORY = 0.5             # estimated Jaccard similarity of the shingles at which two texts are one story
SAME_SOURCE_STORY = 0.9      # one source's own articles are one story only when nearly identical (templated reports are not)
MAX_BUCKET = 300             # a band shared by more distinct texts is boilerplate (a footer, a template), not a story
SIGN_BATCH = 5000            # articles read and signed at a time
MAX_SCAN = 20000             # a band shared by more articles is not even read (verbatim copies beyond it stay apart)
SEED = 20250701
_PERMUTATIONS = None


class Signed(NamedTuple):
    """An article's signature and the source it came from."""
    sig: np.ndarray
    source: str


class PairVerdict(NamedTuple):
    same_story: bool
    similarity: float


def judge_pair(a: np.ndarray, b: np.ndarray, same_source: bool = False) -> PairVerdict:
    """Whether two signatures are of one story (the share of equal values estimates Jaccard similarity)."""
    similarity = float(np.mean(a == b))
    return PairVerdict(similarity >= (SAME_SOURCE_STORY if same_source else SAME_STORY), similarity)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text's shingles (uint32), or None for a text too short to compare."""
    global _PERMUTATIONS
    from datasketch import MinHash  # here, not at the top: datasketch loads scipy (~0.7 s, ~30 MB per process)

    words = [fold_word(w) for w in WORD_RE.findall(nfc(text or ""))]
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32).permutations
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, permutations=_PERMUTATIONS,
                     scheme="affine32")
    sketch.update_batch(list(shingles))
    return sketch.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (its number and values hashed together)."""
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8,
                                 salt=band.to_bytes(2, "big")).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return out


def _signature_row(item: tuple[str, str, str]) -> tuple[str, str, bytes | None]:
    article_id, content_hash, text = item
    sig = signature(text)
    return article_id, content_hash, sig.tobytes() if sig is not None else None


class _Groups:
    """Union-find over signature keys."""

    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, k: int) -> int:
        root = k
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(k, k) != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent.setdefault(min(ra, rb), min(ra, rb))  # a root is its own parent, so it is listed
            self.parent[max(ra, rb)] = min(ra, rb)

    def components(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for k in list(self.parent):
            out.setdefault(self.find(k), []).append(k)
        return [members for members in out.values() if len(members) > 1]


class SyndicationTables:
    """Signatures, bands and groups of syndicated copies (mixed into ``Archive``)."""

    conn: sqlite3.Connection
    lock: threading.RLock

    # -- signatures ------------------------------------------------------------------------
    def _stale(self, ids: list[str] | None = None, with_text: bool = False) -> Iterator[tuple]:
        """(id, content hash, text) — or (id,) without ``with_text`` — of articles whose signature is missing
        or of an older version."""
        sql = f"""SELECT a.id{', v.content_hash, v.text' if with_text else ''} FROM articles a JOIN article_versions v
                   ON v.article_id = a.id AND v.version = a.current_version
                 LEFT JOIN article_signatures s ON s.article_id = a.id
                 WHERE s.content_hash IS NOT v.content_hash"""
        if ids is None:
            yield from (tuple(r) for r in self.conn.execute(sql))
            return
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            yield from (tuple(r) for r in self.conn.execute(
                sql + f" AND a.id IN ({','.join('?' * len(chunk))})", chunk))

    def update_signatures(self, ids: list[str] | None = None, procs: int = 1) -> list[str]:
        """Sign every article whose text changed since it was signed (or only these ``ids``); returns their ids.
        Texts are read, signed and stored ``SIGN_BATCH`` at a time (a whole archive's texts never in memory)."""
        stale_ids = [r[0] for r in self._stale(ids)]
        if not stale_ids:
            return []
        pool = None
        if procs > 1 and len(stale_ids) > 2000:
            methods = multiprocessing.get_all_start_methods()
            pool = multiprocessing.get_context("fork" if "fork" in methods else "spawn").Pool(procs)
        try:
            for start in range(0, len(stale_ids), SIGN_BATCH):
                items = list(self._stale(stale_ids[start:start + SIGN_BATCH], with_text=True))
                rows = pool.map(_signature_row, items, chunksize=200) if pool else [_signature_row(i) for i in items]
                with self.lock, self.conn:
                    for article_id, content_hash, sig in rows:
                        self._store_signature(article_id, content_hash, sig)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        return stale_ids

    def _store_signature(self, article_id: str, content_hash: str, sig: bytes | None) -> None:
        row = self.conn.execute("SELECT key, signature FROM article_signatures WHERE article_id = ?",
                                (article_id,)).fetchone()
        if row is None:
            key = self.conn.execute("INSERT INTO article_signatures (article_id, content_hash, signature) "
                                    "VALUES (?, ?, ?)", (article_id, content_hash, sig)).lastrowid
        else:
            key, old = row
            if old is not None:
                self.conn.executemany("DELETE FROM signature_bands WHERE band = ? AND key = ?",
                                      [(band, key) for band in band_keys(np.frombuffer(old, dtype=np.uint32))])
            self.conn.execute("UPDATE article_signatures SET content_hash = ?, signature = ? WHERE key = ?",
                              (content_hash, sig, key))
        if sig is not None:
            self.conn.executemany("INSERT OR IGNORE INTO signature_bands (band, key) VALUES (?, ?)",
                                  [(band, key) for band in band_keys(np.frombuffer(sig, dtype=np.uint32))])

    def _forget_deleted(self) -> None:
        """Drop the signatures (and bands) of articles no longer in the archive."""
        gone = "SELECT key FROM article_signatures WHERE article_id NOT IN (SELECT id FROM articles)"
        with self.lock, self.conn:
            self.conn.execute(f"DELETE FROM signature_bands WHERE key IN ({gone})")
            self.conn.execute(f"DELETE FROM article_signatures WHERE key IN ({gone})")

    def _signatures(self, keys: Iterable[int]) -> dict[int, Signed]:
        keys, out = list(keys), {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            for key, sig, source in self.conn.execute(
                    f"""SELECT s.key, s.signature, a.source_name FROM article_signatures s
                        JOIN articles a ON a.id = s.article_id
                        WHERE s.key IN ({','.join('?' * len(chunk))}) AND s.signature IS NOT NULL""", chunk):
                out[key] = Signed(np.frombuffer(sig, dtype=np.uint32), source or "")
        return out

    # -- groups -----------------------------------------------------------------------------
    def refresh_groups(self, procs: int | None = None) -> int:
        """Sign what changed, then find every group anew; returns the number of grouped articles."""
        self._forget_deleted()
        self.update_signatures(procs=procs or min(os.cpu_count() or 1, 4))
        buckets = self._buckets(self.conn.execute(
            "SELECT band, key FROM signature_bands WHERE band IN "
            "(SELECT band FROM signature_bands GROUP BY band HAVING COUNT(*) > 1) ORDER BY band"))
        groups = self._link(buckets)
        with self.lock, self.conn:
            self.conn.execute("UPDATE article_signatures SET group_id = NULL WHERE group_id IS NOT NULL")
            grouped = self._name_groups(groups.components())
        log.info("syndicated copies: %d articles in groups", grouped)
        return grouped

    def regroup(self, ids: list[str]) -> set[str]:
        """Follow edits and new articles: sign them, then find the groups of everything they touch
        (their old groups' members, the articles they now resemble and those articles' groups) anew.
        Returns the ids whose group changed (to be indexed again), these ``ids`` included."""
        self.update_signatures(ids)
        keys = self._keys(ids)
        if not keys:
            return set(ids)
        touched = set(keys) | self._members_of_groups(keys)
        bands = self._bands_of(touched)
        touched |= {k for members in self._buckets(self._keys_with_bands(bands)) for k in members}
        touched |= self._members_of_groups(touched)
        before = self._group_map(touched)
        groups = self._link(self._buckets(self._keys_with_bands(self._bands_of(touched))), touched)
        with self.lock, self.conn:
            self._clear_groups(touched)
            self._name_groups(groups.components())
        after = self._group_map(touched)
        sizes_before, sizes_after = _sizes(before), _sizes(after)
        changed = {k for k in touched if (before.get(k), sizes_before.get(before.get(k)))
                   != (after.get(k), sizes_after.get(after.get(k)))}
        return set(ids) | set(self._ids(changed))

    def _link(self, buckets: Iterable[list[int]], within: set[int] | None = None) -> _Groups:
        """Union every pair of one bucket judged the same story (verbatim copies first, whatever their
        number); a bucket of more than ``MAX_BUCKET`` distinct texts is boilerplate and links nothing else.
        With ``within``, the bucket is judged whole but only its keys in ``within`` are linked."""
        groups, cache = _Groups(), {}
        for members in buckets:
            if len(members) < 2 or len(members) > MAX_SCAN:
                continue
            cache.update(self._signatures([k for k in members if k not in cache]))
            signed = [(k, cache[k]) for k in members if k in cache]
            distinct = len({s.sig.tobytes() for _, s in signed})
            if within is not None:
                signed = [(k, s) for k, s in signed if k in within]
            representatives = _merge_verbatim(groups, signed)
            if distinct <= MAX_BUCKET:
                _link_similar(groups, representatives)
        return groups

    @staticmethod
    def _buckets(rows) -> Iterator[list[int]]:
        """Keys sharing a band, one list per band (rows ordered by band)."""
        band, members = None, []
        for b, key in rows:
            if b != band:
                if len(members) > 1:
                    yield members
                band, members = b, []
            members.append(key)
        if len(members) > 1:
            yield members

    def _name_groups(self, components: list[list[int]]) -> int:
        """Each group is named after its earliest article (published, then first seen, then id)."""
        grouped = 0
        for members in components:
            rows = self._in(
                """SELECT s.key, a.id FROM article_signatures s JOIN articles a ON a.id = s.article_id
                   JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version
                   WHERE s.key IN ({marks}) ORDER BY v.published IS NULL, v.published, a.first_seen, a.id""", members)
            if len(rows) < 2:
                continue
            self.conn.executemany("UPDATE article_signatures SET group_id = ? WHERE key = ?",
                                  [(rows[0][1], key) for key, _ in rows])
            grouped += len(rows)
        return grouped

    def _in(self, sql: str, keys: list, chunk: int = 500) -> list[tuple]:
        out = []
        for start in range(0, len(keys), chunk):
            part = keys[start:start + chunk]
            out.extend(tuple(r) for r in self.conn.execute(sql.format(marks=",".join("?" * len(part))), part))
        return out

    def _keys(self, ids: list[str]) -> list[int]:
        return [r[0] for r in self._in("SELECT key FROM article_signatures WHERE article_id IN ({marks})", ids)]

    def _ids(self, keys: Iterable[int]) -> list[str]:
        return [r[0] for r in self._in("SELECT article_id FROM article_signatures WHERE key IN ({marks})", list(keys))]

    def _members_of_groups(self, keys: Iterable[int]) -> set[int]:
        return {r[0] for r in self._in(
            """SELECT m.key FROM article_signatures s JOIN article_signatures m ON m.group_id = s.group_id
               WHERE s.key IN ({marks})""", list(keys))}

    def _bands_of(self, keys: Iterable[int]) -> list[int]:
        return sorted({band for s in self._signatures(keys).values() for band in band_keys(s.sig)})

    def _keys_with_bands(self, bands: list[int]) -> list[tuple]:
        return sorted(self._in("SELECT band, key FROM signature_bands WHERE band IN ({marks})", bands))

    def _group_map(self, keys: Iterable[int]) -> dict[int, str]:
        return {r[0]: r[1] for r in self._in(
            "SELECT key, group_id FROM article_signatures WHERE key IN ({marks}) AND group_id IS NOT NULL", list(keys))}

    def _clear_groups(self, keys: set[int]) -> None:
        for start, part in _chunks(list(keys)):
            self.conn.execute(f"UPDATE article_signatures SET group_id = NULL WHERE key IN ({','.join('?' * len(part))})",
                              part)

    # -- reading ------------------------------------------------------------------------------
    def group_members(self, group_id: str) -> list[dict]:
        """The articles of a group, earliest first: id, url, title, source, published."""
        rows = self.conn.execute(
            """SELECT a.id, a.url, v.title, a.source_name AS source, v.published, a.province FROM article_signatures s
               JOIN articles a ON a.id = s.article_id
               JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version
               WHERE s.group_id = ? ORDER BY v.published IS NULL, v.published, a.first_seen, a.id""", (group_id,))
        return [dict(r) for r in rows]

    def count_grouped(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM article_signatures WHERE group_id IS NOT NULL").fetchone()[0]


def _merge_verbatim(groups: _Groups, signed: list[tuple[int, Signed]]) -> list[tuple[int, Signed]]:
    """Union the keys of identical signatures; returns one (key, signed) per distinct signature and source."""
    first: dict[tuple[bytes, str], int] = {}
    out = []
    for key, s in signed:
        seen = first.setdefault((s.sig.tobytes(), s.source), key)
        if seen == key:
            out.append((key, s))
        else:
            groups.union(seen, key)
    by_text: dict[bytes, int] = {}
    for key, s in out:                      # the same text from two sources: a verbatim reprint
        groups.union(by_text.setdefault(s.sig.tobytes(), key), key)
    return out


def _link_similar(groups: _Groups, signed: list[tuple[int, Signed]]) -> None:
    """Union the pairs whose similarity reaches the threshold for their sources (one or two)."""
    if len(signed) < 2:
        return
    matrix = np.stack([s.sig for _, s in signed])
    sources = np.array([s.source for _, s in signed], dtype=object)
    for i, (key, s) in enumerate(signed[:-1]):
        similarity = np.mean(matrix[i + 1:] == s.sig, axis=1)
        needed = np.where(sources[i + 1:] == s.source, SAME_SOURCE_STORY, SAME_STORY)
        for j in np.flatnonzero(similarity >= needed):
            groups.union(key, signed[i + 1 + int(j)][0])


def _sizes(groups: dict[int, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for g in groups.values():
        out[g] = out.get(g, 0) + 1
    return out


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield start, items[start:start + size]
