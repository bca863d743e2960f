"""What the spider hands to the pipelines. Plain dataclasses: Scrapy accepts them as items."""

from dataclasses import dataclass, field


@dataclass
class ArticleCapture:
    """An article page fetched and parsed: the extracted fields (crawler.fields) and the
    capture (raw page) they came from."""

    article: dict
    url: str
    fetched_at: str
    capture_id: int | None = None


@dataclass
class ArticleGone:
    """An article URL that now answers 404 or 410."""

    article_id: int
    url: str
    status: int
    fetched_at: str


@dataclass
class ArticleUnchanged:
    """A re-check answered 304 Not Modified."""

    article_id: int
    url: str
    fetched_at: str


@dataclass
class PageDone:
    """The last output of a page's callback: its article is stored and its links scheduled,
    so the page can leave the frontier (a crawl killed before this re-fetches it)."""

    urls: list


@dataclass
class FetchFailure:
    """A request that produced no usable page (timeout, refused, 5xx after retries...)."""

    url: str
    message: str
    status: int | None = None
    discovered_from: str | None = None
    outcome: str = field(default="failed")
