"""Conditional requests against servers that tell the truth, lie, or say nothing (../shared/fixtures/serve.py)."""
from __future__ import annotations

import pytest

from archive import load_sources
from crawler import crawl
from crawler.conditional import NotModifiedGuard, clock_last_modified, conditional_headers, origin_etag, validators
from tests.crawler.helpers import quick_settings

NUKEVIET_PAGE = {"Date": "Tue, 01 Dec 2026 20:23:16 GMT", "Last-Modified": "Mon, 30 Nov 2026 20:23:16 GMT",
                 "Cache-Control": "max-age=0, no-cache, no-store, must-revalidate", "Expires": "-1"}


@pytest.fixture
def sites(fixture_server_class, tmp_path, request):
    """The five fixture sites served with the validators named by the test's parameter."""
    fx = fixture_server_class(validators=request.param).start()
    path = tmp_path / "sources.toml"
    path.write_text(fx.sources_text().replace("[[source]]", "[[source]]\ndelay_s = 0"), encoding="utf-8")
    yield fx, load_sources(path)
    fx.stop()


@pytest.mark.parametrize("sites", ["truthful", "mtime", "none"], indirect=True)
def test_a_recrawl_finds_every_edit_whatever_the_server_says_about_dates(sites, config, archive, truth):
    fx, sources = sites
    crawl(config, archive, sources, settings=quick_settings(config))
    fx.switch("v2")
    report = crawl(config, archive, sources, settings=quick_settings(config))
    edited = {t["url_path"] for t in truth.values() if t["v2"] == "edited"}
    assert report.total("articles_edited") == len(edited) == 3
    assert report.total("articles_new") == 3 and report.total("articles_removed") == 2
    for article in archive.iter_articles():
        assert len(archive.versions(article.id)) == (2 if any(article.url.endswith(p) for p in edited) else 1)


@pytest.mark.parametrize("sites", ["mtime"], indirect=True)
def test_a_server_whose_304s_lie_is_caught_and_remembered(sites, config, archive):
    fx, sources = sites
    crawl(config, archive, sources, settings=quick_settings(config))
    fx.switch("v2")
    report = crawl(config, archive, sources, settings=quick_settings(config))
    hosts = {base.split("//", 1)[1] for base in fx.base.values()}
    assert set().union(*(r.dates_untrusted for r in report.results)) == hosts
    assert archive.untrusted_hosts() == hosts
    _forget_requests(fx)
    crawl(config, archive, sources, settings=quick_settings(config))
    assert not any(fx.conditional[site] for site in fx.base)  # no If-Modified-Since for liars, and no ETag given


@pytest.mark.parametrize("sites", ["truthful"], indirect=True)
def test_an_unchanged_recrawl_asks_each_article_once_and_gets_304s(sites, config, archive, truth):
    fx, sources = sites
    crawl(config, archive, sources, settings=quick_settings(config))
    _forget_requests(fx)
    report = crawl(config, archive, sources, settings=quick_settings(config))
    assert report.changed_article_ids == set() and report.total("articles_edited") == 0
    for key, t in truth.items():
        if t["v2"] != "added":
            assert fx.requests[t["site"]].count(t["url_path"]) == 1, key
    assert report.total("pages_unchanged") == report.total("pages_fetched") > 0  # 304s, or the same bytes
    assert report.total("pages_skipped") > 0  # about, contact, documents: not asked again yet


def _forget_requests(fx) -> None:
    """Empty the fixture server's request logs (its properties hand out copies)."""
    for server in fx.servers.values():
        server.requests.clear()
        server.conditional.clear()
        server.not_modified.clear()


def test_both_validators_are_sent_back_and_a_proxy_etag_as_the_origins():
    page = {"status": 200, "last_snapshot_id": 1, "etag": '"92a5c7-gzip"', "last_modified": "Mon, 01 Jan 2024 00:00:00 GMT"}
    assert conditional_headers(page) == {"If-None-Match": '"92a5c7"', "If-Modified-Since": page["last_modified"]}
    assert conditional_headers(page, dates_trusted=False) == {"If-None-Match": '"92a5c7"'}
    assert origin_etag('W/"abc;gzip"') == 'W/"abc"' and origin_etag('"abc-br"') == '"abc"'
    assert origin_etag('"gzip-file"') == '"gzip-file"'


def test_a_last_modified_that_tracks_the_clock_is_not_kept():
    assert clock_last_modified(NUKEVIET_PAGE)
    assert validators(NUKEVIET_PAGE).last_modified is None
    feed = dict(NUKEVIET_PAGE, **{"Last-Modified": "Fri, 20 Sep 2024 03:05:00 GMT"})  # the last post's time
    assert not clock_last_modified(feed) and validators(feed).last_modified == feed["Last-Modified"]
    static = {"Date": "Tue, 01 Dec 2026 20:23:16 GMT", "Last-Modified": "Tue, 01 Dec 2026 20:00:00 GMT"}
    assert not clock_last_modified(static)  # just edited, and cacheable: a real date


def test_the_guard_checks_only_date_answers_and_only_a_few_per_host():
    guard = NotModifiedGuard(checks_per_host=2, untrusted_hosts=set())
    assert not guard.needs_check("a.vn", {"If-None-Match": '"x"', "If-Modified-Since": "d"})
    assert guard.needs_check("a.vn", {"If-Modified-Since": "d"})
    assert guard.checked_one("a.vn", honest=True) is False
    assert guard.checked_one("a.vn", honest=True) is False
    assert not guard.needs_check("a.vn", {"If-Modified-Since": "d"})
    assert guard.checked_one("b.vn", honest=False) is True and not guard.dates_trusted("b.vn")
