"""PDF text extraction: pdfminer.six against pypdf, on Vietnamese PDFs whose text is known,
Unicode and legacy-encoded (TCVN3, VNI) alike; the measurement behind the choice of library in
``thanhuy_archive.documents``.

Run: ``.venv/bin/python benchmarks/documents.py [--repeat N] [--pages N]``

**Documents.** Made by ``thanhuy_archive.mirror.documents.pdf_document`` from real Vietnamese
prose (the paragraphs of the article pages in ``tests/fixtures/vn-news``) and the heading of a
party document (``ĐẢNG CỘNG SẢN VIỆT NAM``, ``Số 15-NQ/TU``...), in each encoding: Unicode (a
Type0 font with a ToUnicode map), TCVN3 (``.VnTime``/``.VnTimeH``) and VNI (``VNI-Times``),
both simple fonts declared WinAnsiEncoding with no ToUnicode, as old PDFs are. Documents of 1,
3, 10 and up to ``--pages`` pages; ``pdf_page_texts`` gives each page's exact text.

**Each library as documented, the same conversion after.** pdfminer.six:
``high_level.extract_text(file)`` (default LAParams), split at the form feed it ends each page
with; pypdf: ``PdfReader(file).pages[i].extract_text()`` for each page. Both outputs go through the same
``crawler.legacy_fonts.to_unicode`` with the font names of the PDF (and nothing else), per
document. Then, per page: *lines* - its non-empty lines, trailing spaces removed, equal the
expected lines; *words* - equal once every whitespace run is one space; *chars* - the
similarity (difflib ratio) of the whitespace-collapsed texts, averaged. A last row gives
``thanhuy_archive.documents`` as shipped (pypdf with the capitals-font map, in its child
process, through ``ExtractionPool``).

**Speed.** Every document extracted by each library in turn, round after round (so both see
the same machine load); pages per second from the median round, per encoding and overall, and
the ratio pypdf / pdfminer.
"""

import argparse
import difflib
import io
import statistics
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import lxml.html  # noqa: E402
import pdfminer  # noqa: E402
import pdfminer.high_level  # noqa: E402
import pypdf  # noqa: E402

from crawler.legacy_fonts import encode_legacy, to_unicode  # noqa: E402
from thanhuy_archive.documents import ExtractionPool  # noqa: E402
from thanhuy_archive.mirror.documents import ENCODINGS, pdf_document, pdf_page_texts  # noqa: E402

VN_NEWS = REPO / "tests" / "fixtures" / "vn-news"
HEADING = ["ĐẢNG CỘNG SẢN VIỆT NAM", "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "Số 15-NQ/TU",
           "Thành phố Hồ Chí Minh, ngày 15 tháng 3 năm 2001", "NGHỊ QUYẾT",
           "về phát triển kinh tế - xã hội và công tác xây dựng Đảng"]
LIBRARIES = ("pdfminer.six", "pypdf")


def prose() -> list[str]:
    """The paragraphs of the real article pages that every encoding can write."""
    paragraphs = []
    for path in sorted(VN_NEWS.glob("*.html")):
        page = lxml.html.fromstring(path.read_bytes().decode("utf-8", "replace"))
        for p in page.iter("p"):
            text = unicodedata.normalize("NFC", " ".join(p.text_content().split()))
            if len(text) > 40 and not text.isascii() and all(_writable(text, e) for e in ENCODINGS[1:]):
                paragraphs.append(text)
    return paragraphs


def _writable(text, encoding):
    try:
        encode_legacy(text, encoding)
    except ValueError:
        return False
    return True


def documents(max_pages: int):
    """(encoding, pages, pdf bytes, expected page texts) for each document."""
    paragraphs = prose()
    out = []
    for encoding in ENCODINGS:
        for wanted in sorted({1, 3, 10, max_pages}):
            body, expected = list(HEADING), pdf_page_texts(HEADING)
            i = 0
            while len(expected) < wanted:
                body.append(paragraphs[i % len(paragraphs)])
                i += 1
                expected = pdf_page_texts(body)
            if len(expected) > wanted:
                body.pop()
                expected = pdf_page_texts(body)
            out.append((encoding, len(expected), pdf_document(body, encoding=encoding), expected))
    return out


