"""Issue-8 contract, files and everyday use: files that are not (writable) archives, the lock
(real path, status of dead and live runs, reparse), a no-op reparse, ports out of range, and
the everyday command line (quiet stderr, the summary, schedule, extract, torn older WARC
files, a killed run's counts, bad caps).

Black-box: the installed console script in a subprocess; archives read with plain SQLite.
"""

import ctypes
import fcntl
import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import copy_archive, crawl, query, serving, thanhuy_archive
from tests.hostile import FAST, HostileServer, assert_own_host, command, start_crawl

SCRAPY_LOG_LINE = re.compile(r"\[[\w.]+\] (DEBUG|INFO|WARNING|ERROR|CRITICAL):")


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def one_line(result):
    """The single line a refused command printed on stderr (fails if there are more)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"exit {result.returncode}, stderr: {result.stderr[-2000:]}"
    return lines[0]


def checkpoint(db):
    """Fold the WAL into the database file (as a reader closing last would)."""
    query(db, "PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def held_lock(db):
    """Hold the crawl lock of DB as a live crawl would: flock on <realpath of db>.lock."""
    with open(f"{os.path.realpath(db)}.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    """A real archive of a 4-article hostile site, checkpointed (one file); copy it."""
    db = tmp_path_factory.mktemp("small") / "archive.db"
    with HostileServer(articles=4) as site:
        crawl(site.url, db, "--quiet")
        assert_own_host(site)
    checkpoint(db)
    return db


# -- 9. files that are not (writable) archives ------------------------------------------------

_prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved before any fork
PR_CAPBSET_DROP = 24
DAC_CAPS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def as_an_ordinary_user():
    """preexec_fn: file permissions apply to the command even when the suite runs as root
    (root's permission-override capabilities are dropped from the bounding set, so the
    exec'd command does not get them back)."""
    if os.geteuid() == 0:
        for cap in DAC_CAPS:
            if _prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                os._exit(126)


def run(*args, timeout=120):
    """The console script with file permissions enforced (see as_an_ordinary_user)."""
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"},
                          preexec_fn=as_an_ordinary_user)


def make_corrupt(path):
    """A valid 100-byte SQLite header, garbage after it."""
    header = bytearray(b"SQLite format 3\x00")
    header += bytes([0x10, 0x00, 1, 1, 0, 64, 32, 32]) + b"\x00" * (100 - 24)
    path.write_bytes(bytes(header) + bytes((i * 37 + 11) % 251 for i in range(8192 - 100)))


