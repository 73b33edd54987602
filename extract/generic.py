"""The generic extractor: find the headline, the densest text block around it, and sort its lines.

Works on any CMS: text density and link density choose the article area, word lists (``rules``)
drop boilerplate, bylines and date lines are recognised by their shape. Site profiles
(``profiles``) can hand it the article area directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import htmldate
import trafilatura
from bs4 import BeautifulSoup, Tag

from archive.text import clean_whitespace, fold
from extract import rules
from extract.dates import parse_vietnamese_date
from extract.page import Block, Meta, absolute, blocks

TITLE_CLASS_RE = re.compile(r"title|tieude|tieu-de|headline|heading|news-name|post-name|entry-name", re.I)
CHROME_RE = re.compile(r"(?:^|[\s_-])(?:header|footer|nav|navbar|menu|logo|banner|sidebar|breadcrumbs?|"
                       r"top-?bar|marquee|widget|copyright)(?:$|[\s_-])", re.I)
# page-wide clocks ("today" in a portal's top bar, NukeViet's span.current-time): never a publication date
CLOCK_RE = re.compile(r"current-?time|today|clock|curdate|date-?now|ngay-?hien-?tai|homnay|currentdate|"
                      r"top-?bar|topbar|header", re.I)
ATTACHMENT_RE = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|7z)(?:$|[?#])", re.I)
ICON_RE = re.compile(r"icon|logo|print|email|mail\.|share|facebook|zalo|twitter|rss|button|btn|spacer|blank\.|"
                     r"pixel|arrow|bullet|\.svg", re.I)
TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»·]\s+|\s*\|\s*")
BODY_CLASS_RE = re.compile(r"article-?body|articlebody|entry-content|post-content|post-body|story-?body|"
                           r"news-?content|content-?news|noi-?dung|noidung|detail-?content|content-?detail|"
                           r"bodytext|body-text|article-content|article-text|main-content|chi-?tiet|chitiet", re.I)
MIN_BODY_CHARS = 150
WORD_RE = re.compile(r"\w")
WORDS_RE = re.compile(r"\w+")


@dataclass
class Hints:
    """What a site profile knows for sure about a page's structure."""

    name: str
    root: Tag | None = None
    title_el: Tag | None = None
    body_els: list[Tag] = field(default_factory=list)
    author: str | None = None
    date: tuple[str, str | None] | None = None


@dataclass
class Draft:
    """The extractor's findings before source metadata and mentions are added."""

    title: str | None = None
    published: str | None = None
    published_time: str | None = None
    author: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)
    is_article: bool = False
    reason: str | None = None
    extractor: str = "generic"
    item_links: int = 0        # long links followed by more text (listing evidence)
    date_lines: int = 0        # date lines followed by more text (listing evidence)
    headed_links: int = 0      # linked headings before any body text: listing items


# -- headline ---------------------------------------------------------------------------------

def _title_refs(meta: Meta) -> list[str]:
    refs = [r for r in (meta.headline, meta.og_title, meta.title_tag) if r]
    out = []
    for r in refs:
        out.append(fold(r))
        parts = TITLE_SEPARATORS.split(r)
        if len(parts) > 1:
            out.append(fold(max(parts, key=len)))
    return [r for r in out if r]


def _in_chrome(el: Tag) -> bool:
    for parent in [el, *el.parents]:
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            break
        if parent.name in ("header", "nav", "footer", "aside"):
            return True
        attrs = " ".join([*(parent.get("class") or []), parent.get("id") or ""])
        if attrs and CHROME_RE.search(attrs):
            return True
    return False


def _links_elsewhere(el: Tag, url: str) -> bool:
    """The heading is (inside) a link to another page: a listing item, not this page's headline."""
    link = el if el.name == "a" else (el.find_parent("a") or el.find("a"))
    if link is None or not link.get("href"):
        return False
    if el.find("a") is not None and len(clean_whitespace(link.get_text())) < 0.7 * len(clean_whitespace(el.get_text())):
        return False
    target = absolute(link.get("href"), url) or ""
    return urlsplit(target)._replace(fragment="", query="") != urlsplit(url)._replace(fragment="", query="")


