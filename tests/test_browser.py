"""The archive as a researcher uses it: the real ``thanhuy-archive serve --port 0`` in a
subprocess, driven by a real headless Chromium (Debian's /usr/bin/chromium, through
Playwright's Python API).

Searches "dan van" from the home page, opens an article and checks its text, downloads the
Excel CSV of the search and checks its rows and encoding, and checks that no script from a
scraped page runs. Screenshots of the search and article pages are saved under
``test-artifacts/`` (gitignored).

Chromium missing is a failure, not a skip: the test first tries ``apt-get install -y
chromium`` (as CI, root, can), then fails saying how to install it.
"""

import csv
import io
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.test_datasette import BASE_ID, XSS_ID, build_test_archive, vi_cases

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SERVE_TIMEOUT = 30  # seconds for the server to announce its address


def ensure_chromium():
    if CHROMIUM.exists():
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in ([apt, "install", "-y", "-q", "chromium"],
                        [apt, "update", "-q"], [apt, "install", "-y", "-q", "chromium"]):
            try:
                subprocess.run(command, env=env, capture_output=True, timeout=900)
            except subprocess.TimeoutExpired:
                break
            if CHROMIUM.exists():
                return
    pytest.fail(f"Debian's chromium is missing at {CHROMIUM} and could not be installed here: "
                "run `apt-get update && apt-get install -y chromium` (as root), then re-run.")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The serve command on an archive holding the vi-cases search documents."""
    db = build_test_archive(tmp_path_factory.mktemp("browser") / "archive.db")
    yield from serve(db)


@pytest.fixture(scope="module")
def crawled_server(crawled_archive):
    """The serve command on an archive made by the real crawl of the mirror."""
    yield from serve(crawled_archive)


def serve(db):
    """``thanhuy-archive serve --db ARCHIVE --port 0``; yields its announced base URL."""
    script = Path(sys.executable).parent / "thanhuy-archive"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "thanhuy_archive.cli"]
    proc = subprocess.Popen(command + ["serve", "--db", str(db), "--port", "0"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout],
                     daemon=True).start()
    url = None
    deadline = time.monotonic() + SERVE_TIMEOUT
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        match = re.search(r"Archive served at (http://\S+?)/?\s", line)
        url = match.group(1) if match else None
    if url is None:
        proc.kill()
        out, err = proc.communicate(timeout=10)
        pytest.fail(f"thanhuy-archive serve announced no address within {SERVE_TIMEOUT} s "
                    f"(exit {proc.returncode}): {err[-2000:]}")
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900},
                                  locale="vi-VN")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def result_ids(page):
    return {int(e.get_attribute("data-article-id")) for e in page.query_selector_all(".result")}


def test_search_read_and_download_like_a_researcher(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    cases = vi_cases()
    expected = {BASE_ID + n for n in dict(cases["queries"])["dan van"]}

    # Search from the home page's box.
    page.goto(server + "/")
    page.fill("input[name=q]", "dan van")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    assert "/-/search?q=dan+van" in page.url
    documents = {BASE_ID + int(n) for n in cases["documents"]}
    assert result_ids(page) & documents == expected
    assert page.inner_text(".total") == str(len(result_ids(page)))
    assert page.locator(".result mark").count() >= 4  # Dân / vận / Dẫn / vấn highlighted
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    # Open an article and read it.
    title = cases["documents"]["1"]
    with page.expect_navigation():
        page.click(f'.result[data-article-id="{BASE_ID + 1}"] a.title')
    assert re.search(rf"/-/article/{BASE_ID + 1}\b", page.url)
    assert page.inner_text("article h1") == title
    assert page.inner_text("article .meta time") == "Thứ Ba, 11/01/2011 01:00 (GMT+7)"
    assert page.inner_text("article .byline") == "Minh Anh, Văn Lượng"
    assert page.inner_text("article .lead") == "(Thanhuytphcm.vn) - Bài số 1."
    assert [p.inner_text() for p in page.query_selector_all("article .body p")] == [
        "Đoạn một của bài 1.", "Đoạn hai của bài 1."]
    assert page.get_attribute("a.original", "href").endswith(f"/bai-{BASE_ID + 1}")
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

    # The capture link opens the archived page.
    capture = page.get_attribute("a.capture", "href")
    response = page.goto(server + capture)
    assert response.status == 200 and page.inner_text("h1") == title

    # Download the search as CSV for Excel: UTF-8 with BOM, every matching row.
    page.goto(server + "/-/search?q=dan+van")
    with page.expect_download() as download_info:
        page.click("a.csv-excel")
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == result_ids(page)
    titles = {int(r["id"]): r["title"] for r in rows}
    assert titles[BASE_ID + 1] == title and titles[BASE_ID + 4] == cases["documents"]["4"]
    assert download_info.value.suggested_filename.endswith(".csv")
    with page.expect_download() as plain_info:
        page.click("a.csv")
    plain = Path(plain_info.value.path()).read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf") and plain.decode("utf-8") == data[3:].decode()


def test_no_script_from_a_scraped_page_runs(server, page):
    for path in (f"/-/article/{XSS_ID}", "/-/search?q=nguy+hi%E1%BB%83m",
                 "/archive/articles?_search=nguy+hi%E1%BB%83m", f"/archive/articles/{XSS_ID}",
                 "/archive/search?q=nguy+hi%E1%BB%83m"):
        response = page.goto(server + path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", path
    # The scraped text is shown, as text.
    page.goto(server + f"/-/article/{XSS_ID}")
    assert "<script>window.__xss = 1</script>" in page.inner_text("article h1")
    # The archived page itself (it has a <script>) is rendered in a sandbox: nothing runs.
    capture = page.get_attribute("a.capture", "href")
    page.goto(server + capture)
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.dialogs == []


def test_robots_are_kept_out(server, page):
    response = page.goto(server + "/robots.txt")
    assert "Disallow: /" in page.inner_text("body")
    response = page.goto(server + "/")
    assert "noindex" in response.headers["x-robots-tag"]


def test_a_crawled_mirror_reads_right_in_the_browser(crawled_server, page, mirror_gold):
    """Search the crawled archive without diacritics, open the top result, compare what the
    page shows with the mirror's gold answers, and download the search as CSV for Excel."""
    from crawler.text import fold

    gold = {a["id"]: a for a in mirror_gold["articles"]}
    expected = {aid for aid, a in gold.items()
                if {"dan", "van"} <= set(re.findall(r"\w+", fold(
                    " ".join(a.get(f) or "" for f in ("title", "lead", "body")))))}
    assert expected, "the mirror must contain 'dân vận'"
    page.goto(crawled_server + "/-/search?q=dan+van")
    assert page.inner_text(".total") == str(len(expected))  # the search pages through them
    assert result_ids(page) and result_ids(page) <= expected
    first = page.get_attribute(".result a.title", "href")
    with page.expect_navigation():
        page.click(".result a.title >> nth=0")
    aid = int(re.search(r"/-/article/(\d+)", page.url).group(1))
    article = gold[aid]
    assert f"/-/article/{aid}" in first
    assert page.inner_text("article h1") == article["title"]
    assert page.inner_text("article .lead") == article["lead"]
    paragraphs = [p.inner_text() for p in page.query_selector_all("article .body p")]
    assert paragraphs == article["body"].split("\n\n")
    page.screenshot(path=str(ARTIFACTS / "crawled-article.png"), full_page=True)

    page.goto(crawled_server + "/-/search?q=dan+van")
    with page.expect_download() as download_info:
        page.click("a.csv-excel")
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == expected
    assert all(r["title"] == gold[int(r["id"])]["title"] for r in rows)
