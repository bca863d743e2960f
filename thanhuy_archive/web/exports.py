"""CSV of an archive, as analysts get it: whole when streamed, and ready for Excel on request.

* ``/-/search.csv`` and ``/-/search.json`` (:func:`stream_articles`): every article a search
  finds, every column with its whole value, in the order the search page shows them, with
  its ``rank``; read 500 articles at a time.

* ``?_stream=on`` reads pages of ``max_returned_rows`` (``_size=max``) unless ``_size`` is
  given: about three times faster than Datasette's default of 50-row pages.
* ``?_bom=1`` ("CSV for Excel"): UTF-8 with a byte order mark, so that Excel reads the
  Vietnamese text as UTF-8; and no cell Excel would run as a formula: a cell starting with
  ``=``, ``+``, ``-``, ``@``, TAB or CR gets a leading ``'`` (OWASP's advice against CSV
  injection; a scraped title ``=HYPERLINK(...)`` stays text). A negative number becomes text
  too (``'-5``): Excel cannot tell one from a formula. Done on the stream as it goes, cell by
  cell, whatever its size. Plain CSV (without ``_bom``) is every value exactly as stored.
"""

import asyncio
import csv
import io
import json
import re

from thanhuy_archive.web.archive import query_args, with_query

BOM = b"\xef\xbb\xbf"
QUOTE, COMMA, NEWLINE = ord('"'), ord(","), ord("\n")
# What starts a formula in Excel. CR starts no unquoted cell: there it ends a row (the csv
# module quotes any cell holding a CR).
FORMULA_STARTS = frozenset(b"=+-@\t")
QUOTED_FORMULA_STARTS = FORMULA_STARTS | {ord("\r")}
_STRUCTURE = re.compile(rb'[",\n]')


def is_on(value):
    return value not in (None, "", "0", "off")


def csv_options(app, is_archive_csv):
    """app, with the archive's CSV options on the CSV paths of archives
    (``is_archive_csv(path)``)."""

    async def csv_app(scope, receive, send):
        if scope["type"] != "http" or not is_archive_csv(scope["path"]):
            return await app(scope, receive, send)
        args = query_args(scope)
        names = {k for k, _ in args}
        if "_stream" in names and "_size" not in names:
            scope = with_query(scope, args + [("_size", "max")])
        if not is_on(dict(args).get("_bom")):
            return await app(scope, receive, send)
        return await app(scope, receive, for_excel(send))

    return csv_app


def for_excel(send):
    """send, turning a CSV response into CSV for Excel: a byte order mark first, no cell that
    starts a formula."""
    cells = ExcelCells()
    bom_pending = True

    async def excel_send(event):
        nonlocal bom_pending
        if event["type"] == "http.response.start":
            headers = [(k, v) for k, v in event.get("headers", [])
                       if k.lower() not in (b"content-type", b"content-length")]
            headers.append((b"content-type", b"text/csv; charset=utf-8"))
            event = dict(event, headers=headers)
        elif event["type"] == "http.response.body":
            body = event.get("body", b"")
            # A page of a streamed CSV is megabytes: read in a worker thread, off the event loop.
            body = await asyncio.to_thread(cells.feed, body) if len(body) > 65536 \
                else cells.feed(body)
            if bom_pending:
                bom_pending, body = False, BOM + body
            event = dict(event, body=body)
        await send(event)

    return excel_send


class ExcelCells:
    r"""CSV (as Python's csv module writes it: ``,``, ``"`` quoting, rows ending in CRLF),
    fed in chunks of any size, with a ``'`` put before every cell that starts a formula.

    >>> cells = ExcelCells()
    >>> cells.feed(b'id,title\r\n1,=SUM(1)\r\n2,"-2, 3"\r\n3,') + cells.feed(b'@x\r\n')
    b'id,title\r\n1,\'=SUM(1)\r\n2,"\'-2, 3"\r\n3,\'@x\r\n'

    Only the bytes ``,``, ``"`` and LF shape a CSV, and none occurs inside a UTF-8 sequence:
    the stream is read as bytes, at regex speed between them."""

    def __init__(self):
        self.in_quotes = False
        self.at_cell_start = True  # the next byte starts a cell
        self.after_open_quote = False  # the next byte is the first of a quoted cell

    def feed(self, chunk):
        out, done, i = [], 0, 0
        while i < len(chunk):
            byte = chunk[i]
            if self.after_open_quote:
                self.after_open_quote = False
                if byte in QUOTED_FORMULA_STARTS:
                    out += [chunk[done:i], b"'"]
                    done = i
            elif self.at_cell_start:
                self.at_cell_start = False
                if byte == QUOTE:
                    self.in_quotes = self.after_open_quote = True
                    i += 1
                    continue
                if byte in FORMULA_STARTS:
                    out += [chunk[done:i], b"'"]
                    done = i
            structure = _STRUCTURE.search(chunk, i)
            if structure is None:
                break
            i = structure.end()
            if structure.group() == b'"':
                self.in_quotes = not self.in_quotes  # "" inside a cell toggles twice
            elif not self.in_quotes:
                self.at_cell_start = True  # after a comma, or a row's end
        out.append(chunk[done:])
        return b"".join(out)


EXPORT_BATCH = 500


async def stream_articles(db, ids, request, send):
    """Send every article of ``ids`` (all its columns, whole) in that order, as CSV or as a
    JSON array (``request.url_vars["format"]``), each with its ``rank``; ``_bom=1``: CSV for
    Excel; ``_dl=1``: as a file to save."""
    fmt = request.url_vars["format"]
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else \
        "application/json; charset=utf-8"
    headers = [(b"content-type", content_type.encode())]
    if is_on(request.args.get("_dl")):
        headers.append((b"content-disposition",
                        f'attachment; filename="search.{fmt}"'.encode()))
    if fmt == "csv" and is_on(request.args.get("_bom")):
        send = for_excel(send)
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    columns = [c for c in await db.table_columns("articles")]
    writer = _CsvRows(["rank", *columns]) if fmt == "csv" else _JsonRows()
    rank = 0
    for start in range(0, len(ids), EXPORT_BATCH):
        batch = ids[start:start + EXPORT_BATCH]
        rows = {r["id"]: r for r in (await db.execute(
            "select * from articles where id in (select value from json_each(?))",
            [json.dumps(batch)])).rows}
        out = []
        for article_id in batch:
            if article_id in rows:
                rank += 1
                out.append(writer.row({"rank": rank, **{c: rows[article_id][c]
                                                        for c in columns}}))
        await send({"type": "http.response.body", "body": "".join(out).encode("utf-8"),
                    "more_body": True})
    await send({"type": "http.response.body", "body": writer.end().encode("utf-8"),
                "more_body": False})


class _CsvRows:
    """CSV as Datasette writes it (the csv module's defaults): a header, then rows."""

    def __init__(self, header):
        self.header = header
        self.pending_header = True

    def _line(self, cells):
        text = io.StringIO()
        csv.writer(text).writerow(cells)
        return text.getvalue()

    def row(self, values):
        line = self._line(["" if values[c] is None else values[c] for c in self.header])
        if self.pending_header:
            self.pending_header = False
            line = self._line(self.header) + line
        return line

    def end(self):
        """The header alone when no row came."""
        return self._line(self.header) if self.pending_header else ""


class _JsonRows:
    """A JSON array, one object a row."""

    def __init__(self):
        self.first = True

    def row(self, values):
        text = ("[" if self.first else ",\n") + json.dumps(values, ensure_ascii=False)
        self.first = False
        return text

    def end(self):
        return "[]" if self.first else "]"
