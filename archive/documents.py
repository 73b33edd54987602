"""Documents: the files articles link (plans, reports, decisions), each its own record with versions.

The crawler records a fetched file (``record_document``): its bytes are in the WARC like any response;
a file whose bytes changed is a new version, waiting to be read (state ``pending``). Reading happens
later, in its own stage (``extract.reading``): the text layer first (state ``ocr`` while pages wait for
OCR, ``done`` or ``failed`` after), then each OCR'd page as it comes, so a killed run resumes where it
stopped. A file already read under another URL or version (same bytes) is not read again.

A mixin of ``Archive``: it uses the archive's connection ``conn`` and its write ``lock``.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from typing import NamedTuple

from archive.errors import now_iso
from archive.models import Document, DocumentPage, Snapshot
from archive.places import province_2025

PENDING, OCR, DONE, FAILED = "pending", "ocr", "done", "failed"
HEADER_FIELDS = ("number", "doc_type", "issuer", "issued", "summary")


def document_id_for(url: str) -> str:
    """A stable id from the file's URL ("vb" and 14 hex digits: never taken for an article id)."""
    return "vb" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:14]


def is_document_id(record_id: str) -> bool:
    return len(record_id) == 16 and record_id.startswith("vb")


class DocumentJob(NamedTuple):
    """A version of a document waiting to be read (or to have pages OCR'd)."""
    document_id: str
    version: int
    snapshot_id: int | None
    content_hash: str
    state: str
    url: str
    content_type: str | None


