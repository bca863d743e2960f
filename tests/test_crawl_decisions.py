"""The crawl's decisions, in process, on real Scrapy requests and responses: what to re-check
(the policy), what a page's links lead to (the spider), where links stop (the trap guards),
and what a run's end means (the verdict). No crawl, no network: the cases here used to need a
subprocess crawl each."""

from datetime import datetime, timedelta

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.items import Cut
from crawler.policy import RecheckPolicy
from crawler.site import VIETNAM_TZ
from crawler.spiders.thanhuytphcm import ThanhuytphcmSpider
from crawler.traps import TrapGuard
from pipelines.archive import run_verdict
from pipelines.storage import CrawlState, KnownArticle

NOW = datetime(2024, 11, 15, 12, 0, tzinfo=VIETNAM_TZ)
SITE = "http://127.0.0.1:8000/"


def known(published, fetched, **extra):
    return KnownArticle(url=f"{SITE}tin-tuc/a-1", published_at=published,
                        first_seen_at=fetched, last_fetched_at=fetched,
                        removed_at=extra.get("removed_at"), etag=extra.get("etag"),
                        last_modified=extra.get("last_modified"))


def ago(**delta):
    return (NOW - timedelta(**delta)).isoformat()


# -- the policy -------------------------------------------------------------------------------


@pytest.mark.parametrize("article,wanted", [
    (None, True),                                                        # new to the archive
    (known(ago(days=1), ago(hours=7)), True),                            # recent, due
    (known(ago(days=1), ago(hours=1)), False),                           # fetched an hour ago
    (known(ago(days=30), ago(days=29)), False),                          # old: never again
    (known(ago(days=1)[:10], ago(hours=7)), True),                       # a bare day counts
    (known(ago(days=1), ago(hours=7), removed_at=ago(hours=8)), False),  # gone from the site
    (known(None, ago(days=2)), True),                                    # undated: first seen
])
def test_which_articles_an_incremental_crawl_fetches(article, wanted):
    state = CrawlState(known={} if article is None else {1: article})
    assert RecheckPolicy(state, now=NOW).wants(1) is wanted


def test_full_wants_everything_and_dead_links_are_left_alone():
    state = CrawlState(known={1: known(ago(days=300), ago(days=299))}, dead={2})
    assert not RecheckPolicy(state, now=NOW).wants(2)
    assert RecheckPolicy(state, full=True, now=NOW).wants(1)
    assert RecheckPolicy(state, full=True, now=NOW).wants(2)


def test_a_recheck_is_conditional():
    state = CrawlState(known={1: known(ago(days=1), ago(hours=7), etag='"abc"',
                                       last_modified="Fri, 15 Nov 2024 01:00:00 GMT")})
    assert RecheckPolicy(state, now=NOW).validators(1) == {
        "If-None-Match": '"abc"', "If-Modified-Since": "Fri, 15 Nov 2024 01:00:00 GMT"}


def test_an_article_archived_without_its_images_is_read_again_by_a_crawl_that_fetches_them():
    """A 304 would not say which images the page has."""
    article = known(ago(days=1), ago(hours=7), etag='"abc"')
    without_images = CrawlState(known={1: article}, media_unknown={1})
    assert RecheckPolicy(without_images, now=NOW, media=True).validators(1) == {}
    assert RecheckPolicy(without_images, now=NOW, media=False).validators(1) != {}
    with_images = CrawlState(known={1: article})
    assert RecheckPolicy(with_images, now=NOW, media=True).validators(1) != {}


def test_a_listing_is_walked_on_only_while_it_shows_new_articles():
    state = CrawlState(known={1: known(ago(days=30), ago(days=29))})
    policy = RecheckPolicy(state, now=NOW)
    assert not policy.walks_on({1}, set())  # only archived articles: older pages follow
    assert policy.walks_on({1, 2}, {2})
    assert policy.walks_on(set(), set())  # a hub page linking no article
    assert policy.walks_on({1}, set(), start_page=True)
    assert RecheckPolicy(CrawlState(known=state.known, pending=[(SITE, None, None)]),
                         now=NOW).walks_on({1}, set())  # resuming a stopped crawl


# -- the spider -------------------------------------------------------------------------------


def spider(state=None):
    """The spider against a mirror at SITE, with a policy built from ``state`` (what
    ``from_crawler`` builds from the archive)."""
    spider = ThanhuytphcmSpider()
    spider._set_crawler(get_crawler(ThanhuytphcmSpider))
    spider.site = SITE
    spider.policy = RecheckPolicy(state or CrawlState(), now=NOW)
    return spider


