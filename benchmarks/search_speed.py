"""Search speed at scale: the danvan index beside SQLite FTS5 on the same synthetic corpus.

Generates a deterministic synthetic Vietnamese corpus (articles of 300–900 syllables over the
63 provinces, 11 years, 7 kinds of publishing unit), writes it as JSONL, imports it into a fresh
archive (the code path of ``danvan import``), rebuilds the index (``danvan reindex``), builds an
FTS5 table (unicode61 remove_diacritics 2, "đ" mapped to "d", facets by GROUP BY) from the same
articles, and prints indexing speed, index size and p50/p95 latency per query type for both.

    .venv/bin/python benchmarks/search_speed.py                  # 10k and 100k articles
    .venv/bin/python benchmarks/search_speed.py --sizes 10000    # quick run
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import Archive, Config  # noqa: E402
from archive.places import province_2025, province_names  # noqa: E402
from archive.text import fold, nfc  # noqa: E402
from index import SearchIndex, SearchQuery  # noqa: E402

# -- corpus ------------------------------------------------------------------------------------

# common words of the domain (1–3 syllables), most frequent first: they get Zipf weights
WORDS = """dân vận|nhân dân|cán bộ|công tác|phát triển|kinh tế|xã hội|chính quyền|đảng viên|tuyên truyền|
vận động|hội viên|mặt trận|đoàn thể|nông thôn mới|địa phương|thực hiện|tổ chức|hoạt động|phong trào|
thi đua|dân vận khéo|mô hình|hiệu quả|đồng bào|dân tộc|thiểu số|tôn giáo|chức sắc|người có uy tín|
quy chế dân chủ|cơ sở|đối thoại|trực tiếp|giảm nghèo|bền vững|chuyển đổi số|an sinh|xã hội chủ nghĩa|
hộ nghèo|nhà tạm|dột nát|hiến đất|mở đường|bê tông|giao thông|thủy lợi|sản xuất|nông nghiệp|
cây trồng|vật nuôi|hợp tác xã|doanh nghiệp|thanh niên|phụ nữ|nông dân|cựu chiến binh|công đoàn|
lực lượng vũ trang|bộ đội|công an|quốc phòng|an ninh|trật tự|biên giới|hòa giải|khiếu nại|tố cáo|
học tập|làm theo|tư tưởng|đạo đức|phong cách|Hồ Chí Minh|nghị quyết|chỉ thị|kế hoạch|tổng kết|
sơ kết|hội nghị|triển khai|nhiệm vụ|năm|tháng|ngày|xã|huyện|tỉnh|thôn|bản|ấp|phường|
trong|của|và|các|những|với|cho|được|đã|đến|từ|theo|tại|về|là|có|người|một|này|để|
khối|ban|thường trực|ủy ban|hội đồng|ban chỉ đạo|thành viên|lãnh đạo|chỉ đạo|phối hợp|
gia đình|chính sách|thương binh|liệt sĩ|người cao tuổi|trẻ em|học sinh|trường học|y tế|sức khỏe|
văn hóa|thể thao|du lịch|môi trường|rác thải|nước sạch|điện|nhà ở|đất đai|tài nguyên|
hỗ trợ|giúp đỡ|thăm hỏi|tặng quà|trao|kinh phí|triệu đồng|tỷ đồng|ngày công|tấn|héc ta|
tích cực|chủ động|sáng tạo|đoàn kết|thống nhất|đồng thuận|niềm tin|gần dân|trọng dân|hiểu dân|
học dân|có trách nhiệm|với dân|dân biết|dân bàn|dân làm|dân kiểm tra|dân giám sát|dân thụ hưởng|
hoà|uỷ|thuỷ|khoẻ|toà án|hoả hoạn|Đắk|Krông|Ea|Buôn|Mường|Lộc Ninh|Krông Pa|Sơn Hòa|Đồng Xuân""".replace("\n", "")

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
          "qu", "r", "s", "t", "th", "tr", "v", "x"]
RHYMES = ["a", "ai", "am", "an", "ang", "anh", "ao", "ay", "ăm", "ăn", "ăng", "âm", "ân", "âng", "âu", "ây", "e", "em",
          "en", "eo", "ê", "êm", "ên", "ênh", "êu", "i", "ia", "im", "in", "inh", "iu", "iêm", "iên", "iêng", "iêu", "o",
          "oa", "oai", "oan", "oang", "oanh", "oi", "om", "on", "ong", "ô", "ôi", "ôm", "ôn", "ông", "ơ", "ơi", "ơm",
          "ơn", "u", "ua", "uân", "ui", "um", "un", "ung", "uy", "uyên", "ư", "ưa", "ưi", "ưng", "ươi", "ươm", "ươn",
          "ương", "ươu"]
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
UNITS = [("Ban Dân vận Tỉnh ủy", "tỉnh"), ("Ban Dân vận Huyện ủy", "huyện"), ("Báo tỉnh", "tỉnh"),
         ("Ủy ban MTTQ Việt Nam tỉnh", "tỉnh"), ("Hội Nông dân tỉnh", "tỉnh"), ("Tỉnh đoàn", "tỉnh"),
         ("Hội Liên hiệp Phụ nữ tỉnh", "tỉnh")]
YEARS = list(range(2015, 2026))  # 11 years


def syllable(rng: random.Random) -> str:
    rhyme = rng.choice(RHYMES)
    tone = rng.choice(TONES)
    vowel_at = next(i for i, ch in enumerate(rhyme) if ch in "aăâeêioôơuưy")
    text = rng.choice(ONSETS) + rhyme[:vowel_at + 1] + tone + rhyme[vowel_at + 1:]
    return nfc(text)


class Corpus:
    """A deterministic generator of articles and of the queries run against them."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        words = [w.strip() for w in WORDS.split("|") if w.strip()]
        rare = sorted({syllable(self.rng) for _ in range(6000)})
        self.rng.shuffle(rare)
        self.vocab = words + rare
        # Zipf-like weights: word k has weight 1/(k+3)
        self.weights = [1.0 / (k + 3) for k in range(len(self.vocab))]
        self.cum = list(accumulate(self.weights))
        self.provinces = province_names()

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def sentence(self, min_syll: int, max_syll: int) -> str:
        target = self.rng.randint(min_syll, max_syll)
        out: list[str] = []
        while sum(len(w.split()) for w in out) < target:
            out.extend(self.words(4))
        text = " ".join(out)
        return text[:1].upper() + text[1:]

    def article(self, i: int) -> dict:
        rng = self.rng
        province = self.provinces[i % len(self.provinces)] if i < len(self.provinces) else rng.choice(self.provinces)
        unit, level = rng.choice(UNITS)
        year = rng.choice(YEARS)
        syllables = rng.randint(300, 900)
        paragraphs, count = [], 0
        while count < syllables:
            para = ". ".join(self.sentence(12, 30) for _ in range(rng.randint(2, 5))) + "."
            paragraphs.append(para)
            count += len(para.split())
        district = f"Huyện {rng.randint(1, 12)}" if level == "huyện" else None
        source = f"{unit} {province}" + (f" ({district})" if district else "")
        return {
            "url": f"https://bench-{i % 500}.example.vn/tin-tuc/{i}.html",
            "title": self.sentence(8, 16), "text": "\n\n".join(paragraphs),
            "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "published_time": f"{rng.randint(6, 20):02d}:{rng.choice([0, 15, 30, 45]):02d}",
            "author": None, "province": province, "unit": unit, "level": level, "district": district,
            "source": source, "source_id": f"bench-{i % 500}", "status": "live",
        }

    def queries(self, n: int) -> dict[str, list[dict]]:
        """n queries per type; words drawn from the frequent part of the vocabulary."""
        rng = random.Random(11)
        singles = [w for w in self.vocab[:400] if " " not in w]
        multis = [w for w in self.vocab[:250] if len(w.split()) >= 2]
        frequent = singles[:300]
        pick = lambda pool: pool[rng.randrange(len(pool))]  # noqa: E731
        out: dict[str, list[dict]] = {k: [] for k in QUERY_TYPES}
        for _ in range(n):
            out["single word"].append({"q": pick(frequent)})
            out["two words"].append({"q": f"{pick(frequent)} {pick(frequent)}"})
            out["phrase"].append({"q": f'"{pick(multis)}"'})
            out["diacritic-free words"].append({"q": fold(f"{pick(frequent)} {pick(frequent)}")})
            out["word + facet filter"].append({"q": pick(frequent), "province": rng.choice(self.provinces)})
            out["word + all facet counts"].append({"q": pick(frequent)})
            out["highlighted top-10"].append({"q": f"{pick(frequent)} {pick(frequent)}"})
        return out