def font_names(data: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            names.add(str(font.get_object().get("/BaseFont", "")).lstrip("/"))
    return names


def with_pdfminer(data: bytes, pages: int) -> list[str]:
    # One call for the document; pdfminer ends every page with a form feed.
    return pdfminer.high_level.extract_text(io.BytesIO(data)).split("\f")[:pages]


def with_pypdf(data: bytes, pages: int) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


EXTRACT = {"pdfminer.six": with_pdfminer, "pypdf": with_pypdf}


def converted(pages: list[str], fonts: set[str]) -> list[str]:
    """The pages after the legacy-font conversion, decided on the whole document."""
    return to_unicode("\f".join(pages), font_names=fonts).text.split("\f")


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def collapse(text: str) -> str:
    return " ".join(text.split())


def score(got: list[str], expected: list[str]) -> dict:
    got = got + [""] * (len(expected) - len(got))
    return {
        "lines": sum(lines(g) == lines(e) for g, e in zip(got, expected)),
        "words": sum(collapse(g) == collapse(e) for g, e in zip(got, expected)),
        "chars": sum(difflib.SequenceMatcher(None, collapse(g), collapse(e)).ratio()
                     for g, e in zip(got, expected)),
    }


def accuracy(docs, pool) -> dict:
    """{(row, encoding): {"pages", "lines", "words", "chars"}} where row is a library or
    "shipped"."""
    table = {}

    def add(row, encoding, pages, result):
        cell = table.setdefault((row, encoding), {"pages": 0, "lines": 0, "words": 0, "chars": 0.0})
        cell["pages"] += pages
        for key, value in result.items():
            cell[key] += value

    for encoding, pages, data, expected in docs:
        fonts = font_names(data)
        for library in LIBRARIES:
            add(library, encoding, pages, score(converted(EXTRACT[library](data, pages), fonts), expected))
        shipped = pool.extract(data, url="https://images.hcmcpv.org.vn/Uploads/File/a.pdf",
                               content_type="application/pdf")
        add("shipped", encoding, pages, score(shipped.text.split("\f"), expected))
    return table


def speed(docs, repeat: int) -> dict:
    """{(library, encoding or "all"): pages per second in the median round}."""
    rounds = {}
    for _ in range(repeat):
        for library in LIBRARIES:
            totals = {}
            for encoding, pages, data, _ in docs:
                start = time.perf_counter()
                EXTRACT[library](data, pages)
                elapsed = time.perf_counter() - start
                seconds, count = totals.get(encoding, (0.0, 0))
                totals[encoding] = (seconds + elapsed, count + pages)
            totals["all"] = (sum(s for s, _ in totals.values()), sum(c for _, c in totals.values()))
            for encoding, (seconds, count) in totals.items():
                rounds.setdefault((library, encoding), []).append(count / seconds)
    return {key: statistics.median(values) for key, values in rounds.items()}


def report(docs, table, rates, repeat):
    groups = list(ENCODINGS)
    counts = {e: sum(p for enc, p, _, _ in docs if enc == e) for e in groups}
    sizes = sorted({p for _, p, _, _ in docs})
    print(f"pdfminer.six {pdfminer.__version__}, pypdf {pypdf.__version__}; documents of "
          f"{', '.join(map(str, sizes))} pages in each encoding; pages: "
          + ", ".join(f"{e} {counts[e]}" for e in groups))
    print("\nAccuracy: pages exactly right after the legacy-font conversion "
          "(lines / words), mean character similarity")
    header = f"  {'encoding':10} {'pages':>5}" + "".join(
        f"  {row + ' lines':>20} {row + ' words':>20} {row + ' chars':>20}" for row in LIBRARIES)
    print(header)
    for encoding in groups:
        line = f"  {encoding:10} {counts[encoding]:>5}"
        for row in LIBRARIES:
            cell = table[(row, encoding)]
            line += (f"  {cell['lines']:>14}/{cell['pages']:<5} {cell['words']:>14}/{cell['pages']:<5}"
                     f" {cell['chars'] / cell['pages']:>20.4f}")
        print(line)
    print("  as shipped (thanhuy_archive.documents, pypdf + the capitals font, in its child):")
    for encoding in groups:
        cell = table[("shipped", encoding)]
        print(f"  {encoding:10} {cell['pages']:>5}  lines {cell['lines']}/{cell['pages']}, "
              f"words {cell['words']}/{cell['pages']}, chars {cell['chars'] / cell['pages']:.4f}")
    print(f"\nSpeed: pages per second, median of {repeat} rounds (both libraries in each round)")
    print(f"  {'encoding':10} {'pdfminer.six':>14} {'pypdf':>14} {'pypdf/pdfminer':>16}")
    for encoding in groups + ["all"]:
        slow, fast = rates[("pdfminer.six", encoding)], rates[("pypdf", encoding)]
        print(f"  {encoding:10} {slow:>14.1f} {fast:>14.1f} {fast / slow:>15.1f}x")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="speed rounds (median)")
    parser.add_argument("--pages", type=int, default=30, help="pages of the largest document")
    args = parser.parse_args(argv)
    docs = documents(args.pages)
    with ExtractionPool() as pool:
        table = accuracy(docs, pool)
    rates = speed(docs, args.repeat)
    report(docs, table, rates, args.repeat)


if __name__ == "__main__":
    main()
