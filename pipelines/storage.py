"""The archive: one SQLite file, its versioned schema, and every write made to it.

Tables are those of ``thanhuy_archive.records`` (their columns and meanings are defined
there): ``articles``, ``article_revisions``, ``captures``, ``crawl_runs``, ``crawl_log``,
``frontier``, ``url_aliases``, plus the full-text indexes ``articles_fts`` (accent-insensitive)
and ``articles_exact_fts`` (accent-exact).

The schema is versioned: :data:`MIGRATIONS` (sqlite-utils ``Migrations``) are numbered steps,
each applied once and recorded in ``_sqlite_migrations``, so an archive written by an earlier
release is upgraded in place when it is opened for writing. The first step is the schema of
release 0.1.0, which created its tables without recording a version.

Every write is one transaction, and the database runs in WAL mode so Datasette can read while a
crawl writes. Nothing is ever deleted: a removed article is marked ``removed_at``.

>>> archive = Archive(":memory:")
>>> run = archive.start_run(site="http://127.0.0.1:8000/")
>>> archive.store_article(Article(id=1491871594, url="u", title="Tin"), capture_id=None,
...                       run_id=run).outcome
'new'
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import sqlite_utils
from sqlite_utils.migrations import Migrations

from crawler.urls import article_id as article_id_of, canonical_url
from pipelines.media import image_size
from pipelines.warc import RevisitTarget, WarcWriter, read_payload, recover
from thanhuy_archive.records import (
    ARTICLES, ATTACHMENTS, CAPTURES, CONTENT_FIELDS, DOUBT_FLAGS, RUN_COUNTS, Article, Capture,
    archive_now, iso, to_row,
)

# remove_diacritics 2 folds letters carrying two marks (dân vận -> dan van). No tokenizer folds
# đ: the query side looks for a word typed with d with đ too (thanhuy_archive.search), so
# "dang" finds "Đảng" and "dạng" while "đảng" finds only words written with đ.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
SEARCH_COLUMNS = ("title", "lead", "body")
# The columns release 0.1.0 indexed: the text, and an accent-free copy of it kept in articles.
SEARCH_COLUMNS_0_1_0 = ("title", "lead", "body", "search_folded")
EXACT_FTS = "articles_exact_fts"
EXACT_TOKENIZE = "unicode61 remove_diacritics 0"
EXACT_COLUMNS = ("title", "lead", "body")

SQLITE_HEADER = b"SQLite format 3\x00"
# A write waits this long for another writer (a second process holding the archive) before it
# fails. Writes run on the pipeline's writer thread, so the wait never blocks the crawl.
BUSY_TIMEOUT_MS = 60_000


class ArchiveError(Exception):
    """A file that cannot be used as (a writable) archive; the message is one line."""


class Stored(NamedTuple):
    outcome: str  # new, changed, unchanged
    changed_fields: list


@dataclass
class CrawlState:
    """What an incremental crawl needs to know of the archive when it starts (read by the
    crawl's policy, ``crawler.policy``)."""

    known: dict = field(default_factory=dict)  # article id -> KnownArticle
    dead: set = field(default_factory=set)  # ids that answered 404/410, never archived
    aliases: dict = field(default_factory=dict)  # canonical URL -> article id it leads to
    # (url, discovered_from, media kind or None) a stopped crawl left
    pending: list = field(default_factory=list)
    media: dict = field(default_factory=dict)  # media URL -> (etag, last-modified)
    # (url, role, article URL) of images and documents archived articles reference that no
    # crawl has had an answer for yet (a crawl stopped first, --no-media, a network error)
    unfetched_media: list = field(default_factory=list)
    # ids of articles no crawl with images and documents has fetched whole (--no-media, 0.1.0)
    media_unknown: set = field(default_factory=set)


class KnownArticle(NamedTuple):
    url: str
    published_at: str | None
    first_seen_at: str | None
    last_fetched_at: str | None
    removed_at: str | None
    etag: str | None
    last_modified: str | None


# -- schema -----------------------------------------------------------------------------------

MIGRATIONS = Migrations("thanhuy-archive")


@MIGRATIONS(name="001_release_0_1_0")
def _schema_of_release_0_1_0(db):
    """The tables as release 0.1.0 created them. Frozen: later changes are later steps. On an
    archive written by 0.1.0 (which recorded no version) every statement is a no-op."""
    db["crawl_runs"].create(
        {"id": int, "started_at": str, "ended_at": str, "site": str, "options": str,
         "status": str, "message": str, "requests": int, "articles_seen": int, "new": int,
         "changed": int, "unchanged": int, "removed": int, "failed": int, "flagged": int},
        pk="id", if_not_exists=True)
    db["captures"].create(
        {"id": int, "run_id": int, "fetched_at": str, "url": str, "status": int,
         "article_id": int, "content_type": str, "digest": str, "size": int,
         "warc_filename": str, "warc_offset": int, "warc_record_id": str,
         "warc_record_type": str, "revisit_of": int, "headers": str, "body": bytes},
        pk="id", foreign_keys=[("run_id", "crawl_runs", "id")], if_not_exists=True)
    db["crawl_log"].create(
        {"id": int, "run_id": int, "time": str, "url": str, "status": int, "bytes": int,
         "digest": str, "duration_ms": int, "discovered_from": str, "outcome": str,
         "message": str, "capture_id": int},
        pk="id", foreign_keys=[("run_id", "crawl_runs", "id")], if_not_exists=True)
    db["articles"].create(
        {"id": int, "url": str, "title": str, "published_at": str, "published_at_source": str,
         "authors": str, "byline_source": str, "source": str, "category": str, "flags": str,
         "first_seen_at": str, "last_fetched_at": str, "last_changed_at": str,
         "removed_at": str, "capture_id": int, "captures": int, "lead": str, "images": str,
         "captions": str, "body": str, "search_folded": str},
        pk="id", not_null={"url"}, foreign_keys=[("capture_id", "captures", "id")],
        if_not_exists=True)
    db["article_revisions"].create(
        {"id": int, "article_id": int, "replaced_at": str, "reason": str,
         "changed_fields": str, "from_capture_id": int, "to_capture_id": int, "title": str,
         "published_at": str, "authors": str, "source": str, "category": str, "lead": str,
         "body": str, "images": str, "captions": str},
        pk="id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    db["frontier"].create(
        {"url": str, "run_id": int, "scheduled_at": str, "discovered_from": str, "state": str},
        pk="url", if_not_exists=True)
    db["url_aliases"].create({"url": str, "article_id": int, "seen_at": str}, pk="url",
                             if_not_exists=True)
    for table, cols in (("frontier", ["state"]), ("captures", ["url"]),
                        ("captures", ["article_id"]), ("crawl_log", ["run_id"]),
                        ("articles", ["published_at"]), ("article_revisions", ["article_id"])):
        db[table].create_index(cols, if_not_exists=True)
    if "articles_fts" not in db.table_names():
        db["articles"].enable_fts(list(SEARCH_COLUMNS_0_1_0), create_triggers=True,
                                  tokenize=FTS_TOKENIZE)
    _create_exact_index(db)
    for name, expression in (
        ("idx_articles_published_year", "substr(published_at, 1, 4)"),
        ("idx_articles_published_month", "substr(published_at, 1, 7)"),
        ("idx_articles_facets", "category, source, substr(published_at, 1, 4)"),
    ):
        db.execute(f"CREATE INDEX IF NOT EXISTS [{name}] ON articles({expression})")
    for column in ("category", "source", "authors", "flags", "removed_at"):
        db["articles"].create_index([column], if_not_exists=True)


def _create_exact_index(db):
    """The accent-exact index: an external-content FTS5 index of ``articles`` (no second copy
    of the text), kept by plain-SQL triggers so that any connection may write ``articles``."""
    if EXACT_FTS in db.table_names():
        return
    cols = ", ".join(f"[{c}]" for c in EXACT_COLUMNS)
    new = ", ".join(f"new.[{c}]" for c in EXACT_COLUMNS)
    old = ", ".join(f"old.[{c}]" for c in EXACT_COLUMNS)
    db.execute(f"CREATE VIRTUAL TABLE [{EXACT_FTS}] USING fts5({cols}, content='articles', "
               f"content_rowid='id', tokenize='{EXACT_TOKENIZE}')")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS [{EXACT_FTS}_ai] AFTER INSERT ON articles BEGIN "
               f"INSERT INTO [{EXACT_FTS}] (rowid, {cols}) VALUES (new.id, {new}); END")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS [{EXACT_FTS}_ad] AFTER DELETE ON articles BEGIN "
               f"INSERT INTO [{EXACT_FTS}] ([{EXACT_FTS}], rowid, {cols}) "
               f"VALUES ('delete', old.id, {old}); END")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS [{EXACT_FTS}_au] AFTER UPDATE OF {cols} ON "
               f"articles BEGIN INSERT INTO [{EXACT_FTS}] ([{EXACT_FTS}], rowid, {cols}) "
               f"VALUES ('delete', old.id, {old}); INSERT INTO [{EXACT_FTS}] (rowid, {cols}) "
               f"VALUES (new.id, {new}); END")
    db.execute(f"INSERT INTO [{EXACT_FTS}] ([{EXACT_FTS}]) VALUES ('rebuild')")


