"""Document pages: text by page (escaped), header fields, the linking articles, the file as a download; the
JSON twin in the contract's shape; documents in search results and in "find this wording"."""
from __future__ import annotations

import pytest

from archive import Archive, Config, Snapshot
from archive.sources import Source
from extract.reading import ReadingSettings, read_documents
from tests.extract.documents import samples
from tests.webapp.conftest import client_of

SOURCE = Source("ln", "Ban Dân vận Huyện ủy Lộc Ninh", "Bình Phước", "Ban Dân vận Huyện ủy", "huyện", ("http://ln.vn/",),
                district="Lộc Ninh")
HOSTILE = "<script>alert(1)</script> Phối hợp giữa công tác dân vận với lực lượng vũ trang trên địa bàn huyện."


def stored_file(archive: Archive, url: str, data: bytes, ctype: str) -> Snapshot:
    return archive.record_snapshot(Snapshot(id=None, source_id="ln", url=url, status=200, content_type=ctype,
                                            fetched_at="2024-03-06T08:00:00Z", headers={"Content-Type": ctype}),
                                   body=data)


@pytest.fixture
def site(tmp_path):
    """(client, article id, plan document id, Word document id): one article linking two files."""
    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        archive.upsert_source(SOURCE)
        article_id, _ = archive.save_article(SOURCE, "http://ln.vn/tin/1.html", {
            "title": "Ban hành kế hoạch tuyên truyền", "text": "Ban Dân vận Huyện ủy ban hành kế hoạch. " * 3,
            "published": "2024-03-06"}, None)
        plan = stored_file(archive, "http://ln.vn/files/kh.pdf", samples.text_pdf(), "application/pdf")
        word = stored_file(archive, "http://ln.vn/files/ct.docx", samples.docx_bytes([HOSTILE, HOSTILE]),
                           "application/msword")
        plan_id, _ = archive.record_document(plan.url, "ln", plan, article_id, "Kế hoạch số 86")
        word_id, _ = archive.record_document(word.url, "ln", word, article_id, None)
        read_documents(archive, ReadingSettings(workers=1, ocr=False))
    with client_of(config) as client:
        yield client, article_id, plan_id, word_id


def test_the_json_twin_has_the_contract_fields_and_the_header(site):
    client, article_id, plan_id, _ = site
    data = client.get(f"/api/documents/{plan_id}").get_json()
    assert set(data) >= {"id", "url", "title", "type", "pages", "text", "ocr", "number", "doc_type", "issuer",
                         "issued", "summary", "articles", "fetched_at"}
    assert data["type"] == "pdf" and data["pages"] == 1 and data["ocr"] is False and data["articles"] == [article_id]
    assert data["number"] and data["doc_type"] and data["issued"] and data["title"].startswith(data["doc_type"])


def test_the_page_shows_the_text_escaped_by_page_and_links_back_to_the_article(site):
    client, article_id, _, word_id = site
    page = client.get(f"/documents/{word_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'id="trang-1"' in page and f'href="/articles/{article_id}"' in page
    assert client.get("/documents/vb0000000000000x").status_code == 404
    assert client.get("/api/documents/not-a-document").get_json()["error"]


def test_the_file_is_a_download_never_rendered(site):
    client, _, plan_id, _ = site
    response = client.get(f"/documents/{plan_id}/file")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.mimetype == "application/octet-stream" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;") and "sandbox" in \
        response.headers["Content-Security-Policy"]


def test_the_article_lists_its_documents_and_search_finds_them_by_kind_with_the_page(site):
    client, article_id, plan_id, word_id = site
    documents = client.get(f"/api/articles/{article_id}").get_json()["documents"]
    assert {d["id"] for d in documents} == {plan_id, word_id} and all(set(d) >= {"id", "url", "title", "type"}
                                                                       for d in documents)
    found = client.get("/api/search?q=l%E1%BB%B1c+l%C6%B0%E1%BB%A3ng+v%C5%A9+tr%E1%BA%A1ng&kind=v%C4%83n+b%E1%BA%A3n"
                       ).get_json()
    assert [r["id"] for r in found["results"]] == [word_id] and found["results"][0]["snippet"].startswith("Trang 1:")
    page = client.get("/?q=l%E1%BB%B1c+l%C6%B0%E1%BB%A3ng+v%C5%A9+tr%E1%BA%A1ng&kind=v%C4%83n+b%E1%BA%A3n").get_data(as_text=True)
    assert f'href="/documents/{word_id}?q=' in page and "Văn bản" in page


def test_a_search_naming_no_kind_finds_articles_and_its_kind_facet_offers_the_documents(site):
    client, article_id, _, word_id = site
    data = client.get("/api/search?q=l%E1%BB%B1c+l%C6%B0%E1%BB%A3ng+v%C5%A9+tr%E1%BA%A1ng").get_json()
    assert word_id not in {r["id"] for r in data["results"]}
    documents = next(f for f in data["facets"]["kind"] if f["value"] == "văn bản")
    assert documents["count"] == 1 and not documents["selected"] and "kind=" in documents["toggle_url"]
    assert [r["id"] for r in client.get(documents["toggle_url"].replace("/?", "/api/search?", 1)).get_json()["results"]] \
        == [word_id]


def test_find_this_wording_finds_a_document_and_names_its_page(site):
    client, _, _, word_id = site
    data = client.get("/api/wording", query_string={"text": HOSTILE}).get_json()
    first = data["results"][0]
    assert first["id"] == word_id and first["kind"] == "văn bản" and first["page"] == 1
