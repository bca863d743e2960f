"""The archive's Datasette plugin, loaded by the ``datasette`` entry point of the package, so
that ``datasette archive.db`` and ``thanhuy-archive serve`` serve the same archive.

Every hook acts on archives only (``thanhuy_archive.web.archive.is_archive``): another database
served beside one is shown as Datasette shows it.

* ``get_metadata``: the archive's title, description, licence, table and column descriptions
  (``metadata.yml``, ``thanhuy_archive.records``); ``canned_queries``: ``queries.yml``.
* ``prepare_connection``: every connection is ``PRAGMA query_only`` and bounded, with the SQL
  functions of ``thanhuy_archive.web.functions`` and the archive's search language for
  Datasette's own ``escape_fts``.
* ``filters_from_request``: ``?_search=`` on articles (``thanhuy_archive.web.filters``).
* ``register_routes``: ``/-/search`` (and its ``.csv``, ``.json``), ``/-/article/ID`` (and
  ``/changes``), ``/-/capture/ID``, ``/-/media/ID``, ``/-/not-archived``, ``/-/templates``,
  ``/robots.txt`` (``thanhuy_archive.web.pages``, ``reading``, ``replay``, ``layouts``;
  templates in ``templates/``).
* ``render_cell``: titles open the reading view, long texts are shortened (whole in every
  export and on the reading view), extracts show their matches, bars are drawn.
* ``extra_template_vars`` (with the templates ``index.html``, ``database.html``,
  ``table.html``, ``query.html``, each extending Datasette's own): an archive's tables listed
  reading tables first and bookkeeping below them; column descriptions one click away instead
  of above the rows; canned queries titled by their names.
* ``asgi_wrapper``: security headers on every response; CSV options (``exports``); every row
  of a sorted table once (``paging``); a search's count from its index (``filters``).
* ``table_actions``: every download format of the current filter/search; author, month and
  flag facets one click away.
* ``register_facet_classes``: year, month, list and combined facets (``facets``).
"""

import re
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

from thanhuy_archive.search import marks_to_html
from thanhuy_archive.web import archive, exports, facets, filters, functions, pages, paging
from thanhuy_archive.web.safety import with_headers


@hookimpl
def get_metadata(datasette, key, database, table):
    return archive.metadata(datasette)


@hookimpl
def canned_queries(datasette, database, actor):
    if archive.is_archive(datasette, database):
        return archive.canned_queries()
    return None


# trylast: after Datasette's own prepare_connection, whose escape_fts filters.speak_archive
# replaces.
@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    if not archive.has_archive_schema(conn):
        return
    functions.install(conn, datasette.databases[database], datasette.setting("sql_time_limit_ms"))
    filters.speak_archive(conn)


# trylast: after Datasette's own search filter, so that this one's search box and text win.
@hookimpl(trylast=True)
def filters_from_request(request, database, table, datasette):
    if table == filters.SEARCH_TABLE and archive.is_archive(datasette, database):
        return filters.search_filters(request, database, datasette)
    return None


@hookimpl
def register_routes(datasette):
    return pages.ROUTES if archive.archive_names(datasette) else []


# Columns whose values run to pages: a table shows their start (the row's JSON and CSV, and
# the reading view, have them whole), so that a page of rows is a page, not 60,000 pixels.
LONG_TEXT_COLUMNS = {
    "articles": {"lead", "body", "summary", "captions", "images", "attachments"},
    "article_revisions": {"lead", "body", "summary", "captions", "images", "attachments"},
    "attachments": {"text"},
    "captures": {"headers"},
}
SHORT_CELL_CHARS = 120


