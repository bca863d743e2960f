"""Write a realistic, deterministic static copy of the portal, with its answers (``gold.json``).

Why: the live portal cannot be reached and no saved copy of its HTML exists (see
``/work/shared/SITE.md``), yet the crawler and the extractor need a site to be tested against
end to end. This module builds one from what is CONFIRMED and GIVEN about the portal (URL
scheme, id range, image names, the shape of one article page) and fills the GUESS territory
(markup, listings, feeds) with several plausible variants, so that code tuned to one guessed
template fails here. Every page is written *for* the mirror: the prose is composed from the
vocabulary below and all persons are fictional.

The generator also writes the truth: ``gold.json`` is built from the data the pages were
rendered from, never by parsing them, and follows ``crawler/fields.py``.

Output directory::

    manifest.json   routes, id patterns, faults: read by mirror.server
    gold.json       expected extraction for every article, faults, robots, listings, changes
    site/           the pages (file names are for browsing; the manifest maps URLs to them)

Edition 2 (``edition=2``) is the same site two months later: a few articles edited (title,
body, slug), a few removed (404 or 410), a few new ones at the top of listings.

Usage: ``generate_mirror(out_dir)`` or ``python -m thanhuy_archive.mirror.generate OUT [--articles N]
[--edition K] [--seed S]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import html
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from html.entities import codepoint2name
from pathlib import Path
from urllib.parse import quote

from thanhuy_archive.mirror.server import ORIGIN_PLACEHOLDER, TRACKING_PARAMS, route_key

VN = timezone(timedelta(hours=7))
HTML = "text/html; charset=utf-8"

# The day each edition is "viewed": every page's header prints it (GIVEN: the header shows
# the date of viewing). It is never a publication date; no article is published on it.
EDITION_VIEWED = {
    1: datetime(2024, 11, 15, 8, 30, tzinfo=VN),
    2: datetime(2025, 1, 20, 8, 30, tzinfo=VN),
}
FIRST_DAY = date(2017, 3, 1)
# Layout eras (fundus-style): the template follows the publication time.
LEGACY_UNTIL = datetime(2019, 7, 1, tzinfo=VN)
OG_UNTIL = datetime(2022, 7, 1, tzinfo=VN)
# CONFIRMED: 1491871594 is about Nov 2020; about 15,000 ids a year.
ID_ANCHOR_DAY, ID_ANCHOR = date(2020, 11, 15), 1491871594
IDS_PER_DAY = 15000 / 365.25
MIN_ARTICLES = 30  # below this not every template, byline form and fault can be present

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

# --------------------------------------------------------------------------------------------
# Vocabulary. Everything below was written for this mirror; names are invented combinations.
# --------------------------------------------------------------------------------------------
PLACES = (  # (name in running text, party committee, people's committee)
    ("quận 1", "Quận ủy Quận 1", "UBND Quận 1"),
    ("quận 3", "Quận ủy Quận 3", "UBND Quận 3"),
    ("quận 12", "Quận ủy Quận 12", "UBND Quận 12"),
    ("quận Bình Thạnh", "Quận ủy Bình Thạnh", "UBND quận Bình Thạnh"),
    ("quận Gò Vấp", "Quận ủy Gò Vấp", "UBND quận Gò Vấp"),
    ("quận Tân Bình", "Quận ủy Tân Bình", "UBND quận Tân Bình"),
    ("quận Phú Nhuận", "Quận ủy Phú Nhuận", "UBND quận Phú Nhuận"),
    ("TP. Thủ Đức", "Thành ủy TP. Thủ Đức", "UBND TP. Thủ Đức"),
    ("huyện Củ Chi", "Huyện ủy Củ Chi", "UBND huyện Củ Chi"),
    ("huyện Cần Giờ", "Huyện ủy Cần Giờ", "UBND huyện Cần Giờ"),
    ("huyện Hóc Môn", "Huyện ủy Hóc Môn", "UBND huyện Hóc Môn"),
    ("huyện Bình Chánh", "Huyện ủy Bình Chánh", "UBND huyện Bình Chánh"),
    ("huyện Nhà Bè", "Huyện ủy Nhà Bè", "UBND huyện Nhà Bè"),
)
ORGS = (
    "Ban Dân vận Thành ủy", "Ban Tuyên giáo Thành ủy", "Ban Tổ chức Thành ủy",
    "Ủy ban Kiểm tra Thành ủy", "Ủy ban MTTQ Việt Nam TP.HCM", "Thành đoàn TP.HCM",
    "Hội Liên hiệp Phụ nữ Thành phố", "Hội Cựu chiến binh Thành phố",
    "Liên đoàn Lao động Thành phố", "Hội Nông dân Thành phố",
)
# Names are drawn by gender so that "bà", "chị" and "Thị" agree with the given name.
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Dương")
MALE = (("Văn", "Minh", "Quốc", "Hữu", "Đức", "Thanh", "Hoàng"),
        ("An", "Bình", "Dũng", "Hải", "Khoa", "Long", "Nam", "Phúc", "Quân", "Trung", "Tuấn", "Khánh"))
FEMALE = (("Thị", "Thị Thu", "Ngọc", "Thanh", "Thị Kim"),
          ("Hà", "Lan", "Mai", "Thảo", "Vy", "Hồng", "Châu", "Hương", "Nga", "Yến"))
POSITIONS = (
    "Ủy viên Ban Thường vụ Thành ủy", "Phó Trưởng ban Dân vận Thành ủy",
    "Phó Trưởng ban Tuyên giáo Thành ủy", "Phó Chủ tịch UBND Thành phố",
    "Bí thư {party}", "Chủ tịch {gov}", "Phó Chủ tịch Ủy ban MTTQ Việt Nam TP.HCM",
)
PEN_NAMES = ("Văn Lượng", "Thu Hương", "Minh Châu", "Hoàng Anh", "Hồng Nhung", "Minh Anh",
             "Thanh Tâm", "Ngọc Hân", "Bảo Trâm", "Đức Trung", "Phương Thảo", "Kim Ngân",
             "Hải Yến", "Trọng Nhân")
PHOTOGRAPHERS = ("Quang Vinh", "Việt Dũng", "Thanh Tùng")
FIELDS = ("Tuyên giáo", "Dân vận", "Tổ chức xây dựng Đảng", "Kiểm tra Đảng", "Văn phòng cấp ủy")
ISSUES = ("bồi thường, hỗ trợ tái định cư", "chỉnh trang đô thị", "xử lý rác thải sinh hoạt",
          "cấp giấy chứng nhận quyền sử dụng đất", "chống ngập nước",
          "quản lý trật tự lòng lề đường")
EVENTS = ("hội nghị tổng kết công tác năm {year}", "hội nghị giao ban công tác quý {quarter}",
          "lễ ra mắt câu lạc bộ lý luận trẻ", "hội nghị báo cáo viên định kỳ tháng {month}")
QUOTES = (
    "Mỗi cán bộ, đảng viên phải thật sự gần dân, hiểu dân và có trách nhiệm với dân",
    "Cần tiếp tục đổi mới phương thức tuyên truyền, đưa nghị quyết vào cuộc sống một cách thiết thực",
    "Kết quả hôm nay là nền tảng quan trọng để địa phương thực hiện thắng lợi các nhiệm vụ năm tới",
    "Phải lấy sự hài lòng của người dân làm thước đo hiệu quả công việc",
)
SUBHEADS = ("Lan tỏa mô hình hay", "Gần dân, sát dân", "Nhiều kết quả nổi bật", "Tiếp tục đổi mới")
CAPTIONS = (
    "Quang cảnh buổi lễ",
    "Đồng chí {person} phát biểu tại buổi lễ",
    "Các đại biểu tại chương trình",
    "Lãnh đạo {place} trao giấy khen cho các tập thể tiêu biểu (Ảnh: {photographer})",
    "Người dân tham gia chương trình",
    "Một góc {place}",
)


@dataclass(frozen=True)
class Topic:
    """One kind of news story: headline, lead (after LEAD_CREDIT) and the report sentences
    that fit it. ``{dm}`` in a lead is a year-less event date ("7/8"), never the publication
    date. Flags: "glue" (the CMS glued two slug words), "money" (a budget sentence fits),
    "model" (a "model spread since month/year" sentence fits)."""

    title: str
    lead: str
    reports: tuple
    flags: tuple = ()


TOPICS = {
    "thoi-su": (
        Topic("{org} tổ chức {event}",
              "{daypart} {dm}, {org} tổ chức {event}. Đến dự có đại diện lãnh đạo các sở, ban, ngành Thành phố và {k} đại biểu tiêu biểu.",
              ("Theo báo cáo, trong thời gian qua, {org} đã chủ động tham mưu cấp ủy triển khai đồng bộ các nhiệm vụ chính trị, hoàn thành {done}/{goals} chỉ tiêu đề ra.",
               "Các đại biểu đã thảo luận, làm rõ những kết quả nổi bật, đồng thời chỉ ra hạn chế trong công tác phối hợp giữa các cơ quan, đơn vị.")),
        Topic("Lãnh đạo Thành phố thăm, tặng quà gia đình chính sách tại {place}",
              "{daypart} {dm}, đoàn công tác của Thành ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam TP.HCM đã đến thăm, tặng quà các gia đình chính sách, người có công với cách mạng tại {place}.",
              ("Đoàn đã đến thăm gia đình bà {woman}, mẹ liệt sĩ, năm nay đã ngoài 90 tuổi; ân cần hỏi thăm sức khỏe và đời sống của gia đình.",
               "Dịp này, Thành phố trao {k} phần quà, mỗi phần trị giá 2 triệu đồng, cho các gia đình chính sách có hoàn cảnh khó khăn.")),
        Topic("[Video] Ngày hội Đại đoàn kết toàn dân tộc tại {place}",
              "{daypart} {dm}, {place} tổ chức Ngày hội Đại đoàn kết toàn dân tộc với nhiều hoạt động văn hóa, thể thao sôi nổi, thu hút đông đảo người dân tham gia.",
              ("Ngày hội là dịp nhìn lại kết quả cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”, biểu dương các gia đình văn hóa tiêu biểu.",
               "Bà con khu phố cùng nhau gói bánh, tổ chức các trò chơi dân gian và trao quà cho hộ nghèo, hộ cận nghèo.")),
        Topic("Họp mặt kỷ niệm {n} năm Ngày truyền thống ngành {field} Thành phố",
              "{daypart} {dm}, Thành ủy TP.HCM tổ chức họp mặt kỷ niệm {n} năm Ngày truyền thống ngành {field} và biểu dương các tập thể, cá nhân tiêu biểu.",
              ("Qua {n} năm xây dựng và trưởng thành, các thế hệ cán bộ ngành {field} Thành phố luôn trung thành, tận tụy, hoàn thành tốt nhiệm vụ được giao.",
               "Tại buổi họp mặt, các đại biểu đã ôn lại truyền thống của ngành và chia sẻ kinh nghiệm trong công tác tham mưu.")),
        Topic("TP.HCM phát động đợt thi đua cao điểm năm {cur_year}",
              "{daypart} {dm}, Hội đồng Thi đua - Khen thưởng Thành phố phát động đợt thi đua cao điểm năm {cur_year} trong toàn hệ thống chính trị.",
              ("Đợt thi đua tập trung vào các nhiệm vụ trọng tâm như cải cách hành chính, chăm lo an sinh xã hội và phát triển kinh tế - xã hội.",
               "Các cơ quan, đơn vị được yêu cầu đăng ký nội dung thi đua cụ thể, gắn với trách nhiệm của người đứng đầu.")),
    ),
    "xay-dung-dang": (
        Topic("{Party} tổng kết công tác xây dựng Đảng năm {year}",
              "{daypart} {dm}, {party} tổ chức hội nghị tổng kết công tác xây dựng Đảng năm {year} và triển khai nhiệm vụ năm {year1}.",
              ("Trong năm {year}, {party} đã kết nạp {k} đảng viên mới, củng cố các tổ chức cơ sở đảng và kiện toàn đội ngũ cấp ủy các cấp.",
               "Công tác kiểm tra, giám sát được thực hiện thường xuyên, góp phần phát hiện và chấn chỉnh kịp thời những thiếu sót ngay từ cơ sở.")),
        Topic("Kết nạp {n} quần chúng ưu tú vào Đảng tại {place}",
              "{daypart} {dm}, {party} tổ chức lễ kết nạp {n} quần chúng ưu tú vào Đảng; đa số là đoàn viên, người lao động trẻ đang làm việc tại các doanh nghiệp trên địa bàn.",
              ("Các quần chúng được kết nạp đều đã qua lớp bồi dưỡng nhận thức về Đảng, được chi bộ và tổ chức đoàn thể giới thiệu.",
               "Thay mặt cấp ủy, đồng chí {person2} chúc mừng các đảng viên mới và đề nghị các đồng chí không ngừng rèn luyện, phấn đấu.")),
        Topic("Đổi mới tư duy trong công tác dân vận ở cơ sở",
              "{daypart} {dm}, Ban Dân vận Thành ủy tổ chức tọa đàm về đổi mới tư duy, phương thức thực hiện công tác dân vận ở cơ sở trong tình hình mới.",
              ("Các ý kiến tại tọa đàm cho rằng cán bộ làm công tác dân vận cần lắng nghe nhiều hơn, nói ít hơn và làm gương trước.",
               "Nhiều chi bộ đã đổi mới nội dung sinh hoạt, chọn chuyên đề gắn với những vấn đề người dân quan tâm như an ninh trật tự, vệ sinh môi trường."),
              ("glue", "model")),
        Topic("Sơ kết {n} năm thực hiện Chỉ thị số {num}-CT/TW",
              "{daypart} {dm}, Ban Thường vụ Thành ủy tổ chức hội nghị sơ kết {n} năm thực hiện Chỉ thị số {num}-CT/TW về tăng cường công tác kiểm tra, giám sát.",
              ("Sau {n} năm thực hiện chỉ thị, các cấp ủy đã kiểm tra {k} tổ chức đảng và {k2} đảng viên, kịp thời chấn chỉnh những thiếu sót.",
               "Hội nghị đề ra giải pháp nâng cao chất lượng công tác kiểm tra, giám sát trong thời gian tới, nhất là ở các chi bộ khu phố, ấp.")),
        Topic("“Dân vận khéo” từ những việc làm cụ thể ở {place}",
              "Phong trào thi đua “Dân vận khéo” tại {place} đã lan tỏa bằng những mô hình gần gũi, thiết thực, được người dân đồng tình hưởng ứng.",
              ("Từ việc vận động người dân hiến đất mở rộng hẻm đến xây dựng tuyến đường không rác, mỗi mô hình đều bắt đầu từ nhu cầu thực tế của khu dân cư.",
               "Mỗi cán bộ, đảng viên được phân công theo dõi, hỗ trợ một số hộ gia đình trên địa bàn dân cư."),
              ("model",)),
        Topic("Nâng cao chất lượng sinh hoạt chi bộ ở {place}",
              "{daypart} {dm}, {party} tổ chức hội nghị chuyên đề về nâng cao chất lượng sinh hoạt chi bộ, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
              ("Theo báo cáo, {pct}% chi bộ trực thuộc đã xây dựng chuyên đề sinh hoạt riêng, phù hợp với đặc điểm của từng địa bàn.",
               "Các đại biểu kiến nghị tăng cường cấp ủy viên cấp trên dự sinh hoạt với chi bộ để kịp thời nắm bắt tình hình.")),
    ),
    "chinh-quyen": (
        Topic("{Gov} đối thoại với người dân về {issue}",
              "{daypart} {dm}, {gov} tổ chức buổi đối thoại với người dân về {issue}, ghi nhận {k} ý kiến, kiến nghị.",
              ("Tại buổi đối thoại, người dân bày tỏ mong muốn các thủ tục được rút ngắn, thông tin được công khai rõ ràng hơn.",
               "Lãnh đạo {gov} đã trả lời trực tiếp nhiều ý kiến, các nội dung còn lại được giao cho phòng, ban chuyên môn nghiên cứu, phản hồi bằng văn bản.")),
        Topic("Đẩy mạnh cải cách thủ tục hành chính tại {place}",
              "{daypart} {dm}, {gov} sơ kết công tác cải cách hành chính, trong đó tỷ lệ hồ sơ giải quyết đúng hạn đạt {pct}%.",
              ("Hiện {gov} đang tiếp nhận hồ sơ trực tuyến đối với phần lớn thủ tục, giúp người dân tiết kiệm thời gian đi lại.",
               "Bộ phận một cửa được bố trí thêm máy lấy số tự động và khu vực hướng dẫn người cao tuổi làm thủ tục.")),
        Topic("HĐND Thành phố giám sát việc {issue}",
              "{daypart} {dm}, Đoàn giám sát của Thường trực HĐND TP.HCM làm việc với {gov} về việc {issue}.",
              ("Đoàn giám sát ghi nhận nhiều chuyển biến tích cực, song cũng chỉ ra một số hồ sơ còn chậm do vướng mắc về pháp lý.",
               "Đoàn giám sát đề nghị đơn vị tiếp tục rà soát, tháo gỡ vướng mắc, bảo đảm quyền lợi hợp pháp của người dân.")),
        Topic("[Infographic] Kết quả tiếp công dân năm {year}",
              "Năm {year}, các cơ quan hành chính trên địa bàn Thành phố đã tiếp {k} lượt công dân, giải quyết dứt điểm nhiều vụ việc tồn đọng kéo dài.",
              ("Thường trực Thành ủy, lãnh đạo UBND Thành phố đã trực tiếp tiếp công dân định kỳ hằng tháng theo đúng quy định.",
               "Nhiều vụ việc khiếu nại đông người đã được đối thoại, giải quyết ngay tại cơ sở.")),
        Topic("{Place} ra mắt mô hình chính quyền số phục vụ người dân",
              "{daypart} {dm}, {gov} ra mắt mô hình chính quyền số, cho phép người dân nộp hồ sơ và theo dõi kết quả giải quyết thủ tục hành chính trên điện thoại.",
              ("Người dân có thể tra cứu tiến độ hồ sơ, phản ánh các vấn đề về trật tự đô thị, vệ sinh môi trường qua ứng dụng trên điện thoại.",
               "Trong thời gian thí điểm, hệ thống đã tiếp nhận {k} phản ánh, {pct}% trong số đó được xử lý đúng hạn."),
              ("money", "model")),
    ),
    "kinh-te": (
        Topic("{Place} thu hút {n} dự án đầu tư mới",
              "{daypart} {dm}, {gov} cho biết từ đầu năm đến nay địa phương đã thu hút {n} dự án đầu tư mới với tổng vốn đăng ký hơn {k} tỷ đồng.",
              ("Các dự án tập trung vào lĩnh vực thương mại, dịch vụ, logistics và công nghiệp chế biến, tạo việc làm cho khoảng {k2} lao động.",
               "Địa phương đã thành lập tổ công tác hỗ trợ nhà đầu tư, rút ngắn thời gian giải quyết thủ tục xuống còn một nửa.")),
        Topic("Hỗ trợ doanh nghiệp nhỏ và vừa ở {place} chuyển đổi số",
              "{daypart} {dm}, {gov} phối hợp với Hội Doanh nghiệp tổ chức chương trình hỗ trợ {k} doanh nghiệp nhỏ và vừa chuyển đổi số.",
              ("Các doanh nghiệp được tư vấn miễn phí về phần mềm quản lý bán hàng, hóa đơn điện tử và bảo mật dữ liệu.",
               "Theo đại diện doanh nghiệp, khó khăn lớn nhất hiện nay là thiếu nhân lực có kỹ năng số và chi phí đầu tư ban đầu còn cao."),
              ("money",)),
        Topic("Phát triển nông nghiệp đô thị công nghệ cao ở {place}",
              "Nông nghiệp đô thị công nghệ cao đang mở ra hướng đi mới cho nông dân {place}, giúp nâng cao thu nhập trên cùng một diện tích canh tác.",
              ("Nhiều hộ nông dân đã chuyển từ trồng lúa kém hiệu quả sang trồng rau an toàn, hoa lan và nuôi cá cảnh, cho thu nhập cao gấp nhiều lần.",
               "Địa phương hỗ trợ lãi vay, tập huấn kỹ thuật và kết nối tiêu thụ sản phẩm với các hệ thống siêu thị."),
              ("model",)),
        Topic("Giải ngân vốn đầu tư công đạt {pct}% kế hoạch năm {cur_year}",
              "{daypart} {dm}, UBND TP.HCM cho biết tỷ lệ giải ngân vốn đầu tư công năm {cur_year} đến nay đạt {pct}% kế hoạch, cao hơn cùng kỳ năm trước.",
              ("Một số dự án chậm giải ngân do vướng mắc trong công tác bồi thường, giải phóng mặt bằng.",
               "UBND Thành phố yêu cầu các chủ đầu tư lập kế hoạch giải ngân chi tiết theo từng tháng và chịu trách nhiệm về tiến độ.")),
        Topic("Sở Khoa học & Công nghệ hỗ trợ {n} doanh nghiệp đổi mới sáng tạo",
              "{daypart} {dm}, Sở Khoa học và Công nghệ TP.HCM trao quyết định hỗ trợ cho {n} doanh nghiệp tham gia chương trình đổi mới sáng tạo.",
              ("Các doanh nghiệp được hỗ trợ một phần kinh phí thử nghiệm sản phẩm, đăng ký sở hữu trí tuệ và tham gia các sự kiện kết nối đầu tư.",
               "Chương trình ưu tiên các giải pháp ứng dụng trong y tế, giáo dục và quản lý đô thị."),
              ("money",)),
        Topic("Tháo gỡ khó khăn cho doanh nghiệp xuất khẩu",
              "{daypart} {dm}, lãnh đạo Thành phố gặp gỡ, lắng nghe kiến nghị của các doanh nghiệp xuất khẩu về thủ tục hải quan, vốn vay và thị trường.",
              ("Theo đại diện doanh nghiệp, chi phí vận chuyển tăng cao và thủ tục tiếp cận vốn vay còn phức tạp là những khó khăn lớn nhất hiện nay.",
               "Thành phố sẽ tiếp tục cải thiện môi trường đầu tư kinh doanh, đồng hành cùng doanh nghiệp trong quá trình phục hồi và phát triển.")),
    ),
    "van-hoa-xa-hoi": (
        Topic("Ra mắt sách về truyền thống cách mạng của {place}",
              "{daypart} {dm}, {party} tổ chức lễ ra mắt cuốn sách về lịch sử truyền thống cách mạng của Đảng bộ và nhân dân {place}.",
              ("Cuốn sách gồm nhiều tư liệu, hình ảnh quý về các giai đoạn lịch sử đấu tranh cách mạng của quân và dân địa phương.",
               "Sách được biên soạn trong hai năm, với sự góp ý của nhiều nhân chứng lịch sử và các nhà nghiên cứu.")),
        Topic("[Ảnh] Trao nhà tình nghĩa cho gia đình chính sách tại {place}",
              "{daypart} {dm}, Ủy ban MTTQ Việt Nam {place} trao {n} căn nhà tình nghĩa cho các gia đình chính sách có hoàn cảnh khó khăn.",
              ("Mỗi căn nhà có diện tích khoảng {m2} m², được xây dựng kiên cố bằng nguồn kinh phí do các nhà hảo tâm đóng góp.",
               "Bà {woman} xúc động cho biết gia đình đã mong có một mái nhà kiên cố từ nhiều năm nay."),
              ("money",)),
        Topic("Khánh thành công trình thủy lợi phục vụ người dân {place}",
              "{daypart} {dm}, {gov} khánh thành công trình thủy lợi, góp phần chống ngập và phục vụ sản xuất cho hơn {k} hộ dân.",
              ("Công trình gồm tuyến kênh dài hơn 2 km và cống ngăn triều, được khởi công từ tháng {m3}/{y3}.",
               "Người dân trong khu vực không còn cảnh ngập nước mỗi khi triều cường dâng cao."),
              ("money",)),
        Topic("Chăm lo sức khỏe cho người cao tuổi tại {place}",
              "{daypart} {dm}, Hội Người cao tuổi {place} phối hợp với Trung tâm Y tế tổ chức khám sức khỏe miễn phí cho {k} người cao tuổi.",
              ("Các bác sĩ đã khám tổng quát, đo huyết áp, tư vấn dinh dưỡng và cấp thuốc miễn phí cho người cao tuổi.",
               "Bà {woman} là con thứ hai trong gia đình có 3 người con, nhiều năm liền tham gia công tác hội tại khu phố.")),
        Topic("[Video] Về thăm khu di tích lịch sử ở {place}",
              "Khu di tích lịch sử ở {place} là địa chỉ đỏ giáo dục truyền thống cách mạng cho thế hệ trẻ, thu hút đông đảo khách tham quan mỗi năm.",
              ("Khu di tích được trùng tu, tôn tạo với nhiều hạng mục như nhà trưng bày, đền tưởng niệm và đường hầm mô phỏng.",
               "Mỗi năm, khu di tích đón hàng chục nghìn lượt học sinh, sinh viên đến tham quan, học tập.")),
        Topic("Hòa giải ở cơ sở: gần dân, sát dân",
              "Công tác hòa giải ở cơ sở tại {place} đã góp phần giữ gìn tình làng nghĩa xóm, giảm đáng kể các vụ việc phải đưa ra tòa án.",
              ("Các tổ hòa giải chủ yếu là cán bộ hưu trí, người có uy tín trong khu phố, am hiểu phong tục và pháp luật.",
               "Năm qua, các tổ hòa giải đã hòa giải thành {pct}% số vụ việc tiếp nhận."),
              ("model",)),
    ),
}
ATTENDANCE = "Tham dự có đồng chí {person}, {position}; cùng đại diện lãnh đạo các sở, ban, ngành Thành phố."
MONEY = "Tổng kinh phí thực hiện là {x},{y} tỷ đồng, trong đó ngân sách thành phố 2/3, phần còn lại do doanh nghiệp và nhà hảo tâm đóng góp."
QUOTE = "Phát biểu tại buổi làm việc, đồng chí {person2}, {position2}, nhấn mạnh: “{quote}”."
EARLIER = "Trước đó, ngày {dm2}, đoàn công tác đã khảo sát thực tế tại {place2} và ghi nhận nhiều cách làm hay."
PARTIAL = "Từ tháng {m3}/{y3} đến nay, mô hình đã được nhân rộng ra {k3} khu phố, ấp trên địa bàn."
CLOSINGS = (
    "Dịp này, {org} đã trao bằng khen cho {k4} tập thể và {k5} cá nhân có thành tích xuất sắc.",
    "Hội nghị cũng thống nhất các nhiệm vụ trọng tâm trong thời gian tới, trong đó chú trọng công tác tuyên truyền, vận động nhân dân.",
    "Ban tổ chức cho biết chương trình sẽ được duy trì thường xuyên trong những năm tiếp theo.",
)
DOC_TOPICS = {
    COLLECTIONS[0].slug: (
        ("Diễn văn khai mạc Hội nghị Ban Chấp hành Đảng bộ Thành phố lần thứ {n}",
         "Cổng Thông tin điện tử Đảng bộ Thành phố trân trọng giới thiệu toàn văn diễn văn khai mạc hội nghị lần thứ {n} của Ban Chấp hành Đảng bộ Thành phố."),
        ("Nghị quyết hội nghị chuyên đề về công tác dân vận giai đoạn {y1} - {y2}",
         "Cổng Thông tin điện tử Đảng bộ Thành phố giới thiệu nội dung chính của nghị quyết chuyên đề về công tác dân vận giai đoạn {y1} - {y2}."),
    ),
    COLLECTIONS[1].slug: (
        ("Tóm tắt quá trình hình thành Đảng bộ {place}",
         "Tư liệu tóm tắt các mốc lịch sử quan trọng trong quá trình hình thành và phát triển của Đảng bộ {place}."),
        ("Biên niên sự kiện Đảng bộ {place} giai đoạn {y1} - {y2}",
         "Biên niên ghi lại những sự kiện tiêu biểu của Đảng bộ và nhân dân {place} trong giai đoạn {y1} - {y2}."),
    ),
    COLLECTIONS[2].slug: (
        ("Người cựu chiến binh gương mẫu ở {place}",
         "Hơn hai mươi năm làm tổ trưởng tổ dân phố, ông {man} luôn được bà con {place} tin yêu, quý trọng."),
        ("Nữ đảng viên tận tụy với phong trào khu phố",
         "Gắn bó với công tác mặt trận ở khu phố từ khi còn trẻ, bà {woman} là tấm gương tiêu biểu về tinh thần trách nhiệm với cộng đồng."),
    ),
}
DOC_PARAGRAPHS = (
    "Thưa các đồng chí, hội nghị lần này có nhiệm vụ đánh giá tình hình thực hiện nghị quyết, thảo luận và quyết định các chủ trương lớn của Đảng bộ trong thời gian tới.",
    "Giai đoạn {y1} - {y2}, Đảng bộ {place} lãnh đạo nhân dân khắc phục khó khăn, từng bước ổn định đời sống và phát triển sản xuất.",
    "Những bài học kinh nghiệm được rút ra từ thực tiễn là nền tảng quan trọng để các thế hệ cán bộ tiếp tục kế thừa và phát huy.",
    "Việc học tập, quán triệt nghị quyết được tổ chức nghiêm túc từ Thành phố đến cơ sở, với sự tham gia của đông đảo cán bộ, đảng viên.",
    "Ông {man_short} vẫn thường nói với các thành viên trong tổ rằng làm việc gì cũng phải bắt đầu từ sự lắng nghe.",
)
TONE_VARIANTS = (("hòa", "hoà"), ("Hòa", "Hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"),
                 ("Ủy", "Uỷ"), ("ủy", "uỷ"), ("tùy", "tuỳ"), ("xóa", "xoá"))

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

# How a legacy page shows (or hides) its date. Cycled over the legacy articles so that every
# form is present; the gold value of each is fixed by crawler/fields.py.
LEGACY_DATE_FORMS = ("cap-nhat", "image-day", "weekday-time", "none", "cap-nhat-gmt",
                     "sa-ch", "luc-h", "image-day")
OG_DATE_FORMS = ("meta-zone", "meta-nozone", "meta-entity", "meta-utc")

# Byline forms (VIETNAMESE.md, vi-cases.json): kind -> how it is printed. Every kind occurs.
BYLINE_KINDS = ("bare", "caps", "tin-anh", "bai-anh", "bai-va-anh", "dash-pair", "comma-pair",
                "va-pair", "tin-anh-pair", "group", "theo", "nguon", "name-agency", "slash-agency",
                "title-prefix", "initial", "photo-only", "none", "theo-paren")


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------
def clean_text(s):
    """The gold form of text: NFC, no BOM/zero-width space, whitespace (NBSP too) collapsed."""
    s = unicodedata.normalize("NFC", s).replace("\ufeff", "").replace("\u200b", "")
    return re.sub(r"\s+", " ", s).strip()


def slugify(text):
    """The portal's slug rule as observed: marks dropped, đ→d, every run of other characters
    becomes one hyphen, trailing hyphens trimmed but NOT leading ones ("[Video] Về" gives
    "-video-ve", as in the CONFIRMED URLs)."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).rstrip("-")


