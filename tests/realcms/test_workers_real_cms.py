"""Three `danvan worker` processes crawl the real NukeViet and WordPress sites together with the fixture
sites into one PostgreSQL archive: the same articles, versions and statuses as one SQLite crawl."""
from __future__ import annotations

from archive import Archive, Config
from danvan.cli import main
from tests.crawler.test_workers import archive_state, finished, worker


def test_three_workers_on_the_real_cms_and_fixture_sites_match_one_sqlite_crawl(real_sites, fixture_sites, pg_config,
                                                                                tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(fixture_sites.sources_path.read_text(encoding="utf-8") + "\n"
                       + "\n".join(site.source_toml() for site in real_sites.values()), encoding="utf-8")
    assert main(["--home", str(pg_config.home), "--set", f"database_url={pg_config.database_url}",
                 "schedule", "--sources", str(sources), "--once"]) == 0
    outs = finished([worker(pg_config, "--until-idle") for _ in range(3)], limit_s=600)
    assert sum(o.count(": finished,") for o in outs) == 5 + len(real_sites)
    sqlite_home = tmp_path / "sqlite"
    assert main(["--home", str(sqlite_home), "crawl", "--sources", str(sources)]) == 0
    state = archive_state(pg_config)
    assert state == archive_state(Config.load(sqlite_home))
    with Archive.open(pg_config) as archive:
        assert {s.id for s in archive.list_sources()} >= {site.source_id for site in real_sites.values()}
        for site in real_sites.values():
            assert archive.count_articles(site.source_id) >= 25
