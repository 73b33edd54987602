"""A throwaway PostgreSQL cluster for tests: its own temp dir, loopback only, stopped fast and removed.

Needs only Debian's `postgresql` package (initdb, pg_ctl, psql); no Python driver. As root the server
runs as the `postgres` user (PostgreSQL refuses root), through `runuser -u postgres --`.
"""
from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
import weakref
from pathlib import Path

import pytest

log = logging.getLogger(__name__)
AS_ROOT = os.geteuid() == 0
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SETTINGS = ("fsync = off", "synchronous_commit = off", "full_page_writes = off",  # tests only: no durability
             "max_connections = 200", "listen_addresses = '127.0.0.1'")


def bindir() -> Path | None:
    """Where initdb/pg_ctl live: `pg_config --bindir` if it has them, else the newest /usr/lib/postgresql/*/bin."""
    candidates = []
    if shutil.which("pg_config"):  # libpq-dev's pg_config answers /usr/bin, which has no initdb
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(re.sub(r"\D", "", p) or 0), reverse=True)
    return next((Path(c) for c in candidates if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists()), None)


def available() -> str | None:
    """None when a server can be started here, else why not."""
    if bindir() is None:
        return "PostgreSQL is not installed: no initdb/pg_ctl (apt-get install postgresql)"
    if AS_ROOT:
        if not shutil.which("runuser"):
            return "running as root, and there is no runuser to run the server as the postgres user"
        out = subprocess.run(["runuser", "-u", "postgres", "--", "true"], capture_output=True, text=True)
        if out.returncode:
            return f"running as root, and `runuser -u postgres` fails: {out.stderr.strip()}"
    return None


def require_or_skip() -> None:
    """Skip the test when no server can be started here; in CI (CI=true) that is a failure instead."""
    reason = available()
    if reason:
        (pytest.fail if os.environ.get("CI") == "true" else pytest.skip)(f"PostgreSQL: {reason}")


def _clean_env() -> dict[str, str]:  # the caller's PGHOST/PGDATABASE/... must not leak into ours
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")} | {"LC_ALL": "C"}


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"unsafe database name {name!r}")
    return name


def _tmp_base() -> str | None:  # as root, a TMPDIR the postgres user cannot reach (e.g. under /root) will not do
    base = Path(tempfile.gettempdir())
    return "/tmp" if AS_ROOT and any(not p.stat().st_mode & 0o001 for p in (base, *base.parents)) else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shutdown(pg_ctl: list[str], data: Path, root: Path) -> None:
    if (data / "postmaster.pid").exists():
        subprocess.run(pg_ctl + ["stop", "-D", str(data), "-m", "immediate", "-w"], capture_output=True,
                       env=_clean_env(), cwd=root)
    shutil.rmtree(root, ignore_errors=True)


class PostgresServer:
    """A cluster in a temp dir: `with PostgresServer() as pg: pg.create_database("x")`."""

    def __init__(self) -> None:
        self.bin = bindir()
        if self.bin is None:
            raise RuntimeError(available())
        self.root: Path | None = None
        self.port, self._finalizer = 0, None

    data = property(lambda self: self.root / "data")
    url = property(lambda self: self.database_url("postgres"), doc="the maintenance database, as superuser postgres")

    def database_url(self, name: str) -> str:  # TCP on loopback; the socket dir is self.root / "sock"
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def _as_server(self, *argv: str) -> list[str]:
        return (["runuser", "-u", "postgres", "--"] if AS_ROOT else []) + [str(self.bin / argv[0]), *argv[1:]]

    def _run(self, *argv: str) -> None:
        subprocess.run(self._as_server(*argv), check=True, capture_output=True, text=True, env=_clean_env(), cwd=self.root)

    def start(self) -> PostgresServer:
        t0 = time.monotonic()
        self.root = Path(tempfile.mkdtemp(prefix="danvan-pg-", dir=_tmp_base()))
        (self.root / "sock").mkdir()
        for p in (self.root, self.root / "sock") if AS_ROOT else ():
            shutil.chown(p, "postgres", "postgres")
        self._finalizer = weakref.finalize(self, _shutdown, self._as_server("pg_ctl"), self.data, self.root)
        try:
            self._initdb()
            for attempt in range(3):  # the free port may be taken between choosing and binding it
                self.port = _free_port()
                with open(self.data / "postgresql.conf", "a") as conf:
                    conf.write("\n".join((*_SETTINGS, f"port = {self.port}",
                                          f"unix_socket_directories = '{self.root / 'sock'}'")) + "\n")
                try:
                    self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60")
                    break
                except subprocess.CalledProcessError:
                    if attempt == 2:
                        raise
                    log.warning("PostgreSQL did not start on port %d, trying another", self.port)
        except subprocess.CalledProcessError as e:
            logfile = self.root / "server.log"
            tail = logfile.read_text(errors="replace")[-2000:] if logfile.exists() else ""
            self.stop()
            raise RuntimeError(f"PostgreSQL did not start: {e.stderr}\n{tail}") from e
        log.info("PostgreSQL %s started in %.2fs at %s", self.bin, time.monotonic() - t0, self.url)
        return self

    def _initdb(self) -> None:
        for loc in ("C.UTF-8", "C"):
            try:
                return self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                                 "--encoding=UTF8", f"--locale={loc}", "--no-sync")
            except subprocess.CalledProcessError:
                if loc == "C":
                    raise
                log.warning("initdb --locale=C.UTF-8 failed, falling back to --locale=C")
                shutil.rmtree(self.data, ignore_errors=True)

    def stop(self) -> None:
        """Stop at once (no checkpoint: the data is thrown away) and remove the directory."""
        if self._finalizer is not None:
            self._finalizer()

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL through psql; unaligned tuples-only output, stripped."""
        argv = [str(self.bin / "psql"), "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-d", self.database_url(database), "-c", sql]
        out = subprocess.run(argv, check=True, capture_output=True, text=True, env=_clean_env())
        return out.stdout.strip()

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        self.psql(f'CREATE DATABASE "{_checked(name)}"')
        return self.database_url(name)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')  # FORCE: even with open connections

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def start_server() -> PostgresServer:
    """A started server, or the test is skipped (failed in CI) when none can run here."""
    require_or_skip()
    return PostgresServer().start()


def fresh_database(server: PostgresServer, prefix: str = "t") -> str:
    """The URL of a new empty database with a unique name."""
    return server.create_database(f"{prefix}_{uuid.uuid4().hex[:12]}")
