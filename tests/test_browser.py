"""The archive as a researcher uses it: the real ``thanhuy-archive serve --port 0`` in a
subprocess, driven by a real headless Chromium (Debian's /usr/bin/chromium, through
Playwright's Python API), at a desktop's size (1280x800) and a phone's (390 px wide).

Searches "dan van" from the home page, opens an article and checks its text, downloads the
Excel CSV of the search and checks its rows and encoding, and checks that no script from a
scraped page runs. Then each point of issue 12, at both sizes: tables that read, the order of
a ranked search, reading on a phone, an article's history, charts and canned queries; and the
archived pictures and pages of issue 11 (that the pictures really show, under the sandbox of
an archived page, only a browser can tell). Screenshots of every page looked at are saved
under ``test-artifacts/`` (gitignored), named ``<what>-<size>.png``.

Chromium missing is a failure, not a skip: the test first tries ``apt-get install -y
chromium`` (as CI, root, can), then fails saying how to install it.
"""

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_datasette import BASE_ID, EDITED_ID, XSS_ID, build_test_archive
from tests.conftest import serving, vi_cases

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


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
    """``thanhuy-archive serve --db ARCHIVE --port 0``; yields its base URL, without the
    trailing slash (the tests add paths to it)."""
    with serving(db) as url:
        yield url.rstrip("/")


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


SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def open_page(browser, size):
    context = browser.new_context(accept_downloads=True, viewport=SIZES[size], locale="vi-VN",
                                  is_mobile=size == "phone", has_touch=size == "phone")
    page = context.new_page()
    page.size = size
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return context, page


@pytest.fixture
def page(browser):
    context, page = open_page(browser, "desktop")
    yield page
    context.close()


@pytest.fixture(params=list(SIZES))
def sized(browser, request):
    """A page at each size: the desktop's, then the phone's."""
    context, page = open_page(browser, request.param)
    yield page
    context.close()


