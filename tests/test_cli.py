"""The ``thanhuy-archive`` command as a user meets it: help, bad input, extract, reparse,
status, schedule, and the run monitor. Each test runs the installed console script."""

import http.server
import json
import sqlite3
import threading
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, copy_archive, query, thanhuy_archive
from thanhuy_archive.records import ARTICLE_FIELDS as EXTRACTED_FIELDS

SUBCOMMANDS = ["crawl", "serve", "extract", "demo", "reparse", "status", "schedule", "report",
               "export-wacz"]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command):
    result = thanhuy_archive(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


@pytest.mark.parametrize("args,reason", [
    (["crawl", "--delay", "-1"], "must be 0 or more"),
    (["crawl", "--concurrency", "0"], "must be 1 or more"),
    (["crawl", "--site", "ftp://example.org/"], "not an http(s) URL"),
    (["crawl", "--max-articles", "many"], "not a whole number"),
    (["crawl", "--db", "/no/such/folder/a.db"], "does not exist"),
    (["serve", "--db", "missing.db"], "no archive at missing.db"),
    (["status", "--db", "missing.db"], "no archive at missing.db"),
    (["extract", "no-such-page.html"], "no such file"),
    (["nonsense"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_line(args, reason, tmp_path):
    result = thanhuy_archive(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0]


def test_a_file_that_is_not_an_archive_is_refused_untouched(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    result = thanhuy_archive("status", "--db", notes)
    assert result.returncode == 2 and "is not a SQLite database" in result.stderr
    assert notes.read_text() == "not a database"


def test_extract_prints_one_json_object_per_page_with_the_field_names():
    pages = sorted((FIXTURES / "vn-news").glob("*_article.html"))[:2]
    result = thanhuy_archive("extract", *pages, check=True)
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 2
    assert all(list(o) == list(EXTRACTED_FIELDS) for o in objects)
    assert all(o["title"] for o in objects)


def test_extract_with_url_gives_the_article_id(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Tin</h1><p>(Thanhuytphcm.vn) - Nội dung.</p></body></html>")
    url = "https://www.thanhuytphcm.vn/tin-tuc/tin-1491871594?fbclid=x"
    (article,) = [json.loads(line) for line in
                  thanhuy_archive("extract", page, "--url", url, check=True).stdout.splitlines()]
    assert article["id"] == 1491871594
    assert article["url"] == "https://www.thanhuytphcm.vn/tin-tuc/tin-1491871594"


def test_extract_refuses_url_with_several_pages(tmp_path):
    result = thanhuy_archive("extract", __file__, __file__, "--url", "https://x/")
    assert result.returncode == 2 and "single PAGE" in result.stderr


# -- on a crawled archive ---------------------------------------------------------------------


@pytest.fixture
def archive(crawled_archive):
    return crawled_archive


def test_reparse_changes_nothing_when_the_extractor_is_unchanged(archive, tmp_path):
    db = copy_archive(archive, tmp_path / "copy.db")
    report = json.loads(thanhuy_archive("reparse", "--db", db, check=True).stdout)
    assert report["articles"] > 0 and report["changed"] == 0 and report["fields"] == {}


def test_reparse_reads_again_an_attachment_larger_than_the_default_cap(tmp_path):
    """A crawl with --max-media-mb above the default 50 archives and reads a 51 MB document;
    reparse reads it again (its bytes passed that crawl's cap) instead of marking it too large
    and losing its text."""
    from tests.conftest import crawl
    from thanhuy_archive.mirror import MirrorServer, generate_mirror

    root = generate_mirror(tmp_path / "mirror", large_attachment_mb=51)
    db = tmp_path / "archive.db"
    with MirrorServer(root) as server:
        crawl(server.url, db, "--max-media-mb", "60")
    large = "SELECT a.url, a.text, a.flags FROM attachments a JOIN media m ON m.url = a.url " \
            "WHERE m.size > 50 * 1048576 ORDER BY a.url"
    read = query(db, large)
    assert read and all(r["text"].startswith("PHỤ LỤC") for r in read)
    report = json.loads(thanhuy_archive("reparse", "--db", db, check=True).stdout)
    assert report["attachments"] >= len(read) and report["attachments_changed"] == 0
    assert query(db, large) == read


def test_reparse_repairs_fields_from_the_stored_pages_and_keeps_a_revision(archive, tmp_path):
    db = copy_archive(archive, tmp_path / "copy.db")
    conn = sqlite3.connect(db)
    (aid, title), = conn.execute("SELECT id, title FROM articles LIMIT 1")
    with conn:  # as if an older extractor had got these wrong
        conn.execute("UPDATE articles SET title = 'sai', body = 'sai' WHERE id = ?", [aid])
    conn.close()
    report = json.loads(thanhuy_archive("reparse", "--db", db, check=True).stdout)
    assert report["changed"] == 1 and report["fields"] == {"title": 1, "body": 1}
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT title FROM articles WHERE id = ?", [aid]).fetchone()[0] == title
    reason, old = conn.execute("SELECT reason, title FROM article_revisions").fetchone()
    assert (reason, old) == ("reparse", "sai")


def test_status_shows_totals_and_runs(archive):
    result = thanhuy_archive("status", "--db", archive, "--json", check=True)
    status = json.loads(result.stdout)
    assert status["totals"]["articles"] > 0
    assert status["runs"][0]["status"] == "ok"
    text = thanhuy_archive("status", "--db", archive, check=True).stdout
    assert "articles" in text and " ok " in text


def test_report_templates_groups_the_pages_by_layout(archive):
    groups = json.loads(thanhuy_archive("report", "templates", "--db", archive, "--json",
                                        check=True).stdout)
    assert sum(g["pages"] for g in groups) == len(query(archive, "SELECT id FROM articles"))
    assert all(g["layout"] != "(none)" and g["example_url"] for g in groups)
    text = thanhuy_archive("report", "templates", "--db", archive, check=True).stdout
    assert "most likely broken first" in text and groups[0]["layout"] in text


def test_export_wacz_writes_a_package_of_every_article(archive, tmp_path):
    result = json.loads(thanhuy_archive("export-wacz", tmp_path / "a.wacz", "--db", archive,
                                        check=True).stdout)
    assert result["pages"] == len(query(archive, "SELECT id FROM articles"))
    assert (tmp_path / "a.wacz").stat().st_size == result["bytes"]
    refused = thanhuy_archive("export-wacz", tmp_path / "no-such-folder" / "a.wacz", "--db",
                              archive)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("kind,needle", [
    ("systemd", "OnUnitActiveSec=6h"),
    ("cron", "17 */6 * * *"),
])
def test_schedule_print_shows_a_recurring_incremental_crawl(kind, needle, tmp_path):
    db = tmp_path / "a.db"
    result = thanhuy_archive("schedule", "--print", "--kind", kind, "--db", db, check=True)
    assert needle in result.stdout
    assert f"crawl --db {db}" in result.stdout
    if kind == "systemd":
        assert "SuccessExitStatus=75" in result.stdout  # a locked-out run is not a failure


# -- the run monitor --------------------------------------------------------------------------


@pytest.fixture
def static_site(tmp_path):
    """A plain HTTP server on 127.0.0.1 over a folder the test fills."""
    root = tmp_path / "site"
    root.mkdir()
    handler = partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_run_that_finds_no_article_fails_with_a_reason(static_site, tmp_path):
    root, url = static_site
    (root / "index.html").write_text("<html><body><p>Bảo trì hệ thống</p></body></html>",
                                     encoding="utf-8")
    result = thanhuy_archive("crawl", "--site", url, "--db", tmp_path / "a.db",
                             "--delay", "0", "--quiet")
    assert result.returncode == 1
    assert "no article link was found" in result.stderr.strip().splitlines()[-1]
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT status FROM crawl_runs").fetchone()[0] == "failed"


def test_a_jump_in_flagged_articles_fails_the_run(static_site, tmp_path):
    root, url = static_site
    (root / "tin-tuc").mkdir()
    links = []
    for n in range(6):  # pages whose layout the extractor cannot read: no title, no text
        aid = 1491871600 + n
        (root / "tin-tuc" / f"bai-{aid}").write_text("<html><body><div></div></body></html>")
        links.append(f'<a href="/tin-tuc/bai-{aid}">bài</a>')
    (root / "index.html").write_text("<html><body>" + "".join(links) + "</body></html>")
    result = thanhuy_archive("crawl", "--site", url, "--db", tmp_path / "a.db",
                             "--delay", "0", "--quiet")
    assert result.returncode == 1
    assert "6 of 6 articles were flagged" in result.stderr
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 6  # still stored


def test_schedule_installs_a_systemd_user_timer(tmp_path):
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    script = Path(sys.executable).parent / "thanhuy-archive"
    result = subprocess.run([str(script), "schedule", "--db", str(tmp_path / "a.db"),
                             "--every-hours", "12"], capture_output=True, text=True,
                            env={**os.environ, "HOME": str(home)}, timeout=60)
    assert result.returncode == 0, result.stderr
    units = home / ".config" / "systemd" / "user"
    timer = (units / "thanhuy-archive-crawl.timer").read_text()
    service = (units / "thanhuy-archive-crawl.service").read_text()
    assert "OnUnitActiveSec=12h" in timer and "Persistent=true" in timer
    assert f"crawl --db {tmp_path / 'a.db'} --quiet" in service
    # Enabled when a user systemd answers; otherwise the command to enable it is printed.
    assert "enabled" in result.stdout or "systemctl --user enable --now" in result.stdout


def test_max_articles_caps_a_crawl(mirror, tmp_path):
    from tests.conftest import crawl, query

    db = tmp_path / "a.db"
    crawl(mirror.url, db, "--max-articles", "10", "--quiet")
    assert query(db, "SELECT count(*) AS n FROM articles")[0]["n"] == 10
    from crawler.urls import article_id

    requested = {article_id("http://mirror" + r["path"]) for r in mirror.requests} - {None}
    assert len(requested) == 10  # no article beyond the cap is even requested


def test_a_site_that_is_down_fails_the_run_cleanly(tmp_path):
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = thanhuy_archive("crawl", "--site", f"http://127.0.0.1:{port}/", "--db",
                             tmp_path / "a.db", "--delay", "0", "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no article link was found" in result.stderr.strip().splitlines()[-1]
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT status FROM crawl_runs").fetchone()[0] == "failed"
    failures = conn.execute("SELECT count(*) FROM crawl_log WHERE outcome = 'failed'").fetchone()
    assert failures[0] >= 1


def test_a_listing_found_in_a_sitemap_is_walked_like_any_page(static_site, tmp_path):
    """What a page is depends on its content, not on where its link was found: a sitemap may
    list category pages (HTML), and an old XHTML page may start with <?xml."""
    root, url = static_site
    (root / "tin-tuc").mkdir()
    (root / "danh-muc").mkdir()
    body = "<p>(Thanhuytphcm.vn) - " + "Nội dung bài viết về công tác dân vận. " * 20 + "</p>"
    (root / "tin-tuc" / "bai-1491871601").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
        ' Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Bài XHTML</h1>{body}'
        "</body></html>", encoding="utf-8")
    (root / "danh-muc" / "index.html").write_text(
        '<html><body><a href="/tin-tuc/bai-1491871601">Bài XHTML</a></body></html>',
        encoding="utf-8")
    (root / "index.html").write_text('<html><body><a href="/danh-muc/">Danh mục</a></body></html>',
                                     encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nSitemap: /sitemap.xml\n")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9"><url><loc>{url}danh-muc/</loc></url></urlset>')
    result = thanhuy_archive("crawl", "--site", url, "--db", tmp_path / "a.db",
                             "--delay", "0", "--quiet")
    assert result.returncode == 0, result.stderr[-2000:]
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT title FROM articles").fetchall() == [("Bài XHTML",)]
