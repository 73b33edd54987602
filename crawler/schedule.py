"""``danvan schedule``: re-crawl each source on its own schedule until stopped.

Every round crawls the sources that are due together (in parallel, as ``danvan crawl`` does).
An interval schedule ("1d") gives each source its own phase within the interval, from its id, so
that hundreds of daily sources are spread over the day instead of all starting at once.
"""
from __future__ import annotations

import logging
import math
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from croniter import croniter

from archive import Archive, Config, Source, SourcesError

from crawler.lock import CrawlLockedError
from crawler.report import CrawlReport
from crawler.run import crawl
from crawler.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_SCHEDULE = "1d"
RETRY_FAILED_AFTER = timedelta(hours=1)   # a failed source is tried again sooner than its schedule
RETRY_LOCKED_AFTER = timedelta(minutes=1)  # another crawl (e.g. a manual one) holds the archive
MIN_GAP_SHARE = 0.5                        # a source's next slot is at least half its interval after its last crawl
_INTERVAL = re.compile(r"^\s*(?:every\s+)?(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)\w*\s*$", re.I)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass(frozen=True)
class Schedule:
    """An interval ("6h", "1d", "30m") or a cron expression ("0 3 * * *", UTC)."""

    text: str
    interval: timedelta | None = None

    @classmethod
    def parse(cls, text: str | None) -> "Schedule":
        text = (text or DEFAULT_SCHEDULE).strip()
        match = _INTERVAL.match(text)
        if match:
            seconds = float(match.group(1)) * _UNITS[match.group(2).lower()]
            if seconds <= 0:
                raise ValueError(f"schedule {text!r}: the interval must be positive")
            return cls(text, timedelta(seconds=seconds))
        if croniter.is_valid(text):
            return cls(text)
        raise ValueError(f"schedule {text!r} is neither an interval (like \"6h\", \"1d\") nor a cron expression "
                         f"(like \"0 3 * * *\")")

    def next_after(self, when: datetime, key: str = "") -> datetime:
        """The next time after ``when``; an interval's slots are shifted by a phase drawn from ``key``."""
        if self.interval is None:
            return croniter(self.text, when).get_next(datetime)
        if not key:
            return when + self.interval
        period = self.interval.total_seconds()
        phase = (zlib.crc32(key.encode("utf-8")) % 10_000) / 10_000 * period
        since = when.timestamp() - phase
        slot = math.floor(since / period) + 1
        due = datetime.fromtimestamp(slot * period + phase, tz=timezone.utc)
        if (due - when) < self.interval * MIN_GAP_SHARE:  # never twice in a row: the next slot then
            due += self.interval
        return due


def schedules_for(sources: list[Source]) -> dict[str, Schedule]:
    """Each source's schedule; a bad one is a SourcesError naming the source."""
    out = {}
    for s in sources:
        try:
            out[s.id] = Schedule.parse(s.schedule)
        except ValueError as exc:
            raise SourcesError(f"source {s.id}: {exc}") from None
    return out


REQUEUE_CHECK_AFTER = timedelta(minutes=5)  # a source marked due is looked at again after this (still due: left)


def next_due(archive: Archive, source: Source, schedule: Schedule) -> datetime | None:
    """When the source should be crawled next (None: never crawled, so now)."""
    last = archive.last_crawl(source.id)
    if last is None:
        return None
    started = _parse_time(last["started_at"])
    due = schedule.next_after(started, source.id)
    if last["status"] in ("failed", "interrupted"):
        due = min(due, started + RETRY_FAILED_AFTER)
    return due


