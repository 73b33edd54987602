"""Politeness (robots.txt, delays, User-Agent) and scope (allow/deny, max_pages, one record per page)."""
from __future__ import annotations

import gzip

from crawler import crawl
from crawler.fetch import Fetcher
from crawler.politeness import HostGate
from crawler.robots import robots_from_response
from crawler.site import SiteCrawl
from tests.crawler.helpers import ScriptedSite, article_html, listing_html, make_source, page, quick_settings, send

UA = "KhoDanVan/0.1 (+https://example.org/contact)"


def test_robots_answers_decide_what_may_be_fetched():
    rules = robots_from_response("http://x.vn/robots.txt", UA, 200, b"User-agent: *\nDisallow: /admin/\nCrawl-delay: 4\n"
                                 b"Sitemap: /sitemap.xml\n")
    assert rules.allowed("http://x.vn/tin-tuc/") and not rules.allowed("http://x.vn/admin/login")
    assert rules.crawl_delay == 4.0 and rules.sitemaps == ["http://x.vn/sitemap.xml"]
    assert robots_from_response("http://x.vn/robots.txt", UA, 404, b"").allowed("http://x.vn/admin/")
    assert robots_from_response("http://x.vn/robots.txt", UA, 200, b"<!DOCTYPE html><html>home</html>").allowed("http://x.vn/a")
    for status in (503, 429):
        down = robots_from_response("http://x.vn/robots.txt", UA, status, b"")
        assert down.unreachable and not down.allowed("http://x.vn/")
    assert robots_from_response("http://x.vn/robots.txt", UA, None, None).unreachable


def test_our_own_user_agent_group_wins_over_the_star_group():
    rules = robots_from_response("http://x.vn/robots.txt", UA, 200,
                                 b"User-agent: *\nDisallow: /\n\nUser-agent: KhoDanVan\nDisallow: /private/\n")
    assert rules.allowed("http://x.vn/tin-tuc/") and not rules.allowed("http://x.vn/private/a")


def test_the_host_gate_waits_the_delay_between_two_requests_to_one_host():
    clock, slept = [100.0], []
    gate = HostGate(clock=lambda: clock[0], sleep=lambda s: (slept.append(s), clock.__setitem__(0, clock[0] + s)))
    with gate.slot("a.vn", 2.0):
        clock[0] += 0.5
    with gate.slot("b.vn", 2.0):  # another host: no wait
        pass
    with gate.slot("a.vn", 2.0):
        pass
    assert slept == [2.0]


def test_crawl_delay_from_robots_is_honoured_and_the_user_agent_names_a_contact(config, archive):
    delays: list[float] = []

    class RecordingGate(HostGate):
        def slot(self, host, delay_s):
            delays.append(delay_s)
            return super().slot(host, 0)

    routes = {"/": lambda h: page(h, listing_html(["/a/1.html"])), "/a/1.html": lambda h: page(h, article_html(1))}
    with ScriptedSite(routes, robots="User-agent: *\nCrawl-delay: 3\n") as site:
        settings = quick_settings(config)
        result = SiteCrawl(make_source("slow", site.base + "/"), archive, settings,
                           Fetcher(settings, RecordingGate())).run()
    assert result.articles_new == 1
    assert delays == [0.0, 3.0, 3.0]  # robots.txt itself, then each of the two pages
    for _, headers in site.log:
        assert headers["User-Agent"] == config.user_agent and config.contact_url in headers["User-Agent"]


def test_each_host_of_a_source_gets_the_crawl_delay_its_own_robots_txt_asks(config, archive):
    waits: list[tuple[str, float]] = []

    class RecordingGate(HostGate):
        def slot(self, host, delay_s):
            waits.append((host, delay_s))
            return super().slot(host, 0)

    quick = {"/": lambda h: page(h, listing_html(["/a/1.html"])), "/a/1.html": lambda h: page(h, article_html(1))}
    slow = {"/": lambda h: page(h, listing_html(["/b/2.html"])), "/b/2.html": lambda h: page(h, article_html(2))}
    with ScriptedSite(quick) as a, ScriptedSite(slow, robots="User-agent: *\nCrawl-delay: 4\n") as b:
        settings = quick_settings(config)
        source = make_source("two-hosts", a.base + "/", start_urls=(a.base + "/", b.base + "/"))
        result = SiteCrawl(source, archive, settings, Fetcher(settings, RecordingGate())).run()
        host_a, host_b = a.base.split("//")[1], b.base.split("//")[1]
    assert result.articles_new == 2
    assert {d for h, d in waits if h == host_a} == {0.0}
    assert [d for h, d in waits if h == host_b] == [0.0, 4.0, 4.0]  # its robots.txt, then its two pages


