"""Checks that what the site says to a user is Vietnamese (shared by the web and the hostile tests)."""
from __future__ import annotations

import re
from html import unescape

VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
# English words the site used to say (or that an untranslated message would carry)
ENGLISH = {"the", "query", "must", "cannot", "unknown", "page", "too", "deep", "error", "found", "method",
           "allowed", "only", "results", "finished", "failed", "running", "interrupted", "list", "index", "range",
           "understand", "invalid", "request", "server", "please", "not", "words", "search", "bad", "internal",
           "valid", "date", "whole", "number", "numbers", "field", "needs", "host"}
QUOTED = re.compile(r"“[^”]*”|'[^']*'|\"[^\"]*\"|\([^)]*\)|<code[^>]*>.*?</code>", re.S)


def english_words(text: str) -> set[str]:
    """The English words of ``text`` outside quotes, parentheses and <code> (where names and values are)."""
    return {w for w in re.findall(r"[A-Za-z]+", QUOTED.sub(" ", text)) if w.lower() in ENGLISH}


def assert_vietnamese(text: str) -> None:
    assert text and text.strip(), "an empty message"
    assert VIETNAMESE_LETTERS & set(text.lower()), f"not Vietnamese: {text!r}"
    assert not english_words(text), f"English words {english_words(text)} in {text!r}"


def error_message(html: str) -> str:
    """The message of an HTML error page."""
    m = re.search(r'<p class="error-message">(.*?)</p>', html, re.S)
    assert m, html[:500]
    return unescape(m.group(1)).strip()


def message_of(response) -> str:
    """The message of an error answer: the JSON "error", or the HTML page's message."""
    if response.mimetype == "application/json":
        return response.get_json()["error"]
    return error_message(response.get_data(as_text=True))


def visible_text(html: str) -> str:
    """The page's text as a reader sees it at first: no tags, scripts, or closed <details> (technical detail)."""
    html = re.sub(r"<(script|style|details)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(html).split())
