"""An article's media: its images with their captions, and the documents it links, titled as a reader sees them."""
from __future__ import annotations

import re

from bs4 import Tag

from archive.text import clean_whitespace
from extract import rules
from extract.area import text_len
from extract.draft import Draft
from extract.lines import follows_image
from extract.page import absolute

CAPTION_BOX_LEVELS = 4        # how far up from an image its captioned box may start
ICON_RE = re.compile(r"icon|logo|print|email|mail\.|share|facebook|zalo|twitter|rss|button|btn|spacer|blank\.|"
                     r"pixel|arrow|bullet|\.svg", re.I)


def collect_media(root: Tag, title_el: Tag | None, url: str, draft: Draft) -> None:
    """Images (with their captions) and attached documents in the article area."""
    seen: set[str] = set()
    documents: dict[str, dict] = {}
    after_title = title_el is None
    for el in root.find_all(["img", "a", "h1", "h2", "h3"]):
        if el is title_el:
            after_title = True
            continue
        if not after_title:
            continue
        if el.name == "img":
            src = absolute(el.get("src") or el.get("data-src") or el.get("data-original"), url)
            if not src or src in seen or ICON_RE.search(src) or _tiny(el):
                continue
            seen.add(src)
            draft.images.append({"src": src, "caption": _caption_for(el)})
        elif el.name == "a" and el.get("href") and rules.ATTACHMENT_RE.search(el["href"]):
            _add_document(el, url, documents)
    draft.attachments.extend(documents.values())


def _add_document(link: Tag, url: str, documents: dict[str, dict]) -> None:
    """One link to a document; its title is the link's text unless that is a button label ("Tải về")."""
    href = absolute(link["href"], url)
    if not href:
        return
    title = document_title(link, href)
    known = documents.get(href)
    if known is None:
        documents[href] = {"url": href, "title": title}
    elif rules.button_label(known["title"]) or known["title"] == _file_name(href):
        known["title"] = title


def document_title(link: Tag, href: str) -> str:
    """The link text, else what a button's ``aria-describedby``/``title`` or its neighbour link says, else the file."""
    text = clean_whitespace(link.get_text(" "))
    if not rules.button_label(text):
        return text
    described = link.get("aria-describedby")
    soup_root = link
    while soup_root.parent is not None:
        soup_root = soup_root.parent
    if described:
        target = soup_root.find(id=str(described).split()[0])
        if isinstance(target, Tag) and not rules.button_label(clean_whitespace(target.get_text(" "))):
            return clean_whitespace(target.get_text(" "))
    if link.get("title") and not rules.button_label(link["title"]):
        return clean_whitespace(link["title"])
    holder = link.parent
    if isinstance(holder, Tag):
        for other in holder.find_all("a"):
            other_text = clean_whitespace(other.get_text(" "))
            if other is not link and not rules.button_label(other_text):
                return other_text
    return _file_name(href)


def _file_name(href: str) -> str:
    return href.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def _tiny(img: Tag) -> bool:
    for attr in ("width", "height"):
        value = str(img.get(attr) or "").replace("px", "")
        if value.isdigit() and int(value) < 60:
            return True
    return False


def _caption_for(img: Tag) -> str | None:
    fig = img.find_parent(["figure", "table"])
    if fig is not None:
        cap = fig.find(["figcaption", "caption"]) or fig.find(class_=rules.CAPTION_CLASS_RE)
        if cap is None and fig.name == "table":
            cells = [c for c in fig.find_all("td") if c.find("img") is None and text_len(c)]
            cap = cells[0] if cells else None
        if cap is not None and text_len(cap):
            return clean_whitespace(cap.get_text(" "))
    holder = img.find_parent(["p", "div"])
    if holder is not None and text_len(holder) == 0:
        nxt = holder.find_next_sibling()
        if isinstance(nxt, Tag) and follows_image(nxt):
            return clean_whitespace(nxt.get_text(" "))
    box = img
    for _ in range(CAPTION_BOX_LEVELS):  # <div class="captioned-image"><div class="image"><img></div><div class="caption">
        box = box.parent
        if not isinstance(box, Tag) or len(box.find_all("img", limit=2)) > 1:
            break
        cap = box.find(class_=rules.CAPTION_CLASS_RE)
        if isinstance(cap, Tag) and cap.find("img") is None and text_len(cap):
            return clean_whitespace(cap.get_text(" "))
    return None