def find_title(soup: BeautifulSoup, meta: Meta, url: str, container: Tag | None = None) -> Tag | None:
    """The on-page headline: a heading that agrees with <title>/og:title, else the main h1 near the text."""
    refs = _title_refs(meta)
    site = fold(meta.site_name or "")
    best, best_score = None, 0.0
    candidates = soup.find_all(["h1", "h2", "h3", "h4"], limit=300)
    candidates += soup.find_all(["div", "p", "span", "strong", "b", "font", "td"], class_=TITLE_CLASS_RE, limit=100)
    candidates += soup.find_all(attrs={"itemprop": "headline"}, limit=5)
    for order, el in enumerate(candidates):
        text = clean_whitespace(el.get_text(" "))
        if not 4 <= len(text) <= 400:
            continue
        f = fold(text)
        score = {"h1": 4.0, "h2": 2.0, "h3": 1.0, "h4": 0.5}.get(el.name, 0.5)
        if el.get("itemprop") == "headline":
            score += 5
        if TITLE_CLASS_RE.search(" ".join([*(el.get("class") or []), el.get("id") or ""])):
            score += 2
        for ref in refs:
            if f == ref:
                score += 10
                break
            if len(f) >= 12 and (ref.startswith(f) or f in ref) and len(f) >= 0.5 * len(ref):
                score += 7
                break
        if site and f == site:
            score -= 10
        score += (len(text) >= 25) + (len(text) >= 45)  # headlines are sentences, box titles are words
        if container is not None and _just_above(el, container):
            score += 3
        if _in_chrome(el):
            score -= 6
        if _links_elsewhere(el, url):
            score -= 8
        elif el.find("a") is not None or el.find_parent("a") is not None:
            score -= 3  # a self-link in a "you are here" list, rarely the headline itself
        score -= order * 0.01
        if score > best_score:
            best, best_score = el, score
    return best if best_score >= 2.5 else None


# -- article area -------------------------------------------------------------------------------

def _just_above(el: Tag, container: Tag) -> bool:
    """``el`` sits in or close to the main text (inside it, or sharing a near ancestor with it)."""
    if _inside(el, container):
        return True
    near = [container.parent, getattr(container.parent, "parent", None), None]
    near[2] = getattr(near[1], "parent", None)
    return any(isinstance(n, Tag) and n.name not in ("body", "html") and _inside(el, n) for n in near)


def _text_len(el: Tag) -> int:
    return len(clean_whitespace(el.get_text(" ")))


