"""Extraction accuracy and speed: ours against trafilatura, on every page with hand-checked or
generated answers.

Run: ``.venv/bin/python benchmarks/extraction.py [--repeat N] [--no-mirror]``

Pages: the real Vietnamese news pages of ``tests/fixtures/vn-news/gold-dev.json`` and, when
``thanhuy_archive.mirror.generate`` is importable, every article of a freshly generated mirror
with its ``gold.json``, in one group per layout era and kind of page (``mirror <template>
<kind>``: news, photo, video, interview, document).

Accuracy, per field, how many pages are exactly right:

* ``title``, ``published_at``, ``authors``, ``source``, ``lead``, ``captions``: equal to gold;
* ``body_first`` / ``body_last``: the first / last 80 characters of the body, NFC, every
  whitespace run one space, paragraphs joined by one space (the gold's convention);
* ``no_leak``: none of the page's ``must_not_contain`` strings appears in the output (the
  furniture the page shows, as its gold lists it);
* ``kind``, ``doc_number``, ``issued_on``, ``issuer``, ``doc_type``, ``summary``,
  ``attachments``: equal to gold, on the pages whose gold gives them (the mirror's).

trafilatura (``bare_extraction(html, url=url, with_metadata=True)``) is mapped field by field:
title -> title, date -> published_at, author (split on "; ") -> authors, description -> lead,
text -> body; it has no source, caption, kind or document field (it is taken as news with no
document metadata and no attachment: right only where gold says so).

Speed, on the same pages in the same run, interleaved round by round so that both see the
same machine load: pages per second for ours and for trafilatura, and our time relative to
``lxml.html.fromstring`` alone on the same bytes (median of the rounds). Targets: ours at
least 5x trafilatura's throughput and at most 3x a bare lxml parse.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
import unicodedata
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import lxml.html  # noqa: E402

from crawler.extract import extract_article  # noqa: E402

VN_NEWS = REPO / "tests" / "fixtures" / "vn-news"
FIELDS = ("title", "published_at", "authors", "source", "lead", "body_first", "body_last",
          "captions", "no_leak")
# Fields judged only on the pages whose gold has them.
OPTIONAL_FIELDS = ("kind", "doc_number", "issued_on", "issuer", "doc_type", "summary",
                   "attachments")
ALL_FIELDS = FIELDS + OPTIONAL_FIELDS
TARGET_VS_TRAFILATURA = 5.0
TARGET_VS_LXML = 3.0
REAL_PAGES = "vn-news"  # the group of real-size pages the lxml target is judged on


def collapse(text):
    """NFC, whitespace runs to one space, stripped: the gold's comparison form."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def body_slices(body):
    flat = collapse(body)
    return flat[:80], flat[-80:]


# -- pages ------------------------------------------------------------------------------------


def vn_news_pages():
    pages = []
    for gold in json.loads((VN_NEWS / "gold-dev.json").read_text("utf-8")):
        pages.append({
            "name": gold["file"],
            "group": "vn-news",
            "html": (VN_NEWS / gold["file"]).read_bytes(),
            "url": gold["url"],
            "content_type": None,
            "fetched_at": None,
            "gold": {k: gold[k] for k in FIELDS if k in gold}
            | {"no_leak": gold["must_not_contain"]},
        })
    return pages


def mirror_pages(directory):
    """Every article of a generated mirror, with its gold answers, or [] without a mirror."""
    try:
        from thanhuy_archive.mirror.generate import generate_mirror
    except ImportError:
        return []
    root = Path(generate_mirror(directory))
    gold = json.loads((root / "gold.json").read_text("utf-8"))
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    pages = []
    for article in gold["articles"]:
        entry = manifest["tables"]["articles"][str(article["id"])]
        pages.append(_mirror_page(article, gold, root, entry, article["path"],
                                  f"mirror {article['template']} {article['kind']}"))
        if article["amp_path"]:  # the AMP copy: the same article, read from its own page
            entry = manifest["tables"]["amp"][str(article["id"])]
            pages.append(_mirror_page(article, gold, root, entry, article["amp_path"],
                                      f"mirror amp {article['kind']}"))
    return pages


