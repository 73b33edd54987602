"""Discovery: links, pagination, sitemaps and feeds (relative URLs resolved against the document)."""
from __future__ import annotations

import gzip

import pytest

from crawler.discovery import feed_urls, html_links, is_pagination, link_kind, sitemap_urls, xml_kind


@pytest.mark.parametrize("url", ["http://x.vn/tin-tuc/page-2/", "http://x.vn/tin-tuc/page/3/", "http://x.vn/tin?page=2",
                                 "http://x.vn/73/trang-2/", "http://x.vn/tin-tuc/trang-12.html",
                                 "http://x.vn/list?cat=1&paged=4"])
def test_pagination_urls_are_recognised(url):
    assert is_pagination(url)


@pytest.mark.parametrize("url", ["http://x.vn/tin-tuc/", "http://x.vn/tin-tuc/page-hay-nhat-1022.html",
                                 "http://x.vn/trang-chu/", "http://x.vn/?p=1234",
                                 "http://x.vn/tin-tuc/p123/", "http://x.vn/tin/huong-dan-page-2.html"])
def test_other_urls_are_not_pagination(url):
    assert not is_pagination(url)


def test_link_kinds_come_from_the_path():
    assert link_kind("http://x.vn/uploads/ke-hoach.PDF") == "document"
    assert link_kind("http://x.vn/uploads/bieu-mau.docx?v=2") == "document"
    assert link_kind("http://x.vn/uploads/anh.jpg") == "image"
    assert link_kind("http://x.vn/themes/style.css") == "skip"
    assert link_kind("http://x.vn/tin-tuc/bai.html") == "page"


def test_html_links_resolve_against_base_and_keep_feeds_and_canonical():
    html = """<html><head><base href="http://x.vn/tin-tuc/"><link rel="canonical" href="/tin-tuc/a.html">
    <link rel="alternate" type="application/rss+xml" href="/rss/"><link rel="stylesheet" href="/s.css">
    <link rel="next" href="page-2/"></head><body><a href="a.html#top">A</a><a href="a.html">A again</a>
    <a href="mailto:x@x.vn">mail</a><a href="javascript:void(0)">js</a><a href="  /van-ban/  ">VB</a></body></html>"""
    links = html_links(html, "http://x.vn/tin-tuc/a.html?utm_source=zalo")
    assert links.canonical == "http://x.vn/tin-tuc/a.html"
    assert links.feeds == ["http://x.vn/rss/"]
    assert links.links == ["http://x.vn/tin-tuc/page-2/", "http://x.vn/tin-tuc/a.html", "http://x.vn/van-ban/"]


def test_a_meta_refresh_counts_as_a_link():
    html = '<html><head><meta http-equiv="Refresh" content="0; URL=\'/tin-tuc/moi.html\'"></head><body></body></html>'
    assert html_links(html, "http://x.vn/cu.html").links == ["http://x.vn/tin-tuc/moi.html"]


def test_broken_or_empty_html_yields_no_links():
    assert html_links("", "http://x.vn/").links == []
    assert html_links("<<<>>><a href=", "http://x.vn/").links == []


SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemap-news.xml</loc></sitemap><sitemap><loc>http://x.vn/sitemap-page.xml.gz</loc></sitemap>
</sitemapindex>"""
URLSET = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/tin-tuc/a.html</loc><lastmod>2024-01-01</lastmod></url><url><loc> http://x.vn/tin-tuc/b.html </loc></url>
</urlset>"""


def test_sitemap_indexes_and_url_sets_resolve_root_relative_locations():
    assert xml_kind(SITEMAP_INDEX, "text/xml") == "sitemap"
    assert sitemap_urls(SITEMAP_INDEX, "http://x.vn:8080/sitemap.xml") == (
        [], ["http://x.vn:8080/sitemap-news.xml", "http://x.vn/sitemap-page.xml.gz"])
    assert sitemap_urls(gzip.compress(URLSET), "http://x.vn/sitemap-page.xml.gz") == (
        ["http://x.vn/tin-tuc/a.html", "http://x.vn/tin-tuc/b.html"], [])


def test_a_hostile_sitemap_does_not_expand_entities():
    evil = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>/a&x;</loc></url></urlset>"""
    assert sitemap_urls(evil, "http://x.vn/sitemap.xml") == (["http://x.vn/a"], [])  # the location read, the file not


def test_feed_entries_resolve_against_the_feed_url():
    rss = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title><link>/</link>
    <item><title>Bài A</title><link>/tin-tuc/a.html</link></item>
    <item><title>Bài B</title><link>http://x.vn/tin-tuc/b.html?utm_source=rss</link></item></channel></rss>"""
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><title>C</title><link href="/tin-tuc/c.html"/><id>c</id><updated>2024-01-01T00:00:00Z</updated></entry></feed>"""
    assert xml_kind(rss.encode(), "application/rss+xml") == "feed"
    assert feed_urls(rss.encode(), "http://x.vn:81/rss/") == ["http://x.vn:81/tin-tuc/a.html", "http://x.vn/tin-tuc/b.html"]
    assert feed_urls(atom.encode(), "http://x.vn/atom.xml") == ["http://x.vn/tin-tuc/c.html"]
    assert feed_urls(b"not a feed at all", "http://x.vn/rss/") == []
