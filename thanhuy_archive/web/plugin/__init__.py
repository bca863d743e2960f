"""The archive's Datasette plugin: SQL functions, safety, pages and download options.

Registered by ``make_datasette`` (``pm.register``). Hooks:

* ``prepare_connection``: every connection is ``PRAGMA query_only`` (nothing can be written
  through Datasette, whatever the SQL) and gets the SQL functions ``fold(text)``,
  ``canonical_tones(text)``, ``fts_query(q)``, ``fts_query_exact(q)``, ``vi_snippet(q, exact,
  text, ...)``, ``vn_time(iso)``, ``bar(value, max)`` and ``search_matches(fts_table, query)``.
* ``render_cell``: article titles link to the reading view; search snippets show their matches
  in ``<mark>`` (the text itself escaped); the per-month chart's bars.
* ``register_routes``: ``/robots.txt``, ``/-/search`` (ranked search page), ``/-/article/ID``
  (the article as it reads), ``/-/capture/ID`` (the archived page, scripts disabled).
* ``asgi_wrapper``: ``X-Robots-Tag: noindex`` and security headers on every response; CSV
  options ``_bom=1`` (UTF-8 with BOM, for Excel) and ``_size=max`` by default when streaming.
* ``table_actions``: links to every download format for the current filter/search.
* ``register_facet_classes``: year, month and list facets (``thanhuy_archive.web.facets``).
"""

import asyncio
import json
import os
import re
import sqlite3
import threading
import zlib
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from datasette import Response, hookimpl
from datasette.database import QueryInterrupted
from markupsafe import Markup, escape

from crawler.site import VIETNAM_TZ
from crawler.text import canonical_tones, fold
from thanhuy_archive import search
from thanhuy_archive.search import QueryError, marks_to_html, parse
from thanhuy_archive.web import facets as archive_facets

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
PAGE_SIZE = 20
MAX_PAGE = 100_000  # 2,000,000 results: more than the archive will hold

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
# Datasette's own pages need inline scripts and styles; nothing may load from elsewhere.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# An archived page is shown as published but in a sandbox: no script runs, nothing is fetched.
CAPTURE_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               "font-src data:")


# -- SQL functions ------------------------------------------------------------------------------


def parse_time(value):
    """A stored ISO time or day, as (datetime in Vietnam time or date, has_time); None if
    unreadable."""
    if not value:
        return None
    text = str(value).strip().replace("Z", "+00:00")
    try:
        if len(text) == 10:
            return datetime.strptime(text, "%Y-%m-%d").date(), False
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TZ)  # a Vietnamese site's bare time is Vietnam time
    return moment.astimezone(VIETNAM_TZ), True


def vn_time(value):
    """``2018-08-07T08:30:00+00:00`` -> ``Thứ Ba, 07/08/2018 15:30 (GMT+7)``; a bare day
    -> ``Thứ Ba, 07/08/2018``; anything unreadable is returned as it is."""
    parsed = parse_time(value)
    if parsed is None:
        return value or ""
    moment, has_time = parsed
    day = f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y}"
    return f"{day} {moment:%H:%M} (GMT+7)" if has_time else day


def bar(value, maximum):
    try:
        return round(100.0 * float(value) / float(maximum), 1) if maximum else 0.0
    except (TypeError, ValueError):
        return 0.0


class MatchCache:
    """The rowids an FTS5 query matches, as a JSON array, computed once for all the queries
    of a page.

    A table page runs its search in the rows, the count and the facet queries: for a phrase
    or a prefix, FTS5's evaluation (position lists of every occurrence) is the expensive part
    (~110 ms for a four-word phrase of common words on 200,000 articles), so it is done once
    and each query reads ``json_each(search_matches(...))``. Keyed by the database file's and
    its WAL's size and time, so a crawl writing meanwhile is seen at once."""

    def __init__(self, size=16):
        self.size = size
        self.entries = {}
        self.lock = threading.Lock()
        self.local = threading.local()

    def _connection(self, path):
        conns = getattr(self.local, "conns", None)
        if conns is None:
            conns = self.local.conns = {}
        if path not in conns:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only = 1")
            conns[path] = conn
        return conns[path]

    @staticmethod
    def _version(path):
        stamps = []
        for name in (path, f"{path}-wal"):
            try:
                st = os.stat(name)
                stamps.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamps.append(None)
        return tuple(stamps)

    def matches(self, path, fts_table, expression):
        if fts_table not in ("articles_fts", "articles_exact_fts"):
            raise ValueError(f"not a search index: {fts_table}")
        key = (path, fts_table, expression, self._version(path))
        with self.lock:
            if key in self.entries:
                return self.entries[key]
        rowids = [r[0] for r in self._connection(path).execute(
            f"select rowid from [{fts_table}] where [{fts_table}] match ?", [expression])]
        value = json.dumps(rowids)
        with self.lock:
            if len(self.entries) >= self.size:
                self.entries.pop(next(iter(self.entries)))
            self.entries[key] = value
        return value