def _mirror_page(article, gold, root, entry, path, group):
    first, last = body_slices(article["body"].replace("\n\n", " "))
    return {
        "name": f"{group} {article['id']}",
        "group": group,
        "html": (root / entry["file"]).read_bytes(),
        "url": "https://www.thanhuytphcm.vn" + path,
        "content_type": entry.get("type"),
        "fetched_at": gold["viewed_at"],
        "gold": {"title": article["title"], "published_at": article["published_at"],
                 "authors": article["authors"], "source": article["source"],
                 "lead": article["lead"], "body_first": first, "body_last": last,
                 "captions": article["captions"], "no_leak": article["must_not_contain"]}
        | {k: article[k] for k in OPTIONAL_FIELDS},
    }


# -- the two extractors, as comparable fields ---------------------------------------------------


def ours(page):
    article = extract_article(page["html"], page["url"], fetched_at=page["fetched_at"],
                              content_type=page["content_type"]).as_json()
    first, last = body_slices(article["body"])
    text = " ".join([article["title"], article["lead"], article["body"], " ".join(article["captions"]),
                     " ".join(article["authors"]), article["source"] or ""])
    return {"title": article["title"], "published_at": article["published_at"],
            "authors": article["authors"], "source": article["source"], "lead": article["lead"],
            "body_first": first, "body_last": last, "captions": article["captions"],
            "_text": text} | {k: article[k] for k in OPTIONAL_FIELDS}


def trafilatura_fields(page):
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(page["html"], url=page["url"], with_metadata=True)
    data = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    author = data.get("author") or ""
    first, last = body_slices(data.get("text") or "")
    text = " ".join(str(data.get(k) or "") for k in ("title", "description", "text", "author"))
    return {"title": data.get("title") or "", "published_at": data.get("date"),
            "authors": [a.strip() for a in author.split(";") if a.strip()],
            "source": None, "lead": data.get("description") or "", "body_first": first,
            "body_last": last, "captions": [], "_text": text, "kind": "news", "doc_number": None,
            "issued_on": None, "issuer": None, "doc_type": None, "summary": None,
            "attachments": []}


def right(field, got, gold):
    if field == "no_leak":
        return not any(s in got["_text"] for s in gold["no_leak"])
    return got[field] == gold[field]


# -- report -----------------------------------------------------------------------------------


def accuracy(pages, show_misses):
    counts = {f: [0, 0, 0] for f in ALL_FIELDS}  # ours right, trafilatura right, pages judged
    by_group = {}
    misses = []
    for page in pages:
        results = (ours(page), trafilatura_fields(page))
        group = by_group.setdefault(page["group"], {"pages": 0, "ours": 0, "trafilatura": 0})
        group["pages"] += 1
        all_right = [True, True]
        for field in ALL_FIELDS:
            if field not in page["gold"]:
                continue
            counts[field][2] += 1
            for k, got in enumerate(results):
                ok = right(field, got, page["gold"])
                counts[field][k] += ok
                all_right[k] &= ok
                if k == 0 and not ok:
                    misses.append((page["name"], field, got.get(field), page["gold"][field]))
        group["ours"] += all_right[0]
        group["trafilatura"] += all_right[1]
    print(f"Accuracy: pages exactly right, per field ({len(pages)} pages)")
    print(f"  {'field':<14}{'ours':>10}{'trafilatura':>14}")
    total = [0, 0, 0]
    for field in ALL_FIELDS:
        o, t, n = counts[field]
        if not n:
            continue
        total = [total[0] + o, total[1] + t, total[2] + n]
        print(f"  {field:<14}{o:>6}/{n:<3}{t:>10}/{n:<3}")
    cells = total[2]
    print(f"  {'overall':<14}{total[0] / cells:>9.1%}{total[1] / cells:>13.1%}"
          f"   (share of {cells} page-fields)")
    print("  pages right on every field, by group:")
    for name, g in sorted(by_group.items()):
        print(f"    {name:<28} ours {g['ours']:>3}/{g['pages']:<3} trafilatura "
              f"{g['trafilatura']:>3}/{g['pages']}")
    if show_misses:
        for name, field, got, want in misses:
            print(f"  MISS {name} {field}: got {got!r}\n       want {want!r}")
    return total[0] == cells


