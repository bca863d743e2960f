"""The portal's spider: decides what to fetch next and hands article pages to the parser.

Discovery is generic because the portal's listing markup is unknown: from the home page it
follows every in-scope link (menus, listings, pagination, related news), article links first,
and reads robots.txt ``Sitemap:`` lines and RSS/Atom feeds linked from pages. Article identity
is the numeric id (see ``crawler.fingerprint``), so each article is fetched once.

Incremental policy, on an archive that already has articles (``--full`` turns it off):

* an article id not in the archive is fetched;
* an archived article is re-checked only when it is recent (published, or if undated first
  seen, within ``ARCHIVE_RECHECK_DAYS``) and was last fetched more than
  ``ARCHIVE_RECHECK_AFTER_HOURS`` ago, with a conditional GET (ETag / Last-Modified) so an
  unchanged page costs a 304;
* a listing page whose article links are all archived is not walked further: its pagination
  leads to older, archived articles. The start page is always walked;
* a crawl that was killed resumes from its pending frontier (see ``pipelines.storage``).
"""

import re
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from crawler.extract import extract_article
from crawler.items import ArticleCapture, ArticleGone, ArticleUnchanged, FetchFailure, PageDone
from crawler.site import HOME_URL, MEDIA_HOST
from crawler.urls import article_id, canonical_url, is_portal_host, onto_host
from crawler.site import VIETNAM_TZ
from pipelines.storage import Archive, now_iso

NOT_PAGES = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|mov|"
    r"wmv|flv|css|js|woff2?|ttf|eot)$",
    re.IGNORECASE,
)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")

ARTICLE_PRIORITY = 10  # articles before listings: a capped crawl archives articles, not menus
FEED_PRIORITY = 5


