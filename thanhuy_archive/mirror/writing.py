"""Writing a mirror: the files under ``site/``, ``manifest.json`` (what the server answers at
which URL, with which faults) and ``gold.json``; :func:`generate_mirror` is the entry point.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from thanhuy_archive.mirror.gold import build_gold
from thanhuy_archive.mirror.portal import CATEGORIES, COLLECTIONS, EDITION_VIEWED
from thanhuy_archive.mirror.server import ORIGIN_PLACEHOLDER, TRACKING_PARAMS, route_key
from thanhuy_archive.mirror.templates import discovery, listings, pages, render_article
from thanhuy_archive.mirror.templates.site import Site
from thanhuy_archive.mirror.universe import DEFAULT_ARTICLES, DEFAULT_SEED, build_universe

HTML = "text/html; charset=utf-8"


class Writer:
    """Writes files under ``site/`` and records the manifest routes that serve them."""

    def __init__(self, out, viewed):
        self.out = out
        self.site = out / "site"
        self.routes, self.tables = {}, {"articles": {}, "prints": {}}
        self.last_modified = viewed.isoformat()

    def file(self, rel, text):
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return f"site/{rel}"

    def route(self, url, rel, text, ctype=HTML, **extra):
        entry = {"file": self.file(rel, text), "type": ctype, "last_modified": self.last_modified}
        entry.update(extra)
        self.routes[route_key(url)] = entry
        return entry


def _file_name(url):
    name = url.strip("/").replace("/", "__").replace("?", "@").replace("=", "-").replace("&", "+")
    return (name or "index") + ".html"


def write_edition(u, edition, out):
    """Render one edition into ``out`` and return (manifest, gold)."""
    site = Site(u, edition)
    w = Writer(out, site.viewed)
    roles = u.roles

    # Articles first: their related/other-news boxes feed the link book.
    for a in site.news + site.documents:
        table_entry = {
            "file": w.file(f"{a.section}/{a.id}.html", render_article(site, a)),
            "type": "text/html" if "no-charset" in a.traps else HTML,
            "prefix": "/" + a.section.split("/")[0] + "/",
            "etag": f'W/"{a.content_hash()}"',
            "last_modified": a.modified.isoformat(),
        }
        if a.id == roles["flaky"]:
            table_entry["first_answers"] = [{"status": 500}]
        if a.id == roles["slow"]:
            table_entry["delay"] = 1.0
        w.tables["articles"][str(a.id)] = table_entry
        w.tables["prints"][str(a.id)] = {
            "file": w.file(f"in-bai/{a.id}.html", pages.print_page(a)), "type": HTML,
            "prefix": "/in-bai/", "last_modified": a.modified.isoformat()}
    for aid, status in site.gone.items():
        section = site.any_by_id[aid].section
        w.tables["articles"][str(aid)] = {"status": status, "prefix": "/" + section.split("/")[0] + "/"}

    w.route("/", "index.html", listings.home(site), any_query=True)
    for listing in CATEGORIES + COLLECTIONS:
        for url, aliases, page in listings.listing_pages(site, listing):
            entry = w.route(url, _file_name(url), page)
            for alias in aliases:
                w.routes[route_key(alias)] = entry
    w.route("/tu-lieu", "tu-lieu.html", listings.documents_index(site))
    w.route("/gioi-thieu", "gioi-thieu.html", pages.simple_page(site, 
        "Giới thiệu", "Cổng Thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh (bản sao kiểm thử)."))
    w.route("/lien-he", "lien-he.html", pages.simple_page(site, "Liên hệ", "Ban biên tập: 127 Trương Định, Quận 3."))
    w.route("/tim-kiem", "tim-kiem.html", pages.search_page(site), any_query=True)
    w.route("/rss", "rss.html", discovery.feeds_page(site))
    w.route("/css/site.css", "css/site.css", "body{font-family:Arial,sans-serif}\n", "text/css; charset=utf-8")

    target = site.by_id[roles["redirect-target"]]
    redirect_from = f"/Portal/Detail.aspx?NewsID={target.id}"
    w.routes[route_key(redirect_from)] = {"status": 301, "location": target.path}

    w.route("/robots.txt", "robots.txt", discovery.robots(), "text/plain; charset=utf-8", origin=True)
    xml = "application/xml; charset=utf-8"
    w.route("/sitemap.xml", "sitemap.xml", discovery.sitemap_index(site), xml, origin=True)
    w.route("/sitemaps/tin-tuc.xml", "sitemaps/tin-tuc.xml", discovery.news_sitemap(site), xml, origin=True)
    w.route("/sitemaps/tu-lieu.xml", "sitemaps/tu-lieu.xml", discovery.documents_sitemap(site), xml, origin=True)
    w.route("/sitemaps/chuyen-muc.xml", "sitemaps/chuyen-muc.xml", discovery.listings_sitemap(site), xml, origin=True)
    w.route("/rss/tin-moi.rss", "rss/tin-moi.rss", discovery.feed(site), "application/rss+xml; charset=utf-8",
            origin=True)
    error_pages = {str(s): w.file(f"errors/{s}.html", pages.error_page(site, s)) for s in (404, 410, 500)}

    manifest = {
        "format": 1,
        "edition": edition,
        "seed": u.seed,
        "origin_placeholder": ORIGIN_PLACEHOLDER,
        "tracking_params": sorted(TRACKING_PARAMS),
        "routes": dict(sorted(w.routes.items())),
        "id_routes": [
            {"pattern": r"^/(?:tin-tuc|tu-lieu/[^/]+)/(?:[^/]*-)?(?P<id>\d{9,10})$", "table": "articles"},
            {"pattern": r"^/in-bai/(?:[^/]*-)?(?P<id>\d{9,10})$", "table": "prints"},
        ],
        "tables": w.tables,
        "error_pages": error_pages,
    }
    gold = build_gold(site, redirect_from, edition)
    return manifest, gold


def generate_mirror(out_dir, articles=DEFAULT_ARTICLES, seed=DEFAULT_SEED, edition=1):
    """Write the mirror of ``edition`` (1 or 2) into ``out_dir`` and return it as a Path.

    Deterministic: the same (articles, seed, edition) gives byte-identical files. A previous
    mirror in ``out_dir`` is replaced; other files there are left alone.
    """
    if edition not in EDITION_VIEWED:
        raise ValueError(f"edition must be one of {sorted(EDITION_VIEWED)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "manifest.json").exists() and (out / "site").is_dir():
        shutil.rmtree(out / "site")
    universe = build_universe(seed, articles)
    manifest, gold = write_edition(universe, edition, out)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
    return out
