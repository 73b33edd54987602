"""Links a crawler must not follow: they change state or session, or only re-render a page.

Judged by general rules, never by site names: the URL's parameters and path words (theme and
language switches, login/logout, redirect_to, reply-to-comment, vote, print, save, send), the
link's markup (``rel="nofollow"``, an image and nothing else) and its visible words.
"""
from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

from archive.text import fold

# query parameter names (lower case) that switch state or point the page elsewhere
STATE_PARAMS = re.compile(r"^(?:[a-z]*theme[a-z]*|skin|template|tmpl|style|layout|mobile|desktop|"
                          r"[a-z_]*redirect[a-z_]*|return|returnurl|return_url|return_to|returnto|next|continue|"
                          r"referer|referrer|replytocom|reply|comment_id|share|sharer|print|printable|vote|rate|"
                          r"rating|like|poll|logout|login|logon|signin|signout|action|do|loggedout|attachment_id|"
                          r"preview|preview_id|preview_nonce|_wpnonce|nonce)$")
STATE_ACTIONS = {"login", "logout", "register", "lostpassword", "signin", "signout", "vote", "rate", "print",
                 "edit", "delete", "reply", "subscribe", "unsubscribe", "share", "like"}
# whole path segments (lower case, extension dropped) of pages that re-render or change state
TOOL_SEGMENTS = {"print", "in", "in-bai", "inbai", "printer", "savefile", "save", "sendmail", "send-mail",
                 "gui-email", "guimail", "email-article", "share", "login", "logout", "signin", "signout", "register",
                 "dang-nhap", "dang-xuat", "dang-ky", "wp-login", "wp-admin", "wp-signup", "xmlrpc", "wp-json",
                 "oembed", "trackback", "feedback", "vote", "voting", "binh-chon", "rate", "cart", "lostpassword",
                 "admin", "administrator", "user", "users", "account", "profile", "comment", "comments",
                 "wp-comments-post", "captcha", "click", "redirect", "out", "go", "goto"}
# visible words (folded) of links that change the session or only re-render the page
TOOL_TEXTS = re.compile(r"^(?:dang nhap|dang xuat|dang ky|login|log in|logout|log out|sign in|sign out|register|"
                        r"in bai|in bai viet|in ra|in trang|ban in|print|luu bai|luu bai viet|luu bai viet nay|"
                        r"gui email|gui bai|gui bai viet|gui cho ban be|gioi thieu bai viet cho ban be|"
                        r"tra loi|reply|binh chon|vote|"
                        r"giao dien[\w ]*|chuyen sang giao dien[\w ]*|phien ban[\w ]*|mobile|desktop|"
                        r"english|tieng anh|tieng viet|vietnamese)$")


class LinkVerdict(Enum):
    FOLLOW = "follow"
    NOFOLLOW = "rel=nofollow"
    STATE_CHANGE = "changes state or session"
    RERENDER = "re-renders a page (print, save, send, reply)"
    IMAGE_ONLY = "an image link (viewer or attachment page)"


class Link(NamedTuple):
    """One ``<a href>`` as the page shows it."""

    url: str
    text: str = ""
    title: str = ""
    rel: frozenset = frozenset()
    image_only: bool = False


def url_trap(url: str) -> LinkVerdict | None:
    """Why following ``url`` would change state or only re-render a page, from the URL alone (else None)."""
    parts = urlsplit(url)
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        low = name.lower()
        if STATE_PARAMS.match(low) and (low not in ("action", "do") or value.lower() in STATE_ACTIONS):
            return LinkVerdict.STATE_CHANGE
    for segment in parts.path.lower().split("/"):
        if segment and segment.rsplit(".", 1)[0] in TOOL_SEGMENTS:
            return LinkVerdict.RERENDER
    return None


def judge_link(link: Link) -> LinkVerdict:
    """Whether a crawler follows this link: its rel, its URL, its words, its content."""
    if "nofollow" in link.rel:
        return LinkVerdict.NOFOLLOW
    trap = url_trap(link.url)
    if trap is not None:
        return trap
    for words in (link.text, link.title):
        if words and len(words) <= 60 and TOOL_TEXTS.match(" ".join(fold(words).split()).strip(" .:»")):
            return LinkVerdict.STATE_CHANGE
    if link.image_only:
        return LinkVerdict.IMAGE_ONLY
    return LinkVerdict.FOLLOW


FEED_PATH_RE = re.compile(r"(?:^|/)(?:feed|feeds|rss|atom|rdf)(?:/|\.xml|\.rss)?$|\.(?:rss|atom)$|rss\.xml$|"
                          r"(?:^|/)rss/", re.I)
COMMENT_FEED_RE = re.compile(r"comment|binh-?luan|phan-?hoi|replies", re.I)


def is_feed_url(url: str) -> bool:
    """``/feed/``, ``/rss/``, ``/tag/x/feed/``, ``?feed=rss2``, ``news.rss``: a feed by its URL."""
    parts = urlsplit(url)
    return bool(FEED_PATH_RE.search(parts.path.rstrip("/") or "/")) or "feed=" in parts.query.lower()


def is_comment_feed(url: str, title: str = "") -> bool:
    return bool(COMMENT_FEED_RE.search(urlsplit(url).path) or COMMENT_FEED_RE.search(fold(title).replace(" ", "-")))
