"""Vietnamese text typed in the legacy font encodings TCVN3 (ABC) and VNI, read back as Unicode.

Before Unicode became the rule for state documents (Decision 72/2002/QĐ-TTg, TCVN 6909:2001),
Vietnamese offices typed in 8-bit fonts whose bytes stand for Vietnamese letters: ``.VnTime``,
``.VnArial``... (TCVN3, also called ABC) and ``VNI-Times``... (VNI). Word files and PDFs made
from them declare an ordinary Western encoding, so every extractor shows their text as Latin-1 /
Windows-1252 characters::

    TCVN3  "Céng hßa X· héi chñ nghÜa ViÖt Nam"      -> "Cộng hòa Xã hội chủ nghĩa Việt Nam"
    VNI    "Coäng hoøa Xaõ hoäi chuû nghóa Vieät Nam" -> the same

Functions:

* :func:`encode_legacy` - Unicode text to the bytes a legacy font would hold (to make test
  documents; ``.decode("cp1252")`` of them is what an extractor shows).
* :func:`detect_font_encoding` - ``"unicode"``, ``"tcvn3"``, ``"vni"`` or ``"undecodable"``
  for an extracted text, from the text itself and, when known, the names of its fonts.
* :func:`decode_legacy` - an extracted text in a given legacy encoding, as NFC Unicode.
* :func:`to_unicode` - both: the text as NFC Unicode and the encoding it was in.

**Where the tables come from.** TCVN3 is the VN3 table of TCVN 5712:1993 (*Công nghệ thông tin
- Bộ mã chuẩn 8-bit kí tự Việt dùng trong trao đổi thông tin*), the one the ABC fonts implement:
the 60 lower-case toned vowels and ``ă â ê ô ơ ư đ`` in 0xA8-0xFE, and only seven capitals
(``Ă Â Ê Ô Ơ Ư Đ``, 0xA1-0xA7). Its 0xA0-0xFF half agrees byte for byte with glibc's
``TCVN5712-1`` converter (checked with ``iconv`` when this table was written); the capitals
VN1 places in the gaps of that half (0xAF ``Ằ``... 0xFF ``Ố``) and the combining tone marks at
0xB0-0xB4 are read as well, never written. VNI is the VNI Software Company's "VNI for Windows"
font encoding: a vowel is followed by one byte that adds its marks (``a`` + 0xF9 = ``á``, ``a``
+ 0xE1 = ``ấ``, ``a`` + 0xE9 = ``ắ``), capitals take the byte 0x20 lower (``A`` + 0xD9 =
``Á``), and ``ơ ư đ`` and the toned ``i`` and ``ỵ`` are bytes of their own (0xF4, 0xF6, 0xF1,
0xEC-0xF3, 0xEE). Both tables were cross-checked against the VBKey converter's published tables
(khiemdoan/VBKey, ``mdlCodeTable.bas``).

**Capitals in TCVN3.** VN3 has no codes for toned capitals: a typist set them in the companion
capitals font (``.VnTimeH``), whose glyphs for the lower-case codes are capitals. The text keeps
the lower-case code, so the case must be inferred. A word is in capitals when it has at least
two capitals (ASCII or one of the seven coded ones), a code, and no lower-case letter
(``CéNG`` -> ``CỘNG``; ``UBND`` is an acronym and says nothing). A word whose only sure letter is a leading capital (``Hµ``: ``Hà`` or ``HÀ``), or
that is only toned codes (``ë``: ``ở``), is in capitals when every nearest neighbour on its
line that is sure of its case is (``Hµ NéI`` -> ``HÀ NỘI``, ``Hµ Néi`` -> ``Hà Nội``). A word
that starts with a toned code is capitalised at the start of a sentence or list item
(``ë ®©y`` -> ``Ở đây``, ``a) Uû ban``). A toned capital typed in the capitals font elsewhere
(``ñy ban`` for ``Ủy ban`` mid-sentence) comes back lower-case: the text does not say otherwise.
Case does not matter to search (FTS5 folds it).

**TCVN3's ư.** Byte 0xAD is a soft hyphen in Latin-1 and "hyphen" in PDF's WinAnsiEncoding, so
extractors give ``\\xad`` or ``-`` for it (``n-íc`` for ``nước``). A soft hyphen is always ``ư``;
a ``-`` inside or at the end of a word is ``ư`` when that makes a Vietnamese syllable
(``n-íc``, ``nh-``) and stays a hyphen otherwise (``M¸c-Lªnin``).

**Detection.** Each reading (as is, TCVN3, VNI) is scored by how many words carrying non-ASCII
letters become well-formed Vietnamese syllables (``crawler.text``'s syllable rules, plus the
rule that a syllable ending in c/ch/p/t takes only the acute or dot-below tone). A legacy
reading wins when most such words decode (60%, and at least three words; 30% and one word when
a font's name says so: ``.VnTime``, ``VNI-Times``) and more words decode than as is; so
Unicode Vietnamese, English and French stay as they are. Text is ``undecodable`` when it is mostly ``(cid:N)`` codes, U+FFFD or
private-use characters (fonts without a Unicode map), or when its words are full of symbols
(``§¶`` between letters) that neither table turns into Vietnamese (another legacy font:
VPS, VietWare, BK HCM...). A line that already holds Vietnamese-only Unicode letters (ơ, ư, đ,
ạ...) is never converted, so a document that mixes Unicode and legacy text comes out whole.

Pure functions, standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

# The syllable shape rules have one home, crawler.text (see detection above).
from crawler.text import tone_position

__all__ = ["UNICODE", "TCVN3", "VNI", "UNDECODABLE", "Decoded", "decode_legacy",
           "detect_font_encoding", "encode_legacy", "font_encoding", "is_capitals_font",
           "is_vietnamese_syllable", "to_unicode"]

UNICODE, TCVN3, VNI, UNDECODABLE = "unicode", "tcvn3", "vni", "undecodable"
LEGACY_ENCODINGS = (TCVN3, VNI)

_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_TONES = frozenset(_GRAVE + _HOOK + _TILDE + _ACUTE + _DOT)

# --------------------------------------------------------------------------------------------
# The tables
# --------------------------------------------------------------------------------------------

# TCVN3 (TCVN 5712:1993 VN3): per vowel, its codes without tone (None: the ASCII letter) and
# with the five tones in the standard's order: grave, hook, tilde, acute, dot below.
_TCVN3_VOWELS = {
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_TONE_ORDER = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)
# The seven capitals VN3 has, and đ.
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
_TCVN3_D = {"đ": 0xAE}
# Read, never written: the capitals VN1 puts in the gaps of VN3, and VN1's combining tones.
_VN1_ONLY = {
    0xAF: "Ằ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ",
    0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ", 0xF0: "Ỗ", 0xFF: "Ố",
    0xB0: _GRAVE, 0xB1: _HOOK, 0xB2: _TILDE, 0xB3: _ACUTE, 0xB4: _DOT,
}


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _tcvn3_letters() -> dict[str, int]:
    """Every letter TCVN3 has a code for (lower-case, the seven capitals, đ) -> its byte."""
    table = dict(_TCVN3_CAPITALS, **_TCVN3_D)
    for vowel, codes in _TCVN3_VOWELS.items():
        if codes[0] is not None:
            table[vowel] = codes[0]
        for tone, code in zip(_TCVN3_TONE_ORDER, codes[1:]):
            table[_nfc(vowel + tone)] = code
    return table


_TCVN3_ENCODE = _tcvn3_letters()
# byte (as the Latin-1 character an extractor shows) -> letter
_TCVN3_DECODE = {chr(code): letter for letter, code in _TCVN3_ENCODE.items()}
_TCVN3_DECODE.update({chr(code): letter for code, letter in _VN1_ONLY.items()})
_TCVN3_DECODE["\u00ad"] = "ư"  # whatever reads 0xAD as a soft hyphen
_TCVN3_CAPITAL_CODES = frozenset(chr(c) for c in _TCVN3_CAPITALS.values())
_TCVN3_UNTONED_SMALL_CODES = frozenset(chr(c) for c in range(0xA8, 0xAF)) | {"\u00ad"}
# Codes whose case the text does not tell (the capitals font shows them as capitals).
_TCVN3_TONED_CODES = frozenset(chr(c) for c in _TCVN3_ENCODE.values()) - _TCVN3_CAPITAL_CODES \
    - _TCVN3_UNTONED_SMALL_CODES

# VNI: the byte after a vowel and the marks it adds (vowel-quality mark, tone). Capitals use
# the byte 0x20 lower (0xF9 "ù" -> 0xD9 "Ù").
_VNI_MARKS = {
    0xF8: ("", _GRAVE), 0xFB: ("", _HOOK), 0xF5: ("", _TILDE), 0xF9: ("", _ACUTE),
    0xEF: ("", _DOT),
    0xE2: (_CIRCUMFLEX, ""), 0xE0: (_CIRCUMFLEX, _GRAVE), 0xE5: (_CIRCUMFLEX, _HOOK),
    0xE3: (_CIRCUMFLEX, _TILDE), 0xE1: (_CIRCUMFLEX, _ACUTE), 0xE4: (_CIRCUMFLEX, _DOT),
    0xEA: (_BREVE, ""), 0xE8: (_BREVE, _GRAVE), 0xFA: (_BREVE, _HOOK), 0xFC: (_BREVE, _TILDE),
    0xE9: (_BREVE, _ACUTE), 0xEB: (_BREVE, _DOT),
}
# VNI letters of one byte (lower case; capitals 0x20 lower): ơ ư đ, the toned i, and ỵ.
_VNI_SINGLE = {"ơ": 0xF4, "ư": 0xF6, "đ": 0xF1, "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "í": 0xED,
               "ị": 0xF2, "ỵ": 0xEE}
# Which vowels take which quality mark in VNI (ơ and ư are single bytes and take tones only).
_VNI_QUALITY_BASES = {_CIRCUMFLEX: "aeo", _BREVE: "a", "": "aeouyơư"}


def _vni_letters() -> dict[str, str]:
    """Every Vietnamese letter VNI writes -> its bytes, as Latin-1 characters."""
    table = {}
    for letter, code in _VNI_SINGLE.items():
        table[letter] = chr(code)
        table[letter.upper()] = chr(code - 0x20)
    for code, (quality, tone) in _VNI_MARKS.items():
        for base in _VNI_QUALITY_BASES[quality]:
            letter = _nfc(base + quality + tone)
            # ơ/ư are single bytes themselves; ỵ is a byte of its own, not y + dot.
            table.setdefault(letter, table.get(base, base) + chr(code))
            table.setdefault(letter.upper(),
                             table.get(base.upper(), base.upper()) + chr(code - 0x20))
    return table


_VNI_ENCODE = _vni_letters()
_VNI_DECODE = {v: k for k, v in _VNI_ENCODE.items()}
# One alternation, longest first, so that a vowel and its mark byte are read together.
_VNI_UNIT = re.compile("|".join(re.escape(s) for s in sorted(_VNI_DECODE, key=len, reverse=True)))

# The Vietnamese letters outside Latin-1: a text with them is already Unicode.
_VIETNAMESE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1"
                              "\u01af\u01b0\u1ea0-\u1ef9]")
# cp1252's C1-range punctuation (curly quotes, dashes, ellipsis...): legacy fonts kept them.
_CP1252_PUNCTUATION = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


# --------------------------------------------------------------------------------------------
# Encoding (to make test documents)
# --------------------------------------------------------------------------------------------

def _legacy_code_of_other(ch: str, encoding: str) -> str:
    """ASCII, and cp1252 punctuation the legacy fonts kept at the same place, stay as they are."""
    if ch < "\x80" or ch in _CP1252_PUNCTUATION or ch == "\xa0":
        return ch
    raise ValueError(f"{ch!r} (U+{ord(ch):04X}) has no {encoding.upper()} code")


def encode_legacy(text: str, encoding: str) -> bytes:
    """The bytes a TCVN3 or VNI font holds for ``text``: what a Word file or PDF typed in
    ``.VnTime`` or ``VNI-Times`` stores. Read as cp1252 they are what extractors show.

    >>> encode_legacy("Cộng hòa Xã hội chủ nghĩa Việt Nam", "tcvn3").decode("cp1252")
    'Céng hßa X· héi chñ nghÜa ViÖt Nam'
    >>> encode_legacy("Độc lập - Tự do - Hạnh phúc", "vni").decode("cp1252")
    'Ñoäc laäp - Töï do - Haïnh phuùc'

    TCVN3 writes a toned capital with the code of its lower-case letter (the capitals font
    shows it as a capital): ``CỘNG`` -> ``CéNG``. ValueError for a character the encoding has
    no code for (a Chinese character, ``€``...).
    """
    text = _nfc(text)
    out = []
    if encoding == TCVN3:
        for ch in text:
            code = _TCVN3_ENCODE.get(ch, _TCVN3_ENCODE.get(ch.lower()))
            out.append(chr(code) if code is not None else _legacy_code_of_other(ch, encoding))
    elif encoding == VNI:
        for ch in text:
            out.append(_VNI_ENCODE.get(ch) or _legacy_code_of_other(ch, encoding))
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return "".join(out).encode("cp1252")


# --------------------------------------------------------------------------------------------
# Syllables
# --------------------------------------------------------------------------------------------

_STOP_FINAL = re.compile("(?:c|ch|p|t)$")


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` is a well-formed Vietnamese syllable: an onset, a vowel cluster and a
    final consonant Vietnamese has, at most one tone mark, and only the acute or dot-below tone
    before a final c, ch, p or t.

    >>> [is_vietnamese_syllable(w) for w in ("nước", "Nghiêng", "hòa", "ộtộ", "été", "mộc", "mồc")]
    [True, True, True, False, False, True, False]
    """
    letters, qualities, tone = [], [], ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        if not unicodedata.combining(ch):
            if not ("a" <= ch <= "z" or ch == "đ"):
                return False
            letters.append(ch)
            qualities.append("")
        elif not letters:
            return False
        elif ch in _TONES:
            if tone:
                return False
            tone = ch
        elif ch in "\u0302\u0306\u031b":
            qualities[-1] += ch
        else:
            return False
    if not letters:
        return False
    letters = [_nfc(b + q) for b, q in zip(letters, qualities)]
    if tone_position(letters) is None:
        return False
    # A syllable closed by c, ch, p or t takes the acute or the dot below, never another tone.
    return tone in (_ACUTE, _DOT) or not _STOP_FINAL.search("".join(letters))


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

