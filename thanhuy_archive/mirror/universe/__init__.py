"""The mirror's universe: every article either edition shows, with its id, date, byline,
images, layout era, traps and roles, drawn from one seed.

Both editions are views of one universe (edition 2 is the same site two months later: a few
articles edited, a few removed, a few added), so they agree whichever is generated first.
Pages are rendered from it (``templates``) and the truth is told from it (``gold``); nothing
here knows HTML.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from thanhuy_archive.mirror.portal import (
    CATEGORIES, COLLECTIONS, DOCUMENTS_CATEGORY, EDITION_VIEWED, ID_ANCHOR, ID_ANCHOR_DAY,
    IDS_PER_DAY, IMAGES, LEAD_CREDIT, LEGACY_UNTIL, OG_UNTIL, VN)
from thanhuy_archive.mirror.vocabulary import (
    ATTENDANCE, CAPTIONS, CLOSINGS, DOC_PARAGRAPHS, DOC_TOPICS, EARLIER, EVENTS, FAMILY, FEMALE,
    FIELDS, ISSUES, MALE, MONEY, ORGS, PARTIAL, PEN_NAMES, PHOTOGRAPHERS, PLACES, POSITIONS,
    QUOTE, QUOTES, SUBHEADS, TONE_VARIANTS, TOPICS)

FIRST_DAY = date(2017, 3, 1)
MIN_ARTICLES = 30  # below this not every template, byline form and fault can be present
DEFAULT_ARTICLES, DEFAULT_SEED = 72, 20241115

# How a legacy page shows (or hides) its date. Cycled over the legacy articles so that every
# form is present; the gold value of each is fixed by thanhuy_archive/records.py.
LEGACY_DATE_FORMS = ("cap-nhat", "image-day", "weekday-time", "none", "cap-nhat-gmt",
                     "sa-ch", "luc-h", "image-day")
OG_DATE_FORMS = ("meta-zone", "meta-nozone", "meta-entity", "meta-utc")

# Byline forms (VIETNAMESE.md, vi-cases.json): kind -> how it is printed. Every kind occurs.
BYLINE_KINDS = ("bare", "caps", "tin-anh", "bai-anh", "bai-va-anh", "dash-pair", "comma-pair",
                "va-pair", "tin-anh-pair", "group", "theo", "nguon", "name-agency", "slash-agency",
                "title-prefix", "initial", "photo-only", "none", "theo-paren")


def slugify(text):
    """The portal's slug rule as observed: marks dropped, đ→d, every run of other characters
    becomes one hyphen, trailing hyphens trimmed but NOT leading ones ("[Video] Về" gives
    "-video-ve", as in the CONFIRMED URLs)."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).rstrip("-")


def glue_slug(slug, at):
    """Join two slug words as the CMS sometimes does (CONFIRMED: ``doi-moitu-duy``)."""
    head = "-" if slug.startswith("-") else ""
    words = slug.strip("-").split("-")
    at = max(0, min(at, len(words) - 2))
    return head + "-".join(words[:at] + [words[at] + words[at + 1]] + words[at + 2:])


def cap_first(s):
    return s[:1].upper() + s[1:]


def with_tone_variants(s):
    """The other tone placement (hoà, thuỷ, uỷ for hòa, thủy, ủy): both are in use, so one
    portal mixes them and search must find either."""
    for usual, variant in TONE_VARIANTS:
        s = s.replace(usual, variant)
    return s


def hexid(rng, n):
    return "".join(rng.choice("0123456789ABCDEF") for _ in range(n))


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Byline:
    kind: str
    text: str | None  # the line as printed; None when the article credits nobody
    authors: tuple = ()
    source: str | None = None


@dataclass(frozen=True)
class Image:
    url: str
    caption: str | None
    style: str  # figure | table | italic
    upload_day: date | None  # the DD-MM-YYYY in the name, if any


