"""Hard line breaks joined back into paragraphs; NFC; what counts as a text layer."""
from __future__ import annotations

import unicodedata

from extract.documents.text import clean_text, has_text_layer, looks_garbled


def test_lines_are_joined_when_the_next_starts_in_lower_case():
    assert clean_text("Ban Dân vận tổ chức\nhội nghị sơ kết.\nSau đó") == "Ban Dân vận tổ chức hội nghị sơ kết.\nSau đó"


def test_a_line_that_ends_a_sentence_is_not_joined():
    assert clean_text("như sau:\nphát huy vai trò") == "như sau:\nphát huy vai trò"


def test_hyphenation_at_the_line_end_is_mended():
    assert clean_text("công tác dân vận chính quy-\nền các cấp") == "công tác dân vận chính quyền các cấp"
    assert clean_text("chính trị -\nxã hội") == "chính trị - xã hội"  # a dash between words stays
    assert clean_text("Covid-\n19") == "Covid-\n19"
    assert clean_text("tuyên truy\u00ad\nền") == "tuyên truyền"  # soft hyphen


def test_blank_lines_headings_and_list_items_stay():
    raw = "I. MỤC ĐÍCH\nnâng cao nhận thức\n\n- tuyên truyền;\n- vận động\nnhân dân"
    assert clean_text(raw) == "I. MỤC ĐÍCH\nnâng cao nhận thức\n\n- tuyên truyền;\n- vận động nhân dân"
    assert clean_text("a) nội dung\nb) hình thức") == "a) nội dung\nb) hình thức"


def test_full_width_lines_run_on_in_laid_out_text():
    lines = ["Thực hiện chương trình công tác năm 2021 của Ban Thường vụ Huyện ủy, Ban",
             "Dân vận Huyện ủy xây dựng kế hoạch tuyên truyền kỷ niệm 91 năm Ngày",
             "truyền thống công tác dân vận của Đảng với những nội dung cụ thể như sau:",
             "- Phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội",
             "trong việc tập hợp, đoàn kết nhân dân, đặc biệt là đồng bào dân tộc thiểu",
             "số và đồng bào có đạo.", "Ngắn."]
    out = clean_text("\n".join(lines), layout=True).split("\n")
    assert out[0].startswith("Thực hiện") and out[0].endswith("như sau:")
    assert out[1].startswith("- Phát huy") and out[1].endswith("có đạo.")
    assert len(out) == 3
    # without layout only the lower-case rule applies
    assert len(clean_text("\n".join(lines)).split("\n")) == 4


def test_nfc_and_spaces():
    raw = unicodedata.normalize("NFD", "Huyện  ủy\u00a0Lộc\tNinh\r\n\r\n\r\nxã Lộc Thạnh\u200b")
    assert clean_text(raw) == "Huyện ủy Lộc Ninh\n\nxã Lộc Thạnh"


def test_text_layer_decisions():
    assert not has_text_layer("")
    assert not has_text_layer("  12  \n Trang 1 ")
    assert has_text_layer("Ban Dân vận Huyện ủy Lộc Ninh tổ chức hội nghị sơ kết công tác dân vận.")
    tcvn3 = "KÕ ho¹ch tuyªn truyÒn kû niÖm Ngµy D©n vËn, ph¸t huy vai trß cña MÆt trËn Tæ quèc"
    assert looks_garbled(tcvn3) and not has_text_layer(tcvn3)
    assert not looks_garbled("Kế hoạch tuyên truyền kỷ niệm Ngày Dân vận 15/10 (©2021)")
