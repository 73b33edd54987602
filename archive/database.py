"""The two engines of the archive: SQLite (the default, one file under the home folder) and PostgreSQL
(when a database URL is configured), behind the one interface the rest of ``archive`` uses.

The archive's SQL is written once, in SQLite's dialect (the default engine and the one every
statement was first written for). On PostgreSQL a thin connection (``PgConnection``, psycopg 3)
gives the same surface the code uses of ``sqlite3.Connection`` — ``execute``/``executemany``
returning a cursor with ``fetchone``/``fetchall``/iteration/``lastrowid``/``rowcount``, rows read
by name or position, ``with conn:`` as one transaction — and rewrites each statement once (cached)
into PostgreSQL's: ``?`` placeholders, ``INSERT OR IGNORE``, ``IS NOT`` between values, types of
the schema (``INTEGER PRIMARY KEY`` as an identity, ``BLOB`` as ``bytea``, text compared byte by
byte as SQLite does). Why not an ORM: the statements are few (about a hundred), already tuned for
SQLite, and the differences between the two dialects they touch fit in one page; SQLAlchemy Core
would mean writing every one of them again to get the same SQL back.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and url.startswith(POSTGRES_SCHEMES)


def database_errors() -> tuple[type[Exception], ...]:
    """The exceptions either engine raises for a database problem."""
    try:
        import psycopg
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)


def connect_sqlite(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def describe(url: str) -> str:
    """The URL without its password (for messages)."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


# -- PostgreSQL ------------------------------------------------------------------------------------

class Row(tuple):
    """A row read by position or by column name, and ``dict(row)``-able, as ``sqlite3.Row``."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    """One row class per set of column names (made once: statements repeat)."""
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor):
    names = tuple(c.name for c in cursor.description or ())
    cls = _row_class(names)
    return lambda values: cls(values)


class PgCursor:
    """The result of one statement, as the archive reads it."""

    def __init__(self, conn: "PgConnection", cursor):
        self._conn, self._cursor = conn, cursor

    def fetchone(self):
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list:
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self):
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The identity the last INSERT of this session made (``lastval()``)."""
        return self._conn.raw.execute("SELECT lastval()").fetchone()[0]


class PgConnection:
    """A psycopg 3 connection with the surface of ``sqlite3.Connection`` the archive uses."""

    def __init__(self, url: str):
        import psycopg
        from psycopg.types.numeric import Int8Dumper

        class BoolAsInteger(Int8Dumper):  # SQLite stores booleans as 0/1 and so does the schema
            def dump(self, obj):
                return b"1" if obj else b"0"

        self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        self.raw.adapters.register_dumper(bool, BoolAsInteger)
        self._tx = threading.local()
        self.url = url

    def execute(self, sql: str, params=()) -> PgCursor:
        return PgCursor(self, self.raw.execute(to_postgres(sql), _storable(params)))

    def executemany(self, sql: str, rows) -> PgCursor:
        cur = self.raw.cursor()
        cur.executemany(to_postgres(sql), [_storable(r) for r in rows])
        return PgCursor(self, cur)

    def pipeline(self):
        """Statements sent without waiting for each answer (psycopg's pipeline mode), until the block ends."""
        return self.raw.pipeline()

    def executescript(self, script: str) -> None:
        self.raw.execute(ddl_to_postgres(script))

    def __enter__(self) -> "PgConnection":
        stack = getattr(self._tx, "stack", None)
        if stack is None:
            stack = self._tx.stack = []
        tx = self.raw.transaction()
        tx.__enter__()
        stack.append(tx)
        return self

    def __exit__(self, *exc) -> bool:
        return bool(self._tx.stack.pop().__exit__(*exc))

    def close(self) -> None:
        self.raw.close()


def _storable(params) -> tuple:
    """Parameters PostgreSQL takes: its text cannot hold NUL characters (SQLite's can; no text needs them)."""
    return tuple(p.replace("\x00", "") if isinstance(p, str) and "\x00" in p else p for p in params)


_LITERAL = re.compile(r"('(?:[^']|'')*')")


@lru_cache(maxsize=2048)
def to_postgres(sql: str, placeholders: bool = True) -> str:
    """One statement of the archive in PostgreSQL's dialect (``placeholders``: it is sent with parameters,
    so ``?`` becomes ``%s`` and a literal ``%`` is doubled)."""
    out = sql
    if placeholders:
        parts = _LITERAL.split(sql)
        out = "".join(p.replace("%", "%%").replace("?", "%s") if i % 2 == 0 else p.replace("%", "%%")
                      for i, p in enumerate(parts))
    ignore = re.search(r"\bINSERT\s+OR\s+IGNORE\s+INTO\b", out, re.I)
    if ignore:
        out = out[:ignore.start()] + "INSERT INTO" + out[ignore.end():]
        out = out.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    out = re.sub(r"\bIS\s+NOT\s+(?!NULL\b)", "IS DISTINCT FROM ", out, flags=re.I)
    out = re.sub(r"\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b)", "IS NOT DISTINCT FROM ", out, flags=re.I)
    out = re.sub(r"json_extract\((\w+),\s*'\$\.(\w+)'\)", r"(\1::jsonb -> '\2')::text", out)
    return out


_DDL = [
    (r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (r"\bINTEGER\b", "BIGINT"),
    (r"\bREAL\b", "DOUBLE PRECISION"),
    (r"\bBLOB\b", "BYTEA"),
    (r"\bTEXT\b", 'TEXT COLLATE "C"'),          # compared and ordered byte by byte, as SQLite does
    (r"\bWITHOUT ROWID\b", ""),
]


def ddl_to_postgres(script: str) -> str:
    """A migration script (tables, indexes, data fixes) in PostgreSQL's dialect."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    statements = [_with_rowid(s) for s in "\n".join(lines).split(";") if s.strip()]
    out = ";\n".join(statements)
    for pattern, replacement in _DDL:
        out = re.sub(pattern, replacement, out)
    return ";\n".join(to_postgres(s, placeholders=False) for s in out.split(";") if s.strip())


def _with_rowid(statement: str) -> str:
    """A table SQLite gives a hidden ``rowid`` (insertion order, read by ``ORDER BY rowid``) gets one here too."""
    if not re.match(r"\s*CREATE TABLE\b", statement, re.I) or re.search(r"INTEGER PRIMARY KEY|WITHOUT ROWID", statement):
        return statement
    return statement.replace("(", "(rowid BIGINT GENERATED ALWAYS AS IDENTITY, ", 1)


# -- schema versions -------------------------------------------------------------------------------

def schema_version(conn) -> int:
    if isinstance(conn, PgConnection):
        conn.execute("CREATE TABLE IF NOT EXISTS danvan_schema (version BIGINT NOT NULL)")
        row = conn.execute("SELECT version FROM danvan_schema").fetchone()
        return int(row[0]) if row else 0
    return conn.execute("PRAGMA user_version").fetchone()[0]


def set_schema_version(conn, version: int) -> None:
    if isinstance(conn, PgConnection):
        conn.execute("DELETE FROM danvan_schema")
        conn.execute("INSERT INTO danvan_schema (version) VALUES (?)", (version,))
    else:
        conn.execute(f"PRAGMA user_version = {int(version)}")


def lock_for_migration(conn) -> None:
    """Inside a transaction: only one process migrates a shared database at a time."""
    if isinstance(conn, PgConnection):
        conn.execute("SELECT pg_advisory_xact_lock(7023)")
