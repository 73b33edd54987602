"""Measure the grouping of syndicated copies (archive.syndication) on the labelled set of
tests/archive/syndication_set.py (hand-written Vietnamese events and bases, their reprints; with the
shared fixture articles as extra bases when ../shared is there), in a fresh temporary archive:

1. refresh_groups: pairwise precision, recall and F1; per variant kind, the share of reprints in their
   original's group; false merges of distinct reports of one event; groups named after the earliest
   article; articles/s; the exact shingle Jaccard of the closest negative and the farthest positive.
2. the incremental path: some reprints held back, imported after refresh_groups and passed to regroup;
   do they join their groups, does regroup return every member whose group changed, and are the groups
   then those refresh_groups finds.
3. a larger synthetic archive (``--synthetic N`` articles, default 20000: sentences of the set's texts
   mixed, a fraction of the words replaced, 15% reprints): refresh_groups time per 1,000 articles
   (procs 1 and 2), a regroup of 100 new reprints, and its pairwise precision and recall.

Alternatives to the module's constants (not changed there): ``--same-story``, ``--shingle-words``,
``--min-words``, ``--bands/--rows``; ``--sweep`` prints precision/recall on the set for a grid of them
(averaged over ``--seeds`` permutation seeds). ``--json PATH`` writes the figures.

Usage: python benchmarks/syndication.py [--json PATH] [--synthetic N] [--no-shared] [--sweep] [...]
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import archive.syndication as syn  # noqa: E402
from archive import Archive, Config  # noqa: E402
from archive.text import WORD_RE, fold_word, nfc  # noqa: E402
from tests.archive.syndication_set import (VARIANTS, Item, apply_variant, build_set, joined_by_kind,  # noqa: E402
                                           pairwise_scores, paragraphs, same_event_pairs, sentences,
                                           series_items)
from tests.conftest import SHARED  # noqa: E402

SYNTHETIC_REPRINT_KINDS = ("headline", "byline_end", "trimmed", "word_edits", "combo", "intro_added")


def configure(same_story=None, shingle_words=None, min_words=None, bands=None, rows=None, seed=None) -> dict:
    """Set the module's constants (what is given); returns the settings in force."""
    for name, value in (("SAME_STORY", same_story), ("SHINGLE_WORDS", shingle_words), ("MIN_WORDS", min_words),
                        ("BANDS", bands), ("ROWS", rows), ("SEED", seed)):
        if value is not None:
            setattr(syn, name, value)
    syn.NUM_PERM = syn.BANDS * syn.ROWS
    syn._PERMUTATIONS = None
    return {k: getattr(syn, k) for k in ("SAME_STORY", "SHINGLE_WORDS", "MIN_WORDS", "BANDS", "ROWS", "SEED")}


def shingles(text: str) -> set[str]:
    words = [fold_word(w) for w in WORD_RE.findall(nfc(text))]
    return {" ".join(words[i:i + syn.SHINGLE_WORDS]) for i in range(len(words) - syn.SHINGLE_WORDS + 1)}


def exact_jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


# -- the labelled set ------------------------------------------------------------------------------

def import_items(arc: Archive, items: list[Item]) -> dict[str, str]:
    ids = arc.import_articles([i.record for i in items])
    bad = [r for r in ids if not isinstance(r, str)]
    if bad:
        raise SystemExit(f"import refused: {bad[0]}")
    return {i.label: article_id for i, article_id in zip(items, ids, strict=True)}


def groups_of(arc: Archive, ids: dict[str, str]) -> dict[str, str | None]:
    by_id = dict(arc.conn.execute("SELECT article_id, group_id FROM article_signatures").fetchall())
    return {label: by_id.get(article_id) for label, article_id in ids.items()}


