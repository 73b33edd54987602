"""Links that change state or only re-render a page are not followed; copies and closed pages are no articles."""
from __future__ import annotations

import pytest

from crawler import crawl
from crawler.discovery import html_links
from crawler.traps import Link, LinkVerdict, is_comment_feed, is_feed_url, judge_link, url_trap
from crawler.verdict import worth_revisiting
from tests.crawler.helpers import ScriptedSite, article_html, listing_html, make_source, page, quick_settings, send

B = "http://x.vn"


@pytest.mark.parametrize("link, verdict", [
    (Link(B + "/?nvvithemever=m&nv_redirect=HBzRmF079"), LinkVerdict.STATE_CHANGE),      # NukeViet theme switch
    (Link(B + "/wp-login.php?redirect_to=http%3A%2F%2Fx.vn%2F"), LinkVerdict.STATE_CHANGE),
    (Link(B + "/2024/03/09/bai/?replytocom=2", "Trả lời", rel=frozenset({"nofollow"})), LinkVerdict.NOFOLLOW),
    (Link(B + "/savefile/tin-tuc/bai-17.html", title="Lưu bài viết này"), LinkVerdict.RERENDER),
    (Link(B + "/tin-tuc/bai-17.html?print=1"), LinkVerdict.STATE_CHANGE),
    (Link(B + "/in-bai/251906/"), LinkVerdict.RERENDER),
    (Link(B + "/?attachment_id=11"), LinkVerdict.STATE_CHANGE),
    (Link(B + "/?action=logout&_wpnonce=ab"), LinkVerdict.STATE_CHANGE),
    (Link(B + "/en/", "English"), LinkVerdict.STATE_CHANGE),
    (Link(B + "/voting/"), LinkVerdict.RERENDER),
    (Link(B + "/2024/03/09/bai/anh-1/", image_only=True), LinkVerdict.IMAGE_ONLY),
    (Link(B + "/tin-tuc/bai-17.html", "Lâm Hà sơ kết công tác dân vận quý I"), LinkVerdict.FOLLOW),
    (Link(B + "/index.php?language=vi&nv=news&op=tin-tuc/bai-17"), LinkVerdict.FOLLOW),  # NukeViet without rewrites
    (Link(B + "/tin-tuc/page-2/", "2"), LinkVerdict.FOLLOW),
    (Link(B + "/?action=view&id=5"), LinkVerdict.FOLLOW),
])
def test_each_link_gets_its_verdict(link, verdict):
    assert judge_link(link) is verdict


def test_session_ids_are_stripped_not_refused():
    from crawler.canonical import canonical_url
    assert canonical_url(B + "/tin-tuc/a.html?PHPSESSID=abc&id=3") == B + "/tin-tuc/a.html?id=3"
    assert url_trap(B + "/tin-tuc/a.html?id=3") is None


def test_feeds_are_told_by_their_url_and_comment_feeds_are_dropped():
    assert is_feed_url(B + "/feed/") and is_feed_url(B + "/rss/tin-tuc/") and is_feed_url(B + "/?feed=rss2")
    assert is_feed_url(B + "/tin-tuc.rss") and not is_feed_url(B + "/tin-tuc/feedback-cua-dan.html")
    assert is_comment_feed(B + "/comments/feed/") and is_comment_feed(B + "/bai/feed/", "Dòng phản hồi")


def test_html_links_keep_words_over_images_and_feeds_apart():
    html = f"""<html><head><link rel="alternate" type="application/rss+xml" href="/feed/" title="Dòng thông tin">
    <link rel="alternate" type="application/rss+xml" href="/comments/feed/" title="Dòng phản hồi"></head><body>
    <a href="/bai-1/"><img src="/a.jpg"></a><a href="/bai-1/">Bài một</a>
    <a href="/bai-2/anh/"><img src="/b.jpg"></a>
    <a href="/tag/x/feed/">RSS</a>
    <a rel="nofollow" href="/savefile/bai-1.html"><em class="fa fa-save"></em></a></body></html>"""
    links = html_links(html, B + "/")
    assert links.links == [B + "/bai-1/"]
    assert links.feeds == [B + "/feed/", B + "/tag/x/feed/"]
    assert links.refused[LinkVerdict.IMAGE_ONLY] == 1 and links.refused[LinkVerdict.NOFOLLOW] == 1


def test_a_page_marked_nofollow_gives_no_links():
    html = '<html><head><meta name="robots" content="noindex, nofollow"></head><body><a href="/a">A</a></body></html>'
    assert html_links(html, B + "/").links == []


