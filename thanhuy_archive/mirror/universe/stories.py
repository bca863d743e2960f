"""How each kind of article is written: news reports (in every layout era), photo stories,
videos, interviews, the archive's texts and official documents, with their bylines, credits
and images.

Every function takes the random stream it draws from, so the universe decides the order in
which the stream is consumed (and so stays deterministic).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from thanhuy_archive.mirror.portal import (
    COLLECTIONS, DOCUMENTS_CATEGORY, IMAGES, INTERVIEWS, LEAD_CREDIT, OFFICIAL_DOCUMENTS,
    PHOTO_STORIES, VIDEOS, VN)
from thanhuy_archive.mirror.universe.files import archive_text_file, document_files
from thanhuy_archive.mirror.universe.model import (
    Article, Byline, Image, OfficialDocument, Video, cap_first, glue_slug, hexid, slugify)
from thanhuy_archive.mirror.vocabulary import (
    ATTENDANCE, CAPTIONS, CLOSINGS, DOC_PARAGRAPHS, DOC_TOPICS, DOCUMENT_SUMMARIES,
    DOCUMENT_TEXT, DOCUMENT_TYPES, EARLIER, EVENTS, FAMILY, FEMALE, FIELDS, INTERVIEW_TOPICS,
    ISSUERS, ISSUES, MALE, MONEY, ORGS, PARTIAL, PEN_NAMES, PHOTO_TOPICS, PHOTOGRAPHERS, PLACES,
    POSITIONS, QUOTE, QUOTES, SUBHEADS, TOPICS, VIDEO_TOPICS)

# The extractor rightly doubts a body shorter than this (its "short-body" flag); gold expects
# no doubt, so every article says at least this much.
MIN_BODY_CHARS = 300

# How captions are marked up, by CMS generation (rendered by templates.figures). A photo story
# goes through all of them.
CAPTION_STYLES = ("figure", "div-cap", "p-caption", "div-desc", "p-chu-thich", "div-ghi-chu",
                  "table", "italic")
# The agency a 2020s page credits for a picture: a photo credit, never the article's source.
PHOTO_AGENCY = "TTXVN"


def person(rng, gender=None):
    middles, givens = {"m": MALE, "f": FEMALE}[gender or rng.choice("mf")]
    return f"{rng.choice(FAMILY)} {rng.choice(middles)} {rng.choice(givens)}"


def byline(kind, rng):
    """A credit line of ``kind`` as printed, with the persons and outlet it credits."""
    a, b = rng.sample(PEN_NAMES, 2)
    if kind == "bare":
        return Byline(kind, a, (a,))
    if kind == "caps":
        p = person(rng)
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
    # Newsroom credits that name no person: no author.
    if kind in ("group", "group-full", "pv", "bbt"):
        text = {"group": "Nhóm PV", "group-full": "Nhóm phóng viên", "pv": "PV",
                "bbt": "BBT"}[kind]
        return Byline(kind, text)
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
        p = person(rng)
        return Byline(kind, f"PGS.TS {p}", (p,))
    if kind == "initial":
        name = f"{a.split()[0][0]}.{a.split()[-1]}"
        return Byline(kind, name, (name,))
    if kind == "photo-only":
        return Byline(kind, f"Ảnh: {rng.choice(PHOTOGRAPHERS)}")
    if kind == "none":
        return Byline(kind, None)
    # The credits of photo stories, videos and interviews: each person named is an author.
    if kind == "photo-credits":
        photographer = rng.choice(PHOTOGRAPHERS)
        return Byline(kind, f"Ảnh: {photographer} - Bài: {a}", (photographer, a))
    if kind == "thuc-hien":
        return Byline(kind, f"Thực hiện: {a}", (a,))
    if kind == "video-pair":
        return Byline(kind, f"Video: {a} - {b}", (a, b))
    if kind == "interviewer":
        return Byline(kind, f"{a} (thực hiện)", (a,))
    raise ValueError(kind)


def slots(rng, published):
    """Values for the prose templates, coherent with the publication time."""
    place, party, gov = rng.choice(PLACES)
    place2 = rng.choice([p for p in PLACES if p[0] != place])[0]
    # Morning publications report the previous day's event.
    event = published.date() if published.hour >= 11 else published.date() - timedelta(days=1)
    daypart = "Sáng" if published.hour >= 11 else rng.choice(("Chiều", "Tối", "Ngày"))
    earlier = event - timedelta(days=rng.randint(5, 40))
    report_year = published.year if published.month >= 11 else published.year - 1
    person1, person2, man, woman = person(rng), person(rng), person(rng, "m"), person(rng, "f")
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
        person=person1, person2=person2, position=pos[0], position2=pos[1],
        x=rng.randint(2, 95), y=rng.randint(1, 9),
        m3=rng.randint(1, 12), y3=published.year - rng.randint(1, 4),
        photographer=rng.choice(PHOTOGRAPHERS), quarter=quarter, month=published.month,
        y1=published.year - 5, y2=published.year,
    )
    values["event"] = rng.choice(EVENTS).format(**values)
    return values


# -- images -----------------------------------------------------------------------------------

def _title_words(title):
    return "-".join(slugify(title).strip("-").split("-")[:6])


def news_image_url(rng, up, words, extension="jpg"):
    """A CONFIRMED ``res/news`` name carrying its upload day, sometimes the ``-details``
    variant with its ``?vs=`` stamp."""
    name = f"{up.day:02d}-{up.month:02d}-{up.year}-{words}-{hexid(rng, rng.choice((7, 8)))}"
    url = f"{IMAGES}/res/news/{up.year}/{up.month:02d}/{name}.{extension}"
    if rng.random() < 0.4:
        stamp = datetime(up.year, up.month, up.day, rng.randint(6, 22), rng.randint(0, 59),
                         rng.randint(0, 59))
        # vs= hour is 12-hour (CONFIRMED oddity): never a time of day.
        url = (f"{IMAGES}/res/news/{up.year}/{up.month:02d}/{name}-details.{extension}"
               f"?vs={up.day:02d}{up.month:02d}{up.year}{stamp.strftime('%I%M%S')}")
    return url


def _legacy_image_url(rng, pub):
    """An editor's file name of the table-layout years (CONFIRMED): no date in it."""
    return (f"{IMAGES}//res/news/{pub.year}/{pub.month:02d}/"
            f"{rng.choice(('DHX', 'HN', 'TQ'))}_{rng.choice(('HoiNghi', 'LeTrao', 'ToaDam'))}"
            f"{rng.randint(1, 99)}.{rng.choice(('jpg', 'JPG'))}")


