"""The parser base class: one small method per field, registered with ``@field``; and the
ordered, named strategy lists the fields are read with.

A parser is instantiated once per page with the precomputed :class:`~crawler.parsers.page.Page`
and its ``parse()`` calls every registered field method. Field methods may share intermediate
results through ``functools.cached_property`` (the body container, the lead block...).

A field read by several rules in order of trust keeps them as data, trafilatura-style: a tuple
of :class:`Strategy` (a name and a function of the parser), tried in order by
:func:`first_found`; the winner's name is recorded (``published_at_source``, ``byline_source``)
so that a reader, and the template report, can see which rule fired.
"""

from typing import Any, Callable, NamedTuple

from thanhuy_archive.records import ARTICLE_FIELDS


class Strategy(NamedTuple):
    """One rule of an ordered list: ``find(parser)`` returns the value found, or None."""

    name: str
    find: Callable[[Any], Any]


class Found(NamedTuple):
    """What an ordered strategy list gave: the value and the name of the rule that gave it
    (both None when no rule found anything)."""

    value: Any
    rule: str | None


NOTHING_FOUND = Found(None, None)


def first_found(strategies, parser):
    """The first strategy whose ``find(parser)`` is not None, as a :class:`Found`."""
    for strategy in strategies:
        value = strategy.find(parser)
        if value is not None:
            return Found(value, strategy.name)
    return NOTHING_FOUND


def field(method):
    """Register ``method`` as the extractor of the field of the same name."""
    method.__field__ = method.__name__
    return method


class Parser:
    """Base class; subclasses define ``@field`` methods (overriding by name)."""

    # Names a ``meta name=author`` or a byline may hold that mean the site itself, not a person.
    site_names = ()

    _fields = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        names = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if getattr(value, "__field__", None) == name:
                    names[name] = None
        cls._fields = tuple(names)

    def __init__(self, page):
        self.page = page

    def parse(self):
        """The fields this parser extracts, as a dict (a subset of the Article's fields)."""
        return {name: getattr(self, name)() for name in self._fields if name in ARTICLE_FIELDS}
