"""thanhuy-archive: the Scrapy project (settings, spider, items) and the site's parsers.

Parsers (``crawler.extract`` and the Vietnamese text modules) are plain functions over HTML and
a URL; nothing in them imports Scrapy, so they can be re-run over stored raw pages.
"""
