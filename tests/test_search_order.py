"""The order of a ranked search (issue 12.2): articles where the query's words stand together
as a phrase (diacritics folded or exact, as the mode says) before those where they are
scattered, relevance within each, "newest first" one click away, and CSV and JSON in the order
shown.

On an archive of the shared vi-cases documents beside articles that hold the same words apart,
written so that relevance alone (bm25) would put them first; and on the archive of a real
crawl of the mirror, for ``dan van``. Real Datasette, in process.
"""

import csv
import io
import re
import sqlite3
from html import unescape
from urllib.parse import quote

import pytest

from crawler.text import fold
from pipelines.storage import Archive
from tests.test_datasette import BASE_ID, article
from thanhuy_archive.search import Query
from tests.conftest import archive_datasette, get, vi_cases

# The words of "dân vận", many times and never side by side: short texts full of the query's
# words, which bm25 ranks above the vi-cases titles.
SCATTERED = {
    BASE_ID + 50: ("Dân vui, vận hội", "Dân giàu, vận nước; dân mạnh, vận may; dân ta, vận hội."),
    BASE_ID + 51: ("Dân chủ và vận mệnh", "Vận động dân, dân theo vận hội, dân ơi vận."),
}


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    path = tmp_path_factory.mktemp("order") / "archive.db"
    archive = Archive(str(path))
    run = archive.start_run("http://127.0.0.1:8000/")
    for number, text in vi_cases("search")["documents"].items():
        n = int(number)
        archive.store_article(article(BASE_ID + n, text,
                                      published_at=f"201{n}-0{n}-1{n}T0{n}:00:00+07:00"),
                              capture_id=None, run_id=run)
    for aid, (title, lead) in SCATTERED.items():
        archive.store_article(article(aid, title, lead=lead, body=lead,
                                      published_at="2020-01-01"), capture_id=None, run_id=run)
    archive.end_run(run, "ok")
    archive.close()
    datasette = archive_datasette(path)
    datasette.path = path
    return datasette


def shown(ds, query, **args):
    """[(article id, a phrase match)] of every page of a search, in order."""
    found, page = [], 1
    while True:
        extra = "".join(f"&{k}={quote(v)}" for k, v in args.items())
        html = get(ds, f"/-/search?q={quote(query)}&page={page}{extra}").text
        found += [(int(i), 'data-phrase="1"' in attributes) for i, attributes in re.findall(
            r'<li class="result" data-article-id="(\d+)"([^>]*)>', html)]
        if 'rel="next"' not in html:
            return found
        page += 1


def by_relevance_alone(ds, query, mode="folded"):
    parsed = Query(query, mode)
    conn = sqlite3.connect(ds.path)
    try:
        return [r[0] for r in conn.execute(
            f"select rowid from {parsed.fts_table} where {parsed.fts_table} match ? "
            f"order by bm25({parsed.fts_table})", [parsed.fts5])]
    finally:
        conn.close()


@pytest.mark.parametrize("mode", ["folded", "exact"])
def test_the_phrase_comes_before_the_same_words_scattered(ds, mode):
    query = "dân vận"
    # Relevance alone puts an article that never says "dân vận" above one that does...
    alone = by_relevance_alone(ds, query, mode)
    assert alone.index(min(SCATTERED, key=alone.index)) < alone.index(BASE_ID + 1)
    found = shown(ds, query, **({"mode": "exact"} if mode == "exact" else {}))
    phrases = [aid for aid, phrase in found if phrase]
    # ...the page puts every article that says it first: the vi-cases titles with "dân vận"
    # (and, ignoring diacritics, "Dẫn vấn": the same letters).
    expected = {1, 2, 3, 4} if mode == "folded" else {1, 2, 3}
    assert set(phrases) == {BASE_ID + n for n in expected}
    assert [aid for aid, _ in found] == phrases + [aid for aid, p in found if not p]
    assert {aid for aid, p in found if not p} == set(SCATTERED)


