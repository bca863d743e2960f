"""An article as a reader and a researcher need it: ``/-/article/ID`` and its versions.

* ``/-/article/ID`` (``?q=`` highlights a search): category, title, date in Vietnam time,
  byline, lead, paragraphs; its pictures as archived (``/-/media/ID``, with their captions;
  never the portal's copies); its attached documents with their text (collapsed) and how it
  was read (pages, library, encoding, flags); its history (first and last capture, every
  capture linked, every version with what changed); the portal's address of the original;
  and a citation.
* ``/-/article/ID/changes?from=N&to=M``: what changed between two versions, word by word
  (``changes``). Version 1 is the first text archived, the last is the current one.

Highlighting and diffs read whole texts: they run in a worker thread, never on the event
loop, and every scraped string is escaped (only search matches become ``<mark>``, changes
``<del>``/``<ins>``).
"""

import asyncio
import json
from urllib.parse import urlencode, urlsplit

from datasette import Response
from markupsafe import escape

from crawler.site import HOME_URL, PORTAL_NAME
from thanhuy_archive.search import QueryError, parse
from thanhuy_archive.web import changes
from thanhuy_archive.web.archive import archive_database, article_path, json_list
from thanhuy_archive.web.functions import vn_time
from thanhuy_archive.web.places import Places, paths_of, portal_url
from thanhuy_archive.web.replay import file_name
from thanhuy_archive.web.safety import safe_url
from thanhuy_archive.records import CONTENT_FIELDS, parse_time

# The most captures the history lists (a page re-checked every few hours for years); the
# captures table has them all.
MAX_CAPTURES_LISTED = 500
# The longest document text shown on the page; the attachments table has every character.
MAX_DOCUMENT_CHARS = 200_000
TEXT_FIELDS = ("title", "lead", "body")
# The outlet a citation names: the portal by its name and its address (crawler.site).
OUTLET = f"{PORTAL_NAME} ({urlsplit(HOME_URL).hostname.removeprefix('www.')})"


def search_mode(request):
    """The search mode a page's ``mode=`` asks for; a :class:`QueryError` if unknown."""
    mode = request.args.get("mode") or "folded"
    if mode not in ("folded", "exact"):
        raise QueryError("mode must be exact or left out / mode chỉ có thể là exact")
    return mode


ERROR_TITLES = {400: "Bad request", 404: "Not found"}


async def error_page(datasette, request, status, message):
    return Response.html(await datasette.render_template(
        "error.html", {"error": message, "status": status, "title": ERROR_TITLES[status]},
        request=request), status=status)


async def no_article(datasette, request, article_id):
    return await error_page(datasette, request, 404, f"No article {article_id} in the archive "
                                                     f"/ Không có bài viết {article_id}")


async def read_article(db, article_id):
    rows = (await db.execute("select * from articles where id = ?", [article_id])).rows
    return dict(rows[0]) if rows else None


# -- the article -------------------------------------------------------------------------------


async def article_page(datasette, request):
    db = archive_database(datasette)
    article_id = int(request.url_vars["id"])
    article = await read_article(db, article_id)
    if article is None:
        return await no_article(datasette, request, article_id)
    try:
        query = parse(request.args.get("q") or "", search_mode(request))
    except QueryError:
        query = parse("")  # a link with an odd query still opens the article, unmarked
    paths = paths_of(datasette)
    pictures, documents = await db.execute_fn(
        lambda conn: media_of(conn, article, paths))
    captures = [dict(r) for r in (await db.execute(
        "select id, fetched_at, status, warc_record_type, revisit_of from captures "
        "where article_id = ? order by fetched_at desc, id desc limit ?",
        [article_id, MAX_CAPTURES_LISTED + 1])).rows]
    versions = await read_versions(db, article)
    text = await asyncio.to_thread(highlight, query, article, documents)
    capture = next((c for c in captures if c["id"] == article.get("capture_id")), None)
    context = {
        "article": article,
        **text,
        "published": vn_time(article.get("published_at")),
        "authors": json_list(article.get("authors")),
        "flags": json_list(article.get("flags")),
        "pictures": pictures,
        "documents": documents,
        "original_url": safe_url(portal_url(article.get("url"))),
        "removed": vn_time(article.get("removed_at")) if article.get("removed_at") else "",
        "captures": [capture_entry(c, paths) for c in captures[:MAX_CAPTURES_LISTED]],
        "more_captures": len(captures) > MAX_CAPTURES_LISTED,
        "first_captured": vn_time(article.get("first_seen_at")),
        "last_captured": vn_time(article.get("last_fetched_at")),
        "versions": versions,
        "changes_url": article_path(datasette, article_id) + "/changes",
        "citation": citation(article, capture, datasette.absolute_url(
            request, f"{paths.capture}{article['capture_id']}" if capture
            else article_path(datasette, article_id))),
        "database": db.name,
        "capture_url": f"{paths.capture}{article['capture_id']}" if article.get("capture_id")
        else None,
        "row_url": datasette.urls.row(db.name, "articles", article_id),
        "captures_url": datasette.urls.table(db.name, "captures")
        + f"?article_id={article_id}",
        "search_url": datasette.urls.path("-/search") + (
            "?" + urlencode({"q": query.text, **({"mode": "exact"} if query.exact else {})})
            if query.text else ""),
    }
    return Response.html(await datasette.render_template("article.html", context,
                                                         request=request))


