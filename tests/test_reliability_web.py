"""Issue-8 contract, the served archive: CSV for Excel neutralised (plain CSV verbatim), the
search page's limits, SQL functions refusing huge input, and scraped markup never live.

The archive is made by a real crawl of a hostile site (tests/hostile.py) whose article titles
carry formula and markup injection; it is served by `thanhuy-archive serve --port 0` and read
over HTTP only.
"""

import csv
import html
import io
import re
import unicodedata
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest

from tests.conftest import crawl, query, serving
from tests.hostile import (
    INJECTION_TAIL, INJECTION_TITLES, HostileServer, assert_own_host,
)

EXCEL_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SEARCH = "kiem thu"  # every injected title ends with " tin kiểm thử"
TERMS = {"kiem", "thu"}


def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def get(url, timeout=60):
    """(status, body bytes) of a GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A real crawl of a 4-article hostile site plus the 7 articles with injected titles."""
    db = tmp_path_factory.mktemp("web") / "archive.db"
    with HostileServer(articles=4, injection=True) as site:
        result = crawl(site.url, db, "--quiet", check=False)
        assert_own_host(site)
    assert result.returncode == 0, result.stderr[-2000:]
    titles = {r["id"]: r["title"] for r in query(db, "SELECT id, title FROM articles")}
    assert set(site.injection_ids) <= set(titles), "the injected articles must be archived"
    return {"db": db, "site": site, "titles": titles, "name": db.stem}


@pytest.fixture(scope="module")
def served(archive):
    with serving(archive["db"]) as base:
        yield base + archive["name"]


def csv_titles(body):
    text = body.decode("utf-8-sig")
    return {int(r["id"]): r["title"] for r in csv.DictReader(io.StringIO(text, newline=""))}


# -- CSV --------------------------------------------------------------------------------------


def test_csv_for_excel_neutralises_formula_cells(archive, served):
    """Contract, Nothing let in: in CSV for Excel (`articles.csv?_stream=on&_bom=1`) a cell
    starting with = + - @ gets a leading `'` (the injected titles `=HYPERLINK(...)`,
    `+SUM(1)`, `-2+3`, `@cmd`); every other title is as stored; the file starts with a BOM."""
    status, body = get(f"{served}/articles.csv?_stream=on&_bom=1&_size=max")
    assert status == 200 and body.startswith("\ufeff".encode())
    got = csv_titles(body)
    assert set(got) == set(archive["titles"])
    for aid, title in archive["titles"].items():
        expected = "'" + title if title.startswith(EXCEL_TRIGGERS) else title
        assert got[aid] == expected, (aid, got[aid])
    assert sum(t.startswith(EXCEL_TRIGGERS) for t in archive["titles"].values()) == 4


def test_plain_csv_keeps_every_cell_verbatim(archive, served):
    """Contract, Nothing let in: plain CSV (`articles.csv?_stream=on`) keeps cells verbatim:
    every title, injected ones included, is exactly as stored."""
    status, body = get(f"{served}/articles.csv?_stream=on&_size=max")
    assert status == 200
    assert csv_titles(body) == archive["titles"]


def test_csv_for_excel_neutralises_tab_and_cr_cells_too(served):
    """Contract, Nothing let in: in CSV for Excel (`_bom=1`) a cell starting with TAB or CR
    also gets a leading `'` (cells made by a SQL query: no scraped field keeps a leading TAB
    or CR); without `_bom=1` they are verbatim."""
    sql = ("select char(9) || 'tab' as a, char(13) || 'cr' as b, '=1+1' as c, "
           "'binh thuong' as d")
    rows = {}
    for name, extra in (("excel", "&_bom=1"), ("plain", "")):
        status, body = get(f"{served}.csv?sql={quote(sql)}{extra}")
        assert status == 200, body[:300]
        (rows[name],) = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows["excel"] == {"a": "'\ttab", "b": "'\rcr", "c": "'=1+1", "d": "binh thuong"}
    assert rows["plain"] == {"a": "\ttab", "b": "\rcr", "c": "=1+1", "d": "binh thuong"}


# -- the search page's limits -----------------------------------------------------------------


@pytest.mark.parametrize("params", [
    {"q": "a" * 501},
    {"q": " ".join(["dan"] * 33)},
    {"q": "dan\x00van"},
    {"q": "dan", "page": "99999999999999999999"},
    {"q": "dan", "mode": "nonsense"},
], ids=["501-characters", "33-terms", "nul-byte", "huge-page", "unknown-mode"])
def test_the_search_page_refuses_what_it_cannot_answer_with_400(params, served):
    """Contract, Nothing let in: /-/search with a query longer than 500 characters, more
    than 32 terms, a NUL byte, page=99999999999999999999 or mode=nonsense answers 400 with a
    message, never 500."""
    base = served.rsplit("/", 1)[0]
    status, body = get(f"{base}/-/search?{urlencode(params)}")
    assert status == 400, f"{status}: {body[:300]!r}"
    assert body.strip(), "a 400 says why"


@pytest.mark.parametrize("params", [{"q": "a" * 500}, {"q": " ".join(["dan"] * 32)}],
                         ids=["500-characters", "32-terms"])
def test_the_search_page_answers_queries_at_the_limits(params, served):
    """Contract, Nothing let in: the limits are "longer than 500 characters" and "more than
    32 terms": a query of exactly 500 characters or 32 terms is answered (200)."""
    base = served.rsplit("/", 1)[0]
    status, body = get(f"{base}/-/search?{urlencode(params)}")
    assert status == 200, f"{status}: {body[:300]!r}"


