"""Datasette at scale: search response times and a full CSV export on a synthetic archive.

    python benchmarks/datasette_scale.py                    # 200,000 articles, kept in $TMPDIR
    python benchmarks/datasette_scale.py --articles 20000   # a quicker look
    python benchmarks/datasette_scale.py --db /tmp/big.db --reuse
    python benchmarks/datasette_scale.py --reuse --no-stock  # ours and the FTS5 floor only

It builds (or reuses) a synthetic archive with the real schema (``pipelines.storage.Archive``),
starts the real ``thanhuy-archive serve --port 0`` on it, and
measures over HTTP on 127.0.0.1 only:

* the search a researcher gets by default: the archive's search page (``/-/search?q=``, ranked,
  with snippets and the number of matches) and the articles table's search box
  (``/DB/articles?_search=``, with its count and the default facets), for common, medium and
  rare words, a phrase and the vi-cases queries: median and p95 in ms (target: p95 < 200 ms,
  over all requests of a page and for every query on its own); the search page newest first
  too. The search page ranks by relevance at most ``search.RANKED_CANDIDATES`` matches (the
  highest ids; the others follow): the run prints the bound;
* whether the default facets come back filled (Datasette returns an empty facet, silently,
  when one exceeds ``facet_time_limit_ms``);
* a full CSV export of ``articles`` (``.csv?_stream=on``, every row): seconds, MB, rows, and
  the server's resident memory sampled during the export (target: flat).

Baselines measured in the same run (the machines are shared and noisy: read the ratios):

* stock Datasette (the installed version, default settings, no templates or plugins of ours,
  and of metadata only the name of the articles' search index, which Datasette cannot detect
  in a contentless index: without it ``?_search=`` is ignored) on the same archive file, opened as ``datasette serve`` opens it (``mode=ro``
  connections: nothing is written), under uvicorn on a pre-bound loopback socket as ours is:
  the same table-search URLs (``/DB/articles?_search=``, and ``&_sort_desc=published_at``, plus
  ``&_nosuggest=1`` to show what the facet suggestions cost) for the same queries, with
  ``--stock-repeats`` timed requests per query (default 2: about 3 s a request on 200,000 articles), non-200
  answers counted; and the same full CSV export (bytes returned, truncated or not);
* the FTS5 floor: ``select count(*) from articles_fts where articles_fts match ?`` (and
  ``articles_exact_fts`` for the accent-exact page) through sqlite3, with the MATCH expression
  our pages run (``thanhuy_archive.search.Query.fts5``), same queries and repeats.

A table of medians, p95s and ratios (stock/ours speed-up; ours/floor) goes to stderr at the
end; the JSON report carries them under ``baselines`` and ``comparison``.

The synthetic text is drawn from a few hundred Vietnamese syllables with a Zipf-like
distribution, so common words match most articles, as real ones do. It prints one JSON report
(also written to ``--report``). No network beyond the loopback interface.
"""

import argparse
import ast
import collections
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.site import VIETNAM_TZ  # noqa: E402


SYLLABLES = """
của và các có được trong là cho những với đã này người công tác dân vận đảng bộ thành phố
không một năm về để theo khi đến từ cán chức nhân lãnh đạo ủy ban hội nghị chính quyền
phát triển kinh tế xã phường quận huyện tổ đoàn thanh niên phụ nữ mặt trận tổ quốc việt nam
hồ chí minh chủ tịch bí thư thường vụ trung ương nhiệm kỳ đại biểu quốc hội nhân dân
cũng như tại nhiều đồng chí sự việc làm học tập thực hiện kế hoạch chương trình đề án
chỉ thị nghị quyết quyết định kết luận thông báo hướng dẫn kiểm tra giám sát thi đua khen
thưởng kỷ luật xây dựng chỉnh đốn sạch vững mạnh toàn diện nâng cao chất lượng hiệu quả
hoạt động phong trào khéo điển hình tiên tiến gương người tốt an sinh xã hội giảm nghèo
bền vững môi trường y tế giáo dục đào tạo văn hóa thể thao du lịch giao thông đô thị
nông thôn mới khu công nghiệp doanh nghiệp đầu tư thương mại dịch vụ xuất khẩu thuế ngân
sách tài chính kho bạc quy hoạch đất đai nhà ở hạ tầng cầu đường thủy lợi điện nước
an ninh quốc phòng trật tự công an quân đội biên phòng cảnh sát phòng cháy chữa cháy
tuyên truyền giáo dục chính trị tư tưởng đạo đức phong cách báo chí xuất bản thông tin
truyền thông điện tử số hóa chuyển đổi cải cách hành chính một cửa liên thông trực tuyến
hôm nay sáng chiều tối ngày tháng quý qua tới sắp đang sẽ vừa rất hơn nhất cùng lúc
đồng thời tiếp tục đẩy mạnh tăng cường đổi mới sáng tạo tập trung triển khai tổ chức
tham dự phát biểu chỉ đạo đánh giá ghi nhận biểu dương đề nghị yêu cầu nhấn mạnh
khẳng định cho biết thông tin báo cáo tổng kết sơ kết năm qua vừa qua thời gian tới
Hòa Thủy Khỏe hoà thuỷ khoẻ Dẫn vấn văn bản lưu dạng Đang họp thì mất đăng ký đắng cay
""".split()

