"""URL identity: which URLs are articles, what an article's id is, and what is in scope.

An article is its numeric id. ``/tin-tuc/a-1491871594``, ``/tin-tuc/b-1491871594?fbclid=x#top``
and ``https://www.hcmcpv.org.vn/tin-tuc/a-1491871594`` are one article, fetched once.

>>> article_id("https://thanhuytphcm.vn/tin-tuc/nha-van-ra-mat-tac-pham-moi-1491871594?fbclid=x")
1491871594
>>> canonical_url("https://www.thanhuytphcm.vn/tin-tuc/a-1491871594?fbclid=x#top")
'https://www.thanhuytphcm.vn/tin-tuc/a-1491871594'
"""

from urllib.parse import urlsplit, urlunsplit, parse_qsl, urlencode

from crawler.site import ARTICLE_PATH_RE, OUT_OF_SCOPE_HOSTS, PORTAL_HOSTS

# Query parameters added by sharing and analytics; they never select different content.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "zarsrc", "utm_source", "utm_medium", "utm_campaign", "utm_term",
     "utm_content", "_gl", "ref", "share"}
)


def _path_match(url):
    parts = urlsplit(url)
    # Legacy pages link with doubled slashes; they name the same path.
    path = "/" + "/".join(p for p in parts.path.split("/") if p)
    return ARTICLE_PATH_RE.match(path)


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
    if article_id(url) is not None:
        query = ""  # an article page has no query that changes its content
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", query, ""))


def is_portal_host(host):
    host = (host or "").lower().split(":")[0]
    return host in PORTAL_HOSTS and host not in OUT_OF_SCOPE_HOSTS


def onto_host(url, netloc, scheme=None):
    """The same path and query on another host: how a mirror stands in for every portal host."""
    parts = urlsplit(url)
    return urlunsplit((scheme or parts.scheme, netloc, parts.path, parts.query, parts.fragment))
