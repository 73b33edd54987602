"""Resumable and exclusive: a crawl killed with -9 loses nothing and is continued; two crawls never overlap."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive import Archive
from crawler import CrawlLockedError, crawl
from crawler.lock import CrawlLock
from danvan.cli import main
from tests.crawler.helpers import ScriptedSite, article_html, listing_html, make_source, page, quick_settings

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 40
CRAWL_SCRIPT = """
import sys
from archive import Archive, Config
from crawler import crawl
from tests.crawler.helpers import make_source, quick_settings
config = Config.load(sys.argv[1])
with Archive.open(config) as archive:
    print(crawl(config, archive, [make_source("kill", sys.argv[2])], settings=quick_settings(config)).summary_line())
"""


def slow_site() -> ScriptedSite:
    """Four listing pages of ten articles; each article takes a moment to answer."""
    routes = {}
    for n in range(4):
        links = [f"/tin-tuc/bai-{n * 10 + i}.html" for i in range(10)]
        nxt = f"/tin-tuc/page-{n + 2}/" if n < 3 else None
        routes["/tin-tuc/" if n == 0 else f"/tin-tuc/page-{n + 1}/"] = (
            lambda body: lambda h: page(h, body))(listing_html(links, nxt))
    routes["/"] = routes["/tin-tuc/"]
    for i in range(ARTICLES):
        def article(h, i=i):
            time.sleep(0.04)
            page(h, article_html(i))
        routes[f"/tin-tuc/bai-{i}.html"] = article
    return ScriptedSite(routes)


def wait_for(condition, limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.02)


def test_a_crawl_killed_mid_way_resumes_without_losing_or_refetching_pages(config):
    with slow_site() as site:
        start = site.base + "/tin-tuc/"
        proc = subprocess.Popen([sys.executable, "-c", CRAWL_SCRIPT, str(config.home), start], cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            wait_for(lambda: sum(p.startswith("/tin-tuc/bai-") for p in site.paths) >= 15 or proc.poll() is not None)
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
        assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")
        with Archive.open(config) as archive:
            killed = archive.last_crawl("kill")
            assert killed["status"] == "running"
            kept = {s.url for s in archive.crawl_snapshots(killed["id"]) if s.status == 200 and s.warc_file}
            assert len(kept) >= 10
            for snap in archive.crawl_snapshots(killed["id"]):  # everything recorded is readable
                if snap.warc_file:
                    assert archive.snapshot_body(snap)
            first_log = len(site.log)
            report = crawl(config, archive, [make_source("kill", start)], settings=quick_settings(config))
            again = [site.base + p for p in site.paths[first_log:] if p != "/robots.txt"]
            result = report.result("kill")
            assert result.status == "finished" and result.resumed
            assert not set(again) & kept                     # nothing fetched in the killed run is fetched again
            assert archive.count_articles("kill") == ARTICLES  # nothing lost
            assert len(report.changed_article_ids) == ARTICLES  # the killed run's articles still get indexed
            assert archive.crawls("kill")[1]["status"] == "interrupted"
            assert archive.frontier_size("kill") == 0
            fresh = crawl(config, archive, [make_source("kill", start)], settings=quick_settings(config))
            assert not fresh.result("kill").resumed and fresh.total("pages_unchanged") == fresh.total("pages_fetched")


def test_a_second_crawl_of_the_same_archive_is_refused(config, archive, tmp_path, capsys):
    source = make_source("one", "http://127.0.0.1:9/")
    with CrawlLock(config):
        with pytest.raises(CrawlLockedError, match="another crawl of this archive is running"):
            crawl(config, archive, [source], settings=quick_settings(config))
        sources = tmp_path / "sources.toml"
        sources.write_text('[[source]]\nid = "one"\nname = "Một"\nprovince = "Bình Phước"\nunit = "Ban Dân vận"\n'
                           'level = "tỉnh"\nstart_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
        assert main(["--home", str(config.home), "crawl", "--sources", str(sources)]) == 2
        err = capsys.readouterr().err
        assert "another crawl of this archive is running" in err and f"pid {os.getpid()}" in err
    assert archive.last_crawl("one") is None  # the refused crawl did nothing


def test_a_killed_lock_holder_does_not_block_the_next_crawl(config, archive):
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom archive import Config\n"
                               "from crawler.lock import CrawlLock\nlock = CrawlLock(Config.load(sys.argv[1]))\nlock.acquire()\n"
                               "print('held', flush=True)\ntime.sleep(60)", str(config.home)],
                              cwd=REPO, stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"held"
    with pytest.raises(CrawlLockedError):
        CrawlLock(config).acquire()
    holder.kill()
    holder.wait()
    holder.stdout.close()
    with CrawlLock(config):
        pass


MANY_SCRIPT = """
import sys
from archive import Archive, Config
from crawler import crawl
from tests.crawler.helpers import make_source, quick_settings
config = Config.load(sys.argv[1])
sources = [make_source(f"s{i}", url) for i, url in enumerate(sys.argv[2:])]
with Archive.open(config) as archive:
    print(crawl(config, archive, sources, settings=quick_settings(config, max_sources_in_parallel=2)).summary_line())
"""


def test_a_killed_run_of_many_sources_does_not_crawl_its_finished_sources_again(config):
    quick = ScriptedSite({"/": lambda h: page(h, listing_html(["/a/1.html"])), "/a/1.html": lambda h: page(h, article_html(1))})
    with quick, slow_site() as slow, slow_site() as slower:
        starts = [quick.base + "/", slow.base + "/tin-tuc/", slower.base + "/tin-tuc/"]
        proc = subprocess.Popen([sys.executable, "-c", MANY_SCRIPT, str(config.home), *starts], cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            wait_for(lambda: quick.count("/a/1.html") == 1 and sum(p.startswith("/tin-tuc/bai-") for p in slow.paths) >= 8
                     or proc.poll() is not None)
            time.sleep(0.2)  # the quick source's crawl row is written as finished
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
        with Archive.open(config) as archive:
            assert archive.last_crawl("s0")["status"] == "finished"
            kept = {s.url for s in archive.crawl_snapshots(archive.last_crawl("s1")["id"]) if s.status == 200}
            seen_quick, seen_slow = len(quick.log), len(slow.log)
            report = crawl(config, archive, [make_source(f"s{i}", u) for i, u in enumerate(starts)],
                           settings=quick_settings(config))
            assert len(quick.log) == seen_quick                    # finished in the killed run: not asked again
            assert report.result("s0").resumed and report.result("s0").changed_article_ids  # but still indexed
            again = {slow.base + p for p in slow.paths[seen_slow:] if p != "/robots.txt"}
            assert kept and not again & kept                      # what the killed run stored is not fetched again
            assert archive.count_articles("s1") == archive.count_articles("s2") == ARTICLES
            later = crawl(config, archive, [make_source("s0", starts[0])], settings=quick_settings(config))
            assert not later.result("s0").resumed and len(quick.log) > seen_quick  # a new run crawls it again