# A run of letters as an extractor shows legacy text: ASCII letters, Latin-1's upper half
# (where both encodings put their codes), Vietnamese Unicode letters, combining marks; and the
# hyphen that may be TCVN3's ư when it follows a letter.
_LETTER = "A-Za-z\u00a1-\u00ff\u0100-\u024f\u1e00-\u1eff\u0300-\u036f"
_WORD = re.compile(f"[{_LETTER}](?:[{_LETTER}]|-(?=[{_LETTER}]|$|[^{_LETTER}]))*")
# What comes before a word that starts a sentence, on its line.
_AFTER_SENTENCE = re.compile(r"[.!?\u2026]\s+$")
# A list item's marker at the start of a line: "a) ", "1. ", "- ", "II. ".
_LIST_MARKER = re.compile(r"^\s*(?:[a-zđ]\)|\d+[.)]|[IVX]+\.|[-+*\u2022])\s+$")

def _tcvn3_letters_of(word: str) -> str:
    return "".join(_TCVN3_DECODE.get(ch, ch) for ch in word)


@lru_cache(maxsize=65536)
def _tcvn3_word(word: str) -> str:
    """A word's TCVN3 letters in lower case as coded; its hyphens are ư when that makes a
    syllable of it, else hyphens (the pieces are decoded on their own)."""
    if "-" not in word:
        return _tcvn3_letters_of(word)
    as_u = _tcvn3_letters_of(word.replace("-", "\u00ad"))
    if not word.startswith("-") and is_vietnamese_syllable(as_u):
        return as_u
    return "-".join(_tcvn3_letters_of(piece) for piece in word.split("-"))


