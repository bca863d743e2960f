"""Imports point one way: the command line -> the crawl and the web application -> the
archive, search and extraction -> the Vietnamese text rules -> the site's facts and the record
types (README, "Layout of the code"). And the extractor and the text rules never import
Scrapy: they run over stored pages, outside any crawl."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The layer of each module, by longest matching prefix; higher layers may import lower ones.
LAYERS = {
    "thanhuy_archive.cli": 5, "thanhuy_archive.schedule": 5,
    "crawler.spiders": 4, "crawler.middlewares": 4, "crawler.traps": 4, "crawler.capture": 4,
    "crawler.policy": 4, "crawler.items": 4, "crawler.progress": 4, "crawler.settings": 4,
    "pipelines.archive": 4, "thanhuy_archive.web": 4, "thanhuy_archive.wacz": 4,
    "thanhuy_archive.reports": 4,
    "pipelines.storage": 3, "pipelines.warc": 3, "pipelines.replay_index": 3,
    "pipelines.media": 3, "thanhuy_archive.search": 3, "thanhuy_archive.documents": 3,
    "crawler.extract": 3, "crawler.parsers": 3,
    "crawler.text": 2, "crawler.dates": 2, "crawler.bylines": 2, "crawler.encoding": 2,
    "crawler.legacy_fonts": 2,
    "crawler.site": 1, "crawler.urls": 1, "crawler.fingerprint": 1,
    "thanhuy_archive.records": 1,
}
OURS = ("crawler", "pipelines", "thanhuy_archive")
# The offline mirror is a test site, not a layer of the archive: it may use the record types
# (the digest format) and write documents with the legacy fonts' tables.
OUTSIDE = ("thanhuy_archive.mirror", "thanhuy_archive", "crawler", "pipelines",
           "crawler.spiders")


def layer(module):
    matches = [prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")]
    return LAYERS[max(matches, key=len)] if matches else None


def modules():
    for root in OURS:
        for path in sorted((REPO / root).rglob("*.py")):
            name = ".".join(path.relative_to(REPO).with_suffix("").parts)
            yield name.removesuffix(".__init__"), ast.parse(path.read_text(encoding="utf-8"))


def imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_every_module_has_a_layer():
    assert [m for m, _ in modules() if layer(m) is None and m not in OUTSIDE
            and not m.startswith("thanhuy_archive.mirror")] == []


def test_no_module_imports_from_a_higher_layer():
    upward = [(module, name) for module, tree in modules() if layer(module) is not None
              for name in imports(tree) if name.split(".")[0] in OURS
              and (layer(name) or 0) > layer(module)]
    assert upward == []


def test_extraction_storage_and_text_rules_run_without_scrapy():
    users = [(module, name) for module, tree in modules()
             if layer(module) is not None and layer(module) <= 3
             for name in imports(tree) if name.split(".")[0] == "scrapy"]
    assert users == []
