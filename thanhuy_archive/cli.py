"""``thanhuy-archive``: the one command. Each subcommand has --help and sensible defaults.

Exit statuses: 0 success; 1 a crawl whose run failed (or ``status`` whose last run failed or
died); 2 bad input, with one line on stderr saying why; 75 another crawl or re-parse of the
same archive holds its lock; 130 / 143 a crawl stopped by SIGINT (Ctrl-C) / SIGTERM, its
pending URLs kept for the next crawl.
"""

import argparse
import fcntl
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DB = "archive.db"
LOCKED_EXIT = 75  # EX_TEMPFAIL: another crawl is running; a scheduler may simply try later


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        # One line, not argparse's usage block: scripts and cron mails show it whole.
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(2)


class UsageError(Exception):
    """Bad input from the user: reported in one line, exit status 2."""


# -- argument types ---------------------------------------------------------------------------


def site_url(value):
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {value!r}")
    return value if parts.path else value + "/"


def non_negative_float(value):
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}")
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value}")
    return number


def positive_float(value):
    number = non_negative_float(value)
    if number == 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {value}")
    return number


def count(minimum, maximum=None, hint=""):
    def parse(value):
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}")
        if number < minimum or (maximum is not None and number > maximum):
            allowed = f"from {minimum} to {maximum}" if maximum is not None else \
                f"{minimum} or more"
            raise argparse.ArgumentTypeError(f"must be {allowed}: {value}{hint}")
        return number

    return parse


port_number = count(0, 65535, " (0 picks a free port)")
cap = count(1, hint="; leave it out for no cap")


def add_db(parser, must_exist=False):
    parser.add_argument("--db", default=DEFAULT_DB,
                        help=f"the archive's SQLite file (default: {DEFAULT_DB})")
    parser.set_defaults(db_must_exist=must_exist)


# -- the archive's lock -----------------------------------------------------------------------


def lock_path(db_path):
    """The lock file of an archive: beside its real path, so a symlink shares it."""
    return Path(f"{Path(db_path).resolve()}.lock")


