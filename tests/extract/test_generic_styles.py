"""The generic extractor on a CMS style it has no profile for (tests/extract/data/wordpress_style.html)."""
from __future__ import annotations

import pytest

from archive.sources import Source
from extract import extract_article
from tests.extract.conftest import DATA

URL = "http://dongphu.example/2023/08/doi-thoai/"
SOURCE = Source(id="bdvhu-dp", name="Ban Dân vận Huyện ủy Đồng Phú", province="Bình Phước",
                unit="Ban Dân vận Huyện ủy", level="huyện", start_urls=("http://dongphu.example/",),
                district="Đồng Phú")


@pytest.fixture(scope="module", params=[True, False], ids=["profiles on", "profiles off"])
def result(request):
    return extract_article((DATA / "wordpress_style.html").read_bytes(), URL, SOURCE, profiles=request.param)


def test_headline_is_the_on_page_title_without_the_site_name(result):
    assert result.is_article
    assert result.title == "Đồng Phú: Hội nghị đối thoại với Nhân dân năm 2023"


def test_date_is_the_article_date_not_the_top_bar_today(result):
    assert (result.published, result.published_time) == ("2023-08-14", "07:45")


def test_a_parenthesised_unit_signature_is_the_byline(result):
    assert result.author == "Ban Dân vận Huyện ủy Đồng Phú"
    assert "(Ban Dân vận" not in result.text


def test_text_keeps_the_lead_and_the_table_rows_and_drops_the_chrome(result):
    assert result.paragraphs[0].startswith("Sáng 12/8/2023, Thường trực Huyện ủy Đồng Phú")
    assert "Đất đai | 9 | 8" in result.paragraphs
    for needle in ("Lượt xem", "Chia sẻ", "Bài viết liên quan", "Xem nhiều nhất", "Thống kê truy cập",
                   "Đang truy cập", "Bản quyền", "Gửi bình luận", "Chuyên mục", "Xã Thuận Phú ra mắt",
                   "Hôm nay", "Quang cảnh hội nghị"):
        assert needle not in result.text


def test_caption_image_and_attachment_are_separate_and_absolute(result):
    assert result.captions == ["Quang cảnh hội nghị đối thoại tại xã Tân Lợi"]
    assert result.images == [{"src": "http://dongphu.example/wp-content/uploads/2023/08/doi-thoai.jpg",
                              "caption": "Quang cảnh hội nghị đối thoại tại xã Tân Lợi"}]
    assert result.attachments == [{"url": "http://dongphu.example/wp-content/uploads/2023/08/ket-luan-doi-thoai.pdf",
                                   "title": "Kết luận số 45-KL/HU (PDF)"}]


def test_source_fields_and_mentions(result):
    assert (result.province, result.unit, result.level, result.district, result.source) == (
        "Bình Phước", "Ban Dân vận Huyện ủy", "huyện", "Đồng Phú", "Ban Dân vận Huyện ủy Đồng Phú")
    assert result.provinces_mentioned == ["Bình Phước"]
    assert {"Mặt trận Tổ quốc Việt Nam", "Hội Nông dân", "Công an tỉnh"} <= set(result.organisations)


BYLINES = [
    ("<p>Nguồn tin: Trần Đức Mậu - BDVTU</p>", "Trần Đức Mậu - BDVTU"),
    ("<p><strong>Tác giả:</strong> Nguyễn Văn An</p>", "Nguyễn Văn An"),
    ('<p style="text-align:right"><strong>NGỌC ÁNH</strong></p>', "NGỌC ÁNH"),
    ('<p style="text-align: right;"><strong>Lê Hùng (Ban Dân vận Tỉnh ủy Đắk Nông)</strong></p>',
     "Lê Hùng (Ban Dân vận Tỉnh ủy Đắk Nông)"),
    ("<p>(Ban Dân vận Huyện ủy Krông Pa)</p>", "Ban Dân vận Huyện ủy Krông Pa"),
    ('<div class="author">Hoàng Yến</div>', "Hoàng Yến"),
    ("<p>Thanh Hà - BDV Lộc Ninh</p>", "Thanh Hà - BDV Lộc Ninh"),
    ("<p><em>Tin, ảnh: Minh Anh</em></p>", "Minh Anh"),
]


