"""The rules that find time expressions: each a regex (built from the lexicon) and a builder that says
what the match means as an `Expression`. Rules are tried everywhere; `candidates.py` picks among overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .expressions import (
    ANAPHOR_SHIFT,
    DCT_SHIFT,
    FIXED,
    NAMED,
    PERIOD_REFERENCE,
    REFERENCE,
    Expression,
    Named,
)
from .lexicon import lexicon
from .numbers import duration_value, parse_count
from .patterns import compile_rule, fragments

Builder = Callable[[re.Match[str], str], Expression | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Builder


# ----------------------------------------------------------------------------------------- helpers


def _g(m: re.Match[str], name: str) -> str | None:
    try:
        value = m.group(name)
    except IndexError:
        return None
    return value


def _word(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower().rstrip(".")).replace("\u2019", "'")


def month_number(s: str) -> int | None:
    return lexicon().months.get(_word(s))


def weekday_number(s: str) -> int | None:
    return lexicon().weekdays.get(_word(s))


def year_number(s: str) -> int:
    s = s.strip().lstrip("'\u2019")
    n = int(s)
    if len(s) == 2:
        return 1900 + n if n >= 30 else 2000 + n
    return n


def _capitalized(s: str) -> bool:
    return s[:1].isupper()


def _before(text: str, start: int, n: int = 30) -> str:
    return text[max(0, start - n) : start].lower()


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([\w'\u2019.]+)\W*$", text[max(0, start - 40) : start])
    return m.group(1).lower() if m else ""


_POSITION_MOD = {
    "early": "START",
    "earlier": "START",
    "beginning": "START",
    "start": "START",
    "dawn": "START",
    "mid": "MID",
    "middle": "MID",
    "late": "END",
    "later": "END",
    "end": "END",
    "close": "END",
    "turn": "END",
}


def position_mod(m: re.Match[str]) -> str | None:
    for name in ("pos", "posof"):
        found = _g(m, name)
        if found:
            for word in re.findall(r"[a-z]+", found.lower()):
                if word in _POSITION_MOD:
                    return _POSITION_MOD[word]
    approx = _g(m, "approx")
    if approx:
        return lexicon().approximation.get(_word(approx), "APPROX")
    return None


_DIRECTION_WORDS = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "next": 1,
    "coming": 1,
    "upcoming": 1,
    "following": 1,
    "this": 0,
    "current": 0,
}


def direction_of(word: str | None) -> tuple[int | None, bool]:
    """(direction, strict) for a modifier: "last" is strictly before, "this" is the one around now."""
    if not word:
        return None, False
    w = _word(word).split()[-1]
    d = _DIRECTION_WORDS.get(w)
    return d, d is not None and d != 0


def _part_suffix(part: str | None) -> str:
    if not part:
        return ""
    return "T" + lexicon().parts_of_day.get(_word(part), "DT")


# ----------------------------------------------------------------------------------------- builders


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


def _day_number(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))  # type: ignore[union-attr]


def build_month_day(m: re.Match[str], text: str) -> Expression | None:
    month = month_number(m["month"])
    if month is None or not _capitalized(m["month"]):
        return None
    day = _day_number(m["day"])
    if not 1 <= day <= 31:
        return None
    mod = position_mod(m)
    if m["year"]:
        year = year_number(m["year"])
        return Expression(
            m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-{month:02d}-{day:02d}", mod=mod
        )
    direction, strict = direction_of(_g(m, "dir"))
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
    if _word(word) not in ("may", "march"):
        return True
    if _g(m, "dir") or _g(m, "pos") or _g(m, "posof"):
        return True
    if re.match(r"\s+(?:said|says|told|will|would|has|had|is|was|and\s+[A-Z])\b", text[m.end() : m.end() + 12]):
        return False  # "May said": a person
    before = _previous_word(text, m.start())
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
    if month is None or not _capitalized(m["month"]):
        return None
    if m["rel"]:
        offset = {"this": 0, "last": -1, "next": 1}[_word(m["rel"])]
        expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(month=month), mod=position_mod(m))
        expr.extra["year_offset"] = str(offset)
        return expr
    year = year_number(m["year"]) if m["year"] else spoken_year(m["spoken"] or "")
    if year is None:
        return None
    return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-{month:02d}", mod=position_mod(m))


def build_month(m: re.Match[str], text: str) -> Expression | None:
    month = month_number(m["month"])
    if month is None or not _capitalized(m["month"]) or not _may_is_month(m, text, m["month"]):
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


_PREPOSITIONS = {"on", "by", "since", "until", "till", "from", "before", "after", "last", "next", "this", "that", "late", "early", "until", "through", "to", "and", "or", "of", "as", "at", "for", "past", "coming", "upcoming", "following", "previous", "every", "each", "in", "during", "around", "about", "mid", "until", "between", "into", "for"}
_TIME_WORDS = {"morning", "afternoon", "evening", "night", "day", "eve", "week", "weekend"}


def looks_like_name(text: str, start: int, end: int) -> bool:
    """A calendar word inside a name: "The Sunday Times", "April Ryan", "Good Friday Agreement"."""
    after = re.match(r"[ \t]+([A-Z][\w'\u2019.-]*)", text[end : end + 30])
    if not after:
        return False
    nxt = after.group(1).rstrip(".").lower()
    lex = lexicon()
    if nxt in lex.months or nxt in lex.weekdays or nxt in _TIME_WORDS or nxt.isdigit():
        return False
    return _previous_word(text, start) not in _PREPOSITIONS


def build_weekday(m: re.Match[str], text: str) -> Expression | None:
    wd = weekday_number(m["wd"])
    if wd is None or not _capitalized(m["wd"]):
        return None
    if m["part"] and not m["part"].islower():
        return None
    if not m["part"] and not m["dir"] and looks_like_name(text, m.start(), m.end()):
        return None
    direction, strict = direction_of(m["dir"])
    dir_word = _word(m["dir"] or "")
    week_shift = None
    if m["wkrel"]:
        week_shift = {"next": 1, "last": -1, "this": 0}[_word(m["wkrel"])]
    part = m["part"]
    expr = Expression(
        m.start(),
        m.end(),
        "TIME" if part else "DATE",
        NAMED,
        named=Named(weekday=wd),
        direction=direction,
        strict=strict,
        week_shift=week_shift,
        suffix=_part_suffix(part),
        mod=position_mod(m),
    )
    if dir_word in ("the following", "the previous", "the next"):  # "the following Monday": from a day before
        expr.extra["anaphoric"] = "1"
    return expr


_REL_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def build_relative_day(m: re.Match[str], text: str) -> Expression | None:
    if m["rel2"]:
        offset = -2 if "yesterday" in m["rel2"].lower() else 2
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="day", offset=offset)
    rel = _word(m["rel"])
    rel = rel[:-2] if rel.endswith("'s") else rel
    part = m["part"] or ("night" if rel == "tonight" else None)
    return Expression(
        m.start(),
        m.end(),
        "TIME" if part else "DATE",
        DCT_SHIFT,
        unit="day",
        offset=_REL_DAYS[rel],
        suffix=_part_suffix(part),
        mod=position_mod(m),
    )


def build_part_of_day(m: re.Match[str], text: str) -> Expression | None:
    det = _word(m["det"] or "")
    part = _word(m["part"])
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
        suffix=_part_suffix(part),
        mod=position_mod(m),
        extra={"time_of_day": "1"} if not det else {},
    )


_UNIT_NAMES = ("day", "week", "weekend", "month", "quarter", "year", "decade", "century")


def build_unit_relative(m: re.Match[str], text: str) -> Expression | None:
    det = _word(m["det"] or "")
    unit = _word(m["unit"])
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
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit=unit, offset=-1, mod=mod)
    if det in ("next", "coming", "the coming"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit=unit, offset=1, mod=mod)
    if det in ("the past", "the last"):
        if unit == "weekend":
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
    return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="year", offset=0, mod="END")


_UNIT_OF = {
    "night": "day",
    "nights": "day",
    "centuries": "century",
    "millennia": "millennium",
}


def unit_name(s: str) -> str:
    w = _word(s)
    if w in _UNIT_OF:
        return _UNIT_OF[w]
    if w.endswith("s") and w[:-1] in lexicon().units:
        return w[:-1]
    return w


def build_ago(m: re.Match[str], text: str) -> Expression | None:
    unit = unit_name(m["unit"])
    if unit not in lexicon().units:
        return None
    count = parse_count(m["count"])
    rel = _word(m["rel"])
    back = rel in ("ago", "earlier", "before", "back", "previously")
    mod = position_mod(m)
    if count is None:
        return Expression(m.start(), m.end(), "DATE", REFERENCE, value="PAST_REF" if back else "FUTURE_REF")
    n = int(count) if count == int(count) else None
    if n is None or unit in ("second", "minute", "hour", "millennium"):
        u = lexicon().units[unit]
        return Expression(
            m.start(),
            m.end(),
            "DURATION",
            FIXED,
            value=duration_value(count, u.code, u.time, u.factor),
            mod=mod,
        )
    kind = DCT_SHIFT if rel in ("ago", "from now", "hence", "back") else ANAPHOR_SHIFT
    if unit == "fortnight":
        unit, n = "week", 2 * n
    # "two weeks ago" is a day (2021-11-21); decades and centuries ago are years.
    granularity = {"decade": "year", "century": "year", "weekend": "day", "week": "day"}.get(unit, unit)
    if unit in ("week", "weekend"):
        n *= 7
    factor = {"decade": 10, "century": 100}.get(unit, 1)
    return Expression(
        m.start(),
        m.end(),
        "DATE",
        kind,
        unit=granularity,
        offset=(-n if back else n) * factor,
        mod=mod,
        extra={"ago": "1"},
    )


_TIMES_BEFORE = re.compile(
    r"(?:\b(?:once|twice|thrice)|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+times)\s+$",
    re.IGNORECASE,
)
_FREQUENCY_BEFORE = re.compile(
    r"(?:\b(?:times?|twice|thrice|once|per)|\d|%|\bpercent|\bmillion|\bbillion|\bdollars?|\bcents?)\W*$"
)


def build_duration(m: re.Match[str], text: str) -> Expression | None:
    unit = unit_name(m["unit"])
    if unit not in lexicon().units:
        return None
    count_text = m["count"]
    count = parse_count(count_text)
    det = _word(m["det"] or "")
    bare_article = _word(count_text) in ("a", "an") and not det and not m["approx"] and not m["the"]
    if bare_article and _FREQUENCY_BEFORE.search(_before(text, m.start())):
        u = lexicon().units[unit]
        start = m.start()
        times = _TIMES_BEFORE.search(text[max(0, start - 30) : start])
        if times:  # "twice a week", "three times a year": the frequency belongs to the set
            start -= len(times.group(0))
        return Expression(start, m.end(), "SET", FIXED, value=duration_value(1, u.code, u.time, u.factor))
    start = m.start()
    mod = position_mod(m)
    if m["approx"] and (m["the"] or count is None):
        # "over the past three years", "within a few days": the word is a preposition here
        start, mod = (m.start("the") if m["the"] else m.start("count")), None
    u = lexicon().units[unit]
    code = "D" if unit == "weekend" else u.code
    value = duration_value(count, code, u.time, u.factor)
    if unit == "quarter" and count is not None:
        value = duration_value(count * 3, "M", False)
    return Expression(start, m.end(), "DURATION", FIXED, value=value, mod=mod)


def build_adjectival_duration(m: _Regroup, text: str) -> Expression | None:
    unit = unit_name(m["unit"] or "")
    if unit not in lexicon().units:
        return None
    if m.group_text().lower().endswith("-old"):
        return None  # an age ("a 6-year-old"), not a time
    count = parse_count(m["count"]) if m["count"] else 1.0
    if m["count"] and count is None:
        return None
    u = lexicon().units[unit]
    return Expression(
        m.start(), m.end(), "DURATION", FIXED, value=duration_value(count, u.code, u.time, u.factor)
    )


_BARE_UNIT_CONTEXT = {
    "for",
    "in",
    "over",
    "within",
    "after",
    "take",
    "takes",
    "took",
    "lasted",
    "last",
    "than",
    "spent",
    "spend",
    "recent",
    "coming",
    "past",
}


def build_bare_units(m: re.Match[str], text: str) -> Expression | None:
    unit = unit_name(m["unit"])
    if unit not in lexicon().units:
        return None
    if not m["det"] and _previous_word(text, m.start()) not in _BARE_UNIT_CONTEXT:
        return None
    if _word(m["det"] or "") == "recent" and unit == "year":
        return Expression(m.start(), m.end(), "DATE", REFERENCE, value="PAST_REF")  # "in recent years"
    u = lexicon().units[unit]
    return Expression(
        m.start(), m.end(), "DURATION", FIXED, value=duration_value(None, u.code, u.time, u.factor)
    )


_QUARTER_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _year_phrase(s: str | None) -> tuple[int | None, int | None]:
    """(explicit year, or offset from the document year) for "1998", "this year", "last year"."""
    if not s:
        return None, None
    w = _word(s)
    if re.fullmatch(r"\d{4}", w):
        return int(w), None
    if re.fullmatch(r"fy\s?\d{2,4}", w):
        return year_number(w[2:].strip()), None
    return None, {"this year": 0, "last year": -1, "next year": 1, "the year": 0}.get(w)


def build_quarter(m: re.Match[str], text: str) -> Expression | None:
    ordinal = _word(_g(m, "ord") or "").replace("-", " ")
    year, year_offset = _year_phrase(_g(m, "yq") or _g(m, "yq2") or _g(m, "yq3"))
    q = _QUARTER_ORDINALS.get(ordinal) or (int(m["qn"]) if _g(m, "qn") else None)
    mod = position_mod(m)
    if q is not None:
        if year is not None:
            return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-Q{q}", mod=mod)
        expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(quarter=q), mod=mod)
        if year_offset is not None:
            expr.extra["year_offset"] = str(year_offset)
        return expr
    if ordinal in ("this", "current", "the current"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="quarter", offset=0, mod=mod)
    if ordinal in ("next", "coming"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="quarter", offset=1, mod=mod)
    if ordinal in ("last", "previous", "past", "prior", "latest", "most recent"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="quarter", offset=-1, mod=mod)
    shift = -4 if ordinal in ("year ago", "year earlier") else 0
    return Expression(m.start(), m.end(), "DATE", PERIOD_REFERENCE, unit="quarter", offset=shift, mod=mod)


def build_period(m: re.Match[str], text: str) -> Expression | None:
    words = _word(m.group(0)).replace("-", " ")
    if "year ago" in words or "year earlier" in words:
        return Expression(m.start(), m.end(), "DATE", PERIOD_REFERENCE, unit="quarter", offset=-4)
    if _g(m, "ord") in (None, ""):
        return None
    return Expression(m.start(), m.end(), "DATE", PERIOD_REFERENCE, unit="quarter", offset=0)


def build_half(m: re.Match[str], text: str) -> Expression | None:
    ordinal = _word(m["ord"])
    half = 1 if ordinal in ("first", "1st", "1") else 2
    year, year_offset = _year_phrase(m["yh"])
    if year is not None:
        return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-H{half}")
    if not m["yh"] and not _g(m, "the") and _g(m, "hn") is None:
        return None
    if not m["yh"] and re.match(r"\s+of\b", text[m.end() : m.end() + 4]):
        return None  # "the second half of the match"
    expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(half=half))
    if year_offset is not None:
        expr.extra["year_offset"] = str(year_offset)
    return expr


def build_season(m: re.Match[str], text: str) -> Expression | None:
    word = _word(_g(m, "season") or _g(m, "unit") or "")
    season = lexicon().seasons.get(word)
    if season is None:
        return None
    direction, strict = direction_of(_g(m, "dir") or _g(m, "det"))
    year = _g(m, "year")
    mod = position_mod(m)
    if year:
        return Expression(
            m.start(), m.end(), "DATE", FIXED, value=f"{year_number(year):04d}-{season}", mod=mod
        )
    det = _word(_g(m, "dir") or _g(m, "det") or "")
    season_word = _g(m, "season") or _g(m, "unit") or ""
    if season_word[:1].isupper() and not _sentence_initial(text, m.start(_g_index(m))):
        return None  # seasons are lowercase in English: "Summer Hill" is a place
    if not det and not mod:
        if word in ("fall", "autumn", "spring") and not _capitalized(m.group(0)):
            prev = _previous_word(text, m.start())
            if prev not in {"in", "during", "since", "by", "until", "through", "this", "last", "next"}:
                return None
        elif _previous_word(text, m.start()) not in {
            "in",
            "during",
            "since",
            "by",
            "until",
            "through",
            "the",
            "over",
            "this",
        }:
            return None
    if det in ("the past", "the last", "the coming", "the next"):
        return None
    if det == "the" and not year and not mod:
        direction = None
    return Expression(
        m.start(),
        m.end(),
        "DATE",
        NAMED,
        named=Named(season=season),
        direction=direction,
        strict=strict,
        mod=mod,
    )


def _g_index(m: re.Match[str]) -> str:
    return "season" if _g(m, "season") else "unit"


_SENTENCE_END = re.compile(r"(?:^|[.!?\n\u201c\"']\s*)$")


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" ")
    return not before or bool(_SENTENCE_END.search(before))


def spoken_year(s: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand one" -> 2001."""
    w = _word(s).replace("-", " ")
    if not w:
        return None
    w = re.sub(r"^the year ", "", w)
    lex = lexicon()
    m = re.fullmatch(r"two thousand(?: and)?(?: (.+))?", w)
    if m:
        rest = parse_count(m.group(1)) if m.group(1) else 0.0
        return 2000 + int(rest) if rest is not None else None
    m = re.fullmatch(r"(\w+) (.+)", w)
    if m and m.group(1) in lex.cardinals:
        century = lex.cardinals[m.group(1)]
        if not 10 <= century <= 20:
            return None
        tail = m.group(2)
        if tail == "hundred":
            return int(century * 100)
        rest = parse_count(tail)
        if rest is None or not 10 <= rest < 100:
            return None
        return int(century * 100 + rest)
    return None


