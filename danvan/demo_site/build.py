"""Build the bundled demo sites from ``content.toml`` (stdlib only, deterministic).

Run ``python danvan/demo_site/build.py`` after editing the content; the output (``sites/`` and
``manifest.json``) is committed, so ``danvan demo`` needs no build step.
Three site styles: NukeViet 4.x (markup names as in NukeViet's default theme), a provincial
portal's "Chuyên trang Ban Dân vận", and a district Party committee site.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import struct
import tomllib
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "sites"
DISCLAIMER = ("Trang minh họa của dự án Kho Dân vận: nội dung và số liệu là hư cấu, "
              "không phải trang thông tin chính thức của cơ quan nào.")
WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
NUKEVIET_DISALLOW = ["/admin/", "/cache/", "/data/", "/includes/", "/install/", "/language/", "/logs/",
                     "/modules/", "/robots.php", "/sess/", "/tmp/", "/web.config"]

e = html.escape


@dataclass
class Article:
    site: str
    nid: int
    title: str
    published: datetime
    author: str
    lead: str
    body: list[str]
    category: str | None = None
    views: int = 0
    image: str | None = None
    caption: str | None = None
    attachment: str | None = None
    attachment_title: str | None = None
    path: str = ""

    @property
    def date(self) -> str:
        return self.published.strftime("%d/%m/%Y")


@dataclass
class Site:
    data: dict
    articles: list[Article] = field(default_factory=list)
    files: dict[str, bytes | str] = field(default_factory=dict)
    non_articles: list[str] = field(default_factory=list)

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    def page(self, path: str, text: str, article: bool = False) -> None:
        """Add an HTML page served at ``path`` (a ``/dir/`` path becomes ``dir/index.html``)."""
        self.files[path] = text
        if not article:
            self.non_articles.append(path)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def weekday(d: datetime, capital: bool = False) -> str:
    name = WEEKDAYS[d.weekday()]
    return name.title() if capital else name


def nv_time(d: datetime) -> str:
    """NukeViet publtime: "Thứ tư - 20/11/2019 09:15"."""
    return f"{weekday(d)} - {d:%d/%m/%Y %H:%M}"


def paragraphs(items: list[str], indent: str = "") -> str:
    return "\n".join(f"{indent}<p>{e(p)}</p>" for p in items)


def pages_of(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


# --------------------------------------------------------------------------------------------
# small binary files: PNG images and a one-page PDF

def png(width: int, height: int, colour_at) -> bytes:
    """An RGB PNG whose pixel (x, y) is ``colour_at(x, y)``."""
    rows = b"".join(b"\x00" + b"".join(bytes(colour_at(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def photo(seed: int) -> bytes:
    """A small landscape picture: sky, hills and a road (enough to look like a news photo)."""
    def at(x, y):
        hill = 70 + int(18 * ((x * (seed + 3)) % 97) / 97) - (x // 9) % 7
        if y < hill:
            return (150 + y // 2, 190 + y // 3, 235)
        if abs(x - 160 - (y - 180) * 0.6) < (y - hill) * 0.35:
            return (170, 160, 140)
        return (40 + (x * y + seed) % 30, 120 + (y % 20), 50)
    return png(320, 180, at)


def banner(r: int, g: int, b: int) -> bytes:
    return png(270, 60, lambda x, y: (r, g, b) if 6 < y < 54 and 6 < x < 264 else (250, 220, 60))


def logo() -> bytes:
    return png(64, 64, lambda x, y: (200, 16, 46) if (x - 32) ** 2 + (y - 32) ** 2 < 900 else (255, 255, 255))


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ASCII text lines in Helvetica."""
    text = "BT /F1 12 Tf 60 780 Td 16 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for ln in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode("ascii") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --------------------------------------------------------------------------------------------
# NukeViet 4.x

NV_CSS = """body{font:14px/1.5 Arial,Helvetica,sans-serif;margin:0;background:#f3f3f3;color:#333}
.container{max-width:1140px;margin:0 auto;padding:0 10px}header{background:#b71c1c;color:#fff;padding:12px 0}
.site_name{font-size:22px;font-weight:bold;margin-left:10px}.site_description{display:block;margin-left:74px}
.logo img{vertical-align:middle}.second-nav{background:#8e0000}.site-menu{list-style:none;margin:0;padding:0}
.site-menu li{display:inline-block}.site-menu a{color:#fff;display:block;padding:10px 14px;text-decoration:none}
.third-nav{background:#fff;padding:6px 10px;margin:10px 0}.hidden,.hide,.d-none{display:none}
.row{display:flex;flex-wrap:wrap;gap:16px}.col-md-18{flex:3}.col-md-6{flex:1;min-width:220px}
.panel{background:#fff;border:1px solid #ddd;margin-bottom:14px}.panel-heading{background:#b71c1c;color:#fff;padding:6px 10px}
.panel-body{padding:10px}.title{font-size:24px;color:#b71c1c}.hometext{font-weight:bold}.text-right{text-align:right}
.list-none,.list-unstyled{list-style:none;padding:0}.list-inline li{display:inline-block;margin-right:8px}
.imghome{float:left;margin:0 10px 6px 0}.pagination li{display:inline-block;margin:2px}.text-muted{color:#888}
figure.article img{max-width:100%}figcaption{font-style:italic;color:#666}#footer{background:#333;color:#ddd;padding:14px 0}
#footer a{color:#fff}.current-time{float:right;color:#666}#timeoutsess{display:none}.counter span{display:inline-block;width:60%}
.demo-note{background:#fff3cd;color:#6b5300;padding:6px 10px;font-size:12px}
"""

