"""What the crawl hands to the item pipeline besides captures.

Every response becomes a :class:`~thanhuy_archive.records.Capture` (``crawler.capture``); a
request that got no response becomes a :class:`FetchFailure`; a link that a trap guard or a cap
did not follow becomes a :class:`Cut`; the images and documents an article page references
become its :class:`MediaLinks`. Plain dataclasses: Scrapy accepts them as items.
"""

from dataclasses import dataclass


@dataclass
class FetchFailure:
    """A request sent that got no response: refused, timed out, no such host."""

    url: str
    message: str
    discovered_from: str | None = None


@dataclass
class Cut:
    """A link not followed, and the guard or cap that cut it (``crawler.traps``)."""

    url: str
    guard: str
    discovered_from: str | None = None


@dataclass
class MediaLinks:
    """The images and attached documents an article page references, as they are fetched
    (each is fetched once a run, however many articles show it)."""

    article_id: int
    images: list
    attachments: list
