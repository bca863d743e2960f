"""A progress line on stderr: how many articles are archived and how many requests were made.

On a terminal it rewrites one line; elsewhere (CI, logs) it prints a line every few seconds.
Enabled by ``ARCHIVE_PROGRESS`` (the CLI turns it on).
"""

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured


class ProgressLine:
    def __init__(self, stats, stream=None, every=0.2):
        self.stats = stats
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = every if self.tty else 5.0
        self.last = 0.0
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ARCHIVE_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.tick, signal=signals.item_scraped)
        crawler.signals.connect(ext.tick, signal=signals.response_received)
        crawler.signals.connect(ext.done, signal=signals.spider_closed)
        return ext

    def line(self):
        get = self.stats.get_value
        archived = sum(get(f"archive/{k}", 0) for k in ("new", "changed", "unchanged"))
        return (f"articles {archived} (new {get('archive/new', 0)}), "
                f"media {get('archive/media', 0)}, "
                f"requests {get('downloader/request_count', 0)}, "
                f"failed {get('archive/failed', 0)}, "
                f"{time.monotonic() - self.started:.1f}s")

    def tick(self, *args, **kwargs):
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        self.stream.write(("\r" if self.tty else "") + self.line() + ("" if self.tty else "\n"))
        self.stream.flush()

    def done(self, *args, **kwargs):
        self.stream.write(("\r" if self.tty else "") + self.line() + "\n")
        self.stream.flush()
