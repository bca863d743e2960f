"""Attached files as the portal serves them (PDF, DOC, DOCX, XLS, XLSX), made here:
deterministic, no external tools, with the text as data so that what an extractor must return
is known exactly.

The portal attaches party documents, decisions and reports under
``/Uploads/File/<DDMMYYYY><HEX8>/<name>.pdf`` on its media host. Old ones were typed in the
legacy Vietnamese fonts (``.VnTime``: TCVN3; ``VNI-Times``: VNI) and converted as they were,
so their bytes are legacy codes in a font that declares a Western encoding; newer ones are
Unicode. Every writer takes ``encoding="unicode" | "tcvn3" | "vni"`` and returns bytes::

    from thanhuy_archive.mirror.documents import (
        pdf_document, pdf_page_texts, doc_document, docx_document, paragraphs_text,
        xls_document, xlsx_document, sheets_text)

    paragraphs = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ...]
    pdf_document(paragraphs, encoding="tcvn3", title="Nghị quyết 15-NQ/TU")
    pdf_page_texts(paragraphs)        # ["text of page 1", ...]: the expected extraction
    docx_document(paragraphs, encoding="vni"), doc_document(paragraphs)
    paragraphs_text(paragraphs)       # their expected extraction
    sheets = {"Biểu 1": [["STT", "Đơn vị", "Số đảng viên"], [1, "Quận 1", 1520]]}
    xlsx_document(sheets), xls_document(sheets, encoding="tcvn3")
    sheets_text(sheets)               # the expected extraction of either

Or in one call, by file name: ``attachment("nghi-quyet-15.pdf", paragraphs, encoding="vni")``
gives the bytes, the Content-Type to serve them with and the expected text.

**PDF.** A4 pages, one ``Tj`` run per font change on each line, paragraphs wrapped at the page
width between words, a half-line between paragraphs. ``unicode``: a Type0 font
(``TimesNewRomanPSMT``, Identity-H, glyph ids in order of first use, as Word's PDF export
gives them) with a ``ToUnicode`` CMap, not embedded. ``tcvn3``/``vni``: a simple TrueType font,
``.VnTime`` or ``VNI-Times``, declared ``/WinAnsiEncoding``, no ``ToUnicode``: the text's bytes
are the legacy codes, as in a PDF printed from an old Word file. VNI's mark bytes have no
advance width (they are drawn over the letter before them, as in the VNI fonts); TCVN3's toned
capitals are their lower-case codes in ``.VnTimeH``, the capitals font (a line in capitals is
typed in lower case in that font, as typists did). :class:`PdfFile` is the object writer
underneath, for tests that need a PDF with something wrong in it.

**DOCX, XLSX.** Small packages (zip + XML, fixed timestamps) that python-docx and openpyxl
read; legacy text is stored as Word and Excel store it, the legacy codes as Latin-1
characters, in runs and cells whose font is ``.VnTime`` (``.VnTimeH`` runs for toned capitals)
or ``VNI-Times``.

**XLS, DOC.** OLE2 compound files (:func:`compound_file`). The XLS is a BIFF8 workbook with
the records xlrd needs (BOF, CODEPAGE, FONT, XF, BOUNDSHEET, SST and CONTINUE, DIMENSIONS,
LABELSST, NUMBER, EOF). The DOC is a Word 97 FIB, the text in pieces (one cp1252 byte a
character where cp1252 can hold it, else UTF-16) and the piece table and font table in
``1Table``; it has no stylesheet or formatting tables, so it is a file for text extractors,
not for Word. Neither has been opened in Excel or Word (none here).

The expected text of each format is the contract of ``thanhuy_archive.documents.extract_text``:
a PDF's pages are separated by a form feed and hold one line of text per line; a DOC's or
DOCX's paragraphs are one per line; a workbook's sheets are separated by a form feed, each
sheet its name on the first line, then one line per non-empty row, cells separated by tabs.
For TCVN3 in formats that keep no font per character (DOC, XLS, XLSX here), a toned capital
comes back only where ``crawler.legacy_fonts`` can tell it from its context.
"""

from __future__ import annotations

import hashlib
import io
import struct
import unicodedata
import zipfile
import zlib
from typing import Iterable, Mapping, NamedTuple, Sequence
from xml.sax.saxutils import escape

from crawler.legacy_fonts import TCVN3, UNICODE, VNI, decode_legacy, encode_legacy

__all__ = ["CONTENT_TYPES", "ENCODINGS", "Attachment", "PdfFile", "attachment", "compound_file", "doc_document", "docx_document",
           "paragraphs_text", "pdf_document", "pdf_page_texts", "sheets_text", "xls_document",
           "xlsx_document"]

ENCODINGS = (UNICODE, TCVN3, VNI)

# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4, in points
MARGIN_LEFT, MARGIN_TOP, MARGIN_BOTTOM = 72, 72, 72
FONT_SIZE, LEADING, PARAGRAPH_GAP = 11, 14, 8
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_LEFT

# Advance widths (1/1000 em) of Times New Roman, by base letter; a Vietnamese letter has the
# width of its base (ộ is as wide as o).
_WIDTHS = dict(zip(
    " abcdefghijklmnopqrstuvwxyz",
    (250, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500,
     333, 389, 278, 500, 500, 722, 500, 500, 444)))
_WIDTHS.update(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
     556, 611, 722, 722, 944, 722, 722, 611)))
_WIDTHS.update(dict.fromkeys("0123456789", 500))
_WIDTHS.update({".": 250, ",": 250, ":": 278, ";": 278, "-": 333, "(": 333, ")": 333,
                "/": 278, "!": 333, "?": 444, "'": 180, '"': 408, "đ": 500, "Đ": 722})
_DEFAULT_WIDTH = 500


def _width(ch: str) -> int:
    return _WIDTHS.get(ch) or _WIDTHS.get(unicodedata.normalize("NFD", ch)[0], _DEFAULT_WIDTH)


def _text_width(text: str) -> float:
    return sum(_width(ch) for ch in text) * FONT_SIZE / 1000


def _wrap(paragraph: str) -> list[str]:
    """The lines of a paragraph at the page's text width, broken between words."""
    lines, line = [], ""
    for word in paragraph.split():
        candidate = f"{line} {word}" if line else word
        if line and _text_width(candidate) > TEXT_WIDTH:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


def _paginate(paragraphs: Iterable[str]) -> list[list[list[str]]]:
    """Pages, each a list of paragraphs, each a list of lines (a paragraph may go on over a
    page break: its lines on the next page are a paragraph there)."""
    usable = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    pages: list[list[list[str]]] = [[]]
    used = 0
    for paragraph in paragraphs:
        lines = _wrap(unicodedata.normalize("NFC", paragraph))
        if not lines:
            continue
        gap = PARAGRAPH_GAP if pages[-1] else 0
        if used + gap + LEADING > usable:
            pages.append([])
            used, gap = 0, 0
        pages[-1].append([])
        used += gap
        for line in lines:
            if used + LEADING > usable:
                pages.append([[]])
                used = 0
            pages[-1][-1].append(line)
            used += LEADING
    return pages if pages[0] else []


def pdf_page_texts(paragraphs: Iterable[str]) -> list[str]:
    """The text :func:`pdf_document` puts on each page, as ``extract_text`` must return it:
    its lines, one per line (a PDF has lines, not paragraphs)."""
    return ["\n".join(line for lines in page for line in lines) for page in _paginate(paragraphs)]


def _pdf_string(data: bytes) -> bytes:
    """A PDF literal string: the bytes as they are, but for the three that must be escaped."""
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") \
        .replace(b"\r", b"\\r") + b")"


