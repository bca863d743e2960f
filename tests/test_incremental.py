"""Incremental crawls, history and crash safety, against the mirror.

* a re-crawl of an unchanged 600-article mirror makes at most 5% of the first crawl's
  requests;
* a mirror that changed (edition 2: edited, removed and new articles) is recorded as
  revisions, removals and new articles, nothing overwritten or deleted;
* a crawl killed with SIGKILL at several points resumes without re-fetching what it stored,
  and leaves a sound database and readable WARC files.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from thanhuy_archive.mirror.generate import generate_mirror
from thanhuy_archive.mirror.server import MirrorServer
from tests.conftest import copy_archive, crawl, on_mirror, query

def last_run(db):
    return query(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def crawl_run(server, db, *extra):
    """Crawl the mirror served by SERVER into DB; the run's crawl_runs row."""
    crawl(server.url, db, "--quiet", *extra)
    return last_run(db)


# -- re-crawl cost ----------------------------------------------------------------------------


def test_a_recrawl_of_an_unchanged_site_costs_at_most_5_percent(tmp_path):
    """Pages only (images and documents, fetched once and never again on an incremental crawl,
    would only make the ratio look better: see test_a_second_crawl_never_duplicates)."""
    root = generate_mirror(tmp_path / "mirror", articles=600)
    db = tmp_path / "archive.db"
    with MirrorServer(root) as server:
        first = crawl_run(server, db, "--no-media")
        again = crawl_run(server, db, "--no-media")
    print(f"\nfull crawl: {first['requests']} requests, {first['new']} articles; "
          f"re-crawl: {again['requests']} requests ({again['requests'] / first['requests']:.1%})")
    assert first["new"] == len(json.loads((root / "gold.json").read_text())["expected_article_ids"])
    assert again["new"] == again["changed"] == 0
    assert again["requests"] <= 0.05 * first["requests"]


# -- a site that changed ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    base = tmp_path_factory.mktemp("editions")
    return generate_mirror(base / "e1"), generate_mirror(base / "e2", edition=2)


@pytest.fixture(scope="module")
def edition_1_archive(editions, tmp_path_factory):
    db = tmp_path_factory.mktemp("edition-1") / "archive.db"
    with MirrorServer(editions[0]) as server:
        crawl_run(server, db)
    return db


@pytest.fixture
def crawled_edition_1(edition_1_archive, tmp_path):
    """A copy of an archive of edition 1, for a test to crawl on."""
    return copy_archive(edition_1_archive, tmp_path / "archive.db")


def gold_changes(root):
    return json.loads((Path(root) / "gold.json").read_text(encoding="utf-8"))["changes"]


def test_an_incremental_crawl_finds_the_new_articles(editions, crawled_edition_1):
    db = crawled_edition_1
    changes = gold_changes(editions[1])
    with MirrorServer(editions[1]) as server:
        run = crawl_run(server, db)
    assert run["new"] == len(changes["added"])
    stored = {r["id"] for r in query(db, "SELECT id FROM articles")}
    assert set(changes["added"]) <= stored


def test_a_full_recheck_records_edits_and_removals(editions, crawled_edition_1):
    db = crawled_edition_1
    changes = gold_changes(editions[1])
    before = {r["id"]: r for r in query(db, "SELECT * FROM articles")}
    with MirrorServer(editions[1]) as server:
        run = crawl_run(server, db, "--full")
        conditional = [r for r in server.requests if r.get("if_none_match")]
    assert run["changed"] == len(changes["edited"])
    assert run["removed"] == len(changes["removed"])
    assert conditional, "re-checks must be conditional GETs"

    revisions = query(db, "SELECT * FROM article_revisions")
    assert sorted(r["article_id"] for r in revisions) == sorted(changes["edited"])
    for r in revisions:  # the previous version is kept whole
        assert r["title"] == before[r["article_id"]]["title"]
        assert "title" in json.loads(r["changed_fields"]) and r["reason"] == "recapture"
        assert r["from_capture_id"] != r["to_capture_id"]

    after = {r["id"]: r for r in query(db, "SELECT * FROM articles")}
    assert set(before) <= set(after)  # nothing deleted
    for aid in changes["removed"]:
        assert after[int(aid)]["removed_at"] and after[int(aid)]["title"] == before[int(aid)]["title"]
    unchanged = set(before) - set(changes["edited"]) - {int(a) for a in changes["removed"]}
    assert all(after[a]["title"] == before[a]["title"] for a in unchanged)


def test_an_unchanged_recheck_is_unchanged_and_a_warc_revisit_not_a_second_copy(
        editions, crawled_edition_1):
    db = crawled_edition_1
    before = {r["id"]: r for r in query(db, "SELECT * FROM articles")}
    with MirrorServer(editions[0]) as server:
        run = crawl_run(server, db, "--full")
    # Every archived article was re-checked, answered 304 (or the same bytes), and is
    # counted unchanged: nothing failed, nothing changed.
    assert (run["unchanged"], run["changed"], run["failed"]) == (len(before), 0, 0)
    assert query(db, "SELECT count(*) AS n FROM crawl_log WHERE run_id = 2 AND "
                     "outcome = 'failed'") == [{"n": 0}]
    rechecks = {r["article_id"]: r for r in query(
        db, "SELECT article_id, fetched_at, status FROM captures WHERE run_id = 2 "
            "AND article_id IS NOT NULL AND status IN (200, 304)")}
    assert {r["status"] for r in rechecks.values()} == {304}
    for row in query(db, "SELECT * FROM articles"):  # checked at the time of the re-check
        assert row["last_fetched_at"] == rechecks[row["id"]]["fetched_at"]
        assert row["captures"] == before[row["id"]]["captures"] + 1
    rows = query(db, "SELECT warc_record_type, revisit_of, body IS NULL AS no_body FROM captures "
                     "WHERE run_id = 2 AND article_id IS NOT NULL AND status IN (200, 304)")
    assert rows and all(r["warc_record_type"] == "revisit" for r in rows)
    assert all(r["revisit_of"] and r["no_body"] for r in rows)