# The case a TCVN3 word is sure of: "upper", "lower", or None (it depends on its neighbours;
# "title" when its first letter is a sure capital).
@lru_cache(maxsize=65536)
def _tcvn3_case(word: str) -> str | None:
    capitals = sum(1 for ch in word if "A" <= ch <= "Z" or ch in _TCVN3_CAPITAL_CODES)
    if any("a" <= ch <= "z" or ch in _TCVN3_UNTONED_SMALL_CODES for ch in word):
        return "lower"
    if capitals >= 2 and not word.isascii():  # all-ASCII capitals are acronyms: UBND, NQ
        return "upper"
    if capitals == 1 and ("A" <= word[0] <= "Z" or word[0] in _TCVN3_CAPITAL_CODES):
        return "title"
    return None  # toned codes only, or hyphens


def _decode_tcvn3_line(line: str, starts_sentence: bool, capitals) -> str:
    if capitals is not None:  # the fonts say which letters are capitals: no guessing
        return "".join(ch.upper() if capital else ch
                       for ch, capital in zip(_tcvn3_words(line), capitals))
    words = list(_WORD.finditer(line))
    cases = [_tcvn3_case(m.group()) for m in words]
    sure = [c if c in ("upper", "lower") else None for c in cases]
    # The nearest word on each side that is sure of its case.
    left, right = [None] * len(words), [None] * len(words)
    for i in range(1, len(words)):
        left[i] = sure[i - 1] or left[i - 1]
    for i in range(len(words) - 2, -1, -1):
        right[i] = sure[i + 1] or right[i + 1]
    out, last = [], 0
    for i, m in enumerate(words):
        coded, word = m.group(), _tcvn3_word(m.group())
        case = cases[i]
        if case in (None, "title") and {left[i], right[i]} - {None} == {"upper"}:
            case = "upper"  # every neighbour that knows its case is in capitals
        if case == "upper":
            word = word.upper()
        elif coded[0] in _TCVN3_TONED_CODES and _starts_sentence(line[:m.start()], starts_sentence):
            word = word[0].upper() + word[1:]
        out.append(line[last:m.start()])
        out.append(word)
        last = m.end()
    out.append(line[last:])
    return "".join(out)


