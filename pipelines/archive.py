"""The Scrapy side of storage: every capture, failure and cut of a crawl into the archive.

Wired by settings (``ITEM_PIPELINES``; ``ARCHIVE_STORAGE`` names the archive class,
``ARCHIVE_DB`` its file). What it receives (see ``crawler.capture`` and ``crawler.items``):

* a :class:`~thanhuy_archive.records.Capture` for every response: written to the WARC file
  (a revisit record when it repeats an earlier payload or answers 304), then, in one
  transaction, its ``captures`` and ``crawl_log`` rows, the article extracted from it (new,
  changed or unchanged; removed on 404/410), the run's counts, and its URL leaves the frontier;
* the ``MediaLinks`` of an article page (which images and documents it references); an
  attached document's text is read (``thanhuy_archive.documents``, in a child process under a
  time and memory limit) and stored in ``attachments`` for search;
* a ``FetchFailure`` (no response) or a ``Cut`` (a link a trap guard or cap did not follow).

Every write runs on one writer thread, in the order the crawl produced them, so a slow or
locked database never blocks the crawler's event loop: a write waits for a lock up to
``BUSY_TIMEOUT_MS``, while Scrapy holds back new downloads once enough pages wait to be stored.
A write that fails (a full disk, a lock that outlasts the wait, a damaged file) stops the crawl
at once; whatever was not stored stays pending in the frontier, and the run ends ``failed``
with one line saying why. Nothing is lost: the next crawl fetches what is pending.

After the run, the CDXJ index beside the WARC files is brought up to date
(``pipelines.replay_index``), so pywb can replay the archive's folder as it is.

The run's verdict is given when the spider closes, from Scrapy's close reason: ``finished``
-> ``ok`` (or ``failed`` when the monitor's checks fail, see :func:`run_verdict`);
``shutdown`` (SIGTERM, SIGINT, Ctrl-C) -> ``interrupted``, its pending URLs kept for the next
crawl; a storage failure or any other early end -> ``failed``.
"""

import logging
from collections import Counter

from scrapy import signals
from scrapy.utils.misc import load_object
from twisted.internet import reactor, threads
from twisted.python.threadpool import ThreadPool

from crawler.capture import referer_of
from crawler.extract import extract_article
from crawler.items import Cut, FetchFailure, MediaLinks
from crawler.traps import COUNTED_ONLY
from pipelines.replay_index import update_index
from thanhuy_archive.documents import ExtractionPool, Limits
from thanhuy_archive.records import Capture

log = logging.getLogger(__name__)

# A run's flagged share may rise to this before it alarms, or to twice the previous runs' share.
FLAGGED_SHARE_ALARM = 0.2
FLAGGED_MIN_ARTICLES = 5
STORAGE_FAILED = "storage-failed"


