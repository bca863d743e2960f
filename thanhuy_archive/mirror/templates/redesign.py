"""The 2020s redesign (from May 2024): the byline above the body, a "Tin liên quan" box and a
"Xem thêm: ..." link paragraph inside the body, captions ending in a photo credit, a tool line
("In bài", "Cỡ chữ", "Tin cùng ngày" into the day calendar), readers' comments, a cookie
notice, "Bài viết cùng chuyên mục" and "Tin đọc nhiều" lists, and a ``<noscript>`` copy of
the text. JSON-LD names no author: the byline is the visible line only. Every such page has
an AMP copy (``templates.amp``).
"""

from __future__ import annotations

from thanhuy_archive.mirror.portal import CANONICAL_HOST
from thanhuy_archive.mirror.templates.figures import image_html
from thanhuy_archive.mirror.templates.jsonld import breadcrumbs, news_article
from thanhuy_archive.mirror.templates.og import og_head
from thanhuy_archive.mirror.templates.site import E, json_ld
from thanhuy_archive.mirror.templates.traps import calendar_url
from thanhuy_archive.mirror.vocabulary import READER_COMMENTS

COOKIE_NOTICE = ("Trang web sử dụng cookie để cải thiện trải nghiệm của bạn. Khi tiếp tục truy "
                 "cập, bạn đồng ý với việc sử dụng cookie.")


def render(site, a):
    site.links.record(a, CANONICAL_HOST + a.amp_path)
    head = (og_head(site, a, "") + f'<link rel="amphtml" href="{CANONICAL_HOST}{a.amp_path}">\n'
            + json_ld(breadcrumbs(a)) + json_ld(news_article(a, with_authors=False)))
    cookie = (f'<div class="cookie-consent" role="dialog"><p>{site.furniture(a, COOKIE_NOTICE)}</p>'
              f'<button type="button">{site.furniture(a, "Đồng ý")}</button></div>\n')
    author = (f'<div class="detail__author">{E(a.byline.text)}</div>\n' if a.byline.text else "")
    body = (
        f'<nav class="detail__crumbs"><a href="/">Trang chủ</a> › <a href="/{a.listing}">{E(a.category)}</a></nav>\n'
        '<article class="detail">\n'
        f'<h1 class="detail__title">{E(a.title)}</h1>\n'
        f'{_tools(site, a)}{author}'
        f'<h2 class="detail__sapo">{E(a.lead)}</h2>\n'
        f'<div class="detail__content">\n{_content(site, a)}</div>\n'
        f'<noscript><div class="detail__plain"><p>{E(a.lead)}</p>'
        + "".join(f"<p>{E(p)}</p>" for p in a.paragraphs) + '</div></noscript>\n'
        f'<div class="detail__tags">{site.furniture(a, "Từ khóa:")} {site.tags(a)}</div>\n'
        '</article>\n'
        f'{_comments(site, a)}{_lists(site, a)}')
    site.furniture(a, "Thông báo", "Chia sẻ nhiều")  # the sidebar of every page
    return site.page(f"{a.title} - Thành ủy TP.HCM", body, head=head, active="/" + a.listing,
                     top=cookie, article=a)


def _tools(site, a):
    return (
        '<div class="detail__tools">'
        f'<time datetime="{a.published.isoformat()}">{E(site.visible_date(a))}</time> '
        f'<a href="/in-bai/{E(a.slug)}-{a.id}">{site.furniture(a, "In bài")}</a> '
        f'<span class="font-size">{site.furniture(a, "Cỡ chữ")} <button type="button">A-</button> '
        '<button type="button">A+</button></span> '
        f'<a href="{calendar_url(a.published.date())}">{site.furniture(a, "Tin cùng ngày")}</a>'
        '</div>\n')


def _content(site, a):
    """The paragraphs with the pictures (responsive: ``figures.image_html``), a related box in
    the middle and a "Xem thêm" link paragraph before the last."""
    def figure(img):
        return image_html(site, a, img, loading="responsive", first=img is a.images[0])

    related = site.related(a) or site.other_news(a)[:2]
    middle = len(a.paragraphs) // 2
    see_also = _see_also(site, a)
    parts, images = [], list(a.images)
    for i, p in enumerate(a.paragraphs):
        if i == middle and related:
            items = "".join(f'<li><a href="{E(h)}">{E(r.title)}</a></li>' for r, h in related)
            parts.append(f'<div class="box-related"><p class="box-related__title">'
                         f'{site.furniture(a, "Tin liên quan")}</p><ul>{items}</ul></div>\n')
        if i == len(a.paragraphs) - 1 and see_also:
            other, href = see_also
            parts.append(f'<p class="see-also"><strong>{site.furniture(a, "Xem thêm:")}</strong> '
                         f'<a href="{E(href)}">{E(other.title)}</a></p>\n')
        text = E(p)
        parts.append(f"<p><strong>{text}</strong></p>\n" if i in a.subheads else f"<p>{text}</p>\n")
        if images and i in (0, 2, 4):
            parts.append(figure(images.pop(0)))
    parts += [figure(img) for img in images]
    return "".join(parts)


def _see_also(site, a):
    """An older article, linked from a paragraph of its own."""
    older = [o for o in site.visible if o.published < a.published]
    if not older:
        return None
    other = older[a.id % min(len(older), 10)]
    return other, site.links.href(other, "see-also")


def _comments(site, a):
    count = 1 + a.id % 3
    comments = [READER_COMMENTS[(a.id + k) % len(READER_COMMENTS)] for k in range(count)]
    items = "".join(
        f'<div class="comment"><b class="comment__name">{E(name)}</b> '
        f'<span class="comment__place">({E(place)})</span>'
        f'<p class="comment__text">{E(site.furniture(a, text))}</p></div>'
        for name, place, text in comments)
    return (f'<section class="comments" id="binh-luan"><h3>{site.furniture(a, f"Bình luận ({count})")}</h3>'
            f'{items}<form class="comment-form"><textarea name="noi-dung"></textarea>'
            f'<button type="button">{site.furniture(a, "Gửi bình luận")}</button></form></section>\n')


def _lists(site, a):
    same = "".join(f'<li><a href="{E(h)}">{E(o.title)}</a></li>' for o, h in site.other_news(a))
    read = []
    amp_linked = site.by_id.get(site.u.roles["amp-linked"])
    if amp_linked is not None and amp_linked.id != a.id:
        read.append((amp_linked, site.links.href(amp_linked, "most-read", "amp")))
    forms = ("upper-host", "path", "path", "path")
    read += [(o, site.links.href(o, "most-read", form))
             for o, form in zip(site.most_read, forms) if o.id != a.id]
    most_read = "".join(f'<li><a href="{E(h)}">{E(o.title)}</a></li>' for o, h in read)
    return (f'<section class="same-category"><h3>{site.furniture(a, "Bài viết cùng chuyên mục")}</h3>'
            f'<ul>{same}</ul></section>\n'
            f'<section class="most-read"><h3>{site.furniture(a, "Tin đọc nhiều")}</h3>'
            f'<ol>{most_read}</ol></section>\n')
