"""How a crawler discovers the site besides its links: robots.txt, the sitemap index and its
sitemaps, the RSS feed and the page announcing it. URLs in them start with the origin
placeholder, which the server replaces by the origin the client used.
"""

from __future__ import annotations

from email.utils import format_datetime

from thanhuy_archive.mirror.portal import CATEGORIES, COLLECTIONS, ROBOTS_DISALLOWED, SITE_NAME
from thanhuy_archive.mirror.server import ORIGIN_PLACEHOLDER
from thanhuy_archive.mirror.templates.site import E


def robots():
    lines = ["# Cổng TTĐT Đảng bộ TP.HCM (bản sao kiểm thử)", "User-agent: *"]
    lines += [f"Disallow: {p}" for p in ROBOTS_DISALLOWED]
    lines += ["", "User-agent: BadBot", "Disallow: /", "",
              f"Sitemap: {ORIGIN_PLACEHOLDER}/sitemap.xml", ""]
    return "\n".join(lines)


def sitemap_index(site):
    maps = ("/sitemaps/tin-tuc.xml", "/sitemaps/tu-lieu.xml", "/sitemaps/chuyen-muc.xml")
    entries = "".join(f"<sitemap><loc>{ORIGIN_PLACEHOLDER}{m}</loc>"
                      f"<lastmod>{site.viewed.date().isoformat()}</lastmod></sitemap>\n" for m in maps)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n')


def urlset(entries):
    body = "".join(f"<url><loc>{ORIGIN_PLACEHOLDER}{E(path)}</loc><lastmod>{lastmod}</lastmod></url>\n"
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


def feeds_page(site):
    body = ('<h1>RSS</h1>\n<ul><li><a href="/rss/tin-moi.rss">Tin mới</a></li></ul>\n')
    return site.page("RSS - Cổng TTĐT Đảng bộ TP.HCM", body, sidebar=False)
