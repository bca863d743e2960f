"""The generic parser: trustworthy metadata first, then the visible page, for any news page.

Every field has one method. The rules, in order of trust:

* title (:data:`TITLE_STRATEGIES`): the visible ``<h1>`` (it wins over ``og:title`` when they
  disagree); without one, the visible copy of the metadata title; then ``og:title``/JSON-LD
  ``headline``; then ``<title>``.
* published_at (:data:`PUBLISHED_AT_STRATEGIES`): ``article:published_time`` (and its aliases),
  JSON-LD ``datePublished``, ``<time datetime>``, a day-first date printed between the title
  and the body (never the header's date of viewing, never a year-less date), a relative date
  there (``2 giờ trước``), and last the upload day in an image file name.
* authors/source (:data:`BYLINE_STRATEGIES`): ``meta`` author values that name a person (not
  the site, a Facebook URL or a company), JSON-LD ``author``, an explicit author element, the
  byline in the last paragraphs.
* lead (:data:`LEAD_STRATEGIES`): the summary block between title and body (class hint, or the
  visible copy of the description), else a first body paragraph that opens with a credit
  (``(Thanhuytphcm.vn) - ``).
* body: the text blocks of the density-chosen container after the lead, without captions,
  bylines, related boxes, share buttons, ads and other furniture, paragraphs joined by a blank
  line, subheadings included.
"""

import re
import unicodedata
from typing import NamedTuple
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from crawler.bylines import clean_author, is_group, parse_byline
from crawler.dates import find_date_in_text, parse_date, parse_machine_date, upload_day_from_image
from crawler.parsers.base import Parser, Strategy, field, first_found
from crawler.parsers.blocks import (AUTHOR, BOILER, CAPTION, DATE, FIGURE, FURNITURE, HIDDEN,
                                    IMAGE_TABLE, LEAD, SOURCE, TITLE, classify)
from crawler.parsers.documents import read_metadata
from crawler.parsers.layout import layout_signature, text_holder
from crawler.parsers.media import attachment_links, attachment_urls
from crawler.parsers.page import HOME_LABELS
from crawler.site import VIEWING_DATE_RE
from crawler.text import clean_paragraphs, clean_text, fold

# Section headings of page furniture, in any Vietnamese news template. A short block that is
# one of these (optionally followed by ":" or a count) ends the body once body text was seen,
# and is skipped before it. Compared folded (no accents, no case).
GENERIC_FURNITURE = (
    "Tin liên quan", "Bài liên quan", "Tin khác", "Các tin khác", "Tin cùng chuyên mục",
    "Cùng chuyên mục", "Tham khảo thêm", "Tin mới", "Tin mới nhất", "Tin đọc nhiều",
    "Đọc nhiều", "Bình luận", "Gửi bình luận", "Ý kiến bạn đọc", "Ý kiến của bạn",
    "Tổng lượt bình luận", "Từ khóa", "Tags", "Chia sẻ", "Chủ đề",
)
# A credit that opens the lead: "(Thanhuytphcm.vn) - ", "(Chinhphu.vn) - ", "(NLĐO)- ".
CREDIT_OPENING_RE = re.compile(r"^\s*\(\s*[^()]{2,40}\)\s*[-–—]")
# Meta keys of the publication time, most trusted first.
PUBLISHED_META_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "dc.date.issued", "dc.date", "dcterms.issued",
    "date", "sailthru.date", "parsely-pub-date", "article.published", "og:published_time",
)
AUTHOR_META_KEYS = ("article:author", "og:article:author", "author", "dc.creator", "dcterms.creator")
SITE_NAME_META_KEYS = ("og:site_name", "application-name", "twitter:site", "publisher")
# Text that may hold a date, or a relative date: cheap tests before the date parsers.
_DATE_HINT_RE = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{4}-\d{2}-\d{2}|tháng\s+\d", re.I)
_RELATIVE_HINT_RE = re.compile(r"trước|hôm\s+(?:qua|nay|kia)|vừa\s+(?:xong|mới)|mới\s+đây", re.I)
_SOURCE_PREFIX_RE = re.compile(r"^\s*(?:\(?\s*theo\s+|nguồn\s*:?\s*)", re.I)
_TITLE_SEPARATORS_RE = re.compile(r"\s+[-|–—:»]\s+")
_WORD_RE = re.compile(r"\w+")
_IMAGE_ATTRS = ("data-src", "data-original", "data-lazy-src", "src")
_CENTER_RE = re.compile(r"text-align\s*:\s*center", re.I)