def test_two_crawls_of_one_archive_never_overlap(editions, tmp_path):
    db = tmp_path / "archive.db"
    lock = open(f"{db}.lock", "a+")
    import fcntl

    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running crawl holds it
    try:
        with MirrorServer(editions[0]) as server:
            second = crawl(server.url, db, check=False)
        assert second.returncode == 75
        assert "another crawl" in second.stderr and len(second.stderr.strip().splitlines()) == 1
        assert server.requests == []
    finally:
        lock.close()


def gold_media(gold, site):
    return {on_mirror(url, site) for f in gold["media_files"] for url in f["urls"]}


def archived_media(db):
    return {r["url"] for r in query(db, "SELECT url FROM media WHERE status = 200")}


def test_images_of_articles_archived_without_them_come_with_a_full_crawl(editions, tmp_path):
    gold = json.loads((editions[0] / "gold.json").read_text(encoding="utf-8"))
    db = tmp_path / "archive.db"
    with MirrorServer(editions[0]) as server:
        crawl_run(server, db, "--no-media")
        assert archived_media(db) == set()
        assert crawl_run(server, db)["media"] == 0  # --no-media recorded nothing to fetch
        again = crawl_run(server, db, "--full")
    assert again["status"] == "ok" and again["new"] == 0
    assert archived_media(db) == gold_media(gold, server.url)


# -- crash safety -----------------------------------------------------------------------------

KILL_AFTER_REQUESTS = [3, 25, 60, random.Random(7).randrange(8, 100)]


@pytest.mark.parametrize("kill_after", KILL_AFTER_REQUESTS)
def test_a_killed_crawl_resumes_without_loss_or_duplicates(editions, tmp_path, kill_after):
    root = editions[0]
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    db = tmp_path / "archive.db"
    script = Path(sys.executable).parent / "thanhuy-archive"
    with MirrorServer(root) as server:
        # One request at a time, so the kill lands mid-crawl at a known request count.
        proc = subprocess.Popen(
            [str(script), "crawl", "--site", server.url, "--db", str(db), "--delay", "0",
             "--concurrency", "1", "--quiet"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(server.requests) < kill_after and proc.poll() is None:
            assert time.monotonic() < deadline, "the crawl made no progress"
            time.sleep(0.002)  # polling the request log, not waiting for an outcome
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

        stored_before = {r["id"] for r in query(db, "SELECT id FROM articles")} if db.exists() else set()
        resumed = crawl_run(server, db)

    assert query(db, "PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    runs = query(db, "SELECT status FROM crawl_runs ORDER BY id")
    assert [r["status"] for r in runs] == ["interrupted", "ok"]
    ids = [r["id"] for r in query(db, "SELECT id FROM articles")]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(gold["expected_article_ids"])
    # What was stored before the kill was not fetched again.
    refetched = query(db, "SELECT article_id FROM captures WHERE run_id = ? AND status = 200 "
                          "AND article_id IS NOT NULL", [resumed["id"]])
    assert stored_before.isdisjoint(r["article_id"] for r in refetched)
    assert query(db, "SELECT count(*) AS n FROM frontier WHERE state = 'pending'")[0]["n"] == 0
    # Every image and document too, those of articles stored before the kill included.
    assert archived_media(db) == gold_media(gold, server.url)
    # Every WARC file reads to its end; a torn tail, if any, was set aside.
    for path in sorted((tmp_path / "archive-warc").glob("*.warc.gz")):
        with open(path, "rb") as f:
            records = [r.rec_type for r in ArchiveIterator(f)]
        assert records[0] == "warcinfo"
    # Every capture row points at a readable WARC record.
    from pipelines.warc import read_record

    for row in query(db, "SELECT warc_filename, warc_offset, url FROM captures"):
        headers, *_ = read_record(tmp_path / "archive-warc" / row["warc_filename"],
                                  row["warc_offset"])
        assert headers["WARC-Target-URI"] == row["url"]


def test_a_torn_warc_tail_is_set_aside_when_the_next_crawl_starts(editions, crawled_edition_1):
    db = crawled_edition_1
    warc_dir = db.parent / "archive-warc"
    (first,) = sorted(warc_dir.glob("*.warc.gz"))
    whole = first.read_bytes()
    first.write_bytes(whole[:-700])  # as a crash mid-record would leave it
    with MirrorServer(editions[0]) as server:
        crawl_run(server, db)
    aside = list(warc_dir.glob("*.partial-*"))
    assert len(aside) == 1 and aside[0].stat().st_size > 0  # kept, not dropped
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as f:
            assert [r.rec_type for r in ArchiveIterator(f)]  # every file reads to its end
    assert len(first.read_bytes()) + aside[0].stat().st_size == len(whole) - 700
