"""Sorting the article area's lines: body, captions, byline, source, date lines, boilerplate; then its media."""
from __future__ import annotations

import re

from bs4 import Tag

from archive.text import clean_whitespace, fold
from extract import rules
from extract.area import article_part, chrome_element, inside, link_density, text_len
from extract.draft import Draft
from extract.metadata import is_account_name
from extract.page import Block, blocks

# page-wide clocks ("today" in a portal's top bar, NukeViet's span.current-time): never a publication date
CLOCK_RE = re.compile(r"current-?time|today|clock|curdate|date-?now|ngay-?hien-?tai|homnay|currentdate|"
                      r"top-?bar|topbar|header", re.I)
RIGHT_CLASSES = {"text-right", "has-text-align-right", "text-align-right", "align-right", "alignright", "right"}
WORD_RE = re.compile(r"\w")
MAX_CAPTION_CHARS = 250
MIN_TEXT_PARAGRAPH = 40       # characters of a paragraph that counts when judging the text's own alignment
CENTRED_SHARE = 0.6
MAX_AUTHOR_LINE = 120
MAX_SIGNATURE_CHARS = 80
MAX_SIGNATURE_WORDS = 12
LISTING_LINK_DENSITY = 0.5    # a line more than half links is a link, not text
ROW_LINK_SHARE = 0.25         # a table row whose link text is this share of it is a list-view item
MIN_ITEM_LINK_CHARS = 20
BOX_MIN_LINKS = 3             # a box of this many links met before the text is a column beside it
# a column beside the text's own, by its name: "side-col", "col-right", "colLeft", "cot-phai" (right column)
# ("pull-right" on a date line is no column)
SIDE_COLUMN_RE = re.compile(r"(?:^|[\s_-])(?:side|sidebar|aside|sidenav|(?:col|column|cot|khung)[-_]?"
                            r"(?:right|left|phai|trai)|(?:right|left)[-_]?(?:col|column|side|bar))(?:$|[\s_-])",
                            re.IGNORECASE)
INTRO_LINES = 1               # linked headings after at most this many lines (a category's description) are items


# -- what a line is ---------------------------------------------------------------------------

def _is_caption(el: Tag, root: Tag) -> bool:
    for node in [el, *el.parents]:
        if node is root or not isinstance(node, Tag):
            break
        if node.name in ("figcaption", "caption"):
            return True
        if node.name == "figure" and node.find("table") is None:
            return True
        attrs = " ".join([*(node.get("class") or []), node.get("id") or ""])
        if attrs and rules.CAPTION_CLASS_RE.search(attrs):
            return True
        if node.name == "table" and node.find("img") is not None and text_len(node) < 500:
            return True
        if node.name in ("div", "span", "p") and attrs and rules.IMAGE_BOX_RE.search(attrs) \
                and node.find("img") is not None and text_len(node) < 300:
            return True  # <div class="image"><img><p>caption</p></div>
    return follows_image(el)


def _image_only(el: Tag | None) -> bool:
    return isinstance(el, Tag) and (el.name == "img" or el.find("img") is not None) and text_len(el) == 0


def follows_image(el: Tag) -> bool:
    """A short centred or italic line right under an image-only paragraph."""
    if el.name not in ("p", "div", "span", "em", "i"):
        return False
    text = clean_whitespace(el.get_text(" "))
    if len(text) > MAX_CAPTION_CHARS:
        return False
    if not _image_only(el.find_previous_sibling()):
        return False
    italic = el.find(["em", "i"])
    styled = italic is not None and len(clean_whitespace(italic.get_text(" "))) >= 0.8 * len(text)
    return styled or (_centred(el) and not _centred_text(el))


def _centred(el: Tag) -> bool:
    return "text-align:center" in (el.get("style") or "").replace(" ", "").lower() or el.get("align") == "center"


def _centred_text(el: Tag) -> bool:
    """The text around ``el`` is centred as a whole (then centring marks no caption)."""
    node = el
    for _ in range(3):
        node = node.parent
        if not isinstance(node, Tag):
            return False
        paragraphs = [p for p in node.find_all("p") if text_len(p) >= MIN_TEXT_PARAGRAPH and p is not el]
        if len(paragraphs) >= 3:
            return sum(_centred(p) for p in paragraphs) >= CENTRED_SHARE * len(paragraphs)
    return False


