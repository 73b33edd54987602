"""Articles that disappear without a 404: a "not found" page answered with 200, a redirect elsewhere."""
from __future__ import annotations

from crawler import crawl
from tests.crawler.helpers import ScriptedSite, article_html, listing_html, make_source, page, quick_settings, send

NOT_FOUND = """<!doctype html><html><head><meta charset="utf-8"><title>Thông báo - Ban Dân vận</title></head>
<body><div class="menu"><a href="/">Trang chủ</a></div><h2>Bài viết không tồn tại hoặc đã bị xóa</h2>
<p>Vui lòng quay lại trang chủ.</p></body></html>"""
MAINTENANCE = """<!doctype html><html><head><meta charset="utf-8"><title>Bảo trì - Ban Dân vận</title></head>
<body><h1>Website đang được nâng cấp</h1><p>Xin quay lại sau.</p></body></html>"""
UNREADABLE = """<!doctype html><html><head><meta charset="utf-8"><title>Ban Dân vận</title></head>
<body><div class="menu"><a href="/">Trang chủ</a></div><p>Đang bảo trì.</p></body></html>"""


def _site(article) -> ScriptedSite:
    return ScriptedSite({"/": lambda h: page(h, listing_html(["/a/1.html", "/a/2.html"])),
                         "/a/1.html": article, "/a/2.html": lambda h: page(h, article_html(2))})


def _crawl(config, archive, site):
    return crawl(config, archive, [make_source("bdv", site.base + "/")], settings=quick_settings(config))


def test_an_article_answering_200_with_a_not_found_page_is_marked_removed_then_restored(config, archive):
    answer = {"body": article_html(1)}
    with _site(lambda h: page(h, answer["body"])) as site:
        _crawl(config, archive, site)
        url = site.base + "/a/1.html"
        assert archive.article_by_url(url).status == "live"
        answer["body"] = NOT_FOUND
        report = _crawl(config, archive, site)
        assert report.result("bdv").articles_removed == 1
        removed = archive.article_by_url(url)
        assert removed.status == "removed" and removed.text  # kept, with its text
        assert archive.article_by_url(site.base + "/a/2.html").status == "live"
        answer["body"] = article_html(1)
        report = _crawl(config, archive, site)
        assert report.result("bdv").articles_restored == 1
        assert archive.article_by_url(url).status == "live"


def test_an_article_redirected_to_the_home_page_is_marked_removed(config, archive):
    answer = {"redirect": False}

    def article(h):
        if answer["redirect"]:
            send(h, 302, "", headers={"Location": "/"})
        else:
            page(h, article_html(1))

    with _site(article) as site:
        _crawl(config, archive, site)
        answer["redirect"] = True
        report = _crawl(config, archive, site)
        assert report.result("bdv").articles_removed == 1
        assert archive.article_by_url(site.base + "/a/1.html").status == "removed"


def test_an_article_redirected_to_a_maintenance_page_stays_live(config, archive):
    answer = {"redirect": False}

    def article(h):
        if answer["redirect"]:
            send(h, 302, "", headers={"Location": "/bao-tri.html"})
        else:
            page(h, article_html(1))

    with _site(article) as site:
        site.routes["/bao-tri.html"] = lambda h: page(h, MAINTENANCE)
        _crawl(config, archive, site)
        answer["redirect"] = True
        report = _crawl(config, archive, site)
        assert report.result("bdv").articles_removed == 0
        assert archive.article_by_url(site.base + "/a/1.html").status == "live"


def test_an_article_page_that_merely_no_longer_reads_as_one_stays_live(config, archive):
    answer = {"body": article_html(1)}
    with _site(lambda h: page(h, answer["body"])) as site:
        _crawl(config, archive, site)
        answer["body"] = UNREADABLE
        report = _crawl(config, archive, site)
        assert report.result("bdv").articles_removed == 0
        assert archive.article_by_url(site.base + "/a/1.html").status == "live"
