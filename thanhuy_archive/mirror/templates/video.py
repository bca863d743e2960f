"""Video pages ("[Video] ..."): a player (HTML5 ``<video>`` with an .mp4, or a YouTube
``<iframe>``) whose fallback text is not the article, ``VideoObject`` JSON-LD (its
``uploadDate`` the publication time), the description under the player as the text, and the
credit "Thực hiện: A" or "Video: A - B".
"""

from __future__ import annotations

from thanhuy_archive.mirror.portal import CANONICAL_HOST, LEAD_CREDIT
from thanhuy_archive.mirror.templates.og import after_article, og_head
from thanhuy_archive.mirror.templates.site import PUBLISHER, E, json_ld

# What the player shows where it cannot play: page furniture, not the video's description.
VIDEO_FALLBACK = "Trình duyệt của bạn không hỗ trợ xem video."


def video_object(a):
    minutes, seconds = divmod(a.video.seconds, 60)
    ld = {
        "@context": "https://schema.org", "@type": "VideoObject",
        "name": a.title, "description": a.lead[len(LEAD_CREDIT):],
        "thumbnailUrl": [a.video.poster], "uploadDate": a.published.isoformat(),
        "duration": f"PT{minutes}M{seconds}S", "inLanguage": "vi",
        "mainEntityOfPage": CANONICAL_HOST + a.path, "publisher": PUBLISHER,
    }
    ld["contentUrl" if a.video.player == "html5" else "embedUrl"] = a.video.source
    return ld


def player(site, a):
    v = a.video
    fallback = site.furniture(a, VIDEO_FALLBACK)
    if v.player == "html5":
        poster = site.media.photo(a, a.images[0])  # the poster is the article's picture
        return (f'<video controls preload="none" poster="{E(poster)}" width="640" height="360">'
                f'<source src="{E(v.source)}" type="video/mp4">{E(fallback)} '
                f'<a href="{E(v.source)}">{site.furniture(a, "Tải video")}</a></video>')
    return (f'<iframe src="{E(v.source)}" width="640" height="360" title="{E(a.title)}" '
            f'frameborder="0" allowfullscreen>{E(fallback)}</iframe>')


def render(site, a):
    head = (og_head(site, a, "", og_type="video.other")
            + f'<meta property="og:video" content="{E(a.video.source)}">\n'
            + json_ld(video_object(a)))
    description = "".join(f"<p>{E(p)}</p>\n" for p in a.paragraphs)
    body = (
        f'<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/{a.listing}">{E(a.category)}</a></li></ol>\n'
        '<div class="video-detail">\n'
        f'<h1 class="video-detail__title">{E(a.title)}</h1>\n'
        f'<div class="video-detail__meta">{E(site.visible_date(a))}</div>\n'
        f'<div class="video-detail__player">{player(site, a)}</div>\n'
        f'<div class="video-detail__sapo"><strong>{E(a.lead)}</strong></div>\n'
        f'<div class="video-detail__description">\n{description}</div>\n'
        f'<p class="video-detail__credit">{E(a.byline.text)}</p>\n'
        f'{after_article(site, a)}</div>\n')
    return site.page(f"{a.title} - Cổng TTĐT Đảng bộ TP.HCM", body, head=head,
                     active="/" + a.listing, article=a)
