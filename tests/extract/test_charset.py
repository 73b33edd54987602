"""decode_html: header, then meta, then detection; lying declarations fall back to what the bytes are."""
from __future__ import annotations

import unicodedata

from extract import decode_html

TEXT = "Ban Dân vận Tỉnh ủy Bình Phước: “Dân vận khéo” ở cơ sở, Đắk Nông, Hòa Bình"


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes: precomposed vowel shapes (â ơ ư ...), tone marks as combining characters."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def page(charset_meta: str = "", text: str = TEXT) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>Tin</title></head><body><p>{text}</p></body></html>"


def test_utf8_with_a_matching_header():
    assert TEXT in decode_html(page().encode("utf-8"), "text/html; charset=utf-8")


def test_header_claims_latin1_but_the_bytes_are_utf8():
    body = page().encode("utf-8")
    for declared in ("text/html; charset=ISO-8859-1", "text/html; charset=windows-1252"):
        assert TEXT in decode_html(body, declared)


def test_meta_claims_windows_1252_but_the_bytes_are_utf8():
    assert TEXT in decode_html(page("windows-1252").encode("utf-8"))


def test_real_windows_1258_with_its_meta_tag_comes_out_nfc():
    body = cp1258(page("windows-1258"))
    text = decode_html(body)
    assert TEXT in text
    assert unicodedata.is_normalized("NFC", text)


def test_the_header_beats_the_meta_tag():
    body = cp1258(page("utf-8"))  # the meta tag lies, the server is right
    assert TEXT in decode_html(body, "text/html; charset=windows-1258")


def test_no_declaration_detects_utf16_and_utf8():
    assert TEXT in decode_html(page().encode("utf-16"))
    assert TEXT in decode_html(page().encode("utf-8"))


def test_utf8_bom_is_dropped():
    assert decode_html(b"\xef\xbb\xbf" + page().encode("utf-8")).startswith("<html>")


def test_nfd_bytes_come_out_nfc():
    text = decode_html(unicodedata.normalize("NFD", page()).encode("utf-8"))
    assert TEXT in text


def test_unknown_charset_names_are_ignored():
    assert TEXT in decode_html(page("x-no-such-charset").encode("utf-8"), "text/html; charset=bogus")


def test_stray_windows_1252_bytes_in_a_utf8_page_keep_the_rest():
    body = page().encode("utf-8").replace(b"</p>", b" \x93quoted\x94 caf\xe9</p>")
    text = decode_html(body, "text/html; charset=utf-8")
    assert TEXT in text and "“quoted” café" in text


def test_empty_body_is_an_empty_string():
    assert decode_html(b"") == ""