# Columns release 0.2.0 adds, in this order (appended: SQLite adds columns at the end).
NEW_ARTICLE_COLUMNS_0_2_0 = ("kind", "layout", "doc_type", "doc_number", "issued_on", "issuer",
                             "summary", "attachments")


@MIGRATIONS(name="002_release_0_2_0")
def _kinds_documents_and_run_cuts(db):
    """Article kinds, document metadata and attachments (issue 10), what a run's trap guards
    cut; and the full-text trigger re-indexes an article only when its text changes (before,
    every update re-indexed it: a re-check or a no-op re-parse grew the index)."""
    for name in NEW_ARTICLE_COLUMNS_0_2_0:
        db["articles"].add_column(name, str)
        if name != "layout":  # how the page was read, not its content: no revision
            db["article_revisions"].add_column(name, str)
    db["crawl_runs"].add_column("cut", str)
    for column in ("kind", "layout", "doc_type", "issued_on"):
        db["articles"].create_index([column], if_not_exists=True)
    cols = ", ".join(f'"{c}"' for c in SEARCH_COLUMNS_0_1_0)
    old = ", ".join(f'old."{c}"' for c in SEARCH_COLUMNS_0_1_0)
    new = ", ".join(f'new."{c}"' for c in SEARCH_COLUMNS_0_1_0)
    db.execute('DROP TRIGGER IF EXISTS "articles_au"')
    db.execute(f'CREATE TRIGGER "articles_au" AFTER UPDATE OF {cols} ON "articles" BEGIN '
               f'INSERT INTO "articles_fts" ("articles_fts", rowid, {cols}) '
               f"VALUES('delete', old.rowid, {old}); "
               f'INSERT INTO "articles_fts" (rowid, {cols}) VALUES (new.rowid, {new}); END')