def _inline_image_url(rng, pub, i):
    """An image inserted in an older body (CONFIRMED): ``//Uploads/Image/<DDMMYYYY><HEX8>/``;
    its folder's day is not evidence anyone relies on."""
    folder = f"{pub.day:02d}{pub.month:02d}{pub.year}{hexid(rng, 8)}"
    return f"{IMAGES}//Uploads/Image/{folder}/anh-{i + 1}.JPG"


def news_images(rng, a, values):
    """A news article's images, shaped by era and by the date evidence the page must (or
    must not) carry."""
    words = _title_words(a.title)
    pub = a.published
    if a.template == "legacy":
        count = {"image-day": rng.randint(1, 2), "none": rng.randint(0, 1)}.get(
            a.date_form, rng.randint(0, 2))
    elif a.template == "legacy-1258":
        count = rng.randint(0, 2)
    else:
        count = rng.randint(1, 3)
    images = []
    captions = rng.sample(CAPTIONS, len(CAPTIONS))
    for i in range(count):
        caption = None
        if rng.random() < 0.8:
            caption = captions[i].format(**values)
        if a.template in ("legacy", "legacy-1258"):
            style = rng.choice(("table", "italic"))
        else:
            style = "figure"
        if a.template == "legacy" and a.date_form == "none":
            # Legacy names carry no date: the page keeps no date evidence at all.
            images.append(Image(_legacy_image_url(rng, pub), caption, style, None))
            continue
        if a.template == "legacy-1258":  # the windows-1258 years: no dated names yet
            url = (_inline_image_url(rng, pub, i) if i > 0 and rng.random() < 0.5
                   else _legacy_image_url(rng, pub))
            images.append(Image(url, caption, style, None))
            continue
        if a.template == "legacy" and i > 0 and a.date_form != "image-day" and rng.random() < 0.5:
            images.append(Image(_inline_image_url(rng, pub, i), caption, style, None))
            continue
        up = pub.date()
        if a.template == "og" and rng.random() < 0.3:
            up -= timedelta(days=1)  # uploaded the evening before: meta must win over the name
        if a.template == "redesign" and caption and i == 0:
            caption += f" (Ảnh: {PHOTO_AGENCY})"
        # The JSON-LD years' third picture is a chart, drawn as a PNG.
        extension = "png" if a.template == "jsonld" and i == 2 else "jpg"
        images.append(Image(news_image_url(rng, up, words, extension), caption, style, up))
    return images


