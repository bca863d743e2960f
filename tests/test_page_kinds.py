"""Every kind of page the portal publishes, and the furniture of its templates, on pages
written for these tests (prose by the project, persons fictional):

* photo stories, video pages, interviews, documents of the "Văn bản" archive (``kind``);
* a legacy ASP.NET page in windows-1258 with nested tables and fonts, its sapo in a cell;
* a 2020s redesign with its furniture inside and around the text;
* captions wherever a CMS puts them, credits that are not persons, AMP copies;
* ``media_urls``: every picture and attachment a page references, for capture.
"""

import unicodedata

import pytest

from crawler.extract import extract_article, media_urls
from tests.test_extract import to_cp1258

URL = "https://www.thanhuytphcm.vn/tin-tuc/bai-viet-1491911140"
IMG = "https://images.hcmcpv.org.vn/res/news/2024/02/08-02-2024-duong-hoa-{}-1A2B3C4D.jpg"
LEAD = ("(Thanhuytphcm.vn) - Sáng 8/2, đường hoa Nguyễn Huệ chính thức mở cửa đón người dân và "
        "du khách tham quan dịp Tết Nguyên đán.")
TEXT = ("Năm nay, đường hoa được chia thành ba phân khu với chủ đề mùa xuân, quê hương và khát "
        "vọng phát triển, trải dài từ đường Lê Thánh Tôn đến bến Bạch Đằng.",
        "Ban tổ chức cho biết, hơn một trăm nghệ nhân và công nhân đã làm việc liên tục trong "
        "ba tuần để hoàn thành các tiểu cảnh, linh vật và hàng nghìn chậu hoa.")


