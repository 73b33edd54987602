"""``danvan crawl`` against real NukeViet 4.5 and WordPress 6.1: first crawl, unchanged re-crawl, later state.

Every article once and nothing else; exact text and metadata; no trap followed; an unchanged re-crawl
asks each article once plus listings, feeds and sitemaps, and makes no new version; edits, deletions
and additions each get their one outcome.
"""
from __future__ import annotations

import pytest

from archive import Archive
from index import SearchIndex
from index.searchquery import SearchQuery
from tests.realcms.scoring import LISTING_KINDS, TRAP_KINDS, article_paths, score_later
from tests.realcms.story import tell


@pytest.fixture(scope="module")
def story(real_sites, tmp_path_factory):
    """The three crawls, once for every test of this module; the sites go back to their first state after."""
    try:
        yield tell(real_sites, tmp_path_factory.mktemp("realcms-crawl"))
    finally:
        for site in real_sites.values():
            site.reset()


@pytest.fixture
def archive(story):
    with Archive.open(story.config) as arc:
        yield arc


@pytest.mark.parametrize("cms", ["nukeviet", "wordpress"])
@pytest.mark.parametrize("crawl", ["first", "later"])
def test_each_crawl_stores_every_article_once_and_nothing_else(story, cms, crawl):
    score = story.crawls[crawl].scores[cms]
    assert score.found == len(score.articles) >= 25, score.missing
    assert score.duplicates == [] and score.non_articles == [], score.extra


@pytest.mark.parametrize("cms", ["nukeviet", "wordpress"])
@pytest.mark.parametrize("crawl", ["first", "later"])
def test_text_title_date_and_author_are_as_printed(story, cms, crawl):
    score = story.crawls[crawl].scores[cms]
    assert score.f1 >= 0.99, [(a.key, round(a.f1, 3)) for a in score.articles if a.f1 < 0.99]
    assert score.rate("title") == 1.0 and score.rate("date") == 1.0
    assert score.rate("author") >= 0.95, [(a.key, a.got_author, a.want_author) for a in score.articles if not a.author]
    assert score.rate("source_text") == 1.0
    assert score.leaks == 0, [(a.key, a.leaks) for a in score.articles if a.leaks]


def test_no_author_is_a_label_a_button_or_an_admin_login(archive, real_sites):
    for site in real_sites.values():
        for article in archive.iter_articles(site.source_id):
            for version in archive.versions(article.id):
                author = version.author or ""
                assert not author.endswith(":") and author.lower() not in ("quantri", "admin"), article.url
                assert author not in ("Tải về", "Người viết:"), article.url


@pytest.mark.parametrize("cms", ["nukeviet", "wordpress"])
def test_no_crawl_follows_a_trap(story, cms):
    for name, crawl in story.crawls.items():
        kinds = crawl.requests[cms].kinds(article_paths(story.truth[cms]) | article_paths(story.later[cms]),
                                          story.non_articles[cms])
        assert not TRAP_KINDS & set(kinds), (name, {k: n for k, n in kinds.items() if k in TRAP_KINDS})
        paths = crawl.requests[cms].paths
        assert not [p for p in paths if "nvvithemever" in p or "redirect_to" in p or "replytocom" in p
                    or "/savefile/" in p], name


@pytest.mark.parametrize("cms", ["nukeviet", "wordpress"])
def test_an_unchanged_recrawl_asks_each_article_once_plus_listings_feeds_and_sitemaps(story, cms):
    crawl = story.crawls["unchanged"]
    articles = article_paths(story.truth[cms])
    log = crawl.requests[cms]
    kinds = log.kinds(articles, story.non_articles[cms])
    assert log.repeated_articles(articles) == []
    assert kinds["article"] == len(articles)
    assert set(kinds) <= LISTING_KINDS | {"article"}, {k: n for k, n in kinds.items() if k not in LISTING_KINDS}
    assert crawl.versions[cms] == story.crawls["first"].versions[cms]  # no false versions
    assert "0 new, 0 edited, 0 removed" in crawl.summary


def test_wordpress_feeds_answer_304_to_the_validators_sent_back(story):
    log = story.crawls["unchanged"].requests["wordpress"]
    feeds = [status for path, status in zip(log.paths, log.statuses) if path.rstrip("/").endswith("feed")]
    assert feeds and set(feeds) == {"304"}, [(p, s) for p, s in zip(log.paths, log.statuses) if "feed" in p or "rss" in p]


@pytest.mark.parametrize("cms", ["nukeviet", "wordpress"])
def test_the_later_state_gives_each_article_its_outcome(story, archive, real_sites, cms):
    site = real_sites[cms]
    assert score_later(archive, site.source_id, story.later[cms], story.removed[cms]) == []
    added = [u for u, t in story.later[cms].items() if t["v2"] == "added"]
    edited = [u for u, t in story.later[cms].items() if t["v2"] == "edited"]
    grown = story.crawls["later"].versions[cms] - story.crawls["unchanged"].versions[cms]
    assert grown == len(added) + len(edited)  # one new version per edit, one per new article, nothing else


def test_search_finds_each_article_once(story, archive, real_sites):
    index = SearchIndex(story.config.index_dir)
    try:
        for site in real_sites.values():
            for article in archive.iter_articles(site.source_id):
                if article.status != "live":
                    continue
                words = " ".join(article.title.replace('"', " ").split()[:8])
                hits = index.search(SearchQuery(q=f'"{words}"', per_page=50))
                assert [h["id"] for h in hits.hits].count(article.id) == 1, article.url
                assert not [h for h in hits.hits if h["url"] != article.url and h["title"] == article.title
                            and h["source"] == article.source]
    finally:
        index.close()
