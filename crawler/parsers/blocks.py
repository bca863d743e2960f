"""The page as a flat list of text blocks in reading order, and where the article body is.

One walk over ``<body>`` turns the DOM into *blocks*: the text a browser would render between
two block-level boundaries (a ``<p>``, a heading, a table cell, the text around a nested
``<div>``...), with what is needed to judge it: its length, how much of it is link text,
italic or bold, the images in it, and the hints of the elements around it (a class or id that
says related news, comments, share buttons, caption, author...).

The body container is then found by text density, not by a site's class names: every block of
real prose (long enough, few links, not inside a hinted piece of furniture) adds its length to
its block-level ancestors, decaying with distance, and the element with the highest score is
the container. Class and id hints only exclude furniture inside and around it.

Speed: subtrees hinted as furniture (related news, comments, menus, ads) are not read at all on
the first reading; when one of them holds more text than twice the best body candidate (a
template whose whole article column is called ``sidebar-1``), the page is read again in full
and the hints decide nothing. See :func:`read_page`.
"""

import re

from lxml import etree

# Elements that start a new line of text in a browser.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Hint flags, from an element's class, id, type, role and itemprop attributes.
HIDDEN = 1  # not rendered: never text
BOILER = 2  # furniture of any kind (FURNITURE, share bars, tool bars...): never body text
CAPTION = 4  # an image caption
AUTHOR = 8  # a byline / author element
LEAD = 16  # a summary (sapo) element
DATE = 32  # a date or time element
FIGURE = 64  # inside <figure> (its text is never body text)
IMAGE_TABLE = 128  # a small table holding an image: its text is a caption
SOURCE = 256  # the credited outlet of a syndicated article ("Theo ...")
FURNITURE = 512  # related news, comments, menus, ads...: never read on the first reading
TITLE = 1024  # a headline element ("title", "tieu-de", "headline")
CRUMBS = 2048  # a breadcrumb trail

# Furniture whose subtree never holds the article's text, date or byline: not even read (a
# second, complete reading happens when such a subtree turns out to hold most of the text).
_FURNITURE_RE = re.compile(
    r"relat|lienquan|lien-quan|tinkhac|tin-khac|other-?news|more-?news|same-?cate|cungchuyenmuc"
    r"|comment|binhluan|binh-luan|banner|advert|quangcao|quang-cao|crumb|sidebar|navbar"
    r"|menu|newsletter|subscribe|popup|modal|paywall"
    r"|(?<![a-z])(?:ads?|adv|tags?|keywords?|nav|rating|vote|poll|pagination|pager|cookie"
    r"|hashtag|most-?read|docnhieu|doc-nhieu|tinmoi|tin-moi)(?![a-z])"
)
# Furniture that may wrap a byline or a date (share bars, tool bars, article footers): read,
# but never body text.
_BOILER_RE = re.compile(
    r"social|share|sharing|footer|toolbar|(?<![a-z])(?:print|audio|tts|player|tools)(?![a-z])"
)
_CAPTION_RE = re.compile(
    r"caption|chu-?thich|chuthich|ghi-?chu|(?:photo|image|img|pic)-?(?:desc|cap)"
    r"|desc-?(?:img|image|photo)|(?<![\w-])cap(?![\w-])"  # "cap" alone: "cap-nhat" is a date
)
_AUTHOR_RE = re.compile(r"author|byline|tac-?gia|tacgia|writer|(?<![a-z])reporter(?![a-z])")
_LEAD_RE = re.compile(r"sapo|(?<![a-z])lead(?![a-z])|summary|chapeau|excerpt|(?<![a-z])intro|tom-?tat|tomtat|(?<![a-z])desc(?:ription)?(?![a-z])")
_DATE_RE = re.compile(r"date|time|publish|ngay-?dang|(?<![a-z])ngay(?![a-z])")
_TITLE_RE = re.compile(r"title|tieu-?de|headline")
_SOURCE_RE = re.compile(r"(?:^|[\s_-])(?:source|nguon|nguon-tin)(?:$|\s)")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_HIDDEN_CLASSES = frozenset({"hidden", "d-none", "hide", "sr-only", "visually-hidden", "invisible"})