def page(body, title="Sắc xuân trên đường hoa Nguyễn Huệ", head=""):
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title} - Thành ủy TP.HCM</title>{head}</head><body>
<header class="site-header"><a href="/">Thành ủy TP.HCM</a></header>
<div class="container"><h1 class="title">{title}</h1>
<div class="content">{body}</div></div>
<footer>Cổng Thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh</footer></body></html>""".encode()


def paragraphs(*texts):
    return "".join(f"<p>{t}</p>" for t in texts)


def figure(n, caption):
    return f'<figure><img src="{IMG.format(n)}"><figcaption>{caption}</figcaption></figure>'


# -- photo stories ---------------------------------------------------------------------------------

CAPTIONS = ("Người dân chụp ảnh bên linh vật rồng ở cổng chính",
            "Tiểu cảnh quê hương với cối xay lúa và giàn bầu bí",
            "Du khách nước ngoài thích thú với sắc hoa mai vàng")


def photo_story(credit="Ảnh: Minh Quân - Bài: Thu Hà", title="Phóng sự ảnh: Sắc xuân trên đường hoa"):
    body = (f"<p>{LEAD}</p>" + figure(1, CAPTIONS[0]) + paragraphs(TEXT[0]) + figure(2, CAPTIONS[1])
            + paragraphs(TEXT[1]) + figure(3, CAPTIONS[2]) + f"<p><strong>{credit}</strong></p>")
    return page(body, title=title)


def test_photo_story():
    article = extract_article(photo_story(), URL)
    assert article.kind == "photo"
    assert article.lead == LEAD and article.body == "\n\n".join(TEXT)
    assert article.captions == list(CAPTIONS)
    assert article.authors == ["Minh Quân", "Thu Hà"]  # photographer and writer, as printed
    assert article.images == [IMG.format(n) for n in (1, 2, 3)]


def test_a_photographer_credited_first_makes_a_photo_story_without_a_title_marker():
    article = extract_article(photo_story(title="Sắc xuân trên đường hoa Nguyễn Huệ"), URL)
    assert (article.kind, article.authors) == ("photo", ["Minh Quân", "Thu Hà"])


def test_many_captioned_pictures_saying_more_than_the_text_make_a_photo_story():
    captions = [f"{c}, trong ngày thứ {n} của lễ hội đường hoa Nguyễn Huệ" for n in range(1, 4)
                for c in CAPTIONS[:2]]
    body = (f"<p>{LEAD}</p>" + paragraphs(TEXT[0]) + "".join(figure(n, c) for n, c in enumerate(captions))
            + "<p>Bài và ảnh: Thu Hà</p>")
    article = extract_article(page(body, title="Sắc xuân trên đường hoa Nguyễn Huệ"), URL)
    assert (article.kind, article.authors, article.captions) == ("photo", ["Thu Hà"], captions)


def test_a_news_report_credits_its_photographer_as_no_author():
    article = extract_article(photo_story(credit="Bài: Thu Hà - Ảnh: Minh Quân",
                                          title="Khai mạc đường hoa Nguyễn Huệ"), URL)
    assert (article.kind, article.authors) == ("news", ["Thu Hà"])


# -- video pages -----------------------------------------------------------------------------------

DESCRIPTION = ("Những chiếc xe buýt điện đầu tiên đã lăn bánh trên tuyến Bến Thành - Thủ Đức, mở "
               "ra lựa chọn đi lại xanh cho người dân thành phố.")


def video_page(credit="Thực hiện: Bảo Anh"):
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", '
          '"@type": "VideoObject", "name": "Xe buýt điện lăn bánh", '
          f'"description": "{DESCRIPTION}", '
          '"thumbnailUrl": "https://images.hcmcpv.org.vn/res/news/2024/03/xe-buyt.jpg", '
          '"uploadDate": "2024-03-12T07:30:00+07:00", '
          '"contentUrl": "https://images.hcmcpv.org.vn/video/xe-buyt.mp4"}</script>')
    body = ('<div class="video-player"><video controls poster="/res/news/2024/03/xe-buyt.jpg">'
            '<source src="/video/xe-buyt.mp4" type="video/mp4">Trình duyệt của bạn không hỗ trợ '
            'video.</video><p>Trình duyệt của bạn không hỗ trợ phát video này.</p></div>'
            f'<p>{DESCRIPTION}</p><p>{credit}</p>')
    return page(body, title="[Video] Xe buýt điện lăn bánh trên tuyến Bến Thành - Thủ Đức",
                head=ld)


@pytest.mark.parametrize("credit, authors", [
    ("Thực hiện: Bảo Anh", ["Bảo Anh"]),
    ("Video: Minh Quân - Thu Hà", ["Minh Quân", "Thu Hà"]),
])
def test_video_page(credit, authors):
    article = extract_article(video_page(credit), URL)
    assert article.kind == "video"
    assert article.body == DESCRIPTION  # the description under the player, not its fallback
    assert article.authors == authors
    assert article.published_at == "2024-03-12T07:30:00+07:00"
    assert "Trình duyệt" not in article.body + article.lead


def test_a_video_pages_picture_is_its_poster_else_its_thumbnail():
    article = extract_article(video_page(), URL)
    assert article.images == ["https://www.thanhuytphcm.vn/res/news/2024/03/xe-buyt.jpg"]
    youtube = video_page().replace(b' poster="/res/news/2024/03/xe-buyt.jpg"', b"")
    assert extract_article(youtube, URL).images == [
        "https://images.hcmcpv.org.vn/res/news/2024/03/xe-buyt.jpg"]  # the VideoObject's


def test_a_video_page_showing_only_its_player_has_the_description_as_its_text():
    html = video_page().replace(f"<p>{DESCRIPTION}</p>".encode(), b"")
    assert extract_article(html, URL).body == DESCRIPTION


# -- interviews -----------------------------------------------------------------------------------

INTERVIEW_LEAD = ("Nhân dịp đầu năm mới, phóng viên đã có cuộc trao đổi với ông Trần Quốc Nam, Bí "
                  "thư Đảng ủy phường Tân Định, về những kết quả nổi bật của phường.")
QA = ("Phóng viên: Thưa ông, năm qua phường đã làm được những việc gì nổi bật?",
      "Ông Trần Quốc Nam: Năm qua, phường hoàn thành tất cả chỉ tiêu, trong đó nổi bật là việc "
      "chỉnh trang các tuyến hẻm và xây dựng tủ sách cộng đồng ở từng khu phố.",
      "Phóng viên: Kế hoạch của phường trong năm tới là gì?",
      "Ông Trần Quốc Nam: Chúng tôi tiếp tục lấy sự hài lòng của người dân làm thước đo, trước "
      "hết là giải quyết nhanh thủ tục hành chính ngay tại bộ phận một cửa.")


def interview_page(byline="Minh Quân (thực hiện)"):
    body = (f'<p class="sapo">{INTERVIEW_LEAD}</p>'
            + "".join(f"<p><strong>{q}</strong></p><p>{a}</p>" for q, a in zip(QA[::2], QA[1::2]))
            + f'<p style="text-align:right"><strong>{byline}</strong></p>')
    return page(body, title="Lấy sự hài lòng của người dân làm thước đo")


def test_interview():
    article = extract_article(interview_page(), URL)
    assert article.kind == "interview"
    assert article.lead == INTERVIEW_LEAD
    assert article.body == "\n\n".join(QA)  # questions and answers, as published
    assert article.authors == ["Minh Quân"]


def test_a_question_is_never_the_lead():
    html = interview_page().replace(f'<p class="sapo">{INTERVIEW_LEAD}</p>'.encode(), b"")
    article = extract_article(html, URL)
    assert article.lead == "" and article.body.startswith(QA[0])


# -- documents ------------------------------------------------------------------------------------

DOC_SUMMARY = ("Nghị quyết về đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan Đảng "
               "Thành phố giai đoạn 2024 - 2030")
DOC_TEXT = ("Ban Chấp hành Đảng bộ Thành phố quyết nghị tập trung lãnh đạo chuyển đổi số toàn "
            "diện trong các cơ quan Đảng, lấy người dân và doanh nghiệp làm trung tâm.")
DOC_URL = "https://www.thanhuytphcm.vn/tu-lieu/van-ban/nghi-quyet-chuyen-doi-so-1491911150"


def document_page(rows=None):
    rows = rows or (("Số ký hiệu", "15-NQ/TU"), ("Ngày ban hành", "15/03/2024"),
                    ("Cơ quan ban hành", "Thành ủy TP.HCM"), ("Loại văn bản", "Nghị quyết"),
                    ("Trích yếu", DOC_SUMMARY), ("Người ký", "Nguyễn Văn Bình"))
    table = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
    body = (f'<table class="thuoc-tinh">{table}</table><p>{DOC_TEXT}</p>'
            '<p>Tệp đính kèm: <a href="/Uploads/File/15032024AB12CD34/15-NQ-TU.PDF">15-NQ-TU.PDF'
            '</a></p><p><a href="/van-ban/tai-ve.aspx?id=88">Tải về</a></p>')
    return page(body, title="Nghị quyết số 15-NQ/TU về chuyển đổi số")


def test_document():
    article = extract_article(document_page(), DOC_URL)
    assert article.kind == "document"
    assert (article.doc_number, article.issued_on, article.issuer, article.doc_type,
            article.summary) == ("15-NQ/TU", "2024-03-15", "Thành ủy TP.HCM", "Nghị quyết",
                                 DOC_SUMMARY)
    assert article.attachments == [
        "https://www.thanhuytphcm.vn/Uploads/File/15032024AB12CD34/15-NQ-TU.PDF",
        "https://www.thanhuytphcm.vn/van-ban/tai-ve.aspx?id=88"]
    # The page shows no other date: the day of issue. The table is no lead and no body.
    assert (article.published_at, article.published_at_source) == ("2024-03-15", "issued-on")
    assert article.body == DOC_TEXT and article.lead == ""


def test_labelled_lines_of_a_document():
    body = "".join(f"<p>{line}</p>" for line in (
        "Số hiệu: 24-CT/TU", "Ngày ban hành: ngày 2 tháng 4 năm 2024",
        "Loại văn bản: Chỉ thị", DOC_TEXT))
    article = extract_article(page(body, title="Chỉ thị về công tác dân vận"), DOC_URL)
    assert (article.kind, article.doc_number, article.issued_on, article.doc_type) == (
        "document", "24-CT/TU", "2024-04-02", "Chỉ thị")
    assert article.body == DOC_TEXT


def test_one_labelled_line_does_not_make_a_document():
    body = paragraphs(*TEXT, "Số hiệu: 24-CT/TU")
    assert extract_article(page(body), URL).kind == "news"


# -- the legacy ASP.NET era: windows-1258, nested tables and fonts ---------------------------------

LEGACY_TITLE = "Quận 3 ra mắt mô hình dân vận khéo trong chỉnh trang đô thị"
LEGACY_LEAD = ("(Thanhuytphcm.vn) - Chiều 12/5, Quận ủy Quận 3 tổ chức lễ ra mắt mô hình dân "
               "vận khéo trong chỉnh trang đô thị tại phường Võ Thị Sáu.")


def legacy_page(sapo_cell=True, lead=LEGACY_LEAD, trail=""):
    sapo = (f'<tr><td><font face="Arial" size="2">{lead}</font></td></tr>'
            if sapo_cell else "")
    bold = "" if sapo_cell else f"<p><b>{lead}</b></p>"
    text = "".join(f'<p align="justify"><font face="Arial" size="2">{t}</font></p>' for t in TEXT)
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">
<title>Cổng TTĐT Đảng bộ TP.HCM - {LEGACY_TITLE}</title></head><body>
<form name="aspnetForm" method="post" action="./tin-1491911140" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1ZGQ=">
<table width="980"><tr><td>Thứ Hai, ngày 13 tháng 5 năm 2013</td></tr>
<tr><td><font size="2"><b><a href="./">Trang chủ</a> | <a href="thoi-su">Thời sự</a> | <a href="kinh-te">Kinh tế</a></b></font></td></tr>
<tr><td><table width="100%">{trail}<tr><td class="TitleNews"><font size="4"><b>{LEGACY_TITLE}</b></font></td></tr>
{sapo}<tr><td class="ContentNews">{bold}{text}
<p align="right"><font face="Arial"><b>Văn Lượng</b></font></p></td></tr></table></td></tr>
<tr><td class="footer">Cổng Thông tin điện tử Đảng bộ Thành phố Hồ Chí Minh</td></tr></table>
</form></body></html>"""


