"""Regex pieces for time expressions, built once from the lexicon (no named groups: rules add those)."""

from __future__ import annotations

import re
from functools import cache

from .lexicon import lexicon
from .numbers import count_pattern


def _alt(words: object, abbreviation_dot: bool = False) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    parts = []
    for w in items:
        p = re.escape(w).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
        if abbreviation_dot and len(w) <= 4:
            p += r"\.?"
        parts.append(p)
    return "(?:" + "|".join(parts) + ")"


class Fragments:
    """The shared regex vocabulary. Word-final checks are done by lookaheads in the rules."""

    def __init__(self) -> None:
        lex = lexicon()
        full_months = [w for w in lex.months if len(w) > 4 or w in ("may", "june", "july")]
        abbreviations = [w for w in lex.months if w not in full_months]
        self.MONTH = "(?:" + _alt(full_months) + "|" + _alt(abbreviations, abbreviation_dot=True) + ")"
        self.MONTH_FULL = _alt(full_months)
        self.WEEKDAY = _alt(w for w in lex.weekdays if len(w) > 5)
        self.WEEKDAY_ANY = _alt(lex.weekdays, abbreviation_dot=True)
        self.SEASON = _alt(lex.seasons)
        self.PART = r"(?:morning|afternoon|evening|night|overnight)"
        self.HOLIDAY = _alt(lex.holidays)
        self.COUNT = count_pattern()
        self.UNIT = r"(?:second|minute|hour|day|night|week(?:end)?|fortnight|month|quarter|year|decade|centur(?:y|ie)|millenni(?:um|a))"
        self.UNITS = self.UNIT + r"s?"
        self.ORDINAL = _alt(lex.ordinals) + r"|\d{1,2}(?:st|nd|rd|th)"
        self.DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
        self.YEAR = r"(?:1[6-9]\d\d|20\d\d)"
        self.SHORT_YEAR = r"(?:['\u2019]\d\d)"
        self.ZONE = _alt(z for z in lex.zones if len(z) > 1) if lex.zones else r"(?!x)x"
        self.APPROX = _alt(lex.approximation)
        self.POSITION = r"(?:early|mid|late|earlier|later)"
        self.POSITION_OF = r"(?:the\s+)?(?:very\s+)?(?:beginning|start|middle|end|close|turn|dawn)\s+of\s+"
        self.REFERENCE = _alt(lex.references)
        self.SET_ADVERB = _alt(lex.sets)
        self.END = r"(?![\w\u2019'-]\w)"  # no letter or digit continues the word


@cache
def fragments() -> Fragments:
    return Fragments()


def compile_rule(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w$£€/.-])" + pattern + r"(?![\w/])", re.IGNORECASE | re.VERBOSE)
