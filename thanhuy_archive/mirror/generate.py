"""Write a realistic, deterministic static copy of the portal, with its answers (``gold.json``).

Why: the live portal cannot be reached and no saved copy of its HTML exists (README, "What we
know about the site"; the facts themselves are in ``crawler/site.py``), yet the crawler and the extractor need a site to be tested against
end to end. The mirror is built from what is CONFIRMED and GIVEN about the portal (URL scheme,
id range, image names, the shape of one article page) and fills the GUESS territory (markup,
listings, feeds) with several plausible variants, so that code tuned to one guessed template
fails here. Every page is written *for* the mirror: the prose is composed from its vocabulary
and all persons are fictional.

The generator also writes the truth: ``gold.json`` is built from the data the pages were
rendered from, never by parsing them, and follows ``thanhuy_archive/records.py``.

The package, by concern:

    portal       hosts, names, sections and their paginations, layout eras, editions
    vocabulary   the words and topics articles are composed from
    universe     the articles of both editions: ids, dates, bylines, images, traps, roles
    templates/   the HTML of every kind of page, one module per layout era or kind
    media        the pictures and files pages show, and what is served for each
    pictures     image files written with the standard library (JPEG, PNG, GIF, WebP)
    documents    attached files (PDF, DOC, DOCX, XLS, XLSX) and their expected text
    gold         gold.json
    writing      the files, manifest.json and generate_mirror()
    server       serves a written mirror with the portal's misbehaviour

Output directory::

    manifest.json   routes, id patterns, faults: read by mirror.server
    gold.json       expected extraction for every article, its pictures and files, faults,
                    robots, listings, changes
    site/           the pages (file names are for browsing; the manifest maps URLs to them)
    site/media/     pictures and attached files, one file per distinct content

Edition 2 (``edition=2``) is the same site two months later: a few articles edited (title,
body, slug), a few removed (404 or 410), a few new ones at the top of listings.

For memory benchmarks, ``large_attachment_mb=N`` (``--large-attachment-mb N``) makes a few
document pages also link a PDF of N MiB, served in pieces.

Usage: ``generate_mirror(out_dir)`` or ``python -m thanhuy_archive.mirror.generate OUT
[--articles N] [--edition K] [--seed S] [--large-attachment-mb N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from thanhuy_archive.mirror.portal import EDITION_VIEWED
from thanhuy_archive.mirror.universe import DEFAULT_ARTICLES, DEFAULT_SEED
from thanhuy_archive.mirror.writing import generate_mirror

__all__ = ["generate_mirror", "main"]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m thanhuy_archive.mirror.generate",
                                     description="Write a static mirror of the portal with gold.json.")
    parser.add_argument("out", help="output directory")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--edition", type=int, default=1, choices=sorted(EDITION_VIEWED))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--large-attachment-mb", type=int, default=0, metavar="N",
                        help="a few document pages also link a PDF of N MiB (default 0: none)")
    args = parser.parse_args(argv)
    if args.large_attachment_mb < 0:
        parser.error("--large-attachment-mb must be 0 or more")
    started = time.perf_counter()
    out = generate_mirror(args.out, articles=args.articles, seed=args.seed, edition=args.edition,
                          large_attachment_mb=args.large_attachment_mb)
    gold = json.loads((out / "gold.json").read_text("utf-8"))
    print(f"Wrote edition {args.edition}: {len(gold['articles'])} articles to {out} "
          f"in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
