"""A document's metadata table: the document archive's "Văn bản" pages.

Vietnamese official documents are published with a table (or a list of ``Label: value``
lines) of their metadata: ``Số ký hiệu`` (number and symbol), ``Ngày ban hành`` (day of
issue), ``Cơ quan ban hành`` (issuing body), ``Loại văn bản`` (type), ``Trích yếu``
(summary), and rows this archive does not keep (``Người ký``, ``Ngày hiệu lực``...). The labels
are those of the national document conventions, not of one site, so they are read on any page;
a page is a document when at least :data:`MIN_DOCUMENT_FIELDS` of them are filled.

A label is found in a block of its own (a ``<td>``, a ``<dt>``, a bold ``<span>``) with the
value in the next block, or as ``Label: value`` in one block. Every block of the table is
reported, so that the table is never read as the lead, the body or the publication date.
"""

import re
import unicodedata
from typing import NamedTuple

from crawler.dates import find_date_in_text
from crawler.text import clean_text

# Labels -> the Article field they fill.
FIELD_LABELS = {
    "Số ký hiệu": "doc_number", "Số hiệu": "doc_number", "Ký hiệu": "doc_number",
    "Số văn bản": "doc_number", "Số hiệu văn bản": "doc_number",
    "Ngày ban hành": "issued_on", "Ngày ký": "issued_on",
    "Cơ quan ban hành": "issuer", "Nơi ban hành": "issuer", "Đơn vị ban hành": "issuer",
    "Loại văn bản": "doc_type", "Hình thức văn bản": "doc_type",
    "Trích yếu": "summary", "Trích yếu nội dung": "summary", "Nội dung trích yếu": "summary",
}
# Rows of the same tables that fill no field: still metadata, never body text. ("Ngày đăng",
# when the page was posted, is not the document's: it is the page's date, read as such.)
OTHER_LABELS = (
    "Người ký", "Chức vụ người ký", "Ngày hiệu lực", "Ngày hết hiệu lực", "Tình trạng hiệu lực",
    "Tình trạng", "Lĩnh vực", "Cấp ban hành", "Nguồn", "Tệp đính kèm",
    "File đính kèm", "Tải về", "Văn bản gốc",
)
_FIELD_OF = {unicodedata.normalize("NFC", k).lower(): v for k, v in FIELD_LABELS.items()}
_FIELD_OF.update({unicodedata.normalize("NFC", k).lower(): "" for k in OTHER_LABELS})
# A label at the start of a block, alone or before a colon, in NFC or NFD text, any case: one
# C-level match per block (a page has hundreds of blocks, a document a dozen labels).
_LABEL_RE = re.compile(
    r"^\s*(" + "|".join(sorted({re.escape(unicodedata.normalize(form, k))
                                 for k in _FIELD_OF for form in ("NFC", "NFD")},
                                key=len, reverse=True))
    + r")\s*(?::\s*(.*)|$)", re.I | re.S)
# A page is a document when this many fields are found: one "Số hiệu: ..." line may appear in a
# news report; a table gives four or five.
MIN_DOCUMENT_FIELDS = 2
# A "Label: value" block may hold a whole summary sentence, not more.
LABELLED_LINE_MAX_CHARS = 600
# A label alone in its cell is short, and a label's colon comes early (raw characters, NFD
# marks included): other blocks are not even matched.
LABEL_CELL_MAX_CHARS = 40
COLON_WITHIN_CHARS = 80


class DocumentMetadata(NamedTuple):
    fields: dict  # Article field -> value (issued_on as YYYY-MM-DD)
    blocks: frozenset  # indexes of the blocks of the table (labels and values)

    @property
    def is_document(self):
        return len(self.fields) >= MIN_DOCUMENT_FIELDS


NO_METADATA = DocumentMetadata({}, frozenset())


def _label_of(text):
    """(field name or "" for a known row without field, the cleaned value after a colon or
    "") for a block's raw text that starts with a label, or None."""
    match = _LABEL_RE.match(text)
    if match is None:
        return None
    label = unicodedata.normalize("NFC", match.group(1)).lower()
    return _FIELD_OF[label], clean_text(match.group(2) or "")


def read_metadata(blocks):
    """The document metadata among ``blocks`` (a page's :class:`~crawler.parsers.blocks.Block`
    list), or :data:`NO_METADATA`."""
    fields, used = {}, set()
    items = [b for b in blocks if b.length]
    for i, block in enumerate(items):
        if block.length > LABELLED_LINE_MAX_CHARS or block.index in used:
            continue
        if block.link >= block.length:  # a menu item, a link: never a label
            continue
        if block.length > LABEL_CELL_MAX_CHARS and ":" not in block.text[:COLON_WITHIN_CHARS]:
            continue
        found = _label_of(block.text)
        if found is None:
            continue
        name, value = found
        used.add(block.index)
        if not value and i + 1 < len(items) and _label_of(items[i + 1].text) is None:
            value = clean_text(items[i + 1].text)
            used.add(items[i + 1].index)
        if name and value and name not in fields:
            fields[name] = _field_value(name, value)
    fields = {k: v for k, v in fields.items() if v}
    if len(fields) < MIN_DOCUMENT_FIELDS:
        return NO_METADATA
    return DocumentMetadata(fields, frozenset(used))


def _field_value(name, value):
    if name == "issued_on":
        day = find_date_in_text(value)
        return day[:10] if day else None
    return value
