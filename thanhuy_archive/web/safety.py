"""What keeps a served archive read-only, inert and out of search engines: the headers of
every response, the archived pages' sandbox, robots.txt.

Nothing is written through Datasette (``PRAGMA query_only`` on every connection to an archive,
``thanhuy_archive.web.functions``); scraped text is always escaped (Jinja's autoescape, and
the plugin's cells and pages escape what they build); only http(s) links are made.
"""

from urllib.parse import urlsplit

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
# Datasette's own pages need inline scripts and styles; nothing may load from elsewhere.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# An archived page is shown in a sandbox: no script runs (not even one left in the page), no
# form is sent, nothing is fetched but the archive's own copies of its images (/-/media/ID:
# 'self'), never the portal's.
CAPTURE_CSP = ("sandbox; default-src 'none'; "
               "style-src 'unsafe-inline'; img-src 'self' data:; font-src data:; "
               "base-uri 'none'; form-action 'none'")
# An archived image or document (/-/media/ID), whatever it turns out to be (an SVG, an HTML
# page served as a picture): inert. (No Cross-Origin-Resource-Policy: an archived page is shown
# in a sandbox, an opaque origin, which must still load these images.)
MEDIA_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self' data:; "
                               "style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
HEADERS = {
    b"x-robots-tag": b"noindex, nofollow, noarchive",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"content-security-policy": CSP.encode(),
}


def safe_url(url):
    """An http(s) URL to link to, or None (never a javascript: or data: link)."""
    if url and urlsplit(str(url)).scheme in ("http", "https"):
        return str(url)
    return None


def with_headers(app):
    """app, each response carrying :data:`HEADERS` (those it does not set itself)."""

    async def headed_app(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)

        async def headed_send(event):
            if event["type"] == "http.response.start":
                headers = list(event.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers.extend((k, v) for k, v in HEADERS.items() if k not in names)
                event = dict(event, headers=headers)
            await send(event)

        return await app(scope, receive, headed_send)

    return headed_app
