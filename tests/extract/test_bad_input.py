"""Odd and hostile pages: always a result or a clear "not an article", never a crash, never markup."""
from __future__ import annotations

import unicodedata

import pytest

from extract import extract_article
from tests.extract.conftest import DATA

URL = "http://bdv.example/tin-tuc/bai-viet.html"
MARKUP = ("<script", "</", "<b>", "<p", "alert(1)", "&lt;", "document.write")


def _stored(r) -> str:
    return "\n".join([r.title or "", r.author or "", r.text, *r.captions])


@pytest.mark.parametrize("name", ["empty.html", "whitespace.html"])
def test_an_empty_page_is_not_an_article_and_says_so(name):
    r = extract_article((DATA / name).read_bytes(), URL)
    assert not r.is_article
    assert "empty" in r.reason


def test_a_page_of_links_only_is_not_an_article():
    r = extract_article((DATA / "no_article.html").read_bytes(), URL)
    assert not r.is_article and r.reason
    assert r.published is None  # the top bar's "today" is no publication date


@pytest.mark.parametrize("html", ["<html>", "<p>", "</div></div>", "<!-- unterminated", "<<<>>>", "\x00\x00",
                                  "<html><body><h1>Chỉ có tiêu đề</h1></body></html>", "<table><tr><td>" * 2000])
def test_broken_markup_never_crashes(html):
    r = extract_article(html, URL)
    assert r.url == URL and not r.is_article and r.reason


def test_binary_garbage_is_not_an_article():
    r = extract_article(bytes(range(256)) * 50, URL)
    assert not r.is_article and r.reason


def test_truncated_html_still_yields_the_text_it_has():
    r = extract_article((DATA / "truncated.html").read_bytes(), URL)
    assert r.is_article
    assert r.title == "Tuyên truyền, vận động Nhân dân hiến đất làm đường"
    assert (r.published, r.published_time) == ("2023-03-16", "10:20")
    assert r.paragraphs[-1].startswith("Nhờ cách làm")


def test_nfd_text_comes_out_nfc_and_equal_to_the_nfc_page():
    nfd = extract_article((DATA / "nfd.html").read_bytes(), URL)
    nfc = extract_article((DATA / "wordpress_style.html").read_bytes(), URL)
    assert nfd.is_article
    assert unicodedata.is_normalized("NFC", _stored(nfd))
    assert (nfd.title, nfd.paragraphs, nfd.author, nfd.published) == (nfc.title, nfc.paragraphs, nfc.author,
                                                                      nfc.published)


def test_a_windows_1252_paragraph_inside_a_utf8_page_does_not_spoil_the_rest():
    r = extract_article((DATA / "mixed_encoding.html").read_bytes(), URL)
    assert r.is_article
    assert r.paragraphs[0].startswith("Ngày 4/7/2022, Ban Dân vận Tỉnh ủy")
    assert "café" in r.text and "\ufffd" not in r.text
    assert "“Dân vận khéo”" in r.text


def test_scripts_and_escaped_markup_in_the_body_never_reach_stored_text():
    r = extract_article((DATA / "script_in_body.html").read_bytes(), URL)
    assert r.is_article
    stored = _stored(r)
    for needle in MARKUP:
        assert needle not in stored
    assert "quảng cáo" not in stored and "color: red" not in stored
    assert r.paragraphs[0].endswith("thu gom hơn 3 tấn rác thải.")
    assert len(r.paragraphs) == 4


def test_a_five_megabyte_page_is_extracted():
    page = (DATA / "wordpress_style.html").read_text(encoding="utf-8")
    filler = "<ul>" + "".join(f'<li><a href="/tin/{i}.html">Tin số {i} về công tác dân vận ở cơ sở</a></li>'
                              for i in range(60_000)) + "</ul>"
    big = page.replace('<aside id="secondary" class="widget-area">', '<aside id="secondary" class="widget-area">' + filler)
    assert len(big.encode("utf-8")) > 5_000_000
    r = extract_article(big.encode("utf-8"), URL)
    assert r.is_article
    assert r.title == "Đồng Phú: Hội nghị đối thoại với Nhân dân năm 2023"
    assert "Tin số 17 về" not in r.text


def test_deeply_nested_markup_is_reported_not_raised():
    r = extract_article("<div>" * 20_000 + "Nội dung" + "</div>" * 20_000, URL)
    assert not r.is_article and r.reason
