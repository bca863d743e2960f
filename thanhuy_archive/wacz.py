"""The archive as one WACZ file: what ReplayWeb.page opens, and what another archive imports.

:func:`export_wacz` writes a WACZ (Web Archive Collection Zipped, format 1.2.0) holding::

    archive/<name>.warc.gz     every WARC file of the archive, byte for byte (ZIP "stored")
    indexes/index.cdx.gz       the replay index (see pipelines.replay_index) as compressed
    indexes/index.idx          CDXJ blocks of 1,024 lines and their index, which ReplayWeb.page
                               reads on demand instead of loading every line
    pages/pages.jsonl          a header, then one page per article: its capture's URL and
                               time (``ts``, UTC), its title, and its text as extracted
                               (title, lead and body), which ReplayWeb.page lists and searches
    datapackage.json           every file's path, size and sha256; title, description,
                               created, software, ``wacz_version`` 1.2.0
    datapackage-digest.json    the sha256 of datapackage.json

The pages come from the archive's extraction, not from guessing pages in the WARC files (a
crawler's WARC has no page-load records for py-wacz's page detection to find).

``profile`` is ``data-package``: ReplayWeb.page (wabac.js ``WACZImporter.loadPackage``) opens
a package whose profile is ``data-package``, ``wacz-package`` or absent and refuses any other,
and py-wacz's validator checks the descriptor with frictionless, which cannot resolve a
profile named ``wacz``, the value the 1.2.0 draft names.

Memory stays flat whatever the archive's size: files are streamed into the ZIP in 1 MiB
chunks and hashed on the way; the pages and the index are written to temporary files beside
the output first, so that every entry's size is known when it is added. The WACZ appears at
``out_path`` only once complete (written under a temporary name, then renamed).

>>> export_wacz("/nonexistent/archive.db", "/tmp/x.wacz")
Traceback (most recent call last):
...
thanhuy_archive.wacz.WaczError: no archive at /nonexistent/archive.db (run `thanhuy-archive crawl --db /nonexistent/archive.db` first)
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from cdxj_indexer.main import CompressedWriter

from pipelines.replay_index import indexed_files, update_index
from pipelines.storage import Archive, ArchiveError, warc_dir_for, writable
from pipelines.warc import warc_date
from thanhuy_archive import __version__

__all__ = ["WACZ_VERSION", "WaczError", "WaczExport", "export_wacz"]

WACZ_VERSION = "1.2.0"
PROFILE = "data-package"
PAGES = "pages/pages.jsonl"
INDEX_DATA = "indexes/index.cdx.gz"
INDEX_BLOCKS = "indexes/index.idx"
# Lines per compressed index block: what ArchiveWeb.page and py-wacz use.
INDEX_BLOCK_LINES = 1024
TITLE = "thanhuytphcm.vn (hcmcpv.org.vn)"
_CHUNK = 1 << 20


class WaczError(ArchiveError):
    """The WACZ could not be written; the message is one line that says why."""


class WaczExport(NamedTuple):
    path: Path
    pages: int
    warc_files: int
    size: int  # of the WACZ file, in bytes


def export_wacz(db_path, out_path, *, warc_dir=None) -> WaczExport:
    """Write the archive at ``db_path`` (WARC files in ``warc_dir``, by default beside it) to
    the WACZ file ``out_path``, replacing it if it exists. Brings the replay index beside the
    WARC files up to date on the way (or builds one aside when that folder is read-only).

    Raises :class:`WaczError` (one line) for a missing, damaged or empty archive, an archive
    without WARC files, or an ``out_path`` that cannot be written; nothing is left at
    ``out_path`` then."""
    out_path = Path(out_path)
    _check_output(out_path)
    try:
        archive = Archive(db_path, readonly=True)
    except ArchiveError as e:
        raise WaczError(str(e)) from None
    try:
        warc_dir = Path(warc_dir) if warc_dir is not None else warc_dir_for(db_path)
        with _written_in_place(out_path) as (work, partial):
            index_path = _replay_index(warc_dir, work)
            warc_files = indexed_files(index_path.parent)
            if not warc_files:
                raise WaczError(f"no WARC files in {warc_dir}: nothing to replay (crawl first, "
                                "or give the folder of the WARC files)")
            pages, captured = _write_pages(archive, set(warc_files), work / "pages.jsonl")
            if not pages:
                raise WaczError(f"{db_path} has no archived article yet: nothing to export "
                                "(crawl first)")
            with zipfile.ZipFile(partial, "w", allowZip64=True) as wacz:
                resources = [_add(wacz, f"archive/{name}", warc_dir / name, size=size)
                             for name, size in sorted(warc_files.items())]
                resources += [_add(wacz, arcname, path, compress=arcname == INDEX_BLOCKS)
                              for arcname, path in _compressed_index(index_path, work)]
                resources.append(_add(wacz, PAGES, work / "pages.jsonl", compress=True))
                package = _datapackage(resources, pages, captured)
                wacz.writestr(_entry("datapackage.json", compress=True), package)
                wacz.writestr(_entry("datapackage-digest.json", compress=True),
                              _digest(package))
    except OSError as e:
        raise WaczError(f"could not write {out_path}: {e.strerror or e}") from None
    finally:
        archive.close()
    return WaczExport(out_path, pages, len(warc_files), out_path.stat().st_size)


def _check_output(out_path):
    """Fail before any work for an output that cannot be a WACZ file here."""
    if out_path.is_dir():
        raise WaczError(f"{out_path} is a directory: give the WACZ file's name")
    if out_path.suffix != ".wacz":
        raise WaczError(f"{out_path}: a WACZ file's name must end in .wacz")
    folder = out_path.parent.resolve()
    if not folder.is_dir():
        raise WaczError(f"folder {out_path.parent} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WaczError(f"cannot write {out_path}: its folder is not writable")


@contextmanager
def _written_in_place(out_path):
    """(a work folder, a temporary file name), both beside ``out_path``: the file becomes
    ``out_path`` when the block ends without error, and disappears otherwise."""
    folder = out_path.parent
    with tempfile.TemporaryDirectory(dir=folder, prefix=f".{out_path.name}.") as work:
        partial = Path(work) / out_path.name
        yield Path(work), partial
        os.replace(partial, out_path)


def _replay_index(warc_dir, work) -> Path:
    if not warc_dir.is_dir():
        raise WaczError(f"no WARC folder at {warc_dir}: nothing to replay (crawl first, or "
                        "give the folder of the WARC files)")
    return update_index(warc_dir, index_dir=None if writable(warc_dir) else work / "index")


def _write_pages(archive, warc_files, path):
    """pages.jsonl: one line per article whose capture is in ``warc_files``, newest first.
    Returns (pages written, (first, last) capture time)."""
    rows = archive.db.execute(
        "SELECT a.id, a.title, a.lead, a.body, c.url, c.fetched_at, c.warc_filename "
        "FROM articles a JOIN captures c ON c.id = a.capture_id "
        "ORDER BY a.published_at DESC, a.id DESC")
    pages, first, last = 0, None, None
    with open(path, "w", encoding="utf-8") as out:
        out.write(_json_line({"format": "json-pages-1.0", "id": "pages",
                              "title": "Articles", "hasText": True}))
        for aid, title, lead, body, url, fetched_at, warc_filename in rows:
            if warc_filename not in warc_files:
                continue  # a capture of an earlier release, or still being written
            ts = warc_date(fetched_at)  # the capture's WARC-Date: its index line's time
            first, last = min(first or ts, ts), max(last or ts, ts)
            page = {"id": str(aid), "url": url, "ts": ts, "title": title or None,
                    "text": "\n\n".join(part for part in (title, lead, body) if part)}
            out.write(_json_line({k: v for k, v in page.items() if v is not None}))
            pages += 1
    return pages, (first, last)


def _json_line(data) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"


def _compressed_index(index_path, work):
    """The sorted CDXJ index as gzip blocks (``index.cdx.gz``) and the first key, offset,
    length and sha256 of each block (``index.idx``): ((entry name, file), ...)."""
    data, blocks = work / "index.cdx.gz", work / "index.idx"
    with open(index_path, encoding="utf-8") as lines, open(data, "wb") as data_out, \
            open(blocks, "w", encoding="utf-8") as blocks_out:
        writer = CompressedWriter(blocks_out, data_out=data_out, num_lines=INDEX_BLOCK_LINES,
                                  data_out_name=Path(INDEX_DATA).name, digest_records=True)
        for line in lines:
            writer.write(line)
        if writer.block:
            writer.flush()
    return (INDEX_DATA, data), (INDEX_BLOCKS, blocks)


def _entry(arcname, *, compress=False, size=None):
    info = zipfile.ZipInfo(arcname, datetime.now(timezone.utc).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    if size is not None:
        info.file_size = size  # tells zipfile whether the entry needs ZIP64 fields
    return info


def _add(wacz, arcname, path, *, size=None, compress=False) -> dict:
    """Stream the first ``size`` bytes (default: all) of ``path`` into the ZIP; its resource
    entry for datapackage.json."""
    size = path.stat().st_size if size is None else size
    sha256, left = hashlib.sha256(), size
    with open(path, "rb") as source, wacz.open(_entry(arcname, compress=compress, size=size),
                                               "w") as target:
        while left:
            chunk = source.read(min(_CHUNK, left))
            if not chunk:
                raise WaczError(f"{path} became shorter while it was exported")
            sha256.update(chunk)
            target.write(chunk)
            left -= len(chunk)
    return {"name": Path(arcname).name, "path": arcname, "hash": f"sha256:{sha256.hexdigest()}",
            "bytes": size}


def _datapackage(resources, pages, captured) -> bytes:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    first, last = captured
    package = {
        "profile": PROFILE,
        "wacz_version": WACZ_VERSION,
        "title": TITLE,
        "description": (f"{pages:,} articles of the news portal of the Ho Chi Minh City Party "
                        f"Committee, captured from {first} to {last}. Each page of "
                        f"{PAGES} is an article's latest capture, with its text as "
                        "extracted: title, lead and body."),
        "created": now,
        "modified": now,
        "software": f"thanhuy-archive {__version__}",
        "resources": resources,
    }
    return json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")


def _digest(package: bytes) -> bytes:
    return json.dumps({"path": "datapackage.json",
                       "hash": f"sha256:{hashlib.sha256(package).hexdigest()}"},
                      indent=2).encode("utf-8")
