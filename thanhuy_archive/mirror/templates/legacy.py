"""The legacy layout (until mid-2019): an ASP.NET WebForms page of nested tables, no metadata
at all, the date (when there is one) in a span of its own, the lead in bold, captions in table
cells or italic lines, the byline in bold at the right.
"""

from __future__ import annotations

from urllib.parse import quote

from thanhuy_archive.mirror.media import GIF, JPEG
from thanhuy_archive.mirror.portal import CANONICAL_HOST, IMAGES, SITE_NAME
from thanhuy_archive.mirror.templates.figures import image_html
from thanhuy_archive.mirror.templates.site import MENU, E, entity_escape, viewing_text

BANNER, BANNER_SIZE = f"{IMAGES}/res/logo/banner.jpg", (980, 120)
CAPTCHA, CAPTCHA_SIZE = "/Captcha.ashx", (100, 30)  # the comment form's, on the portal's host


def _files(site, a, tag):
    """The files the text attaches, on a line of their own after it."""
    if not a.files:
        return ""
    links = ", ".join(f'<a href="{E(site.media.attachment(a, f))}">{E(f.name)}</a>' for f in a.files)
    return f'<{tag} style="text-align: left;"><strong>{site.furniture(a, "Tệp đính kèm:")}</strong> {links}</{tag}>\n'


def render(site, a):
    esc = entity_escape if "entities" in a.traps else E
    tag = "div" if "div-paragraphs" in a.traps else "p"
    spacer = f"<{tag}>&nbsp;</{tag}>\n" if "empty-paragraphs" in a.traps else ""

    content = []
    images = list(a.images)
    if images:
        content.append(image_html(site, a, images.pop(0), esc))
    content.append(f'<{tag} style="text-align: justify;"><strong>{esc(site.surface(a, a.lead, "lead"))}</strong></{tag}>\n')
    last = len(a.paragraphs) - 1
    for i, p in enumerate(a.paragraphs):
        # An organisation on the last line is printed like a byline, yet is body text.
        align = "right" if i == last and "org-last-line" in a.traps else "justify"
        content.append(spacer if i == 1 else "")
        content.append(f'<{tag} style="text-align: {align};">{esc(site.surface(a, p, "p", i))}</{tag}>\n')
        if images and i in (0, 2):
            content.append(image_html(site, a, images.pop(0), esc))
    content += [image_html(site, a, img, esc) for img in images]
    content.append(_files(site, a, tag))
    if a.byline.text:
        content.append(f'<{tag} style="text-align: right;"><strong>{esc(a.byline.text)}</strong></{tag}>\n')

    site.furniture(a, "In bài", "Chia sẻ", "Từ khóa:", "Ý kiến bạn đọc", "refresh",
                   "Tổng lượt bình luận", "Tin khác", "Thông báo")
    date_text = site.visible_date(a)
    date_row = (f'<tr><td class="DateNews"><span id="ctl00_ContentPlaceHolder1_lblDate">{E(date_text)}</span></td></tr>\n'
                if date_text else "")
    crumbs = site.crumbs(a)
    related = site.related(a)
    related_html = ""
    if related:
        rows = "".join(f'<tr><td class="related-item">&#187; <a href="{E(h)}">{E(r.title)}</a></td></tr>'
                       for r, h in related)
        related_html = (f'<tr><td class="title-related">{site.furniture(a, "Tin liên quan")}</td></tr>'
                        f'{rows}\n')
    others = "".join(f'<tr><td class="other-item">&#187; <a href="{E(h)}">{E(o.title)}</a> '
                     f'<span class="date">({o.published:%d/%m/%Y})</span></td></tr>'
                     for o, h in site.other_news(a))
    menu = "".join(f'<td class="menu-item"><a href="{h}">{E(l)}</a></td>' for h, l in MENU)
    banner = site.media.furniture(a, BANNER, JPEG, BANNER_SIZE)
    site.media.furniture(a, CANONICAL_HOST + CAPTCHA, GIF, CAPTCHA_SIZE)
    return (
        '<html>\n<head>\n'
        f'<title>Cổng TTĐT Đảng bộ TP.HCM - {E(a.title)}</title>\n'
        '<link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet">\n'
        '<script type="text/javascript" src="/Scripts/common.js"></script>\n</head>\n'
        '<body leftmargin="0" topmargin="0">\n'
        f'<form name="aspnetForm" method="post" action="./{E(a.slug)}-{a.id}" id="aspnetForm">\n'
        f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1{a.id % 99991:05d}ZGQ=">\n'
        '<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">\n'
        f'<tr><td class="header-date">{E(viewing_text(site.viewed))}</td></tr>\n'
        f'<tr><td><a href="/"><img src="{banner}" border="0" alt=""></a></td></tr>\n'
        f'<tr><td><table class="menu"><tr>{menu}</tr></table></td></tr>\n'
        '<tr><td valign="top">\n<table width="100%" border="0" cellspacing="0" cellpadding="4">\n'
        f'<tr><td class="breadcrumb">{crumbs}</td></tr>\n'
        f'<tr><td class="TitleNews"><span id="ctl00_ContentPlaceHolder1_lblTitle">{E(a.title)}</span></td></tr>\n'
        f'{date_row}'
        f'<tr><td id="ctl00_ContentPlaceHolder1_divContent" class="ContentNews">\n{"".join(content)}</td></tr>\n'
        f'<tr><td class="tools"><a href="/in-bai/{E(a.slug)}-{a.id}">In bài</a> | '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={quote(CANONICAL_HOST + a.path, safe="")}">Chia sẻ</a> | '
        f'Từ khóa: {site.tags(a)}</td></tr>\n'
        f'{related_html}'
        '<tr><td class="title-comment">Ý kiến bạn đọc</td></tr>\n'
        '<tr><td class="comment-form">Họ tên: <input type="text" name="txtName"> Email: <input type="text" name="txtEmail"><br>'
        f'<textarea name="txtComment"></textarea><br>Mã xác nhận: <img src="{CAPTCHA}" alt=""> '
        '<a href="javascript:void(0)">refresh</a> <input type="submit" value="Gửi"></td></tr>\n'
        '<tr><td class="comment-count">Tổng lượt bình luận: 0</td></tr>\n'
        f'<tr><td class="title-other">Tin khác</td></tr>{others}\n'
        f'<tr><td class="notice">{site.notices_box()}</td></tr>\n'
        '</table>\n</td></tr>\n'
        f'<tr><td class="footer">{E(SITE_NAME)}</td></tr>\n'
        '</table>\n</form>\n</body>\n</html>\n')
