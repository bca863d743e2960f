"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI) read back as Unicode: crawler.legacy_fonts.

The vectors are what an extractor shows for a file typed in ``.VnTime`` or ``VNI-Times``: the
font's bytes read as cp1252 (identical to Latin-1 for every byte these encodings use).
"""

import unicodedata

import pytest

from crawler.legacy_fonts import (
    TCVN3, UNDECODABLE, UNICODE, VNI, decode_legacy, detect_font_encoding, encode_legacy,
    is_vietnamese_syllable, to_unicode)
from tests.conftest import vi_cases

TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # grave, hook, tilde, acute, dot
LOWER = "".join(
    [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in ("",) + TONES
     if v + t not in "aeiouy"] + ["đ"])
UPPER = LOWER.upper()
SENTENCES = [
    "Cộng hòa Xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Ban Thường vụ Thành ủy chỉ đạo các cơ quan, đơn vị thực hiện nghiêm túc chủ trương của "
    "Đảng, pháp luật của Nhà nước.",
    "Thành phố Hồ Chí Minh, ngày 15 tháng 3 năm 2001",
    "Nơi nhận: như trên; lưu văn phòng Thành ủy.",
    "Người dân phường Bến Nghé, quận 1 hưởng ứng phong trào “Toàn dân đoàn kết xây dựng đời "
    "sống văn hóa” – kết quả bước đầu…",
]


def as_extracted(text, encoding, codec="cp1252"):
    return encode_legacy(text, encoding).decode(codec)


def test_there_are_134_vietnamese_letters_with_marks():
    assert len(LOWER) == len(UPPER) == 67
    assert len(set(LOWER + UPPER)) == 134


def test_tcvn3_bytes_are_those_of_tcvn_5712_vn3():
    # The 67 lower-case letters in the order above, byte for byte as glibc's TCVN5712-1
    # converter writes them (iconv -t TCVN5712-1), which agrees with the standard's table.
    assert encode_legacy(LOWER, TCVN3).hex() == (
        "b5b6b7b8b9a8bbbcbdbec6a9c7c8c9cacbcccecfd0d1aad2d3d4d5d6d7d8dcdddedfe1e2e3e4abe5e6e7"
        "e8e9aceaebecedeeeff1f2f3f4adf5f6f7f8f9fafbfcfdfeae")
    # VN3 codes only seven capitals; a toned capital is its lower-case code, shown as a
    # capital by the capitals font (.VnTimeH).
    assert as_extracted("ĂÂÊÔƠƯĐ", TCVN3) == "¡¢£¤¥¦§"
    assert encode_legacy(UPPER, TCVN3) == encode_legacy(LOWER, TCVN3).translate(
        bytes.maketrans(b"\xa8\xa9\xaa\xab\xac\xad\xae", b"\xa1\xa2\xa3\xa4\xa5\xa6\xa7"))


def test_vni_writes_a_vowel_then_a_mark_byte():
    assert as_extracted(LOWER, VNI) == (
        "aøaûaõaùaïaêaèaúaüaéaëaâaàaåaãaáaäeøeûeõeùeïeâeàeåeãeáeäìæóíòoøoûoõoùoïoâoàoåoãoáoä"
        "ôôøôûôõôùôïuøuûuõuùuïööøöûöõöùöïyøyûyõyùîñ")
    assert as_extracted(UPPER, VNI) == (
        "AØAÛAÕAÙAÏAÊAÈAÚAÜAÉAËAÂAÀAÅAÃAÁAÄEØEÛEÕEÙEÏEÂEÀEÅEÃEÁEÄÌÆÓÍÒOØOÛOÕOÙOÏOÂOÀOÅOÃOÁOÄ"
        "ÔÔØÔÛÔÕÔÙÔÏUØUÛUÕUÙUÏÖÖØÖÛÖÕÖÙÖÏYØYÛYÕYÙÎÑ")


@pytest.mark.parametrize("encoding, unicode_text, extracted", [
    (TCVN3, "Cộng hòa Xã hội chủ nghĩa Việt Nam", "Céng hßa X· héi chñ nghÜa ViÖt Nam"),
    (TCVN3, "Độc lập - Tự do - Hạnh phúc", "§éc lËp - Tù do - H¹nh phóc"),
    (TCVN3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM"),
    (VNI, "Cộng hòa Xã hội chủ nghĩa Việt Nam", "Coäng hoøa Xaõ hoäi chuû nghóa Vieät Nam"),
    (VNI, "Độc lập - Tự do - Hạnh phúc", "Ñoäc laäp - Töï do - Haïnh phuùc"),
    (VNI, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM"),
])
def test_the_national_motto_as_extractors_show_it_and_back(encoding, unicode_text, extracted):
    assert as_extracted(unicode_text, encoding) == extracted
    assert to_unicode(extracted) == (unicode_text, encoding)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("sentence, codec", [(s, "cp1252") for s in SENTENCES] + [
    # Latin-1 shows the same, but has no curly quotes or dashes (cp1252 keeps them at 0x80-0x9F)
    (s, "latin-1") for s in SENTENCES if not any(ch in s for ch in "“”–…")])
def test_sentences_round_trip(sentence, codec, encoding):
    extracted = as_extracted(sentence, encoding, codec)
    assert extracted != sentence
    assert detect_font_encoding(extracted) == encoding
    assert decode_legacy(extracted, encoding) == sentence


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_every_letter_round_trips_in_both_cases(encoding):
    lower = "Các chữ cái: " + " ".join(LOWER) + "."
    # TCVN3 knows a toned capital only from its neighbours: in a line of capitals.
    upper = "CÁC CHỮ HOA: " + " ".join(UPPER) + "."
    for text in (lower, upper):
        assert decode_legacy(as_extracted(text, encoding), encoding) == text


def test_every_capital_inside_a_word_of_capitals_round_trips_in_tcvn3():
    for letter in UPPER:
        word = f"NG{letter}N"
        assert decode_legacy(as_extracted(word, TCVN3), TCVN3) == word


@pytest.mark.parametrize("extracted, expected", [
    # Soft hyphen (Word, pypdf) and "-" (WinAnsi's name for 0xAD) for TCVN3's ư.
    ("n\xadíc ngoµi, th\xad¬ng m¹i", "nước ngoài, thương mại"),
    ("Ban Th-êng vô Thµnh ñy", "Ban Thường vụ Thành ủy"),
    ("chñ nghÜa M¸c-Lªnin vµ t- t-ëng Hå ChÝ Minh nh- sau", "chủ nghĩa Mác-Lênin và tư tưởng Hồ Chí Minh như sau"),
    # Headings: every word in capitals, a title word among lower-case ones.
    ("THµNH ñY THµNH PHè Hå CHÝ MINH", "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH"),
    ("UBND Hµ Néi; TP. Hå ChÝ Minh", "UBND Hà Nội; TP. Hồ Chí Minh"),
    # A toned capital at the start of a sentence or a list item.
    ("ë ®©y, mäi ng-êi ®Òu vui. ¡n qu¶ nhí kÎ trång c©y.", "Ở đây, mọi người đều vui. Ăn quả nhớ kẻ trồng cây."),
    ("a) Uû ban nh©n d©n c¸c quËn, huyÖn;\nb) Ên hµnh tµi liÖu.", "a) Uỷ ban nhân dân các quận, huyện;\nb) Ấn hành tài liệu."),
    # A page of a document, lines as a PDF extractor returns them.
    ("THµNH ñY TP. Hå CHÝ MINH\nSè 15-NQ/TU\n\nNGHÞ QUYÕT\nvÒ ph¸t triÓn kinh tÕ - x· héi\n"
     "§¶ng bé Thµnh phè l·nh ®¹o thùc hiÖn th¾ng lîi c¸c môc tiªu.",
     "THÀNH ỦY TP. HỒ CHÍ MINH\nSố 15-NQ/TU\n\nNGHỊ QUYẾT\nvề phát triển kinh tế - xã hội\n"
     "Đảng bộ Thành phố lãnh đạo thực hiện thắng lợi các mục tiêu."),
])
def test_garbage_as_pdf_and_word_extractors_give_it(extracted, expected):
    assert to_unicode(extracted) == (expected, TCVN3)


@pytest.mark.parametrize("extracted, expected", [
    # pdfminer.six 20260107 on PDFs in .VnTime (its heading typed in lower case in .VnTimeH:
    # without the fonts it stays lower case) and in VNI-Times, verbatim.
    ("thµnh ñy thµnh phè hå chÝ minh\n\nSè 15-NQ/TU\n\n§¶ng bé Thµnh phè l·nh ®¹o thùc hiÖn "
     "th¾ng lîi c¸c môc tiªu kinh tÕ - x· héi n¨m 2001.\n\n\x0c",
     ("thành ủy thành phố hồ chí minh\n\nSố 15-NQ/TU\n\nĐảng bộ Thành phố lãnh đạo thực hiện "
      "thắng lợi các mục tiêu kinh tế - xã hội năm 2001.\n\n\x0c", TCVN3)),
    ("THAØNH UÛY THAØNH PHOÁ HOÀ CHÍ MINH\n\nSoá 15-NQ/TU\n\nÑaûng boä Thaønh phoá laõnh ñaïo "
     "thöïc hieän thaéng lôïi caùc muïc tieâu kinh teá - xaõ hoäi naêm 2001.\n\n\x0c",
     ("THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH\n\nSố 15-NQ/TU\n\nĐảng bộ Thành phố lãnh đạo thực hiện "
      "thắng lợi các mục tiêu kinh tế - xã hội năm 2001.\n\n\x0c", VNI)),
])
def test_pdfminer_output_verbatim(extracted, expected):
    assert to_unicode(extracted) == expected


def test_vni_garbage_as_extractors_give_it():
    extracted = ("Ñaûng boä Thaønh phoá Hoà Chí Minh laõnh ñaïo thöïc hieän thaéng lôïi caùc "
                 "muïc tieâu kinh teá - xaõ hoäi naêm 2001.")
    assert to_unicode(extracted) == (
        "Đảng bộ Thành phố Hồ Chí Minh lãnh đạo thực hiện thắng lợi các mục tiêu kinh tế - xã "
        "hội năm 2001.", VNI)


def test_a_number_line_alone_keeps_its_title_word():
    assert decode_legacy("Sè: 15-NQ/TU", TCVN3) == "Số: 15-NQ/TU"  # NQ, TU: acronyms


def test_the_capitals_font_decides_the_case_when_the_format_says_which_it_is():
    # "Ủy ban" mid-sentence: the Ủ typed in .VnTimeH. Without fonts it cannot be told.
    extracted = "Th­êng trùc ñy ban nh©n d©n"
    capitals = [False] * len(extracted)
    capitals[extracted.index("ñ")] = True
    assert decode_legacy(extracted, TCVN3) == "Thường trực ủy ban nhân dân"
    assert decode_legacy(extracted, TCVN3, capitals=capitals) == "Thường trực Ủy ban nhân dân"
    # A heading typed in lower case in the capitals font.
    heading = "céng hßa x· héi chñ nghÜa viÖt nam"
    assert decode_legacy(heading, TCVN3, capitals=[True] * len(heading)) == \
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def unicode_vietnamese_texts():
    words = [w for pair in vi_cases("unicode")["same_word_after_canonicalisation"] for w in pair]
    return [" ".join(words), "\n".join(vi_cases("search")["documents"].values())] + SENTENCES


@pytest.mark.parametrize("text", unicode_vietnamese_texts())
def test_unicode_vietnamese_is_left_alone(text):
    assert detect_font_encoding(text) == UNICODE
    assert to_unicode(text).text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("text", [
    "The Ho Chi Minh City Party Committee issued Resolution No. 15-NQ/TU on the city's "
    "development to 2030. The café owner's naïve résumé was rejected.",
    "Le président de la République a été reçu à Hô Chi Minh-Ville, où il a évoqué la "
    "coopération économique franco-vietnamienne. « C'est une étape décisive », a-t-il déclaré. "
    "Hélène, née à Lyon, a dû répondre à des questions très précises sur le thé et le rôle de l'État.",
    "Où est la bibliothèque ? Là-bas, près du théâtre. Déjà vu, très ému, à côté, ça va, être, "
    "même, règle, élève, fête, hôte, dû, île, maïs, Noël, cœur, père, mère, frère.",
    "Die Bürger der Stadt haben über die Änderungen abgestimmt; größere Straßen wurden gebaut.",
])
def test_english_french_and_german_are_not_legacy_vietnamese(text):
    assert detect_font_encoding(text) == UNICODE
    assert to_unicode(text).text == text


def test_a_document_mixing_unicode_and_tcvn3_lines_is_converted_line_by_line():
    text = "Thành ủy Thành phố Hồ Chí Minh\n" + as_extracted(
        "Ban Thường vụ Thành ủy chỉ đạo các cơ quan thực hiện nghiêm túc.", TCVN3) + \
        "\nNghị quyết số 15 của Đảng bộ"
    assert to_unicode(text) == (
        "Thành ủy Thành phố Hồ Chí Minh\nBan Thường vụ Thành ủy chỉ đạo các cơ quan thực hiện "
        "nghiêm túc.\nNghị quyết số 15 của Đảng bộ", TCVN3)


def test_a_short_text_is_converted_only_when_its_font_says_so():
    cell = "Hµ Néi"
    assert detect_font_encoding(cell) == UNICODE  # two words are not evidence enough
    assert detect_font_encoding(cell, font_names=[".VnTime"]) == TCVN3
    assert detect_font_encoding("Haø Noäi", font_names=["ABCDEF+VNI-Times"]) == VNI
    assert to_unicode(cell, font_names=[".VnArialH"]).text == "Hà Nội"


def test_text_no_table_reads_is_undecodable():
    # Another legacy font (VPS, VietWare...): symbols between letters that neither table
    # makes Vietnamese of. Simulated by moving every TCVN3 code elsewhere in Latin-1.
    other_font = bytes(b ^ 0x1C if b >= 0xA0 else b for b in encode_legacy(
        "Thành ủy Thành phố Hồ Chí Minh đã ban hành Nghị quyết về phát triển kinh tế - xã hội "
        "năm 2001 của các quận, huyện trong toàn thành phố.", TCVN3)).decode("latin-1")
    assert detect_font_encoding(other_font) == UNDECODABLE
    assert to_unicode(other_font) == (other_font, UNDECODABLE)
    # A font without a Unicode map, as pdfminer.six shows it; Private Use glyph codes.
    assert detect_font_encoding("(cid:12)(cid:34)(cid:56) (cid:78)(cid:90) ABC") == UNDECODABLE
    assert detect_font_encoding("\ue012\ue034\ue056 \ue078\ue090 abc") == UNDECODABLE
    # ...but a bullet from a symbol font in a Unicode text is only a bullet.
    assert detect_font_encoding("\uf0b7 Nội dung chính\n\uf0b7 Mục tiêu tổng quát") == UNICODE


def test_encoding_a_character_the_fonts_lack_is_an_error():
    with pytest.raises(ValueError, match="no TCVN3 code"):
        encode_legacy("Hà Nội 河内", TCVN3)
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        encode_legacy("Hà Nội", "viscii")
    with pytest.raises(ValueError, match="capitals flags"):
        decode_legacy("Hµ Néi", TCVN3, capitals=[True])


@pytest.mark.parametrize("word, expected", [
    ("nước", True), ("Nghiêng", True), ("khuỷu", True), ("gìn", True), ("quý", True),
    ("ộtộ", False), ("été", False), ("mồc", False), ("Lênin", False), ("ổé", False),
])
def test_vietnamese_syllables(word, expected):
    assert is_vietnamese_syllable(word) is expected