# -- news reports ------------------------------------------------------------------------------

def _news_body(rng, topic, values, template):
    paras = []
    if "{daypart}" in topic.lead and rng.random() < 0.7:  # an event: someone attended
        paras.append(ATTENDANCE.format(**values))
    paras += [p.format(**values) for p in topic.reports]
    if "money" in topic.flags and rng.random() < 0.6:
        paras.append(MONEY.format(**values))
    subheads = set()
    if template not in ("legacy", "legacy-1258") and rng.random() < 0.3:
        subheads.add(len(paras))
        paras.append(rng.choice(SUBHEADS))
    if rng.random() < 0.7:
        paras.append(QUOTE.format(**values))
    if rng.random() < 0.5:
        paras.append(EARLIER.format(**values))
    if "model" in topic.flags and rng.random() < 0.6:
        paras.append(PARTIAL.format(**values))
    paras.append(rng.choice(CLOSINGS).format(**values))
    # A short report gets another of its closing sentences, before the last one.
    for extra in [QUOTE, EARLIER] + list(CLOSINGS):
        if sum(map(len, paras)) >= MIN_BODY_CHARS:
            break
        sentence = extra.format(**values)
        if sentence not in paras:
            paras.insert(len(paras) - 1, sentence)
    return paras, frozenset(subheads)


def make_news(rng, published, listing, topic_listing, topic_index, byline_kind, template):
    """A news report listed in ``listing``, on a topic of ``topic_listing``'s section."""
    values = slots(rng, published)
    topic = TOPICS[topic_listing][topic_index % len(TOPICS[topic_listing])]
    title, lead = topic.title.format(**values), LEAD_CREDIT + topic.lead.format(**values)
    paras, subheads = _news_body(rng, topic, values, template)
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
                            "chuyển đổi số")), values["place"]]
    a = Article(id=0, section="tin-tuc", listing=listing.slug, category=listing.label,
                title=title, slug=slug, lead=lead, paragraphs=paras, subheads=subheads,
                published=published, modified=published, template=template, date_form="",
                byline=byline(byline_kind, rng), images=[], keywords=keywords, traps=traps)
    return a, values


# -- photo stories, videos, interviews ------------------------------------------------------------

def _feature(rng, published, listing, kind, title, lead, paragraphs, credit, date_form):
    return Article(id=0, section="tin-tuc", listing=listing.slug, category=listing.label,
                   title=title, slug=slugify(title), lead=LEAD_CREDIT + lead,
                   paragraphs=paragraphs, subheads=frozenset(), published=published,
                   modified=published, template=kind, date_form=date_form,
                   byline=byline(credit, rng), images=[], keywords=[listing.label.lower()],
                   kind=kind)


