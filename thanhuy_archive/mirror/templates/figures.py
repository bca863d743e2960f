"""Pictures and their captions, marked up as the portal's CMS generations did: the tables and
italic lines of the table layouts, ``<figure>``/``<figcaption>``, and a block under the
picture whose class says caption in English or Vietnamese (cap, caption, desc, chu-thich,
ghi-chu). ``Image.style`` names the markup (``universe.stories.CAPTION_STYLES``).

How the ``<img>`` loads its picture (``loading``) follows the layout's years: ``src`` alone;
``lazy`` (the JSON-LD years: a placeholder in ``src``, the picture in ``data-src`` for the lazy
loader); ``responsive`` (the 2020s: a ``srcset`` with a smaller rendition, and the first
picture also as WebP in a ``<picture>``). Every URL goes through the media book.
"""

from __future__ import annotations

from thanhuy_archive.mirror.media import GIF
from thanhuy_archive.mirror.portal import IMAGES
from thanhuy_archive.mirror.templates.site import E

# style -> (element around the picture and caption, its class, caption element, its class)
CAPTION_BLOCKS = {
    "div-cap": ("div", "pic", "div", "cap"),
    "p-caption": (None, None, "p", "caption"),
    "div-desc": ("div", "photo", "div", "desc"),
    "p-chu-thich": ("div", "anh", "p", "chu-thich"),
    "div-ghi-chu": ("div", "hinh", "div", "ghi-chu"),
}
# What a lazy <img> shows until its script swaps the picture in.
LAZY_PLACEHOLDER, LAZY_PLACEHOLDER_SIZE = f"{IMAGES}/res/images/lazy.gif", (16, 16)
# Layouts whose head names a share picture (og:image, templates.og.og_head): the CMS's
# thumbnail, which listings show too.
SHARE_PICTURE_TEMPLATES = frozenset({"og", "jsonld", "redesign", "photo", "video", "interview",
                                     "document"})


def listing_picture(site, a):
    """The picture a listing shows for article ``a``: the thumbnail its page shares, else
    its first picture; None when it has none."""
    if not a.images:
        return None
    if a.template in SHARE_PICTURE_TEMPLATES:
        return site.media.thumbnail(a, a.images[0], listing=True)
    return site.media.photo(a, a.images[0], listing=True)


def _img(site, a, img, loading):
    """The attributes of the ``<img>`` that shows ``img`` (``src`` first)."""
    url = site.media.photo(a, img)
    if loading == "lazy":
        placeholder = site.media.furniture(a, LAZY_PLACEHOLDER, GIF, LAZY_PLACEHOLDER_SIZE)
        return f'src="{E(placeholder)}" data-src="{E(url)}" class="lazy"'
    if loading == "responsive":
        small = site.media.rendition(a, img)
        return (f'src="{E(url)}" srcset="{E(small)} {site.media.size(small)[0]}w, {E(url)} '
                f'{site.media.size(url)[0]}w" sizes="(max-width: 600px) 100vw, 480px"')
    return f'src="{E(url)}"'


def _webp_source(site, a, img, loading, first):
    if loading == "responsive" and first:
        return f'<source type="image/webp" srcset="{E(site.media.webp(a, img))}">'
    return ""


def image_html(site, a, img, esc=E, loading="src", first=False):
    """One picture of article ``a`` and its caption (escaped with ``esc``: some editors wrote
    entities); ``first``: the article's first picture."""
    img_attrs = _img(site, a, img, loading)
    webp = _webp_source(site, a, img, loading, first)
    caption = img.caption
    if img.style == "figure":
        figcaption = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        picture = f'<img {img_attrs} alt="{E(caption or "")}">'
        if webp:
            picture = f"<picture>{webp}{picture}</picture>"
        return f'<figure class="image">{picture}{figcaption}</figure>\n'
    if img.style == "table" or not caption:
        row = (f'<tr><td class="caption" style="text-align:center">{esc(caption)}</td></tr>'
               if caption else "")
        return (f'<table class="image" align="center" cellpadding="3"><tr><td>'
                f'<img {img_attrs} alt="" border="0" width="500"></td></tr>{row}</table>\n')
    if img.style == "italic":
        return (f'<p style="text-align: center;"><img {img_attrs} alt="" width="500"></p>\n'
                f'<p style="text-align: center;"><em>{esc(caption)}</em></p>\n')
    around, around_class, tag, tag_class = CAPTION_BLOCKS[img.style]
    caption_html = f'<{tag} class="{tag_class}">{esc(caption)}</{tag}>'
    if around is None:  # the picture in a paragraph of its own, the caption in the next one
        return f'<p class="image"><img {img_attrs} alt=""></p>\n{caption_html}\n'
    return (f'<{around} class="{around_class}"><img {img_attrs} alt="">{caption_html}'
            f'</{around}>\n')
