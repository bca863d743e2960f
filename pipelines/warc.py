"""WARC output: every fetch kept as standard WARC/1.1, readable by warcio and replayable by pywb.

Layout of what is written
-------------------------
* Files are ``{prefix}-{YYYYmmddHHMMSS}-{serial:05d}.warc.gz`` (UTC time the file was started,
  serial counting the files of one writer, bumped past any name that already exists). Each file
  starts with a ``warcinfo`` record; every record is its own gzip member, so the byte offset of
  a record's member (``WarcLocation.offset``) is what CDX indexers and ``read_record`` use.
* Each exchange is a ``request`` record followed by a ``response`` record (or a ``revisit``).
  Both carry ``WARC-Concurrent-To`` naming the other, and ``WARC-Warcinfo-ID`` naming the file's
  warcinfo record. Responses carry ``WARC-Payload-Digest`` (``sha1:`` + base32 of the body, see
  :func:`payload_digest`) and ``WARC-Block-Digest``; request records carry ``WARC-Block-Digest``.
* Revisits (``revisit_of=RevisitTarget(...)``): the block is the HTTP status line and headers
  only, with ``WARC-Refers-To``, ``WARC-Refers-To-Target-URI``, ``WARC-Refers-To-Date`` and the
  WARC 1.1 profile ``http://netpreserve.org/warc/1.1/revisit/identical-payload-digest`` (or
  ``.../server-not-modified`` for a 304 answer to a conditional GET).

Bodies and the stored HTTP header block
---------------------------------------
The body is written byte for byte as the caller passes it. The crawler hands over bodies
*already decoded* from ``Content-Encoding`` (Scrapy's HttpCompressionMiddleware) and de-chunked,
so keeping the server's ``Content-Encoding``/``Transfer-Encoding``/``Content-Length`` headers
would make a replay tool decode the body a second time or cut it at the wrong length. The stored
response header block therefore:

* renames ``Content-Encoding``, ``Transfer-Encoding`` and ``Content-Length`` to
  ``X-Archive-Orig-Content-Encoding`` etc. (the server's values are kept for the record, under
  the prefix pywb itself uses for headers it neutralises), and
* adds ``Content-Length: <len(body)>`` (except for 1xx/204/304 answers and HEAD requests, which
  have no body by definition).

Pass ``content_decoded=False`` to ``write_exchange`` if a body is still content-encoded: then
``Content-Encoding`` is kept (only ``Transfer-Encoding``/``Content-Length`` are rewritten).

Crash safety
------------
Each exchange is flushed to the OS before ``write_exchange`` returns (``fsync=True`` also syncs
it to disk, for power-loss safety), so a killed process loses at most the exchange in progress.
A writer never appends to an existing file: it always starts a new one, and holds an exclusive
``flock`` on the file it is writing. At start-up call :func:`recover` on the WARC directory: it
cuts a torn tail off the newest file(s) and keeps the cut bytes in ``<name>.partial-<n>``.
"""

from __future__ import annotations

import http
import logging
import os
import re
import socket
import threading
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, urlsplit

from thanhuy_archive.records import payload_digest

try:  # POSIX only; on other systems the lock is simply not taken.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

log = logging.getLogger(__name__)

__all__ = [
    "WARC_VERSION", "PROFILE_IDENTICAL_PAYLOAD", "PROFILE_SERVER_NOT_MODIFIED",
    "WarcLocation", "RevisitTarget", "WarcWriter", "payload_digest", "recover", "read_record",
    "read_payload",
]

WARC_VERSION = "WARC/1.1"
PROFILE_IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"

SUFFIX = ".warc.gz"
# Response headers that describe the transfer, not the stored body: renamed, see module docstring.
_TRANSFER_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
_ORIG_PREFIX = "X-Archive-Orig-"
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_CHUNK = 1 << 20


# --------------------------------------------------------------------------------------------
# Small public types


@dataclass(frozen=True)
class WarcLocation:
    """Where a response/revisit record was written.

    ``filename`` is the bare file name (relative to the writer's directory); ``offset`` is the
    byte offset of the record's gzip member and ``length`` the member's compressed length (the
    CDX ``offset``/``length``); ``record_type`` is ``"response"`` or ``"revisit"``.
    """

    filename: str
    offset: int
    length: int
    record_id: str
    payload_digest: str
    record_type: str