MATCHES = MatchCache()


@hookimpl
def prepare_connection(conn, database, datasette):
    if database == "_internal":  # Datasette's own in-memory catalogue must stay writable
        return
    conn.execute("PRAGMA query_only = 1")
    path = getattr(datasette.databases.get(database), "path", None)
    if path:
        conn.create_function(
            "search_matches", 2,
            lambda fts_table, expression: MATCHES.matches(path, fts_table, expression))
    for name, n, fn in (
        ("fold", 1, fold), ("canonical_tones", 1, canonical_tones),
        ("vn_time", 1, vn_time), ("bar", 2, bar), *search.SQL_FUNCTIONS,
    ):
        conn.create_function(name, n, fn, deterministic=True)


# -- cells --------------------------------------------------------------------------------------


def article_path(datasette, article_id):
    return datasette.urls.path(f"-/article/{article_id}")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    keys = row.keys() if hasattr(row, "keys") else []
    if column == "title" and value and "id" in keys and (table == "articles" or table is None):
        # In the articles table and in the canned queries, a title opens the reading view.
        return Markup(f'<a href="{article_path(datasette, row["id"])}">{escape(value)}</a>')
    if column == "snippet" and isinstance(value, str) and table is None:
        # vi_snippet's extract: its ⟦ ⟧ are the matches (those of the text became [ ]).
        return marks_to_html(value)
    if table is None and database and isinstance(value, str) and value:
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
            '<svg width="300" height="14" role="img" aria-label="{0}%">'
            '<rect width="{1}" height="14" fill="#3b6ea5"></rect></svg>'.format(
                width, round(width * 3, 1)))
    return None


# -- routes -------------------------------------------------------------------------------------


def archive_database(datasette):
    """The database holding the articles (the archive served)."""
    for name, db in datasette.databases.items():
        if name != "_internal" and not db.is_memory:
            return db
    raise LookupError("no archive database")


def safe_url(url):
    """An http(s) URL to link to, or None (never a javascript: or data: link)."""
    if url and urlsplit(str(url)).scheme in ("http", "https"):
        return str(url)
    return None


def json_list(value):
    try:
        items = json.loads(value) if value else []
    except (TypeError, ValueError):
        return [str(value)]
    return [str(i) for i in items if i] if isinstance(items, list) else [str(items)]


async def robots_txt():
    return Response.text(ROBOTS_TXT)


def page_mode(request):
    """The search mode a page's ``mode=`` asks for; a :class:`QueryError` if unknown."""
    mode = request.args.get("mode") or "folded"
    if mode not in ("folded", "exact"):
        raise QueryError("mode must be exact or left out / mode chỉ có thể là exact")
    return mode


def page_args(query, **extra):
    """The query string of a page for this query: q, and mode when not the default."""
    return {"q": query.text, **({"mode": "exact"} if query.exact else {}), **extra}


def highlight(query, texts, paragraphs):
    """texts and paragraphs as HTML, the query's matches in <mark> (everything escaped)."""
    mark = query.mark_html if query.terms else escape
    return [*(mark(t) if t else "" for t in texts), [mark(p) for p in paragraphs]]


