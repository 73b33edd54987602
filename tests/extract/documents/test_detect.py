"""The type comes from the bytes: magic numbers, zip members, OLE2 stream names."""
from __future__ import annotations

from extract.documents import detect
from extract.documents.detect import ole_stream_names


def test_every_sample_is_detected(text_pdf_data, docx_data, xlsx_data, converted):
    files = {"pdf": text_pdf_data, "docx": docx_data, "xlsx": xlsx_data, **converted}
    for kind, data in files.items():
        assert detect(data) == (kind, None), kind


def test_ole_directory(converted):
    assert "WordDocument" in ole_stream_names(converted["doc"])
    assert "Workbook" in ole_stream_names(converted["xls"])


def test_other_zips_and_opendocument_kinds():
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    reason = "unsupported file type: OpenDocument (application/vnd.oasis.opendocument.spreadsheet)"
    assert detect(buf.getvalue()) == (None, reason)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("scan1.pdf", b"%PDF-1.4")
    assert detect(buf.getvalue()) == (None, "unsupported file type: a zip archive")


def test_rtf_with_leading_whitespace():
    assert detect(b"\r\n {\\rtf1\\ansi hello}") == ("rtf", None)