# -- SQL functions on huge input --------------------------------------------------------------

HUGE_SQL = {
    "fold-zeroblob": "select fold(zeroblob(1000000000))",
    "vi_snippet-20MB": "select vi_snippet('a', 0, replace(hex(zeroblob(5000000)), '00', 'a '))",
}


@pytest.mark.parametrize("sql", list(HUGE_SQL.values()), ids=list(HUGE_SQL))
def test_a_sql_function_on_huge_input_is_refused_and_the_server_still_answers(sql, archive):
    """Contract, Nothing let in: `/DB.json?sql=select fold(zeroblob(1000000000))` and
    vi_snippet over a huge (20 MB, 10 million words) string get an error answer (400),
    promptly (the test gives up after 15 s), and the server answers a query afterwards."""
    with serving(archive["db"], kill=True) as base:
        url = f"{base}{archive['name']}.json?sql="
        try:
            status, body = get(url + quote(sql), timeout=15)
        except (TimeoutError, urllib.error.URLError) as e:
            pytest.fail(f"no answer to {sql!r} within 15 s: {e!r}")
        assert status == 400, f"{status}: {body[:300]!r}"
        status, body = get(url + quote("select 1 as one"), timeout=15)
        assert status == 200 and b'"one"' in body


# -- scraped markup is never live -------------------------------------------------------------


def check_never_live(page, expected):
    """PAGE (raw HTML) shows scraped titles as text: no live <script> or <mark> from them,
    every <mark> highlights a search term, and each injected string in EXPECTED is shown
    (escaped) on the page."""
    assert "<script>alert(1)</script>" not in page
    assert "<mark>m</mark>" not in page
    marked = re.findall(r"<mark\b[^>]*>(.*?)</mark>", page, flags=re.S)
    strays = [m for m in marked if not set(fold(html.unescape(m)).split()) <= TERMS]
    assert strays == [], f"<mark> elements that highlight no search term: {strays}"
    shown = html.unescape(page)
    missing = [evil for evil in expected if evil not in shown]
    assert missing == [], f"not shown on the page: {missing}"


MARKUP = ("<script>alert(1)</script>", "⟦x⟧", "<mark>m</mark>")


def markup_pages(archive):
    ids = dict(zip(INJECTION_TITLES, archive["site"].injection_ids))
    q = quote(SEARCH)
    author = archive["site"].by_id[ids["<script>alert(1)</script>"]].author
    name = archive["name"]
    return {
        "search": (f"-/search?q={q}", MARKUP),
        "article-script": (f"-/article/{ids['<script>alert(1)</script>']}", MARKUP[:1]),
        "article-brackets": (f"-/article/{ids['⟦x⟧']}?q={q}", MARKUP[1:2]),
        "article-mark": (f"-/article/{ids['<mark>m</mark>']}?q={q}", MARKUP[2:]),
        "table": (f"{name}/articles", MARKUP),
        "table-search": (f"{name}/articles?_search={q}", MARKUP),
        "canned-search": (f"{name}/search?q={q}", MARKUP),
        "canned-search_exact": (f"{name}/search_exact?q={quote('kiểm thử')}", MARKUP),
        "canned-newest_articles": (f"{name}/newest_articles", MARKUP),
        "canned-articles_by_author": (
            f"{name}/articles_by_author?author={quote(fold(author))}", MARKUP[:1]),
        "canned-articles_per_month": (f"{name}/articles_per_month", ()),
        "canned-authors": (f"{name}/authors", ()),
        "canned-term_per_year": (f"{name}/term_per_year?term={q}", ()),
        "canned-flagged_articles": (f"{name}/flagged_articles?flag=no-date", ()),
        "canned-flag_counts": (f"{name}/flag_counts", ()),
        "canned-edited_articles": (f"{name}/edited_articles", ()),
        "canned-removed_articles": (f"{name}/removed_articles", ()),
    }


PAGE_NAMES = ["search", "article-script", "article-brackets", "article-mark",
              "table", "table-search", "canned-search", "canned-search_exact",
              "canned-newest_articles", "canned-articles_by_author",
              "canned-articles_per_month", "canned-authors", "canned-term_per_year",
              "canned-flagged_articles", "canned-flag_counts", "canned-edited_articles",
              "canned-removed_articles"]


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_scraped_markup_is_never_live(page_name, archive, served):
    """Contract, Nothing let in: a scraped title containing `<script>`, `⟦x⟧` (U+27E6/U+27E7,
    the highlighter's own brackets) or `<mark>` never becomes markup on /-/search,
    /-/article/ID (with and without ?q=), the articles table (plain and searched) and every
    canned query page: the raw HTML has no <script>alert(1)</script> and no <mark> that does
    not highlight a search term, and the injected strings are shown as text."""
    path, expected = markup_pages(archive)[page_name]
    base = served.rsplit("/", 1)[0] + "/"
    status, body = get(base + path)
    assert status == 200, f"{status}: {body[:300]!r}"
    check_never_live(body.decode("utf-8"), expected)


def test_the_injected_titles_are_stored_as_scraped(archive):
    """The hostile site's injected titles reach the archive verbatim (the premise of the
    tests above)."""
    titles = set(archive["titles"].values())
    assert {evil + INJECTION_TAIL for evil in INJECTION_TITLES} <= titles
