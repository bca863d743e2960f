"""The query side of search, in one place: what a researcher types, parsed once into a
:class:`Query` that knows its terms, its FTS5 forms, its cost, and how to highlight its matches.

The language (the same on the search page, in ``?_search=`` and in the canned queries):

=====================  =====================================================================
``dan van``            articles with both words, with or without diacritics (dân vận, Dẫn vấn)
``"cong tac dan van"`` the exact phrase (words adjacent, in that order)
``dân*``               a word beginning with ``dân`` (prefix)
``dân vận OR dân chủ`` either term: OR joins the two terms beside it
``-xã``, ``-"dân chủ"``  leave out articles with that word or phrase
=====================  =====================================================================

Three modes: ``folded`` (the default: diacritics and case ignored, ``articles_fts``),
``exact`` (diacritics kept, tone-mark placement and NFC/NFD ignored, ``articles_exact_fts``)
and ``raw`` (the text goes to FTS5 as typed: NEAR(), column filters; Datasette's own mode).

Every word and phrase is quoted before it reaches FTS5, so punctuation, ``AND``/``NEAR``,
column names or unbalanced quotes can never raise a syntax error or change the query's meaning.

>>> Query('dan van').fts5  # typed bare, d may be đ: see _folded_alternatives
'("dan" OR "đan") AND "van"'
>>> Query('"công tác dân vận" hội*').fts5
'"công tác dân vận" AND "hội"*'
>>> Query('dân vận OR "dân chủ" -xã').fts5
'("dân" AND ("vận" OR "dân chủ")) NOT "xã"'
>>> import unicodedata
>>> unicodedata.normalize("NFC", Query('hoà', "exact").fts5)  # any tone place, NFC or NFD
'("hoà" OR "hòa" OR "hoà" OR "hòa")'
>>> Query('  "  ').fts5 is None
True

A query is bounded (:data:`MAX_CHARS` characters, :data:`MAX_TERMS` terms), and so is the text
it highlights (:data:`MAX_TEXT_CHARS`): the work a search does has a ceiling whatever is typed.
Folding and tone rules are Vietnamese text rules: they live in ``crawler.text``.
"""

import itertools
import re
import unicodedata
from functools import cached_property, lru_cache
from typing import NamedTuple

from markupsafe import Markup, escape

from crawler.text import canonical_tones, fold_chars, tone_placements

MODES = ("folded", "exact", "raw")
MAX_CHARS = 500
MAX_TERMS = 32
# The longest text highlighted or extracted from; beyond it, what follows is left unmarked.
# Articles are 2,000-50,000 characters; the longest Party documents a few hundred thousand.
MAX_TEXT_CHARS = 1_000_000
# A phrase of ambiguous words (tone placements; d or đ): past this many spellings, only as
# typed.
MAX_SPELLINGS = 16
NO_MATCH = '""'  # an FTS5 query that matches nothing (a query without a word)
INDEXES = {"folded": "articles_fts", "exact": "articles_exact_fts", "raw": "articles_fts"}

MARK_OPEN, MARK_CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧: readable in CSV/JSON, <mark> in HTML


class QueryError(ValueError):
    """A query the archive does not run; the message says why, for the person who typed it."""


class Term(NamedTuple):
    kind: str  # "and", "or" (joined to the previous term by OR) or "not"
    text: str  # a word or the words of a phrase, single-spaced
    prefix: bool  # followed by "*"


# A term: an optional "-", then a quoted phrase (closing quote optional) or a bare word; an
# optional "*" right after it makes it a prefix.
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
_WORDLIKE = re.compile(r"[^\W_]")
_TOKEN = re.compile(r"[^\W_]+")


def parse_terms(text):
    """The terms of a query, in order; ``OR`` and terms without a letter or digit are not
    terms."""
    terms = []
    pending_or = False
    for match in _TERM.finditer(text):
        negate, phrase, word = match.groups()
        term = phrase if phrase is not None else word
        if phrase is None and term == "OR" and not negate:
            pending_or = bool(terms)
            continue
        prefix = False
        if term.endswith("*"):
            prefix = True
            term = term.rstrip("*")
        elif phrase is not None and text[match.end():match.end() + 1] == "*":
            prefix = True
        term = " ".join(term.split())
        if not _WORDLIKE.search(term):
            pending_or = False
            continue
        kind = "not" if negate else ("or" if pending_or and terms and terms[-1].kind != "not"
                                     else "and")
        terms.append(Term(kind, term, prefix))
        pending_or = False
    return terms


