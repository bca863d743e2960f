"""The files articles attach: what each says and how it was typed.

An official document ("Văn bản") attaches its full text as a PDF and, every other time, its
Word original (``.docx``; ``.doc`` for the Word 97 years); a report or plan also attaches its
annex table as a workbook (``.xlsx``; ``.xls``) uploaded in the same folder. The congress
documents of the archive attach their full text as a PDF. Documents issued before 2017 and
the archive's texts were typed in the legacy Vietnamese fonts (TCVN3 ``.VnTime`` or
``VNI-Times``) and converted as they were, as on the portal; newer ones are Unicode. A DOC or
XLS keeps no font per character, so TCVN3's toned capitals could not be told from lower case
there: those are typed in VNI.

The content is data (``AttachedFile.content``); ``thanhuy_archive.mirror.documents`` makes
the bytes and says what text an extractor must find in them.
"""

from __future__ import annotations

from thanhuy_archive.mirror.documents import ENCODINGS
from thanhuy_archive.mirror.portal import IMAGES, LEAD_CREDIT
from thanhuy_archive.mirror.universe.model import AttachedFile, cap_first, hexid, slugify
from thanhuy_archive.mirror.vocabulary import (
    ANNEX_HEADER, ANNEX_NOTES, ANNEX_SHEET, ANNEX_TOTAL, DEFAULT_SIGNATURE, FILE_HEADING,
    FILE_RECIPIENTS, FILE_SECTIONS, LARGE_ANNEX, NOTES_SHEET, PLACES, SIGNATURES)

UNICODE, TCVN3, VNI = ENCODINGS
LEGACY_FONTS_UNTIL = 2017  # documents issued before this year were typed in legacy fonts
# Formats that keep no font per character: legacy text in them is VNI (see the module's doc).
FONTLESS = ("doc", "xls")
# The annex a document attaches besides its text, by its place in the cycle of file sets.
ANNEX_FORMATS = (None, "xlsx", "xls")
ANNEX_ROWS = 6
# The large files of benchmarks: on this many document pages at most.
LARGE_FILE_DOCUMENTS = 3


def _extension(url):
    return url.rsplit(".", 1)[-1].lower()


def _folder(url):
    return url.rsplit("/", 1)[0]


def _typed_in(legacy, k, extension=None):
    """The encoding of a file: Unicode, or for a legacy one TCVN3 and VNI in turn (``k``),
    VNI where the format keeps no font per character."""
    if not legacy:
        return UNICODE
    return VNI if extension in FONTLESS else (TCVN3, VNI)[k % 2]


def _document_values(rng, a):
    d = a.document
    day = d.issued_on
    return dict(
        ISSUER=d.issuer.upper(), issuer=d.issuer, number=d.number, day=day.day,
        month=day.month, year=day.year, year1=day.year + 1,
        quarter=("I", "II", "III", "IV")[(day.month - 1) // 3],
        TYPE=d.doc_type.upper(), type_lower=d.doc_type.lower(), summary=d.summary,
        summary_lower=d.summary[0].lower() + d.summary[1:], pct=rng.randint(85, 98))


def full_text(values, signer):
    """The paragraphs of an official document as issued: heading, sections, recipients and
    signature."""
    paragraphs = [line.format(**values) for line in FILE_HEADING]
    for heading, section in FILE_SECTIONS:
        paragraphs += [heading] + [p.format(**values) for p in section]
    body, office = SIGNATURES.get(values["number"].rsplit("/", 1)[1], DEFAULT_SIGNATURE)
    return tuple(paragraphs + list(FILE_RECIPIENTS) + [body, office, signer])


def annex_sheets(rng, values):
    """A report's annex: one row a district (party cells, members, share of goals met), the
    totals, and a sheet of notes."""
    rows = [list(ANNEX_HEADER)]
    for k, (place, _, _) in enumerate(rng.sample(PLACES, ANNEX_ROWS), 1):
        cells = rng.randint(40, 180)
        rows.append([k, cap_first(place), cells, cells * rng.randint(18, 35),
                     rng.randint(820, 1000) / 10])
    rows.append(["", ANNEX_TOTAL, sum(r[2] for r in rows[1:]), sum(r[3] for r in rows[1:])])
    return {ANNEX_SHEET: rows, NOTES_SHEET: [[note.format(**values)] for note in ANNEX_NOTES]}


def document_files(rng, a, urls, j, signer):
    """The files of official document ``a`` (number ``j`` of its kind): its text at each of
    ``urls`` (PDF, Word), then the annex its place in the cycle gives it."""
    values = _document_values(rng, a)
    legacy = a.document.issued_on.year < LEGACY_FONTS_UNTIL
    text = full_text(values, signer)
    files = [AttachedFile(url, text, a.published, _typed_in(legacy, j, _extension(url)))
             for url in urls]
    annex = ANNEX_FORMATS[j % len(ANNEX_FORMATS)]
    if annex:
        name = a.document.number.replace("/", "-")
        files.append(AttachedFile(f"{_folder(urls[0])}/{name}-phu-luc.{annex}",
                                  annex_sheets(rng, values), a.published,
                                  _typed_in(legacy, j, annex)))
    return files


def archive_text_file(rng, a, k):
    """The full text of congress document ``a`` of the archive (the ``k``-th), as the PDF of
    an old typescript: TCVN3 and VNI in turn."""
    day = a.published
    folder = f"{day.day:02d}{day.month:02d}{day.year}{hexid(rng, 8)}"
    name = "-".join(slugify(a.title).strip("-").split("-")[:6])
    content = (a.title.upper(), a.lead[len(LEAD_CREDIT):], *a.paragraphs)
    return AttachedFile(f"{IMAGES}/Uploads/File/{folder}/{name}.pdf", content, a.published,
                        _typed_in(True, k))


def large_file(a, size):
    """A large annex (``size`` bytes) of official document ``a``, for the memory benchmarks:
    one page of text and the rest a data stream inside the PDF."""
    d = a.document
    values = dict(type_lower=d.doc_type.lower(), number=d.number)
    name = d.number.replace("/", "-")
    return AttachedFile(f"{_folder(a.files[0].url)}/{name}-phu-luc-so-lieu.pdf",
                        tuple(line.format(**values) for line in LARGE_ANNEX), a.published,
                        UNICODE, size)


def attach_large_files(documents, megabytes):
    """Make the first few official documents link a large annex of ``megabytes`` MiB each."""
    official = [a for a in documents if a.document][:LARGE_FILE_DOCUMENTS]
    for a in official:
        a.files.append(large_file(a, megabytes * 2**20))
