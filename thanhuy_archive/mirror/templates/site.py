"""One edition of the site being rendered: its articles, the link book every article href goes
through, the media book every picture and file goes through, and the page parts every
template shares (header with the date of viewing, menu, sidebar boxes, footer, related and
other news, the visible date line).
"""

from __future__ import annotations

import hashlib
import html
import json
import random
from html.entities import codepoint2name
from urllib.parse import quote

from thanhuy_archive.mirror.media import PNG, MediaBook
from thanhuy_archive.mirror.portal import (
    ARCHIVE_1258, CANONICAL_HOST, CATEGORIES, COLLECTIONS, DOCUMENTS_CATEGORY, EDITION_VIEWED,
    FEATURE_LISTINGS, IMAGES, OFFICIAL_DOCUMENTS, SITE_NAME, VIDEOS)
from thanhuy_archive.mirror.universe import edition_articles, slugify
from thanhuy_archive.mirror.vocabulary import WEEKDAYS

# Old addresses that still answer: a chain of three redirects (an old portal's link, its
# article page, the bare id) ends at the article; two old link pages redirect to each other.
REDIRECT_LOOP = ("/Portal/Link.aspx?to=1", "/Portal/Link.aspx?to=2")


def legacy_redirect(a):
    """The old address of an article that answers one 301 to it."""
    return f"/Portal/Detail.aspx?NewsID={a.id}"


def redirect_chain(a):
    """The URLs that redirect, one to the next, and the last to ``a.path``."""
    return [f"/Default.aspx?tabid=77&ID={a.id}", f"/Portal/Detail.aspx?NewsID={a.id}&lang=vi",
            f"/tin-tuc/{a.id}"]


def viewing_text(day):
    """The header's date of viewing: ``Thứ Sáu, ngày 15 tháng 11 năm 2024``."""
    return f"{WEEKDAYS[day.weekday()]}, ngày {day.day} tháng {day.month} năm {day.year}"


def E(s):
    return html.escape(s, quote=True)


def entity_escape(s):
    """Escape as an old WYSIWYG editor did: every non-ASCII letter as an entity, named where
    HTML 4 has a name (``&agrave;``), numeric otherwise (``&#7853;``)."""
    out = []
    for ch in html.escape(s, quote=True):
        cp = ord(ch)
        out.append(ch if cp < 128 else f"&{codepoint2name[cp]};" if cp in codepoint2name
                   else f"&#{cp};")
    return "".join(out)


def dmy(d):
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def json_ld(obj):
    """A JSON-LD script element (``</`` escaped, so no text closes it early)."""
    text = json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>\n'


LOGO, LOGO_SIZE = f"{IMAGES}/res/logo/logo-dang-bo.png", (220, 64)
PUBLISHER = {"@type": "Organization", "name": "Cổng TTĐT Đảng bộ TP.HCM",
             "logo": {"@type": "ImageObject", "url": LOGO}}


class LinkBook:
    """Hands out article hrefs in a chosen form and remembers them for gold.json: every href
    to an article goes through here, so gold knows every URL variant."""

    def __init__(self):
        self.urls, self.via = {}, {}  # id -> set of hrefs, id -> set of contexts

    def href(self, a, context, form="path"):
        if form == "path":
            url = a.path
        elif form == "fragment":
            url = a.path + "#binh-luan"
        elif form == "fbclid":
            url = a.path + f"?fbclid=IwAR{hashlib.md5(str(a.id).encode()).hexdigest()[:22]}"
        elif form == "utm":
            url = a.path + "?utm_source=zalo&utm_medium=zalo&zarsrc=30"
        elif form == "www":
            url = CANONICAL_HOST + a.path
        elif form == "hcmcpv":
            url = "https://www.hcmcpv.org.vn" + a.path
        elif form == "thanhuy":
            url = "https://thanhuytphcm.vn" + a.path
        elif form == "stxdd":
            url = "https://stxdd.thanhuytphcm.vn" + a.path
        elif form == "altslug":
            words = a.slug.strip("-").split("-")
            alt = "-".join(words[:4]) if len(words) > 4 else a.slug.strip("-") + "-tin"
            url = a.path_with(alt)
        elif form == "oldslug":
            url = a.path_with(a.old_slugs[-1])
        elif form == "legacy-redirect":
            url = legacy_redirect(a)
        elif form == "redirect-chain":
            url = redirect_chain(a)[0]
        elif form == "relative":  # under <base href="https://www.hcmcpv.org.vn/">
            url = a.path.lstrip("/")
        elif form == "jsessionid":
            url = a.path + f";jsessionid={hashlib.md5(str(a.id).encode()).hexdigest()[:24].upper()}"
        elif form == "upper-host":
            url = CANONICAL_HOST.upper().replace("HTTPS://", "https://") + a.path
        elif form == "trailing-slash":
            url = a.path + "/"
        elif form == "amp":
            url = CANONICAL_HOST + a.amp_path
        else:
            raise ValueError(form)
        self.urls.setdefault(a.id, set()).add(url)
        self.via.setdefault(a.id, set()).add(context)
        return url

    def record(self, a, url, context=None):
        """Note a URL that refers to ``a``; ``context`` None for self-references (canonical
        links), which name the article without making it reachable."""
        self.urls.setdefault(a.id, set()).add(url)
        if context:
            self.via.setdefault(a.id, set()).add(context)


