"""trafilatura as a second opinion on the generic path's text, decided over named thresholds.

As trafilatura's own ``external.py`` weighs its result against jusText and readability, we weigh
ours against trafilatura's: where ours is much shorter or much longer, theirs is taken; where both
found the text, our lines that trafilatura saw no trace of (teasers, widgets) are dropped.
"""
from __future__ import annotations

import logging
import re
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
TOO_SHORT = 0.6             # ours below this share of theirs: we missed text
TOO_LONG = 2.5              # ours above this multiple of theirs: we took chrome
MIN_SUPPORT = 0.5           # a line of ours whose words trafilatura has less than this share of is unsupported
MAX_DROPPED = 0.2           # drop unsupported lines only when that keeps at least 80 % of our words


class Opinion(Enum):
    KEEP_OURS = "keep ours"
    TAKE_THEIRS = "take theirs"
    TRIM_OURS = "trim ours"


def decide(ours_words: int, theirs_words: int) -> Opinion:
    """What to do with our text given the two word counts."""
    if theirs_words < MIN_THEIR_WORDS:
        return Opinion.KEEP_OURS
    if ours_words < TOO_SHORT * theirs_words or ours_words > TOO_LONG * theirs_words:
        return Opinion.TAKE_THEIRS
    return Opinion.TRIM_OURS


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
        dated = rules.date_line(text) and not (out and rules.prose_date(text))
        if fold(text) in (title_key, *captions) or rules.is_boilerplate(text) or dated \
                or rules.byline(text) or rules.bare_label(text) or not WORD_RE.search(text):
            continue
        if draft.author and fold(text) == fold(draft.author):
            continue
        out.append(text)
    return take_signature(out, draft)


def apply(draft: Draft, html: str, url: str, title: str | None) -> None:
    """Weigh the draft's text against trafilatura's and keep, replace or trim it."""
    theirs = _filtered(trafilatura_lines(html, url), draft, title)
    ours_n = _words(draft.paragraphs)
    opinion = decide(ours_n, _words(theirs))
    if opinion is Opinion.TAKE_THEIRS:
        draft.paragraphs = theirs
        draft.extractor = "generic+trafilatura"
    elif opinion is Opinion.TRIM_OURS:
        support = set(WORDS_RE.findall(" ".join(theirs).lower()))
        kept = [p for p in draft.paragraphs if _coverage(p, support) >= MIN_SUPPORT]
        if _words(kept) >= (1 - MAX_DROPPED) * ours_n:
            draft.paragraphs = take_signature(kept, draft)


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _coverage(text: str, support: set[str]) -> float:
    words = WORDS_RE.findall(text.lower())
    return sum(w in support for w in words) / max(1, len(words))
