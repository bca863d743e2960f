"""The portal the mirror imitates: its hosts and names, its sections and how they paginate, its
layout history, and the day each edition of the mirror is viewed.

These are the fixed facts every other part of the mirror builds on (CONFIRMED and GIVEN ones
from ``/work/shared/SITE.md``; the sections and their paginations are GUESS territory, chosen
so that a crawler tuned to one pagination style fails here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

VN = timezone(timedelta(hours=7))

# The day each edition is "viewed": every page's header prints it (GIVEN: the header shows
# the date of viewing). It is never a publication date; no article is published on it.
EDITION_VIEWED = {
    1: datetime(2024, 11, 15, 8, 30, tzinfo=VN),
    2: datetime(2025, 1, 20, 8, 30, tzinfo=VN),
}
# Layout eras (fundus-style): the template follows the publication time.
LEGACY_UNTIL = datetime(2019, 7, 1, tzinfo=VN)
OG_UNTIL = datetime(2022, 7, 1, tzinfo=VN)
# CONFIRMED: 1491871594 is about Nov 2020; about 15,000 ids a year.
ID_ANCHOR_DAY, ID_ANCHOR = date(2020, 11, 15), 1491871594
IDS_PER_DAY = 15000 / 365.25

CANONICAL_HOST = "https://www.thanhuytphcm.vn"
IMAGES = "https://images.hcmcpv.org.vn"
LEAD_CREDIT = "(Thanhuytphcm.vn) - "
SITE_NAME = "Cổng Thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh"
ROBOTS_DISALLOWED = ["/tim-kiem", "/in-bai/", "/Admin/"]


@dataclass(frozen=True)
class Listing:
    """A paginated list of articles and how it paginates (each style a crawler must follow)."""

    slug: str
    label: str
    style: str
    page_size: int

    def page_url(self, n):
        base = "/" + self.slug
        if n == 1:
            return base
        return {
            "query-page": f"{base}?page={n}",
            "path-trang": f"{base}/trang-{n}",
            "more-rel-next": f"{base}?PageIndex={n}",
            "offset": f"{base}?start={(n - 1) * self.page_size}",
            "prev-next": f"{base}?p={n}",
        }[self.style]

    def aliases(self, n):
        """Other URLs of the same page that the pagination itself links to."""
        if n != 1:
            return []
        return {"query-page": [f"/{self.slug}?page=1"], "offset": [f"/{self.slug}?start=0"]}.get(
            self.style, [])


CATEGORIES = (
    Listing("thoi-su", "Thời sự", "query-page", 5),          # ?page=N, numbered + ›
    Listing("xay-dung-dang", "Xây dựng Đảng", "path-trang", 5),  # /trang-N, window + Trang sau
    Listing("chinh-quyen", "Chính quyền", "more-rel-next", 5),  # only "Xem thêm" rel=next
    Listing("kinh-te", "Kinh tế", "offset", 6),              # ?start=K, numbered window
    Listing("van-hoa-xa-hoi", "Văn hóa - Xã hội", "prev-next", 5),  # ?p=N, prev/next words
)
COLLECTIONS = (
    Listing("tu-lieu/van-kien-dai-hoi-dang-bo-thanh-pho", "Văn kiện Đại hội Đảng bộ Thành phố",
            "query-page", 8),
    Listing("tu-lieu/lich-su-dang-bo-thanh-pho", "Lịch sử Đảng bộ Thành phố", "query-page", 8),
    Listing("tu-lieu/guong-nguoi-tot-viec-tot", "Gương người tốt, việc tốt", "query-page", 8),
)
DOCUMENTS_CATEGORY = "Tư liệu"
