"""crawler.bylines: authors, photo credits and sources from the end of an article and from
metadata.

Vectors: tests/fixtures/vi-cases.json, group "bylines" (see tests/fixtures/README.md).
"""


import pytest

from crawler.bylines import Byline, clean_author, is_person_name, parse_byline
from tests.conftest import vi_cases

BYLINES = vi_cases("bylines")["cases"]
IS_BYLINE = [c for c in BYLINES if c["authors"] is not None]
NOT_BYLINE = [c for c in BYLINES if c["authors"] is None]


def case_id(case):
    return " / ".join(case["paragraphs"])


# --- parse_byline: the vectors ---------------------------------------------------------------


@pytest.mark.parametrize("case", IS_BYLINE, ids=case_id)
def test_byline_authors(case):
    assert parse_byline(case["paragraphs"]).authors == case["authors"]


@pytest.mark.parametrize("case", IS_BYLINE, ids=case_id)
def test_byline_source(case):
    assert parse_byline(case["paragraphs"]).source == case["source"]


@pytest.mark.parametrize("case", [c for c in IS_BYLINE if "photo" in c], ids=case_id)
def test_byline_photo_credit(case):
    assert parse_byline(case["paragraphs"]).photo == case["photo"]


@pytest.mark.parametrize("case", IS_BYLINE, ids=case_id)
def test_byline_and_trailer_are_consumed(case):
    assert parse_byline(case["paragraphs"]).consumed == len(case["paragraphs"])


@pytest.mark.parametrize("case", NOT_BYLINE, ids=case_id)
def test_not_a_byline(case):
    assert parse_byline(case["paragraphs"]) is None


# --- parse_byline: behaviours ----------------------------------------------------------------


def test_body_text_before_the_byline_is_not_consumed():
    paragraphs = ["Hội nghị kết thúc tốt đẹp.", "Văn Lượng", "(Còn nữa)"]
    assert parse_byline(paragraphs) == Byline(authors=["Văn Lượng"], consumed=2)


def test_an_author_line_and_a_photo_line_form_one_byline():
    paragraphs = ["Hội nghị kết thúc.", "Bài: Văn Lượng", "Ảnh: Quang Vinh"]
    assert parse_byline(paragraphs) == Byline(authors=["Văn Lượng"], photo=["Quang Vinh"], consumed=2)


def test_text_and_photo_roles_on_one_line():
    byline = parse_byline(["Tin: Văn Lượng - Ảnh: Quang Vinh"])
    assert (byline.authors, byline.photo) == (["Văn Lượng"], ["Quang Vinh"])


def test_a_note_in_parentheses_is_not_a_source():
    assert parse_byline(["Hà Thu (tổng hợp)"]) == Byline(authors=["Hà Thu"], consumed=1)


def test_theo_before_a_person_credits_the_person():
    assert parse_byline(["Theo Hồ Hương"]).authors == ["Hồ Hương"]


def test_theo_before_a_known_outlet_credits_the_outlet():
    assert parse_byline(["Theo Nhân Dân"]).source == "Nhân Dân"


def test_a_sentence_starting_with_theo_is_body_text():
    assert parse_byline(["Theo ông A, việc này là cần thiết."]) is None


def test_trailers_alone_are_not_a_byline():
    assert parse_byline(["Nội dung bài viết.", "(Còn nữa)"]) is None


def test_military_and_academic_titles_are_stripped():
    assert parse_byline(["Đại tá, TS Nguyễn Văn Minh"]).authors == ["Nguyễn Văn Minh"]


def test_no_paragraphs_no_byline():
    assert parse_byline([]) is None


# --- is_person_name --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Văn Lượng", "NGUYỄN THỊ HỒNG", "H.Anh", "Nguyễn Văn A", "Trường Giang"])
def test_person_names(name):
    assert is_person_name(name)


@pytest.mark.parametrize(
    "text",
    [
        "Văn",  # one syllable
        "Nguyễn Thị Minh Khai Hồng Nhung",  # six syllables
        "Văn Lượng.",  # final period
        "Xin cảm ơn!",
        "Hotline: 0912 345 678",
        "Đây là tín hiệu tích cực",  # lowercase words
        "Hà Nội",
        "Việt Nam",
        "Ban Dân vận Trung ương",
        "Thành ủy Hà Nội",
        "Ông Nguyễn Văn A",
        "VnExpress",
        "TUOI TRE ONLINE",
        "Nhóm PV",  # a group, not a person
    ],
)
def test_not_person_names(text):
    assert not is_person_name(text)


# --- clean_author ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "VnExpress",
        "TUOI TRE ONLINE",
        "VCCorp.vn",
        "NLD.COM.VN",
        "baodautu.vn",
        "baotuoitre",
        "VietNamNet News",
        "https://www.facebook.com/baodantridientu",
        "Công ty Cổ phần VCCorp",
        "",
        None,
    ],
    ids=repr,
)
def test_site_names_domains_and_companies_are_not_authors(value):
    assert clean_author(value) == []


def test_the_sites_own_name_is_not_an_author():
    assert clean_author("Dân Trí", site_names=["Dân Trí"]) == []


def test_theo_prefix_is_stripped():
    assert clean_author("Theo Hồ Hương") == ["Hồ Hương"]


def test_several_names_are_split():
    assert clean_author("NHẬT XUÂN;NGHI VŨ") == ["NHẬT XUÂN", "NGHI VŨ"]


def test_entities_in_meta_values_are_decoded():
    assert clean_author("NH&#7852;T XUÂN") == ["NHẬT XUÂN"]


def test_json_ld_author_objects_and_lists():
    assert clean_author([{"@type": "Person", "name": "Duy Anh"}, {"name": ""}]) == ["Duy Anh"]


def test_academic_titles_are_stripped_from_metadata():
    assert clean_author("PGS.TS Nguyễn Văn Minh") == ["Nguyễn Văn Minh"]


def test_a_cited_document_is_not_a_source():
    assert parse_byline(["Theo Nghị quyết"]) is None


def test_metadata_pieces_that_are_domains_are_dropped():
    assert clean_author("Minh Chiến - nld.com.vn") == ["Minh Chiến"]
