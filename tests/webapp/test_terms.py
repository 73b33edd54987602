"""The telling-words page: a ranked list with counts and links that add the term; its JSON twin /api/terms."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from archive import Archive, Config
from tests.webapp.conftest import client_of

GENERIC = ["Hội nghị sơ kết công tác dân vận", "Hội Nông dân tập huấn trồng cà phê", "Thăm hỏi gia đình chính sách",
           "Đoàn thanh niên làm sạch môi trường", "Cựu chiến binh phát triển kinh tế"]


@pytest.fixture
def client(tmp_path):
    """Twenty everyday articles and eight on digital transformation that mention a digital signature."""
    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        for n in range(28):
            text = f"{GENERIC[n % 5]}. {GENERIC[(n + 2) % 5]}."
            if n >= 20:
                text += f" Chuyển đổi số ở cơ sở. Người dân dùng <b>chữ ký số</b> lần {n}."
            archive.import_article({"url": f"http://a.vn/{n}.html", "title": f"Tin {n}", "text": text,
                                    "published": "2024-01-02", "province": "Gia Lai", "unit": "Ban Dân vận Tỉnh ủy",
                                    "level": "tỉnh", "source": "BDV", "source_id": "bdv"})
    with client_of(config) as c:
        yield c


def test_the_api_lists_terms_with_the_number_of_matching_articles_having_each(client):
    data = client.get("/api/terms", query_string={"q": "chuyển đổi số", "limit": "5"}).get_json()
    assert set(data["terms"][0]) >= {"term", "docs", "score"}
    by_term = {t["term"]: t for t in data["terms"]}
    assert by_term["chữ ký số"]["docs"] == 8 and by_term["chữ ký số"]["score"] > 10
    assert len(data["terms"]) <= 5 and (data["matching"], data["estimated"]) == (8, False)


def test_each_term_links_to_the_search_with_the_term_added(client):
    data = client.get("/api/terms?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91&province=Gia+Lai").get_json()
    link = next(t["search_url"] for t in data["terms"] if t["term"] == "chữ ký số")
    args = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == "/" and args["q"] == ['chuyển đổi số "chữ ký số"'] and args["province"] == ["Gia Lai"]
    page = client.get("/terms?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91").get_data(as_text=True)
    assert "chữ ký số" in page and "<b>" not in page and "Điểm G²" in page


def test_a_bad_limit_or_query_is_a_clear_400(client):
    response = client.get("/api/terms?q=x&limit=abc")
    assert response.status_code == 400 and "Số từ ngữ" in response.get_json()["error"]
    assert client.get("/api/terms?q=%22").status_code in (200, 400)
    assert client.get("/api/terms?q=" + "a" * 5000).status_code == 400


def test_the_search_and_trends_pages_link_to_the_terms(client):
    assert 'href="/terms?q=s%E1%BB%91"' in client.get("/?q=s%E1%BB%91").get_data(as_text=True)
    assert "/terms?q=" in client.get("/trends?q=s%E1%BB%91").get_data(as_text=True)