def set_figures(items: list[Item], workdir: Path) -> dict:
    """The set and the templated series in one archive (the series scored apart: not in P/R)."""
    series = series_items()
    with Archive.open(Config.load(workdir / "set")) as arc:
        ids = import_items(arc, items + series)
        start = time.perf_counter()
        grouped = arc.refresh_groups(procs=1)
        seconds = time.perf_counter() - start
        predicted = groups_of(arc, ids)
    scores = pairwise_scores(items, predicted)
    series_pairs = list(itertools.combinations([i.label for i in series], 2))
    pairs = same_event_pairs(items)
    merged = [p for p in pairs if predicted[p[0]] and predicted[p[0]] == predicted[p[1]]]
    by_label = {i.label: i for i in items + series}
    originals = [i for i in items if i.kind == "original" and predicted[i.label]]
    return {"articles": len(items), "grouped": grouped, "precision": scores.precision, "recall": scores.recall,
            "f1": scores.f1, "true_pairs": scores.true_pairs, "predicted_pairs": scores.predicted_pairs,
            "correct_pairs": scores.correct_pairs,
            "joined_by_kind": {k: {"joined": j, "reprints": n} for k, (j, n) in
                               sorted(joined_by_kind(items, predicted).items(), key=lambda kv: VARIANTS.index(kv[0]))},
            "same_event_pairs": len(pairs), "same_event_false_merges": merged,
            "series_pairs": len(series_pairs),
            "series_false_merges": [p for p in series_pairs if predicted[p[0]] and predicted[p[0]] == predicted[p[1]]],
            "series_jaccard": [round(exact_jaccard(by_label[a].record["text"], by_label[b].record["text"]), 3)
                               for a, b in series_pairs],
            "notices_grouped": sum(1 for i in items if i.kind == "notice" and predicted[i.label]),
            "groups_named_after_original": f"{sum(predicted[o.label] == ids[o.label] for o in originals)}"
                                           f"/{len(originals)}",
            "refresh_seconds": seconds, "articles_per_s": len(items) / seconds,
            "closest_same_event_jaccard": max(exact_jaccard(by_label[a].record["text"], by_label[b].record["text"])
                                              for a, b in pairs),
            "missed": [i.label for i in items if i.kind in VARIANTS and
                       (not predicted[i.label] or predicted[i.label] != predicted[i.truth])],
            "jaccard_by_kind": jaccard_by_kind(items)}