def test_every_vi_cases_query_finds_its_documents_phrases_first(ds):
    documents = {BASE_ID + int(n) for n in vi_cases("search")["documents"]}
    for query, expected in vi_cases("search")["queries"]:
        found = shown(ds, query)
        assert {aid for aid, _ in found} & documents == {BASE_ID + n for n in expected}, query
        flags = [phrase for _, phrase in found]
        assert flags == sorted(flags, reverse=True), f"{query}: a phrase match after another"
        if len(Query(query).terms) == 2:  # two words: the phrase of both is what comes first
            words = fold(query).split()
            together = {aid for aid, _ in found
                        if " ".join(words) in " ".join(re.findall(r"\w+", fold(
                            vi_cases("search")["documents"].get(str(aid - BASE_ID), ""))))}
            assert {aid for aid, phrase in found if phrase} == together, query


def test_newest_first_is_one_click_away(ds):
    html = get(ds, "/-/search?q=dan+van").text
    newest = unescape(re.search(r'<a class="by-newest" href="([^"]+)"', html).group(1))
    assert newest == "?q=dan+van&sort=newest"
    found = [aid for aid, _ in shown(ds, "dan van", sort="newest")]
    conn = sqlite3.connect(ds.path)
    days = dict(conn.execute("select id, published_at from articles"))
    assert [days[a] for a in found] == sorted((days[a] for a in found), reverse=True)
    assert set(found) == {aid for aid, _ in shown(ds, "dan van")}


@pytest.mark.parametrize("args", [{}, {"sort": "newest"}, {"mode": "exact"}])
def test_csv_and_json_come_in_the_order_shown(ds, args):
    query = "dan van" if not args.get("mode") else "dân vận"
    order = [aid for aid, _ in shown(ds, query, **args)]
    extra = "".join(f"&{k}={v}" for k, v in args.items())
    rows = list(csv.DictReader(io.StringIO(get(ds, f"/-/search.csv?q={quote(query)}{extra}")
                                           .text)))
    assert [int(r["id"]) for r in rows] == order
    scattered = next(r for r in rows if int(r["id"]) in SCATTERED)  # whole rows, every column
    assert scattered["body"] == SCATTERED[int(scattered["id"])][1]
    assert {"rank", "id", "url", "title", "published_at", "lead", "body", "authors"} <= set(rows[0])
    assert [r["id"] for r in get(ds, f"/-/search.json?q={quote(query)}{extra}").json()] == order
    excel = get(ds, f"/-/search.csv?q={quote(query)}{extra}&_bom=1&_dl=1")
    assert excel.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in excel.headers["content-disposition"]


def test_dan_van_in_the_mirror_puts_the_articles_saying_dan_van_first(crawled_archive,
                                                                       mirror_gold):
    datasette = archive_datasette(crawled_archive)
    found = shown(datasette, "dan van")

    def says_it(article):
        words = re.findall(r"\w+", fold(" ".join(article.get(f) or ""
                                                 for f in ("title", "lead", "body"))))
        return any(words[i:i + 2] == ["dan", "van"] for i in range(len(words) - 1))

    gold = {a["id"]: a for a in mirror_gold["articles"]}
    saying = {aid for aid, _ in found if aid in gold and says_it(gold[aid])}
    assert saying and len(saying) < len(found), "the mirror must have both kinds"
    assert {aid for aid, phrase in found if phrase} == saying
    flags = [phrase for _, phrase in found]
    assert flags == sorted(flags, reverse=True)


def test_past_the_ranked_bound_the_other_matches_follow_highest_id_first(ds, monkeypatch):
    from thanhuy_archive import search
    from thanhuy_archive.web import pages

    whole = shown(ds, "dan van")
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 3)  # ranking reads the 3 highest ids
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)  # pages that straddle the bound
    bounded = shown(ds, "dan van")
    ids = sorted((aid for aid, _ in whole), reverse=True)
    ranked, rest = ids[:3], ids[3:]
    assert [aid for aid, _ in bounded[3:]] == rest  # the others: highest id first
    assert {aid for aid, _ in bounded[:3]} == set(ranked)
    flags = [phrase for _, phrase in bounded[:3]]
    assert flags == sorted(flags, reverse=True)  # phrase first within the ranked ones
    html = get(ds, "/-/search?q=dan+van").text
    assert "Relevance is computed over the 3 newest matches" in html
    exported = [int(r["id"]) for r in csv.DictReader(io.StringIO(
        get(ds, "/-/search.csv?q=dan+van").text))]
    assert exported == [aid for aid, _ in bounded]
