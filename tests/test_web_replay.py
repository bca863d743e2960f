"""Pictures and archived pages on the reader's side (issue 11.3): ``/-/media/ID`` gives an
archived file's bytes with its stored type; the article view shows the archived pictures with
their captions; ``/-/capture/ID`` shows an archived page with its archived pictures, a banner,
and links that stay inside the archive. Nothing is ever loaded from the portal (or the mirror
that stood in for it), and nothing from a page runs.

On the archive of a real crawl of the mirror, served by the real Datasette in process; the
mirror's gold gives every file's digest and type and every article's pictures and captions.
(That the pictures really show, under the capture view's sandbox, is checked in a browser:
tests/test_browser.py.)
"""

import re
import sqlite3
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import archive_datasette, get
from thanhuy_archive.records import payload_digest
from thanhuy_archive.web.places import portal_url

ARCHIVE_PATHS = ("/-/capture/", "/-/media/", "/-/article/", "/-/not-archived")


@pytest.fixture(scope="module")
def ds(crawled_archive):
    return archive_datasette(crawled_archive)


def rows(db, sql, params=()):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def media_ids(db):
    """{URL as fetched: media id}."""
    return dict(rows(db, "select url, id from media where capture_id is not null"))


def path_and_query(url):
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def test_every_archived_file_is_served_with_its_bytes_and_type(ds, crawled_archive,
                                                               mirror_gold):
    ids = {path_and_query(u): i for u, i in media_ids(crawled_archive).items()}
    for gold in mirror_gold["media_files"]:
        media_id = ids[path_and_query(gold["urls"][0])]
        response = get(ds, f"/-/media/{media_id}")
        assert response.status_code == 200, gold["urls"][0]
        assert payload_digest(response.content) == gold["sha1"]
        assert response.headers["content-type"] == gold["content_type"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"].startswith("sandbox;")
        disposition = response.headers["content-disposition"].split(";")[0]
        assert disposition == ("attachment" if gold["kind"] == "attachment"
                               or gold["content_type"] == "image/svg+xml" else "inline")
    again = get(ds, f"/-/media/{media_id}", headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert get(ds, "/-/media/999999").status_code == 404


def test_the_article_view_shows_the_archived_pictures_with_their_captions(ds, mirror_gold):
    photo = next(a for a in mirror_gold["articles"] if a["kind"] == "photo")
    html = get(ds, f"/-/article/{photo['id']}").text
    figures = re.findall(r"<figure>(.*?)</figure>", html, re.S)
    assert len(figures) == len(photo["images"]) == len(photo["captions"])
    digests = {m["url"]: m["sha1"] for m in photo["media"]}
    for figure, url, caption in zip(figures, photo["images"], photo["captions"]):
        src = re.search(r'<img src="([^"]+)"', figure).group(1)
        assert re.fullmatch(r"/-/media/\d+", src), src  # the archive's copy, never the portal's
        assert payload_digest(get(ds, src).content) == digests[url]
        assert unescape(re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)
                        .group(1)) == caption
    assert not re.search(r'<img[^>]+src="(https?:)?//', html)


@pytest.fixture(scope="module")
def photo_capture(ds, crawled_archive, mirror_gold):
    """(article gold, its capture id, the capture view's response)."""
    photo = next(a for a in mirror_gold["articles"] if a["kind"] == "photo")
    (capture_id,), = rows(crawled_archive, "select capture_id from articles where id = ?",
                          [photo["id"]])
    return photo, capture_id, get(ds, f"/-/capture/{capture_id}")


def test_a_capture_shows_its_pictures_from_the_archive_and_loads_nothing_else(photo_capture,
                                                                             ds):
    photo, _, response = photo_capture
    html = response.text
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)
    assert sources and all(re.fullmatch(r"/-/media/\d+", s) for s in sources), sources
    for url in photo["images"]:  # every picture of the article is shown, from the archive
        digest = next(m["sha1"] for m in photo["media"] if m["url"] == url)
        assert any(payload_digest(get(ds, s).content) == digest for s in set(sources))
    # Nothing that names the mirror's (or the portal's) address is fetched.
    assert not re.search(r'(src|srcset|poster|data-src)="(https?:)?//', html)
    assert "<script" not in html and not re.search(r"\son\w+=", html)
    assert not re.search(r'<link[^>]+rel="[^"]*(stylesheet|icon)', html)
    policy = response.headers["content-security-policy"]
    assert policy.startswith("sandbox;") and "img-src 'self' data:" in policy


