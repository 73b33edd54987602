"""Extraction on the shared fixture sites against truth.json, with site profiles on and off."""
from __future__ import annotations

import statistics

import pytest

from extract import extract_article
from tests.extract.conftest import token_f1

BASE = "http://127.0.0.1:8000"
MODES = {"profiles on": True, "profiles off": False}
F1_FLOOR = {"profiles on": 0.98, "profiles off": 0.95}


@pytest.fixture(scope="module", params=list(MODES))
def results(request, truth_pages, fixture_sources):
    """(mode, [(page, extraction)]) for every truth page."""
    mode = request.param
    out = []
    for page in truth_pages:
        t = page["truth"]
        source = fixture_sources[t["site"]]
        out.append((page, extract_article(page["file"].read_bytes(), BASE + t["url_path"], source,
                                          profiles=MODES[mode])))
    return mode, out


def test_every_truth_article_is_recognised_as_an_article(results):
    mode, pairs = results
    missed = [(p["key"], r.reason) for p, r in pairs if not r.is_article]
    assert not missed, f"{mode}: {missed}"


def test_body_token_f1_holds_the_floor(results):
    mode, pairs = results
    scores = {p["key"]: token_f1(r.text, "\n".join(p["body"])) for p, r in pairs}
    assert statistics.mean(scores.values()) >= F1_FLOOR[mode], scores
    assert min(scores.values()) >= 0.9, {k: v for k, v in scores.items() if v < 0.9}


def test_titles_are_exact(results):
    mode, pairs = results
    wrong = [(p["key"], r.title) for p, r in pairs if r.title != p["truth"]["title"]]
    assert not wrong, f"{mode}: {wrong}"


def test_dates_and_times_are_exact_never_the_crawl_clock(results):
    mode, pairs = results
    wrong = [(p["key"], r.published, r.published_time) for p, r in pairs
             if (r.published, r.published_time) != (p["truth"]["published"], p["truth"].get("published_time"))]
    assert not wrong, f"{mode}: {wrong}"


def test_authors_are_the_byline_without_its_label(results):
    mode, pairs = results
    right = sum(r.author == p["truth"]["author"] for p, r in pairs)
    assert right >= 0.95 * len(pairs), [(p["key"], r.author, p["truth"]["author"]) for p, r in pairs
                                         if r.author != p["truth"]["author"]]


def test_no_boilerplate_leaks_into_stored_text(results):
    mode, pairs = results
    leaks = []
    for p, r in pairs:
        if not p["v1"]:
            continue  # must_not_contain describes the page as first crawled
        stored = "\n".join([r.title or "", r.text])
        leaks += [(p["key"], s) for s in p["truth"]["must_not_contain"] if s in stored]
    assert not leaks, f"{mode}: {leaks}"


def test_captions_are_kept_apart_from_the_text(results):
    mode, pairs = results
    with_captions = [(p, r) for p, r in pairs if r.captions]
    assert len(with_captions) >= 5
    for p, r in with_captions:
        for caption in r.captions:
            assert caption not in r.paragraphs


def test_province_unit_level_and_district_come_from_the_source(results):
    mode, pairs = results
    for p, r in pairs:
        t = p["truth"]
        assert (r.province, r.unit, r.level, r.district) == (t["province"], t["unit"], t["level"], t["district"])


def test_provinces_mentioned_match_the_truth(results):
    mode, pairs = results
    wrong = [(p["key"], r.provinces_mentioned) for p, r in pairs
             if sorted(r.provinces_mentioned) != sorted(p["truth"]["provinces_mentioned"])]
    assert not wrong


@pytest.mark.parametrize("mode", list(MODES))
def test_no_listing_home_or_about_page_is_taken_for_an_article(mode, non_article_pages, fixture_sources):
    wrong = []
    for site, path, f in non_article_pages:
        r = extract_article(f.read_bytes(), BASE + path, fixture_sources[site], profiles=MODES[mode])
        if r.is_article:
            wrong.append((site, path, r.title))
        else:
            assert r.reason
    assert non_article_pages and not wrong


def test_nukeviet_pages_go_through_the_nukeviet_profile(truth_pages, fixture_sources):
    nv = [p for p in truth_pages if p["truth"]["site"].endswith("-nv")]
    assert nv
    for page in nv:
        r = extract_article(page["file"].read_bytes(), BASE + page["truth"]["url_path"])
        assert r.extractor == "nukeviet"


def test_images_and_attachments_have_absolute_urls(truth_pages):
    page = next(p for p in truth_pages if p["truth"]["site"] == "huyenuy-kp" and "so-ket-02" in p["key"])
    r = extract_article(page["file"].read_bytes(), BASE + page["truth"]["url_path"])
    assert r.images and all(i["src"].startswith(BASE + "/uploads/") for i in r.images)
    assert [i["caption"] for i in r.images] == r.captions