def speed(pages, repeat):
    """Pages/s of ours, trafilatura and a bare lxml parse, per page group and over all pages;
    True when the targets hold (see the end of this function for which pages)."""
    import trafilatura

    def lxml_only(page):
        lxml.html.fromstring(page["html"])

    def ours_only(page):
        extract_article(page["html"], page["url"], fetched_at=page["fetched_at"],
                        content_type=page["content_type"])

    def trafilatura_only(page):
        trafilatura.bare_extraction(page["html"], url=page["url"], with_metadata=True)

    runners = {"ours": ours_only, "trafilatura": trafilatura_only, "lxml": lxml_only}
    groups = {}
    for page in pages:
        groups.setdefault(page["group"], []).append(page)
    # times[group][runner] = one total per round
    times = {g: {name: [] for name in runners} for g in groups}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for run in runners.values():  # warm-up: imports, caches
            for page in pages:
                run(page)
        for _ in range(repeat):
            for group, members in groups.items():
                for name, run in runners.items():
                    started = time.perf_counter()
                    for page in members:
                        run(page)
                    times[group][name].append(time.perf_counter() - started)
    rows = [(group, len(groups[group]), times[group]) for group in groups]
    total = {name: [sum(times[g][name][i] for g in groups) for i in range(repeat)]
             for name in runners}
    rows.append(("all pages", len(pages), total))
    size = {g: statistics.mean(len(p["html"]) for p in members) / 1024
            for g, members in groups.items()}
    size["all pages"] = statistics.mean(len(p["html"]) for p in pages) / 1024
    print(f"Speed: {repeat} interleaved rounds, medians (pages/s; ratios are medians of the "
          f"per-round ratios)")
    print(f"  {'pages':<28}{'n':>4}{'KB':>7}{'ours':>9}{'trafil.':>9}{'lxml':>9}"
          f"{'ours/trafil. speed':>20}{'ours/lxml time':>16}")
    verdicts = {}
    for name, n, t in rows:
        rate = {k: n / statistics.median(v) for k, v in t.items()}
        vs_traf = statistics.median(tr / o for o, tr in zip(t["ours"], t["trafilatura"]))
        vs_lxml = statistics.median(o / b for o, b in zip(t["ours"], t["lxml"]))
        verdicts[name] = (vs_traf, vs_lxml)
        print(f"  {name:<28}{n:>4}{size[name]:>7.0f}{rate['ours']:>9.0f}{rate['trafilatura']:>9.0f}"
              f"{rate['lxml']:>9.0f}{vs_traf:>19.1f}x{vs_lxml:>15.2f}x")
    # The throughput target holds for every page. The lxml target was set against real-size
    # pages (lxml ~2.5 ms for a 250 KB page): on the mirror's 6-10 KB synthetic pages lxml
    # takes ~0.08 ms and our fixed ~0.5 ms per page of field rules dominates, so there the
    # ratio is reported, not judged.
    vs_traf_all = verdicts["all pages"][0]
    vs_lxml_real = verdicts.get(REAL_PAGES, (0, float("inf")))[1]
    a = vs_traf_all >= TARGET_VS_TRAFILATURA
    b = vs_lxml_real <= TARGET_VS_LXML
    print(f"  target: >= {TARGET_VS_TRAFILATURA:.0f}x trafilatura's throughput over all pages: "
          f"{vs_traf_all:.1f}x {'PASS' if a else 'FAIL'}")
    print(f"  target: <= {TARGET_VS_LXML:.0f}x a bare lxml parse on real pages ({REAL_PAGES}): "
          f"{vs_lxml_real:.2f}x {'PASS' if b else 'FAIL'}  (synthetic mirror pages: "
          "reported above, not judged)")
    return a and b


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="speed rounds (median)")
    parser.add_argument("--no-mirror", action="store_true", help="only the vn-news pages")
    parser.add_argument("--misses", action="store_true", help="list every field we got wrong")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mirror-") as tmp:
        pages = vn_news_pages() + ([] if args.no_mirror else mirror_pages(tmp))
    groups = {}
    for page in pages:
        groups[page["group"]] = groups.get(page["group"], 0) + 1
    print("Pages: " + ", ".join(f"{g} {n}" for g, n in groups.items()))
    accurate = accuracy(pages, args.misses)
    fast = speed(pages, args.repeat)
    return 0 if accurate and fast else 1


if __name__ == "__main__":
    sys.exit(main())