def _starts_sentence(before: str, line_starts_sentence: bool) -> bool:
    return (bool(_AFTER_SENTENCE.search(before) or _LIST_MARKER.match(before))
            or (line_starts_sentence and not before.strip()))


def _tcvn3_words(line: str) -> str:
    """The line's letters decoded, as coded (lower-case for every toned letter)."""
    return _WORD.sub(lambda m: _tcvn3_word(m.group()), line)


def _decode_vni_line(line: str, starts_sentence: bool, capitals) -> str:
    return _VNI_UNIT.sub(lambda m: _VNI_DECODE[m.group()], line)


_LINE_DECODERS = {TCVN3: _decode_tcvn3_line, VNI: _decode_vni_line}


def decode_legacy(text: str, encoding: str, *, capitals: Sequence[bool] | None = None) -> str:
    """``text`` as an extractor shows a TCVN3 or VNI font, as NFC Unicode.

    >>> decode_legacy("Céng hßa X· héi chñ nghÜa ViÖt Nam", "tcvn3")
    'Cộng hòa Xã hội chủ nghĩa Việt Nam'
    >>> decode_legacy("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "tcvn3")
    'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM'
    >>> decode_legacy("Ñoäc laäp - Töï do - Haïnh phuùc", "vni")
    'Độc lập - Tự do - Hạnh phúc'

    ``capitals``, for TCVN3: one flag per character of ``text``, true for those set in a
    capitals font (``.VnTimeH``), when the format says which font each character is in; the
    case is then taken from it instead of being inferred. Lines that already hold
    Vietnamese-only Unicode letters are left as they are.
    """
    if capitals is not None and len(capitals) != len(text):
        raise ValueError(f"{len(capitals)} capitals flags for {len(text)} characters")
    decode_line = _LINE_DECODERS[encoding]
    done: list[str] = []
    previous, offset = "", 0
    for line in text.split("\n"):
        # A line starts a sentence after a blank line or a line that ended one.
        starts_sentence = not previous.strip() or previous.rstrip()[-1] in ".!?\u2026"
        line_capitals = None if capitals is None else capitals[offset:offset + len(line)]
        done.append(line if _VIETNAMESE_ONLY.search(line)
                    else decode_line(line, starts_sentence, line_capitals))
        previous, offset = line, offset + len(line) + 1
    return _nfc("\n".join(done))


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------

