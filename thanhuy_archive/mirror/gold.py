"""``gold.json``: the truth about an edition, told from the universe the pages were rendered
from, never by parsing them.

Per article, every field an extractor must find (``thanhuy_archive.records.Article``; its
``flags`` empty but for pages that give no date), the ``body_first``/``body_last`` slices the
benchmarks compare, the furniture its page shows that must not leak into them, and the
context a reader of a failing comparison needs (template, byline as printed, date evidence,
traps, faults, every URL that refers to it and where those were found), and every picture and
file its page references (``media``: URL as linked, digest, size, type; a picture's width and
height; a file's encoding and the text an extractor must find in it); per site, each distinct
file once (``media_files``: what a crawler must archive once), the robots rules, sitemaps,
feeds, roles, faults, crawl traps, JavaScript pagers, listings and, for edition 2, what
changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from urllib.parse import quote

from thanhuy_archive.mirror.portal import (
    ARCHIVE_1258, CANONICAL_HOST, CATEGORIES, COLLECTIONS, FEATURE_LISTINGS, INTERVIEWS,
    OFFICIAL_DOCUMENTS, ROBOTS_DISALLOWED, VIDEOS)
from thanhuy_archive.mirror.templates import content_type, discovery, legacy_1258, traps
from thanhuy_archive.mirror.templates.listings import LOAD_MORE_URL, html_page_urls, paged
from thanhuy_archive.mirror.templates.site import (
    REDIRECT_LOOP, legacy_redirect, redirect_chain, viewing_text)
from thanhuy_archive.mirror.universe import slugify
from thanhuy_archive.mirror.universe.roles import FAULT_ANSWERS, SLOW_SECONDS

# How a crawler reaches an article through a JavaScript pager only (gold "reachable_via").
SCRIPT_CONTEXTS = {"load-more", "postback"}
BODY_SLICE = 80  # body_first / body_last: characters of the body with paragraphs joined by " "


def clean_text(s):
    """The gold form of text: NFC, no BOM/zero-width space, whitespace (NBSP too) collapsed."""
    s = unicodedata.normalize("NFC", s).replace("\ufeff", "").replace("\u200b", "")
    return re.sub(r"\s+", " ", s).strip()


def build_gold(site, edition):
    u, roles, links = site.u, site.u.roles, site.links
    target = site.by_id[roles["redirect-target"]]
    links.record(target, legacy_redirect(target), "redirect")
    chained = site.by_id[roles["redirect-chain-target"]]
    for hop in redirect_chain(chained):
        links.record(chained, hop, "redirect-chain")
    header_date = viewing_text(site.viewed)
    served = site.media.served()
    records = [_record(site, a, header_date, served)
               for a in sorted(site.news + site.documents, key=lambda a: a.id)]
    newest = site.visible[0]
    disallowed_linked = [f"/in-bai/{newest.slug}-{newest.id}",
                         f"/tim-kiem?tag={quote(slugify(newest.keywords[0]))}"]
    gold = {
        "format": 1,
        "edition": edition,
        "seed": u.seed,
        "viewed_at": site.viewed.isoformat(),
        "header_date_text": header_date,
        "normalisation": "title, lead, body paragraphs and captions: NFC, U+FEFF/U+200B removed, "
                         "every whitespace run (NBSP included) one space, stripped; body "
                         "paragraphs joined by a blank line; tone placement and typos kept as "
                         "published; body_first/body_last: the first/last 80 characters of "
                         "the body with its paragraphs joined by one space",
        "expected_article_ids": [r["id"] for r in records],
        "articles": records,
        "kinds": dict(sorted(Counter(r["kind"] for r in records).items())),
        "templates": dict(sorted(Counter(r["template"] for r in records).items())),
        "media_files": _media_files(records, served),
        "robots_disallowed": ROBOTS_DISALLOWED,
        "robots_disallowed_linked": disallowed_linked,
        "sitemaps": ["/sitemap.xml", "/sitemaps/tin-tuc.xml", "/sitemaps/tu-lieu.xml",
                     "/sitemaps/chuyen-muc.xml", discovery.SITEMAP_INDEX, *discovery.GZIP_SITEMAPS],
        "feeds": ["/rss/tin-moi.rss"] + [path for path, _, _ in discovery.SECTION_FEEDS.values()],
        "discovery": _discovery(site),
        "roles": {k: v for k, v in sorted(roles.items())},
        "faults": _faults(site, target),
        "crawl_traps": _crawl_traps(site, chained),
        "js_pagers": _js_pagers(site),
        "listings": {
            c.slug: {"label": c.label, "pagination": c.style,
                     "pages": html_page_urls(site, c)}
            for c in CATEGORIES + FEATURE_LISTINGS + COLLECTIONS + (OFFICIAL_DOCUMENTS, ARCHIVE_1258)
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


def _record(site, a, header_date, served):
    title, lead = clean_text(a.title), clean_text(a.lead)
    body = "\n\n".join(clean_text(p) for p in a.paragraphs)
    captions = [clean_text(i.caption) for i in a.images if i.caption]
    flat = body.replace("\n\n", " ")
    truth = " ".join([title, lead, body] + captions)
    shown = site.shown_furniture.get(a.id, []) + [header_date]
    via = sorted(site.links.via.get(a.id, ()))
    document = a.document
    return {
        "id": a.id,
        "path": a.path,
        "urls": sorted(site.links.urls.get(a.id, ())),
        "template": a.template,
        "kind": a.kind,
        "title": title,
        "lead": lead,
        "body": body,
        "body_first": flat[:BODY_SLICE],
        "body_last": flat[-BODY_SLICE:],
        "published_at": a.published_at,
        "authors": list(a.byline.authors),
        "source": a.byline.source,
        "category": a.category,
        "images": [i.url for i in a.images],
        "captions": captions,
        "attachments": a.attachments,
        "media": [{"url": url, **served[url].gold()} for url in site.media.of_article.get(a.id, [])],
        "doc_number": document and document.number,
        "issued_on": document and document.issued_on.isoformat(),
        "issuer": document and document.issuer,
        "doc_type": document and document.doc_type,
        "summary": document and document.summary,
        # Nothing to doubt, except a date that the page does not give (records.DOUBT_FLAGS).
        "flags": [] if a.published_at else ["no-date"],
        # Furniture the page (or its AMP copy) shows that no extracted field may contain.
        "must_not_contain": [s for s in dict.fromkeys(shown) if s not in truth],
        # Not extractor output; context for whoever reads a failing comparison.
        "section": a.section.split("/")[0],
        "content_type": content_type(a),
        "byline_text": a.byline.text,
        "byline_kind": a.byline.kind,
        "date_evidence": a.date_form,
        "caption_styles": sorted({i.style for i in a.images if i.caption}),
        "modified_at": a.modified.isoformat(),
        "reachable_via": via,
        "reachable_without_js": bool(set(via) - SCRIPT_CONTEXTS),
        "hidden": a.hidden,
        "amp_path": a.amp_path,
        "faults": list(a.faults),
        "traps": sorted(a.traps),
        "etag": f'W/"{a.content_hash()}"',
        "edition_added": a.edition_added,
    }


def _media_files(records, served):
    """Each distinct file the articles reference, once: its facts, every URL that shows it,
    and the articles that do."""
    files = {}
    for r in records:
        for m in r["media"]:
            file = files.setdefault(m["sha1"], {**served[m["url"]].gold(), "urls": set(),
                                                "articles": set()})
            file["urls"].add(m["url"])
            file["articles"].add(r["id"])
    return [dict(f, urls=sorted(f["urls"]), articles=sorted(f["articles"]))
            for _, f in sorted(files.items())]


def _faults(site, target):
    roles = site.u.roles

    def path(role):
        return site.by_id[roles[role]].path

    def answered(role):
        fault = site.by_id[roles[role]].faults[0]
        return {"path": path(role), "fault": fault, "answers": FAULT_ANSWERS[fault]}

    return {
        "flaky": {"path": path("flaky"), "fail_first": 1, "status": 500},
        "slow": {"path": path("slow"), "delay_seconds": SLOW_SECONDS},
        "redirect": {"from": legacy_redirect(target), "to": target.path, "status": 301},
        "not_found": [site.u.dead_link],
        "no_charset": {"path": path("no-charset"), "content_type": "text/html"},
        # Each answered once per server (twice for the 503s), then the page.
        "retry_after": [answered("retry-503"), answered("retry-429")],
        "empty_body": answered("empty-body"),
        "truncated_body": answered("truncated-body"),
    }


def _crawl_traps(site, chained):
    hops = redirect_chain(chained)
    last_real = len(html_page_urls(site, INTERVIEWS))
    return {
        "calendar": {
            "path": traps.CALENDAR_PATH, "param": traps.CALENDAR_PARAM,
            "linked_from": sorted(a.id for a in site.news if a.template == "redesign"),
            "each_day_links": ["the day before", "the day after"]},
        "endless_pagination": {
            "path": "/" + INTERVIEWS.slug, "param": traps.ENDLESS_PARAM,
            "real_pages": html_page_urls(site, INTERVIEWS),
            "first_endless_page": INTERVIEWS.page_url(last_real + 1)},
        "redirect_chain": {"from": hops[0], "hops": hops + [chained.path],
                           "statuses": [302, 301, 301], "to": chained.path, "id": chained.id},
        "redirect_loop": {"urls": list(REDIRECT_LOOP), "status": 302},
    }


def _js_pagers(site):
    def later_pages(listing):
        return range(2, paged(site, listing)[2] + 1)

    return {
        "load-more": {
            "listing": VIDEOS.page_url(1), "url_template": LOAD_MORE_URL,
            "pages": [LOAD_MORE_URL.format(page=n) for n in later_pages(VIDEOS)],
            "ids": [a.id for a in site.js_only[VIDEOS.slug]]},
        "postback": {
            "listing": ARCHIVE_1258.page_url(1), "method": "POST",
            "event_target": legacy_1258.POSTBACK_TARGET,
            "arguments": [f"Page${n}" for n in later_pages(ARCHIVE_1258)],
            "ids": [a.id for a in site.js_only[ARCHIVE_1258.slug]]},
    }


def _discovery(site):
    listings = {c.slug: c for c in CATEGORIES + (OFFICIAL_DOCUMENTS,)}
    return {
        "robots_sitemaps": ["/sitemap.xml", CANONICAL_HOST + discovery.SITEMAP_INDEX],
        "gzip_sitemaps": [CANONICAL_HOST + path for path in discovery.GZIP_SITEMAPS],
        "feeds_announced_in_head_only": [
            {"path": path, "type": kind, "announced_on": html_page_urls(site, listings[slug])}
            for slug, (path, kind, _) in discovery.SECTION_FEEDS.items()],
        "base_href": {"href": legacy_1258.BASE_HREF,
                      "pages": [ARCHIVE_1258.page_url(1)] + sorted(
                          a.path for a in site.news if a.template == "legacy-1258")},
    }
