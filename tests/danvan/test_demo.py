"""The bundled demo: its sites, their server, and ``danvan demo`` end to end (crawl, index, web UI)."""
from __future__ import annotations

import importlib.util
import os
import queue
import subprocess
import sys
import threading
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from archive import Archive, Config, load_sources
from danvan import demo

REPO = Path(__file__).resolve().parents[2]
BOILERPLATE = ["Thống kê truy cập", "Đang truy cập", "Tổng số điểm của bài viết", "Click để đánh giá bài viết",
               "Nguồn tin", "Những tin mới hơn", "Những tin cũ hơn", "Bấm vào đây để duy trì trạng thái đăng nhập",
               "Gửi cho bạn bè", "Xem nhiều nhất", "Tin liên quan", "Các tin khác", "In bài viết", "Chia sẻ",
               "Liên kết website", "Trang minh họa của dự án Kho Dân vận", "Lượt truy cập"]


@pytest.fixture(scope="module")
def manifest() -> dict:
    return demo.load_manifest()


def _site(manifest: dict, site_id: str) -> dict:
    return next(s for s in manifest["sites"] if s["id"] == site_id)


def _http() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # loopback only, never through a proxy
    return session


# -- the demo sites -----------------------------------------------------------------------------

def test_committed_demo_sites_are_exactly_what_the_generator_builds(tmp_path):
    spec = importlib.util.spec_from_file_location("demo_site_build", demo.DEMO_DIR / "build.py")
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build  # its dataclasses look their module up
    try:
        spec.loader.exec_module(build)
        result = build.build(tmp_path / "sites")
    finally:
        del sys.modules[spec.name]
    built = {p.relative_to(tmp_path / "sites"): p.read_bytes() for p in (tmp_path / "sites").rglob("*") if p.is_file()}
    committed = {p.relative_to(demo.SITES_DIR): p.read_bytes() for p in demo.SITES_DIR.rglob("*") if p.is_file()}
    assert sorted(map(str, built)) == sorted(map(str, committed)), "run python danvan/demo_site/build.py"
    assert [str(p) for p in built if built[p] != committed[p]] == [], "run python danvan/demo_site/build.py"
    assert build.manifest_text(result) == demo.MANIFEST.read_text(encoding="utf-8")


def test_demo_covers_at_least_twelve_articles_three_provinces_three_years_and_two_styles(manifest):
    articles = manifest["articles"]
    assert len(articles) >= 12
    assert len({_site(manifest, a["site"])["province"] for a in articles}) >= 3
    assert len({a["published"][:4] for a in articles}) >= 3
    assert all(a["published"] < "2025-07-01" for a in articles)  # provinces as before the 2025 merger
    assert {"nukeviet"} < {s["style"] for s in manifest["sites"]}
    for a in articles:
        assert 3 <= len(a["body"]) + 1 <= 6, a["path"]
        assert (demo.SITES_DIR / a["site"] / a["path"].lstrip("/")).is_file()


def test_nukeviet_demo_pages_carry_nukeviet_markup_and_boilerplate(manifest):
    article = next(a for a in manifest["articles"] if _site(manifest, a["site"])["style"] == "nukeviet")
    page = (demo.SITES_DIR / article["site"] / article["path"].lstrip("/")).read_text(encoding="utf-8")
    for marker in ['class="news_column panel panel-default"', 'itemprop="headline"', 'id="news-bodyhtml"',
                   'class="hometext', "<strong>Nguồn tin: </strong>", 'id="form3B"', "Thống kê truy cập",
                   'id="timeoutsess"', 'class="current-time"', 'class="nv-block-banners"', "Liên kết"]:
        assert marker in page, marker
    assert "Những tin mới hơn" in page or "Những tin cũ hơn" in page


