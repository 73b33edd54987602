"""A hostile site: scripts, javascript: and data: links, surrogates, NUL, huge and odd pages; the archive keeps text only."""
from __future__ import annotations

import json

from archive import Archive
from archive.records import article_record
from crawler import crawl
from tests.crawler.helpers import ScriptedSite, listing_html, make_source, page, quick_settings, send

HOSTILE = """<!doctype html><html><head><meta charset="utf-8">
<title>&lt;script&gt;alert(1)&lt;/script&gt; Hội nghị &#xD800; dân vận</title></head><body>
<h1>&lt;script&gt;alert(1)&lt;/script&gt; Hội nghị &#xD800; dân vận</h1><p class="date">Thứ Hai, 05/07/2022</p>
<p>Ngày 5/7, Ban Dân vận Huyện ủy tổ chức hội nghị <script>alert(2)</script>sơ kết công tác dân vận sáu tháng đầu
năm, với sự tham dự của đại diện các xã, thị trấn <img src="javascript:alert(3)" onerror="alert(4)"> và đoàn thể.\x00</p>
<p>Hội nghị đánh giá kết quả <a href="javascript:alert(5)">phong trào</a> thi đua dân vận khéo, nhân rộng mô hình
hay <iframe src="data:text/html,<script>alert(6)</script>"></iframe> trong vùng đồng bào dân tộc thiểu số.</p>
<p><img src="data:image/png;base64,AAAA"><a href="data:application/pdf;base64,AAAA">Tải về kế hoạch.pdf</a></p>
<p style="text-align:right"><strong>&lt;b onmouseover=alert(7)&gt;Nguyễn Văn An</strong></p></body></html>"""


def test_a_hostile_article_is_stored_as_plain_text_with_only_web_links(config, archive):
    routes = {"/": lambda h: page(h, listing_html(["/a/1.html", "javascript:alert(8)", "data:text/html,x"])),
              "/a/1.html": lambda h: page(h, HOSTILE)}
    with ScriptedSite(routes) as site:
        report = crawl(config, archive, [make_source("evil", site.base + "/")], settings=quick_settings(config))
    assert report.result("evil").status == "finished"
    [article] = list(archive.iter_articles("evil"))
    record = json.dumps(article_record(archive, article), ensure_ascii=False)
    for needle in ("<script", "\x00", "\ud800", "javascript:", "data:", "onerror", "<iframe"):
        assert needle not in record, needle
    assert "sơ kết công tác dân vận" in article.text and article.published == "2022-07-05"
    assert all(i["src"].startswith("http") for i in article.images)


def test_huge_deep_and_binary_pages_end_as_reasons_not_crashes(config, archive):
    deep = "<div>" * 100_000 + "Sâu quá" + "</div>" * 100_000
    routes = {"/": lambda h: page(h, listing_html(["/to.html", "/sau.html", "/nhi-phan.html", "/rong.html"])),
              "/to.html": lambda h: page(h, "<html><body><p>" + "Chữ " * 3_000_000 + "</p></body></html>"),
              "/sau.html": lambda h: page(h, deep),
              "/nhi-phan.html": lambda h: send(h, 200, bytes(range(256)) * 1000, "text/html"),
              "/rong.html": lambda h: send(h, 200, b"", "text/html")}
    with ScriptedSite(routes) as site:
        report = crawl(config, archive, [make_source("odd", site.base + "/")], settings=quick_settings(config))
    result = report.result("odd")
    assert result.status == "finished" and result.pages_failed >= 1  # the 12 MB page is over the size cap
    assert list(archive.iter_articles("odd")) == []
    with Archive.open(config) as again:
        assert again.page(site.base + "/sau.html")["kind"] == "other"
