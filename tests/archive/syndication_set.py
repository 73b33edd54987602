"""A labelled test set for syndicated-copy grouping (``archive.syndication``), made deterministically.

The hand-written data is ``tests/fixtures/syndication/events.json`` (Vietnamese, NFC), one JSON object::

    {"sources": [{"id", "name", "province", "unit", "level"}, ...],
     "events":  [{"id", "topic", "reports": [{"source", "published", "title", "text"}, ...]}, ...],
     "bases":   [{"id", "source", "published", "title", "text"}, ...],
     "notices": [{"id", "source", "published", "title", "text"}, ...],
     "series":  [{"id", "source", "title", "template", "fills": [{"published", <slot>: <value>, ...}, ...]}]}

``source`` is the id of one of ``sources``; ``published`` is YYYY-MM-DD; a text's paragraphs are separated
by a blank line. An *event* is reported by 2-3 different sources in their own words (shared names,
numbers, dates, perhaps one quoted sentence or programme title): the reports are distinct articles and
must not be grouped (hard negatives). A *base* is a standalone article (150-500 words) that the set
reprints. A *notice* is a one-line text under ``MIN_WORDS`` words, copied nearly verbatim: never grouped.
A *series* is one source's templated periodic report (``str.format`` slots: numbers, names, a sentence):
distinct articles with mostly the same sentences, a probe of where precision ends (``series_items``,
left out of ``build_set``).

``build_set()`` turns this into :class:`Item` s (an ``Archive.import_article`` record and its labels):
every base with 4 reprints by other sources (and, with ``with_shared``, the article bodies of
``../shared/fixtures/truth.json`` with 2 each), each reprint of one ``VARIANTS`` kind, a new title and a
later date; every event report (its own true group) and a reprint of every third event's first report;
three copies of every notice (each its own true group). The same seed gives the same set.
"""
from __future__ import annotations

import itertools
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from archive.text import WORD_RE, fold_word

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "syndication" / "events.json"
SEED = 20250917
VARIANTS = ("headline", "byline_start", "byline_end", "trimmed", "word_edits", "sentence_dropped",
            "reordered", "intro_added", "combo", "heavy", "chain")
REPRINTS_PER_BASE, REPRINTS_PER_SHARED = 4, 2

# light edits an editor makes: phrase -> replacements (case-sensitive, whole words)
SYNONYMS = {
    "Nhân dân": ["người dân", "bà con"], "người dân": ["bà con", "quần chúng"], "bà con": ["người dân"],
    "tổ chức": ["tiến hành"], "tham dự": ["có mặt"], "cho biết": ["chia sẻ", "thông tin"],
    "hơn": ["trên"], "đến nay": ["tới nay", "đến thời điểm này"], "tích cực": ["chủ động"],
    "hiệu quả": ["thiết thực"], "góp phần": ["đóng góp"], "đề nghị": ["yêu cầu"], "thường xuyên": ["luôn"],
    "toàn huyện": ["cả huyện"], "toàn tỉnh": ["cả tỉnh"], "Tại": ["Ở"], "gia đình": ["hộ gia đình"],
    "khó khăn": ["vất vả"], "triển khai": ["thực hiện"], "Sau": ["Qua"],
    "nhiều": ["không ít"], "Đến nay": ["Tới nay"], "năm qua": ["năm vừa qua"], "đã": [""], "rất": [""],
}
_BEFORE_NUMBER = {"hơn"}      # "hơn 300" -> "trên 300", but not "hơn nhiều"
_SYNONYM_RE = re.compile("|".join(rf"(?<!\w){re.escape(k)}" + (r"(?= \d)" if k in _BEFORE_NUMBER else r"(?!\w)")
                                  for k in sorted(SYNONYMS, key=len, reverse=True)))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?]”)\s+")
AUTHORS = ["THU HÀ", "MINH KHÔI", "Nguyễn Lan", "H’Nhi", "Trần Quang", "Lê Hoài", "KSOR H’PHƯƠNG"]
INTROS = [
    "Thời gian qua, công tác dân vận ở cơ sở tiếp tục có nhiều chuyển biến tích cực.",
    "Đây là một trong những cách làm hay vừa được {orig} ghi nhận.",
    "Xin giới thiệu cùng bạn đọc bài viết của {orig}.",
    "Thực hiện phong trào thi đua “Dân vận khéo”, nhiều địa phương đã có những cách làm sáng tạo.",
]