def test_pages_that_lead_to_no_article_are_not_asked_again_until_their_time():
    assert worth_revisiting("article", False, "2026-11-30T00:00:00Z", 30)
    assert worth_revisiting("listing", False, "2026-11-30T00:00:00Z", 30)
    assert worth_revisiting("other", True, "2026-11-30T00:00:00Z", 30)       # a start page
    assert not worth_revisiting("other", False, "2999-01-01T00:00:00Z", 30)
    assert worth_revisiting("other", False, "2000-01-01T00:00:00Z", 30)


THEMED = {"desktop": article_html(1), "mobile": article_html(1).replace("<p>Ngày 5/7", "<p>MOBILE Ngày 5/7")}


def _themed_site():
    """A CMS whose theme-switch link sets a cookie that re-renders every page, with a "save" copy and a noindex copy."""
    def article(h):
        theme = "mobile" if "theme=m" in (h.headers.get("Cookie") or "") else "desktop"
        page(h, THEMED[theme].replace("</body>", '<a href="/?nvvithemever=m&amp;nv_redirect=x">Di động</a>'
                                      '<a rel="nofollow" href="/savefile/a/1.html">Lưu</a></body>'))

    routes = {
        "/": lambda h: page(h, listing_html(["/a/1.html", "/copy/1.html", "/luu/1.html"])),
        "/a/1.html": article,
        "/?nvvithemever=m&nv_redirect=x": lambda h: send(h, 301, "", headers={"Location": "/a/1.html",
                                                                               "Set-Cookie": "theme=m; path=/"}),
        "/savefile/a/1.html": lambda h: send(h, 200, article_html(1), headers={"Content-Disposition": "attachment"}),
        "/copy/1.html": lambda h: page(h, article_html(1).replace("<head>", '<head><meta name="robots" content="noindex">')),
        "/luu/1.html": lambda h: send(h, 200, article_html(2), headers={"Content-Disposition": "attachment; filename=a.html"}),
    }
    return ScriptedSite(routes)


def test_no_trap_is_followed_no_cookie_kept_and_no_copy_stored(config, archive):
    with _themed_site() as site:
        report = crawl(config, archive, [make_source("cms", site.base + "/")], settings=quick_settings(config))
        assert not [p for p in site.paths if "nvvithemever" in p or "savefile" in p]
        assert not any("Cookie" in headers for _, headers in site.log)
    assert [a.url for a in archive.iter_articles("cms")] == [site.base + "/a/1.html"]
    assert "MOBILE" not in archive.article_by_url(site.base + "/a/1.html").text
    assert archive.page(site.base + "/luu/1.html")["kind"] == "download"
    assert archive.page(site.base + "/copy/1.html")["kind"] in ("other", "duplicate")
    assert report.result("cms").links_refused >= 2


def test_a_start_page_is_never_an_article_even_when_it_reads_like_one(config, archive):
    with ScriptedSite({"/tin/1.html": lambda h: page(h, article_html(1))}) as site:
        crawl(config, archive, [make_source("one", site.base + "/tin/1.html")], settings=quick_settings(config))
    assert list(archive.iter_articles("one")) == []
    assert archive.page(site.base + "/tin/1.html")["kind"] == "listing"


def test_feeds_are_followed_from_start_pages_only(config, archive):
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
            b'<link>/a/2.html</link></item></channel></rss>')
    with_feed = '<head><link rel="alternate" type="application/rss+xml" href="/a/1/feed/" title="Bình luận">'
    routes = {"/": lambda h: page(h, listing_html(["/a/1.html"]).replace("<head>", '<head><link rel="alternate" '
                                                                         'type="application/rss+xml" href="/rss/">')),
              "/rss/": lambda h: send(h, 200, feed, "application/rss+xml"),
              "/a/1.html": lambda h: page(h, article_html(1).replace("<head>", with_feed)),
              "/a/2.html": lambda h: page(h, article_html(2)),
              "/a/1/feed/": lambda h: send(h, 200, feed, "application/rss+xml")}
    with ScriptedSite(routes) as site:
        crawl(config, archive, [make_source("feeds", site.base + "/")], settings=quick_settings(config))
        assert site.count("/rss/") == 1 and site.count("/a/1/feed/") == 0
    assert {a.url for a in archive.iter_articles("feeds")} == {site.base + "/a/1.html", site.base + "/a/2.html"}