# Font names as PDFs and Office files give them: a subset tag ("ABCDEF+"), a leading "/"
# (a PDF name), style suffixes (",Bold", "-Italic").
_FONT_NAMES = (
    (TCVN3, re.compile(r"^/?(?:[A-Z]{6}\+)?\.?vn(?!i[-_ ])[a-z]", re.I)),  # .VnTime, .VnArialH
    (VNI, re.compile(r"^/?(?:[A-Z]{6}\+)?vni[-_ ]", re.I)),                # VNI-Times, VNI-Helve
)
# TCVN3's capitals fonts: the name ends in H before any style suffix (.VnTimeH, .VnArialH,
# ".VnTimeH,Bold").
_CAPITALS_FONT = re.compile(r"^/?(?:[A-Z]{6}\+)?\.?Vn[A-Za-z ]*H(?:[,-].*)?$")


def font_encoding(name: str) -> str | None:
    """The legacy encoding a font's name says its text is in, or None.

    >>> font_encoding("ABCDEF+.VnTimeH"), font_encoding("VNI-Times"), font_encoding("Arial")
    ('tcvn3', 'vni', None)
    """
    for encoding, pattern in _FONT_NAMES:
        if pattern.search(name or ""):
            return encoding
    return None


def is_capitals_font(name: str) -> bool:
    """Whether a font is one of TCVN3's capitals fonts, whose lower-case codes show capitals.

    >>> is_capitals_font(".VnTimeH"), is_capitals_font("/ABCDEF+.VnArialH,Bold"), is_capitals_font(".VnTime")
    (True, True, False)
    """
    return bool(_CAPITALS_FONT.match(name or ""))


