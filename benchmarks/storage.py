"""Raw bytes kept once: disk use and re-parse speed, this release against release 0.1.0.

    python benchmarks/storage.py                     # a 1,200-article mirror, 3 rounds
    python benchmarks/storage.py --articles 300 --rounds 1

Release 0.1.0 kept every capture's bytes twice: zlib-compressed in SQLite and gzipped in WARC.
This release keeps them once, in the WARC record, and re-parsing reads them there. Both
releases crawl the same mirror of the portal, in the same run: release 0.1.0's own mirror
(generated and served by 0.1.0's code on 127.0.0.1: today's mirror has traps that release
never escapes, and images it would not fetch), this release with ``--no-media``, so that both
fetch the same pages. Then each re-parses its own archive, in turns (0.1.0, this, 0.1.0,
this...), and the medians compare:

* disk: the archive file plus its WARC folder, after a checkpoint (target: this release at
  most 60% of 0.1.0's);
* re-parse throughput: articles re-extracted per second by ``thanhuy-archive reparse``, the
  whole command timed (start-up included; target: at least 80% of 0.1.0's). Both re-parse
  with their own extractor, so the figure also carries this release's added extraction work
  (page kinds, documents, attachments, layouts).

Release 0.1.0 is checked out from this repository's history (``git worktree``, commit
``RELEASE_0_1_0``) into a temporary folder and run with its own code on the same Python.
"""

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


RELEASE_0_1_0 = "6edebeb"  # the last commit of release 0.1.0


def checkout_release(where):
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where),
                    RELEASE_0_1_0], check=True, capture_output=True)
    return where


def command(source):
    """How to run a release's `thanhuy-archive`: its own code first on the path."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    return [sys.executable, "-m", _cli_module(source)], env


def _cli_module(source):
    return "thanhuy_archive.cli" if (source / "thanhuy_archive" / "cli.py").exists() \
        else "crawler.cli"


class ReleaseMirror:
    """Release 0.1.0's mirror, written and served by that release's own code (port 0)."""

    def __init__(self, source, root, articles):
        env = {**os.environ, "PYTHONPATH": str(source)}
        subprocess.run([sys.executable, "-m", "mirror.generate", str(root), "--articles",
                        str(articles)], env=env, check=True, capture_output=True, cwd=source)
        self.proc = subprocess.Popen([sys.executable, "-m", "mirror.server", str(root), "--port",
                                      "0"], env=env, stdout=subprocess.PIPE, text=True,
                                     cwd=source)
        line = self.proc.stdout.readline()  # "Serving ROOT (edition 1) at http://..."
        self.url = line.rsplit(" at ", 1)[-1].strip()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=20)


def crawl(source, site, db, extra=()):
    cmd, env = command(source)
    done = subprocess.run([*cmd, "crawl", "--site", site, "--db", str(db), "--delay", "0",
                           "--concurrency", "8", "--quiet", *extra], env=env,
                          capture_output=True, text=True, cwd=source)
    if done.returncode != 0:
        raise SystemExit(f"crawl with {source} failed: {done.stderr[-2000:]}")


def disk_bytes(db):
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    warcs = db.with_name(f"{db.stem}-warc")
    return db.stat().st_size, sum(p.stat().st_size for p in warcs.glob("*.warc.gz"))


def reparse_seconds(source, db):
    cmd, env = command(source)
    started = time.perf_counter()
    done = subprocess.run([*cmd, "reparse", "--db", str(db)], env=env, capture_output=True,
                          text=True, cwd=source)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"reparse with {source} failed: {done.stderr[-2000:]}")
    return elapsed, json.loads(done.stdout.strip().splitlines()[-1])["articles"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=3, help="re-parse rounds (median)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="thanhuy-storage-bench-"))
    old_source = checkout_release(work / "release-0.1.0")
    try:
        old_db, new_db = work / "old" / "archive.db", work / "new" / "archive.db"
        old_db.parent.mkdir()
        new_db.parent.mkdir()
        with ReleaseMirror(old_source, work / "mirror", args.articles) as server:
            crawl(old_source, server.url, old_db)
            crawl(ROOT, server.url, new_db, ["--no-media"])
        sizes = {"0.1.0": disk_bytes(old_db), "this": disk_bytes(new_db)}
        times = {"0.1.0": [], "this": []}
        articles = {}
        for _ in range(args.rounds):
            for name, source, db in (("0.1.0", old_source, old_db), ("this", ROOT, new_db)):
                seconds, n = reparse_seconds(source, db)
                times[name].append(seconds)
                articles[name] = n
        report(args, sizes, times, articles)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                        str(old_source)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(args, sizes, times, articles):
    mb = lambda n: n / 1e6  # noqa: E731
    print(f"Mirror of {args.articles} articles; {args.rounds} re-parse rounds, medians.")
    print(f"{'release':8} {'articles':>8} {'db MB':>8} {'WARC MB':>8} {'total MB':>9} "
          f"{'reparse s':>10} {'articles/s':>11}")
    rates = {}
    for name in ("0.1.0", "this"):
        db, warc = sizes[name]
        seconds = statistics.median(times[name])
        rates[name] = articles[name] / seconds
        print(f"{name:8} {articles[name]:>8} {mb(db):>8.1f} {mb(warc):>8.1f} "
              f"{mb(db + warc):>9.1f} {seconds:>10.2f} {rates[name]:>11.0f}")
    disk = sum(sizes["this"]) / sum(sizes["0.1.0"])
    speed = rates["this"] / rates["0.1.0"]
    print(f"disk: this release uses {disk:.0%} of 0.1.0's (target <= 60%): "
          f"{'PASS' if disk <= 0.6 else 'FAIL'}")
    print(f"reparse: this release re-parses at {speed:.0%} of 0.1.0's speed (target >= 80%): "
          f"{'PASS' if speed >= 0.8 else 'FAIL'}")


if __name__ == "__main__":
    sys.exit(main())