CATEGORIES = [
    "Tin tức", "Thời sự", "Xây dựng Đảng", "Dân vận", "Kinh tế", "Văn hóa - Xã hội",
    "Quốc phòng - An ninh", "Học tập và làm theo Bác", "Tư liệu", "Nghiên cứu - Trao đổi",
    "Chính quyền", "Mặt trận - Đoàn thể", "Quốc tế", "Gương điển hình", "Thông báo",
    "Kiểm tra - Giám sát", "Tuyên giáo", "Nội chính", "Đảng bộ cơ sở", "Thanh niên",
]
SOURCES = ["", "", "", "", "TTXVN", "Báo Nhân Dân", "Báo Sài Gòn Giải Phóng", "VOV",
           "Báo Người Lao Động", "Báo Tuổi Trẻ"]
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Minh Hữu Đức Thanh Ngọc Quốc Hoài Thu".split()
GIVEN = "Lượng Anh Bình Châu Dũng Hà Hải Hiếu Hùng Khoa Lan Linh Long Mai Nam Phúc Quân Sơn Tâm Trang".split()
PLACES_A = "Bến Bình Cần Củ Gò Hóc Long Nhà Phú Tân Thủ Đức Hiệp Thạnh Xuân Mỹ Vĩnh Phước Lộc Khánh Trung Tây Đông Nam Bắc An Hưng Thới Lợi Sơn Giang Hải Điền Lâm Quang Hòa Tiến Hội Định Yên Hà Kim Lạc Ninh Trà Cửu Chánh Nhơn Thuận".split()
PLACES_B = "Nghé Chiêm Khê Giờ Vấp Môn Bè Điền Tràng Thiêm Lợi Tây Sương Quới Hạnh Mỹ Kiệt Lăng Trạch Vạn Thủ Tịnh Dinh Dương Bảo Rồng Cừ Lãng Thông Nhựt Gành Vàm Sáo Bông Trầu Vệ Gạo Mít Xoài Lựu Gáo Dừa Sung Đước Mắm Bần Sậy Lác Lau".split()
FLAGS = ["no-date", "no-byline", "short-body", "no-title", "empty-body"]


def _weights(n):
    return [1.0 / (rank + 1) ** 0.9 for rank in range(n)]


