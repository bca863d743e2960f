"""The local mirror: its pages, its faults, and whether gold.json tells the truth about them.

The crawler and extractor tests trust the mirror and its gold blindly, so these tests check the
mirror against itself through a real server (port 0): a small breadth-first crawl finds every
page a crawler could reach without JavaScript (then what the JavaScript pagers show), and each
gold record is compared with the page it describes.
"""

import gzip
import html
import io
import json
import re
import struct
import subprocess
import sys
import time
import unicodedata
import urllib.robotparser
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from http.client import HTTPConnection, IncompleteRead
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html
import pypdf
import pytest

from thanhuy_archive.mirror import MirrorServer, generate_mirror
from thanhuy_archive.mirror.documents import attachment
from thanhuy_archive.mirror.universe import MIN_ARTICLES, build_universe, slugify
from thanhuy_archive.records import payload_digest

REPO = Path(__file__).resolve().parents[1]
PORTAL_HOSTS = {"www.thanhuytphcm.vn", "thanhuytphcm.vn", "www.hcmcpv.org.vn", "hcmcpv.org.vn",
                "stxdd.thanhuytphcm.vn"}
ARTICLE_RE = re.compile(r"^/(?:amp/)?(?:tin-tuc|tu-lieu/[^/]+)/(?:[^/]*-)?(\d{9,10})/?$")
LEAD_CREDIT = "(Thanhuytphcm.vn) - "
VN = timezone(timedelta(hours=7))
TEMPLATES = {"legacy-1258", "legacy", "og", "jsonld", "redesign", "photo", "video", "interview",
             "document"}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def fetch(server, target, headers=None, method="GET", body=None):
    conn = HTTPConnection(server.host, server.port, timeout=10)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def post_back(server, path, target, argument):
    """What an ASP.NET pager's ``__doPostBack(target, argument)`` sends."""
    form = urlencode({"__EVENTTARGET": target, "__EVENTARGUMENT": argument, "__VIEWSTATE": ""})
    return fetch(server, path, {"Content-Type": "application/x-www-form-urlencoded"}, "POST", form)


def clean(text):
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


def decoded(headers, body):
    """A page's text as a browser reads it: in its declared charset (UTF-8 when none), NFC."""
    charset = re.search(r"charset=([\w-]+)", headers.get("content-type", ""))
    return unicodedata.normalize("NFC", body.decode(charset.group(1) if charset else "utf-8"))


def page_text(headers, body):
    return clean(lxml.html.fromstring(decoded(headers, body)).text_content())


def article_id(link):
    path = re.sub(r";[^/?#]*", "", urlsplit(link).path)  # session ids ride in the path
    m = ARTICLE_RE.match(path)
    return int(m.group(1)) if m else None


class Crawl:
    """Everything a crawler without JavaScript reaches from / and robots.txt's sitemaps (plus
    the main feed), robots-respecting, retrying what fails first, following redirects and
    never entering the gold's endless pages; then the pages the JavaScript pagers show.

    ``refs[id]`` holds every raw reference to an article (href as written; sitemap and feed
    URLs with the origin cut off; redirect locations), ``sources[id]`` where they were found
    (html, sitemap, feed; script for a JavaScript pager's page).
    """

    def __init__(self, server, gold):
        self.server, self.gold, self.origin = server, gold, server.url.rstrip("/")
        self.pages, self.refs, self.sources, self.hrefs = {}, {}, {}, set()
        chain = gold["crawl_traps"]["redirect_chain"]
        self.redirects = {gold["faults"]["redirect"]["from"]: article_id(gold["faults"]["redirect"]["to"])}
        self.redirects.update({hop: chain["id"] for hop in chain["hops"][:-1]})
        status, _, body = fetch(server, "/robots.txt")
        assert status == 200
        self.disallowed = [line.split(":", 1)[1].strip() for line in body.decode().splitlines()
                           if line.startswith("Disallow:")][:len(gold["robots_disallowed"])]
        self.sitemaps = re.findall(r"^Sitemap: (\S+)$", body.decode(), re.M)
        self.sitemap = self.sitemaps[0]
        self.run(["/", *(self.local(s) for s in self.sitemaps), "/rss/tin-moi.rss"])
        self.read_script_pages()

    def local(self, url, base="/"):
        """The mirror path of a link, or None when it leaves the portal."""
        absolute = urljoin(base if "://" in base else self.origin + base, url)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return None
        host = parts.netloc.lower()
        if host != urlsplit(self.origin).netloc and host not in PORTAL_HOSTS:
            return None
        return (parts.path or "/") + ("?" + parts.query if parts.query else "")

    def endless(self, link):
        """A page the gold names as without end: a crawler's trap guards cut these."""
        traps = self.gold["crawl_traps"]
        path = link.split("?")[0]
        pager = traps["endless_pagination"]
        return (path == traps["calendar"]["path"]
                or path == pager["path"] and link not in pager["real_pages"])

    def get(self, target):
        """A polite crawler's fetch: what fails first (500, 503, 429, an empty or truncated
        200) is tried again; redirects are followed, at most 5, never round a loop."""
        seen = [target]
        for _ in range(12):  # enough for every fault's first answers and a chain of 5
            try:
                status, headers, body = fetch(self.server, seen[-1])
            except IncompleteRead:
                continue
            if status in (429, 500, 503) or status == 200 and not body:
                continue
            location = self.local(headers["location"]) if status in (301, 302) else None
            if location is None or location in seen or len(seen) > 5:
                break
            seen.append(location)
        for hop in seen[1:]:
            self.note(hop, hop, None)
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
                        if (link not in seen and not self.endless(link)
                                and not any(link.startswith(d) for d in self.disallowed)):
                            seen.add(link)
                            frontier.append(link)

    def read_script_pages(self):
        """What a crawler that ran the pages' scripts would also read: the videos' "load
        more" JSON and the windows-1258 listing's postback pages."""
        pagers = self.gold["js_pagers"]
        for url in pagers["load-more"]["pages"]:
            for item in json.loads(fetch(self.server, url)[2])["items"]:
                self.note(item["url"], self.local(item["url"]), "script")
        postback = pagers["postback"]
        for argument in postback["arguments"]:
            status, headers, body = post_back(self.server, postback["listing"],
                                              postback["event_target"], argument)
            self.links(postback["listing"], headers, body, kind="script")

    def note(self, raw, link, kind, page=None):
        """Record a reference to an article (``kind`` None: a redirect's location)."""
        aid = article_id(link) or self.redirects.get(link)
        if not aid:
            return
        ref = raw[len(self.origin):] if raw.startswith(self.origin) else raw
        self.refs.setdefault(aid, set()).add(ref)
        if kind and aid != article_id(page or ""):  # a canonical self-link reaches nothing
            self.sources.setdefault(aid, set()).add(kind)

    def links(self, target, headers, body, kind=None):
        ctype = headers.get("content-type", "")
        if ctype == "application/x-gzip":
            body, ctype = gzip.decompress(body), "application/xml"
        text = decoded(headers, body) if ctype.startswith("text/html") else body.decode("utf-8")
        if ctype.startswith("text/html"):
            base = re.search(r'<base href="([^"]+)"', text)
            base = base.group(1) if base else target.split("?")[0]
            kind = kind or "html"
            raws = re.findall(r'href="([^"]*)"', text)
        elif "xml" in ctype:
            base = "/"
            kind = kind or ("feed" if "rss" in ctype or "atom" in ctype else "sitemap")
            raws = (re.findall(r"<(?:loc|link)>([^<]+)</(?:loc|link)>", text)
                    + re.findall(r'<link[^>]*\shref="([^"]+)"', text))
        else:
            return []
        out = []
        for raw in raws:
            raw = html.unescape(raw)
            if raw.startswith("#"):  # this very page
                continue
            link = self.local(raw, base)
            if link is None:
                continue
            self.hrefs.add(link)
            self.note(raw, link, kind, target.split("?")[0])
            out.append(link.split("#")[0])
        return out


