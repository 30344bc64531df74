"""Publication times as news pages print them: "5 December 2021, 8:45 IST", "Dec. 5, 2021 10:02 AM EST",
ISO 8601 with offsets. Zone abbreviations come from data/timezones.yaml."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from dateutil import parser as dateutil_parser

from ..errors import UsageError
from ..timezones import zone, zone_offsets

_ZONE_WORD = re.compile(r"\b([A-Z]{1,5})\b\.?\s*$")


def parse_published(value: str) -> datetime | None:
    """A timestamp with its zone, or None when the string holds no date. A naive time stays naive."""
    text = value.strip().rstrip(".")
    if not text:
        return None
    tz = None
    match = _ZONE_WORD.search(text)
    if match and match.group(1) in zone_offsets():
        tz = zone(match.group(1))
        text = text[: match.start()].strip().rstrip(",")
    try:
        parsed = dateutil_parser.parse(text, fuzzy=True, dayfirst=False, tzinfos=_tzinfos)
    except (ValueError, OverflowError):
        return None
    if tz is not None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _tzinfos(name: str, offset: int) -> tzinfo | None:
    return zone(name) if name else None


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
