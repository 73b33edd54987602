"""Answering a search on one searcher: per-segment masks, the order of the hits, a hit's fields and snippet."""
from __future__ import annotations

import heapq
import math
import zlib
from collections import Counter

import numpy as np

from index.analysis import analyse
from index.columns import SegmentData
from index.segmentcache import SegmentCache
from index.matching import Evaluator
from index.impacts import ScoreTerm, score_terms
from index.ranking import Part, Ranked, by_date, rank
from index.facets import Leaf, intersect, without_deleted
from index.groups import one_per_group
from index.highlight import highlight_all, page_snippet, snippet
from index.query import CompiledQuery
from index.searchquery import SearchQuery
from index.schema import KIND_DOCUMENT

SIMILAR_TERMS = 12          # distinctive words that find an article's similar ones
MAX_DF_SHARE = 0.5          # words in more than half the articles are not distinctive


def leaves(cache: SegmentCache, searcher, sq: SearchQuery, compiled: CompiledQuery) -> list[Leaf]:
    """Each segment's matching documents (query, dates, deletions) and its filtered facets' documents."""
    out = []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        data = cache.data(reader)
        base = _base(reader, data, Evaluator(cache, reader).docs(compiled.match), sq)
        allowed = {facet: mask for facet, values in sq.matched_filters.items()
                   if not (mask := data.any_of(facet, values)).all()}  # a filter every document passes is left out
        out.append(Leaf(sub, offset, data, base, allowed, intersect(base, allowed.values())))
    if sq.unique:
        for leaf, hits in zip(out, one_per_group([leaf.data for leaf in out], [leaf.hits for leaf in out])):
            leaf.hits = hits
    return out


def total(found: list[Leaf]) -> int:
    return sum(int(np.count_nonzero(leaf.hits)) for leaf in found)


def _base(reader, data: SegmentData, docs, sq: SearchQuery):
    """The matching documents inside the date range, deleted ones left out (facet filters not applied)."""
    if sq.date_from or sq.date_to:
        docs = docs & data.in_date_range(_date_int(sq.date_from), _date_int(sq.date_to))
    return without_deleted(reader, docs)


def ranked(cache: SegmentCache, found: list[Leaf], sq: SearchQuery, compiled: CompiledQuery,
           wanted: int) -> list[Ranked]:
    """The first ``wanted`` hits in the query's order."""
    parts = [Part(leaf.sub.reader(), leaf.offset, leaf.data, leaf.hits) for leaf in found]
    terms = score_terms(compiled.score) if sq.sort == "relevance" and compiled.scorable else []
    if terms:
        return rank(cache, parts, terms, wanted)
    return by_date(parts, wanted, newest=sq.sort != "oldest")


def hit(searcher, docnum: int, score: float | None, words: list[str] | None) -> dict:
    """A hit's stored fields and score; with ``words`` (even none) its snippet and highlighted title."""
    stored = searcher.stored_fields(docnum)
    out = dict(stored.get("doc") or {})
    if words is not None and out.get("kind") == KIND_DOCUMENT:
        out["page"], text = page_snippet(stored_text(stored), words)
        out["snippet"] = f"Trang {out['page']}: {text}"
        out["title_highlighted"] = highlight_all(out.get("title") or "", words)
    elif words is not None:
        out["snippet"] = snippet(stored_text(stored), words)
        out["title_highlighted"] = highlight_all(out.get("title") or "", words)
    out["score"] = round(score, 4) if score is not None else None
    return out


def similar(cache: SegmentCache, searcher, article_id: str, limit: int) -> list[dict]:
    """Articles sharing this one's most distinctive words (the article itself excluded)."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return []
    stored = searcher.stored_fields(docnum)
    title = (stored.get("doc") or {}).get("title") or ""
    tf = Counter(analyse(f"{title} {title} {stored_text(stored)}")[1])
    n = max(searcher.doc_count(), 1)
    weighted = []
    for term, count in tf.items():
        df = searcher.doc_frequency("body_fold", term) + searcher.doc_frequency("title_fold", term)
        if len(term) < 2 or df <= 1 or df > n * MAX_DF_SHARE:
            continue
        weighted.append((count * math.log(n / df), term))
    top = heapq.nlargest(SIMILAR_TERMS, weighted)
    if not top:
        return []
    terms = [ScoreTerm(field, term, max(weight, 0.1)) for weight, term in top for field in ("body_fold", "title_fold")]
    parts = []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        data = cache.data(reader)
        hits = np.zeros(data.size, dtype=bool)
        for term in terms:
            hits |= cache.term_mask(reader, term.field, term.text)
        hits = without_deleted(reader, hits)
        if 0 <= docnum - offset < data.size:
            hits[docnum - offset] = False
        parts.append(Part(reader, offset, data, hits))
    return [hit(searcher, r.docnum, r.score, []) for r in rank(cache, parts, terms, limit)]


def stored_text(stored: dict) -> str:
    """An article's text from its stored fields (kept zlib-compressed)."""
    return zlib.decompress(stored["text_z"]).decode("utf-8") if stored.get("text_z") else ""


def _date_int(bound: str | None) -> int | None:
    if not bound:
        return None
    return int(bound.replace("-", "").replace(" ", "").replace(":", ""))