def by_role(gold, role):
    return next(r for r in gold["articles"] if r["id"] == gold["roles"][role])


def steady(gold, **where):
    """An article whose URL answers no fault first, matching ``where``."""
    return next(r for r in gold["articles"]
                if not r["faults"] and all(r[k] == v for k, v in where.items()))


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
    without_js = {aid for aid, kinds in crawl.sources.items() if kinds - {"script"}}
    assert set(gold["expected_article_ids"]) <= without_js
    assert all(r["reachable_without_js"] for r in gold["articles"])
    roles = gold["roles"]
    assert crawl.sources[roles["only-sitemap"]] == {"sitemap"}
    assert crawl.sources[roles["only-feed"]] == {"feed"}
    # Linked only as an absolute URL on another portal host (the canonical self-link aside).
    host_only = roles["only-portal-host"]
    assert crawl.sources[host_only] == {"html"}
    hosts = {urlsplit(r).netloc for r in crawl.refs[host_only]}
    assert hosts <= {"www.hcmcpv.org.vn", "www.thanhuytphcm.vn"} and "www.hcmcpv.org.vn" in hosts
    # Linked only relatively, from a page whose <base href> they resolve against.
    base_only = roles["only-base-href"]
    assert crawl.sources[base_only] == {"html"}
    assert [r for r in crawl.refs[base_only] if r.startswith("tin-tuc/")]
    # Past a JavaScript pager's first page: only the script and the sitemaps lead there.
    for style, pager in gold["js_pagers"].items():
        assert pager["ids"], style
        for aid in pager["ids"]:
            assert crawl.sources[aid] == {"sitemap", "script"}, (style, aid)


def test_gold_urls_are_exactly_the_references_found(crawled):
    crawl, gold = crawled
    for record in gold["articles"]:
        assert set(record["urls"]) == crawl.refs[record["id"]], record["id"]
    forms = [u for r in gold["articles"] for u in r["urls"]]
    assert any("?fbclid=" in u for u in forms)
    assert any("#" in u for u in forms)
    assert any(u.startswith("https://www.hcmcpv.org.vn/tin-tuc/") for u in forms)
    assert any(u.startswith("https://stxdd.thanhuytphcm.vn/") for u in forms)
    assert any(u.startswith("https://WWW.THANHUYTPHCM.VN/tin-tuc/") for u in forms)
    assert any(re.search(r"-\d{9,10};jsessionid=\w+$", u) for u in forms)
    assert any(re.search(r"/tin-tuc/[^/]*-\d{9,10}/$", u) for u in forms)  # a trailing slash
    assert any(u.startswith("https://www.thanhuytphcm.vn/amp/tin-tuc/") for u in forms)
    assert any(u.startswith("tin-tuc/") for u in forms)  # relative, under <base href>
    by_id = {}
    for r in gold["articles"]:
        slugs = {urlsplit(u).path.rsplit("-", 1)[0] for u in r["urls"] if article_id(urlsplit(u).path)}
        by_id[r["id"]] = slugs
    assert any(len(s) > 1 for s in by_id.values())  # one id under two slugs


def test_every_gold_article_answers_200_with_its_title(crawled):
    crawl, gold = crawled
    for record in gold["articles"]:
        status, headers, body = crawl.pages.get(record["path"]) or crawl.get(record["path"])[1:]
        assert status == 200, record["path"]
        assert record["title"] in page_text(headers, body)


def _article_links(crawl, url):
    """The article ids a listing page links, its <base href> honoured."""
    status, headers, body = crawl.pages[url]
    assert status == 200, url
    text = decoded(headers, body)
    base = re.search(r'<base href="([^"]+)"', text)
    links = (crawl.local(html.unescape(h), base.group(1) if base else url)
             for h in re.findall(r'href="([^"#]*)"', text))
    return {article_id(link) for link in links if link} - {None}


def test_listings_paginate_in_several_ways_and_list_articles(crawl1, gold1):
    styles = set()
    for listing in gold1["listings"].values():
        styles.add(listing["pagination"])
        for url in listing["pages"]:
            assert _article_links(crawl1, url), url
    for style in ("query-page", "path-trang", "more-rel-next", "offset", "prev-next"):
        assert any(len(listing["pages"]) >= 2 for listing in gold1["listings"].values()
                   if listing["pagination"] == style), style  # each style really pages
    assert sum(len(listing["pages"]) >= 3 for listing in gold1["listings"].values()) >= 3
    assert {"query-page", "path-trang", "more-rel-next", "offset", "prev-next", "load-more",
            "endless", "postback"} <= styles
    page = crawl1.pages["/chinh-quyen"][2].decode()
    assert 'rel="next"' in page and "Xem thêm" in page
    assert "/xay-dung-dang/trang-2" in crawl1.pages


def test_some_articles_have_related_news(crawl1, gold1):
    related = [r for r in gold1["articles"] if "related" in r["reachable_via"]]
    assert len(related) >= 5
    pages = [decoded(*crawl1.pages[r["path"]][1:]) for r in gold1["articles"][:40]
             if r["template"] in ("legacy", "og", "jsonld")]
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
def _page(crawl, path):
    """The page at ``path`` as the crawl saw it (fetched again if the crawl took another URL)."""
    return crawl.pages.get(path) or crawl.get(path)[1:]


