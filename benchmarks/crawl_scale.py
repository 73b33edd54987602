#!/usr/bin/env python3
"""Hundreds of sites at once: ``danvan crawl`` over a farm of local sites (benchmarks/farm.py), polite delays.

    .venv/bin/python benchmarks/crawl_scale.py [--sites 300] [--articles 20] [--delay 1] [--skip-kill]

Prints, for a first crawl and for an unchanged re-crawl: pages, requests, seconds, pages/s, sites in
flight (hosts asked something in the same second: median and max), the crawl's resident memory
(the command and its extraction workers, peak); then kills a fresh crawl with SIGKILL mid-way,
resumes it, and counts pages lost and pages fetched twice.
"""
from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import farm  # noqa: E402


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                children[int(fields[1])].append(int(entry))
            except (OSError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_crawl(home: Path, sources: Path, kill_after: float | None = None) -> dict:
    """``danvan crawl`` as a user runs it; peak memory sampled every 0.5 s; optionally killed with SIGKILL."""
    started = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "danvan", "--home", str(home), "crawl", "--sources", str(sources)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if kill_after is not None:
        time.sleep(kill_after)
        os.kill(proc.pid, signal.SIGKILL)
    out, err = proc.communicate()
    sampler.join()
    return {"started": started, "seconds": time.time() - started, "summary": out.strip(), "peak_mb": peak[0],
            "returncode": proc.returncode, "stderr": err[-2000:]}


def in_flight(log: list, since: float, until: float) -> tuple[float, int]:
    """Median and max number of hosts asked something in one second of the window."""
    per_second: dict[int, set] = defaultdict(set)
    for when, host, _, _ in log:
        if since <= when <= until:
            per_second[int(when)].add(host)
    counts = [len(h) for h in per_second.values()] or [0]
    return statistics.median(counts), max(counts)


def report_line(label: str, crawl: dict, log: list) -> None:
    window = [e for e in log if crawl["started"] <= e[0] <= crawl["started"] + crawl["seconds"]]
    pages = sum(1 for e in window if e[2] != "/robots.txt")
    median, peak = in_flight(log, crawl["started"], crawl["started"] + crawl["seconds"])
    print(f"| {label} | {pages} | {len(window)} | {crawl['seconds']:.1f} | {pages / crawl['seconds']:.1f} | "
          f"{median:.0f} / {peak} | {crawl['peak_mb']:.0f} |", flush=True)


def stored_urls(home: Path) -> set[str]:
    with sqlite3.connect(home / "archive.sqlite3") as db:
        return {r[0] for r in db.execute("SELECT url FROM snapshots WHERE status = 200 AND warc_file IS NOT NULL")}


def kill_and_resume(args, sources: Path, home: Path, expected: int) -> None:
    first = run_crawl(home, sources, kill_after=args.kill_after)
    before = stored_urls(home)
    log_before = len(farm.request_log(args.port))
    resumed = run_crawl(home, sources)
    log = farm.request_log(args.port)[log_before:]
    again = {f"http://{host}:{args.port}{path}" for _, host, path, _ in log if path != "/robots.txt"}
    with sqlite3.connect(home / "archive.sqlite3") as db:
        articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    print(f"\nkill -9 after {args.kill_after:.0f} s (exit {first['returncode']}): {len(before)} pages stored by then; "
          f"the resumed crawl took {resumed['seconds']:.1f} s, fetched {len(again)} pages, of which "
          f"{len(again & before)} had been stored before the kill; articles {articles} of {expected} "
          f"({expected - articles} lost). Resumed: {resumed['summary']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=18700)
    parser.add_argument("--kill-after", type=float, default=40.0)
    parser.add_argument("--skip-kill", action="store_true")
    args = parser.parse_args()
    server = farm.start(args.sites, args.articles, args.port)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sources = Path(tmp) / "sources.toml"
            sources.write_text(farm.sources_toml(args.sites, args.port, args.delay), encoding="utf-8")
            print(f"{args.sites} sites x ({args.articles} articles + listings + robots.txt), delay {args.delay:g} s, "
                  f"{os.cpu_count()} CPUs\n")
            print("| crawl | pages | requests | seconds | pages/s | sites in flight (median / max) | peak MB |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            home = Path(tmp) / "home"
            first = run_crawl(home, sources)
            report_line("first crawl", first, farm.request_log(args.port))
            again = run_crawl(home, sources)
            report_line("unchanged re-crawl", again, farm.request_log(args.port))
            print(f"\nfirst: {first['summary']}\nre-crawl: {again['summary']}")
            if not args.skip_kill:
                kill_and_resume(args, sources, Path(tmp) / "killed", args.sites * args.articles)
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
