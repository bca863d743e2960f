"""What a researcher types in the search box, turned into a safe SQLite FTS5 query.

The language (the same on the search page, in ``?_search=`` and in the canned queries):

=====================  =====================================================================
``dan van``            articles with both words, with or without diacritics (dân vận, Dẫn vấn)
``"cong tac dan van"`` the exact phrase (words adjacent, in that order)
``dân*``               a word beginning with ``dân`` (prefix)
``dân vận OR dân chủ`` either term: OR joins the two terms beside it
``-xã``, ``-"dân chủ"``  leave out articles with that word or phrase
=====================  =====================================================================

Every word and phrase is quoted before it reaches FTS5, so punctuation, ``AND``/``NEAR``,
column names or unbalanced quotes can never raise a syntax error or change the query's meaning.

>>> to_fts5('dan van')
'"dan" AND "van"'
>>> to_fts5('"công tác dân vận" hội*')
'"công tác dân vận" AND "hội"*'
>>> to_fts5('dân vận OR "dân chủ" -xã')
'("dân" AND ("vận" OR "dân chủ")) NOT "xã"'
>>> import unicodedata
>>> unicodedata.normalize("NFC", to_fts5('hoà', exact=True))  # any tone place, NFC or NFD
'("hoà" OR "hòa" OR "hoà" OR "hòa")'
>>> to_fts5('  "  ') is None
True
"""

import re
import unicodedata

from crawler.text import canonical_tones

# A term: an optional "-", then a quoted phrase (closing quote optional) or a bare word; an
# optional "*" right after it makes it a prefix.
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
_WORDLIKE = re.compile(r"[^\W_]")


def parse(query):
    """The terms of a query: a list of ``(kind, text, prefix)`` where kind is ``"and"``,
    ``"or"`` (joined to the previous term by OR) or ``"not"``."""
    terms = []
    pending_or = False
    for match in _TERM.finditer(query or ""):
        negate, phrase, word = match.groups()
        text = phrase if phrase is not None else word
        if phrase is None and text == "OR" and not negate:
            pending_or = bool(terms)
            continue
        prefix = False
        if text.endswith("*"):
            prefix = True
            text = text.rstrip("*")
        elif phrase is not None and query[match.end():match.end() + 1] == "*":
            prefix = True
        text = " ".join(text.split())
        if not _WORDLIKE.search(text):
            pending_or = False
            continue
        kind = "not" if negate else ("or" if pending_or and terms and terms[-1][0] != "not"
                                     else "and")
        terms.append((kind, text, prefix))
        pending_or = False
    return terms


def _quote(text, prefix):
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = set("aeiouyAEIOUY")
MAX_VARIANTS = 16


def tone_variants(word):
    """The spellings of a word that differ only in where its tone mark sits, NFC first, then
    the same in NFD (stored text is NFC, but may come decomposed).

    >>> [unicodedata.normalize("NFC", v) for v in tone_variants("hòa")]
    ['hòa', 'hoà', 'hòa', 'hoà']
    >>> [len(v) for v in tone_variants("dân")]
    [3, 4]
    """
    decomposed = unicodedata.normalize("NFD", word)
    letters, tone = [], None
    for ch in decomposed:
        if unicodedata.combining(ch) and letters:
            if ch in _TONE_MARKS and tone is None:
                tone = ch
            else:
                letters[-1] += ch
        else:
            letters.append(ch)
    spellings = [unicodedata.normalize("NFC", word)]
    if tone is not None:
        for i, letter in enumerate(letters):
            if letter[0] in _VOWELS:
                spelled = "".join(x + (tone if j == i else "") for j, x in enumerate(letters))
                spelled = unicodedata.normalize("NFC", spelled)
                if spelled not in spellings:
                    spellings.append(spelled)
        spellings = spellings[:4]
    return spellings + [unicodedata.normalize("NFD", s) for s in spellings]


def _exact_alternatives(text, prefix):
    """A term of the accent-exact mode: every tone placement (and NFD form) of its words,
    quoted, for FTS5 to OR together."""
    words = text.split()
    variants = [tone_variants(w) for w in words]
    half = [len(v) // 2 for v in variants]
    combos = 1
    for n in half:
        combos *= n
    if combos > MAX_VARIANTS:  # a long phrase of ambiguous words: as typed, NFC and NFD
        return [_quote(unicodedata.normalize(form, text), prefix) for form in ("NFC", "NFD")]
    import itertools

    phrases = []
    for form in (0, 1):  # a text is NFC or NFD throughout: no mixed phrases
        choices = [v[form * h:(form + 1) * h] for v, h in zip(variants, half)]
        for combo in itertools.product(*choices):
            quoted = _quote(" ".join(combo), prefix)
            if quoted not in phrases:
                phrases.append(quoted)
    return phrases


def to_fts5(query, exact=False):
    """The FTS5 MATCH expression for ``query``, or None when it has no word to look for.

    ``exact=True`` is for ``articles_exact_fts``, which keeps diacritics: each word is looked
    for with its tone mark in any place (``hòa`` finds ``hoà``) and in NFC or NFD."""
    if not query:
        return None
    query = unicodedata.normalize("NFC", str(query))
    groups = []  # each: a list of quoted alternatives (OR)
    excluded = []
    for kind, text, prefix in parse(query):
        alternatives = _exact_alternatives(text, prefix) if exact else [_quote(text, prefix)]
        if kind == "not":
            excluded.extend(alternatives)
        elif kind == "or" and groups:
            groups[-1].extend(alternatives)
        else:
            groups.append(alternatives)
    if not groups:
        return None
    parts = [g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups]
    expression = " AND ".join(parts)
    if excluded:
        if len(parts) > 1:
            expression = f"({expression})"
        expression += "".join(f" NOT {q}" for q in excluded)
    return expression


# -- snippets -----------------------------------------------------------------------------------

MARK_OPEN, MARK_CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧: readable in CSV/JSON, turned into <mark> in HTML
_TOKEN = re.compile(r"[^\W_]+")


def _char_key(ch, keep_d):
    """One character's search key, always one character long (so offsets line up)."""
    if ch in "đĐ":
        return "đ" if keep_d else "d"
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0] if not unicodedata.combining(decomposed[0]) else ch
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


