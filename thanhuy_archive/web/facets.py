"""Facets for the archive that Datasette 0.65 lacks or computes too slowly on 200,000 articles.

* ``year`` and ``month`` of an ISO date column (``{"year": "published_at"}`` in metadata,
  ``?_facet_year=published_at`` / ``?_facet_month=published_at`` in a URL). Selecting a value
  filters with ``published_at__startswith=2018`` (or ``2018-08``). The SQL uses
  ``substr(published_at, 1, 4)`` / ``(…, 1, 7)``, which ``pipelines.search`` indexes.
* ``list``: a JSON list of strings such as ``authors`` or ``flags`` (``{"list": "authors"}``,
  ``?_facet_list=authors``), selecting with ``authors__arraycontains=...``. Datasette's own
  ``array`` facet de-duplicates whole rows (body included) and times out on a large archive.
"""

from collections import Counter

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from thanhuy_archive.search import EXPRESSIONS, count_sql, parse
from thanhuy_archive.web import filters
from thanhuy_archive.web.functions import file_version


class _Facet(Facet):
    def _column(self, source_and_config):
        config = source_and_config["config"]
        return config.get("column") or config["simple"]

    async def _run(self, sql):
        return await self.ds.execute(
            self.database, sql, self.params, truncate=False,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"),
        )

    def _result(self, column, source, rows, facet_size, selected_key):
        """A facet result as Datasette's templates and JSON expect it."""
        pairs = self.get_querystring_pairs()
        values = []
        for row in rows[:facet_size]:
            value = str(row["value"])
            selected = (selected_key, value) in pairs
            if selected:
                path = path_with_removed_args(self.request, {selected_key: value})
            else:
                path = path_with_added_args(self.request, {selected_key: value})
            values.append({
                "value": value, "label": value, "count": row["count"], "selected": selected,
                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
            })
        return {
            # Year and month facets of one column would otherwise share its name in JSON.
            "name": column if self.type == "list" else f"{column}_{self.type}",
            "type": self.type,
            "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(
                path_with_removed_args(self.request, {f"_facet_{self.type}": column})),
            "results": values,
            "truncated": len(rows) > facet_size,
        }

    async def facet_results(self):
        results, timed_out = [], []
        facet_size = self.get_facet_size()
        for source_and_config in self.get_configs():
            column = self._column(source_and_config)
            try:
                rows = (await self._run(self.facet_sql(column, facet_size + 1))).rows
            except QueryInterrupted:
                timed_out.append(column)
                continue
            results.append(self._result(column, source_and_config["source"], rows, facet_size,
                                        self.selected_key(column)))
        return results, timed_out


class YearFacet(_Facet):
    type = "year"
    width = 4

    def facet_sql(self, column, limit):
        part = f"substr({escape_sqlite(column)}, 1, {self.width})"
        # Newest first: the order of the index on this expression, so a limit stops early.
        return (f"select {part} as value, count(*) as count from ({self.sql}) "
                f"where {part} is not null and {part} != '' "
                f"group by {part} order by {part} desc limit {limit}")

    def selected_key(self, column):
        return f"{column}__startswith"


class MonthFacet(YearFacet):
    type = "month"
    width = 7


class ListFacet(_Facet):
    type = "list"

    def facet_sql(self, column, limit):
        col = escape_sqlite(column)
        return (f"select j.value as value, count(*) as count from ({self.sql}) as facet_rows, "
                f"json_each(case when json_valid(facet_rows.{col}) then facet_rows.{col} "
                f"else '[]' end) as j group by j.value order by count desc, value limit {limit}")

    def selected_key(self, column):
        return f"{column}__arraycontains"


FACET_CLASSES = [YearFacet, MonthFacet, ListFacet]


