"""The HTML of the mirror's pages: one module per layout era or kind of page.

Article layouts, chosen by the article's ``template`` (the portal's layout history):

* ``legacy``: ASP.NET tables, no metadata (until mid-2019);
* ``og``: div page with OpenGraph and ``article:published_time`` (until mid-2022);
* ``jsonld``: the same page with ``NewsArticle`` JSON-LD.

Besides: ``listings`` (home, category listings, the document archive's index), ``discovery``
(robots.txt, sitemaps, the feed), ``pages`` (print versions, plain, search and error pages),
and ``site``, the parts every page shares.
"""

from __future__ import annotations

import unicodedata

from thanhuy_archive.mirror.templates import jsonld, legacy, og

ARTICLE_TEMPLATES = {"legacy": legacy.render, "og": og.render, "jsonld": jsonld.render}


def render_article(site, a):
    """The page of article ``a`` in its layout, with its encoding traps applied."""
    page = ARTICLE_TEMPLATES[a.template](site, a)
    if "nfd" in a.traps:
        page = unicodedata.normalize("NFD", page)
    return page