@pytest.mark.parametrize("sapo_cell", [True, False], ids=["sapo-in-its-cell", "bold-sapo"])
def test_legacy_windows_1258_page(sapo_cell):
    html = to_cp1258(unicodedata.normalize("NFC", legacy_page(sapo_cell)))
    article = extract_article(html, URL)
    assert article.layout.startswith("v1-aspnet/")
    assert article.title == LEGACY_TITLE
    assert article.lead == LEGACY_LEAD
    assert article.body == "\n\n".join(TEXT)
    assert article.authors == ["Văn Lượng"]
    assert all(unicodedata.is_normalized("NFC", t) for t in (article.title, article.body))


def test_legacy_sapo_cell_without_a_credit_opening():
    lead = LEGACY_LEAD.removeprefix("(Thanhuytphcm.vn) - ")
    article = extract_article(to_cp1258(legacy_page(lead=lead)), URL)
    assert (article.lead, article.body) == (lead, "\n\n".join(TEXT))


def test_an_unmarked_breadcrumb_trail_gives_the_category_a_menu_does_not():
    trail = ('<tr><td><font size="1"><a href="./">Trang chủ</a> &gt; '
             '<a href="Portal/TinTuc.aspx">Tin tức - Sự kiện</a></font></td></tr>')
    assert extract_article(to_cp1258(legacy_page(trail=trail)), URL).category == "Tin tức - Sự kiện"
    assert extract_article(to_cp1258(legacy_page()), URL).category is None


