"""Everything this project knows about the portal, in one place.

The live site could not be reached when this was written and its markup is unknown
(see the README's "What we know about the site"). Each fact below is marked:

* CONFIRMED - seen in public sources (URLs, hosts, image names);
* GIVEN     - from a text dump of one real article page;
* GUESS     - no evidence; a maintainer should check it against one live page and correct it here.

Parsers and the spider read these constants; nothing else in the code base hard-codes the site.
"""

import re
from datetime import timedelta, timezone

# CONFIRMED: one portal under two names; the same article id appears under both.
PORTAL_HOSTS = frozenset(
    {
        "www.thanhuytphcm.vn",
        "thanhuytphcm.vn",
        "www.hcmcpv.org.vn",
        "hcmcpv.org.vn",
        # CONFIRMED: a news sub-site with the same URL scheme and id range.
        "stxdd.thanhuytphcm.vn",
    }
)
# CONFIRMED: a task-management web app, not news. Never crawled.
OUT_OF_SCOPE_HOSTS = frozenset({"icpv.thanhuytphcm.vn"})
# CONFIRMED: images and attachments for every host above. Recorded, not crawled.
MEDIA_HOST = "images.hcmcpv.org.vn"

HOME_URL = "https://www.thanhuytphcm.vn/"

# CONFIRMED: the portal is in Ho Chi Minh City: one zone, +07:00, no daylight saving. A time
# printed without a zone is Vietnam time; the archive's own clock is kept in it too.
VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")

# GUESS: the portal's name as a citation gives it (its pages' <title> or og:site_name will say;
# correct it after one look at a live page). Also one of SITE_NAMES below.
PORTAL_NAME = "Cổng thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh"

# Names that mean the portal itself when a `meta name=author`, og:site_name or a byline holds
# them: never an author. Host names CONFIRMED; the display names are a GUESS.
SITE_NAMES = (
    "thanhuytphcm.vn",
    "hcmcpv.org.vn",
    "Thành ủy TP.HCM",
    "Thành ủy TPHCM",
    "Thành ủy Thành phố Hồ Chí Minh",
    "Đảng bộ Thành phố Hồ Chí Minh",
    PORTAL_NAME,
)

# GUESS: the legacy layout era is ASP.NET WebForms (table layout); its pages carry this field.
LEGACY_LAYOUT_MARKER = "__VIEWSTATE"

# GUESS: the years each layout era served (first, last; None: still serving). An era is
# recognised by evidence on the page (crawler/parsers/thanhuytphcm.py); these years only
# decide for a page that shows no era's evidence, from the year it was fetched.
LAYOUT_ERA_YEARS = {"v1-aspnet": (2008, 2019), "v2-opengraph": (2019, 2022),
                    "v3-jsonld": (2022, None)}

# CONFIRMED: /tin-tuc/<slug>-<id> and /tu-lieu/<category-slug>/<slug>-<id>; the id has 9-10
# digits and is the article's identity whatever the host, slug (which may be empty, start with
# a hyphen or glue words together), query or fragment.
ARTICLE_PATH_RE = re.compile(
    r"^/(?P<section>tin-tuc|tu-lieu/[^/?#]+)/(?:(?P<slug>[^/?#]*)-)?(?P<id>\d{9,10})/?$"
)

# CONFIRMED: res/news/<YYYY>/<MM>/<DD-MM-YYYY>-<slug>-<HEX>[-details].jpg. The DD-MM-YYYY is the
# upload day; it agreed with the ?vs= stamp in every sample, so it is a fallback publication
# DAY. The vs= hour looks 12-hour: never take a time of day from it.
IMAGE_UPLOAD_DAY_RE = re.compile(
    r"/res/news/(?P<y>\d{4})/(?P<m>\d{2})/(?P<dd>\d{2})-(?P<mm>\d{2})-(?P<yyyy>\d{4})-",
    re.IGNORECASE,
)

# GIVEN: the header prints the date of *viewing* above the title ("Chủ Nhật, ngày 26 tháng 5
# năm 2019"). It is never the publication date.
VIEWING_DATE_RE = re.compile(
    r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)\s*,?\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}",
    re.IGNORECASE,
)

# GIVEN: page furniture that follows the article on the real page. A block whose text starts
# with one of these ends the article body. Compared after NFC and case-folding.
FURNITURE_HEADINGS = (
    "Ý kiến bạn đọc",
    "Tổng lượt bình luận",
    "Tin khác",
    "Thông báo",
    "Tin liên quan",
    "Các tin khác",
    "Bình luận",
    "Gửi bình luận",
    "refresh",
)
