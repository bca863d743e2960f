"""Which databases served by Datasette are archives, and what Datasette is told about them.

A database is an archive when it has the tables and columns the archive's pages read
(:data:`ARCHIVE_SCHEMA`). Only archives get the archive's metadata, canned queries, SQL
functions, search and cells; any other database served by the same Datasette is shown as
Datasette shows it. The decision is taken once per database, the first time it is needed.

What Datasette is told comes from data files beside this module:

* ``metadata.yml``: the instance's title, description (with the search box), licence, source;
  and for each archive its description, the descriptions of every table and column (English
  and Vietnamese, from ``thanhuy_archive.records`` and ``descriptions.py``) and how the
  articles table is shown (newest first, facets, titles as labels);
* ``queries.yml``: the canned queries. ``search`` and ``search_exact`` name the ranked search
  (``ranked:``) instead of spelling it out: its SQL is ``thanhuy_archive.search.RANKED_SQL``,
  the one the search page runs.
"""

import copy
import json
import pickle
import re
import sqlite3
import weakref
from urllib.parse import parse_qsl, urlencode
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml
from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode

from thanhuy_archive.search import ranked_sql
from thanhuy_archive.web.descriptions import TABLES, bilingual

HERE = Path(__file__).parent

# table -> columns the archive's pages, canned queries and search read
ARCHIVE_SCHEMA = {
    "articles": {"id", "url", "title", "lead", "body", "published_at", "category", "source",
                 "authors", "flags", "images", "captions", "removed_at", "capture_id"},
    "articles_fts": set(),
    "articles_exact_fts": set(),
    "article_revisions": {"id", "article_id", "replaced_at", "reason", "changed_fields"},
    "captures": {"id", "body", "content_type", "revisit_of"},
}
# How the home page and the database page list an archive's tables: what a reader comes for
# first, then the crawl's bookkeeping (still a click away); anything else after them.
READING_TABLES = ("articles", "article_revisions", "media", "attachments", "article_media",
                  "article_attachments")
BOOKKEEPING_TABLES = ("crawl_runs", "crawl_log", "captures", "frontier", "url_aliases",
                      "_sqlite_migrations")
# A count on the home page stops after this long (a crawl_log of millions of rows): "many".
COUNT_TIME_LIMIT_MS = 20

_DECIDED = weakref.WeakKeyDictionary()  # datasette.database.Database -> bool