NV_DETAIL = """<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope>
    <div class="panel-body">
        <h1 class="title margin-bottom-lg" itemprop="headline">{title}</h1>
        <div class="hidden hide d-none" itemprop="author" itemtype="http://schema.org/Person" itemscope>
            <span itemprop="name">{author}</span>
        </div>
        <span class="hidden hide d-none" itemprop="datePublished">{iso}</span>
        <span class="hidden hide d-none" itemprop="dateModified">{iso}</span>
        <span class="hidden hide d-none" itemprop="mainEntityOfPage">{path}</span>
        <span class="hidden hide d-none" itemprop="image">{image_or_logo}</span>
        <div class="hidden hide d-none" itemprop="publisher" itemtype="http://schema.org/Organization" itemscope>
            <span itemprop="name">{site_name}</span>
            <span itemprop="logo" itemtype="http://schema.org/ImageObject" itemscope><span itemprop="url">/uploads/logo.png</span></span>
        </div>
        <div class="row margin-bottom-lg">
            <div class="col-md-12">
                <span class="h5">{publtime}</span> <span class="hitstotal"><em class="fa fa-eye">&nbsp;</em>{views}</span> <span class="hitscm"><em class="fa fa-comment-o">&nbsp;</em>0</span>
            </div>
            <div class="col-md-12">
                <ul class="list-inline text-right">
                    <li><a class="dimgray" title="Giới thiệu bài viết cho bạn bè" href="javascript:void(0);" onclick="newsSendMailModal('#newsSendMailModal', '/tin-tuc/sendmail/{rel}', '{token}');"><em class="fa fa-envelope fa-lg">&nbsp;</em></a></li>
                    <li><a class="dimgray" rel="nofollow" title="In ra" href="javascript: void(0)" onclick="nv_open_browse('/tin-tuc/print/{rel}','',840,500,'resizable=yes,scrollbars=yes,toolbar=no,location=no,status=no');return false"><em class="fa fa-print fa-lg">&nbsp;</em></a></li>
                </ul>
            </div>
        </div>
        <div class="clearfix">
            <div class="hometext m-bottom" itemprop="description">{lead}</div>
{figure}
        </div>
        <div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{body}
        </div>
        <div class="margin-bottom-lg">
            <p class="h5 text-right">
                <strong>Nguồn tin: </strong>{author}
            </p>
        </div>
    </div>
</div>
<div class="news_column panel panel-default">
    <div class="panel-body">
        <form id="form3B" action="">
            <div class="h5 clearfix">
                <p id="stringrating">Tổng số điểm của bài viết là: {points} trong {votes} đánh giá</p>
                <span itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">Xếp hạng: <span id="numberrating" itemprop="ratingValue">{rating}</span> - <span id="click_rating" itemprop="ratingCount">{votes}</span> phiếu bầu</span>
                <div style="padding: 5px;">
                    <input class="hover-star" type="radio" value="1" title="Bài viết rất kém" /><input class="hover-star" type="radio" value="2" title="Bài viết kém" /><input class="hover-star" type="radio" value="3" title="Bài viết đạt" /><input class="hover-star" type="radio" value="4" title="Bài viết tốt" /><input class="hover-star" type="radio" value="5" title="Bài viết rất tốt" /><span id="hover-test" style="margin: 0 0 0 20px;">Click để đánh giá bài viết</span>
                </div>
            </div>
        </form>
        <script type="text/javascript">
        $(function() {{ var sr = 0; $(".hover-star").rating({{ callback: function(b, c) {{ 1 == sr && (sr = 2, $(".hover-star").rating("disable"), sendrating("{nid}", b, "{token}")) }} }}); $(".hover-star").rating("select", "{rating}"); }})
        </script>
    </div>
</div>
{others}"""


def nv_others(site: Site, art: Article) -> str:
    ordered = sorted(site.articles, key=lambda a: a.published)
    i = ordered.index(art)
    blocks = []
    for heading, items in (("Những tin mới hơn", ordered[i + 1:i + 4]), ("Những tin cũ hơn", ordered[max(0, i - 3):i][::-1])):
        if not items:
            continue
        lis = "\n".join(
            f"""                <li>
                    <em class="fa fa-angle-right">&nbsp;</em>
                    <h4><a href="{a.path}" title="{e(a.title)}">{e(a.title)}</a></h4>
                    <em>({a.date})</em>
                </li>""" for a in items)
        blocks.append(f"""<div class="news_column panel panel-default">
    <div class="panel-body other-news">
        <p class="h3"><strong>{heading}</strong></p>
        <div class="clearfix">
            <ul class="detail-related related list-none list-items">
{lis}
            </ul>
        </div>
    </div>
</div>""")
    return "\n".join(blocks)


def nv_detail(site: Site, art: Article) -> str:
    figure = ""
    if art.image:
        figure = (f'            <figure class="article center">\n'
                  f'                <img alt="{e(art.caption or art.title)}" src="{art.image}" width="460" class="img-thumbnail" />\n'
                  f'                <figcaption>{e(art.caption or "")}</figcaption>\n'
                  f'            </figure>')
    body = paragraphs(art.body)
    if art.attachment:
        body += (f'\n<p>Tệp đính kèm: <a href="{art.attachment}" title="{e(art.attachment_title)}">'
                 f'{e(art.attachment_title)}</a></p>')
    votes = art.nid % 5
    rating = 0 if votes == 0 else 4 + (art.nid % 2)
    rel = art.path.removeprefix("/tin-tuc/").removesuffix(".html")
    return NV_DETAIL.format(
        title=e(art.title), author=e(art.author), iso=art.published.strftime("%Y-%m-%dT%H:%M:00+07:00"),
        path=art.path, image_or_logo=art.image or "/uploads/logo.png", site_name=e(site.name),
        publtime=nv_time(art.published), views=art.views, rel=rel, token=f"{art.nid * 7919:032x}",
        lead=e(art.lead), figure=figure, body=body, points=rating * votes, votes=votes, rating=rating,
        nid=art.nid, others=nv_others(site, art))


def nv_listing_items(items: list[Article]) -> str:
    out = []
    for a in items:
        thumb = (f'<a href="{a.path}" title="{e(a.title)}"><img alt="{e(a.title)}" src="{a.image}" width="100" '
                 f'class="img-thumbnail pull-left imghome" /></a>\n            ') if a.image else ""
        out.append(f"""    <div class="panel panel-default">
        <div class="panel-body">
            {thumb}<h3>
                <a href="{a.path}" title="{e(a.title)}">{e(a.title)}</a>
            </h3>
            <div class="text-muted">
                <ul class="list-unstyled list-inline">
                    <li><em class="fa fa-clock-o">&nbsp;</em> {nv_time(a.published)}</li>
                    <li><em class="fa fa-eye">&nbsp;</em> Đã xem: {a.views:,}</li>
                </ul>
            </div>
            {e(a.lead)}
        </div>
    </div>""")
    return "\n".join(out)


