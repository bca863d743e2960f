"""Datasette for researchers and analysts, tested in process on a real SQLite archive.

The archive is built with ``pipelines.storage.Archive`` in ``tmp_path``: the documents of
``tests/fixtures/vi-cases.json`` ("search"), a hostile article (script tags in its text), an edited
article, a removed one, a flagged one and their captures. Datasette is the real one, with
the project's plugin, driven through ``ds.client``.
"""

import asyncio
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest

from thanhuy_archive.web import SETTINGS
from thanhuy_archive.web.descriptions import TABLES
from thanhuy_archive.search import Query
from pipelines.storage import Archive
from thanhuy_archive.records import Capture
from tests.conftest import archive_datasette, get, started, vi_cases

REPO = Path(__file__).resolve().parent.parent
BASE_ID = 1000000000  # vi-cases document n is article BASE_ID + n
XSS_ID = 1000000100
EDITED_ID = 1000000101
REMOVED_ID = 1000000102
FLAGGED_ID = 1000000103
HOA_OLD_ID, HOA_NEW_ID = 1000000104, 1000000105
XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
EDITED_BODY = "Đoạn thứ nhất về công tác tuyên giáo.\n\nĐoạn thứ hai.\n\nĐoạn thứ ba."


def article(aid, title, **fields):
    return {
        "id": aid, "url": f"https://www.thanhuytphcm.vn/tin-tuc/bai-{aid}", "title": title,
        "published_at": "2018-08-07T15:30:00+07:00", "published_at_source": "meta",
        "authors": ["Văn Lượng"], "byline_source": "last-paragraph", "source": "",
        "category": "Dân vận", "lead": "", "body": "", "images": [], "captions": [],
        "flags": [], **fields,
    }


def build_test_archive(path):
    """A small archive exercising every page; returns its path."""
    archive = Archive(str(path))
    run = archive.start_run("http://127.0.0.1:8000/")
    cases = vi_cases("search")
    for number, text in cases["documents"].items():
        n = int(number)
        page = f"<html><body><h1>{text}</h1></body></html>".encode("utf-8")
        stored = Capture.of(f"https://www.thanhuytphcm.vn/tin-tuc/bai-{BASE_ID + n}", page,
                            headers={"Content-Type": "text/html; charset=utf-8"})
        archive.add_capture(stored, run_id=run)
        capture = stored.id
        archive.store_article(article(
            BASE_ID + n, text, published_at=f"201{n}-0{n}-1{n}T0{n}:00:00+07:00",
            category=["Dân vận", "Xây dựng Đảng"][n % 2], source=["", "TTXVN"][n % 2],
            authors=[["Văn Lượng"], ["Minh Anh", "Văn Lượng"]][n % 2],
            lead=f"(Thanhuytphcm.vn) - Bài số {n}.",
            body=f"Đoạn một của bài {n}.\n\nĐoạn hai của bài {n}."),
            capture_id=capture, run_id=run)
    hostile = f"<html><head><script>window.__xss = 3</script></head><body>{XSS}</body></html>"
    stored = Capture.of("https://www.thanhuytphcm.vn/tin-tuc/bai-xss", hostile.encode(),
                        headers={"Content-Type": "text/html; charset=utf-8"}, article_id=XSS_ID)
    archive.add_capture(stored, run_id=run)
    capture = stored.id
    archive.store_article(article(
        XSS_ID, f"Tiêu đề nguy hiểm {XSS}", lead=f"Sapo {XSS}",
        body=f"Nội dung nguy hiểm {XSS}\n\nĐoạn kết.", captions=[f"Chú thích {XSS}"],
        images=["javascript:alert(1)"], authors=[f"Tác giả {XSS}"]),
        capture_id=capture, run_id=run)
    # Captured from a mirror (its address is not the portal's), changed once, then re-checked.
    edited_url = f"http://127.0.0.1:8765/tin-tuc/hoi-nghi-so-ket-{EDITED_ID}"
    for title, body, fetched_at in (
        ("Hội nghị sơ kết (bản đầu)", EDITED_BODY, "2019-03-02T10:00:00+07:00"),
        ("Hội nghị sơ kết công tác tuyên giáo", EDITED_BODY.replace("giáo.", "giáo năm 2019."),
         "2019-03-05T10:00:00+07:00"),
    ):
        page = f"<html><body><h1>{title}</h1></body></html>".encode("utf-8")
        stored = Capture.of(edited_url, page, fetched_at=fetched_at,
                            headers={"Content-Type": "text/html; charset=utf-8"})
        archive.add_capture(stored, run_id=run)
        archive.store_article(article(
            EDITED_ID, title, url=edited_url, published_at="2019-03-02T08:00:00+00:00",
            lead="Sapo hội nghị sơ kết.", body=body,
            captions=["Quang cảnh hội nghị.", "Đại biểu phát biểu."],
            images=["https://www.thanhuytphcm.vn/Uploads/2019/3/a.jpg",
                    "https://www.thanhuytphcm.vn/Uploads/2019/3/b.jpg"]),
            capture_id=stored.id, run_id=run, fetched_at=fetched_at)
    archive.add_capture(Capture.of(edited_url, b"", status=304,
                                   fetched_at="2019-03-06T10:00:00+07:00"), run_id=run)
    archive.store_article(article(REMOVED_ID, "Bài đã bị gỡ", body="Nội dung bài bị gỡ."),
                          capture_id=None, run_id=run)
    archive.mark_removed(REMOVED_ID, when="2020-01-01T00:00:00+07:00")
    archive.store_article(article(FLAGGED_ID, "Bài không rõ ngày", published_at=None,
                                  flags=["no-date"], body="Ngắn."),
                          capture_id=None, run_id=run)
    archive.store_article(article(HOA_OLD_ID, "Thanh Hóa", body="Tin Thanh Hóa."),
                          capture_id=None, run_id=run)
    archive.store_article(article(HOA_NEW_ID, "Khánh Hoà", body="Tin Khánh Hoà."),
                          capture_id=None, run_id=run)
    archive.end_run(run, "ok")
    archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    archive.close()
    return path


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    return build_test_archive(tmp_path_factory.mktemp("datasette") / "archive.db")


