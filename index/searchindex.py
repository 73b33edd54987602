"""SearchIndex: the Whoosh index on disk, kept in step with the archive, and searching it.

The work is split as Whoosh splits it: ``generations`` (which index is in use, the writer's lock, the
atomic swap), ``writing`` (rebuild and update), ``searching`` (masks, order, hits), ``spelling``
(did you mean). ``rebuild`` builds a new generation aside and swaps CURRENT, so search never stops and
never sees a half-built index; ``update`` writes into the current generation with Whoosh's atomic
commits. An index whose schema version differs from ``SCHEMA_VERSION`` is never read: updating it
rebuilds it, and searching it answers nothing (with a notice) while it is rebuilt from the archive
handed in (``SearchIndex.of(config)``).

One searcher per process serves every thread (behind a lock), so a server's open files do not grow
with its threads or its requests: they are those of the current generation's segments, once.
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from whoosh import index as whoosh_index

from archive import Archive, Config
from index import research, searching, writing
from index.columns import segment_key
from index.segmentcache import SegmentCache
from index.ranking import Ranked
from index.facets import facet_counts, facet_list
from index.generations import Generation, Generations
from index.query import CompiledQuery, QueryError, compile_query, make_parser
from index.results import SearchResults
from index.searchquery import MAX_RESULT_WINDOW, SearchQuery
from index.schema import FACETS, SCHEMA_VERSION
from index.settings import DEFAULT_CACHE_MB, index_settings
from index.spelling import Vocabulary
from index.research import TermList
from index.trends import INTERVALS, MAX_COMPARE, Series, Trend

log = logging.getLogger(__name__)

FEW_HITS = 3  # below this many hits, offer "did you mean"
DEFAULT_TERMS, MAX_TERMS = 25, 100  # telling words listed
COMPILED_QUERIES = 1024  # query texts kept compiled
NOTICE_REBUILDING = "the search index is being rebuilt; results will be back shortly"


class OpenSearcher(NamedTuple):
    """The process's shared searcher and the generation it reads."""

    generation: str
    searcher: object