def nv_pager(base: str, page: int, count: int) -> str:
    if count < 2:
        return ""
    url = lambda n: base if n == 1 else f"{base}page-{n}/"  # noqa: E731
    items = []
    prev = f'<li class="page-item"><a class="page-link" href="{url(page - 1)}" title="Trang trước">&laquo;</a></li>' \
        if page > 1 else '<li class="page-item disabled"><a class="page-link" href="javascript:void(0)">&laquo;</a></li>'
    items.append(prev)
    for n in range(1, count + 1):
        if n == page:
            items.append(f'<li class="page-item active"><a class="page-link" href="javascript:void(0)">{n}</a></li>')
        else:
            items.append(f'<li class="page-item"><a class="page-link" href="{url(n)}">{n}</a></li>')
    items.append(f'<li class="page-item"><a class="page-link" href="{url(page + 1)}" title="Trang sau">&raquo;</a></li>'
                 if page < count else
                 '<li class="page-item disabled"><a class="page-link" href="javascript:void(0)">&raquo;</a></li>')
    return f'<div class="text-center">\n    <ul class="pagination">{"".join(items)}</ul>\n</div>'


def nv_breadcrumbs(trail: list[tuple[str, str]]) -> str:
    items = ['<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="/" itemprop="item" '
             'title="Trang nhất"><span itemprop="name">Trang nhất</span></a><i class="hidden" itemprop="position" content="1"></i></li>']
    for n, (label, href) in enumerate(trail, start=2):
        items.append(f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="{href}" '
                     f'itemprop="item" title="{e(label)}"><span class="txt" itemprop="name">{e(label)}</span></a>'
                     f'<i class="hidden" itemprop="position" content="{n}"></i></li>')
    return "".join(items)


def nv_layout(site: Site, snapshot: datetime, title: str, main: str, trail: list[tuple[str, str]],
              canonical: str, article: Article | None = None) -> str:
    counter = "\n".join(
        f'\t<li><span><em class="fa fa-bolt fa-lg fa-horizon"></em>{e(label)}</span><span>{value}</span></li>'
        for label, value in (row.split("|") for row in site.counter))
    og = f'\n        <meta property="og:type" content="{"article" if article else "website"}">'
    if article:
        og += f'\n        <meta property="article:published_time" content="{article.published:%Y-%m-%dT%H:%M:00+07:00}">'
    menu = "".join(f'\n                            <li><a title="{label}" href="{href}">{label}</a></li>'
                   for label, href in site.menu)
    return f"""<!DOCTYPE html>
    <html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
    <head>
        <title>{e(title)} - {e(site.name)}</title>
        <meta name="description" content="{e(article.lead if article else "Trang thông tin điện tử " + site.name)}">
        <meta name="author" content="{e(site.name)}">
        <meta name="copyright" content="{e(site.name)} [{site.email}]">
        <meta name="generator" content="NukeViet v4.5">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
        <meta property="og:title" content="{e(title)} - {e(site.name)}">{og}
        <meta property="og:site_name" content="{e(site.name)}">
        <link rel="canonical" href="{canonical}">
        <link rel="alternate" href="/rss/" title="{e(site.news_title)}" type="application/rss+xml">
        <link rel="StyleSheet" href="/themes/default/css/style.css">
        <script>var nv_base_siteurl="/",nv_lang_data="vi",nv_lang_interface="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language",nv_module_name="news",nv_is_user=0,nv_my_ofs=7,nv_my_abbr="ICT",nv_cookie_prefix="nv4",nv_area_admin=0,theme_responsive=1;</script>
    </head>
    <body>
    <noscript>
        <div class="alert alert-danger">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.<br />Website chỉ làm việc khi bạn bật nó trở lại.</div>
    </noscript>
    <div class="body-bg">
    <div class="wraper">
        <header>
            <div class="container">
                <div id="header" class="row">
                    <div class="logo col-xs-24 col-sm-24 col-md-8">
                        <a title="{e(site.name)}" href="/"><img src="/uploads/logo.png" alt="{e(site.name)}"></a>
                        <span class="site_name">{e(site.name)}</span>
                        <span class="site_description">Trang thông tin điện tử {e(site.name)}</span>
                    </div>
                </div>
            </div>
        </header>
        <nav class="second-nav" id="menusite">
            <div class="container">
                <div class="bg box-shadow">
                    <ul class="site-menu nav navbar-nav">
                            <li><a class="home" title="Trang nhất" href="/"><em class="fa fa-lg fa-home">&nbsp;</em><span class="visible-xs-inline-block"> Trang nhất</span></a></li>{menu}
                    </ul>
                </div>
            </div>
        </nav>
        <section>
            <div class="container" id="body">
                <nav class="third-nav">
                    <div class="breadcrumbs-wrap">
                        <div class="display">
                            <a class="show-subs-breadcrumbs hidden" href="#" onclick="showSubBreadcrumbs(this, event);"><em class="fa fa-lg fa-angle-right"></em></a>
                            <ul class="breadcrumbs list-none"></ul>
                        </div>
                        <ul class="subs-breadcrumbs"></ul>
                        <ul class="temp-breadcrumbs hidden" itemscope itemtype="https://schema.org/BreadcrumbList">{nv_breadcrumbs(trail)}</ul>
                    </div>
                    <span class="current-time">{weekday(snapshot).capitalize()}, {snapshot:%d/%m/%Y | %H:%M} GMT+7</span>
                    <div class="headerSearch">
                        <div class="input-group">
                            <input type="text" class="form-control" maxlength="60" placeholder="Tìm kiếm..."><span class="input-group-btn"><button type="button" class="btn btn-info" data-url="/seek/?q=" data-minlength="3" data-click="y"><em class="fa fa-search fa-lg"></em></button></span>
                        </div>
                    </div>
                </nav>
                <div class="row">
                    <div class="col-md-18">
{main}
                    </div>
                    <div class="col-md-6">
<div class="panel panel-primary">
	<div class="panel-heading">
		Thống kê truy cập
	</div>
	<div class="panel-body">
<ul class="counter list-none display-table">
{counter}
</ul>
	</div>
</div>
<div class="nv-block-banners">
    <a rel="nofollow" href="https://hochiminh.vn" onclick="this.target='_blank'" title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"><img alt="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" src="/uploads/banners/hoc-tap-lam-theo-bac.png" width="270"></a>
</div>
<div class="panel panel-default">
	<div class="panel-heading">
		Liên kết
	</div>
	<div class="panel-body">
<div class="nv-block-banners">
    <a rel="nofollow" href="https://danvan.vn" onclick="this.target='_blank'" title="Ban Dân vận Trung ương"><img alt="Ban Dân vận Trung ương" src="/uploads/banners/bdvtw.png" width="270"></a>
</div>
<div class="nv-block-banners">
    <a rel="nofollow" href="https://dangcongsan.vn" onclick="this.target='_blank'" title="Báo điện tử Đảng Cộng sản Việt Nam"><img alt="Báo điện tử Đảng Cộng sản Việt Nam" src="/uploads/banners/dcsvn.png" width="270"></a>
</div>
	</div>
</div>
                    </div>
                </div>
            </div>
        </section>
    </div>
    <footer class="section-footer-top" id="footer">
        <div class="wraper">
            <div class="container">
                <div class="panel-body">
                    <h3>{e(site.name)}</h3>
                    <ul class="company_info" itemscope itemtype="http://schema.org/LocalBusiness">
                        <li class="company_name"><span itemprop="name">{e(site.name)}</span></li>
                        <li><em class="fa fa-map-marker"></em><span>Địa chỉ: <span itemprop="address">{e(site.address)}</span></span></li>
                        <li><em class="fa fa-phone"></em><span>Điện thoại: <span itemprop="telephone">{site.phone}</span></span></li>
                        <li><em class="fa fa-envelope"></em><span>Email: <span itemprop="email">{site.email}</span></span></li>
                    </ul>
                </div>
                <div class="copyright">
                    <span>&copy;&nbsp;Bản quyền thuộc về <a href="/">{e(site.name)}</a>.&nbsp; Ghi rõ nguồn khi phát hành lại thông tin từ website này.</span><br>
                    <span>Mã nguồn: <a href="https://nukeviet.vn/" title="NukeViet CMS">NukeViet CMS</a>.</span>
                    <p class="demo-note">{DISCLAIMER}</p>
                </div>
            </div>
        </div>
    </footer>
    </div>
        <div id="timeoutsess" class="chromeframe">
            Bạn đã không sử dụng Site, <a onclick="timeoutsesscancel();" href="#">Bấm vào đây để duy trì trạng thái đăng nhập</a>. Thời gian chờ: <span id="secField"> 60 </span> giây
        </div>
        <div id="openidResult" class="nv-alert" style="display:none"></div>
        <div id="openidBt" data-result="" data-redirect=""></div>
    </body>
</html>
"""