@pytest.fixture(scope="module")
def ds(archive_path):
    return archive_datasette(archive_path)


def ids_of(rows):
    return {r["id"] for r in rows}


def case_ids(numbers):
    return {BASE_ID + n for n in numbers}


# -- 1. search --------------------------------------------------------------------------------


def test_every_vi_cases_query_through_search_box_page_and_canned_query(ds):
    from urllib.parse import quote

    cases = vi_cases("search")
    documents = case_ids(int(n) for n in cases["documents"])
    for query, expected in cases["queries"]:
        # Exactly the listed documents among the vi-cases ones (the archive has others).
        want = case_ids(expected)
        rows = get(ds, f"/archive/articles.json?_search={quote(query)}&_shape=array"
                       f"&_col=title&_size=max").json()
        assert ids_of(rows) & documents == want, f"?_search={query}"
        page = get(ds, f"/-/search?q={quote(query)}")
        found = {int(i) for i in re.findall(r'class="result" data-article-id="(\d+)"', page.text)}
        assert found & documents == want, f"/-/search?q={query}"
        total = int(re.search(r'<strong class="total">([\d,]+)</strong>', page.text)
                    .group(1).replace(",", ""))
        assert total == len(found), f"/-/search?q={query}"
        canned = get(ds, f"/archive/search.json?q={quote(query)}&_shape=array").json()
        assert ids_of(canned) & documents == want, f"canned search q={query}"


def test_accent_exact_mode_keeps_diacritics_but_not_tone_placement(ds):
    from urllib.parse import quote

    def exact(query):
        table = get(ds, f"/archive/articles.json?_search={quote(query)}&_searchmode=exact"
                        f"&_shape=array&_size=max").json()
        page = get(ds, f"/-/search?q={quote(query)}&mode=exact").text
        found = {int(i) for i in re.findall(r'class="result" data-article-id="(\d+)"', page)}
        canned = get(ds, f"/archive/search_exact.json?q={quote(query)}&_shape=array").json()
        assert ids_of(table) == found == ids_of(canned), query
        return found

    assert exact("dân vận") == case_ids([1, 2, 3])  # doc 3 is stored in NFD; not "Dẫn vấn"
    assert exact(unicodedata.normalize("NFD", "dân vận")) == case_ids([1, 2, 3])
    assert exact("đảng") == case_ids([2, 3])  # not Đang, đăng, đắng
    assert exact("ĐẢNG") == case_ids([2, 3])
    assert exact("hòa") == {BASE_ID + 5, HOA_NEW_ID}  # hoà/hòa are one word; Hóa is not
    assert exact("hoà") == {BASE_ID + 5, HOA_NEW_ID}
    assert exact("dan van") == set()
    # the default mode finds all of them
    rows = get(ds, "/archive/articles.json?_search=hoa&_shape=array").json()
    assert {BASE_ID + 5, HOA_OLD_ID, HOA_NEW_ID} <= ids_of(rows)


