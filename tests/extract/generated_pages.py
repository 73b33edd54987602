"""A deterministic generator of plain-news pages: short articles and listing pages from the same templates.

Real provincial news sites print short articles (one to five paragraphs) in a handful of simple
templates (a ``div`` body, an HTML5 ``article``, a ``section``, an old table layout), with or without a
sidebar of related links, dated in many Vietnamese ways. Their category pages use the same chrome around
a list of teasers. ``articles()`` and ``listings()`` build such pages with a fixed seed; each page comes
with what the extractor must find (an article's headline, date and first words; a listing is no article).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape

from archive.text import fold

SEED = 20261201
N_ARTICLES = 300
N_LISTINGS = 120

PLACES = ["xã Tân Lợi", "xã Ia Rsai", "thị trấn Phú Túc", "xã Quảng Trực", "phường Nghĩa Đức", "xã Đắk Wil",
          "xã Thuận Hạnh", "xã Lộc Thiện", "xã Bình Kiến", "xã Ea Bar", "thị trấn Kiến Đức", "xã Nâm N'Jang"]
UNITS = ["Ban Dân vận Huyện ủy", "Ban Dân vận Tỉnh ủy", "Ủy ban MTTQ Việt Nam huyện", "Hội Liên hiệp Phụ nữ huyện",
         "Huyện đoàn", "Hội Nông dân huyện", "Hội Cựu chiến binh huyện", "Đồn Biên phòng Bu Prăng"]
EVENTS = ["hội nghị sơ kết công tác dân vận 6 tháng đầu năm", "lễ ra mắt mô hình “Dân vận khéo”",
          "buổi đối thoại giữa người đứng đầu cấp ủy với Nhân dân", "chương trình trao nhà Đại đoàn kết",
          "hội nghị giao ban khối dân vận quý I", "lễ ký kết chương trình phối hợp công tác dân vận",
          "đợt ra quân “Ngày thứ Bảy tình nguyện”", "hội thi tuyên truyền viên giỏi về công tác dân vận"]
TOPICS = ["hiến đất làm đường giao thông nông thôn", "xây dựng nông thôn mới nâng cao", "chuyển đổi số ở cơ sở",
          "bảo vệ rừng đầu nguồn", "xóa nhà tạm, nhà dột nát", "giữ gìn an ninh trật tự ở khu dân cư",
          "phát triển kinh tế hộ gia đình", "thực hiện dân chủ ở cơ sở"]
NAMES = ["Minh Tâm", "Thanh Hà", "Ngọc Ánh", "Hồng Nhung", "Văn Quyết", "Phương Thảo", "Đức Thịnh", "Lan Hương"]
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
CATEGORIES = ["Tin hoạt động", "Dân vận khéo", "Công tác dân vận", "Dân tộc - Tôn giáo", "Quân dân",
              "Tin tức - Sự kiện", "Dân vận chính quyền"]
SIDEBAR_TITLES = ["Tin mới", "Đọc nhiều", "Tin cùng chuyên mục", "Tin nổi bật", "Liên kết website"]

SENTENCES = [
    "{when}, {unit} phối hợp với {unit2} tổ chức {event} tại {place}.",
    "Tham dự có đại diện lãnh đạo {unit2}, cán bộ, đảng viên và đông đảo Nhân dân trên địa bàn {place}.",
    "Thời gian qua, {unit} đã chủ động nắm tình hình Nhân dân, kịp thời tham mưu giải quyết các vấn đề phát sinh về {topic}.",
    "Qua {n} năm thực hiện, toàn huyện đã có {m} mô hình “Dân vận khéo” được công nhận, nhiều mô hình gắn với {topic}.",
    "Nhân dân {place} đã tự nguyện đóng góp hơn {m} ngày công và {n} triệu đồng để thực hiện phong trào {topic}.",
    "Phát biểu tại buổi lễ, đồng chí Trưởng {unit} đề nghị các cấp ủy tiếp tục đổi mới nội dung, phương thức công tác dân vận.",
    "Dịp này, đoàn đã trao {m} suất quà cho các hộ gia đình có hoàn cảnh khó khăn, mỗi suất trị giá {n}00 nghìn đồng.",
    "Kết quả trên góp phần củng cố niềm tin của Nhân dân đối với Đảng, chính quyền và tạo sự đồng thuận trong xã hội.",
    "Các đại biểu đã thảo luận, đề xuất nhiều giải pháp nâng cao hiệu quả công tác {topic} trong thời gian tới.",
    "Hội nghị cũng đánh giá những hạn chế, khó khăn và chỉ ra nguyên nhân để khắc phục trong năm {year}.",
    "Mô hình được triển khai từ đầu năm {year}, đến nay đã thu hút {m} hộ gia đình tham gia.",
    "Theo báo cáo, trong {n} tháng qua, khối dân vận các cấp đã phối hợp giải quyết {m} ý kiến, kiến nghị của cử tri.",
]
TRAILS = ["và nhiều hoạt động ý nghĩa khác…", "cùng nhiều phần việc thiết thực khác...",
          "góp phần xây dựng quê hương ngày càng giàu đẹp…", "trong những năm tiếp theo..."]
QUOTES = ["“Chúng tôi rất phấn khởi khi được chính quyền và các đoàn thể quan tâm, giúp đỡ kịp thời”, ông {name} chia sẻ.",
          "“Dân vận khéo là phải gần dân, hiểu dân, trọng dân và có trách nhiệm với dân”, đồng chí {name} nhấn mạnh.",
          "“Mỗi cán bộ dân vận phải là người đi đầu, nói đi đôi với làm”, bà {name} khẳng định."]
LIST_ITEMS = ["Tuyên truyền sâu rộng chủ trương của Đảng, chính sách, pháp luật của Nhà nước;",
              "Nắm chắc tình hình tư tưởng Nhân dân ở các thôn, bon;", "Nhân rộng các mô hình “Dân vận khéo” tiêu biểu;",
              "Kiểm tra việc thực hiện Quy chế công tác dân vận ở cơ sở;", "Kịp thời biểu dương, khen thưởng tập thể, cá nhân tiêu biểu."]
CAPTIONS = ["Quang cảnh hội nghị", "Đại biểu trao quà cho các hộ gia đình", "Nhân dân tham gia làm đường giao thông",
            "Lãnh đạo huyện tặng hoa chúc mừng", "Các đại biểu tham quan mô hình"]


@dataclass
class Page:
    """One generated page and what the extractor must find on it."""

    name: str
    url: str
    html: str
    is_article: bool
    title: str | None = None
    published: str | None = None
    first_words: str | None = None   # the start of the first paragraph
    traits: tuple[str, ...] = ()


# -- pieces -------------------------------------------------------------------------------------

def _date(rng: random.Random) -> tuple[int, int, int, int, int]:
    return rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28), rng.randint(6, 21), rng.randint(0, 59)


def date_line(rng: random.Random, y: int, m: int, d: int, hh: int, mi: int) -> str:
    """The page's date line, in one of the ways Vietnamese sites print it."""
    wd = WEEKDAYS[rng.randrange(7)]
    return rng.choice([
        f"{wd}, {d:02d}/{m:02d}/{y} {hh:02d}:{mi:02d}",
        f"{d:02d}/{m:02d}/{y}",
        f"Ngày {d:02d} tháng {m:02d} năm {y}",
        f"Cập nhật lúc {hh:02d}:{mi:02d} ngày {d}/{m}/{y}",
        f"{y}-{m:02d}-{d:02d} {hh:02d}:{mi:02d}",
        f"{d:02d}-{m:02d}-{y} | {hh:02d}:{mi:02d}",
        f"Đăng ngày: {d:02d}/{m:02d}/{y}",
        f"{wd} - {d:02d}/{m:02d}/{y} {hh:02d}:{mi:02d}",
        f"Ngày đăng: {d}/{m}/{y} - Lượt xem: {rng.randint(20, 3000)}",
        f"({d:02d}/{m:02d}/{y})",
    ])