@dataclass(frozen=True)
class RevisitTarget:
    """The earlier, full ``response`` record a revisit points to (as stored in the database).

    ``record_id``: its WARC-Record-ID (with or without the ``<>``); ``target_uri``: its
    WARC-Target-URI; ``date``: its WARC-Date, as the aware datetime of the fetch or the exact
    string from the record; ``payload_digest``: its WARC-Payload-Digest. Always point at a
    record of type ``response``, never at another revisit.
    """

    record_id: str
    target_uri: str
    date: datetime | str
    payload_digest: str


# --------------------------------------------------------------------------------------------
# Formatting helpers


_WARC_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")


def warc_date(when: datetime | str) -> str:
    """W3C-DTF in UTC, as WARC-Date wants. A string already in that form is kept verbatim (so a
    WARC-Refers-To-Date copied from a record matches it exactly); other ISO 8601 strings with
    an offset (e.g. ``2024-05-01T10:00:00+07:00``) are converted."""
    if isinstance(when, str):
        if _WARC_DATE.match(when):
            return when
        when = datetime.fromisoformat(when)
    if when.tzinfo is None:
        raise ValueError("WARC dates need an aware datetime (got a naive one)")
    when = when.astimezone(timezone.utc)
    if when.microsecond:
        return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _record_id(value: str | None = None) -> str:
    if value is None:
        return f"<urn:uuid:{uuid.uuid4()}>"
    value = value.strip()
    return value if value.startswith("<") else f"<{value}>"


def _uri(url: str) -> str:
    """The URL with any non-ASCII character percent-encoded as UTF-8 (WARC-Target-URI is a URI)."""
    if url.isascii():
        return url
    return "".join(c if c.isascii() else quote(c, safe="") for c in url)


def _check_value(name, value):
    if "\r" in value or "\n" in value:
        raise ValueError(f"line break in header {name!r}: {value!r}")