class CombinedFacet(_Facet):
    """Several facets from one grouped query: ``{"combined": {"columns": ["category",
    "source"], "year": "published_at"}}``.

    On a search matching most of 200,000 articles each facet query tests every row's
    membership in the matches (~60 ms); one ``GROUP BY category, source, year`` over the
    index ``pipelines.search`` creates on exactly those expressions pays that once (~100 ms
    for the three). Results look like separate column and year facets.

    A search that is the request's only filter and matches nearly every article (a common
    word: 199,500 of 200,000) is counted the other way round: the groups of every article
    (computed once per version of the file) less those of the few it does not match, which
    the index's row list (``<index>_docsize``) gives: 50 ms instead of 100."""

    type = "combined"

    async def facet_results(self):
        results, timed_out = [], []
        facet_size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            columns = list(config.get("columns") or [])
            year = config.get("year")
            exprs = [escape_sqlite(c) for c in columns]
            if year:
                exprs.append(f"substr({escape_sqlite(year)}, 1, 4)")
            if not exprs:
                continue
            try:
                rows = await self._grouped(exprs)
            except QueryInterrupted:
                timed_out.extend(columns + ([f"{year}_year"] if year else []))
                continue
            for i, expr in enumerate(exprs):
                totals = {}
                for row in rows:
                    value = row[i]
                    if value is None or (year and i == len(columns) and value == ""):
                        continue
                    totals[value] = totals.get(value, 0) + row[-1]
                if year and i == len(columns):
                    ordered = sorted(totals.items(), key=lambda kv: str(kv[0]), reverse=True)
                    column, key, kind = year, f"{year}__startswith", "year"
                else:
                    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))
                    column = columns[i]
                    key = f"{column}__exact" if column.startswith("_") else column
                    kind = "column"
                facet_rows = [{"value": v, "count": n} for v, n in ordered[:facet_size + 1]]
                result = self._result(column, source_and_config["source"], facet_rows,
                                      facet_size, key)
                result["type"] = kind
                if kind == "year":
                    result["name"] = f"{column}_year"
                    result["toggle_url"] = self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet_year": column}))
                else:
                    result["name"] = column
                results.append(result)
        return results, timed_out

    async def _grouped(self, exprs):
        """Rows of (the value of each expression..., count) over the rows the request selects:
        computed once per version of the file (every page of a search, sorted or not, HTML or
        JSON, has the same facets)."""
        db = self.ds.get_database(self.database)
        key = (db.path, tuple(exprs), self.sql, tuple(sorted(self.params.items())),
               tuple(self.request.args.getlist("_search")), file_version(db.path))
        if key not in _GROUPED:
            if len(_GROUPED) >= GROUPED_KEPT:
                _GROUPED.pop(next(iter(_GROUPED)))
            _GROUPED[key] = await self._group(exprs)
        return _GROUPED[key]

    async def _group(self, exprs):
        named = ", ".join(f"{e} as g{i}" for i, e in enumerate(exprs))
        grouping = ", ".join(exprs)
        args = [(k, v) for k in self.request.args for v in self.request.args.getlist(k)]
        searched = filters.search_only(args)
        query = parse(*searched) if searched else None
        if query is not None and query.fts5 is not None and not query.costly:
            db = self.ds.get_database(self.database)
            every = await self._every_article(db, named, grouping)
            total = sum(r[-1] for r in every)
            matched = (await db.execute(count_sql(query.mode), {"q": query.text})).rows[0][0]
            if matched >= NEARLY_ALL * total:
                index = query.fts_table
                match = EXPRESSIONS[query.mode].format(param="q")
                others = (await self._run_with(
                    f"select {named}, count(*) as count from articles where rowid in "
                    f"(select id from [{index}_docsize] where id not in "
                    f"(select rowid from [{index}] where [{index}] match {match})) "
                    f"group by {grouping}", {"q": query.text})).rows
                left = Counter({tuple(r[:-1]): r[-1] for r in every})
                left.subtract({tuple(r[:-1]): r[-1] for r in others})
                return [(*key, n) for key, n in left.items() if n > 0]
        return [tuple(r) for r in (await self._run(
            f"select {named}, count(*) as count from ({self.sql}) group by {grouping}")).rows]

    async def _every_article(self, db, named, grouping):
        key = (db.path, named, file_version(db.path))
        if key not in _EVERY_ARTICLE:
            rows = (await self._run_with(f"select {named}, count(*) as count from articles "
                                         f"group by {grouping}", {})).rows
            _EVERY_ARTICLE.clear()  # one version of one archive's groups is all there is to keep
            _EVERY_ARTICLE[key] = [tuple(r) for r in rows]
        return _EVERY_ARTICLE[key]

    async def _run_with(self, sql, params):
        return await self.ds.execute(
            self.database, sql, params, truncate=False,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"))


# A search matching at least this share of the articles has its combined facets counted from
# the few articles it does not match (CombinedFacet._grouped).
NEARLY_ALL = 0.95
_EVERY_ARTICLE = {}  # (file, expressions, version) -> groups of every article
# The facets of the last searches and filters (a reader pages through one, sorts it, opens its
# JSON): kept per version of the file, so a crawl writing meanwhile is seen at once.
GROUPED_KEPT = 32
_GROUPED = {}


FACET_CLASSES.append(CombinedFacet)