@pytest.mark.parametrize("query, expected", [
    ('"công tác dân vận"', [1, 3]),
    ("tổng*", [1]),  # prefix: tổng kết
    ("tông*", [1]),
    ("dân vận -đảng", [1, 4]),
    ("tổng OR thủy", [1, 5]),
    ('"cong tac" thuy', []),
    ("thuy*", [5]),
])
def test_phrase_prefix_or_and_exclusion(ds, query, expected):
    from urllib.parse import quote

    rows = get(ds, f"/archive/articles.json?_search={quote(query)}&_shape=array").json()
    assert ids_of(rows) - {HOA_OLD_ID, HOA_NEW_ID} == case_ids(expected)
    page = get(ds, f"/-/search?q={quote(query)}").text
    found = {int(i) for i in re.findall(r'class="result" data-article-id="(\d+)"', page)}
    assert found - {HOA_OLD_ID, HOA_NEW_ID} == case_ids(expected)


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "NEAR(", "***", "-", "OR OR",
                                   "title:dân", "'; drop table articles; --", "^", ""])
def test_any_typed_query_is_answered_never_an_error(ds, query):
    from urllib.parse import quote

    assert get(ds, f"/archive/articles.json?_search={quote(query)}").status_code == 200
    assert get(ds, f"/-/search?q={quote(query)}").status_code == 200
    assert get(ds, f"/archive/search.json?q={quote(query)}").status_code == 200


def test_query_language_examples():
    assert Query("dan van").fts5 == '("dan" OR "đan") AND "van"'  # d typed bare may be đ
    assert Query("dân vận").fts5 == '"dân" AND "vận"'  # typed with its marks: as typed
    assert Query('"a b" c*').fts5 == '"a b" AND "c"*'
    assert Query("-x").fts5 is None
    assert Query('say "hi').fts5 == '"say" AND "hi"'
    assert Query('"dan van"').mark("Ban Dân vận Trung ương") == "Ban ⟦Dân vận⟧ Trung ương"
    assert "⟦Đảng⟧" in Query("dang").snippet(["Đảng bộ"])


def test_results_are_ranked_and_extracts_highlighted(ds):
    page = get(ds, "/-/search?q=hội+nghị").text
    ranked = [int(i) for i in re.findall(r'class="result" data-article-id="(\d+)"', page)]
    # Title and lead match ("Hội nghị sơ kết công tác tuyên giáo") rank before a title-only one.
    assert ranked[0] == EDITED_ID and BASE_ID + 1 in ranked
    assert "<mark>Hội nghị</mark>" in page or "<mark>Hội</mark> <mark>nghị</mark>" in page
    page = get(ds, "/-/search?q=dang").text
    assert "<mark>Đảng</mark>" in page and "<mark>dạng</mark>" in page


def test_an_archive_whose_index_datasette_also_searches_answers_the_same(tmp_path):
    """An archive of release 0.1.0 declares articles_fts ``content="articles"``, which
    Datasette's own search filter detects: it searches too, in the archive's language, and the
    answers are the archive's (README, Beside other databases)."""
    import shutil
    import sqlite3

    from datasette.app import Datasette
    from datasette.utils import detect_fts

    old = shutil.copy(REPO / "tests/fixtures/archive-0.1.0/archive.db", tmp_path / "old.db")
    assert detect_fts(sqlite3.connect(old), "articles") == "articles_fts"
    served = Datasette([str(old)])

    def found(q):
        return ids_of(get(served, f"/old/articles.json?_search={q}&_shape=array&_size=max")
                      .json())

    assert found("dan+OR+dang") == found("dan") | found("dang") != found("dan")
    assert found("dan+-dang") == found("dan") - found("dang")
    assert len(found("")) == sqlite3.connect(old).execute(
        "select count(*) from articles").fetchone()[0]


def test_an_empty_search_box_is_no_search_and_a_search_for_nothing_finds_nothing(ds):
    everything = get(ds, "/archive/articles.json?_shape=array&_size=max").json()
    assert get(ds, "/archive/articles.json?_search=&_shape=array&_size=max").json() == everything
    assert get(ds, "/archive/articles.json?_search=***&_shape=array").json() == []


# -- 2. canned queries ------------------------------------------------------------------------


def canned(ds, name, **params):
    from urllib.parse import urlencode

    response = get(ds, f"/archive/{name}.json?" + urlencode({**params, "_shape": "array"}))
    assert response.status_code == 200, response.text[:500]
    return response.json()