@MIGRATIONS(name="003_media_and_attachments")
def _media_and_attachments(db):
    """Images and attached documents captured with their articles (issue 11): the media, which
    article references which, the documents' text and its full-text index; where each WARC
    record ends; how many media files a run stored."""
    db["media"].create(
        {"id": int, "url": str, "kind": str, "content_type": str, "size": int, "digest": str,
         "width": int, "height": int, "status": int, "capture_id": int, "first_seen_at": str,
         "last_seen_at": str},
        pk="id", not_null={"url"}, if_not_exists=True)
    db["media"].create_index(["url"], unique=True, if_not_exists=True)
    db["media"].create_index(["digest"], if_not_exists=True)
    db["article_media"].create({"article_id": int, "url": str, "role": str, "position": int},
                               if_not_exists=True)
    db["article_media"].create_index(["article_id", "url", "role"], unique=True,
                                     if_not_exists=True)
    db["article_media"].create_index(["url"], if_not_exists=True)
    db["attachments"].create(
        {"url": str, "digest": str, "format": str, "text": str, "pages": int,
         "extractor": str, "encoding": str, "errors": str, "flags": str, "extracted_at": str},
        pk="url", if_not_exists=True)
    _folded_index(db, "attachments", "rowid", ("text",))
    db.execute("CREATE VIEW IF NOT EXISTS article_attachments AS SELECT m.article_id, "
               "a.url, a.format, a.text, a.pages, a.extractor, a.encoding, a.errors, a.flags "
               "FROM article_media m JOIN attachments a ON a.url = m.url "
               "WHERE m.role = 'attachment'")
    db["captures"].add_column("warc_length", int)
    db["crawl_runs"].add_column("media", int)


@MIGRATIONS(name="004_raw_bytes_only_in_warc", transactional=False)
def _raw_bytes_only_in_warc(db):
    """Release 0.1.0 kept every capture's bytes twice, zlib in SQLite and gzip in WARC. The
    WARC record becomes the one copy: a capture's SQLite copy is dropped only once its WARC
    record was read back and found identical (same digest); one that cannot be verified keeps
    its bytes. (Step 6 compacts the file.)"""
    folder = _warc_dir_of(db)
    ids = [r[0] for r in db.execute("SELECT id FROM captures WHERE body IS NOT NULL")]
    for start in range(0, len(ids), 500):
        with db.conn:
            for capture_id in ids[start:start + 500]:
                row = db["captures"].get(capture_id)
                verified = _verified_length(folder, row)
                if verified is not None:
                    db.execute("UPDATE captures SET body = NULL, warc_length = ? WHERE id = ?",
                               [verified, capture_id])
    with db.conn:
        for row in list(db.query("SELECT id, warc_filename, warc_offset FROM captures "
                                 "WHERE warc_length IS NULL AND warc_filename IS NOT NULL")):
            try:
                _, used = read_payload(folder / row["warc_filename"], row["warc_offset"])
            except (OSError, ValueError, zlib.error):
                continue
            db.execute("UPDATE captures SET warc_length = ? WHERE id = ?", [used, row["id"]])



def _warc_dir_of(db):
    (name, path), = [(r[1], r[2]) for r in db.execute("PRAGMA database_list") if r[1] == "main"]
    return warc_dir_for(path) if path else None


def _verified_length(folder, row):
    """The compressed length of a capture's WARC record when its payload equals the bytes
    kept in SQLite, else None."""
    if folder is None or not row["warc_filename"] or row["warc_record_type"] != "response":
        return None
    try:
        payload, used = read_payload(folder / row["warc_filename"], row["warc_offset"])
        same = payload == zlib.decompress(row["body"])
    except (OSError, ValueError, zlib.error):
        return None
    return used if same else None


def _folded_index(db, table, key, columns):
    """The accent-insensitive full-text index ``<table>_fts`` of ``columns``: contentless, so
    the text is not copied (the table has it), fed by plain-SQL triggers, so any connection
    may write the table. Only the index's rowid (the row's ``key``) and its ranking are ever
    read from it."""
    fts = f"{table}_fts"
    cols = ", ".join(f"[{c}]" for c in columns)
    values = lambda row: ", ".join(f"{row}.[{c}]" for c in columns)  # noqa: E731
    for suffix in ("ai", "ad", "au"):
        db.execute(f"DROP TRIGGER IF EXISTS [{table}_{suffix}]")
    db.execute(f"DROP TABLE IF EXISTS [{fts}]")
    db.execute(f"CREATE VIRTUAL TABLE [{fts}] USING fts5({cols}, content='', "
               f"tokenize='{FTS_TOKENIZE}')")
    db.execute(f"INSERT INTO [{fts}] (rowid, {cols}) SELECT {key}, {values(table)} "
               f"FROM [{table}]")
    db.execute(f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN "
               f"INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.{key}, {values('new')}); END")
    db.execute(f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN "
               f"INSERT INTO [{fts}] ([{fts}], rowid, {cols}) "
               f"VALUES ('delete', old.{key}, {values('old')}); END")
    db.execute(f"CREATE TRIGGER [{table}_au] AFTER UPDATE OF {cols} ON [{table}] BEGIN "
               f"INSERT INTO [{fts}] ([{fts}], rowid, {cols}) "
               f"VALUES ('delete', old.{key}, {values('old')}); "
               f"INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.{key}, {values('new')}); END")