def page(url, html, status=200, **meta):
    request = Request(url, meta=meta)
    return HtmlResponse(url, status=status, body=html.encode(), encoding="utf-8",
                        request=request)


def requested(outputs):
    return [o.url for o in outputs if isinstance(o, Request)]


def test_portal_links_are_fetched_from_the_mirror_and_articles_first():
    html = ('<a href="https://www.hcmcpv.org.vn/tin-tuc/a-1491871594?fbclid=x#top">a</a>'
            '<a href="/thoi-su?page=2">more</a><a href="https://elsewhere.example/">x</a>'
            '<a href="https://images.hcmcpv.org.vn/res/news/a.jpg">photo</a>')
    outputs = list(spider().parse_page(page(SITE, html, start_page=True)))
    assert requested(outputs) == [f"{SITE}tin-tuc/a-1491871594", f"{SITE}thoi-su?page=2"]
    assert outputs[0].priority > outputs[1].priority


def test_an_article_is_scheduled_once_whatever_its_url():
    s = spider()
    links = "".join(f'<a href="{u}">x</a>' for u in (
        "/tin-tuc/a-1491871594", "/tin-tuc/other-slug-1491871594",
        "https://thanhuytphcm.vn/tin-tuc/a-1491871594;jsessionid=ABC"))
    assert requested(s.parse_page(page(SITE, links))) == [f"{SITE}tin-tuc/a-1491871594"]


def test_a_resumed_crawl_fetches_pending_images_as_images():
    """A stopped crawl leaves its images pending beside its pages: they are requested once,
    as media (a page request for one would store it as a page, and the duplicate filter would
    then drop the media request for the same URL)."""
    picture, page_url = f"{SITE}captcha", f"{SITE}tin-tuc/a-1491871594"
    # The crawl stopped before the article's list of images was stored: only the frontier
    # knows the picture was scheduled as an image.
    s = spider(CrawlState(pending=[(picture, page_url, "image"),
                                   (f"{SITE}thoi-su?page=2", SITE, None)]))
    s.media = True
    seeds = list(s.seeds())
    assert [(r.url, r.meta.get("media")) for r in seeds] == [
        (SITE, None), (picture, "image"), (f"{SITE}thoi-su?page=2", None)]
    assert seeds[1].headers["Referer"] == page_url.encode()


def test_a_crawl_without_media_leaves_pending_images_alone():
    picture = f"{SITE}captcha"
    s = spider(CrawlState(pending=[(picture, SITE, "image"), (f"{SITE}thoi-su?page=2", SITE, None)]))
    s.media = False  # --no-media
    assert [r.url for r in s.seeds()] == [SITE, f"{SITE}thoi-su?page=2"]


def test_a_redirect_to_the_same_article_is_followed_and_carries_its_chain():
    s = spider()
    old = f"{SITE}tin-tuc/cu-1491871594"
    s.scheduled.add(1491871594)  # the redirecting URL was this article's request
    response = Response(old, status=301, headers={"Location": "/tin-tuc/moi-1491871594"},
                        request=Request(old, callback=s.parse_page))
    (request,) = s.parse_page(response)
    assert request.url == f"{SITE}tin-tuc/moi-1491871594" and request.dont_filter
    assert request.meta["redirect_chain"] == [old]


def test_a_304_or_a_404_has_nothing_to_discover():
    for status in (304, 404, 500):
        assert list(spider().parse_page(page(f"{SITE}tin-tuc/a-1491871594",
                                             '<a href="/x">x</a>', status=status))) == []


def test_an_incremental_crawl_does_not_walk_past_archived_articles():
    state = CrawlState(known={1491871594: known(ago(days=30), ago(days=29))})
    html = '<a href="/tin-tuc/a-1491871594">old</a><a href="/thoi-su?page=3">next</a>'
    assert requested(spider(state).parse_page(page(f"{SITE}thoi-su?page=2", html))) == []


def test_a_listing_of_new_articles_is_content_even_when_a_sitemap_scheduled_them_first():
    s = spider()
    s.scheduled.update({1491871594, 1491871595})  # the sitemap came first
    listing = page(f"{SITE}thoi-su?page=12", '<a href="/tin-tuc/a-1491871594">a</a>'
                   '<a href="/tin-tuc/b-1491871595">b</a><a href="/thoi-su?page=13">next</a>')
    assert requested(s.parse_page(listing)) == [f"{SITE}thoi-su?page=13"]
    assert listing.meta["links_new_articles"]
    (out,) = judged(TrapGuard(barren_branch_pages=0), listing, [f"{SITE}thoi-su?page=13"])
    assert not isinstance(out, Cut)


