"""Datasette, configured for the archive: metadata, search, facets, canned queries, pages, CSV.

``serve(db)`` is what ``thanhuy-archive serve`` runs. The socket is bound before Datasette
starts so that ``--port 0`` works and the real address can be announced.

What a researcher gets (``DB`` is the archive file's name without ``.db``):

* ``/`` and ``/-/search?q=dan+van``: ranked search with highlighted extracts
  (``&mode=exact`` for accent-exact); ``/-/article/ID``: an article as it reads;
  ``/-/capture/ID``: the archived page itself, scripts disabled.
* ``/DB/articles?_search=...``: the table with facets (category, year, source; author, month and
  flags one click away), sorted newest first; every table ``.csv`` / ``.json``; CSV of all rows
  with ``_stream=on`` (never capped), ``_bom=1`` for Excel.
* ``/DB/<canned query>``: see ``CANNED_QUERIES``.

Charts: no maintained plugin draws one on Datasette 0.65. datasette-vega's last release is
0.6.2 of July 2018 (its Vega bundle is from then); datasette-plot 0.1.0 (December 2023, one
alpha) requires datasette>=1.0a6. ``articles_per_month`` and ``term_per_year`` therefore carry
a ``bar`` column (0-100) that the plugin draws as an inline SVG bar: a self-contained chart, no
script, nothing fetched.
"""

import re
import socket
import sqlite3
import sys
from pathlib import Path

import yaml

from thanhuy_archive.search import ranked_sql
from thanhuy_archive.web.descriptions import TABLES, bilingual

HERE = Path(__file__).parent

SETTINGS = {
    # CSV of any table, filter or search streams every row, with no size cap: Datasette's
    # default max_csv_mb (100) cuts a large export and still answers 200.
    "allow_csv_stream": True,
    "max_csv_mb": 0,
    # Facet suggestions cost most of a search's time on a large archive (1.3 s of 1.6 s).
    "suggest_facets": False,
    "default_page_size": 50,
    # A facet over its limit comes back empty, silently, in JSON: the archive's facets are
    # indexed (20-70 ms on 200,000 articles); this limit only stops a runaway.
    "facet_time_limit_ms": 1500,
    "sql_time_limit_ms": 3000,
    "truncate_cells_html": 300,
}

# The first facets of the articles table: category, source and year, computed together
# (thanhuy_archive.web.facets.CombinedFacet); author (list), month and flags are a click away (table
# actions menu, or ?_facet_list=authors, ?_facet_month=published_at, ?_facet_list=flags).
ARTICLE_FACETS = [{"combined": {"columns": ["category", "source"], "year": "published_at"}}]

ARTICLE_LIST = "a.id, a.title, a.published_at, a.category, a.authors, a.source"


def search_columns(exact):
    return ARTICLE_LIST + f", vi_snippet(:q, {int(exact)}, a.body, a.lead) as snippet"



