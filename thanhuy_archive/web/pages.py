"""The archive's pages, beside Datasette's own: the search page, an article as it reads, an
archived page, and robots.txt (registered by ``register_routes`` in the plugin).

* ``/-/search?q=dan+van`` (``&mode=exact``, ``&page=2``): ranked search with the number of
  matches, highlighted titles and extracts, 20 a page. A query it cannot answer (too long,
  too many terms, a NUL character, an unknown mode or page, past the SQL time limit) gets a
  400 page saying why.
* ``/-/article/ID`` (``?q=`` highlights a search): category, title, date in Vietnam time,
  byline, lead, paragraphs, captions, and links to the original, the capture and revisions.
* ``/-/capture/ID``: the archived page as fetched, in a sandbox where no script runs
  (``?raw=1``: its source as text).

Highlighting reads whole texts: it runs in a worker thread, never on the event loop, and
every scraped string is escaped (only the matches become ``<mark>``).
"""

import asyncio
import json
import re
import sqlite3
from urllib.parse import urlencode, urlsplit

from datasette import Response
from datasette.database import QueryInterrupted
from markupsafe import escape

from pipelines.storage import Archive
from thanhuy_archive import search
from thanhuy_archive.search import QueryError, parse
from thanhuy_archive.web.archive import archive_names
from thanhuy_archive.web.functions import vn_time
from thanhuy_archive.web.safety import CAPTURE_CSP, ROBOTS_TXT

PAGE_SIZE = 20
MAX_PAGE = 100_000  # 2,000,000 results: more than the archive will hold


def article_path(datasette, article_id):
    return datasette.urls.path(f"-/article/{article_id}")


def archive_database(datasette):
    """The archive the pages show: the first one Datasette serves."""
    return datasette.get_database(archive_names(datasette)[0])


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


def read_capture(path, capture_id):
    """(payload, content type) of a capture, None if there is none. The bytes are in its WARC
    record: ``pipelines.storage`` is their one reader (a revisit gives those it repeats)."""
    archive = Archive(path, readonly=True)
    try:
        row = archive.db.execute("select content_type from captures where id = ?",
                                 [capture_id]).fetchone()
        return None if row is None else (archive.raw_payload(capture_id)[0], row[0])
    finally:
        archive.close()


async def capture_page(datasette, request):
    capture_id = int(request.url_vars["id"])
    found = await asyncio.to_thread(read_capture, archive_database(datasette).path, capture_id)
    if found is None:
        return Response.text(f"No capture {capture_id} / Không có bản lưu {capture_id}\n",
                             status=404)
    payload, content_type = found
    match = re.search(r"charset=([\w.:-]+)", content_type or "", re.I)
    charset = match.group(1) if match else None
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


ROUTES = [
    (r"^/robots\.txt$", robots_txt),
    (r"^/-/search$", search_page),
    (r"^/-/article/(?P<id>\d+)$", article_page),
    (r"^/-/capture/(?P<id>\d+)$", capture_page),
]