@dataclass
class Article:
    id: int
    section: str  # "tin-tuc" or "tu-lieu/<collection>"
    listing: str  # slug of the listing that lists it
    category: str  # gold category: the label on the page
    title: str
    slug: str
    lead: str  # starts with LEAD_CREDIT
    paragraphs: list  # body after the lead
    subheads: frozenset  # indexes of paragraphs printed as bold pseudo-headings
    published: datetime
    modified: datetime
    template: str  # legacy | og | jsonld
    date_form: str
    byline: Byline
    images: list
    keywords: list
    traps: list = field(default_factory=list)
    hidden: str | None = None  # sitemap | feed | portal-host: reachable only that way
    related: list = field(default_factory=list)  # [(id, link form)] "Tin liên quan"
    old_slugs: list = field(default_factory=list)
    edition_added: int = 1

    @property
    def path(self):
        return f"/{self.section}/{self.slug}-{self.id}"

    def path_with(self, slug):
        return f"/{self.section}/{slug}-{self.id}"

    @property
    def published_at(self):
        """The gold publication value (records.Article.published_at): what a correct
        extractor can know from this page, no more."""
        if self.date_form == "none":
            return None
        if self.date_form == "image-day":
            return self.images[0].upload_day.isoformat()
        return self.published.isoformat()

    def content_hash(self):
        """Identity of the article's content (not of the page around it): the ETag."""
        data = json.dumps([self.title, self.lead, self.paragraphs, [i.url for i in self.images],
                           [i.caption for i in self.images], self.byline.text,
                           self.published.isoformat(), self.modified.isoformat()],
                          ensure_ascii=False)
        return hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]


@dataclass
class Universe:
    """Every article either edition will show, and the roles chosen for them; edition 1 and 2
    are views of it, so both are consistent whichever is generated first."""

    seed: int
    articles: list  # news, edition 1 then the ones added in edition 2
    documents: list
    roles: dict  # role name -> article id
    notices: list  # ids shown in the site-wide "Thông báo" box
    dead_link: str  # an article-like path that answers 404
    edited: list
    removed: dict  # id -> 404 | 410


# --------------------------------------------------------------------------------------------
# Building the universe
# --------------------------------------------------------------------------------------------
def _person(rng, gender=None):
    middles, givens = {"m": MALE, "f": FEMALE}[gender or rng.choice("mf")]
    return f"{rng.choice(FAMILY)} {rng.choice(middles)} {rng.choice(givens)}"


def _byline(kind, rng):
    a, b = rng.sample(PEN_NAMES, 2)
    if kind == "bare":
        return Byline(kind, a, (a,))
    if kind == "caps":
        p = _person(rng)
        return Byline(kind, p.upper(), (p.upper(),))
    if kind in ("tin-anh", "bai-anh", "bai-va-anh"):
        prefix = {"tin-anh": "Tin, ảnh", "bai-anh": "Bài, ảnh", "bai-va-anh": "Bài và ảnh"}[kind]
        return Byline(kind, f"{prefix}: {a}", (a,))
    if kind == "dash-pair":
        return Byline(kind, f"{a} - {b}", (a, b))
    if kind == "comma-pair":
        return Byline(kind, f"{a}, {b}", (a, b))
    if kind == "va-pair":
        return Byline(kind, f"{a} và {b}", (a, b))
    if kind == "tin-anh-pair":
        return Byline(kind, f"Tin, ảnh: {a} - {b}", (a, b))
    if kind == "group":
        return Byline(kind, "Nhóm PV", ("Nhóm PV",))
    if kind == "theo":
        return Byline(kind, "Theo TTXVN", (), "TTXVN")
    if kind == "nguon":
        return Byline(kind, "Nguồn: Báo Nhân Dân", (), "Báo Nhân Dân")
    if kind == "theo-paren":
        return Byline(kind, "(Theo Báo Sài Gòn Giải Phóng)", (), "Báo Sài Gòn Giải Phóng")
    if kind == "name-agency":
        return Byline(kind, f"{a} (TTXVN)", (a,), "TTXVN")
    if kind == "slash-agency":
        return Byline(kind, f"{a}/VOV", (a,), "VOV")
    if kind == "title-prefix":
        p = _person(rng)
        return Byline(kind, f"PGS.TS {p}", (p,))
    if kind == "initial":
        name = f"{a.split()[0][0]}.{a.split()[-1]}"
        return Byline(kind, name, (name,))
    if kind == "photo-only":
        return Byline(kind, f"Ảnh: {rng.choice(PHOTOGRAPHERS)}")
    if kind == "none":
        return Byline(kind, None)
    raise ValueError(kind)


