"""Archived pages and files as they were, served from the archive alone.

* ``/-/capture/ID``: a fetched page as it was captured, with a banner saying what it is (the
  original URL, the time of capture, a link to the article's reading view); its images are
  the archive's copies (``/-/media/ID``) and its links lead to the archive's latest capture of
  the page they name (an article by its id, whatever the host or slug), or to
  ``/-/not-archived``. ``?raw=1``: the bytes as fetched, as text.
* ``/-/media/ID``: an image or document as fetched, with its stored Content-Type.
* ``/-/not-archived?url=U``: what a link to a page the archive does not hold leads to.

Nothing from the portal is ever loaded: an image the archive does not hold is left out, never
hot-linked. No script of an archived page runs: they are taken out of the copy, and the copy
is served in a sandbox whose policy allows no script at all and loads only the archive's own
images (``safety.CAPTURE_CSP``). The bytes are read from the WARC records through
``pipelines.storage.Archive`` (a revisit gives the bytes it repeats), in a worker thread.
"""

import asyncio
import re
from urllib.parse import quote, urlsplit

import lxml.html
from datasette import Response
from lxml import etree
from markupsafe import escape

from crawler.encoding import decode_html
from crawler.parsers.media import (
    IMAGE_TAGS, IMAGE_URL_ATTRIBUTES, SRCSET_ATTRIBUTES, absolute, srcset_urls,
)
from crawler.urls import article_id
from pipelines.storage import Archive
from thanhuy_archive.web.archive import archive_database
from thanhuy_archive.web.functions import vn_time
from thanhuy_archive.web.places import Places, paths_of, portal_url
from thanhuy_archive.web.safety import CAPTURE_CSP, MEDIA_HEADERS, safe_url

HTML_TYPES = ("text/html", "application/xhtml")
# Images a browser shows inline; any other file is offered as a download.
INLINE_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp",
                                "image/avif", "image/bmp"})
_MIME = re.compile(r"^[\w.+-]+/[\w.+-]+$")
# Elements that fetch something (styles, icons, hints) or act (refresh, base): the copy keeps
# none of them; everything they point to is the portal's.
_FETCHING_LINKS = frozenset({"stylesheet", "icon", "shortcut", "preload", "prefetch",
                             "preconnect", "dns-prefetch", "modulepreload", "manifest",
                             "apple-touch-icon"})


def open_archive(path):
    return Archive(path, readonly=True)


# -- /-/media/ID ------------------------------------------------------------------------------


def read_media(path, media_id):
    """(media row, bytes) of an archived image or document; None when there is none."""
    archive = open_archive(path)
    try:
        row = archive.db.execute(
            "select id, url, kind, content_type, digest, capture_id from media where id = ?",
            [media_id]).fetchone()
        if row is None or row[5] is None:
            return None
        media = dict(zip(("id", "url", "kind", "content_type", "digest", "capture_id"), row))
        return media, archive.raw_payload(media["capture_id"])[0]
    finally:
        archive.close()


def file_name(url, default="file"):
    """The last part of a URL's path (its query left out), for a download's or a document's
    name; ``default`` when the path has none."""
    name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return name or default


def media_headers(media):
    """(content type, headers) of an archived file: its stored type when it is one; inline for
    a picture, a download for anything else; never anything that runs."""
    stored = (media["content_type"] or "").split(";")[0].strip().lower()
    content_type = stored if _MIME.match(stored) else "application/octet-stream"
    name = file_name(media["url"])
    ascii_name = re.sub(r'[^\w.-]', "_", name.encode("ascii", "replace").decode())
    disposition = "inline" if content_type in INLINE_IMAGE_TYPES else "attachment"
    headers = {**MEDIA_HEADERS, "Cache-Control": "private, max-age=3600",
               "Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; "
                                      f"filename*=UTF-8''{quote(name)}"}
    if media["digest"]:
        headers["ETag"] = f'"{media["digest"]}"'
    return content_type, headers


async def media_page(datasette, request):
    media_id = int(request.url_vars["id"])
    found = await asyncio.to_thread(read_media, archive_database(datasette).path, media_id)
    if found is None:
        return Response.text(f"No archived file {media_id} / Không có tệp {media_id}\n",
                             status=404)
    media, payload = found
    content_type, headers = media_headers(media)
    if headers.get("ETag") and request.headers.get("if-none-match") == headers["ETag"]:
        return Response("", status=304, headers=headers)
    return Response(payload, status=200, headers=headers, content_type=content_type)


