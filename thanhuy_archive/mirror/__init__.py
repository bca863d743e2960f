"""A local, deterministic mirror of the thanhuytphcm.vn portal, for tests and benchmarks.

The live portal cannot be reached from our machines, so the crawler and the extractor are
tested against this stand-in: :func:`generate_mirror` writes a static copy of the site (with
several page templates, paginations, feeds, Vietnamese-text traps and deliberate faults, and
the pictures and attached files its pages reference) and ``gold.json``, the expected
extraction of every article and the digest of every file; :class:`MirrorServer` serves it
over HTTP with the faults, the URL aliases and conditional GETs a real portal has.

    from thanhuy_archive.mirror import generate_mirror, MirrorServer
    root = generate_mirror(tmp_path / "mirror")          # edition 1, 72 articles
    with MirrorServer(root) as site:
        crawl(site.url)                                  # "http://127.0.0.1:PORT/"
"""

__all__ = ["generate_mirror", "MirrorServer"]


def __getattr__(name):
    # Lazy, so that ``python -m thanhuy_archive.mirror.generate`` / ``mirror.server`` run their module once.
    if name == "generate_mirror":
        from thanhuy_archive.mirror.writing import generate_mirror
        return generate_mirror
    if name == "MirrorServer":
        from thanhuy_archive.mirror.server import MirrorServer
        return MirrorServer
    raise AttributeError(f"module 'mirror' has no attribute {name!r}")