def _author_el(el: Tag, root: Tag) -> bool:
    for node in [el, *el.parents]:
        if node is root.parent or not isinstance(node, Tag):
            break
        attrs = " ".join([*(node.get("class") or []), node.get("id") or "", node.get("itemprop") or ""])
        if attrs and rules.AUTHOR_CLASS_RE.search(attrs):
            return True
        if node is root:
            break
    return False


def _signature_style(el: Tag) -> bool:
    """Right-aligned or wholly bold/italic: how a signature line is set."""
    node = el
    text = clean_whitespace(el.get_text(" "))
    for _ in range(3):
        if not isinstance(node, Tag):
            break
        style = (node.get("style") or "").replace(" ", "").lower()
        if "text-align:right" in style or node.get("align") == "right" or RIGHT_CLASSES & set(node.get("class") or []):
            return True
        node = node.parent
    strong = el.find(["strong", "b", "em", "i"])
    return strong is not None and len(clean_whitespace(strong.get_text(" "))) >= 0.9 * len(text)


def _is_clock(el: Tag) -> bool:
    """A date shown on every page (crawl-time clock), recognised by its markup or place."""
    for node in [el, *el.parents]:
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            break
        if article_part(node):
            continue
        if node.name in ("header", "nav"):
            return True
        attrs = " ".join([*(node.get("class") or []), node.get("id") or ""])
        if attrs and CLOCK_RE.search(attrs):
            return True
    return False


def _in_title(b: Block, title_el: Tag | None) -> bool:
    return title_el is not None and (b.el is title_el or any(p is title_el for p in b.el.parents))


# -- the walk ---------------------------------------------------------------------------------

