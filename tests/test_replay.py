"""Replay and exchange: the CDXJ index beside the WARC files, pywb replaying from it, and the
WACZ export that ReplayWeb.page opens.

The archive is made by the real ``thanhuy-archive crawl`` of the mirror, twice against one
server (the second with ``--full``, so that every archived article is re-checked and the
mirror answers 304), then indexed with :func:`pipelines.replay_index.update_index`. pywb runs
for real: ``wb-manager init`` makes a collection of our WARC files and index, and pywb's
``wayback`` application (``FrontEndApp``) serves it on 127.0.0.1 from a socket bound to port
0, in a process of its own (pywb patches the standard library with gevent on import).

The mirror serves no image bytes yet, so the image test replays a WARC written with
``pipelines.warc.WarcWriter`` for an image URL of the portal's image host; so does the test of
a revisit under another URL of the same article, which a crawl of the mirror does not make.
"""

import gzip
import http.client
import json
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cdxj_indexer.main import CDXJIndexer
from surt import surt
from wacz.validate import Validation

from crawler.site import MEDIA_HOST
from pipelines.replay_index import FILES_NAME, INDEX_NAME, indexed_files, update_index
from pipelines.storage import Archive, warc_dir_for
from pipelines.warc import RevisitTarget, WarcWriter
from thanhuy_archive.mirror.server import MirrorServer
from thanhuy_archive.records import parse_time
from thanhuy_archive.wacz import WaczError, export_wacz
from tests.conftest import crawl, query

BIN = Path(sys.executable).parent
ARTICLES = 12  # enough for every kind of record; a small crawl keeps the module fast
# pywb's wayback application on a socket bound to port 0; its port is its first line out.
WAYBACK = """
from pywb.apps.frontendapp import FrontEndApp
from gevent.pywsgi import WSGIServer
server = WSGIServer(("127.0.0.1", 0), FrontEndApp(), log=None)
server.init_socket()
print(server.address[1], flush=True)
server.serve_forever()
"""
WHEN = datetime(2024, 11, 5, 8, 30, tzinfo=timezone.utc)


# -- the archive --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive(mirror_root, tmp_path_factory):
    """Crawled twice from one mirror server (which stays up: it says what the bytes were),
    then indexed for replay."""
    db = tmp_path_factory.mktemp("replay") / "archive.db"
    with MirrorServer(mirror_root) as mirror:
        crawl(mirror.url, db, "--quiet", "--max-articles", ARTICLES)
        crawl(mirror.url, db, "--quiet", "--max-articles", ARTICLES, "--full")
        update_index(warc_dir_for(db))
        yield {"db": db, "warc_dir": warc_dir_for(db), "mirror": mirror}


def served(mirror, url):
    """The bytes the mirror serves at ``url`` (the same server the crawls fetched from)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(mirror.host, mirror.port)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
    response = connection.getresponse()
    assert response.status == 200
    return response.read()


def timestamp(stored_time):
    """A stored capture time as the 14 digits of a replay URL (UTC)."""
    return parse_time(stored_time).when.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")


def http_date(stored_time):
    return format_datetime(parse_time(stored_time).when.astimezone(timezone.utc), usegmt=True)


def capture_and_original(db, where):
    """A revisit capture (chosen by ``where``) and the capture it refers to."""
    revisit = query(db, f"SELECT * FROM captures WHERE warc_record_type = 'revisit' AND {where} "
                        "ORDER BY id LIMIT 1")[0]
    original = query(db, "SELECT * FROM captures WHERE id = ?", [revisit["revisit_of"]])[0]
    return revisit, original


# -- WARC files written here: an image, and a revisit under another URL of an article ---------


def png(width, height):
    """A real PNG file: ``width`` x ``height`` grey pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(range(width)) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