def shortened(value, read_more=None):
    """The start of a long text, cut at a space, with … (and a link to read it all)."""
    cut = value[:SHORT_CELL_CHARS]
    cut = cut[:cut.rfind(" ")] if " " in cut[SHORT_CELL_CHARS // 2:] else cut
    more = (f' <a class="read-more" href="{escape(read_more)}">(toàn văn / full text)</a>'
            if read_more else "")
    return Markup(f"{escape(cut)}…{more}")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not archive.is_archive(datasette, database):
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    if column == "title" and value and "id" in keys and table in ("articles", None):
        # In the articles table and in the canned queries, a title opens the reading view.
        return Markup(f'<a href="{archive.article_path(datasette, row["id"])}">'
                      f'{escape(value)}</a>')
    if column in LONG_TEXT_COLUMNS.get(table, ()) and isinstance(value, str) \
            and len(value) > SHORT_CELL_CHARS:
        reader = archive.article_path(datasette, row["id"]) \
            if table == "articles" and "id" in keys else None
        return shortened(value, reader)
    if column == "snippet" and isinstance(value, str) and table is None:
        # vi_snippet's extract: its ⟦ ⟧ are the matches (those of the text became [ ]).
        return marks_to_html(value)
    if table is None and isinstance(value, str) and value:
        # In the canned queries a month, year or author opens the articles it counts.
        link = None
        if column in ("month", "year") and re.fullmatch(r"\d{4}(-\d{2})?", value):
            link = {"published_at__startswith": value}
        elif column == "author":
            link = {"authors__arraycontains": value}
        if link:
            href = datasette.urls.table(database, "articles") + "?" + urlencode(link)
            return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column == "bar" and table is None and isinstance(value, (int, float)):
        width = max(0.0, min(100.0, float(value)))
        return Markup(
            '<svg width="300" height="14" viewBox="0 0 300 14" style="max-width:100%" '
            'role="img" aria-label="{0}%"><rect width="{1}" height="14" fill="#3b6ea5">'
            '</rect></svg>'.format(width, round(width * 3, 1)))
    return None


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    if template == "index.html":
        return _index_vars(datasette)
    if database is None or not archive.is_archive(datasette, database):
        return {}
    if template == "database.html":
        return {"archive_order": archive.in_archive_order}
    if template == "table.html" and table == filters.SEARCH_TABLE and request is not None:
        return _table_vars(datasette, database, request)
    if template in ("table.html", "query.html"):
        return {"archive_page": True}
    return {}


async def _table_vars(datasette, database, request):
    count = await filters.index_count(datasette, database, request)
    return {"archive_page": True,
            **({"filtered_table_rows_count": count} if count is not None else {})}


async def _index_vars(datasette):
    return {"archive_listing": {name: await archive.table_listing(datasette.get_database(name))
                                for name in archive.archive_names(datasette)}}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        if not archive.archive_names(datasette):
            return app

        def is_archive_csv(path):
            location = archive.locate(datasette, path)
            return location is not None and location.format == "csv"

        app = paging.keyset_first_pages(app, datasette)
        app = exports.csv_options(app, is_archive_csv)
        app = filters.counted_by_the_index(app, datasette)
        app = filters.without_empty_searches(app, datasette)
        return with_headers(app)

    return wrap


@hookimpl
def table_actions(datasette, actor, database, table, request):
    if request is None or not archive.is_archive(datasette, database):
        return []
    pairs = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True)
             if k not in ("_next", "_facet_size")]
    base = datasette.urls.table(database, table)

    def url(fmt, extra):
        return f"{base}.{fmt}?" + urlencode(pairs + list(extra.items()))

    links = [
        {"href": url("csv", {"_stream": "on", "_size": "max", "_dl": "1"}),
         "label": "CSV: all rows / tất cả các dòng"},
        {"href": url("csv", {"_stream": "on", "_size": "max", "_dl": "1", "_bom": "1"}),
         "label": "CSV for Excel (UTF-8 BOM) / CSV cho Excel"},
        {"href": url("json", {"_shape": "array", "_size": "max"}),
         "label": "JSON (1,000 rows a page; follow the Link header) / JSON"},
    ]
    if table == "articles":
        here = request.path + "?"
        for label, key, value in (
            ("Facet by author / Lọc theo tác giả", "_facet_list", "authors"),
            ("Facet by month / Lọc theo tháng", "_facet_month", "published_at"),
            ("Facet by flag / Lọc theo cảnh báo", "_facet_list", "flags"),
        ):
            if (key, value) not in pairs:
                links.append({"href": here + urlencode(pairs + [(key, value)]), "label": label})
        if request.args.get("_search"):
            exact = request.args.get("_searchmode") == "exact"
            others = [(k, v) for k, v in pairs if k != "_searchmode"]
            links.append({
                "href": here + urlencode(others + ([] if exact else [("_searchmode", "exact")])),
                "label": ("Search ignoring diacritics / Tìm không phân biệt dấu" if exact else
                          "Search with exact diacritics / Tìm đúng dấu"),
            })
    return links


@hookimpl
def register_facet_classes():
    return facets.FACET_CLASSES
