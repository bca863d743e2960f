"""The replay index: a sorted CDXJ index of the archive's WARC files, kept beside them.

What pywb and ReplayWeb.page read to find a capture: one line per replayable record,
``<SURT key> <14-digit UTC timestamp> {"url", "mime", "status", "digest", "length", "offset",
"filename"}``, sorted in byte order, made by ``cdxj-indexer`` (the indexer of both tools; POST
captures get the ``__wb_method=post`` key pywb and ReplayWeb.page look them up by). Two files,
in the folder of the WARC files (``archive.db`` -> ``archive-warc/``)::

    index.cdxj          the index
    index-files.json    which WARC files it holds, with the size each had when indexed

:func:`update_index` runs at the end of each crawl and costs what is new, not the archive's
size in records: it indexes only WARC files it does not hold yet (or whose size changed),
sorts their lines, and merges them into the index in one streaming pass (memory stays flat;
the index is replaced atomically, so a reader never sees half of one). A file a live writer
still holds locked is left for the next update. Updating again changes nothing.

Why a ``304 Not Modified`` stays out of the replay index
-------------------------------------------------------
A re-check answered 304 is a ``revisit`` record (profile ``server-not-modified``) in the WARC
file, which keeps it: it is the proof that the page was unchanged at that time. Replaying it,
though, must show the page, and no index line can make both tools do that:

* pywb 2.10 (``pywb/warcserver/resource/resolvingloader.py``, ``load_headers_and_payload``)
  takes the status from the revisit record's own HTTP head, whatever the index line says; a
  3xx one (304 included) is replayed as that head with an empty body, the original never
  loaded. (A revisit without payload digest also gets the empty-payload digest, for which
  pywb never looks the original up.) So any line pointing at the revisit replays an empty 304.
* ReplayWeb.page (wabac.js ``src/remotearchivedb.ts``, ``loadPayload``) also replays a 3xx
  revisit as its head alone, and refuses a line that points at another record (the original
  response, listed at the re-check's time): the record it loads must have the line's URL and
  timestamp ("Wrong url", "Wrong timestamp").

So the 304 is left out of the index (any record whose HTTP status is 304). A replay at the
re-check's time then finds the capture of that URL nearest in time, the original response,
and shows its bytes, in both tools. (A 304 at a URL under which nothing else was captured,
an article re-checked under a new slug or host, has no replay of its own; its original URL
replays.)

A revisit with profile ``identical-payload-digest`` (the same bytes again, possibly under
another URL) stays in: both tools follow its ``WARC-Refers-To-Target-URI`` and
``WARC-Refers-To-Date`` to the original response, which is in the index, and replay the
revisit's own headers with the original's bytes.
"""

from __future__ import annotations

import heapq
import json
import logging
import os
import tempfile
import zlib
from contextlib import ExitStack, contextmanager
from pathlib import Path

from cdxj_indexer.main import CDXJIndexer
from warcio.recordloader import ArchiveLoadFailed

from pipelines.warc import SUFFIX

try:  # POSIX only; elsewhere no update waits for another and no writer is detected.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

log = logging.getLogger(__name__)

__all__ = ["INDEX_NAME", "FILES_NAME", "ReplayIndexer", "update_index", "indexed_files"]

INDEX_NAME = "index.cdxj"
FILES_NAME = "index-files.json"
NOT_MODIFIED = "304"
# The record types the archive's WARC files hold that a replay serves (warcinfo and request
# records are not looked up by URL).
REPLAYED = "response,revisit"
# What reading a WARC file with a torn last record raises.
UNREADABLE = (ArchiveLoadFailed, EOFError, zlib.error, ValueError)


class ReplayIndexer(CDXJIndexer):
    """cdxj-indexer as pywb's ``wb-manager`` runs it (POST bodies in the key), over the
    records a replay serves, less the ``304`` answers: see the module docstring. The record
    types are named, not taken from ``CDXJIndexer.DEFAULT_RECORDS``, which py-wacz extends
    with ``warcinfo`` when it is imported."""

    def __init__(self, output, inputs):
        super().__init__(output, inputs, post_append=True, sort=True, records=REPLAYED)

    def filter_record(self, record):
        return super().filter_record(record) and not (
            record.http_headers is not None
            and record.http_headers.get_statuscode() == NOT_MODIFIED)