IMAGE_URL = f"https://{MEDIA_HOST}/res/news/2024/11/05-11-2024-hop-mat-dan-van.png"
IMAGE = png(64, 48)
ARTICLE_URL = "https://www.thanhuytphcm.vn/tin-tuc/hop-mat-dan-van-1491931207"
SAME_ARTICLE_URL = "https://www.hcmcpv.org.vn/tin-tuc/hop-mat-nganh-dan-van-1491931207"
ARTICLE = "<html><head><title>Họp mặt</title></head><body><p>Dân vận</p></body></html>".encode()


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A WARC folder holding an image response, and an article fetched under one URL and
    later, identical, under another URL of the same article (an identical-payload revisit)."""
    folder = tmp_path_factory.mktemp("written-warc")
    with WarcWriter(folder) as writer:
        writer.write_exchange(url=IMAGE_URL, request_headers=[("Accept", "image/*")],
                              status=200, response_headers=[("Content-Type", "image/png")],
                              body=IMAGE, fetched_at=WHEN)
        first = writer.write_exchange(
            url=ARTICLE_URL, request_headers=[], status=200,
            response_headers=[("Content-Type", "text/html; charset=utf-8")], body=ARTICLE,
            fetched_at=WHEN)
        again = writer.write_exchange(
            url=SAME_ARTICLE_URL, request_headers=[], status=200,
            response_headers=[("Content-Type", "text/html; charset=utf-8")], body=ARTICLE,
            fetched_at=WHEN.replace(day=6),
            revisit_of=RevisitTarget(first.record_id, ARTICLE_URL, WHEN, first.payload_digest))
    assert again.record_type == "revisit"
    update_index(folder)
    return folder


# -- pywb -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wayback(archive, written, tmp_path_factory):
    """pywb serving four collections:

    * ``thanhuy``: made by ``wb-manager init``, our WARC files and our index linked into it
      (the README's commands);
    * ``direct``: our index and WARC files where they are, named in config.yaml;
    * ``written``: the WARC files written above, with their index;
    * ``pywb-indexed``: ``wb-manager add`` of our WARC files, indexed by pywb itself (which
      keeps the 304 answers: what our index leaves out, and why).
    """
    root = tmp_path_factory.mktemp("pywb")
    warc_dir = archive["warc_dir"]
    warcs = sorted(warc_dir.glob("*.warc.gz"))
    wb_manager(root, "init", "thanhuy")
    collection = root / "collections" / "thanhuy"
    for warc in warcs:
        (collection / "archive" / warc.name).symlink_to(warc)
    (collection / "indexes" / INDEX_NAME).symlink_to(warc_dir / INDEX_NAME)
    wb_manager(root, "init", "pywb-indexed")
    wb_manager(root, "add", "pywb-indexed", *warcs)
    (root / "config.yaml").write_text(json.dumps({"collections": {
        name: {"index_paths": str(folder / INDEX_NAME), "archive_paths": f"{folder}/"}
        for name, folder in (("direct", warc_dir), ("written", written))}}))
    log = open(root / "wayback.log", "wb")
    server = subprocess.Popen([sys.executable, "-c", WAYBACK], cwd=root,
                              stdout=subprocess.PIPE, stderr=log)
    port = server.stdout.readline().strip()
    try:
        assert port, (root / "wayback.log").read_text(errors="replace")[-3000:]
        yield Wayback("127.0.0.1", int(port))
    finally:
        server.terminate()
        server.wait()
        log.close()


def wb_manager(root, *args):
    subprocess.run([str(BIN / "wb-manager"), *map(str, args)], cwd=root, check=True,
                   capture_output=True)


class Wayback:
    def __init__(self, host, port):
        self.host, self.port = host, port

    def replay(self, collection, ts, url):
        """pywb's answer for ``url`` at ``ts`` in ``collection``, unrewritten (``id_``): the
        archived bytes as they were served. (status, headers, body)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.request("GET", f"/{collection}/{ts}id_/{url}")
        response = connection.getresponse()
        return response.status, response.headers, response.read()


# -- the replay index ---------------------------------------------------------------------------


def test_the_index_is_cdxj_indexer_output_sorted_without_304_answers(archive, tmp_path):
    warc_dir = archive["warc_dir"]
    everything = tmp_path / "everything.cdxj"
    CDXJIndexer(str(everything), sorted(map(str, warc_dir.glob("*.warc.gz"))),
                post_append=True, sort=True, records="response,revisit").process_all()
    lines = (warc_dir / INDEX_NAME).read_bytes().splitlines(keepends=True)
    not_modified = [line for line in everything.read_bytes().splitlines(keepends=True)
                    if json.loads(line.split(b" ", 2)[2])["status"] == "304"]

    assert lines == sorted(lines)
    assert len(not_modified) == query(archive["db"], "SELECT count(*) AS n FROM captures "
                                                     "WHERE status = 304")[0]["n"] > 0
    assert sorted(lines + not_modified) == everything.read_bytes().splitlines(keepends=True)
    assert indexed_files(warc_dir) == {p.name: p.stat().st_size
                                       for p in warc_dir.glob("*.warc.gz")}


def test_an_update_indexes_only_the_files_it_does_not_hold(archive, tmp_path):
    first, second = sorted(archive["warc_dir"].glob("*.warc.gz"))
    folder = tmp_path / "warc"
    folder.mkdir()
    shutil.copy(first, folder)
    update_index(folder)
    # Same size, unreadable bytes: were the first file read again, its lines would be lost.
    (folder / first.name).write_bytes(bytes(first.stat().st_size))
    shutil.copy(second, folder)

    update_index(folder)

    assert (folder / INDEX_NAME).read_bytes() == (archive["warc_dir"] / INDEX_NAME).read_bytes()
    assert indexed_files(folder) == indexed_files(archive["warc_dir"])


def test_an_update_with_nothing_new_leaves_the_index_as_it_is(archive):
    index = archive["warc_dir"] / INDEX_NAME
    before = index.stat().st_ino, (archive["warc_dir"] / FILES_NAME).stat().st_ino

    update_index(archive["warc_dir"])

    assert (index.stat().st_ino, (archive["warc_dir"] / FILES_NAME).stat().st_ino) == before


def test_a_file_a_writer_still_holds_waits_for_the_next_update(tmp_path):
    writer = WarcWriter(tmp_path)
    writer.write_exchange(url=IMAGE_URL, request_headers=[], status=200,
                          response_headers=[("Content-Type", "image/png")], body=IMAGE,
                          fetched_at=WHEN)
    update_index(tmp_path)
    assert indexed_files(tmp_path) == {}

    writer.close()
    update_index(tmp_path)

    assert list(indexed_files(tmp_path)) == [writer.files[0].name]
    assert surt(IMAGE_URL).encode() in (tmp_path / INDEX_NAME).read_bytes()


# -- pywb replays ------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", ["thanhuy", "direct"])
def test_pywb_replays_an_archived_article_with_its_bytes(archive, wayback, collection):
    article = query(archive["db"], "SELECT c.url, c.fetched_at FROM articles a JOIN captures c "
                                   "ON c.id = a.capture_id ORDER BY a.id LIMIT 1")[0]

    status, _, body = wayback.replay(collection, timestamp(article["fetched_at"]),
                                     article["url"])

    assert status == 200
    assert body == served(archive["mirror"], article["url"])


def test_a_recheck_answered_304_replays_the_original_at_its_time(archive, wayback):
    recheck, original = capture_and_original(archive["db"], "status = 304")
    assert recheck["url"] == original["url"]
    assert timestamp(recheck["fetched_at"]) != timestamp(original["fetched_at"])

    status, headers, body = wayback.replay("direct", timestamp(recheck["fetched_at"]),
                                           recheck["url"])

    assert status == 200
    assert body == served(archive["mirror"], recheck["url"]) != b""
    assert headers["Memento-Datetime"] == http_date(original["fetched_at"])


def test_pywb_indexing_the_same_files_itself_replays_that_304_empty(archive, wayback):
    """Why the 304 answers stay out of our index: see pipelines/replay_index.py."""
    recheck, _ = capture_and_original(archive["db"], "status = 304")

    status, _, body = wayback.replay("pywb-indexed", timestamp(recheck["fetched_at"]),
                                     recheck["url"])

    assert (status, body) == (304, b"")


def test_an_identical_payload_revisit_replays_the_original_bytes(archive, wayback):
    revisit, original = capture_and_original(
        archive["db"], "status = 200 AND content_type LIKE 'text/html%'")
    assert revisit["warc_record_type"] == "revisit" and original["warc_record_type"] == "response"

    status, headers, body = wayback.replay("direct", timestamp(revisit["fetched_at"]),
                                           revisit["url"])

    assert status == 200
    assert body == served(archive["mirror"], original["url"]) != b""
    assert headers["Memento-Datetime"] == http_date(revisit["fetched_at"])


def test_a_revisit_under_another_url_of_the_article_replays_the_original_bytes(wayback):
    status, headers, body = wayback.replay("written", "20241106", SAME_ARTICLE_URL)

    assert status == 200
    assert body == ARTICLE
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_an_archived_image_replays_with_its_bytes(wayback):
    status, headers, body = wayback.replay("written", "20241105", IMAGE_URL)

    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body == IMAGE


# -- WACZ ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wacz(archive, tmp_path_factory):
    out = tmp_path_factory.mktemp("wacz") / "thanhuy.wacz"
    summary = export_wacz(archive["db"], out)
    return {"path": out, "summary": summary, "zip": zipfile.ZipFile(out)}


def test_the_wacz_passes_py_wacz_validation(wacz):
    """py-wacz's validator, through its Python API: the checks ``wacz validate`` runs. (The
    command itself also requires wacz_version to be "1.1.1", the version py-wacz 0.6 writes.)"""
    validation = Validation(str(wacz["path"]))

    assert validation.version == "1.2.0"
    assert validation.check_required_contents() == 0
    assert validation.frictionless_validate() is True
    assert validation.check_file_paths() is True
    assert validation.check_file_hashes() is True
    assert validation.check_data_package_hash_and_sig() is True


def test_the_wacz_stores_the_warc_files_byte_for_byte(archive, wacz):
    stored = {info.filename: info for info in wacz["zip"].infolist()
              if info.filename.startswith("archive/")}

    assert sorted(stored) == sorted(f"archive/{p.name}"
                                    for p in archive["warc_dir"].glob("*.warc.gz"))
    for name, info in stored.items():
        assert info.compress_type == zipfile.ZIP_STORED
        assert wacz["zip"].read(info) == (archive["warc_dir"] / Path(name).name).read_bytes()


def test_the_wacz_index_is_the_replay_index_in_compressed_blocks(archive, wacz):
    blocks = wacz["zip"].read("indexes/index.idx").decode().splitlines()
    data = wacz["zip"].read("indexes/index.cdx.gz")
    assert wacz["zip"].getinfo("indexes/index.cdx.gz").compress_type == zipfile.ZIP_STORED
    assert json.loads(blocks[0].split(" ", 2)[2]) == {"format": "cdxj-gzip-1.0",
                                                      "filename": "index.cdx.gz"}
    lines = b""
    for block in blocks[1:]:
        where = json.loads(block.split(" ", 2)[2])
        lines += gzip.decompress(data[where["offset"]:where["offset"] + where["length"]])

    assert lines == (archive["warc_dir"] / INDEX_NAME).read_bytes()


def test_every_article_is_a_page_with_its_text_and_a_capture_to_replay(archive, wacz):
    header, *pages = map(json.loads, wacz["zip"].read("pages/pages.jsonl").splitlines())
    articles = {str(a["id"]): a for a in query(archive["db"], "SELECT * FROM articles")}
    index = (archive["warc_dir"] / INDEX_NAME).read_text()

    assert header["format"] == "json-pages-1.0" and header["hasText"] is True
    assert sorted(page["id"] for page in pages) == sorted(articles)
    assert wacz["summary"].pages == len(pages)
    for page in pages:
        article = articles[page["id"]]
        assert page["title"] == article["title"]
        assert page["text"].startswith(f"{article['title']}\n\n{article['lead']}")
        assert article["body"][-200:] in page["text"]
        ts = page["ts"].replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
        assert f"{surt(page['url'])} {ts} " in index


def test_the_datapackage_lists_every_file_with_its_hash_and_size(wacz):
    package = json.loads(wacz["zip"].read("datapackage.json"))
    digest = json.loads(wacz["zip"].read("datapackage-digest.json"))
    files = {info.filename for info in wacz["zip"].infolist()} - {"datapackage.json",
                                                                   "datapackage-digest.json"}

    assert (package["profile"], package["wacz_version"]) == ("data-package", "1.2.0")
    assert package["title"] and package["created"].endswith("Z")
    assert {r["path"] for r in package["resources"]} == files
    for resource in package["resources"]:
        assert resource["bytes"] == wacz["zip"].getinfo(resource["path"]).file_size
    assert digest["path"] == "datapackage.json"
    assert digest["hash"].startswith("sha256:")


def one_line(error):
    message = str(error.value)
    return bool(message) and "\n" not in message


def test_exporting_a_missing_or_empty_archive_says_so_in_one_line(tmp_path):
    with pytest.raises(WaczError) as missing:
        export_wacz(tmp_path / "archive.db", tmp_path / "out.wacz")
    Archive(tmp_path / "archive.db").close()
    with pytest.raises(WaczError) as empty:
        export_wacz(tmp_path / "archive.db", tmp_path / "out.wacz")

    assert one_line(missing) and "no archive at" in str(missing.value)
    assert one_line(empty) and "crawl first" in str(empty.value)
    assert not (tmp_path / "out.wacz").exists()


@pytest.mark.parametrize("out, why", [("nowhere/out.wacz", "does not exist"),
                                      (".", "is a directory"),
                                      ("out.zip", "must end in .wacz")])
def test_an_output_that_cannot_be_written_is_refused_in_one_line(archive, tmp_path, out, why):
    with pytest.raises(WaczError) as error:
        export_wacz(archive["db"], tmp_path / out)

    assert one_line(error) and why in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_warc_folder_is_exported_with_an_index_built_aside(archive, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(archive["db"], db)
    warc_dir = warc_dir_for(db)
    shutil.copytree(archive["warc_dir"], warc_dir, ignore=shutil.ignore_patterns("index*"))
    warcs = sorted(p.name for p in warc_dir.iterdir())
    warc_dir.chmod(0o555)
    try:
        export = export_wacz(db, tmp_path / "out.wacz")
    finally:
        warc_dir.chmod(0o755)

    assert sorted(p.name for p in warc_dir.iterdir()) == warcs
    assert export.warc_files == len(warcs) and export.pages == len(query(db, "SELECT id FROM "
                                                                          "articles"))
    assert zipfile.ZipFile(export.path).read("indexes/index.cdx.gz")


def test_export_replaces_an_older_wacz_once_the_new_one_is_complete(archive, tmp_path):
    out = tmp_path / "thanhuy.wacz"
    out.write_bytes(b"an older export")

    export_wacz(archive["db"], out)

    assert json.loads(zipfile.ZipFile(out).read("datapackage.json"))["resources"]
    assert [p.name for p in tmp_path.iterdir()] == ["thanhuy.wacz"]
