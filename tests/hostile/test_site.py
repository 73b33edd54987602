"""Hostile input to the served site: odd and bad queries and parameters on every route, malicious articles.

The archive is filled through Archive.import_article with what a careless import or an old archive could
hold (script in every field, javascript:/data: URLs, control characters, a 10 MB text, dates out of range),
plus a real `danvan import`. Every answer must be readable: never a 500 or a traceback; every refusal a
message in Vietnamese (the page's or the JSON "error"); HTML with no script but the site's own, no event
handler and no link but http(s) or the site's; Atom always well-formed XML.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest

from archive import Archive, Config, Snapshot, Source
from tests.webapp.vietnamese import assert_vietnamese, error_message

SEARCH_ROUTES = ["/", "/api/search", "/feed.atom", "/export.csv", "/export.jsonl"]
TREND_ROUTES = ["/trends", "/api/trends", "/trends.svg"]
QUERIES = ["AND", "OR", "NOT", "-", "--", "NOT NOT", "title:", "TITLE:", "text:", "(title:)", "dân title:", "foo:",
           "%00", "dân%00vận", "%ff", "%ed%a0%80", "%c0%af", "%0d%0aSet-Cookie:x", "a" * 5000, "dân " * 900,
           "(((", ")))", '"', '"""', "*", "**", "d*n", "?", "~", "^", ":", "\\", "NOT NOT dân", "-dân", "dân or vận",
           "%3Cscript%3Ealert(1)%3C/script%3E", "javascript:alert(1)", "😀", "%e2%80%ae", "[a TO b]", "dân^2"]
BAD_PARAMETERS = ["page=abc", "page=²", "page=٣", "page=0", "page=-1", "page=1e3", "page=" + "9" * 5000,
                  "per_page=-1", "per_page=abc", "per_page=²", "per_page=0", "facet_size=x", "facet_size=-1",
                  "facet_size=²", "year=20x0", "year=２０２０", "date_from=2020-13-45", "date_to=2020-02-30",
                  "date_from=abc", "date_from=٢٠٢٠", "date_to=0000", "sort=evil", "sort=%00", "sort=NEWEST",
                  "date_from=2021-02-29", "province=" + "&province=".join(["x"] * 60)]
ODD_BUT_FINE = ["province=%3Cscript%3E", "province=%00", "year=%00", "unit=%22%3E%3Cscript%3E", "unknown=1",
                "page=999999", "page=500&per_page=100", "q=&page=2", "facet_size=max", "status=removed&status=evil"]
SCRIPT = "<script>alert('x')</script>"
HUGE = ("Đoạn văn rất dài về công tác dân vận " + SCRIPT + ". ") * 50 + "\n\n"  # * 4000: about 10 MB


def record(n: int, **fields) -> dict:
    base = {"url": f"http://hostile.test/{n}.html", "title": f"Dân vận số {n}", "text": "Công tác dân vận ở cơ sở.",
            "published": f"202{n % 5}-0{n % 9 + 1}-1{n % 9}", "province": "Gia Lai", "unit": "Ban Dân vận Tỉnh ủy",
            "level": "tỉnh", "source": "Ban Dân vận Tỉnh ủy Gia Lai", "source_id": "hostile"}
    return {**base, **fields}


