"""read_header on header layouts as PDF text layers, OCR and office files give them."""
from __future__ import annotations

import pytest

from extract.documents import DocumentMeta, read_header

TWO_COLUMNS_ON_ONE_LINE = """HUYỆN ỦY LỘC NINH ĐẢNG CỘNG SẢN VIỆT NAM
BAN DÂN VẬN Lộc Ninh, ngày 05 tháng 3 năm 2021
*
Số 86-KH/HU
KẾ HOẠCH
Tuyên truyền kỷ niệm Ngày Dân vận 15/10
Thực hiện chương trình công tác năm 2021 của Ban Thường vụ Huyện ủy, Ban"""

INTERLEAVED = """HUYỆN ỦY LỘC NINH
ĐẢNG CỘNG SẢN VIỆT NAM
BAN DÂN VẬN
*
Lộc Ninh, ngày 05 tháng 3 năm 2021
Số 86-KH/HU

KẾ HOẠCH
tuyên truyền kỷ niệm 91 năm Ngày truyền thống công tác dân vận
của Đảng (15/10/1930 - 15/10/2021)
-----
Căn cứ Kế hoạch số 12-KH/BDVTU ngày 02 tháng 3 năm 2021 của Ban Dân vận Tỉnh ủy"""

LEFT_THEN_RIGHT = """HUYỆN ỦY LỘC NINH
BAN DÂN VẬN
*
Số 12-KH/BDVHU
ĐẢNG CỘNG SẢN VIỆT NAM
Thị trấn Lộc Ninh, ngày 5 tháng 03 năm 2021
KẾ HOẠCH TUYÊN TRUYỀN KỶ NIỆM NGÀY DÂN VẬN 15/10
I. MỤC ĐÍCH"""

TABLE_CELLS = """HUYỆN ỦY LỘC NINH
BAN DÂN VẬN | ĐẢNG CỘNG SẢN VIỆT NAM
Số: 86-KH/HU | Lộc Ninh, ngày 05 tháng 3 năm 2021
KẾ HOẠCH
Tuyên truyền kỷ niệm Ngày Dân vận 15/10"""

