"""SearchIndex: the Whoosh index on disk, kept in step with the archive, and searching it.

Layout of ``index_dir``::

    CURRENT          name of the generation in use (replaced atomically)
    write.lock       held by the one writer (update or rebuild), across threads and processes
    gen-<stamp>/     a complete Whoosh index plus danvan-index.json (schema version, build time)

``rebuild`` builds a new generation aside and swaps CURRENT, so search never stops and never sees
a half-built index; ``update`` writes into the current generation with Whoosh's atomic commits.
An index whose schema version differs from ``SCHEMA_VERSION`` is never read: updating it rebuilds
it, and searching it answers nothing (with a notice) while it is rebuilt from the archive next to it.
"""
from __future__ import annotations

import fcntl
import gc
import heapq
import json
import logging
import math
import multiprocessing
import os
import shutil
import sys
import threading
import warnings
import zlib
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from archive import Archive, Article, Config
from index.analysis import WORD_RE, analyse, exact_token, fold_token
from index.fastwriter import INDEX_NAME, build_segment
from index.columns import Evaluator, Mask, SegmentCache, SegmentData, as_mask, by_date, rank, score_terms, segment_key
from index.highlight import highlight_all, snippet
from index.query import MAX_RESULT_WINDOW, CompiledQuery, QueryError, SearchQuery, compile_query, make_parser
from index.results import SearchResults
from index.schema import FACETS, SCHEMA_VERSION, article_document, build_schema

log = logging.getLogger(__name__)

CURRENT_FILE = "CURRENT"
LOCK_FILE = "write.lock"
META_FILE = "danvan-index.json"
GEN_PREFIX = "gen-"
FEW_HITS = 3  # below this many hits, offer "did you mean"
MAX_SUGGEST_CHARS = 16  # longer "words" get no spelling suggestion (one edit: ~70 candidates per letter)
SEGMENT_DOCS = 25_000  # articles per segment in a rebuild (memory while building: ~40 kB each)
PARALLEL_MIN = 4_000  # below this many articles a rebuild runs in this process
SMALL_SEGMENT_DOCS = 5_000  # segments of updates; when MAX_SMALL_SEGMENTS pile up they are rebuilt as one
MAX_SMALL_SEGMENTS = 8
NOTICE_REBUILDING = "the search index is being rebuilt; results will be back shortly"


class _Local(threading.local):
    name: str | None = None
    searcher = None
    parser = None


@dataclass
class _Leaf:
    """One segment's part of a search, as masks: ``base`` matches the query, dates and deletions;
    ``allowed`` holds each filtered facet's documents; ``hits`` = ``base`` and every ``allowed``."""

    sub: object
    offset: int
    data: SegmentData
    base: Mask
    allowed: dict[str, Mask]
    hits: Mask