async def article_page(datasette, request):
    db = archive_database(datasette)
    article_id = request.url_vars["id"]
    rows = (await db.execute("select * from articles where id = ?", [article_id])).rows
    if not rows:
        return Response.html(await datasette.render_template(
            "error.html", {"error": f"No article {article_id} in the archive / "
                                    f"Không có bài viết {article_id}", "status": 404,
                           "title": "Not found"}, request=request), status=404)
    article = dict(rows[0])
    revisions = (await db.execute(
        "select id, replaced_at, reason, changed_fields from article_revisions "
        "where article_id = ? order by id desc", [article_id])).rows
    try:
        query = parse(request.args.get("q") or "", page_mode(request))
    except QueryError:
        query = parse("")  # a link with an odd query still opens the article, unmarked
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", article.get("body") or "") if p.strip()]
    title = article.get("title") or "(no title / không có tiêu đề)"
    # Highlighting reads the whole text: in a worker thread, never on the event loop.
    title_html, lead_html, paragraphs_html = await asyncio.to_thread(
        highlight, query, [title, article.get("lead") or ""], paragraphs)
    images = json_list(article.get("images"))
    captions = json_list(article.get("captions"))
    figures = [{"url": safe_url(images[i]) if i < len(images) else None,
                "caption": captions[i] if i < len(captions) else ""}
               for i in range(max(len(images), len(captions)))]
    context = {
        "article": article,
        "title_html": title_html,
        "lead_html": lead_html,
        "paragraphs_html": paragraphs_html,
        "published": vn_time(article.get("published_at")),
        "authors": json_list(article.get("authors")),
        "flags": json_list(article.get("flags")),
        "figures": figures,
        "original_url": safe_url(article.get("url")),
        "removed": vn_time(article.get("removed_at")) if article.get("removed_at") else "",
        "revisions": [dict(r) for r in revisions],
        "database": db.name,
        "capture_url": datasette.urls.path(f"-/capture/{article['capture_id']}")
        if article.get("capture_id") else None,
        "row_url": datasette.urls.row(db.name, "articles", article_id),
        "revisions_url": datasette.urls.table(db.name, "article_revisions")
        + f"?article_id={article_id}",
        "search_url": datasette.urls.path("-/search") + (
            "?" + urlencode(page_args(query)) if query.text else ""),
    }
    return Response.html(await datasette.render_template("article.html", context,
                                                         request=request))


async def capture_page(datasette, request):
    db = archive_database(datasette)
    capture_id = request.url_vars["id"]
    body, content_type = None, None
    for _ in range(5):  # a revisit record points to the capture that has the payload
        rows = (await db.execute(
            "select id, body, headers, content_type, revisit_of from captures where id = ?",
            [capture_id])).rows
        if not rows:
            return Response.text(f"No capture {capture_id} / Không có bản lưu {capture_id}\n",
                                 status=404)
        row = rows[0]
        content_type = content_type or row["content_type"]
        if row["body"] is not None or not row["revisit_of"]:
            body = row["body"]
            break
        capture_id = row["revisit_of"]
    try:
        payload = zlib.decompress(body) if body else b""
    except zlib.error:
        payload = body or b""
    charset = None
    match = re.search(r"charset=([\w.:-]+)", content_type or "", re.I)
    if match:
        charset = match.group(1)
    raw = request.args.get("raw")
    mime = "text/plain" if raw else "text/html"
    if content_type and not raw and not content_type.lower().startswith(("text/html",
                                                                         "application/xhtml")):
        mime = "text/plain"
    return Response(
        payload, status=200,
        headers={"Content-Security-Policy": CAPTURE_CSP, "X-Content-Type-Options": "nosniff",
                 "Referrer-Policy": "no-referrer"},
        content_type=f"{mime}; charset={charset}" if charset else mime,
    )


PAGE_COLUMNS = ("a.id, a.title, a.published_at, a.category, a.authors, a.source, a.removed_at, "
                "a.lead, a.body")


def page_number(value):
    """The page a ``page=`` asks for; a :class:`QueryError` unless 1 to MAX_PAGE."""
    if not value:
        return 1
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGE):
        raise QueryError(f"page must be a whole number from 1 to {MAX_PAGE:,} / "
                         f"page phải là số từ 1 đến {MAX_PAGE:,}")
    return int(value)


def present(query, rows, datasette):
    """The results as the page shows them, title and extract highlighted (escaped text, the
    matches in <mark>). Reads every result's text: run in a worker thread."""
    return [{
        "id": row["id"],
        "url": article_path(datasette, row["id"]) + "?" + urlencode(page_args(query)),
        "title_html": query.mark_html(row["title"] or "(no title)"),
        "published": vn_time(row["published_at"]),
        "category": row["category"] or "",
        "authors": json_list(row["authors"]),
        "source": row["source"] or "",
        "removed": bool(row["removed_at"]),
        "snippet_html": query.snippet_html([row["body"], row["lead"]]),
    } for row in rows]


async def ranked_page(db, query, page):
    """(total matches, rows of the page) of the ranked search."""
    offset = (page - 1) * PAGE_SIZE
    rows = (await db.execute(search.ranked_sql(query.mode, PAGE_COLUMNS),
                             {"q": query.text, "limit": PAGE_SIZE, "offset": offset})).rows
    if rows or page == 1:
        return (rows[0]["matches"] if rows else 0), rows
    # Past the last page: the count alone.
    first = await db.execute(search.ranked_sql(query.mode, "a.id", limit=1, offset=0),
                             {"q": query.text})
    return (first.rows[0]["matches"] if first.rows else 0), []


