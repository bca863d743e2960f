"""AMP copies of the 2020s pages (``/amp/tin-tuc/<slug>-<id>``): ``<html ⚡>``, ``amp-img``
pictures, the same title, byline, sapo, text and captions, and ``rel=canonical`` naming the
normal page. The same article: a crawler stores it once.
"""

from __future__ import annotations

from thanhuy_archive.mirror.portal import CANONICAL_HOST
from thanhuy_archive.mirror.templates.jsonld import news_article
from thanhuy_archive.mirror.templates.site import E, json_ld

BOILERPLATE = ("<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 "
               "normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>"
               "<noscript><style amp-boilerplate>body{-webkit-animation:none;animation:none}"
               "</style></noscript>")


def _figure(site, a, img):
    caption = f"<figcaption>{E(img.caption)}</figcaption>" if img.caption else ""
    url = site.media.photo(a, img)
    width, height = site.media.size(url)  # AMP wants them, to lay the page out before loading
    return (f'<figure class="amp-figure"><amp-img src="{E(url)}" width="{width}" height="{height}" '
            f'layout="responsive" alt="{E(img.caption or "")}"></amp-img>{caption}</figure>\n')


def render(site, a):
    canonical = CANONICAL_HOST + a.path
    parts, images = [], list(a.images)
    for i, p in enumerate(a.paragraphs):
        text = E(p)
        parts.append(f"<p><strong>{text}</strong></p>\n" if i in a.subheads else f"<p>{text}</p>\n")
        if images and i in (0, 2, 4):
            parts.append(_figure(site, a, images.pop(0)))
    parts += [_figure(site, a, img) for img in images]
    author = f'<p class="amp-author">{E(a.byline.text)}</p>\n' if a.byline.text else ""
    return (
        '<!doctype html>\n<html ⚡ lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        '<script async custom-element="amp-social-share" '
        'src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>\n'
        f'<title>{E(a.title)}</title>\n<link rel="canonical" href="{canonical}">\n'
        '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">\n'
        f'{BOILERPLATE}\n<style amp-custom>body{{font-family:Arial,sans-serif}}</style>\n'
        f'{json_ld(news_article(a, with_authors=False))}</head>\n<body>\n'
        f'<header class="amp-header"><a href="{CANONICAL_HOST}/">Thanhuytphcm.vn</a></header>\n'
        '<article class="amp-article">\n'
        f'<p class="amp-category">{E(a.category)}</p>\n'
        f'<h1 class="amp-title">{E(a.title)}</h1>\n'
        f'<p class="amp-meta"><time datetime="{a.published.isoformat()}">{E(site.visible_date(a))}</time></p>\n'
        f'{author}<p class="amp-sapo"><strong>{E(a.lead)}</strong></p>\n'
        f'{"".join(parts)}</article>\n'
        '<amp-social-share type="facebook" width="40" height="40"></amp-social-share>\n'
        f'<p class="amp-full"><a href="{canonical}">{site.furniture(a, "Xem bản đầy đủ")}</a></p>\n'
        '<footer class="amp-footer">Cổng TTĐT Đảng bộ TP.HCM</footer>\n</body>\n</html>\n')
