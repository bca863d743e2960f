"""One parsed article page, shared by every field method of a parser ("precomputed").

The HTML is parsed once with lxml; the ``<meta>`` map, the JSON-LD objects and the text blocks
(``crawler.parsers.blocks``) are computed from that one tree, at most once each.
"""

import codecs
import html
import json
import re
from functools import cached_property
from urllib.parse import urljoin

from lxml import etree

from crawler.encoding import decode_html, detect_encoding
from crawler.parsers.blocks import read_page

# Parsed without comments and processing instructions; they never hold article text.
_HTML_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
# UTF-8 bytes are handed to lxml as they are (it decodes them in C, invalid bytes becoming
# U+FFFD like decode_html's errors="replace"); any other encoding goes through decode_html.
_UTF8_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                encoding="utf-8")
_UTF8_CODECS = frozenset({"utf-8", "utf-8-sig"})
# A NUL byte in the first kilobyte: an image or a PDF served as a page (HTML has none, except
# in UTF-16/32, which a BOM announces).
BINARY_SNIFF_BYTES = 1024
# A str handed to lxml must not declare an encoding of its own.
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*>")
# Never text: removed (with their content, keeping the text that follows them) before reading.
NEVER_TEXT_TAGS = (
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
    "embed", "canvas", "video", "audio", "select", "option", "button", "input", "textarea",
    "map", "dialog",
)
_JSON_LD_TYPES_ARTICLE = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "webpage", "report", "scholarlyarticle", "techarticle"}
)
# Everything read before the never-text elements are removed, in one pass over the tree.
_HEAD_PARTS = ("meta", "title", "body", "script", "input", "link", "base", "video")
# What makes a page an AMP copy: ``<html ⚡>`` or ``<html amp>`` (libxml2 before lxml 6 drops
# the ``⚡`` attribute), or the AMP runtime's own elements (``<amp-img>``, the boilerplate
# style every AMP page must carry).
AMP_MARKERS = ("⚡", "amp")
_AMP_ELEMENTS = etree.XPath("boolean(//*[starts-with(local-name(), 'amp-')] | "
                            "//style[@amp-boilerplate])")
_LINK_TEXTS = etree.XPath(".//a")
# The first item of a breadcrumb trail, never a section.
HOME_LABELS = frozenset({"trang chủ", "trang chu", "home", "trang nhất", "trang nhat"})


