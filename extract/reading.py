"""Reading documents: the stage that turns the files the crawler fetched into text (``danvan documents``).

It runs after a crawl (or on its own, beside one), never inside it: the crawler only records each file
(``archive.record_document``). Two passes over the archive's waiting versions, in a pool of processes:

1. every ``pending`` version: its text layer and header (``read_document(..., ocr=False)``: fast); the
   same bytes read before (another URL, an earlier version) are copied, not read again;
2. every page left without text (a scan) is OCR'd, one page a task, each stored as it comes: a killed run
   loses at most the pages in flight, and the next run goes on from there.

A version whose pages all have text (or could not get any) is ``done`` (``failed`` with no text at all).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import MISSING, asdict, dataclass, field, fields, replace

from archive import Archive, Config
from archive.config import checked_section
from archive.documents import DONE, FAILED, OCR, DocumentJob
from extract.documents import DocumentLimits, DocumentMeta, DocumentText, PageText, ocr_pages, read_document
from extract.documents.ocr import tesseract_problem
from extract.orphans import die_with_parent

log = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadingSettings:
    """``[documents]`` in config.toml: what is read, within which limits, by how many processes."""

    workers: int = 0                  # reading processes; 0: one per core
    ocr: bool = True                  # OCR scanned pages (Tesseract with the Vietnamese model)
    max_mb: float = 50.0              # larger files are not read
    max_pages: int = 300              # pages read of a document (the rest noted)
    max_ocr_pages: int = 50           # scanned pages OCR'd per document
    ocr_dpi: int = 300
    ocr_lang: str = "vie"
    timeout_s: float = 120.0          # one call of tesseract, catdoc or antiword
    after_crawl: bool = True          # `danvan crawl` reads what it fetched once the crawl is over

    @classmethod
    def from_config(cls, config: Config, **overrides) -> "ReadingSettings":
        defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
        values = checked_section(config, "documents", defaults)
        values.update(overrides)
        return cls(**values)

    def limits(self) -> DocumentLimits:
        return DocumentLimits(max_bytes=int(self.max_mb * MB), max_pages=self.max_pages,
                              max_ocr_pages=self.max_ocr_pages, ocr_dpi=self.ocr_dpi, ocr_lang=self.ocr_lang,
                              timeout_s=self.timeout_s)


@dataclass
class ReadingReport:
    """What a run read: versions read, copied (same bytes), failed; pages OCR'd, pages still waiting."""

    read: int = 0
    copied: int = 0
    failed: int = 0
    ocr_pages: int = 0
    ocr_waiting: int = 0
    changed_document_ids: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        waiting = f", {self.ocr_waiting} pages wait for OCR" if self.ocr_waiting else ""
        return (f"documents: {self.read} read, {self.copied} copied (same file), {self.failed} unreadable, "
                f"{self.ocr_pages} pages OCR'd{waiting}")


# -- what a reading is, in the archive's shape ---------------------------------------------------
def as_reading(doc: DocumentText) -> dict:
    """A ``DocumentText`` as ``archive.save_document_reading`` stores it, with its state: ``ocr`` while scanned
    pages wait (for this run's OCR pass, or for a run where OCR is on and installed)."""
    meta = doc.metadata or DocumentMeta()
    state = OCR if doc.ocr_pending else (FAILED if doc.error or not doc.text.strip() else DONE)
    return {"state": state, "type": doc.kind, "page_count": doc.page_count,
            "pages": [asdict(p) for p in doc.pages], "ocr_pending": list(doc.ocr_pending), "error": doc.error,
            "notes": list(doc.notes), **asdict(meta)}


def as_document_text(reading: dict) -> DocumentText:
    meta = DocumentMeta(**{k: reading.get(k) for k in ("number", "doc_type", "issuer", "issued", "summary")})
    return DocumentText(kind=reading.get("type"), pages=[PageText(**p) for p in reading.get("pages") or []],
                        page_count=reading.get("page_count") or 0, error=reading.get("error"),
                        metadata=None if meta.is_empty() else meta, notes=list(reading.get("notes") or []),
                        ocr_pending=list(reading.get("ocr_pending") or []))