class ArchivePipeline:
    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.db_path = settings.get("ARCHIVE_DB")
        self.storage_class = load_object(settings["ARCHIVE_STORAGE"])
        self.site = settings.get("ARCHIVE_SITE") or "live"
        self.warc_dir = settings.get("ARCHIVE_WARC_DIR") or None
        self.options = {k: settings.get(k) for k in (
            "ARCHIVE_MAX_ARTICLES", "ARCHIVE_MAX_PAGES", "ARCHIVE_FULL", "DOWNLOAD_DELAY",
            "CONCURRENT_REQUESTS_PER_DOMAIN")}
        # Read by the next crawl: articles no run with media has fetched (crawl_state)
        self.options["ARCHIVE_MEDIA"] = settings.getbool("ARCHIVE_MEDIA")
        self.archive = None
        self.run_id = None
        self.failure = None  # the first storage failure, as one line: the crawl stops on it
        self.cut = Counter()
        self.cut_logged = set()
        self.scheduled = set()  # request fingerprints already in the frontier this run
        self.writer = ThreadPool(minthreads=1, maxthreads=1, name="archive-writer")
        self.reader = ThreadPool(minthreads=1, maxthreads=1, name="document-reader")
        self.documents = None  # the pool of child processes that read attached documents

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # -- the writer thread ----------------------------------------------------------------------

    def _in_writer(self, function, *args):
        """Run ``function`` on the writer thread, after every write queued before it."""
        return threads.deferToThreadPool(reactor, self.writer, function, *args)

    def _guarded(self, function):
        """Wrap a write: after the first failure nothing more is written (what was not
        stored stays pending) and the crawl is stopped."""
        def run(*args):
            if self.failure is not None:
                return None
            try:
                return function(*args)
            except Exception as e:  # noqa: BLE001 - any failure to store is fatal to the run
                self.failure = f"the archive could not be written: {_one_line(e)}"
                log.error("%s; stopping the crawl (what was not stored stays pending)",
                          self.failure)
                reactor.callFromThread(self._stop)
                return None
        return run

    def _stop(self):
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            engine.close_spider(engine.spider, STORAGE_FAILED)

    # -- lifecycle ----------------------------------------------------------------------------

    def open_spider(self, spider=None):
        self.writer.start()
        self.reader.start()
        self.documents = ExtractionPool(workers=1, limits=Limits(
            max_bytes=int(self.crawler.settings.getfloat("ARCHIVE_MAX_MEDIA_MB") * 2**20)))
        self.archive = self.storage_class(self.db_path, warc_dir=self.warc_dir)
        for path in self.archive.recover_warc():  # a killed crawl's torn last record
            log.warning("set aside a truncated WARC tail: %s", path)
        self.run_id = self.archive.start_run(self.site, self.options)
        self.crawler.stats.set_value("archive/run_id", self.run_id)

    def close_spider(self, spider=None):
        pass  # the verdict needs Scrapy's close reason: see spider_closed

    def spider_closed(self, spider, reason):
        return self._in_writer(self._finish, reason).addBoth(self._stop_writer)

    def _stop_writer(self, result):
        self.writer.stop()
        self.reader.stop()
        self.documents.close()
        return result

    def _finish(self, reason):
        stats = self.crawler.stats
        status, message = "failed", self.failure
        try:
            run = self.archive.run(self.run_id)
            if self.failure is None:
                status, message = run_verdict(
                    run, reason=reason, article_links=stats.get_value("archive/article_links", 0),
                    previous_flagged_share=self.archive.flagged_share(before_run=self.run_id))
            if status == "interrupted":
                message = (f"stopped before the end ({reason}); "
                           f"{self.archive.pending_count()} URLs are pending and the next crawl "
                           "resumes them")
            cut = dict(sorted(self.cut.items()))
            if cut:
                message = "; ".join(filter(None, [message, "cut: " + ", ".join(
                    f"{n} by {guard}" for guard, n in cut.items())]))
            self.archive.end_run(self.run_id, status, message,
                                 requests=stats.get_value("downloader/request_count", 0),
                                 cut=cut)
            self.archive.settle_frontier(finished=status == "ok")
        except Exception as e:  # noqa: BLE001 - the verdict still reaches the command
            status = "failed"
            message = message or f"the archive could not be written: {_one_line(e)}"
            log.error("could not record the end of run %s: %s", self.run_id, _one_line(e))
        finally:
            self.archive.close()
        self._update_replay_index()
        stats.set_value("archive/status", status)
        stats.set_value("archive/message", message or "")
        stats.set_value("archive/cut", dict(self.cut))

    def _update_replay_index(self):
        """The CDXJ index beside the WARC files, brought up to date with this run's files
        (after the writer released them): pywb can replay the archive's folder directly. The
        index is derived from the WARC files; if it cannot be written now, the next crawl
        catches up."""
        if self.archive.warc_dir is None or self.failure is not None:
            return
        try:
            update_index(self.archive.warc_dir)
        except Exception as e:  # noqa: BLE001
            log.warning("could not update the replay index: %s", _one_line(e))

    # -- the frontier: pending from when it is scheduled until its answer is stored -----------

    def request_scheduled(self, request, spider=None):
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        if fingerprint in self.scheduled and not request.dont_filter:
            return  # the duplicate filter drops it; the first one is pending already
        self.scheduled.add(fingerprint)
        self.writer.callInThread(self._guarded(self._schedule), request.url,
                                 referer_of(request), request.meta.get("media"))

    def _schedule(self, url, discovered_from, media):
        self.archive.schedule(url, run_id=self.run_id, discovered_from=discovered_from,
                              media=media)

    # -- items --------------------------------------------------------------------------------

    def process_item(self, item, spider=None):
        if isinstance(item, Capture):
            stored = self._in_writer(self._guarded(self._store_capture), item).addCallback(
                self._counted, item)
            if item.media_kind == "attachment" and item.status == 200:
                # The item is done once its text is stored too: Scrapy keeps the response
                # counted as in progress meanwhile, so large documents never pile up.
                stored.addCallback(self._read_attachment)
            return stored
        if isinstance(item, FetchFailure):
            counts = {"failed": 1}
            self._counted(counts, item)
            return self._in_writer(self._guarded(self._log), item.url, "failed",
                                   item.message, item.discovered_from, counts).addCallback(
                lambda _: item)
        if isinstance(item, MediaLinks):
            return self._in_writer(self._guarded(self._link_media), item).addCallback(
                lambda _: item)
        if isinstance(item, Cut):
            self.cut[item.guard] += 1
            if item.guard not in COUNTED_ONLY and item.url not in self.cut_logged:
                self.cut_logged.add(item.url)
                return self._in_writer(self._guarded(self._log), item.url, "trap", item.guard,
                                       item.discovered_from, {}).addCallback(lambda _: item)
        return item

    def _read_attachment(self, capture):
        """An attached document's text, read on a thread of its own (a child process does the
        reading, under a time and memory limit), then stored by the writer."""
        if self.failure is not None:
            return capture
        d = threads.deferToThreadPool(reactor, self.reader, self.documents.extract,
                                      capture.payload, url=capture.url,
                                      content_type=capture.content_type)
        d.addCallback(lambda document: self._in_writer(
            self._guarded(self.archive.store_attachment), capture.url, capture.digest,
            document))
        return d.addCallback(lambda _: capture)

    def _link_media(self, links):
        self.archive.link_media(links.article_id, images=links.images,
                                attachments=links.attachments)

    def _log(self, url, outcome, message, discovered_from, counts):
        self.archive.log_outcome(run_id=self.run_id, url=url, outcome=outcome, message=message,
                                 discovered_from=discovered_from, counts=counts)

    def _store_capture(self, capture):
        article = None
        if capture.is_article and capture.status == 200 and capture.payload:
            article = extract_article(capture.payload, capture.url,
                                      fetched_at=capture.fetched_at,
                                      content_type=capture.content_type)
        return self.archive.add_capture(capture, run_id=self.run_id, article=article)

    def _counted(self, counts, capture):
        for name, n in (counts or {}).items():
            self.crawler.stats.inc_value(f"archive/{name}", n)
        return capture


def run_verdict(run, *, reason, article_links, previous_flagged_share):
    """(status, one-line reason): the monitor an archivist hangs an alert on.

    An incremental run that finds nothing new is fine; a run that finds no article link at
    all, or that parses pages into flagged (doubtful) articles far more often than before,
    means the site is down or its layout changed. A run stopped by a signal is interrupted."""
    if reason == "shutdown":
        return "interrupted", ""
    if reason != "finished":
        return "failed", f"the crawl ended early: {reason}"
    if article_links == 0:
        return "failed", ("no article link was found: the site may be down, blocking us, "
                          "or its layout changed")
    parsed = (run["new"] or 0) + (run["changed"] or 0)
    if parsed >= FLAGGED_MIN_ARTICLES:
        flagged = run["flagged"] or 0
        share = flagged / parsed
        if share > max(FLAGGED_SHARE_ALARM, 2 * previous_flagged_share):
            return "failed", (f"{flagged} of {parsed} articles were flagged by the extractor "
                              f"({share:.0%}, previously {previous_flagged_share:.0%}): the "
                              "layout may have changed")
    return "ok", ""


def _one_line(error):
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text}" if not str(error).startswith(type(error).__name__) \
        else text
