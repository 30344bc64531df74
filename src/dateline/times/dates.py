"""Builders for calendar dates, weekdays, days relative to today, parts of day and named periods."""

from __future__ import annotations

import re

from .expressions import (
    ANAPHOR_SHIFT,
    DCT_SHIFT,
    FIXED,
    NAMED,
    Expression,
    Named,
)
from .lexicon import lexicon
from .numbers import duration_value
from .periods import build_season, spoken_year
from .words import (
    capitalized,
    direction_of,
    group,
    is_title_word,
    looks_like_name,
    month_number,
    norm,
    part_suffix,
    position_mod,
    previous_word,
    sentence_initial,
    weekday_number,
    year_number,
)


def build_iso(m: re.Match[str], text: str) -> Expression | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["h"]:
        return Expression(m.start(), m.end(), "TIME", FIXED, value=f"{value}T{m['h']}:{m['mi']}")
    return Expression(m.start(), m.end(), "DATE", FIXED, value=value)


def build_numeric(m: re.Match[str], text: str) -> Expression | None:
    a, b = int(m["a"]), int(m["b"])
    year = year_number(m["y"])
    month, day = (a, b) if a <= 12 else (b, a)  # US month-first unless that cannot be a month
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-{month:02d}-{day:02d}")


def day_number(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))  # type: ignore[union-attr]


def build_month_day(m: re.Match[str], text: str) -> Expression | None:
    month = month_number(m["month"])
    if month is None or not capitalized(m["month"]):
        return None
    day = day_number(m["day"])
    if not 1 <= day <= 31:
        return None
    mod = position_mod(m)
    if group(m, "weekof"):  # "the week of March 6": the week that holds the day
        expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(month=month, day=day), mod=mod)
        if m["year"]:
            expr.year = year_number(m["year"])
        expr.extra["as_week"] = "1"
        return expr
    if m["year"]:
        year = year_number(m["year"])
        return Expression(
            m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-{month:02d}-{day:02d}", mod=mod
        )
    direction, strict = direction_of(group(m, "dir"))
    return Expression(
        m.start(),
        m.end(),
        "DATE",
        NAMED,
        named=Named(month=month, day=day),
        direction=direction,
        strict=strict,
        mod=mod,
    )


def _may_is_month(m: re.Match[str], text: str, word: str) -> bool:
    if norm(word) not in ("may", "march"):
        return True
    if group(m, "dir") or group(m, "pos") or group(m, "posof"):
        return True
    if re.match(
        r"\s+(?:said|says|told|will|would|has|had|is|was|and\s+[A-Z])\b", text[m.end() : m.end() + 12]
    ):
        return False  # "May said": a person
    before = previous_word(text, m.start())
    return before in {
        "in",
        "since",
        "by",
        "until",
        "till",
        "through",
        "of",
        "during",
        "from",
        "to",
        "before",
        "after",
        "early",
        "late",
        "mid",
        "between",
        "and",
        "or",
        "last",
        "next",
        "this",
    }


def build_month_year(m: re.Match[str], text: str) -> Expression | None:
    month = month_number(m["month"])
    if month is None or not capitalized(m["month"]):
        return None
    if m["rel"]:
        offset = {"this": 0, "last": -1, "next": 1}[norm(m["rel"])]
        expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(month=month), mod=position_mod(m))
        expr.extra["year_offset"] = str(offset)
        return expr
    year = year_number(m["year"]) if m["year"] else spoken_year(m["spoken"] or "")
    if year is None:
        return None
    return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-{month:02d}", mod=position_mod(m))


def build_month(m: re.Match[str], text: str) -> Expression | None:
    month = month_number(m["month"])
    if month is None or not capitalized(m["month"]) or not _may_is_month(m, text, m["month"]):
        return None
    if looks_like_name(text, m.start(), m.end()):
        return None
    direction, strict = direction_of(m["dir"])
    return Expression(
        m.start(),
        m.end(),
        "DATE",
        NAMED,
        named=Named(month=month),
        direction=direction,
        strict=strict,
        mod=position_mod(m),
    )