def _fill(rng: random.Random, template: str, y: int) -> str:
    return template.format(when=rng.choice(["Sáng 12/7", "Chiều 5/1", f"Ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}",
                                            "Vừa qua", "Mới đây"]),
                           unit=rng.choice(UNITS), unit2=rng.choice(UNITS), event=rng.choice(EVENTS),
                           place=rng.choice(PLACES), topic=rng.choice(TOPICS), n=rng.randint(2, 9),
                           m=rng.randint(12, 480), year=y, name=rng.choice(NAMES))


def _paragraph(rng: random.Random, y: int, sentences: int) -> str:
    return " ".join(_fill(rng, rng.choice(SENTENCES), y) for _ in range(sentences))


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _headline(rng: random.Random) -> str:
    return rng.choice([
        f"{rng.choice(PLACES).split(' ', 1)[1]}: {_upper_first(rng.choice(EVENTS))}",
        f"{rng.choice(UNITS)} {rng.choice(['tổ chức', 'triển khai', 'sơ kết'])} {rng.choice(EVENTS)}",
        f"Phát huy vai trò Nhân dân trong {rng.choice(TOPICS)}",
        f"Nhân dân {rng.choice(PLACES)} chung tay {rng.choice(TOPICS)}",
        f"“Dân vận khéo” trong {rng.choice(TOPICS)} ở {rng.choice(PLACES)}",
    ])


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in fold(text).lower()).split())


