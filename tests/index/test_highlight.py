"""Snippets: the best passage, every match in it marked, everything else escaped."""
from __future__ import annotations

from index.highlight import snippet

FILLER = " ".join(["hội nghị tổng kết công tác năm"] * 8)


def test_every_match_inside_the_passage_is_marked_not_only_the_first_ones():
    text = f"{FILLER}. Phong trào Dân vận khéo lan rộng, mô hình “Dân vận khéo” được nhân rộng."
    html = snippet(text, ["dan", "van", "kheo"])
    assert html.count("<mark>") == 6
    assert "“<mark>Dân</mark> <mark>vận</mark> <mark>khéo</mark>”" in html


def test_a_snippet_starts_near_the_matches_and_marks_a_prefix():
    text = f"{FILLER}. Các cấp ủy lãnh đạo công tác dân vận."
    html = snippet(text, ["lanh*"])
    assert html.startswith("…") and "<mark>lãnh</mark>" in html


def test_capitals_and_every_diacritic_form_match_the_folded_word_at_its_own_place():
    text = "ĐẠI HỘI Đại biểu; đại hội; DAI hoi; Đạihội"
    html = snippet(text, ["dai", "hoi"])
    assert html.count("<mark>") == 7
    assert "<mark>ĐẠI</mark> <mark>HỘI</mark>" in html and "<mark>Đạihội</mark>" not in html


def test_text_beyond_the_basic_plane_and_lone_surrogates_keep_their_positions():
    text = "𝐀 Ban 😀 dân vận \ud800 khéo ỦY BAN"
    html = snippet(text, ["dan", "van", "uy"])
    assert "😀 <mark>dân</mark> <mark>vận</mark> \ud800 khéo <mark>ỦY</mark> BAN" in html