class Writer:
    """Vietnamese-looking text: sentences of Zipf-distributed syllables."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.words = SYLLABLES
        self.cum = list(_cumulative(_weights(len(self.words))))
        names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
        self.random.shuffle(names)
        self.authors = names[:400]

    def sentence(self, low=8, high=24):
        words = self.random.choices(self.words, cum_weights=self.cum,
                                    k=self.random.randint(low, high))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.random.randint(2, 6)))

    def article(self, number, start, span_days):
        r = self.random
        published = start + timedelta(days=r.random() * span_days, minutes=r.randint(0, 1439))
        paragraphs = [self.paragraph() for _ in range(r.randint(4, 14))]
        place = f"{r.choice(PLACES_A)} {r.choice(PLACES_B)}"  # a rare phrase: ~1 in 2,500
        paragraphs.insert(r.randint(0, len(paragraphs)), f"Tại khu vực {place}, {self.sentence()}")
        flags = [r.choice(FLAGS)] if r.random() < 0.03 else []
        authors = r.sample(self.authors, k=1 if r.random() < 0.8 else 2) if r.random() < 0.9 else []
        return {
            "id": 1400000000 + number,
            "url": f"https://www.thanhuytphcm.vn/tin-tuc/bai-viet-{number}-{1400000000 + number}",
            "title": self.sentence(6, 14).rstrip("."),
            "published_at": published.replace(second=0, microsecond=0).isoformat(),
            "published_at_source": "meta",
            "authors": authors,
            "byline_source": "last-paragraph" if authors else "none",
            "source": r.choice(SOURCES),
            "category": r.choice(CATEGORIES),
            "lead": "(Thanhuytphcm.vn) - " + self.sentence(20, 40),
            "body": "\n\n".join(paragraphs),
            "images": [f"https://www.thanhuytphcm.vn/Uploads/{published:%Y/%m}/{number}.jpg"],
            "captions": [self.sentence(6, 12)],
            "flags": flags,
        }


def _cumulative(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def build_archive(path, articles, seed=20240801, batch=2000, log=print):
    """A synthetic archive of ``articles`` articles at ``path`` with the project's schema."""
    from pipelines.storage import Archive
    from thanhuy_archive.records import archive_now, iso

    archive = Archive(str(path))
    db = archive.db
    run_id = archive.start_run("synthetic")
    db.execute("PRAGMA synchronous = OFF")
    writer = Writer(seed)
    start = datetime(2010, 1, 1, tzinfo=VIETNAM_TZ)
    span = (datetime(2024, 12, 31, tzinfo=VIETNAM_TZ) - start).days
    fetched = iso(archive_now())
    began = time.monotonic()
    for first in range(0, articles, batch):
        rows = []
        for number in range(first, min(first + batch, articles)):
            row = archive.article_row(writer.article(number, start, span))
            row.update(first_seen_at=fetched, last_fetched_at=fetched, last_changed_at=fetched,
                       captures=1)
            rows.append(row)
        with db.conn:
            db["articles"].insert_all(rows, batch_size=500)
        if (first // batch) % 10 == 0:
            log(f"  {first + len(rows):,} articles ({time.monotonic() - began:.0f} s)")
    with db.conn:
        # A few edited and removed articles, as a re-crawl records them.
        db.execute(
            "INSERT INTO article_revisions (article_id, replaced_at, changed_fields, title) "
            "SELECT id, ?, '[\"title\"]', title FROM articles WHERE id % 997 = 0", [fetched])
        db.execute("UPDATE articles SET removed_at = ? WHERE id % 1999 = 0", [fetched])
    db["crawl_runs"].update(run_id, {"articles_seen": articles, "new": articles})
    archive.end_run(run_id, "ok")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    archive.close()
    return path


# -- measuring -------------------------------------------------------------------------------


class Server:
    """``thanhuy-archive serve --port 0`` on the archive, as a researcher runs it."""

    announce = re.compile(r"Archive served at (http://[^/\s]+)/")

    def __init__(self, db):
        self.db = db
        self.stderr = None  # inherited

    def command(self):
        return [sys.executable, "-m", "thanhuy_archive.cli", "serve", "--db", str(self.db), "--port", "0"]

    def __enter__(self):
        self.proc = subprocess.Popen(self.command(), cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                     stderr=self.stderr)
        line = self.proc.stdout.readline()
        match = self.announce.search(line)
        if not match:
            self.proc.kill()
            self.proc.wait(timeout=30)
            raise RuntimeError(f"{self.command()[:3]} did not announce its address: {line!r}"
                               f"{self.error_output()}")
        self.base = match.group(1)
        self.host, self.port = self.base[len("http://"):].rsplit(":", 1)
        self.announced = line.strip()
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def error_output(self):
        return ""

    def connection(self):
        """A keep-alive connection with TCP_NODELAY, as browsers use: without it http.client
        sends a request in two segments and waits for a delayed ACK (~40 ms a request)."""
        import http.client
        import socket

        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=600)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def get(self, conn, path):
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return time.perf_counter() - started, response.status, body

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0


# Stock Datasette as ``datasette serve DB`` runs it (default settings; the file opened with
# ``mode=ro`` connections, as ours is), under uvicorn on a socket bound before it starts, with
# TCP_NODELAY, as ``thanhuy_archive.web.serve`` does: the servers differ only in Datasette's
# configuration. Stock means Datasette's own plugins only: every plugin an entry point loaded
# (this project's among them, which `datasette archive.db` loads) is blocked in this process
# before Datasette starts (pluggy's set_blocked unregisters it). It names any plugin still
# registered that is not Datasette's own (there must be none).
STOCK_SERVER = """
import asyncio, socket, sys
import datasette, uvicorn
from datasette.app import Datasette
from datasette.plugins import pm
for name, _ in list(pm.list_name_plugin()):
    if not name.startswith("datasette."):
        pm.set_blocked(name)
# The archive's search index is contentless (it keeps no copy of the text), which Datasette
# does not detect by itself: without this, ?_search= is ignored and every row is returned.
# Naming it is all a stock user has to do (and all that is given here).
database = sys.argv[1].rsplit("/", 1)[-1].rsplit(".", 1)[0]
ds = Datasette([sys.argv[1]], metadata={"databases": {database: {"tables": {
    "articles": {"fts_table": "articles_fts", "fts_pk": "id"}}}}})
asyncio.get_event_loop().run_until_complete(ds.invoke_startup())
sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sock.bind(("127.0.0.1", 0))
sock.listen(128)
others = sorted(name for name, plugin in pm.list_name_plugin()
                if plugin is not None and not name.startswith("datasette."))
print(f"Stock Datasette {datasette.__version__} served at "
      f"http://127.0.0.1:{sock.getsockname()[1]}/ other plugins: {others}", flush=True)
uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning", lifespan="on")).run(sockets=[sock])
"""


class StockServer(Server):
    """Stock Datasette on the same archive file: the baseline."""

    announce = re.compile(r"served at (http://[^/\s]+)/")

    def __init__(self, db):
        super().__init__(db)
        # Datasette reports a cut CSV ("Caught this error: ...") on stderr: kept out of the log.
        self.stderr = tempfile.TemporaryFile(mode="w+")

    def command(self):
        return [sys.executable, "-c", STOCK_SERVER, str(self.db)]

    def __exit__(self, *exc):
        super().__exit__(*exc)
        self.stderr.close()

    def error_output(self):
        self.stderr.seek(0)
        return "\n" + self.stderr.read()[-3000:]

    def info(self):
        match = re.search(r"Stock Datasette (\S+) .* other plugins: (.*)$", self.announced)
        others = ast.literal_eval(match.group(2))
        if others:
            raise RuntimeError(f"the stock baseline loaded plugins: {others}")
        return {"datasette": match.group(1), "other_plugins": others, "settings": "defaults",
                "metadata": "articles: fts_table articles_fts (its search index, contentless)",
                "opened": "mode=ro (as `datasette serve DB`)",
                "plugins_blocked": "every entry-point plugin (pluggy set_blocked)"}


