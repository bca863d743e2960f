"""WACZ export at scale: time and memory of ``thanhuy_archive.wacz.export_wacz``.

    python benchmarks/wacz_export.py                  # 1,000 mirror articles: generate, crawl, export
    python benchmarks/wacz_export.py --reuse          # the archive of a previous run
    python benchmarks/wacz_export.py --reuse --copies 60   # plus 60 copies of its WARC files

It generates the offline mirror (``python -m thanhuy_archive.mirror.generate OUT --articles
N``), serves it on 127.0.0.1, crawls it with the real ``thanhuy-archive crawl``, then, each in
a process of its own whose resident memory (VmRSS) is sampled every 50 ms from outside:

1. ``update_index`` of the WARC folder from nothing (what the first update of an existing
   archive costs), then once more with nothing new (what a crawl that wrote nothing costs);
2. ``export_wacz`` of the archive, its index up to date (what the end of a crawl leaves).

``--copies K`` adds K renamed copies of the crawled WARC files to the archive's WARC folder
(each a valid WARC file, its records then indexed and exported K more times) to show how
time and memory follow the archive's size: memory should not. Memory is judged flat when
the export's peak RSS is within 50 MB of its RSS once the modules are imported.

Everything is kept in ``--workdir`` (default ``$TMPDIR/thanhuy-wacz-export``). The timeline
and a summary go to stderr; a JSON report to stdout. No network beyond the loopback interface.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.replay_index import FILES_NAME, INDEX_NAME, indexed_files  # noqa: E402
from pipelines.storage import warc_dir_for  # noqa: E402
from thanhuy_archive.mirror.server import MirrorServer  # noqa: E402

SAMPLE_EVERY = 0.05
FLAT_MB = 50
# Run in a child process: imports, then "ready", then the work, then its figures as JSON.
CHILD = """
import json, resource, sys, time
from pipelines.replay_index import update_index
from thanhuy_archive.wacz import export_wacz
print("ready", flush=True)
started = time.perf_counter()
result = {WORK}
print(json.dumps({{"seconds": time.perf_counter() - started, "result": result,
                   "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}),
      flush=True)
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=0,
                        help="add K renamed copies of the crawled WARC files")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "thanhuy-wacz-export")
    parser.add_argument("--reuse", action="store_true",
                        help="use the mirror and archive of a previous run in --workdir")
    args = parser.parse_args(argv)

    db = args.workdir / "archive.db"
    if not (args.reuse and db.exists()):
        crawl_mirror(args.workdir, args.articles)
    warc_dir = warc_dir_for(db)
    add_copies(warc_dir, args.copies)
    for stale in (INDEX_NAME, FILES_NAME):  # the first measure indexes from nothing
        (warc_dir / stale).unlink(missing_ok=True)
    warc_bytes = sum(p.stat().st_size for p in warc_dir.glob("*.warc.gz"))
    say(f"archive: {db} ({db.stat().st_size / 1e6:.1f} MB), "
        f"{len(list(warc_dir.glob('*.warc.gz')))} WARC files, {warc_bytes / 1e6:.1f} MB")

    out = args.workdir / "archive.wacz"
    report = {"articles": args.articles, "copies": args.copies, "warc_mb": warc_bytes / 1e6}
    report["index_from_nothing"] = measure("update_index from nothing",
                                           f"str(update_index({str(warc_dir)!r}))")
    report["index_nothing_new"] = measure("update_index, nothing new",
                                          f"str(update_index({str(warc_dir)!r}))")
    report["export"] = measure("export_wacz", f"export_wacz({str(db)!r}, {str(out)!r}).pages",
                               watch=out)
    report["index_lines"] = sum(1 for _ in open(warc_dir / INDEX_NAME, "rb"))
    report["indexed_files"] = len(indexed_files(warc_dir))
    report["wacz_mb"] = out.stat().st_size / 1e6
    export = report["export"]
    report["flat"] = export["peak_rss_mb"] - export["ready_rss_mb"] <= FLAT_MB
    say(f"\nWACZ export: {export['result']:,} pages, {report['index_lines']:,} index lines, "
        f"{report['warc_mb']:.1f} MB of WARC -> {report['wacz_mb']:.1f} MB WACZ in "
        f"{export['seconds']:.2f} s ({report['warc_mb'] / export['seconds']:.0f} MB/s); "
        f"RSS {export['ready_rss_mb']:.1f} MB after imports, peak {export['peak_rss_mb']:.1f} MB "
        f"(+{export['peak_rss_mb'] - export['ready_rss_mb']:.1f}): "
        f"{'flat' if report['flat'] else 'NOT FLAT'} (<= +{FLAT_MB} MB)")
    print(json.dumps(report, indent=2))
    return 0 if report["flat"] else 1


def crawl_mirror(workdir, articles):
    """Generate the mirror, serve it, crawl it into ``workdir/archive.db``."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    mirror = workdir / "mirror"
    subprocess.run([sys.executable, "-m", "thanhuy_archive.mirror.generate", str(mirror),
                    "--articles", str(articles)], cwd=ROOT, check=True)
    script = Path(sys.executable).parent / "thanhuy-archive"
    with MirrorServer(mirror) as server:
        started = time.perf_counter()
        subprocess.run([str(script), "crawl", "--site", server.url, "--db",
                        str(workdir / "archive.db"), "--delay", "0", "--concurrency", "8",
                        "--quiet"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        say(f"crawled {articles} articles in {time.perf_counter() - started:.1f} s")


def add_copies(warc_dir, copies):
    """K renamed copies of each crawled WARC file (copies of earlier runs removed first)."""
    for old in warc_dir.glob("*-copy*.warc.gz"):
        old.unlink()
    originals = sorted(warc_dir.glob("*.warc.gz"))
    for k in range(1, copies + 1):
        for warc in originals:
            shutil.copyfile(warc, warc.with_name(warc.name.replace(".warc.gz",
                                                                   f"-copy{k:03d}.warc.gz")))


def measure(label, work, watch=None):
    """Run ``work`` in a child process; sample its RSS every 50 ms; print the timeline."""
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(WORK=work)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    samples, done = [], threading.Event()
    sampler = threading.Thread(target=sample, args=(child.pid, samples, done, watch))
    sampler.start()
    assert child.stdout.readline().strip() == "ready"
    ready_at, ready_rss = time.perf_counter(), rss_mb(child.pid)
    figures = json.loads(child.stdout.readline())
    done.set()
    sampler.join()
    if child.wait() != 0:
        raise SystemExit(f"{label} failed")
    timeline = [(round(t - ready_at, 2), mb, size) for t, mb, size in samples if t >= ready_at]
    peak = max([mb for _, mb, _ in timeline] + [ready_rss])
    say(f"\n{label}: {figures['seconds']:.2f} s, RSS {ready_rss:.1f} MB after imports, "
        f"peak {peak:.1f} MB (ru_maxrss {figures['max_rss_mb']:.1f} MB)")
    show_timeline(timeline, watch is not None)
    return {"seconds": figures["seconds"], "result": figures["result"],
            "ready_rss_mb": ready_rss, "peak_rss_mb": peak,
            "max_rss_mb": figures["max_rss_mb"], "timeline": timeline}


def sample(pid, samples, done, watch):
    while not done.is_set():
        mb = rss_mb(pid)
        if mb is None:
            return
        samples.append((time.perf_counter(), mb, written(watch)))
        done.wait(SAMPLE_EVERY)


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


def written(out):
    """Bytes of the WACZ being written (under its temporary name beside ``out``)."""
    if out is None:
        return None
    partial = list(out.parent.glob(f".{out.name}.*/{out.name}"))
    return partial[0].stat().st_size if partial else (out.stat().st_size if out.exists() else 0)


def show_timeline(timeline, with_size, rows=12):
    """About ``rows`` evenly spaced samples of (seconds, RSS, bytes written)."""
    step = max(1, len(timeline) // rows)
    for t, mb, size in timeline[::step] + ([timeline[-1]] if len(timeline) % step else []):
        extra = f"   WACZ written {size / 1e6:8.1f} MB" if with_size and size is not None else ""
        say(f"  t={t:6.2f} s   RSS {mb:6.1f} MB{extra}")


def say(text):
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