class DocumentTables:
    """Documents, their versions and the articles that link them (mixed into ``Archive``)."""

    conn: sqlite3.Connection
    lock: threading.RLock

    # -- recording (the crawler) ----------------------------------------------------------
    def record_document(self, url: str, source_id: str, snap: Snapshot, article_id: str | None = None,
                        link_text: str | None = None) -> tuple[str, str]:
        """A fetched file (status 200, body in the WARC): (document id, outcome new | changed | unchanged)."""
        document_id = document_id_for(url)
        when = snap.fetched_at or now_iso()
        with self.lock, self.conn:
            row = self.conn.execute("SELECT current_version FROM documents WHERE id = ?", (document_id,)).fetchone()
            if article_id:
                self._add_link(document_id, article_id, link_text)
            if row is None:
                self.conn.execute("INSERT INTO documents (id, url, source_id, first_seen, last_seen, current_version) "
                                  "VALUES (?, ?, ?, ?, ?, 1)", (document_id, url, source_id, when, when))
                self._add_document_version(document_id, 1, snap)
                return document_id, "new"
            current = self.conn.execute("SELECT content_hash FROM document_versions WHERE document_id = ? AND "
                                        "version = ?", (document_id, row[0])).fetchone()
            self.conn.execute("UPDATE documents SET last_seen = ? WHERE id = ?", (when, document_id))
            if current is not None and current[0] == snap.content_hash:
                return document_id, "unchanged"
            self.conn.execute("UPDATE documents SET current_version = ? WHERE id = ?", (row[0] + 1, document_id))
            self._add_document_version(document_id, row[0] + 1, snap)
            return document_id, "changed"

    def link_document(self, document_id: str, article_id: str, link_text: str | None = None) -> None:
        with self.lock, self.conn:
            self._add_link(document_id, article_id, link_text)

    def _add_link(self, document_id: str, article_id: str, link_text: str | None) -> None:
        cur = self.conn.execute("INSERT OR IGNORE INTO document_links (document_id, article_id, link_text) "
                                "VALUES (?, ?, ?)", (document_id, article_id, link_text))
        if cur.rowcount:
            self.note_changes([article_id, document_id])

    def _add_document_version(self, document_id: str, version: int, snap: Snapshot) -> None:
        self.conn.execute(
            """INSERT INTO document_versions (document_id, version, snapshot_id, fetched_at, content_hash, size,
                 content_type, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (document_id, version, snap.id, snap.fetched_at, snap.content_hash or "", snap.size, snap.content_type,
             PENDING))

    # -- reading (extract.reading) ---------------------------------------------------------
    def document_jobs(self, states: tuple[str, ...] = (PENDING, OCR)) -> list[DocumentJob]:
        """Current versions waiting to be read (``pending``) or to have pages OCR'd (``ocr``), oldest first."""
        rows = self.conn.execute(
            f"""SELECT v.document_id, v.version, v.snapshot_id, v.content_hash, v.state, d.url, v.content_type
                FROM document_versions v JOIN documents d ON d.id = v.document_id AND d.current_version = v.version
                WHERE v.state IN ({','.join('?' * len(states))}) ORDER BY v.fetched_at, v.document_id""", states)
        return [DocumentJob(*r) for r in rows]

    def read_before(self, content_hash: str) -> dict | None:
        """A finished reading of the same bytes (another URL, an earlier version), to copy instead of reading."""
        row = self.conn.execute(
            f"""SELECT state, type, page_count, pages_json, ocr_pending_json, error, notes_json,
                  {', '.join(HEADER_FIELDS)} FROM document_versions WHERE content_hash = ? AND state IN (?, ?)
                  LIMIT 1""", (content_hash, DONE, FAILED)).fetchone()
        return _reading(dict(row)) if row else None

    def save_document_reading(self, job: DocumentJob, reading: dict) -> None:
        """Store a reading: ``state``, ``type``, ``page_count``, ``pages`` ([{number, text, ocr, note}]),
        ``ocr_pending`` (page numbers), ``error``, ``notes`` and the header fields."""
        pages = reading.get("pages") or []
        with self.lock, self.conn:
            self.conn.execute(
                f"""UPDATE document_versions SET state = ?, type = ?, page_count = ?, pages_json = ?,
                      ocr_pending_json = ?, error = ?, notes_json = ?, {', '.join(f + ' = ?' for f in HEADER_FIELDS)},
                      read_at = ? WHERE document_id = ? AND version = ?""",
                (reading["state"], reading.get("type"), reading.get("page_count") or 0,
                 json.dumps(pages, ensure_ascii=False), json.dumps(reading.get("ocr_pending") or []),
                 reading.get("error"), json.dumps(reading.get("notes") or [], ensure_ascii=False),
                 *(reading.get(f) for f in HEADER_FIELDS), now_iso(), job.document_id, job.version))
            self.note_changes([job.document_id])

    def document_reading(self, job: DocumentJob) -> dict:
        """What is stored of a version's reading (the shape ``save_document_reading`` takes)."""
        row = self.conn.execute(
            f"""SELECT state, type, page_count, pages_json, ocr_pending_json, error, notes_json,
                  {', '.join(HEADER_FIELDS)} FROM document_versions WHERE document_id = ? AND version = ?""",
            (job.document_id, job.version)).fetchone()
        return _reading(dict(row)) if row else {}

    # -- reading records ---------------------------------------------------------------------
    def get_document(self, document_id: str) -> Document | None:
        row = self.conn.execute(_DOCUMENT_SQL + " WHERE d.id = ?", (document_id,)).fetchone()
        return self._document(row) if row else None

    def iter_documents(self) -> Iterator[Document]:
        """Every document whose current version has been read (what the index holds)."""
        for row in self.conn.execute(_DOCUMENT_SQL + " WHERE v.state IN (?, ?, ?) ORDER BY d.id", (OCR, DONE, FAILED)):
            yield self._document(row)

    def count_documents(self, read_only: bool = True) -> int:
        sql = "SELECT COUNT(*) FROM documents d JOIN document_versions v ON v.document_id = d.id AND " \
              "v.version = d.current_version" + (" WHERE v.state IN (?, ?, ?)" if read_only else "")
        return self.conn.execute(sql, (OCR, DONE, FAILED) if read_only else ()).fetchone()[0]

    def documents_of(self, article_id: str) -> list[dict]:
        """The documents an article links: id, url, title, type (the contract's ``documents`` field)."""
        ids = [r[0] for r in self.conn.execute("SELECT document_id FROM document_links WHERE article_id = ? "
                                               "ORDER BY rowid", (article_id,))]
        docs = [self.get_document(i) for i in ids]
        return [{"id": d.id, "url": d.url, "title": d.title, "type": d.type, "state": d.state} for d in docs if d]

    def document_versions(self, document_id: str) -> list[dict]:
        rows = self.conn.execute("SELECT version, fetched_at, content_hash, size, state, snapshot_id FROM "
                                 "document_versions WHERE document_id = ? ORDER BY version", (document_id,))
        return [dict(r) for r in rows]

    def _document(self, row: sqlite3.Row) -> Document:
        reading = _reading(dict(row))
        links = self.conn.execute("SELECT article_id, link_text FROM document_links WHERE document_id = ? "
                                  "ORDER BY rowid", (row["id"],)).fetchall()
        return Document(
            id=row["id"], url=row["url"], source_id=row["source_id"], source=row["name"] or "",
            province=row["province"] or "", unit=row["unit"] or "", level=row["level"] or "",
            district=row["district"], version=row["version"], fetched_at=row["fetched_at"],
            first_seen=row["first_seen"], content_hash=row["content_hash"], size=row["size"],
            content_type=row["content_type"], snapshot_id=row["snapshot_id"], state=row["state"],
            type=row["type"], page_count=row["page_count"] or 0,
            pages=[DocumentPage(**p) for p in reading.get("pages", [])], error=row["error"],
            notes=reading.get("notes", []), **{f: row[f] for f in HEADER_FIELDS},
            articles=[r[0] for r in links], link_text=next((r[1] for r in links if r[1]), None),
            province_2025=province_2025(row["province"] or ""),
            collections=json.loads(row["collections_json"] or "[]"))


def _reading(row: dict) -> dict:
    out = {k: row.get(k) for k in ("state", "type", "page_count", "error", *HEADER_FIELDS)}
    out["pages"] = json.loads(row.get("pages_json") or "[]")
    out["ocr_pending"] = json.loads(row.get("ocr_pending_json") or "[]")
    out["notes"] = json.loads(row.get("notes_json") or "[]")
    return out


_DOCUMENT_SQL = """SELECT d.id, d.url, d.source_id, d.first_seen, v.version, v.fetched_at, v.content_hash, v.size,
                     v.content_type, v.snapshot_id, v.state, v.type, v.page_count, v.pages_json, v.ocr_pending_json,
                     v.error, v.notes_json, v.number, v.doc_type, v.issuer, v.issued, v.summary,
                     s.name, s.province, s.unit, s.level, s.district, s.collections_json
                   FROM documents d JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
                   LEFT JOIN sources s ON s.id = d.source_id"""
