"""crawler.text: stored text, canonical tone marks and accent-free search keys.

Vectors: tests/fixtures/vi-cases.json, group "unicode" (see tests/fixtures/README.md).
"""

import unicodedata

import pytest

from crawler.text import (
    canonical_tones, clean_paragraphs, clean_text, fold, fold_chars, tone_placements,
    tone_position,
)
from tests.conftest import vi_cases

UNICODE = vi_cases("unicode")


def nfd(s):
    return unicodedata.normalize("NFD", s)


# --- clean_text ------------------------------------------------------------------------------


def test_clean_text_turns_no_break_spaces_into_spaces():
    assert clean_text("công\u00a0tác") == "công tác"


def test_clean_text_removes_byte_order_marks_and_zero_width_characters():
    assert clean_text("tháng 9.\ufeff Dân\u200bvận\u200c\u200d") == "tháng 9. Dânvận"


def test_clean_text_collapses_whitespace_including_newlines_and_strips():
    assert clean_text("  Hội nghị \n\t tổng   kết  ") == "Hội nghị tổng kết"


def test_clean_text_composes_decomposed_text():
    assert clean_text(nfd("Đảng bộ Thành phố")) == "Đảng bộ Thành phố"


def test_clean_text_keeps_the_published_tone_placement():
    assert clean_text("Khánh Hoà") == "Khánh Hoà"


def test_clean_text_of_nothing_is_empty():
    assert clean_text(None) == ""


def test_clean_paragraphs_cleans_each_and_drops_empty_ones():
    assert clean_paragraphs([" Một\u00a0", "\u200b", "", "  ", "Hai"]) == ["Một", "Hai"]


# --- canonical_tones -------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", UNICODE["same_word_after_canonicalisation"], ids=" = ".join)
def test_both_tone_placements_become_one(a, b):
    assert canonical_tones(a) == canonical_tones(b)


@pytest.mark.parametrize("a, b", UNICODE["same_word_after_canonicalisation"], ids=" = ".join)
def test_decomposed_input_gives_the_same_canonical_form(a, b):
    assert canonical_tones(nfd(b)) == canonical_tones(a)


@pytest.mark.parametrize("word", UNICODE["unchanged_by_canonicalisation"])
def test_well_placed_and_foreign_words_are_unchanged(word):
    assert canonical_tones(word) == word


def test_canonical_placement_is_the_traditional_one_for_open_oa_oe_uy():
    assert canonical_tones("hoà khoẻ thuỷ") == "hòa khỏe thủy"


def test_canonical_tones_keeps_letter_case():
    assert canonical_tones("KHÁNH HOÀ, Thuỷ") == "KHÁNH HÒA, Thủy"


def test_canonical_tones_keeps_punctuation_spacing_and_newlines():
    assert canonical_tones("Hoà bình;\n  uỷ ban (thuỷ lợi).") == "Hòa bình;\n  ủy ban (thủy lợi)."


def test_canonical_tones_is_idempotent():
    text = "Ngừơi dân Thanh Hoá hòan thành công trình thuỷ lợi"
    assert canonical_tones(canonical_tones(text)) == canonical_tones(text)


def test_words_with_two_tone_marks_are_left_alone():
    assert canonical_tones("résumé") == "résumé"


def test_tone_position_names_the_vowel_that_takes_the_tone_or_none_for_a_non_syllable():
    # The syllable rules have one home: crawler.legacy_fonts asks the same function.
    assert tone_position(list("toan")) == 2  # hoàn, toán: the last vowel before a final
    assert tone_position(list("ngoai")) == 3  # ngoài: the middle of three
    assert tone_position(["m", "u", "a"]) == 1  # mùa: the first of two, open
    assert tone_position(["t", "h", "u", "y", "ê", "n"]) == 4  # thuyền: the marked vowel
    assert tone_position(list("gin")) == 1  # gìn: "gi" is no onset before a consonant
    assert tone_position(list("cafe")) is None and tone_position(list("xyz")) is None


# --- fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, key", UNICODE["fold"], ids=" -> ".join)
def test_fold_gives_the_accent_free_search_key(text, key):
    assert fold(text) == key


@pytest.mark.parametrize("text, key", UNICODE["fold"], ids=" -> ".join)
def test_fold_of_decomposed_text_is_the_same_key(text, key):
    assert fold(nfd(text)) == key


def test_fold_turns_d_with_stroke_into_d():
    assert fold("Đđ") == "dd"


def test_fold_keeps_word_boundaries_and_punctuation():
    assert fold("Đảng bộ, Dân vận.\nHết") == "dang bo, dan van.\nhet"


# --- fold_chars and tone_placements (for search) -----------------------------------------------


@pytest.mark.parametrize("text, key", UNICODE["fold"], ids=" -> ".join)
def test_fold_chars_folds_like_fold_one_character_for_one(text, key):
    folded = fold_chars(text)
    assert len(folded) == len(text) and folded == key


def test_fold_chars_can_keep_d_with_stroke():
    assert fold_chars("Đảng và dạng", keep_d=True) == "đang va dang"


def test_fold_chars_keeps_a_character_whose_fold_is_not_one_character():
    assert fold_chars("Straße\u200b") == "straße\u200b"


def test_tone_placements_puts_the_tone_mark_on_each_vowel_as_given_first():
    assert tone_placements("Hoà") == ["Hoà", "Hòa"]
    assert tone_placements(nfd("thủy")) == ["thủy", "thuỷ"]


def test_a_word_without_a_tone_mark_has_one_placement():
    assert tone_placements("dân") == ["dân"]
