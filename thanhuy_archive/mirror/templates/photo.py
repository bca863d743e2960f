"""Photo stories ("Phóng sự ảnh", "Ảnh: ..."): OpenGraph with the publication time, one or
two paragraphs, then a gallery whose every picture has a long caption, each marked up another
way (``templates.figures``), and the combined credit "Ảnh: A - Bài: B".
"""

from __future__ import annotations

from thanhuy_archive.mirror.templates.figures import image_html
from thanhuy_archive.mirror.templates.og import after_article, og_head, published_time_meta
from thanhuy_archive.mirror.templates.site import E


def render(site, a):
    text = "".join(f"<p>{E(p)}</p>\n" for p in a.paragraphs)
    gallery = "".join(image_html(site, a, img) for img in a.images)
    body = (
        f'<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/{a.listing}">{E(a.category)}</a></li></ol>\n'
        '<div class="photo-story">\n'
        f'<h1 class="photo-story__title">{E(a.title)}</h1>\n'
        f'<div class="photo-story__meta">{E(site.visible_date(a))}</div>\n'
        f'<div class="photo-story__sapo"><strong>{E(a.lead)}</strong></div>\n'
        f'<div class="photo-story__text">\n{text}</div>\n'
        f'<div class="photo-story__gallery">\n{gallery}</div>\n'
        f'<p class="photo-story__credit" style="text-align: right;"><strong>{E(a.byline.text)}</strong></p>\n'
        f'{after_article(site, a)}</div>\n')
    return site.page(f"{a.title} - Cổng TTĐT Đảng bộ TP.HCM", body,
                     head=og_head(site, a, published_time_meta(a)), active="/" + a.listing,
                     article=a)