def test_gold_fields_match_the_pages(crawled):
    crawl, gold = crawled
    for r in gold["articles"]:
        status, headers, body = _page(crawl, r["path"])
        assert headers["content-type"] == r["content_type"], r["id"]
        doc = lxml.html.fromstring(decoded(headers, body))
        text = clean(doc.text_content())
        if r["kind"] == "document":
            assert r["lead"] == ""
        else:
            assert r["lead"].startswith(LEAD_CREDIT) and r["lead"] in text
        paragraphs = r["body"].split("\n\n")
        assert all(p and p == clean(p) and p in text for p in paragraphs), r["id"]
        assert r["lead"] == "" or r["lead"] not in r["body"]
        flat = r["body"].replace("\n\n", " ")
        assert (r["body_first"], r["body_last"]) == (flat[:80], flat[-80:])
        assert len(r["body"]) >= 300  # nothing for an extractor to doubt but a missing date
        assert r["flags"] == ([] if r["published_at"] else ["no-date"])
        for caption in r["captions"]:
            assert caption in text and caption not in r["body"]
        if r["byline_text"]:
            assert clean(r["byline_text"]) in text and r["byline_text"] not in paragraphs
        if r["kind"] == "video":  # its picture is the player's poster
            pictures = doc.xpath("//video/@poster") or doc.xpath('//meta[@property="og:image"]/@content')
        else:
            shown = (img.get("data-src") or img.get("src") for img in doc.iter("img"))  # lazy: data-src
            pictures = [u for u in shown if "/res/news/" in u or "/Uploads/Image/" in u]
        assert pictures == r["images"] and len(r["captions"]) <= len(r["images"]), r["id"]
        assert gold["header_date_text"] in text
        _check_furniture(crawl, r, text)
        _check_date(r, doc, text)


def _check_furniture(crawl, r, text):
    """Every string gold says must not leak is on the page (or its AMP copy), and is not in
    what the extractor must find."""
    if r["amp_path"]:
        text += " " + page_text(*_page(crawl, r["amp_path"])[1:])
    truth = " ".join([r["title"], r["lead"], r["body"], *r["captions"]])
    for furniture in r["must_not_contain"]:
        assert furniture in text and furniture not in truth, (r["id"], furniture)


def _meta_time(value):
    value = value.replace("Z", "+00:00")
    t = datetime.fromisoformat(value)
    return (t if t.tzinfo else t.replace(tzinfo=VN)).astimezone(VN).isoformat()


def _check_date(r, doc, text):
    evidence, value = r["date_evidence"], r["published_at"]
    dated_images = [u for u in doc.xpath("//img/@src") if re.search(r"/res/news/\d{4}/\d{2}/\d{2}-\d{2}-\d{4}-", u)]
    linked_data = [json.loads(s) for s in doc.xpath('//script[@type="application/ld+json"]/text()')]
    if evidence.startswith("meta-"):
        meta = doc.xpath('//meta[@property="article:published_time"]/@content')[0]
        assert _meta_time(meta) == value
    elif evidence == "jsonld":
        assert [d.get("datePublished") or d["uploadDate"] for d in linked_data
                if d["@type"] in ("NewsArticle", "VideoObject")] == [value]
    elif evidence == "image-day":
        y, m, d = value.split("-")
        assert len(value) == 10 and f"/res/news/{y}/{m}/{d}-{m}-{y}-" in dated_images[0]
    elif evidence == "none":
        assert value is None and not dated_images
    elif evidence == "issued-on":  # a document that says nothing of when it was posted
        day = date.fromisoformat(value)
        assert value == r["issued_on"] and f"{day:%d/%m/%Y}" in text
        assert not linked_data and not doc.xpath("//time") and "Ngày đăng" not in text
        assert not doc.xpath('//meta[@property="article:published_time"]')
    else:  # a visible string on the page
        t = datetime.fromisoformat(value)
        assert f"{t.day}/{t.month}/{t.year}" in text or f"{t:%d/%m/%Y}" in text
        assert f"{t.hour}h{t:%M}" in text or f"{t:%H:%M}" in text or f"{t.hour % 12 or 12}:{t:%M}:00" in text


def test_gold_covers_the_required_variety(gold1):
    arts = gold1["articles"]
    news = [a for a in arts if a["section"] == "tin-tuc"]
    docs = [a for a in arts if a["section"] == "tu-lieu"]
    assert len(news) == 72 and len(docs) >= 5
    assert {a["template"] for a in arts} == TEMPLATES
    assert set(gold1["kinds"]) == {"news", "photo", "video", "interview", "document"}
    assert gold1["kinds"]["news"] > 0.75 * len(arts)  # the new kinds are a minority
    assert all(9 <= len(str(a["id"])) <= 10 for a in arts)
    assert any(a["path"].split("/")[-1].startswith("-") for a in news)
    assert any("glued-slug" in a["traps"] for a in news)
    for trap in ("nfd", "entities", "feff-nbsp", "tone-variants", "no-charset", "utc-meta"):
        assert any(trap in a["traps"] for a in arts), trap
    evidence = {a["date_evidence"] for a in arts}
    assert {"image-day", "none", "cap-nhat", "meta-entity", "meta-nozone", "jsonld", "issued-on",
            "posted-time"} <= evidence
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


def test_credits_that_are_not_persons_credit_no_author(gold1):
    by_text = {}
    for a in gold1["articles"]:
        by_text.setdefault(a["byline_kind"], a)
    for kind in ("group", "group-full", "pv", "bbt"):  # Nhóm PV, Nhóm phóng viên, PV, BBT
        assert by_text[kind]["authors"] == [] and by_text[kind]["source"] is None, kind
    assert {by_text[k]["byline_text"] for k in ("group", "group-full", "pv", "bbt")} == {
        "Nhóm PV", "Nhóm phóng viên", "PV", "BBT"}
    agency = by_text["name-agency"]  # "Thanh Tâm (TTXVN)"
    assert agency["byline_text"] == f"{agency['authors'][0]} (TTXVN)" and agency["source"] == "TTXVN"
    for kind, joiner in (("comma-pair", ", "), ("dash-pair", " - ")):
        assert by_text[kind]["byline_text"] == joiner.join(by_text[kind]["authors"])
    photo = by_text["photo-credits"]  # "Ảnh: A - Bài: B": both are authors
    assert photo["byline_text"] == "Ảnh: {} - Bài: {}".format(*photo["authors"])
    assert by_text["thuc-hien"]["byline_text"] == "Thực hiện: " + by_text["thuc-hien"]["authors"][0]
    assert by_text["video-pair"]["byline_text"] == "Video: {} - {}".format(*by_text["video-pair"]["authors"])
    interviewer = by_text["interviewer"]
    assert interviewer["byline_text"] == interviewer["authors"][0] + " (thực hiện)"


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
    other = fetch(server1, steady(gold1, template="jsonld")["path"])[1]["content-type"]
    assert other == "text/html; charset=utf-8"


