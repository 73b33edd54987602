"""Canonical URLs: one page, one record."""
from __future__ import annotations

import pytest

from crawler.canonical import canonical_url, preferred_canonical, same_site_hosts


@pytest.mark.parametrize("variant", [
    "http://Example.vn/tin-tuc/bai-1.html",
    "http://example.vn:80/tin-tuc/bai-1.html",
    "http://example.vn/tin-tuc/bai-1.html#binh-luan",
    "http://example.vn/tin-tuc/bai-1.html?utm_source=facebook&utm_medium=social",
    "http://example.vn/tin-tuc/bai-1.html?fbclid=IwAR0abc",
    "http://example.vn/tin-tuc/bai-1.html?gclid=xyz#top",
    "http://example.vn//tin-tuc//bai-1.html",
    "http://example.vn/tin-tuc/./khac/../bai-1.html",
    "http://example.vn/tin-tuc/bai-1.html?",
])
def test_variants_of_one_page_share_one_canonical_url(variant):
    assert canonical_url(variant) == "http://example.vn/tin-tuc/bai-1.html"


def test_index_files_fold_into_their_folder_and_the_query_is_kept_sorted():
    assert canonical_url("https://example.vn/index.php") == "https://example.vn/"
    assert canonical_url("https://example.vn:443/tin-tuc/index.html") == "https://example.vn/tin-tuc/"
    assert canonical_url("http://example.vn/index.php?nv=news&language=vi") == "http://example.vn/?language=vi&nv=news"
    assert canonical_url("http://example.vn/tin?page=2&utm_campaign=x") == "http://example.vn/tin?page=2"


def test_relative_links_resolve_and_non_web_links_are_dropped():
    assert canonical_url("../van-ban/a.pdf", "http://example.vn/tin-tuc/x.html") == "http://example.vn/van-ban/a.pdf"
    assert canonical_url("/Tin Tức/Đà Lạt.html", "http://example.vn/") == \
        "http://example.vn/Tin%20T%E1%BB%A9c/%C4%90%C3%A0%20L%E1%BA%A1t.html"
    for link in ("mailto:bdv@example.vn", "javascript:void(0)", "tel:0271", "", "http://[::1"):
        assert canonical_url(link, "http://example.vn/") is None


def test_rel_canonical_is_preferred_only_on_the_same_host_and_not_when_it_points_home():
    page = "http://example.vn/in-bai/123/"
    assert preferred_canonical(page, "/tin-tuc/bai-123.html") == "http://example.vn/tin-tuc/bai-123.html"
    assert preferred_canonical(page, "http://other.vn/tin-tuc/bai-123.html") == page
    assert preferred_canonical(page, "http://example.vn/") == page
    assert preferred_canonical(page, None) == page


def test_a_source_may_be_crawled_with_or_without_www():
    assert same_site_hosts(["https://www.example.vn/tin-tuc/"]) == {"www.example.vn", "example.vn"}