def build_spoken_year(m: re.Match[str], text: str) -> Expression | None:
    words = _word(m.group(0))
    if words.startswith("two thousand") and words in ("two thousand", "two thousand and"):
        return None
    if re.match(r"\s+(?:years?|people|dollars|troops|men|of)\b", text[m.end() : m.end() + 10]):
        return None
    year = spoken_year(m.group(0))
    if year is None:
        return None
    return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}")


_NOT_A_YEAR_AFTER = re.compile(
    r"^\s*(?:%|percent|per\s*cent|people|persons|men|women|troops|soldiers|units|shares|cars|tons?|"
    r"feet|foot|meters?|metres?|miles?|km|kilometers?|dollars?|euros?|yen|points?|votes?|seats?|jobs?|"
    r"workers|employees|students|members|acres|hectares|calories|pounds?|kg|kilograms?|barrels?|homes|"
    r"houses|deaths|cases|[-\u2013]\s*(?:\d|year|member|page|mile))",
    re.IGNORECASE,
)


def build_year(m: re.Match[str], text: str) -> Expression | None:
    year = year_number(m["year"])
    fiscal = m["fiscal"]
    pre = _g(m, "pre")
    mod = position_mod(m)
    end = m.end()
    if pre:
        mod = "AFTER" if pre.lower() == "post" else "BEFORE"
    if m["y2"] and not fiscal:
        return None
    if not (fiscal or mod or m["approx"]):
        if not 1000 <= year <= 2099:
            return None
        before = _before(text, m.start(), 12)
        if re.search(r"(?:no\.|number|room|page|flight|route|highway|#|\$)\s*$", before):
            return None
        if _NOT_A_YEAR_AFTER.match(text[end : end + 20]):
            return None
        if re.match(r"\s*(?:,\d|\.\d)", text[end : end + 3]):
            return None
    return Expression(m.start(), end, "DATE", FIXED, value=f"{year:04d}", mod=mod)


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def build_decade(m: re.Match[str], text: str) -> Expression | None:
    if m["c"] and m["d"] == "0" and m["c"] != "20":
        value = m["c"]  # "the 1600s": the century
    elif m["c"]:
        value = f"{m['c']}{m['d']}"
    elif m["d2"]:
        value = f"19{m['d2']}"
    else:
        if not m.group(0).lower().startswith("the"):
            return None
        value = f"19{_DECADE_WORDS[_word(m['word'])]}"
    return Expression(m.start(), m.end(), "DATE", FIXED, value=value, mod=position_mod(m))


