"""The archive's records, defined once: ``Article``, ``Capture``, ``CrawlRun`` and the tables
that hold them.

Each record is a dataclass whose fields carry their meaning in English and Vietnamese. From
these definitions derive:

* the extractor's output (``crawler.extract.extract_article`` returns an :class:`Article`,
  and the ``extract`` command prints :meth:`Article.as_json`);
* the columns of the archive's tables (:data:`TABLES`, created and migrated by
  ``pipelines.storage``);
* Datasette's table and column descriptions (``thanhuy_archive.web``).

Times, everywhere in the archive: ISO 8601 with their offset, in Vietnam time
(``2018-08-07T15:30:00+07:00``), or a bare day (``2018-08-07``) when only the day is known.
:func:`parse_time` is the one reader of stored times and :func:`archive_now` the archive's
clock.

>>> article = Article(id=1491871594, url="https://www.thanhuytphcm.vn/tin-tuc/a-1491871594",
...                   title="Tin")
>>> article.as_json()["authors"], article.byline_source
([], 'none')
>>> parse_time("2018-08-07")
Moment(when=datetime.datetime(2018, 8, 7, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=25200), 'ICT')), has_time=False)
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import MISSING, asdict, dataclass, field, fields
from datetime import date, datetime
from typing import NamedTuple

from crawler.site import VIETNAM_TZ
from crawler.urls import article_id as article_id_of

TIME_EN = "ISO 8601 time with offset, Vietnam time (2024-05-01T08:30:00+07:00)"
TIME_VI = "thời điểm ISO 8601, giờ Việt Nam"


def describe(en, vi, *, default=MISSING, default_factory=MISSING, stored=True):
    """A record field with its meaning in English and Vietnamese.

    ``stored=False``: the field travels with the record (the raw bytes of a capture, its
    request headers) but is not a column of its table."""
    return field(default=default, default_factory=default_factory,
                 metadata={"en": en, "vi": vi, "stored": stored})


# -- time -------------------------------------------------------------------------------------


class Moment(NamedTuple):
    """A stored time: an aware datetime in Vietnam time, and whether the time of day is known
    (a bare day is its midnight, ``has_time=False``)."""

    when: datetime
    has_time: bool


def parse_time(value) -> Moment | None:
    """A stored time or day as a :class:`Moment`, or None when empty or unreadable.

    A time without an offset is Vietnam time (the portal's pages print no zone); a ``Z`` time
    is UTC, converted."""
    if not value:
        return None
    text = str(value).strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return Moment(datetime(day.year, day.month, day.day, tzinfo=VIETNAM_TZ), False)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TZ)
    return Moment(moment.astimezone(VIETNAM_TZ), True)


def archive_now() -> datetime:
    """The archive's clock: now, in Vietnam time, to the second. Read once per event (a fetch,
    a run's start) and passed on, so that the times of one event agree."""
    return datetime.now(VIETNAM_TZ).replace(microsecond=0)


def iso(moment: datetime | None) -> str | None:
    """A time as the archive stores it (``2026-11-26T14:05:00+07:00``)."""
    return moment.isoformat(timespec="seconds") if moment is not None else None


def payload_digest(payload) -> str:
    """``sha1:`` + base32 of SHA-1(payload): the archive's digest of a payload, the format of
    WARC-Payload-Digest (Heritrix, warcio). ``payload``: bytes, or an iterable of byte chunks
    (a file too large to hold whole)."""
    digest = hashlib.sha1()
    for chunk in (payload,) if isinstance(payload, (bytes, bytearray, memoryview)) else payload:
        digest.update(chunk)
    return "sha1:" + base64.b32encode(digest.digest()).decode("ascii")


# -- records ----------------------------------------------------------------------------------


# What may appear in Article.flags: each means the extraction may be wrong or incomplete. A
# crawl whose share of flagged articles jumps fails (see pipelines.archive).
DOUBT_FLAGS = ("no-title", "no-date", "empty-body", "short-body")
# What kind of page an article is: news reports, photo stories ("Phóng sự ảnh"), video pages,
# interviews, documents of the document archive ("Văn bản").
ARTICLE_KINDS = ("news", "photo", "video", "interview", "document")


@dataclass
class Article:
    """The fields extracted from one article page (``crawler.extract``)."""

    id: int | None = describe(
        "The portal's numeric article id (9-10 digits, from the URL): the article's identity "
        "across host names, slugs and query strings.",
        "Mã số bài viết của cổng (9-10 chữ số, lấy từ URL).", default=None)
    url: str = describe(
        "The article's URL as first fetched, without tracking query or fragment.",
        "Địa chỉ bài viết (đã bỏ tham số theo dõi).", default="")
    title: str = describe("The headline.", "Tiêu đề.", default="")
    published_at: str | None = describe(
        "Publication time, ISO 8601 in Vietnam time (2018-08-07T15:30:00+07:00), or a bare day "
        "(2018-08-07) when only the day is known, or empty. Never the header's date of viewing.",
        "Thời điểm đăng (giờ Việt Nam, ISO 8601), hoặc chỉ ngày, hoặc trống.", default=None)
    published_at_source: str | None = describe(
        "Which rule gave published_at: meta, jsonld, time-element, visible, relative, "
        "issued-on (a document's day of issue), image-name.",
        "Nguồn của ngày đăng: meta, jsonld, time-element, visible, relative, issued-on, "
        "image-name.",
        default=None)
    authors: list[str] = describe(
        'Persons credited for the text, as a JSON list (["Văn Lượng"]). Photo credits and '
        "agencies are not authors.",
        "Tác giả (danh sách JSON).", default_factory=list)
    byline_source: str = describe(
        "Which rule gave authors/source: meta, jsonld, byline-element, last-paragraph, none.",
        "Nguồn của tác giả: meta, jsonld, byline-element, last-paragraph, none.", default="none")
    source: str | None = describe(
        "Outlet or agency credited for the text (TTXVN, Báo Nhân Dân), or empty.",
        "Nguồn tin được ghi (TTXVN, Báo Nhân Dân...).", default=None)
    category: str | None = describe(
        "The portal's section for the article, as labelled on the page.", "Chuyên mục.",
        default=None)
    lead: str = describe(
        "The summary paragraph (sapo) as published, including an opening credit such as "
        "'(Thanhuytphcm.vn) - '.",
        "Đoạn dẫn (sapo).", default="")
    body: str = describe(
        "The article text after the lead: paragraphs separated by a blank line, without "
        "captions, byline or page furniture. NFC-normalised.",
        "Nội dung bài viết (các đoạn cách nhau một dòng trống).", default="")
    images: list[str] = describe(
        "Image URLs in the article, as a JSON list.", "Ảnh trong bài (danh sách JSON).",
        default_factory=list)
    captions: list[str] = describe(
        "Image captions, as a JSON list.", "Chú thích ảnh (danh sách JSON).",
        default_factory=list)
    flags: list[str] = describe(
        "What the extractor doubts, as a JSON list: " + ", ".join(DOUBT_FLAGS) + ". Empty when "
        "it is confident. (A missing byline is not doubt: byline_source says none.)",
        "Các điểm trình trích xuất còn nghi ngờ (danh sách JSON).", default_factory=list)
    kind: str = describe(
        "What kind of page: " + ", ".join(ARTICLE_KINDS) + ".",
        "Loại bài: tin (news), phóng sự ảnh (photo), video, phỏng vấn (interview), văn bản "
        "(document).", default="news")
    attachments: list[str] = describe(
        "Attached files the page links (PDF, DOC, XLS...; 'Tải về', 'Tệp đính kèm'), as a "
        "JSON list of URLs.",
        "Tệp đính kèm (danh sách JSON các địa chỉ).", default_factory=list)
    layout: str | None = describe(
        "The page's layout signature: the parser (era) that read it and a short hash of the "
        "tag and class structure around its text. Pages of one template share it; "
        "`thanhuy-archive report templates` groups by it.",
        "Chữ ký bố cục trang (mẫu giao diện).", default=None)
    doc_number: str | None = describe(
        "For a document: its number and symbol (Số ký hiệu, e.g. 15-NQ/TU).",
        "Số ký hiệu văn bản.", default=None)
    issued_on: str | None = describe(
        "For a document: the day it was issued (Ngày ban hành), YYYY-MM-DD.",
        "Ngày ban hành (YYYY-MM-DD).", default=None)
    issuer: str | None = describe(
        "For a document: the body that issued it (Cơ quan ban hành).", "Cơ quan ban hành.",
        default=None)
    doc_type: str | None = describe(
        "For a document: its type (Loại văn bản: Nghị quyết, Chỉ thị, Kết luận...).",
        "Loại văn bản.", default=None)
    summary: str | None = describe(
        "For a document: its summary line (Trích yếu).", "Trích yếu.", default=None)

    def as_json(self) -> dict:
        """The fields in their order, as JSON-ready values."""
        return asdict(self)


@dataclass
class Capture:
    """One fetched response, as it is archived: built once per response by the crawler
    (``crawler.capture``), stored by the pipeline (``pipelines.storage``), which fills in
    ``id``, ``run_id`` and where its WARC record is."""

    url: str = describe("The URL fetched.", "Địa chỉ đã tải.")
    status: int = describe("HTTP status code.", "Mã trạng thái HTTP.")
    fetched_at: str = describe(f"When it was fetched. {TIME_EN}.", f"Thời điểm tải ({TIME_VI}).")
    digest: str = describe("SHA-1 of the payload, base32 (sha1:...), as in WARC files.",
                           "Mã băm SHA-1 của nội dung (như trong tệp WARC).")
    size: int = describe("Payload size in bytes, uncompressed.", "Kích thước nội dung (byte).")
    article_id: int | None = describe(
        "The article id in the URL, if it is an article page.",
        "Mã bài viết trong URL (nếu là trang bài viết).", default=None)
    content_type: str | None = describe("The Content-Type header as served.",
                                        "Header Content-Type.", default=None)
    headers: dict = describe("Response headers, as a JSON object.",
                             "Header phản hồi (đối tượng JSON).", default_factory=dict)
    id: int | None = describe("Capture number.", "Số thứ tự bản lưu.", default=None)
    run_id: int | None = describe("The crawl run that fetched it (crawl_runs.id).",
                                  "Lượt thu thập (crawl_runs.id).", default=None)
    warc_filename: str | None = describe("The WARC file holding this capture.",
                                         "Tệp WARC chứa bản lưu này.", default=None)
    warc_offset: int | None = describe("Byte offset of the record in that WARC file.",
                                       "Vị trí (byte) của bản ghi trong tệp WARC.", default=None)
    warc_length: int | None = describe(
        "Length in bytes of the record (one gzip member) in that WARC file.",
        "Độ dài (byte) của bản ghi trong tệp WARC.", default=None)
    warc_record_id: str | None = describe("The WARC-Record-ID of the record.",
                                          "Mã bản ghi WARC.", default=None)
    warc_record_type: str | None = describe(
        "response, or revisit when the payload is identical to an earlier capture or the "
        "server answered 304 (the payload is then that capture's).",
        "response, hoặc revisit khi nội dung trùng bản lưu trước.", default=None)
    revisit_of: int | None = describe(
        "For a revisit: the earlier capture whose payload it repeats.",
        "Với revisit: bản lưu trước có cùng nội dung.", default=None)
    # The exchange as it happened: written to the WARC record and the crawl log, not columns.
    payload: bytes = describe("The payload as received.", "Nội dung.", default=b"",
                              stored=False)
    method: str = describe("HTTP method.", "Phương thức HTTP.", default="GET", stored=False)
    request_headers: list = describe("Request headers, in wire order.", "Header yêu cầu.",
                                     default_factory=list, stored=False)
    response_headers: list = describe("Response headers, in wire order.", "Header phản hồi.",
                                      default_factory=list, stored=False)
    http_version: str = describe("HTTP version.", "Phiên bản HTTP.", default="HTTP/1.1",
                                 stored=False)
    ip: str | None = describe("Server IP address.", "Địa chỉ IP.", default=None, stored=False)
    discovered_from: str | None = describe(
        "The page whose link led here.", "Trang chứa liên kết dẫn tới.", default=None,
        stored=False)
    duration_ms: int | None = describe("Time taken, in milliseconds.",
                                       "Thời gian (mili giây).", default=None, stored=False)
    media_kind: str | None = describe("image or attachment, when the capture is an article's "
                                      "media.", "Loại tệp.", default=None, stored=False)

    @classmethod
    def of(cls, url, payload, *, status=200, headers=None, fetched_at=None, **fields):
        """A capture of ``payload`` fetched from ``url``, as an import or a test builds one
        (the crawl builds its own from the response, ``crawler.capture``)."""
        headers = {k: v if isinstance(v, list) else [v] for k, v in (headers or {}).items()}
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type")
        fields.setdefault("article_id", article_id_of(url))
        return cls(url=url, status=status, fetched_at=fetched_at or iso(archive_now()),
                   digest=payload_digest(payload), size=len(payload),
                   content_type=content_type[0] if content_type else None, headers=headers,
                   payload=payload, response_headers=[(k, v) for k, vs in headers.items()
                                                      for v in vs], **fields)

    @property
    def is_article(self) -> bool:
        return self.article_id is not None

    @property
    def location(self) -> str | None:
        """Where a redirect points (its Location header, as sent), or None."""
        if not 300 <= self.status < 400:
            return None
        values = {k.lower(): v for k, v in self.headers.items()}.get("location")
        return values[0] if values else None


RUN_STATUSES = ("running", "ok", "failed", "interrupted")
RUN_COUNTS = ("new", "changed", "unchanged", "removed", "failed", "flagged", "media")


@dataclass
class CrawlRun:
    """One crawl run, with its outcome and counts (kept up to date while it runs)."""

    id: int | None = describe("Run number.", "Số thứ tự lượt.", default=None)
    started_at: str | None = describe(f"Start. {TIME_EN}.", f"Bắt đầu ({TIME_VI}).",
                                      default=None)
    ended_at: str | None = describe(f"End; empty while running or if killed. {TIME_EN}.",
                                    f"Kết thúc; trống nếu đang chạy hoặc bị dừng ({TIME_VI}).",
                                    default=None)
    site: str | None = describe("The site crawled (live, or a mirror's URL).",
                                "Trang được thu thập (cổng thật hoặc bản sao).", default=None)
    options: dict = describe("The run's options, as a JSON object.",
                             "Tùy chọn của lượt (JSON).", default_factory=dict)
    status: str = describe(", ".join(RUN_STATUSES) + ".",
                           "running, ok, failed hoặc interrupted.", default="running")
    message: str = describe("Why a run failed or looks wrong, and what it cut.",
                            "Lý do lượt lỗi hoặc bất thường.", default="")
    requests: int = describe("HTTP requests made.", "Số yêu cầu HTTP.", default=0)
    articles_seen: int = describe("Article pages stored (new, changed or unchanged).",
                                  "Số trang bài viết đã lưu.", default=0)
    new: int = describe("Articles new to the archive.", "Bài mới.", default=0)
    changed: int = describe("Articles whose content changed.", "Bài có nội dung thay đổi.",
                            default=0)
    unchanged: int = describe("Articles re-checked without change (a 304 answer included).",
                              "Bài không đổi.", default=0)
    removed: int = describe("Articles found gone (404/410).", "Bài bị gỡ (404/410).",
                            default=0)
    failed: int = describe("Requests that failed, and pages that could not be stored.",
                           "Yêu cầu lỗi.", default=0)
    flagged: int = describe("Articles the extractor flagged.", "Bài bị trình trích xuất đánh dấu.",
                            default=0)
    cut: dict = describe(
        "What the crawl left out, by reason (trap guards: redirect-hops, redirect-loop, "
        "barren-branch, barren-run, query-variants, path-depth; caps: max-pages, max-articles; "
        "robots.txt; out-of-scope), as a JSON object of counts.",
        "Những gì bị bỏ qua bởi giới hạn chống bẫy (JSON).", default_factory=dict)
    media: int = describe("Images and attached documents fetched with their articles "
                          "(304 answers included).", "Số ảnh và tệp đính kèm đã tải.", default=0)


# -- tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: type  # int, str, float or bytes: what SQLite stores (JSON lists and objects: str)
    en: str
    vi: str
    json: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    en: str
    vi: str
    columns: tuple
    pk: str | None = "id"

    @property
    def column_types(self) -> dict:
        """``{name: type}`` in table order, as sqlite-utils creates tables."""
        return {c.name: c.type for c in self.columns}


_SQL_TYPES = {int: int, str: str, float: float, bytes: bytes, bool: int}


def columns_of(record) -> dict:
    """The stored fields of a record class as Columns, by name, in field order. Lists and
    dicts are stored as JSON text."""
    out = {}
    for f in fields(record):
        if not f.metadata.get("stored", True):
            continue
        kind = eval(f.type, {}, {}) if isinstance(f.type, str) else f.type  # noqa: S307
        options = [a for a in getattr(kind, "__args__", (kind,)) if a is not type(None)]
        if getattr(kind, "__origin__", None) is list:  # list[str]
            options = [list]
        base = getattr(options[0], "__origin__", options[0])
        is_json = base in (list, dict)
        out[f.name] = Column(f.name, str if is_json else _SQL_TYPES[base], f.metadata["en"],
                             f.metadata["vi"], is_json)
    return out


def _col(name, type_, en, vi, json=False):
    return Column(name, type_, en, vi, json)


ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_A = columns_of(Article)
_C = columns_of(Capture)
_R = columns_of(CrawlRun)

ARTICLES = Table(
    "articles",
    "One row per article id: the latest extraction of its latest capture. Removed articles "
    "stay, with removed_at set; earlier versions are in article_revisions.",
    "Mỗi bài viết một dòng: bản trích xuất mới nhất. Bài bị gỡ vẫn được giữ (có removed_at); "
    "các phiên bản trước nằm trong article_revisions.",
    # Small columns first, long text last: sorting and faceting then read far fewer pages
    # (measured on a 200,000-article archive: column order halved those costs). Columns added
    # by a later release come at the end (SQLite appends them); the small ones are indexed.
    (
        _A["id"], _A["url"], _A["title"], _A["published_at"], _A["published_at_source"],
        _A["authors"], _A["byline_source"], _A["source"], _A["category"], _A["flags"],
        _col("first_seen_at", str, f"When the archive first captured the article. {TIME_EN}.",
             f"Lần đầu thu thập ({TIME_VI})."),
        _col("last_fetched_at", str, f"When it was last fetched. {TIME_EN}.",
             f"Lần thu thập gần nhất ({TIME_VI})."),
        _col("last_changed_at", str,
             f"When its content last changed (or was first seen). {TIME_EN}.",
             f"Lần nội dung thay đổi gần nhất ({TIME_VI})."),
        _col("removed_at", str,
             f"When the article was first found gone (404/410); empty while it is online. "
             f"{TIME_EN}.",
             f"Thời điểm phát hiện bài bị gỡ (404/410); trống nếu bài còn ({TIME_VI})."),
        _col("capture_id", int, "The capture (raw page, table captures) the fields come from.",
             "Bản lưu gốc (bảng captures) mà các trường được trích từ đó."),
        _col("captures", int, "How many times the article was fetched (304 answers included).",
             "Số lần thu thập bài."),
        _A["lead"], _A["images"], _A["captions"], _A["body"],
        _A["kind"], _A["layout"], _A["doc_type"], _A["doc_number"], _A["issued_on"],
        _A["issuer"], _A["summary"], _A["attachments"],
    ),
)

CONTENT_FIELDS = ("title", "published_at", "authors", "source", "category", "lead", "body",
                  "images", "captions", "kind", "doc_type", "doc_number", "issued_on", "issuer",
                  "summary", "attachments")

ARTICLE_REVISIONS = Table(
    "article_revisions",
    "The previous values of an article each time a re-capture or a re-parse changed it: "
    "nothing is overwritten without a trace.",
    "Giá trị cũ của bài viết mỗi khi lần thu thập lại phát hiện thay đổi (bài bị sửa).",
    (
        _col("id", int, "Revision number.", "Số thứ tự phiên bản."),
        _col("article_id", int, "The article (articles.id).", "Bài viết (articles.id)."),
        _col("replaced_at", str, f"When these values were replaced by newer ones. {TIME_EN}.",
             f"Thời điểm các giá trị này bị thay thế ({TIME_VI})."),
        _col("reason", str,
             "What brought the change: recapture (the page changed on the site) or reparse (a "
             "newer extractor read the same page differently).",
             "Lý do: recapture (trang trên cổng đã thay đổi) hoặc reparse (trình trích xuất mới "
             "đọc lại trang cũ)."),
        _col("changed_fields", str, "Which fields changed, as a JSON list.",
             "Các trường đã thay đổi (danh sách JSON).", json=True),
        _col("from_capture_id", int, "The capture these old values came from.",
             "Bản lưu gốc của các giá trị cũ."),
        _col("to_capture_id", int, "The capture that replaced them.", "Bản lưu gốc thay thế."),
        *(Column(f, str, f"The previous {f} (see articles.{f}).", f"Giá trị cũ của {f}.",
                 _A[f].json) for f in CONTENT_FIELDS),
    ),
)

CAPTURES = Table(
    "captures",
    "Every page fetched, kept as fetched: URL, status, headers, time and where its WARC record "
    "is. Open one as a page with /-/capture/ID.",
    "Mọi trang đã tải về, giữ nguyên: địa chỉ, mã trạng thái, header, thời điểm và vị trí bản "
    "ghi WARC. Xem một trang tại /-/capture/ID.",
    (
        _C["id"], _C["run_id"], _C["fetched_at"], _C["url"], _C["status"], _C["article_id"],
        _C["content_type"], _C["digest"], _C["size"], _C["warc_filename"], _C["warc_offset"],
        _C["warc_record_id"], _C["warc_record_type"], _C["revisit_of"], _C["headers"],
        _col("body", bytes,
             "Empty: the raw bytes are in the WARC record. Only a capture of an earlier release "
             "whose WARC record could not be verified keeps its bytes here, zlib-compressed.",
             "Trống: nội dung gốc nằm trong bản ghi WARC."),
        _C["warc_length"],
    ),
)

CRAWL_RUNS = Table(
    "crawl_runs",
    "One row per crawl run, with its outcome and counts.",
    "Mỗi lượt thu thập một dòng, kèm kết quả và số liệu.",
    tuple(_R.values()),
)

CRAWL_LOG = Table(
    "crawl_log",
    "One row per request outcome, failures and cut links included.",
    "Mỗi yêu cầu một dòng, kể cả yêu cầu lỗi.",
    (
        _col("id", int, "Log entry number.", "Số thứ tự."),
        _col("run_id", int, "The crawl run (crawl_runs.id).", "Lượt thu thập."),
        _col("time", str, f"When. {TIME_EN}.", f"Thời điểm ({TIME_VI})."),
        _col("url", str, "The URL requested.", "Địa chỉ yêu cầu."),
        _col("status", int, "HTTP status, empty if no response.", "Mã trạng thái HTTP."),
        _col("bytes", int, "Response size in bytes.", "Kích thước phản hồi (byte)."),
        _col("digest", str, "SHA-1 of the payload (sha1:...).", "Mã băm nội dung."),
        _col("duration_ms", int, "Time taken, in milliseconds.", "Thời gian (mili giây)."),
        _col("discovered_from", str, "The page whose link led here.",
             "Trang chứa liên kết dẫn tới."),
        _col("outcome", str,
             "fetched, unchanged, removed, not-found, failed, or trap (cut by a trap guard; "
             "links refused by robots.txt or out of scope are counted in crawl_runs.cut).",
             "fetched, unchanged, removed, not-found, failed, trap."),
        _col("message", str, "Error or note.", "Lỗi hoặc ghi chú."),
        _col("capture_id", int, "The capture recorded, if any.", "Bản lưu đã ghi (nếu có)."),
    ),
)

FRONTIER = Table(
    "frontier",
    "URLs a crawl has scheduled and not fetched yet: a stopped or killed crawl resumes from "
    "here.",
    "Các địa chỉ đã lên lịch nhưng chưa tải: lượt bị dừng sẽ tiếp tục từ đây.",
    (
        _col("url", str, "The URL scheduled.", "Địa chỉ đã lên lịch."),
        _col("run_id", int, "The run that scheduled it.", "Lượt đã lên lịch."),
        _col("scheduled_at", str, f"When. {TIME_EN}.", f"Thời điểm ({TIME_VI})."),
        _col("discovered_from", str, "The page whose link led here.",
             "Trang chứa liên kết dẫn tới."),
        _col("state", str, "pending or done.", "pending (chờ) hoặc done (xong)."),
        _col("media", str, "image or attachment for a media request; empty for a page.",
             "image (ảnh) hoặc attachment (tệp đính kèm) nếu là tệp; để trống nếu là trang."),
    ),
    pk="url",
)

URL_ALIASES = Table(
    "url_aliases",
    "Other URLs that led to an article (legacy addresses answering 301), so a crawl knows "
    "where such a link goes without fetching it.",
    "Các địa chỉ khác dẫn tới một bài viết (địa chỉ cũ chuyển hướng 301).",
    (
        _col("url", str, "The other URL (canonical form).", "Địa chỉ khác (dạng chuẩn)."),
        _col("article_id", int, "The article it leads to (articles.id).",
             "Bài viết mà địa chỉ dẫn tới."),
        _col("seen_at", str, f"When the redirect was seen. {TIME_EN}.",
             f"Thời điểm ghi nhận chuyển hướng ({TIME_VI})."),
    ),
    pk="url",
)

MEDIA = Table(
    "media",
    "Every image and attached document an archived article references, once per URL, with "
    "the capture that holds its bytes. Open one with /-/media/ID.",
    "Ảnh và tệp đính kèm của các bài viết, mỗi địa chỉ một dòng, kèm bản lưu chứa nội dung.",
    (
        _col("id", int, "Media number.", "Số thứ tự."),
        _col("url", str, "The URL it was fetched from.", "Địa chỉ đã tải."),
        _col("kind", str, "image or attachment.", "image (ảnh) hoặc attachment (tệp đính kèm)."),
        _col("content_type", str, "The Content-Type header as served.", "Header Content-Type."),
        _col("size", int, "Size in bytes.", "Kích thước (byte)."),
        _col("digest", str, "SHA-1 of the bytes, base32 (sha1:...), as in WARC files.",
             "Mã băm SHA-1 của nội dung."),
        _col("width", int, "Image width in pixels, read from the file.", "Chiều rộng ảnh (px)."),
        _col("height", int, "Image height in pixels, read from the file.", "Chiều cao ảnh (px)."),
        _col("status", int, "HTTP status of its last fetch.", "Mã trạng thái HTTP lần tải gần nhất."),
        _col("capture_id", int, "The latest capture holding its bytes (captures.id).",
             "Bản lưu chứa nội dung (captures.id)."),
        _col("first_seen_at", str, f"When it was first fetched. {TIME_EN}.",
             f"Lần đầu tải ({TIME_VI})."),
        _col("last_seen_at", str, f"When it was last fetched. {TIME_EN}.",
             f"Lần tải gần nhất ({TIME_VI})."),
    ),
)

ARTICLE_MEDIA = Table(
    "article_media",
    "Which article references which image or document (one row per article, URL and role).",
    "Bài viết nào tham chiếu ảnh hoặc tệp nào.",
    (
        _col("article_id", int, "The article (articles.id).", "Bài viết (articles.id)."),
        _col("url", str, "The image or document (media.url).", "Ảnh hoặc tệp (media.url)."),
        _col("role", str, "image or attachment.", "image hoặc attachment."),
        _col("position", int, "Its order on the page.", "Thứ tự trên trang."),
    ),
    pk=None,
)

ATTACHMENTS = Table(
    "attachments",
    "The text of every attached document (PDF, DOCX, XLS(X)...), extracted for search; one "
    "row per document URL. Articles are linked through article_media; the view "
    "article_attachments joins them.",
    "Nội dung văn bản của các tệp đính kèm (để tìm kiếm).",
    (
        _col("url", str, "The document's URL (media.url).", "Địa chỉ tệp."),
        _col("digest", str, "SHA-1 of the bytes the text was read from.", "Mã băm nội dung."),
        _col("format", str, "What the bytes are: pdf, doc, docx, xls, xlsx (whatever the URL "
             "or Content-Type said).", "Định dạng tệp."),
        _col("text", str, "The document's text, NFC; legacy TCVN3/VNI fonts converted.",
             "Nội dung văn bản (đã chuyển mã TCVN3/VNI)."),
        _col("pages", int, "Pages (PDF) or sheets (spreadsheets), when known.",
             "Số trang."),
        _col("extractor", str, "The library (and version) that read it.", "Thư viện đã đọc."),
        _col("encoding", str, "unicode, tcvn3, vni, or undecodable.",
             "Bảng mã: unicode, tcvn3, vni hoặc không giải mã được."),
        _col("errors", str, "What went wrong reading it, as a JSON list (empty when nothing).",
             "Lỗi khi đọc (danh sách JSON).", json=True),
        _col("flags", str, "What to know about it, as a JSON list: too_large, empty, "
             "unsupported, type_mismatch, corrupt, partial, encrypted, password, zip_bomb, "
             "timeout, memory, crashed, no_text (a scan: no OCR), undecodable, truncated_text.",
             "Cảnh báo khi đọc (danh sách JSON).", json=True),
        _col("extracted_at", str, f"When the text was extracted. {TIME_EN}.",
             f"Thời điểm trích xuất ({TIME_VI})."),
    ),
    pk="url",
)

SCHEMA_STEPS = Table(
    "_sqlite_migrations",
    "The archive's schema steps, each applied once, in order: how an archive written by an "
    "earlier release is upgraded in place (sqlite-utils Migrations).",
    "Các bước nâng cấp lược đồ cơ sở dữ liệu đã áp dụng.",
    (
        _col("id", int, "Step number, in the order applied.", "Số thứ tự."),
        _col("migration_set", str, "Always thanhuy-archive.", "Luôn là thanhuy-archive."),
        _col("name", str, "The step (001_release_0_1_0, ...).", "Tên bước."),
        _col("applied_at", str, "When it was applied (UTC).", "Thời điểm áp dụng (UTC)."),
    ),
)

TABLES = {t.name: t for t in (CRAWL_RUNS, CAPTURES, CRAWL_LOG, ARTICLES, ARTICLE_REVISIONS,
                              FRONTIER, URL_ALIASES, MEDIA, ARTICLE_MEDIA, ATTACHMENTS,
                              SCHEMA_STEPS)}


def to_row(record, table: Table) -> dict:
    """A record's (or a dict's) stored fields as a row of ``table``, JSON columns serialised;
    columns the record does not have are left out."""
    values = record if isinstance(record, dict) else vars(record)
    row = {}
    for column in table.columns:
        if column.name not in values:
            continue
        value = values[column.name]
        if column.json and not isinstance(value, str):
            value = json.dumps(value if value is not None else [], ensure_ascii=False)
        row[column.name] = value
    return row