def best_container(all_blocks: list[Block]) -> Tag | None:
    """The element holding the most paragraph text (non-link), favouring direct parents of paragraphs."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for b in all_blocks:
        if b.row or len(b.text) < 25 or b.link_density > 0.35:
            continue
        weight = len(b.text) * (1 - b.link_density) + 20 * b.text.count(",")
        owner = b.el
        if owner.name in ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "span", "font", "strong"):
            targets = [owner.parent, owner.parent.parent if owner.parent else None]
        else:
            targets = [owner, owner.parent]
        for share, node in zip((1.0, 0.5), targets):
            if isinstance(node, Tag) and node.name not in ("html", "[document]"):
                scores[id(node)] = scores.get(id(node), 0) + share * weight
                nodes[id(node)] = node
    if not scores:
        return None
    ranked = sorted(scores, key=scores.get, reverse=True)[:10]
    best = max(ranked, key=lambda k: scores[k] * (1 - _link_density(nodes[k])) * _container_prior(nodes[k]))
    return nodes[best]


def _container_prior(el: Tag) -> float:
    """Markup that names the article body (schema.org articleBody, "content"...) or the page chrome."""
    if _in_chrome(el):
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


def _link_density(el: Tag) -> float:
    total = _text_len(el)
    links = sum(len(clean_whitespace(a.get_text(" "))) for a in el.find_all("a"))
    return min(1.0, links / max(1, total))


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
    if _text_len(lca) > 3 * _text_len(container) + 3000:
        return container
    return lca


# -- lines ------------------------------------------------------------------------------------

def _is_caption(el: Tag, root: Tag) -> bool:
    for node in [el, *el.parents]:
        if node is root or not isinstance(node, Tag):
            break
        if node.name in ("figcaption", "caption", "figure"):
            return True
        attrs = " ".join([*(node.get("class") or []), node.get("id") or ""])
        if attrs and rules.CAPTION_CLASS_RE.search(attrs):
            return True
        if node.name == "table" and node.find("img") is not None and _text_len(node) < 500:
            return True
        if node.name in ("div", "span", "p") and attrs and rules.IMAGE_BOX_RE.search(attrs) \
                and node.find("img") is not None and _text_len(node) < 300:
            return True  # <div class="image"><img><p>caption</p></div>
    return _follows_image(el)


def _image_only(el: Tag | None) -> bool:
    return isinstance(el, Tag) and (el.name == "img" or el.find("img") is not None) and _text_len(el) == 0


def _follows_image(el: Tag) -> bool:
    """A short centred or italic line right under an image-only paragraph."""
    if el.name not in ("p", "div", "span", "em", "i"):
        return False
    text = clean_whitespace(el.get_text(" "))
    if len(text) > 250:
        return False
    prev = el.find_previous_sibling()
    if not _image_only(prev):
        return False
    style = (el.get("style") or "").replace(" ", "").lower()
    styled = el.find(["em", "i"]) is not None and len(clean_whitespace(el.find(["em", "i"]).get_text(" "))) >= 0.8 * len(text)
    return styled or "text-align:center" in style or el.get("align") == "center"


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
        if "text-align:right" in style or node.get("align") == "right" or "text-right" in (node.get("class") or []):
            return True
        node = node.parent
    strong = el.find(["strong", "b", "em", "i"])
    return strong is not None and len(clean_whitespace(strong.get_text(" "))) >= 0.9 * len(text)


def _is_clock(el: Tag) -> bool:
    """A date shown on every page (crawl-time clock), recognised by its markup or place."""
    for node in [el, *el.parents]:
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            break
        if node.name in ("header", "nav"):
            return True
        attrs = " ".join([*(node.get("class") or []), node.get("id") or ""])
        if attrs and CLOCK_RE.search(attrs):
            return True
    return False


def _inside(el: Tag, container: Tag | None) -> bool:
    return container is not None and (el is container or any(p is container for p in el.parents))


def sort_lines(root: Tag, title_el: Tag | None, title: str | None, body_els: list[Tag] | None = None,
               container: Tag | None = None) -> Draft:
    """Walk the article area's lines after the headline: body, captions, byline, date line, boilerplate."""
    draft = Draft()
    lines = blocks(root)
    start = 0
    if title_el is not None:
        for i, b in enumerate(lines):
            if b.el is title_el or any(p is title_el for p in b.el.parents):
                start = i + 1
        # a date line just above the headline (portal style "news-date" then h1)
        for b in reversed(lines[max(0, start - 4):start - 1]):
            found = rules.date_line(b.text)
            if found and not _is_clock(b.el):
                draft.published, draft.published_time = found
                break
    title_key = fold(title or "")
    body: list[Block] = []
    pending = {"links": 0, "dates": 0}
    skip_box: Tag | None = None
    for b in lines[start:]:
        text = b.text
        if title_el is not None and (b.el is title_el or any(p is title_el for p in b.el.parents)):
            continue
        if body_els and not any(_inside(b.el, e) for e in body_els):
            label = rules.byline_label(text)
            if label and draft.author is None:
                draft.author = label
            found = rules.date_line(text)
            if found and draft.published is None and not _is_clock(b.el):
                draft.published, draft.published_time = found
            continue
        if not WORD_RE.search(text):
            continue
        if skip_box is not None:
            if _inside(b.el, skip_box):
                continue
            skip_box = None
        if rules.is_stop_heading(text):
            box = _related_box(b.el, container)
            if box is None:
                break
            skip_box = box  # a related-news box inside the article text: skip it, the text goes on
            continue
        if _is_caption(b.el, root):
            draft.captions.append(text)  # kept even when it repeats the headline (seed 004)
            continue
        label = rules.byline_label(text)
        if label:
            draft.author = draft.author or label
            continue
        if _author_el(b.el, root) and len(text) <= 120:
            draft.author = draft.author or rules.strip_parens(text)
            continue
        found = rules.date_line(text)
        if found:
            if _is_clock(b.el):
                continue
            draft.author = draft.author or rules.inline_byline(text)
            pending["dates"] += 1
            if draft.published is None:
                draft.published, draft.published_time = found
            continue
        if rules.is_boilerplate(text):
            continue
        if b.link_density > 0.5 and not b.row:
            if not body and (b.el.name in ("h2", "h3", "h4", "h5", "h6") or b.el.find_parent(["h2", "h3", "h4"])):
                draft.headed_links += 1
            if len(text) >= 20:
                pending["links"] += 1
            continue
        if title_key and fold(text) == title_key:
            continue
        if any(text == earlier.text for earlier in body[-3:]):
            continue  # the lead printed twice (summary block and first paragraph)
        body.append(b)
        # links and date lines with text after them are interleaved with it: listing items, not a footer
        draft.item_links += pending["links"]
        draft.date_lines += pending["dates"]
        pending = {"links": 0, "dates": 0}
    texts = take_signature([b.text for b in body], draft, body[-1].el if body else None)
    draft.paragraphs = texts
    return draft