def build_weekday(m: re.Match[str], text: str) -> Expression | None:
    wd = weekday_number(m["wd"])
    if wd is None or not capitalized(m["wd"]):
        return None
    if m["part"] and not m["part"].islower():
        return None
    if not m["part"] and not m["dir"] and looks_like_name(text, m.start(), m.end()):
        return None
    direction, strict = direction_of(m["dir"])
    dir_word = norm(m["dir"] or "")
    start = m.start()
    if m["approx"] and re.match(r"['\u2019]s\b", text[m.end() : m.end() + 3]):
        start = m.start("wd")  # "get around Wednesday's ruling": "around" is not an approximation
    week_shift = None
    if m["wkrel"]:
        week_shift = {"next": 1, "last": -1, "this": 0}[norm(m["wkrel"])]
    part = m["part"]
    expr = Expression(
        start,
        m.end(),
        "TIME" if part else "DATE",
        NAMED,
        named=Named(weekday=wd),
        direction=direction,
        strict=strict,
        week_shift=week_shift,
        suffix=part_suffix(part),
        mod=position_mod(m) if start == m.start() else None,
    )
    if dir_word in ("the following", "the previous", "the next"):  # "the following Monday": from a day before
        expr.extra["anaphoric"] = "1"
    return expr


def _after_capitalized_word(text: str, start: int) -> bool:
    """Whether the word before `start` is capitalized and inside its sentence ("USA Today")."""
    m = re.search(r"\b([A-Z][\w&'-]*)[ \t]+$", text[max(0, start - 30) : start])
    return m is not None and not sentence_initial(text, start - len(m.group(0)))


_REL_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def build_relative_day(m: re.Match[str], text: str) -> Expression | None:
    if m["rel2"]:
        offset = -2 if "yesterday" in m["rel2"].lower() else 2
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="day", offset=offset)
    rel = norm(m["rel"])
    rel = rel[:-2] if rel.endswith("'s") else rel
    if m["rel"][:1].isupper() and not m["pos"] and _after_capitalized_word(text, m.start()):
        return None  # "USA Today", "VOA Today": a name
    part = m["part"] or ("night" if rel == "tonight" else None)
    return Expression(
        m.start(),
        m.end(),
        "TIME" if part else "DATE",
        DCT_SHIFT,
        unit="day",
        offset=_REL_DAYS[rel],
        suffix=part_suffix(part),
        mod=position_mod(m),
    )


def build_part_of_day(m: re.Match[str], text: str) -> Expression | None:
    det = norm(m["det"] or "")
    part = norm(m["part"])
    if not det and not m["pos"]:
        return None
    offset = 0
    kind = DCT_SHIFT
    if det == "last":
        offset = -1 if part in ("night", "evening") else 0
    elif det in ("that", "the same"):
        kind = ANAPHOR_SHIFT
    elif det in ("the next", "the following"):
        kind, offset = ANAPHOR_SHIFT, 1
    elif det in ("the previous", "the preceding"):
        kind, offset = ANAPHOR_SHIFT, -1
    return Expression(
        m.start(),
        m.end(),
        "TIME",
        kind,
        unit="day",
        offset=offset,
        suffix=part_suffix(part),
        mod=position_mod(m),
        extra={"time_of_day": "1"} if not det else {},
    )


_UNIT_NAMES = ("day", "week", "weekend", "month", "quarter", "year", "decade", "century")


_ENDED_AFTER = re.compile(r"\s+(?:that\s+)?end(?:ed|ing|s)\b", re.IGNORECASE)


_ANAPHORIC_DETERMINERS = {
    "that",
    "the same",
    "the next",
    "the following",
    "the previous",
    "the preceding",
    "the prior",
}


# A figure compared with a year before: "from last year's", "$3 million last year", "compared with ... last year".
_COMPARED = re.compile(
    r"(?:\b(?:from|than|versus|vs\.)\s+|(?:\d|\bmillion|\bbillion|\bcents?|%)\W{0,2}\s+|"
    r"\bcompared\s+(?:with|to)\b[^.;!?]*)$",
    re.IGNORECASE,
)