@dataclass(frozen=True)
class Item:
    label: str                   # unique and readable: "b03", "b03~2", "e02/1", "n01#2", "s07~1"
    truth: str                   # true group: a base's label for it and its reprints; its own label otherwise
    kind: str                    # "original", one of VARIANTS, "event" or "notice"
    record: dict = field(repr=False)  # an Archive.import_article record
    parent: str | None = None    # the label of the article it was copied from


# -- text edits ----------------------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph (a quotation “...” stays whole)."""
    out: list[str] = []
    for piece in (s for s in _SENTENCE_END.split(paragraph) if s):
        if out and out[-1].count("“") > out[-1].count("”"):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


def edit_words(text: str, rng: random.Random, n: int) -> str:
    """``n`` phrase substitutions (or fewer, where the text offers fewer), at random places."""
    matches = list(_SYNONYM_RE.finditer(text))
    for m in sorted(rng.sample(matches, min(n, len(matches))), key=lambda m: m.start(), reverse=True):
        new = rng.choice(SYNONYMS[m.group(0)])
        end = m.end() + 1 if not new and text[m.end():m.end() + 1] == " " else m.end()
        text = text[:m.start()] + new + text[end:]
    return text


def drop_sentence(text: str, rng: random.Random) -> str:
    """One sentence left out, not the lead's first one, in a paragraph of two or more sentences."""
    paras = paragraphs(text)
    choices = [(i, j) for i, p in enumerate(paras) for j in range(len(sentences(p))) if (i, j) != (0, 0)
               and len(sentences(p)) > 1]
    i, j = rng.choice(choices)
    parts = sentences(paras[i])
    paras[i] = " ".join(parts[:j] + parts[j + 1:])
    return "\n\n".join(paras)


def reorder(text: str, rng: random.Random) -> str:
    """Two middle paragraphs swapped, or (in a short text) two sentences of one paragraph."""
    paras = paragraphs(text)
    if len(paras) >= 4:
        i = rng.randrange(1, len(paras) - 2)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    elif any(len(sentences(p)) > 1 for p in paras):
        i = max(range(len(paras)), key=lambda k: len(sentences(paras[k])))
        parts = sentences(paras[i])
        parts[-1], parts[-2] = parts[-2], parts[-1]
        paras[i] = " ".join(parts)
    elif len(paras) > 1:
        paras[-1], paras[-2] = paras[-2], paras[-1]
    return "\n\n".join(paras)


def trim_last(text: str) -> str:
    paras = paragraphs(text)
    return "\n\n".join(paras[:-1] if len(paras) > 2 else paras)


def add_intro(text: str, rng: random.Random, orig: str) -> str:
    intro = rng.choice(INTROS).format(orig=orig)
    if rng.random() < 0.5:
        return intro + "\n\n" + text
    return intro + " " + text


def add_byline(text: str, rng: random.Random, orig: str, at_start: bool) -> str:
    line = rng.choice([f"Nguồn: {orig}", f"Theo {orig}", f"{rng.choice(AUTHORS)} ({orig})", rng.choice(AUTHORS)])
    if at_start:
        return rng.choice([line, f"({orig}) -"]) + "\n\n" + text
    return text + "\n\n" + line


def apply_variant(kind: str, text: str, rng: random.Random, orig: str) -> str:
    """A reprint's text: ``orig`` is the name of the source copied from (for bylines and intros)."""
    if kind == "headline":
        return text
    if kind == "byline_start":
        return add_byline(text, rng, orig, at_start=True)
    if kind == "byline_end":
        return add_byline(text, rng, orig, at_start=False)
    if kind == "trimmed":
        return trim_last(text)
    if kind == "word_edits":
        return edit_words(text, rng, rng.randint(3, 5))
    if kind == "sentence_dropped":
        return drop_sentence(text, rng)
    if kind == "reordered":
        return reorder(text, rng)
    if kind == "intro_added":
        return add_intro(text, rng, orig)
    if kind == "combo":
        return add_byline(edit_words(trim_last(text), rng, 2), rng, orig, at_start=rng.random() < 0.5)
    if kind == "chain":      # a reprint of a reprint: the copier's own edits, its byline at the end
        return add_byline(edit_words(trim_last(text), rng, 2), rng, orig, at_start=False)
    if kind == "heavy":
        text = edit_words(drop_sentence(trim_last(text), rng), rng, 5)
        return add_byline(add_intro(reorder(text, rng), rng, orig), rng, orig, at_start=False)
    raise ValueError(f"unknown variant {kind!r}")


