"""The trends page: chart (SVG, no script), table, CSV, breakdowns with filtering links; its JSON twin."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from archive import Archive, Config
from tests.webapp.conftest import client_of

ARTICLES = [("2021-01-05", "chuyển đổi số ở xã", "Gia Lai"), ("2021-02-20", "dân vận khéo", "Gia Lai"),
            ("2021-03-02", "chuyển đổi số và dân vận khéo", "Kon Tum"), ("2021-03-09", "hội nghị", "Kon Tum"),
            ("2022-05-01", "chuyển đổi số", "Gia Lai"), ("2022-06-01", "<script>alert(1)</script> khéo", "Gia Lai")]


@pytest.fixture
def client(tmp_path):
    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        for n, (published, words, province) in enumerate(ARTICLES):
            archive.import_article({"url": f"http://a.vn/{n}.html", "title": f"Tin {n}", "text": f"Bài về {words}.",
                                    "published": published, "province": province, "unit": "Ban Dân vận Tỉnh ủy",
                                    "level": "tỉnh", "source": "BDV", "source_id": "bdv"})
    with client_of(config) as c:
        yield c


def test_the_api_answers_the_contract_shape_with_comparisons(client):
    data = client.get("/api/trends", query_string=[("q", '"chuyển đổi số"'), ("compare", "khéo"),
                                                   ("interval", "quarter")]).get_json()
    assert data["interval"] == "quarter" and [s["q"] for s in data["series"]] == ['"chuyển đổi số"', "khéo"]
    point = data["series"][0]["points"][0]
    assert set(point) == {"period", "count", "total", "share"} and point["period"] == "2021-Q1"
    assert (point["count"], point["total"], point["share"]) == (2, 4, 0.5)
    assert [p["period"] for p in data["series"][1]["points"]] == ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4",
                                                                 "2022-Q1", "2022-Q2"]


def test_the_csv_has_one_row_per_query_and_period(client):
    body = client.get("/api/trends?q=kh%C3%A9o&interval=year&format=csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["q", "interval", "period", "count", "total", "share"]
    assert rows[1:] == [["khéo", "year", "2021", "2", "4", "0.5"], ["khéo", "year", "2022", "1", "2", "0.5"]]


def test_the_chart_is_svg_with_labels_and_no_script(client):
    response = client.get("/trends.svg?q=kh%C3%A9o&compare=%3Cscript%3Ex%3C%2Fscript%3E&interval=month")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    root = ET.fromstring(svg)  # well-formed
    assert root.tag.endswith("svg") and "<script" not in svg and "&lt;script&gt;" in svg
    assert "stroke-dasharray" in svg and "2021-01" in svg  # told apart without colour; periods labelled
    assert " style=" not in svg  # the CSP allows no style attribute


def test_the_page_has_the_chart_the_table_and_breakdowns_that_filter_the_search(client):
    html = client.get("/trends?q=kh%C3%A9o&interval=year").get_data(as_text=True)
    assert "<script>alert" not in html and 'src="/trends.svg?' in html
    assert "<table class=\"trend-table\"" in html and "2 / 4 (50.0%)" in html
    data = client.get("/api/trends?q=kh%C3%A9o&interval=year").get_json()
    provinces = next(b for b in data["breakdowns"] if b["name"] == "province")["rows"]
    gia_lai = next(r for r in provinces if r["value"] == "Gia Lai")
    assert (gia_lai["count"], gia_lai["total"], gia_lai["share"]) == (2, 4, 0.5)
    assert client.get(gia_lai["search_url"].replace("/?", "/api/search?")).get_json()["total"] == 2


def test_bad_trend_parameters_are_vietnamese_400s(client):
    for query in ("interval=decade", "compare=a&compare=b&compare=c&compare=d&compare=e", "q=title:"):
        response = client.get(f"/api/trends?{query}")
        assert response.status_code == 400 and response.get_json()["error"]


def test_the_search_page_shows_the_yearly_chart(client):
    html = client.get("/?q=kh%C3%A9o").get_data(as_text=True)
    assert 'src="/trends.svg?q=kh%C3%A9o&amp;interval=year"' in html and 'href="/trends?q=kh%C3%A9o"' in html