class _KeyTable(dict):
    """A str.translate table that fills itself: C-speed keys after the first sight of a
    character."""

    def __init__(self, keep_d):
        super().__init__()
        self.keep_d = keep_d

    def __missing__(self, code):
        value = self[code] = _char_key(chr(code), self.keep_d)
        return value


_TABLES = {"fold": _KeyTable(False), "strip": _KeyTable(True)}


def _key(text, how):
    if how == "exact":
        key = canonical_tones(text).lower()
        return key if len(key) == len(text) else text.lower()
    return text.translate(_TABLES[how])


def _matchers(query, exact):
    """For each positive term, a list of token tests, one per word of the term."""
    query = unicodedata.normalize("NFC", str(query or ""))
    if exact:
        query = canonical_tones(query)
    terms = []
    for kind, text, prefix in parse(query):
        if kind == "not":
            continue
        words = _TOKEN.findall(text)
        tests = []
        for i, word in enumerate(words):
            if exact:
                how, target = "exact", _key(word, "exact")
            elif "đ" in _key(word, "strip"):
                how, target = "strip", _key(word, "strip")  # 'đảng' finds Đảng, not dạng
            else:
                how, target = "fold", _key(word, "fold")  # 'dang' finds dạng and Đảng
            tests.append((how, target, prefix and i == len(words) - 1))
        if tests:
            terms.append(tests)
    return terms


def _find(text, terms):
    """(start, end) character spans of the terms' matches in text, and the token list."""
    needed = {how for tests in terms for how, _, _ in tests}
    keys = {how: _key(text, how) for how in needed}
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if any(len(key) != len(text) for key in keys.values()):
        return tokens, []
    spans = []
    for tests in terms:
        n = len(tests)
        for i in range(len(tokens) - n + 1):
            for j, (how, target, prefix) in enumerate(tests):
                s, e = tokens[i + j]
                word = keys[how][s:e]
                if not (word.startswith(target) if prefix else word == target):
                    break
            else:
                spans.append((i, i + n - 1))
    return tokens, sorted(set(spans))


def _clean(text):
    return unicodedata.normalize("NFC", text or "").replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]")


def mark_text(text, query, exact=False):
    """The whole text with every match of query between ⟦ and ⟧ (for titles).

    >>> mark_text("Công tác Dân vận của Đảng", "dan van")
    'Công tác ⟦Dân⟧ ⟦vận⟧ của Đảng'
    >>> mark_text("Công tác Dân vận của Đảng", '"dân vận" đảng', exact=True)
    'Công tác ⟦Dân vận⟧ của ⟦Đảng⟧'
    """
    text = _clean(text)
    tokens, spans = _find(text, _matchers(query, exact))
    return _render(text, tokens, spans, 0, len(tokens))


def _render(text, tokens, spans, first, last):
    """Text from token ``first`` to token ``last`` (exclusive), the spans marked."""
    pos = 0 if first == 0 or not tokens else tokens[first][0]
    end = len(text) if last >= len(tokens) else tokens[last - 1][1]
    out = []
    for a, b in spans:
        if a < first or b >= last or tokens[a][0] < pos:
            continue
        s, e = tokens[a][0], tokens[b][1]
        out.append(text[pos:s] + MARK_OPEN + text[s:e] + MARK_CLOSE)
        pos = e
    out.append(text[pos:end])
    return "".join(out)


def snippet(query, texts, exact=False, words=32):
    """A short extract of the first text with a match, the matches between ⟦ and ⟧; the start
    of the first non-empty text when none matches.

    >>> snippet("dang", ["", "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 10"], words=6)
    '…hành ⟦Đảng⟧ bộ thành phố lần…'
    """
    terms = _matchers(query, exact)
    fallback = None
    for text in texts:
        text = _clean(text)
        if not text.strip():
            continue
        tokens, spans = _find(text, terms)
        if fallback is None:
            fallback = (text, tokens)
        if spans:
            first = max(0, spans[0][0] - words // 4)
            last = min(len(tokens), first + words)
            first = max(0, min(first, last - words))
            return _ellipsis(_render(text, tokens, spans, first, last), first, last, tokens)
    if fallback is None:
        return ""
    text, tokens = fallback
    last = min(len(tokens), words)
    return _ellipsis(_render(text, tokens, [], 0, last), 0, last, tokens)


def _ellipsis(extract, first, last, tokens):
    extract = " ".join(extract.split())
    return ("…" if first > 0 else "") + extract + ("…" if last < len(tokens) else "")


def marks_to_html(text):
    """Escape text for HTML and turn ⟦ ⟧ into <mark></mark>: nothing else becomes markup."""
    from markupsafe import Markup, escape

    html = str(escape(text or ""))
    return Markup(html.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))
