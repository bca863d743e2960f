"""thanhuy-archive: everything that is not the Scrapy project (``crawler``) or its pipelines
(``pipelines``): the command line, the archive's record types, search, the Datasette
application and the offline mirror of the portal."""

__version__ = "0.2.0"
