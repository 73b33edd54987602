"""Words of Vietnamese administrative headers, matched on folded text (no diacritics, lower case, đ = d)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1] or ch
    low = base.lower()
    return low if len(low) == 1 else base


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one (positions in the result are positions in ``text``)."""
    return "".join(_fold_char(ch) for ch in text)


def _words(phrase: str) -> str:
    return r"\s*".join(re.escape(w) for w in phrase.split())


# (folded words, canonical name); longest first so "chuong trinh phoi hop" wins over "chuong trinh"
_TYPE_NAMES = [
    ("chuong trinh phoi hop", "Chương trình phối hợp"), ("chuong trinh hanh dong", "Chương trình hành động"),
    ("chuong trinh cong tac", "Chương trình công tác"), ("ke hoach lien tich", "Kế hoạch"),
    ("ke hoach", "Kế hoạch"), ("bao cao", "Báo cáo"), ("quyet dinh", "Quyết định"),
    ("huong dan", "Hướng dẫn"), ("chuong trinh", "Chương trình"), ("chi thi", "Chỉ thị"),
    ("nghi quyet lien tich", "Nghị quyết"), ("nghi quyet", "Nghị quyết"), ("thong bao", "Thông báo"),
    ("cong van", "Công văn"), ("to trinh", "Tờ trình"), ("quy che phoi hop", "Quy chế phối hợp"),
    ("quy che", "Quy chế"), ("quy dinh", "Quy định"), ("ket luan", "Kết luận"), ("thong tri", "Thông tri"),
    ("de an", "Đề án"), ("bien ban", "Biên bản"), ("giay moi", "Giấy mời"), ("dieu le", "Điều lệ"),
    ("thong tu", "Thông tư"), ("nghi dinh", "Nghị định"), ("cong dien", "Công điện"),
    ("ban ghi nho", "Bản ghi nhớ"), ("tai lieu", "Tài liệu"), ("de cuong", "Đề cương"),
]
DOC_TYPES = [(re.compile(_words(words) + r"(?![a-z0-9])"), name)
             for words, name in sorted(_TYPE_NAMES, key=lambda t: -len(t[0]))]

# the letter code in a number ("86-KH/HU") and the type it stands for (Nghị định 30/2020, Hướng dẫn 36-HD/VPTW)
CODE_TYPES = {
    "KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "QD": "Quyết định", "HD": "Hướng dẫn",
    "CTR": "Chương trình", "CTPH": "Chương trình phối hợp", "CT": "Chỉ thị", "NQ": "Nghị quyết",
    "TB": "Thông báo", "CV": "Công văn", "TTR": "Tờ trình", "QC": "Quy chế", "QĐI": "Quy định",
    "QDI": "Quy định", "KL": "Kết luận", "TT": "Thông tri", "ĐA": "Đề án", "DA": "Đề án",
    "BB": "Biên bản", "GM": "Giấy mời", "CĐ": "Công điện",
}

MOTTO_PATTERNS = [re.compile(_words(p)) for p in (
    "dang cong san viet nam",
    "cong hoa xa hoi chu nghia viet nam",
)] + [re.compile(r"doc\s*lap\s*[-–—,.]?\s*tu\s*do\s*[-–—,.]?\s*hanh\s*phuc")]

# how the body of a document starts (never the summary's continuation)
BODY_STARTS = tuple(fold(w) for w in (
    "căn cứ", "kính gửi", "thực hiện", "nhằm", "để ", "theo ", "qua ", "trong ", "ngày ", "năm ", "sáng ",
    "chiều ", "hôm nay", "tiếp tục", "triển khai", "được sự", "ban thường vụ", "ban dân vận", "ban chấp hành",
    "ban chỉ đạo", "thường trực", "phần ", "mục đích", "i.", "a.",
))
# how the body starts even right under the type line (where "Thực hiện ..." can be the summary)
STRONG_BODY_STARTS = tuple(fold(w) for w in ("căn cứ", "kính gửi", "phần ", "mục đích", "i.", "a."))

# how an issuer written in mixed case starts
ISSUER_STARTS = tuple(fold(w) + " " for w in (
    "ban", "huyện ủy", "tỉnh ủy", "thành ủy", "quận ủy", "thị ủy", "đảng ủy", "đảng bộ", "chi bộ", "ủy ban",
    "ubnd", "mặt trận", "ủy ban mttq", "hội", "liên đoàn", "đoàn", "sở", "phòng", "văn phòng", "công an",
    "bộ chỉ huy", "hội đồng", "liên minh", "trường", "trung tâm",
))

# words that open a place name written before ", ngày" ("Thị trấn Lộc Ninh", "TP. Đồng Xoài")
PLACE_PREFIXES = tuple(fold(w) for w in ("thị trấn", "thành phố", "thị xã", "tp.", "tx.", "tt.", "huyện", "xã",
                                          "phường", "quận"))