def test_canned_queries_answer_researchers_questions(ds):
    months = canned(ds, "articles_per_month")
    assert {"month": "2011-01", "articles": 1} == {k: months[0][k] for k in ("month", "articles")}
    # Every month from the first to the last: one without an article is there, as 0.
    assert [m["month"] for m in months] == [f"{y}-{m:02d}" for y in range(2011, 2020)
                                            for m in range(1, 13)][:len(months)]
    assert months[-1]["month"] == "2019-03" and sum(m["articles"] for m in months) == 11
    assert {"month": "2011-02", "articles": 0, "bar": 0.0} in months
    assert max(m["bar"] for m in months) == 100 and all(
        (m["bar"] > 0) == (m["articles"] > 0) for m in months)
    authors = {a["author"]: a["articles"] for a in canned(ds, "authors")}
    assert authors["Văn Lượng"] == 11 and authors["Minh Anh"] == 3
    by_author = canned(ds, "articles_by_author", author="van luong")  # folded, any case
    assert len(by_author) == 11
    years = {y["year"]: y for y in canned(ds, "term_per_year", term="dan van")}
    assert years["2011"]["articles"] == 1 and years["2011"]["percent"] == 100.0
    assert years["2018"]["articles"] == 0 and years["2018"]["all_articles"] >= 1
    assert list(years) == [str(y) for y in range(2011, 2020)]  # 2017, without articles, too
    assert years["2017"] == {"year": "2017", "articles": 0, "all_articles": 0, "percent": 0.0,
                             "bar": 0.0}
    assert years["2011"]["bar"] == 100.0  # the bar is the share, against the largest share
    newest = canned(ds, "newest_articles")
    assert newest[0]["published_at"] >= newest[-1]["published_at"]
    assert REMOVED_ID not in ids_of(newest)
    assert ids_of(canned(ds, "flagged_articles", flag="")) == {FLAGGED_ID}
    assert ids_of(canned(ds, "flagged_articles", flag="no-date")) == {FLAGGED_ID}
    assert canned(ds, "flagged_articles", flag="empty-body") == []
    assert canned(ds, "flag_counts") == [{"flag": "no-date", "articles": 1}]
    edited = canned(ds, "edited_articles")
    assert [(e["id"], e["previous_title"]) for e in edited] == [
        (EDITED_ID, "Hội nghị sơ kết (bản đầu)")]
    assert ids_of(canned(ds, "removed_articles")) == {REMOVED_ID}


def test_monthly_chart_and_title_links_render(ds):
    page = get(ds, "/archive/articles_per_month").text
    assert "<svg" in page and "<rect" in page
    assert 'href="/archive/articles?published_at__startswith=2011-01"' in page
    authors = get(ds, "/archive/authors").text
    assert "/archive/articles?authors__arraycontains=V%C4%83n+L%C6%B0%E1%BB%A3ng" in authors
    page = get(ds, "/archive/newest_articles").text
    assert f'href="/-/article/{EDITED_ID}"' in page


# -- 3. the article view ----------------------------------------------------------------------


def test_article_reads_like_the_article(ds):
    page = get(ds, f"/-/article/{EDITED_ID}")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Hội nghị sơ kết công tác tuyên giáo</h1>" in html
    # stored 08:00 UTC; shown in Vietnam time
    assert "Thứ Bảy, 02/03/2019 15:00 (GMT+7)" in html
    assert 'class="byline">Văn Lượng<' in html
    assert '<p class="lead">Sapo hội nghị sơ kết.</p>' in html
    assert html.count("<p>Đoạn thứ") == 3
    assert "<figcaption>Quang cảnh hội nghị.</figcaption>" in html
    # Captured from a mirror: the original is the portal's address of the same page.
    assert f'href="https://www.thanhuytphcm.vn/tin-tuc/hoi-nghi-so-ket-{EDITED_ID}"' in html
    assert "Version 1 / Phiên bản 1" in html and f'href="/-/article/{EDITED_ID}/changes?from=1&amp;to=2"' in html
    case = get(ds, f"/-/article/{BASE_ID + 1}").text
    assert 'href="/-/capture/' in case
    assert get(ds, "/-/article/42").status_code == 404


def test_archived_capture_is_served_inert_and_its_source_as_captured(ds):
    capture = re.search(r'href="(/-/capture/\d+)"', get(ds, f"/-/article/{XSS_ID}").text)
    response = get(ds, capture.group(1))
    assert response.status_code == 200
    # The copy shown has no script and no handler left...
    assert "window.__xss" not in response.text and "onerror" not in response.text
    policy = response.headers["content-security-policy"]
    # ...and is shown in a sandbox that would run none anyway, loading the archive's images only.
    assert policy.startswith("sandbox;") and "script-src" not in policy
    assert "default-src 'none'" in policy and "img-src 'self' data:" in policy
    raw = get(ds, capture.group(1) + "?raw=1")
    assert raw.headers["content-type"].startswith("text/plain")
    assert "<script>window.__xss = 3</script>" in raw.text  # the record is as captured