def _quote(text, prefix):
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _quote_free(term):
    """A term as a query of its own (its words as a phrase, its prefix star)."""
    return '"' + term.text.replace('"', " ") + '"' + ("*" if term.prefix else "")


def _folded_alternatives(term):
    """A folded-mode term as FTS5 alternatives. The accent-insensitive index folds every tone
    and vowel mark but not đ, and in Vietnamese đ only starts a syllable: so a word typed bare
    (no diacritics at all) with a d is looked for with d and with đ ("dang" finds "dạng" and
    "Đảng"), while one typed with its marks means what it says ("dân" is not "đân"; "đảng"
    finds "Đảng", "Đang", "đắng", never "dạng"). A phrase of many such words: past
    MAX_SPELLINGS spellings, only as typed."""
    spellings = _capped([(w, "đ" + w[1:]) if w[:1] in "dD" and w.isascii() else (w,)
                         for w in term.text.split()])
    return [_quote(" ".join(combo), term.prefix) for combo in itertools.product(*spellings)]


def _capped(spellings):
    """``spellings`` (each word's, the word as typed first), or each word only as typed when
    their combinations are more than MAX_SPELLINGS (a long phrase of ambiguous words)."""
    if len(list(itertools.islice(itertools.product(*spellings), MAX_SPELLINGS + 1))) \
            > MAX_SPELLINGS:
        return [spelling[:1] for spelling in spellings]
    return spellings


def _any(alternatives):
    """One FTS5 expression matching any of ``alternatives``."""
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


def _exact_alternatives(term):
    """An exact-mode term as FTS5 alternatives: every tone placement of its words, in NFC and
    in NFD (stored text is NFC, but may come decomposed; never mixed within one text)."""
    spellings = _capped([tone_placements(w) for w in term.text.split()])
    alternatives = []
    for form in ("NFC", "NFD"):
        for combo in itertools.product(*spellings):
            quoted = _quote(unicodedata.normalize(form, " ".join(combo)), term.prefix)
            if quoted not in alternatives:
                alternatives.append(quoted)
    return alternatives


