"""The portal's parsers (thanhuytphcm.vn / hcmcpv.org.vn), one per layout era, fundus-style.

The portal's markup is unknown (see ``crawler/site.py``): both eras run the generic rules with
the site's knowledge plugged in (its names, which are never authors; its furniture headings,
which end the body), never a guessed selector. What the GIVEN page shows is covered by those
rules: the header's date of viewing is never a date, the lead is the first paragraph opening
with ``(Thanhuytphcm.vn) - `` (kept as published), the author is the name alone on the last
line, and ``Ý kiến bạn đọc``/``Tin khác``/``Thông báo`` end the body.

When a maintainer has seen a live page of an era, that era's class is where a field method is
overridden (its selectors kept in ``crawler.site``, marked CONFIRMED), so that re-parsing old
captures of the other era is unaffected. ``crawler.parsers.parser_for`` picks the era.
"""

from crawler.parsers.generic import GENERIC_FURNITURE, GenericParser
from crawler.site import FURNITURE_HEADINGS, SITE_NAMES


class ThanhuytphcmV2(GenericParser):
    """The div-based layouts (pages without the ASP.NET ``__VIEWSTATE`` field)."""

    site_names = SITE_NAMES
    furniture_headings = GENERIC_FURNITURE + FURNITURE_HEADINGS


class ThanhuytphcmV1(ThanhuytphcmV2):
    """The legacy ASP.NET WebForms table layout (pages with a ``__VIEWSTATE`` field): text in
    table cells, paragraphs separated by ``<br>``, the title in a cell rather than an ``<h1>``,
    captions in small image tables or in the italic line under a picture. The generic block
    reader treats cells and line breaks as paragraphs and finds the title as the visible text
    that ``<title>`` quotes, so this era needs no rule of its own yet."""