# -- 4. facets --------------------------------------------------------------------------------


def test_facets_category_author_year_month_source(ds):
    data = get(ds, "/archive/articles.json?_search=dan+van&_facet_list=authors"
                   "&_facet_month=published_at").json()
    facets = data["facet_results"]
    values = {name: {r["value"]: r["count"] for r in f["results"]} for name, f in facets.items()}
    assert values["category"] == {"Dân vận": 2, "Xây dựng Đảng": 2}
    assert values["source"] == {"": 2, "TTXVN": 2}
    assert values["authors"] == {"Văn Lượng": 4, "Minh Anh": 2}
    assert values["published_at_year"] == {"2011": 1, "2012": 1, "2013": 1, "2014": 1}
    assert values["published_at_month"]["2012-02"] == 1
    year = next(r for r in facets["published_at_year"]["results"] if r["value"] == "2012")
    assert "published_at__startswith=2012" in year["toggle_url"]
    narrowed = get(ds, "/archive/articles.json?_search=dan+van&published_at__startswith=2012"
                       "&_shape=array").json()
    assert ids_of(narrowed) == {BASE_ID + 2}
    html = get(ds, "/archive/articles?_search=dan+van").text
    assert "Facet by author" in html and "CSV for Excel" in html


# -- 5. CSV and JSON ----------------------------------------------------------------------------


def test_csv_streams_every_row_with_no_size_cap(ds):
    assert ds.setting("allow_csv_stream") and ds.setting("max_csv_mb") == 0
    # Pages of two rows; four articles share one published_at, across page breaks.
    for sort in ("", "&_sort_desc=published_at", "&_sort=published_at", "&_sort=category"):
        response = get(ds, f"/archive/articles.csv?_stream=on&_size=2{sort}")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len({r["id"] for r in rows}) == len(rows) == 12, sort
        assert not response.text.startswith("\ufeff")
    ties = get(ds, "/archive/articles.csv?_search=nguy+OR+gỡ+OR+Hoà+OR+Hóa&_stream=on&_size=1")
    tied = [int(r["id"]) for r in csv.DictReader(io.StringIO(ties.text))]
    # four of them share one published_at; pages of one row lose none
    assert sorted(tied) == sorted({XSS_ID, REMOVED_ID, HOA_OLD_ID, HOA_NEW_ID, BASE_ID + 5})
    search = get(ds, "/archive/articles.csv?_search=dan+van&_stream=on")
    rows = list(csv.DictReader(io.StringIO(search.text)))
    assert {int(r["id"]) for r in rows} == case_ids([1, 2, 3, 4])
    assert any(r["title"] == "Hội nghị tổng kết công tác dân vận năm 2018" for r in rows)


def test_excel_csv_has_a_bom_and_is_utf8(ds):
    response = get(ds, "/archive/articles.csv?_search=dan+van&_stream=on&_bom=1&_dl=1")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4 and "Đảng bộ tỉnh lãnh đạo phong trào Dân vận khéo" in text


def test_excel_cells_never_start_a_formula_whatever_the_chunks():
    from thanhuy_archive.web.exports import ExcelCells

    rows = [["id", "title"], ["1", "=HYPERLINK(\"http://evil/\")"], ["2", "-2+3, \"x\""],
            ["3", "\r\nline"], ["4", "\tab"], ["5", "@cmd"], ["6", "bình thường"], ["7", ""]]
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    cells = ExcelCells()
    excel = b"".join(cells.feed(bytes([b])) for b in text.getvalue().encode("utf-8"))
    got = list(csv.reader(io.StringIO(excel.decode("utf-8"), newline="")))
    assert [r[1] for r in got] == ["title", "'=HYPERLINK(\"http://evil/\")", "'-2+3, \"x\"",
                                   "'\r\nline", "'\tab", "'@cmd", "bình thường", ""]


def test_json_of_tables_and_queries(ds):
    data = get(ds, "/archive/articles.json?_search=dan+van").json()
    assert data["filtered_table_rows_count"] == 4
    rows = get(ds, "/archive/crawl_runs.json?_shape=array").json()
    assert rows[0]["status"] == "ok"
    # Every row as JSON: pages of _size rows, the next one in the Link header.
    seen, path = [], "/archive/articles.json?_shape=array&_size=5"
    while path:
        response = get(ds, path)
        seen += response.json()
        link = re.search(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))
        path = link.group(1).split("localhost", 1)[-1] if link else None
    assert len(seen) == len({r["id"] for r in seen}) == 12


# -- 6. metadata ------------------------------------------------------------------------------


