"""Pages without end, for the crawler's trap guards: the day calendar ("Tin theo ngày", where
each day links the day before and the day after, forever) and the interviews listing's pages
past its last (empty, each linking the next).

Both are templates the server fills for any value of their query parameter
(``{{VALUE}}``, ``{{PREV}}``, ``{{NEXT}}``; see ``server.Mirror``), because no list of files
can hold every day or page number.
"""

from __future__ import annotations

from thanhuy_archive.mirror.portal import INTERVIEWS
from thanhuy_archive.mirror.templates.site import E

CALENDAR_PATH, CALENDAR_PARAM = "/tin-theo-ngay", "ngay"
ENDLESS_PARAM = "trang"  # INTERVIEWS.page_url's parameter
VALUE, PREV, NEXT = "{{VALUE}}", "{{PREV}}", "{{NEXT}}"


def calendar_url(day):
    return f"{CALENDAR_PATH}?{CALENDAR_PARAM}={day.isoformat()}"


def calendar_page(site):
    """Any day's page: its list comes from a script; the links to the neighbouring days are
    plain links."""
    body = (f'<h1 class="category-title">Tin ngày {VALUE}</h1>\n'
            '<div class="day-list" data-day="' + VALUE + '"><p>Đang tải danh sách tin bài...</p></div>\n'
            f'<div class="day-nav"><a class="prev" href="{CALENDAR_PATH}?{CALENDAR_PARAM}={PREV}">« Ngày trước</a> '
            f'<a class="next" href="{CALENDAR_PATH}?{CALENDAR_PARAM}={NEXT}">Ngày sau »</a></div>\n')
    return site.page(f"Tin ngày {VALUE} - Cổng TTĐT Đảng bộ TP.HCM", body)


def endless_page(site):
    """A page of the interviews listing past its last: nothing listed, yet a next page."""
    base = "/" + INTERVIEWS.slug
    body = (f'<h1 class="category-title">{E(INTERVIEWS.label)}</h1>\n'
            '<div class="category-list"><p class="empty">Chưa có bài viết.</p></div>\n'
            f'<div class="paging"><a class="prev" href="{base}?{ENDLESS_PARAM}={PREV}">« Trang trước</a> '
            f'<span class="current">{VALUE}</span> '
            f'<a class="next" href="{base}?{ENDLESS_PARAM}={NEXT}">Trang sau »</a></div>\n')
    return site.page(f"{INTERVIEWS.label} - Trang {VALUE} - Cổng TTĐT Đảng bộ TP.HCM", body,
                     active=base)
