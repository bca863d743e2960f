"""Official documents ("Văn bản"): a metadata table (Số ký hiệu, Ngày ban hành, Cơ quan ban
hành, Loại văn bản, Trích yếu), a short text, and the attached files ("Tệp đính kèm", "Tải
về") on the media host. No machine-readable time: a page that does not print when it was
posted gives its day of issue as the publication day.
"""

from __future__ import annotations

from thanhuy_archive.mirror.portal import DOCUMENTS_CATEGORY
from thanhuy_archive.mirror.templates.og import og_head
from thanhuy_archive.mirror.templates.site import E, dmy

LABELS = ("Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Loại văn bản", "Trích yếu")


def _metadata(site, a):
    """The table, in one of two CMS spellings: header cells, or label cells with a colon."""
    d = a.document
    values = (d.number, dmy(d.issued_on), d.issuer, d.doc_type, d.summary)
    site.furniture(a, *LABELS)
    if a.id % 2:
        rows = "".join(f"<tr><th>{label}</th><td>{E(v)}</td></tr>" for label, v in zip(LABELS, values))
        return f'<table class="document-info">{rows}</table>\n'
    rows = "".join(f'<tr><td class="label">{label}:</td><td class="value">{E(v)}</td></tr>'
                   for label, v in zip(LABELS, values))
    return f'<table class="thuoc-tinh-van-ban" border="1" cellpadding="4">{rows}</table>\n'


def _files(site, a):
    items = []
    for file in a.files:
        url, name = site.media.attachment(a, file), file.name
        items.append(f'<li><a href="{E(url)}">{E(site.furniture(a, name))}</a> '
                     f'(<a class="download" href="{E(url)}">{site.furniture(a, "Tải về")}</a>)</li>')
    return (f'<div class="attachments"><p class="attachments__title">{site.furniture(a, "Tệp đính kèm:")}</p>'
            f'<ul>{"".join(items)}</ul></div>\n')


def render(site, a):
    posted = site.visible_date(a)
    others = "".join(f'<li><a href="{E(h)}">{E(o.title)}</a></li>' for o, h in site.other_news(a))
    site.furniture(a, "Thông báo", "Chia sẻ nhiều")  # the sidebar of every page
    body = (
        f'<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/tu-lieu">{E(DOCUMENTS_CATEGORY)}</a></li>'
        f'<li><a href="/{a.listing}">{E(a.category)}</a></li></ol>\n'
        '<div class="document-detail">\n'
        f'<h1 class="document-detail__title">{E(a.title)}</h1>\n'
        + (f'<p class="document-detail__posted">{E(posted)}</p>\n' if posted else "")
        + _metadata(site, a)
        + '<div class="document-detail__text">\n'
        + "".join(f"<p>{E(p)}</p>\n" for p in a.paragraphs) + '</div>\n'
        + _files(site, a)
        + f'<div class="other-documents"><h3>{site.furniture(a, "Văn bản khác")}</h3><ul>{others}</ul></div>\n'
        '</div>\n')
    return site.page(f"{a.title} - Cổng TTĐT Đảng bộ TP.HCM", body,
                     head=og_head(site, a, "", description=a.document.summary), active="/tu-lieu",
                     article=a)