def new_headline(title: str, rng: random.Random, province: str) -> str:
    """A reprint's headline: the editor's own."""
    bare = title.split(": ", 1)[-1]
    return rng.choice([f"{province}: {bare}", bare + " - những kết quả bước đầu", "Khối dân vận: " + bare,
                       bare[:1].upper() + bare[1:].rstrip(".") + " trên địa bàn tỉnh"])


# -- records -------------------------------------------------------------------------------------

def load_data(path: Path = DATA) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def slug(title: str) -> str:
    return "-".join(fold_word(w) for w in WORD_RE.findall(title))[:70]


class _Records:
    """Import records with unique URLs, the sources' fields filled in."""

    def __init__(self, sources: list[dict]):
        self.sources = {s["id"]: s for s in sources}
        self.reprinters = list(self.sources)       # who reprints: the sources of events.json only

    def make(self, label: str, source_id: str, title: str, text: str, published: str) -> dict:
        s, tail = self.sources[source_id], re.sub(r"\W+", "-", label)
        return {"url": f"https://{source_id}.example.vn/tin-tuc/{slug(title)}-{tail}.html",
                "title": title, "text": text, "published": published, "source": s["name"], "source_id": s["id"],
                "province": s["province"], "unit": s["unit"], "level": s["level"]}


def later(published: str, rng: random.Random) -> str:
    return (date.fromisoformat(published) + timedelta(days=rng.randint(1, 12))).isoformat()


def reprints(original: Item, kinds: list[str], rng: random.Random, records: _Records) -> list[Item]:
    """``original`` reprinted once per kind by other sources (a chain copies the previous reprint)."""
    rec = original.record
    others = [s for s in records.reprinters if s != rec["source_id"]]
    out: list[Item] = []
    for n, (kind, source_id) in enumerate(zip(kinds, rng.sample(others, len(kinds)), strict=True)):
        parent = out[-1] if kind == "chain" and out else original
        text = apply_variant(kind, parent.record["text"], rng, parent.record["source"])
        title = new_headline(rec["title"], rng, rec["province"] or "Tin địa phương") \
            if kind == "headline" or rng.random() < 0.6 else rec["title"]
        published = later(parent.record["published"], rng)
        label = f"{original.label}~{n + 1}"
        out.append(Item(label, original.truth, kind, records.make(label, source_id, title, text, published),
                        parent.label))
    return out


def _kinds(start: int, n: int) -> list[str]:
    """``n`` kinds, rotating through VARIANTS; a chain goes last (it copies an earlier reprint)."""
    kinds = [VARIANTS[(start + j) % len(VARIANTS)] for j in range(n)]
    return sorted(kinds, key=lambda k: k == "chain")


def shared_bases(shared: Path, records: _Records) -> list[dict]:
    """The article bodies of the shared fixture sites' ground truth, as extra bases (none if absent);
    their sites join ``records``' sources (not its reprinters)."""
    path = shared / "fixtures" / "truth.json"
    if not path.is_file():
        return []
    out = []
    for n, (_, t) in enumerate(sorted(json.loads(path.read_text(encoding="utf-8")).items()), start=1):
        name = f"Báo {t['province']}" if t["unit"] == "Báo tỉnh" else f"{t['unit']} {t['district'] or t['province']}"
        records.sources.setdefault(t["site"], {"id": t["site"], "name": name, "province": t["province"],
                                               "unit": t["unit"], "level": t["level"]})
        out.append({"id": f"s{n:02d}", "source": t["site"], "published": t["published"], "title": t["title"],
                    "text": "\n\n".join(t["body"])})
    return out


def base_items(data: dict, records: _Records, rng: random.Random, shared: Path | None) -> list[Item]:
    out: list[Item] = []
    bases = [(b, REPRINTS_PER_BASE) for b in data["bases"]]
    bases += [(b, REPRINTS_PER_SHARED) for b in (shared_bases(shared, records) if shared else [])]
    rotation = 0
    for base, n in bases:      # the shared bases last: without them, the rest of the set is the same
        original = Item(base["id"], base["id"], "original",
                        records.make(base["id"], base["source"], base["title"], base["text"], base["published"]))
        out.append(original)
        out.extend(reprints(original, _kinds(rotation, n), rng, records))
        rotation += n
    return out


