"""Ranges: "two to three weeks", "March 3-5", "from Monday to Wednesday", "1990-95", "between 9 and 11 a.m.".

Following TimeBank, a range of points is two TIMEX3s, one per end ("from Aug. 26 to Oct. 20"; "April 24
and 25", where the bare "25" is its own DATE), and a range of counts of one unit is one vague DURATION
("the next 12 to 18 months" -> PXM). The words that join and open ranges are data
(data/times/ranges.yaml); this module finds the ends that are not times on their own (the "5" of "March
3-5", the "95" of "1990-95", the "9" of "9 to 11 a.m."), links the two ends, and settles the second end
against the first when they are resolved (the same month and year; never before the first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ..model import Time
from .calendar import parse_value, weekday_near
from .expressions import ANAPHOR_SHIFT, FIXED, NAMED, Expression
from .lexicon import _load, lexicon
from .numbers import duration_value, parse_count
from .words import norm, position_mod, previous_word, unit_name, verb_last

START, END = "start", "end"


@dataclass(frozen=True)
class RangeWords:
    point_joiners: tuple[str, ...]
    openers: frozenset[str]
    count_joiners: tuple[str, ...]
    day_followers: frozenset[str]


@cache
def range_words() -> RangeWords:
    data = _load("ranges.yaml")
    return RangeWords(
        point_joiners=tuple(str(w) for w in data["point_joiners"]),
        openers=frozenset(str(w) for w in data["openers"]),
        count_joiners=tuple(str(w) for w in data["count_joiners"]),
        day_followers=frozenset(str(w) for w in data["day_followers"]),
    )


def joiner_pattern(words: tuple[str, ...]) -> str:
    """A regex (no groups) for a joiner with the space around it: dashes bare, words between spaces."""
    dashes = [re.escape(w) for w in words if not w.isalpha()]
    names = [re.escape(w) for w in sorted((w for w in words if w.isalpha()), key=len, reverse=True)]
    parts = []
    if dashes:
        parts.append(r"\s*(?:" + "|".join(dashes) + r")\s*")
    if names:
        parts.append(r"\s+(?:" + "|".join(names) + r")\s+")
    return "(?:" + "|".join(parts) + ")"


def _is_and(joiner: str) -> bool:
    return norm(joiner) == "and"


def _opened_by_between(text: str, start: int) -> bool:
    return previous_word(text, start) == "between"


# ---- a range of counts: one vague DURATION -------------------------------------------------------


def build_duration_range(m: re.Match[str], text: str) -> Expression | None:
    """ "two to three weeks", "10-15 days", "the next 12 to 18 months", "between five and 10 years"."""
    unit = unit_name(m["unit"])
    if unit not in lexicon().units:
        return None
    low, high = parse_count(m["count"]), parse_count(m["count2"])
    if low is None or high is None or not low < high:
        return None  # "a few to several", "3-2": not a range of counts
    first = m.start("the") if m["the"] else m.start("det") if m["det"] else m.start("count")
    if _is_and(m["join"]) and not _opened_by_between(text, first):
        return None  # "in five and 10 years" is not a range; "between five and 10 years" is
    mod = position_mod(m)
    start = m.start("count") if verb_last(text, m) else m.start()
    if m["approx"] and mod != "APPROX":
        start, mod = first, None  # "within two to three weeks": the word is a preposition here
    u = lexicon().units[unit]
    code = "D" if unit == "weekend" else u.code
    return Expression(
        start, m.end(), "DURATION", FIXED, value=duration_value(None, code, u.time, u.factor), mod=mod
    )


# ---- a range of points: two TIMEX3s ---------------------------------------------------------------


_DAY_VALUE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_CLOCK_AMPM = re.compile(
    r"(?:(?:around|about|approximately|roughly)\s+)?(\d{1,2})(?::(\d\d))?\s*([ap])\.?\s?m\b", re.I
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    joiner = joiner_pattern(range_words().point_joiners)
    day_after = re.compile(
        rf"(?P<join>{joiner})(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)(?![/%$.,:-]\w|[%$])(?:,?\s+(?P<year>{_YEAR})(?!\d))?",
        re.I,
    )
    day_before = re.compile(
        rf"(?<![\w$£€.,:/-])(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?P<join>{joiner})$", re.I
    )
    clock_before = re.compile(
        rf"(?<![\w$£€.,:/-])(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?(?P<join>{joiner})$", re.I
    )
    gap = re.compile(rf"^(?P<join>{joiner})$", re.I)
    return day_after, day_before, clock_before, gap


def _clause_goes_on(text: str, end: int) -> bool:
    """Whether what follows a bare day number says it is a day: the end of a clause or a small word."""
    rest = text[end : end + 30]
    if re.match(r"\s*(?:[.,;:!?)\"'\u201d\u2019]|$)", rest):
        return True
    word = re.match(r"\s+([A-Za-z]+)\b", rest)
    return word is not None and word.group(1).lower() in range_words().day_followers


def _month_day(expr: Expression) -> tuple[int, int] | None:
    if expr.type != "DATE" or expr.extra.get("as_week") or expr.extra.get("time_of_day"):
        return None
    if expr.kind == NAMED and expr.named is not None:
        n = expr.named
        if n.month is not None and n.day is not None and n.weekday is None:
            return n.month, n.day
        return None
    if expr.kind == FIXED and expr.rule in ("month_day", "day_month"):
        m = _DAY_VALUE.match(expr.value or "")
        if m:
            return int(m[2]), int(m[3])
    return None


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _free(exprs: list[Expression], index: int, start: int, end: int) -> bool:
    before = exprs[index - 1].end if index > 0 else 0
    after = exprs[index + 1].start if index + 1 < len(exprs) else 10**12
    return before <= start and end <= after


def _link(start: Expression, end: Expression) -> None:
    start.extra["range"] = START
    end.extra["range"] = END


def _day_end(
    expr: Expression, text: str, exprs: list[Expression], index: int
) -> tuple[Expression | None, int]:
    """ "March 3-5", "April 24 and 25", "between March 3 and 5, 2021": the bare second day, and how many
    of the times after it it takes in (the year of "5, 2021", found on its own)."""
    md = _month_day(expr)
    if md is None:
        return None, 0
    month, day = md
    m = _patterns()[0].match(text, expr.end)
    if m is None or "\n" in m["join"]:
        return None, 0
    if _is_and(m["join"]) and expr.kind == FIXED and expr.rule == "month_day" and not m["year"]:
        return None, 0  # "on March 3, 2021 and 5 others": a full date is not continued by "and"
    day2 = int(m["day"])
    end = m.end() if m["year"] else m.end("day")
    if not day < day2 or not _clause_goes_on(text, end):
        return None, 0
    known_year = m["year"] or (expr.value or "")[:4] if expr.kind == FIXED else m["year"]
    if not _valid_day(int(known_year) if known_year else 2000, month, day2):  # 2000: a leap year
        return None, 0
    taken = 0
    while index + 1 + taken < len(exprs) and exprs[index + 1 + taken].start < end:
        inner = exprs[index + 1 + taken]
        if not (m["year"] and inner.start >= m.start("year") and inner.end <= end):
            return None, 0
        taken += 1
    second = Expression(m.start("day"), end, "DATE", FIXED if m["year"] else NAMED)
    if m["year"]:
        year = int(m["year"])
        second.value = f"{year:04d}-{month:02d}-{day2:02d}"
        if expr.kind == NAMED:  # "March 3-5, 2021": the year belongs to both ends
            expr.kind, expr.value, expr.named = FIXED, f"{year:04d}-{month:02d}-{day:02d}", None
    else:
        second.named = type(expr.named)(month=month, day=day2) if expr.named else None
        if second.named is None:  # the first end had its year: "March 3, 2021 - 5" is rare, but fixed
            second.kind = FIXED
            second.value = f"{(expr.value or '')[:8]}{day2:02d}"
        second.direction, second.strict = expr.direction, expr.strict
    second.extra["same_month"] = str(day2)
    second.rule = "range_day"
    _link(expr, second)
    return second, taken


def _day_start(expr: Expression, text: str, exprs: list[Expression], index: int) -> Expression | None:
    """ "3 to 5 March", "between 3 and 5 March 2021": the bare first day."""
    if expr.rule != "day_month":
        return None
    md = _month_day(expr)
    if md is None:
        return None
    month, day = md
    m = _patterns()[1].search(text[max(0, expr.start - 16) : expr.start])
    if m is None:
        return None
    start = expr.start - (len(text[max(0, expr.start - 16) : expr.start]) - m.start())
    day1 = int(m["day"])
    if not day1 < day or (_is_and(m["join"]) and not _opened_by_between(text, start)):
        return None
    if not _free(exprs, index, start, expr.end):
        return None
    first = Expression(start, start + len(m["day"]), "DATE", expr.kind, direction=expr.direction)
    if expr.kind == FIXED:
        first.value = f"{(expr.value or '')[:8]}{day1:02d}"
    else:
        first.named = type(expr.named)(month=month, day=day1) if expr.named else None
        first.strict = expr.strict
    first.rule = "range_day"
    _link(first, expr)
    return first


def _clock_start(expr: Expression, text: str, exprs: list[Expression], index: int) -> Expression | None:
    """ "9 to 11 a.m.", "between 9 and 11 a.m. Tuesday": the bare first hour takes the second's a.m./p.m."""
    clock = _CLOCK_AMPM.match(text, expr.start)
    if clock is None or expr.type != "TIME":
        return None
    window = text[max(0, expr.start - 16) : expr.start]
    m = _patterns()[2].search(window)
    if m is None or "\n" in m["join"]:
        return None
    start = expr.start - (len(window) - m.start())
    if _is_and(m["join"]) and not _opened_by_between(text, start):
        return None
    if not _free(exprs, index, start, expr.end):
        return None
    end_hour = int(clock[1]) % 12 + (12 if clock[3].lower() == "p" else 0)
    end_minute = int(clock[2] or 0)
    hour, minute = int(m["h"]) % 12, int(m["mi"] or 0)
    if clock[3].lower() == "p" and (hour + 12, minute) < (end_hour, end_minute):
        hour += 12  # "9 to 11 p.m." is 21:00; "11 to 1 p.m." starts in the morning
    if (hour, minute) >= (end_hour, end_minute):
        return None
    first = Expression(
        start,
        start + len(m.group(0)) - len(m["join"]),
        "TIME",
        ANAPHOR_SHIFT,
        unit="day",
        offset=0,
        suffix=f"T{hour:02d}:{minute:02d}",
        extra={"time_of_day": "1", "clock_start": "1"},
    )
    first.rule = "range_clock"
    _link(first, expr)
    return first


