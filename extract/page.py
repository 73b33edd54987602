"""A parsed page: the cleaned DOM, its metadata (meta tags, JSON-LD, microdata) and text blocks."""
from __future__ import annotations

import json
import logging
import re
import warnings
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from archive.text import clean_whitespace

log = logging.getLogger(__name__)

DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed", "button",
             "input", "select", "option", "textarea", "link", "meta", "map", "audio", "video", "dialog")
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "thead",
              "tfoot", "tr", "td", "th", "section", "article", "blockquote", "figure", "figcaption", "pre",
              "dd", "dt", "dl", "header", "footer", "aside", "main", "nav", "form", "center", "address",
              "caption", "hr", "fieldset", "details", "summary"}
HIDDEN_CLASSES = {"hidden", "hide", "d-none", "sr-only", "visually-hidden", "invisible"}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
MAX_CHARS = 6_000_000
# zero-width spaces, word joiners and stray byte-order marks (SharePoint's editor starts fields with U+200B):
# invisible, and they keep "Sáng 16/3" from reading as a date or a headline from matching <title>;
# ZWJ/ZWNJ are kept (emoji and some scripts need them)
ZERO_WIDTH_RE = re.compile(r"[\u200b\u2060\ufeff]|&#8203;|&#x200b;|&#65279;|&#xfeff;|&ZeroWidthSpace;|&NoBreak;",
                           re.IGNORECASE)


@dataclass
class Block:
    """A run of text that a reader sees as one paragraph, with the element that holds it."""

    text: str
    el: Tag
    link_chars: int = 0
    row: bool = False  # a table row rendered as "cell | cell"

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


@dataclass
class Meta:
    """What a page says about itself outside its visible text."""

    title_tag: str | None = None
    og_title: str | None = None
    og_type: str | None = None
    site_name: str | None = None
    published: list[str] = field(default_factory=list)   # ISO-ish strings, best first
    authors: list[str] = field(default_factory=list)
    headline: str | None = None
    article_types: set[str] = field(default_factory=set)  # schema.org types seen (NewsArticle, ...)
    hidden_published: list[str] = field(default_factory=list)  # dates only hidden microdata gives
    noindex: bool = False                                  # <meta name="robots" content="noindex">


def parse(html: str) -> BeautifulSoup:
    """Parse untrusted HTML leniently (lxml via BeautifulSoup); never raises on bad markup."""
    if len(html) > MAX_CHARS:
        log.info("page of %d characters truncated to %d", len(html), MAX_CHARS)
        html = html[:MAX_CHARS]
    html = ZERO_WIDTH_RE.sub("", html.replace("\x00", ""))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return BeautifulSoup(html, "lxml")
        except Exception:  # noqa: BLE001 - lxml failures on hostile input: fall back to the stdlib parser
            return BeautifulSoup(html, "html.parser")


def read_meta(soup: BeautifulSoup) -> Meta:
    """Meta tags, JSON-LD and microdata (read before hidden elements are dropped)."""
    meta = Meta()
    if soup.title and soup.title.string:
        meta.title_tag = clean_whitespace(soup.title.get_text())
    for tag in soup.find_all(_meta_bearing):  # one pass over the tree
        if tag.name == "meta":
            _read_meta_tag(tag, meta)
        elif tag.name == "script":
            _read_json_ld(tag.string or tag.get_text(), meta)
        if tag.get("itemtype"):
            meta.article_types.add(str(tag.get("itemtype")).rstrip("/").rsplit("/", 1)[-1])
        if tag.get("itemprop") and tag.name != "meta":
            _read_itemprop(tag, meta)
    return meta


def _meta_bearing(tag: Tag) -> bool:
    attrs = tag.attrs
    return tag.name == "meta" or "itemprop" in attrs or "itemtype" in attrs or (
        tag.name == "script" and "ld+json" in str(attrs.get("type", "")).lower())


def _read_meta_tag(tag: Tag, meta: Meta) -> None:
    key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
    value = clean_whitespace(tag.get("content") or "")
    if not value:
        return
    if key in ("robots", "googlebot") and {"noindex", "none"} & set(value.lower().replace(" ", "").split(",")):
        meta.noindex = True
    elif key == "og:title":
        meta.og_title = value
    elif key == "og:type":
        meta.og_type = value.lower()
    elif key == "og:site_name":
        meta.site_name = value
    elif key in ("article:published_time", "datepublished", "pubdate", "publishdate", "dc.date.issued",
                 "date", "og:published_time", "publish-date", "article.published"):
        meta.published.append(value)
    elif key in ("article:author", "dc.creator"):
        meta.authors.append(value)


