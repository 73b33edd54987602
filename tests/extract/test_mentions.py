"""Provinces and organisations named in the text (facets), with their false friends."""
from __future__ import annotations

from extract.mentions import organisations, provinces_mentioned


def test_provinces_are_canonical_pre_2025_names_in_order_of_appearance():
    text = "Ban Dân vận 3 huyện: Krông Pa, tỉnh Gia Lai - M’Drắk, tỉnh Đăk Lăk - Sông Hinh, tỉnh Phú Yên"
    assert provinces_mentioned(text) == ["Gia Lai", "Đắk Lắk", "Phú Yên"]


def test_the_publishers_province_comes_first():
    assert provinces_mentioned("Đoàn công tác tỉnh Đắk Nông thăm Gia Lai", home="Gia Lai") == ["Gia Lai", "Đắk Nông"]


def test_a_commune_or_district_with_a_province_like_name_is_not_the_province():
    assert provinces_mentioned("Chị H’Liên ở xã Krông Pa, huyện Sơn Hòa") == []
    assert provinces_mentioned("Nhân dân xã Bình Phước và huyện Hòa Bình") == []


def test_ho_chi_minh_the_person_is_not_the_city():
    text = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; Đoàn TNCS Hồ Chí Minh; Bác Hồ Chí Minh"
    assert provinces_mentioned(text) == []
    assert provinces_mentioned("Đoàn công tác TP. Hồ Chí Minh") == ["Hồ Chí Minh"]
    assert provinces_mentioned("làm việc tại Thành phố Hồ Chí Minh") == ["Hồ Chí Minh"]


def test_tone_placement_variants_are_the_same_province():
    assert provinces_mentioned("tỉnh Hoà Bình và tỉnh Thanh Hoá") == ["Hòa Bình", "Thanh Hóa"]


def test_organisations_by_name_and_abbreviation():
    text = ("Ủy ban MTTQ huyện phối hợp với Hội LHPN, Hội CCB, Bộ CHQS tỉnh, BĐBP và Công an tỉnh; "
            "UBND xã và Đoàn Thanh niên cùng tham gia")
    found = organisations(text)
    for name in ("Mặt trận Tổ quốc Việt Nam", "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh", "Bộ Chỉ huy Quân sự tỉnh",
                 "Bộ đội Biên phòng", "Công an tỉnh", "Ủy ban nhân dân", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"):
        assert name in found


def test_abbreviations_need_word_boundaries():
    assert organisations("CCBX và HNDY không phải là tên tổ chức; LLVTX cũng vậy") == []


def test_ambiguous_short_forms_need_context():
    assert "Công an tỉnh" not in organisations("Ông CA Văn Tư đến dự")
    assert "Công an tỉnh" not in organisations("Nhà thờ Quân sự")  # bare "Quân sự" is not facet-worthy
    assert "Công an tỉnh" in organisations("cán bộ Công an huyện")


def test_uy_ban_with_old_tone_placement_matches():
    assert "Ủy ban nhân dân" in organisations("Uỷ ban nhân dân tỉnh")


def test_the_publishers_own_name_is_not_a_mention_of_the_party_committee():
    assert organisations("Ban Dân vận Tỉnh ủy tổ chức hội nghị; Ban Dân vận Huyện ủy Lộc Ninh tham dự") == []
    assert organisations("Ban Thường vụ Tỉnh ủy chỉ đạo") == ["Tỉnh ủy / Huyện ủy (cấp ủy)"]


def test_the_longest_form_wins_where_forms_overlap():
    assert organisations("Ban Tuyên giáo Tỉnh ủy và Bộ Chỉ huy BĐBP tỉnh") == ["Ban Tuyên giáo (before 2025 merger)",
                                                                            "Bộ đội Biên phòng"]