def glue_slug(slug, at):
    """Join two slug words as the CMS sometimes does (CONFIRMED: ``doi-moitu-duy``)."""
    head = "-" if slug.startswith("-") else ""
    words = slug.strip("-").split("-")
    at = max(0, min(at, len(words) - 2))
    return head + "-".join(words[:at] + [words[at] + words[at + 1]] + words[at + 2:])


def cap_first(s):
    return s[:1].upper() + s[1:]


def viewing_text(day):
    """The header's date of viewing: ``Thứ Sáu, ngày 15 tháng 11 năm 2024``."""
    return f"{WEEKDAYS[day.weekday()]}, ngày {day.day} tháng {day.month} năm {day.year}"


def E(s):
    return html.escape(s, quote=True)


def entity_escape(s):
    """Escape as an old WYSIWYG editor did: every non-ASCII letter as an entity, named where
    HTML 4 has a name (``&agrave;``), numeric otherwise (``&#7853;``)."""
    out = []
    for ch in html.escape(s, quote=True):
        cp = ord(ch)
        out.append(ch if cp < 128 else f"&{codepoint2name[cp]};" if cp in codepoint2name
                   else f"&#{cp};")
    return "".join(out)


def with_tone_variants(s):
    """The other tone placement (hoà, thuỷ, uỷ for hòa, thủy, ủy): both are in use, so one
    portal mixes them and search must find either."""
    for usual, variant in TONE_VARIANTS:
        s = s.replace(usual, variant)
    return s


