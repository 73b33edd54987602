"""A readable diff between two versions of an article: paragraphs, then words inside changed ones.

The result is plain data (segments of text with an op); templates escape it like any other text.
"""
from __future__ import annotations

import difflib
import re

from archive.models import ArticleVersion
from webapp.highlight import paragraphs

TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_segments(a: str, b: str) -> list[dict]:
    """Word-level diff of two strings as [{"op": equal|delete|insert, "text"}]."""
    ta, tb = TOKEN_RE.findall(a or ""), TOKEN_RE.findall(b or "")
    out: list[dict] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            _add(out, "equal", "".join(ta[i1:i2]))
        else:
            _add(out, "delete", "".join(ta[i1:i2]))
            _add(out, "insert", "".join(tb[j1:j2]))
    return out


def _add(out: list[dict], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1]["op"] == op:
        out[-1]["text"] += text
    else:
        out.append({"op": op, "text": text})


def paragraph_diff(a: str, b: str) -> list[dict]:
    """[{"op": equal|changed|delete|insert, "segments": [...]}], one entry per paragraph."""
    pa, pb = paragraphs(a), paragraphs(b)
    out: list[dict] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend({"op": "equal", "segments": [{"op": "equal", "text": p}]} for p in pa[i1:i2])
        elif op == "delete":
            out.extend({"op": "delete", "segments": [{"op": "delete", "text": p}]} for p in pa[i1:i2])
        elif op == "insert":
            out.extend({"op": "insert", "segments": [{"op": "insert", "text": p}]} for p in pb[j1:j2])
        else:
            olds, news = pa[i1:i2], pb[j1:j2]
            for k in range(max(len(olds), len(news))):
                old = olds[k] if k < len(olds) else ""
                new = news[k] if k < len(news) else ""
                kind = "changed" if old and new else ("delete" if old else "insert")
                out.append({"op": kind, "segments": word_segments(old, new)})
    return out


def version_diff(a: ArticleVersion, b: ArticleVersion) -> dict:
    """What changed from version ``a`` to version ``b``: metadata fields and the text."""
    fields = []
    for name in ("title", "published", "published_time", "author"):
        old, new = getattr(a, name) or "", getattr(b, name) or ""
        if old != new:
            fields.append({"field": name, "old": old, "new": new, "segments": word_segments(old, new)})
    text = paragraph_diff(a.text, b.text)
    return {
        "from_version": a.version, "to_version": b.version, "from_fetched_at": a.fetched_at,
        "to_fetched_at": b.fetched_at, "fields": fields, "paragraphs": text,
        "changed_paragraphs": sum(1 for p in text if p["op"] != "equal"),
        "unified": list(difflib.unified_diff(paragraphs(a.text), paragraphs(b.text), f"v{a.version}",
                                             f"v{b.version}", lineterm="")),
    }
