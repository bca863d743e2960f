"""What every table and column of the archive means, in English and Vietnamese.

Datasette shows these under each table's name and as each column's tooltip/description
(``build_metadata`` turns them into metadata). The extracted fields of ``articles`` come from
``crawler.fields``, their one home; everything else is described here. A test checks that every
table and column of a freshly created archive has both texts.

Formats, everywhere: times are ISO 8601 with their offset, in Vietnam time for the portal's
dates (``2018-08-07T15:30:00+07:00``) and for the archive's own clock; a bare day
(``2018-08-07``) when only the day is known. Lists are JSON arrays of strings.
"""

from crawler.fields import ARTICLE_FIELDS

TIME_EN = "ISO 8601 time with offset, Vietnam time (2024-05-01T08:30:00+07:00)"
TIME_VI = "thời điểm ISO 8601, giờ Việt Nam"

# table -> (English, Vietnamese, {column: (English, Vietnamese)})
TABLES = {
    "articles": (
        "One row per article id: the latest extraction of its latest capture. Removed articles "
        "stay, with removed_at set; earlier versions are in article_revisions.",
        "Mỗi bài viết một dòng: bản trích xuất mới nhất. Bài bị gỡ vẫn được giữ (có removed_at); "
        "các phiên bản trước nằm trong article_revisions.",
        {
            **ARTICLE_FIELDS,
            "first_seen_at": (f"When the archive first captured the article. {TIME_EN}.",
                              f"Lần đầu thu thập ({TIME_VI})."),
            "last_fetched_at": (f"When it was last fetched. {TIME_EN}.",
                                f"Lần thu thập gần nhất ({TIME_VI})."),
            "last_changed_at": (f"When its content last changed (or was first seen). {TIME_EN}.",
                                f"Lần nội dung thay đổi gần nhất ({TIME_VI})."),
            "removed_at": (f"When the article was first found gone (404/410); empty while it is "
                           f"online. {TIME_EN}.",
                           f"Thời điểm phát hiện bài bị gỡ (404/410); trống nếu bài còn ({TIME_VI})."),
            "capture_id": ("The capture (raw page, table captures) the fields come from.",
                           "Bản lưu gốc (bảng captures) mà các trường được trích từ đó."),
            "captures": ("How many times the article was fetched.", "Số lần thu thập bài."),
            "search_folded": ("Title, lead and body without diacritics, đ as d, lower case: "
                              "what lets 'dang' find 'Đảng'. For search only.",
                              "Tiêu đề, sapo và nội dung không dấu (đ thành d), chữ thường: "
                              "chỉ để tìm kiếm."),
        },
    ),
    "article_revisions": (
        "The previous values of an article each time a re-capture changed it: nothing is "
        "overwritten without a trace.",
        "Giá trị cũ của bài viết mỗi khi lần thu thập lại phát hiện thay đổi (bài bị sửa).",
        {
            "id": ("Revision number.", "Số thứ tự phiên bản."),
            "article_id": ("The article (articles.id).", "Bài viết (articles.id)."),
            "replaced_at": (f"When these values were replaced by newer ones. {TIME_EN}.",
                            f"Thời điểm các giá trị này bị thay thế ({TIME_VI})."),
            "reason": ("What brought the change: recapture (the page changed on the site) or "
                       "reparse (a newer extractor read the same page differently).",
                       "Lý do: recapture (trang trên cổng đã thay đổi) hoặc reparse (trình trích "
                       "xuất mới đọc lại trang cũ)."),
            "changed_fields": ("Which fields changed, as a JSON list.",
                               "Các trường đã thay đổi (danh sách JSON)."),
            "from_capture_id": ("The capture these old values came from.",
                                "Bản lưu gốc của các giá trị cũ."),
            "to_capture_id": ("The capture that replaced them.", "Bản lưu gốc thay thế."),
            **{f: (f"The previous {f} (see articles.{f}).", f"Giá trị cũ của {f}.")
               for f in ("title", "published_at", "authors", "source", "category", "lead",
                         "body", "images", "captions")},
        },
    ),
    "captures": (
        "Every page fetched, kept as fetched: URL, status, headers, time and the raw bytes "
        "(zlib-compressed). Open one as a page with /-/capture/ID.",
        "Mọi trang đã tải về, giữ nguyên: địa chỉ, mã trạng thái, header, thời điểm và nội dung "
        "gốc (nén zlib). Xem một trang tại /-/capture/ID.",
        {
            "id": ("Capture number.", "Số thứ tự bản lưu."),
            "run_id": ("The crawl run that fetched it (crawl_runs.id).",
                       "Lượt thu thập (crawl_runs.id)."),
            "fetched_at": (f"When it was fetched. {TIME_EN}.", f"Thời điểm tải ({TIME_VI})."),
            "url": ("The URL fetched.", "Địa chỉ đã tải."),
            "status": ("HTTP status code.", "Mã trạng thái HTTP."),
            "article_id": ("The article id in the URL, if it is an article page.",
                           "Mã bài viết trong URL (nếu là trang bài viết)."),
            "content_type": ("The Content-Type header as served.", "Header Content-Type."),
            "digest": ("SHA-1 of the payload, base32 (sha1:...), as in WARC files.",
                       "Mã băm SHA-1 của nội dung (như trong tệp WARC)."),
            "size": ("Payload size in bytes, uncompressed.", "Kích thước nội dung (byte)."),
            "warc_filename": ("The WARC file holding this capture, if written.",
                              "Tệp WARC chứa bản lưu này."),
            "warc_offset": ("Byte offset of the record in that WARC file.",
                            "Vị trí (byte) của bản ghi trong tệp WARC."),
            "warc_record_id": ("The WARC-Record-ID of the record.", "Mã bản ghi WARC."),
            "warc_record_type": ("response, or revisit when the payload is identical to an "
                                 "earlier capture (then body is empty).",
                                 "response, hoặc revisit khi nội dung trùng bản lưu trước "
                                 "(khi đó body trống)."),
            "revisit_of": ("For a revisit: the earlier capture with the same payload.",
                           "Với revisit: bản lưu trước có cùng nội dung."),
            "headers": ("Response headers, as a JSON object.", "Header phản hồi (đối tượng JSON)."),
            "body": ("The raw response bytes, zlib-compressed (empty for a revisit).",
                     "Nội dung gốc, nén zlib (trống với revisit)."),
        },
    ),
    "crawl_runs": (
        "One row per crawl run, with its outcome and counts.",
        "Mỗi lượt thu thập một dòng, kèm kết quả và số liệu.",
        {
            "id": ("Run number.", "Số thứ tự lượt."),
            "started_at": (f"Start. {TIME_EN}.", f"Bắt đầu ({TIME_VI})."),
            "ended_at": (f"End; empty while running or if killed. {TIME_EN}.",
                         f"Kết thúc; trống nếu đang chạy hoặc bị dừng ({TIME_VI})."),
            "site": ("The site crawled (live, or a mirror's URL).",
                     "Trang được thu thập (cổng thật hoặc bản sao)."),
            "options": ("The run's options, as a JSON object.", "Tùy chọn của lượt (JSON)."),
            "status": ("running, ok, failed or interrupted.",
                       "running, ok, failed hoặc interrupted."),
            "message": ("Why a run failed or looks wrong.", "Lý do lượt lỗi hoặc bất thường."),
            "requests": ("HTTP requests made.", "Số yêu cầu HTTP."),
            "articles_seen": ("Article pages extracted.", "Số trang bài viết đã trích xuất."),
            "new": ("Articles new to the archive.", "Bài mới."),
            "changed": ("Articles whose content changed.", "Bài có nội dung thay đổi."),
            "unchanged": ("Articles re-fetched without change.", "Bài không đổi."),
            "removed": ("Articles found gone (404/410).", "Bài bị gỡ (404/410)."),
            "failed": ("Requests that failed.", "Yêu cầu lỗi."),
            "flagged": ("Articles the extractor flagged.", "Bài bị trình trích xuất đánh dấu."),
        },
    ),
    "crawl_log": (
        "One row per request outcome, failures included.",
        "Mỗi yêu cầu một dòng, kể cả yêu cầu lỗi.",
        {
            "id": ("Log entry number.", "Số thứ tự."),
            "run_id": ("The crawl run (crawl_runs.id).", "Lượt thu thập."),
            "time": (f"When. {TIME_EN}.", f"Thời điểm ({TIME_VI})."),
            "url": ("The URL requested.", "Địa chỉ yêu cầu."),
            "status": ("HTTP status, empty if no response.", "Mã trạng thái HTTP."),
            "bytes": ("Response size in bytes.", "Kích thước phản hồi (byte)."),
            "digest": ("SHA-1 of the payload (sha1:...).", "Mã băm nội dung."),
            "duration_ms": ("Time taken, in milliseconds.", "Thời gian (mili giây)."),
            "discovered_from": ("The page whose link led here.", "Trang chứa liên kết dẫn tới."),
            "outcome": ("fetched, failed, skipped (robots.txt), not-found, unchanged...",
                        "fetched, failed, skipped (robots.txt), not-found, unchanged..."),
            "message": ("Error or note.", "Lỗi hoặc ghi chú."),
            "capture_id": ("The capture recorded, if any.", "Bản lưu đã ghi (nếu có)."),
        },
    ),
    "frontier": (
        "URLs a crawl has scheduled and not fetched yet: a killed crawl resumes from here.",
        "Các địa chỉ đã lên lịch nhưng chưa tải: lượt bị dừng sẽ tiếp tục từ đây.",
        {
            "url": ("The URL scheduled.", "Địa chỉ đã lên lịch."),
            "run_id": ("The run that scheduled it.", "Lượt đã lên lịch."),
            "scheduled_at": (f"When. {TIME_EN}.", f"Thời điểm ({TIME_VI})."),
            "discovered_from": ("The page whose link led here.", "Trang chứa liên kết dẫn tới."),
            "state": ("pending or done.", "pending (chờ) hoặc done (xong)."),
        },
    ),
    "url_aliases": (
        "Other URLs that led to an article (legacy addresses answering 301), so a crawl knows "
        "where such a link goes without fetching it.",
        "Các địa chỉ khác dẫn tới một bài viết (địa chỉ cũ chuyển hướng 301).",
        {
            "url": ("The other URL (canonical form).", "Địa chỉ khác (dạng chuẩn)."),
            "article_id": ("The article it leads to (articles.id).", "Bài viết mà địa chỉ dẫn tới."),
            "seen_at": (f"When the redirect was seen. {TIME_EN}.",
                        f"Thời điểm ghi nhận chuyển hướng ({TIME_VI})."),
        },
    ),
    "articles_fts": (
        "Full-text index (FTS5, accent-insensitive: unicode61 remove_diacritics 2) of title, "
        "lead, body and search_folded; used by search.",
        "Chỉ mục toàn văn (không phân biệt dấu) của tiêu đề, sapo, nội dung; dùng để tìm kiếm.",
        {
            "title": ("Indexed copy of articles.title.", "Tiêu đề (đã lập chỉ mục)."),
            "lead": ("Indexed copy of articles.lead.", "Sapo (đã lập chỉ mục)."),
            "body": ("Indexed copy of articles.body.", "Nội dung (đã lập chỉ mục)."),
            "search_folded": ("Indexed copy of articles.search_folded.",
                              "Bản không dấu (đã lập chỉ mục)."),
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
}


def bilingual(en, vi):
    return f"{en} / {vi}"
