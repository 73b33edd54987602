"""Fixtures for the index tests: the truth corpus imported into an archive (no crawling) and indexed."""
from __future__ import annotations

import tomllib

import pytest

from archive import Archive, Config
from index import SearchIndex
from tests.conftest import FIXTURES

FAKE_ORIGIN = "http://fixture.invalid/"


def truth_record(key: str, entry: dict, sources: dict) -> dict:
    """An import line (the /api/articles shape) for one truth.json entry, as first crawled."""
    source = sources[entry["site"]]
    return {
        "url": FAKE_ORIGIN + key, "title": entry["title"], "text": "\n\n".join(entry["body"]),
        "published": entry["published"], "published_time": entry.get("published_time"),
        "author": entry.get("author"), "province": entry["province"], "unit": entry["unit"],
        "level": entry["level"], "district": entry.get("district"), "source": source["name"],
        "source_id": entry["site"], "provinces_mentioned": entry.get("provinces_mentioned") or [],
    }


@pytest.fixture(scope="session")
def sources() -> dict:
    data = tomllib.loads((FIXTURES / "sources.toml").read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["source"]}


@pytest.fixture(scope="session")
def first_crawl(truth) -> dict:
    """truth.json entries present in the first crawl (the corpus of queries.json)."""
    return {k: v for k, v in truth.items() if v.get("v2") != "added"}


@pytest.fixture(scope="session")
def truth_index(tmp_path_factory, first_crawl, sources):
    """(config, SearchIndex, {article id: truth key}) over the first-crawl truth corpus; read-only."""
    config = Config.load(tmp_path_factory.mktemp("truth") / "home")
    keys = {}
    with Archive.open(config) as archive:
        for key, entry in first_crawl.items():
            keys[archive.import_article(truth_record(key, entry, sources))] = key
        index = SearchIndex(config.index_dir)
        index.rebuild(archive)
    yield config, index, keys
    index.close()


@pytest.fixture
def fresh_truth_index(config, first_crawl, sources):
    """A private (writable) copy: (archive, SearchIndex, {id: key}) in a fresh home."""
    keys = {}
    with Archive.open(config) as archive:
        for key, entry in first_crawl.items():
            keys[archive.import_article(truth_record(key, entry, sources))] = key
        with SearchIndex(config.index_dir) as index:
            index.rebuild(archive)
            yield archive, index, keys