MALICIOUS = {
    "script": record(1, title=SCRIPT + " Dân vận <img src=x onerror=alert(1)>", author='"><svg onload=alert(2)>',
                     text="<p onclick=alert(3)>dân vận</p>\n\n</textarea><script>alert(4)</script>",
                     source="<b onmouseover=alert(5)>Nguồn</b>", province=SCRIPT, unit='Ban" onclick="alert(6)',
                     organisations=[SCRIPT], provinces_mentioned=["<i>x</i>"],
                     url='http://x.test/"><script>1</script>'),
    "javascript": record(2, url="javascript:alert(3)", attachments=[{"url": "javascript:alert(4)"},
                         {"url": "data:text/html,<script>alert(5)</script>"}, {"url": " JaVaScRiPt:alert(6)"}],
                         images=[{"src": "data:image/svg+xml,<svg onload=alert(7)>"}]),
    "data": record(3, url="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    "vbscript": record(4, url="vbscript:msgbox(1)", attachments=[{"url": "//evil.example/x.pdf"}]),
    "tab": record(5, url="java\tscript:alert(1)"),
    "controls": record(6, title="Tin\x00 có\x01 ký\x0b tự\x1f lạ\ufffe\u202e dân vận", text="a\x00b\x08c dân vận",
                       author="\x07", province="Gia\x00 Lai"),
    "ancient": record(8, published="0001-01-01", crawled_at="không phải ngày"),
    "future": record(9, published="9999-12-31", published_time="99:99"),
    "formula": record(10, title='=HYPERLINK("http://evil.example","dân vận")', author="+1", unit="@SUM(A1)"),
    "quote-id": record(11, id='q"\'<x>'),
}


def serve(config: Config):
    """(app, client) for an archive already filled and indexed."""
    from webapp import create_app

    app = create_app(config, TESTING=True)
    return app, app.test_client()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(client, {name: article id}) for an archive holding the malicious articles, indexed, served by the app."""
    from danvan.cli import main
    from index import SearchIndex

    home = tmp_path_factory.mktemp("hostile-site") / "home"
    config = Config.load(home)
    with Archive.open(config) as archive:
        archive.upsert_source(Source(id="hostile", name=SCRIPT, province="<b>Gia Lai</b>", unit="Ban", level="tỉnh",
                                     start_urls=("http://hostile.test/",)))
        crawl = archive.start_crawl("hostile")
        archive.finish_crawl(crawl, "failed", {"pages_fetched": 1}, last_error=SCRIPT + "\x00 HTTP 500")
        ids = {name: archive.import_article(data) for name, data in MALICIOUS.items()}
        ids.update(plain=archive.import_article(record(12)), edited=_edited(archive))
        with SearchIndex(config.index_dir) as index:
            index.rebuild(archive)
    lines = [json.dumps(record(13, title="Nhập\x00 từ tệp dân vận")), '{"url": "http://h.test/x", "title": "\\ud800"}']
    (home.parent / "import.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--home", str(home), "import", str(home.parent / "import.jsonl")]) == 0
    app, client = serve(config)
    yield client, ids
    app.extensions["danvan"]["index"].close()


@pytest.fixture(scope="module")
def huge(tmp_path_factory):
    """(client, article id, its text) for an archive holding one article of about 10 MB beside a short one."""
    from index import SearchIndex

    config = Config.load(tmp_path_factory.mktemp("hostile-huge") / "home")
    text = HUGE * 4000
    with Archive.open(config) as archive:
        article_id = archive.import_article(record(7, title="Bài rất dài dân vận", text=text))
        archive.import_article(record(15))
        with SearchIndex(config.index_dir) as index:
            index.rebuild(archive)
    app, client = serve(config)
    yield client, article_id, text
    app.extensions["danvan"]["index"].close()


def _edited(archive: Archive) -> str:
    """An article with two versions, the first from a snapshot whose URL carries a header injection."""
    snap = Snapshot(id=None, source_id="hostile", status=200, url="http://hostile.test/e\r\nSet-Cookie: a=1",
                    fetched_at="2025-01-01T00:00:00Z\r\nX: y", content_type="text/html")
    snap = archive.record_snapshot(snap, body=b"<script>alert('raw')</script>")
    v1 = {"title": SCRIPT, "text": "Bản một.", "fetched_at": "2025-01-01T00:00:00Z", "snapshot_id": snap.id}
    v2 = {"title": "Bản hai " + SCRIPT, "text": "Bản hai <b>đậm</b>.", "fetched_at": "2025-02-01T00:00:00Z"}
    return archive.import_article(record(14, id='e"\r\nX-Injected: 1', versions=[v1, v2]))


# -- what every answer must be --------------------------------------------------------------------

class PageCheck(HTMLParser):
    """Collects what would run or lead elsewhere: scripts, event handler attributes, links' schemes."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in ("", "http", "https") or value.strip().startswith("//"):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        src = dict(attrs).get("src") or ""
        ours = src == "/static/app.js" or (tag == "img" and src.startswith("/trends.svg"))  # our script, our chart
        if tag in ("script", "iframe", "object", "embed", "svg", "img") and not ours:
            self.problems.append(f"<{tag}>")


def check(response, path: str) -> None:
    """The rules every answer follows (see the module docstring)."""
    assert response.status_code < 500, (path, response.status_code)
    body = response.get_data()
    text = body.decode("utf-8")
    assert "Traceback" not in text, path
    kind = response.mimetype
    if kind == "application/json":
        data = json.loads(text)
        if response.status_code >= 400:
            assert_vietnamese(data["error"])
    elif kind == "text/html":
        page = PageCheck()
        page.feed(text)
        assert page.problems == [], (path, page.problems)
        if response.status_code >= 400:
            assert_vietnamese(error_message(text))
    elif kind == "application/atom+xml":
        feed = ET.fromstring(body)
        for link in feed.iter("{http://www.w3.org/2005/Atom}link"):
            assert urlsplit(link.get("href")).scheme in ("http", "https"), (path, link.get("href"))
    elif kind == "image/svg+xml":
        svg = ET.fromstring(body)  # well-formed, and nothing in it runs
        assert not [e for e in svg.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "foreignObject")], path
        assert not [a for e in svg.iter() for a in e.attrib if a.startswith("on")], path
    else:
        assert kind in ("text/csv", "application/x-ndjson", "text/plain"), (path, kind)


