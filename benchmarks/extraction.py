"""Measure article extraction; print tables (see benchmarks/extraction.md for the figures).

1. The shared fixture sites (../shared/fixtures, truth.json): per site, with site profiles on and
   off (leave-the-profile-out), and the same with plain trafilatura (+ htmldate for the date):
   article found rate, mean token F1 of the body, title / date / author / province / unit
   accuracy, boilerplate strings leaked, non-article pages wrongly taken for articles.
2. The public article-extraction benchmark (../shared/benchmarks/article-extraction-benchmark,
   181 English pages): its own metric (4-word shingles, precision and recall averaged over pages,
   F1 from the two means) for the generic path vs plain trafilatura.

Usage: python benchmarks/extraction.py [--shared PATH] [--skip-aeb] [--aeb-limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.sources import Source  # noqa: E402
from archive.text import clean_whitespace  # noqa: E402
from extract import extract_article  # noqa: E402
from extract.model import Extraction  # noqa: E402

TOKEN_RE = re.compile(r"\w+")
METHODS = {
    "profiles on": {"profiles": True},
    "profiles off": {"profiles": False},
    "profiles off, bs4 rules only": {"profiles": False, "second_opinion": False},
}
HTML_SUFFIXES = (".html", ".htm")


# -- metrics ------------------------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(clean_whitespace(text or ""))


def token_f1(predicted: str, truth: str) -> float:
    """Bag-of-tokens F1 after NFC and whitespace collapse (tokens = \\w+ runs)."""
    p, t = Counter(tokens(predicted)), Counter(tokens(truth))
    common = sum((p & t).values())
    if not p and not t:
        return 1.0
    if common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def shingle_counts(truth: str, predicted: str, n: int = 4) -> tuple[float, float, float]:
    """The benchmark's per-page (tp, fp, fn) over n-word shingles, normalised to sum 1."""
    def shingles(text: str) -> Counter:
        words = TOKEN_RE.findall(text or "")
        return Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)) if words[i:i + n])
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def benchmark_scores(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages (empty predictions cost recall only); F1 of the means."""
    def precision(tp, fp, fn):
        return 1.0 if fp == fn == 0 else tp / (tp + fp)

    def recall(tp, fp, fn):
        return 1.0 if fp == fn == 0 else tp / (tp + fn)
    p = statistics.mean(precision(*r) for r in rows if r[0] + r[1] > 0)
    r = statistics.mean(recall(*r) for r in rows if r[0] + r[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# -- fixture corpus -----------------------------------------------------------------------------

def load_sources(fixtures: Path) -> dict[str, Source]:
    import tomllib
    data = tomllib.loads((fixtures / "sources.toml").read_text(encoding="utf-8"))
    return {t["id"]: Source.from_dict(t) for t in data["source"]}


def fixture_pages(fixtures: Path) -> list[dict]:
    """Every truth article as first crawled, plus v2's edited and added articles."""
    truth = json.loads((fixtures / "truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, t in truth.items():
        if t.get("v2") != "added":
            pages.append({"key": key, "state": "v1", "file": fixtures / "sites" / key, "truth": t, "body": t["body"]})
        if t.get("v2") in ("edited", "added"):
            pages.append({"key": key, "state": "v2", "file": fixtures / "sites-v2" / key, "truth": t,
                          "body": t.get("body_v2") or t["body"]})
    return pages


def non_article_files(fixtures: Path) -> list[tuple[str, str, Path]]:
    """(site, path, file) for every HTML page of non_articles.json, both crawl states."""
    data = json.loads((fixtures / "non_articles.json").read_text(encoding="utf-8"))
    out = []
    for site, d in data.items():
        for state, paths in (("sites", d["non_articles"] + d.get("non_articles_v1_only", [])),
                             ("sites-v2", d.get("non_articles_v2_only", []))):
            for path in paths:
                f = fixtures / state / site / path.lstrip("/")
                if f.is_dir():
                    f = f / "index.html"
                if f.is_file() and f.suffix in HTML_SUFFIXES:
                    out.append((site, path, f))
    return out


def trafilatura_extraction(html: str, url: str, source: Source | None) -> Extraction:
    """Plain trafilatura for the body, title and author; htmldate for the date (the baseline)."""
    import trafilatura
    from htmldate import find_date
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True)
    doc = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = doc.get("text") or ""
    try:
        date = find_date(html, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001
        date = None
    r = Extraction(url=url, is_article=bool(text), title=doc.get("title"), published=date,
                   author=doc.get("author"), paragraphs=[p for p in text.split("\n") if p.strip()],
                   extractor="trafilatura")
    if source:
        r.province, r.unit = source.province, source.unit
    return r


def score_fixture(fixtures: Path, method: str) -> tuple[dict[str, dict], dict[str, int]]:
    sources = load_sources(fixtures)
    per_site: dict[str, dict] = {}
    for page in fixture_pages(fixtures):
        t = page["truth"]
        site = t["site"]
        url = "http://127.0.0.1" + t["url_path"]
        raw = page["file"].read_bytes()
        if method == "trafilatura":
            r = trafilatura_extraction(raw.decode("utf-8"), url, sources.get(site))
        else:
            r = extract_article(raw, url, sources.get(site), **METHODS[method])
        s = per_site.setdefault(site, {"n": 0, "found": 0, "f1": [], "title": 0, "date": 0, "author": 0,
                                       "province": 0, "unit": 0, "leaks": 0, "mentions": 0})
        s["n"] += 1
        s["found"] += r.is_article
        s["f1"].append(token_f1(r.text, "\n".join(page["body"])))
        s["title"] += r.title == t["title"]
        s["date"] += r.published == t["published"] and (method == "trafilatura" or
                                                         r.published_time == t.get("published_time"))
        s["author"] += r.author == t["author"]
        s["province"] += r.province == t["province"]
        s["unit"] += r.unit == t["unit"]
        s["mentions"] += sorted(r.provinces_mentioned) == sorted(t["provinces_mentioned"])
        stored = "\n".join([r.text, r.title or ""])
        s["leaks"] += sum(1 for needle in t["must_not_contain"] if needle in stored) if page["state"] == "v1" else 0
    wrong = {"pages": 0, "taken_for_articles": 0}
    if method != "trafilatura":
        for site, path, f in non_article_files(fixtures):
            r = extract_article(f.read_bytes(), "http://127.0.0.1" + path, sources.get(site), **METHODS[method])
            wrong["pages"] += 1
            wrong["taken_for_articles"] += r.is_article
    return per_site, wrong


def print_fixture_table(fixtures: Path) -> None:
    print("## Fixture sites (../shared/fixtures; v1 articles + v2 edits/additions)\n")
    print("| method | site | pages | found | body F1 | title | date+time | author | province | unit | "
          "mentions | leaks |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for method in (*METHODS, "trafilatura"):
        per_site, wrong = score_fixture(fixtures, method)
        totals = Counter()
        f1s = []
        for site, s in sorted(per_site.items()):
            n = s["n"]
            print(f"| {method} | {site} | {n} | {s['found'] / n:.0%} | {statistics.mean(s['f1']):.3f} | "
                  f"{s['title'] / n:.0%} | {s['date'] / n:.0%} | {s['author'] / n:.0%} | {s['province'] / n:.0%} | "
                  f"{s['unit'] / n:.0%} | {s['mentions'] / n:.0%} | {s['leaks']} |")
            totals.update({k: v for k, v in s.items() if k != "f1"})
            f1s += s["f1"]
        n = totals["n"]
        print(f"| **{method}** | **all** | {n} | {totals['found'] / n:.0%} | **{statistics.mean(f1s):.3f}** | "
              f"{totals['title'] / n:.0%} | {totals['date'] / n:.0%} | {totals['author'] / n:.0%} | "
              f"{totals['province'] / n:.0%} | {totals['unit'] / n:.0%} | {totals['mentions'] / n:.0%} | "
              f"{totals['leaks']} |")
        if wrong["pages"]:
            print(f"|  {method}: non-article HTML pages taken for articles: "
                  f"{wrong['taken_for_articles']} of {wrong['pages']} | | | | | | | | | | | |")
    print()


# -- public benchmark ---------------------------------------------------------------------------

def print_aeb_table(aeb: Path, limit: int | None) -> None:
    import trafilatura
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    methods = {
        "danvan generic (profiles off)": lambda html, url: extract_article(html, url, None, profiles=False),
        "danvan (profiles on)": lambda html, url: extract_article(html, url, None),
        "danvan bs4 rules only (no trafilatura)": lambda html, url: extract_article(
            html, url, None, profiles=False, second_opinion=False),
        "trafilatura 2.x plain": lambda html, url: trafilatura.extract(html, url=url) or "",
        "trafilatura favor_precision": lambda html, url: trafilatura.extract(html, url=url, favor_precision=True) or "",
        # as the benchmark publishes it (comments are no article text): its best open-source figures
        "trafilatura plain, no comments": lambda html, url: trafilatura.extract(
            html, url=url, include_comments=False) or "",
        "trafilatura favor_precision, no comments": lambda html, url: trafilatura.extract(
            html, url=url, favor_precision=True, include_comments=False) or "",
    }
    rows: dict[str, list] = {m: [] for m in methods}
    seconds = Counter()
    found = Counter()
    for key in keys:
        raw = gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes())
        html = raw.decode("utf-8", errors="replace")
        for name, fn in methods.items():
            start = time.perf_counter()
            try:
                predicted = fn(html, truth[key]["url"])
            except Exception as exc:  # noqa: BLE001
                print(f"{name} failed on {key}: {exc}", file=sys.stderr)
                predicted = ""
            if isinstance(predicted, Extraction):
                found[name] += predicted.is_article
                predicted = predicted.text
            else:
                found[name] += bool(predicted)
            seconds[name] += time.perf_counter() - start
            rows[name].append(shingle_counts(truth[key].get("articleBody", ""), predicted))
    print(f"## Public article-extraction benchmark ({len(keys)} English pages, 4-word shingles)\n")
    print("| extractor | precision | recall | F1 | taken for an article | ms/page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in methods:
        s = benchmark_scores(rows[name])
        print(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** | "
              f"{found[name] / len(keys):.0%} | {1000 * seconds[name] / len(keys):.0f} |")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.environ.get("DANVAN_SHARED", str(REPO.parent / "shared")))
    parser.add_argument("--skip-aeb", action="store_true", help="skip the 181-page public benchmark")
    parser.add_argument("--aeb-limit", type=int, help="only the first N pages of the public benchmark")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "fixtures" / "truth.json").is_file():
        print(f"no shared fixtures at {shared}", file=sys.stderr)
        return 2
    print_fixture_table(shared / "fixtures")
    aeb = shared / "benchmarks" / "article-extraction-benchmark"
    if not args.skip_aeb and aeb.is_dir():
        print_aeb_table(aeb, args.aeb_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
