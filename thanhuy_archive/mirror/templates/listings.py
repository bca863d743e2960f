"""Listing pages (the home page, category listings in their pagination styles, the document
archive's index) and the story teasers they are made of.
"""

from __future__ import annotations

import dataclasses

from thanhuy_archive.mirror.portal import (
    CATEGORIES, COLLECTIONS, DOCUMENTS_CATEGORY, IMAGES, LEAD_CREDIT, SITE_NAME)
from thanhuy_archive.mirror.templates.site import E


def story(site, a, context, with_comments=False):
    href = site.links.href(a, context)
    thumb = a.images[0].url if a.images else f"{IMAGES}/res/no-image.jpg"
    when = (f'<span class="time">{a.published:%d/%m/%Y %H:%M}</span>'
            if a.published_at and "T" in a.published_at else "")
    comments = (f' <a class="comments" href="{E(site.links.href(a, context, "fragment"))}">Bình luận</a>'
                if with_comments else "")
    return (f'<div class="story"><a class="thumb" href="{E(href)}"><img src="{E(thumb)}" alt=""></a>'
            f'<h3 class="story-title"><a href="{E(href)}">{E(a.title)}</a></h3>'
            f'<div class="story-meta">{when}{comments}</div>'
            f'<p class="story-sapo">{E(a.lead[len(LEAD_CREDIT):])}</p></div>\n')


def paged(site, listing):
    """The listing with its page size for this edition (grown so that no listing has more
    than 20 pages), its items and its page count."""
    items = site.in_listing[listing.slug]
    size = max(listing.page_size, -(-len(items) // 20))
    return dataclasses.replace(listing, page_size=size), items, max(1, -(-len(items) // size))


def listing_pages(site, listing):
    """Yield (url, aliases, html) for every page of a listing."""
    sized, items, pages = paged(site, listing)
    size = sized.page_size
    for n in range(1, pages + 1):
        chunk = items[(n - 1) * size:n * size]
        context = "listing"
        stories = "".join(story(site, a, context, with_comments=listing.slug == "thoi-su")
                          for a in chunk)
        if listing.slug == "thoi-su" and n == 1:
            stories += (f'<div class="story"><h3 class="story-title"><a href="{site.u.dead_link}">'
                        'Thông báo lịch tiếp công dân của Thường trực Thành ủy</a></h3></div>\n')
        head = ""
        if n < pages and listing.style == "more-rel-next":
            head += f'<link rel="next" href="{E(sized.page_url(n + 1))}">\n'
        if n > 1 and listing.style == "more-rel-next":
            head += f'<link rel="prev" href="{E(sized.page_url(n - 1))}">\n'
        crumbs = (f'<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
                  + ('<li><a href="/tu-lieu">Tư liệu</a></li>' if listing.slug.startswith("tu-lieu/") else "")
                  + f'<li>{E(listing.label)}</li></ol>\n')
        body = (f'{crumbs}<h1 class="category-title">{E(listing.label)}</h1>\n'
                f'<div class="category-list">\n{stories}</div>\n{pagination(sized, n, pages)}')
        title = f"{listing.label} - Trang {n}" if n > 1 else listing.label
        active = "/" + listing.slug.split("/")[0]
        yield (sized.page_url(n), sized.aliases(n),
               site.page(f"{title} - Cổng TTĐT Đảng bộ TP.HCM", body, head=head, active=active))


def pagination(listing, n, pages):
    if pages == 1:
        return ""
    url = listing.page_url
    style = listing.style
    links = []
    if style == "query-page":
        for k in range(1, pages + 1):
            target = f"/{listing.slug}?page=1" if k == 1 else url(k)
            links.append(f'<span class="current">{k}</span>' if k == n else f'<a href="{E(target)}">{k}</a>')
        if n < pages:
            links.append(f'<a class="next" href="{E(url(n + 1))}">›</a>')
    elif style in ("path-trang", "offset"):
        lo, hi = max(1, n - 2), min(pages, n + 2)
        if style == "offset" and n > 1:
            links.append(f'<a href="/{listing.slug}?start=0">Đầu</a>')
        for k in range(lo, hi + 1):
            links.append(f'<span class="current">{k}</span>' if k == n else f'<a href="{E(url(k))}">{k}</a>')
        if n < pages:
            links.append(f'<a class="next" href="{E(url(n + 1))}">Trang sau »</a>' if style == "path-trang"
                         else f'<a href="{E(url(pages))}">Cuối</a>')
    elif style == "more-rel-next":
        if n < pages:
            links.append(f'<a class="view-more" rel="next" href="{E(url(n + 1))}">Xem thêm</a>')
    elif style == "prev-next":
        if n > 1:
            links.append(f'<a class="prev" href="{E(url(n - 1))}">« Trang trước</a>')
        if n < pages:
            links.append(f'<a class="next" href="{E(url(n + 1))}">Trang sau »</a>')
    return f'<div class="paging">{" ".join(links)}</div>\n'


def home(site):
    top, latest = site.visible[0], site.visible[1:11]
    blocks = []
    for c in CATEGORIES:
        items = "".join(f'<li><a href="{E(site.links.href(a, "home"))}">{E(a.title)}</a></li>'
                        for a in site.in_listing[c.slug][:3])
        blocks.append(f'<section class="home-category"><h2><a href="/{c.slug}">{E(c.label)}</a></h2>'
                      f'<ul>{items}</ul><a class="more" href="/{c.slug}">Xem thêm</a></section>\n')
    docs = "".join(f'<li><a href="{E(site.links.href(d, "home"))}">{E(d.title)}</a></li>'
                   for d in sorted(site.documents, key=lambda d: d.published, reverse=True)[:4])
    sub = site.sub_site_pick
    body = (
        f'<section class="featured">{story(site, top, "home")}</section>\n'
        '<section class="latest"><h2>Tin mới</h2>\n'
        + "".join(story(site, a, "home") for a in latest)
        + '</section>\n' + "".join(blocks)
        + f'<section class="home-docs"><h2><a href="/tu-lieu">Tư liệu</a></h2><ul>{docs}</ul></section>\n'
        '<section class="sub-sites"><h2>Chuyên trang</h2><ul>'
        f'<li><a href="{E(site.links.href(sub, "sub-site", "stxdd"))}">{E(sub.title)}</a></li>'
        '<li><a href="https://icpv.thanhuytphcm.vn/">Hệ thống điều hành tác nghiệp</a></li></ul></section>\n')
    return site.page(SITE_NAME, body, active="/")


def documents_index(site):
    items = "".join(f'<li><a href="/{c.slug}">{E(c.label)}</a> ({len(site.in_listing[c.slug])} tư liệu)</li>'
                    for c in COLLECTIONS)
    body = (f'<h1 class="category-title">{E(DOCUMENTS_CATEGORY)}</h1>\n'
            f'<ul class="collections">{items}</ul>\n')
    return site.page(f"{DOCUMENTS_CATEGORY} - Cổng TTĐT Đảng bộ TP.HCM", body, active="/tu-lieu")
