#!/usr/bin/env python3
"""The served API under load: ``danvan serve`` (gunicorn) on an archive home, measured from outside.

    .venv/bin/python benchmarks/serve_load.py --home /work/bench/home-100000 [--workers 2] [--threads 4]

1. The first search after start (the server prints its address; the search is sent at once); then
   a wait until the workers are idle (their warm-up, run in the background, done).
2. Per query type of benchmarks/search_speed.py (each answer carries all facet counts), one client,
   keep-alive: p50 / p95 / max in ms.
3. wrk (Debian's package) with 1 and with 50 concurrent connections over a mix of those queries for
   ``--seconds``: requests/s, p50 / p95 / p99, errors, and the ratio of the two throughputs.
4. The server's resident memory (master + workers) and its workers' open files, before and after.

Loopback only. Build a home with ``search_speed.py --keep --workdir DIR`` (its home-<size> folder).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.crawl_scale import tree_rss_mb  # noqa: E402
from benchmarks.search_speed import QUERY_TYPES, Corpus, pct  # noqa: E402

WRK_SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%.1f %%.1f %%.1f %%.1f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def start_server(home: Path, workers: int, threads: int, port: int) -> tuple[subprocess.Popen, str, float]:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "danvan", "--home", str(home), "serve", "--port", str(port),
                             "--workers", str(workers), "--threads", str(threads)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "serving" not in line:
        raise SystemExit(f"danvan serve did not start: {line} {proc.stderr.read()}")
    return proc, line.split(" at ", 1)[1].split()[0], started


def paths_for(corpus: Corpus, n: int) -> dict[str, list[str]]:
    out = {}
    for kind, items in corpus.queries(n).items():
        out[kind] = ["/api/search?" + urlencode({"q": it["q"], "per_page": 10,  # as search_speed.py asks
                                                 **({"province": it["province"]} if "province" in it else {})})
                     for it in items]
    return out


def tree_pss_mb(pids: list[int], anonymous: bool = False) -> float:
    """Proportional set size of these processes (a shared page counted once in all), or only their
    anonymous memory (the heap: what the server itself holds, not the index files the kernel maps)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Anonymous:" if anonymous else "Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def timed_get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status == 200:
        json.loads(body)
    return elapsed, response.status


def workers_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry))
            except (OSError, IndexError):
                continue
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time these processes have used."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pids: list[int], timeout: float = 120.0, quiet: float = 0.05) -> float:
    """Seconds until the processes use under ``quiet`` CPU seconds in a second (their warm-up done), at most timeout."""
    start = time.perf_counter()
    used = cpu_seconds(pids)
    while time.perf_counter() - start < timeout:
        time.sleep(1.0)
        now = cpu_seconds(pids)
        if now - used < quiet:
            break
        used = now
    return time.perf_counter() - start


def open_files(pids: list[int]) -> int:
    return sum(len(os.listdir(f"/proc/{p}/fd")) for p in pids if os.path.isdir(f"/proc/{p}"))


def run_wrk(base: str, paths: list[str], connections: int, seconds: int, tmp: Path) -> dict:
    listing = tmp / "paths.txt"
    listing.write_text("\n".join(paths), encoding="utf-8")
    script = tmp / "mix.lua"
    script.write_text(WRK_SCRIPT % listing, encoding="utf-8")
    threads = min(2, connections)
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                           "-s", str(script), base.rstrip("/")], capture_output=True, text=True)
    m = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", done.stdout)
    if not m:
        raise SystemExit(f"wrk failed: {done.stdout} {done.stderr}")
    requests, errors, micros = int(m.group(1)), int(m.group(2)), int(m.group(3))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    return {"requests": requests, "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
            "rps": requests / (micros / 1e6), "p50": float(m.group(4)), "p95": float(m.group(5)),
            "p99": float(m.group(6)), "max": float(m.group(7))}


