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
