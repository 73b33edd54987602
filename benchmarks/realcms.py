"""Crawl real NukeViet 4.5 and WordPress 6.1 sites (installed from tests/realcms/content/) and print the figures.

Three crawls of both sites at once, as the tests make them: the first state, again unchanged, then the
later state (3 edits, 2 deletions, 2 additions per site). Per site: articles found, duplicates,
non-articles stored, body F1, title / date+time / author / source accuracy, chrome leaked, requests,
and on the unchanged re-crawl requests by kind and new versions. Needs root and the real-CMS packages
(bash ../shared/realcms/install-packages.sh; Debian's wordpress-theme-twentytwentythree).

Usage: python benchmarks/realcms.py
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.realcms import harness  # noqa: E402
from tests.realcms.scoring import article_paths, score_later  # noqa: E402
from tests.realcms.story import Story, tell  # noqa: E402
from archive import Archive  # noqa: E402


def print_tables(story: Story, sites: dict[str, harness.RealSite]) -> None:
    print("| site | crawl | articles | found | duplicates | non-articles | body F1 | title | date+time | author | "
          "source | leaks | requests | seconds |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for cms in sites:
        for name in ("first", "later"):
            crawl = story.crawls[name]
            s = crawl.scores[cms]
            print(f"| {cms} | {name} | {len(s.articles)} | {s.found} | {len(s.duplicates)} | {len(s.non_articles)} | "
                  f"{s.f1:.3f} | {s.rate('title'):.0%} | {s.rate('date'):.0%} | {s.rate('author'):.0%} | "
                  f"{s.rate('source_text'):.0%} | {s.leaks} | {len(crawl.requests[cms].paths)} | {crawl.seconds:.1f} |")
    print("\nUnchanged re-crawl (both sites in one `danvan crawl`, "
          f"{story.crawls['unchanged'].seconds:.1f} s):\n")
    print("| site | requests | of which articles | articles asked twice | other requests by kind | new versions |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for cms in sites:
        crawl = story.crawls["unchanged"]
        articles = article_paths(story.truth[cms])
        kinds = crawl.requests[cms].kinds(articles, story.non_articles[cms])
        other = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()) if k != "article")
        new_versions = crawl.versions[cms] - story.crawls["first"].versions[cms]
        print(f"| {cms} | {len(crawl.requests[cms].paths)} | {kinds['article']} | "
              f"{len(crawl.requests[cms].repeated_articles(articles))} | {other} | {new_versions} |")
    print("\nLater state:\n")
    with Archive.open(story.config) as archive:
        for cms, site in sites.items():
            problems = score_later(archive, site.source_id, story.later[cms], story.removed[cms])
            grown = story.crawls["later"].versions[cms] - story.crawls["unchanged"].versions[cms]
            print(f"- {cms}: {len(problems)} articles without their truth outcome, {grown} new versions "
                  f"({sum(t['v2'] in ('edited', 'added') for t in story.later[cms].values())} expected)")


def main() -> int:
    reason = harness.unavailable()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="danvan-realcms-bench-"))
    os.chmod(work, 0o755)
    sites = {}
    try:
        sites = {cms: harness.start(cms, work / cms) for cms in harness.CMSS}
        story = tell(sites, work)
        print_tables(story, sites)
    finally:
        for site in sites.values():
            site.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
