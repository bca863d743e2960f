"""An article's history as a reader sees it (issue 12.4): when it was first and last captured,
every capture linked, what changed between two versions word by word, the portal's own
address of the original (never the mirror's), and a citation.

In process, on the small archive of tests/test_datasette.py (its edited article was captured
from a mirror, changed once, then re-checked with a 304) and on the archive of a real crawl of
the mirror.
"""

import re
import sqlite3
from html import unescape

import pytest

from crawler.site import PORTAL_NAME
from tests.conftest import archive_datasette, get
from tests.test_datasette import EDITED_ID, build_test_archive
from thanhuy_archive.web.changes import paragraph_diff, word_diff


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    return build_test_archive(tmp_path_factory.mktemp("history") / "archive.db")


@pytest.fixture(scope="module")
def ds(archive_path):
    return archive_datasette(archive_path)


def text_of(html):
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_the_article_view_shows_first_and_last_capture_and_links_every_capture(ds,
                                                                            archive_path):
    html = get(ds, f"/-/article/{EDITED_ID}").text
    history = text_of(re.search(r'<section class="history".*?</section>', html, re.S).group(0))
    assert "Lưu lần đầu: Thứ Bảy, 02/03/2019 10:00 (GMT+7)" in history
    assert "Lưu gần nhất: Thứ Tư, 06/03/2019 10:00 (GMT+7)" in history  # the 304 re-check
    conn = sqlite3.connect(archive_path)
    captures = [r[0] for r in conn.execute(
        "select id from captures where article_id = ? order by fetched_at desc", [EDITED_ID])]
    assert len(captures) == 3
    linked = [int(i) for i in re.findall(r'class="capture-link" href="/-/capture/(\d+)"', html)]
    assert linked == captures
    assert "unchanged (304)" in history
    for capture_id in captures:
        assert get(ds, f"/-/capture/{capture_id}").status_code == 200


def test_each_change_is_listed_and_shown_word_by_word(ds):
    html = get(ds, f"/-/article/{EDITED_ID}").text
    versions = text_of(re.search(r'<ol class="versions">.*?</ol>', html, re.S).group(0))
    assert "Version 1 / Phiên bản 1: since / từ Thứ Bảy, 02/03/2019 10:00 (GMT+7)" in versions
    assert 'changed / thay đổi: title, body (recapture, Thứ Ba, 05/03/2019 10:00' in versions
    assert "Version 2 / Phiên bản 2: since / từ Thứ Ba, 05/03/2019 10:00 (GMT+7) (current" \
        in versions
    changes = get(ds, f"/-/article/{EDITED_ID}/changes?from=1&to=2")
    assert changes.status_code == 200
    page = changes.text
    assert '<h2 class="title-diff">Hội nghị sơ kết <del>(bản đầu)</del><ins>công tác tuyên ' \
           'giáo</ins></h2>' in page
    assert "tuyên giáo<ins> năm 2019</ins>." in page
    assert "<p>Đoạn thứ hai.</p>" in page  # unchanged paragraphs are shown unmarked
    assert get(ds, f"/-/article/{EDITED_ID}/changes").text == page  # the latest change
    assert "No difference" in get(ds, f"/-/article/{EDITED_ID}/changes?from=2&to=2").text
    assert get(ds, f"/-/article/{EDITED_ID}/changes?from=3").status_code == 400
    assert get(ds, "/-/article/42/changes").status_code == 404


def test_word_diffs_mark_only_what_changed_and_escape_everything():
    assert word_diff("a <b> c", "a <i> c") == "a &lt;<del>b</del><ins>i</ins>&gt; c"
    assert paragraph_diff("Một.\n\nHai.", "Một.\n\nHai mốt.\n\nBa.") == [
        "Một.", "Hai<ins> mốt</ins>.", "<ins>Ba.</ins>"]


def test_the_original_is_the_portals_address_and_the_citation_says_everything(ds):
    html = get(ds, f"/-/article/{EDITED_ID}").text
    original = re.search(r'<a class="original" href="([^"]+)"', html).group(1)
    assert original == f"https://www.thanhuytphcm.vn/tin-tuc/hoi-nghi-so-ket-{EDITED_ID}"
    assert "127.0.0.1:8765" not in html  # the mirror it was captured from
    citation = text_of(re.search(r'<p class="citation">(.*?)</p>', html, re.S).group(1))
    capture = re.search(r'class="capture" href="(/-/capture/\d+)"', html).group(1)
    assert citation == (
        f"Văn Lượng. “Hội nghị sơ kết công tác tuyên giáo”. {PORTAL_NAME} (thanhuytphcm.vn), "
        f"2019-03-02 15:00 "
        f"(GMT+7). {original}. Archived copy (thanhuy-archive), captured 2019-03-05 10:00 "
        f"(GMT+7): http://localhost{capture}.")


def test_no_article_of_a_mirror_crawl_links_the_mirror(crawled_archive):
    datasette = archive_datasette(crawled_archive)
    conn = sqlite3.connect(crawled_archive)
    for (article_id,) in conn.execute("select id from articles order by id limit 12"):
        html = get(datasette, f"/-/article/{article_id}").text
        original = re.search(r'<a class="original" href="([^"]+)"', html).group(1)
        assert original.startswith("https://www.thanhuytphcm.vn/") and original.endswith(
            str(article_id))
        assert not re.search(r'href="http://127\.0\.0\.1', html)