def _year_end(expr: Expression) -> Expression | None:
    """ "1990-95", "the 2022-23 season": the year rule leaves the second year to us."""
    to, at = expr.extra.pop("year_to", None), expr.extra.pop("year_to_at", None)
    if to is None or at is None:
        return None
    start = int(at)
    second = Expression(start, start + len(to), "DATE", FIXED)
    first_year = int((expr.value or "0")[:4])
    year = int(to) if len(to) == 4 else first_year // 100 * 100 + int(to)
    if len(to) == 2 and year <= first_year:
        year += 100  # "1999-00"
    second.value = f"{year:04d}"
    second.rule = "range_year"
    _link(expr, second)
    return second


def _pair(a: Expression, b: Expression, text: str) -> bool:
    """Two times already found, joined as the ends of one range: "from Monday to Wednesday"."""
    if a.type not in ("DATE", "TIME") or b.type not in ("DATE", "TIME"):
        return False
    m = _patterns()[3].match(text[a.end : b.start])
    if m is None or "\n" in m["join"]:
        return False
    opened = previous_word(text, a.start) in range_words().openers
    if _is_and(m["join"]):
        return _opened_by_between(text, a.start)
    return opened or not m["join"].strip().isalpha()


def read_ranges(exprs: list[Expression], text: str) -> list[Expression]:
    """The chosen candidates with the ends of ranges found and linked (in text order, never overlapping)."""
    out: list[Expression] = []
    i = 0
    while i < len(exprs):
        expr = exprs[i]
        if expr.extra.get("range"):
            out.append(expr)
            i += 1
            continue
        year_end = _year_end(expr)
        if year_end is not None:
            if _free(exprs, i, expr.start, year_end.end):
                out += [expr, year_end]
            else:
                expr.extra.pop("range", None)
                out.append(expr)
            i += 1
            continue
        starts = _day_start(expr, text, exprs, i) or _clock_start(expr, text, exprs, i)
        if starts is not None:
            out.append(starts)
        out.append(expr)
        second, taken = _day_end(expr, text, exprs, i) if starts is None else (None, 0)
        if second is not None:
            out.append(second)
            i += 1 + taken
            continue
        if (
            starts is None
            and i + 1 < len(exprs)
            and not exprs[i + 1].extra.get("range")
            and _pair(expr, exprs[i + 1], text)
        ):
            _link(expr, exprs[i + 1])
        i += 1
    return out