def hexid(rng, n):
    return "".join(rng.choice("0123456789ABCDEF") for _ in range(n))


def dmy(d):
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Byline:
    kind: str
    text: str | None  # the line as printed; None when the article credits nobody
    authors: tuple = ()
    source: str | None = None


@dataclass(frozen=True)
class Image:
    url: str
    caption: str | None
    style: str  # figure | table | italic
    upload_day: date | None  # the DD-MM-YYYY in the name, if any


@dataclass
class Article:
    id: int
    section: str  # "tin-tuc" or "tu-lieu/<collection>"
    listing: str  # slug of the listing that lists it
    category: str  # gold category: the label on the page
    title: str
    slug: str
    lead: str  # starts with LEAD_CREDIT
    paragraphs: list  # body after the lead
    subheads: frozenset  # indexes of paragraphs printed as bold pseudo-headings
    published: datetime
    modified: datetime
    template: str  # legacy | og | jsonld
    date_form: str
    byline: Byline
    images: list
    keywords: list
    traps: list = field(default_factory=list)
    hidden: str | None = None  # sitemap | feed | portal-host: reachable only that way
    related: list = field(default_factory=list)  # [(id, link form)] "Tin liên quan"
    old_slugs: list = field(default_factory=list)
    edition_added: int = 1

    @property
    def path(self):
        return f"/{self.section}/{self.slug}-{self.id}"

    def path_with(self, slug):
        return f"/{self.section}/{slug}-{self.id}"

    @property
    def published_at(self):
        """The gold publication value (crawler/fields.py): what a correct extractor can know
        from this page, no more."""
        if self.date_form == "none":
            return None
        if self.date_form == "image-day":
            return self.images[0].upload_day.isoformat()
        return self.published.isoformat()

    def content_hash(self):
        """Identity of the article's content (not of the page around it): the ETag."""
        data = json.dumps([self.title, self.lead, self.paragraphs, [i.url for i in self.images],
                           [i.caption for i in self.images], self.byline.text,
                           self.published.isoformat(), self.modified.isoformat()],
                          ensure_ascii=False)
        return hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]


@dataclass
class Universe:
    """Every article either edition will show, and the roles chosen for them; edition 1 and 2
    are views of it, so both are consistent whichever is generated first."""

    seed: int
    articles: list  # news, edition 1 then the ones added in edition 2
    documents: list
    roles: dict  # role name -> article id
    notices: list  # ids shown in the site-wide "Thông báo" box
    dead_link: str  # an article-like path that answers 404
    edited: list
    removed: dict  # id -> 404 | 410


# --------------------------------------------------------------------------------------------
# Building the universe
# --------------------------------------------------------------------------------------------
def _person(rng, gender=None):
    middles, givens = {"m": MALE, "f": FEMALE}[gender or rng.choice("mf")]
    return f"{rng.choice(FAMILY)} {rng.choice(middles)} {rng.choice(givens)}"


def _byline(kind, rng):
    a, b = rng.sample(PEN_NAMES, 2)
    if kind == "bare":
        return Byline(kind, a, (a,))
    if kind == "caps":
        p = _person(rng)
        return Byline(kind, p.upper(), (p.upper(),))
    if kind in ("tin-anh", "bai-anh", "bai-va-anh"):
        prefix = {"tin-anh": "Tin, ảnh", "bai-anh": "Bài, ảnh", "bai-va-anh": "Bài và ảnh"}[kind]
        return Byline(kind, f"{prefix}: {a}", (a,))
    if kind == "dash-pair":
        return Byline(kind, f"{a} - {b}", (a, b))
    if kind == "comma-pair":
        return Byline(kind, f"{a}, {b}", (a, b))
    if kind == "va-pair":
        return Byline(kind, f"{a} và {b}", (a, b))
    if kind == "tin-anh-pair":
        return Byline(kind, f"Tin, ảnh: {a} - {b}", (a, b))
    if kind == "group":
        return Byline(kind, "Nhóm PV", ("Nhóm PV",))
    if kind == "theo":
        return Byline(kind, "Theo TTXVN", (), "TTXVN")
    if kind == "nguon":
        return Byline(kind, "Nguồn: Báo Nhân Dân", (), "Báo Nhân Dân")
    if kind == "theo-paren":
        return Byline(kind, "(Theo Báo Sài Gòn Giải Phóng)", (), "Báo Sài Gòn Giải Phóng")
    if kind == "name-agency":
        return Byline(kind, f"{a} (TTXVN)", (a,), "TTXVN")
    if kind == "slash-agency":
        return Byline(kind, f"{a}/VOV", (a,), "VOV")
    if kind == "title-prefix":
        p = _person(rng)
        return Byline(kind, f"PGS.TS {p}", (p,))
    if kind == "initial":
        name = f"{a.split()[0][0]}.{a.split()[-1]}"
        return Byline(kind, name, (name,))
    if kind == "photo-only":
        return Byline(kind, f"Ảnh: {rng.choice(PHOTOGRAPHERS)}")
    if kind == "none":
        return Byline(kind, None)
    raise ValueError(kind)


