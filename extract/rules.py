"""Word lists and patterns that tell boilerplate, bylines, captions and date lines from body text."""
from __future__ import annotations

import re
from typing import NamedTuple

from archive.text import fold
from extract.dates import parse_vietnamese_date

# Headings after which an article's own text has ended (compared folded: no accents, lower case).
STOP_HEADINGS = [
    "tin lien quan", "bai lien quan", "bai viet lien quan", "tin bai lien quan", "tin cung chuyen muc",
    "cung chuyen muc", "bai cung chuyen muc", "tin khac", "cac tin khac", "cac bai khac", "nhung tin moi hon",
    "nhung tin cu hon", "tin moi hon", "tin cu hon", "cac tin bai da dua", "cac tin da dua", "tin da dua",
    "cac tin bai khac", "xem nhieu nhat", "doc nhieu", "doc nhieu nhat", "tin doc nhieu", "tin moi",
    "tin moi nhat", "tin noi bat", "binh luan", "y kien ban doc", "gui binh luan", "gui y kien",
    "viet binh luan", "cac tin moi", "tin tuc khac", "bai viet khac", "xem them", "tin xem nhieu",
    "related", "related articles", "more stories", "most read", "comments", "tin tiep theo",
]
STOP_RE = re.compile(r"^(?:" + "|".join(re.escape(s) for s in STOP_HEADINGS) + r")\s*[:.]?$")

# Lines that are never article text (folded prefixes; checked on lines up to 300 characters).
BOILERPLATE_PREFIXES = [
    "in bai nay", "gui cho ban be", "gioi thieu bai viet cho ban be", "luot xem:", "so luot xem",
    "thong ke truy cap", "tong luot truy cap", "ban quyen thuoc", "ban quyen ©", "ban quyen (c)", "copyright",
    "(c) ", "© ", "tong so diem cua bai viet", "click de danh gia", "xep hang:", "danh gia bai viet",
    "ban da khong su dung site", "thoi gian cho:", "bam vao day de duy tri", "tu khoa:", "tags:", "tag:",
    "ghi ro nguon", "co quan chu quan", "giay phep so", "chiu trach nhiem noi dung", "chiu trach nhiem xuat ban",
    "thiet ke boi", "ma nguon:", "lien ket website", "tap tin dinh kem", "file dinh kem", "dinh kem:",
    "tong bien tap:", "truong ban bien tap", "phien ban thu nghiem", "trang thong tin dien tu",
    "cong thong tin dien tu",
]
BOILERPLATE_RE = re.compile(r"^(?:" + "|".join(re.escape(s) for s in BOILERPLATE_PREFIXES) + r")")
# short lines only (these words also start real sentences): "Hôm nay 1,682", "Chia sẻ", "Đã xem: 424"
SHORT_BOILERPLATE_RE = re.compile(
    r"^(?:in bai|in trang|in ra|ban in|gui email|gui bai viet|chia se(?: facebook| zalo)?|share|tweet|"
    r"luot xem|da xem|luot truy cap|dang truy cap|dang online|hom nay|thang hien tai|thang truoc|nam hien tai|"
    r"may chu tim kiem|khach vieng tham|truy cap|online|trang nhat|trang chu|ve dau trang|len dau trang|"
    r"quay lai|tro ve|tro lai|zalo|facebook|lien ket|lien he|gioi thieu|tim kiem|dang nhap|dang ky|thich|like|"
    r"top|quang cao|so do site|rss|mobile|english|van ban|tin tuc|xem tiep|doc tiep|xem them|"
    r"dia chi|dien thoai|email|fax|nguon|thoi gian cho|xep hang|chuyen muc|danh muc|the loai|tu khoa|"
    r"phan hoi|binh luan|in|gui)"
    r"\s*[:.]?\s*[\d.,:/ ]*(?:giay|phieu bau|luot)?\s*$")

BYLINE_LABEL_RE = re.compile(
    r"^\s*[\(\[]?\s*(?P<label>nguồn tin|nguồn|tác giả|tin,? ảnh|tin và ảnh|bài,? ảnh|bài và ảnh|tin bài|bài viết|"
    r"người viết|phóng viên|thực hiện|ảnh|bài)\s*[:：]\s*(?P<name>.{2,120}?)\s*[\)\]]?\s*$"
    r"|^\s*(?:viết bởi|đăng bởi|người đăng:?)\s+(?P<name2>.{2,80}?)\s*$", re.IGNORECASE)
