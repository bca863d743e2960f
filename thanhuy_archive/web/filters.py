"""``?_search=`` on an archive's articles table: the archive's query language, three modes,
and SQL that stays fast on a large archive.

Parameters (everything else is Datasette's):

``_search=``          the query (see ``thanhuy_archive.search``): words, "phrases", prefix*,
                      OR, -exclusions; accent-insensitive
``_searchmode=exact`` accent-exact, through ``articles_exact_fts`` (tone placement normalised)
``_searchmode=raw``   the text goes to FTS5 as it is (NEAR(), column filters...), as in Datasette
``_search_title=``    (``_search_lead=``, ``_search_body=``) search one column only

Written ``+rowid in (select rowid from articles_fts ...)``: on 200,000 articles a common word
matches nearly every row, and ``rowid in (...)`` (Datasette's form) makes SQLite look each match
up by rowid: the count, each facet and a newest-first page read the whole table (0.15-0.25 s
each). With ``+rowid`` SQLite walks the small index that serves the query (published_at for the
order, category for its facet...) and tests membership: 20-60 ms, and no worse for a rare word.
A phrase or a prefix is evaluated once per page (``search_matches``).

Beside Datasette's own search filter, which stays registered and searches every other table
that has a full-text index (``detect_fts``), quoting each word (``OR`` would be a word to find).
On an archive its ``escape_fts`` speaks the archive's language instead (:func:`speak_archive`,
given to every connection to an archive): every search box of an archive understands the same
queries. For ``articles``, this filter runs after Datasette's (``trylast``: its search box and
text are the page's), and:

* on an archive whose ``articles_fts`` Datasette does not detect (declared ``content='articles'``
  in single quotes, as ``articles_exact_fts`` is), Datasette's filter adds nothing;
* on an archive whose ``articles_fts`` Datasette detects (declared ``content="articles"``, as
  sqlite-utils writes it), Datasette's filter adds ``rowid in (... match escape_fts(:search))``:
  the archive's query, accent-insensitive, the same rows as this filter's or more (exact mode),
  so the two agree; it costs a second, slower evaluation. An empty ``_search=`` (the table's
  filter form sends one) is dropped before Datasette sees it (:func:`without_empty_searches`):
  Datasette would search for nothing.

A search without any word (``***``) finds nothing, on the table as on the search page.

**The count of a search comes from the index** (:func:`counted_by_the_index`). Datasette counts
a filtered table with ``select count(*) from articles where ...``: SQLite tests each of the
table's rows against the matches, 55-90 ms on 200,000 articles for a common word, the largest
part of the page. Every row of the search index is an article (its triggers keep it so), so
when the search is the only filter the index's own count is the answer: 5-10 ms (a phrase or
a prefix: its matches, evaluated once for the page, ``search_matches``). The HTML page of such
a request is asked for with ``_nocount=fts`` (Datasette then counts nothing) and the template
gets the index's count instead. The marker is the archive's: it is dropped again when the
request filters more (a facet clicked) and from JSON and CSV (where Datasette counts as usual);
a ``_nocount`` of one's own is left alone.
"""

import asyncio

from datasette.filters import FilterArguments
from datasette.utils.asgi import BadRequest

from pipelines.storage import SEARCH_COLUMNS
from thanhuy_archive.search import EXPRESSIONS, QueryError, count_sql, parse
from thanhuy_archive.web import archive
from thanhuy_archive.web.functions import MATCHES

SEARCH_TABLE = "articles"
SEARCH_MODES = {"": "folded", "escaped": "folded", "exact": "exact", "raw": "raw"}


def speak_archive(conn):
    """Give Datasette's ``escape_fts`` on this connection (to an archive) the archive's query
    language, accent-insensitive."""
    conn.create_function("escape_fts", 1, lambda q: parse(q).match, deterministic=True)


def without_empty_searches(app, datasette):
    """app, an empty ``_search`` (or ``_search_COLUMN``) on an archive's articles table left
    out of the request."""

    async def searched_app(scope, receive, send):
        location = archive.locate(datasette, scope["path"]) if scope["type"] == "http" else None
        if location and location.table == SEARCH_TABLE:
            args = archive.query_args(scope)
            kept = [(k, v) for k, v in args if v.strip() or not k.startswith("_search")
                    or k == "_searchmode"]
            if len(kept) < len(args):
                scope = archive.with_query(scope, kept)
        return await app(scope, receive, send)

    return searched_app


