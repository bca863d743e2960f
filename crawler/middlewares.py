"""Downloader middlewares: what may be requested at all, and how the server's refusals are met.

``ScopeGuard`` stands first in the downloader chain, so it sees every request the crawl sends:
the spider's, the robots.txt middleware's, and every redirect Scrapy follows for them (a
robots.txt answering ``302`` to ``http://127.0.0.1:<another port>/admin/secret`` must not be
followed). Nothing leaves the portal's hosts, or the mirror's host and port under ``--site``.
"""

import logging

from scrapy.exceptions import IgnoreRequest

from crawler.urls import in_scope

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
