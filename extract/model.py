"""What extraction returns: one article's clean text and metadata (or why the page is not one)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Extraction:
    """The result of ``extract_article(html, url, source)``.

    ``paragraphs`` is the main text only (no headline, byline, captions or boilerplate), NFC,
    whitespace collapsed inside each paragraph. Province, unit, level and district are the
    publishing unit's (from the source); ``provinces_mentioned`` and ``organisations`` come
    from the text.
    """

    url: str
    is_article: bool
    title: str | None = None
    published: str | None = None        # YYYY-MM-DD
    published_time: str | None = None   # HH:MM, where the page shows one
    author: str | None = None
    source_text: str | None = None      # "Nguồn tin: X" as printed beside the author, when the page gives one
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)        # {"src": url, "caption": str | None}
    attachments: list[dict] = field(default_factory=list)   # {"url": url, "title": str | None}
    province: str | None = None
    unit: str | None = None
    level: str | None = None
    district: str | None = None
    source: str | None = None           # publisher's name
    provinces_mentioned: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    extractor: str = "generic"          # which profile or path produced this
    noindex: bool = False               # the page asks robots not to index it (<meta name="robots">)
    reason: str | None = None           # why it is not an article, when it is not

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def fields(self) -> dict:
        """What the archive stores for one version of the article."""
        return {
            "title": self.title, "text": self.text, "published": self.published,
            "published_time": self.published_time, "author": self.author, "captions": self.captions,
            "images": self.images, "attachments": self.attachments,
            "provinces_mentioned": self.provinces_mentioned, "organisations": self.organisations,
            "extractor": self.extractor, **({"source_text": self.source_text} if self.source_text else {}),
        }

    def to_json(self) -> dict:
        data = asdict(self)
        data["text"] = self.text
        return data
