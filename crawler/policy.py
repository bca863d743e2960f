"""The incremental policy: which archived articles to re-check and which listings to walk on.

Built once per crawl from the archive's state, as Scrapy's HTTP cache builds its policy and its
storage from two settings: ``ARCHIVE_POLICY`` names this class, ``ARCHIVE_STORAGE`` the
archive class whose ``crawl_state()`` it reads (``pipelines.storage.Archive``). The spider only
asks it questions; it never opens the archive.

On an archive that already has articles (``--full`` turns all of this off):

* an article id not in the archive is fetched;
* an archived article is re-checked only when it is recent (published, or if undated first
  seen, within ``ARCHIVE_RECHECK_DAYS``) and was last fetched more than
  ``ARCHIVE_RECHECK_AFTER_HOURS`` ago, with a conditional GET (``If-None-Match`` /
  ``If-Modified-Since`` from its last capture), so an unchanged page costs a 304;
* a listing page is walked on (its non-article links followed) only when it links an article
  that is new to the archive and to this run: its pagination leads to older, archived
  articles otherwise. The start page is always walked;
* a crawl that stopped early resumes its pending URLs, and walks everything while it does.

>>> from datetime import datetime
>>> from crawler.site import VIETNAM_TZ
>>> from pipelines.storage import CrawlState, KnownArticle
>>> now = datetime(2024, 11, 15, 12, 0, tzinfo=VIETNAM_TZ)
>>> old = KnownArticle("u", "2024-01-02", "2024-01-02T08:00:00+07:00",
...                    "2024-01-02T08:00:00+07:00", None, '"e1"', None)
>>> fresh = old._replace(published_at="2024-11-14T09:00:00+07:00",
...                      last_fetched_at="2024-11-14T10:00:00+07:00")
>>> policy = RecheckPolicy(CrawlState(known={1: old, 2: fresh}), now=now)
>>> policy.wants(3), policy.wants(1), policy.wants(2)  # new; old; recent and due
(True, False, True)
>>> policy.validators(2)
{'If-None-Match': '"e1"'}
"""

from __future__ import annotations

from datetime import datetime, timedelta

from scrapy.utils.misc import load_object

from crawler.site import VIETNAM_TZ
from crawler.urls import canonical_url
from thanhuy_archive.records import parse_time

class RecheckPolicy:
    def __init__(self, state, *, full=False, recheck_days=3.0, recheck_after_hours=6.0,
                 now=None, media=False):
        self.known = state.known
        self.dead = state.dead
        self.aliases = state.aliases
        self.pending = list(state.pending)
        self.media = state.media
        self.unfetched_media = list(state.unfetched_media)
        self.media_unknown = state.media_unknown
        self.fetches_media = media
        self.full = full
        self.recheck_window = timedelta(days=recheck_days)
        self.recheck_after = timedelta(hours=recheck_after_hours)
        self.now = now or datetime.now(VIETNAM_TZ)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        storage = load_object(settings["ARCHIVE_STORAGE"])(settings["ARCHIVE_DB"], readonly=True)
        try:
            state = storage.crawl_state()
        finally:
            storage.close()
        return cls(state, full=settings.getbool("ARCHIVE_FULL"),
                   recheck_days=settings.getfloat("ARCHIVE_RECHECK_DAYS"),
                   recheck_after_hours=settings.getfloat("ARCHIVE_RECHECK_AFTER_HOURS"),
                   media=settings.getbool("ARCHIVE_MEDIA"))

    @property
    def resuming(self) -> bool:
        return bool(self.pending)

    def wants(self, aid) -> bool:
        """Whether to fetch article ``aid`` in this run."""
        if self.full:
            return True
        if aid in self.dead:
            return False  # a dead link a sidebar repeats; --full tries it again
        known = self.known.get(aid)
        if known is None:
            return True
        if known.removed_at:
            return False
        last = parse_time(known.last_fetched_at)
        if last and self.now - last.when < self.recheck_after:
            return False
        born = parse_time(known.published_at) or parse_time(known.first_seen_at)
        return bool(born) and self.now - born.when <= self.recheck_window

    def validators(self, aid) -> dict:
        """Headers that let the server answer 304 when an archived article is unchanged; none
        when this crawl fetches images and no crawl that did has fetched the article whole (it
        was archived by a --no-media crawl, or by release 0.1.0): a 304 would not say which
        images it has."""
        known = self.known.get(aid)
        if known is None or (self.fetches_media and aid in self.media_unknown):
            return {}
        return _conditional(known.etag, known.last_modified)

    def wants_media(self, url) -> bool:
        """Whether to fetch an image or document: new ones only, every one with --full."""
        return self.full or url not in self.media

    def media_validators(self, url) -> dict:
        return _conditional(*self.media.get(url, (None, None)))

    def is_new(self, aid) -> bool:
        return aid not in self.known and aid not in self.dead

    def walks_on(self, linked_ids, fresh_ids, *, start_page=False) -> bool:
        """Whether to follow a page's non-article links, given the article ids it links and
        those of them that are new to the archive and not yet scheduled in this run (a "latest
        news" sidebar repeats the same new article on every page: it must not make every
        listing new). A page that links no article at all (a menu, a hub) is walked on; the
        trap guards (``crawler.traps``) bound where that leads."""
        if self.full or self.resuming or not self.known or start_page:
            return True
        return not linked_ids or bool(fresh_ids)

    def article_of(self, url):
        """The article a non-article URL is known to lead to (a legacy URL that redirected)."""
        return self.aliases.get(canonical_url(url))

    def archived_urls(self):
        """Every archived article's stored URL (what ``--full`` re-checks)."""
        return [known.url for known in self.known.values()]


def _conditional(etag, last_modified) -> dict:
    """The headers of a conditional GET from a capture's ETag and Last-Modified (either may be
    missing)."""
    return {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
