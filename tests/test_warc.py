"""pipelines.warc: real WARC files in tmp_path, read back with warcio."""

import errno
import gzip
import hashlib
import random
import re
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines.warc import (
    PROFILE_IDENTICAL_PAYLOAD, PROFILE_SERVER_NOT_MODIFIED, RevisitTarget, WarcLocation,
    WarcWriter, payload_digest, read_record, recover,
)

VIETNAM = timezone(timedelta(hours=7))
WHEN = datetime(2024, 5, 1, 10, 0, 0, tzinfo=VIETNAM)
ARTICLE = "https://thanhuytphcm.vn/tin-tuc/dai-hoi-dang-bo-thanh-pho-ho-chi-minh-1491234567"
HTML = ("<!doctype html><html lang='vi'><meta charset='utf-8'><title>Đại hội Đảng bộ</title>"
        "<p>Thành ủy Thành phố Hồ Chí Minh: “Phát huy tinh thần đoàn kết, "
        "sáng tạo, đổi mới” — Nguyễn Văn Nên, Phan Văn Mãi.</p></html>").encode("utf-8")
REQUEST_HEADERS = [("User-Agent", "thanhuy-archive/0.1"), ("Accept-Encoding", "gzip, br")]
RESPONSE_HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                    ("Content-Length", "123"), ("Transfer-Encoding", "chunked"),
                    ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]


def exchange(writer, url=ARTICLE, body=HTML, status=200, when=WHEN, **kw):
    kw.setdefault("request_headers", REQUEST_HEADERS)
    kw.setdefault("response_headers", RESPONSE_HEADERS)
    return writer.write_exchange(url=url, status=status, body=body, fetched_at=when, **kw)


def read_all(path):
    """Every record of a file, digests checked (a mismatch raises), with offsets and payloads."""
    out = []
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh, check_digests="raise")
        for record in it:
            payload = record.raw_stream.read()
            out.append({"type": record.rec_type, "headers": record.rec_headers,
                        "http": record.http_headers, "payload": payload,
                        "offset": it.get_record_offset(), "length": it.get_record_length(),
                        "digest_ok": record.digest_checker.passed})
    return out


def warc_files(directory):
    return sorted(Path(directory).glob("*.warc.gz"))


def test_payload_digest_format():
    body = "Thành ủy".encode("utf-8")
    import base64
    assert payload_digest(body) == "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()
    assert payload_digest(b"") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"