CANNED_QUERIES = {
    "search": {
        "title": "Tìm kiếm (không phân biệt dấu) / Search, ignoring diacritics",
        "description": "The 100 most relevant articles for q (words, \"phrase\", prefix*, "
                       "OR, -exclude), with an extract (⟦ ⟧ mark the matches in JSON/CSV) and the "
                       "number of matching articles. "
                       "The search page /-/search pages through all of them.",
        "sql": ranked_sql("folded", search_columns(exact=False), limit=100, offset=0),
    },
    "search_exact": {
        "title": "Tìm kiếm đúng dấu / Search with exact diacritics",
        "description": "As search, but 'dân vận' does not find 'Dẫn vấn' (tone-mark placement "
                       "such as hoà/hòa still ignored).",
        "sql": ranked_sql("exact", search_columns(exact=True), limit=100, offset=0),
    },
    "articles_per_month": {
        "title": "Số bài theo tháng / Articles per month",
        "description": "Articles published each month (Vietnam time), with a bar chart. "
                       "Undated articles are left out.",
        "sql": """select substr(published_at, 1, 7) as month, count(*) as articles,
  bar(count(*), max(count(*)) over ()) as bar
from articles
where substr(published_at, 1, 7) >= '1'
group by substr(published_at, 1, 7)
order by month""",
    },
    "authors": {
        "title": "Tác giả / Authors",
        "description": "Every credited author with the number of articles.",
        "sql": """select j.value as author, count(*) as articles
from articles a, json_each(case when json_valid(a.authors) then a.authors else '[]' end) j
group by j.value
order by articles desc, author""",
    },
    "articles_by_author": {
        "title": "Bài của một tác giả / Articles by an author",
        "description": "Articles credited to an author; the name may be typed without "
                       "diacritics or in any case (van luong finds Văn Lượng).",
        "sql": f"""select {ARTICLE_LIST}
from articles a
where a.id in (
  select b.id from articles b,
    json_each(case when json_valid(b.authors) then b.authors else '[]' end) j
  where fold(j.value) = fold(:author))
order by a.published_at desc""",
    },
    "term_per_year": {
        "title": "Tần suất một từ theo năm / How often a term appears per year",
        "description": "For each year: the articles that mention the term (same query "
                       "language as search), all articles, and the share in percent.",
        "sql": """with matches as (
  select substr(published_at, 1, 4) as year, count(*) as articles
  from articles
  where +rowid in (select rowid from articles_fts where articles_fts match fts_query(:term))
    and substr(published_at, 1, 4) >= '1'
  group by substr(published_at, 1, 4)
), totals as (
  select substr(published_at, 1, 4) as year, count(*) as total
  from articles where substr(published_at, 1, 4) >= '1'
  group by substr(published_at, 1, 4)
)
select t.year, coalesce(m.articles, 0) as articles, t.total as all_articles,
  round(100.0 * coalesce(m.articles, 0) / t.total, 2) as percent,
  bar(coalesce(m.articles, 0), max(coalesce(m.articles, 0)) over ()) as bar
from totals t left join matches m on m.year = t.year
order by t.year""",
    },
    "newest_articles": {
        "title": "Bài mới nhất / Newest articles",
        "description": "The 100 most recently published articles still online.",
        "sql": f"""select {ARTICLE_LIST}
from articles a
where a.published_at >= '1' and a.removed_at is null
order by a.published_at desc
limit 100""",
    },
    "flagged_articles": {
        "title": "Bài bị đánh dấu / Articles flagged by the extractor",
        "description": "Articles the extractor doubts (no-title, no-date, empty-body, "
                       "short-body, no-byline); leave flag empty for all of them.",
        "sql": """select a.id, a.title, a.flags, a.published_at, a.published_at_source,
  a.byline_source, a.url
from articles a
where a.flags is not null and a.flags not in ('', '[]')
  and (coalesce(:flag, '') = ''
       or exists (select 1 from json_each(case when json_valid(a.flags) then a.flags
                                          else '[]' end) where value = :flag))
order by a.published_at desc""",
    },
    "flag_counts": {
        "title": "Số bài theo cảnh báo / Flag counts",
        "description": "How many articles carry each extractor flag.",
        "sql": """select j.value as flag, count(*) as articles
from articles a, json_each(case when json_valid(a.flags) then a.flags else '[]' end) j
where a.flags not in ('', '[]')
group by j.value order by articles desc""",
    },
    "edited_articles": {
        "title": "Bài bị sửa / Edited articles",
        "description": "Every recorded change to an article, newest first: when, why "
                       "(recapture or reparse), which fields, and the previous title.",
        "sql": """select a.id, a.title, r.replaced_at, r.reason, r.changed_fields,
  r.title as previous_title, r.id as revision
from article_revisions r join articles a on a.id = r.article_id
order by r.replaced_at desc, r.id desc""",
    },
    "removed_articles": {
        "title": "Bài bị gỡ / Removed articles",
        "description": "Articles that answered 404/410 on a later crawl; their text stays in "
                       "the archive.",
        "sql": """select a.id, a.title, a.published_at, a.removed_at, a.url
from articles a
where a.removed_at is not null
order by a.removed_at desc""",
    },
}

FORMATS_HTML = """
<p><strong>Tìm kiếm / Search:</strong></p>
<form action="/-/search" method="get"><input type="search" name="q" placeholder="dan van">
<input type="submit" value="Tìm / Search"></form>
<p>Không phân biệt dấu: <code>dan van</code> tìm thấy <em>dân vận</em>; cụm từ
<code>"công tác dân vận"</code>; tiền tố <code>dân*</code>; <code>OR</code>; loại trừ <code>-xã</code>.
Search ignores diacritics unless "exact diacritics" is chosen.</p>
<p><strong>Dữ liệu / Data:</strong> every table and query has <code>.json</code> and
<code>.csv</code>; <code>?_stream=on</code> gives a CSV of every row of a table, filter or search
(no size cap), <code>&amp;_bom=1</code> makes it open correctly in Excel (UTF-8 with BOM). Times
are ISO 8601 in Vietnam time (<code>2018-08-07T15:30:00+07:00</code>), or a bare day
(<code>2018-08-07</code>) when only the day is known; authors, images, captions and flags are JSON
lists. Column meanings are shown on each table page.</p>
"""


def _describe_tables():
    tables = {}
    for name, (en, vi, columns) in TABLES.items():
        tables[name] = {
            "description": bilingual(en, vi),
            "columns": {column: bilingual(*texts) for column, texts in columns.items()},
        }
    for fts in ("articles_fts", "articles_exact_fts"):
        tables[fts]["hidden"] = True
    return tables