# ---- settling the ends once resolved --------------------------------------------------------------


def _first_after(expr: Expression, after: date, suffix: str) -> str | None:
    """The value of a named day or month at or after `after` (the end of a range never precedes its start)."""
    n = expr.named
    if n is None:
        return None
    if n.weekday is not None:
        return weekday_near(after + timedelta(days=1), n.weekday, 1).isoformat() + suffix
    if n.month is not None and n.day is not None:
        for year in (after.year, after.year + 1):
            try:
                d = date(year, n.month, n.day)
            except ValueError:
                continue
            if d >= after:
                return d.isoformat() + suffix
        return None
    if n.month is not None and all(v is None for v in (n.quarter, n.half, n.season, n.holiday)):
        year = after.year if n.month >= after.month else after.year + 1
        return f"{year:04d}-{n.month:02d}"
    return None


def _last_before(expr: Expression, before: date, suffix: str) -> str | None:
    """The value of a named day or month at or before `before` (a past range read back from its end)."""
    n = expr.named
    if n is None:
        return None
    if n.weekday is not None:
        return weekday_near(before - timedelta(days=1), n.weekday, -1).isoformat() + suffix
    if n.month is not None and n.day is not None:
        for year in (before.year, before.year - 1):
            try:
                d = date(year, n.month, n.day)
            except ValueError:
                continue
            if d <= before:
                return d.isoformat() + suffix
        return None
    if n.month is not None and all(v is None for v in (n.quarter, n.half, n.season, n.holiday)):
        year = before.year if n.month <= before.month else before.year - 1
        return f"{year:04d}-{n.month:02d}"
    return None


