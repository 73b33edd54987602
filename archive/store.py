"""The archive database: one SQLite file under the home folder, plus WARC files for raw bodies."""
from __future__ import annotations

import json
import threading
from pathlib import Path

from archive.articles import ArticleTables, article_id_for, snapshot_from_row, version_hash
from archive.changes import ChangeLog
from archive.config import Config
from archive.database import PgConnection, connect_sqlite, database_errors, describe, is_postgres_url
from archive.errors import ArchiveError, now_iso
from archive.documents import DocumentTables
from archive.frontier import FrontierTable
from archive.leases import LeaseTable
from archive.syndication import SyndicationTables
from archive.models import Snapshot
from archive.schema import migrate
from archive.snapshots import WarcStore, content_hash
from archive.sources import Source

__all__ = ["Archive", "ArchiveError", "article_id_for", "now_iso", "version_hash"]


class Archive(ArticleTables, ChangeLog, DocumentTables, FrontierTable, SyndicationTables, LeaseTable):
    """Access to the archive. One instance per thread; each holds its own SQLite connection.

    Here: the connection, sources, crawl runs, fetched pages and their snapshots, hosts;
    ``archive.articles``: articles and their versions, imports; ``archive.frontier``: the crawl frontier;
    ``archive.documents``: attached files and their text; ``archive.syndication``: groups of syndicated copies.
    """

    def __init__(self, db_path: Path, snapshots_dir: Path, write_lock: threading.RLock | None = None,
                 database_url: str | None = None):
        self.db_path = Path(db_path)
        self.database_url = database_url if is_postgres_url(database_url) else None
        self.warc = WarcStore(snapshots_dir)
        self.conn = _connect(self.db_path, self.database_url)
        # one writer at a time: threads of one crawl share this lock, so no transaction of theirs ever
        # meets another's (SQLite answers "database is locked" to a read-then-write transaction that does)
        self.lock = write_lock or threading.RLock()

    @classmethod
    def open(cls, config: Config) -> "Archive":
        """The archive of a home: on PostgreSQL when a database URL is configured, else HOME's SQLite file."""
        config.ensure_home()
        if config.database_url and not is_postgres_url(config.database_url):
            raise ArchiveError(f"database_url must start with postgresql:// (got {describe(config.database_url)[:80]})")
        return cls(config.db_path, config.snapshots_dir, database_url=config.database_url)

    def another(self, write_lock: threading.RLock | None = None) -> "Archive":
        """A second connection to the same archive (for another thread)."""
        return Archive(self.db_path, self.warc.folder, write_lock=write_lock, database_url=self.database_url)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- sources -------------------------------------------------------------------------
    def upsert_source(self, source: Source) -> bool:
        """Add or update a source; True when what its articles are filed under changed (name, place,
        unit, level, collections): their index entries are then out of date."""
        collections = json.dumps(list(source.collections), ensure_ascii=False)
        with self.lock, self.conn:
            before = self.conn.execute(
                "SELECT name, province, unit, level, district, collections_json FROM sources WHERE id = ?",
                (source.id,)).fetchone()
            self.conn.execute(
                """INSERT INTO sources (id, name, province, unit, level, district, config_json, added_at, collections_json)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET name=excluded.name, province=excluded.province,
                     unit=excluded.unit, level=excluded.level, district=excluded.district,
                     config_json=excluded.config_json, collections_json=excluded.collections_json""",
                (source.id, source.name, source.province, source.unit, source.level, source.district,
                 json.dumps(source.to_dict(), ensure_ascii=False), now_iso(), collections))
            filed = (source.name, source.province, source.unit, source.level, source.district, collections)
            refiled = before is not None and tuple(before) != filed
            if refiled:
                self.note_changes(self.article_ids(source.id))
        return refiled

    def article_ids(self, source_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE source_id = ?", (source_id,))]

    def get_source(self, source_id: str) -> Source | None:
        row = self.conn.execute("SELECT config_json FROM sources WHERE id = ?", (source_id,)).fetchone()
        return Source.from_dict(json.loads(row["config_json"])) if row else None

    def list_sources(self) -> list[Source]:
        rows = self.conn.execute("SELECT config_json FROM sources ORDER BY id").fetchall()
        return [Source.from_dict(json.loads(r["config_json"])) for r in rows]

    # -- crawls --------------------------------------------------------------------------
    def start_crawl(self, source_id: str, run_id: int | None = None) -> int:
        with self.lock, self.conn:
            cur = self.conn.execute("INSERT INTO crawls (source_id, started_at, run_id) VALUES (?, ?, ?)",
                                    (source_id, now_iso(), run_id))
            return int(cur.lastrowid)

    def open_run(self) -> tuple[int, set[str]]:
        """The crawl run to work in: the last one if it never finished (killed or interrupted), else a new one.

        Returns (run id, sources the run already finished: a resumed run does not crawl them again).
        """
        with self.lock, self.conn:
            row = self.conn.execute("SELECT id, status FROM runs ORDER BY id DESC LIMIT 1").fetchone()
            if row is not None and row["status"] in ("running", "interrupted"):
                done = self.conn.execute(
                    "SELECT source_id FROM crawls WHERE run_id = ? AND status IN ('finished', 'failed')",
                    (row["id"],)).fetchall()
                return int(row["id"]), {r["source_id"] for r in done}
            cur = self.conn.execute("INSERT INTO runs (started_at) VALUES (?)", (now_iso(),))
            return int(cur.lastrowid), set()

    def finish_run(self, run_id: int, status: str) -> None:
        with self.lock, self.conn:
            self.conn.execute("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", (status, now_iso(), run_id))

    def finish_crawl(self, crawl_id: int, status: str, counts: dict[str, int], last_error: str | None = None) -> None:
        allowed = ("pages_fetched", "pages_unchanged", "pages_failed", "articles_new", "articles_edited",
                   "articles_removed", "requests", "pages_skipped")
        sets = ", ".join(f"{k} = ?" for k in allowed)
        with self.lock, self.conn:
            self.conn.execute(
                f"UPDATE crawls SET status = ?, finished_at = ?, last_error = ?, {sets} WHERE id = ?",
                (status, now_iso(), last_error, *[int(counts.get(k, 0)) for k in allowed], crawl_id))

    def crawls(self, source_id: str | None = None, limit: int = 50) -> list[dict]:
        sql = "SELECT * FROM crawls" + (" WHERE source_id = ?" if source_id else "") + " ORDER BY id DESC LIMIT ?"
        args = (source_id, limit) if source_id else (limit,)
        return [dict(r) for r in self.conn.execute(sql, args).fetchall()]

    def last_crawl(self, source_id: str) -> dict | None:
        rows = self.crawls(source_id, limit=1)
        return rows[0] if rows else None

    # -- hosts -------------------------------------------------------------------------------
    def untrusted_hosts(self) -> set[str]:
        """Hosts whose answers to If-Modified-Since were found to lie."""
        rows = self.conn.execute("SELECT host FROM hosts WHERE dates_untrusted_at IS NOT NULL").fetchall()
        return {r["host"] for r in rows}

    def mark_host_untrusted(self, host: str, note: str) -> None:
        with self.lock, self.conn:
            self.conn.execute(
                """INSERT INTO hosts (host, dates_untrusted_at, note) VALUES (?, ?, ?)
                   ON CONFLICT(host) DO UPDATE SET dates_untrusted_at=excluded.dates_untrusted_at, note=excluded.note""",
                (host, now_iso(), note))

    # -- snapshots and pages ---------------------------------------------------------------
    def record_snapshot(self, snap: Snapshot, body: bytes | None = None, reason: str = "OK",
                        raw_headers: list[tuple[str, str]] | None = None) -> Snapshot:
        """Store one fetched response: the body goes to WARC (flushed first), the row to SQLite."""
        if body is not None and snap.status is not None:
            headers = raw_headers if raw_headers is not None else list(snap.headers.items())
            snap.warc_file, snap.warc_offset, snap.warc_length = self.warc.write_response(
                snap.final_url or snap.url, snap.status, reason, headers, body, snap.fetched_at)
            snap.size = len(body)
            if snap.content_hash is None:
                snap.content_hash = content_hash(body)
        with self.lock, self.conn:
            cur = self.conn.execute(
                """INSERT INTO snapshots (source_id, crawl_id, url, final_url, status, headers_json, fetched_at,
                     content_type, content_hash, size, warc_file, warc_offset, warc_length, outcome, error,
                     redirects_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (snap.source_id, snap.crawl_id, snap.url, snap.final_url, snap.status,
                 json.dumps(snap.headers, ensure_ascii=False), snap.fetched_at, snap.content_type,
                 snap.content_hash, snap.size, snap.warc_file, snap.warc_offset, snap.warc_length, snap.outcome,
                 snap.error, json.dumps(snap.redirects)))
            snap.id = int(cur.lastrowid)
        return snap

    def get_snapshot(self, snapshot_id: int) -> Snapshot | None:
        row = self.conn.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        return snapshot_from_row(row) if row else None

    def snapshot_body(self, snap: Snapshot) -> bytes | None:
        if snap.warc_file is None or snap.warc_offset is None:
            return None
        return self.warc.read_body(snap.warc_file, snap.warc_offset)

    def snapshots_for_url(self, url: str) -> list[Snapshot]:
        rows = self.conn.execute("SELECT * FROM snapshots WHERE url = ? ORDER BY id", (url,)).fetchall()
        return [snapshot_from_row(r) for r in rows]

    def crawl_snapshots(self, crawl_id: int) -> list[Snapshot]:
        rows = self.conn.execute("SELECT * FROM snapshots WHERE crawl_id = ? ORDER BY id", (crawl_id,)).fetchall()
        return [snapshot_from_row(r) for r in rows]

    def page(self, url: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        return dict(row) if row else None

    def pages(self, source_id: str, kind: str | None = None) -> list[dict]:
        sql = "SELECT * FROM pages WHERE source_id = ?" + (" AND kind = ?" if kind else "") + " ORDER BY url"
        return [dict(r) for r in self.conn.execute(sql, (source_id, kind) if kind else (source_id,)).fetchall()]

    def save_page(self, url: str, source_id: str, kind: str, snap: Snapshot, etag: str | None = None,
                  last_modified: str | None = None) -> None:
        """Remember the latest state of a URL (for conditional requests on the next crawl)."""
        with self.lock, self.conn:
            self.conn.execute(
                """INSERT INTO pages (url, source_id, kind, status, etag, last_modified, content_hash,
                     last_snapshot_id, first_seen, last_fetched) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET kind=excluded.kind, status=excluded.status,
                     etag=COALESCE(excluded.etag, pages.etag),
                     last_modified=COALESCE(excluded.last_modified, pages.last_modified),
                     content_hash=COALESCE(excluded.content_hash, pages.content_hash),
                     last_snapshot_id=COALESCE(excluded.last_snapshot_id, pages.last_snapshot_id),
                     last_fetched=excluded.last_fetched""",
                (url, source_id, kind, snap.status, etag, last_modified, snap.content_hash, snap.id,
                 snap.fetched_at, snap.fetched_at))


def _connect(db_path: Path, database_url: str | None):
    """A migrated connection to the archive's database (PostgreSQL with a URL, else the SQLite file)."""
    where = describe(database_url) if database_url else str(db_path)
    try:
        if database_url:
            conn = PgConnection(database_url)
        else:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            conn = connect_sqlite(db_path)
    except database_errors() as exc:
        raise ArchiveError(f"cannot open archive database {where}: {exc}") from None
    try:
        migrate(conn)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, database_errors()):
            raise ArchiveError(f"cannot open archive database {where}: {exc}") from None
        raise
    return conn