# -- thresholds (characters of text unless said otherwise) ------------------------------------
# Two strings are the same passage when the shorter, at least this long, is inside the longer
# (a description cut with "..." is still the lead it quotes; shorter strings match by chance).
SAME_PASSAGE_MIN_CHARS = 30
# ... or when they open with this many identical characters (a description rewritten at its end).
SAME_OPENING_MIN_CHARS = 60
# An <h1> is the metadata title's visible copy when they share this share of their words
# (Jaccard); an edited headline keeps most words, a logo or section name shares almost none.
TITLE_MIN_SIMILARITY = 0.3
# The visible copy of the metadata title is within a quarter of its length, plus a few
# characters for punctuation the metadata drops.
TITLE_COPY_LENGTH_SLACK_SHARE = 0.25
TITLE_COPY_LENGTH_SLACK_CHARS = 5
# Without metadata, the headline quoted by <title> ("Site - Headline") is at least this share
# of <title> and at most a few characters longer (an appended label).
TITLE_TAG_QUOTE_MIN_SHARE = 0.4
TITLE_TAG_QUOTE_EXTRA_CHARS = 10
# An <h1> matching no metadata is the headline when it sits at most this many blocks before
# the body (a date line, a lead, a picture, a caption between them); farther up it is a logo.
H1_BEFORE_BODY_MAX_BLOCKS = 12
# Where a template puts the title, date, author line and lead when they are not inside the body
# container: at most this many blocks before it.
HEADER_LOOKBACK_BLOCKS = 8
# A headline without any hint: between these lengths (shorter is a label, longer a paragraph),
# mostly not links, and (if not a heading or a title-class element) all bold.
HEADLINE_MIN_CHARS = 10
HEADLINE_MAX_CHARS = 300
HEADLINE_MAX_LINK_DENSITY = 0.5
# "Mostly" bold or italic: a few plain characters (a space, a comma outside the tag) are noise.
MOSTLY = 0.9
# A block this long with few links is prose: the header above it has ended.
PROSE_MIN_CHARS = 120
PROSE_MAX_LINK_DENSITY = 0.3
# A block whose text is more than this share links is a list of links, not body text.
LINK_LIST_MIN_SHARE = 0.8
# ... blocks shorter than this that are only a link ("Xem", "›") too.
LINK_LABEL_MAX_CHARS = 10
# A line that is only a date/time stamp ("07/03/2026 08:47", "Cập nhật: 2 giờ trước").
DATE_LINE_MAX_CHARS = 60
DATE_LINE_MAX_WORDS = 8
# A credit or trailer line at the end of an article is never longer than this.
CREDIT_LINE_MAX_CHARS = 300
# The byline, "Ảnh: ..." and "Theo ..." lines and a trailer: at most this many closing lines.
CLOSING_LINES = 3
# A furniture heading with its count or colon is never longer than this.
FURNITURE_HEADING_MAX_CHARS = 45
# How many blocks after the body container may still hold the byline element or a date.
BYLINE_WINDOW_BLOCKS = 15
# A byline element ("Văn Lượng (TTXVN)") and a source element ("Theo Báo Nhân Dân") are short;
# longer text in such an element is a biography or a note.
BYLINE_ELEMENT_MAX_CHARS = 100
SOURCE_ELEMENT_MAX_CHARS = 80
# A lead is a sentence or more; a header block shorter than this is a label or a date.
LEAD_MIN_CHARS = 30
# A bold first paragraph is the lead when it is at least this long (a bold subheading is not).
BOLD_LEAD_MIN_CHARS = 60
# A caption under a picture: a short line; a centred one shorter still (centred body text
# exists on legacy pages, centred captions are one sentence).
CAPTION_MAX_CHARS = 300
CENTRED_CAPTION_MAX_CHARS = 200
# A date in the header: a short line (a long one is a sentence that mentions a date).
HEADER_DATE_MAX_CHARS = 200
# A date element counts when it is at most this many blocks into the body (a date under the
# first picture), not further down (a date in an embedded box).
DATE_ELEMENT_MAX_BLOCKS_INTO_BODY = 2
# A relative date ("Cập nhật: 2 giờ trước") is a short line.
RELATIVE_DATE_MAX_CHARS = 80
# Text is the site's name when it is a part of it, or the name with at most this many characters
# of label around it ("Trang chủ - Thành ủy TP.HCM").
SITE_NAME_LABEL_MAX_CHARS = 12
# A hinted element nests one of the next few hinted ones at most (a date span inside a meta
# line inside a header): looking further is wasted time on pages with many hints.
NESTING_LOOKAHEAD = 5
# A lead block is mostly not links (a line of tags or related links is not).
LEAD_MAX_LINK_DENSITY = 0.5
# A short block under a picture whose own class says caption in English or Vietnamese.
_CAPTION_CLASS_RE = re.compile(r"(?<![a-z])(?:cap|caption|desc|description|chu-?thich|ghi-?chu)(?![a-z])")
# Lines that point elsewhere: "Xem thêm: <link>", "Đọc thêm: ...", "Tin liên quan: <link>".
# Skipped wherever they are (the body goes on after them), when mostly link text.
_POINTER_LINE_RE = re.compile(
    r"^(?:xem them|doc them|moi (?:ban doc )?xem|xem tiep|tin lien quan|bai lien quan|"
    r"video lien quan|tep dinh kem|file dinh kem|tai ve)\b")
POINTER_LINE_MIN_LINK_SHARE = 0.5
POINTER_LABEL_CHARS = 40  # the label is at the start: only that much is folded
# Words of tool bars and meta lines ("In bài | Cỡ chữ A- A+ | Tin cùng ngày | Gửi email"),
# folded: a short line made only of these is furniture wherever it is.
TOOL_WORDS = frozenset(
    "in bai co chu tin cung ngay gui email luu chia se nghe doc a zalo facebook twitter "
    "copy link theo doi google news phong to thu nho".split())
TOOL_LINE_MAX_CHARS = 80
# Cookie-consent banners, whatever their class: they mention cookies and ask for consent.
_COOKIE_RE = re.compile(r"\bcookies?\b", re.I)
_CONSENT_RE = re.compile(r"đồng ý|chấp nhận|chính sách|accept|consent|trải nghiệm", re.I)
COOKIE_NOTICE_MAX_CHARS = 500
# Interview questions: a paragraph opening with the interviewer's label.
_QUESTION_RE = re.compile(r"^\s*(?:phóng viên|pv|p\.v|nhà báo)\s*[:.\-–]", re.I)
# A photo story without a title marker: at least this many captioned pictures (a news report
# has one to three), whose captions say more than its text.
PHOTO_STORY_MIN_CAPTIONS = 5
# An interview has at least this many labelled questions (one may be a quoted exchange).
INTERVIEW_MIN_QUESTIONS = 2
# Title markers of kinds of page: "[Video] ...", "Video: ...", "[Ảnh] ...", "Phóng sự ảnh: ...".
_VIDEO_TITLE_RE = re.compile(r"^\s*[\[(]?\s*(?:video|clip)\s*[\])\-:|]", re.I)
_PHOTO_TITLE_RE = re.compile(
    r"^\s*[\[(]?\s*(?:ảnh|chùm ảnh|phóng sự ảnh|photo|photo story|photostory|ký sự ảnh)"
    r"\s*[\])\-:|]", re.I)
_INTERVIEW_TITLE_RE = re.compile(r"^\s*[\[(]?\s*(?:phỏng vấn|đối thoại|interview)\s*[\])\-:|]", re.I)
# Elements that hold one paragraph, never a whole article.
PARAGRAPH_TAGS = frozenset({"p", "span", "font", "b", "strong", "em", "i", "li", "h2", "h3", "h4"})
# An unmarked breadcrumb trail: separated by ">", "»", "›" or "/", opening with the home page,
# naming a few sections (a menu names many and separates them by "|").
_TRAIL_SEPARATOR_RE = re.compile(r"\s*[>»›/]\s*")
TRAIL_MAX_LABELS = 5
# Memoised helpers keep this many answers (bylines and site names repeat from page to page).
MEMO_SIZE = 8192


def _key(text):
    """A comparison key: the words, NFC and case-folded (accents and tone placement kept)."""
    return " ".join(_WORD_RE.findall(unicodedata.normalize("NFC", text).casefold()))


@lru_cache(maxsize=MEMO_SIZE)
def _folded_key(text):
    """A comparison key without accents: "Thanh Hoá" and "Thanh Hóa" compare equal (cached:
    furniture labels repeat on every page of a site)."""
    return " ".join(_WORD_RE.findall(fold(text)))


