"""The command line: clear one-line errors, and commands that need no network."""
from __future__ import annotations

import socket

import pytest

from danvan.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_sources_file_fails_with_one_line_reason(capsys, tmp_path):
    code, _, err = run(capsys, "--home", str(tmp_path), "crawl", "--sources", str(tmp_path / "none.toml"))
    assert code != 0
    assert err.count("\n") == 1 and "sources file not found" in err


def test_malformed_sources_file_fails_with_one_line_reason(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]]\nid = 'x'\n", encoding="utf-8")
    code, _, err = run(capsys, "--home", str(tmp_path), "crawl", "--sources", str(bad))
    assert code != 0 and "missing required key" in err and err.count("\n") == 1


def test_unknown_source_id_is_refused(capsys, tmp_path, fixture_sites):
    code, _, err = run(capsys, "--home", str(tmp_path), "crawl", "--sources", str(fixture_sites.sources_path),
                       "--source", "nope")
    assert code != 0 and "unknown source id" in err and "bdvtu-nv" in err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_site_that_does_not_answer_fails_the_crawl_with_a_reason(capsys, tmp_path):
    sources = tmp_path / "dead.toml"
    sources.write_text(f'''[[source]]
id = "dead"
name = "Ban Dân vận Huyện ủy Không Có"
province = "Bình Phước"
unit = "Ban Dân vận Huyện ủy"
level = "huyện"
delay_s = 0
start_urls = ["http://127.0.0.1:{free_port()}/tin-tuc/"]
''', encoding="utf-8")
    code, out, err = run(capsys, "--home", str(tmp_path / "home"), "crawl", "--sources", str(sources),
                         "--set", "crawler.retries=0")  # no real backoff waits: settings without code
    assert code != 0
    assert "failed: dead (site does not answer" in out + err


def test_settings_come_from_config_toml_and_set_wins(capsys, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('base_url = "https://kho.example.vn"\n[crawler]\nretries = 5\n', encoding="utf-8")
    from archive import Config
    from crawler import Settings
    config = Config.load(home, overrides=["crawler.retries=0", "crawler.delay_s=2"])
    settings = Settings.from_config(config)
    assert (config.base_url, settings.retries, settings.delay_s) == ("https://kho.example.vn", 0, 2.0)
    assert Settings.from_config(Config.load(home)).retries == 5


@pytest.mark.parametrize("setting, words", [
    ("crawler.retriez=0", "unknown setting crawler.retriez"),
    ("crawler.retries=many", "crawler.retries must be int"),
    ("crawler.delay_s=nan", "crawler.delay_s must be float"),
    ("colour=blue", "unknown setting 'colour'"),
    ("index.cache_mb=0", "index.cache_mb must be 1 or more"),
    ("index.cache=512", "unknown setting index.cache"),
    ("retries", "--set needs NAME=VALUE"),
])
def test_a_bad_setting_is_refused_before_any_work_with_its_name(capsys, tmp_path, setting, words):
    code, out, err = run(capsys, "--home", str(tmp_path / "home"), "--set", setting, "stats")
    assert code == 2 and words in err and "Traceback" not in err


def test_a_broken_config_toml_is_a_one_line_reason(capsys, tmp_path):
    (tmp_path / "config.toml").write_text("[crawler\nretries = 1\n", encoding="utf-8")
    code, out, err = run(capsys, "--home", str(tmp_path), "stats")
    assert code == 2 and "cannot read" in err and "config.toml" in err and len(err.strip().splitlines()) == 1


def test_home_may_follow_the_command(capsys, tmp_path):
    code, out, _ = run(capsys, "reindex", "--home", str(tmp_path / "h"))
    assert code == 0 and str(tmp_path / "h") in out


def test_extract_prints_one_json_line_per_file(capsys, tmp_path, shared_dir):
    import json
    page = shared_dir / "fixtures/sites/bdvtu-nv/tin-tuc/index.html"
    code, out, _ = run(capsys, "extract", str(page), "--url", "http://example.vn/tin-tuc/")
    assert code == 0
    (line,) = out.splitlines()
    data = json.loads(line)
    assert data["file"] == str(page) and data["is_article"] is False and data["text"]