def _links(rng: random.Random, n: int, prefix: str = "/tin-tuc") -> list[tuple[str, str]]:
    return [(f"{prefix}/{rng.randint(100, 9999)}-{rng.choice(['hoi-nghi', 'dan-van', 'mo-hinh', 'doi-thoai'])}.html",
             _headline(rng)) for _ in range(n)]


def _sidebar(rng: random.Random) -> str:
    boxes = []
    if rng.random() < 0.3:
        items = "".join(f'<div class="hot"><h4><a href="{u}">{escape(t)}</a></h4></div>' for u, t in _links(rng, rng.randint(2, 4)))
        boxes.append(f'<div class="featured">{items}</div>')
    for _ in range(rng.randint(1, 3)):
        items = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in _links(rng, rng.randint(3, 8)))
        title = rng.choice(SIDEBAR_TITLES)
        boxes.append(rng.choice([
            f'<div class="box"><div class="box-title">{title}</div><ul class="box-list">{items}</ul></div>',
            f'<div class="widget"><h3 class="widget-title">{title}</h3><ul>{items}</ul></div>',
            f'<div class="block"><h4>{title}</h4><ul class="list">{items}</ul></div>',
        ]))
    if rng.random() < 0.4:
        boxes.append(f'<div class="box"><div class="box-title">Thống kê truy cập</div>'
                     f'<p>Đang online: {rng.randint(5, 90)}</p><p>Tổng lượt truy cập: {rng.randint(10000, 999999)}</p></div>')
    return "".join(boxes)


def _chrome(rng: random.Random, site: str) -> tuple[str, str]:
    menu = "".join(f'<li><a href="/{slug(c)}/">{c}</a></li>' for c in ["Trang chủ", *CATEGORIES[:5],
                                                                                          "Liên hệ"])
    today = f"{WEEKDAYS[rng.randrange(7)]}, {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025"
    header = (f'<div class="header"><div class="topbar"><span class="today">{today}</span></div>'
              f'<a class="logo" href="/"><img src="/images/logo.png" alt="{site}"></a><p class="site-name">{site}</p></div>'
              f'<div class="menu"><ul>{menu}</ul></div>')
    footer = (f'<div class="footer"><p><strong>{site.upper()}</strong></p><p>Cơ quan chủ quản: Ban Thường vụ Huyện ủy</p>'
              f'<p>Địa chỉ: Số {rng.randint(1, 200)} đường Trần Hưng Đạo - Điện thoại: 0269.3853 xxx</p>'
              f'<p>Bản quyền thuộc {site}. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></div>')
    return header, footer


def _page(title_tag: str, header: str, main: str, sidebar: str, footer: str, rng: random.Random,
          sidebar_first: bool) -> str:
    cols = [f'<div class="main-col">{main}</div>', f'<div class="side-col">{sidebar}</div>']
    if sidebar_first:
        cols.reverse()
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title_tag)}</title>'
            f'</head><body><div class="wrap">{header}<div class="content-wrap">{"".join(cols)}</div>{footer}</div>'
            f'</body></html>')


# -- articles -----------------------------------------------------------------------------------

