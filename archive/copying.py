"""Moving an archive between engines: every row of every table of a SQLite archive copied into an empty
PostgreSQL one of the same schema version (``danvan copy-archive --to URL``). Raw snapshots stay where
they are (the WARC files under ``HOME/snapshots``: the rows point at them by file name and offset).
"""
from __future__ import annotations

import logging
import time
from typing import NamedTuple

from archive.errors import ArchiveError
from archive.database import schema_version

log = logging.getLogger(__name__)

BATCH = 2000


class CopyReport(NamedTuple):
    rows: dict[str, int]     # table -> rows copied
    seconds: float


def copy_archive(source, target) -> CopyReport:
    """Copy every table of ``source`` (SQLite) into ``target`` (PostgreSQL, empty, same schema version)."""
    if not target.database_url or source.database_url:
        raise ArchiveError("copy-archive copies a SQLite archive into PostgreSQL")
    if schema_version(source.conn) != schema_version(target.conn):
        raise ArchiveError("the two archives are of different schema versions")
    if target.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] or target.count_articles():
        raise ArchiveError("the target archive is not empty")
    started, rows = time.monotonic(), {}
    tables = [r[0] for r in source.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    with target.lock, target.conn:
        for table in tables:
            rows[table] = _copy_table(source, target, table)
        _advance_identities(target)
    return CopyReport(rows, time.monotonic() - started)


def _copy_table(source, target, table: str) -> int:
    columns = [r[1] for r in source.conn.execute(f"PRAGMA table_info({table})")]
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor = source.conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
    copied = 0
    while batch := cursor.fetchmany(BATCH):
        target.conn.executemany(insert, [tuple(r) for r in batch])
        copied += len(batch)
    log.info("copied %d rows of %s", copied, table)
    return copied


def _advance_identities(target) -> None:
    """Identity columns continue after the copied numbers (the copy gave them explicitly)."""
    for table, column in target.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND is_identity = 'YES' AND column_name != 'rowid'").fetchall():
        target.conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                            f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)")