@pytest.mark.parametrize("markup,author", BYLINES)
def test_bylines_are_read_as_printed_without_their_label(markup, author):
    page = f"""<html><head><title>Giao ban công tác dân vận quý I - Ban Dân vận</title></head><body>
    <div class="menu"><a href="/">Trang chủ</a></div><div class="detail"><h1>Giao ban công tác dân vận quý I</h1>
    <p class="date">Thứ Tư, 05/04/2023</p><div class="content">
    <p>Sáng 4/4/2023, Ban Dân vận Tỉnh ủy tổ chức giao ban công tác dân vận quý I với ban dân vận các huyện, thị xã.</p>
    <p>Hội nghị đã thảo luận các giải pháp nắm tình hình Nhân dân, giải quyết kịp thời các vụ việc phát sinh ở cơ sở.</p>
    {markup}</div></div></body></html>"""
    r = extract_article(page, "http://x.example/a.html")
    assert r.is_article and r.author == author
    assert author not in r.text and len(r.paragraphs) == 2


@pytest.mark.parametrize("line,date,time", [
    ("Chủ nhật - 13/03/2022 08:50", "2022-03-13", "08:50"),
    ("Thứ Ba, 05/07/2022, 19:13 [GMT+7]", "2022-07-05", "19:13"),
    ("Cập nhật lúc 08:30 ngày 21/9/2021", "2021-09-21", "08:30"),
    ("Ngày 05 tháng 3 năm 2021", "2021-03-05", None),
])
def test_date_lines_in_any_supported_format_give_the_published_date(line, date, time):
    page = f"""<html><head><title>Hội nghị dân vận</title></head><body>
    <div class="topbar"><span class="today">Thứ Hai, 02/06/2025 | 09:12</span></div>
    <div class="detail"><h1>Hội nghị dân vận</h1><div class="meta">{line}</div><div class="content">
    <p>Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết công tác dân vận, đánh giá kết quả thực hiện các phong trào thi đua.</p>
    <p>Các đại biểu đã tập trung thảo luận, đề xuất nhiều giải pháp nâng cao hiệu quả công tác dân vận ở cơ sở.</p>
    </div></div></body></html>"""
    r = extract_article(page, "http://x.example/a.html")
    assert (r.published, r.published_time) == (date, time)


def test_an_aspnet_portal_with_span_headline_and_br_paragraphs():
    r = extract_article((DATA / "aspnet_portal.html").read_bytes(), "http://bdv.example/ChiTietTin.aspx?id=5521")
    assert r.is_article
    assert r.title == "Khối dân vận tỉnh ra quân hỗ trợ Nhân dân khắc phục hậu quả mưa lũ"
    assert (r.published, r.published_time) == ("2020-10-21", "14:35")
    assert r.author == "Minh Tâm"
    assert len(r.paragraphs) == 4 and r.paragraphs[0].startswith("Những ngày qua, mưa lớn")
    for needle in ("Đang online", "Tổng truy cập", "Chuyên mục", "Tin liên quan", "Hội nghị giao ban khối dân vận",
                   "Bản quyền", "04/06/2025", "Trang chủ"):
        assert needle not in r.text


def test_a_list_of_teasers_cut_with_ellipses_is_a_listing():
    items = "".join(f'<div class="item"><a href="/tin/{i}.html">Tin hoạt động số {i} của khối dân vận huyện</a>'
                    f'<p>Ngày {i}/5/2024, Ban Dân vận Huyện ủy phối hợp với Ủy ban MTTQ huyện tổ chức hội nghị '
                    f'triển khai nhiệm vụ công tác dân vận trong tình hình mới, với sự tham dự ...</p></div>'
                    for i in range(1, 4))
    page = f"""<html><head><title>Tin hoạt động</title></head><body><h1>Tin hoạt động</h1>
    <div class="list">{items}</div></body></html>"""
    r = extract_article(page, "http://x.example/tin-hoat-dong/")
    assert not r.is_article and "listing" in r.reason