def _pdf_text_string(text: str) -> bytes:
    """A text string for the document information (UTF-16BE with its byte-order mark)."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"


class PdfFile:
    """A PDF written object by object: :meth:`add` returns an object's number, :meth:`bytes`
    the file (header, objects, cross-reference table, trailer). Deterministic: the file ID is a
    hash of the objects."""

    def __init__(self):
        self.objects: list[bytes] = []

    def reserve(self) -> int:
        self.objects.append(b"null")
        return len(self.objects)

    def add(self, body: bytes | str, number: int | None = None) -> int:
        body = body.encode("latin-1") if isinstance(body, str) else body
        if number is None:
            self.objects.append(body)
            return len(self.objects)
        self.objects[number - 1] = body
        return number

    def add_stream(self, data: bytes, extra: str = "", compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data, 9)
            extra += " /Filter /FlateDecode"
        return self.add(f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data
                        + b"\nendstream")

    def bytes(self, root: int, info: int | None = None) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        file_id = hashlib.md5(b"".join(self.objects)).hexdigest().upper().encode()
        info_ref = b" /Info %d 0 R" % info if info else b""
        out.write(b"trailer\n<< /Size %d /Root %d 0 R%s /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(self.objects) + 1, root, info_ref, file_id, file_id, xref))
        return out.getvalue()


_FONT_DESCRIPTOR = ("<< /Type /FontDescriptor /FontName /{name} /Flags {flags} "
                    "/FontBBox [-568 -307 2000 1007] /ItalicAngle 0 /Ascent 891 /Descent -216 "
                    "/CapHeight 662 /StemV 80 >>")


class _UnicodeFont:
    """A Type0 font with a ToUnicode CMap: glyph ids in order of first use."""

    resource = "F1"

    def __init__(self):
        self.cids: dict[str, int] = {}

    def runs(self, line: str) -> list[tuple[str, bytes]]:
        hexes = []
        for ch in line:
            cid = self.cids.setdefault(ch, len(self.cids) + 1)
            hexes.append(b"%04X" % cid)
        return [(self.resource, b"<" + b"".join(hexes) + b">")]

    def _to_unicode(self) -> bytes:
        entries = [f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>"
                   for ch, cid in self.cids.items()]
        blocks = []
        for start in range(0, len(entries), 100):  # at most 100 entries per block
            chunk = entries[start:start + 100]
            blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
        return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                + "\n".join(blocks) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
                "end\nend\n").encode()

    def write(self, pdf: PdfFile) -> str:
        name = "TimesNewRomanPSMT"
        descriptor = pdf.add(_FONT_DESCRIPTOR.format(name=name, flags=32))
        widths = " ".join(str(_width(ch)) for ch in self.cids)
        cid_font = pdf.add(
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /DW 500 /W [1 [{widths}]] /CIDToGIDMap /Identity >>")
        to_unicode = pdf.add_stream(self._to_unicode())
        font = pdf.add(f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
                       f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>")
        return f"/{self.resource} {font} 0 R"


class _LegacyFonts:
    """Simple TrueType fonts whose bytes are TCVN3 or VNI codes, declared WinAnsiEncoding.

    TCVN3 has no codes for toned capitals: a typist set them in the capitals font
    (``.VnTimeH``), whose glyphs for lower-case codes and letters are capitals. A line in
    capitals (a heading) is typed in lower case in that font; elsewhere only the toned capital
    itself is (``Ủy`` = ``ñ`` in ``.VnTimeH`` + ``y`` in ``.VnTime``)."""

    FONT_NAMES = {TCVN3: (".VnTime", ".VnTimeH"), VNI: ("VNI-Times", None)}

    def __init__(self, encoding: str):
        self.encoding = encoding
        self.names = self.FONT_NAMES[encoding]

    def _font_of(self, ch: str, heading: bool) -> str:
        if self.names[1] is None or not ch.isalpha() or not (heading or ch.isupper()):
            return "F1"
        if heading:
            return "F2"
        coded = encode_legacy(ch, self.encoding)
        return "F2" if coded == encode_legacy(ch.lower(), self.encoding) and not ch.isascii() else "F1"

    def typed_runs(self, line: str) -> list[tuple[str, str]]:
        """The line as typed: runs of (font resource, text), the text as it was keyed in
        (lower case in the capitals font)."""
        heading = self.names[1] is not None and line.isupper()
        runs: list[tuple[str, str]] = []
        for ch in line:
            font = self._font_of(ch, heading)
            typed = ch.lower() if font == "F2" else ch
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + typed)
            else:
                runs.append((font, typed))
        return runs

    def runs(self, line: str) -> list[tuple[str, bytes]]:
        return [(font, _pdf_string(encode_legacy(text, self.encoding)))
                for font, text in self.typed_runs(line)]

    def _widths(self) -> str:
        widths = []
        for code in range(32, 256):
            shown = bytes([code]).decode("cp1252", errors="replace")
            letter = _decoded_byte(shown, self.encoding)
            widths.append(str(0 if letter is None else _width(letter)))
        return " ".join(widths)

    def write(self, pdf: PdfFile) -> str:
        resources = []
        for resource, name in zip(("F1", "F2"), self.names):
            if name is None:
                continue
            descriptor = pdf.add(_FONT_DESCRIPTOR.format(name=name, flags=32))
            font = pdf.add(f"<< /Type /Font /Subtype /TrueType /BaseFont /{name} /FirstChar 32 "
                           f"/LastChar 255 /Widths [{self._widths()}] /Encoding /WinAnsiEncoding "
                           f"/FontDescriptor {descriptor} 0 R >>")
            resources.append(f"/{resource} {font} 0 R")
        return " ".join(resources)


def _decoded_byte(shown: str, encoding: str) -> str | None:
    """The letter a legacy byte stands for, for its width; None for a VNI mark byte (it joins
    the vowel before it into one letter: drawn over it, no advance of its own)."""
    if encoding == VNI and len(decode_legacy("a" + shown, VNI)) == 1:
        return None
    return decode_legacy(shown, encoding)


def _content_stream(page: list[list[str]], font) -> bytes:
    ops = [b"BT", b"/F1 %d Tf" % FONT_SIZE]
    y = PAGE_HEIGHT - MARGIN_TOP
    current = "F1"
    for p, lines in enumerate(page):
        if p:
            y -= PARAGRAPH_GAP
        for line in lines:
            ops.append(b"1 0 0 1 %d %d Tm" % (MARGIN_LEFT, y))
            for resource, string in font.runs(line):
                if resource != current:
                    ops.append(b"/%s %d Tf" % (resource.encode(), FONT_SIZE))
                    current = resource
                ops.append(string + b" Tj")
            y -= LEADING
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def pdf_document(paragraphs: Sequence[str], *, encoding: str = UNICODE,
                 title: str | None = None) -> bytes:
    """A PDF of ``paragraphs`` (see the module's documentation). ``encoding``: ``unicode``
    (a Unicode font with a ToUnicode map), ``tcvn3`` or ``vni`` (legacy codes in a
    WinAnsi-declared font, no ToUnicode). :func:`pdf_page_texts` gives its expected text."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}")
    pdf = PdfFile()
    catalog, pages_ref = pdf.reserve(), pdf.reserve()
    font = _UnicodeFont() if encoding == UNICODE else _LegacyFonts(encoding)
    layout = _paginate(paragraphs) or [[]]
    contents = [pdf.add_stream(_content_stream(page, font)) for page in layout]
    fonts = font.write(pdf)  # after the pages: the Unicode font knows its glyphs by then
    kids = [pdf.add(f"<< /Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 {PAGE_WIDTH} "
                    f"{PAGE_HEIGHT}] /Resources << /Font << {fonts} >> >> "
                    f"/Contents {content} 0 R >>") for content in contents]
    pdf.add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
            f"/Count {len(kids)} >>", pages_ref)
    pdf.add(f"<< /Type /Catalog /Pages {pages_ref} 0 R >>", catalog)
    info = pdf.add(b"<< /Producer (thanhuy_archive.mirror)"
                   + (b" /Title " + _pdf_text_string(title) if title else b"") + b" >>")
    return pdf.bytes(catalog, info)


