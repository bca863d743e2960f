"""Pictures and their captions, marked up as the portal's CMS generations did: the tables and
italic lines of the table layouts, ``<figure>``/``<figcaption>``, and a block under the
picture whose class says caption in English or Vietnamese (cap, caption, desc, chu-thich,
ghi-chu). ``Image.style`` names the markup (``universe.stories.CAPTION_STYLES``).
"""

from __future__ import annotations

from thanhuy_archive.mirror.templates.site import E

# style -> (element around the picture and caption, its class, caption element, its class)
CAPTION_BLOCKS = {
    "div-cap": ("div", "pic", "div", "cap"),
    "p-caption": (None, None, "p", "caption"),
    "div-desc": ("div", "photo", "div", "desc"),
    "p-chu-thich": ("div", "anh", "p", "chu-thich"),
    "div-ghi-chu": ("div", "hinh", "div", "ghi-chu"),
}


def image_html(img, esc=E):
    """One picture and its caption (escaped with ``esc``: some editors wrote entities)."""
    src, caption = E(img.url), img.caption
    if img.style == "figure":
        figcaption = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        return f'<figure class="image"><img src="{src}" alt="{E(caption or "")}">{figcaption}</figure>\n'
    if img.style == "table" or not caption:
        row = (f'<tr><td class="caption" style="text-align:center">{esc(caption)}</td></tr>'
               if caption else "")
        return (f'<table class="image" align="center" cellpadding="3"><tr><td>'
                f'<img src="{src}" alt="" border="0" width="500"></td></tr>{row}</table>\n')
    if img.style == "italic":
        return (f'<p style="text-align: center;"><img src="{src}" alt="" width="500"></p>\n'
                f'<p style="text-align: center;"><em>{esc(caption)}</em></p>\n')
    around, around_class, tag, tag_class = CAPTION_BLOCKS[img.style]
    caption_html = f'<{tag} class="{tag_class}">{esc(caption)}</{tag}>'
    if around is None:  # the picture in a paragraph of its own, the caption in the next one
        return f'<p class="image"><img src="{src}" alt=""></p>\n{caption_html}\n'
    return (f'<{around} class="{around_class}"><img src="{src}" alt="">{caption_html}'
            f'</{around}>\n')