# a label printed alone, its name in the next element: WordPress's "Người viết:" + author name
BARE_LABEL_RE = re.compile(r"^\s*(?:tác giả|người viết|viết bởi|đăng bởi|người đăng|phóng viên|tin,? ảnh|bài,? ảnh|"
                           r"by|author|written by|posted by)\s*[:：]?\s*$", re.IGNORECASE)
SOURCE_LABELS = ("nguồn tin", "nguồn")
# a byline inside a meta line: "Đăng ngày 12/03/2020 | Viết bởi Minh Anh | Lượt xem: 123"
INLINE_BYLINE_RE = re.compile(r"(?:tác giả|viết bởi|người viết|tin,? ảnh|bài,? ảnh)\s*:?\s*"
                              r"(?P<name>[^|•·\-–:\d][^|•·\d]{1,60}?)\s*(?=$|[|•·]|lượt xem|đã xem)", re.IGNORECASE)
GENERIC_AUTHORS = {"admin", "administrator", "quản trị", "quan tri", "biên tập viên", "webmaster"}
AUTHOR_CLASS_RE = re.compile(r"author|tacgia|tac-gia|tac_gia|by-?line|by_line|nguoi-viet|nguon-tin|nguontin|signature|"
                             r"news-source|writer", re.IGNORECASE)
CAPTION_CLASS_RE = re.compile(r"caption|chuthich|chu-thich|chu_thich|img-desc|image-desc|photo-desc|imgdesc|"
                              r"desc-img|figcaption|note-img|image_note|imagenote|expNoEdit", re.IGNORECASE)
IMAGE_BOX_RE = re.compile(r"(?:^|[\s_-])(?:image|img|photo|picture|pic|figure|hinh-?anh|anh|media)"
                          r"(?:$|[\s_-])", re.IGNORECASE)
WEEKDAY_RE = re.compile(r"\b(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s*nhật|cn)\b", re.IGNORECASE)
DATE_NOISE_RE = re.compile(r"(?:ngày|đăng|đăng lúc|cập nhật|cập nhật lúc|lúc|gmt\s*[+-]?\s*\d*|\[|\]|\(|\)|"
                           r"tháng|năm|giờ|phút|lượt xem|đã xem|bình luận|views?|posted|published|on|"
                           r"am|pm|sa|ch|thời gian|ngày đăng|ngày cập nhật|update[d]?|[|,:/.\-–•·]|\d+|\s)+",
                           re.IGNORECASE)
META_WORDS_RE = re.compile(r"\b(?:đăng|cập nhật|lượt xem|đã xem|bởi|người đăng|tác giả|nguồn|views?|posted|by)\b",
                           re.IGNORECASE)
# "Thanh Hương (Ban Dân vận Tỉnh ủy Đắk Nông)", "Trần Đức Mậu - BDVTU": a capitalised name, then its unit
NAME_ORG_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][^\W\d_]*\.? ){1,4}[A-ZĐÀ-Ỹ][^\W\d_]*\s*(?:\([^()]{2,70}\)|[-–]\s*[^\s].{1,50})$")
UPPER_NAME_RE = re.compile(r"^[^\W\d_][^\d]{1,60}$")


def folded(text: str) -> str:
    return " ".join(fold(text).split())


def is_stop_heading(text: str) -> bool:
    return len(text) <= 60 and bool(STOP_RE.match(" ".join(re.sub(r"[^\w ]", " ", folded(text)).split())))


COUNTER_RE = re.compile(r"^[^:]{0,30}(?:truy cap|online|truc tuyen|luot xem|da xem|thanh vien|khach|hom nay|"
                        r"hom qua|tuan nay|thang nay|tong so)[^:]{0,20}:?\s*[\d.,]+\s*$")


# toolbar lines: "Gửi bài viết qua email", "In bài viết", "Chia sẻ lên Facebook" (short lines only)
TOOLBAR_RE = re.compile(r"^(?:in bai|gui bai|gui email|gui cho|chia se|ban in|luot xem|da xem|binh luan|"
                        r"phan hoi|luu bai|theo doi|dang ky nhan tin|tai ve|download|print|email)\b")


# "Chia sẻ bài viết: Facebook | Zalo | In bài viết": a line made only of sharing and tool words
TOOL_WORDS = {"chia se", "chia se bai viet", "chia se bai", "chia se len", "facebook", "zalo", "twitter", "x",
              "linkedin", "telegram", "tweet", "email", "gui email", "in", "in bai", "in bai viet", "in trang",
              "ban in", "print", "share", "luu", "luu bai viet", "luu bai", "sao chep lien ket", "copy link",
              "gui bai viet", "gui cho ban be", "quay lai", "tro ve", "len dau trang", "ve dau trang", "binh luan",
              "theo doi", "chia se qua"}