def test_article_ignores_slug_query_session_and_fragment(server1, gold1):
    a = steady(gold1, section="tin-tuc")
    body = fetch(server1, a["path"])[2]
    for variant in (a["path"] + "?fbclid=IwAR0abc", f"/tin-tuc/bat-ky-{a['id']}",
                    a["path"] + "?utm_source=zalo&zarsrc=30", a["path"] + ";jsessionid=0A1B2C",
                    a["path"] + "/", f"http://WWW.THANHUYTPHCM.VN{a['path']}"):
        assert fetch(server1, variant)[2] == body, variant
    assert fetch(server1, a["path"].replace("/tin-tuc/", "/in-bai/"))[0] == 200


def test_conditional_get(server1, gold1):
    for path in (steady(gold1, template="og")["path"], "/", "/thoi-su?page=2"):
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
# kinds of page and layout eras
# --------------------------------------------------------------------------------------------
def _doc(crawl, path):
    status, headers, body = _page(crawl, path)
    assert status == 200, path
    return lxml.html.fromstring(decoded(headers, body)), decoded(headers, body)


def test_photo_stories_caption_every_picture_every_way(crawl1, gold1):
    stories = [r for r in gold1["articles"] if r["kind"] == "photo"]
    assert stories and all(r["template"] == "photo" for r in stories)
    styles = set()
    for r in stories:
        doc, text = _doc(crawl1, r["path"])
        assert len(r["images"]) >= 5 and len(r["captions"]) == len(r["images"])
        assert all(len(c) > 60 for c in r["captions"])  # long captions
        assert 1 <= len(r["body"].split("\n\n")) <= 2  # little text: the body is that text
        styles.update(r["caption_styles"])
        assert r["title"].startswith(("Phóng sự ảnh: ", "Ảnh: "))
    # Captions wherever a CMS put them: <figcaption>, caption tables, italic lines, and blocks
    # under the picture whose class says caption in English or Vietnamese.
    assert styles == {"figure", "table", "italic", "div-cap", "p-caption", "div-desc",
                      "p-chu-thich", "div-ghi-chu"}
    pages = "".join(_doc(crawl1, r["path"])[1] for r in stories)
    for markup in ('<figcaption>', 'class="caption"', '<em>', 'class="cap"', 'class="desc"',
                   'class="chu-thich"', 'class="ghi-chu"'):
        assert markup in pages, markup
    credited = next(r for r in stories if r["byline_kind"] == "photo-credits")
    assert len(credited["authors"]) == 2


def test_video_pages_have_a_player_and_a_described_video(crawl1, gold1):
    videos = [r for r in gold1["articles"] if r["kind"] == "video"]
    players = set()
    for r in videos:
        doc, text = _doc(crawl1, r["path"])
        assert r["title"].startswith("[Video] ") and r["path"].split("/")[-1].startswith("-video-")
        (video,) = [d for d in (json.loads(s) for s in doc.xpath('//script[@type="application/ld+json"]/text()'))
                    if d["@type"] == "VideoObject"]
        assert video["uploadDate"] == r["published_at"] and video["thumbnailUrl"] == r["images"]
        assert video["description"] == r["lead"][len(LEAD_CREDIT):]
        players.update(doc.xpath("//video/source/@type") + [s.split("/")[2] for s in doc.xpath("//iframe/@src")])
        fallback = "Trình duyệt của bạn không hỗ trợ xem video."
        assert fallback in clean(doc.text_content()) and fallback in r["must_not_contain"]
        assert r["byline_text"].startswith(("Thực hiện: ", "Video: "))
    assert {"video/mp4", "www.youtube.com"} <= players


def test_interviews_bold_the_questions_and_the_speakers(crawl1, gold1):
    interviews = [r for r in gold1["articles"] if r["kind"] == "interview"]
    askers = set()
    for r in interviews:
        doc, _ = _doc(crawl1, r["path"])
        bold = [clean(b.text_content()) for b in doc.xpath('//div[@class="article-content"]//strong')]
        questions = [p for p in r["body"].split("\n\n") if p.startswith(("Phóng viên: ", "PV: "))]
        assert questions and all(q in bold for q in questions)
        askers.update(q.split(":")[0] for q in questions)
        answers = [p for p in r["body"].split("\n\n") if p not in questions]
        assert all(any(a.startswith(b) and b.endswith(":") for b in bold) for a in answers)
        assert r["byline_text"] == r["authors"][0] + " (thực hiện)"
    assert askers == {"Phóng viên", "PV"}


def test_documents_show_their_metadata_and_files(crawl1, gold1):
    documents = [r for r in gold1["articles"] if r["kind"] == "document"]
    assert {r["date_evidence"] for r in documents} == {"issued-on", "posted-time"}
    extensions = set()
    for r in documents:
        doc, _ = _doc(crawl1, r["path"])
        cells = [clean(c.text_content()) for c in doc.xpath("//table//th | //table//td")]
        day = date.fromisoformat(r["issued_on"])
        for label, value in (("Số ký hiệu", r["doc_number"]), ("Ngày ban hành", f"{day:%d/%m/%Y}"),
                             ("Cơ quan ban hành", r["issuer"]), ("Loại văn bản", r["doc_type"]),
                             ("Trích yếu", r["summary"])):
            assert cells[cells.index(label) + 1 if label in cells else cells.index(label + ":") + 1] == value
        assert re.fullmatch(r"\d+-[A-ZĐi]+/[A-Z]+", r["doc_number"])
        assert r["attachments"] and r["authors"] == [] and r["lead"] == ""
        for url in r["attachments"]:
            assert re.fullmatch(r"https://images\.hcmcpv\.org\.vn/Uploads/File/\d{8}[0-9A-F]{8}/[\w-]+\.(?i:pdf|docx?|xlsx?)", url)
            assert doc.xpath(f'//a[@href="{url}"][text()="Tải về"]')
            extensions.add(url.rsplit(".", 1)[1])
        if r["date_evidence"] == "issued-on":
            assert r["published_at"] == r["issued_on"]
        assert {"Tệp đính kèm:", "Tải về", "Số ký hiệu", "Trích yếu"} <= set(r["must_not_contain"])
    assert {"pdf", "PDF", "docx", "doc", "xlsx", "xls"} <= extensions


def test_windows_1258_pages_decompose_their_tone_marks(crawl1, gold1):
    old = [r for r in gold1["articles"] if r["template"] == "legacy-1258"]
    assert old and all(r["published_at"] < "2017" for r in old)
    for r in old:
        status, headers, body = _page(crawl1, r["path"])
        assert headers["content-type"] == "text/html; charset=windows-1258"
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        text = body.decode("cp1258")
        assert text != unicodedata.normalize("NFC", text)  # tone marks as combining characters
        assert '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">' in text
        assert '<base href="https://www.hcmcpv.org.vn/">' in text and "<font" in text
        assert r["title"] in page_text(headers, body)
    sapo_cells = [r for r in old if 'class="sapo"' in decoded(*_page(crawl1, r["path"])[1:])]
    assert 0 < len(sapo_cells) < len(old)  # the sapo in a cell of its own, or a bold paragraph


