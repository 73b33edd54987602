"""Pages that say "not found" while answering 200 (soft 404s), so a crawler can tell a removed
article from a page it merely failed to read."""
from __future__ import annotations

import re
import unicodedata

from extract.page import parse

# in a page's title or headings: Vietnamese and English wordings of "not found" / "removed" / "error 404"
NOT_FOUND_RE = re.compile(
    r"^\s*404\s*$|không\s+(?:tồn\s+tại|(?:được\s+)?tìm\s+thấy|có\s+bài\s+viết|có\s+dữ\s+liệu)|"
    r"đã\s+bị\s+(?:xóa|xoá|gỡ)|"
    r"\b(?:lỗi|error|page|trang)\s*:?\s*404\b|\b404\s*(?:[-–:|]|not\b|error\b|lỗi\b)|\bnot\s+found\b|"
    r"\bno\s+longer\s+available\b|"
    r"(?:trang|nội\s+dung|bài\s+viết)\s+(?:này\s+)?không\s+còn",
    re.IGNORECASE)
HEADINGS = ("title", "h1", "h2", "h3")


def says_not_found(html: str) -> bool:
    """Whether the page's title or a heading says the page does not exist (or no longer does)."""
    soup = parse(html)
    for el in soup.find_all(HEADINGS, limit=20):
        text = unicodedata.normalize("NFC", el.get_text(" ", strip=True))
        if text and len(text) < 300 and NOT_FOUND_RE.search(text):
            return True
    return False
