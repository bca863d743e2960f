"""The layout signature of a page: which template it was rendered with.

``Article.layout`` is ``"<era>/<hash>"``: the name of the parser (layout era) that read the
page, and the first 8 hex digits of the SHA-1 of the page's *skeleton*, two lines of text::

    body: html>body>div.container>div.article-detail>div.article-content
    title: html>body>div.container>div.article-detail>h1.article-title

``body`` is the path from the root to the template's text element (:func:`text_holder`): the
deepest element holding every block of the body, raised past the elements a text editor
writes (``<p>``, ``<div>``, ``<span>``, ``<font>``, tables... without a class or id) up to the
first element the template wrote (``-`` when the page has no body text). ``title`` is the
path to the element holding the title (``-`` when the title came from metadata or
``<title>``). Each step is the tag, then the
element's class names, lower-cased, with digit runs removed (``post-1234`` and ``post-99`` are
one class, ``post-``), deduplicated and sorted, each after a dot. The classes of ``<html>``
and ``<body>`` are left out: CMSs put the page's id and category there.

Why these parts: pages of one template put their text in the same place whatever the article
says (one paragraph or twenty, ``<p>`` or ``<div>`` paragraphs, pictures, related links), so
the paths to the text element and the title are the same on all of them, while a redesign
moves at least one of them. Nothing that varies with the content (positions among siblings,
ids, text, the markup the editor typed) is part of it. The hash is short
because it only has to tell a site's few templates apart, and a maintainer reads it in a table.
"""

import hashlib
import re
from functools import lru_cache

_DIGITS_RE = re.compile(r"\d+")
# What a rich-text editor writes inside the template's text element; without a class or id
# such an element is the article's, not the template's.
EDITOR_TAGS = frozenset(
    "p div span font b strong i em u s small big center blockquote pre h1 h2 h3 h4 h5 h6 ul ol "
    "li dl dt dd table tbody thead tfoot tr td th figure figcaption a br img sup sub".split()
)
# Elements whose classes describe the page (its id, section, language), not the template.
_PAGE_CLASS_TAGS = frozenset({"html", "body"})
# Hex digits of the SHA-1 kept: 32 bits, no collision among a site's few templates.
HASH_DIGITS = 8
NO_ELEMENT = "-"

def skeleton_path(el):
    """The path from the root to ``el`` (``html>body>div.content``), or ``-`` for None."""
    if el is None:
        return NO_ELEMENT
    chain = [el, *el.iterancestors()]
    return _path(tuple((e.tag, e.get("class")) for e in reversed(chain)))

@lru_cache(maxsize=1024)  # the pages of a template share their paths
def _path(chain):
    return ">".join(_step(tag, class_attribute) for tag, class_attribute in chain)

def _step(tag, class_attribute):
    """One element of a path: ``tag.class1.class2`` (see the module's doc)."""
    tag = tag if isinstance(tag, str) else "?"
    if tag in _PAGE_CLASS_TAGS:
        return tag
    classes = sorted({_DIGITS_RE.sub("", c) for c in (class_attribute or "").lower().split()})
    return ".".join([tag, *(c for c in classes if c)])

def text_holder(elements):
    """The template's element around the given body elements: their deepest common ancestor,
    raised past editor-written elements (:data:`EDITOR_TAGS` without class or id); None for
    no elements."""
    common = None
    for el in elements:
        if common is None:
            common = el
        while common is not None and not _inside(el, common):
            common = common.getparent()
    while (common is not None and common.getparent() is not None and common.tag in EDITOR_TAGS
           and not common.get("class") and not common.get("id")):
        common = common.getparent()
    return common

def _inside(el, ancestor):
    """Whether ``el`` is ``ancestor`` or below it (body paragraphs are siblings or near it:
    walking up from ``el`` is short)."""
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False

def skeleton(text_element, title_element):
    """The two lines whose hash is the layout signature."""
    return f"body: {skeleton_path(text_element)}\ntitle: {skeleton_path(title_element)}"

def layout_signature(era, text_element, title_element):
    """``"<era>/<8 hex digits>"`` for a page whose text element (:func:`text_holder`) and
    title element are given (either may be None)."""
    return _signature(era, skeleton(text_element, title_element))

@lru_cache(maxsize=1024)
def _signature(era, skeleton_text):
    digest = hashlib.sha1(skeleton_text.encode("utf-8")).hexdigest()
    return f"{era}/{digest[:HASH_DIGITS]}"
