"""Article parsers, fundus-style: a generic metadata-first parser and the portal's parsers per
layout era. :func:`parser_for` picks one for a page; ``crawler.extract`` runs it.

* :mod:`crawler.parsers.page` - the page parsed once (tree, meta map, JSON-LD, text blocks);
* :mod:`crawler.parsers.blocks` - text blocks and the density-chosen body container;
* :mod:`crawler.parsers.base` - the ``@field`` registry and ordered, named strategy lists;
* :mod:`crawler.parsers.generic` - the rules every parser shares;
* :mod:`crawler.parsers.layout` - the layout signature (``Article.layout``);
* :mod:`crawler.parsers.documents` - a document's metadata table (``Số ký hiệu``...);
* :mod:`crawler.parsers.media` - the pictures and attachments a page references;
* :mod:`crawler.parsers.thanhuytphcm` - the portal's eras, each recognised by evidence on the
  page, with the site's knowledge from ``crawler.site``.
"""

from urllib.parse import urlsplit

from crawler.parsers.generic import GenericParser
from crawler.parsers.thanhuytphcm import (ERAS, ThanhuytphcmV1, ThanhuytphcmV2, ThanhuytphcmV3,
                                          era_for)
from crawler.urls import article_id, is_portal_host


def parser_for(url, page):
    """The parser class for a page: the portal's era (:func:`era_for`) for a portal host or a
    portal article path (a mirror serves the portal's paths on another host), else the
    generic one."""
    if is_portal_host(urlsplit(url or "").hostname) or article_id(url or "") is not None:
        return era_for(page)
    return GenericParser


__all__ = ["ERAS", "GenericParser", "ThanhuytphcmV1", "ThanhuytphcmV2", "ThanhuytphcmV3",
           "era_for", "parser_for"]
