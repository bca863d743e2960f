"""The archive's pages, beside Datasette's own (registered by ``register_routes`` in the
plugin): the search page and its exports, robots.txt, and the routes of the reading view
(``reading``) and of archived pages and files (``replay``).

* ``/-/search?q=dan+van`` (``&mode=exact``, ``&sort=newest``, ``&page=2``): the articles the
  query finds in their text or in their attached documents, 20 a page, in the order of
  ``results`` (phrase matches first, then by relevance; document-only matches after them),
  with the number of matches, highlighted titles and extracts, and for a match in a document
  which document and an extract of it. A query it cannot answer (too long, too many terms, a
  NUL character, an unknown mode, sort or page, past the SQL time limit) gets a 400 page
  saying why.
* ``/-/search.csv``, ``/-/search.json`` (same arguments; ``&_bom=1`` for Excel): every
  article the search finds, every column, in the order the page shows them, streamed.

Highlighting reads whole texts: it runs in a worker thread, never on the event loop, and
every scraped string is escaped (only the matches become ``<mark>``).
"""

import asyncio
import sqlite3
from urllib.parse import urlencode

from datasette import Response
from datasette.database import QueryInterrupted

from thanhuy_archive import search
from thanhuy_archive.search import QueryError, parse
from thanhuy_archive.web import exports, layouts, reading, replay
from thanhuy_archive.web.archive import archive_database, article_path, json_list
from thanhuy_archive.web.functions import vn_time
from thanhuy_archive.web.results import SORTS, Search
from thanhuy_archive.web.safety import ROBOTS_TXT

PAGE_SIZE = 20
MAX_PAGE = 100_000  # 2,000,000 results: more than the archive will hold


async def robots_txt():
    return Response.text(ROBOTS_TXT)


def page_number(value):
    """The page a ``page=`` asks for; a :class:`QueryError` unless 1 to MAX_PAGE."""
    return reading.number_argument(value, default=1, last=MAX_PAGE, error=(
        f"page must be a whole number from 1 to {MAX_PAGE:,} / "
        f"page phải là số từ 1 đến {MAX_PAGE:,}"))


def sort_order(value):
    """The order a ``sort=`` asks for; a :class:`QueryError` if unknown."""
    if not value:
        return SORTS[0]
    if value not in SORTS:
        raise QueryError("sort must be newest or left out / sort chỉ có thể là newest")
    return value


def page_args(query, sort="relevance", **extra):
    """The query string of a page for this search: q, and mode and sort when not the
    default."""
    return {"q": query.text, **({"mode": "exact"} if query.exact else {}),
            **({"sort": sort} if sort != SORTS[0] else {}), **extra}


def read_search(request):
    """(query, sort) of a search page or export; a :class:`QueryError` if it cannot run."""
    return (parse(request.args.get("q") or "", reading.search_mode(request)),
            sort_order(request.args.get("sort")))


def present(query, rows, hits, datasette):
    """The results as the page shows them, title and extracts highlighted (escaped text, the
    matches in <mark>). Reads every result's text: run in a worker thread."""
    media = datasette.urls.path("-/media/")
    return [{
        "id": row["id"],
        "url": article_path(datasette, row["id"]) + "?" + urlencode(page_args(query)),
        "title_html": query.mark_html(row["title"] or "(no title)"),
        "published": vn_time(row["published_at"]),
        "published_at": row["published_at"] or "",
        "category": row["category"] or "",
        "authors": json_list(row["authors"]),
        "source": row["source"] or "",
        "removed": bool(row["removed_at"]),
        "phrase": bool(row["phrase"]),
        "via_documents": row["via"] == "documents",
        "snippet_html": query.snippet_html([row["body"], row["lead"]])
        if row["via"] == "text" else "",
        "documents": [{
            "name": replay.file_name(hit["url"], default=hit["url"]),
            "href": f"{media}{hit['media_id']}" if hit["media_id"] else None,
            "format": hit["format"], "pages": hit["pages"],
            "snippet_html": query.snippet_html([hit["text"]], words=24),
        } for hit in hits.get(row["id"], [])],
    } for row in rows]


async def search_page(datasette, request):
    db = archive_database(datasette)
    try:
        query, sort = read_search(request)
        page = page_number(request.args.get("page"))
        results = Search(db, query, sort)
        total, rows = await results.page((page - 1) * PAGE_SIZE, PAGE_SIZE) \
            if query.text else (None, [])
        hits = await results.document_hits([r["id"] for r in rows]) if rows else {}
    except (QueryError, QueryInterrupted, sqlite3.OperationalError) as e:
        return await search_error(datasette, request, e)
    shown = await asyncio.to_thread(present, query, rows, hits, datasette)
    pages = -(-total // PAGE_SIZE) if total else 0
    table = datasette.urls.table(db.name, "articles")
    export = datasette.urls.path("-/search")
    context = {
        "q": query.text,
        "exact": query.exact,
        "sort": sort,
        "total": total,
        "page": page,
        "pages": pages,
        "results": shown,
        "ranked": search.RANKED_CANDIDATES,
        "first_rank": (page - 1) * PAGE_SIZE + 1,
        "database": db.name,
        "prev_url": "?" + urlencode(page_args(query, sort, page=page - 1)) if page > 1 else None,
        "next_url": "?" + urlencode(page_args(query, sort, page=page + 1))
        if page < pages else None,
        "insensitive_url": "?" + urlencode(page_args(parse(query.text), sort)),
        "exact_url": "?" + urlencode(page_args(parse(query.text, "exact"), sort)),
        "relevance_url": "?" + urlencode(page_args(query)),
        "newest_url": "?" + urlencode(page_args(query, "newest")),
        "table_url": f"{table}?" + urlencode(
            {"_search": query.text, **({"_searchmode": "exact"} if query.exact else {})}),
        "csv_url": f"{export}.csv?" + urlencode(page_args(query, sort, _dl="1")),
        "excel_url": f"{export}.csv?" + urlencode(page_args(query, sort, _dl="1", _bom="1")),
        "json_url": f"{export}.json?" + urlencode(page_args(query, sort)),
    }
    return Response.html(await datasette.render_template("search.html", context,
                                                         request=request))


async def search_error(datasette, request, error):
    """The search page with what went wrong, status 400: a query too long, an odd page, mode
    or sort, a search past the SQL time limit."""
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


async def search_export(datasette, request, send):
    """``/-/search.csv`` and ``/-/search.json``: every article the search finds, in order."""
    db = archive_database(datasette)
    try:
        query, sort = read_search(request)
        ids = await Search(db, query, sort).ordered_ids() if query.text else []
    except (QueryError, QueryInterrupted, sqlite3.OperationalError) as e:
        return Response.text(str(e) if not isinstance(e, QueryInterrupted)
                             else "The search took too long", status=400)
    await exports.stream_articles(db, ids, request, send)


ROUTES = [
    (r"^/robots\.txt$", robots_txt),
    (r"^/-/search$", search_page),
    (r"^/-/search\.(?P<format>csv|json)$", search_export),
    (r"^/-/article/(?P<id>\d+)$", reading.article_page),
    (r"^/-/article/(?P<id>\d+)/changes$", reading.changes_page),
    (r"^/-/capture/(?P<id>\d+)$", replay.capture_page),
    (r"^/-/media/(?P<id>\d+)$", replay.media_page),
    (r"^/-/not-archived$", replay.not_archived_page),
    (r"^/-/templates(\.(?P<format>json))?$", layouts.templates_page),
]