class SearchIndex:
    """The search index of one archive home (``config.index_dir``).

    ``result_window``: how deep ``search`` pages (page * per_page); ``iter_hits`` has no such limit.
    """

    def __init__(self, index_dir: Path, writer_procs: int | None = None, result_window: int = MAX_RESULT_WINDOW):
        self.index_dir = Path(index_dir)
        self.writer_procs = writer_procs
        self.result_window = result_window
        self._local = _Local()
        self._cache = SegmentCache()
        self._write_mutex = threading.Lock()
        self._current_stat: tuple | None = None
        self._current_value: tuple[str, Path, bool] | None = None
        self._vocab: tuple[tuple, dict[str, int], dict[str, str]] | None = None
        self._auto_rebuild: threading.Thread | None = None
        self._open_searchers: set = set()
        self._registry_lock = threading.Lock()

    # -- generations ------------------------------------------------------------------------
    def _current(self) -> tuple[str, Path, bool] | None:
        """(name, path, usable) of the generation in use, or None when there is no index yet."""
        pointer = self.index_dir / CURRENT_FILE
        try:
            st = pointer.stat()
        except FileNotFoundError:
            return None
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        if key != self._current_stat:
            name = pointer.read_text(encoding="utf-8").strip()
            path = self.index_dir / name
            self._current_value = (name, path, _generation_usable(path))
            self._current_stat = key
        return self._current_value

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """One writer at a time: a thread lock plus an flock that other processes respect."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with self._write_mutex, open(self.index_dir / LOCK_FILE, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _swap(self, name: str) -> None:
        tmp = self.index_dir / f"{CURRENT_FILE}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(name + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.index_dir / CURRENT_FILE)
        _fsync_dir(self.index_dir)

    def _cleanup(self, keep: set[str]) -> None:
        """Remove generations other than ``keep``. A reader still on a removed one keeps its open files (POSIX
        unlink semantics); one that needs a file it had not opened yet reopens on the current generation."""
        for path in self.index_dir.glob(GEN_PREFIX + "*"):
            if path.name not in keep and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    # -- writing -----------------------------------------------------------------------------
    def rebuild(self, archive: Archive, progress: bool = False) -> int:
        """Build a new index of every archive article aside, then swap it in; returns its size."""
        with self._write_lock():
            return self._rebuild_locked(archive, progress)

    def _rebuild_locked(self, archive: Archive, progress: bool = False) -> int:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        name = f"{GEN_PREFIX}{stamp}-{os.getpid()}"
        path = self.index_dir / name
        path.mkdir(parents=True)
        total = archive.count_articles()
        try:
            schema = build_schema()
            articles = _progress(archive.iter_articles(), total, progress)
            segments, count = self._build_segments(path, schema, articles, total)
            storage = FileStorage(str(path))
            TOC(schema, segments, 0).write(storage, INDEX_NAME)
            meta = {"schema_version": SCHEMA_VERSION, "built_at": stamp, "documents": count}
            (path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
            _fsync_dir(path)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        self._swap(name)
        self._cleanup({name})
        log.info("index rebuilt: %d documents in %s", count, path)
        return count

    def _build_segments(self, path: Path, schema, articles: Iterable[Article], total: int) -> tuple[list, int]:
        """Segments of at most SEGMENT_DOCS articles, built by worker processes when there are many."""
        procs = self.writer_procs or min(os.cpu_count() or 1, 4)
        if total < PARALLEL_MIN or procs < 2:
            batches = _batches(articles, SEGMENT_DOCS)
            segments, count = [], 0
            for part, batch in enumerate(batches):
                segments.append(build_segment(str(path), str(part), schema, map(article_document, batch)))
                count += len(batch)
            return segments, count
        per_segment = max(1000, min(SEGMENT_DOCS, -(-total // procs)))
        segments, count, pending = [], 0, deque()
        # fork: workers need nothing re-imported (spawn would re-run a caller's unguarded script)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with context.Pool(procs) as pool:
            for part, batch in enumerate(_batches(articles, per_segment)):
                pending.append(pool.apply_async(_build_part, (str(path), str(part), batch)))
                count += len(batch)
                while len(pending) > procs:
                    segments.append(pending.popleft().get())
            while pending:
                segments.append(pending.popleft().get())
        return segments, count

    def update(self, archive: Archive, article_ids: Iterable[str]) -> int:
        """Follow the archive for these articles (new, edited, removed, gone); returns how many.

        Old versions are marked deleted in their segments and the current versions go into one new
        segment, committed atomically. When small segments pile up, their articles are re-read from
        the archive into that new segment, so the index stays a few segments.
        """
        ids = list(dict.fromkeys(article_ids or ()))
        if not ids:
            return 0
        with self._write_lock():
            current = self._current()
            if current is None or not current[2]:
                log.info("no usable index at %s: rebuilding it from the archive", self.index_dir)
                self._rebuild_locked(archive)
                return len(ids)
            ix = whoosh_index.open_dir(str(current[1]))
            try:
                writer = ix.writer()
                try:
                    self._update_segments(ix, writer, archive, ids)
                except BaseException:
                    writer.cancel()
                    raise
            finally:
                ix.close()
        return len(ids)

    def _update_segments(self, ix, writer, archive: Archive, ids: list[str]) -> None:
        small = [seg for seg in writer.segments if seg.doc_count() < SMALL_SEGMENT_DOCS]
        refill: list[str] = []
        if len(small) >= MAX_SMALL_SEGMENTS:
            with ix.reader() as reader:
                for sub, _ in reader.leaf_readers():
                    if any(sub.segment().segment_id() == seg.segment_id() for seg in small):
                        refill.extend(fields["id"] for fields in sub.all_stored_fields())
            small_ids = {seg.segment_id() for seg in small}
            writer.segments = [seg for seg in writer.segments if seg.segment_id() not in small_ids]
        for article_id in ids:
            writer.delete_by_term("id", article_id)
        wanted = list(dict.fromkeys([*refill, *ids]))
        articles = (archive.get_article(article_id) for article_id in wanted)
        docs = (article_document(a) for a in articles if a is not None)
        part = "u" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        segment = build_segment(str(ix.storage.folder), part, writer.schema, docs)
        if segment.doc_count_all():
            writer.segments.append(segment)
        writer.commit(merge=False)

    # -- reading -----------------------------------------------------------------------------
    def _searcher(self):
        """This thread's searcher on the current generation, reopened only when the index changed."""
        current = self._current()
        local = self._local
        if (local.searcher is not None and current is not None and current[2] and local.name == current[0]
                and _up_to_date(local.searcher)):
            return local.searcher
        # (not Whoosh's refresh(): its reader reuse keeps stale deletions and dropped segments)
        self._retire(local.searcher)
        local.searcher = None
        opened = self._open_current()
        if opened is None:
            return None
        local.name, local.searcher = opened
        self._forget_other_segments(local.searcher)
        return local.searcher

    def _open_current(self) -> tuple[str, object] | None:
        """(name, a new searcher) of the generation in use, or None while there is no usable index.
        Tried twice: a rebuild may swap the generation away between reading CURRENT and opening it."""
        for attempt in (1, 2):
            current = self._current()
            if current is None or not current[2]:
                if current is not None:
                    self._start_auto_rebuild()
                return None
            try:
                searcher = whoosh_index.open_dir(str(current[1])).searcher()
            except OSError as exc:
                if attempt == 2:
                    raise
                log.warning("index changed while opening it (%s); trying again", str(exc))
                self._current_stat = None
                continue
            with self._registry_lock:
                self._open_searchers.add(searcher)
            return current[0], searcher
        raise AssertionError("unreachable")

    def _retire(self, searcher) -> None:
        if searcher is None:
            return
        with self._registry_lock:
            self._open_searchers.discard(searcher)
        searcher.close()

    def close(self) -> None:
        """Close every searcher this object opened (in any thread)."""
        with self._registry_lock:
            searchers, self._open_searchers = list(self._open_searchers), set()
        for searcher in searchers:
            searcher.close()
        self._local = _Local()

    def __del__(self) -> None:
        # a safety net for owners that never call close() (a CLI command, an app object): close
        # the searchers' files ourselves rather than leave them to the garbage collector
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing useful to do about it at this point
            pass

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _forget_other_segments(self, searcher) -> None:
        self._cache.forget_except({segment_key(r) for r, _ in searcher.reader().leaf_readers()})

    def _parser(self):
        if self._local.parser is None:
            self._local.parser = make_parser()
        return self._local.parser

    def _start_auto_rebuild(self) -> None:
        """An index of another schema version: rebuild it in the background from the archive beside it."""
        if self._auto_rebuild is not None and self._auto_rebuild.is_alive():
            return
        config = Config(home=self.index_dir.parent)
        if config.index_dir != self.index_dir or not config.db_path.exists():
            log.warning("the index at %s is outdated; run 'danvan reindex'", self.index_dir)
            return

        def run() -> None:
            try:
                with Archive.open(config) as archive:
                    current = self._current()
                    if current is not None and not current[2]:
                        self.rebuild(archive)
            except Exception:
                log.exception("rebuilding the outdated index failed")

        self._auto_rebuild = threading.Thread(target=run, name="danvan-reindex", daemon=True)
        self._auto_rebuild.start()

    def wait_for_rebuild(self, timeout: float | None = None) -> None:
        """Wait for a background rebuild started by a search on an outdated index (tests, CLI)."""
        if self._auto_rebuild is not None:
            self._auto_rebuild.join(timeout)

    def warm_up(self) -> None:
        """Read what the first searches would otherwise wait for: every segment's columns and the
        did-you-mean vocabulary (at 100k articles about 0.3 s each). Safe to run in a thread."""
        searcher = self._searcher()
        if searcher is None:
            return
        for reader, _ in searcher.reader().leaf_readers():
            self._cache.data(reader)
        self._vocabulary(searcher)

    def doc_count(self) -> int:
        searcher = self._searcher()
        return searcher.doc_count() if searcher is not None else 0

    def freshness(self, archive: Archive) -> dict:
        """Documents in the index, articles in the archive, and whether the index follows it."""
        current = self._current()
        documents = self.doc_count()
        articles = archive.count_articles()
        usable = current is not None and current[2]
        return {"documents": documents, "articles": articles, "up_to_date": bool(usable and documents == articles),
                "schema_version": SCHEMA_VERSION, "generation": current[0] if current else None}

    def search(self, search_query: SearchQuery) -> SearchResults:
        """Answer one search; raises QueryError for a query that cannot be answered."""
        sq = search_query.validated(self.result_window)
        compiled = compile_query(sq.q, self._parser())
        for attempt in (1, 2):
            searcher = self._searcher()
            if searcher is None:
                current = self._current()
                notice = NOTICE_REBUILDING if current is not None else None
                return SearchResults(0, sq.page, sq.per_page, [], {f: [] for f in FACETS}, None, sq.sort, notice)
            try:
                return self._search(searcher, sq, compiled)
            except (OSError, ValueError) as exc:
                if isinstance(exc, QueryError) or attempt == 2:
                    raise
                log.warning("search failed on a changing index (%s); reopening", str(exc))
                self._retire(self._local.searcher)
                self._local.searcher = None
        raise AssertionError("unreachable")

    def _search(self, searcher, sq: SearchQuery, compiled: CompiledQuery) -> SearchResults:
        leaves = self._leaves(searcher, sq, compiled)
        total = sum(int(np.count_nonzero(leaf.hits)) for leaf in leaves)
        counts = _facet_counts(leaves, sq.filters)
        facets = {facet: _facet_list(facet, counts[facet]) for facet in FACETS}
        wanted = sq.page * sq.per_page
        ranked = self._ranked(searcher, leaves, sq, compiled, wanted) if total else []
        page = ranked[(sq.page - 1) * sq.per_page:wanted]
        hits = [self._hit(searcher, docnum, score, compiled.words) for docnum, score in page]
        suggestion = None
        if total < FEW_HITS and compiled.terms:
            suggestion = self._checked_suggestion(searcher, sq, total)
        return SearchResults(total, sq.page, sq.per_page, hits, facets, suggestion, sq.sort)

    def _checked_suggestion(self, searcher, sq: SearchQuery, total: int) -> str | None:
        """A did-you-mean query only when it finds more than the query itself (with the same filters)."""
        suggestion = self._suggest(searcher, sq.q)
        if suggestion is None:
            return None
        try:
            compiled = compile_query(suggestion, self._parser())
        except QueryError:
            return None
        found = sum(int(np.count_nonzero(leaf.hits)) for leaf in self._leaves(searcher, replace(sq, q=suggestion),
                                                                               compiled))
        return suggestion if found > total else None

    def _leaves(self, searcher, sq: SearchQuery, compiled: CompiledQuery) -> list[_Leaf]:
        leaves = []
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            data = self._cache.data(reader)
            base = self._base(reader, data, Evaluator(self._cache, reader).docs(compiled.match), sq)
            allowed = {facet: data.any_of(facet, values) for facet, values in sq.filters.items()}
            leaves.append(_Leaf(sub, offset, data, base, allowed, _intersect(base, allowed.values())))
        return leaves

    @staticmethod
    def _base(reader, data: SegmentData, docs: Mask, sq: SearchQuery) -> Mask:
        """The matching documents inside the date range, deleted ones left out (facet filters not applied)."""
        if sq.date_from or sq.date_to:
            docs = docs & data.in_date_range(_date_int(sq.date_from), _date_int(sq.date_to))
        return _without_deleted(reader, docs)

    def _ranked(self, searcher, leaves: list[_Leaf], sq: SearchQuery, compiled: CompiledQuery,
                wanted: int) -> list[tuple[int, float | None]]:
        """The first ``wanted`` hits in the query's order: (global docnum, score or None)."""
        terms = score_terms(compiled.score) if sq.sort == "relevance" and compiled.scorable else []
        if terms:
            segments = [(leaf.sub.reader(), leaf.offset, leaf.data, leaf.hits) for leaf in leaves]
            return rank(self._cache, segments, terms, wanted)
        segments = [(leaf.offset, leaf.data, leaf.hits) for leaf in leaves]
        return by_date(segments, wanted, newest=sq.sort != "oldest")

    def _hit(self, searcher, docnum: int, score: float | None, words: list[str] | None) -> dict:
        """A hit's stored fields and score; with ``words`` (even none) its snippet and highlighted title."""
        stored = searcher.stored_fields(docnum)
        hit = dict(stored.get("doc") or {})
        if words is not None:
            hit["snippet"] = snippet(_stored_text(stored), words)
            hit["title_highlighted"] = highlight_all(hit.get("title") or "", words)
        hit["score"] = round(score, 4) if score is not None else None
        return hit

    # -- every hit ----------------------------------------------------------------------------
    def iter_hits(self, search_query: SearchQuery, limit: int | None = None,
                  snippets: bool = False) -> Iterator[dict]:
        """Every hit of a search (or the first ``limit``) in its sort order, without paging.

        Relevance ranks all hits by the same BM25 scores as ``search`` (newest first for an empty or
        exclusion-only query); newest / oldest put undated hits last. Page and per_page are ignored.
        The order is computed before this returns (a bad query raises QueryError here, before a
        caller starts a response); the hits are then read lazily from a searcher of their own, so
        they all come from one version of the index even if it changes meanwhile. Hits carry the
        stored fields and score; ``snippets`` adds snippets and highlighted titles (costly: each
        hit's text is decompressed). Closing or dropping the iterator closes its searcher.
        """
        sq = search_query.validated(window=None)
        compiled = compile_query(sq.q, self._parser())
        for attempt in (1, 2):
            searcher = self._own_searcher()
            if searcher is None:
                return iter(())
            try:
                leaves = self._leaves(searcher, sq, compiled)
                total = sum(int(np.count_nonzero(leaf.hits)) for leaf in leaves)
                wanted = total if limit is None else max(0, min(total, limit))
                ranked = self._ranked(searcher, leaves, sq, compiled, wanted) if wanted else []
            except (OSError, ValueError) as exc:
                self._retire(searcher)
                if isinstance(exc, QueryError) or attempt == 2:
                    raise
                log.warning("export failed on a changing index (%s); reopening", str(exc))
                continue
            except BaseException:
                self._retire(searcher)
                raise
            stream = self._stream_hits(searcher, ranked, compiled.words if snippets else None)
            next(stream)  # started: from now on closing or dropping the generator runs its finally
            return stream
        raise AssertionError("unreachable")

    def _stream_hits(self, searcher, ranked: list[tuple[int, float | None]],
                     words: list[str] | None) -> Iterator[dict]:
        try:
            yield {}  # consumed by iter_hits
            for docnum, score in ranked:
                yield self._hit(searcher, docnum, score, words)
        finally:
            self._retire(searcher)

    def _own_searcher(self):
        """A searcher on the current generation for one caller alone (give it back with ``_retire``)."""
        opened = self._open_current()
        return opened[1] if opened else None

    # -- did you mean -------------------------------------------------------------------------
    def _vocabulary(self, searcher) -> tuple[dict[str, int], dict[str, str]]:
        """Folded term -> document frequency, and folded term -> its most frequent exact spelling."""
        key = tuple(segment_key(r) for r, _ in searcher.reader().leaf_readers())
        if self._vocab is not None and self._vocab[0] == key:
            return self._vocab[1], self._vocab[2]
        # segment by segment: each segment's terms are read in one sequential pass (a multi-segment
        # reader would look every term up in every segment)
        freq: Counter = Counter()
        exact: Counter = Counter()
        for reader, _ in searcher.reader().leaf_readers():
            for fieldname, counts in (("title_fold", freq), ("body_fold", freq),
                                      ("title_exact", exact), ("body_exact", exact)):
                if fieldname in reader.schema:
                    for term, info in reader.iter_field(fieldname):
                        counts[term.decode("utf-8") if isinstance(term, bytes) else term] += info.doc_frequency()
        best: dict[str, tuple[int, str]] = {}
        for word, df in exact.items():
            folded = fold_token(word)
            if df > best.get(folded, (0, ""))[0]:
                best[folded] = (df, word)
        spellings = {f: w for f, (_, w) in best.items()}
        self._vocab = (key, dict(freq), spellings)
        return self._vocab[1], self._vocab[2]

    def _suggest(self, searcher, text: str) -> str | None:
        """The query with each unknown (or rare) word replaced by the most frequent close word."""
        freq, spellings = self._vocabulary(searcher)
        changed = False

        def replace(m) -> str:
            nonlocal changed
            word = m.group(0)
            folded = fold_token(exact_token(word))
            if freq.get(folded, 0) > 0 or not 2 <= len(folded) <= MAX_SUGGEST_CHARS or folded in {"and", "or", "not"}:
                return word
            candidates = [c for c in _edits1(folded) if c in freq]
            if not candidates and 5 <= len(folded) <= MAX_SUGGEST_CHARS // 2:
                candidates = [c2 for c1 in _edits1(folded) for c2 in _edits1(c1) if c2 in freq]
            if not candidates:
                return word
            choice = max(candidates, key=lambda c: (freq[c], c))
            changed = True
            typed_plain = exact_token(word) == folded  # typed without diacritics: suggest without them
            return choice if typed_plain else spellings.get(choice, choice)

        suggestion = WORD_RE.sub(replace, text)
        return suggestion if changed else None

    # -- more like this -----------------------------------------------------------------------
    def more_like_this(self, article_id: str, limit: int = 5) -> list[dict]:
        """Articles sharing this one's most distinctive words (the article itself excluded)."""
        searcher = self._searcher()
        if searcher is None:
            return []
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return []
        stored = searcher.stored_fields(docnum)
        title = (stored.get("doc") or {}).get("title") or ""
        tf = Counter(analyse(f"{title} {title} {_stored_text(stored)}")[1])
        n = max(searcher.doc_count(), 1)
        weighted = []
        for term, count in tf.items():
            df = searcher.doc_frequency("body_fold", term) + searcher.doc_frequency("title_fold", term)
            if len(term) < 2 or df <= 1 or df > n * 0.5:
                continue
            weighted.append((count * math.log(n / df), term))
        top = heapq.nlargest(12, weighted)
        if not top:
            return []
        terms = [(field, term, max(weight, 0.1)) for weight, term in top for field in ("body_fold", "title_fold")]
        leaves = []
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            data = self._cache.data(reader)
            hits = np.zeros(data.size, dtype=bool)
            for field, term, _ in terms:
                hits |= self._cache.term_mask(reader, field, term)
            hits = _without_deleted(reader, hits)
            if 0 <= docnum - offset < data.size:
                hits[docnum - offset] = False
            leaves.append((reader, offset, data, hits))
        ranked = rank(self._cache, leaves, terms, limit)
        return [self._hit(searcher, d, score, []) for d, score in ranked]