def test_base_href_decides_where_relative_links_go(server1, gold1):
    target = by_role(gold1, "only-base-href")
    linker = by_role(gold1, "base-href-linker")
    relative = next(u for u in target["urls"] if u.startswith("tin-tuc/"))
    assert f'href="{relative}"' in fetch(server1, linker["path"])[2].decode("cp1258")
    assert fetch(server1, urljoin(linker["path"], relative))[0] == 404  # the base ignored
    assert urljoin(gold1["discovery"]["base_href"]["href"], relative).endswith(target["path"])
    assert fetch(server1, "/" + relative)[0] == 200


def test_the_2020s_redesign_keeps_its_furniture_out_of_the_text(crawl1, gold1):
    pages = [r for r in gold1["articles"] if r["template"] == "redesign"]
    assert pages
    for r in pages:
        doc, text = _doc(crawl1, r["path"])
        for furniture in ("In bài", "Cỡ chữ", "Tin cùng ngày", "Tin liên quan", "Bài viết cùng chuyên mục",
                          "Tin đọc nhiều", "Đồng ý"):
            assert furniture in r["must_not_contain"], furniture
        assert any(f.startswith("Trang web sử dụng cookie") for f in r["must_not_contain"])
        assert any(re.fullmatch(r"Bình luận \(\d\)", f) for f in r["must_not_contain"])
        comments = doc.xpath('//p[@class="comment__text"]/text()')
        assert comments and set(comments) <= set(r["must_not_contain"])
        content = doc.xpath('//div[@class="detail__content"]')[0]
        assert content.xpath('.//div[@class="box-related"]')  # a related box inside the body
        assert doc.xpath('//noscript//div[@class="detail__plain"]')  # the text once more
        if r["byline_text"]:  # the byline comes before the body
            assert text.index(f'class="detail__author">{html.escape(r["byline_text"])}') < text.index("detail__content")
        assert doc.xpath('//link[@rel="amphtml"]/@href') == [f"https://www.thanhuytphcm.vn{r['amp_path']}"]
        assert doc.xpath(f'//a[@href="/tin-theo-ngay?ngay={r["published_at"][:10]}"]')
    see_also = [r for r in pages if "Xem thêm:" in r["must_not_contain"]]
    assert see_also
    credited = [c for r in pages for c in r["captions"] if c.endswith("(Ảnh: TTXVN)")]
    assert credited and all(r["source"] != "TTXVN" for r in pages if any(c.endswith("(Ảnh: TTXVN)") for c in r["captions"]))


def test_amp_copies_are_the_same_article(crawl1, gold1, server1):
    copies = [r for r in gold1["articles"] if r["amp_path"]]
    assert copies and all(r["template"] == "redesign" for r in copies)
    for r in copies:
        status, headers, body = fetch(server1, r["amp_path"])
        text = body.decode("utf-8")
        assert status == 200 and '<html ⚡ lang="vi">' in text and "<amp-img" in text
        doc = lxml.html.fromstring(text)
        assert doc.xpath('//link[@rel="canonical"]/@href') == [f"https://www.thanhuytphcm.vn{r['path']}"]
        assert doc.xpath("//amp-img/@src") == r["images"]
        page = clean(doc.text_content())
        assert r["title"] in page and r["lead"] in page
        assert all(p in page for p in r["body"].split("\n\n"))
        assert all(c in page for c in r["captions"])
    linked = by_role(gold1, "amp-linked")
    assert "https://www.thanhuytphcm.vn" + linked["amp_path"] in linked["urls"]
    assert "most-read" in linked["reachable_via"]


# --------------------------------------------------------------------------------------------
# discovery
# --------------------------------------------------------------------------------------------
def test_robots_leads_to_gzipped_sitemaps_of_every_article(crawl1, gold1, server1):
    discovery = gold1["discovery"]
    assert crawl1.sitemaps == [server1.url + "sitemap.xml", discovery["robots_sitemaps"][1]]
    index = crawl1.pages[urlsplit(discovery["robots_sitemaps"][1]).path][2].decode()
    assert re.findall(r"<loc>([^<]+)</loc>", index) == discovery["gzip_sitemaps"]
    listed = set()
    for url in discovery["gzip_sitemaps"]:
        status, headers, body = crawl1.pages[urlsplit(url).path]
        assert status == 200 and headers["content-type"] == "application/x-gzip"
        locs = re.findall(r"<loc>([^<]+)</loc>", gzip.decompress(body).decode("utf-8"))
        assert locs and all(loc.startswith("https://www.thanhuytphcm.vn/") for loc in locs)
        listed |= {article_id(loc) for loc in locs}
    hidden_elsewhere = {gold1["roles"][role] for role in ("only-feed", "only-portal-host", "only-base-href")}
    assert listed == set(gold1["expected_article_ids"]) - hidden_elsewhere


def test_feeds_announced_only_in_the_head(crawl1, gold1):
    for feed in gold1["discovery"]["feeds_announced_in_head_only"]:
        for page in feed["announced_on"]:
            head = crawl1.pages[page][2].decode().split("</head>")[0]
            assert f'<link rel="alternate" type="{feed["type"]}"' in head and f'href="{feed["path"]}"' in head
        linked = [url for url, (_, _, body) in crawl1.pages.items()
                  if f'<a href="{feed["path"]}"'.encode() in body]
        assert linked == []
        status, headers, body = crawl1.pages[feed["path"]]
        assert status == 200 and headers["content-type"] == f"{feed['type']}; charset=utf-8"
        assert b"https://www.thanhuytphcm.vn/t" in body
    assert '<feed xmlns="http://www.w3.org/2005/Atom">' in crawl1.pages["/rss/van-ban.atom"][2].decode()


def test_javascript_pagers_reach_what_links_do_not(crawl1, gold1, server1):
    load_more = gold1["js_pagers"]["load-more"]
    listing = crawl1.pages[load_more["listing"]][2].decode()
    assert f'var moreUrl = "{load_more["url_template"]}";' in listing  # a string literal
    shown = []
    for url in load_more["pages"]:
        status, headers, body = fetch(server1, url)
        assert status == 200 and headers["content-type"] == "application/json; charset=utf-8"
        shown += [item["id"] for item in json.loads(body)["items"]]
    assert shown == load_more["ids"]

    postback = gold1["js_pagers"]["postback"]
    first = crawl1.pages[postback["listing"]][2].decode("cp1258")
    for argument in postback["arguments"]:
        assert f"javascript:__doPostBack('{postback['event_target']}','{argument}')" in first
    posted = b"".join(post_back(server1, postback["listing"], postback["event_target"], argument)[2]
                      for argument in postback["arguments"]).decode("cp1258")
    assert all(str(aid) in posted and str(aid) not in first for aid in postback["ids"])
    assert post_back(server1, postback["listing"], "other", "Page$2")[2].decode("cp1258") == first


