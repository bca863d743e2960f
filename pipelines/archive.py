"""The Scrapy side of storage: records every response as a capture and stores every item.

Wired by settings (``ITEM_PIPELINES``, ``ARCHIVE_DB``). Captures are recorded on the
``response_received`` signal, before the spider parses the page, so the raw bytes are kept even
when parsing fails, and the article row can point to the capture it came from.
"""

from datetime import datetime

from scrapy import signals

import logging
from pathlib import Path

from thanhuy_archive.records import DOUBT_FLAGS
from crawler.items import ArticleCapture, ArticleGone, ArticleUnchanged, FetchFailure, PageDone
from crawler.urls import article_id
from crawler.site import VIETNAM_TZ
from pipelines.storage import Archive
from pipelines.warc import RevisitTarget, WarcWriter, payload_digest, recover

log = logging.getLogger(__name__)

COUNTED = ("new", "changed", "unchanged", "removed", "failed", "flagged")


class ArchivePipeline:
    def __init__(self, db_path, site, crawler, warc_dir=None):
        self.db_path = db_path
        self.warc_dir = warc_dir or warc_dir_for(db_path)
        self.warc = None
        self.site = site
        self.crawler = crawler
        self.archive = None
        self.run_id = None
        self.counts = dict.fromkeys(COUNTED, 0)

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler.settings.get("ARCHIVE_DB"),
                       crawler.settings.get("ARCHIVE_SITE") or "live", crawler,
                       crawler.settings.get("ARCHIVE_WARC_DIR") or None)
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        crawler.signals.connect(pipeline.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(pipeline.request_dropped, signal=signals.request_dropped)
        return pipeline

    def open_spider(self, spider=None):
        self.archive = Archive(self.db_path)
        # A killed crawl may have left a torn record at the end of its WARC file: set it aside
        # before writing on (the writer always starts a new file).
        for path in recover(self.warc_dir, newest=None):
            log.warning("set aside a truncated WARC tail: %s", path)
        self.warc = WarcWriter(self.warc_dir)
        options = {k: self.crawler.settings.get(k) for k in (
            "ARCHIVE_MAX_ARTICLES", "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN")}
        self.run_id = self.archive.start_run(self.site, options)
        self.crawler.stats.set_value("archive/run_id", self.run_id)

    def close_spider(self, spider=None):
        stats = self.crawler.stats
        requests = stats.get_value("downloader/request_count", 0)
        seen = self.counts["new"] + self.counts["changed"] + self.counts["unchanged"]
        status, message = run_verdict(
            self.counts,
            finish_reason=stats.get_value("finish_reason"),
            article_links=stats.get_value("archive/article_links", 0),
            previous_flagged_share=self.archive.flagged_share(before_run=self.run_id),
        )
        self.archive.end_run(self.run_id, status, message, requests=requests,
                             articles_seen=seen, **self.counts)
        if status == "ok":
            self.archive.clear_frontier()
        self.warc.close()
        stats.set_value("archive/status", status)
        stats.set_value("archive/message", message)

    # The frontier: a request is pending from when it is scheduled until its page is fully
    # handled (article stored, links scheduled: PageDone) or its failure is recorded, so a
    # killed crawl can resume where it stopped.

    def request_scheduled(self, request, spider=None):
        referer = request.headers.get("Referer")
        self.archive.schedule(request.url, run_id=self.run_id,
                              discovered_from=referer.decode("latin-1") if referer else None)

    def request_dropped(self, request, spider=None):
        self.archive.unschedule(request.url)

    def response_received(self, response, request, spider=None):
        aid = article_id(response.url)
        # The spider follows redirects itself (dont_redirect), so a 3xx arrives here: a legacy
        # URL answering with an article's address is remembered as that article's alias.
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = article_id(response.urljoin(location.decode("latin-1")))
            if target is not None and aid is None:
                self.archive.record_aliases([response.url], target)
        fetched = datetime.now(VIETNAM_TZ).replace(microsecond=0)
        referer = request.headers.get("Referer")
        # Same payload as an earlier capture of this URL, or a 304: a WARC revisit record.
        original = self.archive.original_capture(
            response.url, None if response.status == 304 else payload_digest(response.body))
        record = self.warc.write_exchange(
            url=response.url,
            method=request.method,
            request_headers=[(k, v) for k, vs in request.headers.items() for v in vs],
            status=response.status,
            response_headers=[(k, v) for k, vs in response.headers.items() for v in vs],
            body=response.body,
            fetched_at=fetched,
            http_version=response.protocol or "HTTP/1.1",
            ip=str(response.ip_address) if response.ip_address else None,
            revisit_of=RevisitTarget(original["warc_record_id"], original["url"],
                                     original["fetched_at"], original["digest"])
            if original else None,
        )
        request.meta["capture_id"] = self.archive.record_capture(
            url=response.url,
            status=response.status,
            headers={k.decode("latin-1"): [v.decode("latin-1") for v in vs]
                     for k, vs in response.headers.items()},
            body=response.body,
            run_id=self.run_id,
            fetched_at=fetched.isoformat(),
            warc=record,
            revisit_of=original["id"] if record.record_type == "revisit" else None,
            article_id=aid,
            content_type=response.headers.get("Content-Type", b"").decode("latin-1") or None,
            discovered_from=referer.decode("latin-1") if referer else None,
            duration_ms=round(request.meta.get("download_latency", 0) * 1000),
        )

    def process_item(self, item, spider=None):
        stats = self.crawler.stats
        if isinstance(item, ArticleCapture):
            outcome = self.archive.store_article(
                item.article, capture_id=item.capture_id, run_id=self.run_id,
                fetched_at=item.fetched_at).outcome
            self.counts[outcome] += 1
            stats.inc_value(f"archive/articles_{outcome}")
            if set(item.article.flags) & set(DOUBT_FLAGS):
                self.counts["flagged"] += 1
                stats.inc_value("archive/articles_flagged")
        elif isinstance(item, PageDone):
            for url in item.urls:
                self.archive.unschedule(url)
        elif isinstance(item, ArticleUnchanged):
            self.archive.touch_article(item.article_id, fetched_at=item.fetched_at)
            self.counts["unchanged"] += 1
            stats.inc_value("archive/articles_unchanged")
        elif isinstance(item, ArticleGone):
            if self.archive.mark_removed(item.article_id, when=item.fetched_at):
                self.counts["removed"] += 1
                stats.inc_value("archive/articles_removed")
        elif isinstance(item, FetchFailure):
            self.archive.unschedule(item.url)
            self.archive.log_failure(run_id=self.run_id, url=item.url, message=item.message,
                                     status=item.status, discovered_from=item.discovered_from,
                                     outcome=item.outcome)
            if item.outcome in ("failed", "parse-error"):
                self.counts["failed"] += 1
            stats.inc_value(f"archive/fetch_{item.outcome}")
        return item


# A run's flagged share may rise to this before it alarms, or to twice the previous runs' share.
FLAGGED_SHARE_ALARM = 0.2
FLAGGED_MIN_ARTICLES = 5


def warc_dir_for(db_path):
    """WARC files live beside the archive: archive.db -> archive-warc/."""
    path = Path(db_path)
    return path.with_name(f"{path.stem}-warc")


def run_verdict(counts, *, finish_reason, article_links, previous_flagged_share):
    """('ok', '') or ('failed', one-line reason): the monitor an archivist hangs an alert on.

    An incremental run that finds nothing new is fine; a run that finds no article link at
    all, or that parses pages into flagged (doubtful) articles far more often than before,
    means the site is down or its layout changed."""
    if finish_reason not in (None, "finished"):
        return "failed", f"the crawl ended early: {finish_reason}"
    if article_links == 0:
        return "failed", ("no article link was found: the site may be down, blocking us, "
                          "or its layout changed")
    parsed = counts["new"] + counts["changed"]
    if parsed >= FLAGGED_MIN_ARTICLES:
        share = counts["flagged"] / parsed
        if share > max(FLAGGED_SHARE_ALARM, 2 * previous_flagged_share):
            return "failed", (f"{counts['flagged']} of {parsed} articles were flagged by the "
                              f"extractor ({share:.0%}, previously {previous_flagged_share:.0%}):"
                              " the layout may have changed")
    return "ok", ""