def _slots(rng, published):
    """Values for the prose templates, coherent with the publication time."""
    place, party, gov = rng.choice(PLACES)
    place2 = rng.choice([p for p in PLACES if p[0] != place])[0]
    # Morning publications report the previous day's event.
    event = published.date() if published.hour >= 11 else published.date() - timedelta(days=1)
    daypart = "Sáng" if published.hour >= 11 else rng.choice(("Chiều", "Tối", "Ngày"))
    earlier = event - timedelta(days=rng.randint(5, 40))
    report_year = published.year if published.month >= 11 else published.year - 1
    person, person2, man, woman = _person(rng), _person(rng), _person(rng, "m"), _person(rng, "f")
    goals = rng.randint(10, 14)
    pos = [p.format(party=party, gov=gov) for p in rng.sample(POSITIONS, 2)]
    quarter = ("I", "II", "III", "IV")[(published.month - 1) // 3]
    values = dict(
        place=place, Place=cap_first(place), party=party, Party=party, gov=gov, Gov=gov,
        place2=place2, org=rng.choice(ORGS), daypart=daypart, dm=f"{event.day}/{event.month}",
        dm2=f"{earlier.day}/{earlier.month}", year=report_year, year1=report_year + 1,
        n=rng.choice((5, 10, 15, 20, 25, 30, 45, 50, 60, 75, 90)), num=rng.randint(11, 49),
        k=rng.randint(12, 480), k2=rng.randint(5, 60), k3=rng.randint(8, 90),
        k4=rng.randint(10, 60), k5=rng.randint(15, 120), pct=rng.randint(61, 98),
        goals=goals, done=rng.randint(goals - 2, goals), m2=rng.randint(40, 75),
        cur_year=published.year, man=man, woman=woman, man_short=man.split()[-1],
        field=rng.choice(FIELDS), issue=rng.choice(ISSUES), quote=rng.choice(QUOTES),
        person=person, person2=person2, position=pos[0], position2=pos[1],
        x=rng.randint(2, 95), y=rng.randint(1, 9),
        m3=rng.randint(1, 12), y3=published.year - rng.randint(1, 4),
        photographer=rng.choice(PHOTOGRAPHERS), quarter=quarter, month=published.month,
        y1=published.year - 5, y2=published.year,
    )
    values["event"] = rng.choice(EVENTS).format(**values)
    return values


def _id_for(day, rng):
    return ID_ANCHOR + round((day - ID_ANCHOR_DAY).days * IDS_PER_DAY) + rng.randrange(25)


def _template_for(published):
    if published < LEGACY_UNTIL:
        return "legacy"
    return "og" if published < OG_UNTIL else "jsonld"


def _publication_times(rng, count, first, last, seconds):
    """``count`` times spread evenly (with jitter) over [first, last], in office hours."""
    span = (last - first).days
    times = []
    for i in range(count):
        day = first + timedelta(days=int(span * (i + rng.random()) / count))
        t = datetime(day.year, day.month, day.day, rng.randint(6, 20), rng.randint(0, 59),
                     rng.randint(0, 59) if seconds else 0, tzinfo=VN)
        times.append(t)
    return sorted(times)


def _images(rng, a, slots):
    """The article's images, shaped by era and by the date evidence the page must (or must
    not) carry. Returns a list of Image."""
    words = "-".join(slugify(a.title).strip("-").split("-")[:6])
    pub = a.published
    if a.template == "legacy":
        count = {"image-day": rng.randint(1, 2), "none": rng.randint(0, 1)}.get(
            a.date_form, rng.randint(0, 2))
    else:
        count = rng.randint(1, 3)
    images = []
    captions = rng.sample(CAPTIONS, len(CAPTIONS))
    for i in range(count):
        caption = None
        if rng.random() < 0.8:
            caption = captions[i].format(**slots)
        style = "figure" if a.template != "legacy" else rng.choice(("table", "italic"))
        if a.template == "legacy" and a.date_form == "none":
            # Legacy names (CONFIRMED) carry no date: the page keeps no date evidence at all.
            url = (f"{IMAGES}//res/news/{pub.year}/{pub.month:02d}/"
                   f"{rng.choice(('DHX', 'HN', 'TQ'))}_{rng.choice(('HoiNghi', 'LeTrao', 'ToaDam'))}"
                   f"{rng.randint(1, 99)}.{rng.choice(('jpg', 'JPG'))}")
            images.append(Image(url, caption, style, None))
            continue
        if a.template == "legacy" and i > 0 and a.date_form != "image-day" and rng.random() < 0.5:
            folder = f"{pub.day:02d}{pub.month:02d}{pub.year}{hexid(rng, 8)}"
            url = f"{IMAGES}//Uploads/Image/{folder}/anh-{i + 1}.JPG"
            images.append(Image(url, caption, style, None))
            continue
        up = pub.date()
        if a.template == "og" and rng.random() < 0.3:
            up -= timedelta(days=1)  # uploaded the evening before: meta must win over the name
        name = f"{up.day:02d}-{up.month:02d}-{up.year}-{words}-{hexid(rng, rng.choice((7, 8)))}"
        url = f"{IMAGES}/res/news/{up.year}/{up.month:02d}/{name}.jpg"
        if rng.random() < 0.4:
            stamp = datetime(up.year, up.month, up.day, rng.randint(6, 22), rng.randint(0, 59),
                             rng.randint(0, 59))
            # vs= hour is 12-hour (CONFIRMED oddity): never a time of day.
            url = (f"{IMAGES}/res/news/{up.year}/{up.month:02d}/{name}-details.jpg"
                   f"?vs={up.day:02d}{up.month:02d}{up.year}{stamp.strftime('%I%M%S')}")
        images.append(Image(url, caption, style, up))
    return images


def _news_body(rng, topic, slots, template):
    paras = []
    if "{daypart}" in topic.lead and rng.random() < 0.7:  # an event: someone attended
        paras.append(ATTENDANCE.format(**slots))
    paras += [p.format(**slots) for p in topic.reports]
    if "money" in topic.flags and rng.random() < 0.6:
        paras.append(MONEY.format(**slots))
    subheads = set()
    if template != "legacy" and rng.random() < 0.3:
        subheads.add(len(paras))
        paras.append(rng.choice(SUBHEADS))
    if rng.random() < 0.7:
        paras.append(QUOTE.format(**slots))
    if rng.random() < 0.5:
        paras.append(EARLIER.format(**slots))
    if "model" in topic.flags and rng.random() < 0.6:
        paras.append(PARTIAL.format(**slots))
    paras.append(rng.choice(CLOSINGS).format(**slots))
    return paras, frozenset(subheads)


def _make_news(rng, published, listing, topic_index, byline_kind):
    template = _template_for(published)
    slots = _slots(rng, published)
    topic = TOPICS[listing.slug][topic_index % len(TOPICS[listing.slug])]
    title, lead = topic.title.format(**slots), LEAD_CREDIT + topic.lead.format(**slots)
    paras, subheads = _news_body(rng, topic, slots, template)
    slug = slugify(title)
    traps = []
    if "glue" in topic.flags:
        slug = glue_slug(slug, 1)  # doi-moitu-duy-...
        traps.append("glued-slug")
    elif rng.random() < 0.05:
        slug = glue_slug(slug, rng.randint(0, 3))
        traps.append("glued-slug")
    if slug.startswith("-"):
        traps.append("leading-hyphen-slug")
    keywords = [rng.choice(("dân vận", "xây dựng Đảng", "an sinh xã hội", "cải cách hành chính",
                            "chuyển đổi số")), slots["place"]]
    a = Article(id=0, section="tin-tuc", listing=listing.slug, category=listing.label,
                title=title, slug=slug, lead=lead, paragraphs=paras, subheads=subheads,
                published=published, modified=published, template=template, date_form="",
                byline=_byline(byline_kind, rng), images=[], keywords=keywords, traps=traps)
    return a, slots


COMMON_BYLINES = ("bare",) * 6 + ("tin-anh", "dash-pair", "theo", "none", "group", "name-agency")


def _assign_byline_kinds(rng, first, added):
    """Byline kinds for the first edition (every kind at least once, spread over all eras,
    otherwise mostly bare names as on the site), then for the articles added later."""
    kinds = list(BYLINE_KINDS) + [rng.choice(COMMON_BYLINES)
                                  for _ in range(first - len(BYLINE_KINDS))]
    rng.shuffle(kinds)
    return kinds + [rng.choice(COMMON_BYLINES) for _ in range(added)]


def build_universe(seed, articles):
    """All articles of both editions, their faults and roles, drawn from ``seed``.

    The random stream is consumed in a fixed order, so the same (seed, articles) always gives
    the same site, whichever edition is written.
    """
    if articles < MIN_ARTICLES:
        raise ValueError(f"articles must be at least {MIN_ARTICLES}")
    rng = random.Random(seed)
    view1, view2 = EDITION_VIEWED[1], EDITION_VIEWED[2]
    added = max(3, articles // 24)
    times = (_publication_times(rng, articles, FIRST_DAY, (view1 - timedelta(days=2)).date(),
                                seconds=False)
             + _publication_times(rng, added, (view1 + timedelta(days=1)).date(),
                                  (view2 - timedelta(days=2)).date(), seconds=False))
    order = list(range(len(times)))
    rng.shuffle(order)
    listing_of = {idx: CATEGORIES[k % len(CATEGORIES)] for k, idx in enumerate(order)}
    kinds = _assign_byline_kinds(rng, articles, added)
    news, last_id, topic_counter = [], 0, {c.slug: rng.randrange(6) for c in CATEGORIES}
    for i, published in enumerate(times):
        if _template_for(published) == "jsonld":  # JSON-LD carries seconds
            published = published.replace(second=rng.randint(0, 59))
        listing = listing_of[i]
        topic_counter[listing.slug] += 1
        a, slots = _make_news(rng, published, listing, topic_counter[listing.slug], kinds[i])
        a.id = last_id = max(_id_for(published.date(), rng), last_id + 1)
        a.edition_added = 1 if i < articles else 2
        news.append((a, slots))

    # Date evidence per template: every form present.
    legacy = [a for a, _ in news if a.template == "legacy"]
    og = [a for a, _ in news if a.template == "og"]
    for j, a in enumerate(legacy):
        a.date_form = LEGACY_DATE_FORMS[j % len(LEGACY_DATE_FORMS)]
    for j, a in enumerate(og):
        a.date_form = OG_DATE_FORMS[j % len(OG_DATE_FORMS)]
        if a.date_form == "meta-utc":
            a.traps.append("utc-meta")
    for a, slots in news:
        if a.template == "jsonld":
            a.date_form = "jsonld"
        a.images = _images(rng, a, slots)

    documents = _make_documents(rng, articles)

    roles, taken = _assign_roles(rng, [a for a, _ in news if a.edition_added == 1])
    by_id = {a.id: a for a, _ in news}
    for role, aid in roles.items():
        if role.startswith("only-"):
            by_id[aid].hidden = role[len("only-"):]
    _assign_traps(rng, by_id, roles, taken)

    all_news = [a for a, _ in news]
    _link_related(all_news, roles)

    ed1_visible = [a for a in all_news if a.edition_added == 1 and not a.hidden]
    notices = [a.id for a in sorted(ed1_visible, key=lambda a: a.published)[-3:]]
    used = {a.id for a in all_news} | {d.id for d in documents}
    dead = next(i for i in range(all_news[len(all_news) // 2].id, 10**10) if i not in used)
    dead_link = f"/tin-tuc/thong-bao-lich-tiep-cong-dan-thang-{rng.randint(1, 12)}-{dead}"

    # Edition 2: edits and removals among ordinary articles, never one a fault, a hidden
    # article or a one-of-a-kind trap depends on.
    rng2 = random.Random(f"{seed}-edition-2")
    protected = set(roles.values()) | set(notices)
    pool = [a.id for a in ed1_visible
            if a.id not in protected and not set(a.traps) & UNIQUE_TRAPS]
    rng2.shuffle(pool)
    n_edit, n_remove = max(3, articles // 24), max(2, articles // 36)
    edited = sorted(pool[:n_edit])
    removed = {aid: (404, 410)[k % 2] for k, aid in enumerate(sorted(pool[n_edit:n_edit + n_remove]))}
    return Universe(seed, all_news, documents, roles, notices, dead_link, edited, removed)


def _make_documents(rng, articles):
    """Documents of the /tu-lieu/ archive: older id series (one 9-digit id), legacy layout."""
    count = max(5, articles // 12)
    times = _publication_times(rng, count, date(2012, 1, 10), date(2016, 12, 20), seconds=False)
    docs = []
    next_id = 1454400000 + rng.randrange(1000)
    for j, published in enumerate(times):
        coll = COLLECTIONS[j % len(COLLECTIONS)]
        slots = _slots(rng, published)
        title_t, lead_t = DOC_TOPICS[coll.slug][(j // len(COLLECTIONS)) % 2]
        title = title_t.format(**slots)
        paras = [p.format(**slots) for p in rng.sample(DOC_PARAGRAPHS, 3)]
        if j == 0:
            byline, traps = Byline("none", None), ["org-last-line"]
            paras.append("Ban Tuyên giáo Thành ủy")  # an organisation, not a byline: body text
        elif j == 1:
            byline, traps = Byline("nguon", "Nguồn: Văn phòng Thành ủy", (), "Văn phòng Thành ủy"), []
        else:
            byline, traps = Byline("none", None), []
        if j == 2:
            doc_id = rng.randrange(100_000_000, 999_999_999)  # 9 digits: older series exist
            traps.append("nine-digit-id")
        else:
            next_id += rng.randrange(3000, 90000)
            doc_id = next_id
        a = Article(id=doc_id, section=coll.slug, listing=coll.slug, category=DOCUMENTS_CATEGORY,
                    title=title, slug=slugify(title), lead=LEAD_CREDIT + lead_t.format(**slots),
                    paragraphs=paras, subheads=frozenset(), published=published,
                    modified=published, template="legacy",
                    date_form=LEGACY_DATE_FORMS[j % len(LEGACY_DATE_FORMS)], byline=byline,
                    images=[], keywords=["tư liệu"], traps=traps)
        a.images = _images(rng, a, slots)
        docs.append(a)
    return docs


def _assign_roles(rng, ed1):
    """Faults and reachability roles, each on a distinct article of a fitting template."""
    by_template = {t: [a for a in ed1 if a.template == t] for t in ("legacy", "og", "jsonld")}
    taken = set()

    def take(template, where=lambda a: True, newest=False):
        pool = [a for a in by_template[template] if a.id not in taken and where(a)]
        a = pool[-1] if newest else rng.choice(pool)
        taken.add(a.id)
        return a.id

    roles = {
        "only-feed": take("jsonld", newest=True),
        "only-sitemap": take("jsonld", newest=True),
        "only-portal-host": take("og"),
        "portal-host-linker": take("og"),
        "flaky": take("og"),
        "slow": take("jsonld"),
        "redirect-target": take("legacy"),
        "redirect-linker": take("legacy"),
        # UTF-8 bytes, no charset anywhere: a legacy page (they have no <meta> at all).
        "no-charset": take("legacy", lambda a: a.date_form == "cap-nhat"),
    }
    return roles, taken


UNIQUE_TRAPS = {"nfd", "entities", "div-paragraphs", "feff-nbsp", "wrong-weekday",
                "misplaced-mark", "no-charset"}


def _assign_traps(rng, by_id, roles, taken):
    """Surface traps of Vietnamese pages, each on one article (see gold "traps")."""
    free = [a for a in by_id.values() if a.id not in taken and a.edition_added == 1]

    def pick(template, where=lambda a: True):
        """A free article if there is one, else any fitting one (traps may share a page)."""
        pool = [a for a in free if a.template == template and where(a)]
        if not pool:
            pool = [a for a in by_id.values()
                    if a.template == template and where(a) and a.edition_added == 1]
        a = rng.choice(pool)
        if a in free:
            free.remove(a)
        return a

    pick("og").traps.append("nfd")
    pick("legacy").traps.append("entities")
    pick("legacy").traps.append("div-paragraphs")
    pick("jsonld").traps.append("feff-nbsp")
    pick("legacy", lambda a: a.date_form == "weekday-time").traps.append("wrong-weekday")
    typo = pick("og")
    typo.traps.append("misplaced-mark")
    typo.paragraphs.insert(1, "Kế hoạch sẽ được triển khai ngay trong qúy tới, tập trung vào những địa bàn còn nhiều khó khăn.")
    by_id[roles["no-charset"]].traps.append("no-charset")
    for a in by_id.values():
        if a.template == "legacy" and a.id % 3 == 0:
            a.traps.append("empty-paragraphs")
        if a.id % 5 == 0:  # the other tone placement, in the text itself (gold keeps it)
            a.title, a.lead = with_tone_variants(a.title), with_tone_variants(a.lead)
            a.paragraphs = [with_tone_variants(p) for p in a.paragraphs]
            a.images = [dataclasses.replace(i, caption=i.caption and with_tone_variants(i.caption))
                        for i in a.images]
            a.traps.append("tone-variants")


RELATED_FORMS = ("path", "hcmcpv", "path", "fbclid", "altslug", "path", "thanhuy", "fragment")


def _link_related(news, roles):
    """"Tin liên quan" boxes: older articles of the same category, in assorted URL forms."""
    counter = 0
    older = {}
    for a in news:
        pool = older.setdefault(a.listing, [])
        if a.hidden is None and pool and (a.id % 3 == 0 or a.template == "legacy" and a.id % 4 == 0):
            for r in pool[-3:][::-1]:
                a.related.append((r.id, RELATED_FORMS[counter % len(RELATED_FORMS)]))
                counter += 1
        if a.hidden is None:
            pool.append(a)
    by_id = {a.id: a for a in news}
    linker = by_id[roles["portal-host-linker"]]
    linker.related.insert(0, (roles["only-portal-host"], "hcmcpv"))
    by_id[roles["redirect-linker"]].related.insert(0, (roles["redirect-target"], "legacy-redirect"))


# --------------------------------------------------------------------------------------------
# Editions
# --------------------------------------------------------------------------------------------
def edition_articles(u, edition):
    """The news articles as edition ``edition`` shows them (copies; the universe is kept)."""
    out = []
    for a in u.articles:
        if a.edition_added > edition or (edition == 2 and a.id in u.removed):
            continue
        a = dataclasses.replace(a, paragraphs=list(a.paragraphs), traps=list(a.traps),
                                old_slugs=list(a.old_slugs))
        if edition == 2 and a.id in u.edited:
            when = EDITION_VIEWED[1] + timedelta(days=10 + a.id % 30, hours=a.id % 7)
            a.old_slugs.append(a.slug)
            a.title = a.title + " (cập nhật)"
            a.slug = slugify(a.title)
            a.paragraphs[0] = a.paragraphs[0] + " Nhiều ý kiến đề xuất đã được tiếp thu."
            a.paragraphs.append("Bài viết được bổ sung thông tin về kết quả thực hiện sau khi hội nghị kết thúc.")
            a.modified = when
            a.traps.append("edited")
        out.append(a)
    return out


# --------------------------------------------------------------------------------------------
# Links: every href to an article goes through here, so gold knows every URL variant
# --------------------------------------------------------------------------------------------
class LinkBook:
    """Hands out article hrefs in a chosen form and remembers them for gold.json."""

    def __init__(self):
        self.urls, self.via = {}, {}  # id -> set of hrefs, id -> set of contexts

    def href(self, a, context, form="path"):
        if form == "path":
            url = a.path
        elif form == "fragment":
            url = a.path + "#binh-luan"
        elif form == "fbclid":
            url = a.path + f"?fbclid=IwAR{hashlib.md5(str(a.id).encode()).hexdigest()[:22]}"
        elif form == "utm":
            url = a.path + "?utm_source=zalo&utm_medium=zalo&zarsrc=30"
        elif form == "hcmcpv":
            url = "https://www.hcmcpv.org.vn" + a.path
        elif form == "thanhuy":
            url = "https://thanhuytphcm.vn" + a.path
        elif form == "stxdd":
            url = "https://stxdd.thanhuytphcm.vn" + a.path
        elif form == "altslug":
            words = a.slug.strip("-").split("-")
            alt = "-".join(words[:4]) if len(words) > 4 else a.slug.strip("-") + "-tin"
            url = a.path_with(alt)
        elif form == "oldslug":
            url = a.path_with(a.old_slugs[-1])
        elif form == "legacy-redirect":
            url = f"/Portal/Detail.aspx?NewsID={a.id}"
        else:
            raise ValueError(form)
        self.urls.setdefault(a.id, set()).add(url)
        self.via.setdefault(a.id, set()).add(context)
        return url

    def record(self, a, url, context=None):
        """Note a URL that refers to ``a``; ``context`` None for self-references (canonical
        links), which name the article without making it reachable."""
        self.urls.setdefault(a.id, set()).add(url)
        if context:
            self.via.setdefault(a.id, set()).add(context)


# --------------------------------------------------------------------------------------------
# Page rendering
# --------------------------------------------------------------------------------------------
MENU = [("/", "Trang chủ")] + [("/" + c.slug, c.label) for c in CATEGORIES] + [("/tu-lieu", "Tư liệu")]


class Site:
    """One edition being rendered: its articles, link book and shared page parts."""

    def __init__(self, u, edition):
        self.u, self.edition = u, edition
        self.viewed = EDITION_VIEWED[edition]
        self.news = edition_articles(u, edition)
        self.documents = u.documents
        self.by_id = {a.id: a for a in self.news + self.documents}
        self.gone = dict(u.removed) if edition == 2 else {}
        # Articles other pages may still link to (stale related links): the universe's copy.
        self.any_by_id = {a.id: a for a in u.articles + u.documents}
        self.any_by_id.update(self.by_id)
        self.links = LinkBook()
        self.visible = sorted((a for a in self.news if not a.hidden), key=lambda a: a.published,
                              reverse=True)
        documents = sorted(self.documents, key=lambda a: a.published, reverse=True)
        self.in_listing = {c.slug: [a for a in self.visible if a.listing == c.slug]
                           for c in CATEGORIES}
        self.in_listing.update({c.slug: [d for d in documents if d.listing == c.slug]
                                for c in COLLECTIONS})
        rng = random.Random(f"{u.seed}-shared-{edition}")
        self.most_shared = rng.sample(self.visible[5:40], 5)
        self.sub_site_pick = self.visible[7]

    # -- shared parts ---------------------------------------------------------------------
    def header(self, active=None):
        active_attr = ' class="active"'
        menu = "".join(
            f'<li{active_attr if href == active else ""}><a href="{href}">{E(label)}</a></li>'
            for href, label in MENU)
        return (
            f'<div class="top-bar"><span class="today">{E(viewing_text(self.viewed))}</span>'
            '<form class="search" action="/tim-kiem" method="get"><input type="text" name="q" '
            'placeholder="Tìm kiếm..."><button type="submit">Tìm</button></form></div>\n'
            f'<header class="site-header"><a class="logo" href="/"><img src="{IMAGES}/res/logo/logo-dang-bo.png" '
            f'alt="{E(SITE_NAME)}"></a></header>\n'
            f'<nav class="main-menu"><ul>{menu}</ul></nav>\n')

    def notices_box(self, context="notice"):
        items = []
        for k, aid in enumerate(self.u.notices):
            a = self.by_id.get(aid)
            if a is None:
                continue
            href = self.links.href(a, context, "thanhuy" if k == 0 else "path")
            items.append(f'<li><a href="{E(href)}">{E(a.title)}</a></li>')
        items.append(f'<li><a href="{self.u.dead_link}">Thông báo lịch tiếp công dân của Thường trực Thành ủy</a></li>')
        return f'<div class="box notices"><h3>Thông báo</h3><ul>{"".join(items)}</ul></div>\n'

    def most_shared_box(self):
        forms = ("fbclid", "utm", "fbclid", "path", "fbclid")
        items = "".join(
            f'<li><a href="{E(self.links.href(a, "most-shared", f))}">{E(a.title)}</a></li>'
            for a, f in zip(self.most_shared, forms))
        return f'<div class="box most-shared"><h3>Chia sẻ nhiều</h3><ul>{items}</ul></div>\n'

    def footer(self):
        return (
            '<footer class="site-footer"><p><a href="/gioi-thieu">Giới thiệu</a> | '
            '<a href="/lien-he">Liên hệ</a> | <a href="/rss">RSS</a> | '
            '<a href="https://icpv.thanhuytphcm.vn/">Hệ thống điều hành tác nghiệp</a></p>'
            f'<p>{E(SITE_NAME)}</p><p>Cơ quan chủ quản: Ban Tuyên giáo Thành ủy TP.HCM. '
            'Địa chỉ: 127 Trương Định, Quận 3, TP.HCM. Bản sao dùng cho kiểm thử.</p></footer>\n')

    def page(self, title, body, *, head="", active=None, sidebar=True):
        side = (f'<aside class="sidebar">{self.notices_box()}{self.most_shared_box()}</aside>\n'
                if sidebar else "")
        return (
            '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{E(title)}</title>\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<link rel="stylesheet" href="/css/site.css">\n'
            '<link rel="alternate" type="application/rss+xml" title="Tin mới" href="/rss/tin-moi.rss">\n'
            f'{head}</head>\n<body>\n{self.header(active)}<div class="container">\n'
            f'<main class="main">\n{body}</main>\n{side}</div>\n{self.footer()}</body>\n</html>\n')

    def other_news(self, a):
        """"Tin khác": the five previous visible articles of the same listing."""
        pool = self.in_listing.get(a.listing, [])
        older = [o for o in pool if o.published < a.published][:5]
        return [(o, self.links.href(o, "other-news")) for o in older]

    def related(self, a):
        out = []
        for rid, form in a.related:
            r = self.by_id.get(rid) or self.any_by_id[rid]
            if rid in self.by_id:
                # A hand-made box keeps the URL it was made with: an edited article's old slug.
                href = self.links.href(r, "related", "oldslug" if r.old_slugs else form)
            else:  # removed in this edition: the hand-made box still links it (stale)
                href = r.path
            out.append((r, href))
        return out

    # -- article templates ----------------------------------------------------------------
    def render_article(self, a):
        page = {"legacy": self.legacy_article, "og": self.og_article,
                "jsonld": self.jsonld_article}[a.template](a)
        if "nfd" in a.traps:
            page = unicodedata.normalize("NFD", page)
        return page

    def _surface(self, a, text, role, index=0):
        """Text as the page stores it: per-article whitespace traps (gold never has them)."""
        if "feff-nbsp" in a.traps:
            if role == "lead":
                text = text.replace(" ", "\u00a0", 2)
            elif role == "p" and index == 0:
                text = "\ufeff" + text
            elif role == "p" and index == 1:
                text = text + "\u00a0"
        return text

    def visible_date(self, a):
        p = a.published
        wd = WEEKDAYS[p.weekday()]
        form = a.date_form
        if form == "cap-nhat":
            return f"Cập nhật {p:%H:%M} {dmy(p)}"
        if form == "cap-nhat-gmt":
            return f"Cập nhật: {p:%H:%M} GMT+7, {wd.split()[0]} {wd.split()[1].lower()}, {p.day}/{p.month}/{p.year}"
        if form == "weekday-time":
            if "wrong-weekday" in a.traps:
                wd = WEEKDAYS[(p.weekday() + 6) % 7]  # the page's weekday is off by one
            return f"{wd}, {dmy(p)} {p:%H:%M}"
        if form == "sa-ch":
            h12 = p.hour % 12 or 12
            return f"{p.day}/{p.month}/{p.year} {h12}:{p:%M}:00 {'SA' if p.hour < 12 else 'CH'}"
        if form == "luc-h":
            return f"Đăng lúc {p.hour}h{p:%M} ngày {p.day}/{p.month}/{p.year}"
        if form.startswith("meta-"):
            return f"{wd}, {dmy(p)} - {p:%H:%M}"
        if form == "jsonld":
            return f"{wd}, {dmy(p)} - {p:%H:%M}"
        return None

    def legacy_article(self, a):
        esc = entity_escape if "entities" in a.traps else E
        tag = "div" if "div-paragraphs" in a.traps else "p"
        spacer = f"<{tag}>&nbsp;</{tag}>\n" if "empty-paragraphs" in a.traps else ""

        def image_html(img):
            src = E(img.url)
            if img.style == "table" or not img.caption:
                cap = (f'<tr><td class="caption" style="text-align:center">{esc(img.caption)}</td></tr>'
                       if img.caption else "")
                return (f'<table class="image" align="center" cellpadding="3"><tr><td>'
                        f'<img src="{src}" alt="" border="0" width="500"></td></tr>{cap}</table>\n')
            return (f'<p style="text-align: center;"><img src="{src}" alt="" width="500"></p>\n'
                    f'<p style="text-align: center;"><em>{esc(img.caption)}</em></p>\n')

        content = []
        images = list(a.images)
        if images:
            content.append(image_html(images.pop(0)))
        content.append(f'<{tag} style="text-align: justify;"><strong>{esc(self._surface(a, a.lead, "lead"))}</strong></{tag}>\n')
        last = len(a.paragraphs) - 1
        for i, p in enumerate(a.paragraphs):
            # An organisation on the last line is printed like a byline, yet is body text.
            align = "right" if i == last and "org-last-line" in a.traps else "justify"
            content.append(spacer if i == 1 else "")
            content.append(f'<{tag} style="text-align: {align};">{esc(self._surface(a, p, "p", i))}</{tag}>\n')
            if images and i in (0, 2):
                content.append(image_html(images.pop(0)))
        content += [image_html(img) for img in images]
        if a.byline.text:
            content.append(f'<{tag} style="text-align: right;"><strong>{esc(a.byline.text)}</strong></{tag}>\n')

        date_text = self.visible_date(a)
        date_row = (f'<tr><td class="DateNews"><span id="ctl00_ContentPlaceHolder1_lblDate">{E(date_text)}</span></td></tr>\n'
                    if date_text else "")
        crumbs = self._crumbs(a)
        related = self.related(a)
        related_html = ""
        if related:
            rows = "".join(f'<tr><td class="related-item">&#187; <a href="{E(h)}">{E(r.title)}</a></td></tr>'
                           for r, h in related)
            related_html = f'<tr><td class="title-related">Tin liên quan</td></tr>{rows}\n'
        others = "".join(f'<tr><td class="other-item">&#187; <a href="{E(h)}">{E(o.title)}</a> '
                         f'<span class="date">({o.published:%d/%m/%Y})</span></td></tr>'
                         for o, h in self.other_news(a))
        menu = "".join(f'<td class="menu-item"><a href="{h}">{E(l)}</a></td>' for h, l in MENU)
        return (
            '<html>\n<head>\n'
            f'<title>Cổng TTĐT Đảng bộ TP.HCM - {E(a.title)}</title>\n'
            '<link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet">\n'
            '<script type="text/javascript" src="/Scripts/common.js"></script>\n</head>\n'
            '<body leftmargin="0" topmargin="0">\n'
            f'<form name="aspnetForm" method="post" action="./{E(a.slug)}-{a.id}" id="aspnetForm">\n'
            f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1{a.id % 99991:05d}ZGQ=">\n'
            '<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">\n'
            f'<tr><td class="header-date">{E(viewing_text(self.viewed))}</td></tr>\n'
            f'<tr><td><a href="/"><img src="{IMAGES}/res/logo/banner.jpg" border="0" alt=""></a></td></tr>\n'
            f'<tr><td><table class="menu"><tr>{menu}</tr></table></td></tr>\n'
            '<tr><td valign="top">\n<table width="100%" border="0" cellspacing="0" cellpadding="4">\n'
            f'<tr><td class="breadcrumb">{crumbs}</td></tr>\n'
            f'<tr><td class="TitleNews"><span id="ctl00_ContentPlaceHolder1_lblTitle">{E(a.title)}</span></td></tr>\n'
            f'{date_row}'
            f'<tr><td id="ctl00_ContentPlaceHolder1_divContent" class="ContentNews">\n{"".join(content)}</td></tr>\n'
            f'<tr><td class="tools"><a href="/in-bai/{E(a.slug)}-{a.id}">In bài</a> | '
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={quote(CANONICAL_HOST + a.path, safe="")}">Chia sẻ</a> | '
            f'Từ khóa: {self._tags(a)}</td></tr>\n'
            f'{related_html}'
            '<tr><td class="title-comment">Ý kiến bạn đọc</td></tr>\n'
            '<tr><td class="comment-form">Họ tên: <input type="text" name="txtName"> Email: <input type="text" name="txtEmail"><br>'
            '<textarea name="txtComment"></textarea><br>Mã xác nhận: <img src="/Captcha.ashx" alt=""> '
            '<a href="javascript:void(0)">refresh</a> <input type="submit" value="Gửi"></td></tr>\n'
            '<tr><td class="comment-count">Tổng lượt bình luận: 0</td></tr>\n'
            f'<tr><td class="title-other">Tin khác</td></tr>{others}\n'
            f'<tr><td class="notice">{self.notices_box()}</td></tr>\n'
            '</table>\n</td></tr>\n'
            f'<tr><td class="footer">{E(SITE_NAME)}</td></tr>\n'
            '</table>\n</form>\n</body>\n</html>\n')

    def _crumbs(self, a):
        if a.category == DOCUMENTS_CATEGORY:
            return f'<a href="/">Trang chủ</a> &#187; <a href="/tu-lieu">{E(DOCUMENTS_CATEGORY)}</a>'
        return f'<a href="/">Trang chủ</a> &#187; <a href="/{a.listing}">{E(a.category)}</a>'

    def _tags(self, a):
        return ", ".join(f'<a href="/tim-kiem?tag={quote(slugify(k))}">{E(k)}</a>' for k in a.keywords)

    def _figure(self, a, img):
        cap = f"<figcaption>{E(self._surface(a, img.caption, 'caption'))}</figcaption>" if img.caption else ""
        return f'<figure class="image"><img src="{E(img.url)}" alt="{E(img.caption or "")}">{cap}</figure>\n'

    def _body_html(self, a, byline_in_body):
        parts, images = [], list(a.images)
        if images:
            parts.append(self._figure(a, images.pop(0)))
        for i, p in enumerate(a.paragraphs):
            text = E(self._surface(a, p, "p", i))
            parts.append(f"<p><strong>{text}</strong></p>\n" if i in a.subheads else f"<p>{text}</p>\n")
            if images and i in (1, 3):
                parts.append(self._figure(a, images.pop(0)))
        parts += [self._figure(a, img) for img in images]
        if byline_in_body and a.byline.text:
            parts.append(f'<p style="text-align: right;"><strong>{E(a.byline.text)}</strong></p>\n')
        return "".join(parts)

    def _after_article(self, a):
        related = self.related(a)
        rel = ""
        if related:
            rel = ('<div class="related-news"><h3>Tin liên quan</h3><ul>'
                   + "".join(f'<li><a href="{E(h)}">{E(r.title)}</a></li>' for r, h in related)
                   + "</ul></div>\n")
        others = "".join(f'<li><a href="{E(h)}">{E(o.title)}</a> <span class="time">{o.published:%d/%m/%Y}</span></li>'
                         for o, h in self.other_news(a))
        share = quote(CANONICAL_HOST + a.path, safe="")
        return (
            f'<div class="tags">Từ khóa: {self._tags(a)}</div>\n'
            '<div class="share-tools"><span>Chia sẻ:</span> '
            f'<a class="fb" href="https://www.facebook.com/sharer/sharer.php?u={share}">Facebook</a> '
            f'<a class="zalo" href="https://sp.zalo.me/share_inline?url={share}">Zalo</a> '
            f'<a class="print" href="/in-bai/{E(a.slug)}-{a.id}">In bài</a> '
            '<a class="mail" href="mailto:?subject=Tin%20hay">Gửi email</a></div>\n'
            f'{rel}'
            '<div class="comments" id="binh-luan"><h3>Ý kiến bạn đọc</h3>'
            '<form class="comment-form"><input name="name" placeholder="Họ tên"><input name="email" placeholder="Email">'
            '<textarea name="content"></textarea><img src="/captcha" alt=""><a href="#" class="refresh">refresh</a>'
            '<button type="button">Gửi bình luận</button></form>'
            '<p class="count">Tổng lượt bình luận: <span>0</span></p></div>\n'
            f'<div class="other-news"><h3>Tin khác</h3><ul>{others}</ul></div>\n')

    def _og_head(self, a, date_value):
        desc = E(a.lead[len(LEAD_CREDIT):])
        self.links.record(a, CANONICAL_HOST + a.path)
        image = f'<meta property="og:image" content="{E(a.images[0].url)}">\n' if a.images else ""
        return (
            f'<meta name="description" content="{desc}">\n'
            '<meta name="author" content="Cổng TTĐT Đảng bộ TP.HCM">\n'
            '<meta property="og:site_name" content="Thanhuytphcm.vn">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{E(a.title)}">\n'
            f'<meta property="og:description" content="{desc}">\n{image}'
            f'<meta property="og:url" content="{CANONICAL_HOST}{a.path}">\n'
            f'<link rel="canonical" href="{CANONICAL_HOST}{a.path}">\n'
            f'{date_value}'
            f'<meta property="article:section" content="{E(a.category)}">\n')

    def og_article(self, a):
        p = a.published
        meta = {
            "meta-zone": p.isoformat(),
            "meta-nozone": p.replace(tzinfo=None).isoformat(),
            "meta-entity": p.replace(tzinfo=None).isoformat() + "&#x2B;07:00",
            "meta-utc": p.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }[a.date_form]
        date_meta = f'<meta property="article:published_time" content="{meta}">\n'
        if a.modified != a.published:
            date_meta += f'<meta property="article:modified_time" content="{a.modified.isoformat()}">\n'
        body = (
            f'<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/{a.listing}">{E(a.category)}</a></li></ol>\n'
            '<div class="article-detail">\n'
            f'<h1 class="article-title">{E(a.title)}</h1>\n'
            f'<div class="article-meta"><span class="date">{E(self.visible_date(a))}</span></div>\n'
            f'<div class="article-sapo"><strong>{E(self._surface(a, a.lead, "lead"))}</strong></div>\n'
            f'<div class="article-content">\n{self._body_html(a, byline_in_body=True)}</div>\n'
            f'{self._after_article(a)}</div>\n')
        return self.page(f"{a.title} - Cổng TTĐT Đảng bộ TP.HCM", body,
                         head=self._og_head(a, date_meta), active="/" + a.listing)

    def jsonld_article(self, a):
        authors = [{"@type": "Person", "name": n} for n in a.byline.authors]
        ld = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": CANONICAL_HOST + a.path},
            "headline": a.title, "description": a.lead[len(LEAD_CREDIT):],
            "image": [i.url for i in a.images],
            "datePublished": a.published.isoformat(), "dateModified": a.modified.isoformat(),
            "articleSection": a.category, "inLanguage": "vi",
            "publisher": {"@type": "Organization", "name": "Cổng TTĐT Đảng bộ TP.HCM",
                          "logo": {"@type": "ImageObject", "url": f"{IMAGES}/res/logo/logo-dang-bo.png"}},
        }
        if authors:
            ld["author"] = authors if len(authors) > 1 else authors[0]
        elif a.byline.source:
            ld["author"] = {"@type": "Organization", "name": a.byline.source}
        crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": CANONICAL_HOST + "/"},
            {"@type": "ListItem", "position": 2, "name": a.category,
             "item": f"{CANONICAL_HOST}/{a.listing}"}]}

        def script(obj):
            text = json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")
            return f'<script type="application/ld+json">{text}</script>\n'

        head = self._og_head(a, "") + script(crumbs) + script(ld)
        byline = (f'<div class="article-author">{E(a.byline.text)}</div>\n' if a.byline.text else "")
        body = (
            '<article class="news-detail">\n'
            f'<nav class="crumbs"><a href="/">Trang chủ</a> / <a href="/{a.listing}">{E(a.category)}</a></nav>\n'
            f'<h1>{E(a.title)}</h1>\n'
            f'<time class="published" datetime="{a.published.isoformat()}">{E(self.visible_date(a))}</time>\n'
            f'<p class="lead">{E(self._surface(a, a.lead, "lead"))}</p>\n'
            f'<div class="news-content">\n{self._body_html(a, byline_in_body=False)}</div>\n'
            f'{byline}</article>\n{self._after_article(a)}')
        return self.page(f"{a.title} | Thành ủy TP.HCM", body, head=head, active="/" + a.listing)

    def print_page(self, a):
        paras = "".join(f"<p>{E(p)}</p>\n" for p in a.paragraphs)
        return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>In bài: {E(a.title)}</title>'
                '<meta name="robots" content="noindex"></head>\n<body onload="window.print()">\n'
                f'<h1>{E(a.title)}</h1>\n<p><b>{E(a.lead)}</b></p>\n{paras}'
                f'<p>{E(a.byline.text or "")}</p>\n</body></html>\n')

    # -- listings -------------------------------------------------------------------------
    def story(self, a, context, with_comments=False):
        href = self.links.href(a, context)
        thumb = a.images[0].url if a.images else f"{IMAGES}/res/no-image.jpg"
        when = (f'<span class="time">{a.published:%d/%m/%Y %H:%M}</span>'
                if a.published_at and "T" in a.published_at else "")
        comments = (f' <a class="comments" href="{E(self.links.href(a, context, "fragment"))}">Bình luận</a>'
                    if with_comments else "")
        return (f'<div class="story"><a class="thumb" href="{E(href)}"><img src="{E(thumb)}" alt=""></a>'
                f'<h3 class="story-title"><a href="{E(href)}">{E(a.title)}</a></h3>'
                f'<div class="story-meta">{when}{comments}</div>'
                f'<p class="story-sapo">{E(a.lead[len(LEAD_CREDIT):])}</p></div>\n')

    def paged(self, listing):
        """The listing with its page size for this edition (grown so that no listing has more
        than 20 pages), its items and its page count."""
        items = self.in_listing[listing.slug]
        size = max(listing.page_size, -(-len(items) // 20))
        return dataclasses.replace(listing, page_size=size), items, max(1, -(-len(items) // size))

    def listing_pages(self, listing):
        """Yield (url, aliases, html) for every page of a listing."""
        sized, items, pages = self.paged(listing)
        size = sized.page_size
        for n in range(1, pages + 1):
            chunk = items[(n - 1) * size:n * size]
            context = "listing"
            stories = "".join(self.story(a, context, with_comments=listing.slug == "thoi-su")
                              for a in chunk)
            if listing.slug == "thoi-su" and n == 1:
                stories += (f'<div class="story"><h3 class="story-title"><a href="{self.u.dead_link}">'
                            'Thông báo lịch tiếp công dân của Thường trực Thành ủy</a></h3></div>\n')
            head = ""
            if n < pages and listing.style == "more-rel-next":
                head += f'<link rel="next" href="{E(sized.page_url(n + 1))}">\n'
            if n > 1 and listing.style == "more-rel-next":
                head += f'<link rel="prev" href="{E(sized.page_url(n - 1))}">\n'
            crumbs = (f'<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
                      + ('<li><a href="/tu-lieu">Tư liệu</a></li>' if listing.slug.startswith("tu-lieu/") else "")
                      + f'<li>{E(listing.label)}</li></ol>\n')
            body = (f'{crumbs}<h1 class="category-title">{E(listing.label)}</h1>\n'
                    f'<div class="category-list">\n{stories}</div>\n{self.pagination(sized, n, pages)}')
            title = f"{listing.label} - Trang {n}" if n > 1 else listing.label
            active = "/" + listing.slug.split("/")[0]
            yield (sized.page_url(n), sized.aliases(n),
                   self.page(f"{title} - Cổng TTĐT Đảng bộ TP.HCM", body, head=head, active=active))

    @staticmethod
    def pagination(listing, n, pages):
        if pages == 1:
            return ""
        url = listing.page_url
        style = listing.style
        links = []
        if style == "query-page":
            for k in range(1, pages + 1):
                target = f"/{listing.slug}?page=1" if k == 1 else url(k)
                links.append(f'<span class="current">{k}</span>' if k == n else f'<a href="{E(target)}">{k}</a>')
            if n < pages:
                links.append(f'<a class="next" href="{E(url(n + 1))}">›</a>')
        elif style in ("path-trang", "offset"):
            lo, hi = max(1, n - 2), min(pages, n + 2)
            if style == "offset" and n > 1:
                links.append(f'<a href="/{listing.slug}?start=0">Đầu</a>')
            for k in range(lo, hi + 1):
                links.append(f'<span class="current">{k}</span>' if k == n else f'<a href="{E(url(k))}">{k}</a>')
            if n < pages:
                links.append(f'<a class="next" href="{E(url(n + 1))}">Trang sau »</a>' if style == "path-trang"
                             else f'<a href="{E(url(pages))}">Cuối</a>')
        elif style == "more-rel-next":
            if n < pages:
                links.append(f'<a class="view-more" rel="next" href="{E(url(n + 1))}">Xem thêm</a>')
        elif style == "prev-next":
            if n > 1:
                links.append(f'<a class="prev" href="{E(url(n - 1))}">« Trang trước</a>')
            if n < pages:
                links.append(f'<a class="next" href="{E(url(n + 1))}">Trang sau »</a>')
        return f'<div class="paging">{" ".join(links)}</div>\n'

    def home(self):
        top, latest = self.visible[0], self.visible[1:11]
        blocks = []
        for c in CATEGORIES:
            items = "".join(f'<li><a href="{E(self.links.href(a, "home"))}">{E(a.title)}</a></li>'
                            for a in self.in_listing[c.slug][:3])
            blocks.append(f'<section class="home-category"><h2><a href="/{c.slug}">{E(c.label)}</a></h2>'
                          f'<ul>{items}</ul><a class="more" href="/{c.slug}">Xem thêm</a></section>\n')
        docs = "".join(f'<li><a href="{E(self.links.href(d, "home"))}">{E(d.title)}</a></li>'
                       for d in sorted(self.documents, key=lambda d: d.published, reverse=True)[:4])
        sub = self.sub_site_pick
        body = (
            f'<section class="featured">{self.story(top, "home")}</section>\n'
            '<section class="latest"><h2>Tin mới</h2>\n'
            + "".join(self.story(a, "home") for a in latest)
            + '</section>\n' + "".join(blocks)
            + f'<section class="home-docs"><h2><a href="/tu-lieu">Tư liệu</a></h2><ul>{docs}</ul></section>\n'
            '<section class="sub-sites"><h2>Chuyên trang</h2><ul>'
            f'<li><a href="{E(self.links.href(sub, "sub-site", "stxdd"))}">{E(sub.title)}</a></li>'
            '<li><a href="https://icpv.thanhuytphcm.vn/">Hệ thống điều hành tác nghiệp</a></li></ul></section>\n')
        return self.page(SITE_NAME, body, active="/")

    def documents_index(self):
        items = "".join(f'<li><a href="/{c.slug}">{E(c.label)}</a> ({len(self.in_listing[c.slug])} tư liệu)</li>'
                        for c in COLLECTIONS)
        body = (f'<h1 class="category-title">{E(DOCUMENTS_CATEGORY)}</h1>\n'
                f'<ul class="collections">{items}</ul>\n')
        return self.page(f"{DOCUMENTS_CATEGORY} - Cổng TTĐT Đảng bộ TP.HCM", body, active="/tu-lieu")

    def simple_page(self, title, text):
        return self.page(title, f"<h1>{E(title)}</h1>\n<p>{E(text)}</p>\n", sidebar=False)

    def search_page(self):
        body = ('<h1>Tìm kiếm</h1>\n<form action="/tim-kiem" method="get"><input name="q"></form>\n'
                '<p>Kết quả tìm kiếm được tạo khi truy vấn; trang này không nằm trong phạm vi lưu trữ.</p>\n')
        return self.page("Tìm kiếm", body, sidebar=False)

    def error_page(self, status):
        text = {404: "Không tìm thấy trang bạn yêu cầu.",
                410: "Bài viết này đã được gỡ bỏ.",
                500: "Server Error in '/' Application. Runtime Error."}[status]
        return self.page(f"Lỗi {status}", f"<h1>Lỗi {status}</h1>\n<p>{E(text)}</p>\n", sidebar=False)

    # -- robots, sitemaps, feeds ----------------------------------------------------------
    def robots(self):
        lines = ["# Cổng TTĐT Đảng bộ TP.HCM (bản sao kiểm thử)", "User-agent: *"]
        lines += [f"Disallow: {p}" for p in ROBOTS_DISALLOWED]
        lines += ["", "User-agent: BadBot", "Disallow: /", "",
                  f"Sitemap: {ORIGIN_PLACEHOLDER}/sitemap.xml", ""]
        return "\n".join(lines)

    def sitemap_index(self):
        maps = ("/sitemaps/tin-tuc.xml", "/sitemaps/tu-lieu.xml", "/sitemaps/chuyen-muc.xml")
        entries = "".join(f"<sitemap><loc>{ORIGIN_PLACEHOLDER}{m}</loc>"
                          f"<lastmod>{self.viewed.date().isoformat()}</lastmod></sitemap>\n" for m in maps)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n')

    def urlset(self, entries):
        body = "".join(f"<url><loc>{ORIGIN_PLACEHOLDER}{E(path)}</loc><lastmod>{lastmod}</lastmod></url>\n"
                       for path, lastmod in entries)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n')

    def news_sitemap(self):
        hidden = self.by_id[self.u.roles["only-sitemap"]]
        chosen = sorted(self.visible[:30] + [hidden], key=lambda a: a.published, reverse=True)
        return self.urlset((self.links.href(a, "sitemap"), a.modified.isoformat()) for a in chosen)

    def documents_sitemap(self):
        return self.urlset((self.links.href(d, "sitemap"), d.modified.isoformat()) for d in self.documents)

    def listings_sitemap(self):
        day = self.viewed.date().isoformat()
        return self.urlset([("/", day), ("/tu-lieu", day)] + [("/" + c.slug, day) for c in CATEGORIES + COLLECTIONS])

    def feed(self):
        hidden = self.by_id[self.u.roles["only-feed"]]
        chosen = sorted(self.visible[:15] + [hidden], key=lambda a: a.published, reverse=True)
        items = []
        for a in chosen:
            link = ORIGIN_PLACEHOLDER + self.links.href(a, "feed")
            pub = format_datetime(a.published)
            items.append(f"<item><title>{E(a.title)}</title><link>{E(link)}</link>"
                         f'<guid isPermaLink="true">{E(link)}</guid><pubDate>{pub}</pubDate>'
                         f"<category>{E(a.category)}</category>"
                         f"<description>{E(a.lead)}</description></item>\n")
        return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n<channel>\n'
                f"<title>Thanhuytphcm.vn - Tin mới</title><link>{ORIGIN_PLACEHOLDER}/</link>\n"
                f"<description>{E(SITE_NAME)}</description><language>vi</language>\n"
                f"<lastBuildDate>{format_datetime(self.viewed)}</lastBuildDate>\n"
                f"{''.join(items)}</channel>\n</rss>\n")

    def feeds_page(self):
        body = ('<h1>RSS</h1>\n<ul><li><a href="/rss/tin-moi.rss">Tin mới</a></li></ul>\n')
        return self.page("RSS - Cổng TTĐT Đảng bộ TP.HCM", body, sidebar=False)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
class Writer:
    """Writes files under ``site/`` and records the manifest routes that serve them."""

    def __init__(self, out, viewed):
        self.out = out
        self.site = out / "site"
        self.routes, self.tables = {}, {"articles": {}, "prints": {}}
        self.last_modified = viewed.isoformat()

    def file(self, rel, text):
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return f"site/{rel}"

    def route(self, url, rel, text, ctype=HTML, **extra):
        entry = {"file": self.file(rel, text), "type": ctype, "last_modified": self.last_modified}
        entry.update(extra)
        self.routes[route_key(url)] = entry
        return entry


def _file_name(url):
    name = url.strip("/").replace("/", "__").replace("?", "@").replace("=", "-").replace("&", "+")
    return (name or "index") + ".html"


def write_edition(u, edition, out):
    """Render one edition into ``out`` and return (manifest, gold)."""
    site = Site(u, edition)
    w = Writer(out, site.viewed)
    roles = u.roles

    # Articles first: their related/other-news boxes feed the link book.
    for a in site.news + site.documents:
        table_entry = {
            "file": w.file(f"{a.section}/{a.id}.html", site.render_article(a)),
            "type": "text/html" if "no-charset" in a.traps else HTML,
            "prefix": "/" + a.section.split("/")[0] + "/",
            "etag": f'W/"{a.content_hash()}"',
            "last_modified": a.modified.isoformat(),
        }
        if a.id == roles["flaky"]:
            table_entry["fail_first"] = 1
        if a.id == roles["slow"]:
            table_entry["delay"] = 1.0
        w.tables["articles"][str(a.id)] = table_entry
        w.tables["prints"][str(a.id)] = {
            "file": w.file(f"in-bai/{a.id}.html", site.print_page(a)), "type": HTML,
            "prefix": "/in-bai/", "last_modified": a.modified.isoformat()}
    for aid, status in site.gone.items():
        section = site.any_by_id[aid].section
        w.tables["articles"][str(aid)] = {"status": status, "prefix": "/" + section.split("/")[0] + "/"}

    w.route("/", "index.html", site.home(), any_query=True)
    for listing in CATEGORIES + COLLECTIONS:
        for url, aliases, page in site.listing_pages(listing):
            entry = w.route(url, _file_name(url), page)
            for alias in aliases:
                w.routes[route_key(alias)] = entry
    w.route("/tu-lieu", "tu-lieu.html", site.documents_index())
    w.route("/gioi-thieu", "gioi-thieu.html", site.simple_page(
        "Giới thiệu", "Cổng Thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh (bản sao kiểm thử)."))
    w.route("/lien-he", "lien-he.html", site.simple_page("Liên hệ", "Ban biên tập: 127 Trương Định, Quận 3."))
    w.route("/tim-kiem", "tim-kiem.html", site.search_page(), any_query=True)
    w.route("/rss", "rss.html", site.feeds_page())
    w.route("/css/site.css", "css/site.css", "body{font-family:Arial,sans-serif}\n", "text/css; charset=utf-8")

    target = site.by_id[roles["redirect-target"]]
    redirect_from = f"/Portal/Detail.aspx?NewsID={target.id}"
    w.routes[route_key(redirect_from)] = {"status": 301, "location": target.path}

    w.route("/robots.txt", "robots.txt", site.robots(), "text/plain; charset=utf-8", origin=True)
    xml = "application/xml; charset=utf-8"
    w.route("/sitemap.xml", "sitemap.xml", site.sitemap_index(), xml, origin=True)
    w.route("/sitemaps/tin-tuc.xml", "sitemaps/tin-tuc.xml", site.news_sitemap(), xml, origin=True)
    w.route("/sitemaps/tu-lieu.xml", "sitemaps/tu-lieu.xml", site.documents_sitemap(), xml, origin=True)
    w.route("/sitemaps/chuyen-muc.xml", "sitemaps/chuyen-muc.xml", site.listings_sitemap(), xml, origin=True)
    w.route("/rss/tin-moi.rss", "rss/tin-moi.rss", site.feed(), "application/rss+xml; charset=utf-8",
            origin=True)
    error_pages = {str(s): w.file(f"errors/{s}.html", site.error_page(s)) for s in (404, 410, 500)}

    manifest = {
        "format": 1,
        "edition": edition,
        "seed": u.seed,
        "origin_placeholder": ORIGIN_PLACEHOLDER,
        "tracking_params": sorted(TRACKING_PARAMS),
        "routes": dict(sorted(w.routes.items())),
        "id_routes": [
            {"pattern": r"^/(?:tin-tuc|tu-lieu/[^/]+)/(?:[^/]*-)?(?P<id>\d{9,10})$", "table": "articles"},
            {"pattern": r"^/in-bai/(?:[^/]*-)?(?P<id>\d{9,10})$", "table": "prints"},
        ],
        "tables": w.tables,
        "error_pages": error_pages,
    }
    gold = _gold(site, redirect_from, edition)
    return manifest, gold


def _gold(site, redirect_from, edition):
    u, roles, links = site.u, site.u.roles, site.links
    target = site.by_id[roles["redirect-target"]]
    links.record(target, redirect_from, "redirect")
    records = []
    for a in sorted(site.news + site.documents, key=lambda a: a.id):
        records.append({
            "id": a.id,
            "path": a.path,
            "urls": sorted(links.urls.get(a.id, ())),
            "template": a.template,
            "title": clean_text(a.title),
            "lead": clean_text(a.lead),
            "body": "\n\n".join(clean_text(p) for p in a.paragraphs),
            "published_at": a.published_at,
            "authors": list(a.byline.authors),
            "source": a.byline.source,
            "category": a.category,
            "images": [i.url for i in a.images],
            "captions": [clean_text(i.caption) for i in a.images if i.caption],
            # Not extractor output; context for whoever reads a failing comparison.
            "section": a.section.split("/")[0],
            "byline_text": a.byline.text,
            "byline_kind": a.byline.kind,
            "date_evidence": a.date_form,
            "modified_at": a.modified.isoformat(),
            "reachable_via": sorted(links.via.get(a.id, ())),
            "hidden": a.hidden,
            "traps": sorted(a.traps),
            "etag": f'W/"{a.content_hash()}"',
            "edition_added": a.edition_added,
        })
    newest = site.visible[0]
    disallowed_linked = [f"/in-bai/{newest.slug}-{newest.id}",
                         f"/tim-kiem?tag={quote(slugify(newest.keywords[0]))}"]
    gold = {
        "format": 1,
        "edition": edition,
        "seed": u.seed,
        "viewed_at": site.viewed.isoformat(),
        "header_date_text": viewing_text(site.viewed),
        "normalisation": "title, lead, body paragraphs and captions: NFC, U+FEFF/U+200B removed, "
                         "every whitespace run (NBSP included) one space, stripped; body "
                         "paragraphs joined by a blank line; tone placement and typos kept as "
                         "published",
        "expected_article_ids": [r["id"] for r in records],
        "articles": records,
        "robots_disallowed": ROBOTS_DISALLOWED,
        "robots_disallowed_linked": disallowed_linked,
        "sitemaps": ["/sitemap.xml", "/sitemaps/tin-tuc.xml", "/sitemaps/tu-lieu.xml",
                     "/sitemaps/chuyen-muc.xml"],
        "feeds": ["/rss/tin-moi.rss"],
        "roles": {k: v for k, v in sorted(roles.items())},
        "faults": {
            "flaky": {"path": site.by_id[roles["flaky"]].path, "fail_first": 1, "status": 500},
            "slow": {"path": site.by_id[roles["slow"]].path, "delay_seconds": 1.0},
            "redirect": {"from": redirect_from, "to": target.path, "status": 301},
            "not_found": [u.dead_link],
            "no_charset": {"path": site.by_id[roles["no-charset"]].path, "content_type": "text/html"},
        },
        "listings": {
            c.slug: {"label": c.label, "pagination": c.style,
                     "pages": _page_urls(*site.paged(c))}
            for c in CATEGORIES + COLLECTIONS
        },
    }
    if edition == 2:
        gold["changes"] = {
            "edited": [aid for aid in u.edited],
            "removed": {str(aid): st for aid, st in sorted(u.removed.items())},
            "removed_paths": {str(aid): site.any_by_id[aid].path for aid in sorted(u.removed)},
            "added": [a.id for a in u.articles if a.edition_added == 2],
        }
    return gold


def _page_urls(listing, items, pages):
    return [listing.page_url(n) for n in range(1, pages + 1)]


def generate_mirror(out_dir, articles=72, seed=20241115, edition=1):
    """Write the mirror of ``edition`` (1 or 2) into ``out_dir`` and return it as a Path.

    Deterministic: the same (articles, seed, edition) gives byte-identical files. A previous
    mirror in ``out_dir`` is replaced; other files there are left alone.
    """
    if edition not in EDITION_VIEWED:
        raise ValueError(f"edition must be one of {sorted(EDITION_VIEWED)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "manifest.json").exists() and (out / "site").is_dir():
        shutil.rmtree(out / "site")
    universe = build_universe(seed, articles)
    manifest, gold = write_edition(universe, edition, out)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m thanhuy_archive.mirror.generate",
                                     description="Write a static mirror of the portal with gold.json.")
    parser.add_argument("out", help="output directory")
    parser.add_argument("--articles", type=int, default=72)
    parser.add_argument("--edition", type=int, default=1, choices=sorted(EDITION_VIEWED))
    parser.add_argument("--seed", type=int, default=20241115)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    out = generate_mirror(args.out, articles=args.articles, seed=args.seed, edition=args.edition)
    gold = json.loads((out / "gold.json").read_text("utf-8"))
    print(f"Wrote edition {args.edition}: {len(gold['articles'])} articles to {out} "
          f"in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