@MIGRATIONS(name="005_one_copy_of_the_text")
def _one_copy_of_the_text(db):
    """The accent-free copy of every article (``search_folded``, a third of the file) goes: a
    query looks for a word typed with d with đ as well instead. The accent-insensitive index
    becomes contentless (Datasette then leaves ``?_search=`` on articles to the archive's own
    filter). Sorting and keyset paging newest first read an index instead of the table."""
    _folded_index(db, "articles", "id", SEARCH_COLUMNS)
    db.execute("ALTER TABLE articles DROP COLUMN search_folded")
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_published_at_desc "
               "ON articles(published_at DESC)")
    db.execute("DROP INDEX IF EXISTS idx_articles_published_at")  # the one above serves both
    # The facet indexes end with published_at, so they also cover a page's keyset clause.
    for name, expression in (
        ("idx_articles_facets", "category, source, substr(published_at, 1, 4), published_at"),
        ("idx_articles_published_year", "substr(published_at, 1, 4), published_at"),
        ("idx_articles_published_month", "substr(published_at, 1, 7), published_at"),
    ):
        db.execute(f"DROP INDEX IF EXISTS [{name}]")
        db.execute(f"CREATE INDEX [{name}] ON articles({expression})")


@MIGRATIONS(name="006_compact", transactional=False)
def _compact(db):
    """Give back the space the dropped copies held, and from now on the space each run frees
    (its frontier: see Archive.settle_frontier)."""
    if _warc_dir_of(db) is not None:  # a file, not an in-memory archive
        db.execute(f"PRAGMA auto_vacuum = {AUTO_VACUUM}")
        db.execute("VACUUM")


@MIGRATIONS(name="007_frontier_remembers_media")
def _frontier_remembers_media(db):
    """The frontier keeps the kind of each media request: a crawl stopped before an article's
    links were stored resumes its pending images and documents as media, not as pages. Rows
    written before name none: the archive's media and links tell which URLs are files."""
    db["frontier"].add_column("media", str)
    db.execute("UPDATE frontier SET media = coalesce("
               "(SELECT kind FROM media m WHERE m.url = frontier.url), "
               "(SELECT min(role) FROM article_media am WHERE am.url = frontier.url))")


@MIGRATIONS(name="008_captures_by_digest")
def _captures_by_digest(db):
    """Whether an image's bytes are archived already is asked by digest for every image a
    crawl fetches: without an index each asking read the whole captures table."""
    db["captures"].create_index(["digest"], if_not_exists=True)


SCHEMA_VERSION = len(MIGRATIONS._migrations)
# Pages freed by a run (its frontier rows) go back to the file system at the run's end.
AUTO_VACUUM = "INCREMENTAL"
# Tables every archive has had since release 0.1.0: how an unversioned archive is recognised.
RELEASE_0_1_0_TABLES = {"articles", "captures", "crawl_runs"}


