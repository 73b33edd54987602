"""``danvan schedule``: each source on its own schedule, one crawl at a time, surviving a failing source."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from archive import Archive, SourcesError
from crawler.schedule import Schedule, run_schedule
from danvan.cli import main
from tests.crawler.helpers import (ScriptedSite, article_html, closed_port, listing_html, make_source, page,
                                   quick_settings, sources_toml)


def small_site() -> ScriptedSite:
    return ScriptedSite({"/": lambda h: page(h, listing_html(["/a/1.html"])),
                         "/a/1.html": lambda h: page(h, article_html(1))})


def test_schedules_are_intervals_or_cron_expressions_with_a_daily_default():
    start = datetime(2026, 1, 1, 5, 0, tzinfo=timezone.utc)
    assert Schedule.parse("6h").next_after(start) == start + timedelta(hours=6)
    assert Schedule.parse("30m").next_after(start) == start + timedelta(minutes=30)
    assert Schedule.parse(None).next_after(start) == start + timedelta(days=1)
    assert Schedule.parse("1d").next_after(start, "bdv-a") - start >= timedelta(hours=12)
    assert Schedule.parse("0 3 * * *").next_after(start) == datetime(2026, 1, 2, 3, 0, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="neither an interval"):
        Schedule.parse("sometimes")


def test_schedule_once_crawls_what_is_due_and_survives_a_failing_source(config):
    seen = []
    with small_site() as site:
        sources = [make_source("down", f"http://127.0.0.1:{closed_port()}/"),
                   make_source("up", site.base + "/", schedule="6h")]
        reports = run_schedule(config, sources, lambda archive, report: seen.append(report), once=True,
                               settings=quick_settings(config))
        assert len(reports) == 1  # the due sources are crawled together, in one round
        assert {r.source_id: r.status for r in reports[0].results} == {"down": "failed", "up": "finished"}
        assert seen == reports
        assert run_schedule(config, sources, lambda a, r: None, once=True, settings=quick_settings(config)) == []
        later = datetime.now(timezone.utc) + timedelta(hours=2)
        again = run_schedule(config, sources, lambda a, r: None, once=True, settings=quick_settings(config),
                             now=lambda: later)
        assert [r.source_id for r in again[0].results] == ["down"]  # a failed source is retried within the hour
    with Archive.open(config) as archive:
        assert archive.article_by_url(site.base + "/a/1.html") is not None
        assert archive.last_crawl("up")["status"] == "finished"


def test_schedule_survives_a_failing_after_crawl_step(config):
    def broken(archive, report):
        raise RuntimeError("index busy")

    with small_site() as site:
        reports = run_schedule(config, [make_source("up", site.base + "/")], broken, once=True,
                               settings=quick_settings(config))
    assert reports[0].results[0].articles_new == 1


def test_a_bad_schedule_is_reported_with_its_source(config):
    with pytest.raises(SourcesError, match="source up: schedule 'whenever'"):
        run_schedule(config, [make_source("up", "http://127.0.0.1:9/", schedule="whenever")], lambda a, r: None,
                     once=True)


def test_danvan_schedule_once_crawls_and_indexes(config, tmp_path, capsys):
    with small_site() as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(("up", site.base + "/")), encoding="utf-8")
        assert main(["--home", str(config.home), "schedule", "--sources", str(sources), "--once"]) == 0
    with Archive.open(config) as archive:
        assert archive.count_articles("up") == 1
    capsys.readouterr()
    assert main(["--home", str(config.home), "stats", "--json"]) == 0
    index = json.loads(capsys.readouterr().out)["index"]
    assert index["documents"] == 1 and index["up_to_date"]


def test_sources_on_one_interval_are_spread_over_it():
    start = datetime(2026, 1, 1, 0, 0, tzinfo=timezone.utc)
    daily = Schedule.parse("1d")
    hours = {(daily.next_after(start, f"bdv-{n}") - start).total_seconds() // 3600 for n in range(300)}
    assert len(hours) >= 20  # 300 daily sources crawled together once fall into most hours of the next day
    for n in range(50):
        due = daily.next_after(start, f"bdv-{n}")
        assert timedelta(hours=12) <= due - start <= timedelta(hours=36)
        assert daily.next_after(due, f"bdv-{n}") - due == timedelta(days=1)  # then every day at its own time


def test_danvan_schedule_once_says_what_it_did(config, tmp_path, capsys):
    with small_site() as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(("up", site.base + "/")), encoding="utf-8")
        assert main(["--home", str(config.home), "schedule", "--sources", str(sources), "--once"]) == 0
        assert "crawled 1 source" in capsys.readouterr().out
        assert main(["--home", str(config.home), "schedule", "--sources", str(sources), "--once"]) == 0
        assert "nothing is due" in capsys.readouterr().out
