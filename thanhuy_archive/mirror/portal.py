"""The portal the mirror imitates: its hosts and names, its sections and how they paginate, its
layout history, and the day each edition of the mirror is viewed.

These are the fixed facts every other part of the mirror builds on (CONFIRMED and GIVEN ones
as ``crawler/site.py`` and the README's "What we know about the site" give them; the sections
and their paginations are GUESS territory, chosen so that a crawler tuned to one pagination
style fails here).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

VN = timezone(timedelta(hours=7))

# The day each edition is "viewed": every page's header prints it (GIVEN: the header shows
# the date of viewing). It is never a publication date; no article is published on it.
EDITION_VIEWED = {
    1: datetime(2024, 11, 15, 8, 30, tzinfo=VN),
    2: datetime(2025, 1, 20, 8, 30, tzinfo=VN),
}
# Layout eras (fundus-style): the template follows the publication time. Until 2017 the
# ASP.NET site served windows-1258; its UTF-8 rebuild kept the table layout until mid-2019;
# then div pages with OpenGraph, JSON-LD from mid-2022, and the 2020s redesign.
ARCHIVE_FROM = date(2010, 1, 4)
ASPNET_1258_UNTIL = datetime(2017, 1, 1, tzinfo=VN)
LEGACY_UNTIL = datetime(2019, 7, 1, tzinfo=VN)
OG_UNTIL = datetime(2022, 7, 1, tzinfo=VN)
REDESIGN_FROM = datetime(2024, 5, 1, tzinfo=VN)
# CONFIRMED: 1491871594 is about Nov 2020; about 15,000 ids a year.
ID_ANCHOR_DAY, ID_ANCHOR = date(2020, 11, 15), 1491871594
IDS_PER_DAY = 15000 / 365.25

CANONICAL_HOST = "https://www.thanhuytphcm.vn"
IMAGES = "https://images.hcmcpv.org.vn"  # images and attachments (CONFIRMED)
LEAD_CREDIT = "(Thanhuytphcm.vn) - "
SITE_NAME = "Cổng Thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh"
ROBOTS_DISALLOWED = ["/tim-kiem", "/in-bai/", "/Admin/"]


# How many pages a listing may have: a bigger mirror gets bigger pages, not more of them.
MAX_LISTING_PAGES = 20


@dataclass(frozen=True)
class Listing:
    """A paginated list of articles and how it paginates (each style a crawler must follow).

    Two styles have no address for their later pages: ``load-more`` (a button fetches JSON
    through a URL template in an inline script) and ``postback`` (ASP.NET ``__doPostBack``
    links that POST the page's form). ``endless`` pages go on past the last one, empty, each
    linking the next."""

    slug: str
    label: str
    style: str
    page_size: int

    @property
    def js_pager(self):
        """Whether only JavaScript reaches the pages after the first."""
        return self.style in ("load-more", "postback")

    def sized_for(self, count):
        """This listing with its page size grown so that ``count`` items fill at most
        MAX_LISTING_PAGES pages; and the number of pages."""
        size = max(self.page_size, -(-count // MAX_LISTING_PAGES))
        return dataclasses.replace(self, page_size=size), max(1, -(-count // size))

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
            "endless": f"{base}?trang={n}",
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
# The documents the Party committee issues ("Văn bản"), with their metadata and files.
OFFICIAL_DOCUMENTS = Listing("tu-lieu/van-ban", "Văn bản", "query-page", 8)
# Listings of the kinds of page that are not plain reports.
PHOTO_STORIES = Listing("phong-su-anh", "Phóng sự ảnh", "query-page", 6)
VIDEOS = Listing("video", "Video", "load-more", 2)
INTERVIEWS = Listing("phong-van", "Phỏng vấn", "endless", 5)
# The windows-1258 site's news listing, still online: its pager is ASP.NET postbacks.
ARCHIVE_1258 = Listing("Portal/TinTuc.aspx", "Tin tức - Sự kiện", "postback", 2)
FEATURE_LISTINGS = (PHOTO_STORIES, VIDEOS, INTERVIEWS)
