"""The archive's articles: every version of every article, their attachments, imports of export lines.

A mixin of ``Archive``: it uses the archive's connection ``conn`` and its write ``lock``.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator

from archive.database import database_errors
from archive.errors import ArchiveError, now_iso
from archive.models import Article, ArticleVersion, Snapshot
from archive.places import province_2025
from archive.sources import Source

VERSIONED_FIELDS = ("title", "text", "published", "published_time", "author")


def article_id_for(url: str) -> str:
    """A stable id from the article's canonical URL (the same in every archive)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def version_hash(fields: dict) -> str:
    """What makes two versions different: the extracted title, text, date and byline."""
    key = json.dumps([fields.get(f) for f in VERSIONED_FIELDS], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


DATABASE_ERRORS = database_errors()


class ArticleTables:
    """Articles, their versions and attachments (mixed into ``Archive``)."""

    conn: sqlite3.Connection
    lock: threading.RLock

    def save_article(self, source: Source, url: str, fields: dict, snapshot_id: int | None,
                     fetched_at: str | None = None) -> tuple[str, str]:
        """Store an extracted article; return (article id, outcome: new | edited | unchanged | restored).

        ``fields``: title, text, published, published_time, author, and any extras (captions,
        images, attachments, provinces_mentioned, organisations, ...). An edit adds a version;
        the earlier versions stay readable.
        """
        fetched_at = fetched_at or now_iso()
        article_id = article_id_for(url)
        vhash = version_hash(fields)
        extras = {k: v for k, v in fields.items() if k not in VERSIONED_FIELDS}
        with self.lock, self.conn:
            row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                self.conn.execute(
                    """INSERT INTO articles (id, url, source_id, source_name, province, unit, level, district,
                         status, first_seen, last_seen, current_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'live', ?, ?, 1)""",
                    (article_id, url, source.id, source.name, source.province, source.unit, source.level,
                     source.district, fetched_at, fetched_at))
                self._insert_version(article_id, 1, snapshot_id, fetched_at, vhash, fields, extras)
                self.note_changes([article_id])
                return article_id, "new"
            current = self.conn.execute(
                "SELECT content_hash FROM article_versions WHERE article_id = ? AND version = ?",
                (article_id, row["current_version"])).fetchone()
            was_removed = row["status"] == "removed"
            self.conn.execute("UPDATE articles SET last_seen = ?, status = 'live', removed_at = NULL WHERE id = ?",
                              (fetched_at, article_id))
            if current is not None and current["content_hash"] == vhash:
                # same content; keep the freshest extras (e.g. a better extractor's captions)
                self.conn.execute("UPDATE article_versions SET extras_json = ? WHERE article_id = ? AND version = ?",
                                  (json.dumps(extras, ensure_ascii=False), article_id, row["current_version"]))
                if was_removed:
                    self.note_changes([article_id])
                return article_id, "restored" if was_removed else "unchanged"
            version = row["current_version"] + 1
            self._insert_version(article_id, version, snapshot_id, fetched_at, vhash, fields, extras)
            self.conn.execute("UPDATE articles SET current_version = ? WHERE id = ?", (version, article_id))
            self.note_changes([article_id])
            return article_id, "edited"

    def replace_current_version(self, article_id: str, fields: dict) -> bool:
        """Re-extraction of the same snapshot (``reprocess``): update the current version in place.

        Returns True when anything changed.
        """
        row = self.conn.execute(
            """SELECT v.* FROM article_versions v JOIN articles a ON a.id = v.article_id
               AND a.current_version = v.version WHERE a.id = ?""", (article_id,)).fetchone()
        if row is None:
            raise ArchiveError(f"no article {article_id}")
        extras = {k: v for k, v in fields.items() if k not in VERSIONED_FIELDS}
        vhash = version_hash(fields)
        old_extras = json.loads(row["extras_json"])
        if vhash == row["content_hash"] and old_extras == json.loads(json.dumps(extras, ensure_ascii=False)):
            return False
        with self.lock, self.conn:
            self.conn.execute(
                """UPDATE article_versions SET content_hash = ?, title = ?, text = ?, published = ?, published_time = ?,
                     author = ?, extras_json = ? WHERE article_id = ? AND version = ?""",
                (vhash, fields.get("title") or "", fields.get("text") or "", fields.get("published"),
                 fields.get("published_time"), fields.get("author"), json.dumps(extras, ensure_ascii=False),
                 article_id, row["version"]))
            self.note_changes([article_id])
        return True

    def _insert_version(self, article_id: str, version: int, snapshot_id: int | None, fetched_at: str,
                        vhash: str, fields: dict, extras: dict) -> None:
        self.conn.execute(
            """INSERT INTO article_versions (article_id, version, snapshot_id, fetched_at, content_hash, title, text,
                 published, published_time, author, extras_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (article_id, version, snapshot_id, fetched_at, vhash, fields.get("title") or "", fields.get("text") or "",
             fields.get("published"), fields.get("published_time"), fields.get("author"),
             json.dumps(extras, ensure_ascii=False)))

    def article_with_content(self, source_id: str, fields: dict) -> Article | None:
        """A live article of the source whose current version has exactly these fields (title, text, date, author)."""
        row = self.conn.execute(
            _ARTICLE_SQL + " WHERE v.content_hash = ? AND a.source_id = ? AND a.status = 'live' LIMIT 1",
            (version_hash(fields), source_id)).fetchone()
        return _article(row) if row else None

    def touch_article(self, url: str, when: str | None = None) -> bool:
        """A crawl found this live article unchanged (304 or same content): note when it was last seen."""
        with self.lock, self.conn:
            cur = self.conn.execute("UPDATE articles SET last_seen = ? WHERE url = ? AND status = 'live'",
                                    (when or now_iso(), url))
        return cur.rowcount > 0

    def mark_removed(self, url: str, when: str | None = None) -> str | None:
        """The source answers 404/410 for this article: keep it, marked removed. Returns its id if newly removed."""
        when = when or now_iso()
        with self.lock, self.conn:
            cur = self.conn.execute(
                "UPDATE articles SET status = 'removed', removed_at = ? WHERE url = ? AND status != 'removed'",
                (when, url))
            if cur.rowcount:
                self.note_changes([article_id_for(url)])
                return article_id_for(url)
        return None

    def add_attachment(self, article_id: str, url: str, content_type: str | None, snapshot_id: int | None) -> None:
        with self.lock, self.conn:
            self.conn.execute(
                """INSERT INTO attachments (article_id, url, content_type, snapshot_id) VALUES (?, ?, ?, ?)
                   ON CONFLICT(article_id, url) DO UPDATE SET content_type=excluded.content_type,
                     snapshot_id=COALESCE(excluded.snapshot_id, attachments.snapshot_id)""",
                (article_id, url, content_type, snapshot_id))

    def attachments(self, article_id: str) -> list[dict]:
        rows = self.conn.execute("SELECT url, content_type, snapshot_id FROM attachments WHERE article_id = ? ORDER BY url",
                                 (article_id,)).fetchall()
        return [dict(r) for r in rows]

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute(_ARTICLE_SQL + " WHERE a.id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    def article_by_url(self, url: str) -> Article | None:
        row = self.conn.execute(_ARTICLE_SQL + " WHERE a.url = ?", (url,)).fetchone()
        return _article(row) if row else None

    def versions(self, article_id: str) -> list[ArticleVersion]:
        rows = self.conn.execute("SELECT * FROM article_versions WHERE article_id = ? ORDER BY version",
                                 (article_id,)).fetchall()
        return [_version(r) for r in rows]

    def iter_articles(self, source_id: str | None = None, ids: list[str] | None = None) -> Iterator[Article]:
        sql, args = _ARTICLE_SQL, []
        if source_id:
            sql += " WHERE a.source_id = ?"
            args.append(source_id)
        sql += " ORDER BY a.id"
        cursor = self.conn.execute(sql, args)
        wanted = set(ids) if ids is not None else None
        for row in cursor:
            if wanted is None or row["id"] in wanted:
                yield _article(row)

    def count_articles(self, source_id: str | None = None) -> int:
        if source_id:
            return self.conn.execute("SELECT COUNT(*) FROM articles WHERE source_id = ?", (source_id,)).fetchone()[0]
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def import_article(self, data: dict) -> str:
        """Insert or replace an article (and its versions) from an export line (checked by archive.imports).

        All or nothing: a line the database refuses leaves no trace and raises ArchiveError.
        """
        try:
            with self.lock, self.conn:
                return self._write_import(data)
        except DATABASE_ERRORS as exc:
            raise ArchiveError(f"cannot store {str(data.get('url'))[:200]}: {exc}") from None

    def import_articles(self, records: list[dict]) -> list[str | ArchiveError]:
        """Import a batch in one transaction (each record all or nothing, under its own savepoint).

        Returns, per record, its article id or the ArchiveError that refused it. On PostgreSQL the batch is
        first sent whole, without waiting for each statement (a pipeline); if the database refuses any of
        it, the batch is stored again record by record.
        """
        if self.database_url:
            try:
                with self.lock, self.conn, self.conn.pipeline():
                    return [self._write_import(data) for data in records]
            except DATABASE_ERRORS:
                pass
        out: list[str | ArchiveError] = []
        with self.lock, self.conn:
            for data in records:
                self.conn.execute("SAVEPOINT import_one")
                try:
                    out.append(self._write_import(data))
                except DATABASE_ERRORS as exc:
                    self.conn.execute("ROLLBACK TO import_one")
                    out.append(ArchiveError(f"cannot store {str(data.get('url'))[:200]}: {exc}"))
                self.conn.execute("RELEASE import_one")
        return out

    def _write_import(self, data: dict) -> str:
        """One import record's rows, inside the caller's transaction."""
        url = data["url"]
        article_id = data.get("id") or article_id_for(url)
        versions = data.get("versions") or []
        created = data.get("crawled_at") or now_iso()
        self.conn.execute("DELETE FROM article_versions WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        source_id = data.get("source_id") or "import"
        self.conn.execute(
            """INSERT INTO articles (id, url, source_id, source_name, province, unit, level, district, status,
                 first_seen, last_seen, removed_at, current_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (article_id, url, source_id, data.get("source") or "", data.get("province") or "",
             data.get("unit") or "", data.get("level") or "", data.get("district"), data.get("status") or "live",
             data.get("first_seen") or created, data.get("last_seen") or created, data.get("removed_at"),
             max(1, len(versions))))
        if not versions:
            versions = [dict(data, version=1, fetched_at=created)]
        for i, v in enumerate(versions, start=1):
            fields = {k: v.get(k, data.get(k)) for k in VERSIONED_FIELDS}
            extras = {k: data.get(k) for k in _EXTRA_FIELDS if data.get(k) is not None} if i == len(versions) else {}
            extras.update(v.get("extras") or {})
            self._insert_version(article_id, i, v.get("snapshot_id"), v.get("fetched_at") or created,
                                 version_hash(fields), fields, extras)
        self.note_changes([article_id])
        return article_id

    def stats(self) -> list[dict]:
        """Per source: article counts, date range and the last crawl."""
        out = []
        for s in self.list_sources():
            row = self.conn.execute(
                """SELECT COUNT(*) AS n, SUM(CASE WHEN a.status = 'removed' THEN 1 ELSE 0 END) AS removed, MIN(v.published) AS first,
                     MAX(v.published) AS last FROM articles a JOIN article_versions v
                     ON v.article_id = a.id AND v.version = a.current_version WHERE a.source_id = ?""",
                (s.id,)).fetchone()
            out.append({"source": s, "articles": row["n"] or 0, "removed": row["removed"] or 0,
                        "first_published": row["first"], "last_published": row["last"],
                        "last_crawl": self.last_crawl(s.id)})
        return out

_EXTRA_FIELDS = ("captions", "images", "attachments", "provinces_mentioned", "organisations", "source_text")

_ARTICLE_SQL = """SELECT a.*, v.version, v.snapshot_id, v.fetched_at, v.title, v.text, v.published, v.published_time,
                  v.author, v.extras_json, s.group_id,
                  CASE WHEN s.group_id IS NULL THEN 1 ELSE
                    (SELECT COUNT(*) FROM article_signatures m WHERE m.group_id = s.group_id) END AS group_size,
                  src.collections_json
                  FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version
                  LEFT JOIN article_signatures s ON s.article_id = a.id LEFT JOIN sources src ON src.id = a.source_id"""


def _article(row: sqlite3.Row) -> Article:
    extras = json.loads(row["extras_json"] or "{}")
    return Article(
        id=row["id"], url=row["url"], source_id=row["source_id"], source=row["source_name"],
        province=row["province"], unit=row["unit"], level=row["level"], district=row["district"],
        title=row["title"], text=row["text"], published=row["published"], published_time=row["published_time"],
        author=row["author"], status=row["status"], crawled_at=row["fetched_at"], first_seen=row["first_seen"],
        province_2025=province_2025(row["province"]),
        provinces_mentioned=extras.get("provinces_mentioned") or [],
        organisations=extras.get("organisations") or [], captions=extras.get("captions") or [],
        images=extras.get("images") or [], attachments=extras.get("attachments") or [],
        snapshot_id=row["snapshot_id"], version=row["version"], removed_at=row["removed_at"],
        last_seen=row["last_seen"], source_text=extras.get("source_text"), group=row["group_id"],
        group_size=row["group_size"], collections=json.loads(row["collections_json"] or "[]"))


def _version(row: sqlite3.Row) -> ArticleVersion:
    return ArticleVersion(
        article_id=row["article_id"], version=row["version"], fetched_at=row["fetched_at"],
        content_hash=row["content_hash"], title=row["title"], text=row["text"], published=row["published"],
        published_time=row["published_time"], author=row["author"], snapshot_id=row["snapshot_id"],
        extras=json.loads(row["extras_json"] or "{}"))


def snapshot_from_row(row: sqlite3.Row) -> Snapshot:
    return Snapshot(
        id=row["id"], source_id=row["source_id"], url=row["url"], status=row["status"], fetched_at=row["fetched_at"],
        headers=json.loads(row["headers_json"] or "{}"), final_url=row["final_url"], content_type=row["content_type"],
        content_hash=row["content_hash"], size=row["size"], warc_file=row["warc_file"], warc_offset=row["warc_offset"],
        warc_length=row["warc_length"], outcome=row["outcome"], error=row["error"], crawl_id=row["crawl_id"],
        redirects=json.loads(row["redirects_json"] or "[]"))
