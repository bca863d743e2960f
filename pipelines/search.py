"""The archive's search schema beyond ``articles_fts``: the accent-exact index and the indexes
that keep Datasette's facets and search fast on a large archive.

``Archive.ensure_schema`` calls :func:`ensure_search_schema` once its own tables exist::

    >>> import sqlite_utils
    >>> db = sqlite_utils.Database(memory=True)
    >>> _ = db["articles"].create({"id": int, "title": str, "lead": str, "body": str,
    ...                            "published_at": str, "category": str, "source": str,
    ...                            "authors": str, "flags": str, "removed_at": str}, pk="id")
    >>> ensure_search_schema(db)
    >>> _ = db["articles"].insert({"id": 7, "title": "Khánh Hoà", "lead": "", "body": ""})
    >>> db.execute("select rowid from articles_exact_fts where articles_exact_fts "
    ...            "match 'hoà'").fetchall()
    [(7,)]

``articles_fts`` (tokenize ``unicode61 remove_diacritics 2``, over title, lead, body and the
folded ``search_folded``) answers the default, accent-insensitive search: ``dan van`` finds
*dân vận* and *Dẫn vấn*. ``articles_exact_fts`` answers the accent-exact one: tokenize
``unicode61 remove_diacritics 0`` over title, lead and body as stored, so ``dân vận`` does not
find *Dẫn vấn*. It is an external-content index of ``articles`` (no second copy of the text)
kept by plain-SQL triggers, so any connection may write ``articles``, as with
``articles_fts``. Text is stored with its tone marks as published (``hoà`` or ``hòa``); the
query side (``thanhuy_archive.search``) looks for every placement of a word's tone mark.
"""

EXACT_FTS = "articles_exact_fts"
EXACT_TOKENIZE = "unicode61 remove_diacritics 0"
EXACT_COLUMNS = ("title", "lead", "body")

# Small indexes that cover the facets (category, source, authors, year/month of
# published_at, below), the flagged/removed queries: on 200,000 articles a facet then reads an
# index of a few MB instead of every row.
SEARCH_INDEXES = (
    ["category"],
    ["source"],
    ["authors"],
    ["flags"],
    ["removed_at"],
)
# Expression indexes: the year/month facets, per-year counts and the default facets of a
# search (category, source and year in one grouped pass) group by exactly these.
EXPRESSION_INDEXES = {
    "idx_articles_published_year": "substr(published_at, 1, 4)",
    "idx_articles_published_month": "substr(published_at, 1, 7)",
    "idx_articles_facets": "category, source, substr(published_at, 1, 4)",
}


def _values(prefix):
    return ", ".join(f"{prefix}.[{c}]" for c in EXACT_COLUMNS)


def ensure_search_schema(db):
    """Create (or complete) the accent-exact index, its triggers and the facet indexes.

    Idempotent; on an archive that has articles but no exact index yet, the index is built
    from the existing rows."""
    cols = ", ".join(f"[{c}]" for c in EXACT_COLUMNS)
    with db.conn:
        existing = db.execute(
            "select sql from sqlite_master where name = ?", [EXACT_FTS]).fetchone()
        if existing and "content='articles'" not in existing[0]:
            # An earlier, contentless version of this index: replaced.
            for suffix in ("ai", "ad", "au"):
                db.execute(f"DROP TRIGGER IF EXISTS [{EXACT_FTS}_{suffix}]")
            db.execute(f"DROP TABLE [{EXACT_FTS}]")
            existing = None
        if not existing:
            db.execute(
                f"CREATE VIRTUAL TABLE [{EXACT_FTS}] USING fts5({cols}, content='articles', "
                f"content_rowid='id', tokenize='{EXACT_TOKENIZE}')"
            )
        db.execute(
            f"""CREATE TRIGGER IF NOT EXISTS [{EXACT_FTS}_ai] AFTER INSERT ON articles BEGIN
                INSERT INTO [{EXACT_FTS}] (rowid, {cols}) VALUES (new.id, {_values("new")});
            END"""
        )
        db.execute(
            f"""CREATE TRIGGER IF NOT EXISTS [{EXACT_FTS}_ad] AFTER DELETE ON articles BEGIN
                INSERT INTO [{EXACT_FTS}] ([{EXACT_FTS}], rowid, {cols})
                VALUES ('delete', old.id, {_values("old")});
            END"""
        )
        db.execute(
            f"""CREATE TRIGGER IF NOT EXISTS [{EXACT_FTS}_au] AFTER UPDATE OF {cols} ON articles
            BEGIN
                INSERT INTO [{EXACT_FTS}] ([{EXACT_FTS}], rowid, {cols})
                VALUES ('delete', old.id, {_values("old")});
                INSERT INTO [{EXACT_FTS}] (rowid, {cols}) VALUES (new.id, {_values("new")});
            END"""
        )
        if not existing:
            db.execute(f"INSERT INTO [{EXACT_FTS}] ([{EXACT_FTS}]) VALUES ('rebuild')")
        table_columns = set(db["articles"].columns_dict)
        for name, expression in EXPRESSION_INDEXES.items():
            if {"published_at", "category", "source"} <= table_columns:
                db.execute(f"CREATE INDEX IF NOT EXISTS [{name}] ON articles({expression})")
        indexed = {tuple(i.columns) for i in db["articles"].indexes}
        for index in SEARCH_INDEXES:
            if tuple(index) not in indexed and set(index) <= table_columns:
                db["articles"].create_index(index, if_not_exists=True)
