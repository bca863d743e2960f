"""Pages that are neither articles nor listings: an article's print version, plain pages,
the search page and error pages.
"""

from __future__ import annotations

from thanhuy_archive.mirror.templates.site import E


def print_page(a):
    paras = "".join(f"<p>{E(p)}</p>\n" for p in a.paragraphs)
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>In bài: {E(a.title)}</title>'
            '<meta name="robots" content="noindex"></head>\n<body onload="window.print()">\n'
            f'<h1>{E(a.title)}</h1>\n<p><b>{E(a.lead)}</b></p>\n{paras}'
            f'<p>{E(a.byline.text or "")}</p>\n</body></html>\n')


def simple_page(site, title, text):
    return site.page(title, f"<h1>{E(title)}</h1>\n<p>{E(text)}</p>\n", sidebar=False)


def search_page(site):
    body = ('<h1>Tìm kiếm</h1>\n<form action="/tim-kiem" method="get"><input name="q"></form>\n'
            '<p>Kết quả tìm kiếm được tạo khi truy vấn; trang này không nằm trong phạm vi lưu trữ.</p>\n')
    return site.page("Tìm kiếm", body, sidebar=False)


def error_page(site, status):
    text = {404: "Không tìm thấy trang bạn yêu cầu.",
            410: "Bài viết này đã được gỡ bỏ.",
            500: "Server Error in '/' Application. Runtime Error."}[status]
    return site.page(f"Lỗi {status}", f"<h1>Lỗi {status}</h1>\n<p>{E(text)}</p>\n", sidebar=False)
