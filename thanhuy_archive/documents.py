"""The text of the files articles attach (PDF, DOC, DOCX, XLS, XLSX), for search.

    from thanhuy_archive.documents import ExtractionPool, extract_text

    result = extract_text(data, url=url, content_type="application/pdf")   # a shared pool
    with ExtractionPool(workers=1, time_limit=30) as pool:                  # or your own
        result = pool.extract(data, url=url, content_type=content_type)
    result.text, result.pages, result.encoding, result.errors, result.flags

Nothing here raises on a bad file and nothing hangs: a file that is too large, broken, hostile
(zip bomb, a PDF whose content never ends), encrypted with a password, or not what its
Content-Type says comes back as a :class:`DocumentText` with ``errors`` and ``flags`` and
whatever text could be read. Extraction runs in child processes (:class:`ExtractionPool`)
that are reused from file to file; a child that passes the time limit is killed (a thread
cannot be interrupted in the middle of a library call), and each child's address space is
capped (``RLIMIT_AS``), so a decompression bomb ends in a MemoryError there, not here.

**Formats.** The bytes decide, not the Content-Type or the URL's extension (a declared type
that disagrees is flagged ``type_mismatch``):

* PDF with pypdf (chosen over pdfminer.six by measurement: ``benchmarks/documents.py``). A PDF
  encrypted with an empty user password (permissions only) is read and flagged ``encrypted``;
  one that needs a password is an error. Pages are separated by a form feed (``\\f``).
* DOCX with python-docx: body paragraphs (and those of tables and text boxes) in document
  order, one per line, tabs and line breaks kept. Headers, footers, footnotes and comments are
  not read.
* DOC (Word 97-2003) read here, through its piece table ([MS-DOC]; the compound file through
  xlrd's reader): the main text, one paragraph per line, field codes dropped and their results
  kept. Headers, footnotes and text boxes are not read; Word 6/95 files are not supported.
  Tested on files made by ``thanhuy_archive.mirror.documents.doc_document`` only: no file saved
  by Word was available to test with.
* XLSX with openpyxl (read-only, cached formula values), XLS with xlrd: each sheet is its name
  on the first line, then one line per non-empty row, cells separated by tabs; sheets are
  separated by a form feed. Numbers are written without a trailing ``.0``, dates in ISO form.
* Not supported, reported as the error ``format not supported: ...``: PPT/PPTX, RTF, ODF,
  HTML, images, archives (ZIP, RAR). Scanned PDFs (images only) have no text: flagged
  ``no_text`` (OCR is not done here).

**Legacy fonts.** The text is run through :func:`crawler.legacy_fonts.to_unicode` with the
names of the fonts the file uses (and, for PDF and DOCX, which characters are set in a TCVN3
capitals font such as ``.VnTimeH``): ``encoding`` is ``unicode``, ``tcvn3``, ``vni`` or
``undecodable`` (the text is kept as extracted).

**Flags** (machine-readable; ``errors`` has the one-line messages):
``too_large``, ``empty``, ``unsupported``, ``type_mismatch``, ``corrupt`` (the library could not
read the file), ``partial`` (some pages or sheets failed, the others are kept), ``encrypted``,
``password``, ``zip_bomb``, ``timeout``, ``memory``, ``crashed`` (the child process died),
``no_text``, ``undecodable`` (a font encoding no table reads: the text is kept as extracted),
``truncated_text`` (longer than ``max_chars``).
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import logging
import os
import pickle
import re
import select
import struct
import subprocess
import sys
import threading
import time
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from crawler.legacy_fonts import (
    TCVN3, UNDECODABLE, UNICODE, font_encoding, is_capitals_font, to_unicode)

__all__ = ["DocumentText", "Limits", "ExtractionPool", "extract_text", "sniff_format",
           "declared_format"]

# --------------------------------------------------------------------------------------------
# Results and limits
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentText:
    """What was read from one attached file."""

    text: str = ""  # NFC; pages (PDF) and sheets (XLS, XLSX) separated by "\f"
    pages: int | None = None  # a PDF's page count; None for other formats
    extractor: str | None = None  # library and version that read it ("pypdf 7.1.1"), if any
    encoding: str = UNICODE  # unicode, tcvn3, vni or undecodable
    errors: tuple[str, ...] = ()  # one-line messages
    flags: tuple[str, ...] = ()  # see the module's documentation
    format: str | None = None  # pdf, doc, docx, xls, xlsx: what the bytes are, when known

    @property
    def ok(self) -> bool:
        """Whether the file was read without an error (it may still have no text)."""
        return not self.errors


@dataclass(frozen=True)
class Limits:
    """Bounds on one extraction. ``max_bytes`` is the crawl's media cap; None for bytes a crawl
    has already archived (``reparse``: they passed that crawl's cap, whatever it was)."""

    time_limit: float = 30.0  # seconds of extraction, after which the child is killed
    max_bytes: int | None = 50 * 2**20
    memory_limit: int = 2**30  # address space of a child process (RLIMIT_AS)
    max_unpacked_bytes: int = 256 * 2**20  # total uncompressed size of a DOCX/XLSX's parts
    max_chars: int = 5_000_000  # text kept per file


def _failure(flag: str, message: str, **fields) -> DocumentText:
    return DocumentText(errors=(message,), flags=(flag,), **fields)


# --------------------------------------------------------------------------------------------
# What the bytes are
# --------------------------------------------------------------------------------------------

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Leading bytes -> what a file is. Families in SUPPORTED_FAMILIES are opened in a child.
_MAGIC = (
    (b"%PDF-", "pdf"), (b"PK\x03\x04", "zip"), (OLE2_MAGIC, "ole2"), (b"{\\rtf", "RTF"),
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"Rar!", "RAR archive"), (b"7z\xbc\xaf", "7-Zip archive"), (b"\x1f\x8b", "gzip data"),
)
SUPPORTED_FAMILIES = ("pdf", "zip", "ole2")
PDF_HEADER_WITHIN = 1024  # bytes of junk before %PDF- that readers accept
_MARKUP = re.compile(rb"^\s*<")  # an HTML error page, mostly; XML never is an attachment

