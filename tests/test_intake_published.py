"""Publication times as pages print them, with their zones, and refusal of what is not a full date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dateline.errors import UsageError
from dateline.intake.published import parse_published, parse_published_option


def at(hours: float, *fields: int) -> datetime:
    return datetime(*fields, tzinfo=timezone(timedelta(hours=hours)))  # type: ignore[misc]


CASES = [
    # zone abbreviations
    ("5 December 2021, 8:45 IST", at(5.5, 2021, 12, 5, 8, 45)),
    ("Dec 06, 2021, 21:40 IST", at(5.5, 2021, 12, 6, 21, 40)),
    ("5 December 2021 8:45 pm (IST)", at(5.5, 2021, 12, 5, 20, 45)),
    ("Monday, December 6, 2021 3:05 PM GMT", at(0, 2021, 12, 6, 15, 5)),
    (["Published", "08:45 GMT, 5 December 2021"][1], at(0, 2021, 12, 5, 8, 45)),
    ("Sun 5 Sep 2021 08.45 BST", at(1, 2021, 9, 5, 8, 45)),
    ("08.12.2021, 13:15 CET", at(1, 2021, 12, 8, 13, 15)),
    ("15 June 2021 09:30 CEST", at(2, 2021, 6, 15, 9, 30)),
    ("Dec. 5, 2021 10:02 AM EST", at(-5, 2021, 12, 5, 10, 2)),
    ("July 9, 2021 4:15 p.m. EDT", at(-4, 2021, 7, 9, 16, 15)),
    ("December 6, 2021 11:00 PST", at(-8, 2021, 12, 6, 11, 0)),
    ("June 16, 2021 10:00 PDT", at(-7, 2021, 6, 16, 10, 0)),
    ("6 Dec 2021 18:30 JST", at(9, 2021, 12, 6, 18, 30)),
    ("December 6, 2021 at 7:30 a.m. AEST", at(10, 2021, 12, 6, 7, 30)),
    # numeric offsets
    ("Dec 6, 2021 9:00 +0530", at(5.5, 2021, 12, 6, 9, 0)),
    ("2021-12-06 10:00:00 +05:30", at(5.5, 2021, 12, 6, 10, 0)),
    ("2021-12-05 08:45 UTC+5:30", at(5.5, 2021, 12, 5, 8, 45)),
    ("5 Dec 2021, 08:45 (GMT+05:30)", at(5.5, 2021, 12, 5, 8, 45)),
    ("December 7, 2021 18:00 UTC-5", at(-5, 2021, 12, 7, 18, 0)),
    # ISO 8601
    ("2021-12-08T11:05:00+05:30", at(5.5, 2021, 12, 8, 11, 5)),
    ("2021-12-05T08:45:00Z", at(0, 2021, 12, 5, 8, 45)),
    ("2021-11-13T22:41:00+00:00", at(0, 2021, 11, 13, 22, 41)),
    # daylight-saving zone names take the offset of the date
    ("Dec. 7, 2021, 6:09 p.m. ET", at(-5, 2021, 12, 7, 18, 9)),
    ("July 7, 2021, 6:09 p.m. ET", at(-4, 2021, 7, 7, 18, 9)),
    ("2:12 PM ET, Tue December 7, 2021", at(-5, 2021, 12, 7, 14, 12)),
    ("Updated 10:02 AM ET, Wed July 7, 2021", at(-4, 2021, 7, 7, 10, 2)),
    ("June 1, 2021 9:00 PT", at(-7, 2021, 6, 1, 9, 0)),
    # trailing furniture after a separator
    ("Dec 6, 2021 2:44 PM EST \u00b7 3 min read", at(-5, 2021, 12, 6, 14, 44)),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_zoned_times(text, expected):
    parsed = parse_published(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text,expected",
    [
        ("December 5, 2021", datetime(2021, 12, 5)),
        ("2021-12-05T08:45:00", datetime(2021, 12, 5, 8, 45)),
        ("05/12/2021 10:00", datetime(2021, 12, 5, 10, 0)),  # day first unless an American zone is named
        ("12/05/2021 10:00 EST", at(-5, 2021, 12, 5, 10, 0)),
    ],
)
def test_naive_and_numeric_dates(text, expected):
    assert parse_published(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Updated 3 hours ago",
        "December 2021",
        "Dec 5, 10:02 AM EST",
        "Monday",
        "By Jane Doe",
        "2 min read",
    ],
)
def test_no_full_date_gives_none_never_today(text):
    assert parse_published(text) is None


def test_option_accepts_iso_and_refuses_garbage():
    assert parse_published_option("2021-12-05T08:45:00+05:30") == at(5.5, 2021, 12, 5, 8, 45)
    assert parse_published_option("5 December 2021, 8:45 IST") == at(5.5, 2021, 12, 5, 8, 45)
    with pytest.raises(UsageError, match="not a date"):
        parse_published_option("next week")
