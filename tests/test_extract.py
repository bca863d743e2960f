"""The article extractor against hand-checked and generated answers, and on broken input.

* every field of every page of ``fixtures/vn-news/gold-dev.json`` (real Vietnamese news pages:
  the traps of meta authors holding the site, zone-less times, in-body related boxes...);
* every field of every article of a generated mirror of the portal, per layout era;
* robustness: empty, binary, truncated, mis-declared and legacy-encoded pages never raise;
* the portal's page as GIVEN (date of viewing above the title, credit-opening lead, author alone
  on the last line, furniture after the body).
"""

import hashlib
import json
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.parsers import (ERAS, GenericParser, ThanhuytphcmV1, ThanhuytphcmV2, ThanhuytphcmV3,
                             era_for, parser_for)
from crawler.parsers.page import Page, parse_html
from thanhuy_archive.records import ARTICLE_FIELDS as EXTRACTED_FIELDS

VN_NEWS = Path(__file__).parent / "fixtures" / "vn-news"
GOLD = json.loads((VN_NEWS / "gold-dev.json").read_text("utf-8"))
GOLD_FIELDS = ("title", "published_at", "authors", "source", "lead", "body_first", "body_last",
               "captions")
PORTAL_URL = "https://www.thanhuytphcm.vn/tin-tuc/hoi-nghi-so-ket-cong-tac-dan-van-1491871594"


