"""The research pages in a real headless Chromium: the trend chart with a comparison, a breakdown row that
filters the search, a telling word that narrows it, a group of copies folded into one card."""
from __future__ import annotations

import pytest

from archive import Archive, Config
from index import SearchIndex
from tests.index.test_groups_and_collections import ARTICLES, SOURCES, add
from tests.webapp.conftest import CHROMIUM, release_searchers
from webapp import create_app

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
EVERYDAY = ["Hội nghị sơ kết công tác dân vận", "Hội Nông dân tập huấn trồng cà phê", "Thăm hỏi gia đình chính sách",
            "Đoàn thanh niên làm sạch môi trường", "Cựu chiến binh phát triển kinh tế"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Three copies of one story and two other articles (tests.index.test_groups_and_collections), and 28
    articles over 2022-2024, eight of them on digital transformation with a digital signature."""
    config = Config.load(tmp_path_factory.mktemp("research") / "home")
    with Archive.open(config) as archive:
        for s in SOURCES:
            archive.upsert_source(s)
        for n, a in enumerate(ARTICLES):
            add(archive, n, *a)
        for n in range(28):
            text = f"{EVERYDAY[n % 5]}. {EVERYDAY[(n + 2) % 5]}."
            if n >= 20:
                text += f" Chuyển đổi số ở cơ sở. Người dân dùng chữ ký số lần {n}."
            add(archive, 100 + n, SOURCES[n % 3].id, f"Tin {n}", text, f"{2022 + n % 3}-0{1 + n % 9}-15")
        with SearchIndex.of(config) as index:
            index.rebuild(archive)
    app = create_app(config, TESTING=True)
    yield app
    release_searchers(app)


def total(page) -> int:
    return int(page.locator("h1.total").get_attribute("data-total"))


def test_the_trend_chart_compares_two_queries_drawn_on_the_server_with_a_table(page):
    page.goto("/trends?q=ch%E1%BB%AF+k%C3%BD+s%E1%BB%91")
    page.fill("#compare-0", "dân vận")
    page.select_option("#interval", "year")
    page.click("form.trend-form button[type=submit]")
    page.wait_for_url("**compare=*")
    page.wait_for_function("document.querySelector('.trend-chart img').naturalWidth > 0")  # the SVG loaded (CSP: self)
    assert page.locator("table.trend-table thead th").count() == 3  # period + two series
    assert page.locator("table.trend-table tbody tr").all_inner_texts()[0].startswith("2022")
    svg = page.request.get(page.locator(".trend-chart img").get_attribute("src")).text()
    assert "chữ ký số" in svg and "dân vận" in svg and "<script" not in svg
    page.goto("/?q=ch%E1%BB%AF+k%C3%BD+s%E1%BB%91")
    page.locator(".trend-mini img").scroll_into_view_if_needed()  # loaded lazily
    page.wait_for_function("document.querySelector('.trend-mini img').naturalWidth > 0")
    assert page.problems == []


def test_clicking_a_province_in_the_breakdown_filters_the_search(page):
    page.goto("/trends?q=ch%E1%BB%AF+k%C3%BD+s%E1%BB%91")
    row = page.locator('table.breakdown[aria-label="Tỉnh (thời điểm đăng)"] tbody tr', has_text="Kon Tum")
    shown = int(row.locator("td").first.inner_text())
    row.locator("a").click()
    page.wait_for_url("**province=Kon+Tum*")
    assert total(page) == shown > 0 and any("Kon Tum" in c for c in page.locator("li.chip").all_inner_texts())
    assert page.problems == []


def test_a_telling_word_link_adds_the_word_to_the_query(page):
    page.goto("/terms?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91")
    link = page.locator("table.terms a", has_text="chữ ký số")
    docs = int(link.locator("xpath=ancestor::tr").locator("td").first.inner_text())
    link.click()
    page.wait_for_url("**/?q=*")
    assert page.input_value("#q") == 'chuyển đổi số "chữ ký số"' and total(page) == docs == 8
    assert page.problems == []


def test_a_group_of_copies_is_one_card_whose_list_opens_on_demand(page):
    page.goto("/?q=l%E1%BB%B1c+l%C6%B0%E1%BB%A3ng+v%C5%A9+tr%E1%BA%A1ng")
    assert total(page) == 4 and page.locator("li.hit").count() == 2
    copies = page.locator("details.copies")
    assert copies.locator("summary").inner_text() == "Đăng lại ở 2 nơi"
    assert not copies.locator("ul").is_visible()
    copies.locator("summary").click()
    assert copies.locator("ul").is_visible() and copies.locator("ul li").count() == 2
    page.click("p.unique-toggle a")
    page.wait_for_url("**unique=1*")
    assert total(page) == 2 and page.locator("li.hit").count() == 2
    copies.locator("summary").click()
    copies.locator("a", has_text="Xem cả nhóm").click()
    page.wait_for_url("**group=*")
    assert total(page) == 3
    assert page.problems == []