def make_unrelated(path):
    """Someone else's SQLite database: one table `notes`."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('ghi chú riêng')")
    conn.close()


@pytest.fixture
def not_an_archive(request, tmp_path, small_archive):
    """(kind, path) of a file that is not a writable archive: corrupt, unrelated, or a real
    archive made read-only (0444 file in a 0555 folder)."""
    kind = request.param
    folder = tmp_path / "files"
    folder.mkdir()
    db = folder / "archive.db"
    if kind == "corrupt":
        make_corrupt(db)
    elif kind == "unrelated":
        make_unrelated(db)
    else:
        copy_archive(small_archive, db)
        db.chmod(0o444)
        folder.chmod(0o555)
    yield kind, db
    folder.chmod(0o755)


def args_for(cmd, db, site):
    if cmd == "crawl":
        return ("crawl", "--db", db, "--site", site.url, *FAST, "--quiet")
    return (cmd, "--db", db)


@pytest.mark.parametrize("cmd", ["crawl", "status", "reparse"])
@pytest.mark.parametrize("not_an_archive", ["corrupt", "unrelated", "read-only"],
                         indirect=True)
def test_a_file_that_is_not_a_writable_archive_is_refused_untouched(not_an_archive, cmd):
    """Contract, Files that are not (writable) archives: crawl, status and reparse on a
    corrupt SQLite file (valid header, garbage after), an unrelated SQLite database (one
    table `notes`: the message says "not a thanhuy-archive archive") or a read-only archive
    (0444 file in a 0555 folder) exit 2 with one line, leave the file's bytes unchanged and
    create no -wal/-shm. Exception: status on a read-only archive works (exit 0)."""
    kind, db = not_an_archive
    before = sha256(db)
    with HostileServer(articles=2) as site:  # what a crawl that should not start would crawl
        result = run(*args_for(cmd, db, site))
    if kind == "read-only" and cmd == "status":
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip(), "status prints the archive's totals and runs"
    else:
        assert result.returncode == 2, f"exit {result.returncode}: {result.stderr[-2000:]}"
        line = one_line(result)
        assert line.startswith(f"thanhuy-archive {cmd}"), line
        if kind == "unrelated":
            assert "not a thanhuy-archive archive" in line, line
    assert sha256(db) == before, "the file was modified"
    made = sorted(p.name for p in db.parent.iterdir() if p.name.endswith(("-wal", "-shm")))
    assert made == []


def test_serve_works_on_a_read_only_archive(tmp_path, small_archive):
    """Contract, Files that are not (writable) archives: `serve` works on a read-only
    archive (0444 file in a 0555 folder): it announces its URL and answers its home page."""
    import urllib.request

    folder = tmp_path / "ro"
    db = copy_archive(small_archive, folder / "archive.db")
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        with serving(db, preexec_fn=as_an_ordinary_user) as url:
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200
            with urllib.request.urlopen(f"{url}archive/articles.json?_shape=array",
                                        timeout=30) as response:
                assert len(json.loads(response.read())) == 4
    finally:
        folder.chmod(0o755)


# -- the lock: dead and live runs, the real path, reparse -------------------------------------


def run_row_while(db, ready, alive, deadline_s=60.0):
    """Poll the archive's crawl_runs row (read-only) until ``ready(row)`` or the crawl ends;
    the row, or None if the crawl ended (or the deadline passed) first."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end and alive():
        if db.exists():
            try:
                rows = query(db, "SELECT * FROM crawl_runs")
            except sqlite3.OperationalError:  # the schema is being created
                rows = []
            if rows and ready(rows[0]):
                return rows[0]
        time.sleep(0.02)  # polling the archive for a state, not waiting for a time
    return None


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    """An archive whose crawl was killed with SIGKILL mid-crawl, once its run row showed
    articles stored (a slow 60-article site, --concurrency 1: the crawl takes 6 s or more);
    its run row is left `running`. Returns (db, the row as the running crawl had written it)."""
    db = tmp_path_factory.mktemp("killed") / "archive.db"
    with HostileServer(articles=60, delay=0.1) as site:
        running = start_crawl(site.url, db, "--delay", "0", "--concurrency", "1", "--quiet")
        seen = run_row_while(db, lambda row: (row["new"] or 0) > 0, lambda: running.alive)
        # Written while the crawl was still going, not at its end.
        assert seen is not None and running.alive, running.finish()
        running.send_signal(signal.SIGKILL)
        running.finish()
        assert_own_host(site)
    return db, seen


def test_a_killed_runs_row_shows_what_it_did(killed):
    """Contract, crawl_runs row: counts (new, requests, ...) are updated while the run goes
    (the fixture saw new > 0 while the crawl was alive), so the row of a crawl killed with
    SIGKILL keeps them: requests > 0, new > 0, at least what was seen before the kill, and
    it is still `running`."""
    db, seen = killed
    (run,) = query(db, "SELECT * FROM crawl_runs")
    assert run["status"] == "running"
    assert run["new"] >= seen["new"] > 0 and run["requests"] >= seen["requests"] > 0, run


def status_of_last_run(db):
    result = thanhuy_archive("status", "--db", db, "--json")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return json.loads(result.stdout)["runs"][0]["status"]


def test_status_shows_a_run_whose_lock_is_free_as_interrupted(killed, tmp_path):
    """Contract, Files: `status` shows a run left `running` whose lock is free (its crawl is
    dead) as `interrupted`."""
    db = copy_archive(killed[0], tmp_path / "dead" / "archive.db")
    assert status_of_last_run(db) == "interrupted"


def test_status_shows_a_run_whose_lock_is_held_as_running(killed, tmp_path):
    """Contract, Files: `status` shows a run left `running` whose lock is held (flock on
    <realpath of db>.lock, as a live crawl holds it) as `running`."""
    db = copy_archive(killed[0], tmp_path / "live" / "archive.db")
    with held_lock(db):
        assert status_of_last_run(db) == "running"


def test_a_crawl_through_a_symlink_to_a_locked_archive_exits_75(small_archive, tmp_path):
    """Contract, Files: the crawl lock is taken on the real path: while the real archive's
    lock is held, a crawl given a symlink to it exits 75."""
    real = copy_archive(small_archive, tmp_path / "real" / "archive.db")
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with HostileServer(articles=4) as site, held_lock(real):
        result = thanhuy_archive("crawl", "--site", site.url, "--db", link, *FAST, "--quiet",
                                 timeout=120)
    assert result.returncode == 75, f"exit {result.returncode}: {result.stderr[-1500:]}"