def take_lock(db_path):
    """An exclusive lock on the archive, held while a crawl or re-parse writes it, or None if
    another process holds it. flock is released by the kernel when the process dies, even by
    SIGKILL: a crashed crawl never leaves a stale lock behind. The archive must be writable
    (checked first: a read-only archive gets no lock file beside it)."""
    from pipelines.storage import ArchiveError, check_writable

    try:
        check_writable(db_path)
    except ArchiveError as e:
        raise UsageError(str(e)) from None
    handle = open(lock_path(db_path), "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def lock_is_held(db_path) -> bool:
    """Whether a live process holds the archive's lock (read without creating anything)."""
    try:
        handle = open(lock_path(db_path), "rb")
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        handle.close()


def locked_out(command, db):
    sys.stderr.write(f"thanhuy-archive {command}: another crawl or re-parse of {db} is running "
                     "(lock held); not starting a second one\n")
    return LOCKED_EXIT


def open_archive(db, readonly=False):
    from pipelines.storage import Archive, ArchiveError

    try:
        return Archive(db, readonly=readonly)
    except ArchiveError as e:
        raise UsageError(str(e)) from None


# -- crawl ------------------------------------------------------------------------------------


def crawl_settings(args):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    verbose = args.verbose or args.log_level is not None
    overrides = {
        "ARCHIVE_DB": args.db,
        "ARCHIVE_SITE": args.site or "",
        "ARCHIVE_MAX_ARTICLES": args.max_articles or 0,
        "ARCHIVE_MAX_PAGES": args.max_pages or 0,
        "ARCHIVE_PROGRESS": not args.quiet,
        "ARCHIVE_FULL": args.full,
        "ARCHIVE_MEDIA": not args.no_media,
        "ARCHIVE_MAX_MEDIA_MB": args.max_media_mb,
        "ARCHIVE_RECHECK_DAYS": args.recheck_days,
        "DOWNLOAD_DELAY": args.delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "CONCURRENT_REQUESTS": max(args.concurrency, 8),
        # AutoThrottle never goes below DOWNLOAD_DELAY; with no delay asked (a mirror) it
        # would only slow the crawl down.
        "AUTOTHROTTLE_ENABLED": args.delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(args.delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(args.concurrency),
        # Like the demo: a progress line and the summary; Scrapy's log on request.
        "LOG_ENABLED": verbose,
        "LOG_LEVEL": args.log_level or "INFO",
    }
    settings.setdict(overrides, priority="cmdline")
    return settings


class NoTraceback(logging.Filter):
    """Scrapy's robots.txt middleware logs a network error (site down, refused) with a full
    traceback; its one-line message already says what happened."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True


def crawler_process(settings):
    """Scrapy's CrawlerProcess, remembering which signal stopped it (for the exit status)."""
    from scrapy.crawler import CrawlerProcess

    class ArchiveCrawlerProcess(CrawlerProcess):
        stopped_by = None

        def _signal_shutdown(self, signum, frame):
            self.stopped_by = self.stopped_by or signum
            super()._signal_shutdown(signum, frame)

    return ArchiveCrawlerProcess(settings)


def cmd_crawl(args):
    lock = take_lock(args.db)
    if lock is None:
        return locked_out("crawl", args.db)
    archive = open_archive(args.db)
    dead = archive.close_dead_runs()
    pending = archive.pending_count()
    archive.close()
    if dead and not args.quiet:
        sys.stderr.write(f"Run {', '.join(map(str, dead))} did not end; resuming its "
                         f"{pending} pending URLs.\n")
    process = crawler_process(crawl_settings(args))
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(NoTraceback())
    crawler = process.create_crawler("thanhuytphcm")
    process.crawl(crawler)
    process.start()
    summary = crawl_summary(args.db, crawler.stats)
    print(json.dumps(summary, ensure_ascii=False))
    if summary["status"] == "ok":
        return 0
    sys.stderr.write(f"thanhuy-archive crawl: {summary['message'] or summary['status']}\n")
    if summary["status"] == "interrupted" and process.stopped_by:
        return 128 + process.stopped_by
    return 1


def crawl_summary(db, stats):
    """The run's figures: its crawl_runs row (what `status` shows later), or the crawl's own
    stats when the archive cannot be read (a full disk)."""
    run_id = stats.get_value("archive/run_id")
    run = {}
    if run_id:
        try:
            archive = open_archive(db, readonly=True)
            run = archive.run(run_id)
            archive.close()
        except (UsageError, sqlite3.Error):
            run = {}
    get = lambda name: run.get(name) or stats.get_value(f"archive/{name}", 0)  # noqa: E731
    return {
        "run_id": run_id,
        "status": stats.get_value("archive/status") or run.get("status") or "failed",
        **{f"articles_{k}": get(k) for k in ("new", "changed", "unchanged", "removed",
                                              "flagged")},
        "media": get("media"),
        "requests": stats.get_value("downloader/request_count", 0),
        "failed": get("failed"),
        "cut": stats.get_value("archive/cut") or json.loads(run.get("cut") or "{}"),
        "seconds": round(stats.get_value("elapsed_time_seconds", 0), 2),
        "message": stats.get_value("archive/message") or run.get("message") or
        ("" if run_id else "the crawl could not start (see --verbose)"),
    }


# -- extract ----------------------------------------------------------------------------------


def cmd_extract(args):
    from crawler.extract import extract_article

    if args.url and len(args.pages) > 1:
        raise UsageError("--url names one page's address: give a single PAGE with it")
    for page in args.pages:
        path = Path(page)
        if path.is_dir():
            raise UsageError(f"{page} is a directory: give the saved pages themselves")
        if not path.is_file():
            raise UsageError(f"no such file: {page}")
    for page in args.pages:
        path = Path(page)
        html = path.read_bytes()
        url = args.url or canonical_link(html) or path.resolve().as_uri()
        article = extract_article(html, url)
        print(json.dumps(article.as_json(), ensure_ascii=False))
    return 0


def canonical_link(html):
    """The page's own address as it declares it (``<link rel=canonical>``, else og:url), so a
    saved article gives its id without --url."""
    from lxml import etree

    try:
        root = etree.fromstring(html, etree.HTMLParser(no_network=True))
    except (etree.ParserError, ValueError):
        return None
    if root is None:
        return None
    for value in root.xpath("//link[translate(@rel, 'CANONICAL', 'canonical') = 'canonical']"
                            "/@href | //meta[@property = 'og:url']/@content"):
        if urlsplit(value.strip()).scheme in ("http", "https"):
            return value.strip()
    return None


# -- reparse ----------------------------------------------------------------------------------


def cmd_reparse(args):
    """Re-run the current extractor over stored raw pages; no network."""
    from collections import Counter

    from crawler.extract import extract_article

    lock = take_lock(args.db)
    if lock is None:
        return locked_out("reparse", args.db)
    archive = open_archive(args.db)
    fields, changed, total = Counter(), 0, 0
    for row in archive.article_captures():
        article = extract_article(row["body"], row["url"], fetched_at=row["fetched_at"],
                                  content_type=row["content_type"])
        article.id = row["id"]  # stored under the id it was archived with
        stored = archive.store_article(article, capture_id=row["capture_id"], reason="reparse")
        total += 1
        if stored.changed_fields:
            changed += 1
            fields.update(stored.changed_fields)
    documents = reread_attachments(archive)
    archive.close()
    print(json.dumps({"articles": total, "changed": changed, "fields": dict(fields),
                      **documents}, ensure_ascii=False))
    return 0


def reread_attachments(archive):
    """Read every attached document's text again with the current reader."""
    from thanhuy_archive.documents import ExtractionPool, Limits

    read = changed = 0
    pool = None  # started at the first document: an archive without any needs no reader
    try:
        for url, digest, content_type, payload in archive.attachment_payloads():
            pool = pool or ExtractionPool(workers=1, limits=Limits(max_bytes=None))
            document = pool.extract(payload, url=url, content_type=content_type)
            read += 1
            changed += archive.store_attachment(url, digest, document)
    finally:
        if pool is not None:
            pool.close()
    return {"attachments": read, "attachments_changed": changed}


# -- status -----------------------------------------------------------------------------------


def cmd_status(args):
    archive = open_archive(args.db, readonly=True)
    totals = {**archive.totals(), "schema_version": archive.schema_version}
    runs = archive.recent_runs(args.runs)
    archive.close()
    live = lock_is_held(args.db)
    for run in runs:  # a run left 'running' by a process that died: its lock is free
        if run["status"] == "running" and not live:
            run["status"] = "interrupted"
            run["message"] = ("dead: the crawl died without ending its run; the next crawl "
                              "resumes its pending URLs")
    if args.json:
        print(json.dumps({"totals": totals, "runs": runs}, ensure_ascii=False))
    else:
        print(f"Archive {args.db}: " + ", ".join(f"{v} {k.replace('_', ' ')}"
                                                  for k, v in totals.items()))
        print(f"{'run':>4} {'started':25} {'status':12} {'req':>6} {'new':>5} {'chg':>5} "
              f"{'same':>5} {'gone':>5} {'fail':>5} {'flag':>5}  message")
        for r in runs:
            print(f"{r['id']:>4} {r['started_at'] or '':25} {r['status'] or '':12} "
                  f"{r['requests'] or 0:>6} {r['new'] or 0:>5} {r['changed'] or 0:>5} "
                  f"{r['unchanged'] or 0:>5} {r['removed'] or 0:>5} {r['failed'] or 0:>5} "
                  f"{r['flagged'] or 0:>5}  {r['message'] or ''}")
    last = runs[0] if runs else None
    return 1 if last and last["status"] not in ("ok", "running") else 0


# -- export-wacz --------------------------------------------------------------------------------


def cmd_export_wacz(args):
    from pipelines.storage import ArchiveError
    from thanhuy_archive.wacz import export_wacz

    try:
        result = export_wacz(args.db, args.out)
    except ArchiveError as e:  # a missing or empty archive, an unwritable OUT: one line
        raise UsageError(str(e)) from None
    print(json.dumps({"wacz": str(result.path), "pages": result.pages,
                      "warc_files": result.warc_files, "bytes": result.size}))
    return 0


# -- report -----------------------------------------------------------------------------------


def cmd_report(args):
    from thanhuy_archive.reports import render_template_report, template_report

    groups = template_report(args.db)  # main() has refused a file that is no archive
    if args.json:
        print(json.dumps([g.as_json() for g in groups], ensure_ascii=False))
    else:
        print(render_template_report(groups))
    return 0


# -- schedule ---------------------------------------------------------------------------------


def cmd_schedule(args):
    from thanhuy_archive.schedule import ScheduleError, install, render

    command = [str(Path(sys.argv[0]).resolve()) if Path(sys.argv[0]).exists()
               else "thanhuy-archive", "crawl", "--db", str(Path(args.db).resolve()), "--quiet"]
    if args.site:
        command += ["--site", args.site]
    try:
        files = render(args.kind, command, every_hours=args.every_hours,
                       workdir=str(Path(args.db).resolve().parent))
    except ScheduleError as e:
        raise UsageError(str(e)) from None
    if args.print:
        for name, text in files.items():
            print(f"# --- {name} ---\n{text}")
        return 0
    try:
        for line in install(args.kind, files):
            print(line)
    except (OSError, subprocess.CalledProcessError) as e:
        raise UsageError(f"could not install the schedule: {e}")
    return 0


# -- serve ------------------------------------------------------------------------------------


def cmd_serve(args):
    from pipelines.storage import writable

    if writable(args.db):  # (main() has refused a file that is no archive)
        open_archive(args.db).close()  # an archive of an earlier release is upgraded first
    from thanhuy_archive.web import serve

    return serve(args.db, host=args.host, port=args.port)


# -- demo -------------------------------------------------------------------------------------


def cmd_demo(args):
    from thanhuy_archive.mirror import MirrorServer, generate_mirror

    root = Path(args.mirror_dir)
    print(f"Writing the offline mirror of the portal to {root}/ ...", file=sys.stderr)
    generate_mirror(root, articles=args.articles)
    with MirrorServer(root) as mirror:
        print(f"Crawling the mirror (served on 127.0.0.1 for the crawl only) into {args.db} ...",
              file=sys.stderr)
        crawl = subprocess.run(
            [sys.executable, "-m", "thanhuy_archive.cli", "crawl", "--site", mirror.url,
             "--db", args.db, "--delay", "0", "--concurrency", "8"])
    if crawl.returncode != 0:
        print("thanhuy-archive demo: the crawl failed; see the messages above", file=sys.stderr)
        return crawl.returncode
    return cmd_serve(args)


# -- parser -----------------------------------------------------------------------------------


def build_parser():
    parser = ArgumentParser(
        prog="thanhuy-archive",
        description="Archive the thanhuytphcm.vn / hcmcpv.org.vn portal into SQLite and serve it.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)

    p = sub.add_parser("crawl", help="crawl the portal (or a mirror) into the archive",
                       description="Crawl the live portal (default) or a mirror into the archive. "
                       "Polite by default: robots.txt obeyed, AutoThrottle, 1 request at a time. "
                       "Prints a progress line and a JSON summary.")
    add_db(p)
    p.add_argument("--site", type=site_url,
                   help="a mirror's root URL; its host is then the only one in scope "
                   "(default: the live portal, https://www.thanhuytphcm.vn/)")
    p.add_argument("--delay", type=non_negative_float, default=1.0,
                   help="seconds between requests to a host (default: 1; 0 for a local mirror)")
    p.add_argument("--concurrency", type=count(1), default=1,
                   help="parallel requests per host (default: 1)")
    p.add_argument("--max-articles", type=cap, default=None,
                   help="stop scheduling articles after this many (default: no cap)")
    p.add_argument("--max-pages", type=cap, default=None,
                   help="make at most this many requests, robots.txt aside (default: no cap)")
    p.add_argument("--full", action="store_true",
                   help="re-check every archived article and walk every listing page "
                   "(default: incremental, see README)")
    p.add_argument("--no-media", action="store_true",
                   help="do not fetch the articles' images and attached documents")
    p.add_argument("--max-media-mb", type=positive_float, default=50.0,
                   help="largest image or document fetched, in MB (default: 50)")
    p.add_argument("--recheck-days", type=non_negative_float, default=3.0,
                   help="re-check archived articles published within this many days "
                   "(default: 3)")
    p.add_argument("--verbose", action="store_true", help="show Scrapy's log (INFO)")
    p.add_argument("--log-level", default=None,
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                   help="show Scrapy's log at this level")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("extract", help="print the fields of saved article pages as JSON lines",
                       description="Run the extractor over saved HTML pages; one JSON object "
                       "per page, one per line. No network.")
    p.add_argument("pages", nargs="+", metavar="PAGE.html")
    p.add_argument("--url", help="the page's address (with a single PAGE; default: the page's "
                   "own canonical link); gives the article id")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("reparse", help="re-run the extractor over stored raw pages",
                       description="Re-extract every archived article from its stored capture "
                       "(no network), update the articles, keep the old values as revisions "
                       "(reason 'reparse'), read the attached documents' text again, and report "
                       "how many changed in which fields. Holds the archive's lock, like a "
                       "crawl.")
    add_db(p, must_exist=True)
    p.set_defaults(func=cmd_reparse)

    p = sub.add_parser("status", help="show the last crawl runs and the archive's totals",
                       description="The archive's totals and its last runs, read-only. Exits 1 "
                       "when the last run failed or died, so it can feed a monitor.")
    add_db(p, must_exist=True)
    p.add_argument("--runs", type=count(1), default=10, help="how many runs (default: 10)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("report", help="reports on the archive (templates: pages grouped by "
                       "layout, the most likely broken first)",
                       description="Read-only reports. `report templates` groups the archived "
                       "article pages by layout signature and prints, for each group, its pages, "
                       "one example URL, the share of each field filled, the doubt flags and the "
                       "extraction rules that fired, the most likely broken template first: "
                       "where a maintainer looks after the first crawl of the live site.")
    p.add_argument("report", choices=["templates"], help="which report")
    add_db(p, must_exist=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("export-wacz", help="write the archive as a WACZ package",
                       description="Write a WACZ 1.2 package of the archive: its WARC files, a "
                       "CDXJ index, one page per article (URL, capture time, title, text) and "
                       "the package's manifest and digest. Opens in ReplayWeb.page; pywb replays "
                       "its WARC files. Read-only.")
    p.add_argument("out", metavar="OUT.wacz", help="the file to write")
    add_db(p, must_exist=True)
    p.set_defaults(func=cmd_export_wacz)

    p = sub.add_parser("schedule", help="install (or --print) a timer for recurring crawls",
                       description="Install a systemd user timer or a crontab entry that runs "
                       "an incremental crawl every N hours. Runs never overlap: the crawl "
                       "holds a lock on the archive and a second one exits 75.")
    add_db(p)
    p.add_argument("--kind", choices=["systemd", "cron"], default="systemd",
                   help="default: systemd")
    p.add_argument("--every-hours", type=count(1), default=6,
                   help="default: 6 (with cron: a divisor of 24)")
    p.add_argument("--site", type=site_url, help="crawl a mirror instead of the live portal")
    p.add_argument("--print", action="store_true", help="print the files, install nothing")
    p.set_defaults(func=cmd_schedule)

    p = sub.add_parser("serve", help="serve the archive with Datasette",
                       description="Start Datasette on the archive: search, facets, CSV. A "
                       "read-only archive is served as it is.")
    add_db(p, must_exist=True)
    p.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    p.add_argument("--port", type=port_number, default=8001,
                   help="default: 8001; 0 picks a free one")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="mirror the portal offline, crawl it, and serve the archive",
                       description="Generate the offline mirror, serve it on 127.0.0.1 for the "
                       "crawl, crawl it into the archive with a progress line, then serve the "
                       "archive.")
    add_db(p)
    p.add_argument("--mirror-dir", default=".mirror", help="where the mirror is written "
                   "(default: .mirror)")
    p.add_argument("--articles", type=count(1), default=72,
                   help="articles in the mirror (default: 72)")
    p.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    p.add_argument("--port", type=port_number, default=8001, help="default: 8001")
    p.set_defaults(func=cmd_demo)

    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    prog = f"thanhuy-archive {args.command}"
    try:
        if hasattr(args, "db"):
            from pipelines.storage import ArchiveError, check_file

            try:
                check_file(args.db, must_exist=getattr(args, "db_must_exist", False))
            except ArchiveError as e:
                raise UsageError(str(e)) from None
        return args.func(args)
    except UsageError as e:
        sys.stderr.write(f"{prog}: {e}\n")
        return 2
    except sqlite3.DatabaseError as e:
        sys.stderr.write(f"{prog}: the archive {args.db} cannot be used: {e}\n")
        return 2
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except BrokenPipeError:  # `thanhuy-archive report templates | head`: the reader has enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
