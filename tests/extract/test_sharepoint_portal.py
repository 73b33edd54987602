"""A provincial portal on SharePoint 2013/2016 publishing (tests/extract/data/sharepoint_*.html).

Its front page (a slider, a featured web part, news web parts as lists and tables, documents), its section
listings (a news-list table, teaser divs on "?Page=2", an XSLT list view of titles and dates under the
section's description, a lead story with its sapo over a list of dated titles) and a front page whose lead story has a plain heading and a read-more link are no
articles; an article page in the ArticleLeft layout (``ms-rtestate-field`` body starting with U+200B,
date and by-line fields, captioned image, "Các tin khác" web part, quick launch and counters around it)
is extracted whole and clean.
"""
from __future__ import annotations

import pytest

from archive.sources import Source
from extract import extract_article
from tests.extract.conftest import DATA

SITE = "http://bdv.sp.example"
SOURCE = Source(id="bdvtu-sp", name="Ban Dân vận Tỉnh ủy Bình Phước", province="Bình Phước", unit="Ban Dân vận Tỉnh ủy",
                level="tỉnh", start_urls=(SITE + "/",))
ARTICLE_URL = SITE + "/tintuc/Pages/2023/03/hoi-nghi-giao-ban-khoi-dan-van-quy-i-nam-2023.aspx"
BODY = [
    "Sáng 16/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban khối dân vận quý I, triển khai nhiệm vụ quý II năm 2023. "
    "Đồng chí Phó Trưởng ban Thường trực Ban Dân vận Tỉnh ủy chủ trì hội nghị.",
    "Trong quý I, khối dân vận các cấp đã chủ động nắm tình hình Nhân dân, nhất là trước, trong và sau Tết Nguyên đán "
    "Quý Mão; tham mưu cấp ủy lãnh đạo tổ chức tốt các hoạt động chăm lo Tết cho hộ nghèo, gia đình chính sách với "
    "tổng trị giá hơn 18 tỷ đồng.",
    "Công tác dân vận của cơ quan nhà nước tiếp tục chuyển biến; toàn tỉnh tổ chức 96 cuộc đối thoại giữa người đứng "
    "đầu cấp ủy, chính quyền với Nhân dân, tiếp nhận 412 ý kiến, kiến nghị, đến nay đã giải quyết 367 ý kiến.",
    "Phong trào thi đua “Dân vận khéo” được triển khai sâu rộng, có thêm 142 mô hình mới đăng ký, tập trung vào lĩnh "
    "vực phát triển kinh tế, xây dựng nông thôn mới và giữ gìn an ninh trật tự ở khu dân cư.",
    "Phát biểu kết luận, đồng chí Phó Trưởng ban Thường trực đề nghị các thành viên khối dân vận tiếp tục bám sát cơ "
    "sở, kịp thời nắm bắt tâm tư, nguyện vọng của Nhân dân, phối hợp giải quyết dứt điểm các vụ việc phức tạp ngay "
    "từ khi mới phát sinh.",
]
CHROME = ["Lượt xem", "In bài viết", "Gửi email", "Các tin khác", "Đồng Xoài ra mắt", "Bù Đăng vận động", "CHUYÊN MỤC",
          "Tin hoạt động", "THĂM DÒ", "Bình chọn", "Đang truy cập", "Tổng lượt truy cập", "Cơ quan chủ quản", "Trang chủ",
          "Sơ đồ site", "Đăng nhập", "CỔNG THÔNG TIN", "05/06/2025", "Tìm kiếm", "Quang cảnh hội nghị", "MINH TÂM"]


@pytest.fixture(params=[True, False], ids=["profiles on", "profiles off"])
def profiles(request):
    return request.param


