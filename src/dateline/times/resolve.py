"""Placing expressions on the calendar: TIMEX3 values from the document date (DCT), the tense of the
governing verb, and the times mentioned earlier in the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import Time
from .calendar import (
    add_months,
    finer_or_equal,
    format_value,
    holiday_date,
    parse_value,
    shift,
    weekday_in_week,
    weekday_near,
)
from .expressions import ANAPHOR_SHIFT, DCT_SHIFT, FIXED, NAMED, PERIOD_REFERENCE, REFERENCE, Expression
from .lexicon import lexicon

_PLACEHOLDER = {
    "day": "XXXX-XX-XX",
    "night": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "half": "XXXX-HX",
    "season": "XXXX-XX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
}


@dataclass
class Mention:
    value: str
    granularity: str
    text: str
    sentence: int
    day: date
    comparison: bool = False  # "a year ago", "the year-earlier quarter": never the base of another


@dataclass
class Context:
    """What resolving needs besides the expression: the DCT and the dates mentioned so far."""

    dct: date | None
    mentions: list[Mention] = field(default_factory=list)

    def latest(self, unit: str, skip_comparisons: bool = False) -> Mention | None:
        for mention in reversed(self.mentions):
            if skip_comparisons and mention.comparison:
                continue
            if finer_or_equal(mention.granularity, unit):
                return mention
        return None

    def latest_base(self, since_sentence: int) -> Mention | None:
        """The latest mention that is not itself a comparison ("a year ago"), if recent enough."""
        for mention in reversed(self.mentions):
            if mention.sentence < since_sentence:
                return None
            if not mention.comparison:
                return mention
        return None

    def latest_quarter(self, skip_comparisons: bool = False, ended_by: date | None = None) -> Mention | None:
        """The latest quarter mentioned; with `ended_by`, the latest that had ended by then (the base of a
        comparison is a reported period: "through the third quarter of 1990" is not)."""
        for mention in reversed(self.mentions):
            if skip_comparisons and mention.comparison:
                continue
            if mention.granularity != "quarter":
                continue
            if ended_by is not None and add_months(mention.day, 3) > ended_by + timedelta(days=1):
                continue
            return mention
        return None


def _period(named_kind: str, year: int, n: int | str) -> tuple[date, date] | None:
    """First and last day of a named period in a year."""
    try:
        if named_kind == "month":
            first = date(year, int(n), 1)
            return first, add_months(first, 1) - timedelta(days=1)
        if named_kind == "quarter":
            first = date(year, 3 * int(n) - 2, 1)
            return first, add_months(first, 3) - timedelta(days=1)
        if named_kind == "half":
            first = date(year, 1 if int(n) == 1 else 7, 1)
            return first, add_months(first, 6) - timedelta(days=1)
        if named_kind == "season":
            start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[str(n)]
            first = date(year, start_month, 1)
            return first, add_months(first, 3) - timedelta(days=1)
    except (ValueError, KeyError):
        return None
    return None


def _choose(
    spans: list[tuple[int, date, date]], dct: date, direction: int | None, strict: bool, fine: bool
) -> int:
    """The year whose period lies in `direction` from the DCT (see docs/times.md, "Resolving")."""
    if direction is not None and direction < 0:
        ok = [y for y, first, last in spans if (last < dct if strict else first <= dct)]
        return max(ok) if ok else dct.year
    if direction is not None and direction > 0:
        ok = [y for y, first, last in spans if (first > dct if strict else last >= dct)]
        return min(ok) if ok else dct.year
    if fine or direction is None or direction == 0:
        # no tense clue, or the present ("take effect in March"): the nearest one
        return _nearest(spans, dct)
    return dct.year


def _nearest(spans: list[tuple[int, date, date]], dct: date) -> int:
    # News mostly reports what has happened: a later reading must be clearly nearer to win.
    return min(spans, key=lambda s: _distance(s, dct) * (1.5 if s[1] > dct else 1.0))[0]


def _distance(span: tuple[int, date, date], dct: date) -> int:
    return min(abs((span[1] - dct).days), abs((span[2] - dct).days))


def choose_day(spans: list[tuple[int, date, date]], dct: date, direction: int | None, strict: bool) -> int:
    """A day without a year: in the tense's direction, unless that puts it most of a year away while
    another reading is within weeks (the tense then belongs to another clause: "declared a dividend
    payable Dec. 1")."""
    year = _choose(spans, dct, direction, strict, fine=True)
    nearest = _nearest(spans, dct)
    by_year = {s[0]: s for s in spans}
    if year != nearest and _distance(by_year[year], dct) > 180 and _distance(by_year[nearest], dct) <= 90:
        return nearest
    return year


def resolve_named(expr: Expression, ctx: Context, tense: int | None) -> tuple[str, str | None] | None:
    n = expr.named
    if n is None:
        if expr.unit == "weekend" and ctx.dct is not None:
            d = ctx.dct
            saturday = weekday_near(d, 6, -1 if tense is None or tense < 0 else 1)
            return format_value(saturday, "weekend"), "DCT"
        return None
    direction = expr.direction
    strict = expr.strict
    this_one = direction == 0  # "this June", "this autumn": the one of the current year
    if direction == 0:
        direction, strict = (tense if tense is not None else None), False
        if direction is None:
            direction = 0
    elif direction is None:
        direction = tense
    if n.weekday is not None:
        base_mention = ctx.latest("day") if expr.extra.get("anaphoric") else None
        base = base_mention.day if base_mention else ctx.dct
        anchor = base_mention.text if base_mention else "DCT"
        if base is None:
            return f"XXXX-WXX-{n.weekday}{expr.suffix}", None
        if expr.week_shift is not None:
            d = weekday_in_week(base, n.weekday, expr.week_shift)
        elif strict and direction is not None and direction != 0:
            d = weekday_near(base + timedelta(days=direction), n.weekday, direction)
        elif direction is None:
            d = weekday_near(base, n.weekday, -1)
        elif direction == 0 and expr.direction is None:
            # the present tense with a weekday is a timetable: "the ultimatum expires on Sunday"
            d = weekday_near(base, n.weekday, 1)
        else:
            d = weekday_near(base, n.weekday, direction)
        return d.isoformat() + expr.suffix, anchor
    if expr.year is not None and n.holiday is not None:
        fixed = holiday_date(lexicon().holidays[n.holiday], expr.year)
        return (fixed.isoformat(), None) if fixed else None
    dct = ctx.dct
    year_offset = expr.extra.get("year_offset")
    if n.month is not None and n.day is not None:
        if dct is None:
            return f"XXXX-{n.month:02d}-{n.day:02d}{expr.suffix}", None
        spans = []
        for y in (dct.year - 1, dct.year, dct.year + 1):
            try:
                day = date(y, n.month, n.day)
            except ValueError:
                continue
            spans.append((y, day, day))
        if not spans:
            return None
        if expr.year is not None:
            year = expr.year
        elif expr.extra.get("since"):
            year = _choose(spans, dct, direction, strict, fine=True)
        else:
            year = choose_day(spans, dct, direction, strict)
        if expr.extra.get("as_week"):
            return format_value(date(year, n.month, n.day), "week"), "DCT" if expr.year is None else None
        return f"{year:04d}-{n.month:02d}-{n.day:02d}{expr.suffix}", "DCT"
    if n.holiday is not None:
        holiday = lexicon().holidays[n.holiday]
        if dct is None:
            if holiday.month is not None and holiday.day is not None:
                return f"XXXX-{holiday.month:02d}-{holiday.day:02d}{expr.suffix}", None
            return None
        spans = []
        for y in (dct.year - 1, dct.year, dct.year + 1):
            found = holiday_date(holiday, y)
            if found:
                spans.append((y, found, found))
        if not spans:
            return None
        # "Easter week began": a week named by a holiday is the nearest one (it may have begun already)
        week = bool(expr.extra.get("as_week")) and expr.direction is None
        year = _nearest(spans, dct) if week else _choose(spans, dct, direction, strict, fine=True)
        chosen = holiday_date(holiday, year)
        if chosen and expr.extra.get("as_week"):
            return format_value(chosen, "week"), "DCT"
        return (chosen.isoformat() + expr.suffix, "DCT") if chosen else None
    for kind, number, fmt in (
        ("month", n.month, "{y:04d}-{n:02d}"),
        ("quarter", n.quarter, "{y:04d}-Q{n}"),
        ("half", n.half, "{y:04d}-H{n}"),
        ("season", n.season, "{y:04d}-{n}"),
    ):
        if number is None:
            continue
        if dct is None:
            return fmt.replace("{y:04d}", "XXXX").format(n=number), None
        if year_offset is not None:
            return fmt.format(y=dct.year + int(year_offset), n=number), "DCT"
        if this_one:
            return fmt.format(y=dct.year, n=number), "DCT"
        spans = []
        for y in (dct.year - 1, dct.year, dct.year + 1):
            period = _period(kind, y, number)
            if period:
                spans.append((y, period[0], period[1]))
        if kind in ("quarter", "half") and not strict and direction is not None and direction > 0:
            # Results are reported in the weeks after a quarter ends: "expects to report third-quarter
            # profit" in October is the quarter just ended.
            ok = [y for y, first, last in spans if last >= dct - timedelta(days=45)]
            year = min(ok) if ok else dct.year
        else:
            year = _choose(spans, dct, direction, strict, fine=False)
        year += int(expr.extra.get("year_shift", "0"))
        return fmt.format(y=year, n=number), "DCT"
    return None


def _shift_value(base: date, unit: str, offset: int, suffix: str) -> str:
    """The value `offset` units from `base`; beyond the calendar's years 1-9999 ("29 centuries ago")
    the unit's unspecified value, as when there is no anchor."""
    try:
        return format_value(shift(base, unit, offset), unit) + suffix
    except (ValueError, OverflowError):
        return _PLACEHOLDER.get(unit, "XXXX") + suffix


def resolve_expression(expr: Expression, ctx: Context, tense: int | None, sentence: int) -> Time | None:
    text_anchor: str | None = None
    value: str | None
    if expr.kind in (FIXED, REFERENCE):
        value = expr.value
        text_anchor = "DCT" if expr.kind == REFERENCE else None
    elif expr.kind == NAMED:
        resolved = resolve_named(expr, ctx, tense)
        if resolved is None:
            return None
        value, text_anchor = resolved
    elif expr.kind == DCT_SHIFT:
        unit = expr.unit or "day"
        if ctx.dct is None:
            value, text_anchor = _PLACEHOLDER.get(unit, "XXXX") + expr.suffix, None
        else:
            value, text_anchor = _shift_value(ctx.dct, unit, expr.offset, expr.suffix), "DCT"
            if expr.extra.get("ago") and unit == "year" and expr.offset == -1:
                # "profit rose in the quarter from a year ago": the like period a year before.
                peer = ctx.latest_base(sentence - 5)
                if peer and peer.granularity in ("quarter", "month", "half"):
                    value = format_value(add_months(peer.day, 12 * expr.offset), peer.granularity)
                    text_anchor = peer.text
    elif expr.kind == ANAPHOR_SHIFT:
        unit = expr.unit or "day"
        mention = ctx.latest(unit, skip_comparisons=bool(expr.extra.get("ago")))
        if mention is not None and expr.extra.get("time_of_day") and mention.sentence < sentence:
            mention = None  # a bare clock time belongs to a day named in its sentence, else to the DCT
        if mention is not None:
            if (
                expr.extra.get("ago")
                and mention.granularity != unit
                and mention.granularity in ("quarter", "month", "half", "day")
            ):
                # "a week later" after "Dec. 20" is a day; "a year earlier" after a quarter, a quarter
                value = format_value(shift(mention.day, unit, expr.offset), mention.granularity) + expr.suffix
            else:
                value = _shift_value(mention.day, unit, expr.offset, expr.suffix)
            text_anchor = mention.text
        elif ctx.dct is not None:
            value, text_anchor = _shift_value(ctx.dct, unit, expr.offset, expr.suffix), "DCT"
        else:
            value = _PLACEHOLDER.get(unit, "XXXX") + expr.suffix
    elif expr.kind == PERIOD_REFERENCE:
        ended_by = ctx.dct if expr.offset < 0 else None
        mention = ctx.latest_quarter(skip_comparisons=True, ended_by=ended_by)
        if expr.year is not None:
            quarter = (mention.day.month - 1) // 3 + 1 if mention is not None else None
            value = f"{expr.year:04d}-Q{quarter}" if quarter else f"{expr.year:04d}"
            text_anchor = mention.text if mention is not None else None
        elif mention is not None:
            value = format_value(add_months(mention.day, 3 * expr.offset), "quarter")
            text_anchor = mention.text
        elif ctx.dct is not None:
            value = format_value(add_months(ctx.dct, 3 * (expr.offset - 1)), "quarter")
            text_anchor = "DCT"
        else:
            value = "XXXX-QX"
    else:
        return None
    if not value:
        return None
    return Time(expr.start, expr.end, "", expr.type, value, anchor=text_anchor, mod=expr.mod)


def remember(ctx: Context, time: Time, sentence: int, comparison: bool = False) -> None:
    """Keep a resolved date for the expressions after it ("the next day", "a year earlier")."""
    if time.type not in ("DATE", "TIME"):
        return
    parsed = parse_value(time.value)
    if parsed is None:
        return
    day, granularity = parsed
    ctx.mentions.append(Mention(time.value, granularity, time.text, sentence, day, comparison))