# --------------------------------------------------------------------------------------------
# crawl traps
# --------------------------------------------------------------------------------------------
def test_the_calendar_goes_on_forever(server1, gold1):
    calendar = gold1["crawl_traps"]["calendar"]
    linked = {r["published_at"][:10] for r in gold1["articles"] if r["id"] in calendar["linked_from"]}
    for day in sorted(linked)[:1] + ["1900-01-01", "9998-12-31"]:
        status, _, body = fetch(server1, f"{calendar['path']}?{calendar['param']}={day}")
        d = date.fromisoformat(day)
        assert status == 200 and f"Tin ngày {day}".encode() in body
        for neighbour in (d - timedelta(days=1), d + timedelta(days=1)):
            assert f'href="{calendar["path"]}?{calendar["param"]}={neighbour.isoformat()}"'.encode() in body
    assert fetch(server1, f"{calendar['path']}?{calendar['param']}=hom-qua")[0] == 404


def test_the_interviews_listing_pages_on_past_its_end(server1, gold1):
    endless = gold1["crawl_traps"]["endless_pagination"]
    assert endless["real_pages"] == gold1["listings"]["phong-van"]["pages"]
    first = int(endless["first_endless_page"].rsplit("=", 1)[1])
    for n in (first, first + 1000):
        status, _, body = fetch(server1, f"{endless['path']}?{endless['param']}={n}")
        assert status == 200 and b"Ch\xc6\xb0a c\xc3\xb3 b\xc3\xa0i vi\xe1\xba\xbft." in body
        assert f'href="{endless["path"]}?{endless["param"]}={n + 1}"'.encode() in body
    last_real = fetch(server1, endless["real_pages"][-1])[2]
    assert f'href="{endless["first_endless_page"]}"'.encode() in last_real


def test_redirect_chain_and_loop(server1, gold1):
    chain = gold1["crawl_traps"]["redirect_chain"]
    for here, there, expected in zip(chain["hops"], chain["hops"][1:], chain["statuses"]):
        status, headers, _ = fetch(server1, here)
        assert status == expected and headers["location"] == server1.url.rstrip("/") + there
    status, headers, body = fetch(server1, chain["to"])
    assert status == 200 and by_role(gold1, "redirect-chain-target")["title"] in page_text(headers, body)
    loop = gold1["crawl_traps"]["redirect_loop"]["urls"]
    for here, there in zip(loop, loop[1:] + loop[:1]):
        status, headers, _ = fetch(server1, here)
        assert status == 302 and headers["location"] == server1.url.rstrip("/") + there


# --------------------------------------------------------------------------------------------
# pages that fail first
# --------------------------------------------------------------------------------------------
def test_busy_pages_answer_503_and_429_with_retry_after_then_200(fresh1, gold1):
    for fault in gold1["faults"]["retry_after"]:
        for answer in fault["answers"]:
            status, headers, _ = fetch(fresh1, fault["path"])
            assert (status, headers["retry-after"]) == (answer["status"], str(answer["retry_after"]))
        assert fetch(fresh1, fault["path"])[0] == 200
    statuses = {a["status"] for f in gold1["faults"]["retry_after"] for a in f["answers"]}
    assert statuses == {503, 429} and len(gold1["faults"]["retry_after"][0]["answers"]) == 2


def test_an_empty_200_then_the_page(fresh1, gold1):
    path = gold1["faults"]["empty_body"]["path"]
    status, headers, body = fetch(fresh1, path)
    assert status == 200 and body == b"" and headers["content-length"] == "0"
    status, _, body = fetch(fresh1, path)
    assert status == 200 and b"</html>" in body


