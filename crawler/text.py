"""Vietnamese text normalisation: clean text for storage, canonical tone marks, search keys.

Three levels, from faithful to aggressive:

* :func:`clean_text` / :func:`clean_paragraphs` - what is stored. NFC, invisible characters
  removed, whitespace collapsed. The words and their tone-mark placement are kept as published.
* :func:`canonical_tones` - one tone-mark placement per syllable, so that ``hoà`` and ``hòa``,
  ``thuỷ`` and ``thủy`` (and misplaced marks such as ``hòan``, ``qúy``, ``ngừơi``, ``gìa``) compare
  equal. For comparison keys and de-duplication.
* :func:`fold` - accent-free, case-free search key (``Đảng Cộng sản`` -> ``dang cong san``) for the
  folded shadow column indexed by FTS5 beside title and body (no FTS5 tokenizer folds ``đ``).

Two companions serve search (``thanhuy_archive.search``), built on the rules above:

* :func:`fold_chars` - the same fold, one character for one, so that a match found in the folded
  text is at the same place in the text (highlighting).
* :func:`tone_placements` - the spellings of a word that differ only in where its tone mark sits
  (``hòa``, ``hoà``), for an accent-exact search over text stored as published.

Pure functions, standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

__all__ = ["clean_text", "clean_paragraphs", "canonical_tones", "fold", "fold_chars",
           "tone_placements", "tone_position"]

# --------------------------------------------------------------------------------------------
# clean_text
# --------------------------------------------------------------------------------------------

# Invisible characters that carry no text: removed outright. U+FEFF (BOM / zero-width
# no-break space) appears mid-paragraph in real pages and is not matched by \s.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\ufeff"  # zero-width no-break space / BOM
        "\u200b"  # zero-width space
        "\u200c"  # zero-width non-joiner
        "\u200d"  # zero-width joiner
        "\u2060"  # word joiner
        "\u00ad"  # soft hyphen
        "\u200e\u200f"  # left-to-right / right-to-left marks
        "\u180e",  # Mongolian vowel separator (was a space in old Unicode)
    )
)
# Control characters other than tab/newline/carriage return: dropped as well.
_INVISIBLE.update(dict.fromkeys(c for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c"))
_INVISIBLE.update(dict.fromkeys(range(0x7F, 0xA0)))
# No-break and typographic spaces become ordinary spaces (then collapsed).
_INVISIBLE.update(
    dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u3000\u1680\u205f"), " ")
)
_INVISIBLE.update(dict.fromkeys(range(0x2000, 0x200B), " "))
_INVISIBLE.update({0x2028: " ", 0x2029: " "})

_WHITESPACE_RUN = re.compile(r"\s+")
# The characters _INVISIBLE removes (not those it turns into spaces), as one class.
_INVISIBLE_RUN = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, v in sorted(_INVISIBLE.items()) if v is None) + "]+"
)


def clean_text(s: str | None) -> str:
    r"""One paragraph as it is stored: NFC, no invisible characters, single spaces, stripped.

    >>> clean_text("  Công\u00a0tác  dân\u200b vận\ufeff\n ")
    'Công tác dân vận'

    NBSP and other typographic spaces become a space; U+FEFF, zero-width characters, soft
    hyphens and control characters are removed; any run of whitespace (newlines included)
    becomes one space. ``None`` gives ``""``. Tone-mark placement is kept as published.
    """
    if not s:
        return ""
    # One regex pass, not str.translate: translate with a large table costs ~30 ns a
    # character and was the extractor's largest single cost. NBSP and the typographic
    # spaces are \s in Python's Unicode regexes, so the whitespace pass turns them to spaces.
    s = _INVISIBLE_RUN.sub("", str(s))
    s = unicodedata.normalize("NFC", s)
    return _WHITESPACE_RUN.sub(" ", s).strip()


def clean_paragraphs(paragraphs: Iterable[str | None]) -> list[str]:
    """:func:`clean_text` over each paragraph, dropping those left empty."""
    cleaned = (clean_text(p) for p in paragraphs or ())
    return [p for p in cleaned if p]


# --------------------------------------------------------------------------------------------
# canonical_tones
# --------------------------------------------------------------------------------------------

# The five tone marks, as combining characters (NFD).
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_TONE_MARKS = frozenset(_GRAVE + _ACUTE + _HOOK + _TILDE + _DOT)
# Vowel-quality marks: circumflex (â ê ô), breve (ă), horn (ơ ư).
_QUALITY_MARKS = frozenset("\u0302\u0306\u031b")

_VOWELS = frozenset("aăâeêioôơuưy")
# The vowels' base letters, as they start a vowel in NFD (â is "a" + U+0302).
_VOWEL_BASES = frozenset(unicodedata.normalize("NFD", v)[0] for v in _VOWELS)
_MARKED_VOWELS = frozenset("ăâêôơư")
# Initial consonants, longest first ("gi" and "qu" are handled specially below).
_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)
_CODAS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
# Every vowel cluster (nucleus with its glides) a Vietnamese syllable can have, tone removed.
# A word whose cluster is not listed is not Vietnamese (café, Pokémon) and is left alone.
_NUCLEI = frozenset(
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu".split()
)

# A word: letters, possibly followed by stray combining marks (NFD input, misplaced marks).
_WORD = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+")


def tone_position(letters: list[str]) -> int | None:
    """Index (into ``letters``, lower-case, tone-free) of the letter that takes the tone, or
    ``None`` when the letters are not a well-formed Vietnamese syllable: the one home of the
    syllable rules (onset, vowel cluster, final consonant), which the legacy-font detector
    (``crawler.legacy_fonts``) asks too.

    >>> tone_position(["h", "o", "a"]), tone_position(["n", "g", "ư", "ơ", "i"])
    (1, 3)
    >>> tone_position(["c", "a", "f", "e"]) is None
    True

    A letter with its quality mark is one letter (``"ư"``, NFC). The traditional ("old
    style") placement is used for open oa/oe/uy (``hòa``, ``khỏe``, ``thủy``): it is the one
    most Vietnamese newspapers and Party documents print.
    """
    word = "".join(letters)
    onset = ""
    for candidate in _ONSETS:
        if word.startswith(candidate):
            if candidate in ("gi", "qu"):
                # "gi"/"qu" are an onset only when a vowel follows (già, quý); otherwise the
                # "i" of "gìn" is the nucleus (and "qu" alone is not a syllable).
                if len(word) > 2 and word[2] in _VOWELS:
                    onset = candidate
                    break
                continue
            onset = candidate
            break
    start = len(onset)
    end = start
    while end < len(letters) and letters[end] in _VOWELS:
        end += 1
    nucleus, coda = word[start:end], word[end:]
    if nucleus not in _NUCLEI or coda not in _CODAS:
        return None

    marked = [i for i in range(start, end) if letters[i] in _MARKED_VOWELS]
    if marked:
        # ơ of ươ (người), ê of iê/uyê (thuyền), ô of uô, â of âu...: the last marked vowel.
        return marked[-1]
    size = end - start
    if size == 1:
        return start
    if coda:
        # hoàn, toán, quỳnh, huỳnh, hoạch: the last vowel before a final consonant.
        return end - 1
    if size == 3:
        # ngoài, khuỷu, ngoẹo: the middle vowel.
        return start + 1
    # mùa, của, hai, hòa, thủy, khỏe: the first vowel of an open two-vowel cluster.
    return start


@lru_cache(maxsize=65536)
def _canonical_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    bases: list[str] = []
    qualities: list[str] = []
    tone = ""
    tone_at = -1
    for ch in decomposed:
        if unicodedata.combining(ch):
            if not bases:
                return word
            if ch in _TONE_MARKS:
                if tone:
                    return word  # two tone marks: not a Vietnamese syllable (résumé)
                tone, tone_at = ch, len(bases) - 1
            elif ch in _QUALITY_MARKS:
                qualities[-1] += ch
            else:
                return word  # diaeresis, ring, caron...: foreign word
        else:
            bases.append(ch)
            qualities.append("")
    if not tone:
        return word
    letters = [unicodedata.normalize("NFC", b + q).lower() for b, q in zip(bases, qualities)]
    target = tone_position(letters)
    if target is None or target == tone_at:
        return word
    out = [b + q + (tone if i == target else "") for i, (b, q) in enumerate(zip(bases, qualities))]
    return unicodedata.normalize("NFC", "".join(out))


def canonical_tones(s: str | None) -> str:
    """The text (NFC) with one tone-mark placement per Vietnamese syllable.

    >>> canonical_tones("Khánh Hoà, thuỷ lợi, hòan thành, ngừơi")
    'Khánh Hòa, thủy lợi, hoàn thành, người'

    Rules: a vowel with a quality mark (â ê ô ơ ư ă) takes the tone (the second one in ươ);
    otherwise the last vowel before a final consonant (hoàn, quỳnh); otherwise the middle of
    three vowels (ngoài, khuỷu); otherwise the first of two (mùa, hòa, thủy). ``gi`` and ``qu``
    before a vowel are consonants (già, quý; but gìn). Words that are not well-formed
    Vietnamese syllables (café, résumé, Đắk) and words without a tone mark are returned
    unchanged; letter case is kept.
    """
    if not s:
        return ""
    s = unicodedata.normalize("NFC", str(s))
    return unicodedata.normalize("NFC", _WORD.sub(lambda m: _canonical_word(m.group()), s))


# --------------------------------------------------------------------------------------------
# fold
# --------------------------------------------------------------------------------------------

_FOLD_EXTRA = {ord("đ"): "d", ord("Đ"): "d", ord("\u0111"): "d"}
_FOLD_EXTRA.update(_INVISIBLE)


def fold(s: str | None) -> str:
    """Accent-free, case-free search key: ``Đảng Cộng sản`` -> ``dang cong san``.

    NFD, every combining mark dropped, ``đ``/``Đ`` -> ``d`` (they have no decomposition),
    casefolded. Spaces, punctuation and line breaks are kept where they are, so the key has the
    same words as the text and can be indexed by FTS5 (``unicode61``) next to it.
    """
    if not s:
        return ""
    s = unicodedata.normalize("NFD", str(s).translate(_FOLD_EXTRA))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", s.casefold())


class _CharFolds(dict):
    """A ``str.translate`` table filled on first sight of each character: C speed afterwards."""

    def __init__(self, keep_d):
        super().__init__()
        self.keep_d = keep_d

    def __missing__(self, code):
        ch = chr(code)
        if self.keep_d and ch in "đĐ":
            key = "đ"
        else:
            key = fold(ch)
            if len(key) != 1:  # ß -> ss, a zero-width space -> "": keep one character
                lowered = ch.lower()
                key = lowered if len(lowered) == 1 else ch
        self[code] = key
        return key


_CHAR_FOLDS = {False: _CharFolds(False), True: _CharFolds(True)}


def fold_chars(s: str | None, keep_d: bool = False) -> str:
    """:func:`fold` applied to each character of an NFC text on its own: the result has the
    same length, so a match found in it is at the same offsets in ``s``.

    >>> fold_chars("Ủy ban Đảng")
    'uy ban dang'
    >>> fold_chars("Ủy ban Đảng", keep_d=True)  # for a query that spells đ: đảng, not dạng
    'uy ban đang'

    A character whose fold is not one character (``ß``, a zero-width space) stands for itself,
    lower-cased when that is one character.
    """
    return (s or "").translate(_CHAR_FOLDS[keep_d])


def tone_placements(word: str, limit: int = 4) -> list[str]:
    """The spellings of a word that differ only in which vowel carries its tone mark, the
    word as given (NFC) first, at most ``limit``.

    >>> tone_placements("hòa")
    ['hòa', 'hoà']
    >>> tone_placements("dân")
    ['dân']

    Text is stored with its marks as published (``Khánh Hoà`` or ``Khánh Hòa``, and misplaced
    marks such as ``hòan``): an accent-exact search looks for each of these spellings.
    """
    letters, tone = [], None
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and letters:
            if ch in _TONE_MARKS and tone is None:
                tone = ch
            else:
                letters[-1] += ch
        else:
            letters.append(ch)
    spellings = [unicodedata.normalize("NFC", word)]
    if tone is None:
        return spellings
    for i, letter in enumerate(letters):
        if letter[0].lower() in _VOWEL_BASES:
            spelled = "".join(x + (tone if j == i else "") for j, x in enumerate(letters))
            spelled = unicodedata.normalize("NFC", spelled)
            if spelled not in spellings:
                spellings.append(spelled)
    return spellings[:limit]
