"""Syndicated copies in the index (group, group_size, unique=1, the group filter) and collections as a facet."""
from __future__ import annotations

import pytest

from archive import Archive, Config
from archive.sources import Source
from index import SearchIndex, SearchQuery

STORY = ("Sáng 12/3, Ban Dân vận Tỉnh ủy phối hợp với Bộ Chỉ huy Quân sự tỉnh tổ chức hội nghị sơ kết chương trình "
         "phối hợp giữa công tác dân vận của chính quyền với lực lượng vũ trang giai đoạn 2021 đến 2025. Theo báo cáo, "
         "các đơn vị đã giúp nhân dân xây dựng hơn một trăm căn nhà tình nghĩa, sửa chữa nhiều tuyến đường giao thông "
         "nông thôn và tổ chức khám bệnh, cấp thuốc miễn phí cho hàng nghìn lượt người dân vùng biên giới. Hội nghị "
         "cũng đề ra phương hướng tiếp tục đổi mới nội dung, phương thức phối hợp trong thời gian tới.")
OTHER = ("Hội Nông dân xã tổ chức lớp tập huấn kỹ thuật trồng và chăm sóc cây cà phê theo hướng hữu cơ cho hơn năm "
         "mươi hội viên. Tại lớp học, các kỹ sư nông nghiệp hướng dẫn cách bón phân, tưới nước tiết kiệm, phòng trừ "
         "sâu bệnh và ghi chép nhật ký sản xuất để truy xuất nguồn gốc. Bà con được tham quan mô hình vườn mẫu và trao "
         "đổi kinh nghiệm. Qua lớp tập huấn, hội viên nắm được quy trình canh tác an toàn, góp phần nâng cao thu nhập.")
SOURCES = [
    Source("tn-a", "Ban Dân vận Tỉnh ủy Gia Lai", "Gia Lai", "Ban Dân vận Tỉnh ủy", "tỉnh", ("http://a.vn/",),
           collections=("Tây Nguyên", "Biên giới")),
    Source("tn-b", "Ban Dân vận Tỉnh ủy Kon Tum", "Kon Tum", "Ban Dân vận Tỉnh ủy", "tỉnh", ("http://b.vn/",),
           collections=("Tây Nguyên",)),
    Source("bp", "Ban Dân vận Tỉnh ủy Bình Phước", "Bình Phước", "Ban Dân vận Tỉnh ủy", "tỉnh", ("http://c.vn/",)),
]
ARTICLES = [  # (source, title, text, published)
    ("tn-a", "Sơ kết chương trình phối hợp", STORY, "2024-03-12"),
    ("tn-b", "Hội nghị sơ kết phối hợp với lực lượng vũ trang", STORY + " Nguồn: Báo Gia Lai.", "2024-03-13"),
    ("bp", "Lực lượng vũ trang giúp dân", STORY.rsplit(". ", 1)[0] + ".", "2024-04-02"),
    ("tn-a", "Tập huấn trồng cà phê hữu cơ", OTHER, "2023-05-01"),
    ("bp", "Sơ kết phối hợp ở Bình Phước", "Bình Phước sơ kết chương trình phối hợp với lực lượng vũ trang.", "2024-03-20"),
]


def add(archive: Archive, n: int, source: str, title: str, text: str, published: str) -> str:
    s = next(s for s in SOURCES if s.id == source)
    return archive.import_article({"url": f"http://{source}.vn/{n}.html", "title": title, "text": text,
                                   "published": published, "province": s.province, "unit": s.unit, "level": s.level,
                                   "source": s.name, "source_id": s.id})


@pytest.fixture
def home(tmp_path):
    """(archive, index, [ids]): three copies of one story from three sources, and two other articles."""
    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        for s in SOURCES:
            archive.upsert_source(s)
        ids = [add(archive, n, *a) for n, a in enumerate(ARTICLES)]
        with SearchIndex.of(config) as index:
            index.rebuild(archive)
            yield archive, index, ids


