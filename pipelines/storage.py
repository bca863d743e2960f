"""The archive: one SQLite file, its schema, and every write made to it.

Tables (created and migrated by code, with sqlite-utils):

``articles``         one row per article id, the latest extraction of its latest capture
``article_revisions`` the previous values whenever a re-capture changed an article
``captures``         every fetched page: URL, status, headers, time, zlib-compressed raw bytes
``crawl_runs``       one row per run, with its counts
``crawl_log``        one row per request outcome, failures included

Every write is one transaction, and the database runs in WAL mode so Datasette can read while a
crawl writes. Nothing is ever deleted: a removed article is marked ``removed_at``.

>>> archive = Archive(":memory:")
>>> run = archive.start_run(site="http://127.0.0.1:8000/")
>>> archive.store_article({"id": 1491871594, "url": "u", "title": "Tin"}, capture_id=None, run_id=run)
Stored(outcome='new', changed_fields=[])
"""

import json
import zlib
from collections import namedtuple
from datetime import datetime

import sqlite_utils

from crawler.site import VIETNAM_TZ
from thanhuy_archive.records import ARTICLE_FIELDS
from crawler.text import fold
from crawler.urls import article_id, canonical_url
from pipelines.search import ensure_search_schema
from pipelines.warc import payload_digest

# Extracted fields that count as the article's content: a change in one of them is a revision.
CONTENT_FIELDS = (
    "title", "published_at", "authors", "source", "category", "lead", "body", "images", "captions",
)
JSON_FIELDS = ("authors", "images", "captions", "flags")

# Small columns first, body last: sorting and faceting then read far fewer pages (measured on a
# 200,000-article archive: column order halved those costs).
ARTICLE_COLUMNS = {
    "id": int,
    "url": str,
    "title": str,
    "published_at": str,
    "published_at_source": str,
    "authors": str,
    "byline_source": str,
    "source": str,
    "category": str,
    "flags": str,
    "first_seen_at": str,
    "last_fetched_at": str,
    "last_changed_at": str,
    "removed_at": str,
    "capture_id": int,
    "captures": int,
    "lead": str,
    "images": str,
    "captions": str,
    "body": str,
    "search_folded": str,
}
SEARCH_COLUMNS = ["title", "lead", "body", "search_folded"]
# remove_diacritics 2 folds letters carrying two marks (dân vận -> dan van); no tokenizer folds
# đ, so search_folded carries an accent-free copy (đ -> d) for queries like "dang".
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


Stored = namedtuple("Stored", "outcome changed_fields")


def now_iso():
    """The archive's clock: now, in Vietnam time, to the second (2026-11-26T14:05:00+07:00)."""
    return datetime.now(VIETNAM_TZ).isoformat(timespec="seconds")