# -- helpers ---------------------------------------------------------------------------------

def _generation_usable(path: Path) -> bool:
    """Whether a generation folder holds a complete index of the current schema version."""
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if meta.get("schema_version") != SCHEMA_VERSION:
        return False
    # Whoosh leaves the file open when a TOC cannot be read: let it go quietly with the exception
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = whoosh_index.open_dir(str(path))
            names = set(ix.schema.names())
            ix.close()
        except Exception as exc:  # an unreadable or foreign index is rebuilt, whatever went wrong
            log.warning("index at %s cannot be opened (%s): it will be rebuilt", path, str(exc))
            names = None
        if names is None:
            gc.collect()
            return False
    return names == set(build_schema().names())


def _stored_text(stored: dict) -> str:
    """An article's text from its stored fields (kept zlib-compressed)."""
    return zlib.decompress(stored["text_z"]).decode("utf-8") if stored.get("text_z") else ""


def _up_to_date(searcher) -> bool:
    """Whether a searcher still shows the latest commit of its generation (False if it vanished)."""
    try:
        return searcher.up_to_date()
    except OSError:
        return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _build_part(folder: str, part: str, articles: list[Article]):
    """Worker process: one segment from a batch of articles."""
    return build_segment(folder, part, build_schema(), map(article_document, articles))


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _progress(items, total: int, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm
    return tqdm(items, total=total, unit="art", file=sys.stderr, desc="indexing")


def _date_int(bound: str | None) -> int | None:
    if not bound:
        return None
    return int(bound.replace("-", "").replace(" ", "").replace(":", ""))


def _without_deleted(reader, docs: Mask) -> Mask:
    """``docs`` less the segment's deleted documents."""
    deleted = reader.deleted_docs_set
    return docs & ~as_mask(deleted, len(docs)) if deleted else docs


def _intersect(base: Mask, others: Iterable[Mask]) -> Mask:
    """The documents in ``base`` and in every mask of ``others``."""
    for other in others:
        base = base & other
    return base


def _facet_counts(leaves: list[_Leaf], filters: dict[str, list[str]]) -> dict[str, Counter]:
    """Counts of every facet over the hits, except that a filtered facet is counted with all the other
    filters but not its own (disjunctive facets: its other values show what ticking them would add)."""
    counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
    for leaf in leaves:
        for facet in FACETS:
            docs = leaf.hits if facet not in filters else _intersect(
                leaf.base, [mask for other, mask in leaf.allowed.items() if other != facet])
            counts[facet].update(leaf.data.count(facet, docs))
    return counts


def _facet_list(facet: str, counts: Counter) -> list[dict]:
    if facet == "year":
        items = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
    else:
        items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"value": value, "count": count} for value, count in items if count]


def _edits1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})
