"""The template report: an archive's articles grouped by page layout, the suspicious first.

Every article records the layout it was read from (``Article.layout``: the parser's era and a
hash of the template's structure, see ``crawler/parsers/layout.py``). Pages of one template
are extracted by the same rules, so when a template is misread, all of its pages are: a
group whose dates are missing, whose bodies are short or whose rules fired differently from
the others is where a maintainer looks first.

:func:`template_report` returns one :class:`TemplateGroup` per layout and
:func:`render_template_report` prints them::

    >>> groups = template_report("archive.db")                       # doctest: +SKIP
    >>> print(render_template_report(groups))                        # doctest: +SKIP

**Order: most likely broken first.** Each group's *suspicion* is the larger of the share of
its pages that carry a doubt flag (``no-title``, ``no-date``, ``empty-body``, ``short-body``)
and the share of its core fields (title, publication time, body) left empty; groups are
sorted by suspicion, highest first, then by number of pages, largest first (a broken template
with many pages costs most), then by layout name. A group without any doubt sorts last
whatever its size. Articles without a layout (extracted before layouts were recorded) form
one group, named ``(none)``: re-parse the archive to sort them into their templates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from pipelines.storage import connect_read_only
from thanhuy_archive.records import ARTICLE_FIELDS, ARTICLES, DOUBT_FLAGS

# The fields whose filled share is reported: the Article's content fields. The identity
# (id, url), the rule names and the layout itself are the same kind of thing on every page.
NOT_REPORTED = frozenset({"id", "url", "flags", "layout", "published_at_source", "byline_source"})
# Without these an article is not usable: their emptiness weighs in the suspicion.
CORE_FIELDS = ("title", "published_at", "body")
NO_LAYOUT = "(none)"


@dataclass
class TemplateGroup:
    """The articles of one layout, summarised."""

    layout: str  # Article.layout, or "(none)"
    pages: int
    example_url: str  # the smallest URL of the group: the same on every run
    filled: dict = field(default_factory=dict)  # field -> share of pages where it is filled
    flags: dict = field(default_factory=dict)  # doubt flag -> pages carrying it
    published_at_sources: dict = field(default_factory=dict)  # rule ("none" for no date) -> pages
    byline_sources: dict = field(default_factory=dict)  # rule -> pages
    suspicion: float = 0.0  # see the module's doc: 0 = no doubt, 1 = every page doubtful

    def as_json(self) -> dict:
        return asdict(self)


def template_report(db_path) -> list[TemplateGroup]:
    """One :class:`TemplateGroup` per layout of the archive at ``db_path`` (opened read-only),
    most likely broken first (see the module's doc). An archive without articles gives []."""
    conn = connect_read_only(db_path)
    try:
        return template_groups(conn)
    finally:
        conn.close()


def template_groups(conn) -> list[TemplateGroup]:
    """:func:`template_report` on an open connection (the archive's Datasette page uses its
    own)."""
    columns = {row[1] for row in conn.execute("pragma table_info(articles)")}
    if not columns:
        return []
    layout = "coalesce(nullif(layout, ''), ?)" if "layout" in columns else "?"
    reported = [c.name for c in ARTICLES.columns
                if c.name in columns and c.name not in NOT_REPORTED and _is_extracted(c.name)]
    groups = _groups(conn, layout, reported, {c.name: c.json for c in ARTICLES.columns})
    for name, key in (("published_at_sources", "published_at_source"),
                      ("byline_sources", "byline_source")):
        if key in columns:
            _count_by(conn, layout, key, groups, name)
    if "flags" in columns:
        _count_flags(conn, layout, groups)
    for group in groups.values():
        group.suspicion = _suspicion(group)
    return sorted(groups.values(), key=lambda g: (-g.suspicion, -g.pages, g.layout))


def _is_extracted(name):
    """Whether a column of the articles table is an extracted field (not crawl bookkeeping)."""
    return name in ARTICLE_FIELDS


def _filled(name, is_json):
    """SQL: 1 when the column holds a value (JSON lists: a non-empty one)."""
    empty = "('', '[]', '{}', 'null')" if is_json else "('')"
    return f"sum({name} is not null and trim({name}) not in {empty})"


def _groups(conn, layout, reported, is_json):
    sums = "".join(f", {_filled(name, is_json[name])}" for name in reported)
    sql = f"select {layout} as l, count(*), min(url){sums} from articles group by l"
    groups = {}
    for row in conn.execute(sql, (NO_LAYOUT,)):
        name, pages, example = row[0], row[1], row[2]
        filled = {f: (count or 0) / pages for f, count in zip(reported, row[3:])}
        groups[name] = TemplateGroup(name, pages, example or "", filled)
    return groups


def _count_by(conn, layout, column, groups, attribute):
    sql = (f"select {layout} as l, coalesce(nullif({column}, ''), 'none'), count(*) "
           f"from articles group by 1, 2 order by 3 desc, 2")
    for name, rule, count in conn.execute(sql, (NO_LAYOUT,)):
        getattr(groups[name], attribute)[rule] = count


def _count_flags(conn, layout, groups):
    sql = (f"select {layout} as l, j.value, count(*) from articles, json_each("
           f"case when json_valid(flags) then flags else '[]' end) as j group by 1, 2 "
           f"order by 3 desc, 2")
    for name, flag, count in conn.execute(sql, (NO_LAYOUT,)):
        groups[name].flags[flag] = count


def _suspicion(group):
    """The larger of the flagged share (pages with the worst flag) and the empty core share."""
    flagged = max((group.flags.get(flag, 0) for flag in DOUBT_FLAGS), default=0) / group.pages
    core = [group.filled[f] for f in CORE_FIELDS if f in group.filled]
    empty = 1 - sum(core) / len(core) if core else 0.0
    return round(max(flagged, empty), 4)


# -- plain text ---------------------------------------------------------------------------------


def render_template_report(groups) -> str:
    """The groups as plain text, one block per layout, in the order given."""
    if not groups:
        return "No articles.\n"
    total = sum(g.pages for g in groups)
    lines = [f"{len(groups)} layouts, {total} articles; most likely broken first "
             "(suspicion: the larger of the flagged share and the empty share of title, "
             "date and body)", ""]
    for g in groups:
        lines.append(f"{g.layout}  {g.pages} pages  suspicion {g.suspicion:.0%}")
        lines.append(f"  example: {g.example_url}")
        lines.append("  filled: " + ", ".join(f"{f} {share:.0%}" for f, share in g.filled.items()))
        lines.append("  flags: " + (_counts(g.flags) or "none"))
        lines.append("  date rules: " + (_counts(g.published_at_sources) or "-"))
        lines.append("  byline rules: " + (_counts(g.byline_sources) or "-"))
        lines.append("")
    return "\n".join(lines)


def _counts(counts):
    return ", ".join(f"{k} {v}" for k, v in counts.items())