# -- thresholds of the density reading -----------------------------------------------------------
# A block adds to the density of its ancestors only with at least this much text outside links:
# shorter runs are labels, buttons and list items, whatever their class says.
PROSE_MIN_CHARS = 20
# ... and only if at most this share of it is link text (a list of links is navigation).
PROSE_MAX_LINK_SHARE = 0.5
# A block this long (outside links) counts in full; shorter prose counts half, so that a column
# of short teasers never outweighs a few real paragraphs.
FULL_WEIGHT_CHARS = 60
# A block's weight goes in full to its two nearest block-level ancestors, then decays as
# 1/distance, up to this many ancestors: the container is the nearest element holding most of
# the prose, not <body>, which holds all of it.
FULL_SHARE_LEVELS = 2
MAX_SCORED_LEVELS = 6
# A table holding an image and less text than this is an image with its caption (legacy
# layouts), not a layout table.
IMAGE_TABLE_MAX_CHARS = 300
# The hint-respecting choice is kept unless it scores under this share of the choice that
# ignores hints: then the article sits in a column whose class merely sounds like furniture.
STRICT_MIN_SHARE_OF_LOOSE = 0.5
# A skipped furniture subtree is read after all when it holds more than twice the best body
# candidate plus this many characters (the slack keeps short pages from being read twice for a
# sidebar of a few links).
UNREAD_SLACK_CHARS = 200

_STRING_LENGTH = etree.XPath("string-length(normalize-space(.))")
_HAS_IMG = etree.XPath("boolean(.//img | .//amp-img)")
_HAS_H1 = etree.XPath("boolean(.//h1)")


class Block:
    """A run of text between two block-level boundaries."""

    __slots__ = ("index", "owner", "text", "length", "link", "emph", "bold", "images", "flags")

    def __init__(self, index, owner, text, length, link, emph, bold, images, flags):
        self.index = index
        self.owner = owner  # the nearest block-level element
        self.text = text  # raw text: inner whitespace as in the source, "\n" for <br>
        self.length = length  # characters of text, whitespace-trimmed pieces
        self.link = link  # of which inside <a>
        self.emph = emph  # of which inside <em>/<i>
        self.bold = bold  # of which inside <b>/<strong>
        self.images = images  # img elements in the block
        self.flags = flags  # hint flags of the owner and its ancestors

    @property
    def link_density(self):
        return self.link / self.length if self.length else 0.0

    @property
    def is_heading(self):
        return self.owner.tag in HEADING_TAGS

    @property
    def image_only(self):
        return bool(self.images) and not self.length

    def __repr__(self):
        return f"Block({self.index}, <{self.owner.tag}>, {self.text.strip()[:40]!r})"


class Blocks:
    """The blocks of a page and the measures taken while reading them."""

    def __init__(self):
        self.items = []
        self.spans = {}  # block-level element -> (first block index, end block index)
        self.flags_at = {}  # block-level element -> hint flags of it and its ancestors
        self.scores = {}  # block-level element -> density score of prose outside furniture
        self.loose_scores = {}  # the same, counting prose inside hinted furniture too
        self.hinted = []  # (flags, element, block index): elements with AUTHOR/DATE/LEAD/SOURCE hints
        self.h1 = []  # (h1 element, block index)
        self.unread = []  # furniture subtrees not read (first reading only)
        self.crumbs = []  # breadcrumb trails (their class or id says "crumb")
        self.links = []  # (<a> element, index of its block): the links read, in document order

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def span(self, el):
        """(index of the first block inside ``el``, index after its last block)."""
        return self.spans.get(el, (0, 0))

    def container(self):
        """The block-level element holding the article body: highest density score.

        Hints are only hints: when the page's prose sits inside an element whose class says
        furniture (a whole layout column called ``sidebar-1``), the scores that ignore hints
        decide."""
        loose = max(self.loose_scores.items(), key=lambda kv: kv[1], default=None)
        strict = max(self.scores.items(), key=lambda kv: kv[1], default=None)
        if strict is None or (loose is not None
                              and strict[1] < STRICT_MIN_SHARE_OF_LOOSE * loose[1]):
            return loose[0] if loose else None
        return strict[0]