class LineSorter:
    """Walks the article area's lines after the headline and sorts each into the draft."""

    def __init__(self, root: Tag, title_el: Tag | None, title: str | None, body_els: list[Tag] | None,
                 container: Tag | None):
        self.root, self.title_el, self.body_els, self.container = root, title_el, body_els, container
        self.title_key = fold(title or "")
        self.draft = Draft()
        self.body: list[Block] = []
        self.pending = {"links": 0, "dates": 0}
        self.skip_box: Tag | None = None
        self.label_waiting = False   # a bare "Người viết:" was seen: the next short line is the name
        self.title_link = False      # the last link line was one long link (a title), not a row of links
        self.text_path, self.title_path = _paths(root, container, title_el)
        self.boxes: dict[int, bool] = {}

    def run(self) -> Draft:
        lines = blocks(self.root)
        start = self._headline_index(lines)
        for b in lines[start:]:
            if _in_title(b, self.title_el):
                continue
            if self.body_els and not any(inside(b.el, e) for e in self.body_els):
                self._outside_body(b)
                continue
            if not self.body_els and self._beside(b.el):
                continue
            if not self._line(b):
                break
        draft = self.draft
        draft.paragraphs = take_signature([b.text for b in self.body], draft, self.body[-1].el if self.body else None)
        return draft

    def _beside(self, el: Tag) -> bool:
        """``el`` is in a box beside the text: a column next to the text's own, below where the headline and the
        text part (a sidebar in a wide article area). A box under the headline's own column is the page's."""
        if not self.text_path or id(el) in self.text_path or inside(el, self.container):
            return False
        node = el
        while node.parent is not None and id(node.parent) not in self.text_path:
            node = node.parent
        if node.parent is None or node.parent is self.container or id(node.parent) in self.title_path:
            return False
        if id(node) not in self.boxes:
            attrs = " ".join([*(node.get("class") or []), node.get("id") or ""])
            links = len(node.find_all("a", href=True, limit=BOX_MIN_LINKS)) if node.name != "a" else 1
            named = chrome_element(node) or bool(attrs and SIDE_COLUMN_RE.search(attrs))
            # a box of links met before the text starts is a column beside it whatever its name (a box of links
            # after the text may be the page's own list, under its description)
            self.boxes[id(node)] = named or (not self.body and links >= BOX_MIN_LINKS and
                                             link_density(node) > LISTING_LINK_DENSITY)
        return self.boxes[id(node)]

    def _headline_index(self, lines: list[Block]) -> int:
        """Where the text starts: after the headline; a date line just above it counts (portal style)."""
        if self.title_el is None:
            return 0
        start = 0
        for i, b in enumerate(lines):
            if _in_title(b, self.title_el):
                start = i + 1
        for b in reversed(lines[max(0, start - 4):start - 1]):
            found = rules.date_line(b.text)
            if found and not _is_clock(b.el):
                self.draft.set_date(found, "page")
                break
        return start

    def _outside_body(self, b: Block) -> None:
        """A line in the article area but outside the profile's body elements: only metadata."""
        self._take_byline(b.text)
        found = rules.date_line(b.text)
        if found and not _is_clock(b.el):
            self.draft.set_date(found, "page")

    def _take_byline(self, text: str) -> bool:
        found = rules.byline(text)
        if found is None:
            return False
        if found.kind == "source":
            self.draft.source_text = self.draft.source_text or found.name
        elif not is_account_name(found.name):
            self.draft.author = self.draft.author or found.name
        return True

    def _line(self, b: Block) -> bool:
        """Sort one line; False when the article's text has ended."""
        text, draft = b.text, self.draft
        if not WORD_RE.search(text):
            return True
        if self.skip_box is not None:
            if inside(b.el, self.skip_box):
                return True
            self.skip_box = None
        if rules.is_stop_heading(text):
            self.skip_box = _related_box(b.el, self.container)
            return self.skip_box is not None  # a related-news box inside the text is skipped, else the end
        if not b.row and _is_caption(b.el, self.root):
            draft.captions.append(text)  # kept even when it repeats the headline (seed 004)
            return True
        if self._metadata_line(b):
            return True
        if b.link_chars and rules.is_read_more(text):
            if not _links_to_documents(b.el):  # "Xem chi tiết" on a PDF is an attachment, not a teaser's link
                draft.read_more += 1
            return True
        if rules.is_boilerplate(text):
            return True
        if b.row:
            self._row(b)
        elif b.link_density > LISTING_LINK_DENSITY:
            self._link_line(b)
            return True
        if self.title_key and fold(text) == self.title_key:
            return True
        if any(text == earlier.text for earlier in self.body[-3:]):
            return True  # the lead printed twice (summary block and first paragraph)
        if self.pending["links"] and rules.truncated(text):
            draft.teasers += 1  # a lead cut short under a link to its article
            draft.lead_teaser = draft.lead_teaser or not self.body
        if not self.body and self.pending["links"] and self.title_link:
            draft.lead_linked = True  # the text opens under the title of another page: a lead story's sapo
        # links and date lines with text after them are interleaved with it: listing items, not a footer;
        # the date lines above the text are the page's own date block and count once
        if not draft.link_lines:
            draft.lines_before_links += 1
        draft.item_links += self.pending["links"]
        draft.date_lines += self.pending["dates"] if self.body else min(1, self.pending["dates"])
        self.body.append(b)
        self.pending = {"links": 0, "dates": 0}
        return True

    def _metadata_line(self, b: Block) -> bool:
        """Bylines, author boxes and date lines: taken into the draft, not the text."""
        text, draft = b.text, self.draft
        if rules.bare_label(text):
            self.label_waiting = True
            return True
        if self.label_waiting:
            self.label_waiting = False
            if len(text) <= MAX_SIGNATURE_CHARS and not rules.date_line(text):
                if not is_account_name(text):
                    draft.author = draft.author or rules.strip_parens(text)
                return True
        if self._take_byline(text):
            return True
        if _author_el(b.el, self.root) and len(text) <= MAX_AUTHOR_LINE:
            if not is_account_name(text):
                draft.author = draft.author or rules.strip_parens(text)
            return True
        found = rules.date_line(text)
        if found and rules.prose_date(text):
            if not self.body:
                draft.text_date = draft.text_date or found
            return False  # "Chiều ngày 05 tháng 01 năm 2023." is a sentence of the text, not the page's date line
        if not found:
            return False
        if b.link_chars >= MIN_ITEM_LINK_CHARS and b.link_density > LISTING_LINK_DENSITY:
            self._link_line(b)  # a dated link, "Tin A (05/01/2023)": an item of a list, not the page's date
            return True
        if not _is_clock(b.el):
            draft.author = draft.author or rules.inline_byline(text)
            self.pending["dates"] += 1
            draft.set_date(found, "page")
        return True

    def _row(self, b: Block) -> None:
        """A table row: body text; one led by a link to another page is a list-view item too."""
        self.draft.rows += 1
        self.draft.row_chars += len(b.text)
        if b.link_chars >= MIN_ITEM_LINK_CHARS and b.link_chars >= ROW_LINK_SHARE * len(b.text) \
                and not _links_to_documents(b.el):  # a table of the article's attached documents is its own
            self.draft.row_links += 1

    def _link_line(self, b: Block) -> None:
        heading = b.el.name in ("h2", "h3", "h4", "h5", "h6") or b.el.find_parent(["h2", "h3", "h4"]) is not None
        if heading and len(self.body) <= INTRO_LINES:
            self.draft.headed_links += 1
        if len(b.text) >= MIN_ITEM_LINK_CHARS:
            self.pending["links"] += 1
            self.draft.link_lines += 1
            self.title_link = len(b.el.find_all("a", limit=2)) <= 1  # one long link: a title (not a breadcrumb)


