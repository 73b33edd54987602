"""The throwaway PostgreSQL server of tests/pg.py: it answers, keeps databases apart, stays on loopback, cleans up."""
from __future__ import annotations

import subprocess

import pytest

from tests.pg import PostgresServer, fresh_database, require_or_skip, start_server


@pytest.fixture(scope="module")
def server():
    pg = start_server()
    yield pg
    pg.stop()


def test_a_started_server_answers_select_1_through_psql(server):
    assert server.psql("SELECT 1") == "1"
    assert server.psql("SHOW server_encoding") == "UTF8"


def test_two_fresh_databases_are_separate(server):
    first, second = fresh_database(server), fresh_database(server)
    assert first != second and first.startswith(server.url.rsplit("/", 1)[0] + "/t_")
    server.psql("CREATE TABLE only_here (x int)", database=first.rsplit("/", 1)[1])
    assert server.psql("SELECT to_regclass('only_here') IS NOT NULL", database=first.rsplit("/", 1)[1]) == "t"
    assert server.psql("SELECT to_regclass('only_here') IS NULL", database=second.rsplit("/", 1)[1]) == "t"
    server.drop_database(first.rsplit("/", 1)[1])
    with pytest.raises(subprocess.CalledProcessError):
        server.psql("SELECT 1", database=first.rsplit("/", 1)[1])


def test_the_server_listens_only_on_loopback(server):
    assert server.psql("SHOW listen_addresses") == "127.0.0.1"
    assert server.url.startswith("postgresql://postgres@127.0.0.1:")
    assert str(server.root) in server.psql("SHOW unix_socket_directories")


def test_stop_removes_the_data_directory():
    require_or_skip()
    with PostgresServer() as pg:
        root = pg.root
        assert (pg.data / "PG_VERSION").exists()
    assert not root.exists()
    pg.stop()  # a second stop is harmless