def jaccard_by_kind(items: list[Item]) -> dict[str, list[float]]:
    """Per variant kind: the exact shingle Jaccard of each reprint with its original (min, median, max)."""
    by_label = {i.label: i for i in items}
    out: dict[str, list[float]] = {}
    for item in items:
        if item.kind in VARIANTS:
            similarity = exact_jaccard(item.record["text"], by_label[item.truth].record["text"])
            out.setdefault(item.kind, []).append(similarity)
    return {k: [round(min(v), 3), round(sorted(v)[len(v) // 2], 3), round(max(v), 3)] for k, v in out.items()}


def held_back(items: list[Item]) -> list[Item]:
    """Reprints to import after refresh_groups: one of each of the first bases (none a chain's parent)."""
    parents = {i.parent for i in items}
    chosen, seen = [], set()
    for item in items:
        if item.kind in VARIANTS and item.truth not in seen and item.label not in parents and len(chosen) < 8:
            chosen.append(item)
            seen.add(item.truth)
    return chosen


def incremental_figures(items: list[Item], workdir: Path) -> dict:
    later = held_back(items)
    first = [i for i in items if i not in later]
    with Archive.open(Config.load(workdir / "incremental")) as arc:
        ids = import_items(arc, first)
        arc.refresh_groups(procs=1)
        before = groups_of(arc, ids)
        ids.update(import_items(arc, later))
        start = time.perf_counter()
        changed = arc.regroup([ids[i.label] for i in later])
        seconds = time.perf_counter() - start
        after = groups_of(arc, ids)
        arc.refresh_groups(procs=1)
        refreshed = groups_of(arc, ids)
    joined = [i.label for i in later if after[i.label] and after[i.label] == after[i.truth]]
    expected = {ids[label] for label in ids if after.get(label) != before.get(label)}
    sizes = {g: list(after.values()).count(g) for g in set(after.values()) if g}
    old_sizes = {g: list(before.values()).count(g) for g in set(before.values()) if g}
    expected |= {ids[label] for label, g in before.items() if g and sizes.get(after[label]) != old_sizes[g]}
    return {"new_reprints": len(later), "joined": len(joined), "regroup_seconds": seconds,
            "regroup_returned": len(changed), "members_changed": len(expected),
            "returned_every_changed_member": expected <= changed,
            "same_as_refresh_groups": after == refreshed}


# -- a larger synthetic archive --------------------------------------------------------------------

def _pools(items: list[Item]) -> tuple[list[list[str]], list[str]]:
    texts = {i.record["text"] for i in items if i.kind in ("original", "event")}
    pool = [s.split() for t in sorted(texts) for p in paragraphs(t) for s in sentences(p)]
    vocab = sorted({w for s in pool for w in s})
    return pool, vocab


def _synthetic_text(rng: random.Random, pool: list[list[str]], vocab: list[str]) -> str:
    """8-14 sentences of the set, a third of their words replaced by random words, in paragraphs of 3."""
    chosen = [" ".join(w if rng.random() > 0.33 else rng.choice(vocab) for w in s)
              for s in rng.sample(pool, rng.randint(8, 14))]
    return "\n\n".join(" ".join(chosen[k:k + 3]) for k in range(0, len(chosen), 3))


def synthetic_set(n: int, items: list[Item], seed: int = 7) -> list[Item]:
    """``n`` articles: mixed sentences, 15% of them reprints of an earlier one (labels as in the set)."""
    rng, (pool, vocab) = random.Random(seed), _pools(items)
    out: list[Item] = []
    originals: list[Item] = []
    for k in range(n):
        source = f"synth{k % 40}"
        record = {"url": f"https://{source}.example.vn/bai/{k}.html", "source": f"Nguồn tổng hợp {k % 40}",
                  "source_id": source, "province": "", "unit": "", "level": "tỉnh", "title": f"Bài số {k}"}
        if originals and rng.random() < 0.15:
            parent = rng.choice(originals)
            kind = rng.choice(SYNTHETIC_REPRINT_KINDS)
            record.update(text=apply_variant(kind, parent.record["text"], rng, parent.record["source"]),
                          published=parent.record["published"][:8] + "28")
            out.append(Item(f"x{k}", parent.truth, kind, record, parent.label))
        else:
            record.update(text=_synthetic_text(rng, pool, vocab),
                          published=f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 27):02d}")
            item = Item(f"x{k}", f"x{k}", "original", record)
            out.append(item)
            originals.append(item)
    return out


def _timed_refresh(arc: Archive, procs: int) -> tuple[float, float]:
    """refresh_groups from scratch: (seconds signing, seconds grouping)."""
    with arc.conn:
        arc.conn.execute("DELETE FROM signature_bands")
        arc.conn.execute("DELETE FROM article_signatures")
    start = time.perf_counter()
    arc.update_signatures(procs=procs)
    signed = time.perf_counter()
    arc.refresh_groups(procs=procs)         # everything is signed: only finds the groups
    return signed - start, time.perf_counter() - signed


def synthetic_figures(n: int, items: list[Item], workdir: Path) -> dict:
    start = time.perf_counter()
    synth = synthetic_set(n + 100, items)
    made = time.perf_counter() - start
    first, later = synth[:n], [i for i in synth[n:] if i.kind != "original"] or synth[n:]
    with Archive.open(Config.load(workdir / "synthetic")) as arc:
        start = time.perf_counter()
        ids = {}
        for k in range(0, len(first), 2000):
            ids.update(import_items(arc, first[k:k + 2000]))
        imported = time.perf_counter() - start
        timings = {}
        for procs in (1, 2):
            timings[f"sign_procs_{procs}_s"], timings[f"group_procs_{procs}_s"] = _timed_refresh(arc, procs)
            timings[f"refresh_procs_{procs}_s"] = timings[f"sign_procs_{procs}_s"] + timings[f"group_procs_{procs}_s"]
        ids.update(import_items(arc, later))
        start = time.perf_counter()
        changed = arc.regroup([ids[i.label] for i in later])
        timings["regroup_new_s"] = time.perf_counter() - start
        predicted = groups_of(arc, ids)
        bucket = arc.conn.execute(
            "SELECT MAX(c) FROM (SELECT COUNT(*) c FROM signature_bands GROUP BY band)").fetchone()[0]
    done = first + later
    scores = pairwise_scores(done, predicted)
    return {"articles": n, "generate_s": made, "import_s": imported, **timings,
            "refresh_per_1k_articles_s": timings["refresh_procs_1_s"] / n * 1000,
            "regroup_new_articles": len(later), "regroup_returned": len(changed), "largest_bucket": bucket,
            "precision": scores.precision, "recall": scores.recall, "f1": scores.f1,
            "new_joined": sum(1 for i in later if predicted[i.label] and predicted[i.label] == predicted[i.truth])}


# -- alternatives ------------------------------------------------------------------------------------

def sweep(items: list[Item], workdir: Path, seeds: int) -> list[dict]:
    """Precision/recall on the set for alternative constants, averaged over permutation seeds."""
    defaults = configure()
    grid = [{"same_story": s} for s in (0.3, 0.4, 0.5, 0.6, 0.7)]
    grid += [{"shingle_words": w} for w in (2, 4, 5)] + [{"shingle_words": 4, "same_story": 0.4}]
    grid += [{"bands": 15, "rows": 4}, {"bands": 30, "rows": 2}, {"bands": 32, "rows": 4},
             {"bands": 32, "rows": 4, "same_story": 0.4}, {"bands": 32, "rows": 4, "same_story": 0.6}]
    rows = []
    for n, settings in enumerate(grid):
        runs = []
        for s in range(seeds):
            configure(**{**defaults_lower(defaults), **settings, "seed": defaults["SEED"] + s})
            runs.append(set_figures(items, workdir / f"sweep{n}-{s}"))
        rows.append({"settings": settings,
                     **{k: sum(r[k] for r in runs) / seeds for k in ("precision", "recall", "f1")},
                     "same_event_false_merges": sum(len(r["same_event_false_merges"]) for r in runs) / seeds,
                     "series_false_merges": sum(len(r["series_false_merges"]) for r in runs) / seeds,
                     "heavy_joined": sum(r["joined_by_kind"]["heavy"]["joined"] for r in runs) / seeds})
    configure(**defaults_lower(defaults))
    return rows


def defaults_lower(settings: dict) -> dict:
    return {k.lower(): v for k, v in settings.items()}


# -- output ----------------------------------------------------------------------------------------

def print_set(f: dict, title: str) -> None:
    print(f"\n## {title}: {f['articles']} articles, {f['grouped']} grouped")
    print(f"pairwise precision {f['precision']:.3f}  recall {f['recall']:.3f}  F1 {f['f1']:.3f}  "
          f"(true pairs {f['true_pairs']}, predicted {f['predicted_pairs']}, correct {f['correct_pairs']})")
    print(f"{'variant':18} joined  exact Jaccard with original (min / median / max)")
    for kind, j in f["joined_by_kind"].items():
        print(f"{kind:18} {j['joined']:>2}/{j['reprints']:<3}  {' / '.join(map(str, f['jaccard_by_kind'][kind]))}")
    print(f"same-event false merges: {len(f['same_event_false_merges'])} of {f['same_event_pairs']} pairs "
          f"{f['same_event_false_merges'] or ''}; closest same-event pair: exact Jaccard "
          f"{f['closest_same_event_jaccard']:.3f}")
    print(f"templated series (not in P/R): {len(f['series_false_merges'])} of {f['series_pairs']} pairs grouped; "
          f"their exact Jaccard {f['series_jaccard']}")
    print(f"notices grouped: {f['notices_grouped']}; groups named after the original: "
          f"{f['groups_named_after_original']}; missed: {', '.join(f['missed']) or 'none'}")
    print(f"refresh_groups: {f['refresh_seconds']:.2f} s, {f['articles_per_s']:.0f} articles/s")


def print_rest(figures: dict) -> None:
    inc = figures["incremental"]
    print(f"\n## incremental: {inc['joined']}/{inc['new_reprints']} held-back reprints joined their group via regroup "
          f"({inc['regroup_seconds'] * 1000:.0f} ms); returned {inc['regroup_returned']} ids, every changed member "
          f"among them: {inc['returned_every_changed_member']}; same groups as refresh_groups: "
          f"{inc['same_as_refresh_groups']}")
    if "synthetic" in figures:
        s = figures["synthetic"]
        print(f"\n## synthetic: {s['articles']} articles "
              f"(generated {s['generate_s']:.1f} s, imported {s['import_s']:.1f} s)")
        for procs in (1, 2):
            print(f"refresh_groups, procs {procs}: {s[f'refresh_procs_{procs}_s']:.1f} s "
                  f"(signing {s[f'sign_procs_{procs}_s']:.1f} s, grouping {s[f'group_procs_{procs}_s']:.1f} s), "
                  f"{s[f'refresh_procs_{procs}_s'] / s['articles'] * 1000:.2f} s per 1k articles")
        print(f"largest band bucket: {s['largest_bucket']} articles")
        print(f"regroup of {s['regroup_new_articles']} new reprints: {s['regroup_new_s']:.2f} s, "
              f"{s['new_joined']} joined, {s['regroup_returned']} ids returned")
        print(f"pairwise precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
    for row in figures.get("sweep", []):
        print(f"sweep {json.dumps(row['settings']):42} P {row['precision']:.3f}  R {row['recall']:.3f}  "
              f"F1 {row['f1']:.3f}  same-event merges {row['same_event_false_merges']:.1f}  "
              f"series merges {row['series_false_merges']:.1f}  "
              f"heavy joined {row['heavy_joined']:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--synthetic", type=int, default=20000, help="articles of the synthetic run (0: none)")
    parser.add_argument("--no-shared", action="store_true", help="leave the shared fixture articles out")
    parser.add_argument("--same-story", type=float)
    parser.add_argument("--shingle-words", type=int)
    parser.add_argument("--min-words", type=int)
    parser.add_argument("--bands", type=int)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--sweep", action="store_true", help="also measure a grid of alternative constants")
    parser.add_argument("--seeds", type=int, default=3, help="permutation seeds per setting of the sweep")
    args = parser.parse_args(argv)
    settings = configure(args.same_story, args.shingle_words, args.min_words, args.bands, args.rows)
    items = build_set(shared=None if args.no_shared else SHARED)
    figures: dict = {"settings": settings}
    print(f"# syndicated copies: settings {settings}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        figures["set"] = set_figures(items, work)
        print_set(figures["set"], "labelled set" + ("" if args.no_shared else " (with the shared fixture articles)"))
        figures["incremental"] = incremental_figures(items, work)
        if args.synthetic:
            figures["synthetic"] = synthetic_figures(args.synthetic, items, work)
        if args.sweep:
            figures["sweep"] = sweep(items, work, args.seeds)
    print_rest(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
