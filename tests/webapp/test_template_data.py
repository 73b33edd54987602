"""What templates read from a page's data: a key is never shadowed by a dict method (``urls.clear`` in Jinja
is ``dict.clear``, not the key), and every link the search page writes leads somewhere."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from jinja2 import nodes

DICT_METHODS = {name for name in dir(dict) if not name.startswith("_")}
TEMPLATES = Path(__file__).resolve().parents[2] / "webapp" / "templates"


def _called(tree) -> set[int]:
    return {id(call.node) for call in tree.find_all(nodes.Call)}


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.iterdir()))
def test_templates_never_read_a_dict_method_as_if_it_were_a_key(app, template):
    tree = app.jinja_env.parse((TEMPLATES / template).read_text(encoding="utf-8"))
    called = _called(tree)
    clashes = [node.attr for node in tree.find_all(nodes.Getattr)
               if node.attr in DICT_METHODS and id(node) not in called]
    assert clashes == [], f"{template} reads {clashes} as keys: use another key name"


def _keys(value, path="") -> list[str]:
    if isinstance(value, dict):
        return [f"{path}.{k}" for k in value if k in DICT_METHODS] + [
            found for k, v in value.items() for found in _keys(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [found for v in value for found in _keys(v, path + "[]")]
    return []


def test_no_page_data_has_a_key_named_like_a_dict_method(client, corpus):
    for path in ("/api/search?q=dân vận&province=Bình Phước", "/api/search?q=zzzz&year=2020",
                 f"/api/articles/{corpus.removed_id}", f"/api/articles/{corpus.removed_id}/diff", "/api/sources",
                 "/api/wording?text=dân vận khéo", "/api/search?q=dân&page=99"):
        assert _keys(client.get(path).get_json()) == [], path


def test_the_clear_all_filters_link_keeps_the_words_and_drops_every_filter(client):
    html = client.get("/?q=dân vận&province=Bình Phước&year=2022&date_from=2020&sort=newest").get_data(as_text=True)
    href = unescape(re.search(r'<a class="chips-clear" href="([^"]*)"', html).group(1))
    assert href.startswith("/?") and "built-in" not in href
    assert parse_qs(urlsplit(href).query) == {"q": ["dân vận"], "sort": ["newest"]}
    page = client.get(href)
    assert page.status_code == 200 and 'class="chip"' not in page.get_data(as_text=True)


def test_every_link_on_a_filtered_search_page_answers(client):
    html = client.get("/?q=dân vận&province=Bình Phước&per_page=5").get_data(as_text=True)
    hrefs = {unescape(h) for h in re.findall(r'href="([^"#]+)"', html)}
    assert len(hrefs) > 20
    for href in sorted(hrefs):
        assert href.startswith("/"), href
        response = client.get(href)
        assert response.status_code == 200, href
        response.close()