def check_file(path, *, must_exist=False) -> None:
    """Raise ArchiveError (one line) when ``path`` cannot be an archive, before any byte is
    written to it: a folder, not SQLite, a damaged database, or someone else's database."""
    p = Path(path)
    if not p.exists():
        if must_exist:
            raise ArchiveError(f"no archive at {path} (run `thanhuy-archive crawl --db {path}` "
                               "first)")
        if not p.parent.resolve().is_dir():
            raise ArchiveError(f"folder {p.parent} does not exist")
        return
    if p.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive file")
    with open(p, "rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if not head:
        return  # an empty file: SQLite makes it a new database
    if head != SQLITE_HEADER:
        raise ArchiveError(f"{path} is not a SQLite database")
    tables = _tables_read_only(p)
    if tables and not (tables & RELEASE_0_1_0_TABLES == RELEASE_0_1_0_TABLES):
        shown = ", ".join(sorted(tables)[:5])
        raise ArchiveError(f"{path} is a SQLite database but not a thanhuy-archive archive "
                           f"(its tables: {shown})")


def _tables_read_only(path):
    try:
        conn = connect_read_only(path)
        try:
            return {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise ArchiveError(f"{path} is a damaged SQLite database ({e})") from None


def connect_read_only(path):
    """A connection that cannot write the file. On a file nobody can write (read-only file or
    folder) SQLite cannot keep WAL's shared memory beside it: then the file is opened as
    immutable, which is what it is."""
    uri = Path(path).resolve().as_uri()
    if writable(path):
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only = 1")
    return conn


def _validators(stored_headers) -> tuple:
    """(ETag, Last-Modified) of a capture's stored response headers (JSON), either None."""
    headers = {k.lower(): v for k, v in json.loads(stored_headers or "{}").items()}
    return (headers.get("etag") or [None])[0], (headers.get("last-modified") or [None])[0]


def warc_dir_for(db_path) -> Path:
    """WARC files live beside the archive: archive.db -> archive-warc/."""
    path = Path(db_path)
    return path.with_name(f"{path.stem}-warc")


def writable(path) -> bool:
    """Whether the archive (and its folder, where WAL keeps its files) may be written. The
    permission bits are honoured even for root: an archive made read-only is meant to stay
    as it is."""
    p = Path(path).resolve()
    return all(_may_write(x) for x in ([p.parent, p] if p.exists() else [p.parent]))


def check_writable(path) -> None:
    if not writable(path):
        raise ArchiveError(f"{path} is read-only: a crawl or re-parse needs to write it "
                           "(status and serve can read it)")


def _may_write(path) -> bool:
    return os.access(path, os.W_OK) and bool(os.stat(path).st_mode & 0o222)


class Archive:
    """An open archive: the SQLite file and its WARC files (``warc_dir``, by default beside it:
    archive.db -> archive-warc/). ``Archive(path)`` opens it for writing (creating or upgrading
    it); ``Archive(path, readonly=True)`` only reads and never writes a byte."""

    def __init__(self, path="archive.db", *, readonly=False, warc_dir=None):
        self.path = path
        self.readonly = readonly
        self.warc_dir = Path(warc_dir) if warc_dir else (
            None if path == ":memory:" else warc_dir_for(path))
        self._warc = None
        if path == ":memory:":
            self.db = sqlite_utils.Database(memory=True)
        else:
            check_file(path, must_exist=readonly)
            if readonly:
                self.db = sqlite_utils.Database(connect_read_only(path))
            else:
                check_writable(path)
                self.db = sqlite_utils.Database(sqlite3.connect(path, check_same_thread=False))
                self.db.enable_wal()
                # In WAL mode NORMAL is safe against a killed process (only a power cut may
                # lose the last commits) and saves an fsync per transaction.
                self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            if not self.db.table_names():  # a new archive: set before its first table
                self.db.execute(f"PRAGMA auto_vacuum = {AUTO_VACUUM}")
            MIGRATIONS.apply(self.db)

    def close(self):
        if self._warc is not None:
            self._warc.close()
        self.db.conn.close()

    def recover_warc(self) -> list:
        """Set aside a torn last record that a killed writer left; call before writing.

        Only the newest WARC file can be torn (a writer never appends to an older one), so
        only it is read: a start costs the same whatever the archive's size."""
        return recover(self.warc_dir, newest=1) if self.warc_dir else []

    @property
    def warc(self) -> WarcWriter:
        if self._warc is None:
            if self.warc_dir is None:
                raise ArchiveError("this archive has no folder for WARC files")
            self._warc = WarcWriter(self.warc_dir)
        return self._warc

    @property
    def schema_version(self) -> int:
        """How many schema steps this archive has had (1: as release 0.1.0 left it)."""
        applied = len(MIGRATIONS.applied(self.db))
        return applied or (1 if RELEASE_0_1_0_TABLES <= set(self.db.table_names()) else 0)

    # -- runs ---------------------------------------------------------------------------------

    def start_run(self, site, options=None, started_at=None) -> int:
        with self.db.conn:
            return self.db["crawl_runs"].insert(
                {"started_at": started_at or iso(archive_now()), "site": site,
                 "options": json.dumps(options or {}), "status": "running", "message": "",
                 "requests": 0, "articles_seen": 0, **dict.fromkeys(RUN_COUNTS, 0),
                 "cut": "{}"}).last_pk

    def end_run(self, run_id, status, message="", *, requests=None, cut=None):
        """Record how a run ended. On a full disk this is the one write that must still get
        through: if it fails, the write-ahead log is folded into the file and emptied (which
        frees the space it held) and the write is tried once more."""
        update = {"ended_at": iso(archive_now()), "status": status, "message": message}
        if requests is not None:
            update["requests"] = requests
        if cut is not None:
            update["cut"] = json.dumps(cut, sort_keys=True)
        try:
            with self.db.conn:
                self.db["crawl_runs"].update(run_id, update)
        except sqlite3.OperationalError:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with self.db.conn:
                self.db["crawl_runs"].update(run_id, update)

    def run(self, run_id) -> dict:
        return self.db["crawl_runs"].get(run_id)

    def close_dead_runs(self) -> list:
        """Mark runs left 'running' by a crawl that died as 'interrupted'; returns their ids.

        Call only while holding the crawl lock, so no live run is mistaken for a dead one."""
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM crawl_runs WHERE status = 'running'")]
        with self.db.conn:
            for run_id in ids:
                self.db["crawl_runs"].update(run_id, {
                    "status": "interrupted", "message": "the crawl died before it ended "
                    "(killed or lost power); the next crawl resumed its pending URLs"})
        return ids

    def totals(self) -> dict:
        one = lambda sql: self.db.execute(sql).fetchone()[0] or 0  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "removed": one("SELECT count(*) FROM articles WHERE removed_at IS NOT NULL"),
            "flagged": one("SELECT count(*) FROM articles WHERE flags NOT IN ('', '[]')"),
            "revisions": one("SELECT count(*) FROM article_revisions"),
            "captures": one("SELECT count(*) FROM captures"),
            "runs": one("SELECT count(*) FROM crawl_runs"),
            "pending": one("SELECT count(*) FROM frontier WHERE state = 'pending'"),
        }

    def recent_runs(self, limit=10) -> list:
        return list(self.db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]))

    def flagged_share(self, before_run) -> float:
        """The share of parsed articles flagged by the extractor in earlier successful runs."""
        flagged, parsed = self.db.execute(
            "SELECT sum(flagged), sum(new) + sum(changed) FROM crawl_runs "
            "WHERE id < ? AND status = 'ok'", [before_run]).fetchone()
        return (flagged or 0) / parsed if parsed else 0.0

    def _count(self, run_id, **increments):
        if run_id is None or not increments:
            return
        sets = ", ".join(f"[{k}] = coalesce([{k}], 0) + ?" for k in increments)
        self.db.execute(f"UPDATE crawl_runs SET {sets} WHERE id = ?",
                        [*increments.values(), run_id])

    # -- the crawl's state and its frontier ----------------------------------------------------

    def crawl_state(self) -> CrawlState:
        state = CrawlState()
        for row in self.db.query(
            "SELECT a.id, a.url, a.published_at, a.first_seen_at, a.last_fetched_at, "
            "a.removed_at, c.headers FROM articles a LEFT JOIN captures c ON c.id = a.capture_id"
        ):
            state.known[row["id"]] = KnownArticle(
                row["url"], row["published_at"], row["first_seen_at"], row["last_fetched_at"],
                row["removed_at"], *_validators(row["headers"]))
        state.dead = {r[0] for r in self.db.execute(
            "SELECT DISTINCT article_id FROM captures WHERE status IN (404, 410) "
            "AND article_id IS NOT NULL AND article_id NOT IN (SELECT id FROM articles)")}
        state.aliases = {r[0]: r[1] for r in self.db.execute(
            "SELECT url, article_id FROM url_aliases")}
        for row in self.db.query("SELECT m.url, c.headers FROM media m LEFT JOIN captures c "
                                 "ON c.id = m.capture_id WHERE m.status = 200"):
            state.media[row["url"]] = _validators(row["headers"])
        state.pending = [tuple(r) for r in self.db.execute(
            "SELECT url, discovered_from, media FROM frontier WHERE state = 'pending' "
            "ORDER BY scheduled_at, rowid")]
        state.unfetched_media = [tuple(r) for r in self.db.execute(
            "SELECT am.url, min(am.role), min(a.url) FROM article_media am "
            "JOIN articles a ON a.id = am.article_id "
            "WHERE NOT EXISTS (SELECT 1 FROM media m WHERE m.url = am.url) "
            "GROUP BY am.url ORDER BY min(am.article_id), min(am.position)")]
        state.media_unknown = {r[0] for r in self.db.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM captures c "
            "JOIN crawl_runs r ON r.id = c.run_id WHERE c.article_id = a.id AND c.status = 200 "
            "AND json_extract(r.options, '$.ARCHIVE_MEDIA'))")}
        return state

    def schedule(self, url, *, run_id, discovered_from=None, scheduled_at=None, media=None):
        """A URL the crawl will fetch: pending until its answer is stored. ``media``: the kind
        (image, attachment) of a media request, so that a resumed crawl fetches it as one."""
        with self.db.conn:
            self.db.execute(
                "INSERT INTO frontier (url, run_id, scheduled_at, discovered_from, state, media) "
                "VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT(url) DO UPDATE SET "
                "run_id = excluded.run_id, state = 'pending', "
                "media = coalesce(excluded.media, media)",
                [url, run_id, scheduled_at or iso(archive_now()), discovered_from, media])

    def _done(self, url):
        self.db.execute("UPDATE frontier SET state = 'done' WHERE url = ?", [url])

    def settle_frontier(self, *, finished):
        """After a run: a run that finished leaves nothing pending (the frontier is emptied);
        one that stopped early keeps its pending URLs for the next crawl."""
        with self.db.conn:
            if finished:
                self.db.execute("DELETE FROM frontier")
            else:
                self.db.execute("DELETE FROM frontier WHERE state = 'done'")
        # The pages freed go back to the disk. (Through executescript: stepped to its end,
        # the pragma frees every free page; a cursor would step it once, freeing one.)
        self.db.conn.executescript("PRAGMA incremental_vacuum;")

    def pending_count(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM frontier WHERE state = 'pending'").fetchone()[0]

    # -- what a crawl fetched ------------------------------------------------------------------

    def revisit_target(self, capture: Capture):
        """The latest full capture of the same article (or URL) that a WARC revisit record can
        refer to: for a 304, the content it confirms; otherwise one with the same payload.
        None when there is none (a full record is written)."""
        if capture.media_kind and capture.status != 304:
            # The same picture under two names (two articles, two sizes of a listing): its
            # bytes are stored once, whichever URL came first.
            key, params = "1", []
        elif capture.is_article:
            key, params = "article_id = ?", [capture.article_id]
        else:
            key, params = "url = ?", [capture.url]
        sql = (f"SELECT id, url, fetched_at, digest, warc_record_id FROM captures WHERE {key} "
               "AND warc_record_type = 'response' AND status = 200")
        if capture.status != 304:
            sql += " AND digest = ?"
            params.append(capture.digest)
        rows = list(self.db.query(sql + " ORDER BY id DESC LIMIT 1", params))
        return rows[0] if rows else None

    def add_capture(self, capture: Capture, *, run_id=None, article: Article | None = None):
        """Archive one fetched response: its WARC record (a revisit record when it repeats
        the payload of an earlier capture of the same article or URL, or answers 304), then
        :meth:`store_capture`. Returns the run's count increments."""
        original = self.revisit_target(capture)
        location = self.warc.write_exchange(
            url=capture.url, method=capture.method, request_headers=capture.request_headers,
            status=capture.status, response_headers=capture.response_headers,
            body=capture.payload, fetched_at=capture.fetched_at,
            http_version=capture.http_version, ip=capture.ip, digest=capture.digest,
            revisit_of=RevisitTarget(original["warc_record_id"], original["url"],
                                     original["fetched_at"], original["digest"])
            if original else None)
        revisit_of = original["id"] if location.record_type == "revisit" else None
        return self.store_capture(capture, run_id=run_id, article=article, warc=location,
                                  revisit_of=revisit_of)

    def store_capture(self, capture: Capture, *, run_id, article: Article | None = None,
                      warc=None, revisit_of=None) -> dict:
        """Store one fetched response and what it means for the archive, in one transaction:
        the capture row, its crawl-log row, the article it carries (new, changed, unchanged
        after a 200 or a 304; removed after a 404/410), the run's counts, and the URL leaves
        the frontier. Returns the run's count increments (``{"requests": 1, "new": 1, ...}``).
        If anything fails, nothing of it is stored and the URL stays pending."""
        capture.run_id, capture.revisit_of = run_id, revisit_of
        if warc is not None:  # the bytes are in the WARC record, and only there
            capture.warc_filename, capture.warc_offset = warc.filename, warc.offset
            capture.warc_length, capture.warc_record_id = warc.length, warc.record_id
            capture.warc_record_type = warc.record_type
            if warc.record_type == "revisit":
                capture.digest = warc.payload_digest
        row = to_row(capture, CAPTURES)
        if warc is None:  # a capture with no WARC record (an import) keeps its bytes here
            row["body"] = zlib.compress(capture.payload, 6)
        with self.db.conn:
            capture.id = self.db["captures"].insert(row).last_pk
            outcome, message, counts = self._meaning(capture, article, run_id)
            self.db["crawl_log"].insert({
                "run_id": run_id, "time": capture.fetched_at, "url": capture.url,
                "status": capture.status, "bytes": capture.size, "digest": capture.digest,
                "duration_ms": capture.duration_ms, "discovered_from": capture.discovered_from,
                "outcome": outcome, "message": message, "capture_id": capture.id})
            self._count(run_id, **counts)
            self._done(capture.url)
        return counts

    def _meaning(self, capture, article, run_id):
        """(crawl-log outcome, message, run count increments) of a capture; applies its effect
        on the article (or the image or document) it carries."""
        status, counts = capture.status, {"requests": 1}
        if capture.media_kind:
            self._media(capture)
            if status in (200, 304):
                return ("unchanged" if status == 304 else "fetched"), "", {**counts, "media": 1}
        if 300 <= status < 400 and status != 304:
            target = capture.location
            if not target:
                return "failed", f"HTTP {status} without Location", {**counts, "failed": 1}
            target_id = article_id_of(target)
            if target_id is not None and not capture.is_article:
                self._alias(capture.url, target_id, capture.fetched_at)
            return "fetched", f"redirect to {target}", counts
        if capture.is_article and status == 304:
            self._touch(capture.article_id, capture.fetched_at)
            return "unchanged", "", {**counts, "unchanged": 1, "articles_seen": 1}
        if status in (404, 410):
            if capture.is_article and self._mark_removed(capture.article_id,
                                                         capture.fetched_at):
                return "removed", "", {**counts, "removed": 1}
            return "not-found", f"HTTP {status}", counts
        if status >= 400:
            return "failed", f"HTTP {status}", {**counts, "failed": 1}
        if capture.is_article and not capture.payload.strip():
            # Still empty after the retries: never stored as the article's content.
            return "failed", "empty page", {**counts, "failed": 1}
        if article is not None:
            stored = self._store_article(article, capture_id=capture.id,
                                         fetched_at=capture.fetched_at, reason="recapture")
            counts.update({stored.outcome: 1, "articles_seen": 1})
            if set(article.flags) & set(DOUBT_FLAGS):
                counts["flagged"] = 1
        return "fetched", "", counts

    def _media(self, capture):
        """The media row of an image or document capture: created the first time, brought up
        to date by each fetch; its bytes are those of its latest full capture."""
        old = next(iter(self.db.query("SELECT * FROM media WHERE url = ?", [capture.url])), None)
        row = {"url": capture.url, "kind": capture.media_kind, "status": capture.status,
               "last_seen_at": capture.fetched_at}
        if capture.status == 200:
            holder = capture.id if capture.warc_record_type != "revisit" else capture.revisit_of
            size = image_size(capture.payload) if capture.media_kind == "image" else None
            row.update(content_type=capture.content_type, size=capture.size,
                       digest=capture.digest, capture_id=holder,
                       width=size[0] if size else None, height=size[1] if size else None)
        if old is None:
            self.db["media"].insert({**row, "first_seen_at": capture.fetched_at})
        else:
            if capture.status == 304:
                row.pop("status")  # not modified: the bytes and their status stand
            self.db["media"].update(old["id"], row)

    def link_media(self, article_id, *, images=(), attachments=()):
        """Which images and documents an article page references (replacing what an earlier
        capture of it referenced)."""
        rows = [{"article_id": article_id, "url": url, "role": role, "position": n}
                for role, urls in (("image", images), ("attachment", attachments))
                for n, url in enumerate(urls)]
        with self.db.conn:
            self.db.execute("DELETE FROM article_media WHERE article_id = ?", [article_id])
            self.db["article_media"].insert_all(rows, ignore=True)

    def attachment_payloads(self):
        """(url, digest, content type, bytes) of every attached document fetched, one in memory
        at a time, for re-reading their text."""
        # Listed first: the caller writes between two documents.
        for url, digest, content_type, capture_id in self.db.execute(
                "SELECT url, digest, content_type, capture_id FROM media WHERE kind = "
                "'attachment' AND status = 200 AND capture_id IS NOT NULL ORDER BY id").fetchall():
            yield url, digest, content_type, self.raw_payload(capture_id)[0]

    def store_attachment(self, url, digest, document) -> bool:
        """The text of an attached document (a ``thanhuy_archive.documents.DocumentText``);
        False (nothing written) when it is what is stored already."""
        row = to_row({"url": url, "digest": digest, "format": document.format,
                      "text": document.text, "pages": document.pages,
                      "extractor": document.extractor, "encoding": document.encoding,
                      "errors": list(document.errors), "flags": list(document.flags)},
                     ATTACHMENTS)
        old = next(iter(self.db.query("SELECT * FROM attachments WHERE url = ?", [url])), None)
        if old is not None and all(old[k] == v for k, v in row.items()):
            return False
        with self.db.conn:
            self.db["attachments"].upsert({**row, "extracted_at": iso(archive_now())},
                                          pk="url")
        return True

    def log_outcome(self, *, run_id, url, outcome, message, status=None,
                    discovered_from=None, counts=None):
        """A request that gave no capture: failed (refused, timed out...), skipped (robots.txt)
        or trap (cut by a guard). It leaves the frontier."""
        with self.db.conn:
            self.db["crawl_log"].insert({
                "run_id": run_id, "time": iso(archive_now()), "url": url, "status": status,
                "outcome": outcome, "message": message, "discovered_from": discovered_from})
            self._count(run_id, **(counts or {}))
            self._done(url)

    def raw_payload(self, capture_id) -> tuple[bytes, dict]:
        """(payload bytes, capture row) of a capture, read from its WARC record; a revisit
        gives the payload of the capture it repeats. The one reader of raw bytes: re-parsing,
        the archive's pages and exports all come here."""
        row = self.db["captures"].get(capture_id)
        for _ in range(8):  # a revisit points at a full capture; never a long chain
            if row["warc_record_type"] != "revisit" or not row["revisit_of"]:
                break
            row = self.db["captures"].get(row["revisit_of"])
        if row["body"] is not None:  # kept by an earlier release, or an import
            return zlib.decompress(row["body"]), row
        if not row["warc_filename"] or self.warc_dir is None:
            return b"", row
        return read_payload(self.warc_dir / row["warc_filename"], row["warc_offset"])[0], row

    # -- articles ------------------------------------------------------------------------------

    def store_article(self, article, *, capture_id, run_id=None, fetched_at=None,
                      reason="recapture") -> Stored:
        """Insert or update one article (an Article, or a dict of its fields) in its own
        transaction; see :meth:`_store_article`."""
        with self.db.conn:
            stored = self._store_article(article, capture_id=capture_id,
                                         fetched_at=fetched_at or iso(archive_now()),
                                         reason=reason)
            if reason == "recapture":
                self._count(run_id, **{stored.outcome: 1, "articles_seen": 1})
            return stored

    def _store_article(self, article, *, capture_id, fetched_at, reason) -> Stored:
        """'new', 'changed' or 'unchanged'. A change keeps the previous values in
        ``article_revisions`` with its ``reason`` ('recapture': the site changed; 'reparse':
        the extractor changed): nothing is overwritten without a trace. A re-parse that
        changes nothing writes nothing."""
        row = self.article_row(article)
        table = self.db["articles"]
        old = next(iter(self.db.query("SELECT * FROM articles WHERE id = ?", [row["id"]])), None)
        refetched = reason == "recapture"
        if old is None:
            table.insert({**row, "first_seen_at": fetched_at, "last_fetched_at": fetched_at,
                          "last_changed_at": fetched_at, "capture_id": capture_id,
                          "captures": 1})
            return Stored("new", [])
        content = [f for f in CONTENT_FIELDS if f in old]
        changed = [f for f in content if (old[f] or "") != (row.get(f) or "")]
        update = ({"last_fetched_at": fetched_at, "captures": (old["captures"] or 0) + 1,
                   "removed_at": None, "capture_id": capture_id} if refetched else {})
        if changed:
            self.db["article_revisions"].insert(
                {"article_id": row["id"], "replaced_at": fetched_at, "reason": reason,
                 "changed_fields": json.dumps(changed), "from_capture_id": old["capture_id"],
                 "to_capture_id": capture_id, **{f: old[f] for f in content}})
            update.update(row)
            update["last_changed_at"] = fetched_at
        else:
            # Provenance, flags and layout may improve with a newer extractor without a
            # content change: written only when they differ.
            update.update({k: v for k, v in row.items()
                           if k not in content and k != "id" and old.get(k) != v})
        if update:
            table.update(row["id"], update)
        return Stored("changed" if changed else "unchanged", changed)

    def article_row(self, article) -> dict:
        """The stored columns of an Article (or a dict of its fields). Only an archive opened
        for writing, and so migrated to :data:`SCHEMA_VERSION`, stores rows: it has them all."""
        fields = article if isinstance(article, dict) else article.as_json()
        return to_row({k: v for k, v in fields.items() if k in Article.__dataclass_fields__},
                      ARTICLES)

    def _touch(self, article_id, fetched_at):
        """A conditional re-check answered 304: the article was checked and had not changed."""
        self.db.execute(
            "UPDATE articles SET last_fetched_at = ?, captures = coalesce(captures, 0) + 1, "
            "removed_at = NULL WHERE id = ?", [fetched_at, article_id])

    def _mark_removed(self, article_id, when) -> bool:
        """Record that an article now answers 404/410. Its row and history stay."""
        cursor = self.db.execute(
            "UPDATE articles SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
            [when, article_id])
        return cursor.rowcount > 0

    def mark_removed(self, article_id, *, when=None) -> bool:
        with self.db.conn:
            return self._mark_removed(article_id, when or iso(archive_now()))

    def _alias(self, url, article_id, seen_at):
        self.db["url_aliases"].upsert(
            {"url": canonical_url(url), "article_id": article_id, "seen_at": seen_at}, pk="url")

    def article_captures(self, batch=500):
        """Each archived article with the capture its fields come from and that capture's
        bytes, for re-parsing: a batch of rows in memory at a time, and no SELECT left open
        while the caller writes."""
        last = None
        while True:
            rows = list(self.db.query(
                "SELECT a.id, a.capture_id, c.url, c.fetched_at, c.content_type FROM articles a "
                "JOIN captures c ON c.id = a.capture_id WHERE a.id > coalesce(:last, -1) "
                "ORDER BY a.id LIMIT :batch", {"last": last, "batch": batch}))
            if not rows:
                return
            for row in rows:
                yield {**row, "body": self.raw_payload(row["capture_id"])[0]}
            last = rows[-1]["id"]
