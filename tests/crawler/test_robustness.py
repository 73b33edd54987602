"""Misbehaving servers: slow, resetting, failing then recovering, looping, huge, lying about charset, rate-limiting."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from archive import Archive
from crawler import crawl
from crawler.fetch import Fetcher
from crawler.politeness import HostGate
from tests.crawler.helpers import (ScriptedSite, article_html, closed_port, listing_html, make_source, page,
                                   quick_settings, reset_connection, self_signed_certificate, send)

DATA = Path(__file__).parent / "data"


def snapshots_of(archive: Archive, url: str):
    return archive.snapshots_for_url(url)


def test_a_slow_page_times_out_and_the_rest_of_the_site_is_crawled(config, archive):
    def slow(h):
        time.sleep(1.0)
        page(h, article_html(9))

    with ScriptedSite({"/": lambda h: page(h, listing_html(["/slow.html", "/a/1.html"])),
                       "/slow.html": slow, "/a/1.html": lambda h: page(h, article_html(1))}) as site:
        report = crawl(config, archive, [make_source("cham", site.base + "/")],
                       settings=quick_settings(config, retries=1))
    result = report.result("cham")
    assert result.status == "finished" and result.pages_failed == 1
    assert "no answer within 0.5 s" in result.last_error
    assert archive.article_by_url(site.base + "/a/1.html") is not None
    assert archive.article_by_url(site.base + "/slow.html") is None
    snap = snapshots_of(archive, site.base + "/slow.html")[-1]
    assert snap.outcome == "failed" and snap.status is None and "no answer" in snap.error
    assert site.count("/slow.html") == 2  # one retry


def test_connection_resets_are_retried_then_recorded_as_failed(config, archive):
    with ScriptedSite({"/": lambda h: page(h, listing_html(["/reset.html", "/a/1.html"])),
                       "/reset.html": reset_connection, "/a/1.html": lambda h: page(h, article_html(1))}) as site:
        report = crawl(config, archive, [make_source("reset", site.base + "/")], settings=quick_settings(config))
    result = report.result("reset")
    assert site.count("/reset.html") == 3  # first attempt + 2 retries
    assert result.pages_failed == 1 and "connection" in result.last_error
    assert archive.article_by_url(site.base + "/a/1.html") is not None


def test_a_500_then_200_page_is_retried_and_stored_once(config, archive):
    calls = []

    def flaky(h):
        calls.append(1)
        if len(calls) == 1:
            send(h, 500, "Internal Server Error", "text/plain")
        else:
            page(h, article_html(2))

    with ScriptedSite({"/": lambda h: page(h, listing_html(["/a/2.html"])), "/a/2.html": flaky}) as site:
        report = crawl(config, archive, [make_source("flaky", site.base + "/")], settings=quick_settings(config))
    result = report.result("flaky")
    assert len(calls) == 2 and result.pages_failed == 0 and result.articles_new == 1
    snaps = snapshots_of(archive, site.base + "/a/2.html")
    assert [s.status for s in snaps] == [200]


def test_429_with_retry_after_waits_as_asked_then_fetches(config):
    calls = []

    def limited(h):
        calls.append(1)
        if len(calls) == 1:
            send(h, 429, "Too Many Requests", "text/plain", {"Retry-After": "7"})
        else:
            page(h, article_html(3))

    slept: list[float] = []
    clock = [0.0]

    def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    gate = HostGate(clock=lambda: clock[0], sleep=fake_sleep)
    with ScriptedSite({"/a/3.html": limited}) as site:
        result = Fetcher(quick_settings(config), gate).fetch(site.base + "/a/3.html", delay_s=0)
    assert result.ok and result.status == 200 and len(calls) == 2
    assert slept == [7.0]


def test_a_retry_after_beyond_the_cap_gives_up_for_this_crawl(config, archive):
    with ScriptedSite({"/": lambda h: page(h, listing_html(["/a/4.html"])),
                       "/a/4.html": lambda h: send(h, 503, "busy", "text/plain", {"Retry-After": "86400"})}) as site:
        report = crawl(config, archive, [make_source("busy", site.base + "/")], settings=quick_settings(config))
    assert site.count("/a/4.html") == 1
    assert "retry after 86400 s" in report.result("busy").last_error


def test_a_redirect_loop_is_detected_and_recorded(config, archive):
    routes = {"/": lambda h: page(h, listing_html(["/loop-a"])),
              "/loop-a": lambda h: send(h, 302, "", headers={"Location": "/loop-b"}),
              "/loop-b": lambda h: send(h, 302, "", headers={"Location": "/loop-a"})}
    with ScriptedSite(routes) as site:
        report = crawl(config, archive, [make_source("loop", site.base + "/")], settings=quick_settings(config))
    result = report.result("loop")
    assert result.pages_failed == 1 and "redirect loop" in result.last_error
    assert site.count("/loop-a") == 1 and site.count("/loop-b") == 1
    snap = snapshots_of(archive, site.base + "/loop-a")[-1]
    assert snap.outcome == "failed" and snap.redirects == [site.base + "/loop-a"]


def test_redirect_chains_are_capped_and_followed_redirects_recorded(config, archive):
    routes = {"/": lambda h: page(h, listing_html(["/r/0", "/old.html"])),
              "/old.html": lambda h: send(h, 301, "", headers={"Location": "/a/5.html"}),
              "/a/5.html": lambda h: page(h, article_html(5))}
    for i in range(10):
        routes[f"/r/{i}"] = (lambda n: lambda h: send(h, 302, "", headers={"Location": f"/r/{n + 1}"}))(i)
    with ScriptedSite(routes) as site:
        report = crawl(config, archive, [make_source("chain", site.base + "/")],
                       settings=quick_settings(config, max_redirects=3))
    assert "more than 3 redirects" in report.result("chain").last_error
    assert site.count("/r/3") == 1 and site.count("/r/4") == 0  # three redirects followed, the fourth refused
    article = archive.article_by_url(site.base + "/a/5.html")
    assert article is not None and site.count("/a/5.html") == 1
    final = [s for s in snapshots_of(archive, site.base + "/old.html") if s.outcome != "redirect"][-1]
    assert final.status == 200 and final.final_url == site.base + "/a/5.html"
    assert final.redirects == [site.base + "/old.html"]
    hop = [s for s in snapshots_of(archive, site.base + "/old.html") if s.outcome == "redirect"]
    assert hop and hop[0].status == 301 and hop[0].warc_file


def test_a_redirect_to_a_robots_forbidden_url_is_not_followed(config, archive):
    routes = {"/": lambda h: page(h, listing_html(["/bai-cu"])),
              "/bai-cu": lambda h: send(h, 302, "", headers={"Location": "/private/x.html"}),
              "/private/x.html": lambda h: page(h, article_html(6))}
    with ScriptedSite(routes, robots="User-agent: *\nDisallow: /private/\n") as site:
        report = crawl(config, archive, [make_source("robots", site.base + "/")], settings=quick_settings(config))
    assert site.count("/private/x.html") == 0
    assert "forbidden by robots.txt" in report.result("robots").last_error


def test_a_20_mb_page_is_cut_off_at_the_size_cap(config, archive):
    big = b"<html><body>" + b"x" * (20 * 1024 * 1024) + b"</body></html>"

    def streamed(h):  # no Content-Length: the cap must hold while reading
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        for i in range(0, len(big), 1 << 20):
            h.wfile.write(big[i:i + (1 << 20)])

    routes = {"/": lambda h: page(h, listing_html(["/big.html", "/big-streamed.html", "/a/7.html"])),
              "/big.html": lambda h: send(h, 200, big), "/big-streamed.html": streamed,
              "/a/7.html": lambda h: page(h, article_html(7))}
    with ScriptedSite(routes) as site:
        report = crawl(config, archive, [make_source("big", site.base + "/")], settings=quick_settings(config))
    result = report.result("big")
    assert result.pages_failed == 2 and "larger than the 10 MB cap" in result.last_error
    for path in ("/big.html", "/big-streamed.html"):
        snap = snapshots_of(archive, site.base + path)[-1]
        assert snap.outcome == "failed" and snap.warc_file is None and "cap" in snap.error
        assert site.count(path) == 1
    assert archive.article_by_url(site.base + "/a/7.html") is not None


def test_a_page_lying_about_its_charset_is_read_correctly(config, archive):
    body = (DATA / "lying-charset.html").read_bytes()
    routes = {"/": lambda h: page(h, listing_html(["/a/8.html"])),
              "/a/8.html": lambda h: send(h, 200, body, "text/html; charset=iso-8859-1")}
    with ScriptedSite(routes) as site:
        crawl(config, archive, [make_source("lies", site.base + "/")], settings=quick_settings(config))
    article = archive.article_by_url(site.base + "/a/8.html")
    assert article.title == "Dân vận khéo ở xã Lộc Thiện"
    assert "hiến hơn hai nghìn mét vuông đất" in article.text


def test_a_site_that_does_not_answer_fails_alone(config, archive):
    with ScriptedSite({"/": lambda h: page(h, listing_html(["/a/1.html"])),
                       "/a/1.html": lambda h: page(h, article_html(1))}) as site:
        down = make_source("down", f"http://127.0.0.1:{closed_port()}/")
        report = crawl(config, archive, [down, make_source("up", site.base + "/")], settings=quick_settings(config))
    assert report.result("down").status == "failed"
    assert report.result("down").last_error.startswith("site does not answer")
    assert "connection refused" in report.result("down").last_error
    assert report.result("up").status == "finished" and report.result("up").articles_new == 1
    assert not report.all_failed and "failed: down" in report.summary_line()
    assert archive.last_crawl("down")["status"] == "failed"
    assert archive.last_crawl("down")["last_error"] == report.result("down").last_error


def test_only_failing_sources_make_the_whole_crawl_fail(config, archive):
    report = crawl(config, archive, [make_source("down", f"http://127.0.0.1:{closed_port()}/")],
                   settings=quick_settings(config))
    assert report.all_failed


def test_a_robots_txt_server_error_stops_the_source_before_any_page(config, archive):
    with ScriptedSite({"/robots.txt": lambda h: send(h, 503, "down", "text/plain"),
                       "/": lambda h: page(h, listing_html([]))}) as site:
        report = crawl(config, archive, [make_source("r503", site.base + "/")], settings=quick_settings(config))
    assert report.result("r503").status == "failed" and "robots.txt answered 503" in report.result("r503").last_error
    assert set(site.paths) == {"/robots.txt"}


def test_documents_linked_from_an_article_become_its_attachments_and_images_are_skipped(config, archive):
    extra = ('<p>Tài liệu: <a href="/files/ke-hoach.pdf">Kế hoạch</a>, <a href="/files/bieu-mau.doc">Biểu mẫu</a></p>'
             '<p><img src="/images/anh.jpg" alt="ảnh"> <a href="/images/anh-lon.jpg">Ảnh lớn</a></p>')
    routes = {"/": lambda h: page(h, listing_html(["/a/1.html"])),
              "/a/1.html": lambda h: page(h, article_html(1, extra=extra)),
              "/files/ke-hoach.pdf": lambda h: send(h, 200, b"%PDF-1.4 test", "application/pdf"),
              "/files/bieu-mau.doc": lambda h: send(h, 200, b"\xd0\xcf\x11\xe0 doc", "application/msword")}
    with ScriptedSite(routes) as site:
        crawl(config, archive, [make_source("docs", site.base + "/")], settings=quick_settings(config))
    article = archive.article_by_url(site.base + "/a/1.html")
    attachments = {a["url"]: a for a in archive.attachments(article.id)}
    pdf, doc = attachments[site.base + "/files/ke-hoach.pdf"], attachments[site.base + "/files/bieu-mau.doc"]
    assert pdf["content_type"] == "application/pdf" and doc["content_type"] == "application/msword"
    assert archive.snapshot_body(archive.get_snapshot(pdf["snapshot_id"])) == b"%PDF-1.4 test"
    assert archive.article_by_url(site.base + "/files/ke-hoach.pdf") is None
    assert not any(p.startswith("/images/") for p in site.paths)


def test_hosts_are_crawled_in_parallel_but_each_host_one_request_at_a_time(config, archive):
    active: dict[str, int] = {}
    most: dict[str, int] = {}
    overlap = threading.Event()
    lock = threading.Lock()

    def tracked(name, body):
        def route(h):
            with lock:
                active[name] = active.get(name, 0) + 1
                most[name] = max(most.get(name, 0), active[name])
                if sum(1 for v in active.values() if v) > 1:
                    overlap.set()
            overlap.wait(0.3)
            page(h, body)
            with lock:
                active[name] -= 1
        return route

    sites = []
    for name in ("a", "b"):
        links = [f"/a/{i}.html" for i in range(4)]
        routes = {"/": tracked(name, listing_html(links))}
        routes.update({u: tracked(name, article_html(i)) for i, u in enumerate(links)})
        sites.append(ScriptedSite(routes))
    with sites[0], sites[1]:
        report = crawl(config, archive, [make_source(f"host-{i}", s.base + "/") for i, s in enumerate(sites)],
                       settings=quick_settings(config))
    assert report.total("articles_new") == 8
    assert overlap.is_set()           # the two hosts were served at the same time
    assert most == {"a": 1, "b": 1}   # never two requests at once on one host


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_a_site_with_an_invalid_certificate_is_archived_unless_told_not_to(config, archive, tmp_path):
    tls = self_signed_certificate(tmp_path)
    routes = {"/": lambda h: page(h, listing_html(["/a/1.html"])), "/a/1.html": lambda h: page(h, article_html(1))}
    with ScriptedSite(routes, tls=tls) as site:
        strict = crawl(config, archive, [make_source("strict", site.base + "/")],
                       settings=quick_settings(config, tls_fallback_unverified=False))
        assert strict.result("strict").status == "failed"
        assert "TLS certificate not valid" in strict.result("strict").last_error
        report = crawl(config, archive, [make_source("lenient", site.base + "/")], settings=quick_settings(config))
    assert report.result("lenient").articles_new == 1
    assert archive.article_by_url(site.base + "/a/1.html") is not None
