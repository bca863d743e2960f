"""``gold.json``: the truth about an edition, told from the universe the pages were rendered
from, never by parsing them.

Per article, the fields an extractor must find (``thanhuy_archive.records.Article``) and the
context a reader of a failing comparison needs (template, byline as printed, date evidence,
traps, every URL that refers to it and where those were found); per site, the robots rules,
sitemaps, feeds, roles, faults, listings and, for edition 2, what changed.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from thanhuy_archive.mirror.portal import CATEGORIES, COLLECTIONS, ROBOTS_DISALLOWED
from thanhuy_archive.mirror.templates.listings import paged
from thanhuy_archive.mirror.templates.site import viewing_text
from thanhuy_archive.mirror.universe import slugify


def clean_text(s):
    """The gold form of text: NFC, no BOM/zero-width space, whitespace (NBSP too) collapsed."""
    s = unicodedata.normalize("NFC", s).replace("\ufeff", "").replace("\u200b", "")
    return re.sub(r"\s+", " ", s).strip()


def build_gold(site, redirect_from, edition):
    u, roles, links = site.u, site.u.roles, site.links
    target = site.by_id[roles["redirect-target"]]
    links.record(target, redirect_from, "redirect")
    records = []
    for a in sorted(site.news + site.documents, key=lambda a: a.id):
        records.append({
            "id": a.id,
            "path": a.path,
            "urls": sorted(links.urls.get(a.id, ())),
            "template": a.template,
            "title": clean_text(a.title),
            "lead": clean_text(a.lead),
            "body": "\n\n".join(clean_text(p) for p in a.paragraphs),
            "published_at": a.published_at,
            "authors": list(a.byline.authors),
            "source": a.byline.source,
            "category": a.category,
            "images": [i.url for i in a.images],
            "captions": [clean_text(i.caption) for i in a.images if i.caption],
            # Not extractor output; context for whoever reads a failing comparison.
            "section": a.section.split("/")[0],
            "byline_text": a.byline.text,
            "byline_kind": a.byline.kind,
            "date_evidence": a.date_form,
            "modified_at": a.modified.isoformat(),
            "reachable_via": sorted(links.via.get(a.id, ())),
            "hidden": a.hidden,
            "traps": sorted(a.traps),
            "etag": f'W/"{a.content_hash()}"',
            "edition_added": a.edition_added,
        })
    newest = site.visible[0]
    disallowed_linked = [f"/in-bai/{newest.slug}-{newest.id}",
                         f"/tim-kiem?tag={quote(slugify(newest.keywords[0]))}"]
    gold = {
        "format": 1,
        "edition": edition,
        "seed": u.seed,
        "viewed_at": site.viewed.isoformat(),
        "header_date_text": viewing_text(site.viewed),
        "normalisation": "title, lead, body paragraphs and captions: NFC, U+FEFF/U+200B removed, "
                         "every whitespace run (NBSP included) one space, stripped; body "
                         "paragraphs joined by a blank line; tone placement and typos kept as "
                         "published",
        "expected_article_ids": [r["id"] for r in records],
        "articles": records,
        "robots_disallowed": ROBOTS_DISALLOWED,
        "robots_disallowed_linked": disallowed_linked,
        "sitemaps": ["/sitemap.xml", "/sitemaps/tin-tuc.xml", "/sitemaps/tu-lieu.xml",
                     "/sitemaps/chuyen-muc.xml"],
        "feeds": ["/rss/tin-moi.rss"],
        "roles": {k: v for k, v in sorted(roles.items())},
        "faults": {
            "flaky": {"path": site.by_id[roles["flaky"]].path, "fail_first": 1, "status": 500},
            "slow": {"path": site.by_id[roles["slow"]].path, "delay_seconds": 1.0},
            "redirect": {"from": redirect_from, "to": target.path, "status": 301},
            "not_found": [u.dead_link],
            "no_charset": {"path": site.by_id[roles["no-charset"]].path, "content_type": "text/html"},
        },
        "listings": {
            c.slug: {"label": c.label, "pagination": c.style,
                     "pages": _page_urls(*paged(site, c))}
            for c in CATEGORIES + COLLECTIONS
        },
    }
    if edition == 2:
        gold["changes"] = {
            "edited": [aid for aid in u.edited],
            "removed": {str(aid): st for aid, st in sorted(u.removed.items())},
            "removed_paths": {str(aid): site.any_by_id[aid].path for aid in sorted(u.removed)},
            "added": [a.id for a in u.articles if a.edition_added == 2],
        }
    return gold


def _page_urls(listing, items, pages):
    return [listing.page_url(n) for n in range(1, pages + 1)]
