"""The archive keeps everything: captures raw, articles once per id, every change as a
revision, removals marked and never deleted. Real SQLite files throughout."""

import json
import sqlite3
import zlib

import pytest

from pipelines.storage import Archive, payload_digest


def article(**fields):
    base = {"id": 1491871594, "url": "https://www.thanhuytphcm.vn/tin-tuc/a-1491871594",
            "title": "Hội nghị công tác dân vận", "lead": "(Thanhuytphcm.vn) - Sáng 7/8...",
            "body": "Đảng bộ họp.\n\nĐoạn hai.", "published_at": "2018-08-07T15:30:00+07:00",
            "published_at_source": "meta", "authors": ["Văn Lượng"], "byline_source": "last-paragraph",
            "source": None, "category": "Xây dựng Đảng", "images": [], "captions": [], "flags": []}
    return {**base, **fields}


@pytest.fixture
def archive(tmp_path):
    return Archive(tmp_path / "archive.db")


def test_a_capture_keeps_the_raw_bytes_and_logs_the_fetch(archive):
    run = archive.start_run("http://127.0.0.1/")
    body = "<html>Đảng</html>".encode()
    cid = archive.record_capture(url="http://x/", status=200, headers={"Etag": ['"1"']},
                                 body=body, run_id=run, discovered_from="http://x/home")
    assert archive.raw_page(cid) == body
    row = archive.db["captures"].get(cid)
    assert row["digest"] == payload_digest(body) and row["size"] == len(body)
    (log,) = archive.db["crawl_log"].rows
    assert log["outcome"] == "fetched" and log["discovered_from"] == "http://x/home"


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


def test_a_removed_article_is_marked_never_deleted(archive):
    archive.store_article(article(), capture_id=None)
    assert archive.mark_removed(1491871594, when="2026-01-01T00:00:00+07:00")
    assert not archive.mark_removed(1491871594)  # the first time seen gone is kept
    row = archive.db["articles"].get(1491871594)
    assert row["removed_at"] == "2026-01-01T00:00:00+07:00" and row["title"]


def test_search_without_diacritics_and_with_d(archive):
    archive.store_article(article(), capture_id=None)
    archive.store_article(article(id=1491871595, title="Thời tiết", lead="", body="Mưa."),
                          capture_id=None)
    match = lambda q: [r[0] for r in archive.db.execute(  # noqa: E731
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [q])]
    assert match("dan van") == [1491871594]
    assert match("dang") == [1491871594]  # Đảng, through search_folded
    assert match('"cong tac dan van"') == [1491871594]


def test_the_frontier_remembers_what_a_killed_crawl_had_left(archive):
    run = archive.start_run("x")
    archive.schedule("http://x/a", run_id=run)
    archive.schedule("http://x/b", run_id=run, discovered_from="http://x/")
    archive.unschedule("http://x/a")
    assert archive.pending() == [("http://x/b", "http://x/")]
    assert archive.close_interrupted_runs() == [run]
    assert archive.db["crawl_runs"].get(run)["status"] == "interrupted"


def test_the_database_is_in_wal_mode_so_readers_never_block(archive, tmp_path):
    assert archive.db.journal_mode == "wal"
    archive.store_article(article(), capture_id=None)
    reader = sqlite3.connect(tmp_path / "archive.db")
    with archive.db.conn:
        archive.db["articles"].update(1491871594, {"title": "đang ghi"})
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
