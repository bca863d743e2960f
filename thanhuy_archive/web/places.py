"""Where a URL the portal used is: in the archive (an image or document, an article by its id,
another captured page) and on the portal itself (its canonical address).

Pages name URLs as the portal linked them (``https://www.hcmcpv.org.vn/tin-tuc/...``,
``https://images.hcmcpv.org.vn/res/...``); the archive holds them as they were fetched: the
same URLs when the live portal was crawled, the mirror's (``http://127.0.0.1:PORT/...``) when a
mirror stood in for it. :class:`Places` compares them as the crawl fetched them
(``crawler.urls.fetch_url`` against each site a crawl ran on); :func:`portal_url` gives back
the portal's own address of a URL fetched from a mirror.
"""

from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from crawler.site import HOME_URL
from crawler.urls import article_id, canonical_url, fetch_url, onto_host


def portal_url(url):
    """The portal's canonical address of a page the archive fetched: the same path on
    ``crawler.site.HOME_URL``'s host (``https://www.thanhuytphcm.vn``), whichever of the
    portal's hosts or which mirror it was fetched from, without tracking query or fragment.

    >>> portal_url("http://127.0.0.1:8000/tin-tuc/bai-viet-1491871594?fbclid=x")
    'https://www.thanhuytphcm.vn/tin-tuc/bai-viet-1491871594'
    """
    if not url:
        return url
    home = urlsplit(HOME_URL)
    return canonical_url(onto_host(url, home.netloc, home.scheme))


class Paths(NamedTuple):
    """Where the archive's own pages are (``datasette.urls``)."""

    capture: str  # "/-/capture/"
    media: str  # "/-/media/"
    article: str  # "/-/article/"
    not_archived: str  # "/-/not-archived"


def paths_of(datasette):
    return Paths(datasette.urls.path("-/capture/"), datasette.urls.path("-/media/"),
                 datasette.urls.path("-/article/"), datasette.urls.path("-/not-archived"))


class Places:
    """Where in the archive each URL a page names is: an image or document (media), an
    article (by its id), another captured page. URLs are compared as the crawl fetched them:
    as linked, canonical, and as fetched from each site a crawl ran against (a mirror stands
    in for every portal host)."""

    def __init__(self, db, paths):
        self.db, self.paths = db, paths
        self.sites = [r[0] for r in db.execute(
            "select distinct site from crawl_runs where site like 'http%'")]
        self.media, self.articles, self.pages = {}, {}, {}

    def variants(self, url):
        """The URLs a crawl may have fetched for ``url``."""
        found = [url, canonical_url(url)]
        for site in [None, *self.sites]:
            fetched = fetch_url(url, site, media=True)
            if fetched:
                found += [fetched, canonical_url(fetched)]
        return list(dict.fromkeys(found))

    def _query(self, sql, values):
        rows = []
        values = list(values)
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            rows += self.db.execute(sql.format(marks=", ".join("?" * len(chunk))),
                                    chunk).fetchall()
        return rows

    def look_up(self, urls):
        """Find where each of ``urls`` (absolute) is; then ask :meth:`image` and :meth:`link`."""
        urls = set(urls)
        variants = {u: self.variants(u) for u in urls}
        every = {v for vs in variants.values() for v in vs}
        media = dict(self._query("select url, id from media where capture_id is not null "
                                 "and url in ({marks})", every))
        pages = dict(self._query("select url, max(id) from captures where status = 200 "
                                 "and url in ({marks}) group by url", every))
        ids = {u: article_id(u) for u in urls}
        articles = {r[0]: r[1] for r in self._query(
            "select id, capture_id from articles where id in ({marks})",
            {i for i in ids.values() if i})}
        for url, options in variants.items():
            self.media[url] = next((media[v] for v in options if v in media), None)
            self.pages[url] = next((pages[v] for v in options if v in pages), None)
            if ids[url] in articles:
                self.articles[url] = (ids[url], articles[ids[url]])

    def image(self, url):
        """The archive's path of an image, or None."""
        media_id = self.media.get(url)
        return f"{self.paths.media}{media_id}" if media_id else None

    def link(self, url):
        """Where a link leads in the archive: the latest capture of the article it names, or of
        the page, a file, or the page saying it is not archived."""
        if url in self.articles:
            aid, capture_id = self.articles[url]
            return (f"{self.paths.capture}{capture_id}" if capture_id
                    else f"{self.paths.article}{aid}")
        if self.media.get(url):
            return f"{self.paths.media}{self.media[url]}"
        if self.pages.get(url):
            return f"{self.paths.capture}{self.pages[url]}"
        return f"{self.paths.not_archived}?" + urlencode({"url": url})