@pytest.mark.parametrize("name,url", [
    ("sharepoint_home.html", SITE + "/"),
    ("sharepoint_home.html", SITE + "/Pages/default.aspx"),
    ("sharepoint_home.html", SITE + "/Pages/portal-2023.aspx"),          # judged by its content alone
    ("sharepoint_home_lead.html", SITE + "/Pages/TrangChu.aspx"),
    ("sharepoint_home_lead.html", SITE + "/Pages/portal-2023.aspx"),
    ("sharepoint_section_table.html", SITE + "/tintuc/Pages/tin-hoat-dong.aspx"),
    ("sharepoint_section_table.html", SITE + "/tintuc/Pages/tin-hoat-dong.aspx?Page=2"),
    ("sharepoint_section_divs.html", SITE + "/tintuc/Pages/dan-van-kheo.aspx?Page=2"),
    ("sharepoint_section_listview.html", SITE + "/tintuc/Pages/dan-toc-ton-giao.aspx?Page=2"),
    ("sharepoint_section_lead.html", SITE + "/tintuc/Pages/dan-van-chinh-quyen.aspx"),
])
def test_front_pages_and_section_listings_are_not_articles(name, url, profiles):
    r = extract_article((DATA / name).read_bytes(), url, SOURCE, profiles=profiles)
    assert not r.is_article, (r.title, r.paragraphs[:3])
    assert r.reason


def test_the_reasons_name_what_the_pages_are():
    def reason(name, url):
        return extract_article((DATA / name).read_bytes(), url, SOURCE).reason
    assert reason("sharepoint_home.html", SITE + "/Pages/default.aspx").startswith("not a news page (a front page")
    assert reason("sharepoint_home.html", SITE + "/Pages/portal-2023.aspx") == "no headline"
    assert reason("sharepoint_home_lead.html", SITE + "/Pages/portal-2023.aspx").startswith("listing page")
    for name, path in (("sharepoint_section_table.html", "/tintuc/Pages/tin-hoat-dong.aspx"),
                       ("sharepoint_section_divs.html", "/tintuc/Pages/dan-van-kheo.aspx?Page=2"),
                       ("sharepoint_section_listview.html", "/tintuc/Pages/dan-toc-ton-giao.aspx?Page=2"),
                       ("sharepoint_section_lead.html", "/tintuc/Pages/dan-van-chinh-quyen.aspx")):
        assert reason(name, SITE + path).startswith("listing page"), name


@pytest.fixture
def article(profiles):
    return extract_article((DATA / "sharepoint_article.html").read_bytes(), ARTICLE_URL, SOURCE, profiles=profiles)


def test_the_article_page_is_an_article_with_its_headline_date_and_byline(article):
    assert article.is_article, article.reason
    assert article.title == "Hội nghị giao ban khối dân vận quý I năm 2023"
    assert (article.published, article.published_time) == ("2023-03-16", "10:20")
    assert article.author == "Minh Tâm"


def test_the_article_body_is_the_rich_html_field_whole_and_without_zero_width_spaces(article):
    assert article.paragraphs == BODY
    assert "\u200b" not in article.text + (article.title or "")


def test_the_article_keeps_no_portal_chrome(article):
    for needle in CHROME:
        assert needle not in article.text, needle


def test_the_article_caption_image_and_mentions(article):
    assert article.captions == ["Quang cảnh hội nghị giao ban khối dân vận quý I"]
    assert article.images == [{"src": SITE + "/PublishingImages/2023/03/giao-ban-quy-i.jpg",
                               "caption": "Quang cảnh hội nghị giao ban khối dân vận quý I"}]
    assert article.province == "Bình Phước" and article.provinces_mentioned == ["Bình Phước"]


@pytest.mark.parametrize("url,front", [
    ("http://x.example/", True), ("http://x.example/?page=2", True), ("http://x.example/index.php", True),
    ("http://x.example/tintuc/Pages/default.aspx", True), ("http://x.example/trang-chu", True),
    ("http://x.example/tin-tuc/index.html", True),
    ("http://x.example/?p=123", False), ("http://x.example/index.php?language=vi&nv=news&op=tin-tuc/a-12", False),
    ("http://x.example/index.php/tin-tuc/124-tuyen-truyen.html", False),
    ("http://x.example/2019/11/18/politics/a-story/index.html", False),
    ("http://x.example/tintuc/Pages/2023/03/hoi-nghi.aspx", False),
])
def test_front_pages_are_known_by_their_url(url, front):
    from urllib.parse import urlsplit

    from extract.rules import front_page
    parts = urlsplit(url)
    assert bool(front_page(parts.path, parts.query)) is front
