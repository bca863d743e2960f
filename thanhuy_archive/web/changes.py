"""What changed between two versions of an article, word by word.

Texts are compared paragraph by paragraph first (an article's paragraphs are separated by a
blank line), then word by word inside the paragraphs that changed: a reader sees the sentence
where a word moved, not a scattering of marks over the whole text, and the work stays small
(``difflib`` compares paragraphs, then the words of one paragraph at a time).

Every piece of text is escaped; only the marks are markup: ``<del>`` what the earlier version
had, ``<ins>`` what the later one has.

>>> str(word_diff("Hội nghị sơ kết", "Hội nghị tổng kết"))
'Hội nghị <del>sơ</del><ins>tổng</ins> kết'
"""

import difflib
import re

from markupsafe import Markup, escape

# A word (letters and digits, marks included), a run of spaces, or one other character.
_TOKEN = re.compile(r"[^\W_]+|\s+|[^\w\s]|_", re.UNICODE)
# Paragraphs longer than this many words are compared as wholes (a changed table dump).
MAX_WORDS = 5_000


def paragraphs(text):
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _marked(kind, text):
    if not text:
        return ""
    return f"<{kind}>{escape(text)}</{kind}>"


def word_diff(before, after):
    """One text, the words only ``before`` has in <del>, those only ``after`` has in <ins>. A
    space between two changes belongs to them: one change reads "<del>(bản đầu)</del>", not
    "<del>(bản</del> <del>đầu)</del>"."""
    a, b = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
        return Markup(_marked("del", before) + _marked("ins", after)) if before != after \
            else Markup(escape(after))
    out, removed, added = [], [], []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < n < len(opcodes) - 1 and not "".join(a[i1:i2]).strip()
        if op == "equal" and not between_changes:
            out.append(_marked("del", "".join(removed)) + _marked("ins", "".join(added)))
            removed, added = [], []
            out.append(str(escape("".join(a[i1:i2]))))
        else:
            removed += a[i1:i2]
            added += b[j1:j2]
    out.append(_marked("del", "".join(removed)) + _marked("ins", "".join(added)))
    return Markup("".join(out))


def _alike(before, after):
    """Whether two paragraphs are one paragraph edited (half their words in common)."""
    return difflib.SequenceMatcher(None, _TOKEN.findall(before), _TOKEN.findall(after),
                                   autojunk=False).ratio() >= 0.5


def paragraph_diff(before, after):
    """The paragraphs of ``after`` with what changed since ``before`` marked (a list of
    Markup, one per paragraph): an edited paragraph word by word, one removed or added whole
    as one <del> or <ins>."""
    a, b = paragraphs(before), paragraphs(after)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [Markup(escape(p)) for p in b[j1:j2]]
            continue
        j = j1
        for old in a[i1:i2]:  # each removed paragraph, edited into the next alike one or gone
            found = next((k for k in range(j, j2) if _alike(old, b[k])), None)
            if found is None:
                out.append(Markup(_marked("del", old)))
                continue
            out += [Markup(_marked("ins", p)) for p in b[j:found]]
            out.append(word_diff(old, b[found]))
            j = found + 1
        out += [Markup(_marked("ins", p)) for p in b[j:j2]]
    return out


def changed(before, after):
    """Whether two stored values differ (empty and missing are the same)."""
    return (before or "") != (after or "")