def test_a_related_news_box_in_the_middle_of_the_text_is_skipped_not_the_end():
    page = """<html><head><title>Hiến đất làm đường ở xã Tân Hưng</title></head><body>
    <div class="detail"><h1>Hiến đất làm đường ở xã Tân Hưng</h1><div class="date">Thứ Sáu, 12/05/2023</div>
    <div class="content">
    <p>Năm 2023, Nhân dân xã Tân Hưng đã hiến hơn 8.000 m² đất để mở rộng 6 tuyến đường liên ấp, không đòi bồi thường.</p>
    <div class="box-related"><h3>Tin liên quan</h3><ul>
      <li><a href="/a.html">Xã Tân Lợi ra mắt mô hình dân vận khéo về chuyển đổi số ở cơ sở</a></li>
      <li><a href="/b.html">Hội nghị giao ban khối dân vận quý I năm 2023 của huyện</a></li></ul></div>
    <p>Ban Dân vận Huyện ủy đánh giá đây là mô hình tiêu biểu, sẽ nhân rộng ra các xã trong huyện trong thời gian tới.</p>
    <p style="text-align:right"><strong>MINH TÂM</strong></p>
    </div></div>
    <div class="other"><h3>Tin cùng chuyên mục</h3><ul><li><a href="/c.html">Một tin khác của chuyên mục dân vận</a></li></ul></div>
    </body></html>"""
    r = extract_article(page, "http://x.example/hien-dat.html")
    assert r.is_article and r.author == "MINH TÂM"
    assert [p[:20] for p in r.paragraphs] == ["Năm 2023, Nhân dân x", "Ban Dân vận Huyện ủy"]


def test_a_joomla_page_with_its_article_info_line():
    r = extract_article((DATA / "joomla_style.html").read_bytes(), "http://x.example/tin-tuc/124-tuyen-truyen.html")
    assert r.is_article
    assert r.title == "Tuyên truyền, vận động đồng bào có đạo tham gia xây dựng nông thôn mới"
    assert (r.published, r.published_time) == ("2020-03-12", "08:30")
    assert r.author == "Lê Minh Anh"
    assert len(r.paragraphs) == 3 and r.paragraphs[-1].startswith("Thời gian tới")
    for needle in ("Lượt xem", "Trước", "Tiếp theo", "Tin mới", "Hội nghị giao ban", "Thiết kế bởi", "2025"):
        assert needle not in r.text


def test_an_old_table_layout_page_in_windows_1258():
    r = extract_article((DATA / "table_layout.html").read_bytes(), "http://x.example/tintuc.asp?id=77")
    assert r.is_article
    assert r.title == "Vận động đồng bào dân tộc thiểu số tham gia bảo vệ rừng"
    assert (r.published, r.published_time) == ("2021-09-21", "08:30")
    assert r.author == "Hồng Nhung"
    assert r.captions == ["Lực lượng kiểm lâm tuần tra bảo vệ rừng cùng Nhân dân"]
    assert len(r.paragraphs) == 2 and r.paragraphs[1].startswith("Đến nay, 100% hộ gia đình")
    for needle in ("DANH MỤC", "truy cập", "Gửi bài viết", "In bài viết", "Bản quyền"):
        assert needle not in r.text


@pytest.mark.parametrize("path,title", [
    ("/gioi-thieu/lich-su.html", "Lịch sử hình thành và phát triển của Ban Dân vận"),
    ("/ban-dan-van/lien-he/", "Thông tin liên hệ của cơ quan"),
    ("/index.php/tim-kiem", "Kết quả tìm kiếm cho từ khóa dân vận"),
    ("/trang/123.html", "Chức năng, nhiệm vụ"),
])
def test_about_contact_and_search_pages_are_not_articles_even_with_a_date(path, title):
    page = f"""<html><head><title>{title}</title></head><body><div class="detail"><h1>{title}</h1>
    <div class="date">Cập nhật: 12/03/2022 08:00</div><div class="content">
    <p>Ban Dân vận Tỉnh ủy là cơ quan tham mưu, giúp việc của Tỉnh ủy về công tác dân vận, công tác dân tộc, tôn giáo và
    quyền làm chủ của Nhân dân; hướng dẫn, kiểm tra, giám sát ban dân vận các cấp ủy trực thuộc.</p></div></div></body></html>"""
    r = extract_article(page, "http://x.example" + path)
    assert not r.is_article and r.reason.startswith("not a news page")
    assert r.paragraphs  # the text is still given