def collapse(text):
    """The gold's comparison form: NFC, whitespace runs to one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=None)
def extracted(file_name, url):
    return extract_article((VN_NEWS / file_name).read_bytes(), url)


def comparable(article):
    body = collapse(article.body)
    return dict(article.as_json(), body_first=body[:80], body_last=body[-80:])


# -- real pages with hand-checked answers --------------------------------------------------------


@pytest.mark.parametrize("field", GOLD_FIELDS)
@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_vn_news_field(gold, field):
    article = comparable(extracted(gold["file"], gold["url"]))
    assert article[field] == gold[field]


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_vn_news_furniture_never_leaks(gold):
    article = extracted(gold["file"], gold["url"])
    text = " ".join([article.title, article.lead, article.body, *article.captions,
                     *article.authors, article.source or ""])
    assert [s for s in gold["must_not_contain"] if s in text] == []


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_vn_news_paragraphs_are_clean(gold):
    article = extracted(gold["file"], gold["url"])
    paragraphs = article.body.split("\n\n")
    assert all(p and p == collapse(p) for p in paragraphs)
    assert "\ufeff" not in article.body and "\xa0" not in article.body
    assert unicodedata.is_normalized("NFC", article.body)


def test_vn_news_sources_of_dates_and_bylines():
    by_file = {g["file"]: extracted(g["file"], g["url"]) for g in GOLD}
    assert by_file["baodautu_article.html"].published_at_source == "visible"  # no meta
    assert by_file["nld_article.html"].published_at_source == "meta"
    assert by_file["nld_article.html"].byline_source == "byline-element"  # meta is the site
    assert by_file["cafef_article.html"].byline_source == "meta"
    assert by_file["baochinhphu_article.html"].byline_source == "none"
    assert "no-byline" not in by_file["baochinhphu_article.html"].flags  # not doubt


# -- the generated mirror of the portal, per layout era and kind of page ----------------------------

MIRROR_FIELDS = ("title", "published_at", "authors", "source", "lead", "body", "captions",
                 "images", "category", "kind", "attachments", "doc_number", "issued_on", "issuer",
                 "doc_type", "summary", "flags")
# The mirror's templates: its layout eras (legacy in windows-1258 and in UTF-8, OpenGraph,
# JSON-LD, the 2020s redesign) and its kinds of page.
MIRROR_TEMPLATES = ("legacy-1258", "legacy", "og", "jsonld", "redesign", "photo", "video",
                    "interview", "document")
# The rule that must give the date, by the way the mirror printed it (the rest: "visible").
DATE_SOURCE = {"image-day": "image-name", "none": None, "jsonld": "jsonld",
               "issued-on": "issued-on"}


def read_mirror_page(mirror_root, mirror_gold, table, gold, path):
    manifest = json.loads((mirror_root / "manifest.json").read_text("utf-8"))
    entry = manifest["tables"][table][str(gold["id"])]
    return extract_article((mirror_root / entry["file"]).read_bytes(),
                           "https://www.thanhuytphcm.vn" + path,
                           fetched_at=mirror_gold["viewed_at"], content_type=entry.get("type"))


@pytest.fixture(scope="session")
def mirror_articles(mirror_root, mirror_gold):
    """(gold record, extracted article) for every article of the mirror."""
    return [(gold, read_mirror_page(mirror_root, mirror_gold, "articles", gold, gold["path"]))
            for gold in mirror_gold["articles"]]


@pytest.mark.parametrize("field", MIRROR_FIELDS)
@pytest.mark.parametrize("template", MIRROR_TEMPLATES)
def test_mirror_field(mirror_articles, template, field):
    cases = [(g, a) for g, a in mirror_articles if g["template"] == template]
    assert cases, f"the mirror has no {template} article"
    wrong = [(g["id"], getattr(a, field), g[field]) for g, a in cases if getattr(a, field) != g[field]]
    assert wrong == []


def test_mirror_furniture_never_leaks(mirror_articles):
    for gold, article in mirror_articles:
        text = " ".join([article.title, article.lead, article.body, *article.captions,
                         *article.authors, article.source or ""])
        assert [s for s in gold["must_not_contain"] if s in text] == [], gold["id"]


def test_mirror_amp_copies_are_their_articles(mirror_root, mirror_gold):
    copies = [g for g in mirror_gold["articles"] if g["amp_path"]]
    assert copies, "the mirror has no AMP copy"
    for gold in copies:
        article = read_mirror_page(mirror_root, mirror_gold, "amp", gold, gold["amp_path"])
        assert (article.id, article.url) == (gold["id"], "https://www.thanhuytphcm.vn" + gold["path"])
        assert {f: getattr(article, f) for f in MIRROR_FIELDS} == {f: gold[f] for f in MIRROR_FIELDS}


def test_mirror_ids_and_rule_sources(mirror_articles):
    for gold, article in mirror_articles:
        assert article.id == gold["id"]
        evidence = gold["date_evidence"]
        expected = DATE_SOURCE.get(evidence, "meta" if evidence.startswith("meta-") else "visible")
        assert article.published_at_source == expected, gold["id"]
        credited = bool(article.authors or article.source)
        assert (article.byline_source == "none") == (not credited), gold["id"]


def test_mirror_header_date_of_viewing_is_never_used(mirror_articles, mirror_gold):
    viewed_day = mirror_gold["viewed_at"][:10]
    for gold, article in mirror_articles:
        assert (article.published_at or "")[:10] != viewed_day
        assert mirror_gold["header_date_text"] not in article.body


def test_mirror_templates_have_their_own_layouts(mirror_articles):
    layouts = {}
    for gold, article in mirror_articles:
        layouts.setdefault(gold["template"], set()).add(article.layout)
    assert all(len(found) == 1 for found in layouts.values()), layouts
    assert len({found.pop() for found in layouts.values()}) == len(layouts)


# -- the portal's page as GIVEN ---------------------------------------------------------------------

LEAD = ("(Thanhuytphcm.vn) - Ngày 7/8, Ban Dân vận Thành ủy tổ chức hội nghị sơ kết công tác "
        "dân vận 6 tháng đầu năm 2018 với sự tham dự của đại diện các quận, huyện.")
PARAGRAPHS = (
    "Tại hội nghị, các đại biểu đã thảo luận và đề xuất nhiều giải pháp nâng cao hiệu quả công "
    "tác dân vận chính quyền, gắn với phong trào thi đua dân vận khéo ở cơ sở.",
    "Phát biểu chỉ đạo, đồng chí Trưởng ban đề nghị các cấp ủy tiếp tục quan tâm lãnh đạo, tạo "
    "điều kiện để đội ngũ cán bộ làm công tác dân vận hoàn thành tốt nhiệm vụ được giao.",
)
IMAGE = "https://images.hcmcpv.org.vn/res/news/2018/08/07-08-2018-hoi-nghi-dan-van-1A2B3C4D.jpg"


def given_page(image=IMAGE, charset="utf-8", date_line="", head=""):
    """A page shaped like the GIVEN text dump, in markup the extractor has never seen."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<html><head><meta charset="{charset}"><title>Hội nghị sơ kết công tác dân vận</title>
{head}</head><body>
<div class="top"><span>Chủ Nhật, ngày 26 tháng 5 năm 2019</span></div>
<div class="menu"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></div>
<div class="khung"><div class="tieu-de">Hội nghị sơ kết công tác dân vận</div>{date_line}
<div><img src="{image}"></div><div><i>Quang cảnh hội nghị</i></div>
<div class="noi-dung"><p>{LEAD}</p>{body}<p>Văn Lượng</p></div>
<div class="box">Ý kiến bạn đọc</div><div>refresh</div><div>Tổng lượt bình luận: 0</div>
<div>Tin khác</div><ul><li><a href="/tin-tuc/tin-khac-1491871500">Một tin khác về công tác dân
vận của thành phố trong năm 2018</a> (06/08/2018)</li></ul><div>Thông báo</div>
</div></body></html>"""


def test_given_portal_page():
    article = extract_article(given_page().encode("utf-8"), PORTAL_URL)
    assert article.title == "Hội nghị sơ kết công tác dân vận"
    assert article.lead == LEAD  # the credit opening kept as published
    assert article.body == "\n\n".join(PARAGRAPHS)
    assert (article.authors, article.byline_source) == (["Văn Lượng"], "last-paragraph")
    assert article.captions == ["Quang cảnh hội nghị"]
    assert article.images == [IMAGE]
    # No printed publication date: the image's upload day; never the date of viewing (2019)
    # nor the year-less "Ngày 7/8" nor the other news' date.
    assert (article.published_at, article.published_at_source) == ("2018-08-07", "image-name")
    assert article.id == 1491871594 and article.flags == []


def test_given_portal_page_with_only_the_date_of_viewing():
    page = given_page(image="https://images.hcmcpv.org.vn//res/news/2015/10/DHX_VoThiDung.jpg")
    article = extract_article(page.encode("utf-8"), PORTAL_URL)
    assert article.published_at is None and article.published_at_source is None
    assert "no-date" in article.flags


def test_visible_and_relative_dates_after_the_title():
    page = given_page(date_line='<div class="ngay">Thứ Ba, 07/08/2018 - 15:30</div>')
    article = extract_article(page.encode("utf-8"), PORTAL_URL)
    assert (article.published_at, article.published_at_source) == (
        "2018-08-07T15:30:00+07:00", "visible")
    page = given_page(date_line="<div>2 giờ trước</div>")
    article = extract_article(page.encode("utf-8"), PORTAL_URL,
                              fetched_at="2024-03-15T12:00:00+07:00")
    assert (article.published_at, article.published_at_source) == (
        "2024-03-15T10:00:00+07:00", "relative")


def test_time_element_and_site_or_facebook_authors():
    head = ('<meta name="author" content="Thành ủy TP.HCM">'
            '<meta property="article:author" content="https://www.facebook.com/thanhuytphcm">')
    page = given_page(head=head, date_line='<time datetime="2018-08-07T15:30:00">7/8/2018</time>')
    article = extract_article(page.encode("utf-8"), PORTAL_URL)
    assert (article.published_at, article.published_at_source) == (
        "2018-08-07T15:30:00+07:00", "time-element")  # no zone: Vietnam time
    assert (article.authors, article.byline_source) == (["Văn Lượng"], "last-paragraph")


def test_visible_h1_wins_over_og_title():
    page = given_page(head='<meta property="og:title" content="Hội nghị dân vận sơ kết">').replace(
        '<div class="tieu-de">Hội nghị sơ kết công tác dân vận</div>',
        '<h1>Hội nghị sơ kết công tác dân vận năm 2018</h1>')
    article = extract_article(page.encode("utf-8"), PORTAL_URL)
    assert article.title == "Hội nghị sơ kết công tác dân vận năm 2018"


@pytest.mark.parametrize("title_tag", [
    "Cổng thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh",  # the site's name on every page
    "Thành ủy TP.HCM sơ kết công tác dân vận - Thành ủy TP.HCM",
    "",
])
def test_title_without_metadata(title_tag):
    headline = "Thành ủy TP.HCM sơ kết công tác dân vận"
    page = given_page().replace("Hội nghị sơ kết công tác dân vận", headline).replace(
        f"<title>{headline}</title>", f"<title>{title_tag}</title>")
    article = extract_article(page.encode("utf-8"), PORTAL_URL)
    assert article.title == headline


def to_cp1258(text):
    """Text as a Windows-1258 page stores it: tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("charset, content_type", [
    ("windows-1258", None),  # declared in <meta>
    ("", "text/html; charset=windows-1258"),  # declared in the HTTP header only
    ("", None),  # declared nowhere: not UTF-8, so cp1258
])
def test_cp1258_page(charset, content_type):
    page = given_page(charset=charset)
    article = extract_article(to_cp1258(page), PORTAL_URL, content_type=content_type)
    assert article.title == "Hội nghị sơ kết công tác dân vận"
    assert article.lead == LEAD and article.authors == ["Văn Lượng"]
    assert unicodedata.is_normalized("NFC", article.body)


