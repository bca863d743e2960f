"""The parser base class: one small method per field, registered with ``@field``.

A parser is instantiated once per page with the precomputed :class:`~crawler.parsers.page.Page`
and its ``parse()`` calls every registered field method. Field methods may share intermediate
results through ``functools.cached_property`` (the body container, the lead block...).
"""

from thanhuy_archive.records import ARTICLE_FIELDS


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
