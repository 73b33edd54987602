"""Paging past the end says so and leads back to the last page; every number in a URL is ASCII digits."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.webapp.vietnamese import assert_vietnamese, error_message


def test_a_page_past_the_last_says_so_and_links_to_the_last_page(client):
    first = client.get("/api/search?q=dân vận&per_page=5").get_json()
    last = first["pages"]
    assert last > 1
    for page in (last + 1, last + 10, 5000):  # 5000 * 5 is past the index's paging window too
        data = client.get(f"/api/search?q=dân vận&per_page=5&page={page}").get_json()
        assert data["results"] == [] and data["total"] == first["total"]
        assert data["beyond_last"] == {"page": page, "pages": last,
                                       "url": f"/?q=d%C3%A2n+v%E1%BA%ADn&per_page=5&page={last}"}
        assert parse_qs(urlsplit(data["urls"]["prev"]).query)["page"] == [str(last)]
    html = client.get(f"/?q=dân vận&per_page=5&page={last + 10}").get_data(as_text=True)
    assert "Về trang cuối" in html
    prev = unescape(re.search(r'<a rel="prev" href="([^"]*)"', html).group(1))
    assert prev.endswith(f"page={last}")
    assert 'class="hit"' in client.get(prev).get_data(as_text=True)


def test_the_last_page_itself_is_not_past_the_end(client):
    pages = client.get("/api/search?q=dân vận&per_page=5").get_json()["pages"]
    data = client.get(f"/api/search?q=dân vận&per_page=5&page={pages}").get_json()
    assert data["results"] and data["beyond_last"] is None and data["urls"]["next"] is None


def test_paging_deeper_than_the_index_window_within_the_hits_is_a_vietnamese_400(tmp_path):
    from archive import Archive, Config
    from index import SearchIndex
    from webapp import create_app

    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        for n in range(6):
            archive.import_article({"url": f"http://w.test/{n}", "title": f"Dân vận {n}", "text": "Dân vận."})
        with SearchIndex(config.index_dir) as index:
            index.rebuild(archive)
    app = create_app(config, TESTING=True)
    app.extensions["danvan"]["index"] = narrow = SearchIndex(config.index_dir, result_window=3)
    try:
        response = app.test_client().get("/api/search?q=dân&per_page=2&page=2")
        assert response.status_code == 400 and response.get_json()["code"] == "too_deep"
        assert_vietnamese(response.get_json()["error"])
    finally:
        narrow.close()


@pytest.mark.parametrize("query", ["page=²", "page=١", "page=𝟙", "per_page=²", "facet_size=²", "page=-1", "page=1.5",
                                   "page=" + "9" * 5000, "per_page=" + "9" * 5000, "facet_size=" + "1" * 5000,
                                   "page= ", "year=２０２０", "year=²⁰²⁰", "date_from=٢٠٢٠", "date_to=2020-02-30",
                                   "date_from=0000"])
def test_numbers_are_ascii_digits_or_a_vietnamese_400(client, query):
    api = client.get(f"/api/search?{query}")
    assert api.status_code == 400, query
    assert_vietnamese(api.get_json()["error"])
    page = client.get(f"/?{query}")
    assert page.status_code == 400
    assert_vietnamese(error_message(page.get_data(as_text=True)))


@pytest.mark.parametrize("args", ["from=²", "to=²", "from=١&to=2", "from=" + "9" * 5000])
def test_a_diffs_version_numbers_are_ascii_digits_or_a_vietnamese_400(client, corpus, args):
    response = client.get(f"/api/articles/{corpus.removed_id}/diff?{args}")
    assert response.status_code == 400
    assert_vietnamese(response.get_json()["error"])
    assert client.get(f"/articles/{corpus.removed_id}/diff?{args}").status_code == 400
