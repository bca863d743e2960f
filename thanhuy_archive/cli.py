"""``thanhuy-archive``: the one command. Each subcommand has --help and sensible defaults.

Bad input ends with exit status 2 and one line on stderr saying why; a crawl whose run looks
wrong (no article extracted, a jump in flagged articles) ends with status 1.
"""

import argparse
import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DB = "archive.db"


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


def count(minimum):
    def parse(value):
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}")
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more: {value}")
        return number

    return parse


def check_db(path, must_exist):
    """A one-line reason why PATH cannot be the archive, or None."""
    p = Path(path)
    if must_exist and not p.exists():
        return f"no archive at {path} (run `thanhuy-archive crawl --db {path}` first)"
    if p.exists():
        if p.is_dir():
            return f"{path} is a directory, not an archive file"
        with open(p, "rb") as f:
            head = f.read(16)
        if head and head != b"SQLite format 3\x00":
            return f"{path} is not a SQLite database"
    elif not p.parent.resolve().is_dir():
        return f"folder {p.parent} does not exist"
    return None


def add_db(parser, must_exist=False):
    parser.add_argument("--db", default=DEFAULT_DB,
                        help=f"the archive's SQLite file (default: {DEFAULT_DB})")
    parser.set_defaults(db_must_exist=must_exist)


# -- crawl ------------------------------------------------------------------------------------


