"""Publication times as news pages print them: "5 December 2021, 8:45 IST", "Dec. 5, 2021 10:02 AM EST",
"08.12.2021, 13:15 CET", "2021-12-05 08:45 UTC+5:30", ISO 8601 with offsets. Zone abbreviations come
from data/timezones.yaml.

A publication time anchors every relative date in the article, so a guess is worse than nothing: a
string without a full calendar date (day, month and year) gives None, never a date filled in from today.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from dateutil import parser as dateutil_parser

from ..errors import UsageError
from ..timezones import seasonal_offset, zone, zone_offsets

# "IST", "(IST)", "EDT." closing the string.
_ZONE_WORD = re.compile(r"\(?\b([A-Z]{1,5})\b\)?\.?\s*$")
_SEASONAL_WORD = re.compile(r"(?:\d|(?i:[ap]\.?m\.?))\s+\(?(ET|CT|MT|PT)\b")
# "UTC+5:30", "GMT +05:30", "UTC-4", "(GMT+0530)" anywhere in the string.
_ZONE_OFFSET = re.compile(r"\(?\b(?:UTC|GMT)\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?\)?")
_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b|\b\d{4}-\d\d-\d\d")
# Separators after which a byline or date line goes on with something else ("· 3 min read").
_TRAILER = re.compile(r"\s+[|\u00b7\u2022]\s+.*$")
# "08.45" (British pages) is a time of day; "08.12.2021" is a date.
_DOT_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])")
# Two different defaults: a field the string does not give comes out different in the two parses.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def _fixed(sign: str, hours: str, minutes: str | None) -> timezone:
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    return timezone(-delta if sign in "-\u2212" else delta)


_DATE_WORDS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "am",
        "pm",
        "a",
        "m",
        "p",
        "at",
        "on",
        "st",
        "nd",
        "rd",
        "th",
        "of",
        "h",
        "hrs",
        "hours",
        "utc",
        "gmt",
    ]
)


def looks_like_date(text: str) -> bool:
    """Whether a string is a timestamp and nothing much else ("Friday, December 3, 2021 4:15 PM GMT"),
    not a sentence that mentions a date ("Posted on social media on December 5, 2021, the video ...")."""
    words = re.findall(r"[^\W\d_]+", _TRAILER.sub("", text))
    other = [w for w in words if w.lower()[:3] not in _DATE_WORDS and w.upper() not in zone_offsets()]
    return len(other) <= 1 and bool(_YEAR.search(text))


def parse_published(value: str) -> datetime | None:
    """A timestamp with its zone, or None when the string holds no full date. A naive time stays naive."""
    text = _TRAILER.sub("", value.strip()).strip().rstrip(".")
    if not text or not _YEAR.search(text):
        return None
    try:
        return datetime.fromisoformat(
            text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d ", text) else text
        )
    except ValueError:
        pass
    day_first = _day_first(text)
    tz: timezone | None = None
    zone_word: str | None = None
    if match := _ZONE_OFFSET.search(text):
        tz = _fixed(*match.groups())
        text = (text[: match.start()] + " " + text[match.end() :]).strip()
    elif (match := _ZONE_WORD.search(text)) and match.group(1) in zone_offsets():
        tz, zone_word = zone(match.group(1)), match.group(1)
        text = text[: match.start()].strip()
    elif (match := _SEASONAL_WORD.search(text)) and zone(match.group(1)) is not None:
        # "2:12 PM ET, Tue December 7, 2021": a daylight-saving zone name inside the string.
        tz, zone_word = zone(match.group(1)), match.group(1)
        text = (text[: match.start(1)] + text[match.end(1) :]).strip()
    text = _DOT_TIME.sub(r"\1:\2", text.rstrip(",;-( ").replace("\u2212", "-"))
    parsed: list[datetime] = []
    for default in _DEFAULTS:
        try:
            parsed.append(
                dateutil_parser.parse(
                    text, fuzzy=True, dayfirst=day_first, default=default, tzinfos=zone_offsets()
                )
            )
        except (ValueError, OverflowError):
            return None
    first, second = parsed
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # the string lacks a year, month or day: not a publication time
    if tz is not None:
        first = first.replace(tzinfo=seasonal_offset(zone_word, first) or tz if zone_word else tz)
    return first


def _day_first(text: str) -> bool:
    """ "08.12.2021" and "05/12/2021" are day-first (European and Indian pages); "12/05/2021" with a US zone
    is not decidable, so numeric dates with slashes follow the US order only when an American zone is named."""
    if re.search(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", text):
        return True
    if re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text):
        return not re.search(r"\b(?:E|C|M|P|AK|H)[SD]?T\b", text)
    return False


def parse_published_option(value: str) -> datetime:
    """`--published`: an ISO 8601 time (or any date we can read); refuse what we cannot read."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        parsed = parse_published(value)
        if parsed is None:
            raise UsageError(
                f"--published {value!r} is not a date; give ISO 8601 such as 2021-12-05T08:45:00+05:30"
            ) from None
        return parsed
