"""trafilatura as a second opinion on the generic path's text, decided over named thresholds.

As trafilatura's own ``external.py`` weighs its result against jusText and readability, we weigh
ours against trafilatura's, line by line. Both texts are aligned on the word pairs they share:

- a line both have (``SHARED``) stays;
- a line only trafilatura has, before or inside the shared span, is text we missed (a paragraph
  in markup our rules skipped, a link-rich line): it is added in trafilatura's place;
  after the shared span it is usually a footer, and is left out;
- a line only we have is chrome (a date line, a standfirst, a widget, a related-news box) unless
  trafilatura's recall run also takes it: then it is text the precision run was too strict about
  (a list inside the text, a lead set in bold, the closing paragraph), and it stays inside the
  span, and at the edges when it is long enough to be a paragraph.

Where trafilatura found (almost) nothing, our text stands; where ours is a small part of theirs, or
has nothing in common with it, theirs is taken.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from enum import Enum

import trafilatura

from archive.text import clean_whitespace, fold
from extract import rules
from extract.draft import Draft
from extract.lines import take_signature

log = logging.getLogger(__name__)

WORDS_RE = re.compile(r"\w+")
WORD_RE = re.compile(r"\w")
MIN_THEIR_WORDS = 40        # below this trafilatura found no article either: no opinion
TOO_SHORT = 0.3             # ours below this share of theirs: we found a fragment, theirs is taken
SEEN = 0.5                  # a line whose word pairs the other text has at this share is seen by both
LAYOUT_CELL_WORDS = 20      # a line of theirs holding the headline and this many more words: a layout table read as one cell
EDGE_MIN_WORDS = 30         # a line of ours before the shared span stays only as a whole paragraph ...
TRAIL_MIN_WORDS = 5         # ... after it, only if it is more than a name or a label
TRAFILATURA_OPTIONS = {"include_comments": False, "include_tables": True, "include_images": False,
                       "deduplicate": False}


class Opinion(Enum):
    KEEP_OURS = "keep ours"
    TAKE_THEIRS = "take theirs"
    MERGE = "merge"


class Place(Enum):
    """Where a line stands against the span of text both extractors found."""

    SHARED = "shared"     # the other text has it
    BEFORE = "before"     # only one has it, before the first shared line
    INSIDE = "inside"     # only one has it, between shared lines
    AFTER = "after"       # only one has it, after the last shared line


def decide(ours_words: int, theirs_words: int, shared_lines: int, layout_cell: bool = False) -> Opinion:
    """What to do with our text given the two word counts, how many of our lines trafilatura has, and
    whether trafilatura read the page's layout table as one cell (then its lines are not paragraphs)."""
    if theirs_words < MIN_THEIR_WORDS:
        return Opinion.KEEP_OURS
    if ours_words < TOO_SHORT * theirs_words:
        return Opinion.TAKE_THEIRS
    if layout_cell:
        return Opinion.KEEP_OURS
    if shared_lines == 0:
        return Opinion.TAKE_THEIRS  # two different texts: ours is a box beside the article
    return Opinion.MERGE


def keep_ours(place: Place, words: int, in_recall: bool) -> bool:
    """Does a line of ours stay, given its place, its length and whether trafilatura's recall run has it."""
    if place is Place.SHARED:
        return True
    if not in_recall:
        return False
    if place is Place.INSIDE:
        return True
    return words >= (EDGE_MIN_WORDS if place is Place.BEFORE else TRAIL_MIN_WORDS)


def add_theirs(place: Place) -> bool:
    """Is a line only trafilatura has added to ours (text before and inside the span, not a footer)?"""
    return place in (Place.BEFORE, Place.INSIDE)


# -- trafilatura's lines ------------------------------------------------------------------------

def trafilatura_lines(html: str, url: str, recall: bool = False) -> list[str]:
    """trafilatura's main text (precision-oriented, or recall-oriented), one line per paragraph."""
    mode = {"favor_recall": True} if recall else {"favor_precision": True}
    try:
        text = trafilatura.extract(html, url=url, **mode, **TRAFILATURA_OPTIONS)
    except Exception:  # noqa: BLE001 - a library failure means "no second opinion"
        return []
    return [clean_whitespace(line) for line in (text or "").split("\n") if clean_whitespace(line)]


def layout_cell(lines: list[str], title: str | None) -> bool:
    """A line of trafilatura's that holds the headline and more text: it read a layout table as data."""
    key = _key(title or "")
    if not key:
        return False
    extra = len(key.split()) + LAYOUT_CELL_WORDS
    return any(key in _key(line) and len(_key(line).split()) > extra for line in lines)


def _key(text: str) -> str:
    """A line compared by its words only (trafilatura writes table rows as "| a | b |")."""
    return " ".join(WORDS_RE.findall(fold(text).lower()))


def _filtered(lines: list[str], draft: Draft, title: str | None, signature: bool = True) -> list[str]:
    """trafilatura's lines through the same rules as ours: boilerplate, bylines, dates, captions out."""
    known = {_key(title or ""), *(_key(c) for c in draft.captions), _key(draft.author or "")} - {""}
    out = []
    for text in lines:
        if rules.is_stop_heading(text):
            break
        dated = rules.date_line(text) and not rules.prose_date(text)
        if _key(text) in known or rules.is_boilerplate(text) or dated \
                or rules.byline(text) or rules.bare_label(text) or not WORD_RE.search(text):
            continue
        out.append(text)
    return take_signature(out, draft) if signature else out


