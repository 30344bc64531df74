"""TIMEX3 values as time ranges, so dates of different granularity can be compared:
`2021-12` contains `2021-12-07`; `2021-W49` overlaps `2021-12-07`; `PRESENT_REF` is no date."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

Range = tuple[datetime, datetime]  # half-open [start, end), naive UTC

_SEASONS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}


def _month_start(year: int, month: int) -> datetime:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime(year, month, 1)


def timex_range(value: str | None) -> Range | None:
    """The span of time a TIMEX3 date value covers, or None when it names no calendar date."""
    if not value:
        return None
    v = value.strip().upper()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", v):
            start = datetime(int(m[1]), int(m[2]), int(m[3]))
            return start, start + timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", v):
            start = datetime.combine(date.fromisocalendar(int(m[1]), int(m[2]), 1), datetime.min.time())
            return start, start + timedelta(days=7)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                return None
            return _month_start(year, month), _month_start(year, month + 1)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            year, q = int(m[1]), int(m[2])
            return _month_start(year, 3 * q - 2), _month_start(year, 3 * q + 1)
        if m := re.fullmatch(r"(\d{4})-H([12])", v):
            year, h = int(m[1]), int(m[2])
            return _month_start(year, 6 * h - 5), _month_start(year, 6 * h + 1)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            first, last = _SEASONS[m[2]]
            return _month_start(int(m[1]), first), _month_start(int(m[1]), last)
        if m := re.fullmatch(r"(\d{4})", v):
            return datetime(int(m[1]), 1, 1), datetime(int(m[1]) + 1, 1, 1)
        if m := re.fullmatch(r"(\d{3})X?", v):  # a decade: 199 / 199X
            return datetime(int(m[1]) * 10, 1, 1), datetime(int(m[1]) * 10 + 10, 1, 1)
    except ValueError:  # 2021-13, 2021-02-30, W54: not a date after all
        return None
    return None


def overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def near(a: Range, b: Range, window: timedelta) -> bool:
    """The ranges overlap once each is widened by the window."""
    return a[0] - window < b[1] and b[0] - window < a[1]


def utc_naive(value: datetime | None) -> datetime | None:
    """A datetime as naive UTC (the store's one time convention); naive input is taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