def test_every_table_and_column_is_described_in_both_languages(ds, archive_path):
    import sqlite3

    assert ds.metadata("title") and 'action="/-/search"' in ds.metadata("description_html")
    archive = ds.metadata(database="archive", fallback=False)
    assert archive["license"] and archive["source"] and archive["source_url"]
    tables = archive["tables"]
    conn = sqlite3.connect(archive_path)
    names = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]
    shadow = re.compile(r"_fts_(data|idx|docsize|config|content)$")
    missing = []
    for table in names:
        if shadow.search(table):
            continue
        if table not in TABLES:
            missing.append(table)
            continue
        en, vi, columns = TABLES[table]
        assert en.strip() and vi.strip() and tables[table]["description"] == f"{en} / {vi}"
        for (column,) in conn.execute(f"select name from pragma_table_info('{table}')"):
            texts = columns.get(column)
            if not texts or not all(t.strip() for t in texts):
                missing.append(f"{table}.{column}")
    assert not missing, f"undescribed in thanhuy_archive.web/descriptions.py: {missing}"


def test_metadata_is_shown(ds):
    page = get(ds, "/").text
    assert 'action="/-/search"' in page and "Excel" in page
    table = get(ds, "/archive/articles").text
    assert "Mã số bài viết của cổng" in table and "The headline." in table


# -- 7. plain `datasette archive.db`: the plugin by its entry point ----------------------------