# -- the pool -------------------------------------------------------------------------------------
def _pool(workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["extract.orphans", "extract.documents"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent)


def _workers(setting: int) -> int:
    return setting if setting > 0 else max(1, os.cpu_count() or 1)


def _bytes(archive: Archive, job: DocumentJob) -> bytes | None:
    """The file's bytes: its snapshot's body, or another snapshot of the URL with the same content."""
    snaps = [archive.get_snapshot(job.snapshot_id)] if job.snapshot_id else []
    snaps += [s for s in reversed(archive.snapshots_for_url(job.url)) if s.content_hash == job.content_hash]
    for snap in snaps:
        body = archive.snapshot_body(snap) if snap is not None else None
        if body is not None:
            return body
    return None


@dataclass
class Run:
    """One reading run: where it reads and writes, its pool, its limits, its report."""
    archive: Archive
    pool: ProcessPoolExecutor
    workers: int
    limits: DocumentLimits
    report: ReadingReport
    progress: bool


def read_documents(archive: Archive, settings: ReadingSettings | None = None, progress: bool = False) -> ReadingReport:
    """Read every waiting document version (see the module docstring); returns what was done."""
    settings = settings or ReadingSettings()
    report = ReadingReport()
    ocr_allowed = settings.ocr and _ocr_available(settings, report)
    limits = settings.limits()
    jobs = archive.document_jobs()
    if not jobs:
        return report
    workers = _workers(settings.workers)
    with _pool(workers) as pool:
        run = Run(archive, pool, workers, limits, report, progress)
        _first_pass(run, [j for j in jobs if j.state != OCR])
        if ocr_allowed:
            _ocr_pass(run, archive.document_jobs((OCR,)))
    report.ocr_waiting = sum(len(archive.document_reading(j).get("ocr_pending") or [])
                             for j in archive.document_jobs((OCR,)))
    return report


def _ocr_available(settings: ReadingSettings, report: ReadingReport) -> bool:
    problem = tesseract_problem(settings.ocr_lang)
    if problem:
        report.notes.append(f"OCR unavailable ({problem}): scanned pages wait for a run where it is")
        log.warning("OCR unavailable: %s", problem)
    return problem is None


def _first_pass(run: Run, jobs: list[DocumentJob]) -> None:
    """Text layers and headers; copies of files read before."""
    archive, futures = run.archive, {}
    for job in _progress(jobs, "reading documents", run.progress):
        before = archive.read_before(job.content_hash) if job.content_hash else None
        if before is not None:
            archive.save_document_reading(job, before)
            run.report.copied += 1
            run.report.changed_document_ids.add(job.document_id)
            continue
        data = _bytes(archive, job)
        if data is None:
            _save(run, job, DocumentText(error="the file's bytes are not in the archive (fetch it again)"))
            continue
        futures[run.pool.submit(read_document, data, url=job.url, content_type=job.content_type, limits=run.limits,
                                ocr=False)] = job
        if len(futures) >= 4 * run.workers:
            _drain(run, futures, FIRST_COMPLETED)
    _drain(run, futures, ALL_COMPLETED)


def _drain(run: Run, futures: dict, until: str) -> None:
    done, _ = wait(list(futures), return_when=until)
    for future in done:
        job = futures.pop(future)
        try:
            doc = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker killed by a hostile file: a reason, and go on
            doc = DocumentText(error=f"reading failed: {type(exc).__name__}: {exc}"[:300])
        _save(run, job, doc)


def _save(run: Run, job: DocumentJob, doc: DocumentText) -> None:
    cap = run.limits.max_ocr_pages
    if len(doc.ocr_pending) > cap:
        doc = replace(doc, ocr_pending=doc.ocr_pending[:cap], notes=[*doc.notes, (
            f"only the first {cap} of {len(doc.ocr_pending)} scanned pages are OCR'd (documents.max_ocr_pages)")])
    reading = as_reading(doc)
    run.archive.save_document_reading(job, reading)
    run.report.changed_document_ids.add(job.document_id)
    if reading["state"] == FAILED:
        run.report.failed += 1
        log.info("%s: %s", job.url, doc.error or "no text")
    else:
        run.report.read += 1


def _ocr_pass(run: Run, jobs: list[DocumentJob]) -> None:
    """Each waiting page of each scanned document, one task a page; stored as soon as it is read."""
    archive = run.archive
    tasks = [(job, n) for job in jobs for n in archive.document_reading(job).get("ocr_pending") or []]
    data_of: dict[str, bytes | None] = {}
    futures: dict[Future, tuple[DocumentJob, int]] = {}
    bar = _bar(len(tasks), "OCR pages", run.progress)
    for job, number in tasks:
        key = f"{job.document_id}/{job.version}"
        if key not in data_of:
            data_of.clear()  # one document's bytes at a time (tasks are in document order)
            data_of[key] = _bytes(archive, job)
        if data_of[key] is None:
            continue
        futures[run.pool.submit(ocr_pages, data_of[key], [number], limits=run.limits)] = (job, number)
        if len(futures) >= 2 * run.workers:
            _store_pages(run, futures, bar, FIRST_COMPLETED)
    _store_pages(run, futures, bar, ALL_COMPLETED)
    if bar is not None:
        bar.close()


def _store_pages(run: Run, futures: dict, bar, until: str) -> None:
    done, _ = wait(list(futures), return_when=until)
    for future in done:
        job, number = futures.pop(future)
        try:
            pages = future.result()
        except Exception as exc:  # noqa: BLE001 - one page's failure is noted on that page
            pages = [PageText(number, "", note=f"OCR failed: {type(exc).__name__}")]
        updated = as_document_text(run.archive.document_reading(job)).with_pages(pages)
        if not any(p.text for p in pages):  # no text: the page keeps its note instead of waiting for ever
            updated = replace(updated, ocr_pending=[n for n in updated.ocr_pending if n != number])
        run.archive.save_document_reading(job, as_reading(updated))
        run.report.ocr_pages += 1
        run.report.changed_document_ids.add(job.document_id)
        if bar is not None:
            bar.update(1)


def _progress(items: list, label: str, enabled: bool) -> Iterator:
    bar = _bar(len(items), label, enabled)
    if bar is None:
        yield from items
        return
    for item in items:
        yield item
        bar.update(1)
    bar.close()


def _bar(total: int, label: str, enabled: bool):
    if not enabled or not total:
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="page" if "OCR" in label else "doc", file=sys.stderr, desc=label)
