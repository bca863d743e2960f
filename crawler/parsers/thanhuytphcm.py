"""The portal's parsers (thanhuytphcm.vn / hcmcpv.org.vn), one per layout era, fundus-style.

Each era is a sibling class of :class:`PortalParser` that declares how a page of it is
recognised (``recognises(page)``: evidence in the page itself) and the years the portal served
it (``years``). :func:`era_for` asks the eras in :data:`ERAS` order, most specific evidence
first; a page that shows no era's evidence gets the era that was served when it was fetched,
else the newest. The era's name becomes the first part of ``Article.layout``.

The portal's markup is unknown (see ``crawler/site.py``): every era runs the generic rules
with the site's knowledge plugged in (its names, which are never authors; its furniture
headings, which end the body), never a guessed selector. What the GIVEN page shows is covered
by those rules: the header's date of viewing is never a date, the lead is the first paragraph
opening with ``(Thanhuytphcm.vn) - `` (kept as published), the author is the name alone on the
last line, and ``Ý kiến bạn đọc``/``Tin khác``/``Thông báo`` end the body.

When a maintainer has seen a live page of an era, that era's class is where a field method or
a strategy list is overridden (its selectors kept in ``crawler.site``, marked CONFIRMED), so
that re-parsing old captures of the other eras is unaffected. Each era has golden pages and
answers in ``tests/fixtures/portal-eras/<era>/``.
"""

from crawler.parsers.base import Strategy
from crawler.parsers.generic import GENERIC_FURNITURE, LEAD_STRATEGIES, GenericParser, LeadChoice
from crawler.site import FURNITURE_HEADINGS, LAYOUT_ERA_YEARS, LEGACY_LAYOUT_MARKER, SITE_NAMES
from crawler.text import clean_text


class PortalParser(GenericParser):
    """What every era of the portal shares: the site's names and furniture headings."""

    site_names = SITE_NAMES
    furniture_headings = GENERIC_FURNITURE + FURNITURE_HEADINGS
    # The years the portal served this layout, first and last (None: still served). GUESS,
    # as the mirror models them: a maintainer dating a live capture corrects them here.
    years = (None, None)

    @staticmethod
    def recognises(page):
        """Whether the page shows this era's evidence."""
        raise NotImplementedError

    @classmethod
    def served_in(cls, year):
        first, last = cls.years
        return (first is None or first <= year) and (last is None or year <= last)


def lead_sapo_cell(parser):
    """The legacy sapo: the table cell right before the body's cell, holding sentences (not
    a date line, not links)."""
    header = parser._lead_header_blocks
    if not header:
        return None
    block = header[-1]
    text = clean_text(block.text)
    if (block.owner.tag == "td" and block is parser._header_blocks[-1]
            and text.endswith(SENTENCE_ENDINGS) and not parser._is_date_line(block)):
        return LeadChoice(text, block, True)
    return None


# A sapo ends like a sentence; a cell of labels or a menu does not.
SENTENCE_ENDINGS = (".", "!", "?", "…", '"', "”")


class ThanhuytphcmV1(PortalParser):
    """The legacy ASP.NET WebForms table layout: text in table cells and nested ``<font>``,
    paragraphs separated by ``<br>``, the title in a cell rather than an ``<h1>``, the sapo in
    a cell of its own or a bold paragraph, captions in small image tables or in the italic
    line under a picture, no metadata, pages served in windows-1258 until the UTF-8 rebuild.
    The generic block reader treats cells and line breaks as paragraphs and finds the title as
    the visible text that ``<title>`` quotes; this era adds the sapo cell to the lead rules
    (before the description, which these pages do not have)."""

    era = "v1-aspnet"
    years = LAYOUT_ERA_YEARS[era]
    lead_strategies = LEAD_STRATEGIES[:-1] + (Strategy("sapo-cell", lead_sapo_cell),
                                              LEAD_STRATEGIES[-1])

    @staticmethod
    def recognises(page):
        """WebForms pages carry their state in a hidden ``__VIEWSTATE`` field."""
        return LEGACY_LAYOUT_MARKER in page.form_fields


class ThanhuytphcmV2(PortalParser):
    """The div layout with OpenGraph metadata (``og:title``, ``article:published_time``) and
    no JSON-LD article."""

    era = "v2-opengraph"
    years = LAYOUT_ERA_YEARS[era]

    @staticmethod
    def recognises(page):
        return any(key.startswith(("og:", "article:")) for key in page.meta)


class ThanhuytphcmV3(PortalParser):
    """The layout that describes the article in JSON-LD (``NewsArticle``: headline, authors,
    ``datePublished``) beside OpenGraph."""

    era = "v3-jsonld"
    years = LAYOUT_ERA_YEARS[era]

    @staticmethod
    def recognises(page):
        return bool(page.json_ld)


# The order eras are asked in: the most specific evidence first (a JSON-LD page has OpenGraph
# too; a WebForms page could gain either without changing its layout).
ERAS = (ThanhuytphcmV1, ThanhuytphcmV3, ThanhuytphcmV2)
NEWEST_ERA = ThanhuytphcmV3


def era_for(page):
    """The era class of a portal page: by evidence in the page, else by the year it was
    fetched (the era served then), else the newest."""
    for era in ERAS:
        if era.recognises(page):
            return era
    year = _fetch_year(page.fetched_at)
    if year is not None:
        for era in ERAS:
            if era.served_in(year):
                return era
    return NEWEST_ERA


def _fetch_year(fetched_at):
    text = str(fetched_at or "")
    return int(text[:4]) if text[:4].isdigit() else None
