"""The JSON-LD layout (from mid-2022): the OpenGraph page plus ``NewsArticle`` and
``BreadcrumbList`` JSON-LD (authors as Persons, times with seconds), a ``<time datetime>``
element, the lead in ``p.lead`` and the byline in a div after the body.
"""

from __future__ import annotations

from thanhuy_archive.mirror.portal import CANONICAL_HOST, LEAD_CREDIT
from thanhuy_archive.mirror.templates.og import after_article, body_html, og_head
from thanhuy_archive.mirror.templates.site import PUBLISHER, E, json_ld


def news_article(a, with_authors=True):
    """The page's ``NewsArticle`` object: authors as Persons (or the agency as an
    Organization) unless ``with_authors`` is false."""
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": CANONICAL_HOST + a.path},
        "headline": a.title, "description": a.lead[len(LEAD_CREDIT):],
        "image": [i.url for i in a.images],
        "datePublished": a.published.isoformat(), "dateModified": a.modified.isoformat(),
        "articleSection": a.category, "inLanguage": "vi",
        "publisher": PUBLISHER,
    }
    authors = [{"@type": "Person", "name": n} for n in a.byline.authors]
    if with_authors and authors:
        ld["author"] = authors if len(authors) > 1 else authors[0]
    elif with_authors and a.byline.source:
        ld["author"] = {"@type": "Organization", "name": a.byline.source}
    return ld


def breadcrumbs(a):
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": CANONICAL_HOST + "/"},
        {"@type": "ListItem", "position": 2, "name": a.category,
         "item": f"{CANONICAL_HOST}/{a.listing}"}]}


def render(site, a):
    head = og_head(site, a, "") + json_ld(breadcrumbs(a)) + json_ld(news_article(a))
    byline = (f'<div class="article-author">{E(a.byline.text)}</div>\n' if a.byline.text else "")
    body = (
        '<article class="news-detail">\n'
        f'<nav class="crumbs"><a href="/">Trang chủ</a> / <a href="/{a.listing}">{E(a.category)}</a></nav>\n'
        f'<h1>{E(a.title)}</h1>\n'
        f'<time class="published" datetime="{a.published.isoformat()}">{E(site.visible_date(a))}</time>\n'
        f'<p class="lead">{E(site.surface(a, a.lead, "lead"))}</p>\n'
        f'<div class="news-content">\n{body_html(site, a, byline_in_body=False, loading="lazy")}</div>\n'
        f'{byline}</article>\n{after_article(site, a)}')
    return site.page(f"{a.title} | Thành ủy TP.HCM", body, head=head, active="/" + a.listing,
                     article=a)
