"""Request identity: every URL of one article has one fingerprint.

Scrapy's dupefilter (and its JOBDIR state) then fetch an article once, whichever host name,
slug, tracking query or fragment a link used. Other pages are identified by their canonical URL.
"""

import hashlib

from crawler.urls import article_id, canonical_url


class ArticleIdFingerprinter:
    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def fingerprint(self, request):
        aid = article_id(request.url)
        key = f"article:{aid}" if aid is not None else f"{request.method} {canonical_url(request.url)}"
        return hashlib.sha1(key.encode("utf-8")).digest()
