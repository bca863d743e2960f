"""Capturing images and documents: what it costs a crawl, and the memory it needs.

    python benchmarks/media_crawl.py                   # a 1,000-article mirror
    python benchmarks/media_crawl.py --articles 300 --large-mb 10

On a mirror of the portal generated on the spot (its pages reference real image files and
attached PDF, DOC(X), XLS(X) documents), served on 127.0.0.1, the real ``thanhuy-archive
crawl`` runs, in the same run:

1. pages only (``--no-media``), then with images and documents, on fresh archives: seconds,
   requests, disk (database + WARC) per article; the ratio with/without;
2. with images and documents on a mirror whose oldest document pages link ``--large-mb``
   (default 50) MB attachments: the crawl's peak memory (the crawl process and its document
   readers together, sampled every 0.1 s; target: under 500 MB), and whether the large files
   were archived;
3. ``thanhuy-archive export-wacz`` of the archive with the large attachments: seconds, and the
   exporting process's peak memory beside the size of the WARC files it packs (a peak well
   under that size means the files are streamed, not read whole).
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thanhuy_archive.mirror import MirrorServer, generate_mirror  # noqa: E402

COMMAND = [sys.executable, "-m", "thanhuy_archive.cli"]
SAMPLE_SECONDS = 0.1


def tree_rss_mb(pid):
    """Resident memory of a process and all its descendants, in MB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


def run_sampled(args):
    """Run a command; (seconds, peak tree RSS MB, first sample MB, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    samples = []

    def sample():
        while proc.poll() is None:
            samples.append(tree_rss_mb(proc.pid))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed: {err[-2000:]}")
    samples = [s for s in samples if s] or [0.0]
    return seconds, max(samples), samples[0], out


def crawl(site, db, *extra):
    seconds, peak, _, out = run_sampled([*COMMAND, "crawl", "--site", site, "--db", str(db),
                                         "--delay", "0", "--concurrency", "8", "--quiet",
                                         *extra])
    return seconds, peak, json.loads(out.strip().splitlines()[-1])


def disk_mb(db):
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    warcs = db.with_name(f"{db.stem}-warc")
    return (db.stat().st_size + sum(p.stat().st_size for p in warcs.glob("*.warc.gz"))) / 1e6


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--large-mb", type=int, default=50)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="thanhuy-media-bench-"))
    try:
        mirror = generate_mirror(work / "mirror", articles=args.articles)
        rows = {}
        with MirrorServer(mirror) as server:
            for name, extra in (("pages only", ["--no-media"]), ("with media", [])):
                db = work / name.replace(" ", "-") / "archive.db"
                db.parent.mkdir()
                seconds, peak, summary = crawl(server.url, db, *extra)
                rows[name] = (seconds, summary, disk_mb(db), peak, db)
        large = generate_mirror(work / "large", articles=args.articles,
                                large_attachment_mb=args.large_mb)
        with MirrorServer(large) as server:
            db = work / "large-run" / "archive.db"
            db.parent.mkdir()
            seconds, peak, summary = crawl(server.url, db)
            big = sqlite3.connect(db).execute(
                "SELECT count(*) FROM media WHERE size >= ?", [args.large_mb * 2**20]).fetchone()
        export = work / "archive.wacz"
        export_seconds, export_peak, _, _ = run_sampled(
            [*COMMAND, "export-wacz", str(export), "--db", str(db)])
        warc_mb = sum(f.stat().st_size for f in db.parent.rglob("*.warc.gz")) / 1e6
        report(args, rows, (seconds, peak, summary, big[0]),
               (export_seconds, warc_mb, export_peak, export.stat().st_size / 1e6))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(args, rows, large, export):
    print(f"Mirror of {args.articles} articles, crawled with --delay 0 --concurrency 8.")
    print(f"{'crawl':12} {'seconds':>8} {'requests':>9} {'articles':>9} {'media':>6} "
          f"{'disk MB':>8} {'KB/article':>11} {'peak MB':>8}")
    for name, (seconds, summary, disk, peak, _) in rows.items():
        articles = summary["articles_new"]
        print(f"{name:12} {seconds:>8.1f} {summary['requests']:>9} {articles:>9} "
              f"{summary.get('media', 0):>6} {disk:>8.1f} {1000 * disk / articles:>11.1f} "
              f"{peak:>8.0f}")
    (s0, q0), (s1, q1) = [(rows[n][0], rows[n][1]["requests"]) for n in rows]
    print(f"with media / pages only: time {s1 / s0:.2f}x, requests {q1 / q0:.2f}x, "
          f"disk {rows['with media'][2] / rows['pages only'][2]:.2f}x")
    seconds, peak, summary, big = large
    print(f"with {args.large_mb} MB attachments: {seconds:.1f} s, {summary['requests']} "
          f"requests, {big} large files archived; peak memory (crawl and its document "
          f"readers) {peak:.0f} MB (target < 500 MB): {'PASS' if peak < 500 else 'FAIL'}")
    seconds, warc_mb, peak, size = export
    print(f"export-wacz of that archive ({warc_mb:.0f} MB of WARC files): {size:.0f} MB in "
          f"{seconds:.2f} s; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