def build_century(m: re.Match[str], text: str) -> Expression | None:
    ordinal = _word(m["ord"])
    n = lexicon().ordinals.get(ordinal)
    if n is None:
        digits = re.match(r"\d+", ordinal)
        n = int(digits.group(0)) if digits else None
    if not n or n > 30:
        return None
    return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{n - 1:02d}", mod=position_mod(m))


def build_clock(m: re.Match[str], text: str) -> Expression | None:
    minute = 0
    if m["word"]:
        hhmm = lexicon().clock_words[_word(m["word"])]
        hour, minute = int(hhmm[:2]), int(hhmm[3:])
    elif m["h"]:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
        pm = m["ampm"].lower().startswith("p")
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if pm else 0)
    elif m["h2"]:
        hour, minute = int(m["h2"]), int(m["mi2"])
        if not m["zone"] and not m["hrs"] and not re.search(r"\bat\s*$", _before(text, m.start(), 5)):
            return None
    elif m["h4"]:
        hour, minute = int(m["h4"]), int(m["mi4"])
    elif m["h3"]:
        count = parse_count(m["h3"])
        if count is None:
            return None
        hour = int(count)
        part = _word(m["part3"] or "")
        if part in ("afternoon", "evening") and hour < 12:
            hour += 12
        if not part and not m["oclock"]:
            return None
    else:
        return None
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    end = m.end()
    if m["zone"] and not m["zone"].strip("()").isupper():
        end = m.start("zone")
        end = len(text[:end].rstrip())
    return Expression(
        m.start(),
        end,
        "TIME",
        ANAPHOR_SHIFT,  # a clock time belongs to the day last talked about (or the DCT)
        unit="day",
        offset=0,
        suffix=f"T{hour:02d}:{minute:02d}",
        mod=position_mod(m),
        extra={"time_of_day": "1"},
    )