def test_a_capture_says_what_it_is_and_leads_back_to_the_article(photo_capture, crawled_archive):
    photo, capture_id, response = photo_capture
    banner = re.search(r'<div id="thanhuy-archive-banner".*?</div>', response.text, re.S).group(0)
    (url, fetched_at), = rows(crawled_archive, "select url, fetched_at from captures "
                                               "where id = ?", [capture_id])
    assert "Archived copy" in banner and f"#{capture_id}" in banner
    assert portal_url(url) in unescape(banner)  # the portal's address, not the mirror's
    assert portal_url(url).startswith("https://www.thanhuytphcm.vn/")
    day = f"{fetched_at[8:10]}/{fetched_at[5:7]}/{fetched_at[:4]} {fetched_at[11:16]}"
    assert day in banner  # the time of capture, in Vietnam time as stored
    assert f'href="/-/article/{photo["id"]}"' in banner


def test_a_captures_links_stay_inside_the_archive(photo_capture, ds, crawled_archive):
    _, _, response = photo_capture
    hrefs = [unescape(h) for h in re.findall(r'<a[^>]*\shref="([^"]*)"', response.text)]
    assert hrefs
    outside = [h for h in hrefs if not h.startswith(ARCHIVE_PATHS + ("#", "mailto:"))]
    assert not outside, outside
    captured = dict(rows(crawled_archive, "select id, capture_id from articles"))
    to_articles = [h for h in hrefs if h.startswith("/-/capture/") and "?" not in h]
    assert to_articles
    article_captures = set(captured.values())
    # A link to an archived article opens its latest capture.
    assert any(int(h.rsplit("/", 1)[1]) in article_captures for h in to_articles)
    for href in to_articles[:5]:
        assert get(ds, href).status_code == 200
    missing = [h for h in hrefs if h.startswith("/-/not-archived")]
    for href in missing[:3]:
        page = get(ds, href)
        assert page.status_code == 404 and "Not in the archive" in page.text
        named = parse_qs(urlsplit(href).query)["url"][0]
        assert named in unescape(page.text)


def test_the_not_archived_page_shows_any_address_as_text(ds):
    page = get(ds, '/-/not-archived?url=javascript:alert(1)"><script>x</script>')
    assert page.status_code == 404
    assert "<script>x" not in page.text and 'href="javascript:' not in page.text


def test_a_capture_of_any_shape_is_shown_whole_and_inert(tmp_path):
    """XHTML that declares its encoding, a refresh to the portal, a <base>, handlers and
    javascript: links, a picture the archive lacks, a link to an archived article under
    another host and slug."""
    from pipelines.storage import Archive
    from thanhuy_archive.records import Capture

    archive = Archive(str(tmp_path / "archive.db"))
    run = archive.start_run("http://127.0.0.1:8000/")
    target = Capture.of("http://127.0.0.1:8000/tin-tuc/bai-dich-1491871594", b"<p>x</p>",
                        headers={"Content-Type": "text/html"})
    archive.add_capture(target, run_id=run)
    archive.store_article({"id": 1491871594, "url": target.url, "title": "Bài đích"},
                          capture_id=target.id, run_id=run)
    page = ('<?xml version="1.0" encoding="utf-8"?><html><head>'
            '<meta http-equiv="refresh" content="0; url=https://www.thanhuytphcm.vn/">'
            '<base href="https://www.hcmcpv.org.vn/tin-tuc/"></head>'
            '<body onload="steal()"><p>Nội dung đầy đủ</p>'
            '<a href="khac-ten-1491871594">bài</a> <a href="javascript:steal()">js</a>'
            '<img src="https://images.hcmcpv.org.vn/res/news/khong-co.jpg" alt="ảnh">'
            '</body></html>').encode("utf-8")
    shown = Capture.of("http://127.0.0.1:8000/tin-tuc/trang-1491871595", page,
                       headers={"Content-Type": "application/xhtml+xml"})
    archive.add_capture(shown, run_id=run)
    archive.close()
    datasette = archive_datasette(tmp_path / "archive.db")
    html = get(datasette, f"/-/capture/{shown.id}").text
    assert "Nội dung đầy đủ" in html
    assert "refresh" not in html and "<base" not in html and "steal" not in html
    assert f'href="/-/capture/{target.id}">bài</a>' in html  # another host, another slug
    assert '<img alt="ảnh">' in html  # not archived: no address left to load