def test_a_200_cut_short_then_the_page(fresh1, gold1):
    path = gold1["faults"]["truncated_body"]["path"]
    conn = HTTPConnection(fresh1.host, fresh1.port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    promised = int(response.getheader("Content-Length"))
    with pytest.raises(IncompleteRead) as cut:
        response.read()
    conn.close()
    assert response.status == 200 and 0 < len(cut.value.partial) < promised
    status, _, body = fetch(fresh1, path)
    assert status == 200 and len(body) == promised


def test_each_fault_names_its_article(gold1):
    faulted = {f for r in gold1["articles"] for f in r["faults"]}
    assert faulted == {"500-once", "slow", "503-twice-retry-after", "429-once-retry-after",
                       "empty-200-once", "truncated-200-once", "reached-by-redirect",
                       "reached-by-redirect-chain"}
    assert by_role(gold1, "truncated-body")["template"] == "legacy-1258"
    assert {by_role(gold1, role)["kind"] for role in ("retry-503", "retry-429", "empty-body")} == {
        "video", "photo", "interview"}


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
        assert status == 200 and after["title"] in page_text(headers, body)
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
    path = next(old[i]["path"] for i in unchanged if not old[i]["faults"])
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
    assert gold2["header_date_text"] in page_text(*fetch(server2, "/")[1:])


# --------------------------------------------------------------------------------------------
# pictures and attached files
# --------------------------------------------------------------------------------------------
PRODUCTION = "https://www.thanhuytphcm.vn"
ATTACHMENT_RE = re.compile(r"\.(?:pdf|docx?|xlsx?)$", re.I)
MiB = 2**20
VIETNAMESE_LETTERS = "[ĐđƯưƠơ].*[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]"


def media_references(doc, path):
    """Every picture and file URL a page references, made absolute as on the production host
    (against its ``<base href>``, else its own URL there): ``og:image``, ``src``, lazy
    ``data-src``, every ``srcset`` candidate, ``amp-img``, a video's poster, attachment links."""
    base = (doc.xpath("//base/@href") or [PRODUCTION + path])[0]
    found = doc.xpath('//meta[@property="og:image"]/@content')
    for el in doc.iter("img", "amp-img", "source", "video"):
        if el.tag != "source":  # a <source src> is a video's file, not a picture
            found += [el.get(name) for name in ("src", "data-src", "poster") if el.get(name)]
        found += [c.split()[0] for c in (el.get("srcset") or "").split(",") if c.strip()]
    found += [href for href in doc.xpath("//a/@href") if ATTACHMENT_RE.search(urlsplit(href).path)]
    return {urljoin(base, url) for url in found}


def fetch_media(server, url, headers=None, method="GET"):
    """A picture or file from the mirror, which stands in for every host."""
    parts = urlsplit(url)
    return fetch(server, parts.path + ("?" + parts.query if parts.query else ""), headers, method)


def jpeg_size(data):
    """(width, height) of a baseline JPEG whose every segment and every block of whose scan
    were read: its markers walked, its Huffman-coded scan decoded to the last block, nothing
    but padding after it."""
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    pos, tables = 2, {}
    while True:
        marker, length = data[pos + 1], struct.unpack(">H", data[pos + 2:pos + 4])[0]
        payload, pos = data[pos + 4:pos + 2 + length], pos + 2 + length
        if marker == 0xC0:  # baseline frame: 8 bits, every component sampled 1x1
            height, width, count = struct.unpack(">HHB", payload[1:6])
            assert payload[0] == 8 and all(payload[7 + 3 * i] == 0x11 for i in range(count))
        elif marker == 0xC4:
            k = 0
            while k < len(payload):
                lengths = payload[k + 1:k + 17]
                symbols = iter(payload[k + 17:k + 17 + sum(lengths)])
                codes, code = {}, 0
                for size, n in enumerate(lengths, 1):
                    for _ in range(n):
                        codes[format(code, f"0{size}b")] = next(symbols)
                        code += 1
                    code <<= 1
                tables[payload[k]] = codes
                k += 17 + sum(lengths)
        elif marker == 0xDA:
            selectors = [payload[2 + 2 * i] for i in range(payload[0])]
            break
    bits = "".join(format(b, "08b") for b in data[pos:-2].replace(b"\xff\x00", b"\xff"))
    at = 0

    def symbol(codes):
        nonlocal at
        end = next(e for e in range(at + 1, at + 17) if bits[at:e] in codes)
        value, at = codes[bits[at:end]], end
        return value

    for _ in range(-(-width // 8) * -(-height // 8)):
        for selector in selectors:
            size = symbol(tables[selector >> 4])
            at += size  # the DC difference's bits
            k = 1
            while k < 64:
                run_size = symbol(tables[0x10 | selector & 15])
                if run_size == 0:  # end of block
                    break
                k, at = k + (run_size >> 4) + 1, at + (run_size & 15)
    assert len(bits) - at < 8 and set(bits[at:]) <= {"1"}
    return width, height


def png_size(data):
    """(width, height) of an RGB PNG whose chunks' CRCs hold and whose pixel rows inflate."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + chunk)
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert (depth, colour) == (8, 2)
        idat += chunk if kind == b"IDAT" else b""
        pos += 12 + length
    assert kind == b"IEND" and len(zlib.decompress(idat)) == height * (1 + 3 * width)
    return width, height


def gif_size(data):
    """(width, height) of a GIF whose blocks are well formed and whose LZW data decodes to
    exactly one index a pixel."""
    assert data[:6] == b"GIF89a"
    width, height, flags = struct.unpack("<HHB", data[6:11])
    pos = 13 + (3 << (flags & 7) + 1 if flags & 0x80 else 0)

    def sub_blocks():
        nonlocal pos
        out = b""
        while data[pos]:
            out, pos = out + data[pos + 1:pos + 1 + data[pos]], pos + 1 + data[pos]
        pos += 1
        return out

    while data[pos] == 0x21:  # extensions
        pos += 2
        sub_blocks()
    assert data[pos] == 0x2C and struct.unpack("<HHHH", data[pos + 1:pos + 9]) == (0, 0, width, height)
    minimum, pos = data[pos + 10], pos + 11
    assert lzw_count(sub_blocks(), minimum) == width * height and data[pos:] == b"\x3b"
    return width, height


def lzw_count(data, minimum):
    """How many indexes GIF LZW data decodes to."""
    clear, stop = 1 << minimum, (1 << minimum) + 1
    value, at, width, count, table, previous = int.from_bytes(data, "little"), 0, minimum + 1, 0, [], None
    while at < 8 * len(data):
        code, at = value >> at & (1 << width) - 1, at + width
        if code == clear:
            table, width, previous = [(i,) for i in range(clear)] + [(), ()], minimum + 1, None
            continue
        if code == stop:
            return count
        entry = table[code] if code < len(table) else previous + previous[:1]
        if previous is not None:
            table.append(previous + entry[:1])
        count, previous = count + len(entry), entry
        if len(table) == 1 << width and width < 12:
            width += 1
    raise AssertionError("no end code")


def webp_size(data):
    """(width, height) of a lossless WebP, from its RIFF and VP8L headers."""
    assert data[:4] == b"RIFF" and struct.unpack("<I", data[4:8])[0] == len(data) - 8
    assert data[8:16] == b"WEBPVP8L" and data[20] == 0x2F
    bits = int.from_bytes(data[21:25], "little")
    return (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1


PICTURE_READERS = {"image/jpeg": jpeg_size, "image/png": png_size, "image/gif": gif_size,
                   "image/webp": webp_size}


def test_every_picture_and_file_a_page_shows_is_served_with_its_gold_digest(crawled):
    crawl, gold = crawled
    files = {f["sha1"]: f for f in gold["media_files"]}
    shown = {}
    for r in gold["articles"]:
        status, headers, body = _page(crawl, r["path"])
        found = media_references(lxml.html.fromstring(decoded(headers, body)), r["path"])
        if r["amp_path"]:
            found |= media_references(lxml.html.fromstring(_page(crawl, r["amp_path"])[2]), r["amp_path"])
        assert found == {m["url"] for m in r["media"]}, r["id"]
        assert [m["url"] for m in r["media"] if m["kind"] == "attachment"] == r["attachments"]
        for m in r["media"]:
            assert m["url"] in files[m["sha1"]]["urls"] and r["id"] in files[m["sha1"]]["articles"]
            shown[m["url"]] = m
    assert {url for f in gold["media_files"] for url in f["urls"]} == set(shown)
    for url, m in shown.items():
        status, headers, body = fetch_media(crawl.server, url)
        assert status == 200 and headers["content-type"] == m["content_type"], url
        assert (len(body), payload_digest(body)) == (m["size"], m["sha1"]), url


def test_picture_headers_give_their_gold_size_and_their_data_decodes(server1, gold1):
    pictures = [f for f in gold1["media_files"] if f["kind"] == "image"]
    for f in pictures:
        body = fetch_media(server1, f["urls"][0])[2]
        assert PICTURE_READERS[f["content_type"]](body) == (f["width"], f["height"]), f["urls"][0]
        assert f["size"] < 8000  # a few KB: tests crawl the mirror often
    types = Counter(f["content_type"] for f in pictures)
    assert types["image/jpeg"] > len(pictures) / 2 and set(types) == set(PICTURE_READERS)
    sizes = {(f["width"], f["height"]) for f in pictures}
    assert len(sizes) >= 8  # thumbnails, photos, banners, a logo, captchas
    assert any(width <= 240 for width, _ in sizes) and any(width >= 480 for width, _ in sizes)


def test_pictures_are_referenced_in_every_way_pages_do(crawl1, gold1):
    pages = {}
    for r in gold1["articles"]:
        pages[r["template"]] = pages.get(r["template"], "") + decoded(*crawl1.pages[r["path"]][1:])
    assert 'data-src="https://images.hcmcpv.org.vn/res/news/' in pages["jsonld"]  # lazy
    assert re.search(r'srcset="\S+\?(?:vs=\d+&amp;)?w=240 240w, ', pages["redesign"])
    assert '<source type="image/webp" srcset="' in pages["redesign"]
    assert re.search(r'<video [^>]*poster="https://images', pages["video"])
    assert '<meta property="og:image"' in pages["og"] and '<img src="/captcha"' in pages["og"]
    assert '<img src="/Captcha.ashx"' in pages["legacy"]
    assert '<img src="images/banner_thanhuy.jpg"' in pages["legacy-1258"]  # under <base href>


def test_one_picture_under_two_urls_and_one_url_on_two_articles(crawl1, gold1):
    files = gold1["media_files"]
    # The CMS's thumbnail (og:image, listings) is the -details picture's file under its plain name.
    renamed = [f for f in files if len(f["urls"]) > 1]
    assert renamed and all(len(f["urls"]) == 2 for f in renamed)
    listings = "".join(body.decode("utf-8", "replace") for path, (_, _, body) in crawl1.pages.items()
                       if article_id(path) is None)
    for f in renamed:
        figure, thumbnail = sorted(f["urls"], key=lambda u: "-details." not in u)
        assert thumbnail == re.sub(r"-details(\.\w+)\?vs=\d+$", r"\1", figure)
    assert any(f'<img src="{sorted(f["urls"])[0]}"' in listings for f in renamed)
    # A follow-up shows the picture of the report it follows: one URL, two articles.
    by_id = {r["id"]: r for r in gold1["articles"]}
    followups = [r for r in gold1["articles"] if "file-photo" in r["traps"]]
    assert followups
    for r in followups:
        (f,) = [f for f in files if r["images"][-1] in f["urls"]]
        assert len(f["urls"]) in (1, 2) and len(f["articles"]) == 2
        assert all(r["images"][-1] in by_id[aid]["images"] for aid in f["articles"])
        assert r["captions"][-1].startswith("Ảnh tư liệu")
    logo = next(f for f in files if f["urls"] == ["https://images.hcmcpv.org.vn/res/logo/logo-dang-bo.png"])
    assert logo["content_type"] == "image/png" and len(logo["articles"]) > 40


def test_attached_files_are_what_the_documents_module_makes_of_vietnamese_texts(gold1, server1):
    u = build_universe(gold1["seed"], len([r for r in gold1["articles"] if r["section"] == "tin-tuc"]))
    made_from = {f.url: f for a in u.documents for f in a.files}  # the data pages were rendered from
    attachments = [f for f in gold1["media_files"] if f["kind"] == "attachment"]
    for f in attachments:
        (url,) = f["urls"]
        source = made_from[url]
        made = attachment(source.name, source.content, encoding=source.encoding)
        assert (f["text"], f["content_type"], f["encoding"]) == (made.text, made.content_type, source.encoding)
        status, headers, body = fetch_media(server1, url)
        assert status == 200 and body == made.data and payload_digest(body) == f["sha1"]
        assert re.search(VIETNAMESE_LETTERS, f["text"], re.S), url  # Vietnamese, whatever the encoding
    formats = {(f["urls"][0].rsplit(".", 1)[1].lower(), f["encoding"]) for f in attachments}
    assert {("pdf", "unicode"), ("pdf", "tcvn3"), ("pdf", "vni")} <= formats
    assert {"docx", "doc", "xlsx", "xls"} <= {extension for extension, _ in formats}
    resolution = next(f for f in attachments if f["urls"][0].lower().endswith(".pdf") and "/TU" in f["text"])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in resolution["text"]
    annex = next(f for f in attachments if f["urls"][0].endswith(".xlsx"))
    assert "Số đảng viên" in annex["text"] and "Tổng cộng" in annex["text"]


def test_pictures_and_files_answer_conditional_gets(server1, gold1):
    for f in (gold1["media_files"][0], next(f for f in gold1["media_files"] if f["kind"] == "attachment")):
        status, headers, _ = fetch_media(server1, f["urls"][0])
        assert status == 200 and headers["etag"] and headers["last-modified"]
        assert fetch_media(server1, f["urls"][0], {"If-None-Match": headers["etag"]})[0] == 304
        assert fetch_media(server1, f["urls"][0], {"If-Modified-Since": headers["last-modified"]})[0] == 304
        assert fetch_media(server1, f["urls"][0], {"If-None-Match": '"other"'})[0] == 200


def test_large_attachments_are_exactly_n_mib_valid_pdfs_never_stored_whole(tmp_path):
    root = generate_mirror(tmp_path / "large", large_attachment_mb=2)
    gold = json.loads((root / "gold.json").read_text("utf-8"))
    large = [f for f in gold["media_files"] if f["size"] == 2 * MiB]
    documents = [r for r in gold["articles"] if r["kind"] == "document"]
    assert len(large) == min(3, len(documents)) and len({f["sha1"] for f in large}) == len(large)
    assert all(any(f["urls"][0] in r["attachments"] for r in documents) for f in large)
    assert sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) < 2 * MiB
    with MirrorServer(root) as server:
        for f in large:
            status, headers, body = fetch_media(server, f["urls"][0])
            assert status == 200 and int(headers["content-length"]) == len(body) == 2 * MiB
            assert headers["content-type"] == "application/pdf" and payload_digest(body) == f["sha1"]
            assert body.startswith(b"%PDF-1.") and body.endswith(b"%%EOF\n")
            reader = pypdf.PdfReader(io.BytesIO(body), strict=True)
            assert "PHỤ LỤC" in reader.pages[0].extract_text() and f["text"].startswith("PHỤ LỤC")
            status, headers, body = fetch_media(server, f["urls"][0], method="HEAD")
            assert status == 200 and body == b"" and int(headers["content-length"]) == 2 * MiB
            assert fetch_media(server, f["urls"][0], {"If-None-Match": headers["etag"]})[0] == 304
    again = generate_mirror(tmp_path / "again", large_attachment_mb=2)
    assert (again / "gold.json").read_bytes() == (root / "gold.json").read_bytes()


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
    digests = [{f["sha1"] for f in json.loads((root / "gold.json").read_text("utf-8"))["media_files"]}
               for root in (ed1, other)]
    assert digests[0] and digests[0].isdisjoint(digests[1])  # another seed, other pictures and files
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
    done = subprocess.run([sys.executable, "-m", "thanhuy_archive.mirror.generate", str(out), "--articles", "40",
                           "--large-attachment-mb", "1"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "" and "Wrote edition 1" in done.stdout
    gold = json.loads((out / "gold.json").read_text("utf-8"))
    assert any(f["size"] == MiB for f in gold["media_files"])
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
