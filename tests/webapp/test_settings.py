"""The web app takes its lists from the index, its settings from config.section("web"), and everything a
request needs from one resources.init_app(app, config)."""
from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from archive import Config, ConfigError
from tests.webapp.conftest import release_searchers


def test_the_lists_are_the_index_own_not_copies():
    import index.searchquery
    import index.schema
    from webapp import facets, params, settings

    assert params.FILTERS is index.searchquery.FILTERS and set(index.schema.FACETS) < set(params.FILTERS)
    assert params.SORTS is index.searchquery.SORTS and params.DATE_RE is index.searchquery.DATE_RE
    assert settings.WebSettings().max_per_page == index.searchquery.MAX_PER_PAGE
    assert settings.WebSettings().per_page == index.searchquery.DEFAULT_PER_PAGE
    assert list(facets.FACET_LABELS) == list(index.searchquery.FILTERS)  # a label for every filter, in the index's order


def test_facet_parameters_come_out_in_the_index_order(client):
    from index.schema import FACETS
    from webapp.params import SearchParams

    args = [(name, "x") for name in reversed(FACETS) if name != "year"]
    with client.application.test_request_context():
        pairs = SearchParams.from_args(MultiDict(args)).pairs()
    assert [name for name, _ in pairs] == [name for name in FACETS if name != "year"]


@pytest.fixture
def configured(corpus):
    """The test archive served with web settings given as --set would give them."""
    from webapp import create_app

    config = Config.load(corpus.config.home, overrides=["web.per_page=3", "web.max_per_page=7", "web.facet_size=2",
                                                        "web.feed_size=2", "web.export_limit=4", "web.similar=1"])
    app = create_app(config, TESTING=True)
    yield app.test_client()
    release_searchers(app)


def test_web_settings_set_page_sizes_feeds_exports_and_similar_articles(configured, corpus):
    data = configured.get("/api/search?q=dân vận").get_json()
    assert data["per_page"] == 3 and len(data["results"]) == 3
    assert "per_page" not in data["urls"]["self"] + data["urls"]["pages"][1]["url"]  # the default is left out
    assert configured.get("/api/search?q=dân vận&per_page=50").get_json()["per_page"] == 7
    assert all(len(values) <= 2 for values in data["facets"].values() if not any(v["selected"] for v in values))
    assert configured.get("/feed.atom?q=dân vận").get_data(as_text=True).count("<entry>") == 2
    assert len(configured.get("/export.jsonl?q=dân vận").get_data(as_text=True).splitlines()) == 4
    assert len(configured.get(f"/api/articles/{corpus.removed_id}").get_json()["similar"]) <= 1


@pytest.mark.parametrize("setting, named", [("web.per_pgae=5", "per_pgae"), ('web.per_page="x"', "per_page"),
                                            ("web.max_per_page=500", "max_per_page"), ("web.feed_size=0", "feed_size"),
                                            ("web.per_page=true", "per_page"),
                                            ("web.max_query_chars=99999", "max_query_chars")])
def test_a_bad_web_setting_is_refused_by_name_when_the_app_is_built(tmp_path, setting, named):
    from webapp import create_app

    with pytest.raises(ConfigError, match=named):
        create_app(Config.load(tmp_path / "home", overrides=[setting]))


def test_init_app_sets_up_the_config_settings_index_and_a_per_request_archive(tmp_path):
    from webapp import resources

    config = Config.load(tmp_path / "home", overrides=["web.per_page=9", "base_url=https://kho.example.vn/"])
    app = Flask("bare")
    resources.init_app(app, config)
    try:
        with app.test_request_context():
            assert resources.get_config() is config
            assert resources.get_settings().per_page == 9
            assert resources.get_settings().base_url == "https://kho.example.vn"
            archive = resources.get_archive()
            assert resources.get_archive() is archive and archive.count_articles() == 0
            assert resources.get_index().search.__self__ is app.extensions["danvan"]["index"]
        with pytest.raises(Exception):
            archive.count_articles()  # closed when the request ended
    finally:
        app.extensions["danvan"]["index"].close()