async def search_page(datasette, request):
    db = archive_database(datasette)
    try:
        query = parse(request.args.get("q") or "", page_mode(request))
        page = page_number(request.args.get("page"))
        total, rows = await ranked_page(db, query, page) if query.text else (None, [])
    except (QueryError, QueryInterrupted, sqlite3.OperationalError) as e:
        return await search_error(datasette, request, e)
    results = await asyncio.to_thread(present, query, rows, datasette)
    table = datasette.urls.table(db.name, "articles")
    search_args = {"_search": query.text, **({"_searchmode": "exact"} if query.exact else {})}
    csv_args = {**search_args, "_stream": "on", "_size": "max", "_dl": "1"}
    pages = -(-total // PAGE_SIZE) if total else 0
    context = {
        "q": query.text,
        "exact": query.exact,
        "total": total,
        "page": page,
        "pages": pages,
        "results": results,
        "first_rank": (page - 1) * PAGE_SIZE + 1,
        "database": db.name,
        "prev_url": "?" + urlencode(page_args(query, page=page - 1)) if page > 1 else None,
        "next_url": "?" + urlencode(page_args(query, page=page + 1)) if page < pages else None,
        "insensitive_url": "?" + urlencode({"q": query.text}),
        "exact_url": "?" + urlencode({"q": query.text, "mode": "exact"}),
        "table_url": f"{table}?" + urlencode(search_args),
        "csv_url": f"{table}.csv?" + urlencode(csv_args),
        "excel_url": f"{table}.csv?" + urlencode({**csv_args, "_bom": "1"}),
        "json_url": datasette.urls.table(db.name, "search_exact" if query.exact else "search",
                                         format="json") + "?" + urlencode(
            {"q": query.text, "_shape": "array"}),
    }
    return Response.html(await datasette.render_template("search.html", context,
                                                         request=request))


async def search_error(datasette, request, error):
    """The search page with what went wrong, status 400: a query too long, an odd page or
    mode, a search past the SQL time limit."""
    if isinstance(error, QueryInterrupted):
        message = ("The search took too long: try rarer words, a phrase in quotes, or exact "
                   "diacritics / Tìm kiếm quá lâu: hãy dùng từ hiếm hơn hoặc cụm từ")
    else:
        message = str(error)
    context = {"q": (request.args.get("q") or "")[:search.MAX_CHARS].replace("\x00", ""),
               "error": message, "exact": request.args.get("mode") == "exact",
               "database": archive_database(datasette).name}
    return Response.html(await datasette.render_template("search.html", context,
                                                         request=request), status=400)


@hookimpl
def register_routes():
    return [
        (r"^/robots\.txt$", robots_txt),
        (r"^/-/search$", search_page),
        (r"^/-/article/(?P<id>\d+)$", article_page),
        (r"^/-/capture/(?P<id>\d+)$", capture_page),
    ]


# -- headers, CSV options -----------------------------------------------------------------------


def _csv_request(scope):
    return scope.get("type") == "http" and scope.get("path", "").endswith(".csv")


def _with_csv_defaults(scope):
    """A streamed CSV reads pages of max_returned_rows (``_size=max``) unless told otherwise:
    about three times faster than Datasette's default of 50-row pages."""
    pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    keys = {k for k, _ in pairs}
    if "_stream" in keys and "_size" not in keys:
        pairs.append(("_size", "max"))
        scope = dict(scope, query_string=urlencode(pairs).encode("latin-1"))
    return scope, dict(pairs)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def archive_app(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            args = {}
            if _csv_request(scope):
                scope, args = _with_csv_defaults(scope)
            bom = args.get("_bom") not in (None, "", "0", "off")
            state = {"bom_pending": bom}

            async def archive_send(event):
                if event["type"] == "http.response.start":
                    headers = [(k, v) for k, v in event.get("headers", [])
                               if not (bom and k.lower() in (b"content-type", b"content-length"))]
                    names = {k.lower() for k, _ in headers}
                    if bom:
                        headers.append((b"content-type", b"text/csv; charset=utf-8"))
                    extra = {
                        b"x-robots-tag": b"noindex, nofollow, noarchive",
                        b"x-content-type-options": b"nosniff",
                        b"referrer-policy": b"no-referrer",
                        b"content-security-policy": CSP.encode(),
                    }
                    headers.extend((k, v) for k, v in extra.items() if k not in names)
                    event = dict(event, headers=headers)
                elif event["type"] == "http.response.body" and state["bom_pending"]:
                    state["bom_pending"] = False
                    event = dict(event, body=b"\xef\xbb\xbf" + event.get("body", b""))
                await send(event)

            return await app(scope, receive, archive_send)

        return archive_app

    return wrap


@hookimpl
def table_actions(datasette, actor, database, table, request):
    if request is None:
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
    return archive_facets.FACET_CLASSES