def _body(rng: random.Random, y: int, m: int, d: int) -> tuple[list[str], str, list[str]]:
    """An article body of 1-5 paragraphs (markup), its first words, and the traits it has."""
    n = rng.randint(1, 5)
    traits = [f"{n} paragraphs"]
    paragraphs = [_paragraph(rng, y, rng.randint(2, 3) if n == 1 else rng.randint(1, 3)) for _ in range(n)]
    if rng.random() < 0.4:
        for k in rng.sample(range(n), min(n, rng.choice([1, 1, 2]))):
            paragraphs[k] = paragraphs[k].rstrip(".") + " " + rng.choice(TRAILS)
        traits.append("paragraphs end with an ellipsis")
    markup = [f"<p>{escape(p)}</p>" for p in paragraphs]
    if rng.random() < 0.15:
        title = escape(_headline(rng))
        markup.insert(rng.randint(1, len(markup)), rng.choice([
            f'<p>Xem thêm: <a href="/tin-tuc/{rng.randint(100, 999)}.html">{title}</a></p>',
            f'<p><strong>>> <a href="/tin-tuc/{rng.randint(100, 999)}.html">{title}</a></strong></p>']))
        traits.append("a see-also link")
    if rng.random() < 0.15:
        markup.append(rng.choice([f'<p><a href="/uploads/van-ban/kh-{rng.randint(10, 99)}.pdf">Xem chi tiết</a></p>',
                                  f'<p>Xem chi tiết văn bản <a href="/uploads/van-ban/kh-{rng.randint(10, 99)}.pdf">tại đây</a>.</p>',
                                  f'<p><a href="/uploads/van-ban/kh-{rng.randint(10, 99)}.pdf">Tải về</a></p>']))
        traits.append("a document link")
    if rng.random() < 0.3 and n >= 2:
        k = rng.randrange(1, n)
        link = rng.choice(["Kế hoạch số 45-KH/BDVTU", "Chỉ thị số 49-CT/TU", "mô hình “Dân vận khéo”"])
        markup[k] = (f"<p>Thực hiện <a href=\"/van-ban/{rng.randint(10, 99)}.html\">{escape(link)}</a> của "
                     f"{escape(rng.choice(UNITS))}, {escape(paragraphs[k][0].lower() + paragraphs[k][1:])}</p>")
        traits.append("a link inside the text")
    first = paragraphs[0]
    if rng.random() < 0.3:
        prose = rng.choice([f"Chiều ngày {d:02d} tháng {m:02d} năm {y}.", f"Sáng ngày {d}/{m}/{y}.",
                            f"Ngày {d:02d} tháng {m:02d} năm {y}."])
        at = rng.randint(0, len(markup))
        markup.insert(at, f"<p>{prose}</p>")
        traits.append("a prose date line")
        if at == 0:
            first = prose
    if rng.random() < 0.25:
        quote = escape(_fill(rng, rng.choice(QUOTES), y))
        markup.insert(rng.randint(1, len(markup)), rng.choice([f"<blockquote><p>{quote}</p></blockquote>",
                                                                f"<p><em>{quote}</em></p>"]))
        traits.append("a quote")
    if rng.random() < 0.25:
        items = "".join(f"<li>{escape(i)}</li>" for i in rng.sample(LIST_ITEMS, rng.randint(2, 4)))
        markup.insert(rng.randint(1, len(markup)), f"<p>Nhiệm vụ trọng tâm thời gian tới:</p><ul>{items}</ul>")
        traits.append("a short list")
    if rng.random() < 0.4:
        cap = escape(rng.choice(CAPTIONS))
        src = f"/uploads/{y}/{m:02d}/anh-{rng.randint(1, 999)}.jpg"
        markup.insert(rng.randint(0, min(1, len(markup))), rng.choice([
            f'<figure class="image"><img src="{src}" alt=""><figcaption>{cap}</figcaption></figure>',
            f'<p><img src="{src}" alt=""></p><p style="text-align:center"><em>{cap}</em></p>',
            f'<table class="image"><tr><td><img src="{src}"></td></tr><tr><td>{cap}</td></tr></table>',
        ]))
        traits.append("an image with a caption")
    if rng.random() < 0.5:
        markup.append(rng.choice([f'<p style="text-align:right"><strong>{rng.choice(NAMES).upper()}</strong></p>',
                                  f"<p>Nguồn tin: {rng.choice(UNITS)}</p>",
                                  f'<p style="text-align: right;"><strong>{rng.choice(NAMES)}</strong></p>']))
        traits.append("a signature")
    return markup, first, traits


