"""Interviews: OpenGraph with a zone-less publication time, the interviewee's portrait, the
reporter's questions in bold ("Phóng viên: ..." or "PV: ..."), each answer opened by the
speaker's name in bold, and the byline "A (thực hiện)" at the end.
"""

from __future__ import annotations

from thanhuy_archive.mirror.templates.figures import image_html
from thanhuy_archive.mirror.templates.og import after_article, og_head, published_time_meta
from thanhuy_archive.mirror.templates.site import E


def _exchange(a, i, p):
    if i in a.questions:
        return f"<p><strong>{E(p)}</strong></p>\n"
    speaker = a.speakers.get(i)
    if speaker:
        return f"<p><strong>{E(speaker)}</strong> {E(p[len(speaker) + 1:])}</p>\n"
    return f"<p>{E(p)}</p>\n"


def render(site, a):
    portrait = "".join(image_html(site, a, img) for img in a.images)
    exchanges = "".join(_exchange(a, i, p) for i, p in enumerate(a.paragraphs))
    body = (
        f'<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/{a.listing}">{E(a.category)}</a></li></ol>\n'
        '<div class="article-detail interview">\n'
        f'<h1 class="article-title">{E(a.title)}</h1>\n'
        f'<div class="article-meta"><span class="date">{E(site.visible_date(a))}</span></div>\n'
        f'<div class="article-sapo"><strong>{E(a.lead)}</strong></div>\n'
        f'<div class="article-content">\n{portrait}{exchanges}'
        f'<p style="text-align: right;"><strong>{E(a.byline.text)}</strong></p>\n</div>\n'
        f'{after_article(site, a)}</div>\n')
    return site.page(f"{a.title} - Cổng TTĐT Đảng bộ TP.HCM", body,
                     head=og_head(site, a, published_time_meta(a)), active="/" + a.listing,
                     article=a)
