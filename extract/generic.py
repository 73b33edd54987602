"""The generic extractor: find the headline, the densest text block around it, sort its lines, judge the page.

Works on any CMS: text density and link density choose the article area (``area``), word lists
(``rules``) drop boilerplate, bylines and date lines are recognised by their shape (``lines``),
trafilatura gives a second opinion on the text (``second_opinion``). Site profiles (``profiles``)
can hand it the article area directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from archive.text import clean_whitespace
from extract import metadata, rules, second_opinion
from extract.area import article_root, best_container, in_chrome, inside
from extract.draft import Draft, Hints
from extract.lines import sort_lines
from extract.media import collect_media
from extract.page import Meta, blocks

MIN_BODY_CHARS = 150
MAX_FALLBACK_LINES = 200
# listing evidence (see listing_reason), counted by our walk of the article area
LINK_LIST_MIN_NO_TEXT = 3        # links to other pages, and the area has too little text of its own ...
LINK_LIST_MIN = 5                # ... or this many, at least LINK_LIST_SHARE a line of a text shorter than
LINK_LIST_SHARE = 2              #     LINK_LIST_MAX_TEXT: a list of links under a description
LINK_LIST_MAX_TEXT = 600
TEASER_LIST_MAX_LINES = 4        # a few linked headings before the text: a list, however short
HEADED_LINK_SHARE = 0.4
INTRO_LINES = 1                  # a category page may open with one line describing it
ITEM_LINK_SHARE = 0.9            # nearly every paragraph (after the description) follows a long link,
MIN_ITEM_LINKS = 2               #     at least this many (MIN_ITEM_LINKS_AFTER_INTRO after a description),
MIN_ITEM_LINKS_AFTER_INTRO = 4
ITEM_MEAN_CHARS = 350            #     and the paragraphs are teaser-sized
TRUNCATED_SHARE = 0.5            # half the paragraphs are cut with "…", and half of those (at least 2) sit under
TEASER_SHARE = 0.5               #     a link to their article (an article's own "…" has no link above it),
TRUNCATED_ALONE = 4              #     or this many are cut
TEASER_MAX_LINES = 2             # a text this short, with a read-more link or under a title link to another
LEAD_AND_LINKS = 2               #     page with this many links in all: a lead story's teaser
ROW_LINK_SHARE = 0.6             # table rows led by links to other pages (not documents): a list view
MIN_ROW_LINKS = 3
DATE_LINE_SHARE = 0.4            # date lines between the paragraphs


def extract(soup: BeautifulSoup, meta: Meta, url: str, hints: Hints | None = None, html: str | None = None,
            second: bool = True) -> Draft:
    """Extract one page (already cleaned by ``page.clean_dom``; ``html`` is the raw page for trafilatura)."""
    all_blocks = blocks(soup.body or soup)
    if not all_blocks:
        return Draft(reason="empty page: no visible text")
    container = best_container(all_blocks)
    title_el = hints.title_el if hints and hints.title_el is not None else \
        metadata.find_title(soup, meta, url, container)
    if container is not None and title_el is not None and in_chrome(container) and not in_chrome(title_el):
        container = None  # the most text sits in the footer: the page around the headline has little
    root = hints.root if hints and hints.root is not None else article_root(title_el, container)
    if root is None:
        draft = Draft(reason="no article text found")
        draft.paragraphs = [b.text for b in all_blocks if b.link_density < 0.5][:MAX_FALLBACK_LINES]
        return draft
    title_el_in_root = title_el if title_el is None or inside(title_el, root) else None
    title = clean_whitespace(title_el.get_text(" ")) if title_el is not None else None
    draft = _sorted_lines(root, title_el_in_root, title, hints, container)
    listing = None if hints and hints.body_els else listing_reason(draft)  # the walk's evidence, before trafilatura
    if hints is None and second and html:
        second_opinion.apply(draft, html, url, title)
    draft.title = title or metadata.title_from_meta(meta)
    if hints:
        _apply_hints(draft, hints)
    collect_media(root, title_el_in_root, url, draft)
    _fill_date(draft, meta, html if hints is None else None, url)
    if draft.author is None and meta.authors:
        draft.author = metadata.plausible_author(meta.authors[0], meta)
    if draft.author is None and draft.source_text:
        draft.author = draft.source_text  # only a source is printed: it stands for the author (as printed)
    found = verdict(Evidence(
        static=rules.static_page(urlsplit(url).path, draft.title) or rules.front_page(urlsplit(url).path,
                                                                                     urlsplit(url).query),
        headline=title_el is not None or (metadata.declares_article(meta) and bool(draft.title)),
        listing=listing,
        body_chars=sum(len(p) for p in draft.paragraphs),
        date_source=draft.date_source if draft.published else None))
    draft.is_article, draft.reason = found
    return draft


def _sorted_lines(root, title_el, title: str | None, hints: Hints | None, container) -> Draft:
    draft = sort_lines(root, title_el, title, hints.body_els if hints else None, container)
    if not draft.paragraphs and title_el is not None:
        retry = sort_lines(root, None, title, None, container)  # the "headline" sat after the text (a related-news heading)
        if retry.paragraphs:
            if draft.published:
                retry.published, retry.published_time, retry.date_source = \
                    draft.published, draft.published_time, draft.date_source
            draft = retry
    return draft


def _apply_hints(draft: Draft, hints: Hints) -> None:
    """What the profile read for sure wins; a signature closing the text beats a labelled author."""
    draft.extractor = hints.name
    if not draft.signature:
        draft.author = hints.author or draft.author
    draft.source_text = hints.source_text or draft.source_text
    if hints.date:
        draft.published, draft.published_time = hints.date
        draft.date_source = "page"


def _fill_date(draft: Draft, meta: Meta, html: str | None, url: str) -> None:
    """Printed date first; then meta tags; then htmldate on the markup; then a date the text opens with
    ("Chiều ngày 05 tháng 01 năm 2023."); a date only hidden markup gives, last."""
    from_meta = metadata.meta_date(meta)
    if draft.published is None:
        draft.set_date(from_meta, "meta")
    elif from_meta and draft.published == from_meta[0] and draft.published_time is None:
        draft.published_time = from_meta[1]
    hidden = metadata.hidden_date(meta)
    if draft.published is None and html:
        found = metadata.markup_date(html, url)
        if found:
            draft.set_date((found, None), "hidden" if hidden and hidden[0] == found else "markup")
    draft.set_date(draft.text_date, "text")
    draft.set_date(hidden, "hidden")


# -- the verdict ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """What the page showed, for the verdict."""

    static: str | None        # why it is an about/contact/search page, from its URL or headline
    headline: bool
    listing: str | None       # why it is a list of articles
    body_chars: int
    date_source: str | None   # where the publication date came from (None: no date)


class Verdict(NamedTuple):
    is_article: bool
    reason: str | None


def verdict(e: Evidence) -> Verdict:
    """An article has a headline, a text of its own, a publication date the page gives, and is no list."""
    if e.static:
        return Verdict(False, e.static)
    if not e.headline:
        return Verdict(False, "no headline")
    if e.listing:
        return Verdict(False, e.listing)
    if e.body_chars < MIN_BODY_CHARS:
        return Verdict(False, f"too little text ({e.body_chars} characters)")
    if e.date_source is None:
        return Verdict(False, "no publication date")
    if e.date_source == "hidden":
        return Verdict(False, "no publication date shown (only hidden markup has one)")
    return Verdict(True, None)


def listing_reason(draft: Draft) -> str | None:
    """Text interleaved with links to other pages and with dates: a list of leads, not one article.

    Judged on our own walk of the article area (before trafilatura's text is weighed in): a list of
    links read as text by trafilatura is still a list.
    """
    n = max(1, len(draft.paragraphs))
    text = sum(len(p) for p in draft.paragraphs)
    if (text < MIN_BODY_CHARS and draft.link_lines >= LINK_LIST_MIN_NO_TEXT) or (
            draft.link_lines >= LINK_LIST_MIN and draft.link_lines >= LINK_LIST_SHARE * n and text < LINK_LIST_MAX_TEXT):
        return "listing page: a list of links"
    if draft.headed_links and (n <= TEASER_LIST_MAX_LINES or draft.headed_links >= HEADED_LINK_SHARE * n):
        return "listing page: linked headings over the text"
    mean_len = text / n
    intro = min(draft.lines_before_links, INTRO_LINES)
    if draft.item_links >= (MIN_ITEM_LINKS_AFTER_INTRO if intro else MIN_ITEM_LINKS) and \
            draft.item_links >= ITEM_LINK_SHARE * (n - intro) and mean_len < ITEM_MEAN_CHARS:
        return "listing page: links to several articles"
    truncated = sum(rules.truncated(p) for p in draft.paragraphs)
    if truncated >= 2 and truncated >= TRUNCATED_SHARE * n and \
            (draft.teasers >= max(2, TEASER_SHARE * truncated) or truncated >= TRUNCATED_ALONE):
        return "listing page: teasers cut short"
    if draft.lead_teaser and n <= 2:
        return "listing page: a single teaser under a link"
    if draft.lead_linked and n <= TEASER_MAX_LINES and draft.link_lines >= LEAD_AND_LINKS:
        return "listing page: a lead story over links to others"
    if draft.read_more >= 2 or (draft.read_more and (draft.teasers or n <= TEASER_MAX_LINES)):
        return "listing page: teasers with read-more links"
    if draft.row_links >= MIN_ROW_LINKS and (draft.row_links >= ROW_LINK_SHARE * n or (
            draft.row_links >= ROW_LINK_SHARE * draft.rows and text - draft.row_chars < LINK_LIST_MAX_TEXT)):
        return "listing page: a table of links"  # (most rows links, little text besides the table)
    if draft.date_lines >= 2 and draft.date_lines >= DATE_LINE_SHARE * n:
        return "listing page: dated items"
    return None
