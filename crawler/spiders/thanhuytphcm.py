"""The portal's spider: it discovers links and schedules requests, nothing else.

Discovery is generic because the portal's listing markup is unknown: from the home page it
follows every in-scope link (menus, listings, pagination, related news), article links first,
reads robots.txt ``Sitemap:`` lines (sitemap indexes and gzipped sitemaps included) and
RSS/Atom feeds linked from pages. An article is its numeric id (``crawler.fingerprint``), so
each article is fetched once.

What it does not do, and who does:

* which archived articles to re-check, which listings to walk on: the policy
  (``ARCHIVE_POLICY``, ``crawler.policy``), built from the archive;
* where links may lead and how many: the trap guards and caps (``crawler.traps``), and what
  may be requested at all (``crawler.middlewares.ScopeGuard``);
* what a response is and means: its capture (``crawler.capture``), stored by the pipeline
  (``pipelines.archive``), which extracts the article from it.

An article page's images and attached documents (``crawler.extract.media_urls``) are fetched
with it, in their own download slot (``media`` in ``DOWNLOAD_SLOTS``: two at a time)
and under a size cap (``ARCHIVE_MAX_MEDIA_MB``); ``ARCHIVE_MEDIA = False`` (``--no-media``)
skips them. A crawl first fetches the images and documents archived articles link to that no
crawl has had an answer for yet (left when a crawl stopped, or lost to a network error): a
resumed crawl does not fetch those articles again, and must not lose their files.

The spider follows redirects itself (``dont_redirect``), so that a redirect's target obeys the
same policy and guards as any link, and the redirect itself is archived; a redirect to another
URL of the same article is always followed (a changed slug, another host name, http to https).
"""

import gzip
import io
import re
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import load_object
from scrapy.utils.sitemap import Sitemap

from crawler.capture import referer_of
from crawler.extract import media_urls
from crawler.items import Cut, FetchFailure, MediaLinks
from crawler.middlewares import OutOfScope
from crawler.site import HOME_URL
from crawler.urls import article_id, canonical_url, fetch_url, onto_host

NOT_PAGES = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|mov|"
    r"wmv|flv|css|js|woff2?|ttf|eot)$",
    re.IGNORECASE,
)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/x-gzip", "application/gzip")
FEED_ROOTS = (b"<rss", b"<urlset", b"<sitemapindex", b"<feed", b"<rdf:rdf")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
GZIP_MAGIC = b"\x1f\x8b"
# A gzipped sitemap may not unpack to more than this: a decompression bomb is cut short.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024

ARTICLE_PRIORITY = 10  # articles before listings: a capped crawl archives articles, not menus
FEED_PRIORITY = 5
MEDIA_SLOT = "media"  # every image and document shares one download slot (DOWNLOAD_SLOTS)


