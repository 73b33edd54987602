"""Hostile input to the commands: bad import lines, bad sources files, bad settings, a missing home.

Every answer is a one-line reason naming what is wrong; nothing is half written; good input beside bad
input is kept.
"""
from __future__ import annotations

import json

import pytest

from archive import Archive, Config, SourcesError, load_sources
from danvan.cli import main

GOOD = {"url": "http://a.vn/tin/1.html", "title": "Hội nghị sơ kết công tác dân vận", "text": "Nội dung.",
        "published": "2020-01-02"}
BAD_LINES = [
    ('{"url": "http://a.vn/2.html", "title": "x \\ud800 y"}', "lone surrogate"),
    ('{"url": "http://a.vn/3.html", "title": "Ngày sai", "published": "2020-13-45"}', "'published' must be a date"),
    ('{"url": "http://a.vn/3b.html", "title": "Năm sai", "published": "1066-10-14"}', "between 1900 and 2100"),
    ('{"url": "http://a.vn/4.html", "title": "Hôm qua", "published": "hôm qua"}', "'published' must be a date"),
    ('{"url": "javascript:alert(3)", "title": "JS"}', "http(s) URL"),
    ('{"url": "data:text/html,<script>x</script>", "title": "data"}', "http(s) URL"),
    ('{"url": 7, "title": "số"}', "'url' must be text"),
    ('{"url": "http://a.vn/5.html", "title": ["một", "danh sách"]}', "'title' must be text"),
    ('{"url": "http://a.vn/6.html"}', "'title' is missing"),
    ('{"url": "http://a.vn/7.html", "title": "t", "images": [{"src": "javascript:x"}]}', "images.src"),
    ('{"url": "http://a.vn/8.html", "title": "t", "versions": "v1"}', "'versions' must be a list"),
    ('{"url": "http://a.vn/9.html", "title": "t", "status": "deleted"}', "'status' must be one of"),
    ('{"url": "http://a.vn/10.html", "title": "t", "id": "../../etc"}', "'id' must be"),
    ('[1, 2, 3]', "not a JSON object"),
    ('{"url": "http://a.vn/11.html", "title": "t", "x": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
    ('{"url": "http://a.vn/12.html", "title": "broken"', "not JSON"),
]


@pytest.fixture
def import_file(tmp_path):
    lines = [json.dumps(GOOD, ensure_ascii=False)] + [line for line, _ in BAD_LINES]
    lines.append(json.dumps(dict(GOOD, url="http://a.vn/tin/2.html", title="Bài có NUL\u0000 và \u0007 chuông",
                                 text="a\u0000b"), ensure_ascii=False))
    raw = "\n".join(lines).encode("utf-8") + b'\n{"url": "http://a.vn/13.html", "title": "\xff\xfe"}\n'
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(raw)
    return path


def test_an_import_skips_each_bad_line_with_its_number_and_keeps_the_good_ones(import_file, tmp_path, capsys, caplog):
    home = tmp_path / "home"
    assert main(["--home", str(home), "import", str(import_file)]) == 0
    out = capsys.readouterr().out
    assert f"imported 2 articles ({len(BAD_LINES) + 1} bad lines skipped)" in out
    messages = [r.getMessage() for r in caplog.records]
    for number, (_, reason) in enumerate(BAD_LINES, start=2):
        assert any(f"hostile.jsonl:{number} skipped" in m and reason in m for m in messages), (number, reason)
    assert any(f"hostile.jsonl:{len(BAD_LINES) + 3} skipped: not UTF-8" in m for m in messages)
    with Archive.open(Config.load(home)) as archive:
        kept = {a.url: a for a in archive.iter_articles()}
    assert set(kept) == {"http://a.vn/tin/1.html", "http://a.vn/tin/2.html"}
    assert kept["http://a.vn/tin/2.html"].title == "Bài có NUL và  chuông" and kept["http://a.vn/tin/2.html"].text == "ab"


def test_an_import_of_nothing_but_bad_lines_fails(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"url": "ftp://x"}\n', encoding="utf-8")
    assert main(["--home", str(tmp_path / "home"), "import", str(path)]) == 1


SOURCE = '''[[source]]
id = "bdv"
name = "Ban Dân vận Huyện ủy Lộc Ninh"
province = "Bình Phước"
unit = "Ban Dân vận Huyện ủy"
level = "huyện"
start_urls = ["http://127.0.0.1:9/"]
'''


@pytest.mark.parametrize("extra, words", [
    ("district = 7", "'district' must be text"),
    ("delay_s = nan", "'delay_s' must be a number"),
    ("delay_s = -1", "'delay_s' must be a number"),
    ("max_pages = true", "'max_pages' must be a whole number"),
    ("max_pages = 2.5", "'max_pages' must be a whole number"),
    ("colour = \"đỏ\"", "unknown key 'colour'"),
    ('allow = ["(unclosed"]', "'allow' pattern '(unclosed' is not a regular expression"),
    ('deny = [7]', "'deny' must be a list of regular expressions"),
    ('collections = ["Tây Nguyên", ""]', "'collections' must be a list of names"),
    ('schedule = 6', "'schedule' must be text"),
])
def test_a_bad_sources_file_is_refused_before_crawling_with_the_key_named(tmp_path, capsys, extra, words):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCE + extra + "\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=words.replace("(", r"\(").replace("[", r"\[")):
        load_sources(path)
    assert main(["--home", str(tmp_path / "home"), "crawl", "--sources", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "home" / "archive.sqlite3").exists()  # nothing started


@pytest.mark.parametrize("urls", ['["http://"]', '[]', '["ftp://a.vn/"]', '"http://a.vn/"', '["http:///tin/"]'])
def test_start_urls_must_be_http_urls_with_a_host(tmp_path, urls):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCE.replace('start_urls = ["http://127.0.0.1:9/"]', f"start_urls = {urls}"), encoding="utf-8")
    with pytest.raises(SourcesError, match="'start_urls' must be"):
        load_sources(path)


def test_serving_a_home_without_an_archive_says_so(tmp_path, capsys):
    assert main(["--home", str(tmp_path / "nowhere"), "serve", "--port", "0"]) == 2
    assert "no archive at" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()
