"""The archive keeps everything: captures raw, articles once per id, every change as a
revision, removals marked and never deleted; its schema is versioned and upgrades in place.
Real SQLite files and real WARC files throughout."""

import hashlib
import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines.storage import SCHEMA_VERSION, Archive, ArchiveError, check_file
from thanhuy_archive.records import TABLES, Article, Capture, payload_digest
from thanhuy_archive.search import Query

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://www.thanhuytphcm.vn/tin-tuc/hoi-nghi-1491871594"
PAGE = "<html><body><h1>Hội nghị</h1></body></html>".encode()


def article(**fields):
    base = dict(id=1491871594, url=URL, title="Hội nghị công tác dân vận",
                lead="(Thanhuytphcm.vn) - Sáng 7/8...", body="Đảng bộ họp.\n\nĐoạn hai.",
                published_at="2018-08-07T15:30:00+07:00", published_at_source="meta",
                authors=["Văn Lượng"], byline_source="last-paragraph",
                category="Xây dựng Đảng")
    return Article(**{**base, **fields})


@pytest.fixture
def archive(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    yield archive
    archive.close()


def run_row(archive, run):
    return archive.db["crawl_runs"].get(run)


# -- captures ---------------------------------------------------------------------------------


def test_a_capture_is_a_warc_record_and_a_row_and_leaves_the_frontier(archive, tmp_path):
    run = archive.start_run("http://127.0.0.1/")
    archive.schedule(URL, run_id=run)
    capture = Capture.of(URL, PAGE, headers={"Content-Type": "text/html; charset=utf-8"},
                         discovered_from="https://www.thanhuytphcm.vn/")
    counts = archive.add_capture(capture, run_id=run, article=article())
    assert counts == {"requests": 1, "new": 1, "articles_seen": 1}
    payload, row = archive.raw_payload(capture.id)
    assert payload == PAGE and row["digest"] == payload_digest(PAGE)
    (log,) = archive.db["crawl_log"].rows
    assert (log["outcome"], log["discovered_from"], log["capture_id"]) == (
        "fetched", "https://www.thanhuytphcm.vn/", capture.id)
    assert archive.crawl_state().pending == []
    assert run_row(archive, run)["new"] == 1  # counted as it goes, not only at the end
    (warc,) = sorted((tmp_path / "archive-warc").glob("*.warc.gz"))
    archive.close()
    with open(warc, "rb") as f:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in
                   ArchiveIterator(f)]
    assert records == [("warcinfo", None), ("request", URL), ("response", URL)]


def test_the_same_payload_again_is_a_revisit_with_no_second_copy(archive):
    first, again = Capture.of(URL, PAGE), Capture.of(URL, PAGE)
    archive.add_capture(first, article=article())
    archive.add_capture(again, article=article())
    row = archive.db["captures"].get(again.id)
    assert (row["warc_record_type"], row["revisit_of"], row["body"]) == ("revisit", first.id,
                                                                         None)
    assert archive.raw_payload(again.id)[0] == PAGE


def test_a_304_answer_is_an_unchanged_article_checked_at_that_time(archive):
    run = archive.start_run("x")
    archive.add_capture(Capture.of(URL, PAGE, fetched_at="2024-11-01T08:00:00+07:00"),
                        run_id=run, article=article())
    recheck = Capture.of(URL, b"", status=304, fetched_at="2024-11-15T08:00:00+07:00")
    assert archive.add_capture(recheck, run_id=run) == {"requests": 1, "unchanged": 1,
                                                        "articles_seen": 1}
    stored = archive.db["articles"].get(1491871594)
    assert (stored["last_fetched_at"], stored["captures"]) == (recheck.fetched_at, 2)
    assert archive.db["captures"].get(recheck.id)["warc_record_type"] == "revisit"
    assert [r["outcome"] for r in archive.db["crawl_log"].rows] == ["fetched", "unchanged"]
    assert run_row(archive, run)["failed"] == 0


def test_a_404_marks_an_archived_article_removed_and_is_never_a_deletion(archive):
    archive.add_capture(Capture.of(URL, PAGE), article=article())
    archive.add_capture(Capture.of(URL, b"gone", status=404,
                                   fetched_at="2026-01-01T00:00:00+07:00"))
    archive.add_capture(Capture.of(URL, b"gone", status=404))
    row = archive.db["articles"].get(1491871594)
    assert row["removed_at"] == "2026-01-01T00:00:00+07:00" and row["title"]  # first seen gone
    dead = URL.replace("1491871594", "1491871595")
    archive.add_capture(Capture.of(dead, b"gone", status=404))
    assert archive.crawl_state().dead == {1491871595}  # a dead link, never archived


