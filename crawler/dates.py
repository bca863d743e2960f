"""Publication dates from Vietnamese pages, as ISO 8601 in Vietnam time.

Every function returns one of:

* ``"2018-08-07T15:30:00+07:00"`` when the time of day is known (always converted to +07:00),
* ``"2018-08-07"`` when only the day is known,
* ``None`` when there is no trustworthy, complete date.

Order of trust (see ``VIETNAMESE.md``): machine-readable values (:func:`parse_machine_date`),
then strict day-first patterns in visible text (:func:`parse_date`, :func:`find_date_in_text`,
microseconds), then ``dateparser`` for relative strings only (``2 giờ trước``, ``hôm qua``;
about 1 ms, and only with the fetch time as base), then the upload day in an image file name
(:func:`upload_day_from_image`).

Never a publication date: the header's date of viewing (``Chủ Nhật, ngày 26 tháng 5 năm 2019``,
:data:`crawler.site.VIEWING_DATE_RE`), dates without a year (``Ngày 7/8``) or without a day
(``Tháng 5/2019``), numbers that merely look like dates (``12,5 tỷ``, ``2/3``), impossible dates
(``31/02/2018``). Vietnam has one zone, +07:00, with no daylight saving: a time printed without
a zone is Vietnam time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
from dataclasses import dataclass

from crawler.site import IMAGE_UPLOAD_DAY_RE, VIETNAM_TZ, VIEWING_DATE_RE
from crawler.text import clean_text

__all__ = [
    "parse_date",
    "parse_machine_date",
    "find_date_in_text",
    "upload_day_from_image",
]

# Years outside this window are not web publication dates (Vietnam joined the Internet in
# 1997; documents in the archive quote founding dates such as 3/2/1930).
MIN_YEAR = 1995
MAX_YEAR = 2099

# --------------------------------------------------------------------------------------------
# Patterns (compiled once; all case-insensitive)
# --------------------------------------------------------------------------------------------

_I = re.IGNORECASE

# 07/08/2018, 7-8-2018, 07.08.2018: day first, the same separator twice, a 4-digit year.
_DMY = re.compile(
    r"(?<![\d/.\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d])"
)
# ngày 7 tháng 8 năm 2018
_DMY_WORDS = re.compile(
    r"(?:ngày\s+)?(?<!\d)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*,?\s*năm\s+(?P<y>\d{4})(?!\d)",
    _I,
)
# 2018-08-07 (optionally with a time): year first is unambiguous.
_YMD = re.compile(r"(?<![\d/.\-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])")

# 15:30, 15:30:00, 15h30, 15h, 15 giờ 30 (phút), with an optional SA/CH/AM/PM/chiều...
_TIME = (
    r"(?<!\d)(?P<h>\d{1,2})"
    r"(?:\s*:\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?"
    r"|\s*(?:h|g|giờ)(?:\s*(?P<mi2>\d{1,2})(?:\s*(?:phút|p|'))?)?)"
    r"(?![\w:])"
    r"(?:\s*(?P<ampm>SA|CH|AM|PM|A\.M\.|P\.M\.|sáng|trưa|chiều|tối|đêm)(?!\w))?"
)
# GMT+7, (GMT+07:00), UTC+0700, or a bare +07:00 right after a time.
_ZONE = (
    r"(?P<zone>\(?\s*(?:(?:GMT|UTC)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\s*\)?)"
)
_ZONE_PARTS = re.compile(r"(?:GMT|UTC)?\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?", re.I)
_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|CN|T[2-7])"
_GLUE = r"[\s,|\-–—]*"

# A time right after the date: "07/08/2018 - 15:30", "7/8/2018 10:05:00 SA", "..., 00:05".
_TIME_AFTER = re.compile(rf"{_GLUE}(?:(?:vào\s+)?lúc\s*)?{_TIME}(?:\s*{_ZONE})?", _I)
# A time right before the date: "15:30 07/08/2018", "08:12 GMT+7, Thứ ba, 7/8/2018",
# "lúc 15h30 ngày 7/8/2018", "23:02 , 06/03/2026".
_TIME_BEFORE = re.compile(
    rf"{_TIME}(?:\s*{_ZONE})?{_GLUE}(?:{_WEEKDAY}{_GLUE})?(?:ngày\s*)?$", _I
)
# A zone after the date when the time came first: "... 7/8/2018 (GMT+7)".
_ZONE_AFTER = re.compile(rf"{_GLUE}{_ZONE}", _I)

# Machine-readable values: ISO 8601 with T or space, optional seconds, fraction and zone.
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:(?:T|\s+)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<z>Z|(?:GMT|UTC)?\s*[+-]\d{1,2}(?::?\d{2})?)?\s*$",
    _I,
)

# Relative strings resolved by dateparser against the fetch time. The whole relative phrase
# must be matched here; only that phrase (never a sentence) is handed to dateparser.
_RELATIVE = re.compile(
    r"(?:(?P<time>\d{1,2}[:h]\d{2})\s*,?\s*)?"
    r"(?P<phrase>(?:khoảng\s+|gần\s+|hơn\s+)?"
    r"\d+\s*(?:giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)\s+trước"
    r"|hôm\s+(?:qua|nay|kia)|tuần\s+trước|vừa\s+xong|vừa\s+mới|mới\s+đây)"
    r"(?:\s*,?\s*(?:lúc\s*)?(?P<time2>\d{1,2}[:h]\d{2}))?",
    _I,
)
# Labels allowed around a relative phrase: "Cập nhật: 2 giờ trước", "Đăng lúc hôm qua".
_LABEL = re.compile(
    r"^(?:cập\s+nhật(?:\s+lúc)?|đăng(?:\s+lúc|\s+ngày|\s+tải)?|ngày\s+đăng|xuất\s+bản|"
    r"thời\s+gian|publish(?:ed)?|updated?)\s*:?\s*",
    _I,
)

_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "RETURN_TIME_AS_PERIOD": True,
    "PREFER_DATES_FROM": "past",
}


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    value: str  # the ISO string


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _day(y: int, m: int, d: int) -> dt.date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _iso_day(day: dt.date) -> str:
    return day.isoformat()


def _iso_time(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM_TZ).replace(microsecond=0).isoformat()


def _zone_from(match: re.Match) -> dt.timezone | None:
    """The zone printed next to a time (GMT+7, (GMT+07:00), +0700), or None if none/absurd."""
    text = match.group("zone") if "zone" in match.re.groupindex else None
    if not text:
        return None
    parts = _ZONE_PARTS.search(text.strip("() "))
    if not parts or not parts.group(1):
        return dt.timezone.utc  # "GMT" alone
    offset = dt.timedelta(hours=int(parts.group(2)), minutes=int(parts.group(3) or 0))
    if offset > dt.timedelta(hours=14):
        return None
    return dt.timezone(-offset if parts.group(1) == "-" else offset)


def _clock(match: re.Match) -> dt.time | None:
    """The time of day of a ``_TIME`` match, with SA/CH/AM/PM applied; None if impossible."""
    hour = int(match.group("h"))
    minute = match.group("mi") or match.group("mi2") or "0"
    minute = int(minute)
    second = int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    if ampm:
        if hour > 12:
            return None if ampm in ("sa", "am", "sáng") else _valid_time(hour, minute, second)
        if ampm in ("ch", "pm", "chiều", "tối") and hour < 12:
            hour += 12
        elif ampm in ("sa", "am") and hour == 12:
            hour = 0
        elif ampm == "trưa" and hour < 6:
            hour += 12  # 1 giờ trưa = 13:00
        elif ampm == "đêm" and 6 <= hour < 12:
            hour += 12  # 11 giờ đêm = 23:00; 2 giờ đêm = 02:00
    return _valid_time(hour, minute, second)


def _valid_time(hour: int, minute: int, second: int) -> dt.time | None:
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def _vietnam_now(fetched_at: str | dt.datetime | None) -> dt.datetime | None:
    """The fetch time as an aware datetime in Vietnam time (naive values are Vietnam time)."""
    if fetched_at is None or fetched_at == "":
        return None
    if isinstance(fetched_at, (int, float)) and not isinstance(fetched_at, bool):
        moment = dt.datetime.fromtimestamp(fetched_at, dt.timezone.utc)  # epoch seconds
    elif isinstance(fetched_at, dt.datetime):
        moment = fetched_at
    elif isinstance(fetched_at, dt.date):
        moment = dt.datetime.combine(fetched_at, dt.time(12, 0))
    else:
        text = str(fetched_at).strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TZ)
    return moment.astimezone(VIETNAM_TZ)


def _viewing_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in VIEWING_DATE_RE.finditer(text)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _strict_dates(text: str):
    """Every complete, valid date in ``text``, in order, with its adjacent time if any.

    Skips dates inside the header's date of viewing. Yields ``_Found`` objects.
    """
    viewing = _viewing_spans(text)
    candidates = []
    for pattern in (_DMY, _DMY_WORDS, _YMD):
        for m in pattern.finditer(text):
            candidates.append(m)
    candidates.sort(key=lambda m: m.start())
    taken_until = -1
    for m in candidates:
        if m.start() < taken_until or _overlaps(m.start(), m.end(), viewing):
            continue
        day = _day(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if day is None:
            continue
        start, end = m.start(), m.end()
        value = _iso_day(day)
        clock = zone = None

        after = _TIME_AFTER.match(text, end)
        if after and (clock := _clock(after)) is not None:
            zone = _zone_from(after)
            end = after.end()
        else:
            clock = None
            before = _TIME_BEFORE.search(text, max(0, start - 60), start)
            if before and (clock := _clock(before)) is not None:
                zone = _zone_from(before)
                start = before.start()
                if zone is None and (tail := _ZONE_AFTER.match(text, end)):
                    zone = _zone_from(tail)
                    if zone is not None:
                        end = tail.end()
            else:
                clock = None
        if clock is not None:
            moment = dt.datetime.combine(day, clock, tzinfo=zone or VIETNAM_TZ)
            value = _iso_time(moment)
        taken_until = end
        yield _Found(start, end, value)


def _relative_date(text: str, fetched_at) -> str | None:
    """``2 giờ trước``, ``hôm qua``... resolved by dateparser against the fetch time."""
    base = _vietnam_now(fetched_at)
    if base is None:
        return None
    phrase = _LABEL.sub("", text).strip(" .,:-–—|()")
    m = _RELATIVE.fullmatch(phrase)
    if not m:
        return None
    import dateparser  # costly import, only when a relative string is seen

    core = m.group("phrase").lower()
    core = re.sub(r"^(?:khoảng|gần|hơn)\s+", "", core)
    core = core.replace("tiếng", "giờ")
    core = {"hôm kia": "2 ngày trước", "vừa xong": "0 phút trước", "vừa mới": "0 phút trước",
            "mới đây": "0 phút trước"}.get(core, core)
    clock_text = m.group("time") or m.group("time2")
    if clock_text:
        core = f"{clock_text.replace('h', ':')} {core}"
    settings = dict(_DATEPARSER_SETTINGS, RELATIVE_BASE=base.replace(tzinfo=None))
    data = dateparser.date.DateDataParser(languages=["vi"], settings=settings).get_date_data(core)
    if data is None or data.date_obj is None:
        return None
    moment = data.date_obj
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TZ)
    moment = moment.astimezone(VIETNAM_TZ)
    if data.period == "time":
        return _iso_time(moment)
    if data.period == "day":
        return _iso_day(moment.date())
    return None  # "1 tuần trước", "2 năm trước": too vague to store as a day


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def parse_machine_date(value: str | None) -> str | None:
    """A machine-readable timestamp (meta ``article:published_time``, JSON-LD
    ``datePublished``, ``<time datetime>``, RSS ``pubDate``) as ISO 8601 in +07:00.

    >>> parse_machine_date("2026-03-01T09:51:00&#x2B;07:00")
    '2026-03-01T09:51:00+07:00'
    >>> parse_machine_date("2026-03-07T08:52:11.000 +07:00")
    '2026-03-07T08:52:11+07:00'
    >>> parse_machine_date("2026-03-07T00:01:00")  # no zone: Vietnam time
    '2026-03-07T00:01:00+07:00'
    >>> parse_machine_date("2026-03-06T17:01:00Z")
    '2026-03-07T00:01:00+07:00'

    A date alone gives the day (``"2026-03-07"``). Fractions of a second are dropped. Values
    that are day-first (``07/03/2026 08:01``) are read like visible text.
    """
    if value is None:
        return None
    text = clean_text(html.unescape(str(value)))
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        day = _day(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if day is None:
            return None
        if m.group("h") is None:
            return _iso_day(day)
        clock = _valid_time(int(m.group("h")), int(m.group("mi")), int(m.group("s") or 0))
        if clock is None:
            return None
        zone = VIETNAM_TZ
        if m.group("z"):
            z = re.sub(r"(?i)GMT|UTC|\s", "", m.group("z"))
            if z.upper() == "Z":
                zone = dt.timezone.utc
            else:
                zm = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", z)
                if not zm:
                    return None
                offset = dt.timedelta(hours=int(zm.group(2)), minutes=int(zm.group(3) or 0))
                zone = dt.timezone(-offset if zm.group(1) == "-" else offset)
        return _iso_time(dt.datetime.combine(day, clock, tzinfo=zone))
    # RFC 2822 (RSS): "Sat, 07 Mar 2026 00:01:00 +0700".
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None and MIN_YEAR <= moment.year <= MAX_YEAR:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=VIETNAM_TZ)
            return _iso_time(moment)
        return None
    found = next(_strict_dates(text), None)
    return found.value if found else None


def parse_date(text: str | None, fetched_at: str | dt.datetime | None = None) -> str | None:
    """The publication date in a short visible string (a date element, a byline line).

    >>> parse_date("Thứ Hai, 07/08/2018 15:30")
    '2018-08-07T15:30:00+07:00'
    >>> parse_date("Cập nhật: 08:12 GMT+7, Thứ ba, 7/8/2018")
    '2018-08-07T08:12:00+07:00'
    >>> parse_date("12/11/2018")
    '2018-11-12'
    >>> parse_date("2 giờ trước", fetched_at="2024-03-15T12:00:00+07:00")
    '2024-03-15T10:00:00+07:00'
    >>> parse_date("Chủ Nhật, ngày 26 tháng 5 năm 2019") is None  # date of viewing
    True

    Day first, always; a printed weekday is ignored (it is often wrong). Machine-readable
    strings go through :func:`parse_machine_date`; then strict patterns; then, only for a
    relative phrase (``2 giờ trước``, ``hôm qua``, ``3 ngày trước``) and only when
    ``fetched_at`` (ISO string or datetime; naive = Vietnam time) is given, dateparser with
    ``languages=['vi']``. Relative phrases in seconds/minutes/hours give a time; days (and
    ``hôm qua``, ``hôm kia``) give a day; weeks, months and years give None (too vague).
    """
    if text is None:
        return None
    text = clean_text(html.unescape(str(text)))
    if not text:
        return None
    if _ISO.match(text):
        return parse_machine_date(text)
    found = next(_strict_dates(text), None)
    if found:
        return found.value
    if _viewing_spans(text):
        return None
    return _relative_date(text, fetched_at)


def find_date_in_text(text: str | None, fetched_at: str | dt.datetime | None = None) -> str | None:
    """The first complete date (with its adjacent time) in a short visible block near the title.

    Strict patterns only: no dateparser, no relative phrases, so ``12,5 tỷ``, ``2/3``,
    ``thứ hai trong`` and ``Ngày 7/8`` never match, and the header's date of viewing is skipped.
    With ``fetched_at``, dates more than a day after the fetch are skipped (deadlines, event
    dates cannot be publication dates).
    """
    if not text:
        return None
    text = clean_text(html.unescape(str(text)))
    now = _vietnam_now(fetched_at)
    latest = (now + dt.timedelta(days=1)).date().isoformat() if now else None
    for found in _strict_dates(text):
        if latest is not None and found.value[:10] > latest:
            continue
        return found.value
    return None


def upload_day_from_image(url: str | None) -> str | None:
    """The upload day in a portal image URL, as a day (``"2018-08-07"``), or None.

    ``https://images.hcmcpv.org.vn/res/news/2018/08/07-08-2018-slug-1A2B3C4D.jpg`` gives
    ``2018-08-07``. The ``YYYY/MM`` folder must agree with the file name's ``DD-MM-YYYY``.
    Never a time of day: the ``?vs=`` stamp's hour looks 12-hour and is ignored.
    """
    if not url:
        return None
    m = IMAGE_UPLOAD_DAY_RE.search(str(url))
    if not m or m.group("y") != m.group("yyyy") or m.group("m") != m.group("mm"):
        return None
    day = _day(int(m.group("yyyy")), int(m.group("mm")), int(m.group("dd")))
    return _iso_day(day) if day else None