class ThanhuytphcmSpider(scrapy.Spider):
    name = "thanhuytphcm"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = None  # a mirror's root URL, or None for the live portal
        self.policy = None
        self.scheduled = set()  # article ids scheduled in this run
        self.shown = defaultdict(set)  # listing path -> article ids its pages linked
        self.media = True
        self.max_media_bytes = 0

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.site = crawler.settings.get("ARCHIVE_SITE") or None
        spider.policy = load_object(crawler.settings["ARCHIVE_POLICY"]).from_crawler(crawler)
        spider.media = crawler.settings.getbool("ARCHIVE_MEDIA")
        spider.max_media_bytes = int(crawler.settings.getfloat("ARCHIVE_MAX_MEDIA_MB") * 2**20)
        return spider

    @property
    def start_url(self):
        return self.site or HOME_URL

    # -- requests -----------------------------------------------------------------------------

    async def start(self):
        # Only robots.txt at first: Scrapy's RobotsTxtMiddleware lets through requests that
        # arrive while robots.txt is still downloading, so everything else is seeded once it is
        # in (parse_robots) or has failed (robots_failed).
        yield scrapy.Request(urljoin(self.start_url, "/robots.txt"), callback=self.parse_robots,
                             errback=self.robots_failed, dont_filter=True,
                             meta={"dont_redirect": True})

    def seeds(self):
        """The start page, every archived article with --full, what a stopped crawl left
        pending, and the images and documents of archived articles no crawl has had an answer
        for (all of them on this run's host: a mirror may have moved port)."""
        yield self.page_request(self.start_url, start_page=True)
        # Images and documents left pending are fetched as media (a page request for one
        # would store it as a page, and filter out the media request for the same URL).
        pending = self.policy.pending
        pages = [(url, referer) for url, referer, kind in pending if kind is None]
        if self.media:
            for url, kind, referer in self.policy.unfetched_media + [
                    (u, kind, ref) for u, ref, kind in pending if kind is not None]:
                url = fetch_url(self.on_this_site(url), self.site, media=True)
                if url is not None:
                    request = self.media_request(url, kind)
                    if referer:
                        request.headers["Referer"] = self.on_this_site(referer)
                    yield request
        archived = self.policy.archived_urls() if self.policy.full else []
        if pending:
            self.logger.info("resuming: %d URLs were pending when the last crawl stopped",
                             len(pending))
        for url, referer in [(u, None) for u in archived] + pages:
            request = self.follow(self.on_this_site(url))
            if request is not None:
                if referer:
                    request.headers["Referer"] = referer
                yield request

    def on_this_site(self, url):
        if self.site and fetch_url(url, self.site) is None:
            site = urlsplit(self.site)
            return onto_host(url, site.netloc, site.scheme)
        return url

    def page_request(self, url, **meta):
        return scrapy.Request(url, callback=self.parse_page, errback=self.on_error,
                              meta={"dont_redirect": True, **meta})

    def article_of(self, url):
        """The article a link leads to: its id, or the id a legacy URL redirected to."""
        aid = article_id(url)
        return aid if aid is not None else self.policy.article_of(url)

    def linked_ids(self, links) -> set:
        """The ids of the articles ``links`` lead to."""
        return {aid for aid in map(self.article_of, links) if aid is not None}

    def follow(self, link, *, same_article=False):
        """A request for a discovered link, or None (out of scope, not a page, or an article
        the policy does not want or that is already scheduled). ``same_article``: the link is
        a redirect's target with the same article id; it is fetched even though its id is
        scheduled already (it is that very fetch)."""
        url = fetch_url(link, self.site)
        if url is None or NOT_PAGES.search(urlsplit(url).path):
            return None
        url = canonical_url(url)
        aid = self.article_of(url)
        if aid is None:
            return self.page_request(url)
        if not same_article and (aid in self.scheduled or not self.policy.wants(aid)):
            return None
        self.scheduled.add(aid)
        request = self.page_request(url).replace(priority=ARTICLE_PRIORITY,
                                                 dont_filter=same_article)
        for name, value in self.policy.validators(aid).items():
            request.headers[name] = value
        return request

    def media_requests(self, response):
        """The article's images and documents: a MediaLinks item, then a request for each
        one the policy wants (new ones; every one with --full, conditionally)."""
        found = media_urls(response.body, response.url,
                           response.headers.get("Content-Type", b"").decode("latin-1"))
        kinds = {}
        for kind, urls in (("image", found.images), ("attachment", found.attachments)):
            for link in urls:
                url = fetch_url(link, self.site, media=True)
                if url is not None:
                    kinds.setdefault(canonical_url(url), kind)
        yield MediaLinks(article_id(response.url),
                         [u for u, k in kinds.items() if k == "image"],
                         [u for u, k in kinds.items() if k == "attachment"])
        for url, kind in kinds.items():
            if self.policy.wants_media(url):
                yield self.media_request(url, kind)

    def media_request(self, url, kind):
        return scrapy.Request(url, callback=self.parse_media, errback=self.on_error,
                              headers=self.policy.media_validators(url),
                              meta={"media": kind, "download_slot": MEDIA_SLOT,
                                    "download_maxsize": self.max_media_bytes})

    def parse_media(self, response):
        return ()  # an image or a document: its capture is all there is

    # -- callbacks ----------------------------------------------------------------------------

    def parse_page(self, response):
        if response.status in REDIRECT_STATUSES:
            yield from self.follow_redirect(response)
            return
        if response.status != 200 or not response.body:
            return  # 304, 404, 5xx...: nothing to discover; the capture says what happened
        if _is_feed(response):
            yield from self.parse_feed(response)
            return
        if not isinstance(response, TextResponse):
            return  # not text: nothing to follow
        if self.media and article_id(response.url) is not None:
            yield from self.media_requests(response)
        links = [response.urljoin(h.strip()) for h in response.xpath(
            "//a/@href | //link[@rel='next' or @rel='alternate' or @rel='canonical' or "
            "@rel='amphtml']/@href").getall()]
        linked = self.linked_ids(links)
        new = {aid for aid in linked if self.policy.is_new(aid)}
        fresh = new - self.scheduled
        # For the trap guards: a listing page that shows articles new to the archive, and new
        # to that listing, is content, even when another page of this run (a sitemap, another
        # section) scheduled them first; endless pages repeating one article are not.
        listing = self.shown[urlsplit(response.url).path]
        response.meta["links_new_articles"] = bool(new - listing)
        listing |= linked
        self.crawler.stats.inc_value("archive/article_links", len(linked))
        walk_on = self.policy.walks_on(linked, fresh,
                                       start_page=response.meta.get("start_page", False))
        for link in links:
            if walk_on or self.article_of(link) is not None:
                request = self.follow(link)
                if request is not None:
                    yield request

    def follow_redirect(self, response):
        """A 3xx answer: its target is a link like any other (scope, policy, guards), keeping
        the chain it belongs to, the callback and the start-page mark."""
        location = response.headers.get("Location")
        if not location:
            return  # the capture records a redirect that leads nowhere
        target = response.urljoin(location.decode("latin-1").strip())
        aid = article_id(response.url)
        request = self.follow(target, same_article=aid is not None and aid == article_id(target))
        if request is None:
            return
        request.meta["redirect_chain"] = [*response.meta.get("redirect_chain", []), response.url]
        request.meta["barren"] = response.meta.get("barren", 0)
        if response.meta.get("start_page"):
            request.meta["start_page"] = True
        yield request.replace(callback=response.request.callback,
                              priority=max(request.priority, response.request.priority))

    def parse_robots(self, response):
        yield from self.seeds()
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        for line in response.text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                request = self.follow(response.urljoin(value.strip()))
                if request is not None:
                    yield request.replace(priority=FEED_PRIORITY)

    def robots_failed(self, failure):
        yield from self.on_error(failure)
        yield from self.seeds()

    def parse_feed(self, response):
        """Sitemaps (urlset and sitemapindex, gzipped or not) and RSS/Atom feeds."""
        body = _gunzipped(response.body)
        try:
            entries = [entry.get("loc", "") for entry in Sitemap(body)]
        except Exception:  # malformed XML is recorded by the capture; nothing to follow
            entries = []
        if not entries:
            sel = scrapy.Selector(text=body.decode("utf-8", "replace"), type="xml")
            sel.remove_namespaces()
            entries = sel.xpath("//item/link/text() | //entry/link/@href").getall()
        links = [response.urljoin(loc.strip()) for loc in entries if loc.strip()]
        self.crawler.stats.inc_value("archive/article_links", len(self.linked_ids(links)))
        for link in links:
            # Sub-sitemaps, listings and articles alike: parse_page tells them apart by content.
            request = self.follow(link)
            if request is not None:
                yield request.replace(priority=max(request.priority, FEED_PRIORITY))

    def on_error(self, failure):
        """A request that got no response at all. One refused before it was sent (robots.txt,
        the scope guard) is a link not followed: counted, like a cap, not a failure."""
        request = failure.request
        referer = referer_of(request)
        if failure.check(OutOfScope):
            yield Cut(request.url, "out-of-scope", referer)
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            yield Cut(request.url, "robots.txt", referer)
            return
        message = f"{failure.type.__name__}: {failure.value}"
        self.logger.warning("failed %s: %s", request.url, message)
        yield FetchFailure(request.url, message, referer)


def _gunzipped(body):
    """A gzipped sitemap's XML (served as application/x-gzip, or .xml.gz), at most
    MAX_SITEMAP_BYTES of it; other bodies unchanged."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as unpacked:
            return unpacked.read(MAX_SITEMAP_BYTES)
    except (OSError, EOFError):
        return b""


def _is_feed(response):
    """A sitemap or RSS/Atom feed, by its content type, gzip magic or root element. An XHTML
    page may begin with <?xml too: it is a page."""
    content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    if "html" in content_type:
        return False
    if any(t in content_type for t in FEED_TYPES) or response.body.startswith(GZIP_MAGIC):
        return True
    head = response.body[:1024].lower()
    return b"<html" not in head and any(root in head for root in FEED_ROOTS)