def test_exchange_reads_back_with_warcio(tmp_path):
    with WarcWriter(tmp_path / "warc") as writer:
        loc = exchange(writer, ip="203.0.113.7")
        second = exchange(writer, url=ARTICLE + "?page=2", body=b"", status=404, reason="Gone?")
    [path] = warc_files(tmp_path / "warc")
    assert re.fullmatch(r"thanhuy-archive-\d{14}-00000\.warc\.gz", path.name)
    assert isinstance(loc, WarcLocation) and loc.filename == path.name
    records = read_all(path)
    assert [r["type"] for r in records] == ["warcinfo", "request", "response",
                                            "request", "response"]
    info, request, response = records[:3]
    assert info["headers"]["WARC-Filename"] == path.name
    assert b"software: thanhuy-archive/0.1\r\n" in info["payload"]
    assert b"format: WARC File Format 1.1" in info["payload"]
    for r in records:
        assert r["headers"].protocol == "WARC/1.1"
    for r in records[1:]:
        assert r["headers"]["WARC-Warcinfo-ID"] == info["headers"]["WARC-Record-ID"]
        assert r["digest_ok"] is True  # block (and payload) digest verified by warcio

    # Request/response linked both ways; same URI, date, IP.
    req_id, resp_id = (r["headers"]["WARC-Record-ID"] for r in (request, response))
    assert request["headers"]["WARC-Concurrent-To"] == resp_id
    assert response["headers"]["WARC-Concurrent-To"] == req_id
    for r in (request, response):
        assert r["headers"]["WARC-Target-URI"] == ARTICLE
        assert r["headers"]["WARC-Date"] == "2024-05-01T03:00:00Z"
        assert r["headers"]["WARC-IP-Address"] == "203.0.113.7"
    assert request["headers"]["Content-Type"] == "application/http; msgtype=request"
    request_line = f'{request["http"].protocol} {request["http"].statusline}'
    assert request_line == "GET /tin-tuc/dai-hoi-dang-bo-thanh-pho-ho-chi-minh-1491234567 HTTP/1.1"
    assert request["http"]["Host"] == "thanhuytphcm.vn"
    assert request["http"]["User-Agent"] == "thanhuy-archive/0.1"

    # Response: byte-exact Vietnamese payload, digest, rewritten transfer headers.
    assert response["headers"]["Content-Type"] == "application/http; msgtype=response"
    assert response["payload"] == HTML
    assert response["headers"]["WARC-Payload-Digest"] == payload_digest(HTML) == loc.payload_digest
    http = response["http"]
    assert http.statusline == "200 OK"
    assert http["Content-Length"] == str(len(HTML))
    assert http["Content-Encoding"] is None and http["Transfer-Encoding"] is None
    assert http["X-Archive-Orig-Content-Encoding"] == "gzip"
    assert http["X-Archive-Orig-Transfer-Encoding"] == "chunked"
    assert http["X-Archive-Orig-Content-Length"] == "123"
    assert [v for k, v in http.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    # content_stream() (what replay serves) gives the same bytes: nothing left to decode.
    with open(path, "rb") as fh:
        fh.seek(loc.offset)
        assert next(iter(ArchiveIterator(fh))).content_stream().read() == HTML

    # Returned locations are the CDX offset/length of the response members.
    assert (loc.offset, loc.length) == (response["offset"], response["length"])
    assert (second.offset, second.length) == (records[4]["offset"], records[4]["length"])
    assert loc.record_id == resp_id and loc.record_type == "response"
    assert records[4]["http"].statusline == "404 Gone?"
    assert second.payload_digest == payload_digest(b"")


def test_read_record_at_returned_offsets(tmp_path):
    bodies = [f"Bài {i}: Tuổi trẻ Thành phố mang tên Bác".encode("utf-8") * (i + 1)
              for i in range(5)]
    with WarcWriter(tmp_path) as writer:
        locs = [exchange(writer, url=f"{ARTICLE}-{i}", body=b) for i, b in enumerate(bodies)]
    for i, (loc, body) in enumerate(zip(locs, bodies)):
        warc, status, headers, payload = read_record(tmp_path / loc.filename, loc.offset)
        assert payload == body
        assert status == 200
        assert ("Content-Type", "text/html; charset=utf-8") in headers
        assert warc["WARC-Type"] == "response"
        assert warc["WARC-Record-ID"] == loc.record_id
        assert warc["WARC-Target-URI"] == f"{ARTICLE}-{i}"
        assert warc["WARC-Payload-Digest"] == loc.payload_digest
        # Bare file name + directory, and the writer's helper, give the same answer.
        assert read_record(loc.filename, loc.offset, directory=tmp_path)[3] == body
        assert writer.read_record(loc.filename, loc.offset)[3] == body


def test_revisit_identical_payload(tmp_path):
    later = WHEN + timedelta(days=1)
    with WarcWriter(tmp_path) as writer:
        original = exchange(writer)
        target = RevisitTarget(record_id=original.record_id, target_uri=ARTICLE,
                               date=WHEN, payload_digest=original.payload_digest)
        revisit = exchange(writer, when=later, revisit_of=target,
                           url=ARTICLE + "?utm_source=fb")
    assert revisit.record_type == "revisit"
    assert revisit.payload_digest == original.payload_digest
    [path] = warc_files(tmp_path)
    records = read_all(path)
    assert [r["type"] for r in records] == ["warcinfo", "request", "response",
                                            "request", "revisit"]
    rec = records[4]
    h = rec["headers"]
    assert h["WARC-Profile"] == PROFILE_IDENTICAL_PAYLOAD
    assert h["WARC-Refers-To"] == original.record_id
    assert h["WARC-Refers-To-Target-URI"] == ARTICLE
    assert h["WARC-Refers-To-Date"] == records[2]["headers"]["WARC-Date"]
    assert h["WARC-Target-URI"] == ARTICLE + "?utm_source=fb"
    assert h["WARC-Date"] == "2024-05-02T03:00:00Z"
    assert h["WARC-Payload-Digest"] == payload_digest(HTML)
    assert h["WARC-Concurrent-To"] == records[3]["headers"]["WARC-Record-ID"]
    # Only the HTTP headers: no payload, and the block is exactly the header block.
    assert rec["payload"] == b""
    assert rec["http"].statusline == "200 OK"
    assert int(h["Content-Length"]) < len(HTML)
    with open(path, "rb") as fh:
        fh.seek(revisit.offset)
        raw = gzip.GzipFile(fileobj=fh).read()
    block = raw.split(b"\r\n\r\n", 1)[1][:-4]
    assert block.endswith(b"\r\n\r\n") and HTML not in raw
    assert h["WARC-Block-Digest"] == payload_digest(block)
    warc, status, headers, payload = read_record(path, revisit.offset)
    assert (warc["WARC-Type"], status, payload) == ("revisit", 200, b"")
    # The original still resolves to the full payload.
    assert read_record(path, original.offset)[3] == HTML


def test_revisit_with_a_different_payload_writes_a_full_response(tmp_path):
    with WarcWriter(tmp_path) as writer:
        original = exchange(writer)
        target = RevisitTarget(original.record_id, ARTICLE, WHEN, original.payload_digest)
        changed = exchange(writer, body=HTML + b"<!-- sua -->", revisit_of=target)
    assert changed.record_type == "response"
    assert read_record(tmp_path / changed.filename, changed.offset)[3] == HTML + b"<!-- sua -->"


def test_not_modified(tmp_path):
    headers = [("ETag", '"abc"'), ("Content-Length", "5000")]
    with WarcWriter(tmp_path) as writer:
        original = exchange(writer)
        target = RevisitTarget(f"{original.record_id}", ARTICLE, "2024-05-01T03:00:00Z",
                               original.payload_digest)
        conditional = REQUEST_HEADERS + [("If-None-Match", '"abc"')]
        revisit = exchange(writer, body=b"", status=304, response_headers=headers,
                           request_headers=conditional, revisit_of=target)
        plain = exchange(writer, body=b"", status=304, response_headers=headers,
                         request_headers=conditional)
    assert revisit.record_type == "revisit"
    assert revisit.payload_digest == original.payload_digest  # the content the 304 confirms
    assert plain.record_type == "response" and plain.payload_digest == payload_digest(b"")
    records = read_all(tmp_path / revisit.filename)
    rv = next(r for r in records if r["offset"] == revisit.offset)
    assert rv["type"] == "revisit"
    assert rv["headers"]["WARC-Profile"] == PROFILE_SERVER_NOT_MODIFIED
    assert rv["headers"]["WARC-Refers-To"] == original.record_id
    assert rv["headers"]["WARC-Refers-To-Date"] == "2024-05-01T03:00:00Z"
    assert rv["http"].statusline == "304 Not Modified" and rv["payload"] == b""
    pl = next(r for r in records if r["offset"] == plain.offset)
    assert pl["type"] == "response" and pl["http"].statusline == "304 Not Modified"
    # A 304 has no body: no Content-Length is invented, the server's is kept aside.
    assert pl["http"]["Content-Length"] is None
    assert pl["http"]["X-Archive-Orig-Content-Length"] == "5000"
    req = next(r for r in records if r["offset"] < plain.offset and r["type"] == "request"
               and r["headers"]["WARC-Concurrent-To"] == pl["headers"]["WARC-Record-ID"])
    assert req["http"]["If-None-Match"] == '"abc"'


def test_rotation_at_max_bytes(tmp_path):
    body = random.Random(0).randbytes(10_000)  # incompressible
    with WarcWriter(tmp_path, prefix="test", max_bytes=25_000) as writer:
        locs = [exchange(writer, url=f"{ARTICLE}/{i}", body=body) for i in range(7)]
        assert writer.path is None or writer.path in writer.files
    files = warc_files(tmp_path)
    assert files == sorted(writer.files) and len(files) >= 3
    assert [f.name[-14:] for f in writer.files] == [f"-{i:05d}.warc.gz"
                                                    for i in range(len(files))]
    seen = []
    for path in files:
        records = read_all(path)
        assert records[0]["type"] == "warcinfo"
        types = [r["type"] for r in records[1:]]
        assert types == ["request", "response"] * (len(types) // 2)  # pairs never split
        seen += [(path.name, r["offset"]) for r in records if r["type"] == "response"]
    for path in files[:-1]:  # rotated once it grew past max_bytes, not before
        size = path.stat().st_size
        assert size > 25_000 and size - 25_000 < 2 * len(body)
    assert seen == [(loc.filename, loc.offset) for loc in locs]


def test_new_file_on_every_open(tmp_path):
    with WarcWriter(tmp_path) as writer:
        exchange(writer)
    [first] = warc_files(tmp_path)
    before = first.read_bytes()
    with WarcWriter(tmp_path) as writer:
        loc = exchange(writer)
    assert len(warc_files(tmp_path)) == 2 and loc.filename != first.name
    assert first.read_bytes() == before
    assert WarcWriter(tmp_path).path is None  # opened lazily: no empty files
    assert len(warc_files(tmp_path)) == 2


def test_non_ascii_url_and_bad_headers(tmp_path):
    with WarcWriter(tmp_path) as writer:
        loc = exchange(writer, url="https://thanhuytphcm.vn/tìm-kiếm?q=Thành ủy")
        with pytest.raises(ValueError):
            exchange(writer, response_headers=[("X-Evil", "a\r\nWARC-Type: response")])
        with pytest.raises(ValueError):
            exchange(writer, when=datetime(2024, 1, 1))  # naive
        after = exchange(writer)
    warc, *_ = read_record(tmp_path / loc.filename, loc.offset)
    uri = warc["WARC-Target-URI"]
    assert uri.isascii() and uri == ("https://thanhuytphcm.vn/t%C3%ACm-ki%E1%BA%BFm"
                                     "?q=Th%C3%A0nh%20%E1%BB%A7y")
    # Rejected exchanges left nothing behind: the file is two clean exchanges.
    assert [r["type"] for r in read_all(tmp_path / loc.filename)] == [
        "warcinfo", "request", "response", "request", "response"]
    assert after.filename == loc.filename


def test_fsync_flag_and_closed_writer(tmp_path):
    writer = WarcWriter(tmp_path, fsync=True, info={"operator": "Nhóm lưu trữ"})
    loc = exchange(writer)
    writer.close()
    assert "operator: Nhóm lưu trữ".encode() in read_all(tmp_path / loc.filename)[0]["payload"]
    with pytest.raises(ValueError):
        exchange(writer)


# ------------------------------------------------------------------------------------------
# Recovery


def write_sample(directory, n=4):
    with WarcWriter(directory) as writer:
        locs = [exchange(writer, url=f"{ARTICLE}-{i}",
                         body=f"Trang {i} — Thành ủy".encode() * 50) for i in range(n)]
    [path] = warc_files(directory)
    return path, locs, read_all(path)


def test_recover_leaves_clean_files_alone(tmp_path):
    path, _, _ = write_sample(tmp_path)
    before = path.read_bytes()
    assert recover(tmp_path) == []
    assert recover(tmp_path, newest=None) == []
    assert path.read_bytes() == before and recover(tmp_path / "missing") == []


@pytest.mark.parametrize("where", [
    "inside_last_response", "end_of_last_request", "inside_last_request",
    "one_byte_short", "inside_earlier_request", "inside_earlier_response", "inside_warcinfo", "zero_padding",
    "garbage_member"])
def test_recover_truncated_file(tmp_path, where):
    path, locs, records = write_sample(tmp_path)
    full = path.read_bytes()
    offsets = [r["offset"] for r in records]  # warcinfo, (request, response) * 4
    last_req, last_resp = offsets[-2], offsets[-1]
    cut_at, data = {
        "inside_last_response": (last_req, full[:last_resp + 40]),
        "end_of_last_request": (last_req, full[:last_resp]),
        "inside_last_request": (last_req, full[:last_req + 25]),
        "one_byte_short": (last_req, full[:-1]),
        "inside_earlier_request": (offsets[3], full[:offsets[4] - 3]),
        "inside_earlier_response": (offsets[3], full[:offsets[4] + 50]),
        "inside_warcinfo": (0, full[:30]),
        "zero_padding": (len(full), full + b"\0" * 4096),
        "garbage_member": (len(full), full + gzip.compress(b"not a WARC record")),
    }[where]
    path.write_bytes(data)

    aside = recover(tmp_path)

    assert len(aside) == 1 and aside[0].name == path.name + ".partial-1"
    assert aside[0].read_bytes() == data[cut_at:]  # the tail, byte for byte, kept aside
    if cut_at == 0:
        assert not path.exists()  # nothing complete: the whole file moved aside
        return
    assert path.read_bytes() == data[:cut_at]
    kept = read_all(path)  # reads to the end, every digest checked
    assert [r["offset"] for r in kept] == [o for o in offsets if o < cut_at]
    assert kept[-1]["type"] in ("warcinfo", "response")  # no orphaned request
    complete = [loc for loc in locs if loc.offset < cut_at]
    assert len(complete) == {"inside_earlier_request": 1, "inside_earlier_response": 1, "zero_padding": 4,
                             "garbage_member": 4}.get(where, 3)
    for loc in complete:
        assert read_record(path, loc.offset)[3] == records[offsets.index(loc.offset)]["payload"]
    # Idempotent, and a second crash of the same file gets the next .partial number.
    assert recover(tmp_path) == []
    path.write_bytes(path.read_bytes() + b"\x1f\x8b\x08")
    assert [p.name for p in recover(tmp_path)] == [path.name + ".partial-2"]


def test_recover_sets_aside_an_empty_file_a_kill_left(tmp_path):
    """A writer killed between creating its file and writing the warcinfo record leaves an
    empty file, which no reader accepts as a WARC file."""
    empty = tmp_path / "thanhuy-archive-20240101000000-00000.warc.gz"
    empty.write_bytes(b"")
    (aside,) = recover(tmp_path)
    assert not empty.exists() and aside.name == empty.name + ".partial-1"


def test_recover_scans_newest_and_skips_live_writer(tmp_path):
    old, _, _ = write_sample(tmp_path)
    old.write_bytes(old.read_bytes()[:-10])  # torn, but not the newest file
    writer = WarcWriter(tmp_path)
    exchange(writer)
    live = writer.path
    try:
        # The newest file is held by a live writer: skipped, and the next newest is scanned.
        assert recover(tmp_path) == [old.with_name(old.name + ".partial-1")]
        assert live.read_bytes() and len(read_all(live)) == 3
    finally:
        writer.close()
    assert recover(tmp_path, newest=None) == []


def test_recover_prefix(tmp_path):
    torn, _, _ = write_sample(tmp_path)
    torn.write_bytes(torn.read_bytes()[:-3])
    with WarcWriter(tmp_path, prefix="other") as writer:  # a newer file of another writer
        exchange(writer)
    assert recover(tmp_path) == []  # the newest file overall is clean
    assert recover(tmp_path, prefix="other") == []
    assert recover(tmp_path, prefix="thanhuy-archive") == [torn.with_name(torn.name + ".partial-1")]


def test_recover_then_write_keeps_everything_readable(tmp_path):
    path, locs, _ = write_sample(tmp_path)
    path.write_bytes(path.read_bytes()[:-100])
    recover(tmp_path)
    with WarcWriter(tmp_path) as writer:
        loc = exchange(writer)
    for f in warc_files(tmp_path):
        read_all(f)
    assert read_record(tmp_path / loc.filename, loc.offset)[3] == HTML
    assert read_record(path, locs[2].offset)[3].startswith("Trang 2".encode())


def test_interrupted_write_is_cut_back(tmp_path):
    """A write that fails half-way (here: a real EFBIG from RLIMIT_FSIZE, as a full disk would)
    never leaves a torn member in front of later records: the file is cut back and retired,
    and the next exchange starts a new file."""
    script = textwrap.dedent(f"""
        import resource, signal, sys
        from datetime import datetime, timezone
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from pipelines.warc import WarcWriter
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        kw = dict(request_headers=[], response_headers=[], status=200,
                  fetched_at=datetime.now(timezone.utc))
        with WarcWriter({str(tmp_path)!r}) as writer:
            writer.write_exchange(url="https://thanhuytphcm.vn/a", body=b"small", **kw)
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (writer.path.stat().st_size + 3000, hard))
            try:
                writer.write_exchange(url="https://thanhuy.vn/b", body=os.urandom(50_000), **kw)
            except OSError as e:
                print("failed", e.errno)
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            writer.write_exchange(url="https://thanhuytphcm.vn/c", body=b"after", **kw)
        print(*[p.name for p in writer.files])
    """).replace("import resource,", "import os, resource,")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == f"failed {errno.EFBIG}"
    first, second = lines[1].split()
    assert [r["payload"][-5:] for r in read_all(tmp_path / first)][1:] == [b"", b"small"]
    assert [r["payload"] for r in read_all(tmp_path / second)][2:] == [b"after"]
    assert recover(tmp_path, newest=None) == []