def test_a_source_without_delay_waits_one_second_by_default(config):
    assert quick_settings(config, delay_s=1.0).delay_for(make_source("x", "http://x.vn/", delay_s=None)) == 1.0
    assert quick_settings(config, delay_s=1.0).delay_for(make_source("x", "http://x.vn/", delay_s=None), 5) == 5.0


def test_allow_deny_patterns_and_max_pages_limit_what_is_fetched(config, archive):
    links = ["/tin-tuc/bai-1.html", "/tin-tuc/bai-2.html", "/tin-tuc/bai-3.html", "/khac/trang.html"]
    routes = {"/tin-tuc/": lambda h: page(h, listing_html(links))}
    routes.update({u: (lambda n: lambda h: page(h, article_html(n)))(i) for i, u in enumerate(links)})
    with ScriptedSite(routes) as site:
        source = make_source("scoped", site.base + "/tin-tuc/", allow=(r"/tin-tuc/",), deny=(r"bai-2",))
        crawl(config, archive, [source], settings=quick_settings(config))
        assert "/khac/trang.html" not in site.paths and "/tin-tuc/bai-2.html" not in site.paths
        assert "/tin-tuc/bai-3.html" in site.paths and "/" not in site.paths
    with ScriptedSite(routes) as site:
        report = crawl(config, archive, [make_source("capped", site.base + "/tin-tuc/")], max_pages=2,
                       settings=quick_settings(config))
        assert len([p for p in site.paths if p != "/robots.txt"]) == 2
        assert report.result("capped").pages_fetched == 2


def test_url_variants_and_rel_canonical_make_one_record_per_page(config, archive):
    listing = listing_html(["/ban-sao/1", "/a/1.html?utm_source=facebook", "/a/1.html#binh-luan", "/a//1.html",
                            "/index.php"])
    copy = article_html(1).replace("<head>", '<head><link rel="canonical" href="/a/1.html">')
    routes = {"/": lambda h: page(h, listing), "/ban-sao/1": lambda h: page(h, copy),
              "/a/1.html": lambda h: page(h, article_html(1))}
    with ScriptedSite(routes) as site:
        crawl(config, archive, [make_source("dups", site.base + "/")], settings=quick_settings(config))
    assert site.count("/") == 1 and site.count("/index.php") == 0
    assert site.count("/ban-sao/1") == 1 and site.count("/a/1.html") == 0  # the copy named its canonical
    assert [a.url for a in archive.iter_articles("dups")] == [site.base + "/a/1.html"]


def test_sitemaps_from_robots_and_linked_feeds_lead_to_unlinked_articles(config, archive):
    index = b'<sitemapindex><sitemap><loc>/sitemap-news.xml.gz</loc></sitemap></sitemapindex>'
    urlset = gzip.compress(b'<urlset><url><loc>/tin-tuc/chi-trong-sitemap.html</loc></url></urlset>')
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
           b'<link>/tin-tuc/chi-trong-rss.html</link></item></channel></rss>')
    home = listing_html([]).replace("<head>", '<head><link rel="alternate" type="application/rss+xml" href="/rss/">')
    routes = {"/": lambda h: page(h, home),
              "/sitemap.xml": lambda h: send(h, 200, index, "application/xml"),
              "/sitemap-news.xml.gz": lambda h: send(h, 200, urlset, "application/x-gzip"),
              "/rss/": lambda h: send(h, 200, rss, "application/rss+xml"),
              "/tin-tuc/chi-trong-sitemap.html": lambda h: page(h, article_html(1)),
              "/tin-tuc/chi-trong-rss.html": lambda h: page(h, article_html(2))}
    with ScriptedSite(routes, robots="User-agent: *\nDisallow:\nSitemap: /sitemap.xml\n") as site:
        crawl(config, archive, [make_source("maps", site.base + "/")], settings=quick_settings(config))
    assert {a.url for a in archive.iter_articles("maps")} == {site.base + "/tin-tuc/chi-trong-sitemap.html",
                                                               site.base + "/tin-tuc/chi-trong-rss.html"}
    kinds = {p["url"]: p["kind"] for p in archive.pages("maps")}
    assert kinds[site.base + "/sitemap-news.xml.gz"] == "sitemap" and kinds[site.base + "/rss/"] == "feed"


