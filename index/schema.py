"""The index schema and the document built from an archive article.

Text is indexed twice (exact and folded forms, title and body apart), plus frequent groups of 2
to 4 consecutive folded words (biwords and shingles, which answer phrases that short); other
phrases are checked on token streams that the segment builder writes beside each segment;
facets are plain keyword fields; the display fields and the text (zlib-compressed, for snippets)
are stored. Bump ``SCHEMA_VERSION`` on any change here or in the analysis: an index built with
another version is rebuilt rather than read.
"""
from __future__ import annotations

import zlib
from collections import Counter

from whoosh import fields, formats

from archive.models import Article, Document
from index.highlight import PAGE_BREAK
from index.analysis import VietTokenizer, analyse

SCHEMA_VERSION = 6

# folded field -> its word group field: frequent runs of 2-4 folded tokens ("dan van"), title and body apart
PAIR_FIELDS = {"title_fold": "title_pair", "body_fold": "body_pair"}
# facet name -> index field (one value per article unless listed in MULTI_FACETS)
FACETS = ("province", "province_2025", "unit", "level", "year", "source", "status",
          "provinces_mentioned", "organisations", "collection", "kind", "doc_type")
MULTI_FACETS = ("provinces_mentioned", "organisations", "collection")
GROUP = "group"  # the group of syndicated copies: a filter and a per-document column, never a facet list
COLUMNS = (*FACETS, GROUP)  # what a segment keeps per document besides dates
KIND_ARTICLE, KIND_DOCUMENT = "bài viết", "văn bản"
DATE_FIELD = "date"  # "YYYY-MM-DD HH:MM" (time "00:00" when unknown), for sorting and date ranges


class CountedTerms(formats.Existence):
    """Term and frequency only: the frequency is the posting's weight; no value bytes at all.

    Phrases are matched on each segment's token streams (see index.fastwriter), not on
    per-posting positions, which would cost a Python call per posting when indexing.
    """


class TokensField(fields.TEXT):
    """A TEXT field indexed from a ready list of tokens (analysis is done once, for both forms)."""

    def __init__(self, mode: str):
        super().__init__(analyzer=VietTokenizer(mode), phrase=False)
        self.format = CountedTerms()

    def index(self, value, **kwargs):
        tokens = value if isinstance(value, list) else [t.text for t in self.analyzer(value)]
        for word, freq in Counter(tokens).items():
            yield word.encode("utf-8"), freq, float(freq), b""


class PairsField(fields.ID):
    """Word groups: "word1 word2 ..." for frequent runs of consecutive folded tokens, written by the
    segment builder from the folded token lists (see index.fastwriter), never given in a document."""


class FacetField(fields.ID):
    """A keyword field taking one value or a list of values, each kept exactly as given."""

    def index(self, value, **kwargs):
        values = [value] if isinstance(value, str) else value
        for v in dict.fromkeys(v for v in values if v):
            yield v.encode("utf-8"), 1, 1.0, b""


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title_exact=TokensField("exact"),
        title_fold=TokensField("fold"),
        body_exact=TokensField("exact"),
        body_fold=TokensField("fold"),
        title_pair=PairsField(),
        body_pair=PairsField(),
        date=FacetField(),
        doc=fields.STORED(),
        text_z=fields.STORED(),
    )
    for name in COLUMNS:
        schema.add(name, FacetField())
    return schema


def _as_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v]


def date_key(published: str | None, published_time: str | None) -> str:
    """The sortable date of an article ("" when unknown)."""
    if not published:
        return ""
    return f"{published[:10]} {(published_time or '00:00')[:5]}"


def stored_doc(article: Article) -> dict:
    """What a hit shows without opening the archive."""
    return {
        "id": article.id, "url": article.url, "title": article.title, "published": article.published,
        "published_time": article.published_time, "author": article.author, "province": article.province,
        "province_2025": article.province_2025, "unit": article.unit, "level": article.level,
        "district": article.district, "source": article.source, "source_id": article.source_id,
        "status": article.status, "group": article.group, "group_size": article.group_size,
    }


def article_document(article: Article) -> dict:
    """The Whoosh document (keyword arguments of add_document) for one article."""
    title_exact, title_fold = analyse(article.title)
    body_exact, body_fold = analyse(article.text)
    doc = {
        "id": article.id,
        "title_exact": title_exact, "title_fold": title_fold,
        "body_exact": body_exact, "body_fold": body_fold,
        "date": date_key(article.published, article.published_time),
        "doc": stored_doc(article),
        "text_z": zlib.compress((article.text or "").encode("utf-8"), 1),
        "province": article.province, "province_2025": article.province_2025, "unit": article.unit,
        "level": article.level, "year": str(article.year) if article.year else None,
        "source": article.source, "status": article.status,
        "provinces_mentioned": _as_list(article.provinces_mentioned),
        "organisations": _as_list(article.organisations),
        "collection": _as_list(article.collections), "kind": KIND_ARTICLE, "group": article.group,
    }
    return {k: v for k, v in doc.items() if v not in (None, "", [])}


def stored_document(doc: Document) -> dict:
    """What a document's hit shows: the article fields a list needs, and the header's."""
    return {
        "id": doc.id, "url": doc.url, "title": doc.title, "published": doc.issued, "published_time": None,
        "author": None, "province": doc.province, "province_2025": doc.province_2025, "unit": doc.unit,
        "level": doc.level, "district": doc.district, "source": doc.source, "source_id": doc.source_id,
        "status": "live", "kind": KIND_DOCUMENT, "type": doc.type, "doc_type": doc.doc_type, "number": doc.number,
        "issuer": doc.issuer, "pages": doc.page_count, "ocr": doc.ocr, "articles": doc.articles,
        "group": None, "group_size": 1,
    }


def document_document(doc: Document) -> dict:
    """The Whoosh document for an attached file: searched like an article, its pages kept apart in the text."""
    title_exact, title_fold = analyse(doc.title)
    body_exact, body_fold = analyse(doc.text)
    year = doc.issued[:4] if doc.issued and doc.issued[:4].isdigit() else None
    out = {
        "id": doc.id, "title_exact": title_exact, "title_fold": title_fold, "body_exact": body_exact,
        "body_fold": body_fold, "date": date_key(doc.issued, None), "doc": stored_document(doc),
        "text_z": zlib.compress(PAGE_BREAK.join(p.text for p in doc.pages).encode("utf-8"), 1),
        "province": doc.province, "province_2025": doc.province_2025, "unit": doc.unit, "level": doc.level,
        "year": year, "source": doc.source, "status": "live", "collection": _as_list(doc.collections),
        "kind": KIND_DOCUMENT, "doc_type": doc.doc_type,
    }
    return {k: v for k, v in out.items() if v not in (None, "", [])}


def index_document(record: Article | Document) -> dict:
    """The Whoosh document of an archive record: an article or a document."""
    return document_document(record) if isinstance(record, Document) else article_document(record)


__all__ = ["COLUMNS", "DATE_FIELD", "FACETS", "GROUP", "MULTI_FACETS", "PAIR_FIELDS", "SCHEMA_VERSION",
           "article_document", "build_schema", "document_document", "index_document", "date_key", "stored_doc"]
