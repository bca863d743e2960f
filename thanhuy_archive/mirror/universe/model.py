"""What the universe is made of: articles, their bylines, images, videos and the metadata of
official documents, and the portal's rules for slugs and tone marks.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from thanhuy_archive.mirror.vocabulary import TONE_VARIANTS


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


def with_tone_variants(s):
    """The other tone placement (hoà, thuỷ, uỷ for hòa, thủy, ủy): both are in use, so one
    portal mixes them and search must find either."""
    for usual, variant in TONE_VARIANTS:
        s = s.replace(usual, variant)
    return s


def hexid(rng, n):
    return "".join(rng.choice("0123456789ABCDEF") for _ in range(n))


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
    style: str  # how its caption is marked up: see templates.figures.CAPTION_STYLES
    upload_day: date | None  # the DD-MM-YYYY in the name, if any


@dataclass(frozen=True)
class Video:
    """The player of a video page: an HTML5 video with its file, or an embedded YouTube
    player; both show ``poster`` until played."""

    player: str  # html5 | youtube
    source: str  # the .mp4 file, or the embed URL
    poster: str
    seconds: int


@dataclass(frozen=True)
class OfficialDocument:
    """The metadata table of a document page ("Văn bản")."""

    number: str  # Số ký hiệu: 15-NQ/TU
    doc_type: str  # Loại văn bản
    issuer: str  # Cơ quan ban hành
    issued_on: date  # Ngày ban hành
    summary: str  # Trích yếu
    shows_posting_time: bool  # whether the page also prints when it was posted


@dataclass(frozen=True)
class AttachedFile:
    """A file an article links, on the media host (``/Uploads/File/<DDMMYYYY><HEX8>/<name>``):
    what it says (paragraphs; ``{sheet name: rows}`` for a workbook), when it was uploaded,
    how it was typed (``unicode``, or the legacy fonts ``tcvn3``/``vni``:
    ``mirror.documents.ENCODINGS``), and, for the large files of benchmarks, the size its
    padding brings it to (0: none)."""

    url: str
    content: object
    uploaded: datetime
    encoding: str = "unicode"
    padded_to: int = 0

    @property
    def name(self):
        return self.url.rsplit("/", 1)[-1]


@dataclass
class Article:
    id: int
    section: str  # "tin-tuc" or "tu-lieu/<collection>"
    listing: str  # slug of the listing that lists it
    category: str  # gold category: the label on the page
    title: str
    slug: str
    lead: str  # starts with LEAD_CREDIT; empty for official documents
    paragraphs: list  # body after the lead
    subheads: frozenset  # indexes of paragraphs printed as bold pseudo-headings
    published: datetime
    modified: datetime
    template: str  # see templates.ARTICLE_TEMPLATES
    date_form: str
    byline: Byline
    images: list
    keywords: list
    kind: str = "news"  # records.ARTICLE_KINDS
    traps: list = field(default_factory=list)
    # Reachable only one way: sitemap | feed | portal-host | base-href, or only through a
    # JavaScript pager (load-more | postback) and the sitemaps.
    hidden: str | None = None
    related: list = field(default_factory=list)  # [(id, link form)] "Tin liên quan"
    old_slugs: list = field(default_factory=list)
    edition_added: int = 1
    questions: frozenset = frozenset()  # interview: the reporter's questions (printed bold)
    speakers: dict = field(default_factory=dict)  # interview: answer index -> "Ông X:" prefix
    video: Video | None = None
    document: OfficialDocument | None = None
    files: list = field(default_factory=list)  # AttachedFile: what the page links for download
    faults: list = field(default_factory=list)  # what its URL answers before the page
    amp: bool = False  # an AMP copy exists at amp_path

    @property
    def path(self):
        return f"/{self.section}/{self.slug}-{self.id}"

    @property
    def amp_path(self):
        return f"/amp{self.path}" if self.amp else None

    def path_with(self, slug):
        return f"/{self.section}/{slug}-{self.id}"

    @property
    def published_at(self):
        """The gold publication value (records.Article.published_at): what a correct
        extractor can know from this page, no more."""
        if self.date_form == "none":
            return None
        if self.date_form == "image-day":
            return self.images[0].upload_day.isoformat()
        if self.date_form == "issued-on":  # a document page that prints no other date
            return self.document.issued_on.isoformat()
        return self.published.isoformat()

    @property
    def attachments(self):
        return [f.url for f in self.files]

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
    documents: list  # the /tu-lieu/ archive: texts and official documents
    roles: dict  # role name -> article id
    notices: list  # ids shown in the site-wide "Thông báo" box
    dead_link: str  # an article-like path that answers 404
    edited: list
    removed: dict  # id -> 404 | 410