# Declared types: Content-Type and URL extension -> format.
_CONTENT_TYPES = {
    "application/pdf": "pdf", "application/x-pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/html": "html",
}
_EXTENSIONS = {".pdf": "pdf", ".doc": "doc", ".docx": "docx", ".xls": "xls", ".xlsx": "xlsx"}


def sniff_format(data: bytes) -> str:
    """The family of a file from its leading bytes: ``pdf``, ``zip`` (DOCX, XLSX, other zips),
    ``ole2`` (XLS, DOC, other OLE2 files), or a description of something else.

    >>> sniff_format(b"%PDF-1.4 ..."), sniff_format(b"<!DOCTYPE html><p>404"), sniff_format(b"")
    ('pdf', 'HTML', 'empty')
    """
    if not data:
        return "empty"
    for magic, family in _MAGIC:
        if data.startswith(magic):
            return family
    if b"%PDF-" in data[:PDF_HEADER_WITHIN]:
        return "pdf"
    if _MARKUP.match(data[:512]):
        return "HTML"
    return "unknown bytes"


def declared_format(url: str | None, content_type: str | None) -> str | None:
    """The format a response claims: by its Content-Type, else its URL's extension."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in _CONTENT_TYPES:
        return _CONTENT_TYPES[mime]
    return _EXTENSIONS.get(Path(urlsplit(url or "").path).suffix.lower())


def _mismatch(declared: str | None, actual: str) -> str | None:
    """The message for a declared format that the bytes are not, or None."""
    if declared is None or declared == actual:
        return None
    return f"declared {declared.upper()}, but the bytes are {actual.upper()}"


# --------------------------------------------------------------------------------------------
# Reading each format (in the child process)
# --------------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """A file that cannot be read; ``flag`` says why, ``format`` what it is, when known."""

    def __init__(self, flag: str, message: str, format: str | None = None):
        super().__init__(message)
        self.flag, self.format = flag, format


@dataclass
class _Raw:
    """Text as a library gave it, before legacy fonts and whitespace are dealt with."""

    format: str
    extractor: str
    parts: list[str] = field(default_factory=list)  # pages or sheets
    pages: int | None = None
    font_names: set[str] = field(default_factory=set)
    capitals: bytearray | None = None  # 1 per character of "\f".join(parts) in a capitals font
    errors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _reason(error: BaseException) -> str:
    """A library's exception as a one-line reason. A MemoryError is no reason about the file
    but the child's memory limit: it is raised again, for :func:`serve` to report."""
    if isinstance(error, MemoryError):
        raise error
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:300]


