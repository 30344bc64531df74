"""What a matched time expression means before it is placed on the calendar.

The grammar turns text into `Expression`s; the resolver turns those into TIMEX3 values using the
document date, the tense of the governing verb and the times mentioned earlier in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# How an expression is placed on the calendar.
FIXED = "fixed"  # the value is known from the text alone ("6 Dec 2021", "P3Y", "1990s")
REFERENCE = "reference"  # PRESENT_REF / PAST_REF / FUTURE_REF
DCT_SHIFT = "dct_shift"  # n units from the document date ("yesterday", "last week", "two years ago")
ANAPHOR_SHIFT = "anaphor_shift"  # n units from an earlier time in the text ("the next day")
NAMED = "named"  # a named day or period whose year (or week) is implied ("Tuesday", "June", "Q3")
PERIOD_REFERENCE = "period_reference"  # "the quarter", "the year-ago quarter": a period under discussion


@dataclass
class Named:
    """The calendar fields a named expression fixes; the year (and week for weekdays) is implied."""

    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    holiday: str | None = None


@dataclass
class Expression:
    start: int
    end: int
    type: str  # DATE TIME DURATION SET
    kind: str
    value: str | None = None  # for FIXED and REFERENCE
    unit: str | None = None  # for shifts: the unit moved by, which is also the value's granularity
    offset: int = 0  # for shifts: how many units (negative: back)
    named: Named | None = None
    year: int | None = None  # a year given with a named expression ("June 2021")
    direction: int | None = None  # from a modifier (next/last/this); None: from the tense
    strict: bool = False  # "next"/"last": never the day or period that holds the document date
    week_shift: int | None = None  # "Tuesday next week"
    suffix: str = ""  # time of day appended to a resolved date: "TMO", "T10:00"
    mod: str | None = None
    rule: str = ""  # the grammar rule that found it, for debugging
    extra: dict[str, str] = field(default_factory=dict)

    def with_span(self, start: int, end: int) -> Expression:
        return replace(self, start=start, end=end)
