"""The shared fixture sites: a first crawl against truth.json, then a re-crawl of sites-v2 on the same origins."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive import Archive, Config, load_sources
from crawler import crawl
from tests.crawler.helpers import quick_settings


def stored(archive: Archive, fx) -> dict:
    """Stored articles keyed like truth.json."""
    by_origin = {urlsplit(base).netloc: site for site, base in fx.base.items()}
    return {by_origin[urlsplit(a.url).netloc] + urlsplit(a.url).path: a for a in archive.iter_articles()}


def _serve_and_crawl(server_class, tmp: Path):
    fx = server_class().start()
    sources_path = tmp / "sources.toml"
    sources_path.write_text(fx.sources_text().replace("[[source]]", "[[source]]\ndelay_s = 0"), encoding="utf-8")
    sources = load_sources(sources_path)
    config = Config.load(tmp / "home")
    with Archive.open(config) as archive:
        report = crawl(config, archive, sources, settings=quick_settings(config))
    return fx, config, sources, report


@pytest.fixture(scope="module")
def crawled_v1(fixture_server_class, tmp_path_factory):
    """The v1 sites crawled once, shared by the tests that only read the result."""
    fx, config, sources, report = _serve_and_crawl(fixture_server_class, tmp_path_factory.mktemp("v1"))
    yield fx, config, sources, report
    fx.stop()


@pytest.fixture
def v1(crawled_v1):
    fx, config, sources, report = crawled_v1
    with Archive.open(config) as archive:
        yield fx, archive, report


@pytest.fixture
def first_crawl(fixture_sites, config, archive):
    """A fresh v1 crawl for the tests that go on to change the sites."""
    sources = load_sources(fixture_sites.sources_path)
    report = crawl(config, archive, sources, settings=quick_settings(config))
    return fixture_sites, sources, report


def test_first_crawl_finds_every_article_and_nothing_else(v1, truth, non_articles):
    fx, archive, report = v1
    articles = stored(archive, fx)
    assert set(articles) == {k for k, t in truth.items() if t["v2"] != "added"}
    assert report.changed_article_ids == {a.id for a in articles.values()}
    for site, info in non_articles.items():
        for path in info["non_articles"] + info["non_articles_v1_only"]:
            assert site + path not in articles
    assert not report.all_failed
    assert report.total("articles_new") == len(articles)


def test_first_crawl_never_requests_what_robots_forbids(v1, non_articles):
    fx, _, _ = v1
    for site, info in non_articles.items():
        requested = fx.requests[site]
        assert requested[0] == "/robots.txt"
        for path in requested:
            assert not any(path.split("?")[0].startswith(rule) for rule in info["robots_disallow"]), (site, path)
        assert all(p not in requested for p in info["disallowed_links"])


def test_first_crawl_stores_every_response_in_warc_and_records_each_crawl(v1):
    fx, archive, report = v1
    for source_id in fx.base:
        run = archive.last_crawl(source_id)
        result = report.result(source_id)
        assert run["status"] == "finished" and run["pages_fetched"] == result.pages_fetched > 0
        assert run["articles_new"] == result.articles_new
        for snap in archive.crawl_snapshots(run["id"]):
            assert snap.status == 200 and snap.warc_file, snap.url
            assert hashlib.sha256(archive.snapshot_body(snap)).hexdigest() == snap.content_hash
    assert "pages fetched" in report.summary_line() and "\n" not in report.summary_line()


def test_the_warc_files_are_valid_and_hold_every_recorded_response(v1):
    fx, archive, _ = v1
    recorded = {}
    for path in sorted(archive.warc.folder.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, check_digests="raise"):
                record.content_stream().read()
                recorded[record.rec_headers.get_header("WARC-Target-URI")] = record.http_headers.get_statuscode()
    for source_id in fx.base:
        for snap in archive.crawl_snapshots(archive.last_crawl(source_id)["id"]):
            assert recorded[snap.final_url or snap.url] == str(snap.status)


def test_first_crawl_records_documents_without_parsing_them(v1):
    fx, archive, _ = v1
    pdfs = [p for p in archive.pages("bdvtu-nv") if p["url"].endswith(".pdf")]
    assert len(pdfs) == 1 and pdfs[0]["kind"] == "attachment"
    snap = archive.get_snapshot(pdfs[0]["last_snapshot_id"])
    assert snap.content_type == "application/pdf" and archive.snapshot_body(snap).startswith(b"%PDF")
    assert archive.article_by_url(pdfs[0]["url"]) is None


def test_recrawl_of_v2_gives_each_article_its_truth_outcome(first_crawl, config, archive, truth):
    fx, sources, _ = first_crawl
    before = stored(archive, fx)
    fx.switch("v2")
    report = crawl(config, archive, sources, settings=quick_settings(config))
    after = stored(archive, fx)
    outcomes = {k: t["v2"] for k, t in truth.items()}
    assert set(after) == set(outcomes)
    for key, outcome in outcomes.items():
        article, versions = after[key], archive.versions(after[key].id)
        if outcome == "unchanged":
            assert (article.status, len(versions)) == ("live", 1), key
        elif outcome == "edited":
            assert (article.status, len(versions)) == ("live", 2), key
            assert truth[key]["edit"]["old"] in versions[0].text and truth[key]["edit"]["new"] in versions[1].text
        elif outcome == "added":
            assert key not in before and (article.status, len(versions)) == ("live", 1), key
        else:
            assert outcome == "removed" and article.status == "removed" and article.removed_at, key
            assert versions[0].text == before[key].text  # the old version stays readable
    changed = {after[k].id for k, o in outcomes.items() if o != "unchanged"}
    assert report.changed_article_ids == changed
    assert report.total("articles_new") == 3 and report.total("articles_edited") == 3
    assert report.total("articles_removed") == 2


def test_a_third_crawl_of_the_same_state_changes_nothing(first_crawl, config, archive):
    _, sources, _ = first_crawl
    report = crawl(config, archive, sources, settings=quick_settings(config))
    assert report.changed_article_ids == set()
    assert report.total("pages_unchanged") == report.total("pages_fetched") > 0


def test_recrawl_notes_when_unchanged_articles_were_last_seen(first_crawl, config, archive):
    _, sources, _ = first_crawl
    with archive.conn:
        archive.conn.execute("UPDATE articles SET last_seen = '2000-01-01T00:00:00Z'")
    before = {a.id: a for a in archive.iter_articles()}
    report = crawl(config, archive, sources, settings=quick_settings(config))
    assert report.changed_article_ids == set()
    after = {a.id: a for a in archive.iter_articles()}
    assert after.keys() == before.keys()
    for article_id, article in after.items():
        assert article.last_seen > "2000-01-01T00:00:00Z", article.url
        assert (article.first_seen, article.version) == (before[article_id].first_seen, before[article_id].version)


class _ETagRecorder:
    """Wraps the fixture server's handler: strong ETags from the file content, If-None-Match honoured, headers logged."""

    @staticmethod
    def install(fx) -> dict[str, list]:
        logs: dict[str, list] = {}
        for site, srv in fx.servers.items():
            logs[site] = []
            srv.RequestHandlerClass = _ETagRecorder.handler(srv.RequestHandlerClass, logs[site])
        return logs

    @staticmethod
    def handler(base, log):
        class Recording(base):
            def send_head(self):
                log.append((self.path, dict(self.headers.items())))
                path = self.translate_path(self.path)
                self._etag = None
                if os.path.isfile(path):
                    with open(path, "rb") as fh:
                        self._etag = '"%s"' % hashlib.sha1(fh.read()).hexdigest()
                    if self.headers.get("If-None-Match") == self._etag:
                        self.send_response(304)
                        self.send_header("ETag", self._etag)
                        self.end_headers()
                        return None
                return super().send_head()

            def end_headers(self):
                if getattr(self, "_etag", None) and not getattr(self, "_etag_sent", False):
                    self._etag_sent = True
                    self.send_header("ETag", self._etag)
                super().end_headers()

        return Recording


def test_recrawl_requests_known_pages_conditionally_and_counts_304_as_unchanged(fixture_sites, config, archive, truth):
    logs = _ETagRecorder.install(fixture_sites)
    sources = load_sources(fixture_sites.sources_path)
    crawl(config, archive, sources, settings=quick_settings(config))
    assert not any("If-None-Match" in headers for log in logs.values() for _, headers in log)
    for log in logs.values():
        log.clear()
    fixture_sites.switch("v2")
    report = crawl(config, archive, sources, settings=quick_settings(config))
    for key, t in truth.items():
        site, path = t["site"], t["url_path"]
        sent = [headers for p, headers in logs[site] if p == path]
        assert sent, key
        if t["v2"] == "added":
            assert "If-None-Match" not in sent[0], key
        else:
            assert sent[0].get("If-None-Match", "").startswith('"'), key
    assert report.total("pages_unchanged") > 0
    not_modified = [s for r in report.results for s in archive.crawl_snapshots(r.crawl_id) if s.outcome == "not-modified"]
    assert not_modified and all(s.status == 304 and s.warc_file is None for s in not_modified)
    assert report.total("articles_edited") == 3 and report.total("articles_removed") == 2
    assert report.total("articles_new") == 3
