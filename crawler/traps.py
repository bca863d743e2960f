"""Trap guards and caps: every crawl ends by itself, whatever the site's links do.

Sites generate endless URLs: a calendar linking the day before and after forever, pagination
that never runs dry, paths that grow one level deeper on every page, redirect chains and loops.
Heritrix bounds them with hop and path limits; ``TrapGuard`` (a spider middleware, wired in
``crawler.settings``) applies the same kind of bounds to every link the spider yields, before it
is scheduled. A link it stops becomes a :class:`~crawler.items.Cut` item: logged in
``crawl_log`` (outcome ``trap``; caps are only counted) and counted, by guard, in
the run's ``cut`` column and the crawl's summary. Cutting is not failing: the run still ends
``ok`` with every article it reached stored.

The guards, and the settings that bound them (defaults in ``crawler.settings``):

``redirect-hops``   a redirect chain longer than ``ARCHIVE_MAX_REDIRECT_HOPS`` (5) hops;
``redirect-loop``   a redirect back to a URL of its own chain, at once;
``barren-branch``   links of a page at the end of ``ARCHIVE_BARREN_BRANCH_PAGES`` (10) pages in a
                    row, along its discovery branch, that led to no article;
``barren-run``      every non-article link, once ``ARCHIVE_BARREN_RUN_PAGES`` (200) pages in a row,
                    over the whole run, led to no article;
``query-variants``  more than ``ARCHIVE_MAX_QUERY_VARIANTS`` (50) distinct query strings of one
                    path, counted over the pages of barren branches only (pagination that keeps
                    finding articles is never cut);
``path-depth``      more than ``ARCHIVE_MAX_PATH_SEGMENTS`` (12) path segments, or one segment
                    repeated ``ARCHIVE_MAX_SEGMENT_REPEATS`` (3) times (``/a/b/a/b/a``);
``max-pages``       ``--max-pages N``: no more than N requests (robots.txt aside);
``max-articles``    ``--max-articles N``: no more than N articles.

Links refused before they are sent are counted the same way: ``robots.txt`` (disallowed) and
``out-of-scope`` (another host; see ``crawler.middlewares.ScopeGuard``).

A page "led to an article" when it shows an article new to the archive and new to its listing
(the spider says so in ``response.meta["links_new_articles"]``, even when another page of the
run, a sitemap say, scheduled it first), or when the spider scheduled an article from it. Article links, images and documents are only ever cut by the caps and the
depth guard.
"""

from collections import defaultdict
from urllib.parse import urlsplit

from scrapy import Request

from crawler.capture import referer_of
from crawler.items import Cut
from crawler.urls import article_id

# Links left out by rule rather than by a trap guard: counted in the run's cut, not logged one
# by one (a portal's robots.txt may refuse a print page for every article).
COUNTED_ONLY = ("max-pages", "max-articles", "robots.txt", "out-of-scope")


class TrapGuard:
    def __init__(self, *, max_redirect_hops=5, barren_branch_pages=10, barren_run_pages=200,
                 max_query_variants=50, max_path_segments=12, max_segment_repeats=3,
                 max_pages=0, max_articles=0):
        self.max_redirect_hops = max_redirect_hops
        self.barren_branch_pages = barren_branch_pages
        self.barren_run_pages = barren_run_pages
        self.max_query_variants = max_query_variants
        self.max_path_segments = max_path_segments
        self.max_segment_repeats = max_segment_repeats
        self.max_pages = max_pages
        self.max_articles = max_articles
        self.pages = 0  # requests let through
        self.articles = set()  # article ids let through
        self.barren_run = 0  # pages in a row, over the run, that led to no article
        self.variants = defaultdict(set)  # (netloc, path) -> queries seen on barren branches

    @classmethod
    def from_crawler(cls, crawler):
        get = crawler.settings.getint
        return cls(max_redirect_hops=get("ARCHIVE_MAX_REDIRECT_HOPS"),
                   barren_branch_pages=get("ARCHIVE_BARREN_BRANCH_PAGES"),
                   barren_run_pages=get("ARCHIVE_BARREN_RUN_PAGES"),
                   max_query_variants=get("ARCHIVE_MAX_QUERY_VARIANTS"),
                   max_path_segments=get("ARCHIVE_MAX_PATH_SEGMENTS"),
                   max_segment_repeats=get("ARCHIVE_MAX_SEGMENT_REPEATS"),
                   max_pages=get("ARCHIVE_MAX_PAGES"), max_articles=get("ARCHIVE_MAX_ARTICLES"))

    def process_spider_output(self, response, result):
        yield from self.judge(response, list(result))

    async def process_spider_output_async(self, response, result):
        for output in self.judge(response, [output async for output in result]):
            yield output

    def judge(self, response, outputs):
        """A page's links, judged together (did the page lead to an article?), each let
        through or replaced by a Cut."""
        fruitful = response.meta.get("links_new_articles", False) or any(
            isinstance(o, Request) and article_id(o.url) is not None for o in outputs)
        barren = response.meta.get("barren", 0)
        # Only listing pages count; a redirect passes its branch's count on unchanged.
        if response.status == 200 and article_id(response.url) is None and \
                not response.meta.get("media"):
            self.barren_run = 0 if fruitful else self.barren_run + 1
            barren = 0 if fruitful else barren + 1
        for output in outputs:
            if not isinstance(output, Request):
                yield output
                continue
            guard = self.guard(output, barren)
            if guard is None:
                output.meta.setdefault("barren", barren)
                yield output
            else:
                yield Cut(output.url, guard, referer_of(output))

    def guard(self, request, barren):
        """The name of the guard that cuts ``request``, or None (and it is counted)."""
        chain = request.meta.get("redirect_chain") or []
        if request.url in chain:
            return "redirect-loop"
        if len(chain) > self.max_redirect_hops:
            return "redirect-hops"
        parts = urlsplit(request.url)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > self.max_path_segments or any(
                segments.count(s) >= self.max_segment_repeats for s in set(segments)):
            return "path-depth"
        aid = article_id(request.url)
        if aid is None and not chain and not request.meta.get("media"):
            if barren > self.barren_branch_pages:
                return "barren-branch"
            if self.barren_run > self.barren_run_pages:
                return "barren-run"
            if barren and parts.query:
                seen = self.variants[(parts.netloc, parts.path)]
                if parts.query not in seen and len(seen) >= self.max_query_variants:
                    return "query-variants"
                seen.add(parts.query)
        if self.max_pages and self.pages >= self.max_pages:
            return "max-pages"
        if aid is not None and aid not in self.articles:
            if self.max_articles and len(self.articles) >= self.max_articles:
                return "max-articles"
            self.articles.add(aid)
        self.pages += 1
        return None
