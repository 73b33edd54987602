"""``danvan serve``: gunicorn worker processes sharing one index reader each; open files do not grow."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from archive import Archive, Config
from index import SearchIndex, writing

REPO = Path(__file__).resolve().parents[2]
WORDS = ["dân vận", "khéo", "hội nghị", "sơ kết", "biên phòng", "đồng bào", "mô hình", "nông thôn", "an sinh"]


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry))
            except (OSError, IndexError):
                continue
    return out


def _open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


@pytest.fixture(scope="module")
def home_with_many_segments(tmp_path_factory):
    """An archive of 600 articles indexed in 40 segments (far more than a worker's threads)."""
    config = Config.load(tmp_path_factory.mktemp("serve") / "home")
    with Archive.open(config) as archive:
        for n in range(600):
            words = [WORDS[(n * 5 + i) % len(WORDS)] for i in range(4 + n % 7)]
            archive.import_article({"url": f"http://a.vn/tin/{n}.html", "title": f"Tin {n}: {words[0]}",
                                    "text": " ".join(f"Câu {i} về {w}." for i, w in enumerate(words)),
                                    "published": f"20{15 + n % 10}-0{1 + n % 9}-1{n % 9}", "province": "Gia Lai",
                                    "unit": "Ban Dân vận Tỉnh ủy", "level": "tỉnh", "source": "BDV", "source_id": "bdv"})
        old = writing.SEGMENT_DOCS
        writing.SEGMENT_DOCS = 15
        try:
            with SearchIndex.of(config, writer_procs=1) as index:
                index.rebuild(archive)
                assert index.open_files() == 40
        finally:
            writing.SEGMENT_DOCS = old
    return config


def test_serve_runs_worker_processes_whose_open_files_do_not_grow(home_with_many_segments):
    proc = subprocess.Popen([sys.executable, "-m", "danvan", "--home", str(home_with_many_segments.home), "serve",
                             "--port", "0", "--workers", "2", "--threads", "8"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "serving Kho Dân vận at http://127.0.0.1:" in line, proc.stderr.read() if proc.poll() else line
        base = line.split(" at ", 1)[1].split()[0]
        workers = _wait(lambda: _children(proc.pid) if len(_children(proc.pid)) == 2 else None)

        def ask(n: int) -> int:
            q = f"{WORDS[n % len(WORDS)]} {WORDS[(n * 7) % len(WORDS)]}"
            return requests.get(base + "api/search", params={"q": q, "page": 1 + n % 3}, timeout=30).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            assert set(pool.map(ask, range(100))) == {200}
            files = {pid: _open_files(pid) for pid in workers}
            assert set(pool.map(ask, range(100, 600))) == {200}
        later = {pid: _open_files(pid) for pid in workers}
        for pid in workers:
            assert later[pid] <= files[pid] + 4, (files, later)  # with 40 segments and 8 threads each
            assert later[pid] < 400
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


def _wait(probe, limit_s: float = 30.0):
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("not reached")
