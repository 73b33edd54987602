"""Short articles are articles and listing pages are not, over a few hundred generated plain-news pages.

The pages come from ``generated_pages`` (a fixed seed): one to five paragraphs in a ``div``, ``article``,
``section``, table or title-bar template, with or without sidebars, dated in many Vietnamese ways, some
paragraphs cut with "…", a prose date line ("Chiều ngày 05 tháng 01 năm 2023."), quotes, inline and
see-also links, short lists, captioned images, document links; and category pages of 5-20 teasers
from the same templates (teaser blocks, tables, link lists, inline teasers, a lead story over a list of
titles; cut or not, dated or not,
with "Xem tiếp" or not).
"""
from __future__ import annotations

from collections import Counter

import pytest

from extract import extract_article
from tests.extract.generated_pages import N_ARTICLES, N_LISTINGS, articles, listings


@pytest.fixture(scope="module")
def generated():
    pages = articles() + listings()
    return [(p, extract_article(p.html, p.url, None)) for p in pages]


def _describe(page, r) -> str:
    return f"{page.name} {list(page.traits)}: is_article={r.is_article} ({r.reason})"


def test_the_generator_is_deterministic_and_covers_the_traits():
    first, again = articles() + listings(), articles() + listings()
    assert [p.html for p in first] == [p.html for p in again]
    assert len(first) == N_ARTICLES + N_LISTINGS >= 400
    traits = Counter(t for p in first for t in p.traits)
    for trait in ("div", "article", "section", "table", "titlebar", "paragraphs end with an ellipsis",
                  "a prose date line", "a quote", "a link inside the text", "a see-also link", "a short list",
                  "an image with a caption", "a document link", "a sidebar", "related news", "1 paragraphs",
                  "5 paragraphs", "teasers", "list", "inline", "lead", "cut all", "cut some", "cut none", "dated",
                  "read more"):
        assert traits[trait] >= 10, trait
    assert traits["table"] >= 10 + 10  # article table layouts and table listings


def test_every_generated_short_article_is_an_article(generated):
    wrong = [_describe(p, r) for p, r in generated if p.is_article and not r.is_article]
    assert wrong == []


def test_no_generated_listing_page_is_taken_for_an_article(generated):
    wrong = [_describe(p, r) for p, r in generated if not p.is_article and r.is_article]
    assert wrong == []


def test_generated_articles_keep_their_headline_date_and_first_paragraph(generated):
    wrong = []
    for p, r in generated:
        if not p.is_article:
            continue
        if r.title != p.title or r.published != p.published or not r.paragraphs \
                or not r.paragraphs[0].startswith(p.first_words):
            wrong.append(f"{p.name}: {r.title!r} {r.published} {(r.paragraphs or [''])[0][:40]!r}")
    assert wrong == []


def test_generated_articles_keep_no_sidebar_or_related_links(generated):
    for p, r in generated:
        if p.is_article:
            for needle in ("Tin liên quan", "Các tin khác", "Tin cùng chuyên mục", "Thống kê truy cập", "Đang online",
                           "Bản quyền", "In bài viết", "Trang chủ"):
                assert needle not in r.text, (p.name, needle)


# -- the shapes that misled the listing rules, one by one -------------------------------------------

PARAGRAPHS = ["Sáng 12/7, Ban Dân vận Huyện ủy phối hợp với Ủy ban MTTQ Việt Nam huyện tổ chức hội nghị sơ kết "
              "công tác dân vận 6 tháng đầu năm tại xã Tân Lợi.",
              "Tham dự có đại diện lãnh đạo Hội Nông dân huyện, cán bộ, đảng viên và đông đảo Nhân dân trên địa bàn xã.",
              "Các đại biểu đã thảo luận, đề xuất nhiều giải pháp nâng cao hiệu quả công tác dân vận trong thời gian tới."]


def _article(body: str, around: str = "") -> str:
    return f"""<html><head><title>Hội nghị sơ kết công tác dân vận ở xã Tân Lợi - Ban Dân vận</title></head><body>
    <div class="menu"><a href="/">Trang chủ</a></div>{around}<div class="detail">
    <h1>Hội nghị sơ kết công tác dân vận ở xã Tân Lợi</h1><div class="date">Thứ Năm, 05/01/2023 08:30</div>
    <div class="content">{body}</div></div></body></html>"""


@pytest.mark.parametrize("body", [
    f"<p>{PARAGRAPHS[0]}</p><p>Chiều ngày 05 tháng 01 năm 2023.</p><p>{PARAGRAPHS[1]}</p>",
    f"<p>Chiều ngày 05 tháng 01 năm 2023.</p><p>{PARAGRAPHS[0]} {PARAGRAPHS[1]}</p>",
    f"<p>{PARAGRAPHS[0][:-1]} và nhiều hoạt động khác…</p><p>{PARAGRAPHS[1][:-1]}...</p>",
    f"<p>{PARAGRAPHS[0][:-1]}…</p><p>Xem thêm: <a href='/tin/12.html'>Hội nghị giao ban khối dân vận quý I năm 2023</a></p>"
    f"<p>{PARAGRAPHS[1][:-1]}…</p>",
    f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1][:-1]}…</p><p><a href='/files/kh-45.pdf'>Xem chi tiết</a></p>",
    f"<p>{PARAGRAPHS[0]} {PARAGRAPHS[2][:-1]}…</p>",
], ids=["prose date line", "prose date line first", "two paragraphs cut", "see-also link above a cut paragraph",
        "a document's read-more link", "one paragraph cut"])
