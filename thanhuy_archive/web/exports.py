"""CSV of an archive, as analysts get it: whole when streamed, and ready for Excel on request.

* ``?_stream=on`` reads pages of ``max_returned_rows`` (``_size=max``) unless ``_size`` is
  given: about three times faster than Datasette's default of 50-row pages.
* ``?_bom=1`` ("CSV for Excel"): UTF-8 with a byte order mark, so that Excel reads the
  Vietnamese text as UTF-8.
"""

from urllib.parse import parse_qsl, urlencode

BOM = b"\xef\xbb\xbf"


def query_args(scope):
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def with_args(scope, args):
    return dict(scope, query_string=urlencode(args).encode("latin-1"))


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
            scope = with_args(scope, args + [("_size", "max")])
        if not is_on(dict(args).get("_bom")):
            return await app(scope, receive, send)
        return await app(scope, receive, for_excel(send))

    return csv_app


def for_excel(send):
    """send, turning a CSV response into CSV for Excel: a byte order mark first."""
    bom_pending = True

    async def excel_send(event):
        nonlocal bom_pending
        if event["type"] == "http.response.start":
            headers = [(k, v) for k, v in event.get("headers", [])
                       if k.lower() not in (b"content-type", b"content-length")]
            headers.append((b"content-type", b"text/csv; charset=utf-8"))
            event = dict(event, headers=headers)
        elif event["type"] == "http.response.body" and bom_pending:
            bom_pending = False
            event = dict(event, body=BOM + event.get("body", b""))
        await send(event)

    return excel_send
