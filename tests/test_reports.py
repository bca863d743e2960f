"""The template report on a small archive built here: articles of three layouts, one of them
misread (no dates, short bodies), and old rows without a layout.

The archive is a real SQLite file with the real ``articles`` columns (``records.ARTICLES``),
its rows written by sqlite-utils from ``Article`` records.
"""

import sqlite_utils

from tests.conftest import archive_datasette, get
from thanhuy_archive.records import ARTICLES, Article, to_row
from thanhuy_archive.reports import render_template_report, template_report

BODY = "Nội dung bài viết đủ dài. " * 20


def article(n, layout, **fields):
    values = dict(id=1491900000 + n, url=f"https://www.thanhuytphcm.vn/tin-tuc/bai-{1491900000 + n}",
                  title=f"Bài {n}", published_at="2024-05-01T08:00:00+07:00",
                  published_at_source="meta", authors=["Văn Lượng"], byline_source="jsonld",
                  lead="(Thanhuytphcm.vn) - Mở đầu.", body=BODY, layout=layout)
    values.update(fields)
    return Article(**values)


def archive(path, articles):
    db = sqlite_utils.Database(path)
    db["articles"].create(ARTICLES.column_types, pk="id")
    db["articles"].insert_all(to_row(a, ARTICLES) for a in articles)
    return path


def sample(tmp_path):
    healthy = [article(n, "v3-jsonld/aaaa1111") for n in range(6)]
    broken = [article(10 + n, "v4-redesign/bbbb2222", published_at=None, published_at_source=None,
                      body="Ngắn.", flags=["no-date", "short-body"], authors=[],
                      byline_source="none") for n in range(3)]
    broken.append(article(13, "v4-redesign/bbbb2222", published_at_source="visible"))
    legacy = [article(20 + n, "v1-aspnet/cccc3333", published_at_source="image-name",
                      byline_source="last-paragraph", lead="") for n in range(2)]
    old = [article(30, None)]
    return archive(tmp_path / "archive.db", healthy + broken + legacy + old)


def test_groups_by_layout_most_likely_broken_first(tmp_path):
    groups = template_report(sample(tmp_path))
    assert [(g.layout, g.pages) for g in groups] == [
        ("v4-redesign/bbbb2222", 4),  # 3 of 4 pages without a date
        ("v3-jsonld/aaaa1111", 6),  # no doubt: the larger group first
        ("v1-aspnet/cccc3333", 2),
        ("(none)", 1),
    ]
    assert [g.suspicion for g in groups] == [0.75, 0.0, 0.0, 0.0]


def test_a_group_summarises_its_pages(tmp_path):
    broken = template_report(sample(tmp_path))[0]
    assert broken.example_url == "https://www.thanhuytphcm.vn/tin-tuc/bai-1491900010"
    assert broken.flags == {"no-date": 3, "short-body": 3}
    assert broken.published_at_sources == {"none": 3, "visible": 1}
    assert broken.byline_sources == {"none": 3, "jsonld": 1}
    assert broken.filled["published_at"] == 0.25 and broken.filled["authors"] == 0.25
    assert broken.filled["title"] == 1.0 and broken.filled["captions"] == 0.0
    assert "id" not in broken.filled and "layout" not in broken.filled


def test_rules_that_fired_differ_between_templates(tmp_path):
    by_layout = {g.layout: g for g in template_report(sample(tmp_path))}
    legacy = by_layout["v1-aspnet/cccc3333"]
    assert legacy.published_at_sources == {"image-name": 2}
    assert legacy.byline_sources == {"last-paragraph": 2}
    assert legacy.filled["lead"] == 0.0
    assert by_layout["v3-jsonld/aaaa1111"].flags == {}


def test_rendered_as_plain_text(tmp_path):
    text = render_template_report(template_report(sample(tmp_path)))
    first = text.split("\n\n")[1]
    assert first.splitlines() == [
        "v4-redesign/bbbb2222  4 pages  suspicion 75%",
        "  example: https://www.thanhuytphcm.vn/tin-tuc/bai-1491900010",
        first.splitlines()[2],
        "  flags: no-date 3, short-body 3",
        "  date rules: none 3, visible 1",
        "  byline rules: none 3, jsonld 1",
    ]
    assert first.splitlines()[2].startswith("  filled: title 100%, published_at 25%, authors 25%")
    assert text.startswith("4 layouts, 13 articles; most likely broken first")


def test_an_archive_without_articles(tmp_path):
    path = archive(tmp_path / "empty.db", [])
    assert template_report(path) == []
    assert render_template_report([]) == "No articles.\n"


def test_the_archive_is_opened_read_only(tmp_path):
    path = sample(tmp_path)
    before = path.read_bytes()
    template_report(path)
    assert path.read_bytes() == before


# -- the same report as a page of the archive's Datasette ---------------------------------------


def test_the_archives_datasette_shows_the_report_and_its_json(crawled_archive):
    from urllib.parse import quote

    datasette = archive_datasette(crawled_archive)
    page, as_json, home = (get(datasette, path)
                           for path in ("/-/templates", "/-/templates.json", "/"))
    expected = [g.as_json() for g in template_report(crawled_archive)]
    assert len(expected) > 1 and as_json.status_code == 200 and as_json.json() == expected
    assert page.status_code == 200
    for group in expected:  # each layout, in the report's order, opens its articles
        assert f'/archive/articles?layout={quote(group["layout"])}"' in page.text
    positions = [page.text.index(f'>{g["layout"]}</a>') for g in expected]
    assert positions == sorted(positions)
    assert 'href="/-/templates"' in home.text
