"""The parts articles play beyond their content: how a crawler can reach them (only through a
sitemap, a feed, another host, a ``<base href>``-relative link, a JavaScript pager), which
faults their URL answers with, which surface traps their page carries, which other
articles their "Tin liên quan" box links, and whose picture a follow-up shows again.
"""

from __future__ import annotations

import dataclasses

from thanhuy_archive.mirror.portal import ARCHIVE_1258, VIDEOS
from thanhuy_archive.mirror.universe.model import Image, with_tone_variants

# What an article's URL answers before its page, by fault name; after these answers (one per
# request, counted per server), the page. ``retry_after`` is the Retry-After header in
# seconds; ``body`` "empty" is a 200 with no bytes, "truncated" a 200 whose Content-Length
# promises more than is sent before the connection closes.
FAULT_ANSWERS = {
    "500-once": [{"status": 500}],
    "503-twice-retry-after": [{"status": 503, "retry_after": 1}] * 2,
    "429-once-retry-after": [{"status": 429, "retry_after": 1}],
    "empty-200-once": [{"status": 200, "body": "empty"}],
    "truncated-200-once": [{"status": 200, "body": "truncated"}],
}
SLOW_SECONDS = 1.0
# Role -> the fault its article has (see gold "faults" of each article).
ROLE_FAULTS = {
    "flaky": "500-once",
    "slow": "slow",
    "retry-503": "503-twice-retry-after",
    "retry-429": "429-once-retry-after",
    "empty-body": "empty-200-once",
    "truncated-body": "truncated-200-once",
    "redirect-target": "reached-by-redirect",
    "redirect-chain-target": "reached-by-redirect-chain",
}
# Surface traps that exist once: edition 2 never edits or removes their article.
UNIQUE_TRAPS = {"nfd", "entities", "div-paragraphs", "feff-nbsp", "wrong-weekday",
                "misplaced-mark", "no-charset"}
RELATED_FORMS = ("path", "hcmcpv", "path", "fbclid", "altslug", "path", "thanhuy", "fragment")


def assign_roles(rng, news):
    """Reachability and fault roles of the first edition's news, each on a distinct article
    of a fitting template; sets ``hidden`` and ``faults`` accordingly. Returns the roles
    (role name -> article id)."""
    ed1 = [a for a in news if a.edition_added == 1]
    roles = _hide_behind_pagers(ed1)
    by_template = {}
    for a in ed1:
        if a.hidden is None and a.id not in roles.values():
            by_template.setdefault(a.template, []).append(a)
    taken = set(roles.values())

    def take(template, where=lambda a: True, newest=False):
        pool = [a for a in by_template[template] if a.id not in taken and where(a)]
        a = pool[-1] if newest else rng.choice(pool)
        taken.add(a.id)
        return a.id

    roles.update({
        "only-feed": take("jsonld", newest=True),
        "only-sitemap": take("jsonld", newest=True),
        "only-portal-host": take("og"),
        "portal-host-linker": take("og"),
        "flaky": take("og"),
        "slow": take("jsonld"),
        # UTF-8 bytes, no charset anywhere: a legacy page (they have no <meta> at all).
        "no-charset": take("legacy", lambda a: a.date_form == "cap-nhat"),
        "redirect-target": take("legacy"),
        "redirect-linker": take("legacy"),
        "redirect-chain-target": take("og"),
        "truncated-body": take("legacy-1258"),
        "retry-503": take("video", newest=True),
        "retry-429": take("photo"),
        "empty-body": take("interview"),
        # Its AMP copy is linked directly, as shared links often are.
        "amp-linked": take("redesign", newest=True),
    })
    by_id = {a.id: a for a in news}
    for role, aid in roles.items():
        if role.startswith("only-"):
            by_id[aid].hidden = role[len("only-"):]
        if role in ROLE_FAULTS:
            by_id[aid].faults.append(ROLE_FAULTS[role])
    return roles