def _related_box(heading: Tag, container: Tag | None) -> Tag | None:
    """The box a "Tin liên quan" heading opens, when that box sits inside the main text container."""
    if container is None or not _inside(heading, container):
        return None
    box = heading
    while box.parent is not None and box.parent is not container:
        box = box.parent
    if box is heading or box.parent is not container:
        return None
    later_text = [s for s in box.find_next_siblings() if _text_len(s) >= 80 and _link_density(s) < 0.3]
    return box if later_text else None


def take_signature(texts: list[str], draft: Draft, last_el: Tag | None = None) -> list[str]:
    """A signature closing the text ("NGỌC ÁNH", a right-aligned name, "(Ban Dân vận Huyện ủy X)") is the byline."""
    texts = list(texts)
    while texts and rules.looks_like_name(texts[-1]) and (draft.author is None or
                                                          fold(rules.strip_parens(texts[-1])) == fold(draft.author)):
        last = texts.pop()
        last_el = None
        draft.author = draft.author or rules.strip_parens(last)
    if texts and last_el is not None and draft.author is None and len(texts[-1]) <= 80 \
            and _signature_style(last_el) and len(texts[-1].split()) <= 12 and not texts[-1].endswith((".", ":")):
        draft.author = rules.strip_parens(texts.pop())
    return texts


def collect_media(root: Tag, title_el: Tag | None, url: str, draft: Draft) -> None:
    """Images (with their captions) and attached documents in the article area."""
    seen: set[str] = set()
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
        elif el.name == "a" and el.get("href") and ATTACHMENT_RE.search(el["href"]):
            href = absolute(el["href"], url)
            if href and href not in seen:
                seen.add(href)
                title = clean_whitespace(el.get_text(" ")) or el.get("title") or href.rsplit("/", 1)[-1]
                draft.attachments.append({"url": href, "title": title})


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
            cells = [c for c in fig.find_all("td") if c.find("img") is None and _text_len(c)]
            cap = cells[0] if cells else None
        if cap is not None and _text_len(cap):
            return clean_whitespace(cap.get_text(" "))
    holder = img.find_parent(["p", "div"])
    if holder is not None and _text_len(holder) == 0:
        nxt = holder.find_next_sibling()
        if isinstance(nxt, Tag) and _follows_image(nxt):
            return clean_whitespace(nxt.get_text(" "))
    return None