def file_state(db):
    """Size and modification time of the archive and its WAL: the baseline must not write."""
    state = {}
    for suffix in ("", "-wal"):
        path = Path(str(db) + suffix)
        if path.exists():
            st = path.stat()
            state[path.name] = [st.st_size, st.st_mtime_ns]
    return state


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def summary(times, digits=1):
    ms = [t * 1000 for t in times]
    return {"median_ms": round(statistics.median(ms), digits),
            "p95_ms": round(percentile(ms, 95), digits),
            "max_ms": round(max(ms), digits), "n": len(ms)}


SEARCHES = {
    # name: query; "common" words match nearly every synthetic article (the worst case)
    "common word (dân)": "dân",
    "common, no diacritics (dang)": "dang",
    "two words (dan van)": "dan van",
    "phrase (\"công tác dân vận\")": '"công tác dân vận"',
    "medium (thủy lợi)": "thủy lợi",
    "prefix (nghé*)": "nghé*",
    "rare phrase (\"bến nghé\")": '"bến nghé"',
}


def vi_case_queries():
    cases = json.loads((ROOT / "tests" / "fixtures" / "vi-cases.json").read_text(encoding="utf-8"))
    return [q for q, _ in cases["search"]["queries"]]


def search_queries():
    queries = dict(SEARCHES)
    for q in vi_case_queries():
        queries.setdefault(f"vi-cases {q}", q)
    return queries


COUNTS = (re.compile(rb'class="total">([\d,]+)<'),  # our search page
          re.compile(rb"<h3>\s*([\d,]+) rows?\b"))  # Datasette's table page


def result_count(body):
    """The number of matches a page reports (None: not shown, e.g. the count timed out)."""
    if body[:1] == b"{":
        try:
            return json.loads(body).get("filtered_table_rows_count")
        except ValueError:
            return None
    for pattern in COUNTS:
        match = pattern.search(body)
        if match:
            return int(match.group(1).replace(b",", b""))
    return None


def time_pages(server, conn, pages, queries, repeats, log, strict=True, prefix=""):
    """Per page: one first request and ``repeats`` more per query; summaries over all of them.

    ``strict``: a non-200 first answer is an error; otherwise (the stock baseline) every
    status is counted and reported, and the time of an error page is kept."""
    report = {}
    for page, make in pages.items():
        all_times, first_times, per_query = [], [], {}
        statuses = collections.Counter()
        for name, q in queries.items():
            path = make(q)
            # The first request of a query is a new search (nothing cached); the repeats are
            # what paging and facet clicks on the same search cost.
            first, status, body = server.get(conn, path)
            if strict and status != 200:
                raise RuntimeError(f"{path}: HTTP {status}: {body[:300]!r}")
            times, codes = [first], [status]
            for _ in range(repeats):
                elapsed, code, _ = server.get(conn, path)
                times.append(elapsed)
                codes.append(code)
            all_times += times
            first_times.append(first)
            statuses.update(str(code) for code in codes)
            per_query[name] = {**summary(times), "first_ms": round(first * 1000, 1),
                               "count": result_count(body)}
            if set(codes) != {200}:
                per_query[name]["statuses"] = dict(collections.Counter(str(c) for c in codes))
            if b"Suggested facets:" in body:
                per_query[name]["suggested_facets"] = True
        report[page] = {"all": summary(all_times), "first_request": summary(first_times),
                        "statuses": dict(statuses), "by_query": per_query}
        errors = {code: n for code, n in statuses.items() if code != "200"}
        log(f"  {prefix}{page}: median {report[page]['all']['median_ms']} ms, "
            f"p95 {report[page]['all']['p95_ms']} ms (first requests: p95 "
            f"{report[page]['first_request']['p95_ms']} ms)"
            + (f"; non-200 answers: {errors} of {sum(statuses.values())}" if errors else ""))
    return report


def our_pages(db_name):
    from urllib.parse import quote

    return {
        "search page /-/search?q= (ranked, snippets, count)":
            lambda q: f"/-/search?q={quote(q)}",
        "search page, accent-exact (&mode=exact)":
            lambda q: f"/-/search?q={quote(q)}&mode=exact",
        f"table /{db_name}/articles?_search= (HTML, count, facets, newest first)":
            lambda q: f"/{db_name}/articles?_search={quote(q)}",
        f"table /{db_name}/articles?_search=&_sort_desc=published_at (HTML, the stock URL)":
            lambda q: f"/{db_name}/articles?_search={quote(q)}&_sort_desc=published_at",
        f"table JSON /{db_name}/articles.json?_search=":
            lambda q: f"/{db_name}/articles.json?_search={quote(q)}",
        "search page, newest first (&sort=newest)":
            lambda q: f"/-/search?q={quote(q)}&sort=newest",
    }