class Watcher:
    """During the load: ``danvan reindex`` once, and a client browsing all the while; every total must be whole."""

    def __init__(self, base: str, home: Path):
        self.base, self.totals, self.errors = urlsplit(base), [], 0
        self.reindex = subprocess.Popen([sys.executable, "-m", "danvan", "--home", str(home), "reindex"], cwd=REPO,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self._browse, daemon=True)
        self.thread.start()

    def _browse(self) -> None:
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=60)
        while self.reindex.poll() is None:
            conn.request("GET", "/api/search?per_page=1")
            response = conn.getresponse()
            body = response.read()
            if response.status == 200:
                self.totals.append(json.loads(body)["total"])
            else:
                self.errors += 1
        conn.close()

    def finish(self) -> str:
        out, _ = self.reindex.communicate()
        self.thread.join()
        return (f"reindex under load: {out.strip()}; {len(self.totals)} browses during it saw totals "
                f"{sorted(set(self.totals))}, {self.errors} errors")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=18900)
    parser.add_argument("--queries", type=int, default=40, help="queries per type")
    parser.add_argument("--seconds", type=int, default=20, help="each wrk run")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--reindex-during", action="store_true",
                        help="run `danvan reindex` during the 50-client load; every browse must show the whole index")
    args = parser.parse_args()
    if not args.skip_load and not shutil.which("wrk"):
        raise SystemExit("wrk is needed for the load part (apt-get install -y wrk), or use --skip-load")
    workers = args.workers or os.cpu_count() or 1
    corpus = Corpus()
    corpus.article(0)
    paths = paths_for(corpus, args.queries)
    proc, base, started = start_server(Path(args.home), workers, args.threads, args.port)
    try:
        host = urlsplit(base)
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        first_ms, status = timed_get(conn, paths["two words"][0])
        print(f"{workers} workers x {args.threads} threads; first search after start: {first_ms:.0f} ms "
              f"(status {status}); from launch to that answer {(time.perf_counter() - started):.1f} s")
        pids = workers_of(proc.pid)
        files_before, rss_before = open_files(pids), tree_rss_mb(proc.pid)
        print(f"workers idle (warm-up done) {wait_until_idle(pids):.1f} s later; the figures below are from then on")
        print("\n| query type (served API, all facet counts) | p50 ms | p95 ms | max ms |")
        print("| --- | ---: | ---: | ---: |")
        for kind in QUERY_TYPES:
            times = [timed_get(conn, p)[0] for p in paths[kind]]
            print(f"| {kind} | {pct(times, 50):.1f} | {pct(times, 95):.1f} | {max(times):.1f} |", flush=True)
        conn.close()
        if not args.skip_load:
            mix = [p for kind in QUERY_TYPES for p in paths[kind]]
            with tempfile.TemporaryDirectory() as tmp:
                one = run_wrk(base, mix, 1, args.seconds, Path(tmp))
                watch = Watcher(base, Path(args.home)) if args.reindex_during else None
                many = run_wrk(base, mix, 50, args.seconds, Path(tmp))
                if watch is not None:
                    print(watch.finish())
            print("\n| clients | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors |")
            print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for n, r in ((1, one), (50, many)):
                print(f"| {n} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | "
                      f"{r['errors']} |")
            print(f"\n50 clients get {many['rps'] / one['rps']:.2f}x the throughput of one")
        worker_pids = workers_of(proc.pid)
        print(f"\nserver memory (master + workers): {rss_before:.0f} MB after the first search, "
              f"{tree_rss_mb(proc.pid):.0f} MB at the end (resident, shared pages counted in every process; "
              f"proportional: {tree_pss_mb([proc.pid, *worker_pids]):.0f} MB; their heaps, anonymous memory summed, "
              f"{tree_pss_mb([proc.pid, *worker_pids], anonymous=True):.0f} MB); "
              f"workers' open files {files_before} -> {open_files(worker_pids)}")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
