"""What the extractor finds on a page before source metadata and mentions are added (and what a profile knows)."""
from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import Tag


@dataclass
class Hints:
    """What a site profile knows for sure about a page's structure."""

    name: str
    root: Tag | None = None
    title_el: Tag | None = None
    body_els: list[Tag] = field(default_factory=list)
    author: str | None = None
    source_text: str | None = None
    date: tuple[str, str | None] | None = None


@dataclass
class Draft:
    """The extractor's findings: text, metadata, and the evidence the verdict weighs."""

    title: str | None = None
    published: str | None = None
    published_time: str | None = None
    date_source: str | None = None  # "page" (printed), "meta" (meta tags, JSON-LD), "markup" (htmldate), "text", "hidden"
    text_date: tuple[str, str | None] | None = None  # a date written as the text's first sentence, the last resort
    author: str | None = None
    source_text: str | None = None  # "Nguồn tin: X" printed beside the author
    signature: bool = False       # the author is a signature line that closed the text
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
    row_links: int = 0         # table rows led by a link to another page (a list view)
    rows: int = 0              # table rows in the text, and their characters
    row_chars: int = 0
    read_more: int = 0         # "Xem tiếp" links under teasers
    link_lines: int = 0        # lines that are links to other pages (a list of links when there is little else)
    lines_before_links: int = 0  # text lines before the first link line (a category's description)
    teasers: int = 0           # text lines cut with "…" right under a link to another page
    lead_teaser: bool = False  # the text starts with such a teaser
    lead_linked: bool = False  # the text starts under the title link of another page (a lead story's sapo)

    def set_date(self, found: tuple[str, str | None] | None, source: str) -> None:
        """Take ``found`` as the publication date unless one is already known."""
        if found and self.published is None:
            self.published, self.published_time = found
            self.date_source = source
