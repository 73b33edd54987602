"""The query language as the site answers it: refusals are Vietnamese 400s, odd-but-meaningful queries
are searched with a note saying how they were read, and the sort box shows the order really used."""
from __future__ import annotations

import re

import pytest

from tests.webapp.vietnamese import assert_vietnamese


def api(client, query: str, status: int = 200) -> dict:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_json()


def notes(data: dict) -> list[str]:
    return [n["code"] for n in data["notes"]]


def test_a_field_name_in_capitals_works_like_in_lower_case(client):
    lower = api(client, "q=title:khéo")
    assert lower["total"] > 0
    assert [r["id"] for r in api(client, "q=TITLE:khéo")["results"]] == [r["id"] for r in lower["results"]]


@pytest.mark.parametrize("q", ["title:", "TITLE:", "dân title:"])
def test_a_field_name_alone_is_a_400_naming_the_field(client, q):
    data = api(client, f"q={q}", status=400)
    assert "title:" in data["error"] and data["code"] == "field_without_words"
    assert_vietnamese(data["error"])


def test_an_exclusion_alone_lists_the_articles_without_the_word_newest_first(client):
    everything, with_word = api(client, "")["total"], api(client, "q=khéo")["total"]
    data = api(client, "q=-khéo&per_page=100")
    assert data["total"] == everything - with_word > 0
    assert notes(data) == ["only_exclusions"] and data["sort"] == "newest"
    dates = [r["published"] for r in data["results"] if r["published"]]
    assert dates == sorted(dates, reverse=True)
    assert_vietnamese(data["notes"][0]["message"])


def test_lowercase_or_is_a_word_and_the_page_says_how_to_write_the_operator(client):
    data = api(client, "q=khéo or hiến")
    assert notes(data) == ["lowercase_operator"] and "OR" in data["notes"][0]["message"]
    assert data["total"] < api(client, "q=khéo OR hiến")["total"]
    html = client.get("/?q=khéo or hiến").get_data(as_text=True)
    assert 'class="query-notes"' in html and "viết hoa: OR" in html


def test_not_not_is_understood_as_the_word_itself(client):
    assert api(client, "q=NOT NOT dân")["total"] == api(client, "q=dân")["total"] > 0
    assert api(client, "q=NOT -khéo")["total"] == api(client, "q=khéo")["total"]


def test_an_operator_with_nothing_to_join_is_dropped_with_a_note_and_alone_is_a_400(client):
    data = api(client, "q=khéo AND")
    assert data["total"] == api(client, "q=khéo")["total"] and notes(data) == ["operator_ignored"]
    assert_vietnamese(api(client, "q=AND", status=400)["error"])


@pytest.mark.parametrize("query, shown, ranked", [
    ("", "newest", False), ("q=-khéo", "newest", False), ("q=*", "newest", False), ("sort=relevance", "newest", False),
    ("sort=oldest", "oldest", False), ("q=khéo", "relevance", True), ("q=khéo&sort=oldest", "oldest", True)])
def test_the_sort_box_shows_the_order_the_results_are_in(client, query, shown, ranked):
    """With no word to rank by (browsing, exclusions only), results are newest first: the box says so."""
    assert api(client, query)["sort"] == shown
    box = re.search(r'<select id="sort".*?</select>', client.get(f"/?{query}").get_data(as_text=True), re.S).group(0)
    assert re.findall(r'<option value="(\w+)" selected>', box) == [shown]
    assert ('value="relevance"' in box) == ranked