def test_a_legacy_url_that_redirects_to_an_article_is_remembered(archive):
    legacy = "https://www.thanhuytphcm.vn/Default.aspx?id=1234"
    archive.add_capture(Capture.of(legacy, b"", status=301, headers={"Location": URL}))
    assert archive.crawl_state().aliases == {legacy: 1491871594}


# -- articles ---------------------------------------------------------------------------------


def test_storing_an_article_twice_keeps_one_row(archive):
    assert archive.store_article(article(), capture_id=None).outcome == "new"
    assert archive.store_article(article(), capture_id=None).outcome == "unchanged"
    assert archive.db["articles"].count == 1
    assert archive.db["articles"].get(1491871594)["captures"] == 2


def test_a_changed_article_keeps_its_previous_version(archive):
    archive.store_article(article(), capture_id=None)
    stored = archive.store_article(article(title="Tiêu đề mới"), capture_id=None)
    assert stored == ("changed", ["title"])
    (revision,) = archive.db["article_revisions"].rows
    assert revision["title"] == "Hội nghị công tác dân vận"
    assert json.loads(revision["changed_fields"]) == ["title"]
    assert revision["reason"] == "recapture"
    assert archive.db["articles"].get(1491871594)["title"] == "Tiêu đề mới"


def test_a_reparse_that_changes_nothing_writes_nothing(archive):
    archive.store_article(article(), capture_id=None)
    before = archive.db.conn.total_changes
    for _ in range(3):
        assert archive.store_article(article(), capture_id=None, reason="reparse") == (
            "unchanged", [])
    assert archive.db.conn.total_changes == before


def test_search_without_diacritics_and_with_d(archive):
    archive.store_article(article(), capture_id=None)
    archive.store_article(article(id=1491871595, title="Thời tiết", lead="", body="Mưa."),
                          capture_id=None)
    match = lambda q: [r[0] for r in archive.db.execute(  # noqa: E731
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [Query(q).match])]
    assert match("dan van") == [1491871594]
    assert match("dang") == [1491871594]  # Đảng: a bare d may be đ
    assert match('"cong tac dan van"') == [1491871594]


def test_touching_an_article_does_not_reindex_its_text(archive):
    archive.store_article(article(), capture_id=None)
    size = lambda: archive.db.execute(  # noqa: E731
        "SELECT sum(length(block)) FROM articles_fts_data").fetchone()[0]
    before = size()
    archive.add_capture(Capture.of(URL, b"", status=304))  # last_fetched_at and captures move
    assert size() == before


# -- runs and the frontier --------------------------------------------------------------------


def test_the_frontier_remembers_what_a_stopped_crawl_had_left(archive):
    run = archive.start_run("x")
    archive.schedule("http://x/a", run_id=run)
    archive.schedule("http://x/b", run_id=run, discovered_from="http://x/")
    archive.schedule("http://x/b.jpg", run_id=run, discovered_from="http://x/b", media="image")
    archive.add_capture(Capture.of("http://x/a", b"<html></html>"), run_id=run)
    archive.settle_frontier(finished=False)
    assert archive.crawl_state().pending == [("http://x/b", "http://x/", None),
                                             ("http://x/b.jpg", "http://x/b", "image")]
    assert archive.close_dead_runs() == [run]
    assert run_row(archive, run)["status"] == "interrupted"
    archive.settle_frontier(finished=True)
    assert archive.crawl_state().pending == []


def test_a_frontier_written_before_media_kinds_were_kept_learns_them_on_upgrade(tmp_path):
    """Pending rows an archive of schema 6 left name no kind: the upgrade takes it from the
    archive's media (fetched before) or from the articles' links (never fetched yet)."""
    import sqlite_utils

    from pipelines.storage import MIGRATIONS

    db = sqlite_utils.Database(tmp_path / "archive.db")
    MIGRATIONS.apply(db, stop_before="007_frontier_remembers_media")
    db["frontier"].insert_all([{"url": u, "state": "pending"} for u in (
        "http://x/old.jpg", "http://x/new.pdf", "http://x/tin-tuc/a-1491871594")])
    db["media"].insert({"url": "http://x/old.jpg", "kind": "image", "status": 200})
    db["article_media"].insert({"article_id": 1491871594, "url": "http://x/new.pdf",
                                "role": "attachment", "position": 1})
    db.close()
    archive = Archive(tmp_path / "archive.db")
    assert archive.crawl_state().pending == [
        ("http://x/old.jpg", None, "image"), ("http://x/new.pdf", None, "attachment"),
        ("http://x/tin-tuc/a-1491871594", None, None)]
    archive.close()


