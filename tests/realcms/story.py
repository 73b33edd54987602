"""The three crawls of a real-CMS test: first state, unchanged, later state (shared by the tests and benchmarks/realcms.py)."""
from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from archive import Archive, Config
from tests.realcms.harness import RealSite
from tests.realcms.scoring import CrawlScore, RequestLog, score_crawl


@dataclass
class Crawl:
    """One ``danvan crawl``: what it printed, the requests each site saw, the versions the archive then held."""

    summary: str
    seconds: float
    requests: dict[str, RequestLog]
    versions: dict[str, int]
    scores: dict[str, CrawlScore]


@dataclass
class Story:
    config: Config
    truth: dict[str, dict] = field(default_factory=dict)        # cms -> truth by URL (first state)
    non_articles: dict[str, dict] = field(default_factory=dict)
    later: dict[str, dict] = field(default_factory=dict)        # cms -> truth of the later state
    removed: dict[str, dict] = field(default_factory=dict)
    crawls: dict[str, Crawl] = field(default_factory=dict)      # "first", "unchanged", "later"


def _danvan_crawl(story: Story, sources, sites, truth: dict[str, dict]) -> Crawl:
    marks = {cms: site.log_mark() for cms, site in sites.items()}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "danvan", "--home", str(story.config.home), "crawl",
                           "--sources", str(sources)], capture_output=True, text=True, timeout=600)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"danvan crawl failed: {done.stderr[-3000:]}")
    requests = {cms: RequestLog.parse(site.log_since(marks[cms])) for cms, site in sites.items()}
    with Archive.open(story.config) as archive:
        versions = {cms: sum(len(archive.versions(a.id)) for a in archive.iter_articles(site.source_id))
                    for cms, site in sites.items()}
        scores = {cms: score_crawl(archive, site.source_id, truth[cms]) for cms, site in sites.items()}
    return Crawl(done.stdout.strip(), seconds, requests, versions, scores)


def _truths(sites, later: bool) -> dict[str, tuple[dict, dict]]:
    with ThreadPoolExecutor(max_workers=len(sites)) as pool:
        futures = {cms: pool.submit(site.truth, later) for cms, site in sites.items()}
        return {cms: f.result() for cms, f in futures.items()}


def tell(sites: dict[str, RealSite], folder: Path) -> Story:
    """Crawl both sites three times (first state, again unchanged, after ``mutate``); the sites stay mutated."""
    sources = folder / "sources.toml"
    sources.write_text("\n".join(site.source_toml() for site in sites.values()), encoding="utf-8")
    story = Story(Config.load(folder / "home"))
    for cms, (truth, non_articles) in _truths(sites, later=False).items():
        story.truth[cms], story.non_articles[cms] = truth, non_articles
    story.crawls["first"] = _danvan_crawl(story, sources, sites, story.truth)
    story.crawls["unchanged"] = _danvan_crawl(story, sources, sites, story.truth)
    for site in sites.values():
        site.mutate()
    for cms, (truth, non_articles) in _truths(sites, later=True).items():
        story.later[cms], story.removed[cms] = truth, non_articles.get("removed", {})
    story.crawls["later"] = _danvan_crawl(story, sources, sites, story.later)
    return story
