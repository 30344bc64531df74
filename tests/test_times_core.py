"""Rules of the times stage: finding, normalizing and resolving TIMEX3s (docs/times.md)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.model import Sentence
from dateline.times import find_times
from dateline.times.calendar import easter, format_value, parse_value, weekday_near
from dateline.times.numbers import duration_value, parse_count
from dateline.times.tense import FUTURE, PAST, tense_from_words

SUNDAY = datetime(2021, 12, 5, 8, 45)  # ISO 2021-W48


def one(text: str, phrase: str, anchor: datetime | None = SUNDAY, doc=None):
    times = find_times(text, [Sentence(0, len(text))], anchor, doc)
    start = text.index(phrase)
    hits = [t for t in times if t.start == start and t.end == start + len(phrase)]
    assert hits, f"{phrase!r} not found exactly; got {[(t.text, t.value) for t in times]}"
    return hits[0]


# (text, phrase, type, value) with no parse: tense from the nearby words.
CASES = [
    ("It happened on 6 Dec 2021.", "6 Dec 2021", "DATE", "2021-12-06"),
    ("It happened on Dec. 6, 2021.", "Dec. 6, 2021", "DATE", "2021-12-06"),
    ("Filed 12/07/2021 in court.", "12/07/2021", "DATE", "2021-12-07"),
    ("Filed 2021-12-07 in court.", "2021-12-07", "DATE", "2021-12-07"),
    ("Prices rose yesterday.", "yesterday", "DATE", "2021-12-04"),
    ("The plant closed two weeks ago.", "two weeks ago", "DATE", "2021-11-21"),
    ("The deal was agreed a few years ago.", "a few years ago", "DATE", "PAST_REF"),
    ("Sales rose last year.", "last year", "DATE", "2020"),
    ("Talks resume next week.", "next week", "DATE", "2021-W49"),
    ("It rained this morning.", "this morning", "TIME", "2021-12-05TMO"),
    ("The blast came at 8:45 IST.", "8:45 IST", "TIME", "2021-12-05T08:45"),
    ("Polls close at 10 a.m. ET.", "10 a.m. ET", "TIME", "2021-12-05T10:00"),
    ("Profit fell in the third quarter.", "the third quarter", "DATE", "2021-Q3"),
    ("Sales peaked in the 1990s.", "the 1990s", "DATE", "199"),
    ("It was built in the 19th century.", "the 19th century", "DATE", "18"),
    ("The budget for fiscal 1998 passed.", "fiscal 1998", "DATE", "1998"),
    ("He served three years in prison.", "three years", "DURATION", "P3Y"),
    ("They talked for 48 hours.", "48 hours", "DURATION", "PT48H"),
    ("Rents rose over the past three years.", "the past three years", "DURATION", "P3Y"),
    ("The fair is held every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
    ("The report is published annually.", "annually", "SET", "P1Y"),
    ("Prices are now higher.", "now", "DATE", "PRESENT_REF"),
    ("They met recently.", "recently", "DATE", "PAST_REF"),
    ("They will meet in the future.", "the future", "DATE", "FUTURE_REF"),
    ("They met on Christmas Day.", "Christmas Day", "DATE", "2020-12-25"),
    ("He lived there for years.", "years", "DURATION", "PXY"),
    ("Food prices rose in recent years.", "recent years", "DATE", "PAST_REF"),
    ("Ferries run twice a week.", "twice a week", "SET", "P1W"),
    ("Protesters gather every Sunday evening.", "every Sunday evening", "SET", "XXXX-WXX-7TEV"),
    ("Orangemen march each July.", "each July", "SET", "XXXX-07"),
    ("The budget for FY2022-23 passed.", "FY2022-23", "DATE", "2022"),
    ("The budget for FY23 passed.", "FY23", "DATE", "2023"),
    ("The fort was built in the 1600s.", "the 1600s", "DATE", "16"),
    ("Trading closed at 1630 GMT.", "1630 GMT", "TIME", "2021-12-05T16:30"),
    ("A hearing is set for the week of March 6, 2022.", "the week of March 6, 2022", "DATE", "2022-W09"),
    ("Revenue was $5 million in the year ended March 31.", "the year", "DURATION", "P1Y"),
    ("He was arrested in January this year.", "January this year", "DATE", "2021-01"),
    ("Demand will grow over the next decade.", "the next decade", "DURATION", "P10Y"),
    ("Sales fell over the past several quarters.", "the past several quarters", "DURATION", "PXQ"),
    ("Wages rose 3% in the third quarter from a year ago.", "a year ago", "DATE", "2020-Q3"),
]


@pytest.mark.parametrize(("text", "phrase", "type_", "value"), CASES)
def test_finds_and_normalizes(text: str, phrase: str, type_: str, value: str) -> None:
    t = one(text, phrase)
    assert (t.type, t.value) == (type_, value)


def test_modifiers_become_mods() -> None:
    assert one("Growth slowed in early 2021.", "early 2021").mod == "START"
    t = one("The plant opened late last year.", "late last year")
    assert (t.value, t.mod) == ("2020", "END")
    assert one("It lasted about three years.", "about three years").mod == "APPROX"


def test_weekday_direction_follows_words() -> None:
    assert one("They will hold a call on Tuesday.", "Tuesday").value == "2021-12-07"
    assert one("The minister said on Friday.", "Friday").value == "2021-12-03"
    assert one("Deals are signed on upcoming Monday.", "upcoming Monday").value == "2021-12-06"
    assert one("They met last Friday.", "last Friday").value == "2021-12-03"


def test_month_year_follows_tense() -> None:
    assert one("He took office in January.", "January").value == "2021-01"
    assert one("He will visit in January.", "January").value == "2022-01"


def test_anchored_expressions_name_their_anchor() -> None:
    text = "Protests began on Dec. 20, 2020. The next day, police arrived."
    t = one(text, "The next day")
    assert (t.value, t.anchor) == ("2020-12-21", "Dec. 20, 2020")
    assert one("Sales rose yesterday.", "yesterday").anchor == "DCT"
    assert one("It happened on 6 Dec 2021.", "6 Dec 2021").anchor is None


def test_without_anchor_values_keep_placeholders() -> None:
    assert one("Sales rose last year.", "last year", anchor=None).value == "XXXX"


def test_a_shift_beyond_the_calendar_keeps_a_placeholder() -> None:
    # hypothesis found "29 century ago" raising ValueError: year -900 is out of range
    times = find_times("29 century ago", [Sentence(0, 14)], datetime(2000, 1, 1))
    assert [(t.text, t.value) for t in times] == [("29 century ago", "XXXX")]
    # a shift from a mention ("Monday 29 century earlier") is not tagged rather than raising
    find_times("Monday 29 century earlier", [Sentence(0, 25)], datetime(2000, 1, 1))


def test_not_times() -> None:
    text = "The 1,998 workers earned $2000 and May said 3:2 was fair."
    assert [t.text for t in find_times(text, [], SUNDAY)] == []


@pytest.mark.parametrize(
    "text",
    [
        "The Sunday Times reported it.",
        "April Ryan asked a question.",
        "The Good Friday Agreement held.",
        "Tuesday Morning Corp filed for bankruptcy.",
        "Prices fell in Summer Hill.",
        "He said it on CBS's 60 Minutes program.",
        "A 6-year-old boy and a man, 52 years old, were hurt.",
        "It would be a second betrayal.",
        "More than a quarter of the votes were cast.",
        "The second half of the match was goalless.",
        "Quarterly earnings beat forecasts.",
    ],
)
def test_names_and_lookalikes_are_not_times(text: str) -> None:
    assert [t.text for t in find_times(text, [Sentence(0, len(text))], SUNDAY)] == []


def test_year_ago_quarter_is_a_comparison_not_a_base() -> None:
    text = "Profit rose in the third quarter. The year-ago quarter was weak. Sales were flat a year earlier."
    times = {t.text: t.value for t in find_times(text, [], SUNDAY)}
    assert times["the third quarter"] == "2021-Q3"
    assert times["The year-ago quarter"] == "2020-Q3"
    assert times["a year earlier"] == "2020-Q3"


def test_tense_guess_without_parse() -> None:
    text = "They will meet on Tuesday."
    assert tense_from_words(text, 0, text.index("Tuesday"), text.index("Tuesday") + 7) == FUTURE
    text = "They said on Tuesday."
    assert tense_from_words(text, 0, text.index("Tuesday"), text.index("Tuesday") + 7) == PAST


def test_tense_from_parse(nlp) -> None:
    text = "Putin is scheduled to visit India on December 6. Bhatt said on Friday."
    doc = nlp(text)
    assert one(text, "December 6", doc=doc).value == "2021-12-06"
    assert one(text, "Friday", doc=doc).value == "2021-12-03"


def test_calendar_helpers() -> None:
    assert easter(2024) == date(2024, 3, 31)
    assert weekday_near(date(2021, 12, 5), 2, 1) == date(2021, 12, 7)
    assert weekday_near(date(2021, 12, 5), 5, -1) == date(2021, 12, 3)
    assert format_value(date(2018, 12, 31), "week") == "2019-W01"
    assert parse_value("2021-Q3") == (date(2021, 7, 1), "quarter")
    assert parse_count("twenty-four") == 24 and parse_count("several") is None
    assert duration_value(2.5, "Y", False) == "P2Y6M" and duration_value(None, "D", False) == "PXD"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_is_deterministic(text: str) -> None:
    first = find_times(text, [], SUNDAY)
    assert first == find_times(text, [], SUNDAY)
    for t in first:
        assert text[t.start : t.end] == t.text


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=0, max_value=3000), st.sampled_from(["yesterday", "last week", "Tuesday", "June"])
)
def test_relative_dates_land_near_the_anchor(days: int, phrase: str) -> None:
    anchor = datetime(2000, 1, 1) + (datetime(2000, 1, 2) - datetime(2000, 1, 1)) * days
    times = find_times(f"They met {phrase}.", [], anchor)
    assert len(times) == 1
    year = int(times[0].value[:4])
    assert abs(year - anchor.year) <= 1