def crawl_settings(args):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides = {
        "ARCHIVE_DB": args.db,
        "ARCHIVE_SITE": args.site or "",
        "ARCHIVE_MAX_ARTICLES": args.max_articles,
        "ARCHIVE_PROGRESS": not args.quiet,
        "ARCHIVE_FULL": args.full,
        "ARCHIVE_RECHECK_DAYS": args.recheck_days,
        "DOWNLOAD_DELAY": args.delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "CONCURRENT_REQUESTS": max(args.concurrency, 8),
        # AutoThrottle never goes below DOWNLOAD_DELAY; with no delay asked (a mirror) it
        # would only slow the crawl down.
        "AUTOTHROTTLE_ENABLED": args.delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(args.delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(args.concurrency),
        "LOG_LEVEL": args.log_level,
    }
    settings.setdict(overrides, priority="cmdline")
    return settings


LOCKED_EXIT = 75  # EX_TEMPFAIL: another crawl is running; a scheduler may simply try later


def crawl_lock(db_path):
    """An exclusive lock beside the archive, held for the whole crawl, or None if taken.

    flock is released by the kernel when the process dies, even by SIGKILL: a crashed crawl
    never leaves a stale lock behind."""
    import fcntl

    handle = open(f"{db_path}.lock", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


class NoTraceback(logging.Filter):
    """Scrapy's robots.txt middleware logs a network error (site down, refused) with a full
    traceback; its one-line message already says what happened."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True


def cmd_crawl(args):
    from scrapy.crawler import CrawlerProcess

    from pipelines.storage import Archive

    lock = crawl_lock(args.db)
    if lock is None:
        sys.stderr.write(f"thanhuy-archive crawl: another crawl of {args.db} is running "
                         "(lock held); not starting a second one\n")
        return LOCKED_EXIT
    archive = Archive(args.db)
    interrupted = archive.close_interrupted_runs()
    if interrupted and not args.quiet:
        sys.stderr.write(f"Run {', '.join(map(str, interrupted))} was interrupted; resuming "
                         f"{len(archive.pending())} pending URLs.\n")
    archive.db.close()
    process = CrawlerProcess(crawl_settings(args))
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(NoTraceback())
    crawler = process.create_crawler("thanhuytphcm")
    process.crawl(crawler)
    process.start()
    # The summary is the run's crawl_runs row: the same counts `status` shows later.
    run_id = crawler.stats.get_value("archive/run_id")
    archive = Archive(args.db)
    run = archive.db["crawl_runs"].get(run_id) if run_id else {}
    archive.db.close()
    print(json.dumps({
        "run_id": run_id,
        "status": run.get("status"),
        **{f"articles_{k}": run.get(k) or 0 for k in ("new", "changed", "unchanged",
                                                       "removed", "flagged")},
        "requests": run.get("requests") or 0,
        "failed": run.get("failed") or 0,
        "seconds": round(crawler.stats.get_value("elapsed_time_seconds", 0), 2),
    }))
    if run.get("status") != "ok":
        message = run.get("message") or "the crawl stopped on an internal error (see the log above)"
        sys.stderr.write(f"thanhuy-archive crawl: {message}\n")
        return 1
    return 0


# -- extract ----------------------------------------------------------------------------------


def cmd_extract(args):
    from crawler.extract import extract_article

    if args.url and len(args.pages) > 1:
        raise UsageError("--url names one page's address: give a single PAGE with it")
    for page in args.pages:
        path = Path(page)
        if not path.is_file():
            raise UsageError(f"no such file: {page}")
    for page in args.pages:
        path = Path(page)
        url = args.url or path.resolve().as_uri()
        article = extract_article(path.read_bytes(), url)
        print(json.dumps(article.as_json(), ensure_ascii=False))
    return 0


# -- reparse ----------------------------------------------------------------------------------


def cmd_reparse(args):
    """Re-run the current extractor over stored raw pages; no network."""
    import zlib
    from collections import Counter

    from crawler.extract import extract_article
    from pipelines.storage import Archive

    archive = Archive(args.db)
    fields, changed, total = Counter(), 0, 0
    for row in archive.article_captures():
        article = extract_article(zlib.decompress(row["body"]), row["url"],
                                  fetched_at=row["fetched_at"], content_type=row["content_type"])
        article.id = row["id"]  # stored under the id it was archived with
        stored = archive.store_article(article, capture_id=row["capture_id"], reason="reparse")
        total += 1
        if stored.changed_fields:
            changed += 1
            fields.update(stored.changed_fields)
    print(json.dumps({"articles": total, "changed": changed, "fields": dict(fields)},
                     ensure_ascii=False))
    return 0


# -- status -----------------------------------------------------------------------------------


def cmd_status(args):
    from pipelines.storage import Archive

    archive = Archive(args.db)
    totals = archive.totals()
    runs = archive.recent_runs(args.runs)
    if args.json:
        print(json.dumps({"totals": totals, "runs": runs}, ensure_ascii=False))
        return 0
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


# -- schedule ---------------------------------------------------------------------------------


def cmd_schedule(args):
    from thanhuy_archive.schedule import install, render

    command = [str(Path(sys.argv[0]).resolve()) if Path(sys.argv[0]).exists()
               else "thanhuy-archive", "crawl", "--db", str(Path(args.db).resolve()), "--quiet"]
    if args.site:
        command += ["--site", args.site]
    files = render(args.kind, command, every_hours=args.every_hours,
                   workdir=str(Path(args.db).resolve().parent))
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
    from thanhuy_archive.web import serve

    return serve(args.db, host=args.host, port=args.port)


# -- demo -------------------------------------------------------------------------------------


def cmd_demo(args):
    from thanhuy_archive.mirror.generate import generate_mirror
    from thanhuy_archive.mirror.server import MirrorServer

    root = Path(args.mirror_dir)
    print(f"Writing the offline mirror of the portal to {root}/ ...", file=sys.stderr)
    generate_mirror(root, articles=args.articles)
    with MirrorServer(root) as mirror:
        print(f"Mirror serving at {mirror.url}; crawling it into {args.db} ...", file=sys.stderr)
        crawl = subprocess.run(
            [sys.executable, "-m", "thanhuy_archive.cli", "crawl", "--site", mirror.url, "--db", args.db,
             "--delay", "0", "--concurrency", "8", "--log-level", "WARNING"],
        )
    if crawl.returncode != 0:
        print("thanhuy-archive demo: the crawl failed; see the messages above", file=sys.stderr)
        return crawl.returncode
    from thanhuy_archive.web import serve

    return serve(args.db, host=args.host, port=args.port, announce=True)


# -- parser -----------------------------------------------------------------------------------


def build_parser():
    parser = ArgumentParser(
        prog="thanhuy-archive",
        description="Archive the thanhuytphcm.vn / hcmcpv.org.vn portal into SQLite and serve it.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)

    p = sub.add_parser("crawl", help="crawl the portal (or a mirror) into the archive",
                       description="Crawl the live portal (default) or a mirror into the archive. "
                       "Polite by default: robots.txt obeyed, AutoThrottle, 1 request at a time.")
    add_db(p)
    p.add_argument("--site", type=site_url,
                   help="a mirror's root URL; its host is then the only one in scope "
                   "(default: the live portal, https://www.thanhuytphcm.vn/)")
    p.add_argument("--delay", type=non_negative_float, default=1.0,
                   help="seconds between requests to a host (default: 1; 0 for a local mirror)")
    p.add_argument("--concurrency", type=count(1), default=1,
                   help="parallel requests per host (default: 1)")
    p.add_argument("--max-articles", type=count(0), default=0,
                   help="stop after this many article pages (default: 0, no cap)")
    p.add_argument("--full", action="store_true",
                   help="re-check every archived article and walk every listing page "
                   "(default: incremental, see README)")
    p.add_argument("--recheck-days", type=non_negative_float, default=3.0,
                   help="re-check archived articles published within this many days "
                   "(default: 3)")
    p.add_argument("--log-level", default="INFO",
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="default: INFO")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("extract", help="print the fields of saved article pages as JSON lines",
                       description="Run the extractor over saved HTML pages; one JSON object "
                       "per page, one per line. No network.")
    p.add_argument("pages", nargs="+", metavar="PAGE.html")
    p.add_argument("--url", help="the page's address (with a single PAGE); gives the article id")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("reparse", help="re-run the extractor over stored raw pages",
                       description="Re-extract every archived article from its stored capture "
                       "(no network), update the articles, keep the old values as revisions "
                       "(reason 'reparse'), and report how many changed in which fields.")
    add_db(p, must_exist=True)
    p.set_defaults(func=cmd_reparse)

    p = sub.add_parser("status", help="show the last crawl runs and the archive's totals",
                       description="The archive's totals and its last runs. Exits 1 when the "
                       "last run failed, so it can feed a monitor.")
    add_db(p, must_exist=True)
    p.add_argument("--runs", type=count(1), default=10, help="how many runs (default: 10)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("schedule", help="install (or --print) a timer for recurring crawls",
                       description="Install a systemd user timer or a crontab entry that runs "
                       "an incremental crawl every N hours. Runs never overlap: the crawl "
                       "holds a lock on the archive and a second one exits 75.")
    add_db(p)
    p.add_argument("--kind", choices=["systemd", "cron"], default="systemd",
                   help="default: systemd")
    p.add_argument("--every-hours", type=count(1), default=6, help="default: 6")
    p.add_argument("--site", type=site_url, help="crawl a mirror instead of the live portal")
    p.add_argument("--print", action="store_true", help="print the files, install nothing")
    p.set_defaults(func=cmd_schedule)

    p = sub.add_parser("serve", help="serve the archive with Datasette",
                       description="Start Datasette on the archive: search, facets, CSV.")
    add_db(p, must_exist=True)
    p.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    p.add_argument("--port", type=count(0), default=8001, help="default: 8001; 0 picks a free one")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="mirror the portal offline, crawl it, and serve the archive",
                       description="Generate the offline mirror, serve it on 127.0.0.1, crawl it "
                       "into the archive with a progress line, then serve the archive.")
    add_db(p)
    p.add_argument("--mirror-dir", default=".mirror", help="where the mirror is written "
                   "(default: .mirror)")
    p.add_argument("--articles", type=count(1), default=72,
                   help="articles in the mirror (default: 72)")
    p.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    p.add_argument("--port", type=count(0), default=8001, help="default: 8001")
    p.set_defaults(func=cmd_demo)

    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    prog = f"thanhuy-archive {args.command}"
    try:
        if hasattr(args, "db"):
            problem = check_db(args.db, getattr(args, "db_must_exist", False))
            if problem:
                raise UsageError(problem)
        return args.func(args)
    except UsageError as e:
        sys.stderr.write(f"{prog}: {e}\n")
        return 2
    except sqlite3.DatabaseError as e:
        sys.stderr.write(f"{prog}: the archive {args.db} cannot be used: {e}\n")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