def _read_pdf(data: bytes, limits: Limits) -> _Raw:
    import pypdf

    raw = _Raw("pdf", f"pypdf {pypdf.__version__}")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raw.flags.append("encrypted")
            if not reader.decrypt(""):
                raise _Unreadable("password", "encrypted PDF: it needs a password to open", "pdf")
        pages = reader.pages
        raw.pages = len(pages)
    except _Unreadable:
        raise
    except Exception as error:  # every library error is a reason, not a crash
        raise _Unreadable("corrupt", f"unreadable PDF: {_reason(error)}", "pdf") from None
    capitals = bytearray()
    for number in range(raw.pages):
        chunks: list[tuple[str, bool]] = []

        def visit(text, cm, tm, font, size, chunks=chunks):
            name = str(font.get("/BaseFont", "")) if font else ""
            if name:
                raw.font_names.add(name.lstrip("/"))
            chunks.append((text, is_capitals_font(name)))

        try:
            pages[number].extract_text(visitor_text=visit)
        except Exception as error:
            raw.errors.append(f"page {number + 1}: {_reason(error)}")
            chunks = []
        if raw.parts:
            capitals.append(0)  # the "\f" between pages
        raw.parts.append("".join(text for text, _ in chunks))
        for text, capital in chunks:
            capitals.extend(bytes([capital]) * len(text))
    raw.capitals = capitals
    return raw


def _check_unpacked_size(archive: zipfile.ZipFile, limits: Limits, fmt: str) -> None:
    """A zip whose parts would unpack to more than ``max_unpacked_bytes`` is not opened. The
    sizes are the ones the zip declares. A part that declares less than it holds is inflated
    by zipfile all the same, then fails its size and CRC checks: the child's memory and time
    limits are what bound that one."""
    total = sum(info.file_size for info in archive.infolist())
    if total > limits.max_unpacked_bytes:
        raise _Unreadable("zip_bomb", f"zip bomb: its parts would unpack to {total:,} bytes "
                                      f"(limit {limits.max_unpacked_bytes:,})", fmt)


