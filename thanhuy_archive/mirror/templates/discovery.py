"""How a crawler discovers the site besides its links: robots.txt, two sitemap trees, the RSS
feed and the page announcing it, and the section feeds announced only in the ``<head>`` of
their listing.

The first tree, the main feed and robots.txt name the mirror: their URLs start with the
origin placeholder, which the server replaces by the origin the client used. The second tree
(an index and its gzipped sitemaps, listing every article a crawler can reach without
JavaScript) and the section feeds name the portal's production host, as the real files would.
"""

from __future__ import annotations

from email.utils import format_datetime

from thanhuy_archive.mirror.portal import (
    CANONICAL_HOST, CATEGORIES, COLLECTIONS, OFFICIAL_DOCUMENTS, ROBOTS_DISALLOWED, SITE_NAME)
from thanhuy_archive.mirror.server import ORIGIN_PLACEHOLDER
from thanhuy_archive.mirror.templates.site import E

SITEMAP_INDEX = "/sitemap_index.xml"
GZIP_SITEMAPS = {  # path -> which articles it lists
    "/sitemaps/bai-viet-truoc-2020.xml.gz": lambda a: a.section == "tin-tuc" and a.published.year < 2020,
    "/sitemaps/bai-viet-tu-2020.xml.gz": lambda a: a.section == "tin-tuc" and a.published.year >= 2020,
    "/sitemaps/tu-lieu.xml.gz": lambda a: a.section != "tin-tuc",
}
# Articles whose part is to be reachable one other way only are in no sitemap of the tree.
NOT_IN_SITEMAPS = ("feed", "portal-host", "base-href")
# Listing slug -> (feed path, type, title): feeds linked from nowhere, announced in the head.
SECTION_FEEDS = {
    "thoi-su": ("/rss/thoi-su.rss", "application/rss+xml", "Thời sự"),
    OFFICIAL_DOCUMENTS.slug: ("/rss/van-ban.atom", "application/atom+xml", "Văn bản"),
}


def robots():
    lines = ["# Cổng TTĐT Đảng bộ TP.HCM (bản sao kiểm thử)", "User-agent: *"]
    lines += [f"Disallow: {p}" for p in ROBOTS_DISALLOWED]
    lines += ["", "User-agent: BadBot", "Disallow: /", "",
              f"Sitemap: {ORIGIN_PLACEHOLDER}/sitemap.xml",
              f"Sitemap: {CANONICAL_HOST}{SITEMAP_INDEX}", ""]
    return "\n".join(lines)


def sitemap_index(site):
    maps = ("/sitemaps/tin-tuc.xml", "/sitemaps/tu-lieu.xml", "/sitemaps/chuyen-muc.xml")
    entries = "".join(f"<sitemap><loc>{ORIGIN_PLACEHOLDER}{m}</loc>"
                      f"<lastmod>{site.viewed.date().isoformat()}</lastmod></sitemap>\n" for m in maps)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n')


def urlset(entries, origin=ORIGIN_PLACEHOLDER):
    body = "".join(f"<url><loc>{E(origin + path)}</loc><lastmod>{lastmod}</lastmod></url>\n"
                   for path, lastmod in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n')


def news_sitemap(site):
    hidden = site.by_id[site.u.roles["only-sitemap"]]
    chosen = sorted(site.visible[:30] + [hidden], key=lambda a: a.published, reverse=True)
    return urlset((site.links.href(a, "sitemap"), a.modified.isoformat()) for a in chosen)


def documents_sitemap(site):
    return urlset((site.links.href(d, "sitemap"), d.modified.isoformat()) for d in site.documents)


def listings_sitemap(site):
    day = site.viewed.date().isoformat()
    return urlset([("/", day), ("/tu-lieu", day)] + [("/" + c.slug, day) for c in CATEGORIES + COLLECTIONS])


def feed(site):
    hidden = site.by_id[site.u.roles["only-feed"]]
    chosen = sorted(site.visible[:15] + [hidden], key=lambda a: a.published, reverse=True)
    items = []
    for a in chosen:
        link = ORIGIN_PLACEHOLDER + site.links.href(a, "feed")
        pub = format_datetime(a.published)
        items.append(f"<item><title>{E(a.title)}</title><link>{E(link)}</link>"
                     f'<guid isPermaLink="true">{E(link)}</guid><pubDate>{pub}</pubDate>'
                     f"<category>{E(a.category)}</category>"
                     f"<description>{E(a.lead)}</description></item>\n")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n<channel>\n'
            f"<title>Thanhuytphcm.vn - Tin mới</title><link>{ORIGIN_PLACEHOLDER}/</link>\n"
            f"<description>{E(SITE_NAME)}</description><language>vi</language>\n"
            f"<lastBuildDate>{format_datetime(site.viewed)}</lastBuildDate>\n"
            f"{''.join(items)}</channel>\n</rss>\n")


def production_sitemap_index(site):
    entries = "".join(f"<sitemap><loc>{CANONICAL_HOST}{path}</loc>"
                      f"<lastmod>{site.viewed.date().isoformat()}</lastmod></sitemap>\n"
                      for path in GZIP_SITEMAPS)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n')


def production_sitemaps(site):
    """Yield (path, XML) for each gzipped sitemap: every article not hidden on purpose, those
    only a JavaScript pager lists included."""
    listed = [a for a in site.news + site.documents if a.hidden not in NOT_IN_SITEMAPS]
    for path, chosen in GZIP_SITEMAPS.items():
        yield path, urlset(((site.links.href(a, "sitemap", "www"), a.modified.isoformat())
                            for a in listed if chosen(a)), origin="")


def rss_feed(site, listing_slug):
    """The RSS feed of a listing's newest articles."""
    path, _, title = SECTION_FEEDS[listing_slug]
    items = "".join(
        f"<item><title>{E(a.title)}</title><link>{E(site.links.href(a, 'feed', 'www'))}</link>"
        f"<pubDate>{format_datetime(a.published)}</pubDate>"
        f"<description>{E(a.lead)}</description></item>\n"
        for a in site.in_listing[listing_slug][:10])
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n<channel>\n'
            f"<title>Thanhuytphcm.vn - {E(title)}</title><link>{CANONICAL_HOST}/{listing_slug}</link>\n"
            f"<description>{E(SITE_NAME)}</description><language>vi</language>\n"
            f"{items}</channel>\n</rss>\n")


def atom_feed(site, listing_slug):
    """The Atom feed of a listing's newest articles (entries link with ``<link href>``)."""
    path, _, title = SECTION_FEEDS[listing_slug]
    entries = "".join(
        f"<entry><title>{E(a.title)}</title>"
        f'<link rel="alternate" href="{E(site.links.href(a, "feed", "www"))}"/>'
        f"<id>tag:thanhuytphcm.vn,{a.published:%Y-%m-%d}:{a.id}</id>"
        f"<updated>{a.modified.isoformat()}</updated>"
        f"<summary>{E(a.document.summary if a.document else a.lead)}</summary></entry>\n"
        for a in site.in_listing[listing_slug][:10])
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"<title>Thanhuytphcm.vn - {E(title)}</title>\n"
            f'<link rel="self" href="{CANONICAL_HOST}{path}"/>\n'
            f"<id>{CANONICAL_HOST}{path}</id><updated>{site.viewed.isoformat()}</updated>\n"
            f"{entries}</feed>\n")


def feeds_page(site):
    body = ('<h1>RSS</h1>\n<ul><li><a href="/rss/tin-moi.rss">Tin mới</a></li></ul>\n')
    return site.page("RSS - Cổng TTĐT Đảng bộ TP.HCM", body, sidebar=False)
