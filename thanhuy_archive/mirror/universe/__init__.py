"""The mirror's universe: every article either edition shows, with its id, date, byline,
images, layout era, kind, traps, faults and roles, drawn from one seed.

Both editions are views of one universe (edition 2 is the same site two months later: a few
articles edited, a few removed, a few added), so they agree whichever is generated first.
Pages are rendered from it (``templates``) and the truth is told from it (``gold``); nothing
here knows HTML.

``model`` says what an article is, ``stories`` how each kind is written, ``files`` what the
files they attach say, ``roles`` which parts they play (reachability, faults, traps, related
links, pictures shown again); this module decides how many of each kind exist, when they were
published, their ids, and what edition 2 changes.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from datetime import date, datetime, timedelta

from thanhuy_archive.mirror.portal import (
    ARCHIVE_1258, ARCHIVE_FROM, ASPNET_1258_UNTIL, CATEGORIES, EDITION_VIEWED, ID_ANCHOR,
    ID_ANCHOR_DAY, IDS_PER_DAY, LEGACY_UNTIL, OG_UNTIL, REDESIGN_FROM, VN)
from thanhuy_archive.mirror.universe.model import Article, Universe, slugify
from thanhuy_archive.mirror.universe.roles import (
    UNIQUE_TRAPS, assign_roles, assign_traps, link_related, share_file_photos)
from thanhuy_archive.mirror.universe.stories import (
    make_archive_text, make_interview, make_news, make_official_document, make_photo_story,
    make_video, news_images)

__all__ = ["Article", "Universe", "build_universe", "edition_articles", "slugify",
           "MIN_ARTICLES", "DEFAULT_ARTICLES", "DEFAULT_SEED"]

FIRST_DAY = date(2017, 3, 1)  # the first news report of the UTF-8 site
# Below this, not every layout, kind, byline form and fault, and not three edits and two
# removals in edition 2, fit beside one another (measured: 34 is the least over 30 seeds).
MIN_ARTICLES = 36
DEFAULT_ARTICLES, DEFAULT_SEED = 72, 20241115

# How a page shows (or hides) its date, per layout. Cycled over the articles of the layout so
# that every form is present; the gold value of each is fixed by records.Article.published_at.
LEGACY_DATE_FORMS = ("cap-nhat", "image-day", "weekday-time", "none", "cap-nhat-gmt",
                     "sa-ch", "luc-h", "image-day")
ASPNET_1258_DATE_FORMS = ("cap-nhat", "luc-h", "weekday-time")
OG_DATE_FORMS = ("meta-zone", "meta-nozone", "meta-entity", "meta-utc")
# Layouts whose machine-readable time carries seconds.
TIMES_WITH_SECONDS = ("jsonld", "redesign", "video")

# Byline forms (VIETNAMESE.md, vi-cases.json): kind -> how it is printed. Every kind occurs
# among the news reports.
BYLINE_KINDS = ("bare", "caps", "tin-anh", "bai-anh", "bai-va-anh", "dash-pair", "comma-pair",
                "va-pair", "tin-anh-pair", "group", "group-full", "pv", "bbt", "theo", "nguon",
                "name-agency", "slash-agency", "title-prefix", "initial", "photo-only", "none",
                "theo-paren")
COMMON_BYLINES = ("bare",) * 6 + ("tin-anh", "dash-pair", "theo", "none", "group", "name-agency")


def kind_counts(articles):
    """How many of ``articles`` news items are windows-1258 reports, photo stories, videos
    and interviews: a minority, with the least that shows each of their variants (a
    windows-1258 listing with a second page and an article under ``<base href>``; videos past
    the first "load more" page; both credit forms and every caption markup)."""
    return {"legacy-1258": max(4, articles // 18), "photo": max(2, articles // 24),
            "video": max(3, articles // 24), "interview": max(2, articles // 36)}


def build_universe(seed, articles):
    """All articles of both editions, their faults and roles, drawn from ``seed``.

    ``articles`` counts the news section (/tin-tuc/) of the first edition, every kind
    included. The random stream is consumed in a fixed order, so the same (seed, articles)
    always gives the same site, whichever edition is written.
    """
    if articles < MIN_ARTICLES:
        raise ValueError(f"articles must be at least {MIN_ARTICLES}")
    rng = random.Random(seed)
    counts = kind_counts(articles)
    reports = _reports(rng, articles - sum(counts.values()), counts["legacy-1258"], articles)
    features = _features(rng, counts)
    news = sorted([a for a, _ in reports] + features, key=lambda a: a.published)
    last_id = 0
    for a in news:  # ids grow with time (CONFIRMED)
        a.id = last_id = max(_id_for(a.published.date(), rng), last_id + 1)
        a.amp = a.template == "redesign"
    # The attached files draw from a stream of their own: what a file says can change
    # without changing every article drawn after it.
    documents = _documents(rng, random.Random(f"{seed}-files"), articles)

    roles = assign_roles(rng, news)
    assign_traps(rng, news, roles)
    link_related(news, roles)
    share_file_photos(news, max(2, articles // 36))

    ed1_visible = [a for a in news if a.edition_added == 1 and not a.hidden]
    notices = [a.id for a in sorted(ed1_visible, key=lambda a: a.published)[-3:]]
    used = {a.id for a in news} | {d.id for d in documents}
    dead = next(i for i in range(news[len(news) // 2].id, 10**10) if i not in used)
    dead_link = f"/tin-tuc/thong-bao-lich-tiep-cong-dan-thang-{rng.randint(1, 12)}-{dead}"

    # Edition 2: edits and removals among ordinary reports, never one a fault, a hidden
    # article or a one-of-a-kind trap depends on.
    rng2 = random.Random(f"{seed}-edition-2")
    protected = set(roles.values()) | set(notices)
    pool = [a.id for a in ed1_visible
            if a.kind == "news" and a.template != "legacy-1258" and a.id not in protected
            and not set(a.traps) & UNIQUE_TRAPS]
    rng2.shuffle(pool)
    n_edit, n_remove = max(3, articles // 24), max(2, articles // 36)
    edited = sorted(pool[:n_edit])
    removed = {aid: (404, 410)[k % 2] for k, aid in enumerate(sorted(pool[n_edit:n_edit + n_remove]))}
    return Universe(seed, news, documents, roles, notices, dead_link, edited, removed)


def _reports(rng, count, old_count, articles):
    """The news reports: ``count`` of the UTF-8 site (and those edition 2 adds), in the
    category listings, then ``old_count`` of the windows-1258 years; as (article, the slot
    values its prose used)."""
    view1, view2 = EDITION_VIEWED[1], EDITION_VIEWED[2]
    added = max(3, articles // 24)
    times = (_publication_times(rng, count, FIRST_DAY, (view1 - timedelta(days=2)).date())
             + _publication_times(rng, added, (view1 + timedelta(days=1)).date(),
                                  (view2 - timedelta(days=2)).date()))
    old_times = _publication_times(rng, old_count, ARCHIVE_FROM,
                                   (ASPNET_1258_UNTIL - timedelta(days=1)).date())
    order = list(range(len(times)))
    rng.shuffle(order)
    listing_of = {idx: CATEGORIES[k % len(CATEGORIES)] for k, idx in enumerate(order)}
    bylines = _assign_byline_kinds(rng, count + old_count, added)
    reports, topic_counter = [], {c.slug: rng.randrange(6) for c in CATEGORIES}
    for i, published in enumerate(times):
        template = _template_for(published)
        if template in TIMES_WITH_SECONDS:
            published = published.replace(second=rng.randint(0, 59))
        listing = listing_of[i]
        topic_counter[listing.slug] += 1
        byline_kind = bylines[i] if i < count else bylines[old_count + i]
        a, values = make_news(rng, published, listing, listing.slug, topic_counter[listing.slug],
                              byline_kind, template)
        a.edition_added = 1 if i < count else 2
        reports.append((a, values))
    for j, published in enumerate(old_times):
        topics = CATEGORIES[j % len(CATEGORIES)].slug
        reports.append(make_news(rng, published, ARCHIVE_1258, topics, j, bylines[count + j],
                                 "legacy-1258"))

    # Date evidence per layout: every form present.
    forms = {"legacy": LEGACY_DATE_FORMS, "og": OG_DATE_FORMS,
             "legacy-1258": ASPNET_1258_DATE_FORMS}
    seen = Counter()
    for a, _ in reports:
        cycle = forms.get(a.template, ("jsonld",))
        a.date_form = cycle[seen[a.template] % len(cycle)]
        seen[a.template] += 1
        if a.date_form == "meta-utc":
            a.traps.append("utc-meta")
    for a, values in reports:
        a.images = news_images(rng, a, values)
    return reports


def _features(rng, counts):
    """Photo stories, videos and interviews, published since the div layouts (mid-2019)."""
    makers = {"photo": make_photo_story, "video": make_video, "interview": make_interview}
    kinds = [kind for kind in makers for _ in range(counts[kind])]
    rng.shuffle(kinds)
    last_day = (EDITION_VIEWED[1] - timedelta(days=2)).date()
    times = _publication_times(rng, len(kinds), LEGACY_UNTIL.date(), last_day)
    made, features = Counter(), []
    for kind, published in zip(kinds, times):
        if kind in TIMES_WITH_SECONDS:
            published = published.replace(second=rng.randint(0, 59))
        features.append(makers[kind](rng, published, made[kind]))
        made[kind] += 1
    return features


def _documents(rng, files_rng, articles):
    """The /tu-lieu/ archive (an older id series, one 9-digit id): texts of its collections in
    the table layout, then official documents ("Văn bản") issued since 2012; their attached
    files drawn from ``files_rng``."""
    texts = _publication_times(rng, max(5, articles // 12), date(2012, 1, 10), date(2016, 12, 20))
    issued = _publication_times(rng, max(3, articles // 24), date(2012, 3, 1),
                                (EDITION_VIEWED[1] - timedelta(days=10)).date())
    docs = []
    next_id = 1454400000 + rng.randrange(1000)
    for j, published in enumerate(texts):
        if j == 2:
            doc_id = rng.randrange(100_000_000, 999_999_999)  # 9 digits: older series exist
        else:
            next_id += rng.randrange(3000, 90000)
            doc_id = next_id
        a = make_archive_text(rng, files_rng, j, published, doc_id,
                              LEGACY_DATE_FORMS[j % len(LEGACY_DATE_FORMS)])
        if j == 2:
            a.traps.append("nine-digit-id")
        docs.append(a)
    for j, when in enumerate(issued):
        next_id += rng.randrange(3000, 90000)
        docs.append(make_official_document(rng, files_rng, j, when.date(), next_id))
    return docs


def _id_for(day, rng):
    return ID_ANCHOR + round((day - ID_ANCHOR_DAY).days * IDS_PER_DAY) + rng.randrange(25)


def _template_for(published):
    """The layout era of a UTF-8 news report published then."""
    if published < LEGACY_UNTIL:
        return "legacy"
    if published < OG_UNTIL:
        return "og"
    return "jsonld" if published < REDESIGN_FROM else "redesign"


def _publication_times(rng, count, first, last):
    """``count`` times spread evenly (with jitter) over [first, last], in office hours."""
    span = (last - first).days
    times = []
    for i in range(count):
        day = first + timedelta(days=int(span * (i + rng.random()) / count))
        times.append(datetime(day.year, day.month, day.day, rng.randint(6, 20),
                              rng.randint(0, 59), tzinfo=VN))
    return sorted(times)


def _assign_byline_kinds(rng, first, added):
    """Byline kinds for the first edition (every kind at least once, spread over all eras,
    otherwise mostly bare names as on the site), then for the articles added later."""
    kinds = list(BYLINE_KINDS) + [rng.choice(COMMON_BYLINES)
                                  for _ in range(first - len(BYLINE_KINDS))]
    rng.shuffle(kinds)
    return kinds + [rng.choice(COMMON_BYLINES) for _ in range(added)]


def edition_articles(u, edition):
    """The news articles as edition ``edition`` shows them (copies; the universe is kept)."""
    out = []
    for a in u.articles:
        if a.edition_added > edition or (edition == 2 and a.id in u.removed):
            continue
        a = dataclasses.replace(a, paragraphs=list(a.paragraphs), traps=list(a.traps),
                                old_slugs=list(a.old_slugs))
        if edition == 2 and a.id in u.edited:
            when = EDITION_VIEWED[1] + timedelta(days=10 + a.id % 30, hours=a.id % 7)
            a.old_slugs.append(a.slug)
            a.title = a.title + " (cập nhật)"
            a.slug = slugify(a.title)
            a.paragraphs[0] = a.paragraphs[0] + " Nhiều ý kiến đề xuất đã được tiếp thu."
            a.paragraphs.append("Bài viết được bổ sung thông tin về kết quả thực hiện sau khi hội nghị kết thúc.")
            a.modified = when
            a.traps.append("edited")
        out.append(a)
    return out
