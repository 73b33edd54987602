"""Fixtures shared by every test package: the shared fixture sites, their ground truth, a fresh home."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest

from archive import Archive, Config

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DANVAN_SHARED", REPO.parent / "shared")).resolve()
FIXTURES = SHARED / "fixtures"


# why a test may be skipped on a machine that lacks something, and how to run it there (CI lacks nothing)
SKIP_GROUPS = {
    "shared fixtures": ("need the shared corpora", "put ../shared beside the checkout or set DANVAN_SHARED=/path/to/shared"),
    "real-cms": ("need the real NukeViet/WordPress stack", "as root: bash ../shared/realcms/install-packages.sh"),
    "chromium": ("need Debian's Chromium", "apt-get install -y chromium"),
    "postgresql": ("need PostgreSQL's server", "apt-get install -y postgresql"),
    "documents": ("need the document tools (Tesseract, catdoc, LibreOffice)",
                  "apt-get install tesseract-ocr tesseract-ocr-vie catdoc libreoffice-writer-nogui libreoffice-calc-nogui"),
}


def _skip_group(report) -> str:
    text = str(report.longrepr).lower()
    if "danvan_shared" in text:
        return "shared fixtures"
    if "real cms" in text or "realcms" in text or "real-cms" in text:
        return "real-cms"
    if "chromium" in text:
        return "chromium"
    if "postgres" in text or "initdb" in text:
        return "postgresql"
    if "tesseract" in text or "catdoc" in text or "libreoffice" in text:
        return "documents"
    if "shared" in text:
        return "shared fixtures"
    return "other"


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One line at the end: which groups of tests were skipped here, and how to run them."""
    groups = Counter(_skip_group(r) for r in terminalreporter.stats.get("skipped", []))
    if groups:
        parts = [f"{n} {SKIP_GROUPS.get(g, ('skipped for other reasons', 'see -rs'))[0]} "
                 f"({SKIP_GROUPS.get(g, ('', 'pytest -rs'))[1]})" for g, n in groups.most_common()]
        terminalreporter.write_line("skipped: " + "; ".join(parts))


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: a skip there means a missing dependency, which is a failure."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") and skipped and session.exitstatus == 0:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"CI: {skipped} tests were skipped; in CI every test must run")


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


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster on loopback for the whole run (tests/pg.py)."""
    from tests.pg import start_server

    server = start_server()
    yield server
    server.stop()


@pytest.fixture
def pg_config(tmp_path, postgres_server) -> Config:
    """A fresh home whose archive is a fresh PostgreSQL database."""
    from tests.pg import fresh_database

    return Config.load(tmp_path / "home", overrides=[f"database_url={fresh_database(postgres_server)}"])


def truth_key(site_id: str, url: str) -> str:
    """The truth.json key of an article URL served by the fixture server."""
    from urllib.parse import urlsplit
    return site_id + urlsplit(url).path