STATE_LETTER = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN LỘC NINH Độc lập - Tự do - Hạnh phúc
Số: 123/UBND-VX Lộc Ninh, ngày 10 tháng 4 năm 2022
V/v tăng cường công tác dân vận
chính quyền năm 2022
Kính gửi: Các cơ quan, đơn vị"""

DECISION = """TỈNH ỦY BÌNH PHƯỚC
BAN DÂN VẬN
Số: 05-QĐ/BDVTU
ĐẢNG CỘNG SẢN VIỆT NAM
TP. Đồng Xoài, ngày 12 tháng 01 năm 2020
QUYẾT ĐỊNH
về việc thành lập Tổ giúp việc
----
BAN THƯỜNG VỤ BAN DÂN VẬN TỈNH ỦY"""

MIXED_CASE_REPORT = """Ban Dân vận Huyện ủy Lộc Ninh
Số 7-BC/BDV
Lộc Ninh, ngày 30 tháng 6 năm 2023
BÁO CÁO
Kết quả công tác dân vận 6 tháng đầu năm 2023
Trong 6 tháng đầu năm, Ban Dân vận đã tham mưu"""

OCR_WITHOUT_DIACRITICS = """HUYEN UY LOC NINH DANG CONG SAN VIET NAM
BAN DAN VAN Loc Ninh, ngay 05 thang 3 nam 2021
So 86 - KH/HU
CHUONG TRINH PHOI HOP
Thuc hien cong tac dan van nam 2021"""

LOST_TYPE_LINE = """HUYỆN ỦY LỘC NINH ĐẢNG CỘNG SẢN VIỆT NAM
BAN DÂN VẬN Lộc Ninh, ngày 05 tháng 3 năm 2021
Số 86-KH/HU
Thực hiện chương trình công tác năm 2021"""

PLAN = {"number": "86-KH/HU", "doc_type": "Kế hoạch", "issuer": "HUYỆN ỦY LỘC NINH - BAN DÂN VẬN",
        "issued": "2021-03-05"}


@pytest.mark.parametrize("text, expected", [
    (TWO_COLUMNS_ON_ONE_LINE, DocumentMeta(**PLAN, summary="Tuyên truyền kỷ niệm Ngày Dân vận 15/10")),
    (INTERLEAVED, DocumentMeta(**PLAN, summary="tuyên truyền kỷ niệm 91 năm Ngày truyền thống công tác dân vận "
                                               "của Đảng (15/10/1930 - 15/10/2021)")),
    (LEFT_THEN_RIGHT, DocumentMeta(**{**PLAN, "number": "12-KH/BDVHU"},
                                   summary="TUYÊN TRUYỀN KỶ NIỆM NGÀY DÂN VẬN 15/10")),
    (TABLE_CELLS, DocumentMeta(**PLAN, summary="Tuyên truyền kỷ niệm Ngày Dân vận 15/10")),
    (STATE_LETTER, DocumentMeta(number="123/UBND-VX", doc_type="Công văn", issuer="ỦY BAN NHÂN DÂN - HUYỆN LỘC NINH",
                                issued="2022-04-10", summary="tăng cường công tác dân vận chính quyền năm 2022")),
    (DECISION, DocumentMeta(number="05-QĐ/BDVTU", doc_type="Quyết định", issuer="TỈNH ỦY BÌNH PHƯỚC - BAN DÂN VẬN",
                            issued="2020-01-12", summary="về việc thành lập Tổ giúp việc")),
    (MIXED_CASE_REPORT, DocumentMeta(number="7-BC/BDV", doc_type="Báo cáo", issuer="Ban Dân vận Huyện ủy Lộc Ninh",
                                     issued="2023-06-30", summary="Kết quả công tác dân vận 6 tháng đầu năm 2023")),
    (OCR_WITHOUT_DIACRITICS, DocumentMeta(number="86-KH/HU", doc_type="Chương trình phối hợp",
                                          issuer="HUYEN UY LOC NINH - BAN DAN VAN", issued="2021-03-05",
                                          summary="Thuc hien cong tac dan van nam 2021")),
    (LOST_TYPE_LINE, DocumentMeta(**PLAN)),
], ids=["two-columns-one-line", "interleaved", "left-then-right", "table-cells", "state-letter", "decision",
        "mixed-case", "ocr-no-diacritics", "type-from-number"])
def test_header_layouts(text, expected):
    assert read_header(text) == expected


def test_no_header_gives_all_none():
    meta = read_header("Sáng ngày 15/10, tại Hội trường Huyện ủy, Ban Dân vận tổ chức hội nghị.\nsố 5 đường 3/2")
    assert meta == DocumentMeta() and meta.is_empty()
    assert read_header("") == DocumentMeta()


def test_draft_date_without_day_is_not_a_date():
    meta = read_header("HUYỆN ỦY LỘC NINH\nBAN DÂN VẬN\nSố -KH/HU\nLộc Ninh, ngày tháng 3 năm 2021\nKẾ HOẠCH\nVề việc")
    assert meta.issued is None and meta.number is None
    assert meta.issuer == "HUYỆN ỦY LỘC NINH - BAN DÂN VẬN" and meta.doc_type == "Kế hoạch"


def test_body_dates_and_numbers_are_not_the_header():
    text = ("Căn cứ Kế hoạch số 12-KH/BDVTU ngày 02 tháng 3 năm 2021 của Ban Dân vận Tỉnh ủy,\n"
            "Ban Dân vận Huyện ủy báo cáo kết quả như sau.")
    meta = read_header(text)
    assert meta.number is None and meta.issued is None


def test_nfd_input_is_read_as_nfc():
    import unicodedata
    meta = read_header(unicodedata.normalize("NFD", TWO_COLUMNS_ON_ONE_LINE))
    assert meta.issuer == "HUYỆN ỦY LỘC NINH - BAN DÂN VẬN" and meta.doc_type == "Kế hoạch"
    assert meta.summary == "Tuyên truyền kỷ niệm Ngày Dân vận 15/10"
