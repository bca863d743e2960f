"""Bylines: who wrote an article, who took its photos, which outlet it came from.

Two entry points:

* :func:`parse_byline` reads the last paragraphs of an article body (the portal prints the
  author's name alone on the last line: ``Văn Lượng``) and says how many of them belong to the
  byline and its trailer (``(Còn nữa)``, ``Từ khóa: ...``), so the extractor can drop them.
* :func:`clean_author` cleans metadata values (``meta name=author``, ``article:author``,
  JSON-LD ``author.name``), which often hold the site's name, a domain or a Facebook URL.

Both rest on :func:`is_person_name`, the shape rules of ``VIETNAMESE.md``: 2-5 syllables, each
Titlecase or ALL CAPS, no digits, no ``!?:``, no final period; places and bodies that look like
names (``Hà Nội``, ``Việt Nam``, ``Thành ủy Hà Nội``) are excluded by the lists below.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from crawler.text import canonical_tones, clean_text, fold

__all__ = ["Byline", "parse_byline", "clean_author", "is_person_name", "is_group",
           "KNOWN_OUTLETS"]


@dataclass
class Byline:
    """The credit at the end of an article.

    ``authors``: persons or groups credited for the text (``["Văn Lượng"]``, ``["Nhóm PV"]``).
    ``source``: outlet or agency credited (``"TTXVN"``, ``"Báo Nhân Dân"``), or None.
    ``photo``: photo credits (``"Ảnh: Quang Vinh"`` -> ``["Quang Vinh"]``).
    ``consumed``: how many of the paragraphs given, counted from the end, are byline or trailer
    and are not body text.
    ``credited``: everyone credited, for the text or the pictures, in the order printed
    (``"Ảnh: Quang Vinh - Bài: Văn Lượng"`` -> ``["Quang Vinh", "Văn Lượng"]``): the authors of
    a photo story or a video.
    """

    authors: list[str] = field(default_factory=list)
    source: str | None = None
    photo: list[str] = field(default_factory=list)
    consumed: int = 0
    credited: list[str] = field(default_factory=list, repr=False, compare=False)


# --------------------------------------------------------------------------------------------
# Vocabulary. Entries are compared after canonical_tones() and casefold(), so "Thành uỷ" and
# "THÀNH ỦY" both match "thành ủy".
# --------------------------------------------------------------------------------------------

# Outlets and agencies: credited as a source, never as a person. Names only; domains, camel case
# (VnExpress) and acronyms (TTXVN) are recognised by shape.
KNOWN_OUTLETS = (
    "Nhân Dân", "Báo Nhân Dân", "Quân Đội Nhân Dân", "Công An Nhân Dân", "Sài Gòn Giải Phóng",
    "Tuổi Trẻ", "Tuổi Trẻ Online", "Tuoi Tre", "Tuoi Tre Online", "Thanh Niên", "Lao Động",
    "Người Lao Động", "Tiền Phong", "Dân Trí", "Dân Việt", "Pháp Luật", "Pháp Luật TP.HCM",
    "Đại Đoàn Kết", "Hà Nội Mới", "Kinh Tế Đô Thị", "An Ninh Thủ Đô", "Văn Nghệ",
    "Giáo Dục Và Thời Đại", "Đầu Tư", "Báo Đầu Tư", "Sức Khỏe Và Đời Sống", "Nông Thôn Ngày Nay",
    "Nhịp Sống Thị Trường", "Thời Báo Tài Chính", "Doanh Nhân Sài Gòn", "Phụ Nữ",
    "Phụ Nữ Việt Nam", "Thông Tấn Xã Việt Nam", "Đài Tiếng Nói Việt Nam", "Tiếng Nói Việt Nam",
    "Truyền Hình Việt Nam", "Vietnam Plus", "Vietnam News", "Zing News", "Một Thế Giới",
    "Chính Phủ", "Cổng Thông Tin Điện Tử Chính Phủ", "Tạp Chí Cộng Sản", "Xây Dựng Đảng",
    "Tuyên Giáo", "Dân Vận", "Quốc Hội", "Đại Biểu Nhân Dân", "Người Đưa Tin", "Soha",
    "Kenh14", "VietNamNet", "Thanhuytphcm", "Reuters", "Xinhua", "Bloomberg", "Sputnik",
)
# Vietnamese provinces and cities (before and after the 2025 merger), regions and countries
# that are Titlecase like names.
PLACES = (
    "Việt Nam", "Hà Nội", "TP Hồ Chí Minh", "TP.HCM", "TPHCM", "Sài Gòn",
    "Chợ Lớn", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Thừa Thiên Huế", "An Giang",
    "Bà Rịa Vũng Tàu", "Bà Rịa", "Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
    "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
    "Tây Nguyên", "Tây Bắc", "Đông Bắc", "Nam Bộ", "Bắc Bộ", "Trung Bộ", "Miền Nam", "Miền Bắc",
    "Miền Trung", "Đồng Bằng Sông Cửu Long", "Đông Nam Bộ", "Đông Nam Á", "Trường Sa",
    "Hoàng Sa", "Côn Đảo", "Phú Quốc", "Củ Chi", "Cần Giờ", "Hóc Môn", "Nhà Bè", "Bình Chánh",
    "Thủ Đức", "Gò Vấp", "Bình Thạnh", "Tân Bình", "Tân Phú", "Phú Nhuận", "Bình Tân",
    "Trung Quốc", "Hoa Kỳ", "Nhật Bản", "Hàn Quốc", "Triều Tiên", "Liên Xô", "Liên Bang Nga",
    "Ấn Độ", "Thái Lan", "Campuchia", "Singapore", "Malaysia", "Indonesia", "Philippines",
    "Châu Âu", "Châu Á", "Châu Phi", "Liên Hợp Quốc", "Trung Đông", "Trung Ương",
)
# First words of bodies, places and other non-persons ("Ban Dân vận Trung ương",
# "Thành ủy Hà Nội", "Đảng Cộng sản Việt Nam", "Công ty ..."): a name never starts with them.
_NON_PERSON_HEADS = (
    "ban", "bộ", "sở", "ủy ban", "ubnd", "hđnd", "ubmttq", "thành ủy", "tỉnh ủy", "huyện ủy",
    "quận ủy", "đảng ủy", "thành phố", "tp", "tp.", "tỉnh", "huyện", "quận", "xã", "phường",
    "thị xã", "thị trấn", "ấp", "báo", "đài", "tạp chí", "đảng", "công ty", "tập đoàn",
    "tổng công ty", "viện", "trung tâm", "trung ương", "cục", "tổng cục", "chi cục",
    "văn phòng", "hội", "hội đồng", "hội nghị", "đoàn thanh niên", "liên đoàn", "mặt trận",
    "hiệp hội", "học viện", "đại học", "bệnh viện", "nhà xuất bản", "nxb", "ngân hàng", "quỹ",
    "chính phủ", "quốc hội", "nhà nước", "cổng", "kho bạc", "công an", "quân đội", "quân khu", "bộ tư lệnh",
    "chi bộ", "đảng bộ", "lực lượng", "cộng hòa", "nước", "sông", "núi", "phố", "cầu", "chợ",
    "khu", "làng", "thôn", "miền", "vùng", "liên minh", "ủy", "sự kiện", "chương trình",
    "dự án", "chiến dịch", "phong trào", "giải", "lễ", "ngày", "tháng", "tuần", "xin", "kính",
    "trân", "chúc", "cảm ơn", "mời", "ảnh", "video", "clip", "nguồn", "theo", "xem", "đọc",
    "hotline", "email", "điện thoại", "fax", "website", "tags", "tag", "từ khóa", "link", "tin",
    "bài", "tin liên quan", "chủ đề", "kênh", "hãng", "thông tấn xã", "trường đại học",
    "trường thpt", "trường thcs", "trường tiểu học", "trường mầm non",
)
# Honorifics: "Ông Nguyễn Văn A" is a person mentioned (a caption, a quote), not a byline.
_HONORIFICS = ("ông", "bà", "cụ", "chị", "đồng chí", "đ/c", "ngài", "thầy", "bé", "cháu", "cố")
# Words that make a value a company or a site, not a person.
_ORG_WORDS = frozenset(
    "jsc corp corp. corporation ltd ltd. co co. inc inc. group media company online news "
    "network tv radio magazine press team admin editor newsroom official channel".split()
)
# Academic, professional and military titles stripped in front of a name.
_TITLE_RE = re.compile(
    r"^(?:(?:P\.?\s?GS|GS|TSKH|TS|Th\.?\s?S|NCS|BS(?:CKI{1,2})?|DS|KTS|LS|NSND|NSƯT|NGND|"
    r"NGƯT|Nhà báo|Nhà văn|Nhà thơ|Nhà nghiên cứu|Luật sư|Bác sĩ|Tiến sĩ|Thạc sĩ|Giáo sư|"
    r"Phó Giáo sư|Kiến trúc sư|Nghệ sĩ|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy|Thiếu tướng|"
    r"Trung tướng|Thượng tướng|Đại tướng)"
    r"(?:\s*[.,\-–]\s*|\s+))+"
)
# Groups credited for the text.
_GROUP_RE = re.compile(
    r"^(?:nhóm\s+\S.*|pv|ctv|bbt|ptv|phóng viên|cộng tác viên|ban biên tập|tòa soạn|"
    r"pv\s+(?:thời sự|ban .*))$",
    re.IGNORECASE,
)
# Role labels before a colon: "Tin, ảnh:", "Bài và ảnh:", "Ảnh:", "Thực hiện:".
_TEXT_ROLES = frozenset({
    "tin", "bài", "bài viết", "tin bài", "thực hiện", "nhóm thực hiện", "pv", "phóng viên",
    "nhóm phóng viên", "tác giả", "nội dung", "ghi", "ghi chép", "lược ghi", "tổng hợp",
    "biên tập", "biên dịch", "dịch", "trình bày", "thể hiện",
})
_PHOTO_ROLES = frozenset({"ảnh", "hình", "hình ảnh", "video", "clip", "đồ họa", "infographic",
                          "thiết kế", "nguồn ảnh", "ảnh minh họa", "quay phim", "dựng phim"})
_ROLE_SPLIT = re.compile(r"\s*(?:,|&|\+|/|\s-\s|-|\bvà\b)\s*")
# Separators between several names: "A - B", "A, B", "A và B", "A; B".
_NAME_SPLIT = re.compile(r"\s*(?:;|,|\s[-–—]\s|&|\+|\bvà\b|\band\b)\s*", re.IGNORECASE)
# Notes in parentheses after a name that credit nobody: "Hà Thu (tổng hợp)".
_NOTES = frozenset({"tổng hợp", "lược ghi", "ghi", "dịch", "biên dịch", "thực hiện",
                    "lược dịch", "ghi chép", "biên soạn", "sưu tầm", "st", "tổng hợp, dịch"})
# Trailers after the byline: consumed with it, never body text.
_TRAILER_RE = re.compile(
    r"^(?:\(?\s*(?:còn\s+(?:nữa|tiếp)|hết|kỳ\s+(?:sau|tới|cuối)\b.*|tiếp\s+theo\b.*|"
    r"mời\s+(?:bạn\s+đọc\s+)?(?:xem|đón\s+đọc)\b.*|đón\s+đọc\b.*|xem\s+tiếp\b.*)"
    r"\s*[.…]*\s*\)?\s*[.…]*"
    r"|(?:từ\s+khóa|tags?|thẻ|chủ\s+đề|xem\s+thêm|tin\s+liên\s+quan|bài\s+liên\s+quan|"
    r"đọc\s+thêm|link\s+bài\s+gốc|copy\s+link)\b\s*:?.*)$",
    re.IGNORECASE,
)
_FORBIDDEN_IN_NAME = re.compile(r"[\d!?:;@#/\\|<>\[\]{}()=+*&%$\"“”‘’,…]")
_DOMAIN_RE = re.compile(
    r"(?:https?:|www\.|//|@|\b[\w-]+\.(?:vn|com|net|org|info|biz|edu|gov|tv|io|me|asia)\b)",
    re.IGNORECASE,
)
_ACRONYM_RE = re.compile(r"^[A-ZĐ][A-ZĐƯƠÂÊÔĂ0-9+]{1,9}$")  # TTXVN, VOV, SGGP, NLĐO, VTV1
_CAMEL_RE = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-zA-Z]*)+\+?$")  # VnExpress, VietNamNet


def _key(s: str) -> str:
    """Comparison key for the vocabulary: canonical tones, casefolded, single spaces."""
    return " ".join(canonical_tones(s).casefold().split())


def _fold_key(s: str) -> str:
    """Accent-free, punctuation-free key for outlet names: "TUOI TRE ONLINE" ~ "Tuổi Trẻ"."""
    return re.sub(r"[^a-z0-9]", "", fold(s))


_OUTLET_KEYS = frozenset(_fold_key(o) for o in KNOWN_OUTLETS)
_PLACE_KEYS = frozenset(_fold_key(p) for p in PLACES)
_NON_PERSON_HEAD_KEYS = tuple(sorted({_key(h) for h in _NON_PERSON_HEADS}, key=len, reverse=True))
_HONORIFIC_KEYS = frozenset(_key(h) for h in _HONORIFICS)
_TEXT_ROLE_KEYS = frozenset(_key(r) for r in _TEXT_ROLES)
_PHOTO_ROLE_KEYS = frozenset(_key(r) for r in _PHOTO_ROLES)
_NOTE_KEYS = frozenset(_key(n) for n in _NOTES)


def _starts_with_any(key: str, heads: Iterable[str]) -> bool:
    return any(key == h or key.startswith(h + " ") for h in heads)


def _is_outlet(s: str, site_names: Iterable[str] = ()) -> bool:
    """An outlet, agency or site: known name, site name, domain, acronym or CamelCase brand."""
    s = s.strip()
    if not s:
        return False
    if (" " not in s and _DOMAIN_RE.search(s)) or _ACRONYM_RE.match(s) or _CAMEL_RE.match(s):
        return True
    k = _fold_key(s)
    for prefix in ("bao", "tapchi", "dai", "congthongtindientu"):
        if k.startswith(prefix) and k[len(prefix):] in _OUTLET_KEYS:
            return True
    for suffix in ("online", "news", "dientu", "vn", "com"):
        if k.endswith(suffix) and k[: -len(suffix)] in _OUTLET_KEYS:
            return True
    if k in _OUTLET_KEYS:
        return True
    site_keys = {_fold_key(n) for n in site_names if n}
    return bool(k) and k in site_keys


def _syllables(s: str) -> list[str]:
    """Syllables of a name: split on spaces and on the dots of initials (H.Anh, N.T.Hồng)."""
    return [p for p in re.split(r"[\s.]+", s) if p]


def is_person_name(s: str | None) -> bool:
    """Whether ``s`` has the shape of a Vietnamese person's name (as printed in a byline).

    >>> is_person_name("Văn Lượng"), is_person_name("NGUYỄN THỊ HỒNG"), is_person_name("H.Anh")
    (True, True, True)
    >>> is_person_name("Hà Nội"), is_person_name("Ban Dân vận Trung ương")
    (False, False)

    2-5 syllables (initials count: ``H.Anh`` is two), each Titlecase or ALL CAPS and containing
    a vowel; no digits, no ``!?:`` or other punctuation except the dots of initials and no final
    period; not a known place, outlet, body (``Ban ...``, ``Thành ủy ...``), company or site;
    not introduced by an honorific (``Ông``, ``Bà``).
    """
    s = clean_text(s)
    if not s or len(s) > 60 or s.endswith(".") or "-" in s or _FORBIDDEN_IN_NAME.search(s):
        return False
    if _DOMAIN_RE.search(s):
        return False
    parts = _syllables(s)
    if not 2 <= len(parts) <= 5:
        return False
    for part in parts:
        if not part.isalpha():
            return False
        if not (part.isupper() or (part[0].isupper() and (len(part) == 1 or part[1:].islower()))):
            return False
        if len(part) > 1 and not re.search(r"[aeiouy]", fold(part)):
            return False  # an acronym (PV, TTXVN), not a syllable
        if part.casefold() in _ORG_WORDS:
            return False
    key = _key(s)
    if _starts_with_any(key, _NON_PERSON_HEAD_KEYS) or _starts_with_any(key, _HONORIFIC_KEYS):
        return False
    fk = _fold_key(s)
    if fk in _PLACE_KEYS or _is_outlet(s):
        return False
    return True


def _strip_titles(s: str) -> str:
    stripped = _TITLE_RE.sub("", s).strip()
    return stripped or s


def is_group(s: str) -> bool:
    """Whether ``s`` credits a group, not a person (``Nhóm PV``, ``PV``, ``BBT``, ``Nhóm
    phóng viên``): a byline of its own, naming no author.

    >>> is_group("Nhóm PV"), is_group("BBT"), is_group("Văn Lượng")
    (True, True, False)
    """
    return bool(_GROUP_RE.match(s)) and len(s.split()) <= 6 and not re.search(r"[\d!?:]", s)


def _split_names(value: str) -> list[str]:
    return [p.strip() for p in _NAME_SPLIT.split(value) if p.strip(" .")]


def _author_names(value: str) -> list[str] | None:
    """Every piece of ``value`` as a person or group name, or None if any piece is not one."""
    names = []
    for piece in _split_names(_strip_titles(value)):
        piece = _strip_titles(piece)
        if is_group(piece) or is_person_name(piece):
            names.append(piece)
        else:
            return None
    return names or None


def _dedupe(items: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        k = _key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


# --------------------------------------------------------------------------------------------
# Metadata values
# --------------------------------------------------------------------------------------------


def clean_author(value, site_names: Sequence[str] = ()) -> list[str]:
    """The persons named in a metadata author value, or ``[]``.

    >>> clean_author("Theo Hồ Hương")
    ['Hồ Hương']
    >>> clean_author("NHẬT XUÂN;NGHI VŨ")
    ['NHẬT XUÂN', 'NGHI VŨ']
    >>> clean_author("VnExpress"), clean_author("https://www.facebook.com/baodantridientu")
    ([], [])
    >>> clean_author("Dân Trí", site_names=["Dân Trí"])
    []

    ``value`` may be a string, a JSON-LD author object (``{"name": ...}``) or a list of either;
    HTML entities are decoded. Site names (``site_names`` and :data:`KNOWN_OUTLETS`), domains,
    URLs, acronyms, CamelCase brands and company names give ``[]``; a ``Theo `` or ``Tác giả:``
    prefix and academic titles are stripped; several names are split on ``; , - và &``. Pieces
    that are not person names (:func:`is_person_name`) or groups (``Nhóm PV``) are dropped.
    """
    if value is None:
        return []
    if isinstance(value, dict):
        return clean_author(value.get("name"), site_names)
    if isinstance(value, (list, tuple)):
        return _dedupe(n for v in value for n in clean_author(v, site_names))
    text = clean_text(html.unescape(str(value)))
    if not text or "://" in text or _is_outlet(text, site_names):
        return []
    names = []
    for piece in _split_names(_strip_titles(text)):
        piece = re.sub(r"^(?:theo|tác giả|bài|by|tin)\s*:?\s+", "", piece, flags=re.I).strip()
        piece = re.sub(r"\s*\([^)]*\)\s*$", "", piece).strip()  # "Văn Lượng (TTXVN)"
        piece = _strip_titles(piece)
        if _is_outlet(piece, site_names):
            continue
        if is_person_name(piece) and not is_group(piece):  # "Nhóm PV", "BBT": no author
            names.append(piece)
    return _dedupe(names)


# --------------------------------------------------------------------------------------------
# The end of an article
# --------------------------------------------------------------------------------------------


@dataclass
class _Credit:
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    photo: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # authors and photographers, as printed


# "Theo Nghị quyết ...", "Theo Kế hoạch ...": a document cited in the body, not an outlet.
_DOCUMENT_HEADS = tuple(
    _key(h)
    for h in (
        "nghị quyết", "quyết định", "nghị định", "thông tư", "luật", "bộ luật", "kế hoạch",
        "chỉ thị", "hiến pháp", "điều", "khoản", "báo cáo", "thông báo", "công văn", "tờ trình",
        "đề án", "chương trình", "quy định", "hướng dẫn", "kết luận", "văn bản", "dự thảo",
    )
)


def _source_value(value: str) -> str | None:
    """An outlet credited after "Theo"/"Nguồn:", if it looks like one (not a sentence)."""
    value = value.strip(" .")
    if not value or len(value) > 80 or len(value.split()) > 8:
        return None
    if not (value[0].isupper() or value[0].isdigit()) or re.search(r"[,;!?:]|\d{2,}", value):
        return None
    key = _key(value)
    if _starts_with_any(key, _HONORIFIC_KEYS) or _starts_with_any(key, _DOCUMENT_HEADS):
        return None
    return value


def _names_with_sources(value: str) -> _Credit | None:
    """Names, possibly with an agency: "Văn Lượng (TTXVN)", "Minh Anh/VOV", "Hà Thu (tổng hợp)"."""
    credit = _Credit()
    value = value.strip()
    paren = re.search(r"\s*\(([^()]*)\)\s*\.?$", value)
    if paren:
        inner = paren.group(1).strip()
        value = value[: paren.start()].strip()
        theo = re.match(r"^(?:theo|nguồn)\s*:?\s*(.+)$", inner, re.I)
        if theo:
            credit.source = _source_value(theo.group(1))
        elif _key(inner) in _NOTE_KEYS:
            pass
        elif _is_outlet(inner) or _source_value(inner):
            credit.source = inner.strip(" .")
        else:
            return None
    slash = re.match(r"^(.+?)\s*/\s*([^/]+)$", value)
    if slash and _is_outlet(slash.group(2).strip()):
        value, credit.source = slash.group(1), credit.source or slash.group(2).strip()
    names = _author_names(value)
    if names is None:
        return None
    credit.authors = names
    credit.people = list(names)
    return credit


def _photo_names(value: str) -> list[str] | None:
    pieces = [p.strip() for p in _split_names(value) if p.strip()]
    if not pieces or any(len(p.split()) > 8 or re.search(r"[!?:]", p) for p in pieces):
        return None
    return [_strip_titles(p) for p in pieces]


_LABELLED = re.compile(r"^([^:]{1,30}?)\s*:\s*(.+)$")
# "Tin: Văn Lượng - Ảnh: Quang Vinh": several labelled credits on one line.
_CREDIT_SEPARATOR = re.compile(r"\s*(?:\s[-–—|;]|\.)\s+(?=[^\s:][^:]{0,29}:)")


def _parse_labelled(text: str) -> _Credit | None:
    """"Tin, ảnh: Văn Lượng", "Bài và ảnh: Hoàng Anh", "Ảnh: Quang Vinh"; None otherwise."""
    m = _LABELLED.match(text)
    if not m:
        return None
    roles = [_key(r) for r in _ROLE_SPLIT.split(m.group(1)) if r.strip()]
    if not roles or not all(r in _TEXT_ROLE_KEYS or r in _PHOTO_ROLE_KEYS for r in roles):
        return None
    value = m.group(2).strip()
    if all(r in _PHOTO_ROLE_KEYS for r in roles):
        photo = _photo_names(value)
        return _Credit(photo=photo, people=list(photo)) if photo else None
    credit = _names_with_sources(value)
    if credit is None:
        return None
    if any(r in _PHOTO_ROLE_KEYS for r in roles):
        credit.photo = list(credit.authors)  # "Tin, ảnh: X": X also took the photos
    return credit


def _parse_credit(paragraph: str) -> _Credit | None:
    """One paragraph as a credit line, or None if it is body text."""
    text = clean_text(paragraph)
    if not text or len(text) > 150:
        return None
    bare = text
    if bare.startswith("(") and bare.endswith(")"):
        bare = bare[1:-1].strip()

    # "Tin, ảnh: Văn Lượng", "Ảnh: Quang Vinh", "Tin: Văn Lượng - Ảnh: Quang Vinh".
    if _LABELLED.match(text):
        segments = _CREDIT_SEPARATOR.split(text)
        credits = [_parse_labelled(seg) for seg in segments]
        if all(credits):
            merged = _Credit()
            for c in credits:
                merged.authors += c.authors
                merged.photo += c.photo
                merged.people += c.people
                merged.source = merged.source or c.source
            return merged

    # "Theo TTXVN", "(Theo VnExpress)", "Nguồn: Báo Nhân Dân", "Theo Hồ Hương".
    m = re.match(r"^(?:theo|nguồn)\s*:?\s+(.+)$", bare, re.IGNORECASE)
    if m:
        rest = m.group(1).strip().rstrip(".")
        if not _is_outlet(rest):
            person = _names_with_sources(rest)
            if person and person.authors and not all(is_group(a) for a in person.authors):
                return person
        source = _source_value(rest)
        return _Credit(source=source) if source else None
    if _LABELLED.match(text):
        return None  # "Hotline: ...", "Kỳ 2: ...": a label that credits nobody

    # "Văn Lượng", "Thu Hương - Văn Lượng", "Văn Lượng (TTXVN)", "Minh Anh/VOV", "Nhóm PV".
    # One final period is tolerated on a byline line ("Văn Lượng."), not on a name elsewhere.
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return _names_with_sources(text)


def _is_trailer(paragraph: str) -> bool:
    text = clean_text(paragraph)
    return not text or bool(_TRAILER_RE.match(canonical_tones(text)))


def parse_byline(paragraphs: Sequence[str]) -> Byline | None:
    """The byline among the last paragraphs of an article, or None.

    >>> parse_byline(["Hội nghị kết thúc.", "Văn Lượng", "(Còn nữa)"])
    Byline(authors=['Văn Lượng'], source=None, photo=[], consumed=2)
    >>> parse_byline(["Văn Lượng (TTXVN)"])
    Byline(authors=['Văn Lượng'], source='TTXVN', photo=[], consumed=1)
    >>> parse_byline(["Mai Anh", "Hội nghị kết thúc tốt đẹp."]) is None
    True

    ``paragraphs`` are the article's last paragraphs in reading order. Trailers at the very end
    (``(Còn nữa)``, ``Từ khóa: ...``, empty paragraphs) are skipped; then up to three credit
    lines are read backwards (an author line, ``Ảnh: ...``, ``Theo ...``/``Nguồn: ...``) until
    body text. A name followed by body text is not a byline. ``consumed`` counts the credit
    lines and the trailers after them; trailers without a credit give None.
    """
    items = list(paragraphs or ())
    i = len(items)
    while i > 0 and _is_trailer(items[i - 1]):
        i -= 1
    credits: list[_Credit] = []
    first = i
    have_author_line = False
    while first > 0 and len(credits) < 3:
        credit = _parse_credit(items[first - 1])
        if credit is None:
            break
        if credit.authors:
            if have_author_line:
                break  # one author line only: a second one is body text
            have_author_line = True
        credits.append(credit)
        first -= 1
    if not credits:
        return None
    credits.reverse()
    authors = _dedupe(a for c in credits for a in c.authors)
    photo = _dedupe(p for c in credits for p in c.photo)
    source = next((c.source for c in credits if c.source), None)
    credited = _dedupe(p for c in credits for p in c.people)
    return Byline(authors=authors, source=source, photo=photo, consumed=len(items) - first,
                  credited=credited)