_UNMAPPED = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")
# Symbols no Western word holds between its letters (§ ¶ · ¸ ¹ µ ¬ « ®...).
_SYMBOL_IN_WORD = re.compile(r"[A-Za-z\u00c0-\u00ff][\u00a1-\u00bf\u00d7\u00f7]|"
                             r"[\u00a1-\u00bf\u00d7\u00f7][A-Za-z]")
LEGACY_MIN_SHARE = 0.6
LEGACY_MIN_SHARE_WITH_FONT_HINT = 0.3
LEGACY_MIN_WORDS = 3  # without a font's name to say so, two words are not evidence enough
UNMAPPED_MAX_SHARE = 0.1
SYMBOL_WORDS_MIN_SHARE = 0.3


class _Reading(NamedTuple):
    valid: int  # words with non-ASCII letters that are Vietnamese syllables in this reading
    words: int  # words with non-ASCII letters


def _legacy_words(text: str) -> Counter:
    """The words an encoding can change, counted: non-ASCII, longer than one character (French
    «, » stand alone), in lines without Vietnamese-only Unicode letters."""
    return Counter(m.group() for line in text.split("\n") if not _VIETNAMESE_ONLY.search(line)
                   for m in _WORD.finditer(line) if len(m.group()) > 1 and not m.group().isascii())


