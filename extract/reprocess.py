"""Re-extract stored articles from their raw snapshots (no network) after an extractor change."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from archive import Archive
from extract.article import extract_article
from extract.charset import decode_html

log = logging.getLogger(__name__)


@dataclass
class ReprocessReport:
    """What ``reprocess`` did: which articles' current version changed, and what it could not redo."""

    seen: int = 0
    changed_article_ids: set[str] = field(default_factory=set)
    unchanged: int = 0
    no_snapshot: int = 0          # imported articles, or snapshots whose body is gone
    not_article: int = 0          # the new extractor no longer sees an article there (kept as is)
    failed: int = 0

    @property
    def changed(self) -> int:
        return len(self.changed_article_ids)

    def summary_line(self) -> str:
        extra = []
        if self.no_snapshot:
            extra.append(f"{self.no_snapshot} without a stored page")
        if self.not_article:
            extra.append(f"{self.not_article} no longer recognised as articles (kept)")
        if self.failed:
            extra.append(f"{self.failed} failed")
        tail = f" ({', '.join(extra)})" if extra else ""
        return f"reprocessed {self.seen} articles: {self.changed} changed{tail}"


def reprocess(archive: Archive, source_id: str | None = None, progress: bool = False) -> ReprocessReport:
    """Re-extract every article's current version from the snapshot it came from; update in place."""
    report = ReprocessReport()
    articles = list(archive.iter_articles(source_id))
    bar = _progress(len(articles)) if progress else None
    sources = {}
    for article in articles:
        report.seen += 1
        if bar is not None:
            bar.update(1)
        snap = archive.get_snapshot(article.snapshot_id) if article.snapshot_id else None
        body = archive.snapshot_body(snap) if snap is not None else None
        if not body:
            report.no_snapshot += 1
            continue
        if article.source_id not in sources:
            sources[article.source_id] = archive.get_source(article.source_id)
        try:
            result = extract_article(decode_html(body, snap.content_type), snap.final_url or article.url,
                                     sources[article.source_id])
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
            log.warning("reprocess %s: %s", article.url, exc)
            report.failed += 1
            continue
        if not result.is_article:
            log.info("reprocess %s: not an article any more (%s); kept", article.url, result.reason)
            report.not_article += 1
            continue
        if archive.replace_current_version(article.id, result.fields()):
            report.changed_article_ids.add(article.id)
        else:
            report.unchanged += 1
    if bar is not None:
        bar.close()
    return report


def _progress(total: int):
    from tqdm import tqdm
    return tqdm(total=total, desc="reprocess", unit="article", leave=False)
