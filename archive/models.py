"""The archive's records: a fetched response, an article and one version of it."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Snapshot:
    """One HTTP response as fetched (or the failure to fetch it); the body lives in a WARC file."""

    id: int | None
    source_id: str
    url: str
    status: int | None
    fetched_at: str
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    content_type: str | None = None
    content_hash: str | None = None
    size: int = 0
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    outcome: str | None = None  # new | changed | unchanged | not-modified | failed | removed | ...
    error: str | None = None
    crawl_id: int | None = None
    redirects: list[str] = field(default_factory=list)


@dataclass
class ArticleVersion:
    """The article's extracted content as it was at one fetch."""

    article_id: str
    version: int
    fetched_at: str
    content_hash: str
    title: str
    text: str
    published: str | None = None
    published_time: str | None = None
    author: str | None = None
    snapshot_id: int | None = None
    extras: dict = field(default_factory=dict)  # captions, images, attachments, mentions, extractor



@dataclass
class Article:
    """An article: its current (latest) version plus the publishing unit's metadata."""

    id: str
    url: str
    source_id: str
    source: str  # the publisher's name, e.g. "Ban Dân vận Huyện ủy Lộc Ninh"
    province: str
    unit: str
    level: str
    district: str | None
    title: str
    text: str
    published: str | None
    published_time: str | None
    author: str | None
    status: str  # live | removed
    crawled_at: str
    first_seen: str
    province_2025: str | None = None
    provinces_mentioned: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)
    snapshot_id: int | None = None
    version: int = 1
    removed_at: str | None = None
    last_seen: str | None = None  # the last crawl that found it on its source (any version)
    source_text: str | None = None  # the "Nguồn tin" printed beside the author, when the page gives one
    group: str | None = None        # its group of syndicated copies (the id of the earliest), if any
    group_size: int = 1             # articles in that group
    collections: list[str] = field(default_factory=list)  # its source's named collections

    @property
    def year(self) -> int | None:
        year = (self.published or "")[:4]
        return int(year) if year.isascii() and year.isdigit() else None


@dataclass
class DocumentPage:
    """One page of a document's text (a sheet of a spreadsheet)."""

    number: int
    text: str
    ocr: bool = False          # read by OCR from the rendered page
    note: str | None = None    # why it has no (or partial) text


@dataclass
class Document:
    """An attached file (plan, report, decision...) as its own record: its current version's text and header."""

    id: str
    url: str
    source_id: str
    source: str
    province: str
    unit: str
    level: str
    district: str | None
    version: int
    fetched_at: str
    first_seen: str
    content_hash: str
    size: int
    content_type: str | None       # as served
    snapshot_id: int | None
    state: str                     # pending | ocr (pages wait for OCR) | done | failed
    type: str | None = None        # pdf, docx, doc, odt, rtf, xls, xlsx
    page_count: int = 0
    pages: list[DocumentPage] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    number: str | None = None      # số/ký hiệu
    doc_type: str | None = None    # loại văn bản
    issuer: str | None = None      # cơ quan ban hành
    issued: str | None = None      # ngày ban hành, YYYY-MM-DD
    summary: str | None = None     # trích yếu
    articles: list[str] = field(default_factory=list)  # ids of the articles that link it
    link_text: str | None = None   # how an article named the link
    province_2025: str | None = None
    collections: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages if p.text)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)

    @property
    def title(self) -> str:
        """What a list shows: the type, number and summary of the header, else the link's text, else the file name."""
        head = " ".join(x for x in (self.doc_type, f"số {self.number}" if self.number else None) if x)
        if self.summary:
            return f"{head}: {self.summary}" if head else self.summary
        if head:
            return head
        return self.link_text or self.url.rstrip("/").rsplit("/", 1)[-1] or self.url