def test_reparse_while_the_lock_is_held_exits_75(small_archive, tmp_path):
    """Contract, Files: reparse takes the crawl lock: while it is held, reparse exits 75 and
    leaves the archive's bytes unchanged."""
    db = copy_archive(small_archive, tmp_path / "archive.db")
    before = sha256(db)
    with held_lock(db):
        result = thanhuy_archive("reparse", "--db", db)
    assert result.returncode == 75, f"exit {result.returncode}: {result.stderr[-1500:]}"
    assert sha256(db) == before


def test_a_reparse_that_changes_nothing_leaves_the_file_byte_identical(small_archive,
                                                                       tmp_path):
    """Contract, Files: a reparse that changes nothing (same extractor) leaves the database
    file byte-identical after a checkpoint, and does not grow articles_fts."""
    db = copy_archive(small_archive, tmp_path / "archive.db")
    checkpoint(db)
    before = sha256(db)
    fts = "SELECT count(*) AS n, sum(length(block)) AS size FROM articles_fts_data"
    fts_before = query(db, fts)
    result = thanhuy_archive("reparse", "--db", db)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["articles"] == 4 and report["changed"] == 0
    checkpoint(db)
    assert query(db, fts) == fts_before, "articles_fts grew"
    assert sha256(db) == before, "the database file changed"


@pytest.mark.parametrize("cmd", ["serve", "demo"])
def test_a_port_out_of_range_is_bad_input(cmd, small_archive, tmp_path):
    """Contract, Files: `serve --port 70000` and `demo --port -1` exit 2 with one line
    naming the port, before any work (demo writes no mirror and no archive)."""
    if cmd == "serve":
        db = copy_archive(small_archive, tmp_path / "archive.db")
        result = thanhuy_archive("serve", "--db", db, "--port", "70000", timeout=60)
    else:
        db, mirror = tmp_path / "demo.db", tmp_path / "mirror"
        result = thanhuy_archive("demo", "--db", db, "--mirror-dir", mirror, "--port", "-1",
                                 timeout=60)
        assert not mirror.exists() and not db.exists(), "demo did work before refusing"
    assert result.returncode == 2, f"exit {result.returncode}: {result.stderr[-1500:]}"
    assert "port" in one_line(result).lower()


# -- 10. everyday -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_crawl(tmp_path_factory):
    """A crawl with the default output options (progress line, no --quiet)."""
    db = tmp_path_factory.mktemp("default") / "archive.db"
    with HostileServer(articles=4) as site:
        result = crawl(site.url, db, check=False)
        assert_own_host(site)
    return result


def test_a_default_crawl_prints_no_scrapy_log_lines(default_crawl):
    """Contract, Crawl command: by default stderr has only the progress line(s): no Scrapy
    log lines ("[scrapy.core.engine] INFO: ..."), no traceback."""
    result = default_crawl
    assert result.returncode == 0, result.stderr[-2000:]
    noise = [line for line in result.stderr.splitlines()
             if SCRAPY_LOG_LINE.search(line) or "scrapy" in line.lower() or "Traceback" in line]
    assert noise == [], noise[:10]


def test_the_summary_is_one_json_object_with_the_contract_keys(default_crawl):
    """Contract, Crawl command: stdout's last line is one JSON object with run_id, status,
    articles_new/changed/unchanged/removed/flagged, requests, failed, cut (an object) and
    seconds."""
    summary = json.loads(default_crawl.stdout.strip().splitlines()[-1])
    keys = {"run_id", "status", "articles_new", "articles_changed", "articles_unchanged",
            "articles_removed", "articles_flagged", "requests", "failed", "cut", "seconds"}
    assert keys <= set(summary), sorted(keys - set(summary))
    assert isinstance(summary["cut"], dict)
    assert summary["status"] == "ok" and summary["articles_new"] == 4


@pytest.mark.parametrize("flag", [("--verbose",), ("--log-level", "INFO")],
                         ids=["verbose", "log-level"])
def test_verbose_or_a_log_level_shows_scrapy_log_lines(flag, tmp_path):
    """Contract, Crawl command: with --verbose or --log-level, Scrapy's log lines
    ("[scrapy.core.engine] INFO: ...") are on stderr."""
    with HostileServer(articles=2) as site:
        result = crawl(site.url, tmp_path / "archive.db", "--quiet", *flag, check=False)
    assert result.returncode == 0, result.stderr[-1500:]
    assert "[scrapy.core.engine] INFO" in result.stderr


