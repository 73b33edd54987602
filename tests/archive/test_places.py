from archive.places import canonical_province, province_2025, province_names, provinces_2025


def test_there_are_63_old_and_34_new_provinces():
    assert len(province_names()) == 63
    assert len(provinces_2025()) == 34


def test_old_province_maps_to_its_2025_province():
    assert province_2025("Bình Phước") == "Đồng Nai"
    assert province_2025("Đắk Nông") == "Lâm Đồng"
    assert province_2025("Hà Nội") == "Hà Nội"


def test_spelling_variants_find_the_canonical_name():
    assert canonical_province("Dak Nong") == "Đắk Nông"
    assert canonical_province("tỉnh Hoà Bình") == "Hòa Bình"
    assert canonical_province("Atlantis") is None
