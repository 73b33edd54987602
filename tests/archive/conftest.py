"""The archive's tests run on both engines: every test taking ``config`` (or ``archive``) runs once on a
SQLite file and once on a fresh PostgreSQL database."""
from __future__ import annotations

import pytest

from archive import Config
from tests.pg import fresh_database


@pytest.fixture(params=["sqlite", "postgresql"])
def config(request, tmp_path) -> Config:
    if request.param == "sqlite":
        return Config.load(tmp_path / "home")
    server = request.getfixturevalue("postgres_server")
    return Config.load(tmp_path / "home", overrides=[f"database_url={fresh_database(server)}"])
