"""Listing pages (the home page, category listings in their pagination styles, the document
archive's index), the story teasers they are made of, and the pages only JavaScript reaches:
the videos' "load more" JSON and the windows-1258 listing's postback pages.
"""

from __future__ import annotations

import json

from thanhuy_archive.mirror.portal import (
    ARCHIVE_1258, CATEGORIES, COLLECTIONS, DOCUMENTS_CATEGORY, LEAD_CREDIT, OFFICIAL_DOCUMENTS,
    PHOTO_STORIES, SITE_NAME, VIDEOS)
from thanhuy_archive.mirror.templates import legacy_1258
from thanhuy_archive.mirror.templates.discovery import SECTION_FEEDS
from thanhuy_archive.mirror.templates.figures import listing_picture
from thanhuy_archive.mirror.templates.site import E

# The string literal the videos' "load more" script fills in; it answers JSON.
LOAD_MORE_URL = "/api/video/danh-sach?trang={page}"
# How a listing links its stories, when not by their plain path.
STORY_LINK_FORMS = {PHOTO_STORIES.slug: "trailing-slash"}


def story(site, a, context, with_comments=False, form="path"):
    href = site.links.href(a, context, form)
    picture = listing_picture(site, a)
    thumb = (f'<a class="thumb" href="{E(href)}"><img src="{E(picture)}" alt=""></a>'
             if picture else "")
    when = (f'<span class="time">{a.published:%d/%m/%Y %H:%M}</span>'
            if a.published_at and "T" in a.published_at else "")
    comments = (f' <a class="comments" href="{E(site.links.href(a, context, "fragment"))}">Bình luận</a>'
                if with_comments else "")
    return (f'<div class="story">{thumb}'
            f'<h3 class="story-title"><a href="{E(href)}">{E(a.title)}</a></h3>'
            f'<div class="story-meta">{when}{comments}</div>'
            f'<p class="story-sapo">{E(a.lead[len(LEAD_CREDIT):])}</p></div>\n')


def paged(site, listing):
    """The listing with its page size for this edition, its items (with those only its
    JavaScript pager shows) and its page count."""
    items = site.in_listing[listing.slug] + site.js_only.get(listing.slug, [])
    sized, pages = listing.sized_for(len(items))
    return sized, items, pages


def html_page_urls(site, listing):
    """The URLs of the listing's pages a GET reaches (a JavaScript pager's: the first)."""
    sized, _, pages = paged(site, listing)
    return [sized.page_url(n) for n in range(1, (1 if listing.js_pager else pages) + 1)]