def test_utf8_page_declared_latin1():
    page = given_page(charset="iso-8859-1").encode("utf-8")
    article = extract_article(page, PORTAL_URL, content_type="text/html; charset=ISO-8859-1")
    assert article.title == "Hội nghị sơ kết công tác dân vận"


def test_nfd_and_invisible_characters_are_cleaned():
    page = given_page().replace(PARAGRAPHS[0], "\ufeff" + PARAGRAPHS[0].replace(" ", "\xa0", 3))
    article = extract_article(unicodedata.normalize("NFD", page).encode("utf-8"), PORTAL_URL)
    assert article.body == "\n\n".join(PARAGRAPHS)
    assert article.title == "Hội nghị sơ kết công tác dân vận"


# -- robustness ------------------------------------------------------------------------------------

EMPTY = {"title": "", "published_at": None, "authors": [], "lead": "", "body": "", "images": [],
         "captions": []}


@pytest.mark.parametrize("html", [
    b"", "", None, b"   \n", bytes(range(256)) * 20, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "<html><body></body></html>", "<<<>>><p<p<p", "<?xml version='1.0' encoding='utf-8'?><html/>",
], ids=["empty-bytes", "empty-str", "none", "blank", "binary", "png", "empty-body", "garbage",
        "xml-declaration"])