def highlight(query, article, documents):
    """Title, lead, paragraphs and documents' texts as HTML, the query's matches in <mark>
    (everything escaped). Reads whole texts: run in a worker thread."""
    mark = query.mark_html if query.terms else escape
    for document in documents:
        text = document["text"] or ""
        document["text_html"] = mark(text[:MAX_DOCUMENT_CHARS])
        document["cut"] = len(text) > MAX_DOCUMENT_CHARS
        document["matched"] = bool(query.terms) and query.found_in(text)
    return {
        "title_html": mark(article.get("title") or "(no title / không có tiêu đề)"),
        "lead_html": mark(article["lead"]) if article.get("lead") else "",
        "paragraphs_html": [mark(p) for p in changes.paragraphs(article.get("body"))],
    }


def media_of(conn, article, paths):
    """(pictures, documents) of an article: its pictures in page order with their captions
    and the archive's copy of each (``src``: None when the archive has none), and its
    attached documents with their text and how it was read. ``conn``: sqlite3."""
    images = json_list(article.get("images"))
    captions = json_list(article.get("captions"))
    linked = [r[0] for r in conn.execute(
        "select url from article_media where article_id = ? and role = 'attachment' "
        "order by position", [article["id"]])]
    places = Places(conn, paths)
    places.look_up(images + linked)
    sizes = {r[0]: (r[1], r[2]) for r in conn.execute(
        "select id, width, height from media where id in (select value from json_each(?))",
        [json.dumps([places.media.get(u) for u in images if places.media.get(u)])])}
    pictures = []
    for i in range(max(len(images), len(captions))):
        url = images[i] if i < len(images) else None
        media_id = places.media.get(url) if url else None
        width, height = sizes.get(media_id, (None, None))
        pictures.append({"src": places.image(url) if url else None, "url": url,
                         "caption": captions[i] if i < len(captions) else "",
                         "width": width, "height": height})
    documents = []
    for url in linked:
        row = conn.execute("select format, text, pages, extractor, encoding, errors, flags "
                           "from attachments where url = ?", [url]).fetchone()
        documents.append({
            "url": url, "name": file_name(url, default=url),
            "href": places.link(url) if places.media.get(url) else None,
            "read": row is not None,
            **(dict(zip(("format", "text", "pages", "extractor", "encoding"), row[:5]))
               if row else {"text": ""}),
            "errors": json_list(row[5]) if row else [],
            "flags": json_list(row[6]) if row else [],
        })
    return pictures, documents


def capture_entry(row, paths):
    """A capture as the history lists it."""
    if row["status"] == 304:
        what = "unchanged (304) / không đổi"
    elif row["warc_record_type"] == "revisit":
        what = f"same bytes as #{row['revisit_of']} / trùng nội dung"
    elif row["status"] in (404, 410):
        what = f"gone (HTTP {row['status']}) / đã gỡ"
    else:
        what = f"HTTP {row['status']}"
    return {"id": row["id"], "when": vn_time(row["fetched_at"]), "iso": row["fetched_at"],
            "what": what, "url": f"{paths.capture}{row['id']}"}


