"""Every supported format, as real files made in the test, gives its text, its pages and its header."""
from __future__ import annotations

import pickle
import unicodedata

import pytest

from extract.documents import read_document
from tests.extract.documents import samples
from tests.extract.documents.conftest import need_doc_tool
from tests.extract.documents.scoring import char_accuracy

PHRASES = ["Tuyên truyền sâu rộng trong cán bộ, đảng viên", "đồng bào dân tộc thiểu số", "Hồ Chí Minh"]


def assert_plan(doc, kind: str) -> None:
    assert doc.error is None, doc.error
    assert doc.kind == kind
    text = doc.text
    assert unicodedata.is_normalized("NFC", text)
    for phrase in PHRASES:
        assert phrase in text
    meta = doc.metadata
    assert meta is not None
    assert (meta.number, meta.doc_type, meta.issuer, meta.issued, meta.summary) == tuple(samples.EXPECTED_META.values())
    assert pickle.loads(pickle.dumps(doc)) == doc  # results cross process-pool boundaries


def test_text_pdf(text_pdf_data):
    doc = read_document(text_pdf_data, url="https://bdv.example.vn/files/ke-hoach.pdf", content_type="application/pdf")
    assert_plan(doc, "pdf")
    assert doc.page_count == 1 and not doc.ocr and doc.notes == [] and doc.ocr_pending == []
    # the wrapped lines of a paragraph are one paragraph again; headings and list items stay lines
    para = next(p for p in doc.text.split("\n") if p.startswith("1. Tuyên truyền"))
    assert para.endswith("khối đại đoàn kết toàn dân tộc.")
    assert "\nII. NỘI DUNG TUYÊN TRUYỀN\n" in doc.text


def test_docx(docx_data):
    assert_plan(read_document(docx_data), "docx")


def test_doc(converted):
    need_doc_tool()
    assert_plan(read_document(converted["doc"]), "doc")


def test_odt(converted):
    assert_plan(read_document(converted["odt"]), "odt")


def test_rtf(converted):
    assert_plan(read_document(converted["rtf"]), "rtf")


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_spreadsheets(kind, xlsx_data, request):
    data = xlsx_data if kind == "xlsx" else request.getfixturevalue("converted")["xls"]
    doc = read_document(data)
    assert doc.error is None and doc.kind == kind
    assert doc.page_count == 2 and len(doc.pages) == 2  # a sheet is a page
    first = doc.pages[0].text.split("\n")
    assert first[0] == "Tổng hợp mô hình"
    assert "1 | Xã Lộc Thạnh | 12 | Biên giới" in first
    assert "3 | Xã Lộc Hòa | 5.5 | Đồng bào dân tộc thiểu số" in first
    assert doc.pages[1].text == "Ghi chú: số liệu đến ngày 30/6/2021"  # default sheet name left out


def test_scanned_pdf_is_ocrd(scan, scan_read):
    _, lines = scan
    doc = scan_read
    assert doc.error is None and doc.kind == "pdf" and doc.ocr and doc.pages[0].ocr
    assert doc.ocr_pending == [] and doc.notes == []
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.metadata is not None and doc.metadata.number == "86-KH/HU"
    assert doc.metadata.issuer == samples.EXPECTED_META["issuer"]
    assert doc.metadata.issued == "2021-03-05" and doc.metadata.doc_type == "Kế hoạch"
    accuracy = char_accuracy(" ".join(lines[len(samples.HEADER_LEFT) * 2:]), doc.text.split("15/10", 1)[1])
    assert accuracy > 0.9, accuracy


def test_extension_that_lies_is_ignored(docx_data):
    doc = read_document(docx_data, url="https://bdv.example.vn/files/ke-hoach.pdf", content_type="application/pdf")
    assert_plan(doc, "docx")


def test_pdf_with_junk_before_its_header(text_pdf_data):
    doc = read_document(b"\r\n<!-- served by a CMS -->\r\n" + text_pdf_data)
    assert doc.kind == "pdf" and doc.error is None and "Hồ Chí Minh" in doc.text



def test_docx_text_boxes_page_breaks_and_tracked_deletions():
    """Word puts a header's motto in a text box (twice: the drawing and its VML fallback), deletes with
    tracked changes, breaks pages: the box is read once, deletions are not read, the break makes a page."""
    import io

    import docx
    from docx.oxml import parse_xml
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    box = '<w:txbxContent><w:p><w:r><w:t>ĐẢNG CỘNG SẢN VIỆT NAM</w:t></w:r></w:p></w:txbxContent>'
    document = docx.Document()
    document.add_paragraph("HUYỆN ỦY LỘC NINH")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {ns}><w:r><w:t>BAN DÂN VẬN</w:t></w:r><w:r><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing>'
        f'</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>'
        f'</mc:Fallback></mc:AlternateContent></w:r></w:p>'))
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {ns}><w:r><w:t xml:space="preserve">Số 86-KH/HU </w:t></w:r>'
        f'<w:del w:id="1" w:author="x"><w:r><w:delText>bản nháp</w:delText></w:r></w:del>'
        f'<w:r><w:br w:type="page"/><w:t>Trang hai: nội dung kế hoạch.</w:t></w:r></w:p>'))
    buf = io.BytesIO()
    document.save(buf)
    doc = read_document(buf.getvalue())
    assert doc.error is None and doc.page_count == 2
    assert doc.pages[0].text == "HUYỆN ỦY LỘC NINH\nBAN DÂN VẬN\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 86-KH/HU"
    assert doc.pages[1].text == "Trang hai: nội dung kế hoạch."
    assert doc.metadata.issuer == "HUYỆN ỦY LỘC NINH - BAN DÂN VẬN" and doc.metadata.number == "86-KH/HU"