def shot(page, name):
    """Save what the page shows, whole, as test-artifacts/<name>-<size>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.size}.png"), full_page=True)


def assert_no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[page.size]["width"], f"{page.url}: {width} px wide"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def result_ids(page):
    return {int(e.get_attribute("data-article-id")) for e in page.query_selector_all(".result")}


def test_search_read_and_download_like_a_researcher(server, page):
    cases = vi_cases("search")
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
    shot(page, "search")

    # Open an article and read it.
    title = cases["documents"]["1"]
    with page.expect_navigation():
        page.click(f'.result[data-article-id="{BASE_ID + 1}"] a.title')
    assert re.search(rf"/-/article/{BASE_ID + 1}\b", page.url)
    assert page.inner_text("article h1") == title
    assert page.inner_text("article .dateline time") == "Thứ Ba, 11/01/2011 01:00 (GMT+7)"
    assert page.inner_text("article .byline") == "Minh Anh, Văn Lượng"
    assert page.inner_text("article .lead") == "(Thanhuytphcm.vn) - Bài số 1."
    assert [p.inner_text() for p in page.query_selector_all("article .body p")] == [
        "Đoạn một của bài 1.", "Đoạn hai của bài 1."]
    assert page.get_attribute("a.original", "href").endswith(f"/bai-{BASE_ID + 1}")
    shot(page, "article")

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
    # ...and the articles whose attached documents do (found through them, listed after).
    expected |= {aid for f in mirror_gold["media_files"] if f["kind"] == "attachment"
                 and {"dan", "van"} <= set(re.findall(r"\w+", fold(f["text"])))
                 for aid in f["articles"]}
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
    shot(page, "crawled-article")

    page.goto(crawled_server + "/-/search?q=dan+van")
    with page.expect_download() as download_info:
        page.click("a.csv-excel")
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == expected
    assert all(r["title"] == gold[int(r["id"])]["title"] for r in rows)


# -- issue 12, each point at a desktop's size and a phone's ----------------------------------


def test_1_tables_read_count_search_and_facets_first(crawled_server, sized):
    page = sized
    page.goto(crawled_server + "/archive/articles")
    fold = SIZES[page.size]["height"]
    # The count and the search box without scrolling (on a desktop, the facets' first values
    # too: each facet, year, category and source, with its first value).
    for selector in ["h3", "input[name=_search]"] + (
            [f".facet-info:nth-of-type({n}) li" for n in (1, 2, 3)]
            if page.size == "desktop" else []):
        place = box(page, selector)
        assert place["y"] + place["height"] <= fold, (selector, place)
    # The column descriptions one click away.
    descriptions = page.locator("details.column-descriptions")
    assert not descriptions.evaluate("d => d.open")
    assert not page.locator("dl.column-descriptions dd").first.is_visible()
    shot(page, "table-articles")
    descriptions.locator("summary").click()
    assert page.locator("dl.column-descriptions dd").first.is_visible()
    page.locator("h3").first.click()  # a click elsewhere leaves it open
    assert descriptions.evaluate("d => d.open")
    # Rows of a few lines: long texts shortened, whole on the article view.
    cells = page.locator("td.col-body").all_inner_texts()
    assert cells and max(map(len, cells)) <= 160
    if page.size == "desktop":
        heights = page.evaluate("[...document.querySelectorAll('table.rows-and-columns tbody tr')]"
                                ".map(r => r.getBoundingClientRect().height)")
        assert max(heights) < 300, max(heights)
    assert_no_sideways_scrolling(page)
    # The home page: the archive's tables first, the crawl's bookkeeping below.
    page.goto(crawled_server + "/")
    reading, bookkeeping = box(page, ".archive-reading"), box(page, ".archive-bookkeeping")
    assert reading["y"] < bookkeeping["y"]
    assert page.locator(".archive-reading a").first.inner_text() == "articles"
    assert "crawl_log" in page.inner_text(".archive-bookkeeping")
    assert "crawl_log" not in page.inner_text(".archive-reading")
    assert_no_sideways_scrolling(page)
    shot(page, "home")


def test_2_a_ranked_search_puts_the_phrase_first_and_newest_first_is_one_click(crawled_server,
                                                                                sized):
    page = sized
    page.goto(crawled_server + "/-/search?q=dan+van")
    shown, phrases = [], []
    while True:  # every page, as a reader pages through them
        shown += result_order(page)
        here = page.evaluate("[...document.querySelectorAll('.result')]"
                             ".map(r => !!r.dataset.phrase)")
        phrases += here
        if any(here) and not all(here):
            shot(page, "search-relevance")  # the page where the phrase matches end
        if page.locator("a[rel=next]").count() == 0:
            break
        with page.expect_navigation():
            page.click("a[rel=next]")
    assert phrases[0] and not all(phrases) and phrases == sorted(phrases, reverse=True)
    # The CSV comes in the order shown.
    with page.expect_download() as download:
        page.click("a.csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert [int(r["id"]) for r in rows] == shown
    page.goto(crawled_server + "/-/search?q=dan+van")
    with page.expect_navigation():
        page.click("a.by-newest")
    days = page.evaluate("[...document.querySelectorAll('.result')].map(r => r.dataset.published)")
    assert days == sorted(days, reverse=True) and "sort=newest" in page.url
    assert page.locator(".order strong").inner_text().startswith("newest")
    assert_no_sideways_scrolling(page)
    shot(page, "search-newest")


def result_order(page):
    return [int(i) for i in page.evaluate(
        "[...document.querySelectorAll('.result')].map(r => r.dataset.articleId)")]


def contrast(page, selector):
    """The contrast ratio (WCAG) of an element's text colour against white."""
    rgb = page.eval_on_selector(selector, "e => getComputedStyle(e).color")
    channels = [int(x) / 255 for x in re.findall(r"[\d.]+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def font_px(page, selector):
    return float(page.eval_on_selector(selector, "e => getComputedStyle(e).fontSize")[:-2])


def test_3_search_results_and_articles_read_at_any_width(crawled_server, sized):
    page = sized
    page.goto(crawled_server + "/-/search?q=dan+van")
    labels = [page.locator(".modes label").nth(i).bounding_box() for i in range(2)]
    field = box(page, "input[name=q]")
    for a, b in [(labels[0], labels[1]), (labels[0], field), (labels[1], field)]:
        apart = (a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
                 or a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"])
        assert apart, (a, b)  # no label overlaps another or the search box
    line = float(page.eval_on_selector(".modes label", "e => getComputedStyle(e).lineHeight")[:-2])
    assert all(label["height"] <= 2.2 * line for label in labels)  # a label is no word column
    assert_no_sideways_scrolling(page)
    assert font_px(page, ".result .dateline") >= 14 and contrast(page, ".result .dateline") >= 4.5
    shot(page, "search-read")
    with page.expect_navigation():
        page.click(".result a.title >> nth=0")
    assert_no_sideways_scrolling(page)
    assert font_px(page, "article .body p") >= 17  # a reading size, on a phone too
    assert font_px(page, "article .dateline") >= 14 and contrast(page, "article .dateline") >= 4.5
    assert page.locator("article .dateline").is_visible()
    shot(page, "article-read")


def test_4_an_articles_history_changes_original_and_citation(server, sized):
    page = sized
    page.goto(server + f"/-/article/{EDITED_ID}")
    assert page.get_attribute("a.original", "href") == \
        f"https://www.thanhuytphcm.vn/tin-tuc/hoi-nghi-so-ket-{EDITED_ID}"
    history = page.inner_text("section.history")
    assert "Lưu lần đầu: Thứ Bảy, 02/03/2019 10:00 (GMT+7)" in history
    assert "Lưu gần nhất: Thứ Tư, 06/03/2019 10:00 (GMT+7)" in history
    assert page.locator("a.capture-link").count() == 3
    citation = page.inner_text(".citation")
    for part in ("Văn Lượng", "Hội nghị sơ kết công tác tuyên giáo", "thanhuytphcm.vn",
                 "2019-03-02", f"https://www.thanhuytphcm.vn/tin-tuc/hoi-nghi-so-ket-{EDITED_ID}",
                 "/-/capture/", "captured 2019-03-05 10:00"):
        assert part in citation, part
    assert_no_sideways_scrolling(page)
    shot(page, "article-history")
    with page.expect_navigation():
        page.click("a.changes")
    assert page.inner_text("h2.title-diff del") == "(bản đầu)"
    assert page.inner_text("h2.title-diff ins") == "công tác tuyên giáo"
    assert page.locator(".body-diff ins").inner_text() == " năm 2019"
    assert_no_sideways_scrolling(page)
    shot(page, "article-changes")
    page.go_back()
    with page.expect_navigation():
        page.click("a.capture-link >> nth=1")
    assert "Archived copy" in page.inner_text("#thanhuy-archive-banner")


def test_5_charts_show_empty_months_and_canned_queries_have_names(server, sized):
    page = sized
    page.goto(server + "/archive/articles_per_month")
    assert page.title() == "Số bài theo tháng / Articles per month – archive"
    rows = page.evaluate("[...document.querySelectorAll('table.rows-and-columns tbody tr')]"
                         ".map(r => [r.querySelector('.col-month').innerText.trim(),"
                         " +r.querySelector('.col-articles').innerText,"
                         " +r.querySelector('rect').getAttribute('width')])")
    assert rows[0][0] == "2011-01" and ["2011-02", 0, 0] in rows
    assert all((count > 0) == (width > 0) for _, count, width in rows)
    assert_no_sideways_scrolling(page)
    if page.size == "phone":  # still a chart: one line a month, not a card
        assert box(page, "tbody tr:nth-child(2)")["height"] < 40
    shot(page, "chart-months")
    page.goto(server + "/archive/term_per_year?term=dan+van")
    assert page.title() == ("Tần suất một từ theo năm / How often a term appears per year"
                            " – archive")
    assert page.locator("td.col-bar svg rect").count() == page.locator("tbody tr").count() > 3
    assert_no_sideways_scrolling(page)
    shot(page, "chart-term")


# -- issue 11, pictures and documents, as a reader sees them -------------------------------------


def test_an_archived_page_shows_its_archived_pictures_and_stays_inside_the_archive(
        crawled_server, sized, mirror_gold):
    page = sized
    photo = next(a for a in mirror_gold["articles"] if a["kind"] == "photo")
    page.goto(crawled_server + f"/-/article/{photo['id']}")
    pictures = page.evaluate("[...document.querySelectorAll('figure img')]"
                             ".map(i => [i.getAttribute('src'), i.naturalWidth])")
    assert len(pictures) == len(photo["images"])
    assert all(src.startswith("/-/media/") and width > 0 for src, width in pictures)
    shot(page, "article-pictures")
    with page.expect_navigation():
        page.click("a.capture")
    page.wait_for_load_state("load")
    shown = page.evaluate("[...document.images].filter(i => i.getAttribute('src'))"
                          ".map(i => [i.getAttribute('src'), i.complete && i.naturalWidth])")
    assert len(shown) >= len(photo["images"])
    # Every picture comes from the archive and really shows, in the sandbox.
    assert all(src.startswith("/-/media/") and width for src, width in shown), shown
    assert page.locator("#thanhuy-archive-banner").is_visible()
    assert page.evaluate("typeof window.__xss") == "undefined"
    shot(page, "capture")
    link = page.locator("a[href^='/-/capture/']:not(#thanhuy-archive-banner a)").first
    with page.expect_navigation():
        link.click()
    assert re.search(r"/-/capture/\d+$", page.url)
    assert page.locator("#thanhuy-archive-banner").is_visible()


def test_a_word_only_a_document_holds_leads_to_its_article_and_text(crawled_server, sized):
    page = sized
    page.goto(crawled_server + "/-/search?q=vung")
    first = page.locator(".result").first
    assert first.get_attribute("data-via") == "documents"
    assert first.locator(".document-snippet mark").first.is_visible()
    assert_no_sideways_scrolling(page)
    shot(page, "search-documents")
    with page.expect_navigation():
        first.locator("a.title").click()
    document = page.locator("details.document[open]").first
    assert document.locator("pre.document-text mark").first.is_visible()
    page.locator("article h1").click()  # reading elsewhere does not close it
    assert document.evaluate("d => d.open")
    assert_no_sideways_scrolling(page)
    shot(page, "article-documents")
