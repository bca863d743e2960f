"""The OpenGraph layout (mid-2019 to mid-2022): a div page with ``og:*`` and
``article:published_time`` metadata (in several spellings of its time zone), the lead in a sapo
div, ``<figure>`` captions, the byline as the body's last paragraph. The newer JSON-LD layout
(``templates.jsonld``) shares its body and the furniture after it.
"""

from __future__ import annotations

from datetime import timezone
from urllib.parse import quote

from thanhuy_archive.mirror.media import GIF
from thanhuy_archive.mirror.portal import CANONICAL_HOST, LEAD_CREDIT
from thanhuy_archive.mirror.templates.figures import image_html
from thanhuy_archive.mirror.templates.site import E

# The comment form's captcha, on the portal's own host.
CAPTCHA, CAPTCHA_SIZE = "/captcha", (120, 40)


def body_html(site, a, byline_in_body, loading="src"):
    """The pictures and paragraphs; ``loading`` as in ``figures.image_html``."""
    def figure(img):
        return image_html(site, a, img, loading=loading, first=img is a.images[0])

    parts, images = [], list(a.images)
    if images:
        parts.append(figure(images.pop(0)))
    for i, p in enumerate(a.paragraphs):
        text = E(site.surface(a, p, "p", i))
        parts.append(f"<p><strong>{text}</strong></p>\n" if i in a.subheads else f"<p>{text}</p>\n")
        if images and i in (1, 3):
            parts.append(figure(images.pop(0)))
    parts += [figure(img) for img in images]
    if byline_in_body and a.byline.text:
        parts.append(f'<p style="text-align: right;"><strong>{E(a.byline.text)}</strong></p>\n')
    return "".join(parts)


def after_article(site, a):
    related = site.related(a)
    rel = ""
    if related:
        rel = (f'<div class="related-news"><h3>{site.furniture(a, "Tin liên quan")}</h3><ul>'
               + "".join(f'<li><a href="{E(h)}">{E(r.title)}</a></li>' for r, h in related)
               + "</ul></div>\n")
    others = "".join(f'<li><a href="{E(h)}">{E(o.title)}</a> <span class="time">{o.published:%d/%m/%Y}</span></li>'
                     for o, h in site.other_news(a))
    share = quote(CANONICAL_HOST + a.path, safe="")
    site.media.furniture(a, CANONICAL_HOST + CAPTCHA, GIF, CAPTCHA_SIZE)
    site.furniture(a, "Từ khóa:", "Chia sẻ:", "In bài", "Gửi email", "Ý kiến bạn đọc", "refresh",
                   "Gửi bình luận", "Tổng lượt bình luận:", "Tin khác", "Thông báo", "Chia sẻ nhiều")
    return (
        f'<div class="tags">Từ khóa: {site.tags(a)}</div>\n'
        '<div class="share-tools"><span>Chia sẻ:</span> '
        f'<a class="fb" href="https://www.facebook.com/sharer/sharer.php?u={share}">Facebook</a> '
        f'<a class="zalo" href="https://sp.zalo.me/share_inline?url={share}">Zalo</a> '
        f'<a class="print" href="/in-bai/{E(a.slug)}-{a.id}">In bài</a> '
        '<a class="mail" href="mailto:?subject=Tin%20hay">Gửi email</a></div>\n'
        f'{rel}'
        '<div class="comments" id="binh-luan"><h3>Ý kiến bạn đọc</h3>'
        '<form class="comment-form"><input name="name" placeholder="Họ tên"><input name="email" placeholder="Email">'
        f'<textarea name="content"></textarea><img src="{CAPTCHA}" alt=""><a href="#" class="refresh">refresh</a>'
        '<button type="button">Gửi bình luận</button></form>'
        '<p class="count">Tổng lượt bình luận: <span>0</span></p></div>\n'
        f'<div class="other-news"><h3>Tin khác</h3><ul>{others}</ul></div>\n')


def og_head(site, a, date_value, og_type="article", description=None):
    """OpenGraph and the canonical link (both name the production host)."""
    desc = E(description if description is not None else a.lead[len(LEAD_CREDIT):])
    site.links.record(a, CANONICAL_HOST + a.path)
    image = (f'<meta property="og:image" content="{E(site.media.thumbnail(a, a.images[0]))}">\n'
             if a.images else "")
    return (
        f'<meta name="description" content="{desc}">\n'
        '<meta name="author" content="Cổng TTĐT Đảng bộ TP.HCM">\n'
        '<meta property="og:site_name" content="Thanhuytphcm.vn">\n'
        f'<meta property="og:type" content="{og_type}">\n'
        f'<meta property="og:title" content="{E(a.title)}">\n'
        f'<meta property="og:description" content="{desc}">\n{image}'
        f'<meta property="og:url" content="{CANONICAL_HOST}{a.path}">\n'
        f'<link rel="canonical" href="{CANONICAL_HOST}{a.path}">\n'
        f'{date_value}'
        f'<meta property="article:section" content="{E(a.category)}">\n')


def published_time_meta(a):
    """``article:published_time`` in the spelling of the page's date form (with zone, without,
    its ``+`` as an entity, or UTC), and ``article:modified_time`` once edited."""
    p = a.published
    value = {
        "meta-zone": p.isoformat(),
        "meta-nozone": p.replace(tzinfo=None).isoformat(),
        "meta-entity": p.replace(tzinfo=None).isoformat() + "&#x2B;07:00",
        "meta-utc": p.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }[a.date_form]
    meta = f'<meta property="article:published_time" content="{value}">\n'
    if a.modified != a.published:
        meta += f'<meta property="article:modified_time" content="{a.modified.isoformat()}">\n'
    return meta


def render(site, a):
    body = (
        f'<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/{a.listing}">{E(a.category)}</a></li></ol>\n'
        '<div class="article-detail">\n'
        f'<h1 class="article-title">{E(a.title)}</h1>\n'
        f'<div class="article-meta"><span class="date">{E(site.visible_date(a))}</span></div>\n'
        f'<div class="article-sapo"><strong>{E(site.surface(a, a.lead, "lead"))}</strong></div>\n'
        f'<div class="article-content">\n{body_html(site, a, byline_in_body=True)}</div>\n'
        f'{after_article(site, a)}</div>\n')
    return site.page(f"{a.title} - Cổng TTĐT Đảng bộ TP.HCM", body,
                     head=og_head(site, a, published_time_meta(a)), active="/" + a.listing,
                     article=a)
