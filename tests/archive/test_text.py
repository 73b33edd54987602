import unicodedata

import pytest

from archive.text import clean_whitespace, exact_key, fold, normalize_tones


@pytest.mark.parametrize("new_style, old_style", [
    ("hoà", "hòa"), ("uỷ", "ủy"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Hoà Bình", "Hòa Bình"), ("Uỷ ban", "Ủy ban"),
])
def test_tone_placement_variants_normalise_to_one_form(new_style, old_style):
    assert normalize_tones(new_style) == old_style
    assert exact_key(new_style) == exact_key(old_style)


@pytest.mark.parametrize("word", ["quả", "giữ", "người", "hoài", "khuỷu", "quốc", "giặc", "tuyển", "thuở"])
def test_words_with_fixed_tone_position_are_left_alone(word):
    assert normalize_tones(word) == word


def test_fold_drops_diacritics_and_maps_d_stroke():
    assert fold("Dân vận khéo") == "dan van kheo"
    assert fold("Đắk Nông") == "dak nong"


def test_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Dân vận khéo")
    assert nfd != "Dân vận khéo"
    assert clean_whitespace(nfd) == "Dân vận khéo"
    assert exact_key(nfd) == "dân vận khéo"


def test_clean_whitespace_collapses_nbsp_runs():
    assert clean_whitespace("a\u00a0\u00a0 b\n c") == "a b c"
