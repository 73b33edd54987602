"""Writing the index: a rebuild (a new generation, swapped in) and an update (new segments in the current one).

Segments are written by our own builder (``index.fastwriter``), in worker processes when there are
many articles. An update marks the old versions deleted and adds the current ones, committed with
Whoosh's atomic commit; when small segments pile up their articles are re-read into the new segment,
so the index stays a few segments.
"""
from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import shutil
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from archive import Archive, Article
from archive.documents import is_document_id
from index.fastwriter import INDEX_NAME, build_segment
from index.generations import Generations
from index.schema import build_schema, index_document

log = logging.getLogger(__name__)

SEGMENT_DOCS = 100_000  # articles per segment in a rebuild (memory while building: ~40 kB each)
PARALLEL_MIN = 4_000  # below this many articles, segments are built in this process
SMALL_SEGMENT_DOCS = 5_000  # segments of updates; when MAX_SMALL_SEGMENTS pile up they are rebuilt as one
MAX_SMALL_SEGMENTS = 8


def rebuild(generations: Generations, archive: Archive, procs: int | None = None, progress: bool = False) -> int:
    """Build a new generation of every archive article aside, swap it in, remove the old one; returns its size.

    The caller holds ``generations.write_lock()``.
    """
    followed = archive.latest_change()  # what the new generation holds at least (index.following)
    archive.refresh_groups(procs)  # syndicated copies are found at indexing time
    generation = generations.new()
    write_mark(generation.path, followed)
    total = archive.count_articles() + archive.count_documents()
    try:
        schema = build_schema()
        articles = _progress(itertools.chain(archive.iter_articles(), archive.iter_documents()), total, progress)
        segments, count = build_segments(generation.path, schema, articles, total, procs)
        TOC(schema, segments, 0).write(FileStorage(str(generation.path)), INDEX_NAME)
        generations.seal(generation, count)
    except BaseException:
        shutil.rmtree(generation.path, ignore_errors=True)
        raise
    generations.swap(generation.name)
    generations.cleanup({generation.name})
    log.info("index rebuilt: %d documents in %s", count, generation.path)
    return count


FOLLOWED_FILE = "FOLLOWED"  # in a generation's folder: the last change-log number it has applied


def write_mark(generation_path, seq: int) -> None:
    """The last change-log number a generation has applied (index.following)."""
    tmp = generation_path / (FOLLOWED_FILE + ".tmp")
    tmp.write_text(str(int(seq)), encoding="utf-8")
    os.replace(tmp, generation_path / FOLLOWED_FILE)


def read_mark(generation_path) -> int | None:
    try:
        return int((generation_path / FOLLOWED_FILE).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def update(generations: Generations, archive: Archive, ids: list[str], procs: int | None = None) -> int:
    """Follow the archive for these articles (new, edited, removed, gone) in the current generation.

    The caller holds ``generations.write_lock()`` and has checked that the current generation is usable.
    """
    ids = list(dict.fromkeys([*ids, *sorted(archive.regroup(ids) - set(ids))]))  # and the copies whose group changed
    current = generations.current()
    ix = whoosh_index.open_dir(str(current.path))
    try:
        writer = ix.writer()
        try:
            _update_segments(ix, writer, archive, ids, procs)
        except BaseException:
            writer.cancel()
            raise
    finally:
        ix.close()
    return len(ids)


def _update_segments(ix, writer, archive: Archive, ids: list[str], procs: int | None) -> None:
    small = [seg for seg in writer.segments if seg.doc_count() < SMALL_SEGMENT_DOCS]
    refill: list[str] = []
    if len(small) >= MAX_SMALL_SEGMENTS:
        small_ids = {seg.segment_id() for seg in small}
        with ix.reader() as reader:
            for sub, _ in reader.leaf_readers():
                if sub.segment().segment_id() in small_ids:
                    refill.extend(fields["id"] for fields in sub.all_stored_fields())
        writer.segments = [seg for seg in writer.segments if seg.segment_id() not in small_ids]
    for article_id in ids:
        writer.delete_by_term("id", article_id)
    wanted = list(dict.fromkeys([*refill, *ids]))
    records = (archive.get_document(i) if is_document_id(i) else archive.get_article(i) for i in wanted)
    articles = (r for r in records if r is not None)
    part = "u" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    segments, _ = build_segments(Path(ix.storage.folder), writer.schema, articles, len(wanted), procs, prefix=part)
    writer.segments.extend(s for s in segments if s.doc_count_all())
    writer.commit(merge=False)


def build_segments(path: Path, schema, articles: Iterable[Article], total: int, procs: int | None = None,
                   prefix: str = "") -> tuple[list, int]:
    """Segments of at most SEGMENT_DOCS articles, built by worker processes when there are many."""
    procs = procs or min(os.cpu_count() or 1, 4)
    if total < PARALLEL_MIN or procs < 2:
        segments, count = [], 0
        for part, batch in enumerate(_batches(articles, SEGMENT_DOCS)):
            segments.append(build_segment(str(path), f"{prefix}{part}", schema, map(index_document, batch)))
            count += len(batch)
        return segments, count
    per_segment = max(1000, min(SEGMENT_DOCS, -(-total // procs)))
    segments, count, pending = [], 0, deque()
    # fork: workers need nothing re-imported (spawn would re-run a caller's unguarded script)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(procs) as pool:
        for part, batch in enumerate(_batches(articles, per_segment)):
            pending.append(pool.apply_async(_build_part, (str(path), f"{prefix}{part}", batch)))
            count += len(batch)
            while len(pending) > procs:
                segments.append(pending.popleft().get())
        while pending:
            segments.append(pending.popleft().get())
    return segments, count


def _build_part(folder: str, part: str, articles: list[Article]):
    """Worker process: one segment from a batch of articles."""
    return build_segment(folder, part, build_schema(), map(index_document, articles))


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