class ThanhuytphcmSpider(scrapy.Spider):
    name = "thanhuytphcm"

    def __init__(self, site=None, max_articles=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.max_articles = int(max_articles or 0)
        self.scheduled_articles = set()
        self.known = {}  # archived articles, by id (Archive.known_articles)
        self.dead = set()  # ids that answered 404/410 and were never archived
        self.aliases = {}  # canonical URL -> article id, for URLs that redirected to one
        self.pending = []  # a killed crawl's frontier
        self.full = False
        self.recheck_days = 3.0
        self.recheck_after = timedelta(hours=6)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        settings = crawler.settings
        kwargs.setdefault("site", settings.get("ARCHIVE_SITE") or None)
        kwargs.setdefault("max_articles", settings.getint("ARCHIVE_MAX_ARTICLES"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.full = settings.getbool("ARCHIVE_FULL")
        spider.recheck_days = settings.getfloat("ARCHIVE_RECHECK_DAYS")
        spider.recheck_after = timedelta(hours=settings.getfloat("ARCHIVE_RECHECK_AFTER_HOURS"))
        archive = Archive(settings.get("ARCHIVE_DB"))
        spider.known = archive.known_articles()
        spider.dead = archive.dead_article_ids()
        spider.aliases = archive.aliases()
        spider.pending = archive.pending()
        archive.db.close()
        return spider

    @property
    def resuming(self):
        return bool(self.pending)

    def wants(self, aid, now=None):
        """Whether to fetch an article id under the incremental policy."""
        if self.full:
            return True
        if aid in self.dead:
            return False  # a dead link; --full tries it again
        known = self.known.get(aid)
        if known is None:
            return True
        if known["removed_at"]:
            return False
        now = now or datetime.now(VIETNAM_TZ)
        last = _when(known["last_fetched_at"])
        if last and now - last < self.recheck_after:
            return False
        born = _when(known["published_at"]) or _when(known["first_seen_at"])
        return bool(born) and now - born <= timedelta(days=self.recheck_days)

    # -- scope --------------------------------------------------------------------------------

    @property
    def start_url(self):
        return self.site or HOME_URL

    def in_scope(self, url):
        """The URL to fetch for a link, or None when the link is out of scope.

        Against a mirror (``site``), the mirror's host is the only one in scope and stands in
        for every portal host: absolute links to www.hcmcpv.org.vn are fetched from it."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or NOT_PAGES.search(parts.path):
            return None
        host = (parts.hostname or "").lower()
        if self.site:
            site = urlsplit(self.site)
            if parts.netloc.lower() == site.netloc.lower():
                return url
            if is_portal_host(host) or self.known_url(url):
                return onto_host(url, site.netloc, site.scheme)
            return None
        return url if is_portal_host(host) and host != MEDIA_HOST else None

    def known_url(self, url):
        """An archived article's stored URL (a mirror archived earlier may have run on
        another port)."""
        known = self.known.get(article_id(url))
        return known is not None and known["url"] == url

    def article_id(self, url):
        """The article a link leads to: its id, or the id a legacy URL redirected to."""
        aid = article_id(url)
        return aid if aid is not None else self.aliases.get(canonical_url(url))

    @property
    def capped(self):
        return bool(self.max_articles) and len(self.scheduled_articles) >= self.max_articles

    # -- requests -----------------------------------------------------------------------------

    async def start(self):
        # Only robots.txt at first: Scrapy 2.19's RobotsTxtMiddleware lets through requests
        # that arrive while robots.txt is still downloading, so everything else is seeded
        # once it is in (parse_robots) or has failed (robots_failed).
        yield scrapy.Request(
            urljoin(self.start_url, "/robots.txt"), callback=self.parse_robots,
            errback=self.robots_failed, dont_filter=True,
        )

    def seeds(self):
        """The start page, then what a killed crawl had left pending."""
        yield scrapy.Request(self.start_url, callback=self.parse_page, errback=self.on_error,
                             meta={"start_page": True, "dont_redirect": True})
        if self.pending:
            self.logger.info("resuming: %d URLs were pending when the last crawl stopped",
                             len(self.pending))
        if self.full:  # every archived article, linked or not: removals show up only so
            for known in self.known.values():
                request = self.follow(known["url"])
                if request is not None:
                    yield request
        for url, referer in self.pending:
            request = self.follow(url)
            if request is not None:
                if referer:
                    request.headers["Referer"] = referer
                yield request

    def follow(self, url):
        """A request for a discovered link, or None (out of scope, cap reached, archived)."""
        url = self.in_scope(url)
        if url is None or self.capped:
            return None
        aid = self.article_id(url)
        if aid is None:
            return scrapy.Request(canonical_url(url), callback=self.parse_page,
                                  errback=self.on_error, meta={"dont_redirect": True})
        if aid in self.scheduled_articles or not self.wants(aid):
            return None
        self.scheduled_articles.add(aid)
        request = scrapy.Request(canonical_url(url), callback=self.parse_page,
                                 errback=self.on_error, priority=ARTICLE_PRIORITY,
                                 meta={"dont_redirect": True})
        known = self.known.get(aid)
        if known:  # a re-check: let the server answer 304 if nothing changed
            if known["etag"]:
                request.headers["If-None-Match"] = known["etag"]
            if known["last_modified"]:
                request.headers["If-Modified-Since"] = known["last_modified"]
        return request

    # -- callbacks ----------------------------------------------------------------------------

    def parse_page(self, response):
        if 300 <= response.status < 400:
            yield from self.follow_redirect(response)
        else:
            yield from self._parse_page(response)
        yield _done(response)

    def follow_redirect(self, response):
        """A 3xx answer: its target is a link like any other (scope, incremental policy,
        one fetch per article). The callback and the start-page mark go with it."""
        location = response.headers.get("Location")
        if not location:
            yield FetchFailure(response.url, f"HTTP {response.status} without Location",
                               response.status, _referer(response.request))
            return
        request = self.follow(response.urljoin(location.decode("latin-1").strip()))
        if request is not None:
            if response.meta.get("start_page"):
                request.meta["start_page"] = True
            yield request.replace(callback=response.request.callback,
                                  priority=max(request.priority, response.request.priority))

    def _parse_page(self, response):
        fetched_at = now_iso()
        aid = article_id(response.url)
        if response.status == 304 and aid is not None:
            yield ArticleUnchanged(aid, response.url, fetched_at)
            return
        if response.status in (404, 410):
            if aid is not None:
                yield ArticleGone(aid, response.url, response.status, fetched_at)
            else:
                yield FetchFailure(response.url, f"HTTP {response.status}", response.status,
                                   _referer(response.request), outcome="not-found")
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        if _is_feed(response, content_type):
            yield from self._parse_feed(response)
            return
        if aid is not None:
            try:
                article = extract_article(response.body, response.url, fetched_at=fetched_at,
                                          content_type=content_type)
            except Exception as e:  # the raw page is kept; `reparse` can retry it later
                self.logger.exception("extractor failed on %s", response.url)
                yield FetchFailure(response.url, f"extractor error: {e!r}", response.status,
                                   _referer(response.request), outcome="parse-error")
            else:
                yield ArticleCapture(article, response.url, fetched_at,
                                     response.meta.get("capture_id"))
        if not hasattr(response, "xpath"):
            return  # not text: nothing to follow
        links = [response.urljoin(h.strip()) for h in response.xpath(
            "//a/@href | //link[@rel='next' or @rel='alternate']/@href").getall()]
        ids = self.article_ids(links)
        self.crawler.stats.inc_value("archive/article_links", len(ids))
        walk_on = self.walks_on(response, ids)
        for link in links:
            if walk_on or self.article_id(link) is not None:
                request = self.follow(link)
                if request is not None:
                    yield request

    def article_ids(self, links):
        return {self.article_id(link) for link in links} - {None}

    def walks_on(self, response, ids):
        """Whether to follow a page's non-article links (menus, pagination).

        Called before the page's own article links are scheduled. A page is walked on when it
        links an article that is new: not archived, not a known dead link, and not already
        scheduled from another page of this run (a "latest news" sidebar repeats the same new
        article on every page; it must not make every listing look new)."""
        if self.full or self.resuming or not self.known or response.meta.get("start_page"):
            return True
        fresh = ids - self.known.keys() - self.dead - self.scheduled_articles
        # Only archived articles here: pagination goes on to older, archived ones.
        return not ids or bool(fresh)

    def parse_robots(self, response):
        yield from self.seeds()
        if response.status == 200:
            yield from self._parse_robots(response)
        yield _done(response)

    def robots_failed(self, failure):
        yield from self.on_error(failure)
        yield from self.seeds()

    def _parse_robots(self, response):
        for line in response.text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                request = self.follow(response.urljoin(value.strip()))
                if request is not None:
                    yield request.replace(priority=FEED_PRIORITY)

    def _parse_feed(self, response):
        """Sitemaps (urlset and sitemapindex) and RSS/Atom feeds: article links only."""
        body = response.body
        try:
            sitemap = Sitemap(body)
            entries = [entry.get("loc", "") for entry in sitemap]
        except Exception:  # malformed XML is recorded by the capture; nothing to follow
            entries = []
        if not entries:
            sel = scrapy.Selector(text=body.decode("utf-8", "replace"), type="xml")
            sel.remove_namespaces()
            entries = sel.xpath("//item/link/text() | //entry/link/@href").getall()
        self.crawler.stats.inc_value(
            "archive/article_links",
            len(self.article_ids(response.urljoin(loc.strip()) for loc in entries)))
        for loc in entries:
            # Sub-sitemaps, listings and articles alike: parse_page tells them apart by content.
            request = self.follow(response.urljoin(loc.strip()))
            if request is not None:
                yield request

    def on_error(self, failure):
        request = failure.request
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            yield FetchFailure(request.url, str(failure.value) or "ignored", None,
                               _referer(request), outcome="skipped")
            return
        status = failure.value.response.status if failure.check(HttpError) else None
        message = f"HTTP {status}" if status else f"{failure.type.__name__}: {failure.value}"
        self.logger.warning("failed %s: %s", request.url, message)
        yield FetchFailure(request.url, message, status, _referer(request))


def _when(value):
    """An aware datetime from a stored ISO string (a bare day counts as its midnight, +07)."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=VIETNAM_TZ)


def _done(response):
    return PageDone([response.request.url, *response.meta.get("redirect_urls", [])])


def _referer(request):
    value = request.headers.get("Referer")
    return value.decode("latin-1") if value else None


FEED_ROOTS = (b"<rss", b"<urlset", b"<sitemapindex", b"<feed", b"<rdf:rdf")


def _is_feed(response, content_type):
    """A sitemap or RSS/Atom feed, by its content type or root element. An XHTML page may
    begin with <?xml too: it is a page."""
    if "html" in content_type:
        return False
    if any(t in content_type for t in FEED_TYPES):
        return True
    head = response.body[:1024].lower()
    return b"<html" not in head and any(root in head for root in FEED_ROOTS)