# Hints by attribute values, shared by every page (a site repeats its class names); bounded.
_HINT_CACHE = {}
_HINT_CACHE_MAX = 50000
_HINT_ATTRIBUTES = ("class", "id", "type", "data-role", "itemprop", "rel", "style", "hidden")
# Inline formatting and images carry no hint worth reading: not classified at all.
_PLAIN_INLINE = frozenset(
    "b strong i em u s strike sup sub small big font abbr code mark wbr br q cite dfn kbd samp "
    "var tt nobr img amp-img".split()
)


def classify(el):
    """Hint flags of one element, from its attributes (cached by their values)."""
    if el.tag == "a":  # href varies per link: only class, rel and style may hint
        get = el.get
        key = ("a", get("class"), get("rel"), get("style"))
        attrs = dict(zip(("class", "rel", "style"), key[1:]))
    else:
        key = tuple(el.items())
        attrs = None
    flags = _HINT_CACHE.get(key)
    if flags is None:
        attrs = attrs if attrs is not None else {k.lower(): v for k, v in key if isinstance(k, str)}
        flags = _classify_values(*(attrs.get(name) for name in _HINT_ATTRIBUTES))
        if len(_HINT_CACHE) >= _HINT_CACHE_MAX:
            _HINT_CACHE.clear()
        _HINT_CACHE[key] = flags
    return flags


def _classify_values(cls, ident, typ, role, itemprop, rel, style, hidden):
    flags = 0
    if hidden is not None or (style and _HIDDEN_STYLE_RE.search(style.lower())):
        flags |= HIDDEN
    if cls and _HIDDEN_CLASSES.intersection(cls.lower().split()):
        flags |= HIDDEN
    words = " ".join(v for v in (cls, ident, typ, role) if v).lower()
    if words:
        if _FURNITURE_RE.search(words):
            flags |= FURNITURE | BOILER
            if "crumb" in words:
                flags |= CRUMBS
        elif _BOILER_RE.search(words):
            flags |= BOILER
        if _CAPTION_RE.search(words):
            flags |= CAPTION
        if _LEAD_RE.search(words):
            flags |= LEAD
        if _DATE_RE.search(words):
            flags |= DATE
        if _SOURCE_RE.search(words):
            flags |= SOURCE
        if _TITLE_RE.search(words):
            flags |= TITLE
    semantic = " ".join(v for v in (cls, ident, role, itemprop, rel) if v).lower()
    if semantic and _AUTHOR_RE.search(semantic):
        flags |= AUTHOR
    if itemprop:
        itemprop = itemprop.lower()
        if "datepublished" in itemprop:
            flags |= DATE
        if itemprop == "description":
            flags |= LEAD
    return flags


