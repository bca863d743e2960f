"""``?_search=`` on the articles table: the archive's query language, two modes, and SQL that
stays fast on a large archive.

Datasette's own search filter writes ``rowid in (select rowid from articles_fts where ... match
escape_fts(:search))``. On 200,000 articles a common word matches nearly every row, and SQLite
then looks each match up by rowid: the count, each facet and a newest-first page read the
whole table (0.15-0.25 s each). Written ``+rowid in (...)`` instead, SQLite walks the small
index that serves the query (published_at for the order, category for its facet...) and tests
membership: 20-60 ms, and no worse for a rare word.

Parameters (everything else is Datasette's):

``_search=``          the query (see ``thanhuy_archive.search``): words, "phrases", prefix*,
                      OR, -exclusions; accent-insensitive
``_searchmode=exact`` accent-exact, through ``articles_exact_fts`` (tone placement normalised)
``_searchmode=raw``   the text goes to FTS5 as it is (NEAR(), column filters...), as in Datasette
``_search_title=``    (``_search_lead=``, ``_search_body=``) search one column only

Other tables keep Datasette's own search filter.
"""

import datasette.filters as builtin
from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.filters import through_filters, where_filters  # noqa: F401  (re-registered here)
from datasette.utils.asgi import BadRequest

from thanhuy_archive.search import EXPRESSIONS, QueryError, parse

SEARCH_TABLE = "articles"
SEARCH_MODES = {"": "folded", "escaped": "folded", "exact": "exact", "raw": "raw"}
EXACT_COLUMNS = ("title", "lead", "body")


def fts_clause(fts_table, match, column=None):
    target = f"[{column}]" if column else f"[{fts_table}]"
    return f"+rowid in (select rowid from [{fts_table}] where {target} match {match})"


@hookimpl(specname="filters_from_request")
def search_filters(request, database, table, datasette):
    if table != SEARCH_TABLE:
        return builtin.search_filters(request, database, table, datasette)

    async def inner():
        mode = SEARCH_MODES.get(request.args.get("_searchmode") or "")
        if mode is None:
            raise BadRequest("_searchmode must be exact or raw (or left out)")
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
                allowed = EXACT_COLUMNS if mode == "exact" else (
                    await datasette.get_database(database).table_columns(query.fts_table))
                if column not in allowed:
                    raise BadRequest("Cannot search by that column")
            name = f"search_{i}" if column else "search"
            match = EXPRESSIONS[mode].format(param=name)
            if query.costly and not column:
                where.append(f"+rowid in (select value from json_each("
                             f"search_matches('{query.fts_table}', {match})))")
            else:
                where.append(fts_clause(query.fts_table, match, column))
            params[name] = text
            search_text = text
            how = " (accent-exact / đúng dấu)" if query.exact else ""
            described.append(f'search{" column " + repr(column) if column else ""} matches '
                             f'"{text}"{how}')
        return FilterArguments(
            where, params, described,
            extra_context={"supports_search": True, "search": search_text},
        )

    return inner
