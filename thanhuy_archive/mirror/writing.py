"""Writing a mirror: the files under ``site/``, ``manifest.json`` (what the server answers at
which URL, with which faults) and ``gold.json``; :func:`generate_mirror` is the entry point.

Pictures and attached files are written once per distinct file (``site/media/<digest>.<ext>``)
and routed at every URL that shows them, whatever its host: under the mirror, the media host
is the mirror too.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from thanhuy_archive.mirror.gold import build_gold
from thanhuy_archive.mirror.portal import (
    ARCHIVE_1258, CATEGORIES, COLLECTIONS, EDITION_VIEWED, FEATURE_LISTINGS, INTERVIEWS,
    OFFICIAL_DOCUMENTS)
from thanhuy_archive.mirror.server import ORIGIN_PLACEHOLDER, TRACKING_PARAMS, route_key
from thanhuy_archive.mirror.templates import (
    HTML, amp, article_page, content_type, discovery, legacy_1258, listings, pages, traps)
from thanhuy_archive.mirror.templates.site import (
    REDIRECT_LOOP, Site, legacy_redirect, redirect_chain)
from thanhuy_archive.mirror.universe import DEFAULT_ARTICLES, DEFAULT_SEED, build_universe
from thanhuy_archive.mirror.universe.files import attach_large_files
from thanhuy_archive.mirror.universe.roles import FAULT_ANSWERS, SLOW_SECONDS

XML = "application/xml; charset=utf-8"
JSON = "application/json; charset=utf-8"
GZIP = "application/x-gzip"
ARTICLE_PATTERN = r"(?:tin-tuc|tu-lieu/[^/]+)/(?:[^/]*-)?(?P<id>\d{9,10})"


class Writer:
    """Writes files under ``site/`` and records the manifest routes that serve them."""

    def __init__(self, out, viewed):
        self.out = out
        self.site = out / "site"
        self.routes, self.tables = {}, {"articles": {}, "prints": {}, "amp": {}}
        self.last_modified = viewed.isoformat()

    def file(self, rel, content):
        """Write ``content`` (text is written as UTF-8) and return its manifest path."""
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return f"site/{rel}"

    def route(self, url, rel, content, ctype=HTML, **extra):
        entry = {"file": self.file(rel, content), "type": ctype,
                 "last_modified": self.last_modified}
        entry.update(extra)
        self.routes[route_key(url)] = entry
        return entry

    def redirect(self, url, location, status):
        self.routes[route_key(url)] = {"status": status, "location": location}


def _file_name(url, ext=".html"):
    name = url.strip("/").replace("/", "__").replace("?", "@").replace("=", "-").replace("&", "+")
    return (name or "index") + ext


def write_edition(u, edition, out):
    """Render one edition into ``out`` and return (manifest, gold)."""
    site = Site(u, edition)
    w = Writer(out, site.viewed)
    # Articles first: their related/other-news boxes feed the link book.
    _write_articles(site, w)
    _write_listings(site, w)
    _write_discovery(site, w)
    _write_redirects_and_traps(site, w)
    w.route("/gioi-thieu", "gioi-thieu.html", pages.simple_page(
        site, "Giới thiệu", "Cổng Thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh (bản sao kiểm thử)."))
    w.route("/lien-he", "lien-he.html", pages.simple_page(site, "Liên hệ", "Ban biên tập: 127 Trương Định, Quận 3."))
    w.route("/tim-kiem", "tim-kiem.html", pages.search_page(site), any_query=True)
    w.route("/css/site.css", "css/site.css", "body{font-family:Arial,sans-serif}\n", "text/css; charset=utf-8")
    error_pages = {str(s): w.file(f"errors/{s}.html", pages.error_page(site, s)) for s in (404, 410, 500)}
    _write_media(site, w)  # last: every page has shown its pictures and files by now

    manifest = {
        "format": 2,
        "edition": edition,
        "seed": u.seed,
        "origin_placeholder": ORIGIN_PLACEHOLDER,
        "tracking_params": sorted(TRACKING_PARAMS),
        "routes": dict(sorted(w.routes.items())),
        "id_routes": [
            {"pattern": rf"^/{ARTICLE_PATTERN}$", "table": "articles"},
            {"pattern": r"^/in-bai/(?:[^/]*-)?(?P<id>\d{9,10})$", "table": "prints"},
            {"pattern": rf"^/amp/{ARTICLE_PATTERN}$", "table": "amp"},
        ],
        "tables": w.tables,
        "error_pages": error_pages,
    }
    return manifest, build_gold(site, edition)


def _write_articles(site, w):
    """Every article's page (with the faults its URL answers first), print version and AMP
    copy; the articles this edition removed answer 404 or 410."""
    for a in site.news + site.documents:
        entry = {
            "file": w.file(f"{a.section}/{a.id}.html", article_page(site, a)),
            "type": content_type(a),
            "prefix": "/" + a.section.split("/")[0] + "/",
            "etag": f'W/"{a.content_hash()}"',
            "last_modified": a.modified.isoformat(),
        }
        answers = [answer for fault in a.faults for answer in FAULT_ANSWERS.get(fault, ())]
        if answers:
            entry["first_answers"] = answers
        if "slow" in a.faults:
            entry["delay"] = SLOW_SECONDS
        w.tables["articles"][str(a.id)] = entry
        w.tables["prints"][str(a.id)] = {
            "file": w.file(f"in-bai/{a.id}.html", pages.print_page(a)), "type": HTML,
            "prefix": "/in-bai/", "last_modified": a.modified.isoformat()}
        if a.amp:
            w.tables["amp"][str(a.id)] = {
                "file": w.file(f"amp/{a.id}.html", amp.render(site, a)), "type": HTML,
                "prefix": "/amp/" + a.section.split("/")[0] + "/", "etag": entry["etag"],
                "last_modified": a.modified.isoformat()}
    for aid, status in site.gone.items():
        section = site.any_by_id[aid].section
        w.tables["articles"][str(aid)] = {"status": status, "prefix": "/" + section.split("/")[0] + "/"}


def _write_listings(site, w):
    w.route("/", "index.html", listings.home(site), any_query=True)
    for listing in CATEGORIES + FEATURE_LISTINGS + COLLECTIONS + (OFFICIAL_DOCUMENTS,):
        for url, aliases, page in listings.listing_pages(site, listing):
            entry = w.route(url, _file_name(url), page)
            for alias in aliases:
                w.routes[route_key(alias)] = entry
    w.route("/tu-lieu", "tu-lieu.html", listings.documents_index(site))
    for url, data in listings.load_more_pages(site):
        w.route(url, _file_name(url, ".json"), data, JSON)
    archive = dict(listings.archive_1258_pages(site))
    w.route(ARCHIVE_1258.page_url(1), _file_name(ARCHIVE_1258.slug), archive.pop(None),
            legacy_1258.CONTENT_TYPE,
            postback={"target": legacy_1258.POSTBACK_TARGET, "pages": {
                argument: w.file(_file_name(f"{ARCHIVE_1258.slug}@{argument}"), page)
                for argument, page in archive.items()}})


def _write_discovery(site, w):
    w.route("/robots.txt", "robots.txt", discovery.robots(), "text/plain; charset=utf-8", origin=True)
    w.route("/sitemap.xml", "sitemap.xml", discovery.sitemap_index(site), XML, origin=True)
    w.route("/sitemaps/tin-tuc.xml", "sitemaps/tin-tuc.xml", discovery.news_sitemap(site), XML, origin=True)
    w.route("/sitemaps/tu-lieu.xml", "sitemaps/tu-lieu.xml", discovery.documents_sitemap(site), XML, origin=True)
    w.route("/sitemaps/chuyen-muc.xml", "sitemaps/chuyen-muc.xml", discovery.listings_sitemap(site), XML, origin=True)
    w.route(discovery.SITEMAP_INDEX, "sitemap_index.xml", discovery.production_sitemap_index(site), XML)
    for path, xml in discovery.production_sitemaps(site):
        # mtime 0: the same mirror gives the same bytes
        w.route(path, path.lstrip("/"), gzip.compress(xml.encode("utf-8"), mtime=0), GZIP)
    w.route("/rss/tin-moi.rss", "rss/tin-moi.rss", discovery.feed(site), "application/rss+xml; charset=utf-8",
            origin=True)
    w.route("/rss", "rss.html", discovery.feeds_page(site))
    for slug, (path, kind, _) in discovery.SECTION_FEEDS.items():
        render = discovery.atom_feed if kind == "application/atom+xml" else discovery.rss_feed
        w.route(path, path.lstrip("/"), render(site, slug), f"{kind}; charset=utf-8")


def _write_redirects_and_traps(site, w):
    """Old addresses (one redirect; a chain of three; a loop) and the pages without end."""
    target = site.by_id[site.u.roles["redirect-target"]]
    w.redirect(legacy_redirect(target), target.path, 301)
    chained = site.by_id[site.u.roles["redirect-chain-target"]]
    hops = redirect_chain(chained) + [chained.path]
    for status, (here, there) in zip((302, 301, 301), zip(hops, hops[1:])):
        w.redirect(here, there, status)
    w.redirect(REDIRECT_LOOP[0], REDIRECT_LOOP[1], 302)
    w.redirect(REDIRECT_LOOP[1], REDIRECT_LOOP[0], 302)

    w.routes[route_key(traps.CALENDAR_PATH)] = {"sequence": {
        "param": traps.CALENDAR_PARAM, "kind": "date",
        "file": w.file("tin-theo-ngay.html", traps.calendar_page(site)), "type": HTML}}
    interviews = w.routes[route_key(INTERVIEWS.page_url(1))]
    interviews["sequence"] = {
        "param": traps.ENDLESS_PARAM, "kind": "number",
        "from": len(listings.html_page_urls(site, INTERVIEWS)) + 1,
        "file": w.file("phong-van@endless.html", traps.endless_page(site)), "type": HTML}


def _write_media(site, w):
    """Every picture and file the pages show: each distinct file written once, routed at
    every URL that shows it (its path and query, whatever its host)."""
    entries = {}
    for url, media in site.media.served().items():
        if media.digest not in entries:
            entries[media.digest] = _media_entry(w, media)
        parts = urlsplit(url)
        key = route_key(parts.path + ("?" + parts.query if parts.query else ""))
        if key in w.routes:
            raise ValueError(f"{url} would hide the page at {key}")
        w.routes[key] = entries[media.digest]


def _media_entry(w, media):
    name = "media/" + media.digest.removeprefix("sha1:")
    entry = {"type": media.content_type, "etag": f'"{media.digest.removeprefix("sha1:")}"',
             "last_modified": media.modified.isoformat()}
    if media.padding_bytes:  # a large file: served in pieces, its padding drawn on the fly
        entry["parts"] = [{"file": w.file(f"{name}.head", media.head)},
                          {"padding": media.padding_key, "bytes": media.padding_bytes},
                          {"file": w.file(f"{name}.tail", media.tail)}]
    else:
        entry["file"] = w.file(f"{name}.{media.extension}", media.data)
    return entry


def generate_mirror(out_dir, articles=DEFAULT_ARTICLES, seed=DEFAULT_SEED, edition=1,
                    large_attachment_mb=0):
    """Write the mirror of ``edition`` (1 or 2) into ``out_dir`` and return it as a Path.

    ``large_attachment_mb``: when more than 0, a few document pages also link a PDF of that
    many MiB (for memory benchmarks; served in pieces, see ``media``).

    Deterministic: the same (articles, seed, edition, large_attachment_mb) gives
    byte-identical files. A previous mirror in ``out_dir`` is replaced; other files there are
    left alone.
    """
    if edition not in EDITION_VIEWED:
        raise ValueError(f"edition must be one of {sorted(EDITION_VIEWED)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "manifest.json").exists() and (out / "site").is_dir():
        shutil.rmtree(out / "site")
    universe = build_universe(seed, articles)
    if large_attachment_mb > 0:
        attach_large_files(universe.documents, large_attachment_mb)
    manifest, gold = write_edition(universe, edition, out)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
    return out