def run_schedule(config: Config, sources: list[Source], after_crawl: Callable[[Archive, CrawlReport], None],
                 once: bool = False, *, settings: Settings | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 sleep: Callable[[float], None] = time.sleep,
                 on_round: Callable[[CrawlReport], None] = lambda report: None) -> list[CrawlReport]:
    """Crawl the sources when their schedules say so; ``once``: what is due now, then return.

    Each round crawls every due source in one ``crawl`` (in parallel) and hands its report to
    ``after_crawl`` (indexing) and ``on_round`` (the command line prints its summary).
    """
    schedules = schedules_for(sources)
    reports: list[CrawlReport] = []
    retry_at: dict[str, datetime] = {}
    log.info("schedule: %s", ", ".join(f"{s.id} every {schedules[s.id].text}" for s in sources))
    while True:
        due = _due(config, sources, schedules, retry_at, now())
        if due:
            for source in due:
                retry_at.pop(source.id, None)
            report = _run_round(config, due, after_crawl, settings)
            if report is None:
                retry_at.update({s.id: now() + RETRY_LOCKED_AFTER for s in due})
            else:
                reports.append(report)
                on_round(report)
        if once:
            return reports
        soonest = next_round(config, sources, schedules, retry_at, now())
        wait = max(1.0, min(300.0, (soonest - now()).total_seconds()))
        log.debug("schedule: next crawl due %s; sleeping %.0f s", soonest.isoformat(), wait)
        sleep(wait)


def mark_schedule(config: Config, sources: list[Source], once: bool = False, *,
                  now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                  sleep: Callable[[float], None] = time.sleep,
                  on_round: Callable[[list[Source]], None] = lambda due: None) -> int:
    """With a shared archive: mark the sources due when their schedules say so, for ``danvan worker``
    processes to crawl (this process fetches nothing); ``once``: mark what is due now, then return.
    Returns how many sources were marked."""
    schedules = schedules_for(sources)
    marked_total = 0
    queued_until: dict[str, datetime] = {}   # marked sources are not looked at again before this
    with Archive.open(config) as archive:
        for source in sources:
            archive.upsert_source(source)
    while True:
        due = _due(config, sources, schedules, queued_until, now())
        if due:
            with Archive.open(config) as archive:
                marked_total += archive.mark_due(due)
            queued_until.update({s.id: now() + REQUEUE_CHECK_AFTER for s in due})
            on_round(due)
        if once:
            return marked_total
        soonest = next_round(config, sources, schedules, queued_until, now())
        sleep(max(1.0, min(300.0, (soonest - now()).total_seconds())))


def _due(config: Config, sources: list[Source], schedules: dict[str, Schedule], retry_at: dict[str, datetime],
         current: datetime) -> list[Source]:
    with Archive.open(config) as archive:
        due_times = {s.id: retry_at.get(s.id) or next_due(archive, s, schedules[s.id]) for s in sources}
    return sorted((s for s in sources if due_times[s.id] is None or due_times[s.id] <= current),
                  key=lambda s: due_times[s.id] or datetime.min.replace(tzinfo=timezone.utc))


def next_round(config: Config, sources: list[Source], schedules: dict[str, Schedule],
               retry_at: dict[str, datetime], current: datetime) -> datetime:
    """When the next source falls due (``current`` if one is due already)."""
    with Archive.open(config) as archive:
        upcoming = [retry_at.get(s.id) or next_due(archive, s, schedules[s.id]) for s in sources]
    return min((u or current for u in upcoming), default=current)


def _run_round(config: Config, due: list[Source], after_crawl, settings: Settings | None) -> CrawlReport | None:
    """One round's crawl of the due sources; a failure is logged and the schedule goes on. None when the archive was busy."""
    names = ", ".join(s.id for s in due)
    try:
        with Archive.open(config) as archive:
            report = crawl(config, archive, due, settings=settings)
            log.info("scheduled crawl of %s: %s", names, report.summary_line())
            try:
                after_crawl(archive, report)
            except Exception:  # noqa: BLE001 - e.g. the index is busy; the archive has the data, reindex later
                log.exception("after the crawl of %s: post-processing failed", names)
            return report
    except CrawlLockedError as exc:
        log.warning("scheduled crawl of %s postponed: %s", names, exc)
        return None
    except Exception:  # noqa: BLE001 - the schedule survives a failing round
        log.exception("scheduled crawl of %s failed", names)
        return CrawlReport()


def _parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