def find_date(meta: Meta) -> tuple[str, str | None] | None:
    for raw in meta.published:
        found = parse_vietnamese_date(raw)
        if found:
            return found
    return None


def extract(soup: BeautifulSoup, meta: Meta, url: str, hints: Hints | None = None, html: str | None = None,
            second_opinion: bool = True) -> Draft:
    """Extract one page (already cleaned by ``page.clean_dom``; ``html`` is the raw page for trafilatura)."""
    body_root = soup.body or soup
    all_blocks = blocks(body_root)
    if not all_blocks:
        return Draft(reason="empty page: no visible text")
    container = best_container(all_blocks)
    title_el = hints.title_el if hints and hints.title_el is not None else find_title(soup, meta, url, container)
    if container is not None and title_el is not None and _in_chrome(container) and not _in_chrome(title_el):
        container = None  # the most text sits in the footer: the page around the headline has little
    if hints and hints.root is not None:
        root = hints.root
    else:
        root = article_root(title_el, container)
    if root is None:
        draft = Draft(reason="no article text found")
        draft.paragraphs = [b.text for b in all_blocks if b.link_density < 0.5][:200]
        return draft
    title_el_in_root = title_el if title_el is None or _inside(title_el, root) else None
    title = clean_whitespace(title_el.get_text(" ")) if title_el is not None else None
    draft = sort_lines(root, title_el_in_root, title, hints.body_els if hints else None, container)
    if not draft.paragraphs and title_el_in_root is not None:
        retry = sort_lines(root, None, title, None, container)  # the "headline" sat after the text (a related-news heading)
        if retry.paragraphs:
            retry.published, retry.published_time = draft.published or retry.published, \
                draft.published_time or retry.published_time
            draft = retry
    if hints is None and second_opinion and html:
        _second_opinion(draft, html, url, title)
    draft.title = title or _title_from_meta(meta)
    if hints:
        draft.extractor = hints.name
        draft.author = hints.author or draft.author
        if hints.date:
            draft.published, draft.published_time = hints.date
    collect_media(root, title_el_in_root, url, draft)
    meta_date = find_date(meta)
    if draft.published is None and meta_date:
        draft.published, draft.published_time = meta_date
    elif meta_date and draft.published == meta_date[0] and draft.published_time is None:
        draft.published_time = meta_date[1]
    if draft.published is None and html and hints is None:
        draft.published, draft.published_time = _htmldate(html, url)
    if draft.author is None and meta.authors:
        draft.author = _plausible_author(meta.authors[0], meta)
    body_chars = sum(len(p) for p in draft.paragraphs)
    listing = not (hints and hints.body_els) and _listing_evidence(draft)
    static = rules.static_page(urlsplit(url).path, draft.title)
    if static:
        draft.reason = static
    elif title_el is None and not (_declares_article(meta) and draft.title):
        draft.reason = "no headline"
    elif listing:
        draft.reason = "listing page: links to several articles"
    elif body_chars < MIN_BODY_CHARS:
        draft.reason = f"too little text ({body_chars} characters)"
    elif draft.published is None:
        draft.reason = "no publication date"
    else:
        draft.is_article = True
    return draft


def trafilatura_lines(html: str, url: str) -> list[str]:
    """trafilatura's main text (precision-oriented), one line per paragraph."""
    try:
        text = trafilatura.extract(html, url=url, favor_precision=True, include_comments=False,
                                   include_tables=True, include_images=False, deduplicate=False)
    except Exception:  # noqa: BLE001 - a library failure means "no second opinion"
        return []
    return [clean_whitespace(line) for line in (text or "").split("\n") if clean_whitespace(line)]