def _slots(rng, published):
    """Values for the prose templates, coherent with the publication time."""
    place, party, gov = rng.choice(PLACES)
    place2 = rng.choice([p for p in PLACES if p[0] != place])[0]
    # Morning publications report the previous day's event.
    event = published.date() if published.hour >= 11 else published.date() - timedelta(days=1)
    daypart = "Sáng" if published.hour >= 11 else rng.choice(("Chiều", "Tối", "Ngày"))
    earlier = event - timedelta(days=rng.randint(5, 40))
    report_year = published.year if published.month >= 11 else published.year - 1
    person, person2, man, woman = _person(rng), _person(rng), _person(rng, "m"), _person(rng, "f")
    goals = rng.randint(10, 14)
    pos = [p.format(party=party, gov=gov) for p in rng.sample(POSITIONS, 2)]
    quarter = ("I", "II", "III", "IV")[(published.month - 1) // 3]
    values = dict(
        place=place, Place=cap_first(place), party=party, Party=party, gov=gov, Gov=gov,
        place2=place2, org=rng.choice(ORGS), daypart=daypart, dm=f"{event.day}/{event.month}",
        dm2=f"{earlier.day}/{earlier.month}", year=report_year, year1=report_year + 1,
        n=rng.choice((5, 10, 15, 20, 25, 30, 45, 50, 60, 75, 90)), num=rng.randint(11, 49),
        k=rng.randint(12, 480), k2=rng.randint(5, 60), k3=rng.randint(8, 90),
        k4=rng.randint(10, 60), k5=rng.randint(15, 120), pct=rng.randint(61, 98),
        goals=goals, done=rng.randint(goals - 2, goals), m2=rng.randint(40, 75),
        cur_year=published.year, man=man, woman=woman, man_short=man.split()[-1],
        field=rng.choice(FIELDS), issue=rng.choice(ISSUES), quote=rng.choice(QUOTES),
        person=person, person2=person2, position=pos[0], position2=pos[1],
        x=rng.randint(2, 95), y=rng.randint(1, 9),
        m3=rng.randint(1, 12), y3=published.year - rng.randint(1, 4),
        photographer=rng.choice(PHOTOGRAPHERS), quarter=quarter, month=published.month,
        y1=published.year - 5, y2=published.year,
    )
    values["event"] = rng.choice(EVENTS).format(**values)
    return values


def _id_for(day, rng):
    return ID_ANCHOR + round((day - ID_ANCHOR_DAY).days * IDS_PER_DAY) + rng.randrange(25)


def _template_for(published):
    if published < LEGACY_UNTIL:
        return "legacy"
    return "og" if published < OG_UNTIL else "jsonld"


def _publication_times(rng, count, first, last, seconds):
    """``count`` times spread evenly (with jitter) over [first, last], in office hours."""
    span = (last - first).days
    times = []
    for i in range(count):
        day = first + timedelta(days=int(span * (i + rng.random()) / count))
        t = datetime(day.year, day.month, day.day, rng.randint(6, 20), rng.randint(0, 59),
                     rng.randint(0, 59) if seconds else 0, tzinfo=VN)
        times.append(t)
    return sorted(times)


def _images(rng, a, slots):
    """The article's images, shaped by era and by the date evidence the page must (or must
    not) carry. Returns a list of Image."""
    words = "-".join(slugify(a.title).strip("-").split("-")[:6])
    pub = a.published
    if a.template == "legacy":
        count = {"image-day": rng.randint(1, 2), "none": rng.randint(0, 1)}.get(
            a.date_form, rng.randint(0, 2))
    else:
        count = rng.randint(1, 3)
    images = []
    captions = rng.sample(CAPTIONS, len(CAPTIONS))
    for i in range(count):
        caption = None
        if rng.random() < 0.8:
            caption = captions[i].format(**slots)
        style = "figure" if a.template != "legacy" else rng.choice(("table", "italic"))
        if a.template == "legacy" and a.date_form == "none":
            # Legacy names (CONFIRMED) carry no date: the page keeps no date evidence at all.
            url = (f"{IMAGES}//res/news/{pub.year}/{pub.month:02d}/"
                   f"{rng.choice(('DHX', 'HN', 'TQ'))}_{rng.choice(('HoiNghi', 'LeTrao', 'ToaDam'))}"
                   f"{rng.randint(1, 99)}.{rng.choice(('jpg', 'JPG'))}")
            images.append(Image(url, caption, style, None))
            continue
        if a.template == "legacy" and i > 0 and a.date_form != "image-day" and rng.random() < 0.5:
            folder = f"{pub.day:02d}{pub.month:02d}{pub.year}{hexid(rng, 8)}"
            url = f"{IMAGES}//Uploads/Image/{folder}/anh-{i + 1}.JPG"
            images.append(Image(url, caption, style, None))
            continue
        up = pub.date()
        if a.template == "og" and rng.random() < 0.3:
            up -= timedelta(days=1)  # uploaded the evening before: meta must win over the name
        name = f"{up.day:02d}-{up.month:02d}-{up.year}-{words}-{hexid(rng, rng.choice((7, 8)))}"
        url = f"{IMAGES}/res/news/{up.year}/{up.month:02d}/{name}.jpg"
        if rng.random() < 0.4:
            stamp = datetime(up.year, up.month, up.day, rng.randint(6, 22), rng.randint(0, 59),
                             rng.randint(0, 59))
            # vs= hour is 12-hour (CONFIRMED oddity): never a time of day.
            url = (f"{IMAGES}/res/news/{up.year}/{up.month:02d}/{name}-details.jpg"
                   f"?vs={up.day:02d}{up.month:02d}{up.year}{stamp.strftime('%I%M%S')}")
        images.append(Image(url, caption, style, up))
    return images


def _news_body(rng, topic, slots, template):
    paras = []
    if "{daypart}" in topic.lead and rng.random() < 0.7:  # an event: someone attended
        paras.append(ATTENDANCE.format(**slots))
    paras += [p.format(**slots) for p in topic.reports]
    if "money" in topic.flags and rng.random() < 0.6:
        paras.append(MONEY.format(**slots))
    subheads = set()
    if template != "legacy" and rng.random() < 0.3:
        subheads.add(len(paras))
        paras.append(rng.choice(SUBHEADS))
    if rng.random() < 0.7:
        paras.append(QUOTE.format(**slots))
    if rng.random() < 0.5:
        paras.append(EARLIER.format(**slots))
    if "model" in topic.flags and rng.random() < 0.6:
        paras.append(PARTIAL.format(**slots))
    paras.append(rng.choice(CLOSINGS).format(**slots))
    return paras, frozenset(subheads)


def _make_news(rng, published, listing, topic_index, byline_kind):
    template = _template_for(published)
    slots = _slots(rng, published)
    topic = TOPICS[listing.slug][topic_index % len(TOPICS[listing.slug])]
    title, lead = topic.title.format(**slots), LEAD_CREDIT + topic.lead.format(**slots)
    paras, subheads = _news_body(rng, topic, slots, template)
    slug = slugify(title)
    traps = []
    if "glue" in topic.flags:
        slug = glue_slug(slug, 1)  # doi-moitu-duy-...
        traps.append("glued-slug")
    elif rng.random() < 0.05:
        slug = glue_slug(slug, rng.randint(0, 3))
        traps.append("glued-slug")
    if slug.startswith("-"):
        traps.append("leading-hyphen-slug")
    keywords = [rng.choice(("dân vận", "xây dựng Đảng", "an sinh xã hội", "cải cách hành chính",
                            "chuyển đổi số")), slots["place"]]
    a = Article(id=0, section="tin-tuc", listing=listing.slug, category=listing.label,
                title=title, slug=slug, lead=lead, paragraphs=paras, subheads=subheads,
                published=published, modified=published, template=template, date_form="",
                byline=_byline(byline_kind, rng), images=[], keywords=keywords, traps=traps)
    return a, slots


COMMON_BYLINES = ("bare",) * 6 + ("tin-anh", "dash-pair", "theo", "none", "group", "name-agency")


def _assign_byline_kinds(rng, first, added):
    """Byline kinds for the first edition (every kind at least once, spread over all eras,
    otherwise mostly bare names as on the site), then for the articles added later."""
    kinds = list(BYLINE_KINDS) + [rng.choice(COMMON_BYLINES)
                                  for _ in range(first - len(BYLINE_KINDS))]
    rng.shuffle(kinds)
    return kinds + [rng.choice(COMMON_BYLINES) for _ in range(added)]


def build_universe(seed, articles):
    """All articles of both editions, their faults and roles, drawn from ``seed``.

    The random stream is consumed in a fixed order, so the same (seed, articles) always gives
    the same site, whichever edition is written.
    """
    if articles < MIN_ARTICLES:
        raise ValueError(f"articles must be at least {MIN_ARTICLES}")
    rng = random.Random(seed)
    view1, view2 = EDITION_VIEWED[1], EDITION_VIEWED[2]
    added = max(3, articles // 24)
    times = (_publication_times(rng, articles, FIRST_DAY, (view1 - timedelta(days=2)).date(),
                                seconds=False)
             + _publication_times(rng, added, (view1 + timedelta(days=1)).date(),
                                  (view2 - timedelta(days=2)).date(), seconds=False))
    order = list(range(len(times)))
    rng.shuffle(order)
    listing_of = {idx: CATEGORIES[k % len(CATEGORIES)] for k, idx in enumerate(order)}
    kinds = _assign_byline_kinds(rng, articles, added)
    news, last_id, topic_counter = [], 0, {c.slug: rng.randrange(6) for c in CATEGORIES}
    for i, published in enumerate(times):
        if _template_for(published) == "jsonld":  # JSON-LD carries seconds
            published = published.replace(second=rng.randint(0, 59))
        listing = listing_of[i]
        topic_counter[listing.slug] += 1
        a, slots = _make_news(rng, published, listing, topic_counter[listing.slug], kinds[i])
        a.id = last_id = max(_id_for(published.date(), rng), last_id + 1)
        a.edition_added = 1 if i < articles else 2
        news.append((a, slots))

    # Date evidence per template: every form present.
    legacy = [a for a, _ in news if a.template == "legacy"]
    og = [a for a, _ in news if a.template == "og"]
    for j, a in enumerate(legacy):
        a.date_form = LEGACY_DATE_FORMS[j % len(LEGACY_DATE_FORMS)]
    for j, a in enumerate(og):
        a.date_form = OG_DATE_FORMS[j % len(OG_DATE_FORMS)]
        if a.date_form == "meta-utc":
            a.traps.append("utc-meta")
    for a, slots in news:
        if a.template == "jsonld":
            a.date_form = "jsonld"
        a.images = _images(rng, a, slots)

    documents = _make_documents(rng, articles)

    roles, taken = _assign_roles(rng, [a for a, _ in news if a.edition_added == 1])
    by_id = {a.id: a for a, _ in news}
    for role, aid in roles.items():
        if role.startswith("only-"):
            by_id[aid].hidden = role[len("only-"):]
    _assign_traps(rng, by_id, roles, taken)

    all_news = [a for a, _ in news]
    _link_related(all_news, roles)

    ed1_visible = [a for a in all_news if a.edition_added == 1 and not a.hidden]
    notices = [a.id for a in sorted(ed1_visible, key=lambda a: a.published)[-3:]]
    used = {a.id for a in all_news} | {d.id for d in documents}
    dead = next(i for i in range(all_news[len(all_news) // 2].id, 10**10) if i not in used)
    dead_link = f"/tin-tuc/thong-bao-lich-tiep-cong-dan-thang-{rng.randint(1, 12)}-{dead}"

    # Edition 2: edits and removals among ordinary articles, never one a fault, a hidden
    # article or a one-of-a-kind trap depends on.
    rng2 = random.Random(f"{seed}-edition-2")
    protected = set(roles.values()) | set(notices)
    pool = [a.id for a in ed1_visible
            if a.id not in protected and not set(a.traps) & UNIQUE_TRAPS]
    rng2.shuffle(pool)
    n_edit, n_remove = max(3, articles // 24), max(2, articles // 36)
    edited = sorted(pool[:n_edit])
    removed = {aid: (404, 410)[k % 2] for k, aid in enumerate(sorted(pool[n_edit:n_edit + n_remove]))}
    return Universe(seed, all_news, documents, roles, notices, dead_link, edited, removed)


def _make_documents(rng, articles):
    """Documents of the /tu-lieu/ archive: older id series (one 9-digit id), legacy layout."""
    count = max(5, articles // 12)
    times = _publication_times(rng, count, date(2012, 1, 10), date(2016, 12, 20), seconds=False)
    docs = []
    next_id = 1454400000 + rng.randrange(1000)
    for j, published in enumerate(times):
        coll = COLLECTIONS[j % len(COLLECTIONS)]
        slots = _slots(rng, published)
        title_t, lead_t = DOC_TOPICS[coll.slug][(j // len(COLLECTIONS)) % 2]
        title = title_t.format(**slots)
        paras = [p.format(**slots) for p in rng.sample(DOC_PARAGRAPHS, 3)]
        if j == 0:
            byline, traps = Byline("none", None), ["org-last-line"]
            paras.append("Ban Tuyên giáo Thành ủy")  # an organisation, not a byline: body text
        elif j == 1:
            byline, traps = Byline("nguon", "Nguồn: Văn phòng Thành ủy", (), "Văn phòng Thành ủy"), []
        else:
            byline, traps = Byline("none", None), []
        if j == 2:
            doc_id = rng.randrange(100_000_000, 999_999_999)  # 9 digits: older series exist
            traps.append("nine-digit-id")
        else:
            next_id += rng.randrange(3000, 90000)
            doc_id = next_id
        a = Article(id=doc_id, section=coll.slug, listing=coll.slug, category=DOCUMENTS_CATEGORY,
                    title=title, slug=slugify(title), lead=LEAD_CREDIT + lead_t.format(**slots),
                    paragraphs=paras, subheads=frozenset(), published=published,
                    modified=published, template="legacy",
                    date_form=LEGACY_DATE_FORMS[j % len(LEGACY_DATE_FORMS)], byline=byline,
                    images=[], keywords=["tư liệu"], traps=traps)
        a.images = _images(rng, a, slots)
        docs.append(a)
    return docs


def _assign_roles(rng, ed1):
    """Faults and reachability roles, each on a distinct article of a fitting template."""
    by_template = {t: [a for a in ed1 if a.template == t] for t in ("legacy", "og", "jsonld")}
    taken = set()

    def take(template, where=lambda a: True, newest=False):
        pool = [a for a in by_template[template] if a.id not in taken and where(a)]
        a = pool[-1] if newest else rng.choice(pool)
        taken.add(a.id)
        return a.id

    roles = {
        "only-feed": take("jsonld", newest=True),
        "only-sitemap": take("jsonld", newest=True),
        "only-portal-host": take("og"),
        "portal-host-linker": take("og"),
        "flaky": take("og"),
        "slow": take("jsonld"),
        "redirect-target": take("legacy"),
        "redirect-linker": take("legacy"),
        # UTF-8 bytes, no charset anywhere: a legacy page (they have no <meta> at all).
        "no-charset": take("legacy", lambda a: a.date_form == "cap-nhat"),
    }
    return roles, taken


UNIQUE_TRAPS = {"nfd", "entities", "div-paragraphs", "feff-nbsp", "wrong-weekday",
                "misplaced-mark", "no-charset"}


def _assign_traps(rng, by_id, roles, taken):
    """Surface traps of Vietnamese pages, each on one article (see gold "traps")."""
    free = [a for a in by_id.values() if a.id not in taken and a.edition_added == 1]

    def pick(template, where=lambda a: True):
        """A free article if there is one, else any fitting one (traps may share a page)."""
        pool = [a for a in free if a.template == template and where(a)]
        if not pool:
            pool = [a for a in by_id.values()
                    if a.template == template and where(a) and a.edition_added == 1]
        a = rng.choice(pool)
        if a in free:
            free.remove(a)
        return a

    pick("og").traps.append("nfd")
    pick("legacy").traps.append("entities")
    pick("legacy").traps.append("div-paragraphs")
    pick("jsonld").traps.append("feff-nbsp")
    pick("legacy", lambda a: a.date_form == "weekday-time").traps.append("wrong-weekday")
    typo = pick("og")
    typo.traps.append("misplaced-mark")
    typo.paragraphs.insert(1, "Kế hoạch sẽ được triển khai ngay trong qúy tới, tập trung vào những địa bàn còn nhiều khó khăn.")
    by_id[roles["no-charset"]].traps.append("no-charset")
    for a in by_id.values():
        if a.template == "legacy" and a.id % 3 == 0:
            a.traps.append("empty-paragraphs")
        if a.id % 5 == 0:  # the other tone placement, in the text itself (gold keeps it)
            a.title, a.lead = with_tone_variants(a.title), with_tone_variants(a.lead)
            a.paragraphs = [with_tone_variants(p) for p in a.paragraphs]
            a.images = [dataclasses.replace(i, caption=i.caption and with_tone_variants(i.caption))
                        for i in a.images]
            a.traps.append("tone-variants")


RELATED_FORMS = ("path", "hcmcpv", "path", "fbclid", "altslug", "path", "thanhuy", "fragment")


def _link_related(news, roles):
    """"Tin liên quan" boxes: older articles of the same category, in assorted URL forms."""
    counter = 0
    older = {}
    for a in news:
        pool = older.setdefault(a.listing, [])
        if a.hidden is None and pool and (a.id % 3 == 0 or a.template == "legacy" and a.id % 4 == 0):
            for r in pool[-3:][::-1]:
                a.related.append((r.id, RELATED_FORMS[counter % len(RELATED_FORMS)]))
                counter += 1
        if a.hidden is None:
            pool.append(a)
    by_id = {a.id: a for a in news}
    linker = by_id[roles["portal-host-linker"]]
    linker.related.insert(0, (roles["only-portal-host"], "hcmcpv"))
    by_id[roles["redirect-linker"]].related.insert(0, (roles["redirect-target"], "legacy-redirect"))


# --------------------------------------------------------------------------------------------
# Editions
# --------------------------------------------------------------------------------------------
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