def make_photo_story(rng, published, number):
    """Photo story ``number``: two paragraphs, then six pictures with long captions, each
    caption marked up another way; credited "Ảnh: A - Bài: B" (both authors) or "Bài và
    ảnh: A"."""
    values = slots(rng, published)
    topic = PHOTO_TOPICS[number % len(PHOTO_TOPICS)]
    credit = ("photo-credits", "bai-va-anh")[number % 2]
    a = _feature(rng, published, PHOTO_STORIES, "photo", topic.title.format(**values),
                 topic.lead.format(**values), [p.format(**values) for p in topic.paragraphs],
                 credit, "meta-zone")
    words = _title_words(a.title)
    a.images = [Image(news_image_url(rng, published.date(), words), caption.format(**values),
                      CAPTION_STYLES[(number * len(topic.captions) + i) % len(CAPTION_STYLES)],
                      published.date())
                for i, caption in enumerate(topic.captions)]
    return a


def make_video(rng, published, number):
    """Video ``number``: a player (HTML5 with an .mp4 on the media host, or a YouTube embed)
    showing a poster, its description as the text; credited "Thực hiện: A" or "Video: A -
    B"."""
    values = slots(rng, published)
    topic = VIDEO_TOPICS[number % len(VIDEO_TOPICS)]
    credit = ("thuc-hien", "video-pair")[number % 2]
    a = _feature(rng, published, VIDEOS, "video", topic.title.format(**values),
                 topic.lead.format(**values), [p.format(**values) for p in topic.description],
                 credit, "jsonld")
    day = published.date()
    poster = news_image_url(rng, day, _title_words(a.title))
    if number % 2 == 0:
        folder = f"{day.day:02d}{day.month:02d}{day.year}{hexid(rng, 8)}"
        video = Video("html5", f"{IMAGES}/Uploads/Video/{folder}/{_title_words(a.title)}.mp4",
                      poster, rng.randint(90, 420))
    else:
        code = "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789_-")
                       for _ in range(11))
        video = Video("youtube", f"https://www.youtube.com/embed/{code}", poster,
                      rng.randint(90, 420))
    a.video = video
    a.images = [Image(poster, None, "poster", day)]
    return a


def make_interview(rng, published, number):
    """Interview ``number``: an introduction, then the reporter's questions in bold
    ("Phóng viên: ..." or "PV: ...") and the answers opened by the speaker's name in bold;
    credited "A (thực hiện)"."""
    values = slots(rng, published)
    topic = INTERVIEW_TOPICS[number % len(INTERVIEW_TOPICS)]
    gender = rng.choice("mf")
    interviewee = person(rng, gender)
    formal = number % 2 == 0  # "Đồng chí X" and "Phóng viên:", or "Ông/Bà X" and "PV:"
    honorific = "đồng chí" if formal else {"m": "ông", "f": "bà"}[gender]
    asker = "Phóng viên" if formal else "PV"
    words = dict(values, honorific=honorific, interviewee=interviewee,
                 iposition=rng.choice(POSITIONS).format(party=values["party"], gov=values["gov"]),
                 address=honorific, Address=cap_first(honorific))
    speaker = f"{cap_first(honorific)} {interviewee}:"
    paragraphs, questions, speakers = [], set(), {}
    for question, answer in topic.exchanges:
        questions.add(len(paragraphs))
        paragraphs.append(f"{asker}: {question.format(**words)}")
        speakers[len(paragraphs)] = speaker
        paragraphs.append(f"{speaker} {answer.format(**words)}")
    a = _feature(rng, published, INTERVIEWS, "interview", topic.title,
                 topic.lead.format(**words), paragraphs, "interviewer", "meta-nozone")
    a.questions, a.speakers = frozenset(questions), speakers
    caption = f"{cap_first(honorific)} {interviewee}, {words['iposition']}"
    a.images = [Image(news_image_url(rng, published.date(), _title_words(a.title)), caption,
                      "figure", published.date())]
    return a


# -- the /tu-lieu/ archive ------------------------------------------------------------------------