def update_index(warc_dir, *, index_dir=None) -> Path:
    """Bring the replay index of the WARC files in ``warc_dir`` up to date; return its path.

    ``index_dir`` (default: ``warc_dir``) is where the index and its list of files are kept;
    the CDXJ ``filename`` fields are the WARC files' bare names. Call it when no writer of
    this process holds a WARC file open (after the crawl's archive is closed): a file still
    locked by a writer is not indexed until the next update. Concurrent updates of one
    folder wait for each other.
    """
    warc_dir = Path(warc_dir)
    index_dir = Path(index_dir) if index_dir is not None else warc_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    index_path = index_dir / INDEX_NAME
    with _folder_lock(index_dir):
        held = indexed_files(index_dir) if index_path.exists() else {}
        present = _finished_warc_files(warc_dir, held)
        added = sorted(name for name, size in present.items() if held.get(name) != size)
        dropped = {name for name, size in held.items() if present.get(name) != size}
        if index_path.exists() and not added and not dropped:
            return index_path
        with tempfile.TemporaryDirectory(dir=index_dir, prefix=".index-") as work:
            new_lines = []
            for name in added:
                lines = Path(work) / f"{name}.cdxj"
                try:
                    ReplayIndexer(str(lines), [str(warc_dir / name)]).process_all()
                except UNREADABLE as e:  # a torn tail a crashed writer left: see warc.recover
                    log.warning("replay index: %s cannot be read yet (%s); left for the next "
                                "update", name, e)
                    del present[name]
                    continue
                new_lines.append(lines)
            merged = Path(work) / INDEX_NAME
            _merge(_kept_lines(index_path, dropped), new_lines, merged)
            os.replace(merged, index_path)
            _write_json(index_dir / FILES_NAME, {"files": present}, work)
        _fsync_folder(index_dir)
    return index_path


def indexed_files(index_dir) -> dict:
    """The WARC files the index in ``index_dir`` holds: ``{bare name: size in bytes}``."""
    path = Path(index_dir) / FILES_NAME
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text("utf-8"))["files"])


def _finished_warc_files(warc_dir, held) -> dict:
    """``{name: size}`` of the WARC files no writer holds; a file being written keeps the
    size it was indexed at (or is left out until it is finished)."""
    files = {}
    for path in sorted(warc_dir.glob(f"*{SUFFIX}")):
        if _being_written(path):
            if path.name in held:
                files[path.name] = held[path.name]
            continue
        files[path.name] = path.stat().st_size
    return files


def _being_written(path) -> bool:
    """Whether a WarcWriter holds the file (it keeps an exclusive ``flock`` while writing)."""
    if fcntl is None:  # pragma: no cover
        return False
    with open(path, "rb") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return False


def _kept_lines(index_path, dropped):
    """The index's lines, less those of the ``dropped`` WARC files."""
    if not index_path.exists():
        return
    with open(index_path, "rb") as old:
        for line in old:
            if not dropped or _filename(line) not in dropped:
                yield line


def _merge(kept, new_lines, out_path):
    """Merge sorted lines into ``out_path``, once each: an update interrupted after the index
    was replaced but before the list of files was indexes those files again, to equal lines."""
    with ExitStack() as files:
        new = [files.enter_context(open(path, "rb")) for path in new_lines]
        out = files.enter_context(open(out_path, "wb"))
        previous = None
        for line in heapq.merge(kept, *new):
            if line != previous:
                out.write(line)
            previous = line
        out.flush()
        os.fsync(out.fileno())


def _filename(line: bytes) -> str:
    return json.loads(line.split(b" ", 2)[2])["filename"]


def _write_json(path, data, work):
    temporary = Path(work) / path.name
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, sort_keys=True)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


@contextmanager
def _folder_lock(folder):
    """An exclusive ``flock`` on the folder itself: no lock file to leave behind."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _fsync_folder(folder):
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