def _read_zip(data: bytes, limits: Limits) -> _Raw:
    """A DOCX or an XLSX, by the parts the zip holds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except Exception as error:
        raise _Unreadable("corrupt", f"unreadable zip: {_reason(error)}") from None
    if "word/document.xml" in names:
        fmt, read = "docx", _read_docx
    elif "xl/workbook.xml" in names:
        fmt, read = "xlsx", _read_xlsx
    else:
        kind = ("a PowerPoint file" if "ppt/presentation.xml" in names
                else "an OpenDocument file" if "mimetype" in names else "a zip archive")
        raise _Unreadable("unsupported", f"format not supported: {kind}")
    _check_unpacked_size(archive, limits, fmt)
    try:
        return read(data, archive)
    except _Unreadable:
        raise
    except Exception as error:
        raise _Unreadable("corrupt", f"unreadable {fmt.upper()}: {_reason(error)}", fmt) from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Elements that are text, and what they give (None: their own text).
_DOCX_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n",
              f"{_W}noBreakHyphen": "-"}


def _docx_style_fonts(document) -> tuple[dict[str, str], str]:
    """Style id -> the font its text gets (following ``basedOn``), and the font of a paragraph
    without a style (the default paragraph style's, else the document default)."""
    defaults = document.styles.element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
    default = (defaults.get(f"{_W}ascii") or "") if defaults is not None else ""
    fonts = {}
    for style in document.styles:
        s = style
        while s is not None and not getattr(getattr(s, "font", None), "name", None):
            s = getattr(s, "base_style", None)
        fonts[style.style_id] = s.font.name if s is not None else default
    normal = document.styles.element.find(f"{_W}style[@{_W}default='1'][@{_W}type='paragraph']")
    return fonts, fonts.get(normal.get(f"{_W}styleId"), default) if normal is not None else default


def _read_docx(data: bytes, archive: zipfile.ZipFile) -> _Raw:
    import docx
    from lxml import etree

    raw = _Raw("docx", f"python-docx {docx.__version__}")
    document = docx.Document(io.BytesIO(data))
    style_fonts, paragraph_default = _docx_style_fonts(document)
    raw.font_names.update(style_fonts.values())
    text: list[str] = []
    capitals = bytearray()
    paragraph_font = [paragraph_default]
    run_font = paragraph_default
    for event, element in etree.iterwalk(document.element.body, events=("start", "end")):
        tag = element.tag
        if event == "start" and tag == _MC_FALLBACK:
            element.clear()  # the same content as its mc:Choice, for older readers
        elif tag == f"{_W}p":
            if event == "start":
                style = element.find(f"{_W}pPr/{_W}pStyle")
                paragraph_font.append(paragraph_default if style is None
                                      else style_fonts.get(style.get(f"{_W}val"), paragraph_default))
            else:
                paragraph_font.pop()
                text.append("\n")
                capitals.append(0)
        elif event == "start" and tag == f"{_W}r":
            run_font = _docx_run_font(element, style_fonts, paragraph_font[-1])
            raw.font_names.add(run_font)
        elif event == "start" and tag in _DOCX_TEXT:
            piece = _DOCX_TEXT[tag] or element.text or ""
            text.append(piece)
            capitals.extend(bytes([is_capitals_font(run_font)]) * len(piece))
    raw.parts = ["".join(text)]
    raw.capitals = capitals
    raw.font_names.discard("")
    return raw


def _docx_run_font(run, style_fonts: dict[str, str], paragraph_font: str) -> str:
    fonts = run.find(f"{_W}rPr/{_W}rFonts")
    if fonts is not None and (fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")):
        return fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")
    style = run.find(f"{_W}rPr/{_W}rStyle")
    if style is not None and style.get(f"{_W}val") in style_fonts:
        return style_fonts[style.get(f"{_W}val")]
    return paragraph_font


def _cell_text(value) -> str:
    """A cell's value as text: numbers without a trailing .0, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _sheet_text(name: str, rows) -> str:
    lines = [name]
    for row in rows:
        cells = [_cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append("\t".join(cells))
    return "\n".join(lines)


def _read_xlsx(data: bytes, archive: zipfile.ZipFile) -> _Raw:
    import openpyxl

    raw = _Raw("xlsx", f"openpyxl {openpyxl.__version__}")
    raw.font_names.update(_xlsx_font_names(archive))
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            try:
                raw.parts.append(_sheet_text(sheet.title, sheet.iter_rows(values_only=True)))
            except Exception as error:
                raw.errors.append(f"sheet {sheet.title!r}: {_reason(error)}")
    finally:
        workbook.close()
    return raw


def _xlsx_font_names(archive: zipfile.ZipFile) -> set[str]:
    from lxml import etree

    try:
        styles = etree.fromstring(archive.read("xl/styles.xml"))
    except Exception as error:
        _reason(error)
        return set()  # no stylesheet, or a broken one: openpyxl will say
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    return {name.get("val", "") for name in styles.iter(f"{main}name")} - {""}


def _read_ole2(data: bytes, limits: Limits) -> _Raw:
    """An XLS workbook or a DOC document; other OLE2 files are reported as not supported."""
    from xlrd.compdoc import CompDoc

    try:
        compound = CompDoc(data, logfile=_QUIET)
        streams = {entry.name for entry in compound.dirlist}
    except Exception as error:
        raise _Unreadable("corrupt", f"unreadable OLE2 file: {_reason(error)}") from None
    if "WordDocument" in streams:
        try:
            return _read_doc(compound)
        except _Unreadable:
            raise
        except Exception as error:
            raise _Unreadable("corrupt", f"unreadable DOC: {_reason(error)}", "doc") from None
    if "EncryptedPackage" in streams:
        raise _Unreadable("password", "encrypted Office document: it needs a password")
    if not streams & {"Workbook", "Book"}:
        raise _Unreadable("unsupported", "format not supported: an OLE2 file that is neither "
                                         "a Word nor an Excel file")
    try:
        return _read_xls(data)
    except Exception as error:
        raise _Unreadable("corrupt", f"unreadable XLS: {_reason(error)}", "xls") from None


def _read_xls(data: bytes) -> _Raw:
    import xlrd

    raw = _Raw("xls", f"xlrd {xlrd.__VERSION__}")
    book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                              logfile=_QUIET)
    raw.font_names.update(font.name for font in book.font_list)
    for index in range(book.nsheets):
        try:
            sheet = book.sheet_by_index(index)
            rows = ([_xls_value(book, sheet.cell(r, c)) for c in range(sheet.row_len(r))]
                    for r in range(sheet.nrows))
            raw.parts.append(_sheet_text(sheet.name, rows))
            book.unload_sheet(index)
        except Exception as error:
            raw.errors.append(f"sheet {index + 1}: {_reason(error)}")
    book.release_resources()
    return raw


# [MS-DOC]: offsets in the FIB, at the start of the WordDocument stream.
_FIB_FLAGS, _FIB_CCP_TEXT, _FIB_FC_STTBF_FFN, _FIB_FC_CLX = 0x0A, 0x4C, 0x112, 0x1A2
_FIB_ENCRYPTED, _FIB_1TABLE = 0x0100, 0x0200
_WORD97_NFIB = 0x00C0  # Word 6 and 95 files (nFib 101-105) have another structure
_COMPRESSED = 0x40000000
# Word's marks in the text -> what the text gets (fields are handled apart).
_DOC_MARKS = str.maketrans({"\r": "\n", "\x07": "\n", "\x0b": "\n", "\x0c": "\n",
                            "\x0e": "\n", "\x1e": "-", "\x1f": None, "\x01": None,
                            "\x02": None, "\x05": None, "\x08": None})
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"


def _read_doc(compound) -> _Raw:
    """A Word 97-2003 document's main text, through its piece table ([MS-DOC] 2.4.1): the
    FIB gives the text's length and where the piece table (Clx) is in the table stream; each
    piece is a run of characters stored one cp1252 byte each or in UTF-16. Fast-saved
    ("complex") files are read the same way. Field codes are dropped and their results kept.
    Headers, footnotes and text boxes are not read."""
    import xlrd

    word = compound.get_named_stream("WordDocument")
    if len(word) < _FIB_FC_CLX + 8 or word[:2] != b"\xec\xa5":
        raise _Unreadable("corrupt", "unreadable DOC: no Word 97 FIB", "doc")
    n_fib, = struct.unpack_from("<H", word, 2)
    flags, = struct.unpack_from("<H", word, _FIB_FLAGS)
    if n_fib < _WORD97_NFIB:
        raise _Unreadable("unsupported", "format not supported: a Word 6/95 document", "doc")
    if flags & _FIB_ENCRYPTED:
        raise _Unreadable("password", "encrypted DOC: it needs a password to open", "doc")
    table = compound.get_named_stream("1Table" if flags & _FIB_1TABLE else "0Table")
    if table is None:
        raise _Unreadable("corrupt", "unreadable DOC: its table stream is missing", "doc")
    ccp_text, = struct.unpack_from("<I", word, _FIB_CCP_TEXT)
    fc_clx, lcb_clx = struct.unpack_from("<II", word, _FIB_FC_CLX)
    raw = _Raw("doc", f"Word 97 piece table (xlrd {xlrd.__VERSION__} compound file)")
    raw.font_names.update(_doc_font_names(table, *struct.unpack_from("<II", word, _FIB_FC_STTBF_FFN)))
    text = "".join(_doc_pieces(word, table[fc_clx:fc_clx + lcb_clx]))[:ccp_text]
    raw.parts = [_without_field_codes(text).translate(_DOC_MARKS)]
    return raw


def _doc_pieces(word: bytes, clx: bytes):
    """The text of each piece of the piece table in ``clx``, in order."""
    pos = 0
    while pos + 3 <= len(clx) and clx[pos] == 0x01:  # Prc: formatting the pieces refer to
        pos += 3 + max(0, struct.unpack_from("<h", clx, pos + 1)[0])  # never backwards
    if pos >= len(clx) or clx[pos] != 0x02:
        raise _Unreadable("corrupt", "unreadable DOC: no piece table", "doc")
    size, = struct.unpack_from("<I", clx, pos + 1)
    plc = clx[pos + 5:pos + 5 + size]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc)
    for i in range(count):
        fc, = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)
        length = max(0, cps[i + 1] - cps[i])
        if fc & _COMPRESSED:
            start = (fc & ~_COMPRESSED) // 2
            yield word[start:start + length].decode("cp1252", errors="replace")
        else:
            yield word[fc:fc + 2 * length].decode("utf-16-le", errors="replace")


def _without_field_codes(text: str) -> str:
    """Text without the code of its fields (between U+0013 and U+0014), with their results
    (up to U+0015). Fields nest."""
    if _FIELD_BEGIN not in text:
        return text
    out, fields = [], []  # for each open field: whether its result has begun
    for ch in text:
        if ch == _FIELD_BEGIN:
            fields.append(False)
        elif ch == _FIELD_SEPARATOR and fields:
            fields[-1] = True
        elif ch == _FIELD_END and fields:
            fields.pop()
        elif all(fields):
            out.append(ch)
    return "".join(out)


def _doc_font_names(table: bytes, fc: int, lcb: int) -> set[str]:
    """The names in a DOC's font table (SttbfFfn: a count, then FFNs whose name starts at
    byte 39, NUL-terminated UTF-16)."""
    data = table[fc:fc + lcb]
    names = set()
    if len(data) < 4:
        return names
    count, pos = struct.unpack_from("<H", data)[0], 4
    for _ in range(count):
        if pos >= len(data):
            break
        size = data[pos]
        ffn = data[pos + 1:pos + 1 + size]
        names.add(ffn[39:].decode("utf-16-le", errors="replace").split("\0")[0])
        pos += 1 + size
    return names - {""}


class _Quiet(io.StringIO):
    """xlrd's log file: it writes its warnings about odd records there."""

    def write(self, text):
        return len(text)


_QUIET = _Quiet()


def _xls_value(book, cell):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):  # a date before 1900 or past 9999: the number
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BLANK):
        return None
    return cell.value