class Query:
    """A query as typed and its mode, parsed once; build it with :func:`parse` (cached).

    Raises :class:`QueryError` for an unknown mode, a NUL character, more than
    :data:`MAX_CHARS` characters or more than :data:`MAX_TERMS` terms."""

    def __init__(self, text, mode="folded"):
        if mode not in MODES:
            raise QueryError(f"Unknown search mode {str(mode)[:20]!r}: use "
                             + ", ".join(MODES) + " / Chế độ tìm kiếm không hợp lệ")
        text = "" if text is None else str(text)
        if "\x00" in text:
            raise QueryError("A query cannot contain a NUL character / Từ khóa chứa ký tự NUL")
        if len(text) > MAX_CHARS:
            raise QueryError(f"A query has at most {MAX_CHARS} characters, this one has "
                             f"{len(text):,} / Từ khóa tối đa {MAX_CHARS} ký tự")
        self.text = unicodedata.normalize("NFC", text).strip()
        self.mode = mode
        self.terms = tuple(parse_terms(self.text))
        if len(self.terms) > MAX_TERMS:
            raise QueryError(f"A query has at most {MAX_TERMS} terms, this one has "
                             f"{len(self.terms)} / Tối đa {MAX_TERMS} từ khóa")

    def __repr__(self):
        return f"Query({self.text!r}, {self.mode!r})"

    @property
    def exact(self):
        return self.mode == "exact"

    @property
    def fts_table(self):
        """The FTS5 index this query runs on."""
        return INDEXES[self.mode]

    @cached_property
    def fts5(self):
        """The FTS5 MATCH expression, or None when the query has no word to look for."""
        if self.mode == "raw":
            return self.text or None
        groups, excluded = [], []  # groups: lists of quoted alternatives (OR), ANDed
        for term in self.terms:
            alternatives = self._alternatives(term)
            if term.kind == "not":
                excluded.extend(alternatives)
            elif term.kind == "or" and groups:
                groups[-1].extend(alternatives)
            else:
                groups.append(alternatives)
        if not groups:
            return None
        parts = [_any(g) for g in groups]
        expression = " AND ".join(parts)
        if excluded:
            if len(parts) > 1:
                expression = f"({expression})"
            expression += "".join(f" NOT {q}" for q in excluded)
        return expression

    @property
    def match(self):
        """The MATCH expression to run: :attr:`fts5`, or one that matches nothing."""
        return self.fts5 or NO_MATCH

    @cached_property
    def phrase(self):
        """The MATCH expression of the query's words as one phrase, in the order typed: the
        articles where the words stand together rank first (see :data:`RANKED_SQL`). None when
        there is no such thing: fewer than two terms to join, an OR between them, or raw mode.

        >>> Query("dan van").phrase
        '("dan van" OR "đan van")'
        >>> Query('công tác "dân vận" -xã').phrase
        '"công tác dân vận"'
        >>> Query('"công tác dân vận"').phrase is None  # one phrase: every match is one
        True
        """
        if self.mode == "raw":
            return None
        kept = [t for t in self.terms if t.kind != "not"]
        if len(kept) < 2 or any(t.kind == "or" for t in kept):
            return None
        together = Term("and", " ".join(t.text for t in kept), kept[-1].prefix)
        return _any(self._alternatives(together))

    def _alternatives(self, term):
        return _exact_alternatives(term) if self.exact else _folded_alternatives(term)

    def found_in(self, text):
        """Whether ``text`` answers the query as its highlighting reads it: every term (or one
        of the terms an OR joins) occurs, no excluded term does. How a text that no index of
        this mode covers (a document's, in exact mode) is checked; reads at most
        :data:`MAX_TEXT_CHARS` characters.

        >>> Query("dân vận", "exact").found_in("Dẫn vấn đề"), Query("dan van").found_in("Dẫn vấn")
        (False, True)
        """
        text = _nfc(text)[:MAX_TEXT_CHARS]
        groups, ok = [], True
        for term in self.terms:
            found = bool(Query(_quote_free(term), self.mode).spans(text))
            if term.kind == "not":
                ok = ok and not found
            elif term.kind == "or" and groups:
                groups[-1] = groups[-1] or found
            else:
                groups.append(found)
        return ok and bool(groups) and all(groups)

    @cached_property
    def costly(self):
        """Whether FTS5 needs position lists to answer it (a phrase of several words, a
        prefix): evaluating it is then the expensive part, worth doing once per page."""
        return self.mode != "raw" and any(t.prefix or " " in t.text for t in self.terms)

    # -- highlighting -------------------------------------------------------------------------

    @cached_property
    def _matchers(self):
        """For each term to highlight, one test per word: (key kind, key, is a prefix)."""
        terms = []
        for term in self.terms:
            if term.kind == "not":
                continue
            words = _TOKEN.findall(canonical_tones(term.text) if self.exact else term.text)
            tests = []
            for i, word in enumerate(words):
                if self.exact:
                    how = "exact"
                elif "đ" in _key(word, "keep_d"):
                    how = "keep_d"  # 'đảng' finds Đảng, not dạng
                else:
                    how = "fold"  # 'dang' finds dạng and Đảng
                tests.append((how, _key(word, how), term.prefix and i == len(words) - 1))
            if tests:
                terms.append(tests)
        return terms

    def spans(self, text):
        """The (start, end) character offsets of this query's matches in text (NFC), in
        order, not overlapping; only the first :data:`MAX_TEXT_CHARS` characters are read."""
        text = text[:MAX_TEXT_CHARS]
        keys = _keys(text, {t[0] for tests in self._matchers for t in tests})
        if any(len(key) != len(text) for _, key in keys):
            return []  # a character whose lower case is longer (İ): offsets would not line up
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        words = {how: [key[s:e] for s, e in tokens] for how, key in keys}
        found = set()
        for tests in self._matchers:
            how, target, prefix = tests[0]
            if prefix:
                starts = [i for i, w in enumerate(words[how]) if w.startswith(target)]
            else:
                starts = [i for i, w in enumerate(words[how]) if w == target]
            for i in starts:
                if i + len(tests) <= len(tokens) and all(
                        words[h][i + j].startswith(t) if p else words[h][i + j] == t
                        for j, (h, t, p) in enumerate(tests[1:], 1)):
                    found.add((i, i + len(tests) - 1))
        spans, end = [], -1
        for first, last in sorted(found):
            if tokens[first][0] >= end:
                spans.append((tokens[first][0], tokens[last][1]))
                end = tokens[last][1]
        return spans

    def mark(self, text):
        """The text with every match between ⟦ and ⟧, for JSON and CSV. A ⟦ or ⟧ already in
        the text becomes [ or ], so that every bracket pair is a match.

        >>> Query("dan van").mark("Công tác Dân vận của Đảng")
        'Công tác ⟦Dân⟧ ⟦vận⟧ của Đảng'
        >>> Query('"dân vận" đảng', "exact").mark("Công tác Dân vận của Đảng")
        'Công tác ⟦Dân vận⟧ của ⟦Đảng⟧'
        """
        return _render(_nfc(text), self.spans(_nfc(text)), _plain_marks)

    def mark_html(self, text):
        """The text as HTML: escaped, every match in <mark>. Nothing from the text itself ever
        becomes markup (⟦ ⟧ included: they are shown as they are)."""
        return Markup(_render(_nfc(text), self.spans(_nfc(text)), _html_marks))

    def snippet(self, texts, words=32):
        """A short extract of the first text with a match, the matches between ⟦ and ⟧; the
        start of the first non-empty text when none matches.

        >>> Query("dang").snippet(["", "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 10"],
        ...                       words=6)
        '…hành ⟦Đảng⟧ bộ thành phố lần…'
        """
        return self._extract(texts, words, _plain_marks)

    def snippet_html(self, texts, words=32):
        """:meth:`snippet` as HTML: escaped, the matches in <mark>."""
        return Markup(self._extract(texts, words, _html_marks))

    def _extract(self, texts, words, marks):
        fallback = None
        for text in texts:
            text = _nfc(text)[:MAX_TEXT_CHARS]
            if not text.strip():
                continue
            tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
            spans = self.spans(text)
            if spans:
                hit = next(i for i, (s, _) in enumerate(tokens) if s == spans[0][0])
                first = max(0, min(hit - words // 4, len(tokens) - words))
                return _window(text, tokens, spans, first, words, marks)
            if fallback is None:
                fallback = (text, tokens)
        if fallback is None:
            return ""
        return _window(*fallback, [], 0, words, marks)


@lru_cache(maxsize=256)
def parse(text, mode="folded"):
    """The :class:`Query` for ``text`` in ``mode``, parsed once however often it is asked for
    (a page asks for it in its SQL functions, its filter and its highlighting)."""
    return Query(text, mode)


def _nfc(text):
    return unicodedata.normalize("NFC", text or "")


def _key(text, how):
    """A search key of text, one character for one character."""
    if how == "exact":
        key = canonical_tones(text).lower()
        return key if len(key) == len(text) else text.lower()
    return fold_chars(text, keep_d=how == "keep_d")


def _keys(text, hows):
    return [(how, _key(text, how)) for how in hows]


def _plain_marks(segment, marked):
    segment = segment.replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]")
    return MARK_OPEN + segment + MARK_CLOSE if marked else segment


def _html_marks(segment, marked):
    return f"<mark>{escape(segment)}</mark>" if marked else str(escape(segment))


def _render(text, spans, marks, start=0, end=None):
    """text[start:end], each span inside it marked."""
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(marks(text[pos:s], False))
        out.append(marks(text[s:e], True))
        pos = e
    out.append(marks(text[pos:end], False))
    return "".join(out)


def _window(text, tokens, spans, first, words, marks):
    """The words first..first+words of text, spans marked, whitespace collapsed, with … where
    the text goes on."""
    if not tokens:
        return marks(" ".join(text.split()), False)
    last = min(len(tokens), first + words)
    start = 0 if first == 0 else tokens[first][0]
    end = len(text) if last == len(tokens) else tokens[last - 1][1]
    extract = " ".join(_render(text, spans, marks, start, end).split())
    return ("…" if first > 0 else "") + extract + ("…" if last < len(tokens) else "")


def marks_to_html(text):
    """Plain text marked with ⟦ ⟧ (:meth:`Query.mark`, :meth:`Query.snippet`, the SQL
    function ``vi_snippet``) as HTML: escaped, each pair a <mark>."""
    html = str(escape(text or ""))
    return Markup(html.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


# -- in SQL -------------------------------------------------------------------------------------

# The ranked search, written once: the canned queries ``search`` and ``search_exact``, the
# search page and its exports run it. The order a researcher gets:
#
# 1. articles where the query's words stand together as typed (``Query.phrase``: "dân vận",
#    diacritics folded or exact as the mode says) before those where they are scattered (an
#    article about "toàn dân" and "vận động" is not about "dân vận");
# 2. within each, bm25 relevance over title, lead and body (FTS5's default weights);
# 3. ties: the higher article id first (the portal numbers articles as it publishes them).
#
# Bounded: relevance is computed for at most RANKED_CANDIDATES matches, the ones with the
# highest article ids (the most recently published), read straight from the index in rowid
# order. bm25 costs ~1 us a match: ranking all 198,000 matches of "dan van" on 200,000 articles
# takes 170 ms, the newest 20,000 17 ms. A search with more matches ranks those, and its
# other matches follow them, highest id first (TAIL_SQL): the page says so. The phrase test
# reads the same range of the index only. ``matches`` counts every match: from the candidates
# when they are all of them (a phrase of common words is evaluated once), from the index
# otherwise. bm25() is written out rather than "order by rank": 30 % faster.
RANKED_CANDIDATES = 20_000
RANKED_SQL = """with candidates as materialized (
  select rowid, bm25([{index}]) as score from [{index}] where [{index}] match {expression}
  order by rowid desc limit {candidates}
), phrased as (
  select rowid from [{index}] where [{index}] match {phrase}
    and rowid >= (select min(rowid) from candidates)
)
select {columns}, hits.phrase as phrase,
  case when (select count(*) from candidates) < {candidates} then (select count(*) from candidates)
    else (select count(*) from [{index}] where [{index}] match {expression}) end as matches
from (select rowid, score, rowid in (select rowid from phrased) as phrase from candidates
      order by phrase desc, score, rowid desc limit {limit} offset {offset}) as hits
join articles a on a.id = hits.rowid
order by hits.phrase desc, hits.score, hits.rowid desc"""
# The matches past the ranked ones (a search with more than RANKED_CANDIDATES matches), in
# the index's order: highest article id first, below ``:below`` (the lowest ranked id).
TAIL_SQL = """select {columns}, 0 as phrase
from (select rowid from [{index}] where [{index}] match {expression} and rowid < :below
      order by rowid desc limit :limit offset :offset) as hits
join articles a on a.id = hits.rowid
order by hits.rowid desc"""
# The same matches, newest first (by publication time; undated last: SQLite puts NULL last
# in a descending order), all of them: the one-click alternative to relevance. ``:others`` (a
# JSON list of ids) adds the articles that match through their attachments only. Written so
# that the descending index on published_at gives the order (25 ms for "dan van" on 200,000
# articles; with "published_at is null" first in the order, a sort of every match: 230 ms).
NEWEST_SQL = """select {columns}, 0 as phrase
from articles a
where +a.id in (select rowid from [{index}] where [{index}] match {expression})
   or a.id in (select value from json_each(:others))
order by a.published_at desc, a.id desc
limit :limit offset :offset"""
COUNT_SQL = "select count(*) from [{index}] where [{index}] match {expression}"
LOWEST_RANKED_SQL = """select min(rowid) from (select rowid from [{index}]
  where [{index}] match {expression} order by rowid desc limit {candidates})"""
# The MATCH expression of the query (and of its phrase) in the SQL parameter ``param``.
EXPRESSIONS = {"folded": "fts_query(:{param})", "exact": "fts_query_exact(:{param})",
               "raw": ":{param}"}
PHRASES = {"folded": "fts_phrase(:{param})", "exact": "fts_phrase_exact(:{param})",
           "raw": "'\"\"'"}


def _sql(template, mode, **values):
    return template.format(index=INDEXES[mode], expression=EXPRESSIONS[mode].format(param="q"),
                           phrase=PHRASES[mode].format(param="q"),
                           candidates=RANKED_CANDIDATES, **values)


def ranked_sql(mode, columns, limit=":limit", offset=":offset"):
    """The SQL of the best matches of ``:q`` in ``mode``, best first (see :data:`RANKED_SQL`),
    with ``columns`` of the articles (``a``), whether each is a ``phrase`` match and the
    number of ``matches``."""
    return _sql(RANKED_SQL, mode, columns=columns, limit=limit, offset=offset)


def tail_sql(mode, columns):
    """The SQL of the matches of ``:q`` past the ranked ones (:data:`TAIL_SQL`)."""
    return _sql(TAIL_SQL, mode, columns=columns)


def newest_sql(mode, columns):
    """The SQL of the matches of ``:q`` (and the articles ``:others``), newest first."""
    return _sql(NEWEST_SQL, mode, columns=columns)


def count_sql(mode):
    """The SQL of the number of articles ``:q`` matches in ``mode``."""
    return _sql(COUNT_SQL, mode)


def lowest_ranked_sql(mode):
    """The SQL of the lowest article id the ranking of ``:q`` reads."""
    return _sql(LOWEST_RANKED_SQL, mode)


# Articles that match through an attached document only (``attachments_fts``: the documents'
# text, accent-insensitive). They come after every article whose own text matches: the
# article's words are what it says, a document it carries is evidence at one remove (and bm25
# scores of long documents and of articles come from two indexes: they do not compare). At
# most DOCUMENT_CANDIDATES documents are read, the most relevant articles first.
DOCUMENT_CANDIDATES = 1_000
DOCUMENT_SQL = """select m.article_id as id, min(d.score) as score
from (select rowid, bm25(attachments_fts) as score from attachments_fts
      where attachments_fts match fts_query(:q) order by rowid desc limit {candidates}) as d
join attachments t on t.rowid = d.rowid
join article_media m on m.url = t.url and m.role = 'attachment'
join articles a on a.id = m.article_id
where not exists (select 1 from [{index}] where [{index}] match {expression}
                  and rowid = m.article_id)
group by m.article_id
order by score, m.article_id desc"""
# The documents of the articles ``:ids`` (a JSON list) that match ``:q`` (accent-insensitive),
# with what a page shows of them.
DOCUMENT_HITS_SQL = """select m.article_id, t.url, t.text, t.format, t.pages, md.id as media_id
from article_media m join attachments t on t.url = m.url
left join media md on md.url = t.url
where m.role = 'attachment' and m.article_id in (select value from json_each(:ids))
  and t.rowid in (select rowid from attachments_fts where attachments_fts match fts_query(:q))
order by m.article_id, m.position"""


def document_sql(mode):
    """The SQL of the articles ``:q`` finds through their documents only, best first, as
    (id, score). In exact mode the documents are found accent-insensitively (no exact index
    of documents exists): check each with :meth:`Query.found_in`."""
    index_mode = "folded" if mode == "raw" else mode
    return DOCUMENT_SQL.format(index=INDEXES[index_mode], candidates=DOCUMENT_CANDIDATES,
                               expression=EXPRESSIONS[index_mode].format(param="q"))


def fts_query(q):
    """SQL ``fts_query(q)``: the MATCH expression of q, accent-insensitive."""
    return parse(q).match


def fts_query_exact(q):
    """SQL ``fts_query_exact(q)``: the MATCH expression of q for ``articles_exact_fts``."""
    return parse(q, "exact").match


def fts_phrase(q):
    """SQL ``fts_phrase(q)``: the MATCH expression of q's words as one phrase (or one that
    matches nothing), accent-insensitive."""
    return parse(q).phrase or NO_MATCH


def fts_phrase_exact(q):
    """SQL ``fts_phrase_exact(q)``: :func:`fts_phrase` for ``articles_exact_fts``."""
    return parse(q, "exact").phrase or NO_MATCH


def vi_snippet(q, exact, *texts):
    """SQL ``vi_snippet(q, exact, text, ...)``: :meth:`Query.snippet` of the texts, matches
    between ⟦ ⟧ (``exact`` 1 for accent-exact)."""
    return parse(q, "exact" if exact else "folded").snippet(texts)


SQL_FUNCTIONS = (("fts_query", 1, fts_query), ("fts_query_exact", 1, fts_query_exact),
                 ("fts_phrase", 1, fts_phrase), ("fts_phrase_exact", 1, fts_phrase_exact),
                 ("vi_snippet", -1, vi_snippet))
