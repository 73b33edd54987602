"""'Find this wording': a pasted sentence or paragraph searched as near-phrases, passages side by side.

The text is cut into overlapping shingles of a few syllables; the index finds articles holding any of
them as a phrase; each candidate is then scored by how many shingles it holds, and its best passage
is shown next to the pasted text, both with the shared wording marked.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, request, url_for

from archive.documents import is_document_id
from archive.text import WORD_RE, fold_word, nfc
from webapp.params import InputError, clean_text
from webapp.resources import get_archive, get_index
from webapp.views import render

bp = Blueprint("wording", __name__)

MAX_TEXT = 3000
SHINGLE = 4
MAX_SHINGLES = 45
BATCH = 15  # shingles per index query (the index allows at most 64 words in one query)
CANDIDATES = 30  # per batch
RESULTS = 20
CONTEXT = 12  # syllables of context around a passage
GAP = 6  # matched runs closer than this join into one passage
MAX_BODY = 300_000  # characters of a candidate read for passages (a huge article must not stall the page)


@dataclass(frozen=True)
class Token:
    folded: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(fold_word(m.group(0)), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def shingles(toks: list[Token], size: int) -> list[tuple[str, ...]]:
    """Overlapping runs of ``size`` syllables (all of them if the text is shorter), first seen first."""
    words = [t.folded for t in toks]
    if len(words) <= size:
        return [tuple(words)] if words else []
    return list(dict.fromkeys(tuple(words[i:i + size]) for i in range(len(words) - size + 1)))


def sample(items: list, limit: int) -> list:
    """At most ``limit`` items spread evenly over the list (to cover a long paragraph)."""
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def phrase_query(grams: list[tuple[str, ...]]) -> str:
    return " OR ".join('"' + " ".join(g) + '"' for g in grams)


def matched_positions(toks: list[Token], wanted: set[tuple[str, ...]], size: int) -> tuple[set[int], set]:
    """Token positions covered by any wanted shingle, and which shingles were found."""
    words = [t.folded for t in toks]
    covered: set[int] = set()
    found: set = set()
    for i in range(len(words) - size + 1):
        gram = tuple(words[i:i + size])
        if gram in wanted:
            found.add(gram)
            covered.update(range(i, i + size))
    return covered, found


def segments(text: str, toks: list[Token], covered: set[int], first: int, last: int) -> list[dict]:
    """Text between tokens ``first`` and ``last`` as [{"text", "match"}] runs (escaped by the template)."""
    out: list[dict] = []
    pos = toks[first].start
    for i in range(first, last + 1):
        t = toks[i]
        match = i in covered
        # the gap before a token belongs to the run if both neighbours match
        gap_match = match and (i - 1) in covered and i > first
        _push(out, text[pos:t.start], gap_match)
        _push(out, text[t.start:t.end], match)
        pos = t.end
    return out


def _push(out: list[dict], text: str, match: bool) -> None:
    if not text:
        return
    if out and out[-1]["match"] == match:
        out[-1]["text"] += text
    else:
        out.append({"text": text, "match": match})


def passages(covered: set[int], count: int) -> list[tuple[int, int, int]]:
    """Runs of matched tokens joined across small gaps: (first, last, matched tokens), best first."""
    runs: list[list[int]] = []
    for i in sorted(covered):
        if runs and i - runs[-1][1] <= GAP:
            runs[-1][1] = i
            runs[-1][2] += 1
        else:
            runs.append([i, i, 1])
    runs.sort(key=lambda r: -r[2])
    return [(max(0, a - CONTEXT), min(count - 1, b + CONTEXT), n) for a, b, n in runs]


def candidates(grams: list[tuple[str, ...]]) -> list[str]:
    """Ids of articles holding any of the shingles as a phrase (a few index queries, best first)."""
    from index import SearchQuery
    from index.schema import KIND_ARTICLE, KIND_DOCUMENT

    ids: dict[str, None] = {}
    both = {"kind": [KIND_ARTICLE, KIND_DOCUMENT]}  # precedent wording is sought in documents too
    for i in range(0, len(grams), BATCH):
        found = get_index().search(SearchQuery(q=phrase_query(grams[i:i + BATCH]), filters=both, page=1,
                                               per_page=CANDIDATES))
        ids.update((h["id"], None) for h in found.hits)
    return list(ids)


PAGE_MARK = "\n\f\n"  # between a document's pages in the text searched for passages


def candidate_record(archive, record_id: str) -> tuple[dict, str] | None:
    """(what a result shows, the text its passages come from) of an article or an attached document."""
    if is_document_id(record_id):
        doc = archive.get_document(record_id)
        if doc is None:
            return None
        body = doc.title + PAGE_MARK + PAGE_MARK.join(p.text for p in doc.pages)
        return ({"id": doc.id, "kind": "văn bản", "title": doc.title, "url": doc.url, "published": doc.issued,
                 "province": doc.province, "unit": doc.unit, "source": doc.source, "doc_type": doc.doc_type,
                 "article_url": url_for("documents.document", document_id=doc.id)}, body[:MAX_BODY])
    article = archive.get_article(record_id)
    if article is None:
        return None
    return ({"id": article.id, "kind": "bài viết", "title": article.title, "url": article.url,
             "published": article.published, "province": article.province, "unit": article.unit,
             "source": article.source, "article_url": url_for("articles.article", article_id=article.id)},
            article.title + "\n\n" + article.text[:MAX_BODY])


@bp.get("/wording", endpoint="wording")
@bp.get("/api/wording", endpoint="wording_api")
def wording_page():
    return render(wording_view(request.args.get("text", "")), "wording.html")


def wording_view(text: str) -> dict:
    """Articles sharing the pasted wording, best first, each with its best passage beside the text."""
    text = nfc(clean_text(text)).strip()
    if len(text) > MAX_TEXT:
        raise InputError(f"Đoạn văn quá dài (tối đa {MAX_TEXT} ký tự).")
    data = {"text": text, "results": [], "shingles": 0, "shingle_size": SHINGLE,
            "links": {"json": url_for("wording.wording_api", text=text) if text else url_for("wording.wording_api")}}
    query_toks = tokens(text)
    grams = shingles(query_toks, SHINGLE)
    if not grams:
        return data
    wanted, size = set(grams), len(grams[0])
    data["shingles"] = len(grams)
    archive = get_archive()
    scored = []
    for record_id in candidates(sample(grams, MAX_SHINGLES)):
        found = candidate_record(archive, record_id)
        if found is None:
            continue
        record, body = found
        toks = tokens(body)
        covered, shared = matched_positions(toks, wanted, size)
        if not shared:
            continue
        first, last, _ = passages(covered, len(toks))[0]
        q_covered, _ = matched_positions(query_toks, shared, size)
        if record["kind"] == "văn bản":
            record["page"] = body.count(PAGE_MARK, 0, toks[first].start)  # the title is "page 0"
        scored.append({
            **record, "score": round(len(shared) / len(grams), 3), "shared_shingles": len(shared),
            "passage": segments(body, toks, covered, first, last),
            "query": segments(text, query_toks, q_covered, 0, len(query_toks) - 1),
        })
    scored.sort(key=lambda r: (-r["score"], r["published"] or ""))
    data["results"] = scored[:RESULTS]
    return data
