"""The ASP.NET site of 2010-2016, still online: pages served as windows-1258 (tone marks as
separate combining bytes, as Windows writes Vietnamese in that code page), nested ``<table>``
and ``<font>`` markup, the sapo in a cell of its own or as the body's first bold paragraph, a
``<base href>`` that every relative link resolves against, session ids in links, and a news
listing paged only by ``__doPostBack``.
"""

from __future__ import annotations

import unicodedata

from thanhuy_archive.mirror.media import JPEG
from thanhuy_archive.mirror.portal import ARCHIVE_1258, LEAD_CREDIT, SITE_NAME
from thanhuy_archive.mirror.templates.figures import image_html
from thanhuy_archive.mirror.templates.site import MENU, E, viewing_text

CHARSET = "windows-1258"
CONTENT_TYPE = f"text/html; charset={CHARSET}"
BASE_HREF = "https://www.hcmcpv.org.vn/"
# The grid whose pager posts the form back (ASP.NET GridView paging).
POSTBACK_TARGET = "ctl00$MainContent$gvNews"
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# The banner, linked relative to the <base href>.
BANNER, BANNER_SIZE = "images/banner_thanhuy.jpg", (960, 120)


def encode(text):
    """``text`` in windows-1258 as Windows writes it: a letter the code page has as one byte
    stays one byte; any other is its base letter (with circumflex, breve or horn) followed by
    its tone mark as a combining byte. Decoding gives decomposed text: NFC it."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode(CHARSET)
            continue
        except UnicodeEncodeError:
            pass
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in TONE_MARKS))
        tones = "".join(m for m in marks if m in TONE_MARKS)
        out += (base + tones).encode(CHARSET, errors="xmlcharrefreplace")
    return bytes(out)


def _relative(href):
    return href.lstrip("/") or "./"


def _chrome(site, title, rows, action, article=None):
    """The page around ``rows`` (table rows of the main column); ``article`` the article it
    shows, if any."""
    site.media.furniture(article, BASE_HREF + BANNER, JPEG, BANNER_SIZE)
    menu = " | ".join(f'<a href="{E(_relative(h))}"><font color="#FFFFFF">{E(label)}</font></a>'
                      for h, label in MENU)
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html>\n<head>\n'
        f'<meta http-equiv="Content-Type" content="{CONTENT_TYPE}">\n'
        f'<title>Thành ủy TP. Hồ Chí Minh :: {E(title)}</title>\n'
        f'<base href="{BASE_HREF}">\n'
        '<link href="App_Themes/Portal/Style.css" rel="stylesheet" type="text/css">\n'
        '<script type="text/javascript" src="Scripts/Portal.js"></script>\n</head>\n'
        '<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">\n'
        f'<form name="aspnetForm" method="post" action="{E(action)}" id="aspnetForm">\n'
        '<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="">\n'
        '<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="">\n'
        f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTEyNjM{len(title) % 97:02d}ZGQ=">\n'
        '<script type="text/javascript">\n//<![CDATA[\nvar theForm = document.forms[\'aspnetForm\'];\n'
        'function __doPostBack(eventTarget, eventArgument) {\n'
        '    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {\n'
        '        theForm.__EVENTTARGET.value = eventTarget;\n'
        '        theForm.__EVENTARGUMENT.value = eventArgument;\n'
        '        theForm.submit();\n    }\n}\n//]]>\n</script>\n'
        '<table width="100%" border="0" cellpadding="0" cellspacing="0"><tr><td align="center">\n'
        '<table width="960" border="0" cellpadding="0" cellspacing="0">\n'
        f'<tr><td class="ngay-xem"><font face="Arial" size="1" color="#666666">{E(viewing_text(site.viewed))}</font></td></tr>\n'
        f'<tr><td><a href="./"><img src="{BANNER}" width="{BANNER_SIZE[0]}" height="{BANNER_SIZE[1]}" border="0" alt=""></a></td></tr>\n'
        f'<tr><td bgcolor="#B30000" height="26"><font face="Arial" size="2"><b>{menu}</b></font></td></tr>\n'
        '<tr><td valign="top">\n<table width="100%" border="0" cellpadding="4" cellspacing="0">\n'
        f'{rows}'
        '</table>\n</td></tr>\n'
        f'<tr><td align="center" bgcolor="#EEEEEE"><font face="Arial" size="1">{E(SITE_NAME)}<br>'
        '<a href="#top">Về đầu trang</a></font></td></tr>\n'
        '</table>\n</td></tr></table>\n</form>\n</body>\n</html>\n')


def render(site, a):
    own_sapo_cell = a.id % 2 == 0
    lead = f'<font face="Arial" size="2"><b>{E(a.lead)}</b></font>'
    content = [] if own_sapo_cell else [f'<p align="justify">{lead}</p>\n']
    images = list(a.images)
    for i, p in enumerate(a.paragraphs):
        content.append(f'<p align="justify"><font face="Arial" size="2">{E(p)}</font></p>\n')
        if images and i in (0, 2):
            content.append(image_html(site, a, images.pop(0)))
    content += [image_html(site, a, img) for img in images]
    if a.byline.text:
        content.append(f'<p align="right"><font face="Arial" size="2"><b>{E(a.byline.text)}</b></font></p>\n')
    related = [(site.by_id[rid], site.links.href(site.by_id[rid], "related", "relative"))
               for rid, _ in a.related]
    related_rows = ""
    if related:
        links = "<br>".join(f'&#8226; <a href="{E(h)}">{E(r.title)}</a>' for r, h in related)
        related_rows = (f'<tr><td><font face="Arial" size="2"><b>{site.furniture(a, "Tin liên quan")}</b>'
                        f'<br>{links}</font></td></tr>\n')
    others = "<br>".join(f'&#8226; <a href="{E(h)}">{E(o.title)}</a> ({o.published:%d/%m/%Y})'
                         for o, h in site.other_news(a, "jsessionid"))
    date_text = site.visible_date(a)
    site.furniture(a, "In bài viết", "Gửi bài viết qua email", "Các tin khác", "Về đầu trang")
    rows = (
        f'<tr><td><font face="Arial" size="1"><a href="./">Trang chủ</a> &gt; '
        f'<a href="{E(ARCHIVE_1258.slug)}">{E(a.category)}</a></font></td></tr>\n'
        f'<tr><td><font face="Arial" size="4" color="#B30000"><b>{E(a.title)}</b></font></td></tr>\n'
        + (f'<tr><td><font face="Arial" size="1" color="#999999"><i>{E(date_text)}</i></font></td></tr>\n'
           if date_text else "")
        + (f'<tr><td class="sapo">{lead}</td></tr>\n' if own_sapo_cell else "")
        + f'<tr><td class="noidung">\n{"".join(content)}</td></tr>\n'
        '<tr><td><font face="Arial" size="1"><a href="javascript:window.print()">In bài viết</a> | '
        '<a href="mailto:?subject=Thanh%20uy%20TP.HCM">Gửi bài viết qua email</a></font></td></tr>\n'
        f'{related_rows}'
        f'<tr><td><font face="Arial" size="2"><b>Các tin khác</b><br>{others}</font></td></tr>\n')
    return _chrome(site, a.title, rows, f"{a.section}/{a.slug}-{a.id}", a)


def listing_page(site, n, items, pages, context):
    """Page ``n`` of the news listing; its pager posts the form back."""
    rows = "".join(
        f'<tr><td class="tin"><a href="{E(site.links.href(a, context, "relative"))}"><b>{E(a.title)}</b></a> '
        f'<font size="1" color="#999999">({a.published:%d/%m/%Y})</font><br>'
        f'<font face="Arial" size="2">{E(a.lead[len(LEAD_CREDIT):])}</font></td></tr>\n'
        for a in items)
    pager = " ".join(
        f"<b>{k}</b>" if k == n else
        f'<a href="javascript:__doPostBack(\'{POSTBACK_TARGET}\',\'Page${k}\')">{k}</a>'
        for k in range(1, pages + 1))
    rows = (f'<tr><td><font face="Arial" size="4" color="#B30000"><b>{E(ARCHIVE_1258.label)}</b></font></td></tr>\n'
            f'{rows}<tr><td class="pager"><font face="Arial" size="2">Trang: {pager}</font></td></tr>\n')
    return _chrome(site, ARCHIVE_1258.label, rows, ARCHIVE_1258.slug)
