"""Datasette's own pages of an archive, made to read (issue 12.1, 12.5 and the counts of 12.6):
column descriptions one click away, long texts shortened in tables and whole in every export,
the archive's tables before the crawl's bookkeeping, canned queries titled by their names, and
a search's count and facets computed faster without changing a number.

Real Datasette in process, on the small archive of tests/test_datasette.py and on an archive
whose articles nearly all match one word.
"""

import csv
import io
import re
from html import unescape

import pytest

from pipelines.storage import Archive
from tests.conftest import archive_datasette, get
from tests.test_datasette import BASE_ID, article, build_test_archive
from thanhuy_archive.web.archive import BOOKKEEPING_TABLES, QUERIES, READING_TABLES
from thanhuy_archive.web.descriptions import TABLES


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return archive_datasette(build_test_archive(tmp_path_factory.mktemp("tables") / "archive.db"))


LONG_BODY = "Bài số {}. " + "Một đoạn văn khá dài về công tác của thành phố. " * 40


def nearly_all_archive(path):
    """60 articles, 58 of them with the word "dân", each with a long body; the path."""
    archive = Archive(str(path))
    run = archive.start_run("http://127.0.0.1:8000/")
    for n in range(60):
        archive.store_article(article(
            BASE_ID + n, f"Tin {n}" + (" về dân" if n not in (7, 33) else ""),
            category=["Dân vận", "Xây dựng Đảng", "Kinh tế"][n % 3], body=LONG_BODY.format(n),
            source=["", "TTXVN"][n % 2], published_at=f"20{10 + n % 12}-05-01"),
            capture_id=None, run_id=run)
    archive.close()
    return path


@pytest.fixture(scope="module")
def nearly_all(tmp_path_factory):
    return archive_datasette(nearly_all_archive(tmp_path_factory.mktemp("nearly-all") / "archive.db"))


def test_column_descriptions_are_one_click_away_below_the_tables_description(ds):
    html = get(ds, "/archive/articles").text
    details = re.search(r'<details class="column-descriptions"[^>]*>(.*?)</details>', html, re.S)
    assert details and " open" not in details.group(0).split(">")[0]  # collapsed
    described = re.findall(r"<dt>(\w+)</dt>", details.group(1))
    assert described == list(TABLES["articles"][2])  # every column, in the table's order
    # Nothing of them between the table's description and its count, search box and rows.
    before_rows = html[:html.index('<form class="filters"')]
    assert before_rows.count("<dt>") == len(described)
    assert html.index("</details>") < html.index("<h3>") < html.index('name="_search"')


def test_long_texts_are_short_in_the_table_and_whole_everywhere_else(nearly_all):
    html = get(nearly_all, "/archive/articles?_size=max").text
    cells = re.findall(r'<td class="col-body[^"]*">(.*?)</td>', html, re.S)
    assert len(cells) == 60 and all(len(unescape(re.sub(r"<[^>]+>", "", c))) <= 160
                                    for c in cells)
    # Each shortened text ends with a link to the article, where it reads whole...
    assert all(re.search(rf'…\s*<a class="read-more" href="/-/article/{BASE_ID + n}">', c)
               for n, c in enumerate(sorted(cells, key=lambda c: int(
                   re.search(r"/-/article/(\d+)", c).group(1)))))
    # ...and every export has it whole.
    exported = list(csv.DictReader(io.StringIO(
        get(nearly_all, "/archive/articles.csv?_stream=on").text)))
    assert {r["body"] for r in exported} == {LONG_BODY.format(n) for n in range(60)}
    as_json = get(nearly_all, "/archive/articles.json?_shape=array&_size=max").json()
    assert {r["body"] for r in as_json} == {LONG_BODY.format(n) for n in range(60)}
    row = get(nearly_all, f"/archive/articles/{BASE_ID}.json?_shape=array").json()[0]
    assert row["body"] == LONG_BODY.format(0)


