#!/usr/bin/env python3
"""Crawl workers on PostgreSQL: pages/s with 1, 2 and 3 ``danvan worker`` processes on the local site farm
of the scale benchmark (benchmarks/farm.py: loopback sites, robots.txt, listings, a polite delay), and
the import rate into PostgreSQL.

    .venv/bin/python benchmarks/workers.py [--sites 96] [--articles 20] [--delay 1] [--workers 1 2 3]
                                           [--worker-sources 16] [--import-jsonl FILE]

A throwaway PostgreSQL cluster is started (tests/pg.py); for each number of workers a fresh database,
every farm source marked due by ``danvan schedule --once``, then that many workers run ``--until-idle``;
pages/s = responses stored / seconds from the first worker's start to the last one's end.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import farm  # noqa: E402
from tests.pg import fresh_database, start_server  # noqa: E402


def danvan(home: Path, url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "danvan", "--home", str(home), "--set", f"database_url={url}", *args]


def crawl_with(workers: int, url: str, sources: Path, home: Path, worker_sources: int) -> dict:
    subprocess.run(danvan(home, url, "schedule", "--sources", str(sources), "--once"), cwd=REPO, check=True,
                   capture_output=True)
    started = time.time()
    procs = [subprocess.Popen(danvan(home, url, "--set", f"crawler.worker_sources={worker_sources}",
                                     "--set", "crawler.worker_poll_s=0.5", "worker", "--until-idle"),
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(workers)]
    outs = [p.communicate() for p in procs]
    seconds = time.time() - started
    failed = [err[-500:] for p, (_, err) in zip(procs, outs) if p.returncode != 0]
    from archive import Archive, Config
    with Archive.open(Config.load(home, overrides=[f"database_url={url}"])) as archive:
        pages = archive.conn.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0]
        articles = archive.count_articles()
        per_worker = [o.count(": finished,") for o, _ in outs]
    return {"workers": workers, "seconds": seconds, "pages": pages, "articles": articles,
            "per_worker": per_worker, "failed": failed}


def import_rate(url: str, jsonl: Path, home: Path) -> tuple[int, float]:
    started = time.time()
    out = subprocess.run(danvan(home, url, "import", str(jsonl)), cwd=REPO, check=True, capture_output=True, text=True)
    return int(out.stdout.split()[1]), time.time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=96)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=18760)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--worker-sources", type=int, default=16)
    parser.add_argument("--import-jsonl", help="also time `danvan import` of this JSONL into PostgreSQL")
    args = parser.parse_args()
    server, site_farm = start_server(), farm.start(args.sites, args.articles, args.port)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sources = Path(tmp) / "sources.toml"
            sources.write_text(farm.sources_toml(args.sites, args.port, args.delay), encoding="utf-8")
            print(f"{args.sites} sites x {args.articles} articles, delay {args.delay:g} s, {args.worker_sources} "
                  f"sources per worker, {os.cpu_count()} CPUs\n")
            print("| workers | pages | articles | seconds | pages/s | sources per worker |")
            print("| ---: | ---: | ---: | ---: | ---: | --- |")
            for n in args.workers:
                r = crawl_with(n, fresh_database(server), sources, Path(tmp) / f"home-{n}", args.worker_sources)
                print(f"| {n} | {r['pages']} | {r['articles']} | {r['seconds']:.1f} | {r['pages'] / r['seconds']:.1f} "
                      f"| {r['per_worker']} |" + (f" failed: {r['failed']}" if r["failed"] else ""), flush=True)
            if args.import_jsonl:
                count, seconds = import_rate(fresh_database(server), Path(args.import_jsonl), Path(tmp) / "import")
                print(f"\nimport into PostgreSQL (with indexing): {count} articles in {seconds:.1f} s = "
                      f"{count / seconds:.0f} articles/s")
    finally:
        site_farm.terminate()
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