# --------------------------------------------------------------------------------------------
# DOCX and XLSX: zip + XML
# --------------------------------------------------------------------------------------------

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the same bytes every time
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_UNICODE_FONT = "Times New Roman"


def _zip(parts: Sequence[tuple[str, str]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def _content_types(overrides: Sequence[tuple[str, str]]) -> str:
    return (_XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>'
                      for part, kind in overrides) + "</Types>")


def _relationships(targets: Sequence[tuple[str, str]]) -> str:
    return (_XML + f'<Relationships xmlns="{_PACKAGE_RELS}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                      for i, (kind, target) in enumerate(targets, 1)) + "</Relationships>")


def _as_stored(text: str, encoding: str) -> str:
    """Text as a Word or Excel file stores it: legacy codes as Latin-1 characters."""
    return text if encoding == UNICODE else encode_legacy(text, encoding).decode("cp1252")


_WORD_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_run(text: str, font: str | None) -> str:
    props = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _docx_paragraph(paragraph: str, encoding: str) -> str:
    if encoding == UNICODE:
        return f"<w:p>{_docx_run(paragraph, None)}</w:p>"
    fonts = _LegacyFonts(encoding)
    return "<w:p>" + "".join(
        _docx_run(_as_stored(text, encoding), None if font == "F1" else fonts.names[1])
        for font, text in fonts.typed_runs(paragraph)) + "</w:p>"


def _docx_styles(encoding: str) -> str:
    font = _UNICODE_FONT if encoding == UNICODE else _LegacyFonts.FONT_NAMES[encoding][0]
    return (_XML + f'<w:styles xmlns:w="{_WORD_MAIN}"><w:docDefaults><w:rPrDefault><w:rPr>'
            f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/><w:sz w:val="26"/>'
            '</w:rPr></w:rPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            '</w:style></w:styles>')


def docx_document(paragraphs: Sequence[str], *, encoding: str = UNICODE,
                  title: str | None = None) -> bytes:
    """A Word document of ``paragraphs``, one ``w:p`` each. Legacy text is in the body's
    default font (``.VnTime``, ``VNI-Times``) with toned capitals in ``.VnTimeH`` runs, as in
    :func:`pdf_document`. :func:`paragraphs_text` gives its expected text."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}")
    body = "".join(_docx_paragraph(unicodedata.normalize("NFC", p), encoding) for p in paragraphs)
    document = (_XML + f'<w:document xmlns:w="{_WORD_MAIN}" xmlns:r="{_OFFICE_RELS}"><w:body>'
                + body + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    core = (_XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            + (f"<dc:title>{escape(title)}</dc:title>" if title else "") + "</cp:coreProperties>")
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    return _zip([
        ("[Content_Types].xml", _content_types([
            ("/word/document.xml", f"{main}.document.main+xml"),
            ("/word/styles.xml", f"{main}.styles+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")])),
        ("_rels/.rels", _relationships([
            (f"{_OFFICE_RELS}/officeDocument", "word/document.xml"),
            (f"{_PACKAGE_RELS}/metadata/core-properties", "docProps/core.xml")])),
        ("word/_rels/document.xml.rels", _relationships([(f"{_OFFICE_RELS}/styles", "styles.xml")])),
        ("word/document.xml", document),
        ("word/styles.xml", _docx_styles(encoding)),
        ("docProps/core.xml", core),
    ])


def paragraphs_text(paragraphs: Iterable[str]) -> str:
    """The text ``extract_text`` must return for :func:`docx_document`: one paragraph a line."""
    return "\n".join(unicodedata.normalize("NFC", p) for p in paragraphs)


Sheets = Mapping[str, Sequence[Sequence["str | int | float | None"]]]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return unicodedata.normalize("NFC", str(value))


def sheets_text(sheets: Sheets) -> str:
    """The text ``extract_text`` must return for :func:`xlsx_document` and
    :func:`xls_document`: per sheet its name, then its non-empty rows, cells tab-separated
    (trailing empty cells dropped); sheets separated by a form feed."""
    pages = []
    for name, rows in sheets.items():
        lines = [unicodedata.normalize("NFC", name)]
        for row in rows:
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                lines.append("\t".join(cells))
        pages.append("\n".join(lines))
    return "\f".join(pages)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_SHEET_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _check_sheets(sheets: Sheets, encoding: str) -> None:
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}")
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")


def xlsx_document(sheets: Sheets, *, encoding: str = UNICODE) -> bytes:
    """An Excel workbook: ``{sheet name: rows}``, each row a list of cells (text, int, float
    or None). Text goes to the shared strings, as Excel writes it; legacy text is in a
    ``.VnTime``/``VNI-Times`` cell font. :func:`sheets_text` gives its expected text."""
    _check_sheets(sheets, encoding)
    strings: dict[str, int] = {}
    worksheets = []
    for rows in sheets.values():
        xml_rows = []
        for r, row in enumerate(rows, 1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{_column(c)}{r}"
                if value is None:
                    continue
                if isinstance(value, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
                else:
                    stored = _as_stored(unicodedata.normalize("NFC", value), encoding)
                    index = strings.setdefault(stored, len(strings))
                    cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        worksheets.append(_XML + f'<worksheet xmlns="{_SHEET_MAIN}"><sheetData>'
                          + "".join(xml_rows) + "</sheetData></worksheet>")
    font = _UNICODE_FONT if encoding == UNICODE else _LegacyFonts.FONT_NAMES[encoding][0]
    styles = (_XML + f'<styleSheet xmlns="{_SHEET_MAIN}"><fonts count="1"><font><sz val="11"/>'
              f'<name val="{font}"/></font></fonts><fills count="2"><fill><patternFill '
              'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
              '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
              '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
              'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" '
              'fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle '
              'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
    shared = (_XML + f'<sst xmlns="{_SHEET_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
              + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
              + "</sst>")
    names = [_as_stored(unicodedata.normalize("NFC", n), encoding) for n in sheets]
    workbook = (_XML + f'<workbook xmlns="{_SHEET_MAIN}" xmlns:r="{_OFFICE_RELS}"><sheets>'
                + "".join(f'<sheet name="{escape(n, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, n in enumerate(names, 1)) + "</sheets></workbook>")
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    count = len(worksheets)
    return _zip([
        ("[Content_Types].xml", _content_types(
            [("/xl/workbook.xml", f"{main}.sheet.main+xml"),
             ("/xl/sharedStrings.xml", f"{main}.sharedStrings+xml"),
             ("/xl/styles.xml", f"{main}.styles+xml")]
            + [(f"/xl/worksheets/sheet{i}.xml", f"{main}.worksheet+xml") for i in range(1, count + 1)])),
        ("_rels/.rels", _relationships([(f"{_OFFICE_RELS}/officeDocument", "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", _relationships(
            [(f"{_OFFICE_RELS}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, count + 1)]
            + [(f"{_OFFICE_RELS}/sharedStrings", "sharedStrings.xml"),
               (f"{_OFFICE_RELS}/styles", "styles.xml")])),
        ("xl/sharedStrings.xml", shared),
        ("xl/styles.xml", styles),
        *((f"xl/worksheets/sheet{i}.xml", xml) for i, xml in enumerate(worksheets, 1)),
    ])


# --------------------------------------------------------------------------------------------
# XLS: BIFF8 records in an OLE2 compound file
# --------------------------------------------------------------------------------------------

SECTOR = 512
MINI_STREAM_CUTOFF = 4096
_FREESECT, _ENDOFCHAIN, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _directory_tree(names: list[str]) -> tuple[int, dict[int, tuple[int, int, int]]]:
    """The red-black tree of a storage's children ([MS-CFB] 2.6.4: shorter names first, then
    by upper case): (root index, {index: (left, right, colour)}), indexes into ``names``
    (0-based). A balanced tree whose deepest level, when incomplete, is red."""
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    nodes: dict[int, list] = {}

    def build(lo, hi, depth):
        if lo >= hi:
            return _NOSTREAM, depth - 1
        mid = (lo + hi) // 2
        left, left_depth = build(lo, mid, depth + 1)
        right, right_depth = build(mid + 1, hi, depth + 1)
        nodes[order[mid]] = [left, right, depth]
        return order[mid], max(depth, left_depth, right_depth)

    root, deepest = build(0, len(order), 0)
    perfect = len(order) == 2 ** (deepest + 1) - 1
    return root, {i: (left, right, 0 if depth == deepest and not perfect else 1)
                  for i, (left, right, depth) in nodes.items()}


def _directory_entry(name: str, kind: int, colour: int, left: int, right: int, child: int,
                     start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, colour, left, right,
                       child, b"\0" * 16, 0, 0, 0, start, size)


def compound_file(streams: Mapping[str, bytes]) -> bytes:
    """An OLE2 compound file (version 3, 512-byte sectors) holding ``streams`` at its root.
    Each stream is padded with zeros to at least 4,096 bytes, so that none goes to the mini
    stream (Excel pads its Workbook stream the same way)."""
    names = list(streams)
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = []
    for name in names:
        data = streams[name].ljust(MINI_STREAM_CUTOFF, b"\0")
        data += b"\0" * (-len(data) % SECTOR)
        first = len(sectors)
        count = len(data) // SECTOR
        sectors += [data[i:i + SECTOR] for i in range(0, len(data), SECTOR)]
        fat += list(range(first + 1, first + count)) + [_ENDOFCHAIN]
        starts.append((first, len(data)))
    root, tree = _directory_tree(names)
    entries = [_directory_entry("Root Entry", 5, 1, _NOSTREAM, _NOSTREAM, root + 1, _ENDOFCHAIN, 0)]
    for i, name in enumerate(names):
        left, right, colour = tree[i]
        entries.append(_directory_entry(name, 2, colour, left + 1 if left != _NOSTREAM else left,
                                        right + 1 if right != _NOSTREAM else right, _NOSTREAM,
                                        *starts[i]))
    while len(entries) % 4:
        entries.append(_directory_entry("", 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM, 0, 0))
    directory = b"".join(entries)
    first_directory = len(sectors)
    count = len(directory) // SECTOR
    sectors += [directory[i:i + SECTOR] for i in range(0, len(directory), SECTOR)]
    fat += list(range(first_directory + 1, first_directory + count)) + [_ENDOFCHAIN]
    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("too large for a compound file without DIFAT sectors")
    first_fat = len(sectors)
    fat += [_FATSECT] * fat_sectors
    fat += [_FREESECT] * (fat_sectors * (SECTOR // 4) - len(fat))
    table = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [table[i:i + SECTOR] for i in range(0, len(table), SECTOR)]
    difat = list(range(first_fat, first_fat + fat_sectors)) + [_FREESECT] * (109 - fat_sectors)
    header = (OLE2_SIGNATURE + b"\0" * 16 + struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6,
                                                        b"\0" * 6, 0, fat_sectors, first_directory,
                                                        0, MINI_STREAM_CUTOFF, _ENDOFCHAIN, 0,
                                                        _ENDOFCHAIN, 0)
              + struct.pack("<109I", *difat))
    return header + b"".join(sectors)


_BIFF_MAX_DATA = 8224  # bytes of data in one record; more goes to CONTINUE records


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _xl_string(text: str, length_bytes: int) -> bytes:
    """An XLUnicodeString: its length, a flag byte (1: UTF-16, 0: one byte per character, when
    every character fits), the characters."""
    wide = any(ord(ch) > 0xFF for ch in text)
    data = text.encode("utf-16-le") if wide else text.encode("latin-1")
    return struct.pack("<B" if length_bytes == 1 else "<H", len(data) // (2 if wide else 1)) \
        + bytes([1 if wide else 0]) + data


def _sst_records(strings: list[str], total: int) -> bytes:
    """The shared string table: an SST record and as many CONTINUE records as it takes. A
    string that starts a CONTINUE starts whole; one split across records repeats its flag."""
    records, current = [], bytearray(struct.pack("<II", total, len(strings)))
    for text in strings:
        encoded = _xl_string(text, 2)
        header, chars = encoded[:3], encoded[3:]
        width = 2 if encoded[2] else 1
        if len(current) + len(header) + width > _BIFF_MAX_DATA:
            records.append(current)
            current = bytearray()
        current += header
        while chars:
            room = (_BIFF_MAX_DATA - len(current)) // width * width
            if not room:
                records.append(current)
                current = bytearray([encoded[2]])
                continue
            current += chars[:room]
            chars = chars[room:]
    records.append(current)
    return _record(0x00FC, bytes(records[0])) + b"".join(_record(0x003C, bytes(r)) for r in records[1:])


def _biff_font(name: str) -> bytes:
    # height in twips (11 pt), no options, automatic colour, normal weight, then the name
    return _record(0x0031, struct.pack("<HHHHHBBBB", 220, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
                   + _xl_string(name, 1))


_STYLE_XF = _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0xF4, 0, 0, 0x20C0))
_CELL_XF = _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))
CELL_XF_INDEX = 15  # the default cell format, after the 15 style formats, as Excel numbers them


def _sheet_stream(rows, strings: dict[str, int]) -> bytes:
    cells = []
    width = 0
    for r, row in enumerate(rows):
        width = max(width, len(row))
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)):
                cells.append(_record(0x0203, struct.pack("<HHHd", r, c, CELL_XF_INDEX, value)))
            else:
                index = strings.setdefault(value, len(strings))
                cells.append(_record(0x00FD, struct.pack("<HHHI", r, c, CELL_XF_INDEX, index)))
    return (_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
            + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
            + b"".join(cells) + _record(0x000A))


def xls_document(sheets: Sheets, *, encoding: str = UNICODE) -> bytes:
    """An Excel 97-2003 workbook (BIFF8): ``{sheet name: rows}``, as :func:`xlsx_document`.
    Legacy text is stored one byte per character with a ``.VnTime``/``VNI-Times`` font, as
    Excel stored text typed in those fonts. :func:`sheets_text` gives its expected text."""
    _check_sheets(sheets, encoding)
    stored = {_as_stored(unicodedata.normalize("NFC", name), encoding):
              [[v if v is None or isinstance(v, (int, float))
                else _as_stored(unicodedata.normalize("NFC", v), encoding) for v in row]
               for row in rows] for name, rows in sheets.items()}
    strings: dict[str, int] = {}
    substreams = [_sheet_stream(rows, strings) for rows in stored.values()]
    font = _UNICODE_FONT if encoding == UNICODE else _LegacyFonts.FONT_NAMES[encoding][0]
    total = sum(1 for rows in stored.values() for row in rows for v in row
                if v is not None and not isinstance(v, (int, float)))

    def globals_stream(offsets):
        return (_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
                + _record(0x0042, struct.pack("<H", 1200))  # code page: UTF-16
                + _biff_font(font) * 4 + _STYLE_XF * CELL_XF_INDEX + _CELL_XF
                + b"".join(_record(0x0085, struct.pack("<IBB", offset, 0, 0) + _xl_string(name, 1))
                           for offset, name in zip(offsets, stored))
                + _sst_records(list(strings), total) + _record(0x000A))

    start = len(globals_stream([0] * len(substreams)))  # the offsets do not change its length
    offsets = []
    for substream in substreams:
        offsets.append(start)
        start += len(substream)
    return compound_file({"Workbook": globals_stream(offsets) + b"".join(substreams)})


# --------------------------------------------------------------------------------------------
# DOC: a Word 97-2003 binary document
# --------------------------------------------------------------------------------------------

# [MS-DOC] 2.5: the FIB at the start of the WordDocument stream. Offsets of the fields set here.
FIB_SIZE = 0x384  # FibBase, csw, FibRgW97, cslw, FibRgLw97, cbRgFcLcb, FibRgFcLcb97, cswNew
FIB_CCP_TEXT = 0x4C
FIB_FC_STTBF_FFN = 0x112  # fcSttbfFfn, lcbSttbfFfn: the font table
FIB_FC_CLX = 0x1A2  # fcClx, lcbClx: the piece table
WORD_TEXT_OFFSET = 0x800  # where the text starts in the WordDocument stream
COMPRESSED = 0x40000000  # a piece's fc flag: one cp1252 byte per character, at fc / 2


def _fib(ccp_text: int, stream_end: int, fonts: tuple[int, int], clx: tuple[int, int]) -> bytes:
    fib = bytearray(FIB_SIZE)
    # wIdent, nFib (Word 97), unused, lid (Vietnamese), pnNext, flags: fWhichTblStm (1Table)
    # and fExtChar, nFibBack
    struct.pack_into("<HHHHHHH", fib, 0, 0xA5EC, 0x00C1, 0, 0x042A, 0, 0x1200, 0x00BF)
    struct.pack_into("<H", fib, 0x20, 14)  # csw: 14 16-bit values follow
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw: 22 32-bit values follow
    struct.pack_into("<I", fib, 0x40, stream_end)  # cbMac
    struct.pack_into("<I", fib, FIB_CCP_TEXT, ccp_text)
    struct.pack_into("<H", fib, 0x98, 0x5D)  # cbRgFcLcb: the 93 pairs of Word 97
    struct.pack_into("<II", fib, FIB_FC_STTBF_FFN, *fonts)
    struct.pack_into("<II", fib, FIB_FC_CLX, *clx)
    return bytes(fib)


def _font_table(names: Sequence[str]) -> bytes:
    """SttbfFfn ([MS-DOC] 2.9.294): the document's fonts, each an FFN with its name."""
    entries = []
    for name in names:
        # prq 2 (variable pitch) | fTrueType | ff 1 (roman); weight 400; charset; no alt name;
        # PANOSE and FONTSIGNATURE zero; the name, NUL-terminated
        ffn = struct.pack("<BHBB", 0x16, 400, 0 if name.startswith((".Vn", "VNI")) else 0xA3, 0) \
            + b"\0" * 34 + (name + "\0").encode("utf-16-le")
        entries.append(bytes([len(ffn)]) + ffn)
    return struct.pack("<HH", len(names), 0) + b"".join(entries)


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The text cut where it changes between what cp1252 can hold (stored one byte a
    character, "compressed") and what it cannot (UTF-16), as Word stores a document."""
    pieces: list[tuple[str, bool]] = []
    for ch in text:
        try:
            ch.encode("cp1252")
            compressed = True
        except UnicodeEncodeError:
            compressed = False
        if pieces and pieces[-1][1] == compressed:
            pieces[-1] = (pieces[-1][0] + ch, compressed)
        else:
            pieces.append((ch, compressed))
    return pieces


def doc_document(paragraphs: Sequence[str], *, encoding: str = UNICODE) -> bytes:
    """A Word 97-2003 document (.doc) of ``paragraphs``: the FIB, the text in pieces (runs
    cp1252 can hold are stored one byte a character, the rest UTF-16, as Word does) described by
    the piece table, and the font table in the ``1Table`` stream, in a compound file. There is
    no formatting: Word's own stylesheet and formatting tables are left out, so this is a file
    for text extractors. Field codes may be written with Word's marks (U+0013 code U+0014
    result U+0015): the extraction keeps the result. :func:`paragraphs_text` gives its
    expected text (for TCVN3, toned capitals come back by the rules of
    ``crawler.legacy_fonts``: a DOC keeps no font per character here)."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}")
    text = "".join(_as_stored(unicodedata.normalize("NFC", p), encoding) + "\r" for p in paragraphs)
    stored, positions = bytearray(), []
    for piece, compressed in _pieces(text):
        offset = WORD_TEXT_OFFSET + len(stored)
        positions.append(offset * 2 | COMPRESSED if compressed else offset)
        stored += piece.encode("cp1252" if compressed else "utf-16-le")
    cps, cp = [0], 0
    for piece, _ in _pieces(text):
        cp += len(piece.encode("utf-16-le")) // 2
        cps.append(cp)
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(
        struct.pack("<HIH", 0, fc, 0) for fc in positions)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    font_names = (_UNICODE_FONT,) if encoding == UNICODE else tuple(
        n for n in _LegacyFonts.FONT_NAMES[encoding] if n)
    fonts = _font_table(font_names)
    table = clx + fonts
    end = WORD_TEXT_OFFSET + len(stored)
    word = _fib(cp, end, (len(clx), len(fonts)), (0, len(clx))).ljust(WORD_TEXT_OFFSET, b"\0") \
        + bytes(stored)
    return compound_file({"WordDocument": word, "1Table": table})