def test_a_restored_article_comes_back_live(config, archive):
    state = {"gone": False}

    def article(h):
        if state["gone"]:
            send(h, 410, "Gone")
        else:
            page(h, article_html(1))

    with ScriptedSite({"/": lambda h: page(h, listing_html(["/a/1.html"])), "/a/1.html": article}) as site:
        source = make_source("back", site.base + "/")
        crawl(config, archive, [source], settings=quick_settings(config))
        state["gone"] = True
        gone = crawl(config, archive, [source], settings=quick_settings(config))
        assert gone.result("back").articles_removed == 1
        assert archive.article_by_url(site.base + "/a/1.html").status == "removed"
        state["gone"] = False
        back = crawl(config, archive, [source], settings=quick_settings(config))
    article_now = archive.article_by_url(site.base + "/a/1.html")
    assert back.result("back").articles_restored == 1 and article_now.id in back.changed_article_ids
    assert article_now.status == "live" and len(archive.versions(article_now.id)) == 1


def test_robots_txt_is_read_again_on_every_crawl(config, archive):
    routes = {"/": lambda h: page(h, listing_html(["/a/1.html", "/b/2.html"])),
              "/a/1.html": lambda h: page(h, article_html(1)), "/b/2.html": lambda h: page(h, article_html(2))}
    with ScriptedSite(routes) as site:
        source = make_source("rules", site.base + "/")
        crawl(config, archive, [source], settings=quick_settings(config))
        assert site.count("/b/2.html") == 1
        site.robots = "User-agent: *\nDisallow: /b/\n"
        crawl(config, archive, [source], settings=quick_settings(config))
        assert site.count("/robots.txt") == 2 and site.count("/b/2.html") == 1 and site.count("/a/1.html") == 2


def test_progress_shows_a_bar_per_source_on_stderr(config, archive, capsys):
    routes = {"/": lambda h: page(h, listing_html(["/a/1.html"])), "/a/1.html": lambda h: page(h, article_html(1))}
    with ScriptedSite(routes) as site:
        report = crawl(config, archive, [make_source("thanh-tien-do", site.base + "/")], progress=True,
                       settings=quick_settings(config))
    err = capsys.readouterr().err
    assert "thanh-tien-do" in err and "2/2" in err
    assert report.summary_line().startswith("crawled 1 source: 2 pages fetched")


def test_endless_pagination_stops_when_pages_repeat(config, archive):
    def endless(h):  # every page past the third shows the third page's articles and a link to the next number
        n = int(h.path.rsplit("=", 1)[1])
        page(h, listing_html([f"/a/{min(n, 3)}.html"], next_link=f"/tin?page={n + 1}"))

    routes = {"/": lambda h: page(h, listing_html([], next_link="/tin?page=1")), "/tin": endless}
    routes.update({f"/a/{i}.html": (lambda i: lambda h: page(h, article_html(i)))(i) for i in (1, 2, 3)})
    with ScriptedSite(routes) as site:
        crawl(config, archive, [make_source("endless", site.base + "/")], settings=quick_settings(config))
    assert [p for p in site.paths if p.startswith("/tin?page=")] == ["/tin?page=1", "/tin?page=2", "/tin?page=3",
                                                                     "/tin?page=4"]
    assert archive.count_articles("endless") == 3


def test_a_bad_allow_pattern_fails_its_source_with_a_clear_reason(config, archive):
    with ScriptedSite({"/": lambda h: page(h, listing_html([]))}) as site:
        report = crawl(config, archive, [make_source("bad", site.base + "/", allow=("tin-tuc/(",))],
                       settings=quick_settings(config))
    assert report.result("bad").status == "failed"
    assert report.result("bad").last_error.startswith("bad allow pattern 'tin-tuc/(' in the sources file")
    assert site.paths == []


def test_a_recrawl_with_a_page_budget_reaches_new_articles_before_revisiting_old_ones(config, archive):
    listed = ["/a/1.html", "/a/2.html", "/a/3.html"]
    routes = {"/": lambda h: page(h, listing_html(listed[-2:]))}
    routes.update({f"/a/{i}.html": (lambda i: lambda h: page(h, article_html(i)))(i) for i in range(1, 5)})
    with ScriptedSite(routes) as site:
        source = make_source("budget", site.base + "/")
        crawl(config, archive, [source], settings=quick_settings(config))
        listed.append("/a/4.html")  # a new article on the home page; the old ones are still known
        report = crawl(config, archive, [source], max_pages=2, settings=quick_settings(config))
    assert report.result("budget").articles_new == 1
    assert archive.article_by_url(site.base + "/a/4.html") is not None
