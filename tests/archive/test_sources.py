import pytest

from archive.sources import SourcesError, load_sources, select_sources

GOOD = '''
[[source]]
id = "bdvtu-bp"
name = "Ban Dân vận Tỉnh ủy Bình Phước"
province = "Bình Phước"
unit = "Ban Dân vận Tỉnh ủy"
level = "tỉnh"
start_urls = ["https://example.gov.vn/tin-tuc/"]
delay_s = 2
deny = ["/seek/"]
schedule = "0 3 * * *"

[[source]]
id = "bdvhu-ln"
name = "Ban Dân vận Huyện ủy Lộc Ninh"
province = "Bình Phước"
unit = "Ban Dân vận Huyện ủy"
level = "huyện"
district = "Lộc Ninh"
start_urls = ["https://ln.example.gov.vn/"]
'''


def write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_file_in_the_contract_format_loads(tmp_path):
    sources = load_sources(write(tmp_path, GOOD))
    assert [s.id for s in sources] == ["bdvtu-bp", "bdvhu-ln"]
    assert sources[0].delay_s == 2.0 and sources[0].deny == ("/seek/",) and sources[0].schedule == "0 3 * * *"
    assert sources[1].district == "Lộc Ninh" and sources[1].start_urls == ("https://ln.example.gov.vn/",)


def test_missing_sources_file_says_so(tmp_path):
    with pytest.raises(SourcesError, match="not found"):
        load_sources(tmp_path / "nope.toml")


def test_malformed_toml_names_the_file(tmp_path):
    with pytest.raises(SourcesError, match="not valid TOML"):
        load_sources(write(tmp_path, "[[source]\nid = "))


def test_missing_required_key_names_source_and_key(tmp_path):
    with pytest.raises(SourcesError, match=r"bdvtu-bp.*'province'"):
        load_sources(write(tmp_path, GOOD.replace('province = "Bình Phước"\n', "", 1)))


def test_start_urls_must_be_http(tmp_path):
    with pytest.raises(SourcesError, match="start_urls"):
        load_sources(write(tmp_path, GOOD.replace("https://example.gov.vn/tin-tuc/", "ftp://x/")))


def test_duplicate_ids_are_refused(tmp_path):
    with pytest.raises(SourcesError, match="duplicate"):
        load_sources(write(tmp_path, GOOD.replace('"bdvhu-ln"', '"bdvtu-bp"')))


def test_unknown_source_id_lists_the_known_ones(tmp_path):
    sources = load_sources(write(tmp_path, GOOD))
    with pytest.raises(SourcesError, match="unknown source id.*nope.*known: bdvtu-bp, bdvhu-ln"):
        select_sources(sources, ["nope"])
    assert [s.id for s in select_sources(sources, ["bdvhu-ln"])] == ["bdvhu-ln"]