_READERS = {"pdf": _read_pdf, "zip": _read_zip, "ole2": _read_ole2}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.M)
_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(part: str) -> str:
    """A page or sheet without control characters, trailing spaces or runs of blank lines."""
    part = _TRAILING_SPACE.sub("", _CONTROL.sub("", part.replace("\r\n", "\n").replace("\r", "\n")))
    return _BLANK_LINES.sub("\n\n", part).strip("\n")


def _finish(raw: _Raw, limits: Limits, declared: str | None) -> DocumentText:
    joined = "\f".join(raw.parts)
    # Which characters are capitals is known from the fonts only when they are TCVN3 fonts by
    # name; otherwise (renamed fonts, a Unicode file) the text's own rules decide.
    fonts_known = any(font_encoding(name) == TCVN3 for name in raw.font_names)
    capitals = raw.capitals if fonts_known and raw.capitals is not None \
        and len(raw.capitals) == len(joined) else None
    decoded = to_unicode(joined, font_names=raw.font_names, capitals=capitals)
    text = "\f".join(_tidy(part) for part in decoded.text.split("\f"))
    flags, errors = list(raw.flags), list(raw.errors)
    if raw.errors:
        flags.append("partial")
    mismatch = _mismatch(declared, raw.format)
    if mismatch:
        flags.append("type_mismatch")
        errors.append(mismatch)
    if len(text) > limits.max_chars:
        text = text[:limits.max_chars]
        flags.append("truncated_text")
    if decoded.encoding == UNDECODABLE:
        flags.append("undecodable")
    if not any(ch.isalnum() for ch in text):
        flags.append("no_text")
    return DocumentText(text=text, pages=raw.pages, extractor=raw.extractor,
                        encoding=decoded.encoding, errors=tuple(errors), flags=tuple(flags),
                        format=raw.format)


