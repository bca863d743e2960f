"""One fetched response becomes one :class:`~thanhuy_archive.records.Capture`, here and only here.

``CaptureMiddleware`` (a spider middleware, wired in ``crawler.settings``) builds the capture
of every response that reaches the spider: the clock is read once, the payload digest
computed once and the article id derived once, and every later use (the WARC record, the
``captures`` row, the article's ``last_fetched_at``) takes them from the capture. It hands the
capture to the item pipeline *after* everything the spider's callback yielded, so that a page
leaves the frontier only when its links are scheduled; and it hands it over even when the
callback fails, so the raw page is never lost (``thanhuy-archive reparse`` can read it later).
"""

import logging

from crawler.urls import article_id
from thanhuy_archive.records import Capture, archive_now, iso, payload_digest

log = logging.getLogger(__name__)


def _text(value):
    return value.decode("latin-1") if isinstance(value, bytes) else value


def referer_of(request) -> str | None:
    """The page whose link led to ``request`` (its Referer header, as text), or None."""
    return _text(request.headers.get("Referer")) if request is not None else None


def capture_of(response) -> Capture:
    """The Capture of a Scrapy response, timed now."""
    request = response.request
    latency = response.meta.get("download_latency") if request is not None else None
    return Capture(
        url=response.url,
        status=response.status,
        fetched_at=iso(archive_now()),
        digest=payload_digest(response.body),
        size=len(response.body),
        article_id=article_id(response.url),
        content_type=_text(response.headers.get("Content-Type")) or None,
        headers={_text(k): [_text(v) for v in vs] for k, vs in response.headers.items()},
        payload=response.body,
        method=request.method if request is not None else "GET",
        request_headers=[(k, v) for k, vs in request.headers.items() for v in vs]
        if request is not None else [],
        response_headers=[(k, v) for k, vs in response.headers.items() for v in vs],
        http_version=response.protocol or "HTTP/1.1",
        ip=str(response.ip_address) if response.ip_address else None,
        discovered_from=referer_of(request),
        duration_ms=round(latency * 1000) if latency is not None else None,
        media_kind=response.meta.get("media") if request is not None else None,
    )


class CaptureMiddleware:
    """Appends the response's capture to what the spider yields for it (see module doc)."""

    def process_spider_output(self, response, result):
        capture = capture_of(response)
        try:
            yield from result
        except Exception:  # the page is still archived; its links are lost for this run
            log.exception("the spider failed on %s; its capture is kept", response.url)
        yield capture

    async def process_spider_output_async(self, response, result):
        capture = capture_of(response)
        try:
            async for output in result:
                yield output
        except Exception:  # the page is still archived; its links are lost for this run
            log.exception("the spider failed on %s; its capture is kept", response.url)
        yield capture
