"""Article parsers, fundus-style: a generic metadata-first parser and the portal's parsers per
layout era. :func:`parser_for` picks one for a page; ``crawler.extract`` runs it.

* :mod:`crawler.parsers.page` - the page parsed once (tree, meta map, JSON-LD, text blocks);
* :mod:`crawler.parsers.blocks` - text blocks and the density-chosen body container;
* :mod:`crawler.parsers.base` - the ``@field`` registry;
* :mod:`crawler.parsers.generic` - the rules every parser shares;
* :mod:`crawler.parsers.thanhuytphcm` - the portal's eras, with its knowledge from
  ``crawler.site``.
"""

from urllib.parse import urlsplit

from crawler.parsers.generic import GenericParser
from crawler.parsers.thanhuytphcm import ThanhuytphcmV1, ThanhuytphcmV2
from crawler.urls import article_id, is_portal_host


def parser_for(url, page):
    """The parser class for a page: the portal's (by layout era) for a portal host or a portal
    article path (a mirror serves the portal's paths on another host), else the generic one."""
    if is_portal_host(urlsplit(url or "").hostname) or article_id(url or "") is not None:
        return ThanhuytphcmV1 if page.legacy_layout else ThanhuytphcmV2
    return GenericParser


__all__ = ["GenericParser", "ThanhuytphcmV1", "ThanhuytphcmV2", "parser_for"]
