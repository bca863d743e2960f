"""The SQL functions every connection to an archive gets, and the bounds that keep any SQL
(canned or typed by anyone) from using them to hold the server.

=================================  ============================================================
``fold(text)``                     accent-free, case-free key (``Đảng`` -> ``dang``)
``canonical_tones(text)``          one tone-mark placement per syllable (``hoà`` -> ``hòa``)
``fts_query(q)``                   the MATCH expression of a search (``thanhuy_archive.search``)
``fts_query_exact(q)``             the same for ``articles_exact_fts``
``fts_phrase(q)``                  the query's words as one phrase (its ranking puts those first)
``fts_phrase_exact(q)``            the same for ``articles_exact_fts``
``vi_snippet(q, exact, text...)``  an extract of the first text with a match, matches in ⟦ ⟧
``vn_time(iso)``                   ``Thứ Ba, 07/08/2018 15:30 (GMT+7)``
``bar(value, max)``                value as a share of max, 0-100 (the inline bar charts)
``search_matches(index, expr)``    the rowids an FTS5 expression matches, as a JSON array
=================================  ============================================================

Bounds. Datasette stops SQL that runs past ``sql_time_limit_ms``, but only between SQLite's
steps: a Python function runs to its end. So every function refuses text longer than
``search.MAX_TEXT_CHARS`` (an error answer, at once) and any blob; a search is at most
``search.MAX_CHARS`` characters. And no value may exceed :data:`SQL_VALUE_LIMIT` bytes
(``SQLITE_LIMIT_LENGTH``): ``zeroblob(1000000000)`` fails before a gigabyte is made.
"""

import json
import os
import sqlite3
import threading
import time

from crawler.text import canonical_tones, fold
from thanhuy_archive import search
from thanhuy_archive.records import parse_time

# The largest value any SQL may make or read: above the largest stored value, a capture's
# compressed page (the crawler fetches at most 32 MiB, DOWNLOAD_MAXSIZE).
SQL_VALUE_LIMIT = 64 * 1024 * 1024
# An FTS5 expression search_matches evaluates: the longest fts_query makes is a few KB.
MAX_EXPRESSION_CHARS = 100_000
SEARCH_INDEXES = frozenset(search.INDEXES.values())  # what search_matches() may read
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def bounded(fn, max_chars=search.MAX_TEXT_CHARS):
    """fn, refusing a blob or a text longer than max_chars in any argument."""

    def checked(*args):
        for value in args:
            if isinstance(value, bytes):
                raise TypeError(f"{fn.__name__}() takes text, not a blob")
            if isinstance(value, str) and len(value) > max_chars:
                raise ValueError(f"{fn.__name__}() takes at most {max_chars:,} characters")
        return fn(*args)

    return checked


def vn_time(value):
    """``2018-08-07T08:30:00+00:00`` -> ``Thứ Ba, 07/08/2018 15:30 (GMT+7)``; a bare day
    -> ``Thứ Ba, 07/08/2018``; anything unreadable is returned as it is."""
    moment = parse_time(value)
    if moment is None:
        return value or ""
    day = f"{WEEKDAYS[moment.when.weekday()]}, {moment.when:%d/%m/%Y}"
    return f"{day} {moment.when:%H:%M} (GMT+7)" if moment.has_time else day


def bar(value, maximum):
    try:
        return round(100.0 * float(value) / float(maximum), 1) if maximum else 0.0
    except (TypeError, ValueError):
        return 0.0


FUNCTIONS = (("fold", 1, fold), ("canonical_tones", 1, canonical_tones),
             ("vn_time", 1, vn_time), ("bar", 2, bar), *search.SQL_FUNCTIONS)


def file_version(path):
    """The modification time and size of a database file and its WAL: any write changes it
    (what a cache of results keys on, so that a crawl writing meanwhile is seen at once)."""
    stamps = []
    for name in (path, f"{path}-wal"):
        try:
            st = os.stat(name)
            stamps.append((st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


class MatchCache:
    """The rowids an FTS5 query matches, as a JSON array, computed once for all the queries
    of a page.

    A table page runs its search in the rows, the count and the facet queries: for a phrase
    or a prefix, FTS5's evaluation (position lists of every occurrence) is the expensive part
    (~110 ms for a four-word phrase of common words on 200,000 articles), so it is done once
    and each query reads ``json_each(search_matches(...))``. Keyed by the database file's and
    its WAL's size and time, so a crawl writing meanwhile is seen at once. It reads on its own
    connection, under the same time limit as Datasette's."""

    def __init__(self, size=16):
        self.size = size
        self.entries = {}
        self.lock = threading.Lock()
        self.local = threading.local()

    def _connection(self, path, mutable):
        conns = getattr(self.local, "conns", None)
        if conns is None:
            conns = self.local.conns = {}
        if path not in conns:
            mode = "mode=ro" if mutable else "immutable=1"  # as Datasette opens the file
            conn = sqlite3.connect(f"file:{path}?{mode}", uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only = 1")
            conns[path] = conn
        return conns[path]

    def matches(self, database, fts_table, expression, time_limit_ms):
        """The rowids ``expression`` matches in ``fts_table``, as a JSON array."""
        return self._entry(database, fts_table, expression, time_limit_ms)[0]

    def count(self, database, fts_table, expression, time_limit_ms):
        """How many rows ``expression`` matches (the same evaluation as :meth:`matches`)."""
        return self._entry(database, fts_table, expression, time_limit_ms)[1]

    def _entry(self, database, fts_table, expression, time_limit_ms):
        path = database.path
        if fts_table not in SEARCH_INDEXES:
            raise ValueError(f"not a search index: {fts_table}")
        if not isinstance(expression, str) or len(expression) > MAX_EXPRESSION_CHARS:
            raise ValueError("search_matches() takes an FTS5 expression of at most "
                             f"{MAX_EXPRESSION_CHARS:,} characters")
        key = (path, fts_table, expression, file_version(path))
        with self.lock:
            if key in self.entries:
                return self.entries[key]
        conn = self._connection(path, database.is_mutable)
        deadline = time.monotonic() + time_limit_ms / 1000
        # Checked every 1,000 SQLite steps (~0.1 ms), every step for a short limit: as Datasette.
        conn.set_progress_handler(lambda: time.monotonic() >= deadline,
                                  1 if time_limit_ms <= 20 else 1000)
        try:
            rowids = [r[0] for r in conn.execute(
                f"select rowid from [{fts_table}] where [{fts_table}] match ?", [expression])]
        finally:
            conn.set_progress_handler(None, 0)
        value = (json.dumps(rowids), len(rowids))
        with self.lock:
            if len(self.entries) >= self.size:
                self.entries.pop(next(iter(self.entries)))
            self.entries[key] = value
        return value


MATCHES = MatchCache()


def install(conn, database, time_limit_ms):
    """Make ``conn``, a connection to ``database`` (Datasette's, an archive), read-only and
    bounded, and give it the archive's functions."""
    conn.execute("PRAGMA query_only = 1")  # nothing is written through Datasette, whatever SQL
    if hasattr(conn, "setlimit"):  # Python 3.11+; on 3.10 the functions' own bounds remain
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, SQL_VALUE_LIMIT)
    for name, n, fn in FUNCTIONS:
        conn.create_function(name, n, bounded(fn), deterministic=True)
    conn.create_function("search_matches", 2, lambda fts_table, expression: MATCHES.matches(
        database, fts_table, expression, time_limit_ms))
