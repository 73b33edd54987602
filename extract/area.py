"""Where the article is on the page: the densest text container and the smallest element holding it and its headline."""
from __future__ import annotations

import re

from bs4 import Tag

from archive.text import clean_whitespace
from extract.page import Block

CHROME_RE = re.compile(r"(?:^|[\s_-])(?:header|footer|nav|navbar|menu|logo|banner|sidebar|breadcrumbs?|"
                       r"top-?bar|marquee|widget|copyright)(?:$|[\s_-])", re.I)
BODY_CLASS_RE = re.compile(r"article-?body|articlebody|entry-content|post-content|post-body|story-?body|"
                           r"news-?content|content-?news|noi-?dung|noidung|detail-?content|content-?detail|"
                           r"bodytext|body-text|article-content|article-text|main-content|chi-?tiet|chitiet", re.I)
# an article's own header and meta line (HTML5 <header> inside <article>, WordPress's "entry-header"): not page chrome
ARTICLE_PART_RE = re.compile(r"(?:entry|article|post|news|story|detail)[-_]?(?:header|footer|meta|info)", re.I)
INLINE_OWNERS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "span", "font", "strong")
MIN_BLOCK_CHARS = 25           # shorter blocks do not vote for a container
MAX_BLOCK_LINK_DENSITY = 0.35  # nor do blocks that are mostly links
COMMA_WEIGHT = 20              # a comma is worth this many characters: prose has them, menus do not
CANDIDATES = 10                # containers compared by their prior after the raw score


def text_len(el: Tag) -> int:
    return len(clean_whitespace(el.get_text(" ")))


def inside(el: Tag, container: Tag | None) -> bool:
    return container is not None and (el is container or any(p is container for p in el.parents))


def article_part(node: Tag) -> bool:
    """``node`` is the article's own header or meta block, not the page's (which look alike by name)."""
    if node.name in ("header", "footer") and node.find_parent("article") is not None:
        return True
    attrs = " ".join([*(node.get("class") or []), node.get("id") or ""])
    return bool(attrs) and bool(ARTICLE_PART_RE.search(attrs))


def chrome_element(el: Tag) -> bool:
    """``el`` itself is a header, navigation, footer, sidebar or widget (by its tag or its class/id)."""
    if article_part(el):
        return False
    if el.name in ("header", "nav", "footer", "aside"):
        return True
    attrs = " ".join([*(el.get("class") or []), el.get("id") or ""])
    return bool(attrs) and bool(CHROME_RE.search(attrs))


def in_chrome(el: Tag) -> bool:
    """``el`` sits in the page's header, navigation, footer, sidebar or a widget."""
    for parent in [el, *el.parents]:
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            break
        if chrome_element(parent):
            return True
    return False


def link_density(el: Tag) -> float:
    total = text_len(el)
    links = sum(len(clean_whitespace(a.get_text(" "))) for a in el.find_all("a"))
    return min(1.0, links / max(1, total))


def best_container(all_blocks: list[Block]) -> Tag | None:
    """The element holding the most paragraph text (non-link), favouring direct parents of paragraphs."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for b in all_blocks:
        if b.row or len(b.text) < MIN_BLOCK_CHARS or b.link_density > MAX_BLOCK_LINK_DENSITY:
            continue
        weight = len(b.text) * (1 - b.link_density) + COMMA_WEIGHT * b.text.count(",")
        owner = b.el
        if owner.name in INLINE_OWNERS:
            targets = [owner.parent, owner.parent.parent if owner.parent else None]
        else:
            targets = [owner, owner.parent]
        for share, node in zip((1.0, 0.5), targets):
            if isinstance(node, Tag) and node.name not in ("html", "[document]"):
                scores[id(node)] = scores.get(id(node), 0) + share * weight
                nodes[id(node)] = node
    if not scores:
        return None
    ranked = sorted(scores, key=scores.get, reverse=True)[:CANDIDATES]
    best = max(ranked, key=lambda k: scores[k] * (1 - link_density(nodes[k])) * container_prior(nodes[k]))
    return nodes[best]


def container_prior(el: Tag) -> float:
    """Markup that names the article body (schema.org articleBody, "content"...) or the page chrome."""
    if in_chrome(el):
        return 0.3
    for node in (el, el.parent):
        if not isinstance(node, Tag):
            continue
        if node.get("itemprop") == "articleBody":
            return 2.0
        attrs = " ".join([*(node.get("class") or []), node.get("id") or ""])
        if attrs and BODY_CLASS_RE.search(attrs):
            return 1.5
    return 1.0


def near(el: Tag, container: Tag) -> bool:
    """``el`` sits in or close to the main text (inside it, or sharing a near ancestor with it)."""
    if inside(el, container):
        return True
    node = container
    for _ in range(3):
        node = node.parent if isinstance(node, Tag) else None
        if isinstance(node, Tag) and node.name not in ("body", "html") and inside(el, node):
            return True
    return False


def _lca(a: Tag, b: Tag) -> Tag | None:
    ancestors = {id(p) for p in [a, *a.parents]}
    for p in [b, *b.parents]:
        if id(p) in ancestors:
            return p
    return None


def article_root(title_el: Tag | None, container: Tag | None) -> Tag | None:
    """The smallest element holding both the headline and the main text (if that is not the whole page)."""
    if container is None:
        return title_el.parent if title_el is not None else None
    if title_el is None:
        return container
    lca = _lca(title_el, container)
    if lca is None or lca.name in ("html", "body", "[document]"):
        return container
    if text_len(lca) > 3 * text_len(container) + 3000:
        return container
    return lca