class Archive:
    def __init__(self, path="archive.db"):
        self.db = sqlite_utils.Database(path)
        if path != ":memory:":
            self.db.enable_wal()
            # In WAL mode NORMAL is safe against a killed process (only a power cut may lose
            # the last commits) and saves an fsync per transaction.
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.ensure_schema()

    # -- schema -------------------------------------------------------------------------------

    def ensure_schema(self):
        db = self.db
        with db.conn:
            db["crawl_runs"].create(
                {
                    "id": int, "started_at": str, "ended_at": str, "site": str, "options": str,
                    "status": str, "message": str, "requests": int, "articles_seen": int,
                    "new": int, "changed": int, "unchanged": int, "removed": int, "failed": int,
                    "flagged": int,
                },
                pk="id", if_not_exists=True,
            )
            db["captures"].create(
                {
                    "id": int, "run_id": int, "fetched_at": str, "url": str, "status": int,
                    "article_id": int, "content_type": str, "digest": str, "size": int,
                    "warc_filename": str, "warc_offset": int, "warc_record_id": str,
                    "warc_record_type": str, "revisit_of": int, "headers": str, "body": bytes,
                },
                pk="id", foreign_keys=[("run_id", "crawl_runs", "id")], if_not_exists=True,
            )
            db["crawl_log"].create(
                {
                    "id": int, "run_id": int, "time": str, "url": str, "status": int,
                    "bytes": int, "digest": str, "duration_ms": int, "discovered_from": str,
                    "outcome": str, "message": str, "capture_id": int,
                },
                pk="id", foreign_keys=[("run_id", "crawl_runs", "id")], if_not_exists=True,
            )
            db["articles"].create(
                ARTICLE_COLUMNS, pk="id", not_null={"url"},
                foreign_keys=[("capture_id", "captures", "id")], if_not_exists=True,
            )
            db["article_revisions"].create(
                {
                    "id": int, "article_id": int, "replaced_at": str, "reason": str,
                    "changed_fields": str, "from_capture_id": int, "to_capture_id": int,
                    **{f: str for f in CONTENT_FIELDS},
                },
                pk="id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
            )
            # What a crawl has scheduled and not yet fetched: a crawl killed mid-way resumes from
            # here instead of re-walking the site (Scrapy's JOBDIR queue does not survive SIGKILL).
            db["frontier"].create(
                {"url": str, "run_id": int, "scheduled_at": str, "discovered_from": str,
                 "state": str},
                pk="url", if_not_exists=True,
            )
            # Other URLs that led to an article (legacy URLs answering 301): an incremental
            # crawl then knows where such a link goes without fetching it.
            db["url_aliases"].create(
                {"url": str, "article_id": int, "seen_at": str}, pk="url", if_not_exists=True,
            )
            for table, cols in (
                ("frontier", ["state"]),
                ("captures", ["url"]), ("captures", ["article_id"]), ("crawl_log", ["run_id"]),
                ("articles", ["published_at"]), ("article_revisions", ["article_id"]),
            ):
                db[table].create_index(cols, if_not_exists=True)
        if "articles_fts" not in db.table_names():
            db["articles"].enable_fts(
                SEARCH_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE
            )
        ensure_search_schema(db)  # the accent-exact index and the facets' indexes

    # -- runs ---------------------------------------------------------------------------------

    def start_run(self, site, options=None):
        with self.db.conn:
            return self.db["crawl_runs"].insert(
                {"started_at": now_iso(), "site": site, "options": json.dumps(options or {}),
                 "status": "running"}
            ).last_pk

    def close_interrupted_runs(self):
        """Mark runs left 'running' by a killed crawl as 'interrupted'; returns their ids.

        Call only while holding the crawl lock, so no live run is mistaken for a dead one."""
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM crawl_runs WHERE status = 'running'")]
        with self.db.conn:
            for run_id in ids:
                self.db["crawl_runs"].update(run_id, {"status": "interrupted",
                                                      "message": "the process was killed"})
        return ids

    def totals(self):
        one = lambda sql: self.db.execute(sql).fetchone()[0] or 0  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "removed": one("SELECT count(*) FROM articles WHERE removed_at IS NOT NULL"),
            "flagged": one("SELECT count(*) FROM articles WHERE flags NOT IN ('', '[]')"),
            "revisions": one("SELECT count(*) FROM article_revisions"),
            "captures": one("SELECT count(*) FROM captures"),
            "runs": one("SELECT count(*) FROM crawl_runs"),
        }

    def recent_runs(self, limit=10):
        return list(self.db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]))

    def flagged_share(self, before_run):
        """The share of parsed articles flagged by the extractor in earlier successful runs."""
        row = self.db.execute(
            "SELECT sum(flagged), sum(new) + sum(changed) FROM crawl_runs "
            "WHERE id < ? AND status = 'ok'", [before_run]).fetchone()
        flagged, parsed = row
        return (flagged or 0) / parsed if parsed else 0.0

    def end_run(self, run_id, status, message="", **counts):
        with self.db.conn:
            self.db["crawl_runs"].update(
                run_id, {"ended_at": now_iso(), "status": status, "message": message, **counts}
            )

    # -- captures -----------------------------------------------------------------------------

    def record_capture(self, *, url, status, headers, body, run_id, fetched_at=None,
                       article_id=None, content_type=None, discovered_from=None,
                       duration_ms=None, warc=None, revisit_of=None):
        """Keep the raw page, compressed, and log the fetch. Returns the capture id.

        ``warc`` is the WarcLocation of the capture's WARC record. A revisit (same payload as
        capture ``revisit_of``, or a 304) stores no second copy of the bytes."""
        fetched_at = fetched_at or now_iso()
        digest = payload_digest(body)
        row = {
            "run_id": run_id, "fetched_at": fetched_at, "url": url, "status": status,
            "article_id": article_id, "content_type": content_type, "digest": digest,
            "size": len(body), "headers": json.dumps(headers, ensure_ascii=False),
            "revisit_of": revisit_of,
            "body": None if revisit_of else zlib.compress(body, 6),
        }
        if warc is not None:
            row.update(warc_filename=warc.filename, warc_offset=warc.offset,
                       warc_record_id=warc.record_id, warc_record_type=warc.record_type)
            if warc.record_type == "revisit":
                row["digest"] = warc.payload_digest
        with self.db.conn:
            capture_id = self.db["captures"].insert(row).last_pk
            self._log(run_id, url=url, status=status, bytes=len(body), digest=digest,
                      duration_ms=duration_ms, discovered_from=discovered_from,
                      outcome="fetched", capture_id=capture_id, time=fetched_at)
        return capture_id

    def log_failure(self, *, run_id, url, message, status=None, discovered_from=None,
                    outcome="failed"):
        """Log a request that gave no page: ``failed``, ``skipped`` (robots.txt) or
        ``not-found``."""
        with self.db.conn:
            self._log(run_id, url=url, status=status, outcome=outcome, message=message,
                      discovered_from=discovered_from, time=now_iso())

    def _log(self, run_id, **row):
        self.db["crawl_log"].insert({"run_id": run_id, **row})

    def raw_page(self, capture_id):
        row = self.db["captures"].get(capture_id)
        if row["body"] is None and row["revisit_of"]:
            return self.raw_page(row["revisit_of"])
        return zlib.decompress(row["body"]) if row["body"] is not None else b""

    def original_capture(self, url, digest=None):
        """The latest full capture of URL (with payload DIGEST, if given) that a WARC revisit
        record can refer to, or None. An article URL matches any URL of the same article."""
        aid = article_id(url)
        sql = ("SELECT id, url, fetched_at, digest, warc_record_id FROM captures WHERE "
               + ("article_id = ?" if aid is not None else "url = ?")
               + " AND warc_record_type = 'response' AND status = 200")
        params = [aid if aid is not None else url]
        if digest:
            sql += " AND digest = ?"
            params.append(digest)
        rows = list(self.db.query(sql + " ORDER BY id DESC LIMIT 1", params))
        return rows[0] if rows else None

    def article_captures(self):
        """Each archived article with the capture its fields come from, for re-parsing.

        One row in memory at a time, and no SELECT left open while the caller writes."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]
        for aid in ids:
            rows = list(self.db.query(
                "SELECT a.id, c.id AS capture_id, c.url, c.fetched_at, c.content_type, "
                "coalesce(c.body, o.body) AS body FROM articles a "
                "JOIN captures c ON c.id = a.capture_id "
                "LEFT JOIN captures o ON o.id = c.revisit_of WHERE a.id = ?", [aid]))
            if rows:
                yield rows[0]

    # -- articles -----------------------------------------------------------------------------

    def store_article(self, fields, *, capture_id, run_id=None, fetched_at=None,
                      reason="recapture"):
        """Insert or update one article; returns ``Stored(outcome, changed_fields)`` with
        outcome 'new', 'changed' or 'unchanged'.

        A change keeps the previous values in ``article_revisions`` with its ``reason``
        ('recapture': the site changed; 'reparse': the extractor changed): nothing is
        overwritten without a trace."""
        fetched_at = fetched_at or now_iso()
        refetched = reason == "recapture"
        row = _article_row(fields)
        table = self.db["articles"]
        with self.db.conn:
            try:
                old = table.get(row["id"])
            except sqlite_utils.db.NotFoundError:
                old = None
            if old is None:
                table.insert({**row, "first_seen_at": fetched_at, "last_fetched_at": fetched_at,
                              "last_changed_at": fetched_at, "capture_id": capture_id,
                              "captures": 1})
                return Stored("new", [])
            changed = [f for f in CONTENT_FIELDS if (old[f] or "") != (row.get(f) or "")]
            update = ({"last_fetched_at": fetched_at, "captures": (old["captures"] or 0) + 1,
                       "removed_at": None} if refetched else {})
            if changed:
                self.db["article_revisions"].insert(
                    {"article_id": row["id"], "replaced_at": fetched_at, "reason": reason,
                     "changed_fields": json.dumps(changed),
                     "from_capture_id": old["capture_id"], "to_capture_id": capture_id,
                     **{f: old[f] for f in CONTENT_FIELDS}}
                )
                update.update(row)
                update["last_changed_at"] = fetched_at
            else:
                # Provenance and flags may improve with a newer extractor without a content change.
                update.update({k: row[k] for k in ("published_at_source", "byline_source", "flags")
                               if k in row})
            if capture_id is not None:
                update["capture_id"] = capture_id
            if update:
                table.update(row["id"], update)
            return Stored("changed" if changed else "unchanged", changed)

    def touch_article(self, article_id, *, fetched_at=None):
        """A conditional GET answered 304: the article was checked and had not changed."""
        fetched_at = fetched_at or now_iso()
        with self.db.conn:
            self.db.execute(
                "UPDATE articles SET last_fetched_at = ?, captures = coalesce(captures, 0) + 1, "
                "removed_at = NULL WHERE id = ?", [fetched_at, article_id])

    def mark_removed(self, article_id, *, when=None):
        """Record that an article now answers 404/410. Its row and history stay."""
        when = when or now_iso()
        with self.db.conn:
            cursor = self.db.execute(
                "UPDATE articles SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                [when, article_id],
            )
        return cursor.rowcount > 0

    def known_articles(self):
        """What an incremental crawl needs to know of each archived article: when it was
        published and last fetched, and the validators for a conditional GET."""
        known = {}
        for row in self.db.query(
            "SELECT a.id, a.url, a.published_at, a.first_seen_at, a.last_fetched_at, "
            "a.removed_at, c.headers FROM articles a LEFT JOIN captures c ON c.id = a.capture_id"
        ):
            headers = {k.lower(): v for k, v in json.loads(row.pop("headers") or "{}").items()}
            row["etag"] = (headers.get("etag") or [None])[0]
            row["last_modified"] = (headers.get("last-modified") or [None])[0]
            known[row["id"]] = row
        return known

    def dead_article_ids(self):
        """Article ids that answered 404/410 and were never archived: dead links, which a
        sidebar may repeat on every page."""
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT article_id FROM captures WHERE status IN (404, 410) "
            "AND article_id IS NOT NULL AND article_id NOT IN (SELECT id FROM articles)")}

    def schedule(self, url, *, run_id, discovered_from=None):
        with self.db.conn:
            self.db.execute(
                "INSERT INTO frontier (url, run_id, scheduled_at, discovered_from, state) "
                "VALUES (?, ?, ?, ?, 'pending') ON CONFLICT(url) DO UPDATE SET "
                "run_id = excluded.run_id, state = 'pending'",
                [url, run_id, now_iso(), discovered_from])

    def unschedule(self, url):
        """The URL was fetched, failed for good, or was dropped as a duplicate."""
        with self.db.conn:
            self.db.execute("UPDATE frontier SET state = 'done' WHERE url = ?", [url])

    def pending(self):
        """URLs a killed crawl had scheduled and not fetched, in the order found."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT url, discovered_from FROM frontier WHERE state = 'pending' "
            "ORDER BY scheduled_at, rowid")]

    def clear_frontier(self):
        """After a run that finished normally: the scheduler ran dry, nothing is pending."""
        with self.db.conn:
            self.db.execute("DELETE FROM frontier")

    def record_aliases(self, urls, article_id):
        with self.db.conn:
            for url in urls:
                self.db["url_aliases"].upsert(
                    {"url": canonical_url(url), "article_id": article_id, "seen_at": now_iso()},
                    pk="url")

    def aliases(self):
        return {r[0]: r[1] for r in self.db.execute("SELECT url, article_id FROM url_aliases")}


def _article_row(fields):
    if not isinstance(fields, dict):
        fields = fields.as_json()
    row = {}
    for name in ARTICLE_FIELDS:
        if name not in fields or name not in ARTICLE_COLUMNS:
            continue
        value = fields[name]
        if name in JSON_FIELDS:
            value = json.dumps(value or [], ensure_ascii=False)
        row[name] = value
    row["search_folded"] = fold(
        " ".join(fields.get(k) or "" for k in ("title", "lead", "body"))
    )
    return row