def parse_html(html, content_type=None):
    """The document's root element (``html``: bytes or str), or None when there is nothing to
    parse. Bytes are decoded as ``crawler.encoding`` decides (BOM, HTTP header, ``<meta
    charset>``, UTF-8 validity, cp1258)."""
    parser = _HTML_PARSER
    if isinstance(html, (bytes, bytearray, memoryview)):
        html = bytes(html)
        name = detect_encoding(html, content_type).name
        if b"\x00" in html[:BINARY_SNIFF_BYTES] and not name.startswith(("utf-16", "utf-32")):
            return None  # binary data (an image, a PDF) served as a page: not HTML
        if name in _UTF8_CODECS:
            html = html[3:] if html.startswith(codecs.BOM_UTF8) else html
            parser = _UTF8_PARSER
        else:
            html = decode_html(html, content_type)
    if isinstance(html, str):
        html = _XML_DECLARATION_RE.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return etree.fromstring(html, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


class Page:
    """The precomputed document: ``root``, ``meta`` (lower-cased name/property/itemprop -> list
    of values), ``title_tag``, ``form_fields``, ``canonical`` (``<link rel=canonical>``,
    absolute), ``base_url`` (what relative URLs resolve against: ``<base href>`` or the page's
    URL), ``is_amp``, ``json_ld`` (article-like objects first) and ``blocks``."""

    def __init__(self, root, url, fetched_at=None):
        self.url = url
        self.fetched_at = fetched_at
        self.root = root
        self.meta = {}
        self.title_tag = ""
        self._ld_texts = []
        self.form_fields = set()  # names of the page's <input> fields (ASP.NET's __VIEWSTATE...)
        self._canonical_href = None
        self.video_posters = []  # the poster of every <video> (removed before reading text)
        self.base_url = url or ""
        self.is_amp = False
        if root is None:
            self.body = None
            return
        body = None
        for el in root.iter(*_HEAD_PARTS):
            tag = el.tag
            if tag == "meta":
                content = el.get("content")
                if content is None:
                    continue
                content = content.strip()
                for attr in ("property", "name", "itemprop", "http-equiv"):
                    key = el.get(attr)
                    if key:
                        self.meta.setdefault(key.strip().lower(), []).append(content)
            elif tag == "title":
                if not self.title_tag:
                    self.title_tag = el.text or ""
            elif tag == "script":
                if el.text and "ld+json" in (el.get("type") or "").lower():
                    self._ld_texts.append(el.text)
            elif tag == "input":
                if el.get("name"):
                    self.form_fields.add(el.get("name"))
            elif tag == "link":
                if self._canonical_href is None and "canonical" in (el.get("rel") or "").lower():
                    self._canonical_href = (el.get("href") or "").strip() or None
            elif tag == "video":
                if el.get("poster"):
                    self.video_posters.append(el.get("poster").strip())
            elif tag == "base":
                if el.get("href") and self.base_url == (url or ""):
                    self.base_url = urljoin(url or "", el.get("href").strip())
            elif body is None:
                body = el
        # An AMP copy names its article in its canonical link: only a page whose canonical
        # link points elsewhere can be one, and only then is the whole tree searched.
        self.is_amp = any(m in root.attrib for m in AMP_MARKERS) or (
            self.canonical not in (None, url) and bool(_AMP_ELEMENTS(root)))
        etree.strip_elements(root, *NEVER_TEXT_TAGS, with_tail=False)
        self.body = body if body is not None else root

    def first_meta(self, *keys):
        """The first non-empty value among the given meta keys, in the order given."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value:
                    return value
        return None

    @cached_property
    def _ld_objects(self):
        """Every JSON-LD object of the page (``@graph`` and lists flattened)."""
        objects = []
        for text in self._ld_texts:
            try:
                data = json.loads(text, strict=False)
            except ValueError:
                continue
            stack = [data]
            while stack:
                item = stack.pop()
                if isinstance(item, list):
                    stack.extend(reversed(item))
                elif isinstance(item, dict):
                    if "@graph" in item:
                        stack.append(item["@graph"])
                    objects.append(item)
        return objects

    @property
    def canonical(self):
        """The ``<link rel=canonical>`` URL, absolute, or None."""
        return urljoin(self.base_url, self._canonical_href) if self._canonical_href else None

    def ld_objects_of_type(self, *types):
        """JSON-LD objects whose ``@type`` is one of ``types`` (``"VideoObject"``...)."""
        wanted = {t.lower() for t in types}
        found = []
        for item in self._ld_objects:
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in wanted for k in kinds):
                found.append(_unescape(item))
        return found

    def absolute(self, href):
        """``href`` (a src, a link) as an absolute URL against ``base_url``."""
        return urljoin(self.base_url, href.strip())

    @cached_property
    def json_ld(self):
        """Article-like JSON-LD objects (NewsArticle first), string values unescaped."""
        found = []
        for item in self._ld_objects:
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _JSON_LD_TYPES_ARTICLE for t in types):
                found.append(item)
        found.sort(key=lambda item: str(item.get("@type")).lower() == "webpage")
        return found

    def ld_value(self, key):
        """The first JSON-LD value for ``key`` (strings HTML-unescaped), or None."""
        for item in self.json_ld:
            value = item.get(key)
            if value not in (None, "", [], {}):
                return _unescape(value)
        return None

    def breadcrumb(self):
        """The last section of the page's breadcrumb trail (JSON-LD BreadcrumbList, else the
        visible trail), never its home item; None without one."""
        for item in self._ld_objects:
            if str(item.get("@type")).lower() == "breadcrumblist":
                names = []
                for entry in item.get("itemListElement") or ():
                    if not isinstance(entry, dict):
                        continue
                    name = entry.get("name")
                    if not name and isinstance(entry.get("item"), dict):
                        name = entry["item"].get("name")
                    if isinstance(name, str) and name.strip():
                        names.append(html.unescape(name).strip())
                names = [n for n in names if n.lower() not in HOME_LABELS]
                if names:
                    return names[-1]
        for crumbs in self.blocks.crumbs:
            labels = [" ".join("".join(a.itertext()).split()) for a in _LINK_TEXTS(crumbs)]
            labels = [t for t in labels if t and t.lower() not in HOME_LABELS]
            if labels:
                return labels[-1]
        return None

    @cached_property
    def blocks(self):
        return read_page(self.body)


def _unescape(value):
    if isinstance(value, str):
        return html.unescape(value)
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescape(v) for k, v in value.items()}
    return value