def test_every_demo_site_has_pagination_about_contact_and_a_robots_disallow(manifest):
    for site in manifest["sites"]:
        root = demo.SITES_DIR / site["id"]
        paths = site["non_articles"]
        assert any("page-2" in p or "trang-2" in p for p in paths), site["id"]
        assert any("gioi-thieu" in p for p in paths) and any("lien-he" in p for p in paths), site["id"]
        robots = (root / "robots.txt").read_text(encoding="utf-8")
        assert all(f"Disallow: {p}" in robots for p in site["disallowed"]) and site["disallowed"]


def test_demo_sites_link_only_root_relative_within_the_site():
    for page in demo.SITES_DIR.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for attr in ("href", "src"):
            for value in text.split(f'{attr}="')[1:]:
                target = value.split('"', 1)[0]
                assert not target.startswith("http://127.0.0.1"), (page, target)


# -- the demo site server ------------------------------------------------------------------------

@pytest.fixture
def served_site(manifest):
    site = demo.start_site(_site(manifest, "demo-bdvtu-qnam"), [0])
    yield site
    site.stop()


def test_demo_server_serves_index_pages_feed_files_and_404s(served_site):
    http, base = _http(), served_site.base
    page = http.get(base + "/tin-tuc/page-2/?utm=x")
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Trang 2" in page.text
    assert http.get(base + "/rss/").headers["Content-Type"].startswith("application/rss+xml")
    pdf = http.get(base + "/uploads/van-ban/2021_12/chuong-trinh-phoi-hop-bdvtu-bchqs.pdf")
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    moved = http.get(base + "/tin-tuc", allow_redirects=False)
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/tin-tuc/")
    assert http.get(base + "/uploads/").status_code == 404  # no directory listings
    assert http.get(base + "/khong-co-trang-nay.html").status_code == 404


def test_a_second_demo_crawls_the_server_already_serving_the_same_site(served_site, manifest):
    port = urlsplit(served_site.base).port
    again = demo.start_site(_site(manifest, "demo-bdvtu-qnam"), [port])
    assert again.server is None and again.base == served_site.base


def test_a_port_taken_by_something_else_falls_back_to_a_free_port(manifest, caplog, tmp_path):
    other = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=other.serve_forever, daemon=True).start()
    busy = other.server_address[1]
    site = demo.start_site(_site(manifest, "demo-huyenuy-trande"), [busy])
    try:
        assert site.server is not None and urlsplit(site.base).port != busy
        assert "new URLs" in caplog.text
        assert _http().get(site.base + "/robots.txt").text.startswith("User-agent: *")
    finally:
        site.stop()
        other.shutdown()
        other.server_close()


def test_demo_sources_file_is_a_valid_contract_sources_file(tmp_path, manifest):
    config = Config.load(tmp_path / "home")
    sites = [demo.DemoSite(info, f"http://127.0.0.1:{info['port']}") for info in manifest["sites"]]
    sources = load_sources(demo.write_sources(config, sites))
    assert [s.id for s in sources] == [s["id"] for s in manifest["sites"]]
    district = next(s for s in sources if s.level == "huyện")
    assert district.district and all(s.delay_s == 0 for s in sources)
    assert demo.recorded_ports(config.home / demo.SOURCES_FILE) == {s["id"]: s["port"] for s in manifest["sites"]}