def nv_static_page(title: str, content: str) -> str:
    return f"""<div class="page panel panel-default">
    <div class="panel-body">
        <h1 class="title margin-bottom-lg">{e(title)}</h1>
        <div class="bodytext">
{content}
        </div>
    </div>
</div>"""


def nv_rss(site: Site, snapshot: datetime) -> str:
    def rfc(d: datetime) -> str:
        return d.strftime("%a, %d %b %Y %H:%M:00 +0700")
    items = "\n".join(f"""		<item>
			<title><![CDATA[{a.title}]]></title>
			<link>{a.path}</link>
			<guid isPermaLink="false">news_{a.nid}</guid>
			<description><![CDATA[{a.lead}]]></description>
			<pubDate>{rfc(a.published)}</pubDate>
		</item>""" for a in site.articles)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
	<channel>
		<title>{e(site.name)} - {e(site.news_title)}</title>
		<link>/tin-tuc/</link>
		<atom:link href="/rss/" rel="self" type="application/rss+xml" />
		<description>Trang thông tin điện tử {e(site.name)}</description>
		<language>vi</language>
		<pubDate>{rfc(snapshot)}</pubDate>
		<generator>NukeViet v4.5</generator>
{items}
	</channel>
</rss>
"""


def build_nukeviet(site: Site, snapshot: datetime) -> None:
    cats = dict(c.split("|") for c in site.categories)
    for a in site.articles:
        a.path = f"/tin-tuc/{a.category}/{slugify(a.title)}-{a.nid}.html"
    has_docs = any(a.attachment for a in site.articles)
    site.data["menu"] = [("Giới thiệu", "/gioi-thieu/"), (site.news_title, "/tin-tuc/")] + \
        [(label, f"/tin-tuc/{slug}/") for slug, label in cats.items()] + \
        ([("Văn bản", "/van-ban/")] if has_docs else []) + [("Liên hệ", "/lien-he/")]

    def layout(title, main, trail, path, article=None):
        return nv_layout(site, snapshot, title, main, trail, path, article)

    for a in site.articles:
        trail = [(site.news_title, "/tin-tuc/"), (cats[a.category], f"/tin-tuc/{a.category}/")]
        site.page(a.path, layout(a.title, nv_detail(site, a), trail, a.path, a), article=True)
    chunks = pages_of(site.articles, site.page_size)
    for n, chunk in enumerate(chunks, start=1):
        path = "/tin-tuc/" if n == 1 else f"/tin-tuc/page-{n}/"
        main = f'<div class="news_column">\n{nv_listing_items(chunk)}\n</div>\n<div class="clearfix"></div>\n' \
               + nv_pager("/tin-tuc/", n, len(chunks))
        title = site.news_title if n == 1 else f"{site.news_title} - Trang {n}"
        site.page(path, layout(title, main, [(site.news_title, "/tin-tuc/")], path))
    for slug, label in cats.items():
        items = [a for a in site.articles if a.category == slug]
        main = f'<div class="news_column">\n{nv_listing_items(items)}\n</div>'
        site.page(f"/tin-tuc/{slug}/", layout(label, main, [(site.news_title, "/tin-tuc/"), (label, f"/tin-tuc/{slug}/")],
                                              f"/tin-tuc/{slug}/"))
    latest = site.articles[:4]
    home = (f'<div class="news_column panel panel-default"><div class="panel-heading">Tin mới nhất</div></div>\n'
            f'<div class="news_column">\n{nv_listing_items(latest)}\n</div>\n'
            f'<p class="text-right"><a href="/tin-tuc/">Xem tất cả tin &raquo;</a></p>')
    site.page("/", layout("Trang nhất", home, [], "/"))
    site.page("/gioi-thieu/", layout("Giới thiệu", nv_static_page(
        f"Chức năng, nhiệm vụ của {site.name}", paragraphs(site.about)), [("Giới thiệu", "/gioi-thieu/")], "/gioi-thieu/"))
    contact = (f"<p>{e(site.name)}</p>\n<p>Địa chỉ: {e(site.address)}</p>\n<p>Điện thoại: {site.phone} – Email: "
               f"{site.email}</p>\n<form class=\"form-horizontal\" action=\"/lien-he/\" method=\"post\">"
               "<input name=\"fname\" placeholder=\"Họ và tên\"> <input name=\"femail\" placeholder=\"Email\">"
               "<textarea name=\"fcon\" placeholder=\"Nội dung\"></textarea> <button type=\"submit\">Gửi</button></form>")
    site.page("/lien-he/", layout("Liên hệ", nv_static_page("Liên hệ", contact), [("Liên hệ", "/lien-he/")], "/lien-he/"))
    site.page("/seek/", layout("Tìm kiếm", nv_static_page("Tìm kiếm", '<form action="/seek/"><input name="q"></form>'),
                               [("Tìm kiếm", "/seek/")], "/seek/"))
    if has_docs:
        docs = "\n".join(f'<p><a href="{a.attachment}">{e(a.attachment_title)}</a> (đăng ngày {a.date})</p>'
                         for a in site.articles if a.attachment)
        site.page("/van-ban/", layout("Văn bản", nv_static_page("Văn bản chỉ đạo, hướng dẫn", docs),
                                      [("Văn bản", "/van-ban/")], "/van-ban/"))
    site.files["/rss/index.xml"] = nv_rss(site, snapshot)
    site.files["/robots.txt"] = "User-agent: *\n" + "".join(f"Disallow: {p}\n" for p in NUKEVIET_DISALLOW + ["/seek/"])
    site.data["disallowed"] = ["/seek/"]
    site.files["/themes/default/css/style.css"] = NV_CSS
    site.files["/uploads/logo.png"] = logo()
    site.files["/uploads/banners/hoc-tap-lam-theo-bac.png"] = banner(190, 30, 40)
    site.files["/uploads/banners/bdvtw.png"] = banner(30, 80, 160)
    site.files["/uploads/banners/dcsvn.png"] = banner(170, 20, 20)


# --------------------------------------------------------------------------------------------
# provincial portal: "Chuyên trang Ban Dân vận"

PORTAL_CSS = """body{font:14px/1.5 Arial,sans-serif;margin:0;background:#eef2f6;color:#222}.container{max-width:1100px;margin:0 auto;padding:0 10px}
#top-bar{background:#0b3d91;color:#fff;font-size:12px;padding:4px 0}#top-bar a{color:#fff}.top-links{float:right;list-style:none;margin:0}
.top-links li{display:inline;margin-left:12px}#banner{background:linear-gradient(#c62828,#8e0000);color:#ffeb3b;padding:14px 0}
.portal-name{font-size:20px;font-weight:bold}.unit-name{font-size:26px;font-weight:bold}#main-menu{background:#fff;border-bottom:3px solid #c62828}
#main-menu .menu{list-style:none;margin:0;padding:0}#main-menu li{display:inline-block}#main-menu a{display:block;padding:10px 14px;color:#0b3d91;text-decoration:none;font-weight:bold}
.breadcrumb{font-size:12px;margin:8px 0}.row{display:flex;gap:16px}.col-left{flex:2}.col-right{flex:1}
.portlet-boundary{background:#fff;padding:10px;margin-bottom:12px}.portlet-title h3,.portlet-title h2{color:#c62828;border-bottom:1px solid #ddd}
.news-title{color:#0b3d91}.news-sapo{font-weight:bold}.news-date{color:#777;font-size:12px}.asset-item{border-bottom:1px dotted #ccc;padding:6px 0}
.asset-item img{float:left;margin-right:8px}.news-tools a{margin-right:12px}#footer{background:#0b3d91;color:#fff;padding:12px 0;font-size:13px}
.demo-note{background:#fff3cd;color:#6b5300;padding:6px 10px}
"""


def portal_layout(site: Site, snapshot: datetime, title: str, main: str, crumbs: list[tuple[str, str]],
                  article: Article | None = None) -> str:
    most = sorted(site.articles, key=lambda a: (a.nid * 37) % 101)[:4]
    most_html = "\n".join(f'              <li><a href="{a.path}">{e(a.title)}</a></li>' for a in most)
    crumb_html = " &raquo; ".join(['<a href="/">Trang chủ</a>'] + [f'<a href="{h}">{e(t)}</a>' for t, h in crumbs])
    counter = "\n".join(f'            <p>{e(label)}: <span>{value}</span></p>'
                        for label, value in (row.split("|") for row in site.counter))
    meta = ""
    if article:
        meta = (f'\n<meta property="og:type" content="article">\n<meta property="og:title" content="{e(article.title)}">'
                f'\n<meta property="article:published_time" content="{article.published:%Y-%m-%dT%H:%M:00+07:00}">')
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{e(title)} - Chuyên trang {e(site.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{e(article.lead if article else "Chuyên trang " + site.name + " - Cổng thông tin điện tử tỉnh " + site.province)}">{meta}
<link rel="stylesheet" href="/ban-dan-van/css/portal.css">
</head>
<body class="portal-body">
<div id="wrapper">
  <div id="top-bar">
    <div class="container">
      <span class="today">{weekday(snapshot, capital=True)}, ngày {snapshot:%d/%m/%Y}</span>
      <ul class="top-links">
        <li><a href="/">Cổng thông tin tỉnh</a></li>
        <li><a href="/tim-kiem/">Tìm kiếm</a></li>
        <li><a href="/ban-dan-van/lien-he/">Liên hệ</a></li>
      </ul>
    </div>
  </div>
  <div id="banner">
    <div class="container">
      <a href="/ban-dan-van/" class="logo"><img src="/ban-dan-van/images/quoc-huy.png" alt="Quốc huy"></a>
      <div class="banner-text">
        <div class="portal-name">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH {site.province.upper()}</div>
        <div class="unit-name">CHUYÊN TRANG {site.name.upper()}</div>
      </div>
    </div>
  </div>
  <div id="main-menu">
    <div class="container">
      <ul class="menu">
        <li><a href="/ban-dan-van/">Trang chủ</a></li>
        <li><a href="/ban-dan-van/gioi-thieu/">Giới thiệu</a></li>
        <li class="active"><a href="/ban-dan-van/tin-tuc/">{e(site.news_title)}</a></li>
        <li><a href="/ban-dan-van/lien-he/">Liên hệ</a></li>
      </ul>
    </div>
  </div>
  <div id="content" class="container">
    <div class="breadcrumb">{crumb_html}</div>
    <div class="row">
      <div class="col-left col-md-8">
        <div class="portlet-boundary portlet-journal-content">
{main}
        </div>
      </div>
      <div class="col-right col-md-4">
        <div class="portlet-boundary most-viewed">
          <div class="portlet-title"><h3>Xem nhiều nhất</h3></div>
          <div class="portlet-body">
            <ul class="most-viewed-list">
{most_html}
            </ul>
          </div>
        </div>
        <div class="portlet-boundary lienket-web">
          <div class="portlet-title"><h3>Liên kết website</h3></div>
          <div class="portlet-body">
            <select onchange="window.open(this.value)">
              <option value="">-- Chọn liên kết --</option>
              <option value="https://dangcongsan.vn">Báo điện tử Đảng Cộng sản Việt Nam</option>
              <option value="https://danvan.vn">Ban Dân vận Trung ương</option>
              <option value="https://mattran.org.vn">Mặt trận Tổ quốc Việt Nam</option>
            </select>
          </div>
        </div>
        <div class="portlet-boundary thong-ke">
          <div class="portlet-title"><h3>Thống kê truy cập</h3></div>
          <div class="portlet-body">
{counter}
          </div>
        </div>
      </div>
    </div>
  </div>
  <div id="footer">
    <div class="container">
      <p class="footer-title">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH {site.province.upper()}</p>
      <p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh {e(site.province)}</p>
      <p>Chuyên trang: {e(site.name)} - Địa chỉ: {e(site.address)}</p>
      <p>Điện thoại: {site.phone} - Email: {site.email}</p>
      <p>Ghi rõ nguồn “Cổng thông tin điện tử tỉnh {e(site.province)}” khi phát hành lại thông tin từ Cổng này.</p>
      <p class="demo-note">{DISCLAIMER}</p>
    </div>
  </div>
</div>
</body>
</html>
"""


def portal_items(items: list[Article]) -> str:
    out = []
    for a in items:
        img = f'<img src="{a.image}" alt="" width="120">' if a.image else ""
        out.append(f"""  <div class="asset-item">
    {img}<h3 class="asset-title"><a href="{a.path}">{e(a.title)}</a></h3>
    <span class="asset-date">{a.date}</span>
    <div class="asset-summary">{e(a.lead)}</div>
  </div>""")
    return "\n".join(out)


def build_portal(site: Site, snapshot: datetime) -> None:
    base = "/ban-dan-van/tin-tuc/"
    for a in site.articles:
        a.path = f"{base}{slugify(a.title)}-{a.nid}.html"

    def layout(title, main, crumbs, article=None):
        return portal_layout(site, snapshot, title, main, crumbs, article)

    news = (site.news_title, base)
    for a in site.articles:
        related = [b for b in site.articles if b is not a][:3]
        rel_html = "\n".join(f'    <li><a href="{b.path}">{e(b.title)}</a> <span class="date">({b.date})</span></li>'
                             for b in related)
        figure = ""
        if a.image:
            figure = (f'<p style="text-align: center;"><img src="{a.image}" alt="{e(a.caption or "")}" width="320"></p>\n'
                      f'<p class="image-caption" style="text-align: center;"><em>{e(a.caption or "")}</em></p>\n')
        main = f"""<div class="journal-content-article news-detail">
  <div class="news-date">{weekday(a.published, capital=True)}, {a.date}</div>
  <h1 class="news-title">{e(a.title)}</h1>
  <div class="news-content">
<p class="news-sapo"><strong>{e(a.lead)}</strong></p>
{figure}{paragraphs(a.body)}
  </div>
  <div class="news-author"><p style="text-align: right;"><strong>{e(a.author)}</strong></p></div>
  <div class="news-tools">
    <a class="send-friend" href="mailto:?subject={e(a.title)}">Gửi cho bạn bè</a>
    <a class="print" href="javascript:window.print()">In bài viết</a>
    <a class="share-fb" href="https://www.facebook.com/sharer/sharer.php?u={a.path}">Chia sẻ</a>
  </div>
</div>
<div class="other-news">
  <div class="portlet-title"><h3>Tin liên quan</h3></div>
  <ul>
{rel_html}
  </ul>
</div>"""
        site.page(a.path, layout(a.title, main, [news], a), article=True)
    chunks = pages_of(site.articles, site.page_size)
    for n, chunk in enumerate(chunks, start=1):
        path = base if n == 1 else f"{base}trang-{n}/"
        links = " ".join(f"<strong>{i}</strong>" if i == n else f'<a href="{base if i == 1 else f"{base}trang-{i}/"}">{i}</a>'
                         for i in range(1, len(chunks) + 1))
        if n < len(chunks):
            links += f' <a href="{base}trang-{n + 1}/" class="next">Tiếp &raquo;</a>'
        main = (f'<div class="portlet-title"><h2>{e(site.news_title)}</h2></div>\n<div class="asset-list">\n'
                f'{portal_items(chunk)}\n</div>\n<div class="taglib-page-iterator">\n'
                f'  <div class="search-pages">Trang: {links}</div>\n</div>')
        site.page(path, layout(site.news_title if n == 1 else f"{site.news_title} - Trang {n}", main, [news]))
    home = (f'<div class="portlet-title"><h2>Tin mới</h2></div>\n<div class="asset-list">\n'
            f'{portal_items(site.articles[:3])}\n</div>\n<p><a href="{base}">Xem thêm &raquo;</a></p>')
    site.page("/ban-dan-van/", layout("Trang chủ", home, []))
    site.page("/ban-dan-van/gioi-thieu/", layout("Giới thiệu", '<div class="portlet-title"><h2>Giới thiệu</h2></div>\n'
                                                  + paragraphs(site.about), [("Giới thiệu", "/ban-dan-van/gioi-thieu/")]))
    contact = (f'<div class="portlet-title"><h2>Liên hệ</h2></div>\n<p>{e(site.name)}</p>\n<p>Địa chỉ: {e(site.address)}</p>\n'
               f'<p>Điện thoại: {site.phone}</p>\n<p>Email: {site.email}</p>')
    site.page("/ban-dan-van/lien-he/", layout("Liên hệ", contact, [("Liên hệ", "/ban-dan-van/lien-he/")]))
    portal_home = (f'<div class="portlet-title"><h2>Các chuyên trang</h2></div>\n'
                   f'<p><a href="/ban-dan-van/">Chuyên trang {e(site.name)}</a></p>\n'
                   f'<div class="asset-list">\n{portal_items(site.articles[:2])}\n</div>')
    site.page("/", layout("Cổng thông tin điện tử tỉnh " + site.province, portal_home, []))
    site.page("/tim-kiem/", layout("Tìm kiếm", '<form action="/tim-kiem/"><input name="keywords"></form>', []))
    site.files["/robots.txt"] = "User-agent: *\nDisallow: /tim-kiem/\n"
    site.data["disallowed"] = ["/tim-kiem/"]
    site.files["/ban-dan-van/css/portal.css"] = PORTAL_CSS
    site.files["/ban-dan-van/images/quoc-huy.png"] = logo()


# --------------------------------------------------------------------------------------------
# district Party committee site

HUYENUY_CSS = """body{font:14px Tahoma,Arial,sans-serif;margin:0;background:#fdf6e3}.wrap{max-width:1000px;margin:0 auto;background:#fff}
.header{background:#d32f2f;color:#ffeb3b;text-align:center;padding:12px}.header p{margin:2px}.t2{font-size:24px;font-weight:bold}
.menu ul{list-style:none;margin:0;padding:0;background:#b71c1c}.menu li{display:inline-block}.menu a{display:block;color:#fff;padding:8px 12px;text-decoration:none}
.marquee{background:#fff8e1;color:#b71c1c;padding:4px}.main{display:flex;gap:12px;padding:10px}.left-col{flex:3}.right-col{flex:1}
.box{border:1px solid #e0e0e0;margin-bottom:10px}.box-title{background:#d32f2f;color:#fff;padding:4px 8px;font-weight:bold}
.title-news{color:#b71c1c}.date-news{color:#888;font-size:12px}.author-news{text-align:right;font-weight:bold}
.footer{background:#b71c1c;color:#fff;text-align:center;padding:8px;font-size:12px}.footer a{color:#fff}
.demo-note{background:#fff3cd;color:#6b5300;padding:4px}
"""


def huyenuy_layout(site: Site, title: str, main: str) -> str:
    newest = "\n".join(f'          <li><a href="{a.path}">{e(a.title)}</a></li>' for a in site.articles[:4])
    visits = site.counter[0].split("|")[1]
    district = site.district
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{e(title)} | Đảng bộ huyện {e(district)}</title>
<meta name="keywords" content="Huyện ủy {e(district)}, Đảng bộ huyện {e(district)}, dân vận">
<meta name="description" content="Trang thông tin điện tử Đảng bộ huyện {e(district)}, tỉnh {e(site.province)}">
<link href="/css/style.css" rel="stylesheet" type="text/css">
</head>
<body>
<div class="wrap">
  <div class="header">
    <div class="header-title">
      <p class="t1">ĐẢNG CỘNG SẢN VIỆT NAM</p>
      <p class="t2">ĐẢNG BỘ HUYỆN {district.upper()}</p>
      <p class="t3">TRANG THÔNG TIN ĐIỆN TỬ</p>
    </div>
  </div>
  <div class="menu">
    <ul>
      <li><a href="/">TRANG CHỦ</a></li>
      <li><a href="/gioi-thieu/">GIỚI THIỆU</a></li>
      <li><a href="/tin-tuc/cong-tac-dan-van/">CÔNG TÁC DÂN VẬN</a></li>
      <li><a href="/lien-he/">LIÊN HỆ</a></li>
    </ul>
  </div>
  <div class="marquee"><marquee scrollamount="3">Chào mừng bạn đến với Trang thông tin điện tử Đảng bộ huyện {e(district)}</marquee></div>
  <div class="main">
    <div class="left-col">
{main}
    </div>
    <div class="right-col">
      <div class="box">
        <div class="box-title">TIN MỚI</div>
        <ul class="box-list">
{newest}
        </ul>
      </div>
      <div class="box">
        <div class="box-title">THỐNG KÊ</div>
        <div class="stat">Lượt truy cập: <span>{visits}</span></div>
      </div>
    </div>
  </div>
  <div class="footer">
    <p><strong>TRANG THÔNG TIN ĐIỆN TỬ ĐẢNG BỘ HUYỆN {district.upper()}</strong></p>
    <p>Cơ quan chủ quản: Ban Thường vụ Huyện ủy {e(district)}</p>
    <p>Địa chỉ: {e(site.address)} - Điện thoại: {site.phone}</p>
    <p>Chịu trách nhiệm nội dung: Văn phòng Huyện ủy {e(district)} | <a href="/quan-tri/">Đăng nhập quản trị</a></p>
    <p class="demo-note">{DISCLAIMER}</p>
  </div>
</div>
</body>
</html>
"""


def build_huyenuy(site: Site, snapshot: datetime) -> None:
    base = "/tin-tuc/cong-tac-dan-van/"
    for a in site.articles:
        a.path = f"{base}{slugify(a.title)}-{a.nid}.html"
    for a in site.articles:
        others = "\n".join(f'      <li><a href="{b.path}">{e(b.title)}</a> ({b.date})</li>'
                           for b in site.articles if b is not a)
        main = f"""<div class="news-detail">
  <h2 class="title-news">{e(a.title)}</h2>
  <p class="date-news">Ngày đăng: {a.published:%d/%m/%Y %H:%M}</p>
  <div class="content-news">
<p><strong>{e(a.lead)}</strong></p>
{paragraphs(a.body)}
  </div>
  <p class="author-news">{e(a.author)}</p>
  <div class="share-news"><a href="https://www.facebook.com/sharer/sharer.php?u={a.path}">Chia sẻ Facebook</a> | <a href="javascript:window.print()">In trang</a></div>
  <div class="other-news">
    <p class="other-title">Các tin khác</p>
    <ul>
{others}
    </ul>
  </div>
</div>"""
        site.page(a.path, huyenuy_layout(site, a.title, main), article=True)
    chunks = pages_of(site.articles, site.page_size)
    for n, chunk in enumerate(chunks, start=1):
        path = base if n == 1 else f"{base}trang-{n}/"
        items = "\n".join(f"""  <div class="item-news">
    <h3><a href="{a.path}">{e(a.title)}</a></h3>
    <p class="date-news">{a.date}</p>
    <p class="sapo">{e(a.lead)}</p>
  </div>""" for a in chunk)
        pager = " ".join(f"<span>{i}</span>" if i == n else f'<a href="{base if i == 1 else f"{base}trang-{i}/"}">{i}</a>'
                         for i in range(1, len(chunks) + 1))
        main = f'<h2 class="cat-title">CÔNG TÁC DÂN VẬN</h2>\n<div class="list-news">\n{items}\n</div>\n<div class="paging">{pager}</div>'
        site.page(path, huyenuy_layout(site, "Công tác dân vận" + ("" if n == 1 else f" - Trang {n}"), main))
    home = "<h2 class=\"cat-title\">TIN HOẠT ĐỘNG</h2>\n" + "\n".join(
        f'<div class="item-news"><h3><a href="{a.path}">{e(a.title)}</a></h3><p class="sapo">{e(a.lead)}</p></div>'
        for a in site.articles[:3])
    site.page("/", huyenuy_layout(site, "Trang chủ", home))
    site.page("/gioi-thieu/", huyenuy_layout(site, "Giới thiệu", "<h2 class=\"cat-title\">GIỚI THIỆU</h2>\n" + paragraphs(site.about)))
    contact = (f'<h2 class="cat-title">LIÊN HỆ</h2>\n<p>Văn phòng Huyện ủy {e(site.district)}</p>\n'
               f'<p>Địa chỉ: {e(site.address)}</p>\n<p>Điện thoại: {site.phone} - Email: {site.email}</p>')
    site.page("/lien-he/", huyenuy_layout(site, "Liên hệ", contact))
    site.page("/quan-tri/", huyenuy_layout(site, "Đăng nhập", '<form action="/quan-tri/" method="post"><input name="user"></form>'))
    site.files["/robots.txt"] = "User-agent: *\nDisallow: /quan-tri/\n"
    site.data["disallowed"] = ["/quan-tri/"]
    site.files["/css/style.css"] = HUYENUY_CSS


BUILDERS = {"nukeviet": build_nukeviet, "portal": build_portal, "huyenuy": build_huyenuy}


def load(path: Path = HERE / "content.toml") -> tuple[datetime, list[Site]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sites = {s["id"]: Site(s) for s in data["site"]}
    for raw in data["article"]:
        raw = dict(raw)
        raw["published"] = datetime.strptime(raw["published"], "%Y-%m-%d %H:%M")
        sites[raw["site"]].articles.append(Article(**raw))
    for site in sites.values():
        site.articles.sort(key=lambda a: a.published, reverse=True)
    return datetime.strptime(data["snapshot"], "%Y-%m-%d %H:%M"), list(sites.values())


def file_path(root: Path, url_path: str) -> Path:
    rel = url_path.lstrip("/")
    return root / (rel + "index.html" if rel.endswith("/") or not rel else rel)


def build(out: Path = OUT) -> dict:
    """Write every site under ``out`` (replacing it) and return the manifest."""
    snapshot, sites = load()
    if out.exists():
        shutil.rmtree(out)
    manifest = {"sites": [], "articles": []}
    for site in sites:
        BUILDERS[site.style](site, snapshot)
        for a in site.articles:
            if a.image:
                site.files[a.image] = photo(a.nid)
            if a.attachment:
                site.files[a.attachment] = pdf([site.name.encode("ascii", "ignore").decode() or "Ban Dan van",
                                                slugify(a.attachment_title).replace("-", " ").upper(),
                                                "Tai lieu minh hoa cua du an Kho Dan van (noi dung hu cau)."])
        root = out / site.id
        for url_path, content in site.files.items():
            target = file_path(root, url_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                target.write_text(content, encoding="utf-8", newline="\n")
            else:
                target.write_bytes(content)
        keys = ("id", "name", "province", "unit", "level", "district", "style", "port", "start_paths", "disallowed")
        manifest["sites"].append({**{k: site.data.get(k) for k in keys}, "non_articles": sorted(site.non_articles)})
        for a in site.articles:
            manifest["articles"].append({
                "site": site.id, "path": a.path, "title": a.title, "published": f"{a.published:%Y-%m-%d}",
                "published_time": f"{a.published:%H:%M}", "author": a.author, "lead": a.lead, "body": a.body,
                "image": a.image, "caption": a.caption, "attachment": a.attachment})
    return manifest


def manifest_text(manifest: dict) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    result = build()
    (HERE / "manifest.json").write_text(manifest_text(result), encoding="utf-8")
    print(f"built {len(result['sites'])} sites, {len(result['articles'])} articles into {OUT}")