def settle_range(start: tuple[Expression, Time], end: tuple[Expression, Time], tense: int | None) -> None:
    """Make the two ends of a range agree: the bare end takes the other's day, month and year, and
    an end resolved before its start is moved (back from the end in a past clause, else forward)."""
    start_expr, start_time = start
    end_expr, end_time = end
    if start_expr.extra.get("clock_start"):
        end_day = end_time.value.split("T")[0]
        if _DAY_VALUE.match(end_day):
            start_time.value = end_day + start_expr.suffix
        return
    if end_expr.extra.get("same_month") and end_expr.kind == NAMED:
        m = _DAY_VALUE.match(start_time.value.split("T")[0])
        day = int(end_expr.extra["same_month"])
        if m and _valid_day(int(m[1]), int(m[2]), day):
            end_time.value = f"{m[1]}-{m[2]}-{day:02d}"
        return
    first, last = parse_value(start_time.value), parse_value(end_time.value)
    if first is None or last is None or first[1] != last[1] or first[1] not in ("day", "month"):
        return
    if last[0] >= first[0]:
        return
    if tense is not None and tense < 0 and start_expr.kind == NAMED:
        value = _last_before(start_expr, last[0], start_expr.suffix)
        if value is not None:
            start_time.value = value
        return
    if end_expr.kind == NAMED:
        value = _first_after(end_expr, first[0], end_expr.suffix)
        if value is not None:
            end_time.value = value