def test_schedule_refuses_a_cron_interval_that_does_not_divide_24(tmp_path):
    """Contract, Everyday: `schedule --kind cron --every-hours 7` exits 2 with one line
    naming the divisors of 24 (1, 2, 3, 4, 6, 8, 12, 24) or suggesting --kind systemd;
    `--every-hours 8` works and gives `*/8`."""
    db = tmp_path / "a.db"
    refused = thanhuy_archive("schedule", "--print", "--kind", "cron", "--every-hours", "7",
                              "--db", db)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    line = one_line(refused)
    numbers = set(re.findall(r"\d+", line))
    assert "systemd" in line or {"1", "2", "3", "4", "6", "8", "12", "24"} <= numbers, line
    accepted = thanhuy_archive("schedule", "--print", "--kind", "cron", "--every-hours", "8",
                               "--db", db)
    assert accepted.returncode == 0, accepted.stderr
    assert "*/8" in accepted.stdout


PAGE = ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Tin</title>{head}"
        "</head><body><h1>Hội nghị về công tác dân vận</h1><p>(Thanhuytphcm.vn) - Sáng nay, "
        "Thành ủy tổ chức hội nghị về công tác dân vận.</p><p>Văn Lượng</p></body></html>")


@pytest.mark.parametrize("head,expected", [
    ('<link rel="canonical" href="https://www.thanhuytphcm.vn/tin-tuc/hoi-nghi-1491871594">',
     1491871594),
    ('<meta property="og:url" content="https://hcmcpv.org.vn/tin-tuc/hoi-nghi-1491871595">',
     1491871595),
    ('<link rel="canonical" href="https://www.thanhuytphcm.vn/">', None),
], ids=["canonical", "og-url", "canonical-not-an-article"])
def test_extract_takes_the_id_from_the_pages_canonical_link(head, expected, tmp_path):
    """Contract, Everyday: `extract PAGE.html` without --url takes the id from the page's
    <link rel=canonical> (or og:url) when that is an article URL, and none otherwise."""
    page = tmp_path / "saved.html"
    page.write_text(PAGE.format(head=head), encoding="utf-8")
    result = thanhuy_archive("extract", page)
    assert result.returncode == 0, result.stderr[-1500:]
    assert json.loads(result.stdout)["id"] == expected


def test_extract_on_a_directory_is_bad_input(tmp_path):
    """Contract, Everyday: `extract DIR` exits 2 with one line containing "is a
    directory"."""
    result = thanhuy_archive("extract", tmp_path)
    assert result.returncode == 2
    assert "is a directory" in one_line(result)


def test_an_older_torn_warc_file_is_left_untouched(tmp_path):
    """Contract, Everyday: a crawl start reads only the newest WARC file. After two crawls
    (two WARC files), the older file is cut 500 bytes short; a third crawl leaves it
    byte-identical and makes no .partial file for it."""
    db = tmp_path / "archive.db"
    warc_dir = tmp_path / "archive-warc"
    with HostileServer(articles=4) as site:
        for _ in range(2):
            result = crawl(site.url, db, "--quiet", check=False)
            assert result.returncode == 0, result.stderr[-1500:]
        files = sorted(warc_dir.glob("*.warc.gz"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        assert len(files) == 2, files
        older = files[0]
        data = older.read_bytes()
        older.write_bytes(data[:-500])
        torn = sha256(older)
        crawl(site.url, db, "--quiet", check=False)
        assert_own_host(site)
    assert sha256(older) == torn, "the older WARC file was changed"
    assert list(warc_dir.glob(f"{older.name}.partial-*")) == []


@pytest.mark.parametrize("option", ["--max-articles", "--max-pages"])
def test_a_zero_cap_is_bad_input(option, tmp_path):
    """Contract, Crawl command: `--max-articles 0` and `--max-pages 0` are bad input: exit 2,
    one line saying "must be 1 or more"."""
    with HostileServer(articles=2) as site:  # what a crawl that should not start would crawl
        result = thanhuy_archive("crawl", "--site", site.url, "--db", tmp_path / "a.db",
                                 *FAST, option, "0", "--quiet", timeout=120)
    assert result.returncode == 2, f"exit {result.returncode}: {result.stderr[-1500:]}"
    assert "must be 1 or more" in one_line(result)
