"""Counts of time units, in digits or words: "3", "2.5", "5 1/2", "twenty-four", "a few" (vague)."""

from __future__ import annotations

import re

from .lexicon import lexicon

_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_pattern() -> str:
    """A regex (no groups) for a count of units in digits or words, vague counts included."""
    lex = lexicon()
    words = sorted(set(lex.cardinals) | set(lex.vague), key=len, reverse=True)
    word_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    compound = rf"(?:{'|'.join(_TENS)})[-\s](?:{'|'.join(_UNITS)})"
    digits = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\s+(?:1/2|1/4|3/4|and\s+a\s+half))?"
    return rf"(?:{digits}|{compound}(?:\s+hundred)?|(?:{word_alt})(?:\s+hundred)?(?:\s+and\s+a\s+half)?)"


def parse_count(text: str) -> float | None:
    """The number a count stands for; None when it is vague ("several", "a few")."""
    lex = lexicon()
    t = re.sub(r"\s+", " ", text.strip().lower())
    half = 0.0
    for tail, add in ((" and a half", 0.5), (" 1/2", 0.5), (" 1/4", 0.25), (" 3/4", 0.75)):
        if t.endswith(tail):
            t, half = t[: -len(tail)], add
    if t in lex.vague:
        return None
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", "")) + half
    scale = 1.0
    if t.endswith(" hundred"):
        t, scale = t[: -len(" hundred")], 100.0
    if t in lex.cardinals:
        return lex.cardinals[t] * scale + half
    m = re.fullmatch(r"([a-z]+)[- ]([a-z]+)", t)
    if m and m.group(1) in lex.cardinals and m.group(2) in lex.cardinals:
        return (lex.cardinals[m.group(1)] + lex.cardinals[m.group(2)]) * scale + half
    return None


def duration_value(count: float | None, code: str, time: bool, factor: int = 1) -> str:
    """A TIMEX3 duration: P3Y, PT48H, PXY for a vague count, P2Y6M for "2 1/2 years"."""
    prefix = "PT" if time else "P"
    if count is None:
        return f"{prefix}X{code}"
    n = count * factor
    if n == int(n):
        return f"{prefix}{int(n)}{code}"
    whole = int(n)
    # A fraction goes down one unit: 2.5 years is P2Y6M, 1.5 hours PT1H30M, 1.5 days P1DT12H.
    lower = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False), "D": ("H", 24, True)}
    lower_time = {"H": ("M", 60), "M": ("S", 60)}
    if time and code in lower_time:
        sub, per = lower_time[code]
        return f"PT{whole}{code}{round((n - whole) * per)}{sub}" if whole else f"PT{round(n * per)}{sub}"
    if code in lower:
        sub, per, sub_time = lower[code]
        rest = round((n - whole) * per)
        head = f"P{whole}{code}" if whole else "P"
        return f"{head}T{rest}{sub}" if sub_time else f"{head}{rest}{sub}"
    return f"{prefix}{n:g}{code}"