def listing_pages(site, listing):
    """Yield (url, aliases, html) for every page of a listing a GET reaches."""
    sized, items, pages = paged(site, listing)
    size = sized.page_size
    for n, url in enumerate(html_page_urls(site, listing), 1):
        chunk = items[(n - 1) * size:n * size]
        context = "listing"
        stories = "".join(story(site, a, context, with_comments=listing.slug == "thoi-su",
                                form=STORY_LINK_FORMS.get(listing.slug, "path"))
                          for a in chunk)
        if listing.slug == "thoi-su" and n == 1:
            stories += (f'<div class="story"><h3 class="story-title"><a href="{site.u.dead_link}">'
                        'Thông báo lịch tiếp công dân của Thường trực Thành ủy</a></h3></div>\n')
        head = ""
        if n < pages and listing.style == "more-rel-next":
            head += f'<link rel="next" href="{E(sized.page_url(n + 1))}">\n'
        if n > 1 and listing.style == "more-rel-next":
            head += f'<link rel="prev" href="{E(sized.page_url(n - 1))}">\n'
        if listing.slug in SECTION_FEEDS:  # announced here only, not linked
            feed, kind, title = SECTION_FEEDS[listing.slug]
            head += f'<link rel="alternate" type="{kind}" title="{E(title)}" href="{feed}">\n'
        crumbs = ('<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
                  + ('<li><a href="/tu-lieu">Tư liệu</a></li>' if listing.slug.startswith("tu-lieu/") else "")
                  + f'<li>{E(listing.label)}</li></ol>\n')
        if listing.style == "load-more":
            pager = load_more_button(pages)
        elif listing.style == "endless":
            pager = endless_pagination(sized, n)
        else:
            pager = pagination(sized, n, pages)
        body = (f'{crumbs}<h1 class="category-title">{E(listing.label)}</h1>\n'
                f'<div class="category-list">\n{stories}</div>\n{pager}')
        title = f"{listing.label} - Trang {n}" if n > 1 else listing.label
        active = "/" + listing.slug.split("/")[0]
        yield (url, sized.aliases(n),
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


def endless_pagination(listing, n):
    """The interviews' pager: a next page always, past the last one too (templates.traps)."""
    prev = f'<a class="prev" href="{E(listing.page_url(n - 1))}">« Trang trước</a> ' if n > 1 else ""
    return (f'<div class="paging">{prev}<span class="current">{n}</span> '
            f'<a class="next" href="{E(listing.page_url(n + 1))}">Trang sau »</a></div>\n')


def load_more_button(pages):
    """The videos' pager: a button whose script fetches the next page as JSON."""
    if pages == 1:
        return ""
    return (
        '<div class="load-more"><button type="button" class="btn-load-more" data-page="2">'
        'Xem thêm video</button></div>\n'
        '<script>\n(function () {\n'
        f'  var moreUrl = "{LOAD_MORE_URL}";\n'
        '  var button = document.querySelector(".btn-load-more");\n'
        '  button.addEventListener("click", function () {\n'
        '    var page = parseInt(button.getAttribute("data-page"), 10);\n'
        '    fetch(moreUrl.replace("{page}", page)).then(function (r) { return r.json(); })\n'
        '      .then(function (data) {\n'
        '        var list = document.querySelector(".category-list");\n'
        '        data.items.forEach(function (item) {\n'
        '          var a = document.createElement("a");\n'
        '          a.href = item.url; a.textContent = item.title;\n'
        '          var div = document.createElement("div"); div.className = "story";\n'
        '          div.appendChild(a); list.appendChild(div);\n'
        '        });\n'
        '        if (data.hasMore) { button.setAttribute("data-page", page + 1); }\n'
        '        else { button.parentNode.removeChild(button); }\n'
        '      });\n  });\n})();\n</script>\n')


def load_more_pages(site):
    """Yield (url, JSON text) for the videos' pages after the first."""
    sized, items, pages = paged(site, VIDEOS)
    size = sized.page_size
    for n in range(2, pages + 1):
        chunk = items[(n - 1) * size:n * size]
        data = {"page": n, "hasMore": n < pages, "items": [
            {"id": a.id, "title": a.title, "url": site.links.href(a, "load-more"),
             "thumbnail": listing_picture(site, a), "publishedAt": a.published.isoformat()}
            for a in chunk]}
        yield LOAD_MORE_URL.format(page=n), json.dumps(data, ensure_ascii=False, indent=1)


def archive_1258_pages(site):
    """Yield (postback argument or None for the GET page, page bytes) for the windows-1258
    news listing: its first page, then each page its pager posts back for."""
    sized, items, pages = paged(site, ARCHIVE_1258)
    size = sized.page_size
    for n in range(1, pages + 1):
        page = legacy_1258.listing_page(site, n, items[(n - 1) * size:n * size], pages,
                                        "listing" if n == 1 else "postback")
        yield (None if n == 1 else f"Page${n}"), legacy_1258.encode(page)


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
                    for c in COLLECTIONS + (OFFICIAL_DOCUMENTS,))
    body = (f'<h1 class="category-title">{E(DOCUMENTS_CATEGORY)}</h1>\n'
            f'<ul class="collections">{items}</ul>\n')
    return site.page(f"{DOCUMENTS_CATEGORY} - Cổng TTĐT Đảng bộ TP.HCM", body, active="/tu-lieu")