# -- /-/not-archived --------------------------------------------------------------------------


async def not_archived_page(datasette, request):
    url = (request.args.get("url") or "")[:2000]
    context = {"url": url, "live_url": safe_url(url),
               "portal_url": safe_url(portal_url(url)) if article_id(url) else None,
               "database": archive_database(datasette).name}
    return Response.html(await datasette.render_template("not_archived.html", context,
                                                         request=request), status=404)


# -- /-/capture/ID ----------------------------------------------------------------------------


def is_html(content_type):
    return not content_type or content_type.lower().startswith(HTML_TYPES)


CAPTURE_HEADERS = {"Content-Security-Policy": CAPTURE_CSP, "X-Content-Type-Options": "nosniff",
                   "Referrer-Policy": "no-referrer"}


async def capture_page(datasette, request):
    capture_id = int(request.url_vars["id"])
    shown = await asyncio.to_thread(show_capture, archive_database(datasette).path, capture_id,
                                    bool(request.args.get("raw")), paths_of(datasette))
    if shown is None:
        return Response.text(f"No capture {capture_id} / Không có bản lưu {capture_id}\n",
                             status=404)
    body, content_type = shown
    return Response(body, status=200, headers=CAPTURE_HEADERS, content_type=content_type)


def show_capture(path, capture_id, raw, paths):
    """(body, content type) of ``/-/capture/ID``: an HTML page as the archive shows it, or
    (``raw``, or not HTML) its bytes as captured, as text; None when there is no such capture.
    The bytes are those of its WARC record (a revisit's: those it repeats)."""
    archive = open_archive(path)
    try:
        found = archive.db.execute("select * from captures where id = ?", [capture_id])
        names = [d[0] for d in found.description]
        row = found.fetchone()
        if row is None:
            return None
        capture = dict(zip(names, row))
        payload, holder = archive.raw_payload(capture_id)
        if raw or not is_html(capture["content_type"]):
            match = re.search(r"charset=([\w.:-]+)", capture["content_type"] or "", re.I)
            return payload, "text/plain" + (f"; charset={match.group(1)}" if match else "")
        return replay(archive, payload, capture, dict(holder), paths), "text/html; charset=utf-8"
    finally:
        archive.close()


def replay(archive, payload, capture, holder, paths):
    """The archived page (bytes of an HTML capture) as the archive serves it, UTF-8."""
    text = decode_html(payload, holder.get("content_type") or capture["content_type"])
    # lxml refuses text that declares its own encoding; it is text already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (ValueError, etree.ParserError):  # nothing to parse: an empty page
        doc = lxml.html.document_fromstring("<html><body></body></html>")
    base = _base_url(doc, capture["url"])
    _remove_active_parts(doc)
    images = _image_references(doc, base)
    links = _link_references(doc, base)
    places = Places(archive.db.conn, paths)
    places.look_up({u for refs in images.values() for _, us in refs for u in us if u}
                   | set(links.values()))
    _rewrite_images(doc, images, places)
    _rewrite_links(doc, links, places)
    _add_banner(doc, capture, holder, paths)
    return lxml.html.tostring(doc, encoding="unicode", method="html",
                              doctype="<!DOCTYPE html>").encode("utf-8")


def _base_url(doc, url):
    base = doc.find(".//base[@href]")
    resolved = absolute(url, base.get("href")) if base is not None else None
    return resolved or url


def _remove_active_parts(doc):
    """Scripts, event handlers, refreshes, <base>, and what fetches styles or icons."""
    for el in list(doc.iter("script", "base", "meta", "link")):
        if el.tag == "meta":
            if (el.get("http-equiv") or "").lower() in ("refresh", "content-type",
                                                        "content-security-policy") \
                    or el.get("charset") is not None:
                el.drop_tree()
        elif el.tag == "link":
            if set((el.get("rel") or "").lower().split()) & _FETCHING_LINKS:
                el.drop_tree()
        else:
            el.drop_tree()
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name in [n for n in el.attrib if n.lower().startswith("on")]:
            del el.attrib[name]
        for name in ("href", "src", "action", "formaction"):
            if (el.get(name) or "").strip().lower().startswith(("javascript:", "vbscript:")):
                del el.attrib[name]
    head = doc.find("head")
    if head is None:
        head = lxml.html.Element("head")
        doc.insert(0, head)
    head.insert(0, lxml.html.Element("meta", charset="utf-8"))


