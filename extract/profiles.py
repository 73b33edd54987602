"""Site profiles: CMS markup known for sure (NukeViet 4.x news module, see shared NUKEVIET.md).

A profile only points the generic extractor at the right elements; the line sorting is shared.
"""
from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from archive.text import clean_whitespace
from extract import rules
from extract.dates import parse_vietnamese_date
from extract.draft import Hints
from extract.page import Meta


def nukeviet(soup: BeautifulSoup, meta: Meta) -> Hints | None:
    """NukeViet's news detail page: ``div.news_column`` > ``.panel-body`` with ``#news-bodyhtml``."""
    body = soup.find(id="news-bodyhtml") or soup.select_one("div.news_column div.bodytext")
    if body is None:
        return None
    root = body.find_parent(class_="panel-body") or body.find_parent(class_="news_column") or body.parent
    title = root.find(attrs={"itemprop": "headline"}) or root.find("h1")
    if title is None:
        return None
    body_els = [el for el in root.find_all(class_="hometext")] + [body]
    bylines = [rules.byline(clean_whitespace(p.get_text(" "))) for p in root.select("p.h5.text-right, div.author, p.author")]
    author = next((b.name for b in bylines if b and b.kind == "author"), None)
    source_text = next((b.name for b in bylines if b and b.kind == "source"), None)
    date = None
    for span in root.select("div.row span.h5, span.h5, .publtime"):
        date = rules.date_line(clean_whitespace(span.get_text(" "))) or parse_vietnamese_date(span.get_text(" "))
        if date:
            break
    return Hints("nukeviet", root=root, title_el=title, body_els=body_els, author=author, source_text=source_text,
                 date=date)


MARKERS = {"nukeviet": ("news-bodyhtml", "news_column")}


def detect(soup: BeautifulSoup, meta: Meta, html: str | None = None) -> Hints | None:
    """The first profile that recognises the page, else None (the generic extractor alone)."""
    for profile in (nukeviet,):
        if html is not None and not any(m in html for m in MARKERS[profile.__name__]):
            continue  # cheap test on the raw page before walking the tree
        hints = profile(soup, meta)
        if hints is not None and isinstance(hints.root, Tag):
            return hints
    return None