def _read_itemprop(tag: Tag, meta: Meta) -> None:
    """Microdata; what sits in hidden elements is no printed fact (NukeViet hides the admin's login there)."""
    prop = tag.get("itemprop")
    prop = " ".join(prop) if isinstance(prop, list) else prop
    hidden = _hidden_within(tag, 3)
    if "datePublished" in prop:
        value = tag.get("content") or tag.get("datetime") or clean_whitespace(tag.get_text())
        (meta.hidden_published if hidden else meta.published).append(value)
    elif hidden:
        return
    elif prop == "author":
        name = tag.find(attrs={"itemprop": "name"})
        text = clean_whitespace((name or tag).get_text()) or tag.get("content")
        if text:
            meta.authors.append(text)
    elif prop == "headline":
        meta.headline = clean_whitespace(tag.get_text())


def _read_json_ld(raw: str, meta: Meta) -> None:
    try:
        data = json.loads(raw)
    except (ValueError, TypeError):
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            meta.article_types.update(str(k) for k in kinds if k)
            if any(str(k).endswith("Article") or k in ("BlogPosting", "Report") for k in kinds):
                if isinstance(item.get("datePublished"), str):
                    meta.published.insert(0, item["datePublished"])
                if isinstance(item.get("headline"), str):
                    meta.headline = meta.headline or clean_whitespace(item["headline"])
                author = item.get("author")
                for a in author if isinstance(author, list) else [author]:
                    name = a.get("name") if isinstance(a, dict) else a
                    if isinstance(name, str) and name.strip():
                        meta.authors.append(clean_whitespace(name))
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))


def _hidden_within(tag: Tag, levels: int) -> bool:
    """``tag`` or one of its ``levels`` nearest ancestors is hidden."""
    node: Tag | None = tag
    for _ in range(levels + 1):
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            return False
        if is_hidden(node):
            return True
        node = node.parent
    return False


def is_hidden(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    classes = set(tag.get("class") or [])
    return bool(classes & HIDDEN_CLASSES) or tag.has_attr("hidden") or tag.get("aria-hidden") == "true" \
        or bool(HIDDEN_STYLE.search(tag.get("style") or ""))


def clean_dom(soup: BeautifulSoup) -> None:
    """Drop what a reader never sees: scripts, styles, forms' controls, comments, hidden elements."""
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Declaration, Doctype, ProcessingInstruction))):
        node.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is not None and tag.parent is not None and is_hidden(tag):
            tag.decompose()
    for form in soup.find_all("form"):
        if len(form.get_text(" ", strip=True)) < 600:  # rating, search and comment forms; not ASP.NET page forms
            form.decompose()


def blocks(root: Tag) -> list[Block]:
    """The text of ``root`` cut into paragraphs the way a browser lays it out, in reading order."""
    out: list[Block] = []
    buf: list[str] = []
    state = {"links": 0}

    def flush(owner: Tag) -> None:
        text = clean_whitespace("".join(buf))
        if text:
            out.append(Block(text, owner, min(state["links"], len(text))))
        buf.clear()
        state["links"] = 0

    def visit(node: Tag, owner: Tag, in_link: bool) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString or child.__class__.__name__ == "CData":
                    buf.append(str(child))
                    if in_link:
                        state["links"] += len(clean_whitespace(str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                flush(owner)
            elif name == "tr" and _is_data_row(child):
                flush(owner)
                cells = [clean_whitespace(c.get_text(" ")) for c in child.find_all(["td", "th"], recursive=False)]
                text = " | ".join(c for c in cells if c)
                if text:
                    links = sum(len(clean_whitespace(a.get_text(" "))) for a in child.find_all("a"))
                    out.append(Block(text, child, min(links, len(text)), row=True))
            elif name == "img":
                continue
            elif name in BLOCK_TAGS:
                flush(owner)
                visit(child, child, in_link)
                flush(child)
            else:
                visit(child, owner, in_link or name == "a")

    visit(root, root, False)
    flush(root)
    return out


def _is_data_row(tr: Tag) -> bool:
    """A table row of data (kept as "cell | cell"), not a layout row holding paragraphs or images."""
    cells = tr.find_all(["td", "th"], recursive=False)
    if len(cells) < 2:
        return False
    if tr.find(["p", "div", "table", "img", "ul", "h1", "h2", "h3", "figure", "br"]):
        return False
    return all(len(c.get_text(" ", strip=True)) <= 400 for c in cells)  # a layout cell holds whole texts


def absolute(url: str | None, base: str) -> str | None:
    if not url:
        return None
    url = url.strip()
    if url.startswith(("javascript:", "data:", "mailto:", "#")):
        return None
    try:
        return urljoin(base, url)
    except ValueError:
        return None