TOOL_SEPARATORS = re.compile(r"\s*[|:•·,/]\s*|\s{2,}")
MAX_TOOL_LINE = 120


def is_tool_line(text: str) -> bool:
    if len(text) > MAX_TOOL_LINE:
        return False
    parts = [p for p in TOOL_SEPARATORS.split(folded(text)) if p]
    return len(parts) >= 2 and all(p in TOOL_WORDS for p in parts)


def is_boilerplate(text: str) -> bool:
    f = folded(text)
    if len(text) <= 40 and TOOLBAR_RE.match(f):
        return True
    if is_tool_line(text):
        return True
    if len(text) <= 60 and COUNTER_RE.match(f):
        return True
    if len(text) <= 60 and SHORT_BOILERPLATE_RE.match(f):
        return True
    return len(text) <= 300 and bool(BOILERPLATE_RE.match(f))


def date_line(text: str) -> tuple[str, str | None] | None:
    """A short line that is only a date (with weekday, time, views...): its date, else None."""
    if len(text) > 120:
        return None
    found = parse_vietnamese_date(text)
    if not found:
        return None
    rest = WEEKDAY_RE.sub(" ", text)
    rest = DATE_NOISE_RE.sub(" ", rest).strip()
    if len(rest) <= 12:
        return found
    # a meta line: "Đăng ngày 14/08/2023 bởi admin | Lượt xem: 1.204"
    if len(text) <= 100 and META_WORDS_RE.search(text):
        return found
    return None


class Byline(NamedTuple):
    """A labelled byline line: who wrote it ("author") or where it was taken from ("source")."""

    kind: str
    name: str


def byline(text: str) -> Byline | None:
    """"Tác giả: X" -> Byline("author", "X"); "Nguồn tin: X" -> Byline("source", "X")."""
    if len(text) > 140:
        return None
    m = BYLINE_LABEL_RE.match(text)
    if not m:
        return None
    name = (m.group("name") or m.group("name2")).strip(" .")
    label = (m.group("label") or "").lower()
    return Byline("source" if label in SOURCE_LABELS else "author", name)


def byline_label(text: str) -> str | None:
    """"Nguồn tin: X" / "Tác giả: X" -> "X"."""
    found = byline(text)
    return found.name if found else None


def bare_label(text: str) -> bool:
    """"Người viết:" alone: the name follows in the next line."""
    return len(text) <= 30 and bool(BARE_LABEL_RE.match(text))


def inline_byline(text: str) -> str | None:
    """The byline inside a date/meta line, unless it is a CMS account name ("admin")."""
    m = INLINE_BYLINE_RE.search(text)
    if not m:
        return None
    name = m.group("name").strip(" .,")
    return None if name.lower() in GENERIC_AUTHORS else name