# -- the 2020s redesign: furniture inside and around the text --------------------------------------

REDESIGN_TEXT = TEXT + (
    "Theo kế hoạch, đường hoa mở cửa đến hết mùng 5 Tết, phục vụ miễn phí người dân và du khách "
    "từ 8 giờ sáng đến 22 giờ mỗi ngày.",)


def redesign_page():
    related = ('<div class="box-inline"><h4>Tin liên quan</h4><ul>'
               '<li><a href="/tin-tuc/duong-sach-tet-1491911100">Đường sách Tết mở cửa từ ngày '
               '6/2</a></li><li><a href="/tin-tuc/le-hoi-tet-1491911101">Lễ hội Tết Việt năm '
               'nay có gì mới</a></li></ul></div>')
    body = (
        '<div class="meta-line"><a href="/in-bai/x">In bài</a> | <span>Cỡ chữ</span> '
        '<a href="#">A-</a> <a href="#">A+</a> | <a href="/tin-cung-ngay">Tin cùng ngày</a></div>'
        '<p class="byline-top">Minh Quân</p>'
        f'<p class="lead">{LEAD}</p>'
        + figure(1, "Linh vật rồng ở cổng chính đường hoa (Ảnh: TTXVN)")
        + paragraphs(REDESIGN_TEXT[0]) + related
        + '<p>Xem thêm: <a href="/tin-tuc/ban-do-duong-hoa-1491911102">Bản đồ đường hoa '
          'Nguyễn Huệ 2024</a></p>'
        + paragraphs(*REDESIGN_TEXT[1:])
        + f"<noscript><p>{REDESIGN_TEXT[0]}</p></noscript>")
    around = (
        '<div class="comments-count">Bình luận (3)</div>'
        '<section><h3>Bài viết cùng chuyên mục</h3><ul><li><a href="/tin-tuc/a-1491911001">Một '
        'bài khác trong chuyên mục thời sự của cổng thông tin</a></li></ul></section>'
        '<section><h3>Tin đọc nhiều</h3><ul><li><a href="/tin-tuc/b-1491911002">Tin được đọc '
        'nhiều nhất trong tuần của thành phố</a></li></ul></section>'
        '<div class="consent">Chúng tôi sử dụng cookie để cải thiện trải nghiệm của bạn. Tiếp '
        'tục truy cập nghĩa là bạn đồng ý. <button>Đồng ý</button></div>')
    html = page(body).decode().replace("</div></div>\n<footer>", "</div>" + around + "</div>\n<footer>")
    return html.encode()


