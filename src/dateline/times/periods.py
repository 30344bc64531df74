"""Builders for quarters, halves, seasons, years, decades and centuries."""

from __future__ import annotations

import re

from .expressions import (
    DCT_SHIFT,
    FIXED,
    NAMED,
    PERIOD_REFERENCE,
    Expression,
    Named,
)
from .lexicon import lexicon
from .numbers import parse_count
from .words import (
    capitalized,
    direction_of,
    group,
    norm,
    position_mod,
    previous_word,
    season_group,
    sentence_initial,
    text_before,
    year_number,
)


def ordinal_number(word: str) -> int | None:
    """ "third" or "3rd" -> 3."""
    digits = re.match(r"(\d+)(?:st|nd|rd|th)$", word)
    return int(digits.group(1)) if digits else lexicon().ordinals.get(word)


def year_phrase(s: str | None) -> tuple[int | None, int | None]:
    """(explicit year, or offset from the document year) for "1998", "this year", "last year"."""
    if not s:
        return None, None
    w = norm(s)
    if re.fullmatch(r"\d{4}", w):
        return int(w), None
    if re.fullmatch(r"fy\s?\d{2,4}", w):
        return year_number(w[2:].strip()), None
    return None, {"this year": 0, "last year": -1, "next year": 1, "the year": 0, "year": 0}.get(w)


def build_quarter(m: re.Match[str], text: str) -> Expression | None:
    ordinal = norm(group(m, "ord") or "").replace("-", " ")
    year, year_offset = year_phrase(group(m, "yq") or group(m, "yq2") or group(m, "yq3"))
    q = ordinal_number(ordinal) or (int(m["qn"]) if group(m, "qn") else None)
    if q is not None and not 1 <= q <= 4:
        return None
    mod = position_mod(m)
    if q is not None:
        if year is not None:
            return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-Q{q}", mod=mod)
        expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(quarter=q), mod=mod)
        if year_offset is not None:
            expr.extra["year_offset"] = str(year_offset)
        if group(m, "yago"):
            expr.extra["year_shift"] = "-1"
        return expr
    if ordinal in ("this", "current", "the current"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="quarter", offset=0, mod=mod)
    if ordinal in ("next", "coming"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="quarter", offset=1, mod=mod)
    if ordinal in ("last", "previous", "past", "prior", "latest", "most recent"):
        return Expression(m.start(), m.end(), "DATE", DCT_SHIFT, unit="quarter", offset=-1, mod=mod)
    # "the year-ago quarter", "the quarter a year ago": the quarter under discussion, a year back
    shift = -4 if ordinal in ("year ago", "year earlier") or group(m, "qago") else 0
    return Expression(m.start(), m.end(), "DATE", PERIOD_REFERENCE, unit="quarter", offset=shift, mod=mod)


def build_year_period(m: re.Match[str], text: str) -> Expression | None:
    expr = Expression(m.start(), m.end(), "DATE", PERIOD_REFERENCE, unit="quarter", offset=0)
    expr.year = int(m["year"])  # "the 1988 quarter": the quarter under discussion, in 1988
    return expr


def build_period(m: re.Match[str], text: str) -> Expression | None:
    words = norm(m.group(0)).replace("-", " ")
    if "year ago" in words or "year earlier" in words:
        return Expression(m.start(), m.end(), "DATE", PERIOD_REFERENCE, unit="quarter", offset=-4)
    if group(m, "ord") in (None, ""):
        return None
    return Expression(m.start(), m.end(), "DATE", PERIOD_REFERENCE, unit="quarter", offset=0)


def build_half(m: re.Match[str], text: str) -> Expression | None:
    ordinal = norm(m["ord"])
    half = 1 if ordinal in ("first", "1st", "1") else 2
    year, year_offset = year_phrase(m["yh"])
    if group(m, "twoq") and year is None:
        return None  # "the first two quarters" is a duration; "the first two quarters of 1990" is 1990-H1
    if year is not None:
        return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{year:04d}-H{half}")
    if not m["yh"] and not group(m, "the") and group(m, "hn") is None:
        return None
    if not m["yh"] and re.match(r"\s+of\b", text[m.end() : m.end() + 4]):
        return None  # "the second half of the match"
    expr = Expression(m.start(), m.end(), "DATE", NAMED, named=Named(half=half))
    if year_offset is not None:
        expr.extra["year_offset"] = str(year_offset)
    return expr