async def read_versions(db, article):
    """Every version of an article, oldest first: dicts of its text and metadata fields,
    ``number`` (1 is the first archived), ``since`` (when it was first archived), ``capture_id``
    and, but for the current one, ``reason`` and ``changed`` (what the next version changed)."""
    revisions = (await db.execute(
        "select * from article_revisions where article_id = ? order by id",
        [article["id"]])).rows
    versions, since = [], article.get("first_seen_at")
    for number, revision in enumerate(revisions, 1):
        revision = dict(revision)
        versions.append({
            **{f: revision.get(f) for f in CONTENT_FIELDS},
            "number": number, "since": vn_time(since), "capture_id": revision["from_capture_id"],
            "reason": revision["reason"], "changed": json_list(revision["changed_fields"]),
            "until": vn_time(revision["replaced_at"]),
        })
        since = revision["replaced_at"]
    versions.append({**{f: article.get(f) for f in CONTENT_FIELDS},
                     "number": len(revisions) + 1, "since": vn_time(since),
                     "capture_id": article.get("capture_id"), "current": True})
    return versions


def citation(article, capture, archive_url):
    """A citation: author(s), title, outlet, publication date, the portal's URL, the archive's
    copy and when it was captured.

    >>> citation({"authors": '["Văn Lượng"]', "title": "Tin", "published_at": "2018-08-07",
    ...           "url": "http://127.0.0.1:8000/tin-tuc/tin-1491871594", "source": None},
    ...          {"fetched_at": "2024-05-01T08:30:00+07:00"}, "http://a/-/capture/7")
    'Văn Lượng. “Tin”. Cổng thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh (thanhuytphcm.vn), 2018-08-07. https://www.thanhuytphcm.vn/tin-tuc/tin-1491871594. Archived copy (thanhuy-archive), captured 2024-05-01 08:30 (GMT+7): http://a/-/capture/7.'
    """
    credit = ", ".join(json_list(article.get("authors"))) or article.get("source") or ""
    title = (article.get("title") or "").strip() or "(no title)"
    published = parse_time(article.get("published_at"))
    day = "n.d."
    if published:
        day = published.when.strftime("%Y-%m-%d" + (" %H:%M (GMT+7)" if published.has_time
                                                    else ""))
    parts = [f"{credit}." if credit else "", f"“{title}”.", f"{OUTLET}, {day}.",
             f"{portal_url(article.get('url'))}."]
    captured = parse_time((capture or {}).get("fetched_at") or article.get("last_fetched_at"))
    when = captured.when.strftime("%Y-%m-%d %H:%M (GMT+7)") if captured else "n.d."
    parts.append(f"Archived copy (thanhuy-archive), captured {when}: {archive_url}.")
    return " ".join(p for p in parts if p)


# -- what changed ------------------------------------------------------------------------------


def number_argument(value, *, default, last, error):
    """A query argument that is a number from 1 to ``last``; ``default`` when it is absent or
    empty; a :class:`QueryError` saying ``error`` when it is anything else."""
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= last):
        raise QueryError(error)
    return int(value)


def version_number(value, default, last):
    return number_argument(value, default=default, last=last, error=(
        f"a version is a number from 1 to {last} / phiên bản từ 1 đến {last}"))


async def changes_page(datasette, request):
    db = archive_database(datasette)
    article_id = int(request.url_vars["id"])
    article = await read_article(db, article_id)
    if article is None:
        return await no_article(datasette, request, article_id)
    versions = await read_versions(db, article)
    last = len(versions)
    try:
        after = version_number(request.args.get("to"), last, last)
        before = version_number(request.args.get("from"), max(1, after - 1), last)
    except QueryError as e:
        return await error_page(datasette, request, 400, str(e))
    old, new = versions[before - 1], versions[after - 1]
    compared = await asyncio.to_thread(compare, old, new)
    context = {"article": article, "old": old, "new": new, "versions": versions,
               **compared, "database": db.name,
               "article_url": article_path(datasette, article_id),
               "capture_path": paths_of(datasette).capture}
    return Response.html(await datasette.render_template("changes.html", context,
                                                         request=request))


def compare(old, new):
    """The text fields word by word, the other fields side by side. Run in a worker thread."""
    return {
        "title_diff": changes.word_diff(old["title"], new["title"]),
        "lead_diff": changes.word_diff(old["lead"], new["lead"]),
        "body_diff": changes.paragraph_diff(old["body"], new["body"]),
        "fields_changed": [
            {"name": f, "old": old[f] or "", "new": new[f] or ""}
            for f in CONTENT_FIELDS if f not in TEXT_FIELDS and changes.changed(old[f], new[f])],
        "text_changed": [f for f in TEXT_FIELDS if changes.changed(old[f], new[f])],
    }

