"""Shared fixtures: a generated mirror of the portal, served on 127.0.0.1 (port 0), and a
helper that runs the real ``thanhuy-archive`` command.

Everything is real: the mirror is a real HTTP server, archives are real SQLite files, the
crawl is the installed console script in a subprocess.
"""

import asyncio
import json
import os
import queue
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from thanhuy_archive.mirror.generate import generate_mirror
from thanhuy_archive.mirror.server import MirrorServer

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def vi_cases(group):
    """One group of the hand-checked Vietnamese test vectors (``tests/fixtures/vi-cases.json``,
    see ``tests/fixtures/README.md``): ``dates``, ``unicode``, ``bylines`` or ``search``."""
    return json.loads((FIXTURES / "vi-cases.json").read_text(encoding="utf-8"))[group]


def command(*args):
    """The argv of the installed ``thanhuy-archive`` console script with ``args``."""
    script = Path(sys.executable).parent / "thanhuy-archive"
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "thanhuy_archive.cli"]
    return launcher + [str(a) for a in args]


def thanhuy_archive(*args, timeout=300, check=False):
    """Run the installed ``thanhuy-archive`` console script; returns the CompletedProcess."""
    result = subprocess.run(command(*args), capture_output=True, text=True,
                            timeout=timeout, cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if check and result.returncode != 0:
        raise AssertionError(f"thanhuy-archive {' '.join(map(str, args))} exited "
                             f"{result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def query(db, sql, params=()):
    """Rows of a query on an archive file, as dicts (a fresh connection each time, as a
    reader beside a crawl would use)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def on_mirror(url, site):
    """Where a crawl of the mirror at ``site`` fetched a portal or media host URL: the mirror
    stands in for them."""
    mirror, parts = urlsplit(site), urlsplit(url)
    return parts._replace(scheme=mirror.scheme, netloc=mirror.netloc).geturl()


def copy_archive(db, dest):
    """A copy of an archive: its SQLite file (and write-ahead log) and its WARC folder, where
    the raw bytes of its captures live (archive.db -> archive-warc/). Returns ``dest``."""
    db, dest = Path(db), Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db, dest)
    if Path(f"{db}-wal").exists():
        shutil.copyfile(f"{db}-wal", f"{dest}-wal")
    warcs = db.with_name(f"{db.stem}-warc")
    if warcs.is_dir():
        shutil.copytree(warcs, dest.with_name(f"{dest.stem}-warc"))
    return dest


def started(datasette):
    """A Datasette instance after its startup hooks, ready for in-process requests (``get``)."""
    asyncio.run(datasette.invoke_startup())
    return datasette


def archive_datasette(path):
    """The archive's Datasette as ``thanhuy-archive serve`` builds it, started."""
    from thanhuy_archive.web import make_datasette  # only the tests that serve pay for Datasette

    return started(make_datasette(path))


SERVE_TIMEOUT = 60  # seconds for `serve` to announce its address on a loaded machine


@contextmanager
def serving(db, *, kill=False, **popen_options):
    """``thanhuy-archive serve --db DB --port 0`` in a subprocess; yields the base URL it
    announces (``http://127.0.0.1:PORT/``). Its output is read all along, so a full pipe never
    stalls it. Stopped with SIGTERM, or SIGKILL with ``kill`` (a server that may still be
    busy). ``popen_options`` go to ``subprocess.Popen`` (``preexec_fn``...)."""
    proc = subprocess.Popen(command("serve", "--db", db, "--port", "0"), cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, **popen_options)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout],
                     daemon=True).start()
    said, url = [], None
    deadline = time.monotonic() + SERVE_TIMEOUT
    while url is None and time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        said.append(line)
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        url = match.group(0) if match else None
    try:
        if url is None:
            raise AssertionError(f"thanhuy-archive serve announced no address (exit "
                                 f"{proc.poll()}, waited up to {SERVE_TIMEOUT} s): "
                                 f"{''.join(said)[-2000:]}")
        yield url
    finally:
        proc.kill() if kill else proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get(ds, path, headers=None):
    """An in-process GET to a started Datasette instance; the httpx response."""
    return asyncio.run(ds.client.get(path, headers=headers))


MIRROR_SPEED = ("--delay", "0", "--concurrency", "8")


def crawl(site_url, db, *extra, check=True):
    """The real ``thanhuy-archive crawl`` of a mirror at full speed; the CompletedProcess."""
    return thanhuy_archive("crawl", "--site", site_url, "--db", db, *MIRROR_SPEED, *extra,
                           check=check)


@pytest.fixture(scope="session")
def mirror_root(tmp_path_factory):
    return Path(generate_mirror(tmp_path_factory.mktemp("mirror")))


@pytest.fixture(scope="session")
def mirror_gold(mirror_root):
    return json.loads((mirror_root / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture
def mirror(mirror_root):
    with MirrorServer(mirror_root) as server:
        yield server


@pytest.fixture(scope="session")
def crawled_mirror(mirror_root, tmp_path_factory):
    """One real crawl of the mirror, shared by the session (each test process makes it once):
    ``db`` (read it, or copy it with copy_archive before writing), the command's ``result``,
    the mirror server's ``requests`` and its ``url``."""
    db = tmp_path_factory.mktemp("crawled") / "archive.db"
    with MirrorServer(mirror_root) as server:
        result = crawl(server.url, db, check=False)
        requests = list(server.requests)
    return {"db": db, "result": result, "requests": requests, "url": server.url}


@pytest.fixture(scope="session")
def crawled_archive(crawled_mirror):
    """The archive of :func:`crawled_mirror`: read it, or copy it before writing."""
    assert crawled_mirror["result"].returncode == 0, crawled_mirror["result"].stderr[-3000:]
    return crawled_mirror["db"]
