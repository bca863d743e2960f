"""The fields of an extracted article: the one home of their names and meanings.

``crawler.extract.extract_article`` returns a dict with exactly these keys, the ``extract``
command prints them, the ``articles`` table stores them, and Datasette's column descriptions
are generated from the text here (English, then Vietnamese).
"""

ARTICLE_FIELDS = {
    "id": (
        "The portal's numeric article id (9-10 digits, from the URL): the article's identity "
        "across host names, slugs and query strings.",
        "Mã số bài viết của cổng (9-10 chữ số, lấy từ URL).",
    ),
    "url": (
        "The article's URL as first fetched, without tracking query or fragment.",
        "Địa chỉ bài viết (đã bỏ tham số theo dõi).",
    ),
    "title": ("The headline.", "Tiêu đề."),
    "published_at": (
        "Publication time, ISO 8601 in Vietnam time (2018-08-07T15:30:00+07:00), or a bare day "
        "(2018-08-07) when only the day is known, or empty. Never the header's date of viewing.",
        "Thời điểm đăng (giờ Việt Nam, ISO 8601), hoặc chỉ ngày, hoặc trống.",
    ),
    "published_at_source": (
        "Which rule gave published_at: meta, jsonld, time-element, visible, image-name, relative.",
        "Nguồn của ngày đăng: meta, jsonld, time-element, visible, image-name, relative.",
    ),
    "authors": (
        'Persons credited for the text, as a JSON list (["Văn Lượng"]). Photo credits and '
        "agencies are not authors.",
        "Tác giả (danh sách JSON).",
    ),
    "byline_source": (
        "Which rule gave authors/source: meta, jsonld, byline-element, last-paragraph, none.",
        "Nguồn của tác giả: meta, jsonld, byline-element, last-paragraph, none.",
    ),
    "source": (
        "Outlet or agency credited for the text (TTXVN, Báo Nhân Dân), or empty.",
        "Nguồn tin được ghi (TTXVN, Báo Nhân Dân...).",
    ),
    "category": ("The portal's section for the article, as labelled on the page.", "Chuyên mục."),
    "lead": (
        "The summary paragraph (sapo) as published, including an opening credit such as "
        "'(Thanhuytphcm.vn) - '.",
        "Đoạn dẫn (sapo).",
    ),
    "body": (
        "The article text after the lead: paragraphs separated by a blank line, without "
        "captions, byline or page furniture. NFC-normalised.",
        "Nội dung bài viết (các đoạn cách nhau một dòng trống).",
    ),
    "images": ("Image URLs in the article, as a JSON list.", "Ảnh trong bài (danh sách JSON)."),
    "captions": ("Image captions, as a JSON list.", "Chú thích ảnh (danh sách JSON)."),
    "flags": (
        "What the extractor doubts, as a JSON list: no-title, no-date, empty-body, short-body. "
        "Empty when it is confident. (A missing byline is not doubt: byline_source says none.)",
        "Các điểm trình trích xuất còn nghi ngờ (danh sách JSON).",
    ),
}

EXTRACTED_FIELDS = tuple(ARTICLE_FIELDS)

# What may appear in ``flags``: each means the extraction may be wrong or incomplete. A crawl
# whose share of flagged articles jumps fails (see pipelines/archive.py).
DOUBT_FLAGS = ("no-title", "no-date", "empty-body", "short-body")
