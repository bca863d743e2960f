"""URL identity: which URLs are articles, what an article's id is, and what is in scope.

An article is its numeric id. ``/tin-tuc/a-1491871594``, ``/tin-tuc/b-1491871594?fbclid=x#top``
and ``https://www.hcmcpv.org.vn/tin-tuc/a-1491871594`` are one article, fetched once.

>>> article_id("https://thanhuytphcm.vn/tin-tuc/nha-van-ra-mat-tac-pham-moi-1491871594?fbclid=x")
1491871594
>>> canonical_url("https://www.thanhuytphcm.vn/tin-tuc/a-1491871594?fbclid=x#top")
'https://www.thanhuytphcm.vn/tin-tuc/a-1491871594'
"""

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.site import ARTICLE_PATH_RE, MEDIA_HOST, OUT_OF_SCOPE_HOSTS, PORTAL_HOSTS

# Query parameters added by sharing and analytics; they never select different content.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "zarsrc", "utm_source", "utm_medium", "utm_campaign", "utm_term",
     "utm_content", "_gl", "ref", "share"}
)


# Servlet and ASP.NET session ids ride in the path (";jsessionid=..."): never part of a page's
# identity.
SESSION_PATH_PARAM_RE = re.compile(r";(?:jsessionid|sessionid|sid)=[^/?#]*", re.IGNORECASE)


def _path(url):
    # Legacy pages link with doubled slashes; they name the same path.
    path = SESSION_PATH_PARAM_RE.sub("", urlsplit(url).path)
    return "/" + "/".join(p for p in path.split("/") if p)


def _path_match(url):
    return ARTICLE_PATH_RE.match(_path(url))


@lru_cache(maxsize=32_768)  # the crawl asks it of every link several times (spider, traps)
def article_id(url):
    """The article's numeric id, or None when the URL is not an article page."""
    m = _path_match(url)
    return int(m.group("id")) if m else None


def article_section(url):
    """``tin-tuc`` or ``tu-lieu/<category-slug>`` for an article URL, else None."""
    m = _path_match(url)
    return m.group("section") if m else None


def canonical_url(url):
    """The URL without fragment and tracking parameters (other query parameters are kept:
    listing pages paginate with them)."""
    parts = urlsplit(url)
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if k.lower() not in TRACKING_PARAMS]
    )
    path = SESSION_PATH_PARAM_RE.sub("", parts.path) or "/"
    if article_id(url) is not None:
        query = ""  # an article page has no query that changes its content
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def is_portal_host(host):
    host = (host or "").lower().split(":")[0]
    return host in PORTAL_HOSTS and host not in OUT_OF_SCOPE_HOSTS


def onto_host(url, netloc, scheme=None):
    """The same path and query on another host: how a mirror stands in for every portal host."""
    parts = urlsplit(url)
    return urlunsplit((scheme or parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def fetch_url(link, site=None, *, media=False):
    """The URL to fetch for a link, or None when the link leads out of scope.

    Pages live on the portal's hosts; images and attachments (``media=True``) also on its
    media host. Against a mirror (``site``, its root URL), the mirror's host is the only one
    in scope and stands in for every one of those hosts: a link to
    ``https://www.hcmcpv.org.vn/tin-tuc/a-1491871594`` is fetched from the mirror.

    >>> fetch_url("https://WWW.hcmcpv.org.vn/tin-tuc/a-1491871594", "http://127.0.0.1:8000/")
    'http://127.0.0.1:8000/tin-tuc/a-1491871594'
    >>> fetch_url("http://127.0.0.1:9999/admin/secret", "http://127.0.0.1:8000/") is None
    True
    >>> fetch_url("https://images.hcmcpv.org.vn/res/news/a.jpg") is None  # not a page
    True
    """
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    ours = is_portal_host(host) or (media and host == MEDIA_HOST)
    if site:
        mirror = urlsplit(site)
        if parts.netloc.lower() == mirror.netloc.lower():
            return link
        return onto_host(link, mirror.netloc, mirror.scheme) if ours else None
    return link if ours else None


def in_scope(url, site=None):
    """Whether a request may be sent to ``url`` at all: the mirror's exact host and port, or
    the portal's hosts (and its media host) when crawling live: a URL that
    :func:`fetch_url` would fetch as it is, not move onto the mirror or refuse."""
    return fetch_url(url, site, media=True) == url
