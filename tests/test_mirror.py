"""The local mirror: its pages, its faults, and whether gold.json tells the truth about them.

The crawler and extractor tests trust the mirror and its gold blindly, so these tests check the
mirror against itself through a real server (port 0): a small breadth-first crawl finds every
page a crawler could reach, and each gold record is compared with the page it describes.
"""

import html
import json
import re
import subprocess
import sys
import time
import unicodedata
import urllib.robotparser
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from thanhuy_archive.mirror import MirrorServer, generate_mirror
from thanhuy_archive.mirror.universe import MIN_ARTICLES, slugify

REPO = Path(__file__).resolve().parents[1]
PORTAL_HOSTS = {"www.thanhuytphcm.vn", "thanhuytphcm.vn", "www.hcmcpv.org.vn", "hcmcpv.org.vn",
                "stxdd.thanhuytphcm.vn"}
ARTICLE_RE = re.compile(r"^/(?:tin-tuc|tu-lieu/[^/]+)/(?:[^/]*-)?(\d{9,10})$")
VN = timezone(timedelta(hours=7))


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def fetch(server, target, headers=None, method="GET"):
    conn = HTTPConnection(server.host, server.port, timeout=10)
    try:
        conn.request(method, target, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def clean(text):
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


def page_text(body):
    return clean(lxml.html.fromstring(body.decode("utf-8")).text_content())


def article_id(path):
    m = ARTICLE_RE.match(path)
    return int(m.group(1)) if m else None


class Crawl:
    """Everything reachable from / (plus robots.txt's sitemap and the feed), robots-respecting.

    ``refs[id]`` holds every raw reference to an article (href as written; sitemap and feed
    URLs with the origin cut off), ``sources[id]`` where they were found (html, sitemap, feed).
    """

    def __init__(self, server, gold):
        self.server, self.origin = server, server.url.rstrip("/")
        self.pages, self.refs, self.sources, self.hrefs = {}, {}, {}, set()
        self.redirects = {gold["faults"]["redirect"]["from"]: article_id(gold["faults"]["redirect"]["to"])}
        status, _, body = fetch(server, "/robots.txt")
        assert status == 200
        self.disallowed = [line.split(":", 1)[1].strip() for line in body.decode().splitlines()
                           if line.startswith("Disallow:")][:len(gold["robots_disallowed"])]
        self.sitemap = re.search(r"^Sitemap: (\S+)$", body.decode(), re.M).group(1)
        self.run(["/", self.local(self.sitemap), "/rss/tin-moi.rss"])

    def local(self, url, base="/"):
        """The mirror path of a link, or None when it leaves the portal."""
        absolute = urljoin(self.origin + base, url)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return None
        if parts.netloc != urlsplit(self.origin).netloc and parts.netloc not in PORTAL_HOSTS:
            return None
        return (parts.path or "/") + ("?" + parts.query if parts.query else "")

    def get(self, target):
        status, headers, body = fetch(self.server, target)
        if status == 500:  # a polite crawler retries once
            status, headers, body = fetch(self.server, target)
        if status in (301, 302):
            status, headers, body = fetch(self.server, self.local(headers["location"]))
        return target, status, headers, body

    def run(self, start):
        frontier, seen = list(start), set(start)
        with ThreadPoolExecutor(8) as pool:
            while frontier:
                results = list(pool.map(self.get, frontier))
                frontier = []
                for target, status, headers, body in results:
                    self.pages[target] = (status, headers, body)
                    for link in self.links(target, headers, body):
                        if link not in seen and not any(link.startswith(d) for d in self.disallowed):
                            seen.add(link)
                            frontier.append(link)

    def links(self, target, headers, body):
        ctype = headers.get("content-type", "")
        text = body.decode("utf-8", "replace")
        if "xml" in ctype:
            kind = "feed" if "rss" in ctype else "sitemap"
            raws = re.findall(r"<(?:loc|link)>([^<]+)</(?:loc|link)>", text)
        elif ctype.startswith("text/html"):
            kind = "html"
            raws = re.findall(r'href="([^"]*)"', text)
        else:
            return []
        out = []
        for raw in raws:
            raw = html.unescape(raw)
            if raw.startswith("#"):  # this very page
                continue
            link = self.local(raw, target.split("?")[0])
            if link is None:
                continue
            self.hrefs.add(link)
            path = link.split("?")[0].split("#")[0]
            aid = article_id(path) or self.redirects.get(link)
            if aid:
                ref = raw[len(self.origin):] if raw.startswith(self.origin) else raw
                self.refs.setdefault(aid, set()).add(ref)
                if aid != article_id(target.split("?")[0]):  # a canonical self-link reaches nothing
                    self.sources.setdefault(aid, set()).add(kind)
            out.append(link.split("#")[0])
        return out


# --------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ed1(tmp_path_factory):
    return generate_mirror(tmp_path_factory.mktemp("edition1"))


@pytest.fixture(scope="module")
def ed2(tmp_path_factory):
    return generate_mirror(tmp_path_factory.mktemp("edition2"), edition=2)


@pytest.fixture(scope="module")
def gold1(ed1):
    return json.loads((ed1 / "gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def gold2(ed2):
    return json.loads((ed2 / "gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def server1(ed1):
    with MirrorServer(ed1) as server:
        yield server


@pytest.fixture(scope="module")
def server2(ed2):
    with MirrorServer(ed2) as server:
        yield server


@pytest.fixture
def fresh1(ed1):
    """A server of its own, for tests whose faults must still be armed."""
    with MirrorServer(ed1) as server:
        yield server


@pytest.fixture(scope="module")
def crawl1(server1, gold1):
    return Crawl(server1, gold1)


@pytest.fixture(scope="module", params=[1, 2], ids=["edition1", "edition2"])
def crawled(request):
    """(crawl, gold) of each edition: what holds for gold must hold for both."""
    if request.param == 1:
        return request.getfixturevalue("crawl1"), request.getfixturevalue("gold1")
    gold = request.getfixturevalue("gold2")
    return Crawl(request.getfixturevalue("server2"), gold), gold


# --------------------------------------------------------------------------------------------
# the site as a crawler sees it
# --------------------------------------------------------------------------------------------
def test_home_shows_viewing_date_menu_latest_news_and_feed(server1, gold1):
    status, headers, body = fetch(server1, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    text = body.decode("utf-8")
    doc = lxml.html.fromstring(text)
    first_text = clean(doc.body.text_content())
    assert first_text.startswith(gold1["header_date_text"])  # above everything
    assert '<link rel="alternate" type="application/rss+xml" title="Tin mới" href="/rss/tin-moi.rss">' in text
    for listing in gold1["listings"].values():
        if "/" not in listing["pages"][0].strip("/"):
            assert f'href="{listing["pages"][0]}"' in text
    assert len({article_id(h) for h in doc.xpath("//a/@href") if article_id(h)}) >= 15


def test_every_gold_article_is_reachable_and_hidden_ones_only_their_way(crawled):
    crawl, gold = crawled
    found = set(crawl.sources)
    assert set(gold["expected_article_ids"]) <= found
    roles = gold["roles"]
    assert crawl.sources[roles["only-sitemap"]] == {"sitemap"}
    assert crawl.sources[roles["only-feed"]] == {"feed"}
    # Linked only as an absolute URL on another portal host (the canonical self-link aside).
    host_only = roles["only-portal-host"]
    assert crawl.sources[host_only] == {"html"}
    hosts = {urlsplit(r).netloc for r in crawl.refs[host_only]}
    assert hosts <= {"www.hcmcpv.org.vn", "www.thanhuytphcm.vn"} and "www.hcmcpv.org.vn" in hosts


def test_gold_urls_are_exactly_the_references_found(crawled):
    crawl, gold = crawled
    for record in gold["articles"]:
        assert set(record["urls"]) == crawl.refs[record["id"]], record["id"]
    forms = [u for r in gold["articles"] for u in r["urls"]]
    assert any("?fbclid=" in u for u in forms)
    assert any("#" in u for u in forms)
    assert any(u.startswith("https://www.hcmcpv.org.vn/tin-tuc/") for u in forms)
    assert any(u.startswith("https://stxdd.thanhuytphcm.vn/") for u in forms)
    by_id = {}
    for r in gold["articles"]:
        slugs = {urlsplit(u).path.rsplit("-", 1)[0] for u in r["urls"] if article_id(urlsplit(u).path)}
        by_id[r["id"]] = slugs
    assert any(len(s) > 1 for s in by_id.values())  # one id under two slugs


def test_every_gold_article_answers_200_with_its_title(crawled):
    crawl, gold = crawled
    for record in gold["articles"]:
        status, _, body = crawl.pages.get(record["path"]) or fetch(crawl.server, record["path"])
        assert status == 200, record["path"]
        assert record["title"] in page_text(body)


def test_listings_paginate_in_several_ways_and_list_articles(crawl1, gold1):
    styles = set()
    paginated = 0
    for slug, listing in gold1["listings"].items():
        styles.add(listing["pagination"])
        paginated += len(listing["pages"]) >= 3
        for url in listing["pages"]:
            status, _, body = crawl1.pages[url]
            assert status == 200
            assert any(article_id(h) for h in re.findall(r'href="([^"?#]*)', body.decode()))
    assert paginated >= 4 and len(styles) >= 4
    page = crawl1.pages["/chinh-quyen"][2].decode()
    assert 'rel="next"' in page and "Xem thêm" in page
    assert "/xay-dung-dang/trang-2" in crawl1.pages


def test_some_articles_have_related_news(crawl1, gold1):
    related = [r for r in gold1["articles"] if "related" in r["reachable_via"]]
    assert len(related) >= 5
    pages = [unicodedata.normalize("NFC", crawl1.pages[r["path"]][2].decode())
             for r in gold1["articles"][:40]]
    assert any("Tin liên quan" in p for p in pages) and all("Tin khác" in p for p in pages)


def test_robots_disallows_paths_that_pages_link_to(crawl1, gold1, server1):
    status, headers, body = fetch(server1, "/robots.txt")
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert crawl1.sitemap == server1.url + "sitemap.xml"
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(body.decode().splitlines())
    for path in ("/tim-kiem", "/in-bai/"):
        assert path in gold1["robots_disallowed"]
        assert any(h.startswith(path) for h in crawl1.hrefs), path
    for url in gold1["robots_disallowed_linked"]:
        assert url in crawl1.hrefs and not robots.can_fetch("*", server1.url + url.lstrip("/"))
    assert robots.can_fetch("*", server1.url + gold1["articles"][0]["path"].lstrip("/"))


def test_feed_and_sitemaps_are_absolute_and_well_typed(crawl1, server1):
    status, headers, body = crawl1.pages["/rss/tin-moi.rss"]
    assert headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert f"<link>{server1.url}tin-tuc/" in body.decode() and "{{ORIGIN}}" not in body.decode()
    status, headers, body = crawl1.pages["/sitemap.xml"]
    assert status == 200 and headers["content-type"] == "application/xml; charset=utf-8"
    assert "<sitemapindex" in body.decode() and f"<loc>{server1.url}sitemaps/" in body.decode()


# --------------------------------------------------------------------------------------------
# gold against pages
# --------------------------------------------------------------------------------------------
def _meta_time(value):
    value = value.replace("Z", "+00:00")
    t = datetime.fromisoformat(value)
    return (t if t.tzinfo else t.replace(tzinfo=VN)).astimezone(VN).isoformat()


def test_gold_fields_match_the_pages(crawled):
    crawl, gold = crawled
    for r in gold["articles"]:
        body = crawl.pages[r["path"]][2]
        doc = lxml.html.fromstring(body.decode("utf-8"))
        text = clean(doc.text_content())
        assert r["lead"].startswith("(Thanhuytphcm.vn) - ") and r["lead"] in text
        paragraphs = r["body"].split("\n\n")
        assert all(p and p == clean(p) and p in text for p in paragraphs), r["id"]
        assert r["lead"] not in r["body"]
        for caption in r["captions"]:
            assert caption in text and caption not in r["body"]
        if r["byline_text"]:
            assert clean(r["byline_text"]) in text and r["byline_text"] not in paragraphs
        content_images = [u for u in doc.xpath("//img/@src") if "/res/news/" in u or "/Uploads/Image/" in u]
        assert content_images == r["images"] and len(r["captions"]) <= len(r["images"])
        for furniture in ("Ý kiến bạn đọc", "Tổng lượt bình luận", "Tin khác", "Thông báo"):
            assert furniture in text and furniture not in r["body"]
        assert gold["header_date_text"] in text
        _check_date(r, doc, text)


def _check_date(r, doc, text):
    evidence, value = r["date_evidence"], r["published_at"]
    dated_images = [u for u in doc.xpath("//img/@src") if re.search(r"/res/news/\d{4}/\d{2}/\d{2}-\d{2}-\d{4}-", u)]
    if evidence.startswith("meta-"):
        meta = doc.xpath('//meta[@property="article:published_time"]/@content')[0]
        assert _meta_time(meta) == value
    elif evidence == "jsonld":
        data = [json.loads(s) for s in doc.xpath('//script[@type="application/ld+json"]/text()')]
        assert [d["datePublished"] for d in data if d["@type"] == "NewsArticle"] == [value]
    elif evidence == "image-day":
        y, m, d = value.split("-")
        assert len(value) == 10 and f"/res/news/{y}/{m}/{d}-{m}-{y}-" in dated_images[0]
    elif evidence == "none":
        assert value is None and not dated_images
    else:  # a visible string on the legacy page
        t = datetime.fromisoformat(value)
        assert f"{t.day}/{t.month}/{t.year}" in text or f"{t:%d/%m/%Y}" in text
        assert f"{t.hour}h{t:%M}" in text or f"{t:%H:%M}" in text or f"{t.hour % 12 or 12}:{t:%M}:00" in text


def test_gold_covers_the_required_variety(gold1):
    arts = gold1["articles"]
    news = [a for a in arts if a["section"] == "tin-tuc"]
    docs = [a for a in arts if a["section"] == "tu-lieu"]
    assert len(news) == 72 and len(docs) >= 5
    assert {a["template"] for a in arts} == {"legacy", "og", "jsonld"}
    assert all(9 <= len(str(a["id"])) <= 10 for a in arts)
    assert any(a["path"].split("/")[-1].startswith("-") for a in news)
    assert any("glued-slug" in a["traps"] for a in news)
    for trap in ("nfd", "entities", "feff-nbsp", "tone-variants", "no-charset", "utc-meta"):
        assert any(trap in a["traps"] for a in arts), trap
    evidence = {a["date_evidence"] for a in arts}
    assert {"image-day", "none", "cap-nhat", "meta-entity", "meta-nozone", "jsonld"} <= evidence
    assert any(a["published_at"] and len(a["published_at"]) == 10 for a in arts)
    assert any(a["published_at"] is None for a in arts)
    texts = {a["byline_text"] for a in arts}
    assert {"Nhóm PV", "Theo TTXVN"} <= texts
    assert any(t and t.startswith("Tin, ảnh: ") for t in texts)
    assert any(t and t.endswith(" (TTXVN)") for t in texts)
    assert any(t and t.endswith("/VOV") for t in texts)
    assert any(t and t.startswith("Ảnh: ") for t in texts)
    assert any(a["byline_kind"] == "bare" and a["authors"] == [a["byline_text"]] for a in arts)
    assert any(a["byline_text"] is None and a["authors"] == [] for a in arts)
    assert any("-details.jpg?vs=" in u for a in arts for u in a["images"])
    assert all(a["body"] == unicodedata.normalize("NFC", a["body"]) for a in arts)
    # ids grow with time at the CONFIRMED rate
    dated = sorted((a["id"], a["modified_at"]) for a in news if a["edition_added"] == 1)
    assert [t for _, t in dated] == sorted(t for _, t in dated)
    near = [i for i, t in dated if t.startswith("2020-11")]
    assert all(abs(i - 1491871594) < 2000 for i in near)


def test_trap_pages_really_carry_their_traps(crawl1, gold1, server1):
    by_trap = {}
    for a in gold1["articles"]:
        for t in a["traps"]:
            by_trap.setdefault(t, a)
    raw = lambda t: crawl1.pages[by_trap[t]["path"]][2].decode("utf-8")  # noqa: E731
    assert unicodedata.normalize("NFC", raw("nfd")) != raw("nfd")
    assert "&agrave;" in raw("entities") or "&#" in raw("entities")
    assert "\ufeff" in raw("feff-nbsp") and "\u00a0" in raw("feff-nbsp")
    assert "&#x2B;07:00" in crawl1.pages[next(a["path"] for a in gold1["articles"]
                                              if a["date_evidence"] == "meta-entity")][2].decode()
    assert "<meta" not in raw("no-charset") and "charset" not in raw("no-charset")


# --------------------------------------------------------------------------------------------
# faults and HTTP behaviour
# --------------------------------------------------------------------------------------------
def test_flaky_page_fails_once_then_succeeds(fresh1, gold1):
    path = gold1["faults"]["flaky"]["path"]
    assert fetch(fresh1, path)[0] == 500
    status, _, body = fetch(fresh1, path + "?fbclid=retry")
    assert status == 200 and b"<h1" in body


def test_slow_page_is_slow_but_answers(fresh1, gold1):
    started = time.monotonic()
    status, _, _ = fetch(fresh1, gold1["faults"]["slow"]["path"])
    assert status == 200 and 0.9 <= time.monotonic() - started < 5


def test_redirect_missing_page_and_unknown_id(server1, gold1):
    redirect = gold1["faults"]["redirect"]
    status, headers, _ = fetch(server1, redirect["from"])
    assert status == 301 and headers["location"] == server1.url.rstrip("/") + redirect["to"]
    for path in gold1["faults"]["not_found"] + ["/khong-co-trang-nay", "/tin-tuc/x-1491000000"]:
        assert fetch(server1, path)[0] == 404


def test_no_charset_page_is_utf8_without_a_charset(server1, gold1):
    status, headers, body = fetch(server1, gold1["faults"]["no_charset"]["path"])
    assert status == 200 and headers["content-type"] == "text/html"
    assert re.search(r"[\u00c0-\u1ef9]", body.decode("utf-8"))
    other = fetch(server1, gold1["articles"][-1]["path"])[1]["content-type"]
    assert other == "text/html; charset=utf-8"


def test_article_ignores_slug_query_and_fragment(server1, gold1):
    a = next(r for r in gold1["articles"] if r["section"] == "tin-tuc")
    body = fetch(server1, a["path"])[2]
    for variant in (a["path"] + "?fbclid=IwAR0abc", f"/tin-tuc/bat-ky-{a['id']}",
                    a["path"] + "?utm_source=zalo&zarsrc=30"):
        assert fetch(server1, variant)[2] == body
    assert fetch(server1, a["path"].replace("/tin-tuc/", "/in-bai/"))[0] == 200


def test_conditional_get(server1, gold1):
    for path in (gold1["articles"][5]["path"], "/", "/thoi-su?page=2"):
        status, headers, body = fetch(server1, path)
        assert status == 200 and headers["etag"] and headers["last-modified"]
        assert fetch(server1, path, {"If-None-Match": headers["etag"]})[:1] == (304,)
        status, h304, b304 = fetch(server1, path, {"If-Modified-Since": headers["last-modified"]})
        assert status == 304 and b304 == b"" and h304["etag"] == headers["etag"]
        assert fetch(server1, path, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200
        assert fetch(server1, path, {"If-None-Match": '"other"',
                                     "If-Modified-Since": headers["last-modified"]})[0] == 200


def test_request_log_head_and_proxy_form(fresh1):
    fetch(fresh1, "/", {"User-Agent": "thanhuy-archive-test/1.0"})
    status, headers, body = fetch(fresh1, "/robots.txt", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    status, _, body = fetch(fresh1, "http://www.thanhuytphcm.vn/robots.txt",
                            {"Host": "www.thanhuytphcm.vn"})
    assert status == 200 and b"Sitemap: http://www.thanhuytphcm.vn/sitemap.xml" in body
    log = list(fresh1.requests)
    assert log[0] == {"method": "GET", "path": "/", "host": fresh1.netloc, "status": 200,
                      "user_agent": "thanhuy-archive-test/1.0", "if_none_match": None,
                      "if_modified_since": None}
    assert [e["method"] for e in log] == ["GET", "HEAD", "GET"]
    assert log[2]["path"] == "/robots.txt" and log[2]["host"] == "www.thanhuytphcm.vn"


# --------------------------------------------------------------------------------------------
# edition 2
# --------------------------------------------------------------------------------------------
CORE = ("title", "lead", "body", "published_at", "authors", "source", "category", "images", "captions")


def test_edition2_edits_removals_and_additions(gold1, gold2, server1, server2):
    changes = gold2["changes"]
    old = {r["id"]: r for r in gold1["articles"]}
    new = {r["id"]: r for r in gold2["articles"]}
    assert len(changes["edited"]) >= 3 and len(changes["removed"]) >= 2 and len(changes["added"]) >= 3
    assert set(new) == (set(old) - {int(i) for i in changes["removed"]}) | set(changes["added"])
    assert gold2["expected_article_ids"] == sorted(new)
    assert min(changes["added"]) > max(i for i in old if old[i]["section"] == "tin-tuc")

    for aid in changes["edited"]:
        before, after = old[aid], new[aid]
        assert after["title"] != before["title"] and after["body"] != before["body"]
        assert after["published_at"] == before["published_at"] and after["path"] != before["path"]
        status, headers, body = fetch(server2, after["path"])
        assert status == 200 and after["title"] in page_text(body)
        assert fetch(server2, before["path"])[0] == 200  # the old slug still works
        assert headers["etag"] != fetch(server1, before["path"])[1]["etag"]

    for aid, status in changes["removed"].items():
        assert status in (404, 410)
        assert fetch(server2, changes["removed_paths"][aid])[0] == status
        assert fetch(server1, changes["removed_paths"][aid])[0] == 200
    assert {404, 410} <= set(changes["removed"].values())

    for aid in changes["added"]:
        r = new[aid]
        listing = gold2["listings"][_listing_of(r, gold2)]
        first = fetch(server2, listing["pages"][0])[2].decode()
        assert r["path"] in first and fetch(server1, r["path"])[0] == 404

    unchanged = [i for i in old if i in new and i not in changes["edited"]]
    assert all({k: old[i][k] for k in CORE} == {k: new[i][k] for k in CORE} for i in unchanged)
    path = old[unchanged[0]]["path"]
    etag1 = fetch(server1, path)[1]["etag"]
    assert fetch(server2, path)[1]["etag"] == etag1
    assert fetch(server2, path, {"If-None-Match": etag1})[0] == 304


def _listing_of(record, gold):
    for slug, listing in gold["listings"].items():
        if listing["label"] == record["category"]:
            return slug
    raise AssertionError(record["category"])


def test_edition2_header_shows_its_own_viewing_date(server2, gold1, gold2):
    assert gold2["header_date_text"] != gold1["header_date_text"]
    assert gold2["header_date_text"] in page_text(fetch(server2, "/")[2])


# --------------------------------------------------------------------------------------------
# generation
# --------------------------------------------------------------------------------------------
def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generation_is_deterministic_and_seeded(tmp_path, ed1):
    again = generate_mirror(tmp_path / "again")
    assert _tree(again) == _tree(ed1)
    other = generate_mirror(tmp_path / "other", seed=7)
    assert (other / "gold.json").read_bytes() != (ed1 / "gold.json").read_bytes()
    with pytest.raises(ValueError):
        generate_mirror(tmp_path / "tiny", articles=MIN_ARTICLES - 1)


def test_large_mirror_generates_quickly(tmp_path):
    started = time.monotonic()
    root = generate_mirror(tmp_path / "big", articles=1200)
    elapsed = time.monotonic() - started
    gold = json.loads((root / "gold.json").read_text("utf-8"))
    assert sum(r["section"] == "tin-tuc" for r in gold["articles"]) == 1200
    assert all(len(listing["pages"]) <= 20 for listing in gold["listings"].values())
    assert elapsed < 10, elapsed


def test_command_lines(tmp_path):
    out = tmp_path / "cli"
    done = subprocess.run([sys.executable, "-m", "thanhuy_archive.mirror.generate", str(out), "--articles", "40"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "" and "Wrote edition 1" in done.stdout
    proc = subprocess.Popen([sys.executable, "-m", "thanhuy_archive.mirror.server", str(out), "--port", "0"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().split(" at ")[-1].strip()
        host, port = urlsplit(url).hostname, urlsplit(url).port
        conn = HTTPConnection(host, port, timeout=10)
        conn.request("GET", "/robots.txt")
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert err == ""


def test_slugify_matches_confirmed_urls():
    assert slugify("[Hí họa] Văn hóa ứng xử trên mạng xã hội") == "-hi-hoa-van-hoa-ung-xu-tren-mang-xa-hoi"
    assert slugify("Nhà văn Nguyễn Nhật Ánh ra mắt tác phẩm mới") == "nha-van-nguyen-nhat-anh-ra-mat-tac-pham-moi"
