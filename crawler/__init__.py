"""The crawler: polite, incremental, resumable fetching of the sources into the archive.

``crawl(config, archive, sources)`` is the entry point; ``crawler.schedule.run_schedule`` repeats it
on each source's schedule. One concern per module: settings, canonical, scope, robots, politeness,
fetch, conditional, discovery, frontier, record, lock, site (one source's run), run (all sources),
report, schedule. See crawler/README.md.
"""
from crawler.lock import CrawlLockedError
from crawler.report import CrawlReport, SourceResult
from crawler.run import crawl
from crawler.settings import Settings

__all__ = ["CrawlLockedError", "CrawlReport", "Settings", "SourceResult", "crawl"]