def test_nothing_to_extract_never_raises(html):
    article = extract_article(html, PORTAL_URL)
    assert tuple(article.as_json()) == EXTRACTED_FIELDS
    assert {k: getattr(article, k) for k in EMPTY} == EMPTY
    assert {"no-title", "no-date", "empty-body"} <= set(article.flags)
    assert article.id == 1491871594


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
@pytest.mark.parametrize("fraction", (0.1, 0.5, 0.9))
def test_truncated_pages(gold, fraction):
    html = (VN_NEWS / gold["file"]).read_bytes()
    article = extract_article(html[: int(len(html) * fraction)], gold["url"])
    assert tuple(article.as_json()) == EXTRACTED_FIELDS
    assert all(isinstance(getattr(article, k), list) for k in ("authors", "images", "captions", "flags"))


def test_str_input_and_non_portal_url():
    gold = GOLD[0]
    html = (VN_NEWS / gold["file"]).read_text("utf-8")
    article = extract_article(html, gold["url"])
    assert article.id is None  # not a portal article URL
    assert article.title == gold["title"]


def test_url_is_canonical():
    article = extract_article(given_page().encode("utf-8"), PORTAL_URL + "?fbclid=abc#top")
    assert article.url == PORTAL_URL


def test_no_scrapy_import():
    code = "import sys, crawler.extract; print('scrapy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, check=True)
    assert result.stdout.strip() == "False"