def fts_clause(fts_table, match, column=None):
    target = f"[{column}]" if column else f"[{fts_table}]"
    return f"+rowid in (select rowid from [{fts_table}] where {target} match {match})"


def search_filters(request, database, datasette):
    """The ``filters_from_request`` of an archive's articles table (an async callable)."""

    async def inner():
        mode = SEARCH_MODES.get(request.args.get("_searchmode") or "")
        if mode is None:
            raise BadRequest("_searchmode must be exact or raw (or left out)")
        db = datasette.get_database(database)
        # Datasette's filter describes the search itself when it runs one (see above).
        described_by_datasette = await db.fts_table(SEARCH_TABLE) is not None
        where, params, described = [], {}, []
        searches = [(key, request.args[key]) for key in request.args
                    if key.startswith("_search") and key != "_searchmode"]
        search_text = ""
        for i, (key, text) in enumerate(searches):
            try:
                query = parse(text, mode)
            except QueryError as e:
                raise BadRequest(str(e))
            if not query.text:
                continue
            column = None
            if key != "_search":
                column = key.split("_search_", 1)[-1]
                # Both indexes hold these columns; the index table's own hidden columns
                # (its name, rank) are not columns to search by.
                if column not in SEARCH_COLUMNS:
                    raise BadRequest("Cannot search by that column")
            name = f"search_{i}" if column else "search"
            match = EXPRESSIONS[mode].format(param=name)
            if query.fts5 is None:
                where.append("0")  # a search without any word finds nothing
            elif query.costly and not column:
                where.append(f"+rowid in (select value from json_each("
                             f"search_matches('{query.fts_table}', {match})))")
            else:
                where.append(fts_clause(query.fts_table, match, column))
            params[name] = text
            search_text = text
            if not described_by_datasette or query.exact:
                how = " (accent-exact / đúng dấu)" if query.exact else ""
                described.append(f'search{" column " + repr(column) if column else ""} '
                                 f'matches "{text}"{how}')
        return FilterArguments(
            where, params, described,
            extra_context={"supports_search": True, "search": search_text},
        )

    return inner


# -- the count of a search, from the index ----------------------------------------------------

INDEX_COUNT = "fts"  # the _nocount of a page whose count the search index gives


def narrows(name):
    """Whether a table argument filters rows beyond the search (a column filter, _where...)."""
    return not name.startswith("_") or name in ("_where", "_through") \
        or name.startswith(("_filter_", "_search_", "_fts_"))


def search_only(args):
    """(text, mode) of a table request whose one filter is the archive's ``_search``; None
    for any other. ``args``: the (name, value) pairs of its query string."""
    given = dict(args)
    mode = SEARCH_MODES.get(given.get("_searchmode") or "")
    if not (given.get("_search") or "").strip() or mode is None \
            or any(narrows(name) for name, _ in args):
        return None
    return given["_search"], mode


def counted_by_the_index(app, datasette):
    """app, an archive's articles table page (HTML) whose only filter is a search asked for
    with ``_nocount=fts``, and the marker dropped anywhere else (see the module's doc)."""

    async def counting_app(scope, receive, send):
        location = archive.locate(datasette, scope["path"]) if scope["type"] == "http" else None
        if location and location.table == SEARCH_TABLE:
            args = archive.query_args(scope)
            own = [(k, v) for k, v in args if not (k == "_nocount" and v == INDEX_COUNT)]
            counts_itself = any(k == "_nocount" for k, _ in own)
            if location.format is None and search_only(own) and not counts_itself:
                own.append(("_nocount", INDEX_COUNT))
            if own != args:
                scope = archive.with_query(scope, own)
        return await app(scope, receive, send)

    return counting_app


async def index_count(datasette, database, request):
    """The number of articles a search-only table request matches, from its index; None
    when the request is not one (Datasette counts it, or was told not to)."""
    args = [(k, v) for k in request.args for v in request.args.getlist(k)]
    if request.args.get("_nocount") != INDEX_COUNT:
        return None
    searched = search_only([(k, v) for k, v in args if k != "_nocount"])
    if searched is None:
        return None
    query = parse(*searched)
    if query.fts5 is None:
        return 0
    db = datasette.get_database(database)
    if query.costly:  # evaluated once for the page's rows too: read from the same cache
        return await asyncio.to_thread(MATCHES.count, db, query.fts_table, query.fts5,
                                       datasette.setting("sql_time_limit_ms"))
    return (await db.execute(count_sql(query.mode), {"q": query.text})).rows[0][0]
