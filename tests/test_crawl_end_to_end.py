"""End to end: serve the mirror, run the real ``thanhuy-archive crawl --site``, check the
archive against the mirror's gold answers, then serve it with ``thanhuy-archive serve``.
"""

import csv
import io
import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.text import fold
from thanhuy_archive.mirror.server import MirrorServer
from tests.conftest import copy_archive, crawl, on_mirror, query as rows, serving

SCALAR_FIELDS = ("title", "lead", "body", "published_at", "source", "category")
LIST_FIELDS = ("authors", "captions", "images")


@pytest.fixture(scope="module")
def crawled(crawled_mirror):
    """The session's crawl of the mirror (tests/conftest.py): read only."""
    return crawled_mirror


def test_the_crawl_succeeds_and_reports_its_figures(crawled):
    result = crawled["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["status"] == "ok"
    assert summary["articles_new"] > 0


def test_every_article_is_archived_exactly_once(crawled, mirror_gold):
    expected = set(mirror_gold["expected_article_ids"])
    stored = [r["id"] for r in rows(crawled["db"], "SELECT id FROM articles")]
    assert len(stored) == len(set(stored))
    assert set(stored) == expected


def test_each_article_is_fetched_once_whatever_url_links_to_it(crawled):
    fetches = rows(crawled["db"], """SELECT article_id, count(*) AS n FROM captures
                                      WHERE article_id IS NOT NULL AND status = 200
                                      GROUP BY article_id HAVING n > 1""")
    assert fetches == []


def test_stored_fields_match_the_gold_answers(crawled, mirror_gold):
    stored = {r["id"]: r for r in rows(crawled["db"], "SELECT * FROM articles")}
    wrong = []
    for gold in mirror_gold["articles"]:
        if gold["id"] not in stored:
            continue  # reported by test_every_article_is_archived_exactly_once
        row = stored[gold["id"]]
        for field in SCALAR_FIELDS:
            if (row[field] or None) != (gold.get(field) or None):
                wrong.append((gold["id"], field, row[field], gold.get(field)))
        for field in LIST_FIELDS:
            if json.loads(row[field] or "[]") != (gold.get(field) or []):
                wrong.append((gold["id"], field, row[field], gold.get(field)))
    assert wrong == []


def test_no_disallowed_path_was_requested(crawled, mirror_gold):
    disallowed = mirror_gold["robots_disallowed"]
    assert disallowed, "the mirror's robots.txt must disallow something"
    requested = [r["path"] for r in crawled["requests"]]
    assert [p for p in requested if any(p.startswith(d) for d in disallowed)] == []


def test_the_user_agent_names_the_project(crawled):
    agents = {r["user_agent"] for r in crawled["requests"]}
    assert agents and all("thanhuy-archive" in a and "http" in a for a in agents)


def test_the_run_is_recorded_with_its_counts(crawled, mirror_gold):
    (run,) = rows(crawled["db"], "SELECT * FROM crawl_runs")
    assert run["status"] == "ok" and run["ended_at"]
    assert run["new"] == len(mirror_gold["expected_article_ids"])
    assert run["requests"] >= run["new"]
    # Links robots.txt refuses are never requested: counted in the run, not logged one by one.
    assert json.loads(run["cut"]).get("robots.txt", 0) >= len(mirror_gold["robots_disallowed_linked"])
    disallowed = mirror_gold["robots_disallowed"]
    assert [r for r in rows(crawled["db"], "SELECT url FROM crawl_log")
            if any(urlsplit(r["url"]).path.startswith(d) for d in disallowed)] == []


def test_every_fetched_page_is_kept_raw_in_its_warc_record_only(crawled):
    from pipelines.warc import read_payload
    from thanhuy_archive.records import payload_digest

    warc_dir = Path(crawled["db"]).with_name("archive-warc")
    captures = rows(crawled["db"], "SELECT * FROM captures WHERE warc_record_type = 'response'")
    assert captures and all(c["body"] is None for c in captures)  # kept once, in the WARC
    for capture in captures:
        payload, length = read_payload(warc_dir / capture["warc_filename"],
                                       capture["warc_offset"])
        assert payload_digest(payload) == capture["digest"] and len(payload) == capture["size"]
        assert length == capture["warc_length"]
        assert json.loads(capture["headers"])


def test_every_image_and_document_is_archived_once_with_its_bytes(crawled, mirror_gold):
    from pipelines.storage import Archive

    db = crawled["db"]
    media = {r["url"]: r for r in rows(db, "SELECT * FROM media")}
    archive = Archive(db, readonly=True)
    try:
        for gold in mirror_gold["media_files"]:
            stored = [media[on_mirror(u, crawled["url"])] for u in gold["urls"]]
            assert {(m["kind"], m["digest"], m["size"], m["status"]) for m in stored} == {
                (gold["kind"], gold["sha1"], gold["size"], 200)}, gold["urls"]
            if gold["kind"] == "image":
                assert {(m["width"], m["height"]) for m in stored} == {
                    (gold["width"], gold["height"])}
            (payload,) = {archive.raw_payload(m["capture_id"])[0] for m in stored}
            assert len(payload) == gold["size"]
    finally:
        archive.close()
    # The same bytes, under one URL or two, on one article or several: one full copy.
    copies = rows(db, "SELECT c.digest, count(*) AS n FROM captures c JOIN media m "
                      "ON m.url = c.url WHERE c.warc_record_type = 'response' GROUP BY c.digest "
                      "HAVING n > 1")
    assert copies == []


def test_each_article_links_its_images_and_documents(crawled, mirror_gold):
    links = {}
    for r in rows(crawled["db"], "SELECT article_id, url, role FROM article_media"):
        links.setdefault(r["article_id"], set()).add((r["url"], r["role"]))
    for article in mirror_gold["articles"]:
        expected = {(on_mirror(m["url"], crawled["url"]), m["kind"]) for m in article["media"]}
        assert expected <= links.get(article["id"], set()), article["id"]


def test_attached_documents_are_read_legacy_fonts_included(crawled, mirror_gold):
    texts = {r["url"]: r for r in rows(crawled["db"], "SELECT * FROM attachments")}
    documents = [f for f in mirror_gold["media_files"] if f["kind"] == "attachment"]
    assert {m.get("encoding") for m in documents} >= {"unicode", "tcvn3", "vni"}
    for gold in documents:
        for url in gold["urls"]:
            stored = texts[on_mirror(url, crawled["url"])]
            assert (stored["text"], stored["encoding"], json.loads(stored["errors"])) == (
                gold["text"], gold["encoding"], []), url


def test_a_second_crawl_never_duplicates(crawled, mirror_root, tmp_path):
    db = copy_archive(crawled["db"], tmp_path / "archive.db")
    with MirrorServer(mirror_root) as server:
        again = crawl(server.url, db, "--quiet", check=False)
    assert again.returncode == 0, again.stderr[-2000:]
    ids = [r["id"] for r in rows(db, "SELECT id FROM articles")]
    assert len(ids) == len(set(ids))
    assert rows(db, "SELECT count(*) AS n FROM article_revisions")[0]["n"] == 0
    # An incremental crawl fetches new images and documents only: here, none.
    assert rows(db, "SELECT count(*) AS n FROM captures c JOIN media m ON m.url = c.url "
                    "WHERE c.run_id = 2") == [{"n": 0}]


# -- serving ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(crawled):
    """``thanhuy-archive serve --port 0`` on the crawled archive; yields its base URL."""
    with serving(crawled["db"]) as url:
        yield url


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def test_a_search_without_diacritics_finds_articles_with_them(served, crawled, mirror_gold):
    expected = {a["id"] for a in mirror_gold["articles"]
                if "dan van" in fold(" ".join(a.get(f) or "" for f in ("title", "lead", "body")))}
    assert expected, "the mirror must contain 'dân vận'"
    db = Path(crawled["db"]).stem
    status, body = get(f"{served}{db}/articles.json?_search=dan+van&_shape=array&_size=max"
                       "&_col=id")
    assert status == 200
    found = {r["id"] for r in json.loads(body)}
    # Word-level match: every gold article with the words (any accents) and no other.
    assert expected <= found
    for r in rows(crawled["db"], "SELECT id, title, lead, body FROM articles"):
        words = set(re.findall(r"\w+", fold(" ".join(r[k] or "" for k in ("title", "lead",
                                                                          "body")))))
        assert (r["id"] in found) == ({"dan", "van"} <= words)


def test_csv_download_has_every_row(served, crawled):
    db = Path(crawled["db"]).stem
    status, body = get(f"{served}{db}/articles.csv?_stream=on&_size=max")
    assert status == 200
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    count = rows(crawled["db"], "SELECT count(*) AS n FROM articles")[0]["n"]
    assert len(table) == count
    assert {r["id"] for r in table} == {str(r["id"]) for r in rows(crawled["db"],
                                                                   "SELECT id FROM articles")}