def stock_pages(db_name):
    from urllib.parse import quote

    return {
        f"stock table /{db_name}/articles?_search= (HTML, count, suggested facets)":
            lambda q: f"/{db_name}/articles?_search={quote(q)}",
        f"stock table /{db_name}/articles?_search=&_sort_desc=published_at (HTML)":
            lambda q: f"/{db_name}/articles?_search={quote(q)}&_sort_desc=published_at",
        f"stock table /{db_name}/articles?_search=&_sort_desc=published_at&_nosuggest=1":
            lambda q: f"/{db_name}/articles?_search={quote(q)}&_sort_desc=published_at"
                      "&_nosuggest=1",
    }


def measure_searches(server, db_name, repeats, log):
    from urllib.parse import quote

    conn = server.connection()
    for path in ("/", f"/{db_name}/articles", "/-/search?q=warm"):  # first-use costs
        server.get(conn, path)
    report = time_pages(server, conn, our_pages(db_name), search_queries(), repeats, log)
    # The facets a researcher asked for must not come back empty (facet_time_limit_ms).
    facets = {}
    for q in ("dân", "dan van"):
        path = (f"/{db_name}/articles.json?_search={quote(q)}&_facet_list=authors"
                f"&_facet_month=published_at")
        elapsed, status, body = server.get(conn, path)
        data = json.loads(body)
        facets[q] = {
            "ms": round(elapsed * 1000, 1),
            "count": data.get("filtered_table_rows_count"),
            "facets_filled": {k: len(v["results"]) for k, v in data["facet_results"].items()},
        }
    report["all facets requested (JSON, common words)"] = facets
    conn.close()
    return report


def measure_stock_searches(server, db_name, repeats, log):
    conn = server.connection()
    for path in ("/", f"/{db_name}", f"/{db_name}/articles"):  # first-use costs
        server.get(conn, path)
    report = time_pages(server, conn, stock_pages(db_name), search_queries(), repeats, log,
                        strict=False)
    conn.close()
    return report


def measure_fts_floor(db, repeats, log):
    """The floor: FTS5 alone counting the matches, through sqlite3, with the MATCH expression
    our pages run (``Query.fts5``): ``articles_fts`` for the default search,
    ``articles_exact_fts`` for the accent-exact one."""
    import sqlite3

    from thanhuy_archive.search import Query

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    report = {}
    for mode in ("folded", "exact"):
        table = Query("", mode).fts_table
        sql = f"select count(*) from {table} where {table} match ?"
        conn.execute(sql, [Query("warm", mode).fts5]).fetchone()
        all_times, first_times, per_query = [], [], {}
        for name, q in search_queries().items():
            expression = Query(q, mode).fts5
            times = []
            for _ in range(1 + repeats):
                started = time.perf_counter()
                count = conn.execute(sql, [expression]).fetchone()[0]
                times.append(time.perf_counter() - started)
            all_times += times
            first_times.append(times[0])
            per_query[name] = {**summary(times, 2), "first_ms": round(times[0] * 1000, 2),
                               "count": count, "match": expression}
        key = f"{sql} (MATCH Query(q, {mode!r}).fts5)"
        report[key] = {"table": table, "all": summary(all_times, 2),
                       "first_request": summary(first_times, 2), "by_query": per_query}
        log(f"  FTS5 floor {table}: median {report[key]['all']['median_ms']} ms, "
            f"p95 {report[key]['all']['p95_ms']} ms")
    conn.close()
    return report