def _filtered(lines: list[str], draft: Draft, title: str | None) -> list[str]:
    """trafilatura's lines through the same rules as ours: boilerplate, bylines, dates, captions out."""
    title_key = fold(title or "")
    captions = {fold(c) for c in draft.captions}
    out = []
    for text in lines:
        if rules.is_stop_heading(text):
            break
        if fold(text) in (title_key, *captions) or rules.is_boilerplate(text) or rules.date_line(text) \
                or rules.byline_label(text) or not WORD_RE.search(text):
            continue
        if draft.author and fold(text) == fold(draft.author):
            continue
        out.append(text)
    return take_signature(out, draft)


def _second_opinion(draft: Draft, html: str, url: str, title: str | None) -> None:
    """Where our rules found much less (or much more) text than trafilatura, take trafilatura's lines."""
    theirs = _filtered(trafilatura_lines(html, url), draft, title)
    ours_n = sum(len(p.split()) for p in draft.paragraphs)
    theirs_n = sum(len(p.split()) for p in theirs)
    if theirs_n < 40:
        return
    if ours_n < 0.6 * theirs_n or ours_n > 2.5 * theirs_n:
        draft.paragraphs = theirs
        draft.extractor = "generic+trafilatura"
        return
    # both found the text: drop our lines trafilatura saw no trace of (teasers, widgets), unless that is a lot
    support = set(WORDS_RE.findall(" ".join(theirs).lower()))
    kept = [p for p in draft.paragraphs if _coverage(p, support) >= 0.5]
    if sum(len(p.split()) for p in kept) >= 0.8 * ours_n:
        draft.paragraphs = take_signature(kept, draft)


def _coverage(text: str, support: set[str]) -> float:
    words = WORDS_RE.findall(text.lower())
    return sum(w in support for w in words) / max(1, len(words))


def _htmldate(html: str, url: str) -> tuple[str | None, None]:
    """htmldate on the page's markup only (meta tags, structured data, time elements, URL).

    Its extensive text search is off: it would find the crawl-time clock many sites print on every page.
    """
    try:
        found = htmldate.find_date(html, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - no date is an answer
        found = None
    return found, None


def _declares_article(meta: Meta) -> bool:
    """The page calls itself an article (og:type, schema.org type)."""
    return meta.og_type == "article" or any(t.endswith("Article") or t in ("BlogPosting", "Report")
                                            for t in meta.article_types)


def _listing_evidence(draft: Draft) -> bool:
    """Text interleaved with links to other pages and with dates: a list of leads, not one article."""
    n = max(1, len(draft.paragraphs))
    if draft.headed_links and (n <= 4 or draft.headed_links >= 0.4 * n):
        return True
    mean_len = sum(len(p) for p in draft.paragraphs) / n
    if draft.item_links >= 2 and draft.item_links >= 0.9 * n and mean_len < 350:
        return True
    truncated = sum(p.rstrip().endswith(("...", "…", "[...]")) for p in draft.paragraphs)
    if truncated >= 2 and truncated >= 0.5 * n:
        return True  # leads cut short with an ellipsis: a list of teasers
    if draft.item_links >= 1 and truncated >= 1 and n <= 2:
        return True  # a single teaser under a link (the last page of a category)
    return draft.date_lines >= 2 and draft.date_lines >= 0.4 * n


def _title_from_meta(meta: Meta) -> str | None:
    raw = meta.headline or meta.og_title or meta.title_tag
    if not raw:
        return None
    parts = TITLE_SEPARATORS.split(raw)
    return parts[0].strip() if len(parts) > 1 and len(parts[0]) >= 12 else raw


def _plausible_author(name: str, meta: Meta) -> str | None:
    """A meta author that is not just the site's name."""
    if meta.site_name and fold(name) == fold(meta.site_name):
        return None
    if len(name) > 80 or name.startswith("http"):
        return None
    return name
