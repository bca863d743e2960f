"""The generic parser: trustworthy metadata first, then the visible page, for any news page.

Every field has one method. The rules, in order of trust:

* title: the visible ``<h1>`` (it wins over ``og:title`` when they disagree); without one, the
  visible copy of the metadata title; then ``og:title``/JSON-LD ``headline``; then ``<title>``.
* published_at: ``article:published_time`` (and its aliases), JSON-LD ``datePublished``,
  ``<time datetime>``, a day-first date printed between the title and the body (never the
  header's date of viewing, never a year-less date), a relative date there (``2 giờ trước``),
  and last the upload day in an image file name.
* authors/source: ``meta`` author values that name a person (not the site, a Facebook URL or a
  company), JSON-LD ``author``, an explicit author element, the byline in the last paragraphs.
* lead: the summary block between title and body (class hint, or the visible copy of the
  description), else a first body paragraph that opens with a credit (``(Thanhuytphcm.vn) - ``).
* body: the text blocks of the density-chosen container after the lead, without captions,
  bylines, related boxes, share buttons, ads and other furniture, paragraphs joined by a blank
  line, subheadings included.
"""

import re
import unicodedata
from functools import cached_property, lru_cache
from urllib.parse import urljoin, urlsplit

from crawler.bylines import clean_author, parse_byline
from crawler.dates import find_date_in_text, parse_date, parse_machine_date, upload_day_from_image
from crawler.parsers.base import Parser, field
from crawler.parsers.blocks import (AUTHOR, BOILER, CAPTION, DATE, FIGURE, FURNITURE, HIDDEN,
                                    IMAGE_TABLE, LEAD, SOURCE, TITLE, classify)
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
# A line that is only a date/time stamp ("07/03/2026 08:47", "Cập nhật: 2 giờ trước").
_DATE_LINE_MAX = 60
# A credit or trailer line at the end of an article is never longer than this.
_CREDIT_LINE_MAX = 300
# A furniture heading with its count or colon is never longer than this.
_FURNITURE_HEADING_MAX = 45
_SOURCE_PREFIX_RE = re.compile(r"^\s*(?:\(?\s*theo\s+|nguồn\s*:?\s*)", re.I)
_TITLE_SEPARATORS_RE = re.compile(r"\s+[-|–—:»]\s+")
_WORD_RE = re.compile(r"\w+")
_IMAGE_ATTRS = ("data-src", "data-original", "data-lazy-src", "src")
_CENTER_RE = re.compile(r"text-align\s*:\s*center", re.I)


def _key(text):
    """A comparison key: the words, NFC and case-folded (accents and tone placement kept)."""
    return " ".join(_WORD_RE.findall(unicodedata.normalize("NFC", text).casefold()))


@lru_cache(maxsize=4096)
def _folded_key(text):
    """A comparison key without accents: "Thanh Hoá" and "Thanh Hóa" compare equal (cached:
    furniture labels repeat on every page of a site)."""
    return " ".join(_WORD_RE.findall(fold(text)))


def _same_text(a, b, minimum=30):
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
    return n >= 60


# Bylines repeat from page to page (the site's name in every meta author, the same reporters):
# the helpers' answers are kept for values already seen.
@lru_cache(maxsize=8192)
def _persons(value, site_names):
    """``clean_author`` of a string or a tuple of strings (JSON-LD authors), memoised."""
    return tuple(clean_author(list(value) if isinstance(value, tuple) else value, site_names))


@lru_cache(maxsize=8192)
def _credit(lines):
    """``parse_byline`` of a tuple of closing lines, memoised (the Byline is not modified)."""
    return parse_byline(lines)


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


