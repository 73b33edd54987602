"""What a crawl did, per source and in total (one line for the terminal)."""
from __future__ import annotations

from dataclasses import dataclass, field

COUNTS = ("pages_fetched", "pages_unchanged", "pages_failed", "articles_new", "articles_edited", "articles_removed",
          "requests", "pages_skipped")


@dataclass
class SourceResult:
    """One source's crawl run; the counts are named as in the archive's ``crawls`` table."""

    source_id: str
    crawl_id: int | None = None
    status: str = "running"          # finished | failed | interrupted
    pages_fetched: int = 0           # responses received (any status, 304 included)
    pages_unchanged: int = 0         # 304, or the same content hash as the archived copy
    pages_failed: int = 0            # no answer, an error status, too large, a redirect loop...
    pages_blocked: int = 0           # links robots.txt forbids (never requested)
    pages_replayed: int = 0          # taken from the snapshot of an interrupted run instead of refetched
    pages_skipped: int = 0           # known pages that need no new visit yet (tags, contacts, copies, files)
    documents_changed: int = 0       # attached files new or changed (to be read by `danvan documents`)
    links_refused: int = 0           # links not followed: nofollow, state or session changes, re-renderings
    requests: int = 0                # HTTP requests sent (redirects, retries and robots.txt included)
    dates_untrusted: set[str] = field(default_factory=set)  # hosts whose 304s were found to lie in this crawl
    articles_new: int = 0
    articles_edited: int = 0
    articles_removed: int = 0
    articles_restored: int = 0
    resumed: bool = False
    last_error: str | None = None
    changed_article_ids: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTS}

    def failed(self, reason: str) -> "SourceResult":
        self.status, self.last_error = "failed", reason
        return self


@dataclass
class CrawlReport:
    """Returned by ``crawl``: per-source results and the articles that need re-indexing."""

    results: list[SourceResult] = field(default_factory=list)

    @property
    def changed_article_ids(self) -> set[str]:
        """New, edited, removed and restored articles: what the index must update."""
        out: set[str] = set()
        for r in self.results:
            out |= r.changed_article_ids
        return out

    @property
    def all_failed(self) -> bool:
        return bool(self.results) and all(r.status == "failed" for r in self.results)

    def result(self, source_id: str) -> SourceResult:
        return next(r for r in self.results if r.source_id == source_id)

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.results)

    def summary_line(self) -> str:
        n = len(self.results)
        failed = [r for r in self.results if r.status == "failed"]
        line = (f"crawled {n} source{'s' if n != 1 else ''}: {self.total('pages_fetched')} pages fetched "
                f"({self.total('pages_unchanged')} unchanged, {self.total('pages_failed')} failed) in "
                f"{self.total('requests')} requests; articles "
                f"{self.total('articles_new')} new, {self.total('articles_edited')} edited, "
                f"{self.total('articles_removed')} removed")
        if self.total("articles_restored"):
            line += f", {self.total('articles_restored')} restored"
        interrupted = [r.source_id for r in self.results if r.status == "interrupted"]
        if interrupted:
            line += f"; interrupted: {', '.join(interrupted)} (run again to resume)"
        if failed:
            line += "; failed: " + ", ".join(f"{r.source_id} ({r.last_error})" for r in failed)
        return line
