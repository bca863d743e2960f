"""crawler.dates: publication dates as ISO 8601 in Vietnam time (+07:00), or None.

Vectors: tests/fixtures/vi-cases.json, group "dates" (see tests/fixtures/README.md). The
relative vectors go through the real dateparser; everything else is strict regexes.
"""

import datetime as dt

import pytest

from crawler.dates import find_date_in_text, parse_date, parse_machine_date, upload_day_from_image
from tests.conftest import vi_cases

DATES = vi_cases("dates")
FETCHED_AT = DATES["fetched_at"]


def without_note(vector):
    """"Tháng 5/2019  (no day)" -> "Tháng 5/2019": the note after two spaces explains the case."""
    return vector.split("  (")[0]


NEVER = [without_note(v) for v in DATES["never_a_publication_date"]]


# --- parse_date ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", DATES["publication_strings"], ids=lambda v: str(v))
def test_publication_strings(text, expected):
    assert parse_date(text, fetched_at=FETCHED_AT) == expected


@pytest.mark.parametrize("text", NEVER)
def test_never_a_publication_date(text):
    assert parse_date(text, fetched_at=FETCHED_AT) is None


def test_a_time_printed_in_another_zone_is_converted_to_vietnam_time():
    assert parse_date("07/08/2018 15:30 GMT+9") == "2018-08-07T13:30:00+07:00"


def test_an_afternoon_word_moves_the_hour():
    assert parse_date("7/8/2018 10:05 chiều") == "2018-08-07T22:05:00+07:00"


def test_a_textual_date_without_weekday_is_a_date():
    assert parse_date("ngày 7 tháng 8 năm 2018") == "2018-08-07"


def test_the_viewing_header_is_skipped_but_a_date_after_it_is_read():
    text = "Chủ Nhật, ngày 26 tháng 5 năm 2019 | 07/08/2018 15:30"
    assert parse_date(text) == "2018-08-07T15:30:00+07:00"


def test_a_relative_date_needs_the_fetch_time():
    assert parse_date("2 giờ trước") is None


def test_a_relative_date_accepts_a_datetime_as_fetch_time():
    fetched = dt.datetime(2024, 3, 15, 5, 0, tzinfo=dt.timezone.utc)  # 12:00 in Vietnam
    assert parse_date("2 giờ trước", fetched_at=fetched) == "2024-03-15T10:00:00+07:00"


def test_a_labelled_relative_date_is_read():
    assert parse_date("Cập nhật: 3 ngày trước", fetched_at=FETCHED_AT) == "2024-03-12"


def test_hours_spoken_as_tieng_are_hours():
    assert parse_date("2 tiếng trước", fetched_at=FETCHED_AT) == "2024-03-15T10:00:00+07:00"


@pytest.mark.parametrize("text", ["1 tuần trước", "1 tháng trước", "2 năm trước"])
def test_a_relative_date_in_weeks_months_or_years_is_too_vague(text):
    assert parse_date(text, fetched_at=FETCHED_AT) is None


def test_a_sentence_with_a_relative_word_is_not_a_date():
    assert parse_date("Trước đó 2 giờ trước hội nghị", fetched_at=FETCHED_AT) is None


def test_a_year_before_the_web_is_not_a_publication_date():
    assert parse_date("3/2/1930") is None


# --- parse_machine_date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-03-07T00:01:00", "2026-03-07T00:01:00+07:00"),
        ("2026-03-01T09:51:00&#x2B;07:00", "2026-03-01T09:51:00+07:00"),
        ("2026-03-07T08:52:11.000 +07:00", "2026-03-07T08:52:11+07:00"),
        ("2026-03-06T17:01:00Z", "2026-03-07T00:01:00+07:00"),
        ("2026-03-07T08:01:53+0700", "2026-03-07T08:01:53+07:00"),
        ("2026-03-07 08:01", "2026-03-07T08:01:00+07:00"),
        ("2026-03-07", "2026-03-07"),
        ("Sat, 07 Mar 2026 00:01:00 +0700", "2026-03-07T00:01:00+07:00"),
        ("07/03/2026 08:01", "2026-03-07T08:01:00+07:00"),
    ],
    ids=lambda v: str(v),
)
def test_machine_dates(value, expected):
    assert parse_machine_date(value) == expected


@pytest.mark.parametrize("value", ["", None, "garbage", "2026-02-30T10:00:00", "2026-03-07T25:00"])
def test_impossible_or_empty_machine_dates_are_none(value):
    assert parse_machine_date(value) is None


# --- find_date_in_text -----------------------------------------------------------------------


def test_find_date_in_text_reads_a_byline_line():
    assert find_date_in_text("Nguyên Minh - 07/03/2026 08:47") == "2026-03-07T08:47:00+07:00"


def test_find_date_in_text_skips_the_viewing_date():
    block = "Thứ Bảy, Ngày 07 tháng 03 năm 2026, Tin tức 06/03/2026 23:02"
    assert find_date_in_text(block) == "2026-03-06T23:02:00+07:00"


@pytest.mark.parametrize("text", NEVER)
def test_find_date_in_text_finds_nothing_in_non_dates(text):
    assert find_date_in_text(text, fetched_at=FETCHED_AT) is None


def test_find_date_in_text_skips_dates_after_the_fetch():
    block = "Hạn nộp hồ sơ 31/12/2024. Đăng ngày 01/03/2024"
    assert find_date_in_text(block, fetched_at=FETCHED_AT) == "2024-03-01"


# --- upload_day_from_image -------------------------------------------------------------------

IMAGE = "https://images.hcmcpv.org.vn/res/news/2018/08/07-08-2018-hoi-nghi-dan-van-1A2B3C4D.jpg"


def test_upload_day_comes_from_the_file_name():
    assert upload_day_from_image(IMAGE) == "2018-08-07"


def test_upload_day_never_has_a_time_from_vs():
    url = IMAGE.replace(".jpg", "-details.jpg?vs=07082018033000")
    assert upload_day_from_image(url) == "2018-08-07"


def test_upload_day_needs_the_folder_to_agree():
    assert upload_day_from_image(IMAGE.replace("/2018/08/", "/2018/09/")) is None


def test_legacy_image_names_carry_no_day():
    assert upload_day_from_image("https://images.hcmcpv.org.vn//res/news/2015/10/DHX_VoThiDung.jpg") is None