def _read(data: bytes, family: str, declared: str | None, limits: Limits) -> DocumentText:
    """Read a file of a supported family (in the child process)."""
    try:
        raw = _READERS[family](data, limits)
    except _Unreadable as error:
        flags, errors = [error.flag], [str(error)]
        mismatch = error.format and _mismatch(declared, error.format)
        if mismatch:
            flags.append("type_mismatch")
            errors.append(mismatch)
        return DocumentText(errors=tuple(errors), flags=tuple(flags), format=error.format)
    return _finish(raw, limits, declared)


# --------------------------------------------------------------------------------------------
# The child process
# --------------------------------------------------------------------------------------------

_LENGTH = struct.Struct(">Q")


def _send(stream, obj) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(payload)) + payload)
    stream.flush()


def _receive(stream):
    """The next message, or None at the end of the stream."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    return pickle.loads(stream.read(_LENGTH.unpack(header)[0]))


def serve() -> None:
    """The child's main loop: limits, then jobs ``(data, family, declared)`` until the end of
    its input, each answered with a :class:`DocumentText`. Started by :class:`ExtractionPool`."""
    import resource
    import signal

    # Ctrl-C in a terminal reaches the whole process group: the crawl decides, not its children.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a library's print cannot break the protocol
    jobs = sys.stdin.buffer
    limits: Limits = _receive(jobs)
    logging.disable(logging.CRITICAL)  # pypdf and openpyxl log every oddity they repair
    warnings.simplefilter("ignore")
    import docx, openpyxl, pypdf, xlrd  # noqa: E401,F401 - loaded before the clock starts
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_limit, limits.memory_limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _send(answers, "ready")
    while (job := _receive(jobs)) is not None:
        try:
            result = _read(*job, limits)
        except MemoryError:
            result = _failure("memory", f"memory limit: reading it needed more than "
                                        f"{limits.memory_limit // 2**20} MB")
        except RecursionError:
            result = _failure("corrupt", "unreadable: nested too deeply (a loop in the file?)")
        except Exception as error:  # a library bug on a hostile file: reported, not fatal
            result = _failure("corrupt", f"unreadable: {_reason(error)}")
        _send(answers, result)
        if "memory" in result.flags:
            return  # its heap may be in pieces: the pool starts a new one


_WORKER_MAIN = "from thanhuy_archive.documents import serve; serve()"
STARTUP_TIMEOUT = 60.0  # seconds for a child to start and load its libraries


class _WorkerFailed(Exception):
    def __init__(self, flag: str, message: str):
        super().__init__(message)
        self.flag = flag


class _StaleWorker(_WorkerFailed):
    """A child that had died while idle: the job never reached it."""


class _Worker:
    """One child process and its two pipes."""

    def __init__(self, limits: Limits):
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH")) if p))
        self.process = subprocess.Popen([sys.executable, "-c", _WORKER_MAIN], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env)
        self.jobs = 0
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            self._write(pickle.dumps(limits), deadline)
            if self._read(deadline) != "ready":
                raise _WorkerFailed("crashed", "")
        except _WorkerFailed:
            self.kill()
            raise _WorkerFailed("crashed", "the extractor process did not start") from None

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def _write(self, payload: bytes, deadline: float) -> None:
        fd = self.process.stdin.fileno()
        os.set_blocking(fd, False)
        for data in (memoryview(_LENGTH.pack(len(payload))), memoryview(payload)):  # no copy
            while data:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([], [fd], [], remaining)[1]:
                    raise _WorkerFailed("timeout", "timed out sending the file to the extractor")
                try:
                    data = data[os.write(fd, data[:1 << 20]):]
                except (BrokenPipeError, ConnectionResetError):
                    raise _WorkerFailed("crashed", "the extractor process died") from None

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        fd = self.process.stdout.fileno()
        chunks, got = [], 0
        while got < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise _WorkerFailed("timeout", "")
            chunk = os.read(fd, min(size - got, 1 << 20))
            if not chunk:
                self.process.wait()
                raise _WorkerFailed("crashed", _death(self.process.returncode))
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _read(self, deadline: float):
        size = _LENGTH.unpack(self._read_exactly(_LENGTH.size, deadline))[0]
        return pickle.loads(self._read_exactly(size, deadline))

    def run(self, job: tuple, time_limit: float) -> DocumentText:
        """The child's answer to ``job``; _WorkerFailed when it takes longer than
        ``time_limit`` or dies (_StaleWorker when it was dead before it got the job)."""
        self.jobs += 1
        deadline = time.monotonic() + time_limit
        try:
            self._write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL), deadline)
        except _WorkerFailed as failure:
            if failure.flag == "crashed":
                raise _StaleWorker(failure.flag, str(failure)) from None
            raise
        return self._read(deadline)

    def stop(self, grace: float = 2.0) -> None:
        """End the child: close its input (it exits at the end of it), then kill it."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process.stdout.close()

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