def _image_references(doc, base):
    """{element: [(attribute, [absolute URL, ...]), ...]} of every image the page shows."""
    found = {}
    for el in doc.iter(*IMAGE_TAGS, "video"):
        names = ("poster",) if el.tag == "video" else IMAGE_URL_ATTRIBUTES + ("href",)
        refs = [(n, [absolute(base, el.get(n))]) for n in names if el.get(n)]
        refs += [(n, [absolute(base, u) for u in srcset_urls(el.get(n))])
                 for n in SRCSET_ATTRIBUTES if el.get(n)]
        if refs:
            found[el] = refs
    return found


def _link_references(doc, base):
    """{element: absolute URL} of every link to follow (a, area)."""
    found = {}
    for el in doc.iter("a", "area"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith("#") or href.lower().startswith(("mailto:", "tel:")):
            continue
        url = absolute(base, href)
        if url and urlsplit(url).scheme in ("http", "https"):
            found[el] = url
    return found


def _rewrite_images(doc, images, places):
    """Each image attribute pointing to the archive's copy, or gone. A srcset becomes the
    first of its pictures the archive holds (its other sizes are the portal's renditions)."""
    for el, refs in images.items():
        shown = None
        for name, urls in refs:
            archived = next((p for p in map(places.image, filter(None, urls)) if p), None)
            if archived and name not in SRCSET_ATTRIBUTES:
                el.set(name, archived)
            else:
                del el.attrib[name]
            shown = shown or archived
        if el.tag == "amp-img":
            el.tag = "img"
        if el.tag == "img" and not el.get("src") and shown:
            # No lazy loader runs here: the picture the page would have swapped in is shown.
            el.set("src", shown)


def _rewrite_links(doc, links, places):
    for el, url in links.items():
        el.set("href", places.link(url))
        el.attrib.pop("target", None)
        if el.get("href").startswith(places.paths.not_archived):
            el.set("rel", "nofollow")


BANNER_STYLE = ("all:initial;display:block;box-sizing:border-box;width:100%;margin:0;"
                "padding:8px 12px;background:#fff8d6;border-bottom:2px solid #b58900;"
                "color:#222;font:15px/1.5 sans-serif;text-align:left;")
LINK_STYLE = "color:#0b4f8a;text-decoration:underline;font:inherit;"


def _add_banner(doc, capture, holder, paths):
    """What the reader is looking at, above the page: an archived copy, its original URL, when
    it was captured, and the way back to the article."""
    body = doc.find("body")
    if body is None:
        body = lxml.html.Element("body")
        doc.append(body)
    original = portal_url(capture["url"]) if capture.get("article_id") else capture["url"]
    links = []
    if capture.get("article_id"):
        links.append((f"{paths.article}{capture['article_id']}",
                      "Đọc bài trong kho lưu trữ / Article view"))
        links.append((f"{paths.article}{capture['article_id']}#captures",
                      "Các lần lưu / All captures"))
    links.append((f"{paths.capture}{capture['id']}?raw=1", "Mã nguồn / Source"))
    repeated = ""
    if holder.get("id") != capture["id"]:
        repeated = (f" (unchanged: the page of capture #{holder['id']}, "
                    f"{escape(vn_time(holder.get('fetched_at')))})")
    html = (
        f'<div id="thanhuy-archive-banner" role="note" style="{BANNER_STYLE}">'
        f'<strong style="font:inherit;font-weight:bold">Bản lưu trữ / Archived copy</strong> '
        f'#{capture["id"]}, captured / lưu lúc {escape(vn_time(capture["fetched_at"]))}'
        f'{repeated}, HTTP {escape(str(capture["status"]))}. '
        f'Original / Địa chỉ gốc: <span style="font:inherit;overflow-wrap:anywhere">'
        f'{escape(original)}</span><br>'
        + " · ".join(f'<a style="{LINK_STYLE}" href="{escape(href)}">{escape(label)}</a>'
                     for href, label in links)
        + "</div>")
    body.insert(0, lxml.html.fragment_fromstring(html))