def build_season(m: re.Match[str], text: str) -> Expression | None:
    word = norm(group(m, "season") or group(m, "unit") or "")
    season = lexicon().seasons.get(word)
    if season is None:
        return None
    direction, strict = direction_of(group(m, "dir") or group(m, "det"))
    year = group(m, "year")
    mod = position_mod(m)
    spoken = spoken_year(group(m, "spoken") or "") if group(m, "spoken") else None
    if year or spoken:  # "the summer of 2019", "the winter of nineteen ninety-four"
        number = year_number(year) if year else spoken
        return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{number:04d}-{season}", mod=mod)
    det = norm(group(m, "dir") or group(m, "det") or "")
    season_word = group(m, "season") or group(m, "unit") or ""
    if season_word[:1].isupper() and not sentence_initial(text, m.start(season_group(m))):
        return None  # seasons are lowercase in English: "Summer Hill" is a place
    if not det and not mod:
        if word in ("fall", "autumn", "spring") and not capitalized(m.group(0)):
            prev = previous_word(text, m.start())
            if prev not in {"in", "during", "since", "by", "until", "through", "this", "last", "next"}:
                return None
        elif previous_word(text, m.start()) not in {
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


def spoken_year(s: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand one" -> 2001."""
    w = norm(s).replace("-", " ")
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
    words = norm(m.group(0))
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
    pre = group(m, "pre")
    mod = position_mod(m)
    end = m.end()
    if pre:
        mod = "AFTER" if pre.lower() == "post" else "BEFORE"
    if m["y2"] and not fiscal:
        # "1990-95", "the 2022-23 season": a range of years, each end its own TIMEX3 (ranges.py adds the
        # second); "2021-12" and other second parts that do not follow the first are not years
        y2 = m["y2"]
        following = int(y2) > year if len(y2) == 4 else (int(y2) > year % 100 or int(y2) == (year + 1) % 100)
        if (
            mod
            or m["approx"]
            or not following
            or not 1000 <= year <= 2099
            or (len(y2) == 4 and int(y2) > 2099)
        ):
            return None
        expr = Expression(m.start(), m.end("year"), "DATE", FIXED, value=f"{year:04d}")
        expr.extra["year_to"], expr.extra["year_to_at"] = y2, str(m.start("y2"))
        return expr
    if not (fiscal or mod or m["approx"]):
        if not 1000 <= year <= 2099:
            return None
        before = text_before(text, m.start(), 12)
        if re.search(r"(?:no\.|number|room|page|flight|route|highway|#|\$)\s*$", before):
            return None
        if _NOT_A_YEAR_AFTER.match(text[end : end + 20]):
            return None
        if re.match(r"\s*(?:,\d|\.\d)", text[end : end + 3]):
            return None
    return Expression(m.start(), end, "DATE", FIXED, value=f"{year:04d}", mod=mod)


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
        tens = lexicon().cardinals.get(norm(m["word"])[:-3] + "y")  # "eighties" -> "eighty" -> 80
        if tens is None:
            return None
        value = f"19{int(tens) // 10}"
    return Expression(m.start(), m.end(), "DATE", FIXED, value=value, mod=position_mod(m))


def build_century(m: re.Match[str], text: str) -> Expression | None:
    ordinal = norm(m["ord"])
    n = lexicon().ordinals.get(ordinal)
    if n is None:
        digits = re.match(r"\d+", ordinal)
        n = int(digits.group(0)) if digits else None
    if not n or n > 30:
        return None
    return Expression(m.start(), m.end(), "DATE", FIXED, value=f"{n - 1:02d}", mod=position_mod(m))