class GenericParser(Parser):
    """Metadata-first, density-based parser for any Vietnamese news article page."""

    furniture_headings = GENERIC_FURNITURE
    lead_opening_re = CREDIT_OPENING_RE
    # How many blocks after the body container may still hold the byline element.
    byline_window = 15

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
        unique = {}
        for name in names:
            if name and _folded_key(name) not in unique:
                unique[_folded_key(name)] = name
        return tuple(unique.values())

    @cached_property
    def _blocks(self):
        return self.page.blocks

    @cached_property
    def _container(self):
        return self._blocks.container()

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
    def _title_choice(self):
        """(title text, index of its block or None)."""
        blocks = self._blocks
        candidates = []
        for el, index in blocks.h1:
            if index < len(blocks) and blocks.items[index].owner is el:
                text = clean_text("".join(el.itertext()))
                if text and not self._own_flags(blocks.items[index]) & BOILER:
                    candidates.append((text, index))
        visible = (b for b in blocks if b.length and not self._own_flags(b) & BOILER)
        reference = self._meta_title
        if reference:
            if candidates:
                score, best = max(((_similarity(c[0], reference), c) for c in candidates),
                                  key=lambda scored: scored[0])
                if score >= 0.3:
                    return best
            # The visible copy of the metadata title (a headline in a <div>, a <p>...).
            size = len(reference)
            similar = [b for b in visible if abs(b.length - size) <= size // 4 + 5]
            for key in (_key, _folded_key):
                ref_key = key(reference)
                for block in similar:
                    if key(block.text) == ref_key:
                        return clean_text(block.text), block.index
        else:
            # No metadata title: the visible text that <title> quotes ("Site - Title").
            tag_key = _key(self.page.title_tag)
            size = len(tag_key)
            quoted = [b for b in visible if 0.4 * size <= b.length <= size + 10]
            quoted = [b for b in quoted if (key := _key(b.text)) and key in tag_key
                      and not self._is_site_name(b.text)]
            if quoted:
                best = max(quoted, key=lambda b: b.length)
                return clean_text(best.text), best.index
        if candidates:
            # An <h1> that matches nothing: the page's own headline when it sits right before
            # the article (not a logo in the page header).
            start = self._container_span[0]
            near = [c for c in candidates if 0 <= start - c[1] <= 12]
            if near or not reference:
                return (near or candidates)[-1 if near else 0]
        if reference:
            return reference, None
        headline = self._headline_before_body()
        if headline is not None:
            return _block_text(headline), headline.index
        text = self._title_from_title_tag()
        return ("" if self._is_site_name(text) else text), None

    def _headline_before_body(self):
        """Without metadata, ``<h1>`` or a ``<title>`` naming the article: the nearest block
        before the body that looks like a headline (a title class, a heading, all bold)."""
        start = self._container_span[0]
        for block in reversed(self._blocks.items[max(0, start - 8):start]):
            if not 10 <= block.length <= 300 or block.link_density > 0.5:
                continue
            if block.flags & (BOILER | CAPTION | FIGURE | IMAGE_TABLE | DATE | AUTHOR):
                continue
            text = _block_text(block)
            if text.endswith(".") or self._is_site_name(text) or self._is_date_line(block):
                continue
            if block.flags & TITLE or block.is_heading or block.bold >= 0.9 * block.length:
                return block
        return None

    def _is_site_name(self, text):
        """Whether ``text`` names the site (or a part of its name), not an article."""
        key = _folded_key(text)
        return bool(key) and any(key in s or (s in key and len(key) <= len(s) + 12)
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
        return self._title_choice[1]

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
                if b.length >= 120 and b.link_density < 0.3:
                    break
                out.append(b)
            return out
        return items[max(0, start - 8):start]

    @cached_property
    def _description(self):
        value = self.page.first_meta("og:description", "description", "twitter:description")
        if not value:
            value = self.page.ld_value("description")
            value = value if isinstance(value, str) else None
        return clean_text(value)

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
        for block in self._blocks.items[start:end]:
            if id(block) in header and block.length < 120:
                if block.flags & (DATE | AUTHOR) or self._is_date_line(block):
                    continue
            flags = self._own_flags(block)
            if flags & (BOILER | CAPTION | FIGURE | IMAGE_TABLE | AUTHOR | SOURCE):
                continue
            if not block.length:
                continue
            if block.length >= 10 and block.link > 0.8 * block.length:
                continue
            if block.length < 10 and block.link == block.length:
                continue
            out.append(block)
        return out

    def _is_date_line(self, block):
        if block.length > _DATE_LINE_MAX:
            return False
        text = _block_text(block)
        if not (_DATE_HINT_RE.search(text) or _RELATIVE_HINT_RE.search(text)) or text.endswith("."):
            return False
        return len(text.split()) <= 8 and parse_date(text, self.page.fetched_at) is not None

    def _is_furniture_heading(self, block):
        if block.length > _FURNITURE_HEADING_MAX:
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
            previous = block
        return out

    @staticmethod
    def _follows_image(previous, block):
        """A short italic or centred line right after an image-only block: a caption."""
        if not previous.image_only or block.length > 300 or block.is_heading:
            return False
        if block.emph >= 0.9 * block.length:
            return True
        style = block.owner.get("style") or ""
        return bool(_CENTER_RE.search(style)) and block.length <= 200

    @cached_property
    def _body_run(self):
        """The container's body blocks in reading order (lead included), without captions,
        up to the first furniture heading that follows body text."""
        captions = set(id(b) for b in self._caption_blocks)
        out = []
        for block in self._candidate_body_blocks:
            if id(block) in captions:
                continue
            if self._is_furniture_heading(block):
                if out:
                    break
                continue
            out.append(block)
        return out

    def _lines(self, block):
        """The block's cleaned paragraphs, computed once per block."""
        lines = self._line_cache.get(block.index)
        if lines is None:
            lines = self._line_cache[block.index] = _paragraphs(block)
        return lines

    @cached_property
    def _lead_choice(self):
        """(lead text, the block it came from or None, whether it is the whole block rather
        than the block's first line)."""
        description = self._description
        header = [b for b in self._header_blocks
                  if b.length >= 30 and not b.flags & (BOILER | CAPTION | FIGURE | IMAGE_TABLE)
                  and b.link_density < 0.5]
        for block in header:
            if block.flags & LEAD and not block.flags & (AUTHOR | DATE):
                return _block_text(block), block, True
        if description:
            for block in header:
                if _same_text(block.text, description):
                    return _block_text(block), block, True
        body = self._body_run
        if body:
            first = body[0]
            lines = self._lines(first)
            text = lines[0] if lines else ""
            whole = len(lines) == 1
            if text and not first.is_heading and (
                self.lead_opening_re.match(text)
                or (description and _same_text(text, description))
                or (whole and self._own_flags(first) & LEAD)
                or (whole and first.bold >= 0.9 * first.length and first.length >= 60)
            ):
                return text, first, whole
        if description and not (body and self._lines(body[0])
                                and _same_text(self._lines(body[0])[0], description)):
            return description, None, True
        return "", None, True

    @cached_property
    def _body_paragraphs_and_byline(self):
        """(body paragraphs after the lead, without the closing byline; the Byline or None)."""
        _, lead_block, whole = self._lead_choice
        paragraphs = []
        started = lead_block is None
        for block in self._body_run:
            if not started:
                if block is lead_block:
                    started = True
                    if not whole:
                        paragraphs.extend(self._lines(block)[1:])
                    continue
                if block.index < lead_block.index:
                    continue  # between the title and a lead inside the container
                started = True
            paragraphs.extend(self._lines(block))
        byline = None
        # A byline and its trailers are short lines: the run of them at the end is all that
        # parse_byline needs to see (a long paragraph is never part of the credit).
        tail = []
        for paragraph in reversed(paragraphs[-3:]):
            if len(paragraph) > _CREDIT_LINE_MAX:
                break
            tail.insert(0, paragraph)
        if tail:
            byline = _credit(tuple(tail))
            if byline is not None and byline.consumed:
                paragraphs = paragraphs[: len(paragraphs) - byline.consumed]
        return paragraphs, byline

    @cached_property
    def _article_scope(self):
        """Block index range in which bylines and dates of this article may appear."""
        start, end = self._container_span
        title = self._title_index
        first = title if title is not None and title < start else max(0, start - 8)
        return first, min(len(self._blocks), end + self.byline_window)

    def _hinted(self, flag):
        """Hinted elements (AUTHOR, DATE, SOURCE) inside the article scope, innermost first
        when nested, in document order."""
        first, last = self._article_scope
        found = [(el, index) for flags, el, index in self._blocks.hinted
                 if flags & flag and first <= index <= last]
        innermost = []
        for i, (el, index) in enumerate(found):
            nested = any(other is not el and el in other.iterancestors() for other, _ in found[i + 1:i + 6])
            if not nested:
                innermost.append((el, index))
        return innermost

    @cached_property
    def _byline_element(self):
        """(authors, source) of the first author element of the article that credits someone,
        read like a byline line ("Văn Lượng (TTXVN)", "Theo TTXVN") or a metadata value."""
        for el, index in self._hinted(AUTHOR):
            if self._in_furniture(index):
                continue
            text = clean_text(el.xpath("string()"))
            if not text or len(text) > 100:
                continue
            credit = _credit((text,))
            if credit is not None and (credit.authors or credit.source):
                return list(credit.authors), credit.source
            authors = list(_persons(text, self._site_names))
            if authors:
                return authors, None
        return [], None

    @cached_property
    def _source_element(self):
        """The outlet named by a source element ("Nhịp sống thị trường"), without "Theo"."""
        for el, index in self._hinted(SOURCE):
            if self._in_furniture(index):
                continue
            text = clean_text(el.xpath("string()"))
            if text and len(text) <= 80 and "http" not in text and "/" not in text:
                source = _SOURCE_PREFIX_RE.sub("", text).strip(" ()")
                if source:
                    return source
        return None

    @cached_property
    def _byline_choice(self):
        """(authors, source, byline_source)."""
        page = self.page
        names = self._site_names
        element_authors, element_source = self._byline_element
        last_byline = self._body_paragraphs_and_byline[1]
        source = (self._source_element or element_source
                  or (last_byline.source if last_byline is not None else None))
        for key in AUTHOR_META_KEYS:
            for value in page.meta.get(key, ()):
                authors = list(_persons(value, names))
                if authors:
                    return authors, source, "meta"
        authors = list(_persons(_ld_author_names(page.ld_value("author")), names))
        if authors:
            return authors, source, "jsonld"
        if element_authors:
            return element_authors, source, "byline-element"
        if last_byline is not None and (last_byline.authors or last_byline.source):
            return list(last_byline.authors), source, "last-paragraph"
        if element_source:
            return [], source, "byline-element"
        return [], source, "none"

    def _in_furniture(self, index):
        """Whether the block at ``index`` sits in furniture (related news, comments...)."""
        items = self._blocks.items
        if index >= len(items):
            return False
        return bool(self._own_flags(items[index]) & FURNITURE)

    @cached_property
    def _published(self):
        """(ISO date or None, published_at_source or None)."""
        page = self.page
        value = parse_machine_date(page.first_meta(*PUBLISHED_META_KEYS))
        if value:
            return value, "meta"
        ld = page.ld_value("datePublished")
        if isinstance(ld, str) and (value := parse_machine_date(ld)):
            return value, "jsonld"
        for el in page.root.iter("time") if page.root is not None else ():
            stamp = el.get("datetime")
            if stamp and not self._outside_article(el) and (value := parse_machine_date(stamp)):
                return value, "time-element"
        fetched = page.fetched_at
        texts = [_block_text(b) for b in self._header_blocks if b.length <= 200]
        start = self._container_span[0]
        texts += [clean_text(el.xpath("string()")) for el, index in self._hinted(DATE)
                  if index <= start + 2]
        for text in texts:
            if not text or not _DATE_HINT_RE.search(text):
                continue
            text = VIEWING_DATE_RE.sub(" ", text)
            value = find_date_in_text(text, fetched)
            if value:
                return value, "visible"
        for text in texts:
            if fetched and text and len(text) <= 80 and _RELATIVE_HINT_RE.search(text):
                value = parse_date(VIEWING_DATE_RE.sub(" ", text), fetched)
                if value and not find_date_in_text(text):
                    return value, "relative"
        for url in self.images() + [page.first_meta("og:image") or ""]:
            value = upload_day_from_image(url)
            if value:
                return value, "image-name"
        return None, None

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
        return self._title_choice[0]

    @field
    def published_at(self):
        return self._published[0]

    @field
    def published_at_source(self):
        return self._published[1]

    @field
    def authors(self):
        return self._byline_choice[0]

    @field
    def byline_source(self):
        return self._byline_choice[2]

    @field
    def source(self):
        return self._byline_choice[1]

    @field
    def category(self):
        value = self.page.first_meta("article:section")
        if not value:
            value = self.page.ld_value("articleSection")
            if isinstance(value, list):
                value = value[0] if value else None
        if not (isinstance(value, str) and value.strip()):
            value = self.page.breadcrumb()
        return clean_text(value) or None if isinstance(value, str) else None

    @field
    def lead(self):
        return self._lead_choice[0]

    @field
    def body(self):
        return "\n\n".join(self._body_paragraphs_and_byline[0])

    @field
    def images(self):
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
                    url = urljoin(self.page.url or "", src.strip())
                    if url not in seen:
                        seen.append(url)
        return seen

    @field
    def captions(self):
        return [text for text in map(_block_text, self._caption_blocks) if text]
