"""parse_vietnamese_date: the date formats Vietnamese sites print, and ISO strings from markup."""
from __future__ import annotations

import unicodedata

import pytest

from extract import parse_vietnamese_date


@pytest.mark.parametrize("text,expected", [
    ("Chủ nhật - 13/03/2022 08:50", ("2022-03-13", "08:50")),
    ("Thứ hai - 05/12/2022 15:10", ("2022-12-05", "15:10")),
    ("Thứ Ba, 05/07/2022, 19:13 [GMT+7]", ("2022-07-05", "19:13")),
    ("Thứ Tư, 30/11/2022", ("2022-11-30", None)),
    ("Cập nhật lúc 08:30 ngày 21/9/2021", ("2021-09-21", "08:30")),
    ("Ngày 05 tháng 3 năm 2021", ("2021-03-05", None)),
    ("ngày 5 tháng 3, năm 2021", ("2021-03-05", None)),
    ("10/01/2023", ("2023-01-10", None)),
    ("(15/04/2025)", ("2025-04-15", None)),
    ("Đăng lúc: 7:05 - 02-01-2020", ("2020-01-02", "07:05")),
    ("2022-03-13T08:50:00+07:00", ("2022-03-13", "08:50")),
    ("2024-05-14", ("2024-05-14", None)),
    ("2019-11-20 09:15:00", ("2019-11-20", "09:15")),
    ("14.05.2024 16h30", ("2024-05-14", "16:30")),
    ("12/3/2022 2:30:15 PM", ("2022-03-12", "14:30")),
    ("Cập nhật 08:15 SA 12/3/2022", ("2022-03-12", "08:15")),
])
def test_known_formats(text, expected):
    assert parse_vietnamese_date(text) == expected


def test_decomposed_text_parses_like_composed():
    text = "Chủ nhật - 13/03/2022 08:50"
    assert parse_vietnamese_date(unicodedata.normalize("NFD", text)) == ("2022-03-13", "08:50")


@pytest.mark.parametrize("text", ["", "không có ngày", "31/02/2022", "Đường 23/3", "Số 45/2023/NĐ-CP",
                                  "99/99/9999", "0271.3879 xxx", "1.248 mô hình"])
def test_no_date_or_impossible_dates_give_none(text):
    assert parse_vietnamese_date(text) is None


def test_the_first_date_in_the_text_wins():
    assert parse_vietnamese_date("Thứ Năm, 16/03/2023 10:20 (cập nhật 17/03/2023)") == ("2023-03-16", "10:20")


def test_a_date_only_the_url_gives_is_found_by_htmldate_on_the_generic_path():
    from extract import extract_article

    paragraphs = "".join(f"<p>Đoạn {i}: công tác dân vận ở cơ sở, vận động Nhân dân xây dựng nông thôn mới.</p>"
                         for i in range(5))
    html = (f"<html><head><title>Hội nghị sơ kết công tác dân vận - Trang tin</title></head><body>"
            f"<div class='main'><h1>Hội nghị sơ kết công tác dân vận</h1>{paragraphs}</div></body></html>")
    result = extract_article(html, "https://tin.example.vn/2021/03/05/hoi-nghi-so-ket.html")
    assert result.is_article
    assert result.published == "2021-03-05"
