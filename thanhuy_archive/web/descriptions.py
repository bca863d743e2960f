"""What every table and column of the archive means, in English and Vietnamese.

Datasette shows these under each table's name and as each column's description
(``thanhuy_archive.web.archive`` turns them into metadata). The archive's own tables are
described where they are defined, in ``thanhuy_archive.records``; the search indexes are
described here. A test checks that every table and column of a freshly created archive has both
texts.
"""

from thanhuy_archive.records import TABLES as RECORD_TABLES

# table -> (English, Vietnamese, {column: (English, Vietnamese)})
TABLES = {
    **{t.name: (t.en, t.vi, {c.name: (c.en, c.vi) for c in t.columns})
       for t in RECORD_TABLES.values()},
    "articles_fts": (
        "Full-text index (FTS5, accent-insensitive: unicode61 remove_diacritics 2) of title, "
        "lead and body; used by search (which looks for a word typed with d with đ too). Index "
        "only, no copy of the text.",
        "Chỉ mục toàn văn (không phân biệt dấu) của tiêu đề, sapo, nội dung; dùng để tìm kiếm.",
        {
            "title": ("Title, indexed without diacritics (not stored).",
                      "Tiêu đề (đã lập chỉ mục, không lưu)."),
            "lead": ("Lead, indexed without diacritics (not stored).",
                     "Sapo (đã lập chỉ mục, không lưu)."),
            "body": ("Body, indexed without diacritics (not stored).",
                     "Nội dung (đã lập chỉ mục, không lưu)."),
        },
    ),
    "articles_exact_fts": (
        "Full-text index for accent-exact search (unicode61 remove_diacritics 0, over "
        "canonical tone placement): 'dân vận' does not find 'Dẫn vấn'. Index only, no text.",
        "Chỉ mục toàn văn tìm kiếm đúng dấu: 'dân vận' không tìm ra 'Dẫn vấn'. Chỉ chứa chỉ mục.",
        {
            "title": ("Title, tone marks in canonical place (not stored).",
                      "Tiêu đề, dấu thanh chuẩn hóa (không lưu)."),
            "lead": ("Lead, tone marks in canonical place (not stored).",
                     "Sapo, dấu thanh chuẩn hóa (không lưu)."),
            "body": ("Body, tone marks in canonical place (not stored).",
                     "Nội dung, dấu thanh chuẩn hóa (không lưu)."),
        },
    ),
    "attachments_fts": (
        "Full-text index (FTS5, accent-insensitive) of the text of attachments "
        "(PDF, Word...): how search finds an article by its documents. Index only.",
        "Chỉ mục toàn văn (không phân biệt dấu) của nội dung tệp đính kèm.",
        {
            "text": ("The document's text, indexed without diacritics (not stored).",
                     "Nội dung tệp (đã lập chỉ mục, không lưu)."),
        },
    ),
}


def bilingual(en, vi):
    return f"{en} / {vi}"
