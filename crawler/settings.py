"""Scrapy settings for the archive. Polite by default: these are the live site's settings.

`thanhuy-archive crawl` overrides a few from its flags (--delay, --concurrency, --db,
--max-articles); a mirror crawl may use --delay 0 --concurrency 8.
"""

BOT_NAME = "thanhuy-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

PROJECT_URL = "https://github.com/thanhuy-archive/thanhuy-archive"
USER_AGENT = f"thanhuy-archive/0.1 (+{PROJECT_URL}; an archive of the HCMC Party Committee portal)"

# Politeness. robots.txt is always obeyed; AutoThrottle adapts the delay to the server's latency.
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 1
CONCURRENT_REQUESTS = 8
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Transient failures are retried. Every other answer reaches the spider and becomes a capture:
# 304 counts as "unchanged", 404/410 record removals, 3xx are followed by the spider itself
# (dont_redirect), so that a redirect's target obeys the policy and the trap guards and the
# redirect is archived.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
HTTPERROR_ALLOW_ALL = True
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024

COOKIES_ENABLED = False
# Both would open a port into the crawler, and Scrapy's remote control (on by default since
# 2.19) runs Python code sent to it and leaves job files in the user's home. Nothing here needs
# them.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# An article is its numeric id: one fingerprint for every URL of the same article.
REQUEST_FINGERPRINTER_CLASS = "crawler.fingerprint.ArticleIdFingerprinter"

# Nothing is requested outside the portal (or the mirror's host and port): first in the chain,
# so robots.txt fetches and the redirects Scrapy follows for them are checked too.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ScopeGuard": 10,
    # Both see a response before Scrapy's RetryMiddleware (550) decides to retry it.
    "crawler.middlewares.ServerBackoff": 560,
    "crawler.middlewares.EmptyArticleRetry": 570,
}
# The longest wait a Retry-After header may impose before the next request to its host.
ARCHIVE_MAX_RETRY_AFTER = 120
# The trap guards judge every link before it is scheduled; the capture of the response comes
# last, after the page's links (see crawler/capture.py).
SPIDER_MIDDLEWARES = {
    "crawler.traps.TrapGuard": 20,
    "crawler.capture.CaptureMiddleware": 10,
}
ITEM_PIPELINES = {"pipelines.archive.ArchivePipeline": 300}
EXTENSIONS = {"crawler.progress.ProgressLine": 500}

# The archive and the incremental policy, as Scrapy wires HTTPCACHE_STORAGE and
# HTTPCACHE_POLICY: the spider asks the policy, the policy reads the storage's crawl_state().
ARCHIVE_STORAGE = "pipelines.storage.Archive"
ARCHIVE_POLICY = "crawler.policy.RecheckPolicy"
# Where the archive lives; `--db` sets it.
ARCHIVE_DB = "archive.db"
# A mirror root URL (`--site`): its host is then the only one in scope and stands in for
# every portal host. Empty: the live portal.
ARCHIVE_SITE = ""

# Incremental crawls (see crawler/policy.py): re-check archived articles published within this
# many days, when last fetched more than this many hours ago. `--full` (ARCHIVE_FULL)
# re-checks every article and walks every listing page.
ARCHIVE_FULL = False
ARCHIVE_RECHECK_DAYS = 3
ARCHIVE_RECHECK_AFTER_HOURS = 6
# Where WARC files are written (default: beside the archive, archive.db -> archive-warc/).
ARCHIVE_WARC_DIR = ""

# An article's images and attached documents are fetched with it (`--no-media`: not), at most
# this large each (`--max-media-mb`), in their own download slot: a few at a time, so that
# 50 MB attachments never pile up in memory, and politely spaced like the pages.
ARCHIVE_MEDIA = True
ARCHIVE_MAX_MEDIA_MB = 50
DOWNLOAD_SLOTS = {"media": {"concurrency": 2}}

# Trap guards and caps (crawler/traps.py). Caps are off unless `--max-pages` /
# `--max-articles` set them.
ARCHIVE_MAX_REDIRECT_HOPS = 5
ARCHIVE_BARREN_BRANCH_PAGES = 10
ARCHIVE_BARREN_RUN_PAGES = 200
ARCHIVE_MAX_QUERY_VARIANTS = 50
ARCHIVE_MAX_PATH_SEGMENTS = 12
ARCHIVE_MAX_SEGMENT_REPEATS = 3
ARCHIVE_MAX_PAGES = 0
ARCHIVE_MAX_ARTICLES = 0
