"""thanhuy_archive.search: a query is parsed once, and everything about it comes from there.

The archive-level behaviour (what each query finds) is tested against real Datasette in
tests/test_datasette.py; this file documents the Query itself.
"""

import unicodedata

import pytest

from thanhuy_archive.search import (
    MAX_CHARS, MAX_TERMS, MAX_TEXT_CHARS, Query, QueryError, Term, marks_to_html, parse,
)


def test_a_query_is_its_terms_each_with_a_kind():
    query = Query('dân vận OR "dân chủ" -xã tổng*')
    assert query.terms == (Term("and", "dân", False), Term("and", "vận", False),
                           Term("or", "dân chủ", False), Term("not", "xã", False),
                           Term("and", "tổng", True))


def test_the_fts5_form_quotes_every_term_so_nothing_typed_is_syntax():
    assert Query('title: NEAR( "unbalanced').fts5 == '"title:" AND "NEAR(" AND "unbalanced"'
    assert Query("***").fts5 is None
    assert Query("***").match == '""'  # matches nothing, raises nothing


def test_raw_mode_passes_the_text_to_fts5_as_typed():
    assert Query("NEAR(dân vận, 2)", "raw").fts5 == "NEAR(dân vận, 2)"


def test_exact_mode_looks_for_every_tone_placement_in_nfc_and_nfd():
    alternatives = Query("thuỷ", "exact").fts5.strip("()").split(" OR ")
    assert {unicodedata.normalize("NFC", a) for a in alternatives} == {'"thuỷ"', '"thủy"'}
    assert {unicodedata.is_normalized("NFD", a) for a in alternatives} == {True, False}


def test_each_mode_has_its_index():
    assert Query("x").fts_table == "articles_fts"
    assert Query("x", "exact").fts_table == "articles_exact_fts"


@pytest.mark.parametrize("text, costly", [
    ("dan van", False), ("dân", False), ('"cong tac"', True), ("dân*", True),
    ('dan -"dan chu"', True), ("NEAR(a b)", False),
])
def test_a_phrase_or_a_prefix_is_costly(text, costly):
    assert Query(text).costly is costly


def test_parse_gives_the_same_query_object_for_the_same_text_and_mode():
    assert parse("dan van") is parse("dan van")
    assert parse("dan van") is not parse("dan van", "exact")


@pytest.mark.parametrize("text, mode, message", [
    ("a" * (MAX_CHARS + 1), "folded", "at most 500 characters"),
    (" ".join(["dan"] * (MAX_TERMS + 1)), "folded", "at most 32 terms"),
    ("dan\x00van", "folded", "NUL"),
    ("dan", "fuzzy", "Unknown search mode"),
])
def test_a_query_past_its_bounds_is_refused_with_a_reason(text, mode, message):
    with pytest.raises(QueryError, match=message):
        Query(text, mode)


def test_a_query_at_its_bounds_is_accepted():
    assert len(Query("a" * MAX_CHARS).terms) == 1
    assert len(Query(" ".join(["dan"] * MAX_TERMS)).terms) == MAX_TERMS


def test_folded_highlights_ignore_diacritics_but_a_typed_d_with_stroke_counts():
    text = "Đảng bộ và dạng thức"
    assert Query("dang").mark(text) == "⟦Đảng⟧ bộ và ⟦dạng⟧ thức"
    assert Query("đảng").mark(text) == "⟦Đảng⟧ bộ và dạng thức"


def test_exact_highlights_keep_diacritics_but_not_tone_placement():
    assert Query("hòa", "exact").mark("Khánh Hoà, Thanh Hóa") == "Khánh ⟦Hoà⟧, Thanh Hóa"


def test_brackets_in_the_text_never_pass_for_matches():
    assert Query("x").mark("⟦x⟧") == "[⟦x⟧]"
    html = Query("x").mark_html("⟦x⟧ <mark>m</mark>")
    assert html == "⟦<mark>x</mark>⟧ &lt;mark&gt;m&lt;/mark&gt;"


def test_a_snippet_is_a_window_around_the_first_match():
    body = " ".join(f"w{i}" for i in range(100)) + " Dân vận " + " ".join("x" * 40)
    extract = Query("dan van").snippet(["", body], words=8)
    assert extract == "…w98 w99 ⟦Dân⟧ ⟦vận⟧ x x x x…"
    assert Query("dan van").snippet_html(["", body], words=8) == (
        "…w98 w99 <mark>Dân</mark> <mark>vận</mark> x x x x…")


def test_without_a_match_a_snippet_is_the_start_of_the_first_text():
    assert Query("zzz").snippet(["", "Một hai ba bốn năm", "sáu"], words=3) == "Một hai ba…"


def test_highlighting_reads_at_most_max_text_chars():
    text = "a " * MAX_TEXT_CHARS + "dan"
    assert "⟦" not in Query("dan").mark(text)


def test_plain_marks_become_html_marks_and_nothing_else_does():
    assert marks_to_html("<b>⟦Đảng⟧</b>") == "&lt;b&gt;<mark>Đảng</mark>&lt;/b&gt;"