def plain_datasette(*args):
    """The real `datasette` command (default settings, no metadata file) with ``args``."""
    command = [str(Path(sys.executable).parent / "datasette"), *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_plain_datasette_serves_the_archive_with_its_pages_queries_and_metadata(archive_path):
    page = plain_datasette(archive_path, "--get", "/-/search?q=dan+van")
    assert len(re.findall(r'class="result" data-article-id="', page)) == 4
    canned = json.loads(plain_datasette(archive_path, "--get",
                                        "/archive/search.json?q=dan+van&_shape=array"))
    assert ids_of(canned) == case_ids([1, 2, 3, 4])
    table = plain_datasette(archive_path, "--get", "/archive/articles")
    assert "Mã số bài viết của cổng" in table and f'href="/-/article/{EDITED_ID}"' in table
    article = plain_datasette(archive_path, "--get", f"/-/article/{XSS_ID}")
    capture = re.search(r'href="(/-/capture/\d+)"', article).group(1)
    assert "Archived copy" in plain_datasette(archive_path, "--get", capture)
    assert "window.__xss = 3" in plain_datasette(archive_path, "--get", capture + "?raw=1")


def test_a_metadata_file_of_ones_own_overrides_the_archives(archive_path):
    from datasette.app import Datasette

    mine = Datasette([str(archive_path)], metadata={
        "title": "Mine", "databases": {"archive": {"tables": {"articles": {"sort_desc": "id"}}}}})
    assert mine.metadata("title") == "Mine"
    articles = mine.table_metadata("archive", "articles")
    assert articles["sort_desc"] == "id" and articles["label_column"] == "title"
    assert Datasette([str(archive_path)]).metadata("title") != "Mine"  # nothing stays behind


TIES = [(1, "2020-01-01"), (2, "2020-01-02"), (3, "2020-01-01"), (4, "2020-01-01"),
        (5, "2020-01-01")]


@pytest.fixture(scope="module")
def other_path(tmp_path_factory):
    """A database that is not an archive: its own ``articles`` (not the archive's schema) with
    a search index, and the README's five-row table of tied days."""
    import sqlite_utils

    path = tmp_path_factory.mktemp("other") / "notes.db"
    db = sqlite_utils.Database(path)
    db["articles"].insert_all([{"id": 1, "title": "dân vận ⟦x⟧"}, {"id": 2, "title": "khác"}],
                              pk="id")
    db["articles"].enable_fts(["title"])
    db["t"].insert_all([{"id": i, "day": day} for i, day in TIES], pk="id")
    db["t"].create_index(["day"])
    db.close()
    return path


@pytest.fixture(scope="module")
def both(archive_path, other_path):
    """Datasette with default settings serving an archive and another database."""
    from datasette.app import Datasette

    return started(Datasette([str(archive_path), str(other_path)]))


def test_a_database_beside_an_archive_is_left_as_datasette_shows_it(both):
    assert get(both, "/notes.json").json()["queries"] == []
    assert get(both, "/archive.json").json()["queries"]
    unknown = get(both, "/notes.json?sql=select+fold('Đảng')").json()
    assert "no such function: fold" in unknown["error"]
    assert asyncio.run(both.get_database("notes").execute_write(
        "update t set day = day where id = 1")) is not None  # not made read-only
    html = get(both, "/notes/articles").text
    assert "/-/article/" not in html and "⟦x⟧" in html and "<mark>" not in html
    assert "licen" not in get(both, "/notes").text.lower()  # the archive's licence is its own


def test_datasettes_own_search_filter_serves_the_other_database(both):
    # Datasette's filter quotes each word: "OR" is a word to find there, not the archive's OR.
    assert ids_of(get(both, "/notes/articles.json?_search=khác&_shape=array").json()) == {2}
    assert get(both, "/notes/articles.json?_search=dân+OR+khác&_shape=array").json() == []
    def archive(q):
        return ids_of(get(both, f"/archive/articles.json?_search={q}&_shape=array").json())

    assert archive("dan+OR+dang") == archive("dan") | archive("dang") != archive("dan")


def test_datasette_0_65_still_drops_tied_rows_where_the_plugin_does_not_page(both):
    """The upstream bug the archive works around (README, CSV and JSON for analysts): a
    streamed CSV sorted by a column with ties loses rows. When this test fails, Datasette has
    fixed it: thanhuy_archive/web/paging.py can go."""
    streamed = get(both, "/notes/t.csv?_sort_desc=day&_size=2&_stream=on").text
    assert len(list(csv.DictReader(io.StringIO(streamed)))) < len(TIES)


def test_the_archive_streams_every_tied_row_in_plain_datasette(both):
    streamed = get(both, "/archive/articles.csv?_sort_desc=published_at&_size=2&_stream=on")
    rows = list(csv.DictReader(io.StringIO(streamed.text)))
    assert len({r["id"] for r in rows}) == len(rows) == 12
    days = [r["published_at"] for r in rows if r["published_at"]]
    assert days == sorted(days, reverse=True)


def test_a_streamed_export_keeps_datasettes_size_cap_in_plain_datasette(tmp_path):
    from datasette.app import Datasette

    archive = Archive(str(tmp_path / "big.db"))
    run = archive.start_run("http://127.0.0.1:8000/")
    for n, body in enumerate(["Ngắn.", "Dài " * 400_000, "Ngắn."]):  # 1.6 MB in the middle
        archive.store_article(article(BASE_ID + n, f"Bài {n}", body=body), capture_id=None,
                              run_id=run)
    archive.close()
    capped = started(Datasette([str(tmp_path / "big.db")], settings={"max_csv_mb": 1}))
    text = get(capped, "/big/articles.csv?_sort_desc=published_at&_stream=on&_size=1").text
    assert text.endswith(f"CSV contains more than {1024 * 1024} bytes")
    assert len(text) < 1024 * 1024


# -- 8. bounded work --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["", "&_searchmode=exact", "&_searchmode=raw"])
def test_a_search_by_column_takes_only_the_indexed_columns(ds, mode):
    titled = get(ds, f"/archive/articles.json?_search_title={quote('dân vận')}{mode}&_shape=array")
    assert titled.status_code == 200 and titled.json()
    for column in ("rank", "articles_fts", "url"):  # the index's hidden columns; not indexed
        answer = get(ds, f"/archive/articles.json?_search_{column}=xyzzy{mode}")
        assert answer.status_code == 400 and "Cannot search by that column" in answer.text


def test_a_search_past_the_sql_time_limit_is_a_400_that_says_so(archive_path):
    from datasette.app import Datasette

    hurried = started(Datasette([str(archive_path)], settings={"sql_time_limit_ms": 0}))
    page = get(hurried, "/-/search?q=dan+van")
    assert page.status_code == 400 and "took too long" in page.text


@pytest.mark.parametrize("path", [
    "/archive/articles.json?_search=" + "a" * 501,
    "/archive/articles.json?_search=" + "+".join(["dan"] * 33),
    "/archive/articles.json?_search=dan&_searchmode=fuzzy",
    "/archive/search.json?q=" + "a" * 501,
])
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_table_and_canned_searches_refuse_what_the_search_page_refuses(ds, path):
    assert get(ds, path).status_code == 400


# Datasette turns on sqlite3's callback tracebacks: each refusal is also printed (a warning here).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("sql", [
    "select fold(zeroblob(1000000000))",  # SQLite refuses to make it: SQLITE_LIMIT_LENGTH
    "select fold(randomblob(10))",  # a blob is not text
    "select canonical_tones(printf('%.*c', 1000001, 'a'))",  # over the function's bound
    "select vi_snippet('a', 0, printf('%.*c', 1000001, 'a'))",
    "select search_matches('articles', '\"a\"')",  # not a search index
])
def test_sql_functions_refuse_input_that_would_hold_the_server(ds, sql):
    from urllib.parse import quote

    assert get(ds, f"/archive.json?sql={quote(sql)}").status_code == 400


