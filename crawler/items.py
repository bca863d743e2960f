"""What the crawl hands to the item pipeline besides captures.

Every response becomes a :class:`~thanhuy_archive.records.Capture` (``crawler.capture``); a
request that got no response becomes a :class:`FetchFailure`; a link that a trap guard or a cap
did not follow becomes a :class:`Cut`. Plain dataclasses: Scrapy accepts them as items.
"""

from dataclasses import dataclass


@dataclass
class FetchFailure:
    """A request that got no response: refused, timed out, DNS, robots.txt (``skipped``)."""

    url: str
    message: str
    discovered_from: str | None = None
    outcome: str = "failed"  # or "skipped": robots.txt or out of scope, not a failure


@dataclass
class Cut:
    """A link not followed, and the guard or cap that cut it (``crawler.traps``)."""

    url: str
    guard: str
    discovered_from: str | None = None
