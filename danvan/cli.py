"""``danvan``: the command line. Each command wires stages together and does nothing else."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from archive import Archive, ArchiveError, Config, ConfigError, SourcesError, load_sources
from archive.database import describe
from archive.sources import select_sources

log = logging.getLogger("danvan")
# other libraries' log lines ("WARNING trafilatura.core: discarding data…", waitress's "Task queue depth")
# are about their own internals, not the user's work: off the terminal unless --verbose
LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "readability", "lxml", "charset_normalizer",
             "urllib3", "requests", "waitress", "feedparser", "protego", "whoosh", "PIL", "pdfminer", "pypdf",
             "asyncio", "filelock")


class CommandError(Exception):
    """A failure with a one-line reason for the user."""


def _is_tty() -> bool:
    return sys.stderr.isatty()


def _index(config: Config):
    from index import SearchIndex
    return SearchIndex.of(config)


def cmd_crawl(args, config: Config) -> int:
    from crawler import crawl

    sources = select_sources(load_sources(args.sources), args.source)
    with Archive.open(config) as archive:
        report = crawl(config, archive, sources, max_pages=args.max_pages, progress=_is_tty())
        reading = _read_documents(config, archive, after_crawl=True)
        changed = report.changed_article_ids | (reading.changed_document_ids if reading else set())
        indexed = _index(config).update(archive, changed)
    if reading is not None and (reading.read or reading.copied or reading.failed or reading.ocr_pages):
        print(reading.summary_line())
    print(f"{report.summary_line()}; {indexed} index entries updated")  # the crawl's summary stays the last line
    return 1 if report.all_failed else 0


def _read_documents(config: Config, archive: Archive, after_crawl: bool = False):
    """Read the attached documents the crawl fetched (unless documents.after_crawl is off); None if skipped."""
    from extract.reading import ReadingSettings, read_documents

    settings = ReadingSettings.from_config(config)
    if after_crawl and not settings.after_crawl:
        return None
    return read_documents(archive, settings, progress=_is_tty())


def cmd_documents(args, config: Config) -> int:
    with Archive.open(config) as archive:
        reading = _read_documents(config, archive)
        indexed = _index(config).update(archive, reading.changed_document_ids)
    print(f"{reading.summary_line()}; {indexed} index entries updated")
    for note in reading.notes:
        print(note)
    return 0


def cmd_reprocess(args, config: Config) -> int:
    from extract.reprocess import reprocess

    with Archive.open(config) as archive:
        if args.source and archive.get_source(args.source) is None:
            raise SourcesError(f"unknown source id: {args.source}")
        report = reprocess(archive, source_id=args.source, progress=_is_tty())
        _index(config).update(archive, report.changed_article_ids)
    print(report.summary_line())
    return 0


def cmd_reindex(args, config: Config) -> int:
    with Archive.open(config) as archive:
        count = _index(config).rebuild(archive, progress=_is_tty())
    print(f"reindexed {count} articles and documents into {config.index_dir}")
    return 0


def cmd_export(args, config: Config) -> int:
    from archive.records import article_record  # the same shape as /api/articles/<id>

    n = 0
    with Archive.open(config) as archive, open(args.file, "w", encoding="utf-8") as out:
        for article in archive.iter_articles():
            out.write(json.dumps(article_record(archive, article), ensure_ascii=False) + "\n")
            n += 1
    print(f"exported {n} articles to {args.file}")
    return 0


IMPORT_BATCH = 500  # lines stored in one transaction


def cmd_import(args, config: Config) -> int:
    from archive.imports import ImportLineError, parse_line

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"no such file: {path}")
    ids, bad = [], 0
    with Archive.open(config) as archive:
        batch: list[tuple[int, dict]] = []

        def store() -> int:
            refused = 0
            for (number, _), outcome in zip(batch, archive.import_articles([r for _, r in batch])):
                if isinstance(outcome, ArchiveError):
                    refused += 1
                    log.warning("%s:%d skipped: %s", path, number, outcome)
                else:
                    ids.append(outcome)
            batch.clear()
            return refused

        with open(path, "rb") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    batch.append((number, parse_line(line.rstrip(b"\r\n"))))
                except ImportLineError as exc:
                    bad += 1
                    log.warning("%s:%d skipped: %s", path, number, exc)
                if len(batch) >= IMPORT_BATCH:
                    bad += store()
        bad += store()
        index = _index(config)
        index.update(archive, ids)
        count = index.doc_count()
    print(f"imported {len(ids)} articles ({bad} bad lines skipped); index holds {count}")
    return 0 if ids or not bad else 1


def cmd_extract(args, config: Config) -> int:
    import gzip

    from extract import extract_article

    sources = load_sources(args.sources) if args.sources else []
    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            print(f"{name}: cannot read: {exc}", file=sys.stderr)
            failed += 1
            continue
        url = args.url or path.resolve().as_uri()
        source = sources[0] if len(sources) == 1 else _source_for_url(sources, url)
        result = extract_article(raw, url, source)
        print(json.dumps({"file": name, **result.to_json()}, ensure_ascii=False))
    return 1 if failed else 0


def _source_for_url(sources, url: str):
    from urllib.parse import urlsplit
    host = urlsplit(url).netloc
    for s in sources:
        if any(urlsplit(u).netloc == host for u in s.start_urls):
            return s
    return None


def cmd_serve(args, config: Config) -> int:
    from danvan.serving import serve

    if not config.db_path.exists() and not config.database_url:
        raise CommandError(f"no archive at {config.home} (run 'danvan crawl' or 'danvan demo' first, "
                           "or give --home the folder that holds one)")
    try:
        serve(config, host=args.host, port=args.port, workers=args.workers, threads=args.threads)
    except OSError as exc:
        raise CommandError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0


def cmd_demo(args, config: Config) -> int:
    from danvan.demo import run_demo

    return run_demo(config, port=args.port, host=args.host, serve_forever=not args.no_serve)


def cmd_schedule(args, config: Config) -> int:
    from crawler.schedule import mark_schedule, run_schedule

    sources = load_sources(args.sources)
    if config.database_url:  # a shared archive: workers crawl, the schedule only marks sources due
        def on_marked(due):
            print(f"marked due for the workers: {', '.join(s.id for s in due)}", flush=True)

        marked = mark_schedule(config, sources, once=args.once, on_round=on_marked)
        if args.once and not marked:
            print(f"nothing is due: {len(sources)} sources crawled recently enough (or already queued)")
        return 0

    def after_crawl(archive, report):
        reading = _read_documents(config, archive, after_crawl=True)
        _index(config).update(archive, report.changed_article_ids | (reading.changed_document_ids if reading else set()))

    def on_round(report):
        print(report.summary_line(), flush=True)

    reports = run_schedule(config, sources, after_crawl=after_crawl, once=args.once, on_round=on_round)
    if args.once and not reports:
        print(f"nothing is due: {len(sources)} sources crawled recently enough")
    return 0


def cmd_worker(args, config: Config) -> int:
    from crawler.worker import Worker

    def on_source(result):
        print(f"{result.source_id}: {result.status}, {result.pages_fetched} pages fetched, "
              f"{result.articles_new} new, {result.articles_edited} edited, {result.articles_removed} removed"
              + (f" ({result.last_error})" if result.last_error else ""), flush=True)

    worker = Worker(config, on_source=on_source)
    print(f"worker {worker.name} taking due sources from the archive (Ctrl-C to stop)", flush=True)
    try:
        results = worker.run(until_idle=args.until_idle)
    except KeyboardInterrupt:
        worker.stop.set()
        raise
    print(f"worker {worker.name}: {len(results)} sources crawled")
    return 0


def cmd_copy_archive(args, config: Config) -> int:
    from archive.copying import copy_archive

    if not config.db_path.exists():
        raise CommandError(f"no SQLite archive at {config.db_path}")
    with Archive(config.db_path, config.snapshots_dir) as source, \
            Archive(config.db_path, config.snapshots_dir, database_url=args.to) as target:
        if not target.database_url:
            raise CommandError("--to must be a postgresql:// URL")
        report = copy_archive(source, target)
    total = sum(report.rows.values())
    print(f"copied {total} rows ({report.rows.get('articles', 0)} articles) of {len(report.rows)} tables "
          f"in {report.seconds:.1f} s into {describe(args.to)}; set database_url to use it "
          f"(the WARC files stay in {config.snapshots_dir})")
    return 0


def cmd_stats(args, config: Config) -> int:
    if not config.database_url and not config.db_path.exists():
        raise CommandError(f"no archive at {config.home} (run 'danvan crawl' or 'danvan demo' first)")
    with Archive.open(config) as archive:
        rows = archive.stats()
        freshness = _index(config).freshness(archive)
    if args.json:
        print(json.dumps({"sources": [_stats_json(r) for r in rows], "index": freshness}, ensure_ascii=False, indent=1))
        return 0
    width = max([len("source"), *(len(r["source"].id) for r in rows)])
    print(f"{'source':<{width}} {'articles':>8} {'removed':>7}  {'published':<23} {'last crawl':<21} "
          f"{'fetched/unch/failed':>19} {'requests':>8} {'new/edit/rm':>11}  last error")
    for r in rows:
        c = r["last_crawl"] or {}
        span = f"{r['first_published'] or '-'}..{r['last_published'] or '-'}"
        pages = f"{c.get('pages_fetched', 0)}/{c.get('pages_unchanged', 0)}/{c.get('pages_failed', 0)}" if c else "-"
        arts = f"{c.get('articles_new', 0)}/{c.get('articles_edited', 0)}/{c.get('articles_removed', 0)}" if c else "-"
        when = c.get('finished_at') or c.get('started_at') or 'never'
        print(f"{r['source'].id:<{width}} {r['articles']:>8} {r['removed']:>7}  {span:<23} {when:<21} "
              f"{pages:>19} {c.get('requests', 0) if c else '-':>8} {arts:>11}  {c.get('last_error') or ''}")
    print(f"index: {freshness['documents']} documents, {freshness['articles']} articles in archive, "
          f"{'up to date' if freshness['up_to_date'] else 'stale: run danvan reindex'}")
    return 0


def _stats_json(row: dict) -> dict:
    return {**{k: v for k, v in row.items() if k != "source"}, "source": row["source"].id, "name": row["source"].name}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="danvan", description="Kho Dân vận: archive and search Ban Dân vận news sites.")
    parser.add_argument("--home", help="folder of the archive, snapshots and index (default: $DANVAN_HOME or ./instance)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    parser.add_argument("--set", action="append", default=[], metavar="[SECTION.]NAME=VALUE",
                        help="override a setting of HOME/config.toml, e.g. --set crawler.retries=0 (repeatable)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--home", default=argparse.SUPPRESS, help="as above; may also follow the command")
        p.add_argument("--set", action="append", dest="set_after", default=[], metavar="[SECTION.]NAME=VALUE",
                       help="as above; may also follow the command")
        p.add_argument("-v", "--verbose", action="store_true", dest="verbose_after", help="as above")
        p.set_defaults(func=func)
        return p

    p = add("demo", cmd_demo, "build an archive from the bundled demo site and serve the web UI")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--no-serve", action="store_true", help="build the demo archive, then stop")
    p = add("crawl", cmd_crawl, "crawl (or re-crawl incrementally) the sources, extract and index articles")
    p.add_argument("--sources", required=True, help="sources file (TOML)")
    p.add_argument("--source", action="append", help="only this source id (repeatable)")
    p.add_argument("--max-pages", type=int, help="stop each source after N pages")
    p = add("reprocess", cmd_reprocess, "re-extract articles from stored raw pages (no network) and re-index")
    p.add_argument("--source", help="only this source id")
    add("reindex", cmd_reindex, "rebuild the search index from the archive")
    add("documents", cmd_documents, "read the attached documents fetched so far (text layers, then OCR of scans; "
        "resumable) and index them")
    p = add("import", cmd_import, "import articles from JSONL (the fields of /api/articles/<id>)")
    p.add_argument("file")
    p = add("export", cmd_export, "export every article as JSONL")
    p.add_argument("file")
    p = add("extract", cmd_extract, "extract articles from HTML files without storing them (JSON lines)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--url", help="the URL the page was fetched from")
    p.add_argument("--sources", help="sources file, to fill in province/unit/level/district")
    p = add("serve", cmd_serve, "serve the web UI and API (gunicorn: a process per core)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--workers", type=int, help="worker processes (default: web.workers, else one per CPU core)")
    p.add_argument("--threads", type=int, help="threads per worker (default: web.threads, 4)")
    p = add("schedule", cmd_schedule, "run scheduled re-crawls until stopped")
    p.add_argument("--sources", required=True)
    p.add_argument("--once", action="store_true", help="run the crawls that are due now, then stop")
    p = add("worker", cmd_worker, "take due sources from a shared archive by lease and crawl them until stopped")
    p.add_argument("--until-idle", action="store_true", help="stop once no source is due (and none is held)")
    p = add("copy-archive", cmd_copy_archive, "copy this home's SQLite archive into an empty PostgreSQL database")
    p.add_argument("--to", required=True, metavar="URL", help="postgresql://user@host/database")
    p = add("stats", cmd_stats, "counts per source, last crawl, errors, index freshness")
    p.add_argument("--json", action="store_true")
    return parser


def check_settings(config: Config) -> None:
    """Every stage reads its own section: a wrong name or type is refused before any work starts."""
    from crawler import Settings
    from extract.reading import ReadingSettings
    from index.settings import index_settings
    from webapp.settings import WebSettings

    Settings.from_config(config)
    ReadingSettings.from_config(config)
    index_settings(config)
    WebSettings.from_config(config)


def configure_logging(verbose: bool) -> None:
    """Our log lines on stderr (INFO with --verbose, else warnings); other libraries' only with --verbose."""
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING if verbose else logging.CRITICAL + 1)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose or args.verbose_after)
    try:
        config = Config.load(args.home, overrides=[*args.set, *args.set_after])
        check_settings(config)
        return args.func(args, config)
    except (CommandError, SourcesError, ArchiveError, ConfigError) as exc:
        print(f"danvan {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"danvan {args.command}: interrupted", file=sys.stderr)
        return 130