def _paths(root: Tag, container: Tag | None, title_el: Tag | None) -> tuple[set[int], set[int]]:
    """The elements from the root down to the main text, and down to the headline (none when the root is the text)."""
    if container is None or container is root or not inside(container, root):
        return set(), set()
    paths = []
    for end in (container, title_el):
        path = set()
        if end is not None and inside(end, root):
            for node in [end, *end.parents]:
                path.add(id(node))
                if node is root:
                    break
        paths.append(path)
    return paths[0], paths[1]


def _links_to_documents(el: Tag) -> bool:
    hrefs = [a.get("href") or "" for a in ([el] if el.name == "a" else el.find_all("a"))]
    return bool(hrefs) and all(rules.ATTACHMENT_RE.search(h) for h in hrefs)


def sort_lines(root: Tag, title_el: Tag | None, title: str | None, body_els: list[Tag] | None = None,
               container: Tag | None = None) -> Draft:
    """Walk the article area's lines after the headline: body, captions, byline, date line, boilerplate."""
    return LineSorter(root, title_el, title, body_els, container).run()


def _related_box(heading: Tag, container: Tag | None) -> Tag | None:
    """The box a "Tin liên quan" heading opens, when that box sits inside the main text container."""
    if container is None or not inside(heading, container):
        return None
    box = heading
    while box.parent is not None and box.parent is not container:
        box = box.parent
    if box is heading or box.parent is not container:
        return None
    later_text = [s for s in box.find_next_siblings() if text_len(s) >= 80 and link_density(s) < 0.3]
    return box if later_text else None


def take_signature(texts: list[str], draft: Draft, last_el: Tag | None = None) -> list[str]:
    """A signature closing the text ("NGỌC ÁNH", a right-aligned name, "(Ban Dân vận Huyện ủy X)") is the byline."""
    texts = list(texts)
    while texts and rules.looks_like_name(texts[-1]) and (draft.author is None or
                                                          fold(rules.strip_parens(texts[-1])) == fold(draft.author)):
        last = texts.pop()
        last_el = None
        draft.author = draft.author or rules.strip_parens(last)
        draft.signature = True
    if texts and last_el is not None and _signature_line(texts[-1], last_el):
        name = rules.strip_parens(texts.pop())
        if draft.author is None:
            draft.author, draft.signature = name, True
    return texts


def _signature_line(text: str, el: Tag) -> bool:
    return len(text) <= MAX_SIGNATURE_CHARS and len(text.split()) <= MAX_SIGNATURE_WORDS \
        and not text.endswith((".", ":", "?", "!")) and _signature_style(el)
