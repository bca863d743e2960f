"""The pictures and files a page references: what a capture must fetch to keep the page whole,
and which links are attachments.

Images come from every place a CMS or a lazy loader puts them: ``src``, every candidate of
``srcset`` (and ``data-srcset``), ``data-src``/``data-original``/``data-lazy-src`` and the other
lazy attributes, ``<amp-img>``, ``<source>`` of ``<picture>``, ``og:image``, a video's
``poster``. Attachments are links to office and archive files (:data:`ATTACHMENT_EXTENSIONS`,
any case, whatever the query string) or links labelled as downloads (``Tải về``, ``Tệp đính
kèm``). Every URL is made absolute against the page's ``<base href>`` or its own URL
(relative, protocol-relative ``//host/...``); ``http://`` URLs are kept as they are;
``data:``, ``javascript:`` and ``mailto:`` are not URLs to fetch.
"""

import re
from functools import lru_cache
from urllib.parse import urljoin

from crawler.text import clean_text, fold

# Files a "Văn bản" page attaches (PDF scans, Word and Excel originals, slides, archives).
ATTACHMENT_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
                                   ".zip", ".rar"})
# Link labels that say "this is the file", compared without accents or case.
ATTACHMENT_LABELS = ("tai ve", "tai xuong", "tep dinh kem", "file dinh kem", "tai lieu dinh kem",
                     "download")
# Attributes that hold one image URL (lazy loaders use any of the data- ones).
IMAGE_URL_ATTRIBUTES = ("src", "data-src", "data-original", "data-lazy-src", "data-lazyload",
                        "data-lazy", "data-url", "data-full", "data-zoom-image", "data-large")
# Attributes that hold a srcset ("a.jpg 480w, b.jpg 2x").
SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")
IMAGE_TAGS = ("img", "amp-img", "source", "image")
_NOT_FETCHABLE = ("data:", "javascript:", "mailto:", "tel:", "about:", "#")
_SRCSET_SPLIT_RE = re.compile(r",\s+|,(?=\S*\s+\d+(?:\.\d+)?[wx])")


def absolute(base_url, href):
    """``href`` made absolute against ``base_url``, or None when it is no URL to fetch."""
    href = (href or "").strip()
    if not href or href.lower().startswith(_NOT_FETCHABLE):
        return None
    return urljoin(base_url or "", href)


def srcset_urls(value):
    """Every candidate URL of a ``srcset`` value, in order (descriptors dropped)."""
    urls = []
    for candidate in _SRCSET_SPLIT_RE.split(value or ""):
        parts = candidate.strip().split()
        if parts:
            urls.append(parts[0].rstrip(","))
    return urls


# A download label is short ("Tải về", "Tệp đính kèm: qd.pdf"); article titles are not.
ATTACHMENT_LABEL_MAX_CHARS = 60
# The first letters of the labels, any case: most links are ruled out before any folding.
_LABEL_INITIALS = frozenset("tTfFdD")


_EXTENSION_RE = re.compile(
    r"\.(?:" + "|".join(sorted(e[1:] for e in ATTACHMENT_EXTENSIONS)) + r")(?=$|[?#])", re.I)


def _has_attachment_extension(href):
    """Whether the path (or the file named in the query) ends with an attachment's extension."""
    return _EXTENSION_RE.search(href) is not None


@lru_cache(maxsize=4096)  # a site repeats its few link labels on every page
def _is_download_label(label):
    return fold(clean_text(label)).startswith(ATTACHMENT_LABELS)


def link_label(a):
    """The visible label of a link (its text, else its title)."""
    return "".join(a.itertext()).strip() or (a.get("title") or "").strip()


def attachment_links(links):
    """The ``<a>`` elements among ``links`` that are attachments, in order."""
    for a in links:
        href = a.get("href")
        if not href:
            continue
        if _has_attachment_extension(href):
            yield a
            continue
        # Most links are their own text: the label without walking the link's subtree.
        label = (a.text if a.text and len(a) == 0 else link_label(a)).strip()
        if (label[:1] in _LABEL_INITIALS and len(label) <= ATTACHMENT_LABEL_MAX_CHARS
                and _is_download_label(label)):
            yield a


def attachment_urls(links, base_url):
    """The absolute URLs of the attachments among ``links`` (``<a>`` elements), in order,
    each once."""
    found = []
    for a in attachment_links(links):
        url = absolute(base_url, a.get("href"))
        if url and url not in found:
            found.append(url)
    return found


def image_urls(root, base_url, og_images=()):
    """Every image URL the document references (see the module's doc), in document order,
    each once; ``og_images`` (the ``og:image`` values) first."""
    found = []

    def add(href):
        url = absolute(base_url, href)
        if url and url not in found:
            found.append(url)

    for href in og_images:
        add(href)
    for el in root.iter(*IMAGE_TAGS, "video"):
        if el.tag == "video":
            add(el.get("poster"))
            continue
        if el.tag != "source":  # a <source src> is a video or audio file; a picture's has srcset
            for name in IMAGE_URL_ATTRIBUTES:
                add(el.get(name))
        if el.tag == "image":  # SVG <image href>
            add(el.get("href") or el.get("{http://www.w3.org/1999/xlink}href"))
        for name in SRCSET_ATTRIBUTES:
            for href in srcset_urls(el.get(name)):
                add(href)
    return found