def build_metadata(db_name):
    metadata = yaml.safe_load((HERE / "metadata.yml").read_text(encoding="utf-8"))
    metadata["description_html"] = metadata.get("description_html", "") + FORMATS_HTML
    database = metadata.setdefault("databases", {}).setdefault(db_name, {})
    database.setdefault(
        "description",
        "Articles of thanhuytphcm.vn / hcmcpv.org.vn, their captures, revisions and crawl "
        "history / Bài viết, bản lưu, phiên bản và lịch sử thu thập.",
    )
    database["queries"] = {name: dict(query) for name, query in CANNED_QUERIES.items()}
    tables = database.setdefault("tables", {})
    for name, table in _describe_tables().items():
        tables.setdefault(name, {}).update(table)
    articles = tables["articles"]
    articles.setdefault("sort_desc", "published_at")
    articles.setdefault("facets", list(ARTICLE_FACETS))
    articles.setdefault("label_column", "title")
    return metadata


def install_plugins():
    """Register the archive's plugin and its search filter with Datasette (once a process).

    Datasette's built-in search filter is replaced for the articles table only: the module
    ``thanhuy_archive.web.filters`` re-registers the other built-in filters unchanged."""
    from datasette.plugins import pm

    from thanhuy_archive.web import filters, plugin

    if not pm.is_registered(plugin):  # the entry point registers it when installed
        pm.register(plugin, name="thanhuy_archive")
    if pm.get_plugin("thanhuy-archive-filters") is None:
        if pm.get_plugin("datasette.filters") is not None:
            pm.unregister(name="datasette.filters")
        pm.register(filters, name="thanhuy-archive-filters")


# Datasette 0.65 orders a table's first page by the sort column alone ("order by published_at
# desc limit 51") but the following pages by the column and the primary key, with a keyset
# "published_at = :p and id > :pk". Rows that tie on the sort value (many articles share a bare
# day) come in another order on the first page, and those after the page break are skipped:
# pages and streamed CSV exports lose rows. The first page gets the same tie-breaker.
FIRST_PAGE = re.compile(
    r"^(select .+? from (?P<table>\[[^\]]+\]|\w+) (?:where .+ )?"
    r"order by (?P<column>\[[^\]]+\]|\w+)(?P<desc> desc)?)( limit \d+(?: offset \d+)?)$",
    re.DOTALL)


def stable_order(sql, primary_keys):
    """The SQL of a table page with the primary key added to a one-column ORDER BY."""
    match = FIRST_PAGE.match(sql)
    if not match:
        return sql
    pks = primary_keys.get(match.group("table").strip("[]"))
    if not pks or match.group("column").strip("[]") in pks:
        return sql
    return match.group(1) + "".join(f", [{pk}]" for pk in pks) + match.group(5)


def patch_first_pages(database, primary_keys):
    execute = database.execute

    async def execute_with_stable_order(sql, *args, **kwargs):
        return await execute(stable_order(sql, primary_keys), *args, **kwargs)

    database.execute = execute_with_stable_order


def table_primary_keys(db_path):
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        keys = {}
        for (table,) in conn.execute("select name from sqlite_master where type = 'table'"):
            pks = [r[1] for r in sorted(conn.execute(f"pragma table_info([{table}])"),
                                        key=lambda r: r[5]) if r[5]]
            if pks:
                keys[table] = pks
        return keys
    finally:
        conn.close()


def make_datasette(db_path):
    from datasette.app import Datasette

    install_plugins()
    db_name = Path(db_path).stem
    ds = Datasette(
        [str(db_path)],
        metadata=build_metadata(db_name),
        settings=SETTINGS,
        template_dir=str(HERE / "templates"),
    )
    patch_first_pages(ds.get_database(db_name), table_primary_keys(db_path))
    return ds


def serve(db_path, host="127.0.0.1", port=8001, announce=False):
    import asyncio

    import uvicorn

    ds = make_datasette(db_path)
    asyncio.get_event_loop().run_until_complete(ds.invoke_startup())
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit TCP_NODELAY: without it a response written in two parts
    # (headers, body) waits ~40 ms for a delayed ACK on every keep-alive request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)  # before announcing: early connections wait in the backlog
    except OSError as e:
        sys.stderr.write(f"thanhuy-archive serve: cannot listen on {host}:{port}: {e.strerror}\n")
        return 2
    real_port = sock.getsockname()[1]
    url = f"http://{host}:{real_port}/"
    print(f"Archive served at {url}  (search: {url}-/search ; tables: {url}{Path(db_path).stem} ;"
          " Ctrl+C stops)", flush=True)
    config = uvicorn.Config(ds.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
    return 0