QUERY_TYPES = ("single word", "two words", "phrase", "diacritic-free words", "word + facet filter",
               "word + all facet counts", "highlighted top-10")


def write_jsonl(corpus: Corpus, size: int, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(size):
            out.write(json.dumps(corpus.article(i), ensure_ascii=False) + "\n")


# -- the two engines ---------------------------------------------------------------------------

def import_archive(jsonl: Path, home: Path) -> tuple[Config, float]:
    """The ``danvan import`` path into the archive: every line checked (archive.imports), stored in batches."""
    from archive.imports import parse_line

    config = Config.load(home)
    start = time.perf_counter()
    with Archive.open(config) as archive, open(jsonl, "rb") as lines:
        batch = []
        for line in lines:
            batch.append(parse_line(line.rstrip(b"\n")))
            if len(batch) >= 500:
                archive.import_articles(batch)
                batch = []
        archive.import_articles(batch)
    return config, time.perf_counter() - start


def fts_fold(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


def build_fts(jsonl: Path, path: Path) -> float:
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, url TEXT, province TEXT, province_2025 TEXT,
                           unit TEXT, level TEXT, year TEXT, source TEXT, status TEXT, published TEXT);
        CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
    """)
    with open(jsonl, encoding="utf-8") as lines:
        for i, line in enumerate(lines, start=1):
            a = json.loads(line)
            db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (i, a["title"], a["url"], a["province"], province_2025(a["province"]), a["unit"], a["level"],
                        a["published"][:4], a["source"], a["status"], a["published"]))
            db.execute("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                       (i, fts_fold(a["title"]), fts_fold(a["text"])))
    db.execute("CREATE INDEX docs_province ON docs(province)")
    db.commit()
    db.close()
    return time.perf_counter() - start


def fts_match(q: str) -> str:
    """The query in FTS5 syntax: words ANDed, phrases kept (diacritics removed by the tokenizer)."""
    q = fts_fold(q)
    if q.startswith('"'):
        return q
    return " ".join(f'"{w}"' for w in q.split())


FTS_FACETS = ("province", "province_2025", "unit", "level", "year", "source", "status")


def run_fts(db: sqlite3.Connection, kind: str, item: dict) -> None:
    match = fts_match(item["q"])
    base = "FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?"
    args: list = [match]
    if "province" in item:
        base += " AND d.province = ?"
        args.append(item["province"])
    db.execute(f"SELECT count(*) {base}", args).fetchone()
    if kind == "word + all facet counts":
        for facet in FTS_FACETS:
            db.execute(f"SELECT d.{facet}, count(*) {base} GROUP BY 1 ORDER BY 2 DESC", args).fetchall()
    if kind == "highlighted top-10":
        db.execute(f"SELECT d.id, d.title, snippet(fts, 1, '<mark>', '</mark>', '…', 30) {base} ORDER BY rank LIMIT 10",
                   args).fetchall()
    else:
        db.execute(f"SELECT d.id, d.title {base} ORDER BY rank LIMIT 10", args).fetchall()


def run_danvan(ix: SearchIndex, kind: str, item: dict) -> int:
    filters = {"province": [item["province"]]} if "province" in item else {}
    return ix.search(SearchQuery(q=item["q"], filters=filters, per_page=10)).total


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def bench(size: int, workdir: Path, nqueries: int, reuse: bool = False) -> dict:
    print(f"\n== {size:,} articles == (load average {os.getloadavg()[0]:.1f})", flush=True)
    corpus = Corpus()
    jsonl = workdir / f"corpus-{size}.jsonl"
    home = workdir / f"home-{size}"
    fts_path = workdir / f"fts-{size}.sqlite3"
    reusing = reuse and jsonl.exists() and (home / "archive.sqlite3").exists()
    if reusing:
        corpus.article(0)  # (the queries do not depend on the articles generated)
        config = Config.load(home)
        print("reusing the corpus and archive of an earlier run (and its FTS5 table if there is one); "
              "the index is rebuilt")
    else:
        start = time.perf_counter()
        write_jsonl(corpus, size, jsonl)
        print(f"generated {jsonl.stat().st_size / 1e6:.0f} MB of JSONL in {time.perf_counter() - start:.0f} s",
              flush=True)
        config, import_s = import_archive(jsonl, home)
        print(f"imported into the archive in {import_s:.0f} s ({size / import_s:.0f} articles/s)", flush=True)
    ix = SearchIndex(config.index_dir)
    with Archive.open(config) as archive:
        start = time.perf_counter()
        count = ix.rebuild(archive)
        index_s = time.perf_counter() - start
    current = (config.index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    index_bytes = dir_size(config.index_dir / current)  # the generation in use (the previous one is kept)
    print(f"danvan index: {count} docs in {index_s:.0f} s = {count / index_s:.0f} docs/s, "
          f"{index_bytes / 1e6:.0f} MB", flush=True)
    if reusing and fts_path.exists():
        fts_s = float("nan")
        print(f"FTS5: (reused) {fts_path.stat().st_size / 1e6:.0f} MB", flush=True)
    else:
        fts_path.unlink(missing_ok=True)
        fts_s = build_fts(jsonl, fts_path)
        print(f"FTS5: {size / fts_s:.0f} docs/s, {fts_path.stat().st_size / 1e6:.0f} MB", flush=True)

    queries = corpus.queries(nqueries)
    start = time.perf_counter()
    ix.search(SearchQuery(q="dân"))  # first search: opens the index, reads the facet columns
    first_ms = (time.perf_counter() - start) * 1000
    db = sqlite3.connect(fts_path)
    rows = []
    for kind in QUERY_TYPES:
        items = queries[kind]
        ours = timed(lambda item: run_danvan(ix, kind, item), items)
        theirs = timed(lambda item: run_fts(db, kind, item), items)
        rows.append((kind, pct(ours, 50), pct(ours, 95), pct(theirs, 50), pct(theirs, 95)))
    db.close()
    ix.close()
    print(f"first search (opens index, reads facet columns): {first_ms:.0f} ms; load average now "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'query type':<26} {'danvan p50':>10} {'p95':>8}   {'FTS5 p50':>9} {'p95':>8}   (ms; danvan = full "
          f"search: total, all facet counts, top 10 with snippets)")
    for kind, a50, a95, b50, b95 in rows:
        print(f"{kind:<26} {a50:>10.1f} {a95:>8.1f}   {b50:>9.1f} {b95:>8.1f}")
    return {"size": size, "index_docs_per_s": count / index_s, "index_mb": index_bytes / 1e6,
            "fts_docs_per_s": size / fts_s, "fts_mb": fts_path.stat().st_size / 1e6, "first_ms": first_ms,
            "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=40, help="queries per type (default 40)")
    parser.add_argument("--workdir", help="where to put corpora, archives and indexes (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse corpus, archive and FTS5 table found in --workdir (the index is always rebuilt)")
    args = parser.parse_args(argv)
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="danvan-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {workdir}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; "
          f"SQLite {sqlite3.sqlite_version}")
    try:
        results = [bench(size, workdir, args.queries, args.reuse) for size in args.sizes]
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