def event_items(data: dict, records: _Records, rng: random.Random) -> list[Item]:
    out: list[Item] = []
    for e, event in enumerate(data["events"]):
        for r, report in enumerate(event["reports"]):
            label = f"{event['id']}/{r}"
            item = Item(label, label, "event",
                        records.make(label, report["source"], report["title"], report["text"], report["published"]))
            out.append(item)
            if r == 0 and e % 3 == 0:
                kind = VARIANTS[(e // 3) % (len(VARIANTS) - 2)]     # never heavy or chain
                out.extend(reprints(item, [kind], rng, records))
    return out


def notice_items(data: dict, records: _Records, rng: random.Random) -> list[Item]:
    """Each notice and two near-verbatim copies (one word changed, or a dateline added)."""
    out: list[Item] = []
    for notice in data["notices"]:
        others = [s for s in records.reprinters if s != notice["source"]]
        texts = [notice["text"], notice["text"], edit_words(notice["text"], rng, 1)]
        for n, (text, source_id) in enumerate(zip(texts, [notice["source"]] + rng.sample(others, 2), strict=True)):
            label = f"{notice['id']}#{n}"
            published = notice["published"] if n == 0 else later(notice["published"], rng)
            out.append(Item(label, label, "notice", records.make(label, source_id, notice["title"], text, published),
                            None if n == 0 else f"{notice['id']}#0"))
    return out


def series_items(path: Path = DATA) -> list[Item]:
    """The templated series, one article per fill (each its own true group), labels "t01.1", ..."""
    data = load_data(path)
    records, out = _Records(data["sources"]), []
    for series in data.get("series", []):
        for n, fill in enumerate(series["fills"], start=1):
            label = f"{series['id']}.{n}"
            out.append(Item(label, label, "series", records.make(
                label, series["source"], series["title"].format(**fill), series["template"].format(**fill),
                fill["published"])))
    return out


def build_set(seed: int = SEED, shared: Path | None = None, path: Path = DATA) -> list[Item]:
    """The labelled set; ``shared`` (the shared folder) adds its fixture articles as extra bases."""
    data = load_data(path)
    records = _Records(data["sources"])     # one generator per part: the shared bases change no other part
    items = base_items(data, records, random.Random(f"{seed}-bases"), shared) + \
        event_items(data, records, random.Random(f"{seed}-events")) + \
        notice_items(data, records, random.Random(f"{seed}-notices"))
    assert len({i.label for i in items}) == len(items) and len({i.record["url"] for i in items}) == len(items)
    return items


# -- scoring -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(clusters: dict[str, list[str]]) -> set[frozenset]:
    return {frozenset(p) for members in clusters.values() for p in itertools.combinations(sorted(members), 2)}


def pairwise_scores(items: list[Item], predicted: dict[str, str | None]) -> Scores:
    """Pairs of articles in one predicted group vs pairs in one true group (``predicted``: label -> group)."""
    truth: dict[str, list[str]] = {}
    guess: dict[str, list[str]] = {}
    for item in items:
        truth.setdefault(item.truth, []).append(item.label)
        if predicted.get(item.label):
            guess.setdefault(predicted[item.label], []).append(item.label)
    true_pairs, predicted_pairs = _pairs(truth), _pairs(guess)
    correct = len(true_pairs & predicted_pairs)
    precision = correct / len(predicted_pairs) if predicted_pairs else 1.0
    recall = correct / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(true_pairs), len(predicted_pairs), correct)


def joined_by_kind(items: list[Item], predicted: dict[str, str | None]) -> dict[str, tuple[int, int]]:
    """Per variant kind: (reprints in their original's group, reprints)."""
    originals = {i.truth: i.label for i in items if i.label == i.truth}
    out: dict[str, tuple[int, int]] = {}
    for item in items:
        if item.kind in VARIANTS:
            group, ok = predicted.get(item.label), 0
            ok = int(group is not None and group == predicted.get(originals[item.truth]))
            joined, total = out.get(item.kind, (0, 0))
            out[item.kind] = (joined + ok, total + 1)
    return out


def same_event_pairs(items: list[Item]) -> list[tuple[str, str]]:
    """Pairs of distinct reports of one event (labels)."""
    reports = [i for i in items if i.kind == "event"]
    return [(a.label, b.label) for a, b in itertools.combinations(reports, 2)
            if a.label.split("/")[0] == b.label.split("/")[0]]
