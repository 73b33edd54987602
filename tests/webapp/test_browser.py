"""The site in a real headless Chromium: search without diacritics, facets, chips, article, diff, CSV, XSS."""
from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from tests.webapp.conftest import CHROMIUM, XSS_TITLE

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: the test's folder, or test-output/ when DANVAN_TEST_OUTPUT is set."""
    folder = Path(os.environ.get("DANVAN_TEST_OUTPUT", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_for_docs(shot: Path, name: str) -> None:
    """With DANVAN_UPDATE_SCREENSHOTS=1, the screenshot also replaces docs/<name> (used by the README)."""
    if os.environ.get("DANVAN_UPDATE_SCREENSHOTS") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, REPO / "docs" / name)


def total(page) -> int:
    return int(page.locator("h1.total").get_attribute("data-total"))


def chips(page) -> list[str]:
    return [c.strip() for c in page.locator("li.chip").all_inner_texts()]


def test_search_without_diacritics_then_two_facets_change_counts_and_chips(page, shots):
    page.goto("/")
    page.fill("#q", "dan van")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=dan+van")
    everything = total(page)
    assert everything > 5 and page.locator("li.hit").count() == min(everything, 20)
    assert page.locator(".snippet mark").count() > 0 and chips(page) == []
    first_mark = page.locator(".snippet mark").first.inner_text()
    assert first_mark.lower() in ("dân", "vận")

    page.click('a.facet-item[data-facet="province"][data-value="Bình Phước"]')
    page.wait_for_url("**province=*")
    one = total(page)
    assert 0 < one < everything and len(chips(page)) == 1 and "Bình Phước" in chips(page)[0]
    count_shown = page.locator('a.facet-item[data-facet="province"][data-value="Bình Phước"] .count').inner_text()
    assert int(count_shown) == one
    assert page.locator('a.facet-item[data-facet="province"][data-value="Bình Phước"]').get_attribute(
        "aria-checked") == "true"

    page.click('a.bar[data-facet="year"][data-value="2022"]')
    page.wait_for_url("**year=2022*")
    two = total(page)
    assert 0 < two < one and len(chips(page)) == 2
    assert all("2022" in d for d in page.locator("li.hit time").all_inner_texts())
    shot = shots / "search.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    page.click('li.chip:has-text("Bình Phước") a.chip-remove')
    page.wait_for_url(lambda url: "province=" not in url)
    assert len(chips(page)) == 1 and total(page) >= two
    page.go_back()
    assert len(chips(page)) == 2 and total(page) == two  # every state is a URL: back works
    assert page.problems == []


def test_screenshot_of_a_rich_search_page(page, shots):
    page.goto("/?q=dan+van&year=2022&year=2023")
    page.click("details#help > summary")
    assert page.locator("details#help .popover").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("details#help .popover").is_visible()
    page.locator("#q").focus()
    shot = shots / "search-full.png"
    page.screenshot(path=str(shot))
    keep_for_docs(shot, "screenshot.png")
    keep_for_docs(shot, "screenshot-search.png")
    page.goto("/?q=hien+dat+mo+duong")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator(".article .text mark").count() >= 4
    shot = shots / "article-full.png"
    page.screenshot(path=str(shot))
    keep_for_docs(shot, "screenshot-article.png")
    assert page.problems == []


def test_open_an_article_from_results_and_follow_a_version_diff(page, shots, corpus):
    page.goto("/?q=hoi truong huyen")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1#article-title").inner_text() == "Hội nghị dân vận chính quyền năm 2021"
    marks = [m.lower() for m in page.locator(".article .text mark").all_inner_texts()]
    assert {"hội", "trường", "huyện"} <= set(marks)
    assert page.locator(".notice").is_visible()  # removed at the source
    assert "truy cập ngày" in page.locator("#cite-text").input_value()
    page.screenshot(path=str(shots / "article.png"), full_page=True)
    page.click("a.diff-link")
    page.wait_for_url("**/diff?from=1&to=2")
    assert page.locator(".diff-text ins").first.inner_text().strip() == "ủy"
    assert "Phát động thi đua năm 2022." in page.locator(".para-insert").inner_text()
    page.go_back()
    page.click("a.snapshot-link")
    assert "<script>alert('raw')</script>" in page.locator("body").inner_text()  # shown as text, not run
    assert page.problems == []


def test_download_the_results_as_csv(page, tmp_path):
    page.goto("/?q=dan+van&per_page=5")
    expected = total(page)
    with page.expect_download() as info:
        page.click("p.exports a:has-text('CSV')")
    target = tmp_path / "results.csv"
    info.value.save_as(target)
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == expected > 5
    assert all(r["article_url"].startswith("http://127.0.0.1:") for r in rows)


def test_hostile_title_renders_as_text_and_no_dialog_fires(page, corpus):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/?q=kiem+thu+an+toan")
    link = page.locator("li.hit h2 a").first
    assert link.inner_text() == XSS_TITLE
    assert page.locator("li.hit img").count() == 0
    link.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1#article-title").inner_text() == XSS_TITLE
    assert page.locator(".article img, .article script, .article b").count() == 0
    assert dialogs == []


def test_keyboard_and_phone_use(browser, live_url, shots):
    context = browser.new_context(base_url=live_url, viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto("/sources")
    page.keyboard.press("/")
    page.goto("/")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("nong thon moi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=nong+thon+moi")
    assert total(page) > 0
    # nothing wider than the phone's screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.click("details#help > summary")
    box = page.locator("details#help .popover").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 376  # the help fits on the screen
    page.keyboard.press("Escape")
    page.click("p.to-filters a")  # on a phone the filters come after the results: one tap away
    assert page.evaluate("location.hash") == "#filters"
    page.screenshot(path=str(shots / "search-phone.png"), full_page=True)
    page.goto("/articles/" + page.locator("li.hit h2 a").first.get_attribute("href").split("/articles/")[1])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