def build_reference(m: re.Match[str], text: str) -> Expression | None:
    word = _word(m.group(0))
    value = lexicon().references.get(word)
    if value is None:
        return None
    return Expression(m.start(), m.end(), "DATE", REFERENCE, value=value)


def build_set_adverb(m: re.Match[str], text: str) -> Expression | None:
    value = lexicon().sets.get(_word(m.group(0)))
    return Expression(m.start(), m.end(), "SET", FIXED, value=value) if value else None


def build_every(m: re.Match[str], text: str) -> Expression | None:
    if m["wd"] or m["wds"]:
        wd = weekday_number(m["wd"] or m["wds"])
        if wd is None or not _capitalized(m["wd"] or m["wds"]):
            return None
        part = m["wdpart"] or (m["wdspart"] or "").rstrip("s")
        return Expression(m.start(), m.end(), "SET", FIXED, value=f"XXXX-WXX-{wd}{_part_suffix(part)}")
    if m["month"]:
        month = month_number(m["month"])
        if month is None or not _capitalized(m["month"]):
            return None
        return Expression(m.start(), m.end(), "SET", FIXED, value=f"XXXX-{month:02d}")
    if m["part"]:
        return Expression(m.start(), m.end(), "SET", FIXED, value="XXXX-XX-XX" + _part_suffix(m["part"]))
    unit = unit_name(m["unit"])
    if unit not in lexicon().units:
        return None
    count = parse_count(m["count"]) if m["count"] else 1.0
    if count is None:
        return None
    if m["other"] and m["other"].lower() == "other":
        count *= 2
    u = lexicon().units[unit]
    return Expression(m.start(), m.end(), "SET", FIXED, value=duration_value(count, u.code, u.time, u.factor))