def test_the_database_is_in_wal_mode_so_readers_never_block(archive, tmp_path):
    assert archive.db.journal_mode == "wal"
    archive.store_article(article(), capture_id=None)
    reader = sqlite3.connect(tmp_path / "archive.db")
    with archive.db.conn:
        archive.db["articles"].update(1491871594, {"title": "đang ghi"})
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


# -- the schema and its versions --------------------------------------------------------------


def columns(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return {table: [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
                for table in TABLES}
    finally:
        conn.close()


def test_a_new_archive_has_the_tables_the_records_define(tmp_path):
    Archive(tmp_path / "new.db").close()
    assert columns(tmp_path / "new.db") == {
        name: [c.name for c in table.columns] for name, table in TABLES.items()}


def test_an_archive_of_release_0_1_0_upgrades_in_place_with_nothing_lost(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(FIXTURES / "archive-0.1.0", old)
    warcs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (old / "archive-warc").glob("*.warc.gz")}
    before = {t: rows for t, rows in dump(old / "archive.db").items()}
    archive = Archive(old / "archive.db")
    assert archive.schema_version == SCHEMA_VERSION
    # The raw bytes release 0.1.0 also kept in SQLite now come from the WARC files only.
    old_bodies = {r["id"]: zlib.decompress(r.pop("body")) for r in before["captures"]
                  if r["body"] is not None}
    assert {i: archive.raw_payload(i)[0] for i in old_bodies} == old_bodies
    archive.close()
    after = dump(old / "archive.db")
    assert all(r["body"] is None for r in after["captures"])
    # Every row and value kept, new columns empty; the copies kept twice are gone (the bytes,
    # in the WARC files; the accent-free copy of each article, in its search index).
    dropped = {"captures": "body", "articles": "search_folded"}
    for table, rows in before.items():
        gone = dropped.get(table)
        assert [{k: r[k] for k in row if k != gone} for row, r in zip(rows, after[table])] \
            == [{k: v for k, v in row.items() if k != gone} for row in rows], table
        assert len(after[table]) == len(rows), table
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (old / "archive-warc").glob("*.warc.gz")} == warcs
    Archive(tmp_path / "new.db").close()
    assert columns(old / "archive.db") == columns(tmp_path / "new.db")


def dump(db_path):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return {t: [dict(r) for r in conn.execute(f"SELECT * FROM [{t}] ORDER BY rowid")]
                for t in ("articles", "article_revisions", "captures", "crawl_runs",
                          "crawl_log", "frontier", "url_aliases")}
    finally:
        conn.close()


# -- files that are not (writable) archives ---------------------------------------------------


def test_files_that_are_not_archives_are_refused_untouched(tmp_path):
    notes = tmp_path / "notes.db"
    conn = sqlite3.connect(notes)
    conn.execute("CREATE TABLE notes (text)")
    conn.commit()
    conn.close()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    text = tmp_path / "text.db"
    text.write_text("not a database")
    for path, reason in ((notes, "not a thanhuy-archive archive"), (garbage, "damaged"),
                         (text, "not a SQLite database"), (tmp_path, "is a directory")):
        before = path.read_bytes() if path.is_file() else None
        with pytest.raises(ArchiveError, match=reason):
            Archive(path)
        if before is not None:
            assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.db", "notes.db", "text.db"]


def test_a_read_only_archive_is_read_but_never_written(tmp_path):
    Archive(tmp_path / "archive.db").close()
    db = tmp_path / "archive.db"
    db.chmod(0o444)
    try:
        with pytest.raises(ArchiveError, match="read-only"):
            Archive(db)
        reader = Archive(db, readonly=True)
        assert reader.totals()["articles"] == 0
        reader.close()
        check_file(db, must_exist=True)
    finally:
        db.chmod(0o644)
