"""Serve a generated mirror over HTTP, with the portal's misbehaviour, for crawler tests.

Why a server of our own rather than ``python -m http.server``: the crawler must be tested
against what a real portal does and a file server does not: one article under many URLs
(any slug, tracking queries, session ids in the path), listings paginated by query string or
only by posting a form back, pages that fail first (500, 503 and 429 with Retry-After, an
empty 200, a 200 cut short), a slow page, redirects (chains and loops), pages that are gone,
pages for any day or page number, and conditional GETs. All of that is data in
``manifest.json`` (written by :mod:`thanhuy_archive.mirror.writing`); this module only
interprets it, so it holds no knowledge of the site itself.

Usage::

    with MirrorServer(root) as mirror:          # port 0: the OS picks a free port
        fetch(mirror.url + "robots.txt")        # mirror.url == "http://127.0.0.1:PORT/"
        mirror.requests                         # every request seen, in order

or ``python -m thanhuy_archive.mirror.server ROOT [--port N]``.

Conventions a client must know:

* Any ``Host`` is accepted and the site is the same under every name, so a crawler may either
  rewrite portal URLs onto ``mirror.url`` or use the mirror as a plain-HTTP proxy (absolute-form
  request targets are understood; ``CONNECT`` is not).
* ``{{ORIGIN}}`` in robots.txt, sitemaps and feeds is replaced at serve time by
  ``http://<Host header>`` because those formats need absolute URLs and the port is only known
  once the server runs. HTML pages are never rewritten: their absolute links name the real
  portal hosts, on purpose.
* Fault state (what a page answers before it answers itself) is per server instance: a new
  ``MirrorServer`` on the same directory starts with the faults armed again.
* A route with a ``sequence`` serves a template for any value of one query parameter (a day
  ``YYYY-MM-DD`` or a page number), with ``{{VALUE}}``, ``{{PREV}}`` and ``{{NEXT}}`` filled
  in: pages without end, as calendars and broken pagers have.
* A route with ``postback`` answers a POST of its form (``__EVENTTARGET``,
  ``__EVENTARGUMENT``) with the page the argument names, as ASP.NET pagers do.
* A route with ``parts`` (files, and ``{"padding": key, "bytes": n}``: n pseudo-random bytes
  drawn from key, see :func:`padding`) is served piece by piece, never whole in memory: the
  large attachments of memory benchmarks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import threading
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

ORIGIN_PLACEHOLDER = "{{ORIGIN}}"

# Query parameters added by sharing and analytics. They never select content, so the server
# drops them before looking a page up (the portal ignores them the same way).
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "zarsrc", "utm_source", "utm_medium", "utm_campaign", "utm_term",
     "utm_content", "_gl", "ref", "share"}
)


def route_key(target):
    """The lookup key of a request target: path with single slashes and no trailing slash,
    path parameters (``;jsessionid=...``), fragment and tracking parameters dropped,
    remaining parameters sorted.

    The generator registers pages under the same key, so ``/thoi-su/?page=2&fbclid=x`` and
    ``/thoi-su?page=2`` reach one page while ``?page=3`` stays a different one.

    >>> route_key("/thoi-su/?utm_source=zalo&page=2#top")
    '/thoi-su?page=2'
    >>> route_key("/tin-tuc/a-1491871594;jsessionid=0A1B")
    '/tin-tuc/a-1491871594'
    >>> route_key("//res/news/2015/10/DHX_VoThiDung.jpg")  # a path, not a host (CONFIRMED names)
    '/res/news/2015/10/DHX_VoThiDung.jpg'
    """
    raw_path, _, query = target.split("#", 1)[0].partition("?")
    segments = (segment.split(";", 1)[0] for segment in raw_path.split("/"))
    path = "/" + "/".join(segment for segment in segments if segment)
    params = sorted(
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS
    )
    return path + ("?" + urlencode(params) if params else "")


# The piece a padding is drawn and sent in: large enough to be quick, small enough that
# several large files served at once cost little memory.
PADDING_CHUNK = 1 << 20


def padding(key, length):
    """``length`` pseudo-random bytes drawn from ``key``, in pieces of at most PADDING_CHUNK:
    the same key, the same bytes, whoever draws them (the generator for their digest, the
    server for a client)."""
    for start in range(0, length, PADDING_CHUNK):
        yield random.Random(f"{key}:{start}").randbytes(min(PADDING_CHUNK, length - start))


def http_date(iso):
    """An ISO 8601 time (with zone) as an HTTP date."""
    return format_datetime(datetime.fromisoformat(iso).astimezone(timezone.utc), usegmt=True)


class Response:
    """What the mirror answers: status, headers and body (bytes), plus a delay to apply
    before answering (the slow page) and, for a body cut short, how many of its bytes are
    sent before the connection closes (the Content-Length still promises all of them)."""

    def __init__(self, status, headers=None, body=b"", delay=0.0, sent=None):
        self.status, self.headers, self.body, self.delay = status, headers or {}, body, delay
        self.sent = len(body) if sent is None else sent

    def pieces(self):
        """The bytes to send, in pieces (a body in parts is never joined)."""
        if isinstance(self.body, bytes):
            yield self.body[:self.sent]
        else:
            yield from self.body


class Parts:
    """A body made of a route's ``parts``: files and paddings, read as they are sent."""

    def __init__(self, mirror, parts):
        self.mirror, self.parts = mirror, parts

    def __len__(self):
        return sum(p["bytes"] if "padding" in p else len(self.mirror._file(p["file"]))
                   for p in self.parts)

    def __iter__(self):
        for part in self.parts:
            if "padding" in part:
                yield from padding(part["padding"], part["bytes"])
            else:
                yield self.mirror._file(part["file"])


