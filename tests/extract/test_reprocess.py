"""reprocess: re-extraction from stored raw pages, offline, updating the current version in place."""
from __future__ import annotations

import json

from archive import Archive, Snapshot
from archive.text import clean_whitespace
from danvan.cli import main
from extract import extract_article
from extract.reprocess import reprocess
from tests.extract.conftest import DATA

BASE = "http://127.0.0.1:8000"


def _store_fixture_articles(archive, truth, fixture_sources, site: str, stale: bool) -> dict[str, str]:
    """Store a site's truth articles from their raw pages; ``stale`` stores an outdated extraction."""
    from tests.conftest import FIXTURES
    source = fixture_sources[site]
    archive.upsert_source(source)
    ids = {}
    for key, t in truth.items():
        if t["site"] != site or t.get("v2") == "added":
            continue
        url = BASE + t["url_path"]
        body = (FIXTURES / "sites" / key).read_bytes()
        snap = archive.record_snapshot(Snapshot(None, site, url, 200, "2025-05-02T09:12:00Z",
                                                {"Content-Type": "text/html; charset=utf-8"},
                                                content_type="text/html; charset=utf-8"), body)
        fields = extract_article(body, url, source).fields()
        if stale:
            fields = {**fields, "text": fields["text"] + "\n\nThống kê truy cập Đang truy cập 8",
                      "author": "Nguồn tin: " + (fields["author"] or ""), "captions": []}
        ids[key], _ = archive.save_article(source, url, fields, snap.id)
    return ids


def test_reprocess_fixes_stale_extractions_and_reports_them(archive, truth, fixture_sources):
    ids = _store_fixture_articles(archive, truth, fixture_sources, "bdvtu-nv", stale=True)
    report = reprocess(archive)
    assert report.changed_article_ids == set(ids.values())
    assert report.summary_line() == f"reprocessed {len(ids)} articles: {len(ids)} changed"
    for key, article_id in ids.items():
        article = archive.get_article(article_id)
        assert article.text.split("\n\n") == [clean_whitespace(p) for p in truth[key]["body"]]
        assert article.author == truth[key]["author"]
        assert len(archive.versions(article_id)) == 1  # same snapshot: updated in place, no new version


def test_reprocess_twice_changes_nothing_the_second_time(archive, truth, fixture_sources):
    _store_fixture_articles(archive, truth, fixture_sources, "huyenuy-kp", stale=True)
    reprocess(archive)
    again = reprocess(archive)
    assert again.changed_article_ids == set() and again.unchanged == again.seen > 0


def test_reprocess_limits_itself_to_one_source(archive, truth, fixture_sources):
    bao = _store_fixture_articles(archive, truth, fixture_sources, "bao-py", stale=True)
    portal = _store_fixture_articles(archive, truth, fixture_sources, "portal-dn", stale=True)
    report = reprocess(archive, source_id="bao-py")
    assert report.changed_article_ids == set(bao.values())
    assert all("Thống kê truy cập" in archive.get_article(i).text for i in portal.values())


def test_articles_without_a_stored_page_are_counted_not_touched(archive, fixture_sources):
    source = fixture_sources["bdvhu-nv"]
    archive.upsert_source(source)
    article_id, _ = archive.save_article(source, BASE + "/imported.html",
                                         {"title": "Bài nhập", "text": "Nội dung nhập.", "published": "2024-01-01"},
                                         None)
    report = reprocess(archive)
    assert report.no_snapshot == 1 and not report.changed_article_ids
    assert archive.get_article(article_id).text == "Nội dung nhập."
    assert "without a stored page" in report.summary_line()


def test_danvan_reprocess_command_prints_the_summary(config, truth, fixture_sources, capsys):
    with Archive.open(config) as archive:
        ids = _store_fixture_articles(archive, truth, fixture_sources, "bdvhu-nv", stale=True)
    assert main(["--home", str(config.home), "reprocess"]) == 0
    assert f"reprocessed {len(ids)} articles: {len(ids)} changed" in capsys.readouterr().out


def test_danvan_extract_prints_json_for_html_and_gzipped_html(tmp_path, capsys):
    import gzip
    page = (DATA / "wordpress_style.html").read_bytes()
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(page))
    url = "http://dongphu.example/2023/08/doi-thoai/"
    assert main(["extract", str(DATA / "wordpress_style.html"), str(tmp_path / "a.html.gz"), "--url", url]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["file"] for line in lines] == [str(DATA / "wordpress_style.html"), str(tmp_path / "a.html.gz")]
    for line in lines:
        assert line["is_article"] and line["url"] == url
        assert line["title"] == "Đồng Phú: Hội nghị đối thoại với Nhân dân năm 2023"
        assert line["text"] == "\n\n".join(line["paragraphs"])


def test_danvan_extract_reports_a_missing_file(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing.html")]) == 1
    assert "cannot read" in capsys.readouterr().err
