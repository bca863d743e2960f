"""crawler.encoding: HTML bytes to text, never Latin-1 mojibake for UTF-8 pages."""

import unicodedata
from pathlib import Path

import pytest

from crawler.encoding import decode_html, detect_encoding

VI = "Công tác dân vận của Đảng – người dân"
PAGE = f"<html><head><title>{VI}</title></head><body><p>{VI}</p></body></html>"
VN_NEWS = Path(__file__).parent / "fixtures" / "vn-news"


def cp1258(text):
    """Encode as Windows-1258 does: tone marks as combining characters after the letter."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def test_utf8_served_without_charset_is_utf8():
    assert decode_html(PAGE.encode("utf-8"), "text/html") == PAGE


def test_utf8_served_as_latin1_is_still_utf8():
    assert decode_html(PAGE.encode("utf-8"), "text/html; charset=ISO-8859-1") == PAGE


def test_the_http_charset_is_used():
    assert detect_encoding(b"<p>abc</p>", "text/html; charset=windows-1258") == ("cp1258", "http")


def test_the_http_charset_beats_the_meta_charset():
    body = cp1258(f'<meta charset="utf-8"><p>{VI}</p>')
    assert decode_html(body, 'text/html; charset="windows-1258"') == f'<meta charset="utf-8"><p>{VI}</p>'


def test_a_meta_http_equiv_charset_is_used():
    html = f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258"><p>{VI}</p>'
    assert decode_html(cp1258(html)) == html


def test_a_utf8_byte_order_mark_is_used_and_removed():
    assert decode_html(b"\xef\xbb\xbf" + PAGE.encode("utf-8")) == PAGE


def test_a_utf16_byte_order_mark_is_used():
    assert decode_html(("\ufeff" + PAGE).encode("utf-16-le")) == PAGE


def test_undeclared_non_utf8_bytes_are_windows_1258_composed():
    assert decode_html(cp1258(PAGE)) == PAGE


def test_an_unknown_charset_label_is_ignored():
    assert decode_html(PAGE.encode("utf-8"), "text/html; charset=tcvn3") == PAGE


def test_a_few_broken_bytes_do_not_turn_a_utf8_page_into_windows_1258():
    assert decode_html(PAGE.encode("utf-8") + b"\xff").startswith(PAGE)


@pytest.mark.parametrize("body", [None, b"", b"\xff\xfe\x00", b"\x00" * 10, bytearray(b"\x81\x8d")])
def test_decoding_never_raises(body):
    assert isinstance(decode_html(body, "text/html; charset=nonsense"), str)


@pytest.mark.parametrize("path", sorted(VN_NEWS.glob("*.html")), ids=lambda p: p.name)
def test_real_vietnamese_pages_without_a_charset_decode_as_utf8(path):
    body = path.read_bytes()
    assert decode_html(body) == body.decode("utf-8")