def test_redesign_page():
    article = extract_article(redesign_page(), URL)
    assert article.title == "Sắc xuân trên đường hoa Nguyễn Huệ"
    assert article.lead == LEAD
    assert article.body == "\n\n".join(REDESIGN_TEXT)  # around the box, without "Xem thêm"
    assert article.authors == ["Minh Quân"]
    assert article.captions == ["Linh vật rồng ở cổng chính đường hoa (Ảnh: TTXVN)"]
    assert article.source is None  # a photo credit is not the article's source
    text = " ".join([article.title, article.lead, article.body])
    for furniture in ("In bài", "Cỡ chữ", "Tin cùng ngày", "Tin liên quan", "Xem thêm",
                      "Bình luận", "cookie", "cùng chuyên mục", "Tin đọc nhiều", "Đường sách"):
        assert furniture not in text


# -- captions wherever a CMS puts them -----------------------------------------------------------------

PICTURE = f'<img src="{IMG.format(9)}" alt="">'
CAPTION = "Quang cảnh đường hoa trong ngày khai mạc"


@pytest.mark.parametrize("markup", [
    f"<figure>{PICTURE}<figcaption>{CAPTION}</figcaption></figure>",
    f'<table class="image"><tr><td>{PICTURE}</td></tr><tr><td>{CAPTION}</td></tr></table>',
    *(f'<div class="pic">{PICTURE}</div><div class="{c}">{CAPTION}</div>'
      for c in ("cap", "caption", "desc", "chu-thich", "ghi-chu", "img-desc")),
    f'<p style="text-align:center">{PICTURE}</p><p class="ghichu">{CAPTION}</p>',
    f"<p>{PICTURE}</p><p><em>{CAPTION}</em></p>",
    f"<p>{PICTURE}<br><i>{CAPTION}</i></p>",
], ids=["figcaption", "caption-table", "cap", "caption", "desc", "chu-thich", "ghi-chu",
        "img-desc", "ghichu-paragraph", "italic-line", "italic-in-the-picture-block"])
def test_captions_wherever_the_cms_puts_them(markup):
    article = extract_article(page(f"<p>{LEAD}</p>" + paragraphs(TEXT[0]) + markup
                                   + paragraphs(TEXT[1])), URL)
    assert article.captions == [CAPTION]
    assert article.body == "\n\n".join(TEXT)
    assert article.images == [IMG.format(9)]


# -- credits that are not persons ----------------------------------------------------------------------


@pytest.mark.parametrize("credit, authors, source", [
    ("Nhóm phóng viên", [], None),
    ("PV", [], None),
    ("Nhóm PV", [], None),
    ("BBT", [], None),
    ("Thanh Tâm (TTXVN)", ["Thanh Tâm"], "TTXVN"),
    ("Minh Quân, Thu Hà", ["Minh Quân", "Thu Hà"], None),
    ("Bảo Anh - Đức Trung", ["Bảo Anh", "Đức Trung"], None),
])
def test_credits(credit, authors, source):
    article = extract_article(page(f"<p>{LEAD}</p>" + paragraphs(*TEXT, credit)), URL)
    assert (article.authors, article.source) == (authors, source)
    assert article.body == "\n\n".join(TEXT)  # the credit is never body text
    assert (article.byline_source == "none") == (not authors and not source)


# -- AMP copies ----------------------------------------------------------------------------------------


def test_amp_copy_is_the_canonical_article():
    canonical = "https://www.thanhuytphcm.vn/tin-tuc/sac-xuan-duong-hoa-1491911140"
    html = page(f"<p>{LEAD}</p>" + paragraphs(*TEXT)
                + f'<amp-img src="{IMG.format(4)}" width="800" height="500" layout="responsive">'
                  "</amp-img>",
                head=f'<link rel="canonical" href="{canonical}">').replace(
        b'<html lang="vi">', '<html ⚡ lang="vi">'.encode())
    article = extract_article(html, "https://www.thanhuytphcm.vn/amp/tin-tuc/sac-xuan-1491911140")
    assert (article.url, article.id) == (canonical, 1491911140)
    assert article.body == "\n\n".join(TEXT) and article.images == [IMG.format(4)]
    other = extract_article(html.replace("⚡".encode(), b"amp"), "https://m.example.vn/amp/x")
    assert (other.url, other.id) == (canonical, 1491911140)


