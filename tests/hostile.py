"""A hostile portal for the reliability tests: a tiny but real news site, plus traps.

Everything is built here, in code (no files on disk), and served by a threaded
``http.server`` on 127.0.0.1, port 0 (the OS picks a free port)::

    with HostileServer(articles=12, traps={"calendar"}) as site:
        crawl(site.url, db)
        site.requests        # every request seen: method, path, host, status, headers
        site.article_ids     # the ids of the real articles, all of which must be archived

The real site
    ``/robots.txt``; ``/`` (the home page: menu of category listings, the latest articles);
    ``/chuyen-muc/<category>?trang=N`` (listings of ``per_page`` articles, paginated with a
    "next page" link); articles at ``/tin-tuc/<slug>-<10-digit id>``: an ``<h1>`` title, a
    publication time, a first paragraph opening "(Thanhuytphcm.vn) - ", several paragraphs of
    Vietnamese text (well over 400 characters) and the author's name alone in the last
    paragraph. Articles answer ``If-None-Match`` with ``304`` (strong ETag of the page). The
    portal ignores the slug: ``/tin-tuc/<any-slug>-<id>`` is the article.

Switchable games (constructor arguments; all off by default)
    ``traps``: a set of names, each linked from the home page:

    * ``calendar``: ``/lich?ngay=YYYY-MM-DD`` links the day before and the day after, forever;
    * ``pagination``: ``/vo-tan?page=N`` links page N+1 forever, and only an article that is
      already linked from the home page (no new article, ever);
    * ``deep``: ``/sau/x1/x2/.../xN`` links one level deeper, every segment unique;
    * ``repeat``: ``/lap/`` links the relative ``lap/``, i.e. ``/lap/lap/lap/...``;
    * ``redirect-chain``: ``/chuyen/N`` answers 302 to ``/chuyen/N+1``, forever;
    * ``redirect-loop``: ``/vong/a`` answers 302 to ``/vong/b``, which answers 302 to
      ``/vong/a``.

    ``redirects=True``: two of the real articles are linked only through an old address:
    ``moved_id`` as ``/tin-tuc/cu-<ID>`` (301 to ``/tin-tuc/moi-<ID>``, where it lives) and
    ``bare_id`` as ``/tin-tuc/<ID>`` (no slug; 301 to its slugged URL).

    ``injection=True``: extra real articles (``injection_ids``) whose titles start with
    formula or markup injection (``INJECTION_TITLES``), each followed by ``INJECTION_TAIL``.

    ``robots_redirect=URL``: robots.txt answers 302 to that URL (another server's
    ``/admin/secret``).

    ``offsite=URL``: the home page also links an article-looking page on another server.

    ``delay``: seconds every answer waits before it is sent (an attribute: a test may change
    it while the server runs, e.g. set it to 0 once it has what it needed). Tests never
    depend on it for their verdicts: they wait on the request log (``wait_for_requests``).

Every request is logged in ``requests`` (thread-safe; ``log()`` returns a copy): method,
path, Host header, status answered, User-Agent, Referer, If-None-Match, If-Modified-Since.

The end of this file holds the black-box helpers the reliability tests share: run the
installed ``thanhuy-archive`` in the background (``start_crawl``), crawl with a watchdog on
the server's request count (``crawl_watched``), and check that every request named the
server's own host (``assert_own_host``).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import subprocess
import tempfile
import time
import unicodedata
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from tests.conftest import REPO, command
from thanhuy_archive.mirror.server import LoopbackServer

VIETNAM = timezone(timedelta(hours=7))
FIRST_ID = 1491900100
CATEGORIES = (("xay-dung-dang", "Xây dựng Đảng"), ("kinh-te", "Kinh tế"),
              ("van-hoa-xa-hoi", "Văn hóa - Xã hội"))
AUTHORS = ("Văn Lượng", "Minh Thư", "Hoàng Anh", "Thu Hương", "Quốc Bảo")
SUBJECTS = ("công tác dân vận", "xây dựng Đảng", "chuyển đổi số", "an sinh xã hội",
            "phát triển kinh tế", "cải cách hành chính", "giáo dục đào tạo", "y tế cơ sở")
PLACES = ("Quận 1", "Quận 3", "TP Thủ Đức", "huyện Củ Chi", "huyện Cần Giờ", "Quận 8",
          "quận Bình Thạnh", "quận Gò Vấp")
SENTENCES = (
    "Hội nghị đã đánh giá kết quả thực hiện nhiệm vụ trong thời gian qua, chỉ rõ những mặt "
    "làm được, những hạn chế và nguyên nhân, đồng thời đề ra giải pháp cho thời gian tới.",
    "Các đại biểu thống nhất cao với báo cáo, nhấn mạnh vai trò nêu gương của cán bộ, đảng viên "
    "và sự đồng hành của nhân dân trong mọi phong trào thi đua của thành phố.",
    "Lãnh đạo địa phương cho biết sẽ tiếp tục lắng nghe ý kiến người dân, giải quyết dứt điểm "
    "các kiến nghị chính đáng và công khai kết quả để người dân cùng giám sát.",
    "Trong năm, nhiều mô hình hay, cách làm sáng tạo đã được nhân rộng, góp phần nâng cao đời "
    "sống vật chất và tinh thần của người dân trên địa bàn.",
    "Phát biểu chỉ đạo, đồng chí Bí thư đề nghị các cấp ủy tập trung lãnh đạo, tạo chuyển biến "
    "rõ nét, phấn đấu hoàn thành thắng lợi các chỉ tiêu đã đề ra.",
)
INJECTION_TITLES = (
    '=HYPERLINK("http://evil/","x")',
    "+SUM(1)",
    "-2+3",
    "@cmd",
    "<script>alert(1)</script>",
    "⟦x⟧",
    "<mark>m</mark>",
)
INJECTION_TAIL = " tin kiểm thử"
TRAPS = frozenset({"calendar", "pagination", "deep", "repeat", "redirect-chain",
                   "redirect-loop"})
TRAP_PREFIXES = {"calendar": "/lich", "pagination": "/vo-tan", "deep": "/sau/",
                 "repeat": "/lap/", "redirect-chain": "/chuyen/", "redirect-loop": "/vong/"}
TRAP_ENTRIES = {"calendar": "/lich?ngay=2024-05-01", "pagination": "/vo-tan?page=1",
                "deep": "/sau/x1", "repeat": "/lap/", "redirect-chain": "/chuyen/1",
                "redirect-loop": "/vong/a"}
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\n"


def _slugify(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return "-".join(words) or "bai-viet"


class Article:
    def __init__(self, index, aid, title, category):
        self.index, self.id, self.title, self.category = index, aid, title, category
        self.slug = _slugify(title)[:60].strip("-") or "bai-viet"
        self.path = f"/tin-tuc/{self.slug}-{aid}"
        self.link = self.path  # the address the site links it by
        self.author = AUTHORS[index % len(AUTHORS)]
        self.published = datetime(2024, 5, 1, 8, 30, tzinfo=VIETNAM) - timedelta(hours=7 * index)


class Page:
    def __init__(self, status=200, body=b"", headers=None):
        self.status, self.body, self.headers = status, body, dict(headers or {})


class HostileServer(LoopbackServer):
    """The hostile portal on a background thread; a context manager. The socket is bound on
    construction, so ``url`` is known before ``start()``."""

    name = "hostile"

    def __init__(self, articles=12, per_page=5, traps=(), redirects=False, injection=False,
                 robots_redirect=None, offsite=None, delay=0.0, busy=None, host="127.0.0.1"):
        unknown = set(traps) - TRAPS
        if unknown:
            raise ValueError(f"unknown traps: {sorted(unknown)}")
        self.traps = frozenset(traps)
        self.per_page = per_page
        self.robots_redirect = robots_redirect
        self.offsite = offsite
        self.delay = delay
        # busy=(n, seconds): the first article answers 429 with Retry-After: seconds, n times.
        self.busy_left, self.retry_after = busy or (0, 0)

        self.articles = {}
        for i in range(articles):
            subject, place = SUBJECTS[i % len(SUBJECTS)], PLACES[(i // 3) % len(PLACES)]
            title = f"Đẩy mạnh {subject} tại {place}, kỳ {i + 1}"
            self._add(Article(i, FIRST_ID + i, title, CATEGORIES[i % len(CATEGORIES)]))
        self.moved_id = self.bare_id = None
        self.redirect_paths = {}  # old address -> where it answers 301 to
        if redirects:
            extra = len(self.articles)
            moved = Article(extra, FIRST_ID + extra, "Bài viết đã đổi địa chỉ về dân vận",
                            CATEGORIES[0])
            moved.path = f"/tin-tuc/moi-{moved.id}"
            moved.link = f"/tin-tuc/cu-{moved.id}"
            bare = Article(extra + 1, FIRST_ID + extra + 1, "Bài viết liên kết không có tên",
                           CATEGORIES[1])
            bare.link = f"/tin-tuc/{bare.id}"
            for a in (moved, bare):
                self._add(a)
                self.redirect_paths[a.link] = a.path
            self.moved_id, self.bare_id = moved.id, bare.id
        self.injection_ids = []
        if injection:
            base = FIRST_ID + 500
            for n, evil in enumerate(INJECTION_TITLES):
                a = Article(len(self.articles), base + n, evil + INJECTION_TAIL,
                            CATEGORIES[n % len(CATEGORIES)])
                a.slug = f"kiem-thu-{n}"
                a.path = a.link = f"/tin-tuc/{a.slug}-{a.id}"
                self._add(a)
                self.injection_ids.append(a.id)
        self.by_id = {a.id: a for a in self.articles.values()}
        super().__init__(_Handler, host)

    def _add(self, article):
        self.articles[article.path] = article

    # -- what tests read ----------------------------------------------------------------------

    @property
    def article_ids(self):
        return set(self.by_id)

    @property
    def request_count(self):
        with self._lock:
            return len(self.requests)

    def log(self):
        with self._lock:
            return list(self.requests)

    def trap_requests(self, trap=None):
        """Requests to the traps' pages (all traps, or one)."""
        prefixes = [TRAP_PREFIXES[trap]] if trap else list(TRAP_PREFIXES.values())
        return [r for r in self.log() if r["path"].startswith(tuple(prefixes))]

    def real_requests(self):
        """Requests to the real site (everything that is not a trap page)."""
        prefixes = tuple(TRAP_PREFIXES.values())
        return [r for r in self.log() if not r["path"].startswith(prefixes)]

    def wait_for_requests(self, n, deadline_s=60.0, while_=None):
        """Block until at least N requests were seen; False if the deadline passed first or
        ``while_()`` became false (e.g. the crawl process ended)."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self.request_count >= n:
                return True
            if while_ is not None and not while_():
                return self.request_count >= n
            time.sleep(0.01)
        return False

    # -- pages --------------------------------------------------------------------------------

    def category_articles(self, slug):
        return [a for a in self.articles.values() if a.category[0] == slug]

    def respond(self, method, target, headers):
        parts = urlsplit(target)
        path, query = parts.path or "/", dict(parse_qsl(parts.query, keep_blank_values=True))
        if path == "/robots.txt":
            if self.robots_redirect:
                return Page(302, b"", {"Location": self.robots_redirect})
            return Page(200, ROBOTS_TXT.encode(), {"Content-Type": "text/plain"})
        if path == "/":
            return self._html(self.home_page())
        if self.busy_left and path == self.first_article().path:
            self.busy_left -= 1
            return Page(429, b"Too many requests", {"Retry-After": str(self.retry_after)})
        if path.startswith("/chuyen-muc/"):
            slug = path.split("/")[2]
            if slug not in dict(CATEGORIES):
                return self._not_found()
            try:
                page = int(query.get("trang", "1"))
            except ValueError:
                return self._not_found()
            return self._listing(slug, page)
        if path in self.redirect_paths:
            return Page(301, b"", {"Location": self._absolute(headers, self.redirect_paths[path])})
        if path.startswith("/tin-tuc/"):
            article = self.articles.get(path) or self._by_any_slug(path)
            if article is None:
                return self._not_found()
            return self._article(article, headers)
        if path.startswith("/admin/"):
            return self._html(_document("Quản trị", "<p>Khu vực quản trị bí mật.</p>"))
        return self._trap(path, query, headers)

    def _by_any_slug(self, path):
        tail = path.rsplit("-", 1)[-1] if "-" in path else path.rsplit("/", 1)[-1]
        # The portal ignores the slug (an old address of a moved article answers 301 above).
        return self.by_id.get(int(tail)) if tail.isdigit() else None

    def _trap(self, path, query, headers):
        if "calendar" in self.traps and path == "/lich":
            try:
                day = date.fromisoformat(query.get("ngay", ""))
            except ValueError:
                return self._not_found()
            links = [(f"/lich?ngay={day - timedelta(days=1)}", "Ngày trước"),
                     (f"/lich?ngay={day + timedelta(days=1)}", "Ngày sau")]
            return self._html(_document(f"Lịch {day}", "<p>Không có sự kiện.</p>", links))
        if "pagination" in self.traps and path == "/vo-tan":
            try:
                n = int(query.get("page", "1"))
            except ValueError:
                return self._not_found()
            first = self.first_article()
            links = [(first.link, first.title)] if first else []
            links.append((f"/vo-tan?page={n + 1}", "Trang sau"))
            return self._html(_document(f"Tin tổng hợp - trang {n}", "", links))
        if "deep" in self.traps and path.startswith("/sau/"):
            segments = [s for s in path.split("/") if s][1:]
            deeper = "/sau/" + "/".join(segments + [f"x{len(segments) + 1}"])
            return self._html(_document("Thư mục", "<p>Thư mục con.</p>", [(deeper, "Vào trong")]))
        if "repeat" in self.traps and path.startswith("/lap/"):
            return self._html(_document("Lặp", "<p>Liên kết tương đối.</p>", [("lap/", "Tiếp")]))
        if "redirect-chain" in self.traps and path.startswith("/chuyen/"):
            tail = path.split("/")[2] if path.count("/") >= 2 else ""
            if not tail.isdigit():
                return self._not_found()
            return Page(302, b"", {"Location": self._absolute(headers, f"/chuyen/{int(tail) + 1}")})
        if "redirect-loop" in self.traps and path in ("/vong/a", "/vong/b"):
            other = "/vong/b" if path == "/vong/a" else "/vong/a"
            return Page(302, b"", {"Location": self._absolute(headers, other)})
        return self._not_found()

    def first_article(self):
        plain = [a for a in self.articles.values() if a.link == a.path and
                 a.id not in self.injection_ids]
        return plain[0] if plain else None

    def home_page(self):
        links = [(f"/chuyen-muc/{slug}", name) for slug, name in CATEGORIES]
        latest = [a for a in self.articles.values() if a.link == a.path][:3]
        links += [(a.link, a.title) for a in latest]
        links += [(a.link, a.title) for a in self.articles.values() if a.link != a.path]
        links += [(TRAP_ENTRIES[t], f"Mục {t}") for t in sorted(self.traps)]
        if self.offsite:
            links.append((self.offsite.rstrip("/") + "/tin-tuc/ben-ngoai-1491999999",
                          "Liên kết ngoài"))
        return _document("Cổng thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh",
                         "<p>Tin tức mới nhất.</p>", links)

    def _listing(self, slug, page):
        items = self.category_articles(slug)
        pages = max(1, -(-len(items) // self.per_page))
        if page < 1 or page > pages:
            return self._not_found()
        chunk = items[(page - 1) * self.per_page: page * self.per_page]
        links = [(a.link, a.title) for a in chunk]
        if page < pages:
            links.append((f"/chuyen-muc/{slug}?trang={page + 1}", "Trang sau"))
        return self._html(_document(f"{dict(CATEGORIES)[slug]} - trang {page}", "", links))

    def _article(self, a, headers):
        paragraphs = [f"(Thanhuytphcm.vn) - Sáng {a.published:%d/%m/%Y}, tại {PLACES[a.index % 8]}"
                      f", Thành ủy tổ chức hội nghị về {SUBJECTS[a.index % 8]} (bài số "
                      f"{a.index + 1})."]
        for k in range(4):
            paragraphs.append(" ".join(SENTENCES[(a.index + k + j) % len(SENTENCES)]
                                       for j in range(2)))
        paragraphs.append(a.author)
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        content = (f'<div class="breadcrumb"><a href="/chuyen-muc/{a.category[0]}">'
                   f"{html.escape(a.category[1])}</a></div>"
                   f'<h1 class="title">{html.escape(a.title)}</h1>'
                   f'<div class="date">{a.published:%d/%m/%Y %H:%M}</div>'
                   f'<div class="content">{body}</div>')
        meta = (f'<meta property="article:published_time" content="{a.published.isoformat()}">'
                f'<link rel="canonical" href="{a.path}">')
        page = _document(a.title, content, [("/", "Trang chủ")], head=meta).encode()
        etag = '"%s"' % hashlib.sha1(page).hexdigest()[:16]
        inm = headers.get("If-None-Match")
        if inm and etag in [t.strip().removeprefix("W/") for t in inm.split(",")]:
            return Page(304, b"", {"ETag": etag})
        return Page(200, page, {"Content-Type": "text/html; charset=utf-8", "ETag": etag})

    @staticmethod
    def _html(text):
        return Page(200, text.encode(), {"Content-Type": "text/html; charset=utf-8"})

    @staticmethod
    def _not_found():
        return Page(404, _document("Không tìm thấy", "<p>Trang không tồn tại.</p>").encode(),
                    {"Content-Type": "text/html; charset=utf-8"})

    def _absolute(self, headers, path):
        return f"http://{headers.get('Host') or self.netloc}{path}"


def _document(title, content, links=(), head=""):
    nav = "".join(f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>'
                  for href, text in links)
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>{head}</head><body>"
            f'<div class="main">{content}</div><ul class="links">{nav}</ul></body></html>')


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/8.5"
    sys_version = ""
    timeout = 30

    def do_GET(self):
        self._answer(head=False)

    def do_HEAD(self):
        self._answer(head=True)

    def _answer(self, head):
        owner = self.server.owner
        page = owner.respond(self.command, self.path, self.headers)
        owner._record({
            "time": time.monotonic(),
            "method": self.command,
            "path": self.path,
            "host": self.headers.get("Host"),
            "status": page.status,
            "user_agent": self.headers.get("User-Agent"),
            "referer": self.headers.get("Referer"),
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
        })
        if owner.delay:
            time.sleep(owner.delay)
        try:
            self.send_response(page.status)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if page.status != 304:
                self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            if not head and page.status != 304:
                self.wfile.write(page.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format, *args):  # noqa: A002
        pass


# -- driving the real command against it ------------------------------------------------------
# (Black-box helpers shared by tests/test_reliability_*.py: the installed console script in a
# subprocess, watched through the server's request log, never through the code's modules.)

FAST = ("--delay", "0", "--concurrency", "4")


class Finished:
    """What a finished (or stopped) command left: returncode, stdout, stderr, and whether the
    watcher had to kill it (``runaway``)."""

    def __init__(self, returncode, stdout, stderr, runaway=False):
        self.returncode, self.stdout, self.stderr, self.runaway = (returncode, stdout, stderr,
                                                                   runaway)

    @property
    def summary(self):
        """The JSON summary object: the last line of stdout."""
        lines = self.stdout.strip().splitlines()
        assert lines, f"no summary on stdout; stderr: {self.stderr[-2000:]}"
        return json.loads(lines[-1])

    def __repr__(self):
        return (f"Finished(returncode={self.returncode}, runaway={self.runaway}, "
                f"stdout={self.stdout[-800:]!r}, stderr={self.stderr[-2500:]!r})")


class Running:
    """``thanhuy-archive ARGS`` started in the background (Popen), its output kept in
    temporary files (no pipe can fill up and stall it)."""

    def __init__(self, *args, env=None, preexec_fn=None):
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            command(*args), stdout=self._out, stderr=self._err, cwd=REPO,
            env={**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"},
            preexec_fn=preexec_fn)

    @property
    def alive(self):
        return self.proc.poll() is None

    def send_signal(self, signum):
        self.proc.send_signal(signum)

    def finish(self, deadline_s=120.0, runaway=False):
        """Wait for the process to end (killing it after the safety deadline); its output."""
        try:
            self.proc.wait(timeout=deadline_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            runaway = True
        return Finished(self.proc.returncode, self._read(self._out), self._read(self._err),
                        runaway)

    @staticmethod
    def _read(fh):
        fh.seek(0)
        data = fh.read().decode("utf-8", "replace")
        fh.close()
        return data


def start_crawl(site_url, db, *extra, env=None, preexec_fn=None):
    return Running("crawl", "--site", site_url, "--db", db, *extra, env=env,
                   preexec_fn=preexec_fn)


def crawl_watched(server, db, *extra, max_requests=600, deadline_s=120.0):
    """Crawl SERVER into DB and wait for the end; a crawl that makes more than MAX_REQUESTS
    requests of the server (a trap not cut) is killed and reported ``runaway``."""
    running = start_crawl(server.url, db, *extra)
    end = time.monotonic() + deadline_s
    runaway = False
    while running.alive:
        if server.request_count > max_requests or time.monotonic() > end:
            running.proc.kill()
            runaway = True
            break
        time.sleep(0.02)
    return running.finish(runaway=runaway)


def assert_own_host(*servers):
    """Every request each server received named that server's own host:port."""
    for server in servers:
        strangers = [r for r in server.log() if r["host"] != server.netloc]
        assert strangers == [], f"requests to {server.netloc} with another Host: {strangers[:5]}"