def test_the_home_page_lists_the_archive_first_and_the_bookkeeping_below(ds):
    html = get(ds, "/").text
    reading = re.search(r'<p class="archive-reading">(.*?)</p>', html, re.S).group(1)
    bookkeeping = re.search(r'<p class="archive-bookkeeping">(.*?)</p>', html, re.S).group(1)
    assert html.index("archive-reading") < html.index("archive-bookkeeping")
    assert re.findall(r'href="/archive/(\w+)"', reading) == list(READING_TABLES)
    assert re.findall(r'href="/archive/(\w+)"', bookkeeping) == list(BOOKKEEPING_TABLES)
    assert "articles</a> (12)" in reading  # counted
    database = get(ds, "/archive").text
    listed = re.findall(r'<h3><a href="/archive/(\w+)"', database)
    assert listed[:len(READING_TABLES) - 1] == list(READING_TABLES[:-1])  # (the view: below)
    assert listed[len(READING_TABLES) - 1:] == list(BOOKKEEPING_TABLES)
    assert "select * from articles" in database  # the SQL box starts from the articles


def test_every_canned_query_page_is_titled_by_its_name_not_its_sql(ds):
    for name, query in QUERIES.items():
        html = get(ds, f"/archive/{name}?q=dan&term=dan&author=x&flag=").text
        title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()
        assert title == f"{query['title']} – archive", name
        assert " / " in query["title"]  # Vietnamese / English


def test_a_search_alone_is_counted_by_its_index_as_datasette_counts_it(ds):
    for query in ("dan van", "đảng", '"công tác dân vận"', "tổng*", "dân vận -đảng", "hoa",
                  "***"):
        for mode in ("", "&_searchmode=exact"):
            base = f"/archive/articles?_search={query}{mode}"
            html = get(ds, base).text
            shown = int(re.search(r"<h3>\s*([\d,]+) rows?", html).group(1).replace(",", ""))
            counted = get(ds, base.replace("articles?", "articles.json?")).json()
            assert shown == counted["filtered_table_rows_count"], base
    # Narrowed by anything else, Datasette counts; a _nocount of one's own is obeyed.
    html = get(ds, "/archive/articles?_search=dan+van&category=D%C3%A2n+v%E1%BA%ADn").text
    assert re.search(r"<h3>\s*2 rows", html) and "_nocount" not in html
    assert not re.search(r"<h3>\s*\d", get(ds, "/archive/articles?_search=dan+van&_nocount=1")
                         .text)
    # The page's own links carry its marker, which never reaches JSON or CSV.
    page = get(ds, "/archive/articles?_search=dan+van").text
    json_link = unescape(re.search(r'class="export-links">This data as <a href="([^"]+)"',
                                   page).group(1))
    assert "_nocount=fts" in json_link
    assert get(ds, json_link).json()["filtered_table_rows_count"] == 4


def test_facets_of_a_search_matching_nearly_everything_are_the_same_counted_either_way(
        tmp_path):
    path = nearly_all_archive(tmp_path / "archive.db")
    datasette = archive_datasette(path)

    def facets(extra):
        data = get(datasette, f"/archive/articles.json?_search=d%C3%A2n{extra}").json()
        return data["filtered_table_rows_count"], {
            name: {r["value"]: r["count"] for r in facet["results"]}
            for name, facet in data["facet_results"].items()}

    # Alone, the search's facets are every article's less the two it misses; with a filter
    # that keeps every row, they are counted over the matching rows themselves.
    alone, narrowed = facets(""), facets(f"&id__gte={BASE_ID}")
    assert alone == narrowed and alone[0] == 58
    assert sum(alone[1]["category"].values()) == 58
    assert alone[1]["published_at_year"]["2017"] == 4 and alone[1]["source"]["TTXVN"] == 28
    html = get(datasette, "/archive/articles?_search=d%C3%A2n").text
    assert re.search(r"<h3>\s*58 rows", html)
    # Kept for the next page of the same search, but never past a write: a crawl is seen.
    archive = Archive(str(path))
    archive.store_article(article(BASE_ID + 60, "Tin mới về dân", category="Kinh tế",
                                  source="TTXVN", published_at="2017-05-01"),
                          capture_id=None, run_id=None)
    archive.close()
    after = facets("")
    assert after[0] == 59 and after[1]["published_at_year"]["2017"] == 5
    assert after[1]["category"]["Kinh tế"] == alone[1]["category"]["Kinh tế"] + 1
    assert after == facets(f"&id__gte={BASE_ID}")