def read_blocks(body, skip_furniture=True):
    """Walk ``body`` once; return its Blocks with density scores. With ``skip_furniture``,
    subtrees hinted as furniture (and holding no ``<h1>``) are not read: see ``read_page``."""
    doc = Blocks()
    if body is None:
        return doc
    items = doc.items
    spans = doc.spans
    scores = doc.scores
    loose_scores = doc.loose_scores
    hinted = doc.hinted
    h1 = doc.h1
    flags_at = doc.flags_at
    links = doc.links

    owners = []  # open block-level elements
    owner_flags = [0]  # cumulative hint flags at each open block-level element
    buf = []  # pending text pieces of the current block
    images = []  # pending images of the current block
    # Pending measures: length, link, emph, bold; open <a>, <em>/<i>, <b>/<strong>.
    n_len = n_link = n_emph = n_bold = 0
    in_link = in_emph = in_bold = 0
    skipping = None

    def flush():
        owner = owners[-1] if owners else body
        flags = owner_flags[-1]
        block = Block(len(items), owner, "".join(buf), n_len, n_link, n_emph, n_bold,
                      images[:], flags)
        items.append(block)
        buf.clear()
        images.clear()
        # Density: prose adds its length to the block-level elements around it.
        nonlink = n_len - n_link
        if (nonlink >= PROSE_MIN_CHARS and n_link <= PROSE_MAX_LINK_SHARE * n_len
                and not flags & (CAPTION | FIGURE | IMAGE_TABLE)):
            weight = float(nonlink if nonlink >= FULL_WEIGHT_CHARS else nonlink / 2)
            strict = not flags & (BOILER | AUTHOR)
            level = 0
            for el in reversed(owners):
                share = weight if level < FULL_SHARE_LEVELS else weight / level
                loose_scores[el] = loose_scores.get(el, 0.0) + share
                if strict:
                    scores[el] = scores.get(el, 0.0) + share
                level += 1
                if level >= MAX_SCORED_LEVELS:
                    break

    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag in _PLAIN_INLINE:
                if tag == "br":
                    buf.append("\n")
                elif tag == "b" or tag == "strong":
                    in_bold += 1
                elif tag == "i" or tag == "em":
                    in_emph += 1
                elif tag == "img" or tag == "amp-img":
                    images.append(el)
            else:
                if not isinstance(tag, str):
                    continue
                own = classify(el)
                if own & CRUMBS:
                    doc.crumbs.append(el)
                if own & HIDDEN or (skip_furniture and own & FURNITURE and el is not body
                                    and not _HAS_H1(el)):
                    walker.skip_subtree()
                    skipping = el
                    if not own & HIDDEN:
                        doc.unread.append(el)
                    continue
                if own & (AUTHOR | DATE | LEAD | SOURCE):
                    hinted.append((own, el, len(items)))
                if tag in BLOCK_TAGS:
                    if n_len or images:
                        flush()
                        n_len = n_link = n_emph = n_bold = 0
                    else:
                        buf.clear()
                    cum = owner_flags[-1] | own
                    if tag == "figure":
                        cum |= FIGURE
                    elif tag == "figcaption":
                        cum |= CAPTION
                    elif tag == "table" and _HAS_IMG(el) and _STRING_LENGTH(el) < IMAGE_TABLE_MAX_CHARS:
                        cum |= IMAGE_TABLE
                    owners.append(el)
                    owner_flags.append(cum)
                    flags_at[el] = cum
                    spans[el] = len(items)
                    if tag == "h1":
                        h1.append((el, len(items)))
                elif tag == "a":
                    in_link += 1
                    links.append((el, len(items)))
            text = el.text
        else:
            if tag in _PLAIN_INLINE:
                if tag == "b" or tag == "strong":
                    in_bold -= 1
                elif tag == "i" or tag == "em":
                    in_emph -= 1
            elif el is skipping:
                skipping = None
            elif tag in BLOCK_TAGS:
                if n_len or images:
                    flush()
                    n_len = n_link = n_emph = n_bold = 0
                else:
                    buf.clear()
                owners.pop()
                owner_flags.pop()
                spans[el] = (spans[el], len(items))
                if el is body:
                    break
            elif tag == "a":
                in_link -= 1
            text = el.tail
        if text:
            buf.append(text)
            n = len(text.strip())
            if n:
                n_len += n
                if in_link:
                    n_link += n
                if in_emph:
                    n_emph += n
                if in_bold:
                    n_bold += n
    if n_len or images:
        flush()
    return doc


def read_page(body):
    """The Blocks of a page: a first reading that skips furniture subtrees, and a complete one
    when a skipped subtree holds more text than twice the best body candidate (a page whose
    whole article column is called ``sidebar-1``)."""
    doc = read_blocks(body, skip_furniture=True)
    if doc.unread:
        best = max(doc.scores.values(), default=0.0)
        unread = max(_STRING_LENGTH(el) for el in doc.unread)
        if unread > 2 * best + UNREAD_SLACK_CHARS:
            doc = read_blocks(body, skip_furniture=False)
    return doc
