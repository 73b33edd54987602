
import pytest

from archive import Archive, ArchiveError, Config, Snapshot, Source
from archive.database import schema_version, set_schema_version
from archive.records import article_record
from archive.schema import LATEST

SOURCE = Source(id="bdvhu-ln", name="Ban Dân vận Huyện ủy Lộc Ninh", province="Bình Phước", unit="Ban Dân vận Huyện ủy",
                level="huyện", district="Lộc Ninh", start_urls=("http://127.0.0.1:1/",))
URL = "http://127.0.0.1:1/tin-tuc/a-1.html"


def fields(text="Đoạn một.\n\nĐoạn hai.", title="Xã Lộc Thiện: “Dân vận khéo”"):
    return {"title": title, "text": text, "published": "2022-12-05", "published_time": "15:10",
            "author": "Hoàng Yến - BDV Lộc Ninh", "captions": ["Ảnh"], "organisations": ["Hội Nông dân"]}


def snapshot(archive, body=b"<html>v1</html>"):
    return archive.record_snapshot(Snapshot(None, SOURCE.id, URL, 200, "2024-01-01T00:00:00Z",
                                            {"Content-Type": "text/html"}), body)


def table_names(archive) -> set[str]:
    if archive.database_url:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return {r[0] for r in archive.conn.execute(sql)}


def test_new_archive_has_the_latest_schema_version(config):
    with Archive.open(config) as archive:
        assert schema_version(archive.conn) == LATEST
        assert {"sources", "snapshots", "pages", "articles", "article_versions", "crawls", "frontier"} <= \
            table_names(archive)


def test_archive_from_a_newer_program_is_refused(config):
    with Archive.open(config) as archive:
        with archive.conn:
            set_schema_version(archive.conn, LATEST + 1)
    with pytest.raises(RuntimeError, match="newer"):
        Archive.open(config)


def test_a_database_url_that_answers_nothing_gives_a_clear_error(tmp_path):
    config = Config.load(tmp_path / "home", overrides=["database_url=postgresql://danvan:secret@127.0.0.1:9/none"])
    with pytest.raises(ArchiveError, match=r"cannot open archive database postgresql://danvan:\*\*\*@127.0.0.1:9/none"):
        Archive.open(config)


def test_a_database_url_of_another_engine_is_refused(tmp_path):
    config = Config.load(tmp_path / "home", overrides=["database_url=mysql://localhost/x"])
    with pytest.raises(ArchiveError, match="postgresql://"):
        Archive.open(config)


def test_a_file_that_is_not_sqlite_gives_a_clear_error(tmp_path):
    config = Config.load(tmp_path / "home")
    config.ensure_home()
    config.db_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ArchiveError, match="cannot open archive database"):
        Archive.open(config)


def test_raw_body_round_trips_through_warc(archive):
    archive.upsert_source(SOURCE)
    snap = snapshot(archive, "<p>Dân vận</p>".encode())
    again = archive.get_snapshot(snap.id)
    assert again.content_hash == snap.content_hash and again.warc_file.endswith(".warc.gz")
    assert archive.snapshot_body(again).decode() == "<p>Dân vận</p>"


def test_edit_adds_a_version_and_keeps_the_old_one_readable(archive):
    archive.upsert_source(SOURCE)
    snap = snapshot(archive)
    article_id, outcome = archive.save_article(SOURCE, URL, fields(), snap.id)
    assert outcome == "new"
    assert archive.save_article(SOURCE, URL, fields(), snap.id) == (article_id, "unchanged")
    assert archive.save_article(SOURCE, URL, fields(text="Đoạn một đã sửa."), snap.id) == (article_id, "edited")
    versions = archive.versions(article_id)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].text == "Đoạn một.\n\nĐoạn hai." and versions[1].text == "Đoạn một đã sửa."
    assert archive.get_article(article_id).text == "Đoạn một đã sửa."


def test_removed_article_is_kept_and_marked_removed(archive):
    archive.upsert_source(SOURCE)
    article_id, _ = archive.save_article(SOURCE, URL, fields(), snapshot(archive).id)
    assert archive.mark_removed(URL) == article_id
    assert archive.mark_removed(URL) is None  # already removed
    article = archive.get_article(article_id)
    assert article.status == "removed" and article.text == "Đoạn một.\n\nĐoạn hai."


def test_article_keeps_the_province_of_its_time_and_knows_todays(archive):
    archive.upsert_source(SOURCE)
    article_id, _ = archive.save_article(SOURCE, URL, fields(), snapshot(archive).id)
    record = article_record(archive, archive.get_article(article_id))
    assert record["province"] == "Bình Phước" and record["province_2025"] == "Đồng Nai"
    assert record["district"] == "Lộc Ninh" and record["source"] == "Ban Dân vận Huyện ủy Lộc Ninh"
    assert record["status"] == "live" and len(record["versions"]) == 1
    for key in ("id", "url", "title", "published", "author", "province", "unit", "level", "district", "source",
                "text", "crawled_at", "status", "versions"):
        assert key in record


def test_export_record_imports_into_another_archive_unchanged(archive, tmp_path):
    from archive import Config
    archive.upsert_source(SOURCE)
    article_id, _ = archive.save_article(SOURCE, URL, fields(), snapshot(archive).id)
    archive.save_article(SOURCE, URL, fields(text="Bản sửa."), None)
    record = article_record(archive, archive.get_article(article_id))
    with Archive.open(Config.load(tmp_path / "other")) as other:
        assert other.import_article(record) == article_id
        copy = article_record(other, other.get_article(article_id))
    for key in ("url", "title", "text", "published", "author", "province", "unit", "district", "source", "status"):
        assert copy[key] == record[key]
    assert [v["text"] for v in copy["versions"]] == ["Đoạn một.\n\nĐoạn hai.", "Bản sửa."]
    assert copy["organisations"] == ["Hội Nông dân"]


def test_frontier_survives_reopening(config):
    with Archive.open(config) as archive:
        archive.frontier_add("s", [("http://a/1", 0, None), ("http://a/2", 1, "http://a/1")])
        archive.frontier_done("s", "http://a/1")
    with Archive.open(config) as archive:
        assert archive.frontier_pending("s") == [("http://a/2", 1)]
        assert archive.frontier_is_done("s", "http://a/1")


def test_a_batch_import_keeps_the_records_the_database_takes_and_names_the_one_it_refuses(archive):
    good = {"url": "http://127.0.0.1:1/tin-tuc/tot.html", "title": "Tốt", "text": "Một bài\x00 tốt.", "source_id": "s"}
    refused = {"id": "khong-url", "url": None, "title": "Không có địa chỉ", "text": "…", "source_id": "s"}
    outcome = archive.import_articles([good, refused])
    assert isinstance(outcome[0], str) and isinstance(outcome[1], ArchiveError)
    assert "cannot store None" in str(outcome[1])
    assert archive.count_articles() == 1 and archive.get_article(outcome[0]).title == "Tốt"