def test_endless_pages_repeating_one_article_are_barren():
    s = spider()
    for n in (1, 2):
        endless = page(f"{SITE}vo-tan?page={n}", '<a href="/tin-tuc/a-1491871594">a</a>'
                       f'<a href="/vo-tan?page={n + 1}">next</a>')
        list(s.parse_page(endless))
    assert not endless.meta["links_new_articles"]  # the second page shows nothing new


# -- the trap guards --------------------------------------------------------------------------


def judged(guard, response, urls):
    return list(guard.judge(response, [Request(u) for u in urls]))


def test_a_calendar_ends_after_the_barren_branch_budget():
    guard = TrapGuard(barren_branch_pages=3)
    barren, pages = 0, 0
    while True:
        url = f"{SITE}lich?ngay={pages}"
        (out,) = judged(guard, page(url, "", barren=barren), [f"{SITE}lich?ngay={pages + 1}"])
        pages += 1
        if isinstance(out, Cut):
            break
        barren = out.meta["barren"]
    assert (out.guard, pages) == ("barren-branch", 4)


def test_pagination_that_keeps_finding_articles_is_never_cut():
    guard = TrapGuard(barren_branch_pages=2, max_query_variants=2)
    for n in range(1, 50):
        outs = judged(guard, page(f"{SITE}thoi-su?page={n}", ""),
                      [f"{SITE}tin-tuc/a-{1491871000 + n}", f"{SITE}thoi-su?page={n + 1}"])
        assert not any(isinstance(o, Cut) for o in outs)


def test_query_variants_of_one_barren_path_are_bounded():
    guard = TrapGuard(max_query_variants=3, barren_branch_pages=100)
    response = page(f"{SITE}lich", "", barren=1)
    outs = judged(guard, response, [f"{SITE}lich?ngay={d}" for d in range(6)])
    assert [getattr(o, "guard", None) for o in outs] == [None] * 3 + ["query-variants"] * 3


@pytest.mark.parametrize("url", [SITE + "/".join(["sau"] + [f"x{i}" for i in range(13)]),
                                 SITE + "a/b/a/b/a/b"])
def test_deep_and_repeating_paths_are_cut(url):
    (out,) = judged(TrapGuard(), page(SITE, ""), [url])
    assert isinstance(out, Cut) and out.guard == "path-depth"


def test_redirect_chains_and_loops_are_cut():
    guard = TrapGuard(max_redirect_hops=2)
    long_chain = Request(f"{SITE}chuyen/3", meta={"redirect_chain": [SITE + "1", SITE + "2",
                                                                      SITE + "3"]})
    loop = Request(f"{SITE}a", meta={"redirect_chain": [f"{SITE}a", f"{SITE}b"]})
    outs = list(guard.judge(page(SITE, ""), [long_chain, loop]))
    assert [o.guard for o in outs] == ["redirect-hops", "redirect-loop"]


def test_caps_count_pages_and_articles():
    guard = TrapGuard(max_pages=3, max_articles=1)
    outs = judged(guard, page(SITE, ""), [f"{SITE}tin-tuc/a-1491871594",
                                          f"{SITE}tin-tuc/b-1491871595", f"{SITE}x",
                                          f"{SITE}y", f"{SITE}z"])
    assert [getattr(o, "guard", None) for o in outs] == [
        None, "max-articles", None, None, "max-pages"]


# -- the verdict ------------------------------------------------------------------------------


def run(**counts):
    return {"new": 0, "changed": 0, "flagged": 0, **counts}


@pytest.mark.parametrize("reason,links,counts,share,status", [
    ("finished", 10, run(new=10), 0.0, "ok"),
    ("finished", 10, run(), 0.0, "ok"),  # an incremental run that found nothing new
    ("finished", 0, run(), 0.0, "failed"),  # no article link: down, blocking, or redesigned
    ("finished", 10, run(new=10, flagged=5), 0.0, "failed"),  # a jump in doubt
    ("finished", 10, run(new=10, flagged=5), 0.4, "ok"),  # as doubtful as before
    ("shutdown", 10, run(new=3), 0.0, "interrupted"),  # SIGTERM, SIGINT, Ctrl-C
    ("closespider_timeout", 10, run(new=3), 0.0, "failed"),
])
def test_the_run_verdict(reason, links, counts, share, status):
    assert run_verdict(counts, reason=reason, article_links=links,
                       previous_flagged_share=share)[0] == status