def _same_text(a, b, minimum=SAME_PASSAGE_MIN_CHARS):
    """Whether two strings are the same passage (one contains the other, or they share a long
    opening), ignoring case, punctuation, a trailing ellipsis and, if need be, accents."""
    return _same_key(_key(a), _key(b), minimum) or _same_key(_folded_key(a), _folded_key(b), minimum)


def _same_key(ka, kb, minimum):
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if len(short) >= minimum and short in long_:
        return True
    n = 0
    for x, y in zip(ka, kb):
        if x != y:
            break
        n += 1
    return n >= SAME_OPENING_MIN_CHARS


# Bylines repeat from page to page (the site's name in every meta author, the same reporters):
# the helpers' answers are kept for values already seen.
@lru_cache(maxsize=MEMO_SIZE)
def _persons(value, site_names):
    """``clean_author`` of a string or a tuple of strings (JSON-LD authors), memoised."""
    return tuple(clean_author(list(value) if isinstance(value, tuple) else value, site_names))


@lru_cache(maxsize=MEMO_SIZE)
def _credit(lines):
    """``parse_byline`` of a tuple of closing lines, memoised (the Byline is not modified)."""
    return parse_byline(lines)


@lru_cache(maxsize=MEMO_SIZE)  # the same few names on every page of a site
def _distinct_names(names):
    """The names, each once (compared without accents or case), in order."""
    unique = {}
    for name in names:
        if name and _folded_key(name) not in unique:
            unique[_folded_key(name)] = name
    return tuple(unique.values())


def _ld_author_names(value):
    """The names of a JSON-LD ``author`` (a string, an object, or a list of either)."""
    items = value if isinstance(value, list) else [value]
    names = (item.get("name") if isinstance(item, dict) else item for item in items)
    return tuple(n for n in names if isinstance(n, str))


def _similarity(a, b):
    wa, wb = set(_key(a).split()), set(_key(b).split())
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def _paragraphs(block):
    """The cleaned lines of a block (a <br> starts a new paragraph)."""
    if "\n" not in block.text:
        text = clean_text(block.text)
        return [text] if text else []
    return clean_paragraphs(block.text.split("\n"))


def _block_text(block):
    return clean_text(block.text)


# -- intermediate results ---------------------------------------------------------------------


class TitleChoice(NamedTuple):
    text: str
    block_index: int | None  # the block it was read from, None for metadata or <title>


class LeadChoice(NamedTuple):
    text: str
    block: object  # the Block it came from, or None (the description)
    whole_block: bool  # the whole block, rather than the block's first line


class BodyAndByline(NamedTuple):
    paragraphs: list  # the body after the lead, without the closing credit lines
    byline: object  # crawler.bylines.Byline of the closing lines, or None
    blocks: list  # the blocks the paragraphs were read from


class Credit(NamedTuple):
    authors: list
    source: str | None
    rule: str  # byline_source


class ElementCredit(NamedTuple):
    authors: list
    source: str | None


# -- title strategies: a TitleChoice, or None -------------------------------------------------


def title_h1_like_metadata(parser):
    """The ``<h1>`` most like the metadata title (an edited headline still shares its words)."""
    reference, candidates = parser._meta_title, parser._h1_candidates
    if not (reference and candidates):
        return None
    score, best = max(((_similarity(c.text, reference), c) for c in candidates),
                      key=lambda scored: scored[0])
    return best if score >= TITLE_MIN_SIMILARITY else None


def title_visible_copy_of_metadata(parser):
    """The visible copy of the metadata title (a headline in a <div>, a <p>...)."""
    reference = parser._meta_title
    if not reference:
        return None
    size = len(reference)
    slack = int(size * TITLE_COPY_LENGTH_SLACK_SHARE) + TITLE_COPY_LENGTH_SLACK_CHARS
    similar = [b for b in parser._visible_blocks if abs(b.length - size) <= slack]
    for key in (_key, _folded_key):
        ref_key = key(reference)
        for block in similar:
            if key(block.text) == ref_key:
                return TitleChoice(clean_text(block.text), block.index)
    return None


def title_quoted_by_title_tag(parser):
    """No metadata title: the visible text that <title> quotes ("Site - Title")."""
    if parser._meta_title:
        return None
    tag_key = _key(parser.page.title_tag)
    size = len(tag_key)
    quoted = [b for b in parser._visible_blocks
              if TITLE_TAG_QUOTE_MIN_SHARE * size <= b.length <= size + TITLE_TAG_QUOTE_EXTRA_CHARS]
    quoted = [b for b in quoted if (key := _key(b.text)) and key in tag_key
              and not parser._is_site_name(b.text)]
    if quoted:
        best = max(quoted, key=lambda b: b.length)
        return TitleChoice(clean_text(best.text), best.index)
    return None


def title_h1_before_body(parser):
    """An <h1> that matches nothing: the page's own headline when it sits right before the
    article (not a logo in the page header); without metadata, the first <h1>."""
    candidates = parser._h1_candidates
    if not candidates:
        return None
    start = parser._container_span[0]
    near = [c for c in candidates if 0 <= start - c.block_index <= H1_BEFORE_BODY_MAX_BLOCKS]
    if near:
        return near[-1]
    return None if parser._meta_title else candidates[0]


def title_from_metadata(parser):
    """``og:title``/``twitter:title``/JSON-LD ``headline``, not found on the page."""
    return TitleChoice(parser._meta_title, None) if parser._meta_title else None


def title_headline_before_body(parser):
    """Without metadata and <h1>: the nearest headline-looking block before the body."""
    headline = parser._headline_before_body()
    return TitleChoice(_block_text(headline), headline.index) if headline is not None else None


def title_from_title_tag(parser):
    """``<title>`` without the site name that templates add, unless it is only the site name."""
    text = parser._title_from_title_tag()
    return TitleChoice("" if parser._is_site_name(text) else text, None)


# Why this order: the visible headline is what readers saw (metadata titles are often shortened
# for sharing), but an <h1> is trusted only when the metadata confirms it or it sits right
# above the body (templates put the site's logo in an <h1> too).
TITLE_STRATEGIES = (
    Strategy("h1-like-metadata", title_h1_like_metadata),
    Strategy("visible-copy-of-metadata", title_visible_copy_of_metadata),
    Strategy("quoted-by-title-tag", title_quoted_by_title_tag),
    Strategy("h1-before-body", title_h1_before_body),
    Strategy("metadata", title_from_metadata),
    Strategy("headline-before-body", title_headline_before_body),
    Strategy("title-tag", title_from_title_tag),
)


