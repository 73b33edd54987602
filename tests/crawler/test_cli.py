"""The crawler through the command line: `danvan crawl` then `danvan stats` per source."""
from __future__ import annotations

import json

from danvan.cli import main


def test_danvan_crawl_then_recrawl_reports_per_source_counts_in_stats(fixture_sites, config, capsys):
    home, sources = str(config.home), str(fixture_sites.sources_path)
    assert main(["--home", home, "crawl", "--sources", sources]) == 0
    first = capsys.readouterr().out.strip().splitlines()[-1]
    assert first.startswith("crawled 5 sources:") and "articles 22 new, 0 edited, 0 removed" in first
    fixture_sites.switch("v2")
    assert main(["--home", home, "crawl", "--sources", sources, "--source", "bdvhu-nv", "--source", "bao-py"]) == 0
    second = capsys.readouterr().out.strip().splitlines()[-1]
    assert "crawled 2 sources:" in second and "articles 1 new, 1 edited, 1 removed" in second
    assert main(["--home", home, "stats", "--json"]) == 0
    rows = {r["source"]: r for r in json.loads(capsys.readouterr().out)["sources"]}
    hu, py = rows["bdvhu-nv"]["last_crawl"], rows["bao-py"]["last_crawl"]
    assert (hu["status"], hu["articles_removed"], hu["pages_unchanged"] > 0) == ("finished", 1, True)
    assert (py["articles_new"], py["articles_edited"], py["pages_failed"]) == (1, 1, 0)
    assert rows["bdvtu-nv"]["last_crawl"]["articles_new"] == 5  # not re-crawled this time