def _death(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        return f"the extractor process died (signal {-returncode})"
    return f"the extractor process exited (status {returncode})"


# --------------------------------------------------------------------------------------------
# The pool
# --------------------------------------------------------------------------------------------


class ExtractionPool:
    """Child processes that read attached files, reused from file to file, at most
    ``workers`` at a time. Thread-safe: call :meth:`extract` from any thread. A child is
    started when first needed, killed when it passes the time limit (and replaced by the next
    call), retired after ``max_jobs`` files, and all are ended by :meth:`close` (or leaving a
    ``with`` block; a child also exits by itself when this process ends).

    Keyword arguments are :class:`Limits` fields (``time_limit=5``), or ``limits=Limits(...)``.
    """

    def __init__(self, workers: int = 1, *, limits: Limits | None = None, max_jobs: int = 200,
                 **limit_fields):
        self.limits = replace(limits or Limits(), **limit_fields)
        self.max_jobs = max_jobs
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._running: set[_Worker] = set()
        self._closed = False

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        """The process ids of the pool's live children."""
        with self._lock:
            return [w.pid for w in self._idle + list(self._running)]

    def extract(self, data: bytes, *, url: str | None = None,
                content_type: str | None = None) -> DocumentText:
        """The text of one file (see the module's documentation). Never raises for the file's
        sake; RuntimeError after :meth:`close`."""
        family = sniff_format(data)
        declared = declared_format(url, content_type)
        if self.limits.max_bytes is not None and len(data) > self.limits.max_bytes:
            return _failure("too_large", f"too large: {len(data):,} bytes "
                                         f"(limit {self.limits.max_bytes:,})")
        if family == "empty":
            return _failure("empty", "empty file")
        if family not in SUPPORTED_FAMILIES:
            flags, errors = ["unsupported"], [f"format not supported: {family}"]
            if declared and declared != family.lower():
                flags.append("type_mismatch")
                errors.append(f"declared {declared.upper()}, but the bytes are {family}")
            return DocumentText(errors=tuple(errors), flags=tuple(flags))
        return self._in_child((data, family, declared))

    def _in_child(self, job: tuple) -> DocumentText:
        with self._slots:
            for attempt in range(2):
                try:
                    worker = self._checkout()
                except _WorkerFailed as failure:
                    return _failure(failure.flag, str(failure))
                try:
                    result = worker.run(job, self.limits.time_limit)
                except _StaleWorker:
                    self._discard(worker)
                    continue  # killed while idle (by the system?): one fresh child
                except _WorkerFailed as failure:
                    self._discard(worker)
                    if failure.flag == "timeout":
                        return _failure("timeout", f"timeout: reading took more than "
                                                   f"{self.limits.time_limit:g} s; stopped")
                    return _failure(failure.flag, str(failure))
                self._checkin(worker, retire="memory" in result.flags)
                return result
            return _failure("crashed", "the extractor process died before reading the file")

    def _checkout(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise RuntimeError("the extraction pool is closed")
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    self._running.add(worker)
                    return worker
                worker.kill()
        worker = _Worker(self.limits)  # outside the lock: starting takes a moment
        with self._lock:
            self._running.add(worker)
            if not self._closed:
                return worker
        self._discard(worker)
        raise RuntimeError("the extraction pool is closed")

    def _checkin(self, worker: _Worker, retire: bool) -> None:
        with self._lock:
            self._running.discard(worker)
            keep = not (self._closed or retire or worker.jobs >= self.max_jobs)
            if keep:
                self._idle.append(worker)
        if not keep:
            worker.stop()

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._running.discard(worker)
        worker.kill()

    def close(self) -> None:
        """End every child (those still reading a file are killed) and refuse new work."""
        with self._lock:
            self._closed = True
            idle, running = self._idle, list(self._running)
            self._idle = []
        for worker in idle:
            worker.stop()
        for worker in running:
            worker.kill()


_shared_pool: ExtractionPool | None = None
_shared_lock = threading.Lock()


def _shared() -> ExtractionPool:
    global _shared_pool
    with _shared_lock:
        if _shared_pool is None:
            _shared_pool = ExtractionPool()
            atexit.register(_shared_pool.close)
        return _shared_pool


def extract_text(data: bytes, *, url: str | None = None, content_type: str | None = None,
                 pool: ExtractionPool | None = None) -> DocumentText:
    """The text of one attached file, read in ``pool`` (by default a shared pool of one child
    with the default :class:`Limits`, closed when the program exits)."""
    return (pool or _shared()).extract(data, url=url, content_type=content_type)
