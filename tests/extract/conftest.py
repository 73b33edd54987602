"""Helpers for the extraction tests: the fixture pages on disk and the scoring rule of benchmarks/extraction.py."""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from archive.sources import Source
from archive.text import clean_whitespace
from tests.conftest import FIXTURES

DATA = Path(__file__).parent / "data"
TOKEN_RE = re.compile(r"\w+")


def token_f1(predicted: str, truth: str) -> float:
    """Bag-of-tokens F1 after NFC and whitespace collapse (tokens = \\w+ runs)."""
    p = Counter(TOKEN_RE.findall(clean_whitespace(predicted)))
    t = Counter(TOKEN_RE.findall(clean_whitespace(truth)))
    common = sum((p & t).values())
    if common == 0:
        return float(not p and not t)
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="session")
def fixture_sources(shared_dir) -> dict[str, Source]:
    data = tomllib.loads((FIXTURES / "sources.toml").read_text(encoding="utf-8"))
    return {t["id"]: Source.from_dict(t) for t in data["source"]}


@pytest.fixture(scope="session")
def truth_pages(truth) -> list[dict]:
    """Every truth article as first crawled, plus sites-v2's edited and added ones (with their v2 body)."""
    pages = []
    for key, t in truth.items():
        if t.get("v2") != "added":
            pages.append({"key": key, "file": FIXTURES / "sites" / key, "truth": t, "body": t["body"], "v1": True})
        if t.get("v2") in ("edited", "added"):
            pages.append({"key": key + " (v2)", "file": FIXTURES / "sites-v2" / key, "truth": t,
                          "body": t.get("body_v2") or t["body"], "v1": t.get("v2") == "added"})
    return pages


@pytest.fixture(scope="session")
def non_article_pages(non_articles) -> list[tuple[str, str, Path]]:
    """(site, path, file) of every HTML page non_articles.json lists, in both crawl states."""
    out = []
    for site, d in non_articles.items():
        for folder, paths in (("sites", d["non_articles"] + d.get("non_articles_v1_only", [])),
                              ("sites-v2", d["non_articles"] + d.get("non_articles_v2_only", []))):
            for path in paths:
                f = FIXTURES / folder / site / path.lstrip("/")
                if f.is_dir():
                    f = f / "index.html"
                if f.is_file() and f.suffix == ".html":
                    out.append((site, path, f))
    return out
