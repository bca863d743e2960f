"""Reliability of ``thanhuy-archive crawl`` against a hostile site (tests/hostile.py), as pinned
by the issue-8 contract: 304 re-checks, SIGTERM/SIGINT, same-id redirects, crawler traps,
storage errors (a write-locked archive, a full disk), a robots.txt that redirects elsewhere,
and Scrapy's remote-control job files.

Black-box: the installed console script in a subprocess, HTTP to 127.0.0.1 servers on port 0,
the archive read with plain SQLite.
"""

import json
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import crawl, query
from tests.hostile import (
    FAST, TRAPS, HostileServer, assert_own_host, crawl_watched, start_crawl,
)

ARTICLE_ID = re.compile(r"/tin-tuc/(?:[^/?#]*-)?(\d{9,10})/?$")


def runs(db):
    return query(db, "SELECT * FROM crawl_runs ORDER BY id")


def archived_ids(db):
    return {r["id"] for r in query(db, "SELECT id FROM articles")}


def require_archive(db, result):
    """Fail with the command's output when it made no archive at all (it crashed early)."""
    made = Path(db).exists() and query(
        db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'crawl_runs'")[0]["n"]
    assert made, f"the crawl made no archive: {result}"


# -- 1. a 304 answer to a re-check is "unchanged" ---------------------------------------------


def test_a_304_recheck_counts_unchanged_moves_last_fetched_and_adds_a_capture(tmp_path):
    """Contract, crawl_runs row: a 304 answer to a conditional re-check (forced with --full)
    counts as `unchanged`, never `failed`: the run's counts are unchanged=N, failed=0; every
    article's last_fetched_at moves to the time of the re-check (between its 304 capture and
    the end of the run) and its `captures` count goes up by one; the archive has one more
    captures row per article; crawl_log has no failed row for the run."""
    db = tmp_path / "archive.db"
    with HostileServer(articles=8) as site:
        first = crawl(site.url, db, "--quiet", check=False)
        assert first.returncode == 0, first.stderr[-2000:]
        before = {r["id"]: r for r in query(db, "SELECT * FROM articles")}
        assert set(before) == site.article_ids
        captures_before = query(db, "SELECT count(*) AS n FROM captures "
                                    "WHERE article_id IS NOT NULL")[0]["n"]
        served = len(site.log())
        again = crawl(site.url, db, "--quiet", "--full", check=False)
        rechecks = site.log()[served:]
        assert_own_host(site)
    # The server did answer 304 to conditional GETs of every article.
    not_modified = {int(ARTICLE_ID.search(r["path"]).group(1)) for r in rechecks
                    if r["status"] == 304 and r["if_none_match"]}
    assert not_modified == site.article_ids, "the re-check must be a conditional GET"

    run = runs(db)[-1]
    assert (run["unchanged"], run["failed"], run["new"], run["changed"]) == (len(before), 0, 0, 0)
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    assert summary["articles_unchanged"] == len(before) and summary["failed"] == 0
    assert again.returncode == 0 and run["status"] == "ok"
    assert query(db, "SELECT url, message FROM crawl_log WHERE run_id = ? AND outcome = 'failed'",
                 [run["id"]]) == []
    after = {r["id"]: r for r in query(db, "SELECT * FROM articles")}
    for aid, old in before.items():
        (latest,) = query(db, "SELECT max(fetched_at) AS t FROM captures WHERE article_id = ? "
                              "AND run_id = ? AND status = 304", [aid, run["id"]])
        assert latest["t"], f"no 304 capture of {aid} in the re-check run"
        # The time of the re-check: its 304 capture's time, or the moment it was stored.
        moved = after[aid]["last_fetched_at"]
        assert latest["t"] <= moved <= run["ended_at"] and moved >= old["last_fetched_at"], \
            (aid, old["last_fetched_at"], latest["t"], moved, run["ended_at"])
        assert after[aid]["captures"] == old["captures"] + 1
    captures_after = query(db, "SELECT count(*) AS n FROM captures "
                               "WHERE article_id IS NOT NULL")[0]["n"]
    assert captures_after == captures_before + len(before)


# -- 2. SIGTERM / SIGINT mid-crawl ------------------------------------------------------------


@pytest.mark.parametrize("signum,status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)],
                         ids=["SIGTERM", "SIGINT"])
def test_a_signalled_crawl_is_interrupted_and_the_same_command_resumes(signum, status,
                                                                       tmp_path):
    """Contract, Interruption: a crawl (--concurrency 1, a slow site of 60 articles behind
    paginated listings) that gets SIGTERM or SIGINT after 15 requests ends with its run row
    `interrupted`, exits 143 / 130, and leaves its pending URLs in the frontier; the same
    command run again ends `ok` with every article of the site archived."""
    db = tmp_path / "archive.db"
    args = ("--delay", "0", "--concurrency", "1", "--quiet")
    with HostileServer(articles=60, per_page=5, delay=0.1) as site:
        running = start_crawl(site.url, db, *args)
        reached = site.wait_for_requests(15, deadline_s=60, while_=lambda: running.alive)
        assert reached and running.alive, f"the crawl ended before 15 requests: {running.finish()}"
        running.send_signal(signum)
        stopped = running.finish()
        site.delay = 0
        assert not stopped.runaway, stopped
        (run,) = runs(db)
        assert run["status"] == "interrupted", (run, stopped)
        assert stopped.returncode == status, stopped
        pending = query(db, "SELECT count(*) AS n FROM frontier WHERE state = 'pending'")[0]["n"]
        assert pending > 0, "the frontier must keep the URLs still to fetch"

        again = crawl_watched(site, db, *args, max_requests=10_000)
        assert_own_host(site)
    assert again.returncode == 0, again
    assert runs(db)[-1]["status"] == "ok"
    assert archived_ids(db) == site.article_ids


# -- 3. same-id redirects ---------------------------------------------------------------------


def check_same_id_redirects(site, db, run_id):
    for aid, old in ((site.moved_id, f"/tin-tuc/cu-{site.moved_id}"),
                     (site.bare_id, f"/tin-tuc/{site.bare_id}")):
        new = site.by_id[aid].path
        assert query(db, "SELECT count(*) AS n FROM articles WHERE id = ?", [aid])[0]["n"] == 1, \
            f"article {aid} (linked as {old}, 301 to {new}) is not archived"
        moved = query(db, "SELECT url, article_id FROM captures WHERE status = 301 "
                          "AND run_id = ? AND url LIKE ?", [run_id, f"%{old}"])
        assert moved and all(r["article_id"] == aid for r in moved), \
            f"the 301 of {old} must be a capture of article {aid}: {moved}"
        logged = {r["url"] for r in query(db, "SELECT url FROM crawl_log WHERE run_id = ?",
                                          [run_id])}
        assert any(u.endswith(old) for u in logged) and any(u.endswith(new) for u in logged), \
            f"crawl_log must have both {old} and {new}"


@pytest.mark.parametrize("extra", [(), ("--full",)], ids=["first-crawl", "first-crawl-full"])
def test_an_article_behind_a_same_id_redirect_is_archived(extra, tmp_path):
    """Contract, Same-id redirects: /tin-tuc/cu-ID -> 301 -> /tin-tuc/moi-ID and
    /tin-tuc/ID -> 301 -> /tin-tuc/<slug>-ID (same ID): the article is archived (one row),
    the 301 is a captures row with status 301 and that article_id, and crawl_log has both
    URLs; on a first crawl, plain and with --full."""
    db = tmp_path / "archive.db"
    with HostileServer(articles=6, redirects=True) as site:
        result = crawl(site.url, db, "--quiet", *extra, check=False)
        assert_own_host(site)
    assert result.returncode == 0, result.stderr[-2000:]
    check_same_id_redirects(site, db, runs(db)[-1]["id"])
    assert archived_ids(db) == site.article_ids


def test_a_full_recheck_goes_through_same_id_redirects_again(tmp_path):
    """Contract, Same-id redirects, with --full on an archive that has the articles: the
    re-check run ends ok, each redirected article is re-checked (fetched in the run, 200 or
    304, under its id), still one row, not marked removed, and no request failed."""
    db = tmp_path / "archive.db"
    with HostileServer(articles=6, redirects=True) as site:
        first = crawl(site.url, db, "--quiet", check=False)
        require_archive(db, first)
        again = crawl(site.url, db, "--quiet", "--full", check=False)
        assert_own_host(site)
    run = runs(db)[-1]
    for aid in (site.moved_id, site.bare_id):
        rows = query(db, "SELECT removed_at FROM articles WHERE id = ?", [aid])
        assert len(rows) == 1 and rows[0]["removed_at"] is None, f"article {aid}: {rows}"
        fetched = query(db, "SELECT status FROM captures WHERE run_id = ? AND article_id = ? "
                            "AND status IN (200, 304)", [run["id"], aid])
        assert fetched, f"article {aid} was not re-checked by --full"
    assert again.returncode == 0, again.stderr[-2000:]
    assert run["status"] == "ok" and run["failed"] == 0
    assert query(db, "SELECT url FROM crawl_log WHERE run_id = ? AND outcome = 'failed'",
                 [run["id"]]) == []


# -- 4. traps ---------------------------------------------------------------------------------

TRAP_BUDGET = 60  # requests per trap, beyond the real site's pages
TRAP_GUARDS = {
    "calendar": {"barren-branch", "query-variants"},
    "pagination": {"barren-branch", "query-variants"},
    "deep": {"path-depth", "barren-branch"},
    "repeat": {"path-depth", "barren-branch"},
    "redirect-chain": {"redirect-hops"},
    "redirect-loop": {"redirect-loop"},
}


@pytest.fixture(scope="module")
def trapped(tmp_path_factory):
    """One crawl with default budgets of a 12-article site whose home page also links every
    trap; killed (and marked runaway) once it has made more requests than the real site plus
    twice the budget of every trap."""
    db = tmp_path_factory.mktemp("trapped") / "archive.db"
    with HostileServer(articles=12, traps=TRAPS) as site:
        result = crawl_watched(site, db, *FAST, "--quiet",
                               max_requests=100 + 2 * TRAP_BUDGET * len(TRAPS))
    return {"db": db, "site": site, "result": result}


def trapped_cut(trapped):
    """The summary's `cut` of the trapped crawl (fails if the crawl had to be killed)."""
    result = trapped["result"]
    assert not result.runaway, (f"the trapped crawl did not end by itself (killed after "
                                f"{len(trapped['site'].log())} requests): no summary")
    return result.summary.get("cut")


def test_a_trapped_crawl_ends_by_itself_ok_with_every_real_article(trapped):
    """Contract, Traps: a crawl of a site with a calendar, endless pagination, an infinitely
    deep path, a relative-link repeat, an endless redirect chain and a redirect loop ends by
    itself (default budgets), status ok, exit 0, every real article stored; the summary's
    `cut` is non-empty and is the run row's `cut` column, and the run message says what was
    cut; every request named the site's own host."""
    result, db, site = trapped["result"], trapped["db"], trapped["site"]
    require_archive(db, result)
    assert_own_host(site)
    assert archived_ids(db) == site.article_ids
    cut = trapped_cut(trapped)
    assert result.returncode == 0, result
    run = runs(db)[-1]
    assert run["status"] == "ok"
    assert isinstance(cut, dict) and cut and all(v > 0 for v in cut.values()), cut
    assert json.loads(run["cut"]) == cut
    assert run["message"], "a run that cut something says what in its message"


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_each_trap_costs_a_bounded_number_of_requests(trapped, trap):
    """Contract, Traps: each trap of a hostile server (calendar, endless pagination, deep
    path, repeated path segment, redirect chain, redirect loop) costs at most ~60 requests
    (asserted: <= 60) in a crawl with default budgets."""
    spent = len(trapped["site"].trap_requests(trap))
    assert spent <= TRAP_BUDGET, (f"{trap}: {spent} requests"
                                  + (" (crawl killed as runaway)" if trapped["result"].runaway
                                     else ""))


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_each_trap_is_named_in_the_summary_cut(trapped, trap):
    """Contract, Traps and the summary's `cut`: the guard that stopped each trap is named
    (calendar and endless pagination: barren-branch or query-variants; deep and repeated
    paths: path-depth or barren-branch; redirect chain: redirect-hops; redirect loop:
    redirect-loop)."""
    cut = trapped_cut(trapped) or {}
    assert TRAP_GUARDS[trap] & set(cut), f"{trap}: none of {sorted(TRAP_GUARDS[trap])} in {cut}"


def test_no_requested_path_is_deeper_than_12_segments_or_repeats_one_3_times(trapped):
    """Contract, Traps, path depth: at most 12 path segments, and no segment repeated 3
    times: no request of the trapped crawl (deep /sau/x1/x2/... and relative /lap/lap/...)
    has a path beyond either limit."""
    too_deep, repeating = [], []
    for r in trapped["site"].log():
        segments = [s for s in r["path"].split("?", 1)[0].split("/") if s]
        if len(segments) > 12:
            too_deep.append(r["path"])
        if segments and max(segments.count(s) for s in segments) >= 3:
            repeating.append(r["path"])
    assert too_deep == [] and repeating == [], (too_deep[:3], repeating[:3])


def test_no_path_is_fetched_with_more_than_50_query_strings(trapped):
    """Contract, Traps, query variants: at most 50 distinct query strings of one path whose
    pages led to no new article (the calendar /lich?ngay=..., the endless /vo-tan?page=...)."""
    variants = {}
    for r in trapped["site"].log():
        path, _, query_string = r["path"].partition("?")
        variants.setdefault(path, set()).add(query_string)
    crowded = {path: len(qs) for path, qs in variants.items() if len(qs) > 50}
    assert crowded == {}


def test_a_redirect_chain_is_followed_at_most_5_hops_and_logged_as_a_trap(trapped):
    """Contract, Traps: /chuyen/N -> 302 -> /chuyen/N+1 forever: at most 5 hops followed (6
    requests), the cut logged in crawl_log with outcome `trap`, cut["redirect-hops"] >= 1."""
    site, db = trapped["site"], trapped["db"]
    assert len(site.trap_requests("redirect-chain")) <= 6
    require_archive(db, trapped["result"])
    trap_rows = query(db, "SELECT url FROM crawl_log WHERE outcome = 'trap' AND url LIKE ?",
                      ["%/chuyen/%"])
    assert trap_rows, "the abandoned redirect chain must be logged with outcome 'trap'"
    cut = trapped_cut(trapped)
    assert (cut or {}).get("redirect-hops", 0) >= 1


def test_a_redirect_loop_is_abandoned_at_once_and_logged_as_a_trap(trapped):
    """Contract, Traps: /vong/a -> 302 -> /vong/b -> 302 -> /vong/a: abandoned when the loop
    shows (each URL fetched once, 2 requests), logged with outcome `trap`,
    cut["redirect-loop"] >= 1."""
    site, db = trapped["site"], trapped["db"]
    assert len(site.trap_requests("redirect-loop")) <= 2
    require_archive(db, trapped["result"])
    trap_rows = query(db, "SELECT url FROM crawl_log WHERE outcome = 'trap' AND url LIKE ?",
                      ["%/vong/%"])
    assert trap_rows, "the abandoned redirect loop must be logged with outcome 'trap'"
    cut = trapped_cut(trapped)
    assert (cut or {}).get("redirect-loop", 0) >= 1


def test_max_pages_caps_the_requests(tmp_path):
    """Contract, Traps: `--max-pages 5` makes at most 5 requests besides robots.txt (against
    the calendar trap), names max-pages in cut, and ends ok."""
    db = tmp_path / "archive.db"
    with HostileServer(articles=12, traps={"calendar"}) as site:
        result = crawl_watched(site, db, *FAST, "--quiet", "--max-pages", "5",
                               max_requests=200)
        assert_own_host(site)
    assert not result.runaway and result.returncode == 0, result
    pages = [r for r in site.log() if r["path"] != "/robots.txt"]
    assert len(pages) <= 5, [r["path"] for r in pages]
    assert result.summary["cut"].get("max-pages", 0) > 0
    assert runs(db)[-1]["status"] == "ok"


def test_max_articles_against_the_calendar_trap_ends(tmp_path):
    """Contract, Traps: `--max-articles 5` against a site with the calendar trap ends by
    itself, ok, with at most 5 articles and at most 60 calendar requests."""
    db = tmp_path / "archive.db"
    with HostileServer(articles=12, traps={"calendar"}) as site:
        result = crawl_watched(site, db, *FAST, "--quiet", "--max-articles", "5",
                               max_requests=600)
        assert_own_host(site)
    assert not result.runaway, f"did not end by itself: {len(site.log())} requests"
    assert result.returncode == 0, result
    assert runs(db)[-1]["status"] == "ok"
    assert 1 <= len(archived_ids(db)) <= 5
    assert len(site.trap_requests("calendar")) <= TRAP_BUDGET


# -- 5. storage errors ------------------------------------------------------------------------

LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
conn.close()
"""


def test_an_archive_write_locked_for_15_s_loses_nothing(tmp_path):
    """Contract, Storage errors: another process holds BEGIN EXCLUSIVE on the archive for
    15 s while a crawl runs. Either the run ends ok with every article stored, or it ends
    `failed`, exit 1, with one stderr line (--quiet) saying the archive could not be written,
    and every article it fetched but did not store is still pending in the frontier. Never
    `ok` with something missing. The next crawl stores everything and ends ok."""
    db = tmp_path / "archive.db"
    args = ("--delay", "0", "--concurrency", "1", "--quiet")
    with HostileServer(articles=20, delay=0.05) as site:
        running = start_crawl(site.url, db, *args)
        assert site.wait_for_requests(3, deadline_s=60, while_=lambda: running.alive), \
            running.finish()
        locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(db), "15"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert locker.stdout.readline().strip() == "locked", locker.stderr.read()
            assert running.alive, "the crawl ended before the archive was locked"
        finally:
            locker.wait(timeout=120)
        result = running.finish()
        fetched = {int(m.group(1)) for r in site.log() if r["status"] == 200
                   for m in [ARTICLE_ID.search(r["path"])] if m}
        run = runs(db)[-1]
        stored = archived_ids(db)
        if run["status"] == "ok":
            assert stored == site.article_ids, \
                f"run ok but {sorted(site.article_ids - stored)} missing"
            assert result.returncode == 0, result
        else:
            assert run["status"] == "failed", run
            assert result.returncode == 1, result
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("thanhuy-archive crawl: "), lines
            assert "archive" in lines[0] and "writ" in lines[0], lines[0]
            pending = {int(m.group(1)) for r in query(
                db, "SELECT url FROM frontier WHERE state = 'pending'")
                for m in [ARTICLE_ID.search(r["url"])] if m}
            lost = (fetched - stored) - pending
            assert not lost, f"fetched, not stored and not pending: {sorted(lost)}"
        again = crawl_watched(site, db, *FAST, "--quiet", max_requests=10_000)
    assert again.returncode == 0, again
    assert runs(db)[-1]["status"] == "ok"
    assert archived_ids(db) == site.article_ids


def limit_file_size():
    """preexec_fn: files the crawl writes may not grow beyond 300 KB (EFBIG; Python ignores
    SIGXFSZ), as when the disk is full."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (300 * 1024, 300 * 1024))


def test_a_full_disk_stops_the_crawl_cleanly_and_a_later_crawl_completes(tmp_path):
    """Contract, Storage errors, disk full (RLIMIT_FSIZE 300 KB on the crawl process, on an
    archive made by an earlier capped crawl, so the limit strikes mid-crawl): the crawl
    stops at once (fewer than 40 of the site's ~70 pages requested), run `failed` (not
    `running`), exit 1, one `thanhuy-archive crawl:` line on stderr (the last; no
    traceback) and fewer than 20 stderr lines in all, fewer than 5 WARC files, the database
    passes PRAGMA integrity_check, and a later crawl without the limit completes with every
    article."""
    db = tmp_path / "archive.db"
    with HostileServer(articles=60, per_page=10) as site:
        # The archive exists (a first, capped crawl: about 190 KB), so the limit strikes in
        # the middle of the next crawl, not while a new archive's schema is written.
        first = crawl(site.url, db, "--quiet", "--max-articles", "2", check=False)
        assert first.returncode == 0 and db.stat().st_size < 300 * 1024, first.stderr[-2000:]
        served = site.request_count
        running = start_crawl(site.url, db, *FAST, preexec_fn=limit_file_size)
        full = running.finish(deadline_s=120)
        spent = site.request_count - served
        assert not full.runaway, full
        assert len(runs(db)) == 2, f"no run row for the crawl on a full disk: {full}"
        run = runs(db)[-1]
        assert run["status"] == "failed", (run, full)
        assert full.returncode == 1, full
        lines = full.stderr.strip().splitlines()
        assert len(lines) < 20, f"{len(lines)} stderr lines: {lines[:30]}"
        ours = [line for line in lines if line.startswith("thanhuy-archive crawl: ")]
        assert len(ours) == 1 and lines[-1] == ours[0], lines
        assert not any("Traceback" in line for line in lines)
        warcs = list((tmp_path / "archive-warc").glob("*.warc.gz"))
        assert len(warcs) < 5, warcs
        # Stopped at once: it did not go on fetching the rest of the site (about 70 pages;
        # 300 KB of WAL fill up within the first dozen or so articles).
        assert spent < 40, f"the crawl made {spent} requests: it did not stop when the disk filled"
        assert query(db, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]

        again = crawl_watched(site, db, *FAST, "--quiet", max_requests=10_000)
        assert_own_host(site)
    assert again.returncode == 0, again
    assert runs(db)[-1]["status"] == "ok"
    assert archived_ids(db) == site.article_ids


# -- 6. nothing let in ------------------------------------------------------------------------


def test_a_robots_txt_redirect_to_another_port_is_not_followed(tmp_path):
    """Contract, Nothing let in: robots.txt answers 302 to http://127.0.0.1:<other port>/
    admin/secret (and the home page links an article-like page there): the other server
    receives no request at all, nothing with its port is archived or logged, and every
    request to the site named the site's own host."""
    db = tmp_path / "archive.db"
    with HostileServer(articles=6) as other:
        secret = other.url + "admin/secret"
        with HostileServer(articles=6, robots_redirect=secret, offsite=other.url) as site:
            result = crawl(site.url, db, "--quiet", check=False)
        require_archive(db, result)
        assert other.log() == [], f"requests reached the other server: {other.log()}"
        assert_own_host(site, other)
    port = f":{other.port}/"
    for table in ("captures", "crawl_log"):
        leaked = query(db, f"SELECT url FROM {table} WHERE url LIKE ?", [f"%{port}%"])
        assert leaked == [], f"{table}: {leaked}"
    assert query(db, "SELECT count(*) AS n FROM crawl_log WHERE discovered_from LIKE ?",
                 [f"%{port}%"])[0]["n"] == 0
    assert result.returncode == 0, result.stderr[-2000:]
    assert archived_ids(db) == site.article_ids


def test_a_crawl_leaves_no_remote_control_job_files(tmp_path):
    """Contract, Nothing let in: Scrapy's remote-control endpoint is off; a crawl run with
    HOME and XDG_STATE_HOME pointing at an empty temp dir leaves that dir as the test made it
    (no job files, nothing else)."""
    home = tmp_path / "home"
    state = home / "state"
    state.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), XDG_STATE_HOME=str(state))
    db = tmp_path / "db" / "archive.db"
    db.parent.mkdir()
    with HostileServer(articles=4) as site:
        running = start_crawl(site.url, db, *FAST, "--quiet", env=env)
        result = running.finish()
        assert_own_host(site)
    assert result.returncode == 0, result
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert left == ["state"], f"files left under HOME: {left}"
    assert "Remote control" not in result.stderr and "remote_control" not in result.stderr


def test_a_429_with_retry_after_is_waited_out_then_retried(tmp_path):
    """A server answering 429 with Retry-After: 2 gets its retry no sooner than 2 s later, and
    the host is asked less often meanwhile: besides the few requests dispatched before the
    refusal was read, the slot spaces the others by about the time asked (Scrapy randomises
    a delay between half and one and a half of it). The article is archived. (Waits are lower
    bounds the crawler enforces: a slow machine cannot make this fail.)"""
    db = tmp_path / "archive.db"
    with HostileServer(articles=3, busy=(1, 2)) as site:
        result = crawl(site.url, db, "--quiet", "--concurrency", "1", check=False)
        log = site.log()
    assert result.returncode == 0, result.stderr[-2000:]
    path = site.first_article().path
    (refused,) = [r for r in log if r["path"] == path and r["status"] == 429]
    retry = next(r for r in log if r["path"] == path and r["time"] > refused["time"])
    assert retry["status"] == 200 and retry["time"] - refused["time"] >= 2
    window = [r for r in log if refused["time"] < r["time"] < refused["time"] + 2]
    assert len(window) <= 6
    assert site.first_article().id in archived_ids(db)
