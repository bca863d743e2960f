"""Datasette at scale: search response times and a full CSV export on a synthetic archive.

    python benchmarks/datasette_scale.py                    # 200,000 articles, kept in $TMPDIR
    python benchmarks/datasette_scale.py --articles 20000   # a quicker look
    python benchmarks/datasette_scale.py --db /tmp/big.db --reuse

It builds (or reuses) a synthetic archive with the real schema (``pipelines.storage.Archive``
plus ``pipelines.search``), starts the real ``thanhuy-archive serve --port 0`` on it, and
measures over HTTP on 127.0.0.1 only:

* the search a researcher gets by default: the archive's search page (``/-/search?q=``, ranked,
  with snippets and the number of matches) and the articles table's search box
  (``/DB/articles?_search=``, with its count and the default facets), for common, medium and
  rare words, a phrase and the vi-cases queries: median and p95 in ms (target: p95 < 300 ms);
* whether the default facets come back filled (Datasette returns an empty facet, silently,
  when one exceeds ``facet_time_limit_ms``);
* a full CSV export of ``articles`` (``.csv?_stream=on``, every row): seconds, MB, rows, and
  the server's resident memory sampled during the export (target: flat).

The synthetic text is drawn from a few hundred Vietnamese syllables with a Zipf-like
distribution, so common words match most articles, as real ones do. It prints one JSON report
(also written to ``--report``). No network beyond the loopback interface.
"""

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VIETNAM = timezone(timedelta(hours=7))

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
    from pipelines.search import ensure_search_schema
    from pipelines.storage import Archive, _article_row, now_iso

    archive = Archive(str(path))
    ensure_search_schema(archive.db)  # idempotent: also done by Archive once hooked in
    db = archive.db
    run_id = archive.start_run("synthetic")
    db.execute("PRAGMA synchronous = OFF")
    writer = Writer(seed)
    start = datetime(2010, 1, 1, tzinfo=VIETNAM)
    span = (datetime(2024, 12, 31, tzinfo=VIETNAM) - start).days
    fetched = now_iso()
    began = time.monotonic()
    for first in range(0, articles, batch):
        rows = []
        for number in range(first, min(first + batch, articles)):
            row = _article_row(writer.article(number, start, span))
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
    archive.end_run(run_id, "ok", articles_seen=articles, new=articles)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


# -- measuring -------------------------------------------------------------------------------


class Server:
    """``thanhuy-archive serve --port 0`` on the archive, as a researcher runs it."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "serve", "--db", str(self.db), "--port", "0"],
            cwd=ROOT, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"Archive served at (http://[^/\s]+)/", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"serve did not announce its address: {line!r}")
        self.base = match.group(1)
        self.host, self.port = self.base[len("http://"):].rsplit(":", 1)
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)

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


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def summary(times):
    ms = [t * 1000 for t in times]
    return {"median_ms": round(statistics.median(ms), 1), "p95_ms": round(percentile(ms, 95), 1),
            "max_ms": round(max(ms), 1), "n": len(ms)}


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
    cases = json.loads((ROOT.parent / "shared" / "vi-cases.json").read_text(encoding="utf-8")) \
        if (ROOT.parent / "shared" / "vi-cases.json").exists() else {"search": {"queries": []}}
    return [q for q, _ in cases["search"]["queries"]]


def measure_searches(server, db_name, repeats, log):
    from urllib.parse import quote

    conn = server.connection()
    queries = dict(SEARCHES)
    for q in vi_case_queries():
        queries.setdefault(f"vi-cases {q}", q)
    pages = {
        "search page /-/search?q= (ranked, snippets, count)":
            lambda q: f"/-/search?q={quote(q)}",
        "search page, accent-exact (&mode=exact)":
            lambda q: f"/-/search?q={quote(q)}&mode=exact",
        f"table /{db_name}/articles?_search= (HTML, count, facets, newest first)":
            lambda q: f"/{db_name}/articles?_search={quote(q)}",
        f"table JSON /{db_name}/articles.json?_search=":
            lambda q: f"/{db_name}/articles.json?_search={quote(q)}",
    }
    report = {}
    for path in ("/", f"/{db_name}/articles", "/-/search?q=warm"):  # first-use costs
        server.get(conn, path)
    for page, make in pages.items():
        all_times, first_times, per_query = [], [], {}
        for name, q in queries.items():
            path = make(q)
            # The first request of a query is a new search (nothing cached); the repeats are
            # what paging and facet clicks on the same search cost.
            first, status, body = server.get(conn, path)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}: {body[:300]!r}")
            times = [server.get(conn, path)[0] for _ in range(repeats)]
            all_times += [first] + times
            first_times.append(first)
            per_query[name] = {**summary([first] + times), "first_ms": round(first * 1000, 1)}
        report[page] = {"all": summary(all_times), "first_request": summary(first_times),
                        "by_query": per_query}
        log(f"  {page}: median {report[page]['all']['median_ms']} ms, "
            f"p95 {report[page]['all']['p95_ms']} ms (first requests: p95 "
            f"{report[page]['first_request']['p95_ms']} ms)")
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


def measure_csv(server, path, log, bom=False):
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

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = response.read(min(len(buffer), 1 << 16))
            if not self.first:
                self.first = chunk[:3]
            self.size += len(chunk)
            buffer[:len(chunk)] = chunk
            return len(chunk)

    raw = Counting()
    text = io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding="utf-8-sig", newline="")
    rows = sum(1 for _ in csv.reader(text)) - 1
    elapsed = time.monotonic() - started
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
    }
    log(f"  CSV {path}: {rows:,} rows, {result['mb']} MB in {result['seconds']} s, RSS "
        f"{result['rss_mb_before']} -> peak {result['rss_mb_peak']} MB")
    conn.close()
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000)
    work = Path(tempfile.gettempdir()) / "thanhuy-datasette-scale"
    parser.add_argument("--db", default=str(work / "archive.db"),
                        help="the synthetic archive (default: %(default)s, ~2.5 GB)")
    parser.add_argument("--reuse", action="store_true",
                        help="use the archive at --db if it exists (no rebuild)")
    parser.add_argument("--repeats", type=int, default=5, help="timed requests per query")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV exports")
    parser.add_argument("--report", default=str(work / "report.json"))
    args = parser.parse_args(argv)

    def log(message):
        print(message, file=sys.stderr, flush=True)

    from pipelines.search import ensure_search_schema
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
        ensure_search_schema(sqlite_utils.Database(str(db)))  # indexes of a newer version
    report["articles"] = sqlite_utils.Database(str(db)).execute(
        "select count(*) from articles").fetchone()[0]
    report["db_mb"] = round(db.stat().st_size / 1e6)
    db_name = db.stem
    with Server(db) as server:
        log(f"Serving at {server.base}; timing searches ({args.repeats} requests per query)...")
        report["search"] = measure_searches(server, db_name, args.repeats, log)
        if not args.no_csv:
            report["csv_full_export"] = measure_csv(
                server, f"/{db_name}/articles.csv?_stream=on", log)
            report["csv_search_export_excel"] = measure_csv(
                server, f"/{db_name}/articles.csv?_search=dan+van&_stream=on&_bom=1", log)
        report["server_rss_mb_end"] = round(server.rss_mb(), 1)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