def test_a_canonical_link_of_an_ordinary_page_does_not_change_its_identity():
    html = page(paragraphs(*TEXT), head='<link rel="canonical" href="/tin-tuc/khac-1491900000">')
    assert extract_article(html, URL).id == 1491911140


# -- media_urls: what a capture must fetch --------------------------------------------------------------


def test_media_urls_images_from_every_attribute():
    html = """<html><head><meta charset="utf-8"><base href="https://www.thanhuytphcm.vn/tin-tuc/">
<meta property="og:image" content="https://images.hcmcpv.org.vn/res/news/2024/02/og.jpg"></head>
<body><img src="a.jpg" srcset="a-480.jpg 480w, a-960.jpg 960w,a-1x.jpg 1x">
<img src="data:image/gif;base64,R0lGOD" data-src="//images.hcmcpv.org.vn/lazy.jpg">
<img data-original="/Uploads/Image/08022024AB12CD34/cu.JPG">
<picture><source srcset="/p.webp 1x, /p@2x.webp 2x" type="image/webp"><img src="/p.jpg"></picture>
<amp-img src="http://images.hcmcpv.org.vn/amp.jpg" width="1" height="1"></amp-img>
<video poster="/poster.jpg"><source src="/clip.mp4"></video>
<img src="a.jpg"></body></html>""".encode()
    found = media_urls(html, "https://www.thanhuytphcm.vn/tin-tuc/bai-1491911140")
    assert found.images == [
        "https://images.hcmcpv.org.vn/res/news/2024/02/og.jpg",
        "https://www.thanhuytphcm.vn/tin-tuc/a.jpg",
        "https://www.thanhuytphcm.vn/tin-tuc/a-480.jpg",
        "https://www.thanhuytphcm.vn/tin-tuc/a-960.jpg",
        "https://www.thanhuytphcm.vn/tin-tuc/a-1x.jpg",
        "https://images.hcmcpv.org.vn/lazy.jpg",  # protocol-relative: the page's scheme
        "https://www.thanhuytphcm.vn/Uploads/Image/08022024AB12CD34/cu.JPG",
        "https://www.thanhuytphcm.vn/p.webp",
        "https://www.thanhuytphcm.vn/p@2x.webp",
        "https://www.thanhuytphcm.vn/p.jpg",
        "http://images.hcmcpv.org.vn/amp.jpg",  # kept as written
        "https://www.thanhuytphcm.vn/poster.jpg",
    ]
    assert found.attachments == []


def test_media_urls_attachments():
    html = """<html><body><a href="/Uploads/File/15032024AB12CD34/qd.PDF">Quyết định</a>
<a href="https://images.hcmcpv.org.vn/files/ke-hoach.docx?v=2">Kế hoạch</a>
<a href="bang.XLSX">Bảng</a><a href="slide.pptx">.</a><a href="/f/ho-so.zip">Hồ sơ</a>
<a href="/van-ban/download.aspx?id=7">Tải về</a><a href="/file?id=8">Tệp đính kèm</a>
<a href="/tin-tuc/tin-1491911140">Tin khác</a><a href="mailto:bbt@example.vn">Thư</a>
</body></html>""".encode()
    found = media_urls(html, "https://www.thanhuytphcm.vn/tu-lieu/van-ban/x-1491911150")
    assert found.attachments == [
        "https://www.thanhuytphcm.vn/Uploads/File/15032024AB12CD34/qd.PDF",
        "https://images.hcmcpv.org.vn/files/ke-hoach.docx?v=2",
        "https://www.thanhuytphcm.vn/tu-lieu/van-ban/bang.XLSX",
        "https://www.thanhuytphcm.vn/tu-lieu/van-ban/slide.pptx",
        "https://www.thanhuytphcm.vn/f/ho-so.zip",
        "https://www.thanhuytphcm.vn/van-ban/download.aspx?id=7",
        "https://www.thanhuytphcm.vn/file?id=8",
    ]


@pytest.mark.parametrize("html", [b"", None, b"\x89PNG\r\n\x1a\n\x00\x00", "<<<>>>"])
def test_media_urls_of_nothing(html):
    found = media_urls(html, URL)
    assert (found.images, found.attachments) == ([], [])
