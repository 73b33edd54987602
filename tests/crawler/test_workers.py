"""Crawl workers on a shared PostgreSQL archive (real server, tests/pg.py): several at once give the archive
one SQLite crawl gives; a worker killed with -9 loses nothing, and its lease passes on; the schedule only
marks sources due."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from archive import Archive, Config
from danvan.cli import main
from tests.crawler.helpers import make_source
from tests.crawler.test_resume import ARTICLES, slow_site, wait_for

REPO = Path(__file__).resolve().parents[2]
QUICK = ["--set", "crawler.worker_poll_s=0.2", "--set", "crawler.lease_s=4", "--set", "crawler.retries=0"]


def worker(config: Config, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "danvan", "--home", str(config.home), "--set",
                             f"database_url={config.database_url}", *QUICK, "worker", *extra],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finished(procs: list[subprocess.Popen], limit_s: float = 240) -> list[str]:
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=limit_s)
        assert proc.returncode == 0, err.decode(errors="replace")
        outs.append(out.decode())
    return outs


def archive_state(config: Config) -> dict:
    """What the archive holds, without times: per article URL its status and every version's content."""
    with Archive.open(config) as archive:
        return {a.url: (a.status, a.source_id, [(v.title, v.text, v.published, v.author) for v in archive.versions(a.id)])
                for a in archive.iter_articles()}


def test_three_workers_crawl_the_fixture_sites_into_the_archive_one_sqlite_crawl_makes(fixture_sites, pg_config,
                                                                                       tmp_path, capsys):
    sources = str(fixture_sites.sources_path)
    sqlite_home = str(tmp_path / "sqlite")
    assert main(["--home", str(pg_config.home), "--set", f"database_url={pg_config.database_url}",
                 "schedule", "--sources", sources, "--once"]) == 0
    assert "marked due for the workers" in capsys.readouterr().out
    assert sum(len(r) for r in fixture_sites.requests.values()) == 0          # the schedule fetched nothing
    outs = finished([worker(pg_config, "--until-idle") for _ in range(3)])
    assert sum(o.count(": finished,") for o in outs) == 5                     # each source crawled once
    assert main(["--home", sqlite_home, "crawl", "--sources", sources]) == 0
    assert archive_state(pg_config) == archive_state(Config.load(sqlite_home))
    on_pg = ["--home", str(pg_config.home), "--set", f"database_url={pg_config.database_url}"]
    capsys.readouterr()
    assert main([*on_pg, "reprocess"]) == 0                                  # the workers' WARC files read back
    assert capsys.readouterr().out.strip() == "reprocessed 22 articles: 0 changed"
    assert main([*on_pg, "stats", "--json"]) == 0
    assert sum(r["articles"] for r in json.loads(capsys.readouterr().out)["sources"]) == 22

    fixture_sites.switch("v2")                                                # edits, deletions, new articles
    with Archive.open(pg_config) as archive:
        assert archive.mark_due(archive.list_sources()) == 5
    finished([worker(pg_config, "--until-idle") for _ in range(3)])
    assert main(["--home", sqlite_home, "crawl", "--sources", sources]) == 0
    state = archive_state(pg_config)
    assert state == archive_state(Config.load(sqlite_home))
    assert {s for s, _, _ in state.values()} == {"live", "removed"} and any(len(v) > 1 for _, _, v in state.values())
    with Archive.open(pg_config) as archive:
        assert archive.due_count() == 0 and all(e.holder is None for e in archive.crawl_queue())


def test_a_worker_killed_mid_source_loses_nothing_and_another_resumes_without_refetching(pg_config):
    with slow_site() as site, Archive.open(pg_config) as archive:
        source = make_source("kill", site.base + "/tin-tuc/")
        archive.upsert_source(source)
        archive.mark_due([source])
        first = worker(pg_config)
        try:
            wait_for(lambda: sum(p.startswith("/tin-tuc/bai-") for p in site.paths) >= 15 or first.poll() is not None)
        finally:
            if first.poll() is None:
                os.kill(first.pid, signal.SIGKILL)
            first.communicate()
        assert first.returncode == -signal.SIGKILL
        held = archive.crawl_queue()[0]
        assert held.holder is not None and held.due_at is not None            # the dead worker's lease
        kept = {s.url for s in archive.crawl_snapshots(archive.last_crawl("kill")["id"]) if s.status == 200}
        assert len(kept) >= 10
        before = len(site.log)
        killed_at = time.monotonic()
        second = worker(pg_config, "--until-idle")
        out = finished([second])[0]
        assert "kill: finished" in out
        assert time.monotonic() - killed_at < 60                              # the lease (4 s here) passed on
        again = {site.base + p for p in site.paths[before:] if p != "/robots.txt"}
        assert not again & kept                                               # nothing stored is fetched again
        assert archive.count_articles("kill") == ARTICLES                     # nothing lost
        entry = archive.crawl_queue()[0]
        assert entry.holder is None and entry.due_at is None and entry.last_done_at
        assert archive.crawls("kill")[1]["status"] == "interrupted"


def test_without_a_database_url_the_schedule_still_crawls_itself(fixture_sites, config, capsys):
    assert main(["--home", str(config.home), "schedule", "--sources", str(fixture_sites.sources_path), "--once"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("crawled 5 sources:")
