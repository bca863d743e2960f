"""Every row of a sorted table, once, however Datasette pages or streams it.

Datasette 0.65.5 orders a table's first page by its sort column alone (``order by
published_at desc limit 51``) and every later page by the sort column then the primary key,
after a keyset (``published_at < :p0 or (published_at = :p0 and id > :p1)``). Rows that tie on
the sort value (many articles share a bare day) come in one order on the first page and in
another after it: the tied rows the first page did not show and whose key is below the last
one it showed are never shown. Pages, JSON followed by its ``next`` link and streamed CSV all
lose them (the README has the reproduction).

Datasette's own fix would be one line (the first page ordered like the others); a plugin
cannot change the SQL of the table view, but it can choose the request. So this ASGI wrapper
asks for a first page with a ``_next`` that every row comes after (:func:`start`): Datasette
then orders it by (sort, primary key), as every later page, and its ``next`` is right. That
``_next`` depends on no data, so the links Datasette makes from it stay right after a crawl. A
streamed CSV refuses ``_next``, so it is streamed here instead, as Datasette's own CSV pages
one after the other, each asked for with the ``next`` of the page before (read from the same
page as JSON, for the sort value and key only); the size cap (``max_csv_mb``) applies to the
whole, as in Datasette.

It applies to the tables of archives, when a sort other than the primary key applies
(``_sort``, ``_sort_desc`` or the table's default) on a column that holds no blobs. Anything
else goes to Datasette untouched.

Cost. Datasette's keyset (``col < :p0 or col is null or (col = :p0 and id > :p1)``) makes
SQLite read every row of the range and sort them (a MULTI-INDEX OR plan), unless an index on
the sort column alone, in the sort's direction, gives rows in (sort, rowid) order: then the
page is a short index scan (on 20,000 articles 1 ms instead of 130 ms; every later page that
Datasette serves gains the same). JSON and CSV pages are fixed in any case (an analyst follows
their ``next`` to the end); an HTML first page only when such an index makes it free, since a
reader mostly looks at the first page.
"""

import json
from typing import NamedTuple

from datasette.utils import escape_sqlite, tilde_encode

from thanhuy_archive.web import archive

# Arguments that shape a CSV but not which rows a page holds: left out of the JSON that reads
# the next page's key.
CSV_ONLY = ("_col", "_nocol", "_labels", "_header", "_dl", "_bom", "_stream", "_trace")
CUT_MESSAGE = "CSV contains more than {} bytes"  # Datasette's words for a capped export


class Sorted(NamedTuple):
    """A request for a sorted table of an archive, and where its first page starts."""

    location: archive.Location
    args: list  # the query string's (name, value) pairs
    sort: str  # the sort column
    start: str  # a _next that comes before every row

    def args_with(self, extra, leave_out=()):
        return [(k, v) for k, v in self.args if k not in ("_next", *leave_out)] + extra


def keyset_first_pages(app, datasette):
    """app, with the first page of a sorted archive table in its later pages' order."""

    async def keyset_app(scope, receive, send):
        request = await sorted_table(datasette, scope) if scope["type"] == "http" else None
        if request is None:
            return await app(scope, receive, send)
        if request.location.format == "csv" and dict(request.args).get("_stream"):
            return await stream_csv(app, scope, receive, send, datasette, request)
        args = request.args_with([("_next", request.start)])
        return await app(archive.with_query(scope, args), receive, send)

    return keyset_app


async def sorted_table(datasette, scope):
    """The :class:`Sorted` request of a first page (no ``_next``, or :func:`start`'s) of a
    sorted archive table; None for anything else."""
    location = archive.locate(datasette, scope["path"])
    if (location is None or location.table is None or location.format not in (None, "json", "csv")
            or location.table in archive.CANNED_QUERIES):
        return None
    args = archive.query_args(scope)
    given = dict(args)
    db = datasette.get_database(location.database)
    if not await db.table_exists(location.table):
        return None  # a view (offset paging) or nothing
    sort, descending = given.get("_sort"), False
    if given.get("_sort_desc"):
        sort, descending = given["_sort_desc"], True
    if not given.get("_sort") and not given.get("_sort_desc"):
        table = datasette.table_metadata(location.database, location.table)
        sort, descending = table.get("sort_desc") or table.get("sort"), "sort_desc" in table
    keys = await db.primary_keys(location.table) or ["rowid"]
    types = {c.name: c.type.upper() for c in await db.table_column_details(location.table)}
    if not sort or keys == [sort] or sort not in types or "BLOB" in types[sort]:
        return None
    first = start(descending, keys, text_key="CHAR" in types.get(keys[0], "")
                  or "TEXT" in types.get(keys[0], ""))
    if given.get("_next") not in (None, first):
        return None
    if location.format is None and not await ordered_by_an_index(db, location.table, sort,
                                                                  descending):
        return None
    return Sorted(location, args, sort, first)