def _related(rng: random.Random) -> str:
    items = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in _links(rng, rng.randint(2, 6)))
    return rng.choice([f'<div class="related"><h3>Tin liên quan</h3><ul>{items}</ul></div>',
                       f'<div class="other-news"><div class="title">Các tin khác</div><ul>{items}</ul></div>',
                       f'<div class="tin-khac"><h4>Tin cùng chuyên mục</h4><ul>{items}</ul></div>'])


def article(rng: random.Random, i: int) -> Page:
    site = rng.choice(["Ban Dân vận Huyện ủy Krông Pa", "Trang thông tin điện tử Huyện ủy Đắk Song",
                       "Ban Dân vận Tỉnh ủy Phú Yên"])
    y, m, d, hh, mi = _date(rng)
    headline = _headline(rng)
    when = date_line(rng, y, m, d, hh, mi)
    body, first, traits = _body(rng, y, m, d)
    body_html = "".join(body)
    related = _related(rng) if rng.random() < 0.5 else ""
    style = rng.choice(["div", "article", "section", "table", "titlebar"])
    esc_title, esc_when = escape(headline), escape(when)
    if style == "div":
        main = (f'<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-hoat-dong/">Tin hoạt động</a></div>'
                f'<div class="detail"><h1 class="title">{esc_title}</h1><div class="date">{esc_when}</div>'
                f'<div class="content">{body_html}</div>{related}</div>')
    elif style == "article":
        main = (f'<article class="post"><header class="entry-header"><h1 class="entry-title">{esc_title}</h1>'
                f'<div class="entry-meta"><time>{esc_when}</time></div></header>'
                f'<div class="entry-content">{body_html}</div><footer class="entry-footer">'
                f'<span class="cat-links">Chuyên mục: <a href="/tin-hoat-dong/">Tin hoạt động</a></span></footer></article>'
                f'{related}')
    elif style == "section":
        main = (f'<section id="content"><h2 class="news-title">{esc_title}</h2><p class="meta">{esc_when}</p>'
                f'{body_html}<p class="tools"><a href="#">In bài viết</a> | <a href="#">Gửi email</a></p></section>{related}')
    elif style == "table":
        main = (f'<table class="layout" width="100%"><tr><td><span class="tieude">{esc_title}</span></td></tr>'
                f'<tr><td class="ngay">{esc_when}</td></tr><tr><td class="noidung">{body_html}</td></tr></table>{related}')
    else:  # the headline in a bar above both columns: the article area is the whole page body
        main = f'<div class="post-date">{esc_when}</div><div class="post-body">{body_html}</div>{related}'
    header, footer = _chrome(rng, site)
    if style == "titlebar":
        header += f'<div class="title-bar"><h1>{esc_title}</h1></div>'
    sidebar = _sidebar(rng) if rng.random() < 0.75 else ""
    html = _page(f"{headline} - {site}", header, main, sidebar, footer, rng, sidebar_first=rng.random() < 0.3)
    traits = [style, *traits, *(["a sidebar"] if sidebar else []), *(["related news"] if related else [])]
    return Page(f"article-{i:03d}", f"http://news{i % 7}.example/tin-hoat-dong/bai-{1000 + i}.html", html, True,
                headline, f"{y}-{m:02d}-{d:02d}", first.split(",")[0][:40], tuple(traits))


# -- listings -----------------------------------------------------------------------------------

def _teaser_summary(rng: random.Random, y: int, cut: bool) -> str:
    text = _paragraph(rng, y, rng.randint(1, 2))
    if cut:
        words = text.split()
        text = " ".join(words[:rng.randint(18, 30)]) + rng.choice([" ...", "…", "...", " …"])
    return escape(text)