class SearchIndex:
    """The search index of one folder (``config.index_dir``).

    ``open_archive``: how to open the archive the index follows, for a rebuild in the background when
    the index on disk is of another schema version (``SearchIndex.of(config)`` passes it).
    ``result_window``: how deep ``search`` pages (page * per_page); ``iter_hits`` has no such limit.
    """

    def __init__(self, index_dir: Path, writer_procs: int | None = None, result_window: int = MAX_RESULT_WINDOW,
                 open_archive: Callable[[], Archive] | None = None, cache_mb: int = DEFAULT_CACHE_MB):
        self.index_dir = Path(index_dir)
        self.generations = Generations(self.index_dir)
        self.writer_procs, self.result_window, self.open_archive = writer_procs, result_window, open_archive
        self._cache = SegmentCache(cache_mb * 1_000_000)
        self._read_lock = threading.RLock()   # the shared searcher is used by one thread at a time
        self._searcher_of: OpenSearcher | None = None
        self._own: set = set()                # searchers handed to iter_hits streams, closed by them
        self._parser = make_parser()
        self.compile = lru_cache(maxsize=COMPILED_QUERIES)(self._compile)  # a query's text -> CompiledQuery
        self._vocab: Vocabulary | None = None
        self._archive_terms: tuple | None = None  # (segment keys, the archive sample's term counts)
        self._auto_rebuild: threading.Thread | None = None

    def _compile(self, text: str) -> CompiledQuery:
        """The query text compiled with this index's parser (raises QueryError; kept: CompiledQuery is frozen)."""
        return compile_query(text, self._parser)

    @classmethod
    def of(cls, config: Config, **kwargs) -> "SearchIndex":
        """The index of an archive home, able to rebuild itself from that archive, with its ``[index]`` settings
        (``cache_mb``: the arrays of terms kept in memory per process; raises ConfigError for a bad one)."""
        return cls(config.index_dir, open_archive=lambda: Archive.open(config), **index_settings(config), **kwargs)

    # -- writing -----------------------------------------------------------------------------
    def rebuild(self, archive: Archive, progress: bool = False) -> int:
        """Build a new index of every archive article aside, then swap it in; returns its size."""
        with self.generations.write_lock():
            return writing.rebuild(self.generations, archive, self.writer_procs, progress)

    def update(self, archive: Archive, article_ids: Iterable[str]) -> int:
        """Follow the archive for these articles (new, edited, removed, gone); returns how many."""
        ids = list(dict.fromkeys(article_ids or ()))
        if not ids:
            return 0
        with self.generations.write_lock():
            current = self.generations.current()
            if current is None or not current.usable:
                log.info("no usable index at %s: rebuilding it from the archive", self.index_dir)
                writing.rebuild(self.generations, archive, self.writer_procs)
                return len(ids)
            return writing.update(self.generations, archive, ids, self.writer_procs)

    # -- the shared searcher -----------------------------------------------------------------
    def _searcher(self):
        """The process's searcher on the current generation (callers hold ``_read_lock``), or None."""
        current = self.generations.current()
        held = self._searcher_of
        if held is not None and current is not None and current.usable and held.generation == current.name \
                and _up_to_date(held.searcher):
            return held.searcher
        # (not Whoosh's refresh(): its reader reuse keeps stale deletions and dropped segments)
        self._searcher_of = None
        if held is not None:
            held.searcher.close()
        opened = self._open_current()
        if opened is None:
            return None
        self._searcher_of = opened
        self._cache.forget_except({segment_key(r) for r, _ in opened.searcher.reader().leaf_readers()})
        return opened.searcher

    def _open_current(self) -> "OpenSearcher | None":
        """A new searcher on the generation in use, or None while there is no usable index.
        Tried twice: a rebuild may swap the generation away between reading CURRENT and opening it."""
        for attempt in (1, 2):
            current = self.generations.current()
            if current is None or not current.usable:
                if current is not None:
                    self._start_auto_rebuild(current)
                return None
            try:
                return OpenSearcher(current.name, whoosh_index.open_dir(str(current.path)).searcher())
            except OSError as exc:
                if attempt == 2:
                    raise
                log.warning("index changed while opening it (%s); trying again", str(exc))
                self.generations.forget()
        raise AssertionError("unreachable")

    def _reset(self) -> None:
        """Drop the shared searcher (a search met an index that changed under it)."""
        held, self._searcher_of = self._searcher_of, None
        if held is not None:
            held.searcher.close()

    def close(self) -> None:
        """Close the shared searcher and those of unfinished exports."""
        with self._read_lock:
            self._reset()
            own, self._own = list(self._own), set()
        for searcher in own:
            searcher.close()

    def __del__(self) -> None:
        # a safety net for owners that never call close() (a CLI command, an app object)
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing useful to do about it at this point
            pass

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start_auto_rebuild(self, current: Generation) -> None:
        """An index of another schema version: rebuild it in the background from the archive handed in."""
        if self._auto_rebuild is not None and self._auto_rebuild.is_alive():
            return
        if self.open_archive is None:
            log.warning("the index at %s is outdated; run 'danvan reindex'", self.index_dir)
            return

        def run() -> None:
            try:
                with self.open_archive() as archive:
                    now = self.generations.current()
                    if now is not None and not now.usable:
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
        """Read what the first searches would otherwise wait for: every segment's columns and the offsets of
        its stored fields (read when a hit is shown), one segment at a time so that searches go on between
        them, then the did-you-mean vocabulary on a searcher of its own. Safe to run in a thread."""
        with self._read_lock:
            searcher = self._searcher()
            if searcher is None:
                return
            readers = [r for r, _ in searcher.reader().leaf_readers()]
        for reader in readers:
            with self._read_lock:
                self._cache.data(reader)
                if reader.doc_count_all():
                    reader.stored_fields(0)
        opened = self._open_current()
        if opened is None:
            return
        try:
            vocabulary = _read_vocabulary(opened.searcher)
            with self._read_lock:
                if self._vocab is None or self._vocab.key != vocabulary.key:
                    self._vocab = vocabulary
        finally:
            opened.searcher.close()

    def doc_count(self) -> int:
        with self._read_lock:
            searcher = self._searcher()
            return searcher.doc_count() if searcher is not None else 0

    def open_files(self) -> int:
        """Segments the shared searcher reads (a figure for operators: it does not grow with requests)."""
        with self._read_lock:
            searcher = self._searcher()
            return len(searcher.reader().leaf_readers()) if searcher is not None else 0

    def freshness(self, archive: Archive) -> dict:
        """Records in the index (``documents``), articles and read attached documents in the archive, and
        whether the index follows it."""
        current = self.generations.current()
        documents = self.doc_count()
        articles, files = archive.count_articles(), archive.count_documents()
        usable = current is not None and current.usable
        return {"documents": documents, "articles": articles, "attached_documents": files,
                "up_to_date": bool(usable and documents == articles + files),
                "schema_version": SCHEMA_VERSION, "generation": current.name if current else None}

    # -- search -------------------------------------------------------------------------------
    def search(self, search_query: SearchQuery) -> SearchResults:
        """Answer one search; raises QueryError for a query that cannot be answered."""
        sq = search_query.validated(self.result_window)
        compiled = self.compile(sq.q)
        with self._read_lock:
            for attempt in (1, 2):
                searcher = self._searcher()
                if searcher is None:
                    notice = NOTICE_REBUILDING if self.generations.current() is not None else None
                    return SearchResults(0, sq.page, sq.per_page, [], {f: [] for f in FACETS}, None, sq.sort, notice)
                try:
                    return self._search(searcher, sq, compiled)
                except (OSError, ValueError) as exc:
                    if isinstance(exc, QueryError) or attempt == 2:
                        raise
                    log.warning("search failed on a changing index (%s); reopening", str(exc))
                    self._reset()
        raise AssertionError("unreachable")

    def _search(self, searcher, sq: SearchQuery, compiled: CompiledQuery) -> SearchResults:
        found = searching.leaves(self._cache, searcher, sq, compiled)
        total = searching.total(found)
        counts = facet_counts(found, sq.matched_filters, sq.unique)
        facets = {facet: facet_list(facet, counts[facet]) for facet in FACETS}
        wanted = sq.page * sq.per_page
        ranked = searching.ranked(self._cache, found, sq, compiled, wanted) if total else []
        page = ranked[(sq.page - 1) * sq.per_page:wanted]
        hits = [searching.hit(searcher, r.docnum, r.score, compiled.words) for r in page]
        suggestion = self._checked_suggestion(searcher, sq, total) if total < FEW_HITS and compiled.terms else None
        return SearchResults(total, sq.page, sq.per_page, hits, facets, suggestion, sq.sort)

    def _vocabulary(self, searcher) -> Vocabulary:
        if self._vocab is None or self._vocab.key != _segment_keys(searcher):
            self._vocab = _read_vocabulary(searcher)
        return self._vocab

    def _checked_suggestion(self, searcher, sq: SearchQuery, total: int) -> str | None:
        """A did-you-mean query only when it finds more than the query itself (with the same filters)."""
        suggestion = self._vocabulary(searcher).suggest(sq.q)
        if suggestion is None:
            return None
        try:
            compiled = self.compile(suggestion)
        except QueryError:
            return None
        found = searching.total(searching.leaves(self._cache, searcher, replace(sq, q=suggestion), compiled))
        return suggestion if found > total else None

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
        compiled = self.compile(sq.q)
        for attempt in (1, 2):
            opened = self._open_current()
            if opened is None:
                return iter(())
            searcher = opened.searcher
            try:
                with self._read_lock:  # the segment cache is shared with the searches
                    found = searching.leaves(self._cache, searcher, sq, compiled)
                    total = searching.total(found)
                    wanted = total if limit is None else max(0, min(total, limit))
                    ranked = searching.ranked(self._cache, found, sq, compiled, wanted) if wanted else []
            except (OSError, ValueError) as exc:
                searcher.close()
                if isinstance(exc, QueryError) or attempt == 2:
                    raise
                log.warning("export failed on a changing index (%s); reopening", str(exc))
                continue
            except BaseException:
                searcher.close()
                raise
            self._own.add(searcher)
            stream = self._stream_hits(searcher, ranked, compiled.words if snippets else None)
            next(stream)  # started: from now on closing or dropping the generator runs its finally
            return stream
        raise AssertionError("unreachable")

    def _stream_hits(self, searcher, ranked: list[Ranked], words: list[str] | None) -> Iterator[dict]:
        try:
            yield {}  # consumed by iter_hits
            for r in ranked:
                yield searching.hit(searcher, r.docnum, r.score, words)
        finally:
            self._own.discard(searcher)
            searcher.close()

    # -- research ----------------------------------------------------------------------------
    def trends(self, search_query: SearchQuery, interval: str = "month", compare: list[str] | tuple = ()) -> Trend:
        """Matching articles per period against all articles of the same filters (one series per query)."""
        sq = search_query.validated(window=None)
        if interval not in INTERVALS:
            raise QueryError("bad_interval", interval=interval)
        queries = [sq.q, *compare]
        if len(queries) > MAX_COMPARE + 1:
            raise QueryError("too_many_series", limit=MAX_COMPARE + 1, count=len(queries))
        compiled = [self.compile(q) for q in queries]  # a bad query fails before any work
        with self._read_lock:
            searcher = self._searcher()
            if searcher is None:
                return Trend(interval, [Series(q, sq.filters) for q in queries])
            return research.trend(self._cache, searcher, sq, interval, queries, compiled)

    def terms(self, search_query: SearchQuery, limit: int = DEFAULT_TERMS) -> TermList:
        """The words and phrases most distinctive of the search's articles against the whole archive."""
        sq = search_query.validated(window=None)
        compiled = self.compile(sq.q)
        limit = max(1, min(int(limit), MAX_TERMS))
        with self._read_lock:
            searcher = self._searcher()
            if searcher is None:
                return TermList()
            return research.telling_terms(self._cache, searcher, sq, compiled, limit, self._background(searcher))

    def _background(self, searcher):
        """The archive's sample for telling words, counted once per set of segments."""
        key = tuple(segment_key(r) for r, _ in searcher.reader().leaf_readers())
        if self._archive_terms is None or self._archive_terms[0] != key:
            self._archive_terms = (key, research.background(self._cache, searcher))
        return self._archive_terms[1]

    # -- more like this -----------------------------------------------------------------------
    def more_like_this(self, article_id: str, limit: int = 5) -> list[dict]:
        """Articles sharing this one's most distinctive words (the article itself excluded)."""
        with self._read_lock:
            searcher = self._searcher()
            return searching.similar(self._cache, searcher, article_id, limit) if searcher is not None else []


def _segment_keys(searcher) -> tuple:
    return tuple(segment_key(r) for r, _ in searcher.reader().leaf_readers())


def _read_vocabulary(searcher) -> Vocabulary:
    """The did-you-mean vocabulary of a searcher's segments."""
    return Vocabulary.read(_segment_keys(searcher), [r for r, _ in searcher.reader().leaf_readers()])


def _up_to_date(searcher) -> bool:
    """Whether a searcher still shows the latest commit of its generation (False if it vanished)."""
    try:
        return searcher.up_to_date()
    except OSError:
        return False