def test_a_short_article_with_a_trap_is_an_article(body):
    r = extract_article(_article(body), "http://x.example/tin-hoat-dong/bai-1.html")
    assert r.is_article, r.reason
    assert r.published == "2023-01-05"


def test_a_sidebar_column_inside_a_wide_article_area_is_neither_text_nor_a_list():
    sidebar = "".join(f'<h4><a href="/tin/{i}.html">Tin nổi bật số {i} về công tác dân vận ở cơ sở</a></h4>'
                      for i in range(4))
    page = f"""<html><head><title>Hội nghị sơ kết công tác dân vận ở xã Tân Lợi</title></head><body><div class="wrap">
    <div class="title-bar"><h1>Hội nghị sơ kết công tác dân vận ở xã Tân Lợi</h1></div><div class="cols">
    <div class="side-col"><div class="featured">{sidebar}</div></div><div class="main-col">
    <div class="post-date">05/01/2023</div><div class="post-body"><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div>
    </div></div></div></body></html>"""
    r = extract_article(page, "http://x.example/tin-hoat-dong/bai-2.html")
    assert r.is_article, r.reason
    assert r.paragraphs == PARAGRAPHS[:2]


@pytest.mark.parametrize("item", [
    '<li><a href="/tin/{i}.html">Tin hoạt động số {i} của khối dân vận huyện Krông Pa</a> ({i:02d}/05/2024)</li>',
    '<li><a href="/tin/{i}.html">Tin hoạt động số {i} của khối dân vận huyện Krông Pa</a> Ngày đăng: {i}/5/2024</li>',
])
def test_a_list_of_dated_links_is_a_listing_even_when_trafilatura_reads_it_as_text(item):
    items = "".join(item.format(i=i) for i in range(1, 9))
    page = f"""<html><head><title>Tin hoạt động - Ban Dân vận</title></head><body><div class="category">
    <h1>Tin hoạt động</h1><ul class="list-news">{items}</ul></div></body></html>"""
    r = extract_article(page, "http://x.example/tin-hoat-dong/")
    assert not r.is_article and "listing" in r.reason


def test_a_category_with_a_description_line_and_whole_teasers_is_a_listing():
    items = "".join(f'<div class="news-item"><p><a href="/tin/{i}.html"><strong>Tin hoạt động số {i} của khối dân vận '
                    f'huyện</strong></a><br>Ngày {i + 1}/5/2024, {PARAGRAPHS[i % 3][0].lower()}{PARAGRAPHS[i % 3][1:]}</p></div>'
                    for i in range(6))
    page = f"""<html><head><title>Tin hoạt động - Ban Dân vận</title></head><body><div class="category">
    <h1>Tin hoạt động</h1><p>Tin tức, bài viết về hoạt động của khối dân vận huyện.</p>{items}</div></body></html>"""
    r = extract_article(page, "http://x.example/tin-hoat-dong/")
    assert not r.is_article and "listing" in r.reason


def test_a_date_the_text_opens_with_is_the_date_of_last_resort_and_stays_text():
    page = f"""<html><head><title>Trao quà Tết cho hộ nghèo ở các xã biên giới</title></head><body><div class="detail">
    <h1>Trao quà Tết cho hộ nghèo ở các xã biên giới</h1><div class="content"><p>Chiều ngày 05 tháng 01 năm 2023.</p>
    <p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div></div></body></html>"""
    r = extract_article(page, "http://x.example/tin-hoat-dong/bai-3.html")
    assert r.is_article, r.reason
    assert r.published == "2023-01-05"
    assert r.paragraphs[0] == "Chiều ngày 05 tháng 01 năm 2023."
    dated = page.replace('<div class="detail">', '<div class="detail"><div class="date">06/01/2023</div>', 1)
    assert extract_article(dated, "http://x.example/tin-hoat-dong/bai-3.html").published == "2023-01-06"


def test_a_short_article_with_a_table_of_its_attached_documents_is_an_article():
    rows = "".join(f'<tr><td>{i}</td><td><a href="/uploads/van-ban/kh-{i}.pdf">Kế hoạch số {40 + i}-KH/BDVTU về công tác '
                   f'dân vận năm 2023</a></td><td>0{i}/01/2023</td></tr>' for i in range(1, 5))
    r = extract_article(_article(f"<p>{PARAGRAPHS[0]}</p><p>Các văn bản kèm theo:</p><table>{rows}</table>"),
                        "http://x.example/tin-hoat-dong/bai-4.html")
    assert r.is_article, r.reason
    assert len(r.attachments) == 4