def test_every_copy_carries_its_group_named_after_the_earliest_and_its_size(home):
    archive, index, ids = home
    hits = {h["id"]: h for h in index.search(SearchQuery(q="lực lượng vũ trang")).hits}
    assert {hits[i]["group"] for i in ids[:3]} == {ids[0]} and {hits[i]["group_size"] for i in ids[:3]} == {3}
    assert hits[ids[4]]["group"] is None and hits[ids[4]]["group_size"] == 1


def test_unique_counts_and_pages_one_hit_per_group_the_earliest_matching(home):
    _, index, ids = home
    every = index.search(SearchQuery(q="lực lượng vũ trang"))
    unique = index.search(SearchQuery(q="lực lượng vũ trang", unique=True))
    assert (every.total, unique.total) == (4, 2)
    assert {h["id"] for h in unique.hits} == {ids[0], ids[4]}
    assert sum(v["count"] for v in unique.facets["province"]) == 2
    later = index.search(SearchQuery(q="lực lượng vũ trang", unique=True, filters={"province": ["Kon Tum"]}))
    assert [h["id"] for h in later.hits] == [ids[1]]  # the earliest among the matches that pass the filters


def test_trends_count_per_article_or_per_group(home):
    _, index, _ = home
    by_article = index.trends(SearchQuery(q="vũ trang"), "month").to_json()["series"][0]["points"]
    by_group = index.trends(SearchQuery(q="vũ trang", unique=True), "month").to_json()["series"][0]["points"]
    assert {p["period"]: p["count"] for p in by_article}["2024-03"] == 3
    assert {p["period"]: p["count"] for p in by_group}["2024-03"] == 2
    assert {p["period"]: p["count"] for p in by_article}["2024-04"] == 1
    assert {p["period"]: p["count"] for p in by_group}.get("2024-04", 0) == 0  # the April copy counts in its group's March


def test_the_group_filter_lists_the_copies(home):
    _, index, ids = home
    found = index.search(SearchQuery(filters={"group": [ids[0]]}))
    assert {h["id"] for h in found.hits} == set(ids[:3])


def test_a_new_reprint_joins_the_group_and_every_copy_is_reindexed_with_the_new_size(home):
    archive, index, ids = home
    new = add(archive, 9, "bp", "Đăng lại", "Tin từ Gia Lai. " + STORY, "2024-05-01")
    index.update(archive, [new])
    hits = {h["id"]: h for h in index.search(SearchQuery(q="lực lượng vũ trang")).hits}
    assert hits[new]["group"] == ids[0] and {hits[i]["group_size"] for i in [*ids[:3], new]} == {4}


def test_collections_are_a_facet_and_a_filter(home):
    _, index, ids = home
    results = index.search(SearchQuery())
    assert {v["value"]: v["count"] for v in results.facets["collection"]} == {"Tây Nguyên": 3, "Biên giới": 2}
    found = index.search(SearchQuery(filters={"collection": ["Biên giới"]}))
    assert {h["id"] for h in found.hits} == {ids[0], ids[3]}
    trend = index.trends(SearchQuery(q="vũ trang", filters={"collection": ["Tây Nguyên"]}), "year").to_json()
    assert [(p["count"], p["total"]) for p in trend["series"][0]["points"]] == [(0, 1), (2, 2)]


def test_putting_a_source_in_another_collection_refiles_its_articles(home):
    archive, index, ids = home
    moved = Source("bp", "Ban Dân vận Tỉnh ủy Bình Phước", "Bình Phước", "Ban Dân vận Tỉnh ủy", "tỉnh",
                   ("http://c.vn/",), collections=("Đông Nam Bộ",))
    assert archive.upsert_source(moved) is True and archive.upsert_source(moved) is False
    index.update(archive, archive.article_ids("bp"))
    found = index.search(SearchQuery(filters={"collection": ["Đông Nam Bộ"]}))
    assert {h["id"] for h in found.hits} == {ids[2], ids[4]}