# -- publication-date strategies: an ISO date, or None ----------------------------------------


def date_from_meta(parser):
    """``article:published_time`` and its aliases (:data:`PUBLISHED_META_KEYS`)."""
    return parse_machine_date(parser.page.first_meta(*PUBLISHED_META_KEYS))


def date_from_jsonld(parser):
    """JSON-LD ``datePublished`` of the article, else of a video page's ``VideoObject`` (or
    its ``uploadDate``)."""
    value = parser.page.ld_value("datePublished")
    if not isinstance(value, str):
        videos = parser.page.ld_objects_of_type("VideoObject")
        value = next((v.get(k) for v in videos for k in ("datePublished", "uploadDate")
                      if isinstance(v.get(k), str)), None)
    return parse_machine_date(value) if isinstance(value, str) else None


def date_from_time_element(parser):
    """The first ``<time datetime>`` of the article (not one of related news or comments)."""
    root = parser.page.root
    for el in root.iter("time") if root is not None else ():
        stamp = el.get("datetime")
        if stamp and not parser._outside_article(el) and (value := parse_machine_date(stamp)):
            return value
    return None


def date_visible(parser):
    """A complete day-first date in a short header line or a date element (never the
    header's date of viewing)."""
    fetched = parser.page.fetched_at
    for text in parser._date_texts:
        if not text or not _DATE_HINT_RE.search(text):
            continue
        value = find_date_in_text(VIEWING_DATE_RE.sub(" ", text), fetched)
        if value:
            return value
    return None


def date_relative(parser):
    """``2 giờ trước``, ``hôm qua`` in a short header line, against the fetch time."""
    fetched = parser.page.fetched_at
    if not fetched:
        return None
    for text in parser._date_texts:
        if text and len(text) <= RELATIVE_DATE_MAX_CHARS and _RELATIVE_HINT_RE.search(text):
            value = parse_date(VIEWING_DATE_RE.sub(" ", text), fetched)
            if value and not find_date_in_text(text):
                return value
    return None


def date_issued_on(parser):
    """A document's day of issue (``Ngày ban hành``), when the page shows no other date."""
    return parser._document.fields.get("issued_on")


def date_from_image_name(parser):
    """The upload day in an article image's file name (``res/news/.../07-08-2018-...``)."""
    for url in parser.images() + [parser.page.first_meta("og:image") or ""]:
        value = upload_day_from_image(url)
        if value:
            return value
    return None


# Why this order (VIETNAMESE.md): machine-readable time is exact and zoned; a printed date near
# the title is the page's own statement; a relative date needs the fetch time and is coarse;
# a document's day of issue is printed, but it is the document's day, not the page's; the
# image's upload day is a day only, and the upload may precede publication.
PUBLISHED_AT_STRATEGIES = (
    Strategy("meta", date_from_meta),
    Strategy("jsonld", date_from_jsonld),
    Strategy("time-element", date_from_time_element),
    Strategy("visible", date_visible),
    Strategy("relative", date_relative),
    Strategy("issued-on", date_issued_on),
    Strategy("image-name", date_from_image_name),
)


# -- byline strategies: a list of authors ([] for a source alone), or None ---------------------


def _only_persons(names):
    """The names that are persons: a group credit ("Nhóm PV", "PV", "BBT") names no author."""
    return [name for name in names if not is_group(name)]


def authors_from_meta(parser):
    """``meta`` author values that name a person (not the site, a URL, a company or a group)."""
    for key in AUTHOR_META_KEYS:
        for value in parser.page.meta.get(key, ()):
            authors = list(_persons(value, parser._site_names))
            if authors:
                return authors
    return None


def authors_from_jsonld(parser):
    names = _ld_author_names(parser.page.ld_value("author"))
    return list(_persons(names, parser._site_names)) or None


def authors_from_byline_element(parser):
    return _only_persons(parser._byline_element.authors) or None


def credit_from_last_paragraph(parser):
    """The byline closing the body ("Văn Lượng", "Theo TTXVN"): its authors (for a photo story
    or a video, everyone credited, photographers too), or [] when it names only a source."""
    byline = parser._body_and_byline.byline
    if byline is None:
        return None
    names = byline.credited if parser._kind in MEDIA_KINDS else byline.authors
    authors = _only_persons(names)
    if authors or byline.source:
        return authors
    return None


def source_from_byline_element(parser):
    """An author element that credits only an agency ("Theo TTXVN"): no author."""
    return [] if parser._byline_element.source else None


# Why this order: metadata authors are deliberate (once the site's own name is filtered out);
# an author element is the template's; the closing line is a heuristic; an element naming only
# an agency is weaker than a closing line naming a person.
BYLINE_STRATEGIES = (
    Strategy("meta", authors_from_meta),
    Strategy("jsonld", authors_from_jsonld),
    Strategy("byline-element", authors_from_byline_element),
    Strategy("last-paragraph", credit_from_last_paragraph),
    Strategy("byline-element", source_from_byline_element),
)


# -- lead strategies: a LeadChoice, or None ---------------------------------------------------


def lead_element(parser):
    """A header block whose class says summary (sapo, lead, tom-tat...)."""
    for block in parser._lead_header_blocks:
        if block.flags & LEAD and not block.flags & (AUTHOR | DATE):
            return LeadChoice(_block_text(block), block, True)
    return None


def lead_copy_of_description(parser):
    """A header block that is the visible copy of the page's description."""
    description = parser._description
    if description:
        for block in parser._lead_header_blocks:
            if _same_text(block.text, description):
                return LeadChoice(_block_text(block), block, True)
    return None


def lead_credit_opening_in_header(parser):
    """A header block that opens with a credit (``(Thanhuytphcm.vn) - ``): the sapo, printed in
    a block of its own between the title and the body."""
    for block in parser._lead_header_blocks:
        if not block.flags & (AUTHOR | DATE) and parser.lead_opening_re.match(_block_text(block)):
            return LeadChoice(_block_text(block), block, True)
    return None


def lead_first_paragraph(parser):
    """The body's first line, when it opens with a credit (``(Thanhuytphcm.vn) - ``), is the
    description, is a lead-class block or is a long bold paragraph."""
    body = parser._body_run
    if not body:
        return None
    first = body[0]
    lines = parser._lines(first)
    text = lines[0] if lines else ""
    whole = len(lines) == 1
    description = parser._description
    if text and not first.is_heading and not _QUESTION_RE.match(text) and (
        parser.lead_opening_re.match(text)
        or (description and _same_text(text, description))
        or (whole and parser._own_flags(first) & LEAD)
        or (whole and first.bold >= MOSTLY * first.length and first.length >= BOLD_LEAD_MIN_CHARS)
    ):
        return LeadChoice(text, first, whole)
    return None