async def ordered_by_an_index(db, table, sort, descending):
    """Whether an index of ``table`` on ``sort`` alone, in the sort's direction, gives its rows
    in (sort, rowid) order."""

    def ordering(conn):
        for index in conn.execute(f"pragma index_list({escape_sqlite(table)})").fetchall():
            keys = [c for c in conn.execute(f"pragma index_xinfo({escape_sqlite(index[1])})")
                    if c[5]]  # seqno, cid, name, desc, collation, is a key column
            if [(c[2], bool(c[3])) for c in keys] == [(sort, descending)]:
                return True
        return False

    return await db.execute_fn(ordering)


# Above every number and text in SQLite's order (only blobs sort higher): the largest code point.
TOP = "\U0010ffff"
BOTTOM_INTEGER = str(-2 ** 63)


def start(descending, keys, text_key):
    """A ``_next`` that every row comes after, as Datasette reads it: descending, a sort value
    above every value (rows below it, or null, follow); ascending, ``$null`` and a key below
    every key (rows not null, or null with a greater key, follow)."""
    if descending:
        return ",".join([tilde_encode(TOP)] + ["0"] * len(keys))
    return ",".join(["$null", "" if text_key else BOTTOM_INTEGER] + ["0"] * (len(keys) - 1))


async def fetch(app, scope):
    """(status, headers, body) of one request to app."""
    response = {"body": []}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(event):
        if event["type"] == "http.response.start":
            response.update(status=event["status"], headers=event.get("headers", []))
        elif event["type"] == "http.response.body":
            response["body"].append(event.get("body", b""))

    await app(scope, receive, send)
    return response["status"], response["headers"], b"".join(response["body"])


async def stream_csv(app, scope, receive, send, datasette, request):
    """A streamed CSV as Datasette's CSV pages in keyset order, each with the ``next`` of the
    one before, the header row once. An error after the first page is written where the rows
    would be, as Datasette's stream does."""
    json_path = scope["path"][:-len(".csv")] + ".json"
    limit = (datasette.setting("max_csv_mb") or 0) * 1024 * 1024
    cut = CUT_MESSAGE.format(limit).encode()
    page, sent = request.start, 0
    while page:
        first = page == request.start
        csv_args = request.args_with([("_next", page)] + ([] if first else [("_header", "off")]),
                                     leave_out=("_stream",))
        status, headers, body = await fetch(app, archive.with_query(scope, csv_args))
        if first:
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            await send({"type": "http.response.start", "status": status, "headers": headers})
        if status == 200:
            page, failure = await next_page(app, scope, request, json_path, page)
            body += failure
        else:
            page, body = None, body if first else body[:2000]
        if limit and (sent + len(body) > limit or body.endswith(cut)):
            body, page = cut, None  # the page that passes the cap: Datasette's message instead
        sent += len(body)
        await send({"type": "http.response.body", "body": body, "more_body": bool(page)})


async def next_page(app, scope, request, json_path, page):
    """(the ``_next`` of the page after ``page`` or None at the end, b""), read from the same
    page as JSON; (None, what went wrong) when that fails."""
    json_args = request.args_with(
        [("_next", page), ("_nocount", "1"), ("_nofacet", "1"), ("_col", request.sort)],
        leave_out=CSV_ONLY)
    status, _, data = await fetch(app, archive.with_query(scope, json_args, json_path))
    if status != 200:
        return None, data[:2000]
    return json.loads(data).get("next"), b""
