"""Attached documents on the reader's side (issue 11.2): the search page finds an article by
words that only its attached documents contain, says which document matched with an extract,
ranks such matches after articles whose own text matches, and the article view lists the
article's documents with their text.

On the archive of a real crawl of the mirror, served by the real Datasette in process; the
mirror's gold says which file holds which text and which articles link it.
"""

import csv
import io
import re
from urllib.parse import quote

import pytest

from crawler.text import fold
from tests.conftest import archive_datasette, get

WORD = re.compile(r"[^\W\d_]{3,}")


@pytest.fixture(scope="module")
def ds(crawled_archive):
    return archive_datasette(crawled_archive)


def article_words(gold):
    return {w for a in gold["articles"]
            for w in WORD.findall(fold(" ".join(a.get(f) or "" for f in ("title", "lead",
                                                                           "body"))))}


def files(gold):
    return [f for f in gold["media_files"] if f["kind"] == "attachment"]


def documents_only_words(gold):
    """Words (folded) that some attached file holds and no article's own text does."""
    in_articles = article_words(gold)
    return sorted({w for f in files(gold) for w in WORD.findall(fold(f["text"]))} - in_articles)


def linking(gold, word):
    """{article id: names of its files that hold ``word``} (folded)."""
    found = {}
    for f in files(gold):
        if word in WORD.findall(fold(f["text"])):
            for aid in f["articles"]:
                found.setdefault(aid, set()).update(u.rsplit("/", 1)[-1] for u in f["urls"])
    return found


def results(html):
    """[(article id, found through documents only, [document names shown])] in page order."""
    out = []
    for item in re.findall(r'<li class="result"(.*?)</li>', html, re.S):
        aid = int(re.search(r'data-article-id="(\d+)"', item).group(1))
        names = re.findall(r'<span class="document-name">(?:<a [^>]*>)?([^<]+)', item)
        out.append((aid, 'data-via="documents"' in item, names))
    return out


def every_result(ds, query, **args):
    """Every result of a search, page after page."""
    found, page = [], 1
    while True:
        extra = "".join(f"&{k}={v}" for k, v in args.items())
        html = get(ds, f"/-/search?q={quote(query)}&page={page}{extra}").text
        found += results(html)
        if 'rel="next"' not in html:
            return found, int(re.search(r'class="total">([\d,]+)<', html).group(1)
                              .replace(",", ""))
        page += 1


def test_a_word_only_documents_hold_finds_their_articles_and_names_the_document(ds, mirror_gold):
    words = documents_only_words(mirror_gold)
    assert {"vung", "nhien"} <= set(words), "the mirror's documents must hold words of their own"
    for word in ("vung", "nhien"):
        expected = linking(mirror_gold, word)
        found, total = every_result(ds, word)
        assert {aid for aid, _, _ in found} == set(expected) and total == len(expected), word
        for aid, via_documents, names in found:
            assert via_documents, f"{aid} matched {word} in its own text?"
            assert set(names) <= expected[aid] and names, (aid, names)
    page = get(ds, "/-/search?q=vung").text
    assert re.search(r'class="document-snippet">[^<]*<mark>vững</mark>', page, re.I)


def test_articles_matching_in_their_own_text_come_before_document_only_ones(ds, mirror_gold):
    in_text = {}
    for a in mirror_gold["articles"]:
        for w in set(WORD.findall(fold(" ".join(a.get(f) or "" for f in ("title", "lead",
                                                                            "body"))))):
            in_text.setdefault(w, set()).add(a["id"])
    both = [w for w in sorted({w for f in files(mirror_gold) for w in WORD.findall(fold(f["text"]))})
            if in_text.get(w) and set(linking(mirror_gold, w)) - in_text[w]]
    assert both, "the mirror must have a word found in articles and in others' documents"
    word = both[0]
    found, total = every_result(ds, word)
    kinds = [via for _, via, _ in found]
    assert kinds == sorted(kinds), f"{word}: a document-only match before a text match"
    assert {aid for aid, via, _ in found if not via} == in_text[word]
    assert {aid for aid, via, _ in found if via} == set(linking(mirror_gold, word)) - in_text[word]
    assert total == len(found)


def test_exact_mode_keeps_the_diacritics_of_documents_too(ds, mirror_gold):
    expected = set(linking(mirror_gold, "vung"))
    exact, _ = every_result(ds, "vững", mode="exact")
    assert {aid for aid, _, _ in exact} == expected
    assert every_result(ds, "vung", mode="exact") == ([], 0)  # "vung" is not "vững"


def test_the_search_exports_come_in_the_order_shown_documents_included(ds):
    found, total = every_result(ds, "nhien")
    exported = get(ds, "/-/search.csv?q=nhien").text
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [int(r["id"]) for r in rows] == [aid for aid, _, _ in found]
    assert [int(r["rank"]) for r in rows] == list(range(1, total + 1))
    as_json = get(ds, "/-/search.json?q=nhien").json()
    assert [r["id"] for r in as_json] == [aid for aid, _, _ in found]


def test_the_article_view_lists_its_documents_with_their_text_collapsed(ds, mirror_gold):
    article_files = {}
    for f in files(mirror_gold):
        for aid in f["articles"]:
            article_files.setdefault(aid, []).append(f)
    aid, linked = max(article_files.items(), key=lambda item: len(item[1]))
    html = get(ds, f"/-/article/{aid}").text
    shown = re.findall(r'<details class="document"( open)?>(.*?)</details>', html, re.S)
    assert len(shown) == len(linked)
    by_name = {f["urls"][0].rsplit("/", 1)[-1]: f for f in linked}
    for opened, block in shown:
        name = re.search(r'<span class="name">([^<]+)</span>', block).group(1)
        gold = by_name[name]
        assert not opened  # collapsed: the article comes first
        facts = re.sub(r"\s+", " ", re.search(r'<span class="facts">(.*?)</span></summary>',
                                              block, re.S).group(1))
        assert gold["encoding"] in facts and "encoding" in facts
        assert re.search(r"(pypdf|docx|xlrd|openpyxl|Word)", facts), facts
        text = re.search(r'<pre class="document-text">(.*?)</pre>', block, re.S).group(1)
        assert fold(re.sub(r"&[#\w]+;", "", text)).split()[:20] == \
            fold(re.sub(r"[<>&\"']", "", gold["text"])).split()[:20]
        assert re.search(r'href="/-/media/\d+"', block)
    # Searched for a word in one of them: that one opens, its matches marked.
    marked = get(ds, f"/-/article/{aid}?q=vung").text
    opened = re.findall(r'<details class="document" open>(.*?)</details>', marked, re.S)
    assert opened and all("<mark>" in block for block in opened)


def test_document_search_keeps_the_search_bounds(ds):
    assert get(ds, "/-/search?q=" + "a" * 501).status_code == 400
    assert get(ds, "/-/search.csv?q=" + "+".join(["vung"] * 33)).status_code == 400
    assert get(ds, "/-/search?q=vung&sort=oldest").status_code == 400