def test_any_stored_value_is_below_the_sql_value_limit():
    from crawler.settings import DOWNLOAD_MAXSIZE
    from thanhuy_archive.web.functions import SQL_VALUE_LIMIT

    assert SQL_VALUE_LIMIT > DOWNLOAD_MAXSIZE * 1.01  # a compressed capture can be read


def test_search_matches_obeys_the_sql_time_limit(ds):
    import sqlite3

    from thanhuy_archive.web.functions import MATCHES

    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        MATCHES.matches(ds.get_database("archive"), "articles_fts", '"d"*', time_limit_ms=0)


# -- 9. read-only and safe --------------------------------------------------------------------


def test_nothing_can_be_written_through_datasette(ds, archive_path):
    from urllib.parse import quote

    before = hashlib.sha256(Path(archive_path).read_bytes()).hexdigest()
    for sql in ("insert into articles (id, url) values (1, 'x')", "delete from articles",
                "update articles set title = 'x'", "drop table articles",
                "select 1; delete from articles", "pragma query_only = 0",
                "attach database '/tmp/x.db' as x", "vacuum"):
        response = get(ds, f"/archive.json?sql={quote(sql)}")
        assert response.status_code >= 400 or not response.json().get("ok", True), sql
    post = asyncio.run(ds.client.post("/archive/articles", data={"title": "x"}))
    assert post.status_code >= 400
    # Even Datasette's own write connection refuses (PRAGMA query_only on every connection).
    with pytest.raises(Exception, match="readonly|read-only|query_only"):
        asyncio.run(ds.get_database("archive").execute_write("delete from articles"))
    assert get(ds, "/archive/articles.json?_shape=array&_size=max").status_code == 200
    assert hashlib.sha256(Path(archive_path).read_bytes()).hexdigest() == before


def test_scraped_text_is_never_live_html(ds):
    pages = [f"/-/article/{XSS_ID}", "/-/search?q=nguy+hiểm", "/archive/articles",
             f"/archive/articles/{XSS_ID}", "/archive/search?q=nguy+hiểm",
             "/archive/articles?_search=nguy+hiểm", "/archive/newest_articles",
             "/archive/articles?_facet_list=authors"]
    for path in pages:
        html = get(ds, path).text
        assert "<script>window.__xss" not in html, path
        assert 'onerror="window.__xss' not in html and "<img src=x" not in html, path
    article_html = get(ds, f"/-/article/{XSS_ID}").text
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in article_html
    assert 'href="javascript:' not in article_html


def test_search_engines_are_kept_out(ds):
    robots = get(ds, "/robots.txt")
    assert robots.status_code == 200 and "Disallow: /" in robots.text
    for path in ("/", "/archive/articles", f"/-/article/{EDITED_ID}", "/archive/articles.csv"):
        response = get(ds, path)
        assert "noindex" in response.headers["x-robots-tag"], path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert '<meta name="robots" content="noindex' in get(ds, f"/-/article/{EDITED_ID}").text


def test_settings_keep_search_fast_and_exports_whole():
    assert SETTINGS["suggest_facets"] is False
    assert SETTINGS["max_csv_mb"] == 0


def test_the_readme_gives_plain_datasette_the_settings_of_serve():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"```sh\ndatasette archive\.db (.*?)```", readme, re.S).group(1)
    flags = dict(re.findall(r"--setting (\w+) (\S+)", command))
    assert {name: {"on": True, "off": False}.get(v, v if not v.isdigit() else int(v))
            for name, v in flags.items()} == SETTINGS


# -- the search schema (pipelines.storage) ----------------------------------------------------


def test_exact_index_follows_any_writer_and_stays_consistent(archive_path, tmp_path):
    import sqlite3

    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(archive_path).read_bytes())
    conn = sqlite3.connect(copy)  # a plain connection: no function of the project registered
    with conn:
        conn.execute("UPDATE articles SET title = 'Thủy điện mới' WHERE id = ?", [BASE_ID + 6])
        conn.execute("DELETE FROM articles WHERE id = ?", [HOA_OLD_ID])
    for fts in ("articles_fts", "articles_exact_fts"):
        conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")

    def exact(query):
        return {r[0] for r in conn.execute(
            "SELECT rowid FROM articles_exact_fts WHERE articles_exact_fts MATCH ?",
            [Query(query, "exact").fts5])}

    assert exact("thuỷ điện") == {BASE_ID + 5, BASE_ID + 6}  # thủy/thuỷ: one word
    assert exact("Hóa") == {BASE_ID + 5}
    conn.close()
    Archive(str(copy)).close()  # opening it again changes nothing: each schema step runs once
