"""Soft 404s: pages answering 200 whose title or heading says the page does not exist."""
from __future__ import annotations

import pytest

from extract import says_not_found


@pytest.mark.parametrize("html", [
    "<title>Lỗi 404 - Trang không tồn tại</title>",
    "<html><body><h1>Bài viết không tồn tại hoặc đã bị xóa</h1></body></html>",
    "<h2>Page Not Found</h2>",
    "<title>404 - Not found</title>",
    "<h3>Nội dung này không còn trên hệ thống</h3>",
    "<title>Khong tim thay</title><h1>Không tìm thấy trang yêu cầu</h1>",
    "<h1>Bài viết đã bị gỡ</h1>",
    "<h1>404</h1><p>Oops, trang bạn tìm kiếm không được tìm thấy</p>",
    "<h2>Trang bạn tìm kiếm không được tìm thấy</h2>",
    "<h1>Ba\u0300i viê\u0301t không tô\u0300n ta\u0323i</h1>",  # NFD
])
def test_pages_saying_not_found_are_recognised(html):
    assert says_not_found(html)


@pytest.mark.parametrize("html", [
    "<title>Quyết định 404/QĐ-UBND về công tác dân vận</title>",
    "<title>Tin tức</title><h1>Dân vận khéo ở cơ sở</h1>",
    "<h1>Tin tức</h1><p>Người dân không tìm thấy thông tin về dự án đã bị xóa khỏi quy hoạch.</p>",
    "",
    "<<<>>>",
])
def test_ordinary_pages_and_words_in_the_body_are_not_taken_for_not_found(html):
    assert not says_not_found(html)
