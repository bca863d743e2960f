"""The text of attached files: thanhuy_archive.documents, on files made by
thanhuy_archive.mirror.documents (whose text is known exactly) and on broken and hostile ones.

Extraction runs in real child processes. The pools are shared within this module; those with
short limits make the hostile cases fast (a runaway file is stopped after one second).
"""

import io
import os
import select
import signal
import struct
import threading
import zipfile
import zlib

import pypdf
import pytest

from crawler.legacy_fonts import TCVN3, encode_legacy
from thanhuy_archive.documents import ExtractionPool, Limits, extract_text
from thanhuy_archive.mirror.documents import (
    ENCODINGS, PdfFile, attachment, compound_file, doc_document, docx_document, paragraphs_text,
    pdf_document, pdf_page_texts, sheets_text, xls_document, xlsx_document)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
URL = "https://images.hcmcpv.org.vn/Uploads/File/15032001A1B2C3D4/{}"

RESOLUTION = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH",
    "Số 15-NQ/TU",
    "NGHỊ QUYẾT",
    "về phát triển kinh tế - xã hội và công tác xây dựng Đảng năm 2001",
    "Ban Thường vụ Thành ủy chỉ đạo các cơ quan, đơn vị thực hiện nghiêm túc chủ trương của "
    "Đảng, pháp luật của Nhà nước; Ủy ban nhân dân Thành phố chủ trì, phối hợp với Ủy ban Mặt "
    "trận Tổ quốc Việt Nam Thành phố tổ chức thực hiện.",
    "Ở các quận, huyện, cấp ủy Đảng lãnh đạo việc hoàn thành thắng lợi các mục tiêu đề ra. "
    "Ấn phẩm này được gửi đến các chi bộ, đảng viên để học tập và quán triệt.",
    "Nơi nhận: như trên; lưu Văn phòng Thành ủy.",
]
# For formats that keep no font per character (DOC, XLS, XLSX), a TCVN3 toned capital comes
# back from its context only: no toned capital mid-sentence here.
PLAIN_RESOLUTION = [p.replace("; Ủy ban", "; các ủy ban").replace("Ủy ban Mặt", "ủy ban Mặt")
                    for p in RESOLUTION]
LONG_RESOLUTION = RESOLUTION + [
    f"Điều {n}. Các cấp ủy, tổ chức đảng và đảng viên có trách nhiệm tổ chức quán triệt, xây "
    f"dựng chương trình hành động thực hiện Nghị quyết; định kỳ sáu tháng báo cáo kết quả về "
    f"Ban Thường vụ Thành ủy (lần thứ {n})." for n in range(1, 40)]
SHEETS = {
    "Biểu 1": [["STT", "Đơn vị", "Số đảng viên", "Tỷ lệ (%)"],
               [1, "Quận 1", 1520, 12.5],
               [2, "Phường Bến Nghé", None, 0.75],
               [],
               ["", "Tổng cộng", 1520]],
    "Ghi chú": [["Nguồn: Ban Tổ chức Thành ủy, tháng 3 năm 2001"]],
}


@pytest.fixture(scope="module")
def pool():
    with ExtractionPool(workers=2) as shared:
        yield shared
    assert_ended(shared)


@pytest.fixture(scope="module")
def strict_pool():
    """One child and a time limit short enough that a runaway file meets it quickly."""
    with ExtractionPool(time_limit=1.0) as strict:
        yield strict
    assert_ended(strict)


def assert_ended(pool):
    assert pool.pids == []