MENU = ([("/", "Trang chủ")] + [("/" + c.slug, c.label) for c in CATEGORIES + FEATURE_LISTINGS]
        + [("/tu-lieu", "Tư liệu"), ("/" + ARCHIVE_1258.slug, "Lưu trữ")])


class Site:
    """One edition being rendered: its articles, link book and shared page parts."""

    def __init__(self, u, edition):
        self.u, self.edition = u, edition
        self.viewed = EDITION_VIEWED[edition]
        self.news = edition_articles(u, edition)
        self.documents = u.documents
        self.by_id = {a.id: a for a in self.news + self.documents}
        self.gone = dict(u.removed) if edition == 2 else {}
        # Articles other pages may still link to (stale related links): the universe's copy.
        self.any_by_id = {a.id: a for a in u.articles + u.documents}
        self.any_by_id.update(self.by_id)
        self.links = LinkBook()
        self.media = MediaBook(u.seed)
        self.visible = sorted((a for a in self.news if not a.hidden), key=lambda a: a.published,
                              reverse=True)
        documents = sorted(self.documents, key=lambda a: a.published, reverse=True)
        self.in_listing = {c.slug: [a for a in self.visible if a.listing == c.slug]
                           for c in CATEGORIES + FEATURE_LISTINGS + (ARCHIVE_1258,)}
        self.in_listing.update({c.slug: [d for d in documents if d.listing == c.slug]
                                for c in COLLECTIONS + (OFFICIAL_DOCUMENTS,)})
        # What only a JavaScript pager shows, after the listing's first page.
        newest_first = sorted(self.news, key=lambda a: a.published, reverse=True)
        self.js_only = {c.slug: [a for a in newest_first if a.listing == c.slug and a.hidden == c.style]
                        for c in (ARCHIVE_1258, VIDEOS)}
        rng = random.Random(f"{u.seed}-shared-{edition}")
        self.most_shared = rng.sample(self.visible[5:40], 5)
        self.sub_site_pick = self.visible[7]
        self.most_read = rng.sample(self.visible[:30], 4)
        self.shown_furniture = {}  # article id -> furniture strings its page shows

    def furniture(self, a, *texts):
        """Note furniture shown on ``a``'s page (gold: must_not_contain); returns the first
        text, for the markup."""
        shown = self.shown_furniture.setdefault(a.id, [])
        shown += [t for t in texts if t not in shown]
        return texts[0]

    # -- shared parts ---------------------------------------------------------------------
    def header(self, active=None, article=None):
        active_attr = ' class="active"'
        logo = self.media.furniture(article, LOGO, PNG, LOGO_SIZE)
        menu = "".join(
            f'<li{active_attr if href == active else ""}><a href="{href}">{E(label)}</a></li>'
            for href, label in MENU)
        return (
            f'<div class="top-bar"><span class="today">{E(viewing_text(self.viewed))}</span>'
            '<form class="search" action="/tim-kiem" method="get"><input type="text" name="q" '
            'placeholder="Tìm kiếm..."><button type="submit">Tìm</button></form></div>\n'
            f'<header class="site-header"><a class="logo" href="/"><img src="{logo}" '
            f'alt="{E(SITE_NAME)}"></a></header>\n'
            f'<nav class="main-menu"><ul>{menu}</ul></nav>\n')

    def notices_box(self, context="notice"):
        items = []
        for k, aid in enumerate(self.u.notices):
            a = self.by_id.get(aid)
            if a is None:
                continue
            href = self.links.href(a, context, "thanhuy" if k == 0 else "path")
            items.append(f'<li><a href="{E(href)}">{E(a.title)}</a></li>')
        items.append(f'<li><a href="{self.u.dead_link}">Thông báo lịch tiếp công dân của Thường trực Thành ủy</a></li>')
        chained = self.by_id[self.u.roles["redirect-chain-target"]]
        items.append(f'<li><a href="{E(self.links.href(chained, "redirect-chain", "redirect-chain"))}">'
                     f'{E(chained.title)}</a></li>')
        return f'<div class="box notices"><h3>Thông báo</h3><ul>{"".join(items)}</ul></div>\n'

    def most_shared_box(self):
        forms = ("fbclid", "utm", "fbclid", "path", "fbclid")
        items = "".join(
            f'<li><a href="{E(self.links.href(a, "most-shared", f))}">{E(a.title)}</a></li>'
            for a, f in zip(self.most_shared, forms))
        return f'<div class="box most-shared"><h3>Chia sẻ nhiều</h3><ul>{items}</ul></div>\n'

    def footer(self):
        return (
            '<footer class="site-footer"><p><a href="/gioi-thieu">Giới thiệu</a> | '
            '<a href="/lien-he">Liên hệ</a> | <a href="/rss">RSS</a> | '
            f'<a href="{E(REDIRECT_LOOP[0])}">Liên kết website</a> | '
            '<a href="https://icpv.thanhuytphcm.vn/">Hệ thống điều hành tác nghiệp</a></p>'
            f'<p>{E(SITE_NAME)}</p><p>Cơ quan chủ quản: Ban Tuyên giáo Thành ủy TP.HCM. '
            'Địa chỉ: 127 Trương Định, Quận 3, TP.HCM. Bản sao dùng cho kiểm thử.</p></footer>\n')

    def page(self, title, body, *, head="", active=None, sidebar=True, top="", article=None):
        """A page of the div layouts; ``top`` comes first in the body (a cookie notice);
        ``article`` the article it shows, if any (it shows the header's pictures too)."""
        side = (f'<aside class="sidebar">{self.notices_box()}{self.most_shared_box()}</aside>\n'
                if sidebar else "")
        return (
            '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{E(title)}</title>\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<link rel="stylesheet" href="/css/site.css">\n'
            '<link rel="alternate" type="application/rss+xml" title="Tin mới" href="/rss/tin-moi.rss">\n'
            f'{head}</head>\n<body>\n{top}{self.header(active, article)}<div class="container">\n'
            f'<main class="main">\n{body}</main>\n{side}</div>\n{self.footer()}</body>\n</html>\n')

    def other_news(self, a, form="path"):
        """"Tin khác": the five previous visible articles of the same listing."""
        pool = self.in_listing.get(a.listing, [])
        older = [o for o in pool if o.published < a.published][:5]
        return [(o, self.links.href(o, "other-news", form)) for o in older]

    def related(self, a):
        out = []
        for rid, form in a.related:
            r = self.by_id.get(rid) or self.any_by_id[rid]
            if rid in self.by_id:
                # A hand-made box keeps the URL it was made with: an edited article's old slug.
                href = self.links.href(r, "related", "oldslug" if r.old_slugs else form)
            else:  # removed in this edition: the hand-made box still links it (stale)
                href = r.path
            out.append((r, href))
        return out

    def surface(self, a, text, role, index=0):
        """Text as the page stores it: per-article whitespace traps (gold never has them)."""
        if "feff-nbsp" in a.traps:
            if role == "lead":
                text = text.replace(" ", "\u00a0", 2)
            elif role == "p" and index == 0:
                text = "\ufeff" + text
            elif role == "p" and index == 1:
                text = text + "\u00a0"
        return text

    def visible_date(self, a):
        p = a.published
        wd = WEEKDAYS[p.weekday()]
        form = a.date_form
        if form == "cap-nhat":
            return f"Cập nhật {p:%H:%M} {dmy(p)}"
        if form == "cap-nhat-gmt":
            return f"Cập nhật: {p:%H:%M} GMT+7, {wd.split()[0]} {wd.split()[1].lower()}, {p.day}/{p.month}/{p.year}"
        if form == "weekday-time":
            if "wrong-weekday" in a.traps:
                wd = WEEKDAYS[(p.weekday() + 6) % 7]  # the page's weekday is off by one
            return f"{wd}, {dmy(p)} {p:%H:%M}"
        if form == "sa-ch":
            h12 = p.hour % 12 or 12
            return f"{p.day}/{p.month}/{p.year} {h12}:{p:%M}:00 {'SA' if p.hour < 12 else 'CH'}"
        if form == "luc-h":
            return f"Đăng lúc {p.hour}h{p:%M} ngày {p.day}/{p.month}/{p.year}"
        if form.startswith("meta-") or form == "jsonld":
            return f"{wd}, {dmy(p)} - {p:%H:%M}"
        if form == "posted-time":
            return f"Ngày đăng: {dmy(p)} {p:%H:%M}"
        return None

    def crumbs(self, a):
        if a.category == DOCUMENTS_CATEGORY:
            return f'<a href="/">Trang chủ</a> &#187; <a href="/tu-lieu">{E(DOCUMENTS_CATEGORY)}</a>'
        return f'<a href="/">Trang chủ</a> &#187; <a href="/{a.listing}">{E(a.category)}</a>'

    def tags(self, a):
        return ", ".join(f'<a href="/tim-kiem?tag={quote(slugify(k))}">{E(k)}</a>' for k in a.keywords)