def lead_from_description(parser):
    """The description, when the page shows no lead (unless it opens the body)."""
    description = parser._description
    if not description:
        return None
    body = parser._body_run
    if body and parser._lines(body[0]) and _same_text(parser._lines(body[0])[0], description):
        return None
    return LeadChoice(description, None, True)


# Why this order: a block the template marks as the summary is certain; a copy of the
# description between title and body is nearly so, and so is a header block opening with the
# outlet's credit; a first paragraph is the lead only with a
# sign of it; the description alone may be an editor's abstract the page never shows.
LEAD_STRATEGIES = (
    Strategy("lead-element", lead_element),
    Strategy("copy-of-description", lead_copy_of_description),
    Strategy("credit-opening-in-header", lead_credit_opening_in_header),
    Strategy("first-paragraph", lead_first_paragraph),
    Strategy("description", lead_from_description),
)
NO_LEAD = LeadChoice("", None, True)


# -- kind strategies: the kind of page, or None -----------------------------------------------

# Kinds whose pictures are the content: their photographers and camera crew are authors.
MEDIA_KINDS = ("photo", "video")


def kind_document(parser):
    """A page with a document's metadata table (``Số ký hiệu``, ``Ngày ban hành``...)."""
    return "document" if parser._document.is_document else None


def kind_video(parser):
    """A JSON-LD ``VideoObject``, an ``og:type`` video, or a title opening with ``[Video]``."""
    page = parser.page
    if (page.ld_objects_of_type("VideoObject")
            or (page.first_meta("og:type") or "").lower().startswith("video")
            or _VIDEO_TITLE_RE.match(parser._title_choice.text)):
        return "video"
    return None


def kind_photo(parser):
    """A title opening with ``[Ảnh]``/``Phóng sự ảnh``, a credit that names the photographer
    first (``Ảnh: A - Bài: B``), or many captioned pictures saying more than the text: the
    pictures are the story."""
    if _PHOTO_TITLE_RE.match(parser._title_choice.text):
        return "photo"
    captions = parser.captions()
    if (len(captions) >= PHOTO_STORY_MIN_CAPTIONS
            and sum(map(len, captions)) >= sum(map(len, parser._body_and_byline.paragraphs))):
        return "photo"
    byline = parser._body_and_byline.byline
    if (byline is not None and byline.photo and byline.authors
            and byline.credited[0] in byline.photo and byline.credited[0] not in byline.authors):
        return "photo"  # "Ảnh: A - Bài: B"; not "Tin, ảnh: A", where A wrote the text too
    return None


def kind_interview(parser):
    """A title opening with ``[Phỏng vấn]``, or questions labelled ``Phóng viên:``."""
    if _INTERVIEW_TITLE_RE.match(parser._title_choice.text):
        return "interview"
    questions = sum(1 for p in parser._body_and_byline.paragraphs if _QUESTION_RE.match(p))
    return "interview" if questions >= INTERVIEW_MIN_QUESTIONS else None


# Why this order: a metadata table is unmistakable; a video is declared by metadata or title;
# a photo story and an interview are read from the title or the text. Anything else is news.
KIND_STRATEGIES = (
    Strategy("document", kind_document),
    Strategy("video", kind_video),
    Strategy("photo", kind_photo),
    Strategy("interview", kind_interview),
)
DEFAULT_KIND = "news"


