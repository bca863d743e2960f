"""Decode a fetched HTML page to text, never with ISO-8859-1 mojibake.

Some HTTP libraries decode a page served as ``text/html`` without a charset as ISO-8859-1:
Vietnamese UTF-8 then becomes ``CÃ´ng tÃ¡c``. Here the encoding is decided from evidence, in
this order (the rule is reported by :func:`detect_encoding` so the archive can record it):

1. ``bom``   - a byte-order mark (UTF-8, UTF-16): unambiguous, so it outranks the header, as in
   browsers (WHATWG "decode");
2. ``http``  - the ``charset`` of the Content-Type header;
3. ``meta``  - ``<meta charset>`` or ``<meta http-equiv=Content-Type content="...charset=">``
   in the first 2 KB;
4. ``utf-8`` - the bytes are valid UTF-8 (``utf-8-damaged``: valid but for a few broken
   bytes, which become U+FFFD);
5. ``cp1258``- the Windows Vietnamese code page, the only legacy Vietnamese codec Python has
   (TCVN3/VNI font encodings have none); its output is NFC-normalised.

A declared Latin-1 family charset (``iso-8859-1``, ``windows-1252``, ``us-ascii``) cannot
carry Vietnamese: when the bytes are valid UTF-8 with non-ASCII characters, UTF-8 is used
instead (rule ``utf-8-over-<rule>``). Unknown labels are ignored. Nothing here raises: a
declared encoding that does not fit every byte is decoded with ``errors="replace"``. The raw
bytes are the record; this text is derived from them.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

__all__ = ["DetectedEncoding", "decode_html", "detect_encoding", "detected_encoding"]

META_PRESCAN_BYTES = 2048

_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s,]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels whose declared encoding cannot hold Vietnamese text.
_LATIN1_FAMILY = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})


class DetectedEncoding(NamedTuple):
    """The Python codec used (``utf-8``, ``cp1258``...) and the rule that chose it."""

    name: str
    rule: str


def _codec(label: str | bytes | None) -> str | None:
    """Python codec name for a charset label, or None if unknown or unusable."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    # WHATWG: Latin-1 labels mean windows-1252; a meta UTF-16 label means UTF-8.
    if label in ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"):
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # only a BOM can establish UTF-16/32
    return name


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8", "strict")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(body: bytes) -> bool:
    """UTF-8 with a few broken bytes (a truncated or spliced page), not a legacy encoding."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return good > 4 * bad


def _prefer_utf8(name: str, rule: str, body: bytes) -> DetectedEncoding:
    if name in _LATIN1_FAMILY and not body.isascii() and _is_utf8(body):
        return DetectedEncoding("utf-8", f"utf-8-over-{rule}")
    return DetectedEncoding(name, rule)


def detect_encoding(body: bytes | None, content_type: str | None = None) -> DetectedEncoding:
    """The encoding to decode ``body`` with, and the rule that decided it (see module doc)."""
    body = bytes(body or b"")
    for bom, name in _BOMS:
        if body.startswith(bom):
            return DetectedEncoding(name, "bom")
    if content_type:
        m = _HTTP_CHARSET.search(str(content_type))
        name = _codec(m.group(1)) if m else None
        if name:
            return _prefer_utf8(name, "http", body)
    m = _META_CHARSET.search(body[:META_PRESCAN_BYTES])
    name = _codec(m.group(1)) if m else None
    if name:
        return _prefer_utf8(name, "meta", body)
    if _is_utf8(body):
        return DetectedEncoding("utf-8", "utf-8")
    if _mostly_utf8(body):
        return DetectedEncoding("utf-8", "utf-8-damaged")
    return DetectedEncoding("cp1258", "cp1258")


def detected_encoding(body: bytes | None, content_type: str | None = None) -> str:
    """Just the codec name of :func:`detect_encoding` (``"utf-8"``, ``"cp1258"``...)."""
    return detect_encoding(body, content_type).name


def decode_html(body: bytes | str | None, content_type: str | None = None) -> str:
    """The page as text. Never raises; never Latin-1 mojibake for UTF-8 bytes.

    >>> decode_html("Công tác dân vận".encode("utf-8"), "text/html")
    'Công tác dân vận'
    >>> decode_html("Công tác".encode("cp1258"))
    'Công tác'

    A ``str`` is returned unchanged. Text decoded from cp1258 is NFC-normalised (that code page
    writes tone marks as combining characters); other text is returned as decoded (NFC is the
    job of :func:`crawler.text.clean_text`).
    """
    if body is None:
        return ""
    if isinstance(body, str):
        return body
    if not isinstance(body, (bytes, bytearray, memoryview)):
        return str(body)
    try:
        body = bytes(body)
        name, _rule = detect_encoding(body, content_type)
        text = body.decode(name, "replace")
        if name == "cp1258":
            text = unicodedata.normalize("NFC", text)
        return text
    except Exception:  # noqa: BLE001 - the contract is "never raises"
        try:
            return bytes(body).decode("utf-8", "replace")
        except Exception:  # noqa: BLE001
            return ""