def get(client, path: str):
    response = client.get(path)
    check(response, path)
    return response


# -- queries and parameters ---------------------------------------------------------------------------

@pytest.mark.parametrize("q", QUERIES)
def test_odd_queries_get_results_or_a_vietnamese_refusal_on_every_search_route(site, q):
    client, _ = site
    statuses = {get(client, f"{route}?q={q}").status_code for route in SEARCH_ROUTES}
    assert len(statuses) == 1 and statuses <= {200, 400}, statuses  # every route agrees on the query


def test_odd_queries_and_bad_parameters_on_the_trend_routes_are_answered_or_refused_in_vietnamese(site):
    client, _ = site
    for q in QUERIES:
        statuses = {get(client, f"{route}?q={q}&interval=year").status_code for route in TREND_ROUTES}
        assert len(statuses) == 1 and statuses <= {200, 400}, (q, statuses)
    for parameter in ("interval=decade", "interval=", "compare=" + "x" * 400, "compare=a&compare=b&compare=c"
                      "&compare=d&compare=e", "year=20x0", "date_from=2020-13-45", "compare=title:"):
        for route in TREND_ROUTES:
            assert get(client, f"{route}?q=dân&{parameter}").status_code in (200, 400), (route, parameter)
        assert get(client, f"/api/trends?q=dân&{parameter}").status_code == (200 if parameter == "interval=" else 400)


@pytest.mark.parametrize("parameter", BAD_PARAMETERS)
def test_a_parameter_of_the_wrong_type_is_a_vietnamese_400_on_every_search_route(site, parameter):
    client, _ = site
    for route in SEARCH_ROUTES:
        assert get(client, f"{route}?q=dân&{parameter}").status_code == 400, (route, parameter)


@pytest.mark.parametrize("parameter", ODD_BUT_FINE)
def test_odd_but_harmless_parameters_are_answered(site, parameter):
    client, _ = site
    for route in SEARCH_ROUTES:
        assert get(client, f"{route}?{parameter}").status_code == 200, (route, parameter)


def test_a_page_far_past_the_end_points_back_to_the_last_page(site):
    client, _ = site
    data = get(client, "/api/search?q=dân&page=999999").get_json()
    assert data["results"] == [] and data["beyond_last"]["pages"] == data["pages"] >= 1
    assert "Về trang cuối" in get(client, "/?q=dân&page=999999").get_data(as_text=True)


def test_a_huge_query_string_is_refused_quickly(site):
    client, _ = site
    for route in ("/", "/api/search", "/wording", "/api/wording"):
        name = "text" if "wording" in route else "q"
        assert get(client, f"{route}?{name}={'dân%20' * 20_000}").status_code == 400


@pytest.mark.parametrize("text", ["%00", "%ff%fe", "%3Cscript%3E", "AND OR NOT", "title:", "😀" * 500, "a" * 2900,
                                  "%22" * 40, "dân vận " * 300])
def test_the_wording_page_takes_any_text(site, text):
    client, _ = site
    for route in ("/wording", "/api/wording"):
        assert get(client, f"{route}?text={text}").status_code in (200, 400)


@pytest.mark.parametrize("article_id", ["nope", "%00", "..%2F..%2Fetc", "a" * 5000, "%ff", "%3Cscript%3E", "x%0d%0ay"])
def test_unknown_or_odd_article_ids_are_a_vietnamese_404(site, article_id):
    client, _ = site
    for route in ("/articles/{}", "/api/articles/{}", "/articles/{}/diff", "/api/articles/{}/diff",
                  "/articles/{}/versions/1/raw"):
        assert get(client, route.format(article_id)).status_code == 404


