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

# Transient failures are retried; 404/410 reach the spider so removals can be recorded, and
# 304 so a conditional re-check counts as "unchanged". The spider's own requests carry
# dont_redirect: it follows 3xx itself, so a redirect target obeys the incremental policy and
# the redirect is archived. (robots.txt fetches still follow redirects inside Scrapy.)
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
HTTPERROR_ALLOWED_CODES = [301, 302, 303, 307, 308, 304, 404, 410]
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False  # it would bind a port; nothing here needs it
LOG_LEVEL = "INFO"

# An article is its numeric id: one fingerprint for every URL of the same article.
REQUEST_FINGERPRINTER_CLASS = "crawler.fingerprint.ArticleIdFingerprinter"

ITEM_PIPELINES = {"pipelines.archive.ArchivePipeline": 300}
EXTENSIONS = {"crawler.progress.ProgressLine": 500}

# Where the archive lives; `--db` sets it.
ARCHIVE_DB = "archive.db"
# Stop after this many article pages (0: no cap); `--max-articles` sets it.
ARCHIVE_MAX_ARTICLES = 0
# A mirror root URL (`--site`): its host is then the only one in scope and stands in for
# every portal host. Empty: the live portal.
ARCHIVE_SITE = ""

# Incremental crawls (see crawler/spiders/thanhuytphcm.py): re-check archived articles
# published within this many days, when last fetched more than this many hours ago.
# `--full` (ARCHIVE_FULL) re-checks every article and walks every listing page.
ARCHIVE_FULL = False
ARCHIVE_RECHECK_DAYS = 3
ARCHIVE_RECHECK_AFTER_HOURS = 6
# Where WARC files are written (default: beside the archive, archive.db -> archive-warc/).
ARCHIVE_WARC_DIR = ""
