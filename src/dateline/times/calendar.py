"""Calendar arithmetic and TIMEX3 value strings: shifting dates by units, naming periods, finding holidays."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .lexicon import Holiday

# Granularities from coarse to fine; a value's granularity is the last field it fixes.
GRANULARITIES = ("century", "decade", "year", "half", "season", "quarter", "month", "week", "day")


def add_months(d: date, n: int) -> date:
    total = d.year * 12 + (d.month - 1) + n
    year, month = divmod(total, 12)
    day = min(d.day, _days_in_month(year, month + 1))
    return date(year, month + 1, day)


def _days_in_month(year: int, month: int) -> int:
    nxt = date(year + (month // 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def shift(d: date, unit: str, n: int) -> date:
    """`d` moved by n units (negative n is backwards)."""
    if unit in ("day", "night"):
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    if unit == "fortnight":
        return d + timedelta(weeks=2 * n)
    if unit == "month":
        return add_months(d, n)
    if unit == "quarter":
        return add_months(d, 3 * n)
    if unit in ("half", "season"):
        return add_months(d, 6 * n if unit == "half" else 3 * n)
    if unit == "year":
        return add_months(d, 12 * n)
    if unit == "decade":
        return add_months(d, 120 * n)
    if unit == "century":
        return add_months(d, 1200 * n)
    return d


def season_of(d: date) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(
        d.month, "FA"
    )


def format_value(d: date, unit: str) -> str:
    """The TIMEX3 value naming the `unit`-long period that holds `d`."""
    if unit in ("day", "night"):
        return d.isoformat()
    if unit in ("week", "fortnight"):
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "weekend":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "half":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if unit == "season":
        # December belongs to the winter that starts that year.
        return f"{d.year:04d}-{season_of(d)}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(holiday: Holiday, year: int) -> date | None:
    try:
        if holiday.easter is not None:
            return easter(year) + timedelta(days=holiday.easter)
        if holiday.month is None:
            return None
        if holiday.day is not None:
            return date(year, holiday.month, holiday.day)
        if holiday.weekday is not None and holiday.n is not None:
            if holiday.n > 0:
                first = date(year, holiday.month, 1 + (holiday.after_day or 0))
                delta = (holiday.weekday - first.isoweekday()) % 7
                return first + timedelta(days=delta + 7 * (holiday.n - 1))
            last = date(year, holiday.month, _days_in_month(year, holiday.month))
            return last - timedelta(days=(last.isoweekday() - holiday.weekday) % 7)
    except ValueError:
        return None
    return None


def weekday_near(d: date, weekday: int, direction: int) -> date:
    """The given ISO weekday nearest `d` in `direction` (-1 on or before, +1 on or after, 0 nearest)."""
    ahead = (weekday - d.isoweekday()) % 7
    if direction > 0:
        return d + timedelta(days=ahead)
    if direction < 0:
        return d - timedelta(days=(7 - ahead) % 7)
    return d + timedelta(days=ahead if ahead <= 3 else ahead - 7)


def weekday_in_week(d: date, weekday: int, weeks: int) -> date:
    """The weekday in the calendar week `weeks` away from the week holding `d` ("next Tuesday")."""
    monday = d - timedelta(days=d.isoweekday() - 1) + timedelta(weeks=weeks)
    return monday + timedelta(days=weekday - 1)


_VALUE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-W(\d\d)|-Q(\d)|-H(\d)|-(SP|SU|FA|WI))?(?:T.*)?$")


def parse_value(value: str) -> tuple[date, str] | None:
    """A TIMEX3 date value back into (a date inside it, its granularity), for resolving later mentions."""
    m = _VALUE.match(value)
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            return date(year, int(m.group(2)), int(m.group(3))), "day"
        if m.group(2):
            return date(year, int(m.group(2)), 1), "month"
        if m.group(4):
            return date.fromisocalendar(year, int(m.group(4)), 1), "week"
        if m.group(5):
            return date(year, 3 * int(m.group(5)) - 2, 1), "quarter"
        if m.group(6):
            return date(year, 1 if m.group(6) == "1" else 7, 1), "half"
        if m.group(7):
            return date(year, {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[m.group(7)], 1), "season"
        return date(year, 1, 1), "year"
    except ValueError:
        return None


def finer_or_equal(granularity: str, unit: str) -> bool:
    """Whether a value of `granularity` fixes a `unit` (a day fixes its week, month and year)."""
    if unit in ("day", "night"):
        return granularity == "day"
    if unit in ("week", "weekend"):
        return granularity in ("day", "week")
    if granularity == "week":
        return unit in ("year",)
    order = ("year", "half", "quarter", "month", "day")
    if unit not in order or granularity not in order:
        return granularity == unit
    return order.index(granularity) >= order.index(unit) and not (
        granularity == "quarter" and unit in ("month", "half")
    )
