"""Fixtures shared by every test package: the shared fixture sites, their ground truth, a fresh home."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from archive import Archive, Config

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DANVAN_SHARED", REPO.parent / "shared")).resolve()
FIXTURES = SHARED / "fixtures"


def _need_shared() -> None:
    if not FIXTURES.is_dir():
        pytest.skip(f"the shared fixtures are not at {FIXTURES} (set DANVAN_SHARED)")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    _need_shared()
    return SHARED


@pytest.fixture(scope="session")
def truth() -> dict:
    """truth.json: ground truth per article, keyed '<site-id><url path>'."""
    _need_shared()
    return json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def non_articles() -> dict:
    _need_shared()
    return json.loads((FIXTURES / "non_articles.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def search_cases() -> list[dict]:
    _need_shared()
    return json.loads((FIXTURES / "queries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixture_server_class():
    """The shared ``serve.FixtureServer`` class (imported from ../shared/fixtures)."""
    _need_shared()
    sys.path.insert(0, str(FIXTURES))
    try:
        from serve import FixtureServer
    finally:
        sys.path.remove(str(FIXTURES))
    return FixtureServer


@pytest.fixture
def fixture_sites(fixture_server_class, tmp_path):
    """The five fixture sites served on loopback (v1), with a sources file whose delays are 0."""
    with fixture_server_class() as fx:
        text = fx.sources_text().replace("[[source]]", "[[source]]\ndelay_s = 0")
        fx.sources_path = tmp_path / "sources.toml"
        fx.sources_path.write_text(text, encoding="utf-8")
        yield fx


@pytest.fixture
def config(tmp_path) -> Config:
    """A fresh, empty home folder."""
    return Config.load(tmp_path / "home")


@pytest.fixture
def archive(config):
    with Archive.open(config) as arc:
        yield arc


def truth_key(site_id: str, url: str) -> str:
    """The truth.json key of an article URL served by the fixture server."""
    from urllib.parse import urlsplit
    return site_id + urlsplit(url).path