def _hide_behind_pagers(ed1):
    """The articles only a JavaScript pager (and the sitemaps) reaches: those past the first
    page of the windows-1258 listing (ASP.NET postbacks) and of the video listing ("load
    more"). The oldest windows-1258 article is linked only relatively, under the newest
    one's ``<base href>``."""
    old = sorted((a for a in ed1 if a.template == "legacy-1258"), key=lambda a: a.published,
                 reverse=True)
    roles = {"base-href-linker": old[0].id, "only-base-href": old[-1].id}
    for listing, items in ((ARCHIVE_1258, old[:-1]),
                           (VIDEOS, sorted((a for a in ed1 if a.kind == "video"),
                                           key=lambda a: a.published, reverse=True))):
        sized, _ = listing.sized_for(len(items))
        for a in items[sized.page_size:]:
            a.hidden = listing.style
    return roles


def assign_traps(rng, news, roles):
    """Surface traps of Vietnamese pages, each on one news report (see gold "traps")."""
    reports = {a.id: a for a in news if a.kind == "news" and a.edition_added == 1}
    free = [a for a in reports.values() if a.id not in roles.values() and not a.hidden]

    def pick(template, where=lambda a: True):
        """A free article if there is one, else any fitting one (traps may share a page)."""
        pool = [a for a in free if a.template == template and where(a)]
        if not pool:
            pool = [a for a in reports.values() if a.template == template and where(a)]
        a = rng.choice(pool)
        if a in free:
            free.remove(a)
        return a

    pick("og").traps.append("nfd")
    pick("legacy").traps.append("entities")
    pick("legacy").traps.append("div-paragraphs")
    pick("jsonld").traps.append("feff-nbsp")
    pick("legacy", lambda a: a.date_form == "weekday-time").traps.append("wrong-weekday")
    typo = pick("og")
    typo.traps.append("misplaced-mark")
    typo.paragraphs.insert(1, "Kế hoạch sẽ được triển khai ngay trong qúy tới, tập trung vào những địa bàn còn nhiều khó khăn.")
    reports[roles["no-charset"]].traps.append("no-charset")
    for a in news:
        if a.kind != "news":
            continue
        if a.template == "legacy" and a.id % 3 == 0:
            a.traps.append("empty-paragraphs")
        if a.id % 5 == 0:  # the other tone placement, in the text itself (gold keeps it)
            a.title, a.lead = with_tone_variants(a.title), with_tone_variants(a.lead)
            a.paragraphs = [with_tone_variants(p) for p in a.paragraphs]
            a.images = [dataclasses.replace(i, caption=i.caption and with_tone_variants(i.caption))
                        for i in a.images]
            a.traps.append("tone-variants")


def link_related(news, roles):
    """"Tin liên quan" boxes: older articles of the same listing, in assorted URL forms."""
    counter = 0
    older = {}
    for a in news:
        pool = older.setdefault(a.listing, [])
        if a.hidden is None and pool and (a.id % 3 == 0 or a.template == "legacy" and a.id % 4 == 0):
            for r in pool[-3:][::-1]:
                a.related.append((r.id, RELATED_FORMS[counter % len(RELATED_FORMS)]))
                counter += 1
        if a.hidden is None:
            pool.append(a)
    by_id = {a.id: a for a in news}
    by_id[roles["portal-host-linker"]].related.insert(0, (roles["only-portal-host"], "hcmcpv"))
    by_id[roles["redirect-linker"]].related.insert(0, (roles["redirect-target"], "legacy-redirect"))
    by_id[roles["base-href-linker"]].related.insert(0, (roles["only-base-href"], "relative"))


# Layouts whose pictures are dated uploads with a figure caption: a follow-up of these years
# shows the picture of the report it follows, under the same URL ("Ảnh tư liệu").
FILE_PHOTO_TEMPLATES = ("og", "jsonld")
FILE_PHOTO_LABEL = "Ảnh tư liệu"


def share_file_photos(news, count):
    """``count`` follow-ups (articles whose "Tin liên quan" box links an older report) end
    with that report's first picture, the same file under the same URL: one file that two
    articles reference."""
    by_id = {a.id: a for a in news}
    shared = 0
    for a in news:
        if shared == count:
            break
        if a.template not in FILE_PHOTO_TEMPLATES or not a.related:
            continue
        earlier = by_id.get(a.related[0][0])
        if earlier is None or earlier.template not in FILE_PHOTO_TEMPLATES or not earlier.images:
            continue
        picture = earlier.images[0]
        caption = f"{FILE_PHOTO_LABEL}: {picture.caption}" if picture.caption else FILE_PHOTO_LABEL
        a.images.append(Image(picture.url, caption, "figure", picture.upload_day))
        a.traps.append("file-photo")
        shared += 1