# --------------------------------------------------------------------------------------------
# One call for the mirror: a file, its Content-Type and its expected text
# --------------------------------------------------------------------------------------------

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Attachment(NamedTuple):
    data: bytes
    content_type: str
    text: str  # what thanhuy_archive.documents.extract_text returns for it


def attachment(name: str, content, *, encoding: str = UNICODE) -> Attachment:
    """The file ``name`` (its extension picks the format) holding ``content``: paragraphs for
    ``.pdf``, ``.doc``, ``.docx``; ``{sheet name: rows}`` for ``.xls``, ``.xlsx``.

    >>> a = attachment("nghi-quyet-15.pdf", ["Nghị quyết", "về công tác dân vận"], encoding="tcvn3")
    >>> a.content_type, a.text, a.data[:8]
    ('application/pdf', 'Nghị quyết\\nvề công tác dân vận', b'%PDF-1.4')
    """
    kind = name.rsplit(".", 1)[-1].lower()
    if kind == "pdf":
        return Attachment(pdf_document(content, encoding=encoding), CONTENT_TYPES[kind],
                          "\f".join(pdf_page_texts(content)))
    if kind in ("doc", "docx"):
        make = doc_document if kind == "doc" else docx_document
        return Attachment(make(content, encoding=encoding), CONTENT_TYPES[kind],
                          paragraphs_text(content))
    if kind in ("xls", "xlsx"):
        make = xls_document if kind == "xls" else xlsx_document
        return Attachment(make(content, encoding=encoding), CONTENT_TYPES[kind],
                          sheets_text(content))
    raise ValueError(f"no writer for {name!r}: .pdf, .doc, .docx, .xls or .xlsx")