def measure_csv(server, path, log, bom=False, expected_rows=None):
    """A CSV export read to its end: time, size, rows and the server's memory meanwhile.

    ``truncated``: the body ends with Datasette's "CSV contains more than N bytes" (its
    max_csv_mb cut, sent with status 200) or has fewer rows than ``expected_rows``."""
    import csv
    import io

    conn = server.connection()
    samples = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append((time.monotonic(), server.rss_mb()))
            done.wait(0.25)

    rss_before = server.rss_mb()
    sampler = threading.Thread(target=sample, daemon=True)
    started = time.monotonic()
    sampler.start()
    conn.request("GET", path)
    response = conn.getresponse()

    class Counting(io.RawIOBase):
        size = 0
        first = b""
        tail = b""

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = response.read(min(len(buffer), 1 << 16))
            if not self.first:
                self.first = chunk[:3]
            self.size += len(chunk)
            self.tail = (self.tail + chunk)[-300:]
            buffer[:len(chunk)] = chunk
            return len(chunk)

    raw = Counting()
    text = io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding="utf-8-sig", newline="",
                            errors="replace")  # a cut can split a character
    csv_error = None
    rows = -1
    try:
        for _ in csv.reader(text):
            rows += 1
    except csv.Error as e:
        csv_error = str(e)
    elapsed = time.monotonic() - started
    cut = re.search(rb"CSV contains more than \d+ bytes\s*$", raw.tail)
    if cut:
        rows -= 1  # Datasette's message, sent in place of the row that would pass the limit
    done.set()
    sampler.join()
    rss = [mb for _, mb in samples]
    quarter = max(1, len(rss) // 4)
    result = {
        "path": path, "status": response.status, "seconds": round(elapsed, 1),
        "rows": rows, "mb": round(raw.size / 1e6, 1),
        "mb_per_s": round(raw.size / 1e6 / elapsed, 1),
        "starts_with_bom": raw.first == b"\xef\xbb\xbf",
        "rss_mb_before": round(rss_before, 1),
        "rss_mb_peak": round(max(rss), 1),
        "rss_mb_by_quarter": [round(max(rss[i:i + quarter]), 1)
                              for i in range(0, len(rss), quarter)][:4],
        "bytes": raw.size,
        "truncated": bool(cut) or (expected_rows is not None and rows < expected_rows),
    }
    if cut:
        result["ends_with"] = cut.group(0).decode().strip()
    if csv_error:
        result["csv_error"] = csv_error
    log(f"  CSV {path}: HTTP {response.status}, {rows:,} rows, {result['mb']} MB in "
        f"{result['seconds']} s, RSS {result['rss_mb_before']} -> peak {result['rss_mb_peak']} MB"
        + (f"; TRUNCATED ({result.get('ends_with', 'rows missing')})"
           if result["truncated"] else ""))
    conn.close()
    return result


# -- ratios ----------------------------------------------------------------------------------

TARGET_P95_MS = 200  # the default search: our search page and the table's search box
FLAT_RSS_MB = 50  # "flat": the export's last quarter within this of its first quarter


def ratio(numerator, denominator):
    return round(numerator / denominator, 1) if numerator and denominator else None


def compare(report, db_name):
    """Ours against the baselines of the same run: medians, p95s and their ratios."""
    ours = report["search"]
    ours_keys = list(our_pages(db_name))
    search, exact, table, table_sorted, table_json, newest = ours_keys
    baselines = report.get("baselines", {})
    comparison = {}
    stock = baselines.get("stock_datasette")
    if stock:
        stock_keys = list(stock_pages(db_name))
        pairs = [
            (f"/{db_name}/articles?_search=q (HTML)", table, stock_keys[0]),
            (f"/{db_name}/articles?_search=q&_sort_desc=published_at (HTML)", table_sorted,
             stock_keys[1]),
            ("  same, stock with &_nosuggest=1 (no facet suggestions)", table_sorted,
             stock_keys[2]),
        ]
        rows = []
        for label, our_key, stock_key in pairs:
            a, b = ours[our_key]["all"], stock["search"][stock_key]["all"]
            statuses = stock["search"][stock_key]["statuses"]
            rows.append({
                "url": label, "ours": our_key, "stock": stock_key,
                "ours_median_ms": a["median_ms"], "ours_p95_ms": a["p95_ms"], "ours_n": a["n"],
                "stock_median_ms": b["median_ms"], "stock_p95_ms": b["p95_ms"], "stock_n": b["n"],
                "speedup_median": ratio(b["median_ms"], a["median_ms"]),
                "speedup_p95": ratio(b["p95_ms"], a["p95_ms"]),
                "stock_non_200": {c: n for c, n in statuses.items() if c != "200"},
            })
        comparison["ours_vs_stock"] = rows
        if "csv_full_export" in stock and "csv_full_export" in report:
            o, s = report["csv_full_export"], stock["csv_full_export"]
            comparison["csv_full_export"] = {
                "ours": {k: o[k] for k in ("status", "seconds", "rows", "mb", "mb_per_s",
                                           "truncated")},
                "stock": {k: s[k] for k in ("status", "seconds", "rows", "mb", "mb_per_s",
                                            "truncated")},
                "throughput_ours_over_stock": ratio(o["mb_per_s"], s["mb_per_s"]),
                "rows_share_stock_returned": round(s["rows"] / o["rows"], 3) if o["rows"] else None,
            }
    floors = baselines.get("fts5_floor")
    if floors:
        by_table = {v["table"]: v for v in floors.values()}
        rows = []
        for key in ours_keys:
            floor = by_table["articles_exact_fts" if key == exact else "articles_fts"]
            a, f = ours[key]["all"], floor["all"]
            row = {
                "page": key, "floor": floor["table"],
                "ours_median_ms": a["median_ms"], "ours_p95_ms": a["p95_ms"],
                "floor_median_ms": f["median_ms"], "floor_p95_ms": f["p95_ms"],
                "ours_over_floor_median": ratio(a["median_ms"], f["median_ms"]),
                "ours_over_floor_p95": ratio(a["p95_ms"], f["p95_ms"]),
            }
            if key in (search, table):
                worst = max(q["p95_ms"] for q in ours[key]["by_query"].values())
                row["worst_query_p95_ms"] = worst
                row["target_p95"] = ("PASS" if a["p95_ms"] < TARGET_P95_MS
                                     and worst < TARGET_P95_MS else "FAIL")
            rows.append(row)
        comparison["ours_vs_fts5_floor"] = rows
    memory = {}
    for name in ("csv_full_export", "csv_search_export_excel"):
        if name in report:
            quarters = report[name]["rss_mb_by_quarter"]
            growth = round(quarters[-1] - quarters[0], 1)
            memory[name] = {"rss_mb_by_quarter": quarters, "growth_mb": growth,
                            "flat": "PASS" if growth <= FLAT_RSS_MB else "FAIL"}
    if memory:
        comparison["export_memory_flat"] = memory
    return comparison


def format_table(header, rows):
    rows = [["-" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(x) for x in column) for column in zip(header, *rows)]
    lines = []
    for row in [header] + rows:
        lines.append("  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                               for i, (v, w) in enumerate(zip(row, widths))).rstrip())
        if row is header:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ranked_candidates():
    from thanhuy_archive.search import RANKED_CANDIDATES

    return RANKED_CANDIDATES


def floor_p95(report, name):
    floors = report.get("baselines", {}).get("fts5_floor", {})
    folded = next((v for v in floors.values() if v["table"] == "articles_fts"), None)
    return folded["by_query"][name]["p95_ms"] if folded else "-"


def x(value):
    return f"{value}x" if value is not None else "-"


def comparison_text(report, db_name, repeats, stock_repeats):
    comparison = report["comparison"]
    queries = len(search_queries())
    out = [f"\nDatasette at scale: {report['articles']:,} articles, {report['db_mb']:,} MB; "
           f"{queries} queries; ours: 1 + {repeats} requests per query"
           + (f", stock: 1 + {stock_repeats} (fewer: seconds a request)"
              if "ours_vs_stock" in comparison else "")
           + ". Times in ms over all requests."]
    if "ours_vs_stock" in comparison:
        stock = report["baselines"]["stock_datasette"]
        out.append(f"\nOurs vs stock Datasette {stock['datasette']} (default settings, same file,"
                   " same URLs); speed-up = stock / ours:")
        out.append(format_table(
            ["URL", "ours med", "ours p95", "stock med", "stock p95", "speed-up med",
             "speed-up p95", "stock non-200"],
            [[r["url"], r["ours_median_ms"], r["ours_p95_ms"], r["stock_median_ms"],
              r["stock_p95_ms"], x(r["speedup_median"]), x(r["speedup_p95"]),
              ", ".join(f"{n}/{r['stock_n']} HTTP {c}" for c, n in r["stock_non_200"].items())
              or "none"] for r in comparison["ours_vs_stock"]]))
        if any(r["stock_non_200"] for r in comparison["ours_vs_stock"]):
            out.append("(a stock HTTP 400 is 'SQL Interrupted': a query passed the default "
                       "sql_time_limit_ms of 1000 ms; its time is the wait for that error page)")
        csv_cmp = comparison.get("csv_full_export")
        if csv_cmp:
            rows = []
            for who in ("ours", "stock"):
                c = csv_cmp[who]
                rows.append([who, c["status"], f"{c['rows']:,}", c["mb"], c["seconds"],
                             c["mb_per_s"], "YES" if c["truncated"] else "no"])
            out.append(f"\nFull CSV export /{db_name}/articles.csv?_stream=on:")
            out.append(format_table(["", "HTTP", "rows", "MB", "s", "MB/s", "truncated"], rows))
            ends = stock.get("csv_full_export", {}).get("ends_with")
            out.append(f"stock returned {csv_cmp['rows_share_stock_returned']:.1%} of the rows"
                       + (f", ending with \"{ends}\"" if ends else "")
                       + f"; throughput ours/stock {x(csv_cmp['throughput_ours_over_stock'])}")
    if "ours_vs_fts5_floor" in comparison:
        out.append("\nOurs vs the FTS5 floor (sqlite3: select count(*) ... match Query(q).fts5);"
                   " ours / floor:")
        out.append(format_table(
            ["page", "floor", "ours med", "ours p95", "floor med", "floor p95",
             "ours/floor med", "ours/floor p95", "worst query p95",
             f"p95<{TARGET_P95_MS}ms"],
            [[r["page"], r["floor"], r["ours_median_ms"], r["ours_p95_ms"], r["floor_median_ms"],
              r["floor_p95_ms"], x(r["ours_over_floor_median"]), x(r["ours_over_floor_p95"]),
              r.get("worst_query_p95_ms", ""), r.get("target_p95", "")]
             for r in comparison["ours_vs_fts5_floor"]]))
    if "ours_vs_stock" in comparison and "fts5_floor" in report["baselines"]:
        first = comparison["ours_vs_stock"][0]
        ours_q = report["search"][first["ours"]]["by_query"]
        stock_q = report["baselines"]["stock_datasette"]["search"][first["stock"]]["by_query"]
        floor = next(v for v in report["baselines"]["fts5_floor"].values()
                     if v["table"] == "articles_fts")["by_query"]
        out.append(f"\nPer query, {first['url']} (medians; matches as each reports them):")
        rows = []
        for name in ours_q:
            o, s, f = ours_q[name], stock_q[name], floor[name]
            status = ",".join(f"{n}x{c}" for c, n in s.get("statuses", {}).items()) or "200"
            rows.append([name, o["count"], s["count"], f["count"], o["median_ms"],
                         s["median_ms"], status, x(ratio(s["median_ms"], o["median_ms"])),
                         f["median_ms"], x(ratio(o["median_ms"], f["median_ms"]))])
        out.append(format_table(
            ["query", "ours n", "stock n", "floor n", "ours", "stock", "stock HTTP", "speed-up",
             "floor", "ours/floor"], rows))
    search_key, _, table_key = list(our_pages(db_name))[:3]
    pages = report["search"]
    out.append(f"\nPer query, p95 of 1 + {repeats} requests (target < {TARGET_P95_MS} ms for "
               f"every query; the search page ranks at most {ranked_candidates():,} matches):")
    out.append(format_table(
        ["query", "matches", "search page p95", "table page p95", "floor p95"],
        [[name, q["count"], q["p95_ms"], pages[table_key]["by_query"][name]["p95_ms"],
          floor_p95(report, name)]
         for name, q in pages[search_key]["by_query"].items()]))
    memory = comparison.get("export_memory_flat", {})
    if memory:
        out.append("")
    for name, m in memory.items():
        out.append(f"Server RSS during {name} (ours), by quarter: {m['rss_mb_by_quarter']} MB, "
                   f"growth {m['growth_mb']} MB: flat (<= {FLAT_RSS_MB} MB) {m['flat']}")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000)
    work = Path(tempfile.gettempdir()) / "thanhuy-datasette-scale"
    parser.add_argument("--db", default=str(work / "archive.db"),
                        help="the synthetic archive (default: %(default)s, ~2.5 GB)")
    parser.add_argument("--reuse", action="store_true",
                        help="use the archive at --db if it exists (no rebuild)")
    parser.add_argument("--repeats", type=int, default=5, help="timed requests per query")
    parser.add_argument("--stock-repeats", type=int, default=2,
                        help="timed requests per query on stock Datasette (seconds each)")
    parser.add_argument("--no-stock", action="store_true",
                        help="skip the stock Datasette baseline (the FTS5 floor is kept)")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV exports")
    parser.add_argument("--report", default=str(work / "report.json"))
    args = parser.parse_args(argv)

    def log(message):
        print(message, file=sys.stderr, flush=True)

    from pipelines.storage import Archive
    import sqlite_utils

    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    report = {"articles": args.articles}
    if not (args.reuse and db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        log(f"Building a synthetic archive of {args.articles:,} articles at {db} ...")
        started = time.monotonic()
        build_archive(db, args.articles, log=log)
        report["build_seconds"] = round(time.monotonic() - started, 1)
    else:
        Archive(str(db)).close()  # an archive of an earlier release is upgraded first
    report["articles"] = sqlite_utils.Database(str(db)).execute(
        "select count(*) from articles").fetchone()[0]
    report["db_mb"] = round(db.stat().st_size / 1e6)
    db_name = db.stem
    with Server(db) as server:
        log(f"Serving at {server.base}; timing searches ({args.repeats} requests per query)...")
        report["search"] = measure_searches(server, db_name, args.repeats, log)
        if not args.no_csv:
            report["csv_full_export"] = measure_csv(
                server, f"/{db_name}/articles.csv?_stream=on", log,
                expected_rows=report["articles"])
            report["csv_search_export_excel"] = measure_csv(
                server, f"/{db_name}/articles.csv?_search=dan+van&_stream=on&_bom=1", log)
        report["server_rss_mb_end"] = round(server.rss_mb(), 1)
    report["baselines"] = {}
    if not args.no_stock:
        before = file_state(db)
        with StockServer(db) as stock:
            info = stock.info()
            log(f"Stock Datasette {info['datasette']} at {stock.base} (default settings, other "
                f"plugins: {info['other_plugins'] or 'none'}); timing the same searches "
                f"({args.stock_repeats} requests per query after the first)...")
            baseline = {**info, "repeats": args.stock_repeats,
                        "search": measure_stock_searches(stock, db_name, args.stock_repeats,
                                                         log)}
            if not args.no_csv:
                baseline["csv_full_export"] = measure_csv(
                    stock, f"/{db_name}/articles.csv?_stream=on", log,
                    expected_rows=report["articles"])
            baseline["server_rss_mb_end"] = round(stock.rss_mb(), 1)
        baseline["archive_unchanged"] = file_state(db) == before
        report["baselines"]["stock_datasette"] = baseline
    log("FTS5 floor (sqlite3, same queries)...")
    report["baselines"]["fts5_floor"] = measure_fts_floor(db, args.repeats, log)
    report["comparison"] = compare(report, db_name)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(text, encoding="utf-8")
    print(text, flush=True)
    log(comparison_text(report, db_name, args.repeats, args.stock_repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