def process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# Every format gives back its exact text
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_pdf_gives_back_the_text_of_every_page(pool, encoding):
    data = pdf_document(LONG_RESOLUTION, encoding=encoding, title="Nghị quyết 15-NQ/TU")
    expected = pdf_page_texts(LONG_RESOLUTION)
    assert len(expected) >= 3
    result = pool.extract(data, url=URL.format("nghi-quyet-15.pdf"), content_type=PDF)
    assert result.text.split("\f") == expected
    assert (result.pages, result.format, result.encoding) == (len(expected), "pdf", encoding)
    assert result.extractor.startswith("pypdf ")
    assert (result.errors, result.flags) == ((), ())


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_docx_gives_back_its_paragraphs(pool, encoding):
    result = pool.extract(docx_document(RESOLUTION, encoding=encoding),
                          url=URL.format("nghi-quyet.docx"), content_type=DOCX)
    assert result.text == paragraphs_text(RESOLUTION)
    assert (result.pages, result.format, result.encoding) == (None, "docx", encoding)
    assert result.extractor.startswith("python-docx ") and result.ok


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_doc_gives_back_its_paragraphs(pool, encoding):
    result = pool.extract(doc_document(PLAIN_RESOLUTION, encoding=encoding),
                          url=URL.format("nghi-quyet.doc"), content_type="application/msword")
    assert result.text == paragraphs_text(PLAIN_RESOLUTION)
    assert (result.format, result.encoding, result.ok) == ("doc", encoding, True)


def test_a_doc_keeps_the_result_of_its_fields_not_their_code(pool):
    paragraphs = ['Xem \x13 HYPERLINK "https://hcmcpv.org.vn" \x14Cổng thông tin\x15 và trang '
                  '\x13 PAGE \x14 5\x15 của văn bản.', "Tiếng Việt và English in one file."]
    result = pool.extract(doc_document(paragraphs), url=URL.format("a.doc"))
    assert result.text == "Xem Cổng thông tin và trang  5 của văn bản.\nTiếng Việt và English in one file."


@pytest.mark.parametrize("make, name", [(xlsx_document, "bieu.xlsx"), (xls_document, "bieu.xls")])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_workbook_gives_back_every_sheet(pool, make, name, encoding):
    result = pool.extract(make(SHEETS, encoding=encoding), url=URL.format(name))
    assert result.text == sheets_text(SHEETS)
    assert result.text.startswith("Biểu 1\nSTT\tĐơn vị\tSố đảng viên\tTỷ lệ (%)\n1\tQuận 1\t1520\t12.5\n")
    assert (result.format, result.encoding, result.ok) == (name.split(".")[1], encoding, True)


def test_a_large_xls_shared_string_table_spans_continue_records(pool):
    sheets = {"Dữ liệu": [[f"Đảng viên số {i} của Đảng bộ Thành phố Hồ Chí Minh", i, i / 4]
                          for i in range(2000)]}
    result = pool.extract(xls_document(sheets), url=URL.format("du-lieu.xls"))
    assert result.text == sheets_text(sheets)


@pytest.mark.parametrize("name, content", [
    ("a.pdf", RESOLUTION), ("a.doc", RESOLUTION), ("a.docx", RESOLUTION), ("a.xls", SHEETS),
    ("a.xlsx", SHEETS)])
def test_the_mirror_gets_the_same_bytes_every_time_with_their_type_and_text(pool, name, content):
    first, again = attachment(name, content, encoding="vni"), attachment(name, content, encoding="vni")
    assert first == again
    result = pool.extract(first.data, url=URL.format(name), content_type=first.content_type)
    assert (result.text, result.encoding, result.ok) == (first.text, "vni", True)


def test_the_shared_pool_serves_callers_that_bring_none():
    result = extract_text(docx_document(["Thành ủy"]), url=URL.format("a.docx"), content_type=DOCX)
    assert result.text == "Thành ủy"


# --------------------------------------------------------------------------------------------
# Broken and hostile files: an error, never a crash, never a hang
# --------------------------------------------------------------------------------------------