def build_unit_relative(m: re.Match[str], text: str) -> Expression | None:
    det = norm(m["det"] or "")
    unit = norm(m["unit"])
    fiscal = bool(m["fiscal"]) and "fiscal" in m["fiscal"].lower()
    if unit == "quarter" and det not in _ANAPHORIC_DETERMINERS:
        return None  # the quarter rule reads "this quarter", "the last quarter", "the quarter ended ..."
    if (
        det == "the"
        and unit in ("year", "month")
        and not (m["pos"] or m["posof"])
        and (fiscal or _ENDED_AFTER.match(text, m.end()))
    ):
        # "the year ended March 31", "the fiscal year": a twelve-month period, not a calendar year
        u = lexicon().units[unit]
        return Expression(
            m.start(), m.end(), "DURATION", FIXED, value=duration_value(1, u.code, u.time, u.factor)
        )
    if is_title_word(text, m.start("unit"), m["unit"]):
        return None
    if unit == "day" and det == "the" and re.match(r"(?:early|late|earlier|later)\s+in\s", m.group(0), re.I):
        return (
            None  # "later in the day", "late in the day": TimeBank leaves them out (0 of 3), often figurative
        )
    if unit in lexicon().seasons:
        return build_season(m, text)
    mod = position_mod(m)
    has_position = bool(m["pos"] or m["posof"])
    if det == "the":
        if unit == "weekend":
            return Expression(m.start(), m.end(), "DATE", NAMED, unit="weekend", mod=mod)
        if not has_position and unit not in ("year", "week"):
            return None
        det = "this"
    if det == "the full":
        if unit != "year":
            return None
        det = "this"
    if det == "the latest":
        if unit not in ("year", "month", "week"):
            return None
        det = "last"
    if det in ("this", "current", "the current"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit=unit, offset=0, mod=mod)
    if det in ("last", "past", "previous"):
        expr = Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit=unit, offset=-1, mod=mod)
        if (
            det == "last"
            and unit == "year"
            and not mod
            and _COMPARED.search(text, max(0, m.start() - 80), m.start())
        ):
            # "a loss of $3 million last year", "up from last year's $1.55 billion": a comparison, like
            # "a year ago" (the like period a year back when a quarter is under discussion)
            expr.extra["ago"] = "1"
        return expr
    if det in ("next", "coming", "the coming"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit=unit, offset=1, mod=mod)
    if det in ("the past", "the last"):
        if unit in ("weekend", "month", "year"):
            # "over the past year": TimeBank marks the calendar year before this one (said in 1998, 1997),
            # not a duration; "the past week" and "the past decade" stay P1W and P10Y
            return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit=unit, offset=-1, mod=mod)
        u = lexicon().units[unit]
        return Expression(
            m.start(), m.end(), "DURATION", FIXED, value=duration_value(1, u.code, u.time, u.factor), mod=mod
        )
    if det in ("the next", "the coming") and unit in ("decade", "century"):
        u = lexicon().units[unit]
        return Expression(
            m.start(), m.end(), "DURATION", FIXED, value=duration_value(1, u.code, u.time, u.factor), mod=mod
        )
    if det in ("that", "the same"):
        return Expression(m.start(), m.end(), "DATE", ANAPHOR_SHIFT, unit=unit, offset=0, mod=mod)
    if det in ("the next", "the following"):
        return Expression(m.start(), m.end(), "DATE", ANAPHOR_SHIFT, unit=unit, offset=1, mod=mod)
    if det in ("the previous", "the preceding", "the prior"):
        return Expression(m.start(), m.end(), "DATE", ANAPHOR_SHIFT, unit=unit, offset=-1, mod=mod)
    return None


def build_day_before_after(m: re.Match[str], text: str) -> Expression | None:
    offset = -1 if m["rel"].lower() == "before" else 1
    return Expression(m.start(), m.end(), "DATE", ANAPHOR_SHIFT, unit="day", offset=offset)


def build_year_end(m: re.Match[str], text: str) -> Expression | None:
    if m.group(0).lower().startswith(("the", "around")) or "'" in m.group(0) or "\u2019" in m.group(0):
        return Expression(
            m.start(), m.end(), "DATE", DCT_SHIFT, unit="year", offset=0, mod=position_mod(m) or "END"
        )
    # "by year-end", "since year-end": the last day of the year, which one by the tense
    return Expression(m.start(), m.end(), "DATE", NAMED, named=Named(month=12, day=31))


def build_holiday(m: re.Match[str], text: str) -> Expression | None:
    if not capitalized(m["hol"]):
        return None
    if re.match(r"[ \t]+[A-Z]", text[m.end() : m.end() + 3]) and not m["year"]:
        return None  # "Good Friday Agreement"
    name = norm(m["hol"])
    if name not in lexicon().holidays:
        return None
    if m["year"]:
        expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(holiday=name), year=int(m["year"]))
        return expr
    direction, strict = direction_of(m["dir"])
    expr = Expression(
        m.start(), m.end(), "DATE", NAMED, named=Named(holiday=name), direction=direction, strict=strict
    )
    if m["hweek"]:
        expr.extra["as_week"] = "1"  # "Easter week": the week that holds the day
    return expr