def test_demo_with_a_home_that_cannot_be_created_fails_with_a_one_line_reason(tmp_path, capsys):
    from danvan.cli import main

    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    assert main(["demo", "--no-serve", "--home", str(tmp_path / "a-file" / "home")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("danvan demo: cannot write to the home folder") and err.count("\n") == 1


# -- danvan demo, end to end ---------------------------------------------------------------------

def _danvan(*args: str) -> list[str]:
    return [sys.executable, "-m", "danvan", *args]


def _env() -> dict:
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    env.pop("DANVAN_HOME", None)
    return env


def _articles(home: Path) -> dict:
    with Archive.open(Config.load(home)) as archive:
        return {a.id: (a, len(archive.versions(a.id))) for a in archive.iter_articles()}


def _fetched_paths(home: Path, manifest: dict) -> dict[str, set[str]]:
    with Archive.open(Config.load(home)) as archive:
        return {s["id"]: {urlsplit(p["url"]).path for p in archive.pages(s["id"])} for s in manifest["sites"]}


def _wait_for_address(proc: subprocess.Popen, lines: list[str]) -> str | None:
    """Read the demo's output until it prints the web UI's address (None if it exits first)."""
    found: queue.Queue = queue.Queue()

    def reader():
        for line in proc.stdout:
            lines.append(line)
            if "serving Kho Dân vận at " in line:
                found.put(line.split(" at ", 1)[1].split()[0])
        found.put(None)

    threading.Thread(target=reader, daemon=True).start()
    try:
        return found.get(timeout=120)  # a guard against hanging, not a speed assertion
    except queue.Empty:
        return None


def test_danvan_demo_builds_the_archive_and_serves_search_over_it(tmp_path, manifest):
    home = tmp_path / "home"
    first = subprocess.run(_danvan("demo", "--no-serve", "--home", str(home)), cwd=REPO, env=_env(),
                           capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("\n") == 1 and "17 articles from 3 provinces" in first.stdout

    stored = _articles(home)
    expected = {(a["site"], a["path"]): a for a in manifest["articles"]}
    found = {(a.source_id, urlsplit(a.url).path): a for a, _ in stored.values()}
    assert set(found) == set(expected)  # every article, and no listing or other page stored as one
    assert len({a.province for a in found.values()}) >= 3 and len({a.published[:4] for a in found.values()}) >= 3
    for key, truth in expected.items():
        article = found[key]
        assert (article.title, article.published, article.author) == (truth["title"], truth["published"], truth["author"])
        assert article.status == "live"
        for paragraph in [truth["lead"], *truth["body"]]:
            assert paragraph in article.text, (key, paragraph)
        assert [b for b in BOILERPLATE if b in article.text] == [], key
        assert not (truth["caption"] and truth["caption"] in article.text), key
    site = _site(manifest, "demo-huyenuy-trande")
    assert {a.district for (sid, _), a in found.items() if sid == site["id"]} == {site["district"]}
    for site_id, paths in _fetched_paths(home, manifest).items():
        assert not [p for p in paths if p.startswith(tuple(_site(manifest, site_id)["disallowed"]))]

    # a re-run on the same home re-crawls the same URLs: same ids, no new versions; then it serves the UI
    proc = subprocess.Popen(_danvan("demo", "--port", "0", "--home", str(home)), cwd=REPO, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: list[str] = []
    try:
        address = _wait_for_address(proc, lines)
        assert address, f"no address printed: {lines} {proc.stderr.read() if proc.poll() is not None else ''}"
        assert "0 new, 0 edited, 0 removed" in lines[0]
        http = _http()
        result = http.get(address + "api/search", params={"q": "dan van"}).json()
        assert result["total"] >= 12 and result["results"]
        facets = {name: {f["value"]: f["count"] for f in values} for name, values in result["facets"].items()}
        assert {"Quảng Nam", "Hà Giang", "Sóc Trăng"} <= set(facets["province"])
        assert len(facets["year"]) >= 3 and set(facets["level"]) == {"tỉnh", "huyện"}
        tea = http.get(address + "api/search", params={"q": "che shan tuyet", "province": "Hà Giang"}).json()
        assert [r["title"] for r in tea["results"]] == [
            "Mô hình “Dân vận khéo” giúp đồng bào Dao ở Hoàng Su Phì làm giàu từ chè Shan tuyết"]
        record = http.get(address + f"api/articles/{tea['results'][0]['id']}").json()
        assert record["province"] == "Hà Giang" and record["source"] == "Ban Dân vận Tỉnh ủy Hà Giang"
        assert http.get(address, params={"q": "dân vận khéo"}).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stderr.close()
    again = _articles(home)
    assert set(again) == set(stored)
    assert Counter(versions for _, versions in again.values()) == Counter({1: len(stored)})