def _header_bytes(value) -> bytes:
    """HTTP header text to bytes: latin-1 when possible (so text decoded from the wire as latin-1
    goes back byte for byte), else UTF-8; bytes pass through."""
    if isinstance(value, bytes):
        return value
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def _http_block(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [_header_bytes(first_line)]
    for name, value in headers:
        name = name.decode("latin-1") if isinstance(name, bytes) else name
        raw = _header_bytes(value)
        if not _TOKEN.match(name):
            raise ValueError(f"invalid HTTP header name {name!r}")
        if b"\r" in raw or b"\n" in raw:
            raise ValueError(f"line break in HTTP header {name!r}: {raw!r}")
        lines.append(name.encode("ascii") + b": " + raw)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _response_headers(headers, status, method, body, content_decoded):
    """The stored response headers: see the module docstring."""
    renamed = _TRANSFER_HEADERS if content_decoded else _TRANSFER_HEADERS[1:]
    out, length_at = [], None
    for name, value in headers:
        text = name.decode("latin-1") if isinstance(name, bytes) else name
        low = text.lower()
        if low in renamed:
            if low == "content-length" and length_at is None:
                length_at = len(out)
            out.append((_ORIG_PREFIX + text, value))
        else:
            out.append((text, value))
    bodyless = status < 200 or status in (204, 304) or method.upper() == "HEAD"
    if not bodyless:
        out.insert(len(out) if length_at is None else length_at,
                   ("Content-Length", str(len(body))))
    return out


def _record_head(warc_headers: list[tuple[str, str]], block_length: int) -> bytes:
    """The WARC version line and headers of a record whose block is ``block_length`` bytes."""
    lines = [WARC_VERSION]
    for name, value in warc_headers:
        _check_value(name, value)
        lines.append(f"{name}: {value}")
    lines.append(f"Content-Length: {block_length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


@dataclass(frozen=True)
class _Record:
    """One WARC record to write: its headers and its block, as parts never joined in memory
    (a 50 MB attachment is not copied to be written)."""

    warc_headers: list
    block: tuple

    @classmethod
    def of(cls, warc_headers, *block):
        """The record, with its ``WARC-Block-Digest`` added."""
        return cls([*warc_headers, ("WARC-Block-Digest", payload_digest(block))], block)

    def parts(self):
        yield _record_head(self.warc_headers, sum(len(part) for part in self.block))
        yield from self.block
        yield b"\r\n\r\n"


def _write_member(fh, record: _Record) -> int:
    """Write ``record`` to ``fh`` as one gzip member, compressing a chunk at a time; returns
    the member's length."""
    deflate = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    written = 0
    for part in record.parts():
        view = memoryview(part)
        for start in range(0, len(view), _CHUNK):
            out = deflate.compress(view[start:start + _CHUNK])
            fh.write(out)
            written += len(out)
    out = deflate.flush()
    fh.write(out)
    return written + len(out)


# --------------------------------------------------------------------------------------------
# Writer


class WarcWriter:
    """Rotating, gzipped WARC/1.1 writer. See the module docstring for what is written.

    A file is opened lazily at the first exchange and is always a new file. After an exchange,
    if the current file is larger than ``max_bytes`` it is closed and the next exchange starts a
    new one (so a request and its response always share a file; a file may exceed
    ``max_bytes`` by one exchange). ``info`` adds fields to each file's warcinfo record (e.g.
    ``{"operator": ..., "isPartOf": ...}``).
    """

    def __init__(self, directory, prefix="thanhuy-archive", max_bytes=256 * 1024 * 1024,
                 software="thanhuy-archive/0.1", *, fsync=False, info=None):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        if not prefix or "/" in prefix or os.sep in prefix:
            raise ValueError(f"bad WARC file prefix {prefix!r}")
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.software = software
        self.fsync = fsync
        self.info = dict(info or {})
        self.files: list[Path] = []  # every file this writer started, in order
        self._fh = None
        self._path = None
        self._size = 0
        self._warcinfo_id = None
        self._serial = 0
        self._lock = threading.Lock()
        self._closed = False

    # -- context manager / lifecycle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        with self._lock:
            self._close_file()
            self._closed = True

    @property
    def path(self) -> Path | None:
        """The file currently open for writing, if any."""
        return self._path

    # -- files

    def _open_file(self):
        while True:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
            name = f"{self.prefix}-{stamp}-{self._serial:05d}{SUFFIX}"
            self._serial += 1
            path = self.directory / name
            try:
                fh = open(path, "xb")
            except FileExistsError:
                continue
            break
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._fh, self._path, self._size = fh, path, 0
        self.files.append(path)
        self._warcinfo_id = _record_id()
        fields = {
            "software": self.software,
            "format": "WARC File Format 1.1",
            "conformsTo": CONFORMS_TO,
            "hostname": socket.gethostname(),
            **self.info,
        }
        for k, v in fields.items():
            _check_value(k, f"{k}{v}")
        block = "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v is not None)
        self._write_records([_Record([
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", self._warcinfo_id),
            ("WARC-Date", warc_date(datetime.now(timezone.utc))),
            ("WARC-Filename", name),
            ("Content-Type", "application/warc-fields"),
        ], (block.encode("utf-8"),))])

    def _close_file(self):
        if self._fh is not None:
            fh, self._fh, self._path = self._fh, None, None
            try:
                fh.flush()
                os.fsync(fh.fileno())
            finally:
                fh.close()

    def _write_records(self, records):
        """Append each record as a gzip member; returns their (offset, length). On any failure
        cut the file back so that no partial member is ever followed by later records, and
        retire the file."""
        start, places = self._size, []
        try:
            for record in records:
                places.append((start + sum(length for _, length in places),
                               _write_member(self._fh, record)))
            self._fh.flush()
            if self.fsync:
                os.fsync(self._fh.fileno())
        except BaseException:
            fh, path = self._fh, self._path
            self._fh, self._path = None, None
            try:
                fh.truncate(start)
                fh.close()
            except Exception:  # the tail stays; recover(directory, newest=None) handles it
                log.exception("could not cut %s back to %d after a failed write", path, start)
            raise
        self._size += sum(length for _, length in places)
        return places

    # -- records

    def write_exchange(self, *, url, method="GET", request_headers, status, reason="",
                       response_headers, body, fetched_at, http_version="HTTP/1.1", ip=None,
                       revisit_of: RevisitTarget | None = None, request_body=b"",
                       content_decoded=True, digest=None) -> WarcLocation:
        """Write a request record and a response (or revisit) record; return the latter's place.

        ``request_headers``/``response_headers`` are ``(name, value)`` pairs in wire order
        (``str`` decoded as latin-1, or ``bytes``). ``body`` is the payload exactly as to be
        kept, already decoded from Content-Encoding (see module docstring). ``fetched_at`` must
        be timezone-aware; it becomes the WARC-Date of both records. ``digest``: the body's
        :func:`payload_digest`, when the caller has it already.

        With ``revisit_of`` a ``revisit`` record is written instead of a response:

        * status 304: profile ``server-not-modified``; the returned ``payload_digest`` is the
          original's (the content the 304 confirms);
        * otherwise: profile ``identical-payload-digest``, provided ``payload_digest(body)``
          equals ``revisit_of.payload_digest``. If it does not, a full ``response`` is written
          instead (nothing is lost) and a warning logged; check ``record_type`` of the result.
        """
        if self._closed:
            raise ValueError("write_exchange on a closed WarcWriter")
        if not isinstance(body, (bytes, bytearray, memoryview)):
            raise TypeError("body must be bytes")
        date = warc_date(fetched_at)
        target = _uri(url)
        _check_value("url", target)
        digest = digest or payload_digest(body)

        # Request block.
        parts = urlsplit(target)
        request_target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = list(request_headers)
        if not any((n.decode("latin-1") if isinstance(n, bytes) else n).lower() == "host"
                   for n, _ in req_headers):
            req_headers.insert(0, ("Host", parts.netloc.rpartition("@")[2]))
        request_block = _http_block(f"{method.upper()} {request_target} {http_version}",
                                    req_headers) + bytes(request_body)

        # Response / revisit.
        reason = reason or _reason(status)
        status_line = f"{http_version} {status} {reason}".rstrip()
        stored_headers = _response_headers(response_headers, status, method, body,
                                           content_decoded)
        http_head = _http_block(status_line, stored_headers)

        profile = None
        if revisit_of is not None:
            if status == 304:
                profile = PROFILE_SERVER_NOT_MODIFIED
                digest = revisit_of.payload_digest
            elif _same_digest(digest, revisit_of.payload_digest):
                profile = PROFILE_IDENTICAL_PAYLOAD
            else:
                log.warning("revisit_of %s has digest %s but the body of %s has %s: "
                            "writing a full response", revisit_of.record_id,
                            revisit_of.payload_digest, url, digest)

        request_id, response_id = _record_id(), _record_id()
        with self._lock:
            if self._fh is None:
                self._open_file()
            common = [("WARC-Date", date), ("WARC-Target-URI", target),
                      ("WARC-Warcinfo-ID", self._warcinfo_id)]
            if ip:
                common.append(("WARC-IP-Address", str(ip)))
            request_record = _Record.of([
                ("WARC-Type", "request"), ("WARC-Record-ID", request_id), *common,
                ("WARC-Concurrent-To", response_id),
                ("Content-Type", "application/http; msgtype=request"),
            ], request_block)
            if profile is None:
                record_type = "response"
                response_record = _Record.of([
                    ("WARC-Type", "response"), ("WARC-Record-ID", response_id), *common,
                    ("WARC-Concurrent-To", request_id),
                    ("Content-Type", "application/http; msgtype=response"),
                    ("WARC-Payload-Digest", digest),
                ], http_head, body)
            else:
                record_type = "revisit"
                headers = [
                    ("WARC-Type", "revisit"), ("WARC-Record-ID", response_id), *common,
                    ("WARC-Concurrent-To", request_id),
                    ("WARC-Profile", profile),
                    ("WARC-Refers-To", _record_id(revisit_of.record_id)),
                    ("WARC-Refers-To-Target-URI", _uri(revisit_of.target_uri)),
                    ("WARC-Refers-To-Date", warc_date(revisit_of.date)),
                    ("Content-Type", "application/http; msgtype=response"),
                ]
                if profile == PROFILE_IDENTICAL_PAYLOAD:
                    headers.append(("WARC-Payload-Digest", digest))
                response_record = _Record.of(headers, http_head)

            _, (offset, length) = self._write_records([request_record, response_record])
            location = WarcLocation(self._path.name, offset, length, response_id, digest,
                                    record_type)
            if self._size > self.max_bytes:
                self._close_file()
            return location

    def read_record(self, filename, offset):
        """:func:`read_record` for a file of this writer's directory."""
        return read_record(filename, offset, directory=self.directory)


def _reason(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _same_digest(a, b):
    if not a or not b:
        return False
    (algo_a, _, va), (algo_b, _, vb) = a.partition(":"), b.partition(":")
    return algo_a.lower() == algo_b.lower() and va.upper() == vb.upper()


# --------------------------------------------------------------------------------------------
# Reading


def read_record(filename_or_path, offset, *, directory=None):
    """Read the record whose gzip member starts at ``offset``.

    Returns ``(warc_headers, http_status, http_headers, payload)``: the WARC headers as a dict,
    the HTTP status (``None`` for records that are not responses/revisits), the HTTP headers as
    ``(name, value)`` pairs as stored (``[]`` when the block is not HTTP), and the payload bytes
    exactly as stored (empty for a revisit). A bare file name is looked up in ``directory``.
    """
    from warcio.archiveiterator import ArchiveIterator

    path = Path(filename_or_path)
    if directory is not None and not path.is_absolute():
        path = Path(directory) / path
    with open(path, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)), None)
        if record is None:
            raise ValueError(f"no WARC record at {path}:{offset}")
        warc_headers = dict(record.rec_headers.headers)
        http_status, http_headers = None, []
        if record.http_headers is not None:
            http_headers = list(record.http_headers.headers)
            if record.rec_type in ("response", "revisit"):
                http_status = int(record.http_headers.get_statuscode())
        payload = record.raw_stream.read()
    return warc_headers, http_status, http_headers, payload


def read_payload(path, offset) -> tuple[bytes, int]:
    """(payload, compressed length) of the response record whose gzip member starts at
    ``offset``: what ``reparse`` and the archive's pages read, so it reads one gzip member and
    no more, without a WARC parser (the archive's records are its own, written above: WARC
    head, HTTP head, payload). A revisit has an empty payload."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        parts, used = [], 0
        while not inflate.eof:
            chunk = fh.read(_CHUNK)
            if not chunk:
                raise ValueError(f"truncated WARC record at {path}:{offset}")
            parts.append(inflate.decompress(chunk))
            used += len(chunk) - len(inflate.unused_data)
    record = b"".join(parts)
    warc_end = record.find(b"\r\n\r\n")
    http_end = record.find(b"\r\n\r\n", warc_end + 4)
    if warc_end < 0 or http_end < 0 or not record.startswith(b"WARC/"):
        raise ValueError(f"no WARC response record at {path}:{offset}")
    length = int(re.search(rb"(?im)^content-length:\s*(\d+)", record[:warc_end]).group(1))
    return record[http_end + 4:warc_end + 4 + length], used


# --------------------------------------------------------------------------------------------
# Recovery


class _Bad(Exception):
    pass


def _parse_record(data: bytes):
    """Check one decompressed gzip member is exactly one complete, intact WARC record.
    Returns (type, record_id, concurrent_to)."""
    if not data.startswith(b"WARC/1."):
        raise _Bad("member does not start with a WARC version line")
    end = data.find(b"\r\n\r\n")
    if end < 0:
        raise _Bad("WARC header not terminated")
    fields = {}
    for line in data[:end].split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if not sep:
            raise _Bad(f"malformed WARC header line {line[:80]!r}")
        fields[name.strip().lower().decode("latin-1")] = value.strip().decode("utf-8", "replace")
    try:
        length = int(fields["content-length"])
    except (KeyError, ValueError):
        raise _Bad("missing or bad Content-Length") from None
    block = data[end + 4:end + 4 + length]
    if len(block) != length or data[end + 4 + length:] != b"\r\n\r\n":
        raise _Bad("record length does not match Content-Length")
    block_digest = fields.get("warc-block-digest", "")
    if block_digest.lower().startswith("sha1:") and not _same_digest(block_digest,
                                                                    payload_digest(block)):
        raise _Bad("WARC-Block-Digest mismatch")
    return fields.get("warc-type"), fields.get("warc-record-id"), fields.get("warc-concurrent-to")


def _scan(path):
    """Walk the gzip members of ``path``; returns (records, good_end, problem) where records are
    (offset, type, record_id, concurrent_to) of the complete records before ``good_end``."""
    records = []
    with open(path, "rb") as fh:
        buf, pos = b"", 0
        while True:
            if not buf:
                buf = fh.read(_CHUNK)
                if not buf:
                    return records, pos, None
            start, out = pos, []
            decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                while True:
                    out.append(decomp.decompress(buf))
                    if decomp.eof:
                        used = len(buf) - len(decomp.unused_data)
                        pos += used
                        buf = decomp.unused_data
                        break
                    pos += len(buf)
                    buf = fh.read(_CHUNK)
                    if not buf:
                        return records, start, "truncated gzip member"
                info = _parse_record(b"".join(out))
            except zlib.error as e:
                return records, start, f"unreadable gzip member ({e})"
            except _Bad as e:
                return records, start, str(e)
            records.append((start, *info))


def _locked(fh):
    if fcntl is None:  # pragma: no cover
        return False
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True


_NAME_STAMP = re.compile(r"-(\d{14})-(\d{5})" + re.escape(SUFFIX) + "$")


def _begun(path: Path):
    """When a file was begun: the UTC time and serial in its name, which (unlike its
    modification time) nothing but its writer sets; the modification time breaks ties."""
    match = _NAME_STAMP.search(path.name)
    return (match.groups() if match else ("", ""), path.stat().st_mtime)


def _aside_name(path: Path) -> Path:
    n = 1
    while True:
        candidate = path.with_name(f"{path.name}.partial-{n}")
        if not candidate.exists():
            return candidate
        n += 1


def recover(directory, *, prefix=None, newest=1) -> list[Path]:
    """Repair WARC files a crashed writer left behind; call at start-up, before writing.

    Scans the ``newest`` most recently begun ``*.warc.gz`` files of ``directory`` (only those
    named ``{prefix}-*`` when ``prefix`` is given; ``newest=None`` scans every file). Files that
    a live writer holds locked are skipped. Every gzip member must hold exactly one complete WARC
    record with a correct block digest; from the first member that does not, the rest of the
    file is the torn tail. An exchange whose request record survived but whose response did not
    is part of the tail too. The tail is copied to ``<name>.partial-<n>`` (synced to disk)
    and only then cut off the file; a file with nothing complete left is renamed to the
    ``.partial-<n>`` name as a whole. Returns the paths set aside (empty if all was well).
    """
    directory = Path(directory)
    if not directory.is_dir():
        return []
    pattern = f"{prefix}-*{SUFFIX}" if prefix else f"*{SUFFIX}"
    candidates = sorted(directory.glob(pattern), key=_begun)
    set_aside, scanned = [], 0
    for path in reversed(candidates):
        if newest is not None and scanned >= newest:
            break
        with open(path, "rb") as fh:  # read-only files (archived, chmod 444) are fine to scan
            if _locked(fh):
                log.info("recover: %s is being written by a live process; skipped", path)
                continue
            scanned += 1
            records, cut, problem = _scan(path)
            size = os.fstat(fh.fileno()).st_size
            answered = {r[3] for r in records if r[3]}
            if records and records[-1][1] == "request" and records[-1][2] not in answered:
                cut = records[-1][0]
                problem = problem or "request record without its response"
            if cut >= size and size > 0:
                continue
            problem = problem or "empty file (killed before its first record)"
            aside = _aside_name(path)
            log.warning("recover: %s: %s at byte %d; %d bytes set aside in %s",
                        path, problem, cut, size - cut, aside.name)
            if cut == 0:
                os.rename(path, aside)
            else:
                _copy_tail(fh, cut, aside)
                with open(path, "rb+") as rw:  # only now: the tail is safe on disk
                    rw.truncate(cut)
                    rw.flush()
                    os.fsync(rw.fileno())
            _fsync_dir(directory)
            set_aside.append(aside)
    return set_aside


def _copy_tail(fh, start, aside):
    try:
        with open(aside, "xb") as out:
            fh.seek(start)
            while chunk := fh.read(_CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        aside.unlink(missing_ok=True)  # an incomplete copy must not pass for the tail
        raise


def _fsync_dir(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