def sequence_values(kind, raw, first=1):
    """(value, previous, next) as text for a sequence parameter, or None when ``raw`` is not
    one: a day ``YYYY-MM-DD`` (its neighbours the days around it) or a page number from
    ``first`` on."""
    try:
        if kind == "date":
            day = date.fromisoformat(raw)
            return (day.isoformat(), (day - timedelta(days=1)).isoformat(),
                    (day + timedelta(days=1)).isoformat())
        number = int(raw)
    except (ValueError, OverflowError):
        return None
    return (str(number), str(number - 1), str(number + 1)) if number >= first else None


class Mirror:
    """The site as the manifest describes it; answers requests without any socket.

    Separate from the HTTP plumbing so that its rules (lookup, faults, conditional GET) can be
    read in one place and used by other tools.
    """

    def __init__(self, root):
        self.root = Path(root)
        manifest_path = self.root / "manifest.json"
        if not manifest_path.is_file():
            raise FileNotFoundError(f"{manifest_path} not found: generate a mirror first "
                                    "(python -m thanhuy_archive.mirror.generate OUT)")
        self.manifest = json.loads(manifest_path.read_text("utf-8"))
        self.routes = self.manifest["routes"]
        self.tables = self.manifest["tables"]
        self.id_routes = [(re.compile(r["pattern"]), r["table"]) for r in self.manifest["id_routes"]]
        self._files = {}
        self._answered = {}  # lookup key -> first answers already served
        self._lock = threading.Lock()

    # -- lookup ---------------------------------------------------------------------------
    def lookup(self, target):
        """The manifest entry for a request target and the key its fault state is kept under,
        or ``(None, key)``. A sequence's entry carries the ``values`` to fill in."""
        key = route_key(target)
        if key in self.routes:
            return self.routes[key], key
        path, _, query = key.partition("?")
        # Article-like paths: the numeric id decides, whatever the slug or query.
        for pattern, table in self.id_routes:
            m = pattern.match(path)
            if m:
                entry = self.tables[table].get(m.group("id"))
                if entry and path.startswith(entry.get("prefix", "/")):
                    return entry, f"{table}:{m.group('id')}"
                return None, key
        entry = self.routes.get(path)
        if entry and "sequence" in entry:
            sequence = entry["sequence"]
            values = sequence_values(sequence["kind"], dict(parse_qsl(query)).get(sequence["param"], ""),
                                     sequence.get("from", 1))
            return (dict(sequence, values=values) if values else None), key
        if entry and entry.get("any_query"):
            return entry, path
        return None, key

    def _file(self, rel):
        data = self._files.get(rel)
        if data is None:
            data = self._files[rel] = (self.root / rel).read_bytes()
        return data

    # -- answering ------------------------------------------------------------------------
    def respond(self, target, headers, origin, method="GET", form=None):
        """The response to a GET, HEAD or POST of ``target``; ``headers`` is a mapping of
        request headers, ``form`` a POST's fields, ``origin`` the ``http://host:port`` the
        client used."""
        entry, key = self.lookup(target)
        if entry is None:
            return self._error(404)
        delay = float(entry.get("delay", 0))
        answer = self._first_answer(entry, key)
        if answer is not None and answer["status"] != 200:
            retry = {"Retry-After": str(answer["retry_after"])} if "retry_after" in answer else {}
            return self._error(answer["status"], delay, retry)
        status = int(entry.get("status", 200))
        if status in (301, 302, 307, 308):
            location = entry["location"]
            if location.startswith("/"):
                location = origin + location
            body = f'<html><body>Object moved to <a href="{location}">here</a>.</body></html>'
            return Response(status, {"Location": location,
                                     "Content-Type": "text/html; charset=utf-8"},
                            body.encode("utf-8"), delay)
        if status != 200:
            return self._error(status, delay)

        if "parts" in entry:
            body = Parts(self, entry["parts"])
        else:
            body = self._file(self._page_file(entry, method, form or {}))
        if "values" in entry:
            for placeholder, value in zip(("{{VALUE}}", "{{PREV}}", "{{NEXT}}"), entry["values"]):
                body = body.replace(placeholder.encode(), value.encode())
        if entry.get("origin"):
            body = body.replace(ORIGIN_PLACEHOLDER.encode(), origin.encode())
        etag = entry.get("etag") or '"%s"' % hashlib.sha1(body).hexdigest()[:20]
        out = {"Content-Type": entry["type"], "ETag": etag}
        last_modified = entry.get("last_modified")
        if last_modified:
            out["Last-Modified"] = http_date(last_modified)
        if answer is not None:  # a 200 that is not the page: empty, or cut short
            if answer["body"] == "empty":
                return Response(200, out, b"", delay)
            return Response(200, out, body, delay, sent=len(body) // 2)
        if method != "POST" and self._not_modified(headers, etag, last_modified):
            return Response(304, out, b"", delay)
        return Response(200, out, body, delay)

    def _first_answer(self, entry, key):
        """What this request gets instead of the page while the entry's ``first_answers``
        last (counted per server), or None."""
        answers = entry.get("first_answers")
        if not answers:
            return None
        with self._lock:
            seen = self._answered.get(key, 0)
            self._answered[key] = seen + 1
        return answers[seen] if seen < len(answers) else None

    @staticmethod
    def _page_file(entry, method, form):
        """The file to serve: a postback's page when the form posts one back."""
        postback = entry.get("postback")
        if method == "POST" and postback and form.get("__EVENTTARGET") == postback["target"]:
            return postback["pages"].get(form.get("__EVENTARGUMENT"), entry["file"])
        return entry["file"]

    @staticmethod
    def _not_modified(headers, etag, last_modified):
        """RFC 9110 conditional GET: If-None-Match wins (weak comparison); If-Modified-Since
        is consulted only without it."""
        inm = headers.get("If-None-Match")
        if inm is not None:
            if inm.strip() == "*":
                return True
            mine = etag.removeprefix("W/")
            return any(t.strip().removeprefix("W/") == mine for t in inm.split(","))
        ims = headers.get("If-Modified-Since")
        if ims and last_modified:
            try:
                since = parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
            modified = datetime.fromisoformat(last_modified).replace(microsecond=0)
            return modified <= since
        return False

    def _error(self, status, delay=0.0, headers=None):
        rel = self.manifest["error_pages"].get(str(status))
        body = self._file(rel) if rel else f"{status}\n".encode()
        return Response(status, {"Content-Type": "text/html; charset=utf-8", **(headers or {})},
                        body, delay)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/8.5"  # what an ASP.NET-era portal would announce
    sys_version = ""
    timeout = 30  # idle keep-alive connections must not pin threads forever

    def do_GET(self):
        self._answer(head=False)

    def do_HEAD(self):
        self._answer(head=True)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        fields = self.rfile.read(length).decode("utf-8", "replace")
        self._answer(head=False, form=dict(parse_qsl(fields, keep_blank_values=True)))

    def _answer(self, head, form=None):
        mirror_server = self.server.owner
        target = self.path
        host = self.headers.get("Host")
        if target.startswith(("http://", "https://")):  # used as a proxy
            parts = urlsplit(target)
            host = host or parts.netloc
            target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        origin = "http://" + (host or mirror_server.netloc)
        response = mirror_server.mirror.respond(target, self.headers, origin, self.command, form)
        mirror_server._record({
            "method": self.command,
            "path": target,
            "host": host,
            "status": response.status,
            "user_agent": self.headers.get("User-Agent"),
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
        })
        if response.delay:
            time.sleep(response.delay)
        try:
            self.send_response(response.status)
            self.send_header("X-Powered-By", "ASP.NET")
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.status != 304:  # a 304 has no body and says nothing of its length
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if not head and response.status != 304:
                for piece in response.pieces():
                    self.wfile.write(piece)
            if response.sent < len(response.body):  # cut short: hang up mid-body
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass  # quiet: tests and crawls read mirror.requests instead


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up mid-answer is not news


class LoopbackServer:
    """An HTTP server on a background thread, bound on construction (so ``url`` is known
    before ``start()``; port 0 picks a free one); a context manager. Its handler reaches it
    as ``self.server.owner``, and logs what it served with ``_record(entry)`` into
    ``requests`` (read a copy with ``list(...)``). The mirror's server and the test suite's
    hostile server are both one."""

    name = "loopback"

    def __init__(self, handler, host="127.0.0.1", port=0):
        self._httpd = _HTTPServer((host, port), handler)
        self._httpd.owner = self
        self.host, self.port = self._httpd.server_address[:2]
        self.netloc = f"{self.host}:{self.port}"
        self.url = f"http://{self.netloc}/"
        self.requests = []
        self._lock = threading.Lock()
        self._thread = None

    def _record(self, entry):
        with self._lock:
            self.requests.append(entry)

    def start(self):
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                name=f"{self.name}-{self.port}", daemon=True)
            self._thread.start()
        return self

    def stop(self):
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class MirrorServer(LoopbackServer):
    """A mirror directory served on a background thread; a context manager.

    The socket is bound on construction, so ``url`` is known before ``start()``.
    """

    name = "mirror"

    def __init__(self, root, host="127.0.0.1", port=0):
        self.mirror = Mirror(root)
        super().__init__(_Handler, host, port)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m thanhuy_archive.mirror.server",
                                     description="Serve a generated portal mirror.")
    parser.add_argument("root", help="directory written by python -m thanhuy_archive.mirror.generate")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 (default): any free port")
    args = parser.parse_args(argv)
    server = MirrorServer(args.root, args.host, args.port)
    print(f"Serving {args.root} (edition {server.mirror.manifest['edition']}) at {server.url}",
          flush=True)
    try:
        server.start()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