def looks_like_name(text: str) -> bool:
    """A short line that can be a signature: "NGỌC ÁNH", "Thanh Hà - BDV Lộc Ninh", "(Ban Dân vận Huyện ủy X)"."""
    t = text.strip()
    if not t or len(t) > 90 or t.endswith((".", ":", ";", "?", "!", "…")) and not t.endswith(")."):
        return False
    if t.startswith("(") and t.endswith(")") and len(t) < 100:
        return True
    words = t.split()
    if len(words) > 12:
        return False
    letters = [c for c in t if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(words) <= 6 and UPPER_NAME_RE.match(t):
        return True
    return bool(NAME_ORG_RE.match(t))


def strip_parens(text: str) -> str:
    t = text.strip()
    if t.startswith("(") and t.endswith(")"):
        return t[1:-1].strip()
    return t


# Pages that are never news articles, by a whole URL path segment or by their headline (folded)
STATIC_SEGMENTS = {"gioi-thieu", "gioithieu", "lien-he", "lienhe", "contact", "about", "about-us", "tim-kiem",
                   "timkiem", "search", "seek", "sitemap", "so-do-site", "privacy", "dieu-khoan", "chinh-sach-bao-mat",
                   "dang-nhap", "login", "users", "admin", "lich-cong-tac", "co-cau-to-chuc", "chuc-nang-nhiem-vu",
                   "lanh-dao", "danh-ba", "hoi-dap", "faq", "tag", "tags", "author", "feed", "rss"}
STATIC_TITLES = {"gioi thieu", "gioi thieu chung", "lien he", "chuc nang, nhiem vu", "chuc nang nhiem vu",
                 "co cau to chuc", "lich su hinh thanh", "tim kiem", "ket qua tim kiem", "van ban",
                 "so do site", "so do trang", "dang nhap", "lanh dao ban", "danh ba", "thong tin lien he"}


# an archive's headline: "Category: Dân vận khéo", "Chuyên mục: …", "Thẻ: …", "Lưu trữ: …"
ARCHIVE_TITLE_RE = re.compile(r"^(?:category|chuyen muc|danh muc|the|tag|tu khoa|tac gia|author|archives?|luu tru|"
                              r"ket qua tim kiem|search results?|tim kiem)\s*:")


def static_page(path: str, title: str | None) -> str | None:
    """Why a page is an about/contact/search page or an archive (not news), from its URL or headline."""
    segments = [seg.lower().rsplit(".", 1)[0] for seg in path.split("/") if seg]
    hit = next((seg for seg in segments if seg in STATIC_SEGMENTS), None)
    if hit:
        return f"not a news page (/{hit}/)"
    if title and folded(title).strip(" .:") in STATIC_TITLES:
        return f"not a news page ({title})"
    if title and ARCHIVE_TITLE_RE.match(folded(title)):
        return f"an archive page ({title})"
    return None


# a site's or a section's front page: "/", ".../index.php", SharePoint's ".../Pages/default.aspx", "/trang-chu";
# only with no query but paging or language ("/?p=12" is WordPress's article 12, "index.php?nv=news&op=…" NukeViet's)
# (an index file deep in a dated path is an article's own folder: CNN's "/2019/11/18/politics/x/index.html")
FRONT_PAGE_FILES = {"default.aspx", "default.asp", "default.htm", "default.html", "home.aspx", "home.html",
                    "trangchu.aspx", "trang-chu.aspx", "trang-chu", "trangchu", "trang-chu.html", "home"}
INDEX_FILES = {"index.html", "index.htm", "index.php", "index.asp", "index.aspx", "index.jsp"}
MAX_INDEX_DEPTH = 2          # "/index.php", "/tin-tuc/index.html": the site's or a section's front page
FRONT_PAGE_PARAMS = {"page", "paged", "trang", "lang", "language", "l", "pageindex"}


def front_page(path: str, query: str) -> str | None:
    """Why a URL is a site's or section's front page (a page of boxes of news, never one article), else None."""
    keys = {part.split("=", 1)[0].lower() for part in query.split("&") if part}
    if keys - FRONT_PAGE_PARAMS:
        return None
    segments = [seg for seg in path.split("/") if seg]
    if not segments:
        return "not a news page (the site's front page)"
    last = segments[-1].lower()
    if last in FRONT_PAGE_FILES or (last in INDEX_FILES and len(segments) <= MAX_INDEX_DEPTH):
        return f"not a news page (a front page: /{segments[-1]})"
    return None


READ_MORE_RE = re.compile(r"^(?:xem tiep|doc tiep|xem them|chi tiet|xem chi tiet|doc them|read more|more|"
                          r"continue reading|tiep tuc doc)\s*(?:[.»›>…]+|\.\.\.)?$")


def is_read_more(text: str) -> bool:
    """"Xem tiếp »": the link under a teaser."""
    return len(text) <= 30 and bool(READ_MORE_RE.match(folded(text)))


TRUNCATION_ENDS = ("...", "…", "[...]", "[…]", "…]", "(...)")


def truncated(text: str) -> bool:
    return text.rstrip().endswith(TRUNCATION_ENDS)


# a date written as a sentence of the text ("Chiều ngày 05 tháng 01 năm 2023."), not a date line of the page
DAYPART_RE = re.compile(r"^\s*(?:sáng|chiều|trưa|tối|đêm|rạng sáng|khoảng|vào)\b", re.IGNORECASE)


def prose_date(text: str) -> bool:
    t = text.rstrip()
    return (t.endswith(".") and not t.endswith("..")) or bool(DAYPART_RE.match(t))


# link texts that label a button, not the document ("Tải về", "Download")
BUTTON_LABELS = {"tai ve", "tai xuong", "download", "xem", "xem file", "xem chi tiet", "tai file", "tai tep",
                 "tai tai lieu", "click here", "here", "tai day", "xem tai day", "tai", "file dinh kem", "dinh kem",
                 "xem truc tuyen", "xem online", "mo", "open", "view", "tep dinh kem", "tai ve may"}


def button_label(text: str | None) -> bool:
    return not text or folded(text).strip(" .:()[]»›>") in BUTTON_LABELS


# a link to a document (an attachment), by the file name's extension
ATTACHMENT_RE = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|7z)(?:$|[?#])", re.I)
