"""Article extraction: one saved or fetched page in, an ``Article`` out.

>>> article = extract_article(b"<html><body><h1>Tin</h1></body></html>",
...                           "https://www.thanhuytphcm.vn/tin-tuc/tin-1491871594")
>>> article.id, article.title, article.flags
(1491871594, 'Tin', ['no-date', 'empty-body'])

The page is decoded (``crawler.encoding`` decides the encoding), parsed once with lxml, and handed to the parser
that ``crawler.parsers.parser_for`` picks (the portal's, by layout era, or the generic one).
Nothing here imports Scrapy: stored raw pages can be re-extracted at any time. Malformed HTML,
empty pages and wrong encodings never raise: the fields stay empty and ``flags`` says so.
"""

import logging
from dataclasses import replace
from typing import NamedTuple
from urllib.parse import urljoin

from crawler.parsers import parser_for
from crawler.parsers.media import attachment_urls, image_urls
from crawler.parsers.page import Page, parse_html
from crawler.urls import article_id, canonical_url
from thanhuy_archive.records import Article

log = logging.getLogger(__name__)

# A body shorter than this (characters) is flagged "short-body".
SHORT_BODY_CHARS = 300


def empty_article(url):
    """The Article of a page from which nothing could be extracted."""
    return Article(id=_safe(article_id, url), url=_safe(canonical_url, url) or url)


def extract_article(html, url, fetched_at=None, content_type=None):
    """The :class:`~thanhuy_archive.records.Article` of one page.

    ``html``: the page as bytes (decoded from its bytes, ``<meta charset>`` and
    ``content_type``) or str. ``url``: where it was fetched (gives ``id`` and resolves image
    URLs). ``fetched_at``: ISO time of the fetch, the base of relative dates (``2 giờ trước``).
    """
    article = empty_article(url)
    try:
        page = Page(parse_html(html or b"", content_type), article.url, fetched_at)
        if page.root is not None:
            parser = parser_for(url, page)(page)
            article = replace(article, **parser.parse(), **_identity(page))
    except Exception:  # a page must never stop a crawl: log it, keep the empty fields
        log.exception("extraction failed for %s", url)
        article = empty_article(url)
    article.flags = flags_for(article)
    return article


def _identity(page):
    """An AMP copy (``<html ⚡>``) is the article its ``rel=canonical`` names: that article's
    URL and id, whatever address the copy was fetched from. Other pages keep their own (a
    canonical link elsewhere may point to a listing or a home page)."""
    if not page.is_amp or not page.canonical:
        return {}
    identity = empty_article(page.canonical)
    if identity.id is None:
        return {}
    return {"url": identity.url, "id": identity.id}


class PageMedia(NamedTuple):
    """What a capture must fetch besides the page: its pictures and its attachments."""

    images: list
    attachments: list


def media_urls(html, url, content_type=None):
    """Every image and attachment URL the page references, absolute, in document order, each
    once (see :mod:`crawler.parsers.media` for where they are looked for). The whole page is
    read, furniture included: a capture keeps the page as it was shown.

    >>> media_urls(b'<img srcset="a.jpg 1x, b.jpg 2x"><a href="qd.PDF">x</a>',
    ...            "https://www.thanhuytphcm.vn/tin-tuc/")
    PageMedia(images=['https://www.thanhuytphcm.vn/tin-tuc/a.jpg', 'https://www.thanhuytphcm.vn/tin-tuc/b.jpg'], attachments=['https://www.thanhuytphcm.vn/tin-tuc/qd.PDF'])
    """
    try:
        root = parse_html(html or b"", content_type)
    except Exception:  # the same contract as extract_article: never raise on a page
        log.exception("media extraction failed for %s", url)
        root = None
    if root is None:
        return PageMedia([], [])
    base = next((urljoin(url or "", b.get("href").strip()) for b in root.iter("base")
                 if b.get("href")), url or "")
    og_images = [m.get("content") for m in root.iter("meta")
                 if (m.get("property") or m.get("name") or "").lower() == "og:image"
                 and m.get("content")]
    return PageMedia(image_urls(root, base, og_images),
                     attachment_urls(root.iter("a"), base))


def flags_for(article):
    """What the extractor doubts about these fields."""
    flags = []
    if not article.title:
        flags.append("no-title")
    if not article.published_at:
        flags.append("no-date")
    if not article.body:
        flags.append("empty-body")
    elif len(article.body) < SHORT_BODY_CHARS:
        flags.append("short-body")
    # A missing byline is not doubt (many articles have none): byline_source says "none".
    return flags


def _safe(function, url):
    try:
        return function(url)
    except (TypeError, ValueError, AttributeError):
        return None
