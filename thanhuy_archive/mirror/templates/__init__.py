"""The HTML of the mirror's pages: one module per layout era or kind of page.

Article layouts, chosen by the article's ``template`` (the portal's layout history, then the
kinds of page that are not plain reports):

* ``legacy-1258``: the ASP.NET site of 2010-2016, served as windows-1258;
* ``legacy``: its UTF-8 rebuild, ASP.NET tables, no metadata (until mid-2019);
* ``og``: div page with OpenGraph and ``article:published_time`` (until mid-2022);
* ``jsonld``: the same page with ``NewsArticle`` JSON-LD (until May 2024);
* ``redesign``: the 2020s redesign, with an AMP copy (``amp``);
* ``photo``, ``video``, ``interview``: photo stories, video pages, interviews;
* ``document``: official documents with their metadata and attached files.

Besides: ``listings`` (home, category listings, their JavaScript pagers, the document
archive's index), ``traps`` (the endless calendar and pagination), ``discovery`` (robots.txt,
sitemaps, feeds), ``pages`` (print versions, plain, search and error pages), ``figures``
(pictures and captions) and ``site``, the parts every page shares.
"""

from __future__ import annotations

import unicodedata

from thanhuy_archive.mirror.templates import (
    document, interview, jsonld, legacy, legacy_1258, og, photo, redesign, video)

HTML = "text/html; charset=utf-8"
ARTICLE_TEMPLATES = {"legacy-1258": legacy_1258, "legacy": legacy, "og": og, "jsonld": jsonld,
                     "redesign": redesign, "photo": photo, "video": video,
                     "interview": interview, "document": document}


def article_page(site, a):
    """The bytes of article ``a``'s page, in its layout, with its encoding traps applied."""
    page = ARTICLE_TEMPLATES[a.template].render(site, a)
    if "nfd" in a.traps:
        page = unicodedata.normalize("NFD", page)
    if a.template == "legacy-1258":
        return legacy_1258.encode(page)
    return page.encode("utf-8")


def content_type(a):
    """The Content-Type article ``a``'s page is served with."""
    if a.template == "legacy-1258":
        return legacy_1258.CONTENT_TYPE
    # UTF-8 bytes and no charset anywhere: a legacy page (they have no <meta> at all).
    return "text/html" if "no-charset" in a.traps else HTML