def has_archive_schema(conn):
    """Whether the database open on ``conn`` (sqlite3) is an archive."""
    try:
        tables = {r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table'")}
        if not set(ARCHIVE_SCHEMA) <= tables:
            return False
        return all(columns <= {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
                   for table, columns in ARCHIVE_SCHEMA.items())
    except sqlite3.DatabaseError:
        return False


def is_archive(datasette, database):
    """Whether the database Datasette serves under the name ``database`` is an archive."""
    db = datasette.databases.get(database)
    if db is None or db.is_memory:
        return False
    if db not in _DECIDED:
        conn = db.connect()
        try:
            _DECIDED[db] = has_archive_schema(conn)
        finally:
            conn.close()
    return _DECIDED[db]


def archive_names(datasette):
    """The names of the archives Datasette serves, in its order."""
    return [name for name in datasette.databases if is_archive(datasette, name)]


def archive_database(datasette):
    """The archive the archive's pages (/-/search, /-/article/ID...) show: the first one
    Datasette serves."""
    return datasette.get_database(archive_names(datasette)[0])


def article_path(datasette, article_id):
    """The path of an article's reading view."""
    return datasette.urls.path(f"-/article/{article_id}")


def in_archive_order(tables):
    """Datasette's list of an archive's tables (dicts with a "name"), reading tables first,
    then the bookkeeping, then the others, each group in its own order."""
    order = {name: i for i, name in enumerate(READING_TABLES + BOOKKEEPING_TABLES)}
    return sorted(tables, key=lambda t: order.get(t["name"], len(order)))


async def table_listing(db):
    """{"reading": [...], "bookkeeping": [...]} of an archive's tables and views that exist,
    each a dict of name and count (None when counting took too long)."""
    present = set(await db.table_names()) | set(await db.view_names())
    listing = {}
    for group, names in (("reading", READING_TABLES), ("bookkeeping", BOOKKEEPING_TABLES)):
        listing[group] = []
        for name in (n for n in names if n in present):
            try:
                count = (await db.execute(f"select count(*) from [{name}]",
                                          custom_time_limit=COUNT_TIME_LIMIT_MS)).rows[0][0]
            except QueryInterrupted:
                count = None
            listing[group].append({"name": name, "count": count})
    return listing


def json_list(value):
    """A stored JSON list (authors, images, captions, flags...) as a list of strings; a value
    that is not one is a list of itself."""
    try:
        items = json.loads(value) if value else []
    except (TypeError, ValueError):
        return [str(value)]
    return [str(i) for i in items if i] if isinstance(items, list) else [str(items)]


class Location(NamedTuple):
    """What a request path names, as Datasette's routes read it."""

    database: str
    table: str | None  # a table, view or canned query; None for the database itself
    format: str | None  # "json", "csv"...; None for HTML


def query_args(scope):
    """The (name, value) pairs of an ASGI request's query string, blanks kept."""
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def with_query(scope, args, path=None):
    """The ASGI scope of the same request with the query ``args`` (and ``path``) instead."""
    scope = dict(scope, query_string=urlencode(args).encode("latin-1"))
    if path is not None:
        scope.update(path=path, raw_path=path.encode("latin-1"))
    return scope


_PATH = re.compile(r"^/(?P<database>[^/.]+)(?:/(?P<table>[^/.]+))?(?:\.(?P<format>\w+))?$")


def locate(datasette, path):
    """The :class:`Location` of a request path under an archive; None for any other path."""
    base = datasette.setting("base_url")
    if base != "/" and path.startswith(base):
        path = "/" + path[len(base):]
    match = _PATH.match(path)
    if not match:
        return None
    try:
        db = datasette.get_database(route=tilde_decode(match["database"]))
    except KeyError:
        return None
    if not is_archive(datasette, db.name):
        return None
    table = match["table"]
    return Location(db.name, tilde_decode(table) if table else None, match["format"])


def _load(name):
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


METADATA = _load("metadata.yml")
QUERIES = _load("queries.yml")


def _tables():
    tables = copy.deepcopy(METADATA["tables"])
    for name, (en, vi, columns) in TABLES.items():
        tables.setdefault(name, {}).update(
            description=bilingual(en, vi),
            columns={column: bilingual(*texts) for column, texts in columns.items()})
    return tables


TABLES_METADATA = _tables()


@lru_cache(maxsize=8)
def _metadata_of(names):
    if not names:
        return pickle.dumps({})
    instance = {k: v for k, v in METADATA.items() if k not in ("database", "tables")}
    return pickle.dumps({**instance, "databases": {
        name: {**METADATA["database"], "tables": TABLES_METADATA} for name in names}})


def metadata(datasette):
    """Datasette metadata for the archives it serves (nothing when it serves none): a fresh
    copy each time, as Datasette merges into what it is given. Datasette asks for it 20-40
    times a table page: unpickling is the fastest deep copy (40 µs, deepcopy 130 µs)."""
    return pickle.loads(_metadata_of(tuple(archive_names(datasette))))


def _canned_queries():
    queries = {}
    for name, query in QUERIES.items():
        query = dict(query)
        ranked = query.pop("ranked", None)
        if ranked:
            query["sql"] = ranked_sql(ranked["mode"], ranked["columns"],
                                      limit=ranked["limit"], offset=0)
        queries[name] = query
    return queries


CANNED_QUERIES = _canned_queries()


def canned_queries():
    """The archive's canned queries (a copy: Datasette adds to them)."""
    return copy.deepcopy(CANNED_QUERIES)
