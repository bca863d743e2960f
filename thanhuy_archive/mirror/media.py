"""The pictures and files the mirror's pages reference, and what is served for each.

Every picture or file URL a page shows goes through the edition's :class:`MediaBook`, as every
article href goes through the link book: gold then knows what each article references, and
the writer serves exactly those URLs, each with its bytes, Content-Type, ETag and
Last-Modified.

A URL shows a :class:`Picture` or an attached file (``universe.model.AttachedFile``):

* a figure's picture, drawn from its URL: its format from the extension (JPEG, the charts of
  the JSON-LD years PNG), its size from the kind of picture (photos; smaller pictures pasted
  into old bodies; video posters);
* the same picture under its plain name (the ``-details`` variant without ``-details`` and
  ``?vs=``): the CMS's thumbnail, shown by listings and ``og:image``: the same bytes;
* a smaller rendition of it (``?w=240``, a ``srcset`` candidate) and a WebP copy (a
  ``<picture>`` source): other files;
* the pages' furniture: the logo (PNG), the old banners (JPEG), the comment forms' captchas
  (GIF), the lazy loader's placeholder (GIF);
* an attached file: PDF, DOC, DOCX, XLS or XLSX made by :mod:`thanhuy_archive.mirror.documents`,
  with the text an extractor must find in it; a large one (benchmarks) is that PDF with a
  stream of pseudo-random bytes appended as an incremental update, served in pieces
  (``server.padding``) so that no one holds it whole.

The same picture identity gives the same bytes; one file referenced under two URLs or by two
articles is one file, which a crawler must store once.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from thanhuy_archive.mirror import pictures
from thanhuy_archive.mirror.documents import CONTENT_TYPES, attachment
from thanhuy_archive.mirror.portal import ARCHIVE_FROM, VN
from thanhuy_archive.mirror.server import padding
from thanhuy_archive.records import payload_digest

JPEG, PNG, GIF, WEBP = "jpeg", "png", "gif", "webp"
IMAGE_TYPES = {JPEG: "image/jpeg", PNG: "image/png", GIF: "image/gif", WEBP: "image/webp"}
FORMAT_OF_EXTENSION = {"jpg": JPEG, "jpeg": JPEG, "png": PNG, "gif": GIF, "webp": WEBP}
EXTENSION_OF_TYPE = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif",
                     "image/webp": "webp", **{t: ext for ext, t in CONTENT_TYPES.items()}}

# Sizes (width, height), one drawn per picture from its identity.
PHOTO_SIZES = ((480, 320), (512, 288), (400, 300), (448, 336), (540, 360), (360, 480))
INLINE_SIZES = ((320, 240), (400, 300), (300, 400))  # pasted into the bodies of the table years
POSTER_SIZE = (480, 270)
RENDITION_WIDTH = 240  # the small candidate of a srcset
# The furniture is as old as the site.
SITE_LAUNCH = datetime(ARCHIVE_FROM.year, ARCHIVE_FROM.month, ARCHIVE_FROM.day, tzinfo=VN)

IMAGE, ATTACHMENT = "image", "attachment"


@dataclass(frozen=True)
class Picture:
    """A picture file: the same ``key``, the same bytes (whatever URL shows it)."""

    key: str
    format: str
    width: int
    height: int
    modified: datetime


def _extension(url):
    return urlsplit(url).path.rsplit(".", 1)[-1].lower()


def thumbnail_url(url):
    """The plain name of a picture: the ``-details`` variant's file without ``-details`` and
    its ``?vs=`` stamp; other names are their own thumbnail."""
    return re.sub(r"-details(\.\w+)\?vs=\d+$", r"\1", url)


def _day(day):
    return datetime(day.year, day.month, day.day, tzinfo=VN)


class MediaBook:
    """The pictures and files an edition's pages show, by URL, and which article shows which.

    Each method notes that the page of article ``a`` shows a URL (a listing's, with
    ``listing=True``; None for ``a``: a page that is no article), and returns that URL for the
    markup."""

    def __init__(self, seed):
        self.seed = seed
        self.shown = {}  # absolute URL -> Picture | AttachedFile
        self.of_article = {}  # article id -> its URLs, in the order its page shows them
        self._served = None

    def _show(self, a, url, item, listing=False):
        self.shown.setdefault(url, item)
        if a is not None and not listing:
            urls = self.of_article.setdefault(a.id, [])
            if url not in urls:
                urls.append(url)
        return url

    def _size(self, key, sizes):
        return random.Random(f"{self.seed}:size:{key}").choice(sizes)

    def _picture(self, a, img):
        if img.style == "poster":
            size = POSTER_SIZE
        else:
            size = self._size(img.url, INLINE_SIZES if "/Uploads/Image/" in img.url else PHOTO_SIZES)
        modified = _day(img.upload_day) if img.upload_day else a.published
        return Picture(img.url, FORMAT_OF_EXTENSION[_extension(img.url)], *size, modified)

    def photo(self, a, img, listing=False):
        """The picture ``img`` of article ``a`` at its own URL."""
        return self._show(a, img.url, self._picture(a, img), listing)

    def thumbnail(self, a, img, listing=False):
        """Picture ``img`` of article ``a`` under its plain name."""
        return self._show(a, thumbnail_url(img.url), self._picture(a, img), listing)

    def rendition(self, a, img):
        """A smaller file of the picture, RENDITION_WIDTH wide: a srcset candidate."""
        picture = self._picture(a, img)
        url = img.url + ("&" if "?" in img.url else "?") + f"w={RENDITION_WIDTH}"
        height = picture.height * RENDITION_WIDTH // picture.width
        return self._show(a, url, Picture(url, picture.format, RENDITION_WIDTH, height,
                                          picture.modified))

    def webp(self, a, img):
        """The picture as WebP, at its plain name with the extension ``.webp``."""
        picture = self._picture(a, img)
        url = re.sub(r"\.\w+$", ".webp", thumbnail_url(img.url).split("?")[0])
        return self._show(a, url, Picture(url, WEBP, picture.width, picture.height, picture.modified))

    def furniture(self, a, url, picture_format, size):
        """A picture every page of a layout shows (logo, banner, captcha, placeholder)."""
        return self._show(a, url, Picture(url, picture_format, *size, SITE_LAUNCH))

    def attachment(self, a, file):
        """An attached file (``AttachedFile``) that article ``a`` links."""
        return self._show(a, file.url, file)

    def size(self, url):
        """(width, height) of the picture shown at ``url``, for the markup that states it."""
        picture = self.shown[url]
        return picture.width, picture.height

    # -- what is served --------------------------------------------------------------------
    def served(self):
        """URL -> :class:`MediaFile`, for every URL shown (one MediaFile per distinct file);
        made once, when every page has been rendered."""
        if self._served is None:
            files, self._served = {}, {}
            for url, item in sorted(self.shown.items()):
                key = item.key if isinstance(item, Picture) else item.url
                if key not in files:
                    files[key] = media_file(item, self.seed)
                self._served[url] = files[key]
        return self._served


@dataclass
class MediaFile:
    """A file as served and as gold describes it. ``data`` is the whole file, or for a large
    one its ``head`` and ``tail`` around ``padding_bytes`` of pseudo-random padding drawn
    from ``padding_key``."""

    kind: str  # image | attachment
    content_type: str
    digest: str  # records.payload_digest
    size: int
    modified: datetime
    facts: dict  # width and height; or text and encoding
    data: bytes = b""
    head: bytes = b""
    padding_key: str = ""
    padding_bytes: int = 0
    tail: bytes = b""

    @property
    def extension(self):
        return EXTENSION_OF_TYPE[self.content_type]

    def gold(self):
        return {"kind": self.kind, "sha1": self.digest, "size": self.size,
                "content_type": self.content_type, **self.facts}


def media_file(item, seed):
    """The MediaFile of a Picture or an AttachedFile."""
    if isinstance(item, Picture):
        data = picture_bytes(item, seed)
        return MediaFile(IMAGE, IMAGE_TYPES[item.format], payload_digest(data), len(data),
                         item.modified, {"width": item.width, "height": item.height}, data)
    made = attachment(item.name, item.content, encoding=item.encoding)
    facts = {"text": made.text, "encoding": item.encoding}
    if item.padded_to:
        head, tail = padded_pdf(made.data, item.padded_to)
        length = item.padded_to - len(head) - len(tail)
        key = f"{seed}:{item.url}"
        digest = payload_digest(itertools.chain([head], padding(key, length), [tail]))
        return MediaFile(ATTACHMENT, made.content_type, digest, item.padded_to, item.uploaded,
                         facts, head=head, padding_key=key, padding_bytes=length, tail=tail)
    return MediaFile(ATTACHMENT, made.content_type, payload_digest(made.data), len(made.data),
                     item.uploaded, facts, made.data)


def picture_bytes(p, seed):
    """The file of picture ``p``: its colours drawn from its identity, which it also names
    in a comment (so two pictures are two files)."""
    draw = random.Random(f"{seed}:colours:{p.key}")
    comment = f"thanhuy_archive.mirror {p.key}"
    if p.format == JPEG:
        top = draw.randint(30, 120)
        return pictures.jpeg(p.width, p.height, (top, top + draw.randint(60, 120)),
                             (draw.randint(90, 166), draw.randint(90, 166)), comment)
    if p.format == PNG:
        return pictures.png(p.width, p.height, tuple(draw.randint(215, 255) for _ in "rgb"),
                            (draw.randint(120, 200), draw.randint(0, 60), draw.randint(0, 40)),
                            comment=comment)
    if p.format == GIF:
        colours = [tuple(draw.randint(0, 255) for _ in "rgb") for _ in range(3)]
        return pictures.gif(p.width, p.height, colours, comment=comment)
    return pictures.webp(p.width, p.height, tuple(draw.randint(0, 255) for _ in "rgb"))


# -- large files ----------------------------------------------------------------------------

_STREAM_END = b"\nendstream\nendobj\n"


def padded_pdf(pdf, size):
    """(head, tail) of ``pdf`` grown to ``size`` bytes by an incremental update that adds one
    stream object: ``head`` ends where the stream's bytes begin, ``tail`` is the rest (the
    stream's end, the update's cross-reference section and trailer). The stream's bytes are
    the padding between them, ``size - len(head) - len(tail)`` of them."""
    trailer = pdf[pdf.rindex(b"trailer"):]
    number = int(re.search(rb"/Size (\d+)", trailer).group(1))  # the next object's number
    root = re.search(rb"/Root \d+ 0 R", trailer).group(0)
    info = re.search(rb" /Info \d+ 0 R", trailer)
    previous = int(re.search(rb"startxref\s+(\d+)", trailer).group(1))
    length = size
    for _ in range(5):  # the lengths' digits change the lengths: settle them
        head = pdf + b"%d 0 obj\n<< /Length %d >>\nstream\n" % (number, length)
        xref = len(head) + length + len(_STREAM_END)
        # The update's cross-reference section: the free list's head, then the new object.
        tail = (_STREAM_END + b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \ntrailer\n"
                b"<< /Size %d %s%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                % (number, len(pdf), number + 1, root, info.group(0) if info else b"", previous,
                   xref))
        settled = size - len(head) - len(tail)
        if settled == length:
            return head, tail
        if settled < 0:
            raise ValueError(f"a PDF of {size} bytes cannot hold {len(pdf)} bytes of text")
        length = settled
    raise ValueError("the padding's length did not settle")  # cannot happen for sizes > 0
