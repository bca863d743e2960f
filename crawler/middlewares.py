"""Downloader middlewares: what may be requested at all, and how the server's refusals are met.

``ScopeGuard`` stands first in the downloader chain, so it sees every request the crawl sends:
the spider's, the robots.txt middleware's, and every redirect Scrapy follows for them (a
robots.txt answering ``302`` to ``http://127.0.0.1:<another port>/admin/secret`` must not be
followed). Nothing leaves the portal's hosts, or the mirror's host and port under ``--site``.

``ServerBackoff`` honours ``Retry-After`` on 429 and 503 answers: the refused page is asked
again (Scrapy's RetryMiddleware retries it) only once the time the server asked for has passed
(at most ``ARCHIVE_MAX_RETRY_AFTER`` seconds), and the host's download slot spaces its next
requests by that much too, so while the server keeps refusing the whole crawl of that host
slows down; the first answer that is not a refusal restores the usual pace.

``EmptyArticleRetry`` retries an article page that answers ``200`` with nothing in it (a
server that hiccupped): such a page is never stored as the article's content. A page cut short
(fewer bytes than its Content-Length) is retried by Scrapy itself (``DOWNLOAD_FAIL_ON_DATALOSS``).
"""

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.urls import article_id, in_scope

log = logging.getLogger(__name__)


class OutOfScope(IgnoreRequest):
    """A request to a host the crawl may not contact."""


class ScopeGuard:
    def __init__(self, site=None):
        self.site = site or None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("ARCHIVE_SITE"))

    def process_request(self, request, spider=None):
        if not in_scope(request.url, self.site):
            log.warning("not requested, out of scope: %s", request.url)
            raise OutOfScope(f"out of scope: {request.url}")
        return None


def retry_after_seconds(value, now=None):
    """The wait a Retry-After header asks for, in seconds (a number, or an HTTP date), or None.

    >>> retry_after_seconds(b"120")
    120.0
    >>> retry_after_seconds("Fri, 15 Nov 2024 08:00:30 GMT",
    ...                     now=datetime(2024, 11, 15, 8, 0, tzinfo=timezone.utc))
    30.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class ServerBackoff:
    REFUSALS = (429, 503)

    def __init__(self, crawler, max_wait=120.0):
        self.crawler = crawler
        self.max_wait = max_wait
        self.base_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.slowed = set()  # slots whose delay a refusal raised

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getfloat("ARCHIVE_MAX_RETRY_AFTER"))

    async def process_response(self, request, response, spider=None):
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        wait = None
        if response.status in self.REFUSALS:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is not None:
            wait = min(wait, self.max_wait)
            if slot is not None:  # the host's next requests are spaced out as asked
                slot.delay = max(slot.delay, wait)
                self.slowed.add(key)
            log.info("%s answered %s: waiting %.1f s before asking again", key,
                     response.status, wait)
            # This page's retry (Scrapy's RetryMiddleware, next in the chain) waits it out.
            from twisted.internet import reactor  # Scrapy's, installed by now (not at import)

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        elif key in self.slowed and slot is not None:
            slot.delay = self.base_delay
            self.slowed.discard(key)
        return response


class EmptyArticleRetry:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if response.status == 200 and not response.body.strip() and \
                article_id(response.url) is not None:
            retry = get_retry_request(request, spider=self.crawler.spider, reason="empty page")
            if retry is not None:
                return retry
        return response