# -- the portal's layout eras: golden pages per era ------------------------------------------------

PORTAL_ERAS = Path(__file__).parent / "fixtures" / "portal-eras"
ERA_FIELDS = ("title", "published_at", "authors", "source", "category", "lead", "body", "images",
              "captions", "kind", "attachments", "doc_number", "issued_on", "issuer", "doc_type",
              "summary")
ERA_OF_TEMPLATE = {"legacy": "v1-aspnet", "og": "v2-opengraph", "jsonld": "v3-jsonld"}
# The era each of the mirror's templates is read as, by its evidence: the windows-1258 pages
# are ASP.NET; the kinds of page carry OpenGraph; the redesign carries a JSON-LD article.
ERA_OF_MIRROR_TEMPLATE = ERA_OF_TEMPLATE | {
    "legacy-1258": "v1-aspnet", "photo": "v2-opengraph", "video": "v2-opengraph",
    "interview": "v2-opengraph", "document": "v2-opengraph", "redesign": "v3-jsonld"}


def era_gold(era):
    return json.loads((PORTAL_ERAS / era / "gold.json").read_text("utf-8"))


@lru_cache(maxsize=None)
def era_article(era, file_name):
    gold = era_gold(era)
    page = next(p for p in gold["pages"] if p["file"] == file_name)
    html = (PORTAL_ERAS / era / file_name).read_bytes()
    return extract_article(html, page["url"], fetched_at=gold["fetched_at"],
                           content_type=page["content_type"])


ERA_PAGES = [(era, page) for era in sorted(ERA_OF_TEMPLATE.values())
             for page in era_gold(era)["pages"]]


@pytest.mark.parametrize("era, gold", ERA_PAGES, ids=[f"{e}-{p['id']}" for e, p in ERA_PAGES])
def test_era_golden_page(era, gold):
    article = era_article(era, gold["file"])
    assert {f: getattr(article, f) for f in ERA_FIELDS} == {f: gold[f] for f in ERA_FIELDS}
    assert article.id == gold["id"]
    assert article.layout.startswith(era + "/")  # the era recognised by its evidence
    evidence = gold["date_evidence"]
    expected = DATE_SOURCE.get(evidence, "meta" if evidence.startswith("meta-") else "visible")
    assert article.published_at_source == expected


def era_layouts():
    """template -> the layouts its golden pages were read with, over every era's pages."""
    layouts = {}
    for era, page in ERA_PAGES:
        layouts.setdefault(page["template"], set()).add(era_article(era, page["file"]).layout)
    return layouts


def test_pages_of_one_template_share_one_layout():
    assert {t: len(found) for t, found in era_layouts().items() if len(found) != 1} == {}


def test_templates_have_different_layouts():
    layouts = era_layouts()
    assert len({found.pop() for found in layouts.values()}) == len(layouts) >= 9


@pytest.mark.parametrize("era_class", ERAS, ids=lambda e: e.era)
def test_era_years_cover_its_golden_pages(era_class):
    """The mirror renders a news report in the layout of its publication time, so the golden
    news pages' years are within the years the era declares (its photo stories, videos,
    interviews and documents have pages of their own, whatever their age)."""
    years = {int(p["published_at"][:4]) for p in era_gold(era_class.era)["pages"]
             if p["published_at"] and p["kind"] == "news"}
    assert years and all(era_class.served_in(y) for y in years)


def test_era_without_evidence_is_the_one_served_when_fetched():
    page = Page(parse_html(given_page().encode("utf-8")), PORTAL_URL, "2018-05-01T08:00:00+07:00")
    assert era_for(page) is ThanhuytphcmV1
    page = Page(parse_html(given_page().encode("utf-8")), PORTAL_URL, "2021-05-01T08:00:00+07:00")
    assert era_for(page) is ThanhuytphcmV2
    page = Page(parse_html(given_page().encode("utf-8")), PORTAL_URL)
    assert era_for(page) is ThanhuytphcmV3  # no fetch time: the newest