def _reading(words: Counter, decode) -> _Reading:
    # Each distinct word once: a long document repeats a few thousand syllables.
    valid = sum(count for word, count in words.items()
                if all(is_vietnamese_syllable(p) for p in decode(word).split("-")))
    return _Reading(valid, sum(words.values()))


_DECODE_WORD = {
    UNICODE: _nfc,
    TCVN3: _tcvn3_word,
    VNI: lambda w: _nfc(_VNI_UNIT.sub(lambda m: _VNI_DECODE[m.group()], w)),
}


def _font_hint(font_names: Iterable[str]) -> str | None:
    return next(filter(None, map(font_encoding, font_names)), None)


def detect_font_encoding(text: str, *, font_names: Iterable[str] = ()) -> str:
    """The encoding an extracted text is in: ``"unicode"``, ``"tcvn3"``, ``"vni"``, or
    ``"undecodable"`` (see the module's documentation for the rules). ``font_names``: the names
    of the fonts the text was set in, when the format says (``.VnTime``, ``ABCDEF+VNI-Times``).

    >>> detect_font_encoding("Céng hßa X· héi chñ nghÜa ViÖt Nam")
    'tcvn3'
    >>> detect_font_encoding("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
    'vni'
    >>> detect_font_encoding("Le président a été élu à Paris, où il a déjà vécu.")
    'unicode'
    """
    letters = sum(1 for ch in text if ch.isalpha()) or 1
    unmapped = len(_UNMAPPED.findall(text))
    if unmapped >= 3 and unmapped > UNMAPPED_MAX_SHARE * letters:
        return UNDECODABLE
    words = _legacy_words(text)
    if not words:
        return UNICODE
    hint = _font_hint(font_names)
    as_is = _reading(words, _DECODE_WORD[UNICODE])
    best, best_reading = None, as_is
    for encoding in LEGACY_ENCODINGS:
        reading = _reading(words, _DECODE_WORD[encoding])
        min_share = LEGACY_MIN_SHARE_WITH_FONT_HINT if encoding == hint else LEGACY_MIN_SHARE
        min_words = 1 if encoding == hint else LEGACY_MIN_WORDS
        if (reading.valid > best_reading.valid and reading.valid >= min_words
                and reading.valid >= min_share * reading.words):
            best, best_reading = encoding, reading
    if best:
        return best
    symbol_words = sum(count for w, count in words.items() if _SYMBOL_IN_WORD.search(w))
    if symbol_words >= 3 and symbol_words >= SYMBOL_WORDS_MIN_SHARE * as_is.words:
        return UNDECODABLE
    return UNICODE


class Decoded(NamedTuple):
    text: str  # NFC; the input unchanged (but NFC) when it is not in a legacy encoding
    encoding: str  # unicode, tcvn3, vni or undecodable


def to_unicode(text: str, *, font_names: Iterable[str] = (),
               capitals: Sequence[bool] | None = None) -> Decoded:
    """The text as NFC Unicode and the encoding it was found in.

    >>> to_unicode("§éc lËp - Tù do - H¹nh phóc")
    Decoded(text='Độc lập - Tự do - Hạnh phúc', encoding='tcvn3')
    >>> to_unicode("Độc lập - Tự do - Hạnh phúc")
    Decoded(text='Độc lập - Tự do - Hạnh phúc', encoding='unicode')

    ``font_names`` and ``capitals``: see :func:`detect_font_encoding` and :func:`decode_legacy`.
    """
    encoding = detect_font_encoding(text, font_names=font_names)
    if encoding in LEGACY_ENCODINGS:
        return Decoded(decode_legacy(text, encoding, capitals=capitals), encoding)
    return Decoded(_nfc(text), encoding)