# -- alignment ----------------------------------------------------------------------------------

def _pairs(text: str) -> list[tuple[str, ...]]:
    words = WORDS_RE.findall(text.lower())
    return [tuple(words[i:i + 2]) for i in range(len(words) - 1)] if len(words) > 1 else [tuple(words)]


def seen_share(text: str, other: set) -> float:
    pairs = _pairs(text)
    return sum(p in other for p in pairs) / len(pairs) if pairs and pairs[0] else 0.0


def places(seen: list[bool]) -> list[Place]:
    """Each line's place given which lines the other text has."""
    shared = [i for i, s in enumerate(seen) if s]
    if not shared:
        return [Place.BEFORE] * len(seen)
    first, last = shared[0], shared[-1]
    return [Place.SHARED if s else Place.BEFORE if i < first else Place.AFTER if i > last else Place.INSIDE
            for i, s in enumerate(seen)]


def _pair_set(lines: list[str]) -> set:
    return {p for line in lines for p in _pairs(line)}


def _anchors(ours: list[str], theirs: list[str], their_places: list[Place], our_shared: list[int]) -> dict[int, int]:
    """For each shared line of theirs, the shared line of ours it matches best (never going back)."""
    owner: dict[tuple, int] = {}
    for i in our_shared:
        for p in _pairs(ours[i]):
            owner.setdefault(p, i)
    out, last = {}, our_shared[0]
    for j, place in enumerate(their_places):
        if place is not Place.SHARED:
            continue
        votes: dict[int, int] = {}
        for p in _pairs(theirs[j]):
            if p in owner:
                votes[owner[p]] = votes.get(owner[p], 0) + 1
        best = max(votes, key=lambda i: (votes[i], -i)) if votes else last
        last = max(last, best)
        out[j] = last
    return out


def merge(ours: list[str], theirs: list[str], recall: Callable[[], list[str]]) -> list[str]:
    """Our lines and trafilatura's, aligned: shared lines, the text only one of us found where it belongs.

    ``recall()`` gives trafilatura's recall-oriented lines (asked only when a line of ours needs it).
    """
    their_pairs, our_pairs = _pair_set(theirs), _pair_set(ours)
    our_places = places([seen_share(t, their_pairs) >= SEEN for t in ours])
    their_places = places([seen_share(t, our_pairs) >= SEEN for t in theirs])
    our_shared = [i for i, p in enumerate(our_places) if p is Place.SHARED]
    if not our_shared:
        return list(ours)
    recall_pairs: set | None = None
    keep = []
    for text, place in zip(ours, our_places):
        words = len(text.split())
        if keep_ours(place, words, False) or not keep_ours(place, words, True):
            keep.append(keep_ours(place, words, False))  # the recall run would change nothing: not asked
            continue
        if recall_pairs is None:
            recall_pairs = _pair_set(recall())
        keep.append(keep_ours(place, words, seen_share(text, recall_pairs) >= SEEN))
    _edges_touch_the_span(keep, our_shared)
    anchors = _anchors(ours, theirs, their_places, our_shared)
    added: dict[int, list[str]] = {}
    anchor = None
    for j, (text, place) in enumerate(zip(theirs, their_places)):
        if place is Place.SHARED:
            anchor = anchors[j]
        elif add_theirs(place):
            added.setdefault(anchor if anchor is not None else -1, []).append(text)
    out = []
    for i, text in enumerate(ours):
        if i == our_shared[0]:
            out += added.get(-1, [])
        if keep[i]:
            out.append(text)
        out += added.get(i, [])
    return out


def _edges_touch_the_span(keep: list[bool], shared: list[int]) -> None:
    """A line kept before (after) the shared span must reach it through kept lines: chrome cuts it off."""
    for i in range(shared[0] - 1, -1, -1):
        if not keep[i]:
            keep[:i] = [False] * i
            break
    for i in range(shared[-1] + 1, len(keep)):
        if not keep[i]:
            keep[i:] = [False] * (len(keep) - i)
            break


# -- the draft ----------------------------------------------------------------------------------

def apply(draft: Draft, html: str, url: str, title: str | None) -> None:
    """Weigh the draft's text against trafilatura's and keep, replace or merge it."""
    raw = trafilatura_lines(html, url)
    theirs = _filtered(raw, draft, title)
    their_pairs = _pair_set(theirs)
    shared = sum(seen_share(p, their_pairs) >= SEEN for p in draft.paragraphs)
    opinion = decide(_words(draft.paragraphs), _words(theirs), shared, layout_cell(raw, title))
    if opinion is Opinion.TAKE_THEIRS:
        draft.paragraphs = theirs
        draft.extractor = "generic+trafilatura"
    elif opinion is Opinion.MERGE:
        merged = merge(draft.paragraphs, theirs,
                       lambda: _filtered(trafilatura_lines(html, url, recall=True), draft, title, signature=False))
        draft.paragraphs = take_signature(merged, draft)


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)
