"""What a search finds, in the order the search page shows it, for the page and its exports.

The order (``thanhuy_archive.search.RANKED_SQL`` says why):

1. articles whose own text matches: those where the query's words stand together as a phrase
   first, then the others; by relevance (bm25) within each; relevance is computed for the
   ``RANKED_CANDIDATES`` matches with the highest article ids, the others follow them;
2. articles that match only through an attached document (PDF, Word...), most relevant
   document first (``DOCUMENT_SQL``).

``sort="newest"`` orders all of them by publication time instead, newest first.

A :class:`Search` is one query's results: the page asks it for a page of rows
(:meth:`Search.page`), the CSV and JSON exports for every article id in order
(:meth:`Search.ordered_ids`). Both read the same SQL, so an export comes in the order shown.
"""

import asyncio
import json

from thanhuy_archive import search

SORTS = ("relevance", "newest")
PAGE_COLUMNS = ("a.id, a.title, a.published_at, a.category, a.authors, a.source, "
                "a.removed_at, a.lead, a.body")
# How many attached documents a result shows as the reason it matched.
DOCUMENTS_SHOWN = 3


class Search:
    """The results of ``query`` (a parsed ``search.Query``) in ``db`` (Datasette's Database),
    ordered by ``sort`` (:data:`SORTS`)."""

    def __init__(self, db, query, sort="relevance"):
        self.db, self.query, self.sort = db, query, sort
        self.params = {"q": query.text}
        self._text_total = None
        self._documents = None
        self._hits = {}  # article id -> its matching documents, as read (see document_hits)

    async def _rows(self, sql, **params):
        return (await self.db.execute(sql, {**self.params, **params})).rows

    async def text_total(self):
        """How many articles match in their own text."""
        if self._text_total is None:
            rows = await self._rows(search.count_sql(self.query.mode))
            self._text_total = rows[0][0]
        return self._text_total

    async def documents(self):
        """The ids of the articles that match through their documents only, best first
        (read once: the count, the page and the export all need them)."""
        if self._documents is None:
            rows = await self._rows(search.document_sql(self.query.mode))
            ids = [r["id"] for r in rows]
            if self.query.exact and ids:  # found accent-insensitively: keep exact matches
                hits = await self.document_hits(ids)
                ids = [i for i in ids if hits.get(i)]
            self._documents = ids
        return self._documents

    async def page(self, offset, limit):
        """(total, rows) of one page: dicts of :data:`PAGE_COLUMNS`, ``phrase`` (1 when the
        words stand together) and ``via`` ("text" or "documents")."""
        if self.sort == "newest":
            others = await self.documents()
            rows = await self._rows(search.newest_sql(self.query.mode, PAGE_COLUMNS),
                                    others=json.dumps(others), limit=limit, offset=offset)
            total = await self.text_total() + len(others)
            found = set(others)
            return total, [_row(r, "documents" if r["id"] in found else "text") for r in rows]
        rows = []
        if offset < search.RANKED_CANDIDATES:
            ranked = await self._rows(search.ranked_sql(self.query.mode, PAGE_COLUMNS),
                                      limit=limit, offset=offset)
            if ranked:
                self._text_total = ranked[0]["matches"]
            rows += [_row(r, "text") for r in ranked]
        text_total = await self.text_total()
        if len(rows) < limit and offset + len(rows) < text_total:  # past the ranked matches
            skip = max(0, offset - search.RANKED_CANDIDATES)
            rows += [_row(r, "text") for r in await self._rows(
                search.tail_sql(self.query.mode, PAGE_COLUMNS), below=await self._lowest(),
                limit=limit - len(rows), offset=skip)]
        if len(rows) < limit:
            others = await self.documents()
            first = max(0, offset + len(rows) - text_total)
            wanted = others[first:first + limit - len(rows)]
            rows += await self._articles(wanted, "documents")
        return text_total + len(await self.documents()), rows

    async def _lowest(self):
        return (await self._rows(search.lowest_ranked_sql(self.query.mode)))[0][0]

    async def _articles(self, ids, via):
        if not ids:
            return []
        found = {r["id"]: r for r in await self._rows(
            f"select {PAGE_COLUMNS}, 0 as phrase from articles a "
            "where a.id in (select value from json_each(:ids))", ids=json.dumps(ids))}
        return [_row(found[i], via) for i in ids if i in found]

    async def ordered_ids(self):
        """Every article id the search finds, in the order the page shows them."""
        if self.sort == "newest":
            others = await self.documents()
            rows = await self._rows(search.newest_sql(self.query.mode, "a.id"),
                                    others=json.dumps(others), limit=-1, offset=0)
            return [r[0] for r in rows]
        ranked = await self._rows(search.ranked_sql(self.query.mode, "a.id"),
                                  limit=search.RANKED_CANDIDATES, offset=0)
        ids = [r[0] for r in ranked]
        if ranked and ranked[0]["matches"] > len(ids):
            # ``ranked`` holds every candidate (each index row is an article): the lowest id
            # among them is where the tail starts.
            ids += [r[0] for r in await self._rows(
                search.tail_sql(self.query.mode, "a.id"), below=min(ids),
                limit=-1, offset=0)]
        return ids + await self.documents()

    async def document_hits(self, article_ids):
        """For each of ``article_ids``, its documents that match (at most
        :data:`DOCUMENTS_SHOWN`): dicts of url, text, format, pages, media_id."""
        # Each article's documents are read once per search: exact mode has read those of the
        # document-only matches already, to count them.
        wanted = [i for i in article_ids if i not in self._hits]
        if wanted:
            rows = await self._rows(search.DOCUMENT_HITS_SQL, ids=json.dumps(wanted))
            # Reading whole texts (exact mode checks each): in a worker thread.
            found = await asyncio.to_thread(self._documents_shown, [dict(r) for r in rows])
            self._hits.update((i, found.get(i, [])) for i in wanted)
        return {i: self._hits[i] for i in article_ids if self._hits[i]}

    def _documents_shown(self, rows):
        hits = {}
        for row in rows:
            if self.query.exact and not self.query.found_in(row["text"]):
                continue  # the documents' index is accent-insensitive
            found = hits.setdefault(row["article_id"], [])
            if len(found) < DOCUMENTS_SHOWN:
                found.append(row)
        return hits


def _row(row, via):
    return {**dict(row), "via": via}