def deflated(prefix: bytes, chunk: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of prefix + chunk * times + suffix, made without compressing it all: the
    chunk's block is compressed once with a full flush (which makes it independent of what
    comes before) and repeated. Returns (data, CRC-32, uncompressed size)."""
    def block(data):
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    end = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = block(prefix) + block(chunk) * times + end.compress(suffix) + end.flush()
    return data, crc, len(prefix) + len(chunk) * times + len(suffix)


def zip_of(parts, declared_sizes=None) -> bytes:
    """A zip whose parts are (name, (raw deflate, crc, size)); ``declared_sizes`` may lie."""
    out, directory = io.BytesIO(), []
    for name, (data, crc, size) in parts:
        size = (declared_sizes or {}).get(name, size)
        encoded = name.encode()
        header = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        directory.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21,
                                     crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, out.tell())
                         + encoded)
        out.write(b"PK\x03\x04" + header + encoded + data)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts),
                          out.tell() - start, start, 0))
    return out.getvalue()


def docx_with_huge_body(megabytes: int, declared_sizes=None) -> bytes:
    """A real DOCX whose document.xml is ``megabytes`` of spaces inside its body."""
    real = zipfile.ZipFile(io.BytesIO(docx_document(["Thành ủy"])))
    parts = []
    for name in real.namelist():
        if name == "word/document.xml":
            xml = real.read(name)
            head, tail = xml.split(b"<w:body>")
            parts.append((name, deflated(head + b"<w:body>", b" " * 2**20, megabytes, tail)))
        else:
            parts.append((name, deflated(real.read(name), b"", 0, b"")))
    return zip_of(parts, declared_sizes)


def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked(pool):
    bomb = docx_with_huge_body(300)  # 300 MB of body, 0.3 MB of file
    assert len(bomb) < 2**20
    result = pool.extract(bomb, url=URL.format("bomb.docx"), content_type=DOCX)
    assert result.flags == ("zip_bomb",) and result.text == ""
    assert "would unpack to 314,57" in result.errors[0]


def test_a_zip_bomb_that_lies_about_its_size_fails_on_its_checksum(pool):
    bomb = docx_with_huge_body(64, declared_sizes={"word/document.xml": 1000})
    result = pool.extract(bomb, url=URL.format("bomb.docx"), content_type=DOCX)
    assert result.flags == ("corrupt",)
    assert result.errors[0].startswith("unreadable DOCX: BadZipFile")


def test_a_file_that_needs_more_memory_than_a_child_may_use_stops_that_child_only():
    # No unpacked-size limit to speak of, so that memory is what the file meets; time enough.
    with ExtractionPool(memory_limit=192 * 2**20, max_unpacked_bytes=2**30) as pool:
        result = pool.extract(docx_with_huge_body(256), url=URL.format("big.docx"))
        assert result.flags == ("memory",)
        assert result.errors == ("memory limit: reading it needed more than 192 MB",)
        assert pool.pids == []  # the child that ran out of memory has ended...
        assert pool.extract(docx_document(["Sau đó"])).text == "Sau đó"  # ...and is replaced


def pdf_with_page_content(content: bytes) -> bytes:
    pdf = PdfFile()
    catalog, pages = pdf.reserve(), pdf.reserve()
    font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    stream = pdf.add_stream(content)
    page = pdf.add(f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources "
                   f"<< /Font << /F1 {font} 0 R >> >> /Contents {stream} 0 R >>")
    pdf.add(f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>", pages)
    pdf.add(f"<< /Type /Catalog /Pages {pages} 0 R >>", catalog)
    return pdf.bytes(catalog)


def test_a_pdf_whose_content_never_ends_is_stopped_at_the_time_limit(strict_pool):
    assert strict_pool.extract(docx_document(["Trước"])).text == "Trước"
    (before,) = strict_pool.pids
    # 2 MB of text operators in a 6 KB file: minutes of work for a PDF library.
    runaway = pdf_with_page_content(b"BT /F1 11 Tf 72 700 Td (Thanh uy) Tj ET\n" * 50_000)
    assert len(runaway) < 10_000
    result = strict_pool.extract(runaway, url=URL.format("runaway.pdf"), content_type=PDF)
    assert result.flags == ("timeout",)
    assert result.errors == ("timeout: reading took more than 1 s; stopped",)
    # The child was killed; the next file gets a new one.
    assert not process_exists(before)
    assert strict_pool.extract(docx_document(["Sau"])).text == "Sau"
    assert strict_pool.pids != [before]


def test_a_pdf_whose_page_tree_loops_is_an_error(pool):
    pdf = PdfFile()
    catalog, pages = pdf.reserve(), pdf.reserve()
    pdf.add(f"<< /Type /Pages /Kids [{pages} 0 R] /Count 1 >>", pages)  # its own child
    pdf.add(f"<< /Type /Catalog /Pages {pages} 0 R >>", catalog)
    result = pool.extract(pdf.bytes(catalog), url=URL.format("loop.pdf"))
    assert result.flags == ("corrupt",) and result.errors[0].startswith("unreadable PDF")


@pytest.mark.parametrize("kept", [0.5, 0.99])
def test_a_truncated_pdf_is_an_error(pool, kept):
    data = pdf_document(LONG_RESOLUTION)
    result = pool.extract(data[:int(len(data) * kept)], url=URL.format("cut.pdf"), content_type=PDF)
    assert result.flags == ("corrupt",) and result.text == ""


def encrypted(pdf: bytes, user_password: str, algorithm: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_encrypted_for_permissions_only_is_read(pool):
    data = encrypted(pdf_document(RESOLUTION), "", "RC4-128")
    result = pool.extract(data, url=URL.format("locked.pdf"), content_type=PDF)
    assert result.text == "\f".join(pdf_page_texts(RESOLUTION))
    assert result.flags == ("encrypted",) and result.ok


def test_a_pdf_that_needs_a_password_is_an_error(pool):
    data = encrypted(pdf_document(RESOLUTION), "mat-khau", "AES-256")
    result = pool.extract(data, url=URL.format("secret.pdf"), content_type=PDF)
    assert result.flags == ("password",)
    assert result.errors == ("encrypted PDF: it needs a password to open",) and result.text == ""


def test_a_pdf_in_a_font_encoding_no_table_reads_is_kept_and_flagged(pool):
    # Another legacy font (VPS, VietWare...): TCVN3 codes moved elsewhere in Latin-1.
    moved = bytes(b ^ 0x1C if b >= 0xA0 else b for b in encode_legacy(
        " ".join(PLAIN_RESOLUTION[4:]), TCVN3))
    escaped = moved.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    data = pdf_with_page_content(b"BT /F1 11 Tf 72 700 Td (" + escaped + b") Tj ET")
    result = pool.extract(data, url=URL.format("vps.pdf"), content_type=PDF)
    assert (result.encoding, result.flags) == ("undecodable", ("undecodable",))
    assert result.text == moved.decode("cp1252") and result.ok


def test_a_scanned_pdf_has_no_text(pool):
    pdf = PdfFile()
    catalog, pages = pdf.reserve(), pdf.reserve()
    image = pdf.add_stream(b"\x80" * 64, " /Type /XObject /Subtype /Image /Width 8 /Height 8 "
                                         "/ColorSpace /DeviceGray /BitsPerComponent 8")
    content = pdf.add_stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q")
    page = pdf.add(f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources "
                   f"<< /XObject << /Im1 {image} 0 R >> >> /Contents {content} 0 R >>")
    pdf.add(f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>", pages)
    pdf.add(f"<< /Type /Catalog /Pages {pages} 0 R >>", catalog)
    result = pool.extract(pdf.bytes(catalog), url=URL.format("scan.pdf"), content_type=PDF)
    assert (result.text, result.pages, result.flags, result.ok) == ("", 1, ("no_text",), True)


@pytest.mark.parametrize("data, content_type, name, flags, error", [
    (b"<!DOCTYPE html><html><body>404 - Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y</body></html>",
     PDF, "nghi-quyet.pdf", ("unsupported", "type_mismatch"), "format not supported: HTML"),
    (b"this is not a workbook at all", XLSX, "bieu.xlsx", ("unsupported", "type_mismatch"),
     "format not supported: unknown bytes"),
    (xlsx_document(SHEETS)[:300], XLSX, "bieu.xlsx", ("corrupt",), "unreadable zip: BadZipFile"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png", "anh.png", ("unsupported",),
     "format not supported: PNG image"),
    (b"", PDF, "empty.pdf", ("empty",), "empty file"),
])
def test_what_is_not_a_readable_document_is_an_error(pool, data, content_type, name, flags, error):
    result = pool.extract(data, url=URL.format(name), content_type=content_type)
    assert result.flags == flags and result.errors[0].startswith(error)
    assert (result.text, result.ok) == ("", False)


def test_a_zip_that_is_no_office_document_is_not_supported(pool):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("van-ban.txt", "Nghị quyết")
    result = pool.extract(archive.getvalue(), url=URL.format("van-ban.zip"))
    assert result.flags == ("unsupported",)
    assert result.errors == ("format not supported: a zip archive",)


def test_the_bytes_decide_the_format_and_a_wrong_content_type_is_flagged(pool):
    result = pool.extract(docx_document(["Thành ủy"]), url=URL.format("van-ban.pdf"), content_type=PDF)
    assert (result.text, result.format) == ("Thành ủy", "docx")
    assert result.flags == ("type_mismatch",)
    assert result.errors == ("declared PDF, but the bytes are DOCX",)


def test_a_file_over_the_size_cap_is_refused_without_a_child():
    with ExtractionPool(limits=Limits(max_bytes=1000)) as small:
        result = small.extract(pdf_document(LONG_RESOLUTION), url=URL.format("big.pdf"))
        assert result.flags == ("too_large",) and result.errors[0].startswith("too large: ")
        assert small.pids == []


def word_stream_patched(data: bytes, offset: int, value: bytes) -> bytes:
    """A compound file made by compound_file() with WordDocument first: its stream starts at
    the first sector, 512 bytes in."""
    return data[:512 + offset] + value + data[512 + offset + len(value):]


def test_an_encrypted_doc_and_a_word_95_doc_are_errors(pool):
    doc = doc_document(["Thành ủy"])
    flags = struct.unpack_from("<H", doc, 512 + 0x0A)[0]
    result = pool.extract(word_stream_patched(doc, 0x0A, struct.pack("<H", flags | 0x0100)))
    assert (result.flags, result.errors) == (("password",), ("encrypted DOC: it needs a password to open",))
    result = pool.extract(word_stream_patched(doc, 0x02, struct.pack("<H", 0x0065)))
    assert result.flags == ("unsupported",) and "Word 6/95" in result.errors[0]


def test_an_ole2_file_that_is_neither_word_nor_excel_is_not_supported(pool):
    result = pool.extract(compound_file({"PowerPoint Document": b"\0" * 100}), url=URL.format("a.ppt"))
    assert result.flags == ("unsupported",) and "neither" in result.errors[0]


# --------------------------------------------------------------------------------------------
# The pool
# --------------------------------------------------------------------------------------------

def test_a_child_is_reused_from_file_to_file(strict_pool):
    strict_pool.extract(docx_document(["Một"]))
    first = strict_pool.pids
    strict_pool.extract(pdf_document(["Hai"]))
    assert strict_pool.pids == first


def test_a_child_killed_while_idle_is_replaced(strict_pool):
    strict_pool.extract(docx_document(["Một"]))
    (pid,) = strict_pool.pids
    watch = os.pidfd_open(pid)
    os.kill(pid, signal.SIGKILL)
    assert select.select([watch], [], [], 30)[0]  # it has exited
    os.close(watch)
    assert strict_pool.extract(docx_document(["Hai"])).text == "Hai"
    assert strict_pool.pids != [pid]


def test_closing_a_pool_ends_its_children_and_refuses_new_work():
    pool = ExtractionPool()
    assert pool.extract(docx_document(["Một"])).text == "Một"
    (pid,) = pool.pids
    pool.close()
    assert pool.pids == [] and not process_exists(pid)
    with pytest.raises(RuntimeError, match="closed"):
        pool.extract(docx_document(["Hai"]))


def test_threads_share_a_pool_without_more_children_than_workers(pool):
    expected = {name: make(name) for name, make in (
        ("a.pdf", lambda n: pdf_document([n])), ("b.docx", lambda n: docx_document([n])),
        ("c.xlsx", lambda n: xlsx_document({"S": [[n]]})), ("d.xls", lambda n: xls_document({"S": [[n]]})))}
    results = {}

    def extract(name):
        results[name] = pool.extract(expected[name], url=URL.format(name))
        assert len(pool.pids) <= 2

    threads = [threading.Thread(target=extract, args=(name,)) for name in expected]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["a.pdf"].text == "a.pdf" and results["b.docx"].text == "b.docx"
    assert results["c.xlsx"].text == "S\nc.xlsx" and results["d.xls"].text == "S\nd.xls"