def build_holiday(m: re.Match[str], text: str) -> Expression | None:
    if not _capitalized(m["hol"]):
        return None
    if re.match(r"[ \t]+[A-Z]", text[m.end() : m.end() + 3]) and not m["year"]:
        return None  # "Good Friday Agreement"
    name = _word(m["hol"])
    if name not in lexicon().holidays:
        return None
    if m["year"]:
        expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(holiday=name), year=int(m["year"]))
        return expr
    direction, strict = direction_of(m["dir"])
    return Expression(
        m.start(), m.end(), "DATE", NAMED, named=Named(holiday=name), direction=direction, strict=strict
    )


# ----------------------------------------------------------------------------------------- the rules


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule, compiled once. Earlier rules win ties between candidates of the same length."""
    f = fragments()
    position = rf"(?:(?P<approx>around|about|approximately|roughly)\s+)?(?:(?P<pos>early|mid|late)(?:-|\s+|(?=\d))|(?P<posof>{f.POSITION_OF}))?"
    year_or_short = rf"(?:{f.YEAR}|{f.SHORT_YEAR})"
    year_phrase = rf"(?:{f.YEAR}|this\s+year|last\s+year|next\s+year|FY\s?\d{{2,4}})"
    spoken = r"(?:nineteen|eighteen|twenty)[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)|(?:the\s+year\s+)?two\s+thousand(?:\s+and)?(?:\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?"
    days_dir = r"(?P<dir>this\s+past|this\s+coming|the\s+coming|the\s+upcoming|last|next|this|coming|upcoming|past|previous|following|the\s+following|the\s+previous|the\s+next|the\s+past)"
    table: list[tuple[str, str, Builder]] = [
        (
            "iso",
            r"(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)(?:[T\s](?P<h>\d\d):(?P<mi>\d\d)(?::\d\d)?)?",
            build_iso,
        ),
        ("numeric", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})", build_numeric),
        ("numeric", r"(?P<a>\d{1,2})([.-])(?P<b>\d{1,2})\2(?P<y>\d{4})", build_numeric),
        (
            "month_day",
            rf"{position}(?:(?P<dir>last|next|this|coming|past)\s+)?(?:(?P<wd>{f.WEEKDAY_ANY}),?\s+)?(?P<month>{f.MONTH})\s*(?P<day>{f.DAY})(?!\d|:\d)(?:(?:,\s*|\s+)(?P<year>{year_or_short})(?!\d|:\d))?",
            build_month_day,
        ),
        (
            "day_month",
            rf"{position}(?:(?P<wd>{f.WEEKDAY_ANY}),?\s+)?(?:the\s+)?(?P<day>{f.DAY})\s+(?:of\s+)?(?P<month>{f.MONTH})(?:,?\s+(?P<year>{f.YEAR}))?",
            build_month_day,
        ),
        (
            "month_year",
rf"{position}(?P<month>{f.MONTH}),?\s+(?:of\s+)?(?:(?P<year>{year_or_short})|(?P<spoken>{spoken})|(?P<rel>this|last|next)\s+year)",
            build_month_year,
        ),
        (
            "month",
            rf"{position}(?:(?P<dir>last|next|this|coming|past|previous|following)\s+)?(?P<month>{f.MONTH_FULL}|sept\.|jan\.|feb\.|aug\.|oct\.|nov\.|dec\.)",
            build_month,
        ),
        (
            "weekday",
            rf"{position}(?:(?P<earlier>earlier|later)\s+)?(?:{days_dir}\s+)?(?P<wd>{f.WEEKDAY})(?:\s+(?P<part>{f.PART}))?(?:,?\s+(?P<wkrel>next|last|this)\s+week)?",
            build_weekday,
        ),
        (
            "relative_day",
            rf"(?:(?P<pos>early|late|earlier|later)\s+)?(?:(?P<rel>today|tonight|yesterday|tomorrow)(?:\s+(?P<part>{f.PART}))?|(?P<rel2>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)))",
            build_relative_day,
        ),
        (
            "part_of_day",
            rf"(?:(?P<pos>early|late|mid)[-\s]*)?(?:(?P<det>this|last|that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding)\s+)?(?P<part>{f.PART})",
            build_part_of_day,
        ),
        (
            "unit_relative",
            rf"(?:(?P<pos>early|mid|late|earlier|later)(?:\s+in)?\s+|(?P<posof>{f.POSITION_OF}))?(?P<det>this|last|next|past|previous|coming|current|that|the\s+full|the\s+latest|the\s+same|the\s+following|the\s+previous|the\s+preceding|the\s+prior|the\s+next|the\s+past|the\s+last|the\s+coming|the\s+current|the)\s+(?:(?:fiscal|calendar)\s+)?(?P<unit>day|week|weekend|month|year|decade|century|{f.SEASON})(?!s\b)",
            build_unit_relative,
        ),
        (
            "day_before",
            r"the\s+day\s+(?P<rel>before|after)(?=\s*[,.;:)]|\s+(?:and|but)\b)",
            build_day_before_after,
        ),
        ("year_end", r"(?:(?P<approx>around)\s+)?(?:the\s+)?year(?:['\u2019]s)?[-\s]end", build_year_end),
        (
            "ago",
            rf"(?:(?P<approx>{f.APPROX})\s+)?(?P<count>{f.COUNT})\s+(?:(?:more|full|long)\s+)?(?P<unit>{f.UNITS})(?:\s+or\s+so)?\s+(?P<rel>ago|earlier|later|from\s+now|hence|back|previously|before(?=\s*[,.;:)])|after(?=\s*[,.;:)]))",
            build_ago,
        ),
        (
            "every",
rf"(?:every|each|per)\s+(?:(?P<other>other|single)\s+)?(?:(?P<count>{f.COUNT})\s+)?(?:(?P<wd>{f.WEEKDAY})(?:\s+(?P<wdpart>morning|afternoon|evening|night))?|(?P<month>{f.MONTH_FULL})|(?P<part>morning|afternoon|evening|night)|(?P<unit>{f.UNITS}))|(?P<wds>{f.WEEKDAY})s(?:\s+(?P<wdspart>mornings|afternoons|evenings|nights))?",
            build_every,
        ),
        ("set_adverb", f.SET_ADVERB, build_set_adverb),
        (
            "duration",
            rf"(?:(?P<approx>{f.APPROX})\s+)?(?:(?P<the>the)\s+)?(?:(?P<det>past|last|next|first|coming|previous|following|final|latest|remaining|recent|initial|ensuing|additional|entire|whole|full|other|same|succeeding|subsequent|preceding)\s+)?(?P<count>{f.COUNT})\s+(?:(?:more|full|additional|straight|consecutive|successive|trading|business|working|long|calendar|fiscal|short)\s+)?(?P<unit>{f.UNITS})(?:\s+or\s+so)?",
            build_duration,
        ),
        (
            "adjectival_duration",
            rf"(?:(?P<count>{f.COUNT})-)?(?P<unit>{f.UNITS})-(?:long|old)|(?P<count2>{f.COUNT})-(?P<unit2>{f.UNIT})",
            build_adjectival_regrouped,
        ),
        (
            "bare_units",
            r"(?:(?P<det>recent|the\s+coming|the\s+past|coming|past)\s+)?(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)",
            build_bare_units,
        ),
        (
            "quarter",
            rf"(?:the\s+)?(?:(?P<yq>{year_phrase})(?:['\u2019]s)?\s+)?(?:(?:fiscal|calendar)[-\s]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|previous|past|prior|year[-\s]ago|year[-\s]earlier|same|this|next|coming|most\s+recent)[-\s]+(?:(?:fiscal|calendar)[-\s]+)?quarter(?!s)(?:\s+of\s+(?:fiscal\s+|calendar\s+)?(?P<yq2>{year_phrase}|the\s+year))?(?:,?\s+(?P<yq3>{f.YEAR}))?",
            build_quarter,
        ),
        ("quarter", r"the\s+quarter(?!s|ly)", build_quarter),
        (
            "period",
            r"(?:the\s+)?(?:(?P<ord>latest|comparable|same|year[-\s]ago|year[-\s]earlier)\s+)?(?:(?P<ago>year[-\s]ago|year[-\s]earlier)\s+)?period|(?:the\s+)?(?:comparable\s+)?(?P<ord2>year[-\s]ago|year[-\s]earlier)(?=\s+(?:\w+\s+)?(?:\w+\s+)?(?:results|quarter|period|level|figures?|earnings|profits?|net|sales|loss|revenue|gain|total|month)\b)",
            build_period,
        ),
        ("quarter", rf"Q(?P<qn>[1-4])(?:\s+|-|\s+of\s+)?(?P<yq>{f.YEAR}|FY\s?\d{{2,4}})?", build_quarter),
        (
            "half",
            rf"(?P<the>the\s+)?(?P<ord>first|second|last|latter|1st|2nd)\s+half(?:\s+of\s+(?:the\s+)?(?:fiscal\s+|calendar\s+)?(?P<yh>{year_phrase}|year))?",
            build_half,
        ),
        ("half", rf"H(?P<ord>[12])(?P<hn>)(?:(?:\s+|-)?(?P<yh>{f.YEAR}))?(?!-)", build_half),
        (
            "season",
            rf"{position}(?:(?P<dir>this|last|next|past|coming|previous|the)\s+)?(?P<season>{f.SEASON})(?:\s+(?:of\s+)?(?P<year>{f.YEAR}))?",
            build_season,
        ),
        (
            "year",
rf"{position}(?:(?P<pre>post|pre)-)?(?:(?P<fiscal>fiscal(?:\s+year)?|FY|calendar(?:\s+year)?|the\s+year|model\s+year)\s*)?(?P<year>\d{{4}}|(?<=FY)\d\d|(?<=FY\s)\d\d)(?:[-/](?P<y2>\d\d|\d{{4}}))?",
            build_year,
        ),
        ("spoken_year", spoken, build_spoken_year),
        (
            "decade",
            rf"(?:(?P<approx>around|about)\s+)?(?:the\s+)?(?:(?P<pos>early|mid|late)[-\s]*|(?P<posof>{f.POSITION_OF}))?(?:(?P<c>1[5-9]|20)(?P<d>\d)0['\u2019]?s|['\u2019](?P<d2>\d)0['\u2019]?s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
            build_decade,
        ),
        (
            "century",
            rf"(?:the\s+)?(?:(?P<pos>early|mid|late)[-\s]*|(?P<posof>{f.POSITION_OF}))?(?P<ord>{f.ORDINAL})[-\s]+century",
            build_century,
        ),
        (
            "clock",
            rf"(?:(?P<approx>around|about|approximately|roughly|shortly\s+(?:after|before)|just\s+(?:after|before))\s+)?(?:(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)|(?P<h2>\d{{1,2}})[:.](?P<mi2>\d\d)(?:\s*(?P<hrs>hrs|hours|h)\b)?|(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)(?=\s+(?:{f.ZONE})\b)|(?P<word>noon|midnight|midday)|(?P<h3>\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+(?P<oclock>o['\u2019]clock))?(?:\s+in\s+the\s+(?P<part3>morning|afternoon|evening))?)(?:\s+(?P<zone>{f.ZONE}|\({f.ZONE}\)))?",
            build_clock,
        ),
        ("reference", f.REFERENCE, build_reference),
        (
            "holiday",
            rf"(?:(?P<dir>last|next|this|coming|past)\s+)?(?P<hol>{f.HOLIDAY})(?:\s+(?P<year>{f.YEAR}))?",
            build_holiday,
        ),
    ]
    return tuple(Rule(name, compile_rule(pattern), build) for name, pattern, build in table)


def build_adjectival_regrouped(m: re.Match[str], text: str) -> Expression | None:
    return build_adjectival_duration(_Regroup(m), text)


class _Regroup:
    """Lets one builder serve a rule with two alternatives that name their groups differently."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, name: str) -> str | None:
        value = self._m.group(name)
        if value is None and name in ("count", "unit"):
            value = self._m.group(name + "2")
        return value

    def group_text(self) -> str:
        return self._m.group(0)

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()