def listing(rng: random.Random, i: int) -> Page:
    site = rng.choice(["Ban Dân vận Huyện ủy Krông Pa", "Trang thông tin điện tử Huyện ủy Đắk Song",
                       "Ban Dân vận Tỉnh ủy Phú Yên"])
    category = rng.choice(CATEGORIES)
    n = rng.randint(5, 20)
    style = rng.choice(["teasers", "teasers", "table", "list", "inline", "lead"])
    cut = rng.choice(["all", "all", "some", "none"])
    dated = rng.random() < 0.6
    more = rng.random() < 0.35
    plain_titles = style == "teasers" and rng.random() < 0.25  # the image is the link, the title is plain text
    y = rng.randint(2019, 2025)
    items = []
    for k, (url, title) in enumerate(_links(rng, n, "/" + slug(category))):
        yy, mm, dd, hh, mi = _date(rng)
        when = escape(date_line(rng, yy, mm, dd, hh, mi)) if dated else ""
        summary = _teaser_summary(rng, y, cut == "all" or (cut == "some" and k % 2 == 0))
        if style == "teasers":
            img = f'<a href="{url}" class="thumb"><img src="/uploads/thumb/{k}.jpg" alt=""></a>' if rng.random() < 0.6 else ""
            heading = f"<h3>{escape(title)}</h3>" if plain_titles else f'<h3><a href="{url}">{escape(title)}</a></h3>'
            items.append(f'<div class="item">{img}{heading}'
                         + (f'<span class="date">{when}</span>' if when else "")
                         + f"<p>{summary}</p>" + (f'<a class="more" href="{url}">Xem tiếp »</a>' if more else "")
                         + "</div>")
        elif style == "table":
            items.append(f'<tr><td><a href="{url}">{escape(title)}</a></td><td>{when or k + 1}</td></tr>')
        elif style == "list":
            items.append(f'<li><a href="{url}">{escape(title)}</a>' + (f' <span class="date">{when}</span>' if when else "")
                         + "</li>")
        elif style == "lead" and k == 0:  # the lead story: its title, date and whole sapo, then titles only
            items.append(f'<div class="lead-news"><div class="lead-title"><a href="{url}">{escape(title)}</a></div>'
                         + (f'<div class="lead-date">{when}</div>' if when else "")
                         + f'<div class="lead-sapo">{escape(_paragraph(rng, y, 2))}</div></div>')
        elif style == "lead":
            items.append(f'<li><a href="{url}">{escape(title)}</a>' + (f' <span class="date">({when})</span>' if when else "")
                         + "</li>")
        else:
            items.append(f'<div class="news-item"><p><a href="{url}"><strong>{escape(title)}</strong></a>'
                         + (f" ({when})" if when else "") + f"<br>{summary}</p>"
                         + (f'<p><a href="{url}">Xem tiếp</a></p>' if more else "") + "</div>")
    if style == "table":
        body = f'<table class="list" border="1"><tr><th>Tiêu đề</th><th>Ngày đăng</th></tr>{"".join(items)}</table>'
    elif style == "list":
        body = f'<ul class="list-news">{"".join(items)}</ul>'
    elif style == "lead":
        body = f'{items[0]}<ul class="other-news">{"".join(items[1:])}</ul>'
    else:
        body = f'<div class="list-news">{"".join(items)}</div>'
    pages = "".join(f'<a href="?page={p}">{p}</a> ' for p in range(2, rng.randint(3, 8)))
    paging = f'<div class="paging"><span class="current">1</span> {pages}<a href="?page=2">Sau »</a></div>'
    heading = rng.choice([f"<h1>{category}</h1>", f'<div class="cat-title">{category.upper()}</div>',
                          f'<h2 class="title">{category}</h2>'])
    intro = f"<p>Tin tức, bài viết về {category.lower()} của {site}.</p>" if rng.random() < 0.2 else ""
    header, footer = _chrome(rng, site)
    sidebar = _sidebar(rng) if rng.random() < 0.75 else ""
    html = _page(f"{category} - {site}", header, f'<div class="category">{heading}{intro}{body}{paging}</div>', sidebar,
                 footer, rng, sidebar_first=rng.random() < 0.3)
    traits = (style, f"{n} items", f"cut {cut}", *(["dated"] if dated else []), *(["read more"] if more else []),
              *(["plain titles"] if plain_titles else []))
    return Page(f"listing-{i:03d}", f"http://news{i % 7}.example/{slug(category)}/", html, False,
                traits=traits)


def articles(n: int = N_ARTICLES, seed: int = SEED) -> list[Page]:
    rng = random.Random(seed)
    return [article(rng, i) for i in range(n)]


def listings(n: int = N_LISTINGS, seed: int = SEED + 1) -> list[Page]:
    rng = random.Random(seed)
    return [listing(rng, i) for i in range(n)]
