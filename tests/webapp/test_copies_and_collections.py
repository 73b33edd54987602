"""Syndicated copies on the site: one card per group with its copies on demand, unique=1, the article page's
list, exports carrying the group; collections as a facet."""
from __future__ import annotations

import csv
import io

import pytest

from archive import Archive, Config
from tests.index.test_groups_and_collections import ARTICLES, SOURCES, add
from tests.webapp.conftest import client_of


@pytest.fixture
def site(tmp_path):
    """(client, [ids]): three copies of one story, two other articles."""
    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        for s in SOURCES:
            archive.upsert_source(s)
        ids = [add(archive, n, *a) for n, a in enumerate(ARTICLES)]
    with client_of(config) as client:
        yield client, ids


def test_the_api_results_carry_group_and_size_and_unique_counts_groups(site):
    client, ids = site
    every = client.get("/api/search?q=l%E1%BB%B1c+l%C6%B0%E1%BB%A3ng").get_json()
    assert every["total"] == 4 and {r["group_size"] for r in every["results"] if r["group"] == ids[0]} == {3}
    unique = client.get("/api/search?q=l%E1%BB%B1c+l%C6%B0%E1%BB%A3ng&unique=1").get_json()
    assert unique["total"] == 2 and unique["params"]["unique"] is True
    assert client.get("/api/search?q=x&unique=maybe").status_code == 400


def test_the_page_shows_one_card_per_group_with_its_copies_on_demand(site):
    client, ids = site
    page = client.get("/?q=l%E1%BB%B1c+l%C6%B0%E1%BB%A3ng").get_data(as_text=True)
    assert page.count('<li class="hit">') == 2  # three copies folded into one card, and the Bình Phước article
    assert "Đăng lại ở 2 nơi" in page and '<details class="copies">' in page
    assert f"group={ids[0]}" in page and "Gộp các bản đăng lại" in page


def test_the_article_page_and_its_json_list_the_other_copies(site):
    client, ids = site
    data = client.get(f"/api/articles/{ids[1]}").get_json()
    assert data["group"] == ids[0] and data["group_size"] == 3
    assert [d["id"] for d in data["duplicates"]] == [ids[0], ids[2]]  # earliest first
    assert "Đăng lại ở 2 nơi khác" in client.get(f"/articles/{ids[1]}").get_data(as_text=True)
    assert client.get(f"/api/articles/{ids[3]}").get_json()["duplicates"] == []


def test_exports_carry_the_group(site):
    client, ids = site
    rows = list(csv.DictReader(io.StringIO(client.get("/export.csv?q=v%C5%A9+tr%E1%BA%A1ng").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    assert {r["group"] for r in rows if r["id"] in ids[:3]} == {ids[0]}
    assert {r["group_size"] for r in rows if r["id"] in ids[:3]} == {"3"}


def test_a_collection_is_a_facet_with_links_and_a_filter_of_trends(site):
    client, ids = site
    data = client.get("/api/search").get_json()
    assert {v["value"]: v["count"] for v in data["facets"]["collection"]} == {"Tây Nguyên": 3, "Biên giới": 2}
    assert client.get("/api/search?collection=Bi%C3%AAn+gi%E1%BB%9Bi").get_json()["total"] == 2
    trend = client.get("/api/trends?q=v%C5%A9+tr%E1%BA%A1ng&collection=T%C3%A2y+Nguy%C3%AAn&interval=year").get_json()
    assert trend["series"][0]["filters"] == {"collection": ["Tây Nguyên"]}
    assert "Bộ sưu tập" in client.get("/trends?q=v%C5%A9").get_data(as_text=True)