@pytest.mark.parametrize("args", ["from=abc", "to=²", "from=0", "to=-1", "from=99", "from=1&to=1", "to=" + "9" * 5000])
def test_a_diff_of_versions_that_are_no_numbers_or_do_not_exist_is_refused_in_vietnamese(site, args):
    client, ids = site
    for route in ("/articles/{}/diff", "/api/articles/{}/diff"):
        assert get(client, route.format(quote(ids["edited"], safe="")) + "?" + args).status_code in (200, 400)


# -- malicious articles ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(MALICIOUS) + ["edited"])
def test_a_malicious_article_is_shown_as_text_on_its_pages(site, name):
    client, ids = site
    path = quote(ids[name], safe="")
    for route in ("/articles/{}", "/articles/{}?q=script dân", "/api/articles/{}", "/articles/{}/diff",
                  "/api/articles/{}/diff"):
        assert get(client, route.format(path)).status_code == 200, route
    data = get(client, f"/api/articles/{path}").get_json()
    assert data["links"]["source"] is None or data["links"]["source"].startswith("http")


def test_a_ten_megabyte_article_is_shown_searched_and_fed(huge):
    client, article_id, text = huge
    page = get(client, f"/articles/{article_id}?q=dân vận").get_data(as_text=True)
    assert len(page) > 10_000_000 and page.count("<mark>") > 100 and "&lt;script&gt;" in page
    assert get(client, f"/api/articles/{article_id}").get_json()["text"] == text
    assert article_id in {r["id"] for r in get(client, "/api/search?q=rất dài").get_json()["results"]}
    assert get(client, "/feed.atom?q=rất dài").get_data().count(b"<entry>") == 1


def test_search_pages_feeds_and_exports_with_every_malicious_article_stay_safe(site):
    client, ids = site
    for route in SEARCH_ROUTES + ["/?q=dân&sort=oldest", "/?q=dân&facet_size=max", "/sources", "/api/sources",
                                  "/wording?text=Công tác dân vận ở cơ sở", "/?q=-dân", "/?province=" + quote(SCRIPT)]:
        get(client, route)
    found = {r["id"] for r in get(client, "/api/search?q=dân&per_page=100").get_json()["results"]}
    assert {ids["script"], ids["controls"], ids["formula"]} <= found


def test_feeds_carry_no_link_but_http_and_no_character_xml_cannot_hold(site):
    client, ids = site
    feed = get(client, "/feed.atom?per_page=100").get_data()
    assert b"javascript:" not in feed and b"data:text" not in feed and b"vbscript:" not in feed
    assert b"\x00" not in feed and b"\x0b" not in feed
    titles = [e.text for e in ET.fromstring(feed).iter("{http://www.w3.org/2005/Atom}title")]
    assert any(SCRIPT in (t or "") for t in titles)  # the title as text, escaped in the XML


def test_exports_neutralise_spreadsheet_formulas_from_malicious_articles(site):
    client, ids = site
    rows = get(client, "/export.csv?q=hyperlink").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK(" in rows and "'@SUM(A1)" in rows
    lines = get(client, "/export.jsonl?q=script").get_data(as_text=True).splitlines()
    assert lines and all(json.loads(line)["article_url"].startswith("http://localhost/articles/") for line in lines)


def test_a_raw_snapshot_is_plain_text_and_its_headers_cannot_be_injected(site):
    client, ids = site
    response = get(client, f"/articles/{quote(ids['edited'], safe='')}/versions/1/raw")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert "Set-Cookie" not in response.headers and "X-Injected" not in response.headers and "X" not in response.headers
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_the_sources_page_shows_a_malicious_source_and_crawl_error_escaped(site):
    client, _ = site
    html = get(client, "/sources").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html and "thất bại" in html


def test_an_imported_file_with_a_bad_line_leaves_the_good_line_searchable(site):
    client, _ = site
    results = get(client, "/api/search?q=nhập từ tệp").get_json()["results"]
    assert [r["title"] for r in results] == ["Nhập từ tệp dân vận"]


@pytest.mark.parametrize("host", ["a" * 3000, "evil.example/<script>", "a" * 64 + ".vn", "[::1"])
def test_a_bad_host_header_is_a_vietnamese_400_on_any_route(site, host):
    client, ids = site
    for route in ("/", "/api/search", f"/articles/{ids['plain']}", "/feed.atom", "/sources"):
        response = client.get(route, headers={"Host": host})
        assert response.status_code == 400
        check(response, route)