class GenericParser(Parser):
    """Metadata-first, density-based parser for any Vietnamese news article page."""

    # The name recorded in ``layout`` for pages this parser reads.
    era = "generic"
    furniture_headings = GENERIC_FURNITURE
    lead_opening_re = CREDIT_OPENING_RE
    title_strategies = TITLE_STRATEGIES
    published_at_strategies = PUBLISHED_AT_STRATEGIES
    byline_strategies = BYLINE_STRATEGIES
    lead_strategies = LEAD_STRATEGIES
    kind_strategies = KIND_STRATEGIES

    def __init__(self, page):
        super().__init__(page)
        self._line_cache = {}  # block index -> cleaned paragraphs

    # -- shared analysis ----------------------------------------------------------------------

    @cached_property
    def _furniture_keys(self):
        return tuple(_folded_key(h) for h in self.furniture_headings)

    @cached_property
    def _site_names(self):
        """Names that mean this site, not a person: the parser's own, the host's first label
        (domains are never names anyway) and the site name the page declares."""
        names = list(self.site_names)
        host = urlsplit(self.page.url or "").hostname or ""
        if host:
            names.append(host.removeprefix("www.").split(".")[0])
        for key in SITE_NAME_META_KEYS:
            names.extend(self.page.meta.get(key, ()))
        return _distinct_names(tuple(names))

    @cached_property
    def _blocks(self):
        return self.page.blocks

    @cached_property
    def _container(self):
        """The body container; a paragraph is never one (an article of one long paragraph
        and a short credit line: the element around them is)."""
        container = self._blocks.container()
        if container is not None and container.tag in PARAGRAPH_TAGS and container.getparent() is not None:
            return container.getparent()
        return container

    @cached_property
    def _container_span(self):
        if self._container is None:
            return (len(self._blocks), len(self._blocks))
        return self._blocks.span(self._container)

    @cached_property
    def _container_flags(self):
        return self._blocks.flags_at.get(self._container, 0)

    def _own_flags(self, block):
        """A block's hints below the container (hints on the container's ancestors apply to
        the whole article and say nothing about this block)."""
        return block.flags & ~self._container_flags

    @cached_property
    def _meta_title(self):
        value = self.page.first_meta("og:title", "twitter:title")
        if not value:
            value = self.page.ld_value("headline")
            value = value if isinstance(value, str) else None
        return clean_text(value)

    @cached_property
    def _h1_candidates(self):
        """Visible, non-furniture ``<h1>`` elements that own their block, as TitleChoices."""
        blocks = self._blocks
        candidates = []
        for el, index in blocks.h1:
            if index < len(blocks) and blocks.items[index].owner is el:
                text = clean_text("".join(el.itertext()))
                if text and not self._own_flags(blocks.items[index]) & BOILER:
                    candidates.append(TitleChoice(text, index))
        return candidates

    @cached_property
    def _visible_blocks(self):
        return [b for b in self._blocks if b.length and not self._own_flags(b) & BOILER]

    @cached_property
    def _title_choice(self):
        return first_found(self.title_strategies, self).value

    def _headline_before_body(self):
        """Without metadata, ``<h1>`` or a ``<title>`` naming the article: the nearest block
        before the body that looks like a headline (a title class, a heading, all bold)."""
        start = self._container_span[0]
        for block in reversed(self._blocks.items[max(0, start - HEADER_LOOKBACK_BLOCKS):start]):
            if not HEADLINE_MIN_CHARS <= block.length <= HEADLINE_MAX_CHARS:
                continue
            if block.link_density > HEADLINE_MAX_LINK_DENSITY:
                continue
            if block.flags & (BOILER | CAPTION | FIGURE | IMAGE_TABLE | DATE | AUTHOR):
                continue
            text = _block_text(block)
            if text.endswith(".") or self._is_site_name(text) or self._is_date_line(block):
                continue
            if block.flags & TITLE or block.is_heading or block.bold >= MOSTLY * block.length:
                return block
        return None

    def _is_site_name(self, text):
        """Whether ``text`` names the site (or a part of its name, or the name with a short
        label such as "Trang chủ" added), not an article."""
        key = _folded_key(text)
        return bool(key) and any(
            key in s or (s in key and len(key) <= len(s) + SITE_NAME_LABEL_MAX_CHARS)
            for s in self._site_keys)

    @cached_property
    def _site_keys(self):
        return tuple(k for k in map(_folded_key, self._site_names) if k)

    def _title_from_title_tag(self):
        """``<title>`` without the site name that templates add ("Title - Site")."""
        text = clean_text(self.page.title_tag)
        separators = list(_TITLE_SEPARATORS_RE.finditer(text))
        if separators:
            first, last = separators[0], separators[-1]
            if self._is_site_name(text[last.end():]):
                text = text[:last.start()]
            elif self._is_site_name(text[:first.start()]):
                text = text[first.end():]
        return text

    @cached_property
    def _title_index(self):
        return self._title_choice.block_index

    @cached_property
    def _header_blocks(self):
        """Blocks between the title and the body's first prose block: where the date, author
        line and lead of most templates sit."""
        start, end = self._container_span
        title = self._title_index
        items = self._blocks.items
        if title is not None and title < start:
            return items[title + 1:start]
        if title is not None and start <= title < end:
            # The title is inside the container: the header runs to the first prose block.
            out = []
            for b in items[title + 1:end]:
                if (b.length >= PROSE_MIN_CHARS and b.link_density < PROSE_MAX_LINK_DENSITY
                        and not self._own_flags(b) & LEAD):  # a long sapo is still header
                    break
                out.append(b)
            return out
        return items[max(0, start - HEADER_LOOKBACK_BLOCKS):start]

    @cached_property
    def _description(self):
        value = self.page.first_meta("og:description", "description", "twitter:description")
        if not value:
            value = self.page.ld_value("description")
            value = value if isinstance(value, str) else None
        return clean_text(value)

    @cached_property
    def _document(self):
        """The document metadata table of the page, if any."""
        return read_metadata(self._blocks.items)

    @cached_property
    def _kind(self):
        return first_found(self.kind_strategies, self).value or DEFAULT_KIND

    @cached_property
    def _candidate_body_blocks(self):
        """The container's blocks that may be body text, in order (before furniture cut, lead
        and byline)."""
        start, end = self._container_span
        title = self._title_index
        if title is not None and start <= title < end:
            start = title + 1
            header = set(id(b) for b in self._header_blocks)
        else:
            header = set()
        out = []
        metadata = self._document.blocks
        for block in self._blocks.items[start:end]:
            if block.index in metadata:
                continue
            if id(block) in header and block.length < PROSE_MIN_CHARS:
                if block.flags & (DATE | AUTHOR) or self._is_date_line(block):
                    continue
            flags = self._own_flags(block)
            if flags & (BOILER | CAPTION | FIGURE | IMAGE_TABLE | AUTHOR | SOURCE):
                continue
            if not block.length:
                continue
            if block.length >= LINK_LABEL_MAX_CHARS and block.link > LINK_LIST_MIN_SHARE * block.length:
                continue
            if block.length < LINK_LABEL_MAX_CHARS and block.link == block.length:
                continue
            out.append(block)
        return out

    def _is_date_line(self, block):
        if block.length > DATE_LINE_MAX_CHARS:
            return False
        text = _block_text(block)
        if not (_DATE_HINT_RE.search(text) or _RELATIVE_HINT_RE.search(text)) or text.endswith("."):
            return False
        return (len(text.split()) <= DATE_LINE_MAX_WORDS
                and parse_date(text, self.page.fetched_at) is not None)

    def _is_furniture_heading(self, block):
        if block.length > FURNITURE_HEADING_MAX_CHARS:
            return False
        key = _folded_key(block.text)
        if not key:
            return False
        text = fold(clean_text(block.text))
        for heading in self._furniture_keys:
            if key == heading:
                return True
            if key.startswith(heading + " "):  # "Bình luận (0)", "Tổng lượt bình luận: 5"
                rest = text[len(heading):].lstrip()
                if rest[:1] in (":", "(") or rest[:1].isdigit():
                    return True
        return False

    @cached_property
    def _caption_blocks(self):
        """Blocks that are image captions, in the article (title to end of body)."""
        start, end = self._container_span
        title = self._title_index
        first = title + 1 if title is not None and title < start else start
        items = self._blocks.items
        out = []
        previous = None
        for block in items[first:end]:
            flags = self._own_flags(block) if block.index >= start else block.flags
            if flags & BOILER:
                previous = block
                continue
            if block.length and flags & (CAPTION | IMAGE_TABLE):
                out.append(block)
            elif block.length and previous is not None and self._follows_image(previous, block):
                out.append(block)
            elif block.images and block.length and self._under_its_image(block):
                out.append(block)
            previous = block
        return out

    @staticmethod
    def _follows_image(previous, block):
        """A short italic or centred line right after an image-only block, or one whose class
        says caption (``cap``, ``desc``, ``chu-thich``, ``ghi-chu``): a caption."""
        if not previous.image_only or block.length > CAPTION_MAX_CHARS or block.is_heading:
            return False
        if block.emph >= MOSTLY * block.length:
            return True
        if _CAPTION_CLASS_RE.search((block.owner.get("class") or "").lower()):
            return True
        style = block.owner.get("style") or ""
        return bool(_CENTER_RE.search(style)) and block.length <= CENTRED_CAPTION_MAX_CHARS

    @staticmethod
    def _under_its_image(block):
        """A picture and, after a line break, its italic caption in one block
        (``<p><img><br><em>...</em></p>``)."""
        return block.length <= CAPTION_MAX_CHARS and block.emph >= MOSTLY * block.length

    @cached_property
    def _body_run(self):
        """The container's body blocks in reading order (lead included), without captions,
        lines that are page furniture wherever they are (pointers, tool bars, cookie notices)
        and boxes of furniture inside the text, up to the first furniture heading that
        follows body text."""
        captions = set(id(b) for b in self._caption_blocks)
        out = []
        skip_until = -1
        for block in self._candidate_body_blocks:
            if id(block) in captions or block.index < skip_until or self._is_furniture_line(block):
                continue
            if self._is_furniture_heading(block):
                box_end = self._inline_box_end(block)
                if box_end is not None:
                    skip_until = box_end  # a "Tin liên quan" box inside the text: the text goes on
                    continue
                if out:
                    break
                continue
            out.append(block)
        return out

    def _is_furniture_line(self, block):
        """A line that is furniture wherever it sits: a pointer elsewhere ("Xem thêm: ..."), a
        tool bar ("In bài | Cỡ chữ"), a cookie notice."""
        if block.link and block.length <= TOOL_LINE_MAX_CHARS:  # a tool bar has links
            words = _folded_key(block.text).split()
            if words and all(w in TOOL_WORDS for w in words):
                return True
        if block.link >= POINTER_LINE_MIN_LINK_SHARE * block.length:
            if _POINTER_LINE_RE.match(_folded_key(block.text[:POINTER_LABEL_CHARS])):
                return True
        return (block.length <= COOKIE_NOTICE_MAX_CHARS and "ookie" in block.text
                and _COOKIE_RE.search(block.text) is not None
                and _CONSENT_RE.search(block.text) is not None)

    def _inline_box_end(self, heading):
        """When a furniture heading opens a box inside the text (the container's child that
        holds it holds other blocks too, and body prose follows that child), the index after
        the box; else None (the heading ends the body)."""
        container = self._container
        box = heading.owner
        while box is not None and box.getparent() is not container:
            box = box.getparent()
        if box is None or box is heading.owner:
            return None
        first, end = self._blocks.span(box)
        container_end = self._container_span[1]
        if end - first < 2:
            return None
        for block in self._blocks.items[end:container_end]:
            if block.length >= PROSE_MIN_CHARS and block.link_density < PROSE_MAX_LINK_DENSITY:
                return end
        return None

    def _lines(self, block):
        """The block's cleaned paragraphs, computed once per block."""
        lines = self._line_cache.get(block.index)
        if lines is None:
            lines = self._line_cache[block.index] = _paragraphs(block)
        return lines

    @cached_property
    def _lead_header_blocks(self):
        """Header blocks long enough to be a lead, not furniture, captions or link lists."""
        metadata = self._document.blocks
        return [b for b in self._header_blocks
                if b.length >= LEAD_MIN_CHARS and b.index not in metadata
                and not b.flags & (BOILER | CAPTION | FIGURE | IMAGE_TABLE)
                and b.link_density < LEAD_MAX_LINK_DENSITY]

    @cached_property
    def _lead_choice(self):
        if self._document.is_document:
            return NO_LEAD  # a document's text is its own: no sapo, all of it is body
        return first_found(self.lead_strategies, self).value or NO_LEAD

    @cached_property
    def _body_and_byline(self):
        """The body paragraphs after the lead, and the byline that closes them."""
        _, lead_block, whole = self._lead_choice
        paragraphs = []
        blocks = []
        started = lead_block is None
        for block in self._body_run:
            if not started:
                if block is lead_block:
                    started = True
                    if not whole and self._lines(block)[1:]:
                        paragraphs.extend(self._lines(block)[1:])
                        blocks.append(block)
                    continue
                if block.index < lead_block.index:
                    continue  # between the title and a lead inside the container
                started = True
            paragraphs.extend(self._lines(block))
            blocks.append(block)
        byline = None
        # A byline and its trailers are short lines: the run of them at the end is all that
        # parse_byline needs to see (a long paragraph is never part of the credit).
        tail = []
        for paragraph in reversed(paragraphs[-CLOSING_LINES:]):
            if len(paragraph) > CREDIT_LINE_MAX_CHARS:
                break
            tail.insert(0, paragraph)
        if tail:
            byline = _credit(tuple(tail))
            if byline is not None and byline.consumed:
                paragraphs = paragraphs[: len(paragraphs) - byline.consumed]
        return BodyAndByline(paragraphs, byline, blocks)

    @cached_property
    def _article_scope(self):
        """Block index range in which bylines and dates of this article may appear."""
        start, end = self._container_span
        title = self._title_index
        first = title if title is not None and title < start else max(0, start - HEADER_LOOKBACK_BLOCKS)
        return first, min(len(self._blocks), end + BYLINE_WINDOW_BLOCKS)

    def _hinted(self, flag):
        """Hinted elements (AUTHOR, DATE, SOURCE) inside the article scope, innermost first
        when nested, in document order."""
        first, last = self._article_scope
        found = [(el, index) for flags, el, index in self._blocks.hinted
                 if flags & flag and first <= index <= last]
        innermost = []
        for i, (el, index) in enumerate(found):
            nested = any(other is not el and el in other.iterancestors()
                         for other, _ in found[i + 1:i + 1 + NESTING_LOOKAHEAD])
            if not nested:
                innermost.append((el, index))
        return innermost

    @cached_property
    def _byline_element(self):
        """The first author element of the article that credits someone, read like a byline
        line ("Văn Lượng (TTXVN)", "Theo TTXVN") or a metadata value."""
        for el, index in self._hinted(AUTHOR):
            if self._in_furniture(index):
                continue
            text = clean_text(el.xpath("string()"))
            if not text or len(text) > BYLINE_ELEMENT_MAX_CHARS:
                continue
            credit = _credit((text,))
            if credit is not None and (credit.authors or credit.source):
                return ElementCredit(list(credit.authors), credit.source)
            authors = list(_persons(text, self._site_names))
            if authors:
                return ElementCredit(authors, None)
        return ElementCredit([], None)

    @cached_property
    def _source_element(self):
        """The outlet named by a source element ("Nhịp sống thị trường"), without "Theo"."""
        for el, index in self._hinted(SOURCE):
            if self._in_furniture(index):
                continue
            text = clean_text(el.xpath("string()"))
            if text and len(text) <= SOURCE_ELEMENT_MAX_CHARS and "http" not in text and "/" not in text:
                source = _SOURCE_PREFIX_RE.sub("", text).strip(" ()")
                if source:
                    return source
        return None

    @cached_property
    def _credited_source(self):
        """The outlet credited: a source element, an author element's agency, the byline's."""
        byline = self._body_and_byline.byline
        return (self._source_element or self._byline_element.source
                or (byline.source if byline is not None else None))

    @cached_property
    def _credit(self):
        authors, rule = first_found(self.byline_strategies, self)
        return Credit(authors or [], self._credited_source, rule or "none")

    def _in_furniture(self, index):
        """Whether the block at ``index`` sits in furniture (related news, comments...)."""
        items = self._blocks.items
        if index >= len(items):
            return False
        return bool(self._own_flags(items[index]) & FURNITURE)

    @cached_property
    def _date_texts(self):
        """Short header lines and the date elements at the top of the article: where a printed
        publication date sits."""
        metadata = self._document.blocks  # the document's day of issue is not the page's date
        texts = [_block_text(b) for b in self._header_blocks
                 if b.length <= HEADER_DATE_MAX_CHARS and b.index not in metadata]
        start = self._container_span[0]
        texts += [clean_text(el.xpath("string()")) for el, index in self._hinted(DATE)
                  if index <= start + DATE_ELEMENT_MAX_BLOCKS_INTO_BODY]
        return texts

    @cached_property
    def _published(self):
        return first_found(self.published_at_strategies, self)

    @cached_property
    def _container_ancestors(self):
        if self._container is None:
            return frozenset()
        return frozenset(self._container.iterancestors())

    def _outside_article(self, el):
        """Whether an element sits in related news, comments or other furniture (hints on the
        container's own ancestors say nothing: they wrap the article too)."""
        for ancestor in el.iterancestors():
            if ancestor is self._container or ancestor in self._container_ancestors:
                return False
            if classify(ancestor) & (HIDDEN | FURNITURE):
                return True
        return False

    # -- fields -------------------------------------------------------------------------------

    @field
    def title(self):
        return self._title_choice.text

    @field
    def published_at(self):
        return self._published.value

    @field
    def published_at_source(self):
        return self._published.rule

    @field
    def authors(self):
        return self._credit.authors

    @field
    def byline_source(self):
        return self._credit.rule

    @field
    def source(self):
        return self._credit.source

    @field
    def category(self):
        value = self.page.first_meta("article:section")
        if not value:
            value = self.page.ld_value("articleSection")
            if isinstance(value, list):
                value = value[0] if value else None
        if not (isinstance(value, str) and value.strip()):
            value = self.page.breadcrumb() or self._trail_before_title()
        return clean_text(value) or None if isinstance(value, str) else None

    def _trail_before_title(self):
        """The last section of an unmarked breadcrumb trail above the title ("Trang chủ >
        Tin tức - Sự kiện"): a line of links that opens with the home page and uses a trail's
        separators (a menu uses "|" and names many sections)."""
        title = self._title_index
        if title is None:
            return None
        for block in reversed(self._blocks.items[max(0, title - HEADER_LOOKBACK_BLOCKS):title]):
            if not block.length or block.link < LINK_LIST_MIN_SHARE * block.length:
                continue
            labels = [clean_text(x) for x in _TRAIL_SEPARATOR_RE.split(_block_text(block))]
            if (2 <= len(labels) <= TRAIL_MAX_LABELS and all(labels)
                    and labels[0].lower() in HOME_LABELS):
                return labels[-1]
        return None

    @field
    def lead(self):
        return self._lead_choice.text

    @field
    def body(self):
        paragraphs = self._body_and_byline.paragraphs
        if not paragraphs and self._kind == "video":
            return self._video_description
        return "\n\n".join(paragraphs)

    @cached_property
    def _video_description(self):
        """A video page that shows nothing but its player: the ``VideoObject`` description,
        paragraph by paragraph, is its text."""
        for video in self.page.ld_objects_of_type("VideoObject"):
            text = video.get("description")
            if isinstance(text, str) and text.strip():
                return "\n\n".join(clean_paragraphs(text.splitlines()))
        return ""

    @field
    def images(self):
        images = self._block_images
        if self._kind == "video":
            images = images + [u for u in self._video_pictures if u not in images]
        return images

    @cached_property
    def _video_pictures(self):
        """A video page's picture: its player's poster, else its ``VideoObject`` thumbnail."""
        pictures = [self.page.absolute(p) for p in self.page.video_posters]
        if not pictures:
            for video in self.page.ld_objects_of_type("VideoObject"):
                thumbnails = video.get("thumbnailUrl")
                thumbnails = thumbnails if isinstance(thumbnails, list) else [thumbnails]
                pictures += [self.page.absolute(t) for t in thumbnails[:1] if isinstance(t, str)]
        return pictures

    @cached_property
    def _block_images(self):
        start, end = self._container_span
        title = self._title_index
        first = title + 1 if title is not None and title < start else start
        seen = []
        for block in self._blocks.items[first:end]:
            if not block.images or self._own_flags(block) & BOILER:
                continue
            header = block.index < start
            if header and block.flags & AUTHOR:
                continue  # the author's avatar
            for img in block.images:
                if header and img.getparent() is not None and img.getparent().tag == "a":
                    continue  # a linked banner above the article, not one of its pictures
                src = next((img.get(a) for a in _IMAGE_ATTRS
                            if img.get(a) and not img.get(a).startswith("data:")), None)
                if src:
                    url = self.page.absolute(src)
                    if url not in seen:
                        seen.append(url)
        return seen

    @field
    def captions(self):
        return [text for text in map(_block_text, self._caption_blocks) if text]

    @field
    def kind(self):
        return self._kind

    @field
    def attachments(self):
        # The links the block reading saw within the article's scope: never those of skipped
        # furniture (menus, related news, comments), of hidden elements or of the page's header.
        first, last = self._article_scope
        in_scope = (a for a, index in self._blocks.links if first <= index <= last)
        links = (a for a in attachment_links(in_scope) if not self._outside_article(a))
        return attachment_urls(links, self.page.base_url)

    @field
    def doc_number(self):
        return self._document.fields.get("doc_number")

    @field
    def issued_on(self):
        return self._document.fields.get("issued_on")

    @field
    def issuer(self):
        return self._document.fields.get("issuer")

    @field
    def doc_type(self):
        return self._document.fields.get("doc_type")

    @field
    def summary(self):
        return self._document.fields.get("summary")

    @field
    def layout(self):
        title = self._title_index
        title_owner = self._blocks.items[title].owner if title is not None else None
        text = text_holder(block.owner for block in self._body_and_byline.blocks)
        return layout_signature(self.era, text, title_owner)