def test_evidence_outranks_the_fetch_year():
    viewstate = '<form><input type="hidden" name="__VIEWSTATE" value="x"></form>'
    html = given_page().replace("<body>", "<body>" + viewstate).encode("utf-8")
    assert era_for(Page(parse_html(html), PORTAL_URL, "2025-01-01T00:00:00+07:00")) is ThanhuytphcmV1
    head = '<meta property="og:title" content="Hội nghị sơ kết công tác dân vận">'
    html = given_page(head=head).encode("utf-8")
    assert era_for(Page(parse_html(html), PORTAL_URL, "2018-01-01T00:00:00+07:00")) is ThanhuytphcmV2


def test_parser_per_layout_era(mirror_articles, mirror_root):
    manifest = json.loads((mirror_root / "manifest.json").read_text("utf-8"))
    for gold, article in mirror_articles:
        html = (mirror_root / manifest["tables"]["articles"][str(gold["id"])]["file"]).read_bytes()
        url = "http://127.0.0.1:8080" + gold["path"]  # a mirror stands in for the portal host
        era = ERA_OF_MIRROR_TEMPLATE[gold["template"]]
        assert parser_for(url, Page(parse_html(html), url)).era == era
        assert article.layout.startswith(era + "/")
    page = Page(parse_html(b"<p>x</p>"), "https://nld.com.vn/a.htm")
    assert parser_for("https://nld.com.vn/a.htm", page) is GenericParser


# -- the layout signature ----------------------------------------------------------------------------

def template_page(paragraphs, content_class="noi-dung", body_class="post-1", para_tag="p"):
    body = "".join(f"<{para_tag}>{p}</{para_tag}>" for p in paragraphs)
    return f"""<html><head><title>Tin</title></head><body class="{body_class}">
<div class="khung col-8"><h1 class="tieu-de">Một tiêu đề đủ dài cho bài viết</h1>
<div class="{content_class}">{body}</div></div></body></html>""".encode("utf-8")


def layout_of(html):
    return extract_article(html, "https://example.vn/a.html").layout


def test_layout_skeleton_is_the_paths_to_the_text_and_the_title():
    from crawler.parsers.layout import skeleton, text_holder

    page = Page(parse_html(template_page(PARAGRAPHS)), "https://example.vn/a.html")
    parser = GenericParser(page)
    parser.parse()
    text = text_holder(b.owner for b in parser._body_and_byline.blocks)
    title = page.blocks.items[parser._title_index].owner
    assert skeleton(text, title) == ("body: html>body>div.col-.khung>div.noi-dung\n"
                                     "title: html>body>div.col-.khung>h1.tieu-de")
    assert layout_of(template_page(PARAGRAPHS)) == "generic/" + hashlib.sha1(
        skeleton(text, title).encode("utf-8")).hexdigest()[:8]


def test_layout_is_the_same_for_any_content_of_one_template():
    one = layout_of(template_page(PARAGRAPHS))
    assert layout_of(template_page(PARAGRAPHS[:1])) == one  # one paragraph or several
    assert layout_of(template_page(PARAGRAPHS, para_tag="div")) == one  # <div> paragraphs
    assert layout_of(template_page(PARAGRAPHS, body_class="post-2 category-x")) == one


def test_layout_differs_between_templates():
    one = layout_of(template_page(PARAGRAPHS))
    assert layout_of(template_page(PARAGRAPHS, content_class="article-body")) != one
    redesigned = template_page(PARAGRAPHS).replace(b'<h1 class="tieu-de">', b'<h1 class="title">')
    assert layout_of(redesigned) != one


def test_layout_of_a_page_without_text_or_without_html():
    from crawler.parsers.layout import layout_signature

    empty = extract_article(b"<html><body><div></div></body></html>", "https://example.vn/a")
    assert empty.layout == layout_signature("generic", None, None)
    assert extract_article(b"", "https://example.vn/a").layout is None  # nothing was parsed