def make_archive_text(rng, files_rng, j, published, doc_id, date_form):
    """Text ``j`` of the archive's collections (speeches, histories, portraits): the table
    layout of its years, mostly uncredited; a congress document attaches its full text (its
    file drawn from ``files_rng``)."""
    coll = COLLECTIONS[j % len(COLLECTIONS)]
    values = slots(rng, published)
    title_t, lead_t = DOC_TOPICS[coll.slug][(j // len(COLLECTIONS)) % 2]
    title = title_t.format(**values)
    paras = [p.format(**values) for p in rng.sample(DOC_PARAGRAPHS, 3)]
    if j == 0:
        credit, traps = Byline("none", None), ["org-last-line"]
        paras.append("Ban Tuyên giáo Thành ủy")  # an organisation, not a byline: body text
    elif j == 1:
        credit, traps = Byline("nguon", "Nguồn: Văn phòng Thành ủy", (), "Văn phòng Thành ủy"), []
    else:
        credit, traps = Byline("none", None), []
    a = Article(id=doc_id, section=coll.slug, listing=coll.slug, category=DOCUMENTS_CATEGORY,
                title=title, slug=slugify(title), lead=LEAD_CREDIT + lead_t.format(**values),
                paragraphs=paras, subheads=frozenset(), published=published,
                modified=published, template="legacy", date_form=date_form, byline=credit,
                images=[], keywords=["tư liệu"], traps=traps)
    a.images = news_images(rng, a, values)
    if coll == COLLECTIONS[0]:
        a.files = [archive_text_file(files_rng, a, j // len(COLLECTIONS))]
    return a


def _attachment(rng, issued, number, extension):
    """An attached file as the CMS stores it (CONFIRMED):
    ``/Uploads/File/<DDMMYYYY><HEX8>/<name>.<ext>``."""
    folder = f"{issued.day:02d}{issued.month:02d}{issued.year}{hexid(rng, 8)}"
    return f"{IMAGES}/Uploads/File/{folder}/{number.replace('/', '-')}.{extension}"


# Which files a document page attaches, in turn, besides an annex (universe.files):
# extensions may be upper case (CONFIRMED).
ATTACHMENT_SETS = (("pdf",), ("pdf", "docx"), ("PDF", "doc"))


def make_official_document(rng, files_rng, j, issued: date, doc_id):
    """Official document ``j`` ("Văn bản"): the metadata table, a short text and its files
    (what they say drawn from ``files_rng``); every other one also prints when it was posted
    (else its day of issue is all the page says of time)."""
    doc_type = DOCUMENT_TYPES[j % len(DOCUMENT_TYPES)]
    issuer, issuer_code = ISSUERS[(j * 5) % len(ISSUERS)]
    number = f"{rng.randint(1, 180)}-{doc_type.code}/{issuer_code}"
    summary = DOCUMENT_SUMMARIES[j % len(DOCUMENT_SUMMARIES)].format(
        year=issued.year, y1=issued.year, y2=issued.year + 5)
    title = f"{doc_type.name} số {number} của {issuer} {summary[0].lower()}{summary[1:]}"
    words = dict(issued=f"{issued.day}/{issued.month}/{issued.year}", issuer=issuer,
                 type_lower=doc_type.name.lower(), Type=doc_type.name, number=number,
                 summary_lower=summary[0].lower() + summary[1:])
    shows_posting_time = j % 2 == 1
    posted = datetime(issued.year, issued.month, issued.day, tzinfo=VN)
    if shows_posting_time:
        posted += timedelta(days=rng.randint(1, 4), hours=rng.randint(7, 17),
                            minutes=rng.randint(0, 59))
    urls = [_attachment(rng, issued, number, ext)
            for ext in ATTACHMENT_SETS[j % len(ATTACHMENT_SETS)]]
    document = OfficialDocument(number, doc_type.name, issuer, issued, summary,
                                shows_posting_time)
    a = Article(id=doc_id, section=OFFICIAL_DOCUMENTS.slug, listing=OFFICIAL_DOCUMENTS.slug,
                category=OFFICIAL_DOCUMENTS.label, title=title, slug=slugify(title), lead="",
                paragraphs=[p.format(**words) for p in DOCUMENT_TEXT], subheads=frozenset(),
                published=posted, modified=posted, template="document",
                date_form="posted-time" if shows_posting_time else "issued-on",
                byline=Byline("none", None), images=[], keywords=["văn bản"],
                kind="document", document=document)
    a.files = document_files(files_rng, a, urls, j, person(files_rng))
    return a
