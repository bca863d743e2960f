"""An archive written by the previous release (tests/fixtures/archive-0.1.0) is upgraded in
place by the current one and then used as any archive: crawled, re-parsed, served. Its rows,
revisions, runs and WARC files are kept (the row-by-row and byte-by-byte checks are in
tests/test_storage.py)."""

import hashlib
import json
import shutil
import urllib.request

import pytest

from tests.conftest import FIXTURES, crawl, query, serving, thanhuy_archive
from thanhuy_archive.mirror import MirrorServer


@pytest.fixture
def old_archive(tmp_path):
    shutil.copytree(FIXTURES / "archive-0.1.0", tmp_path / "old")
    return tmp_path / "old" / "archive.db"


def sha256s(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.warc.gz")}


def test_status_reads_an_old_archive_without_upgrading_it(old_archive):
    before = old_archive.read_bytes()
    status = json.loads(thanhuy_archive("status", "--db", old_archive, "--json",
                                        check=True).stdout)
    assert status["totals"]["articles"] == 38 and status["totals"]["schema_version"] == 1
    assert old_archive.read_bytes() == before  # reading is not upgrading


def test_an_old_archive_is_crawled_reparsed_and_served(old_archive, mirror_root, mirror_gold):
    warcs = sha256s(old_archive.parent / "archive-warc")
    old_ids = {r["id"] for r in query(old_archive, "SELECT id FROM articles")}
    with MirrorServer(mirror_root) as server:
        crawl(server.url, old_archive, "--quiet")
    ids = {r["id"] for r in query(old_archive, "SELECT id FROM articles")}
    assert old_ids | set(mirror_gold["expected_article_ids"]) == ids
    runs = query(old_archive, "SELECT id, status, failed FROM crawl_runs ORDER BY id")
    assert [r["status"] for r in runs] == ["ok", "ok", "ok", "ok"]
    assert runs[1]["failed"] == 30  # what release 0.1.0 recorded is kept as it was
    assert query(old_archive, "SELECT count(*) AS n FROM article_revisions "
                              "WHERE reason = 'recapture'")[0]["n"] >= 3
    # The old WARC files are untouched; the crawl wrote new ones beside them.
    after = sha256s(old_archive.parent / "archive-warc")
    assert {name: after[name] for name in warcs} == warcs and len(after) > len(warcs)

    report = json.loads(thanhuy_archive("reparse", "--db", old_archive, check=True).stdout)
    assert report["articles"] == len(ids)

    with serving(old_archive) as url:
        with urllib.request.urlopen(f"{url}archive/articles.json?_shape=array&_size=max",
                                    timeout=30) as response:
            assert {r["id"] for r in json.loads(response.read())} == ids
        with urllib.request.urlopen(f"{url}-/search?q=dan+van", timeout=30) as response:
            assert response.status == 200
