"""Builders for durations, "ago" expressions, clock times, references and sets."""

from __future__ import annotations

import re

from .expressions import (
    ANAPHOR_SHIFT,
    DCT_SHIFT,
    FIXED,
    REFERENCE,
    Expression,
)
from .lexicon import lexicon
from .numbers import duration_value, parse_count
from .words import (
    capitalized,
    is_title_word,
    month_number,
    norm,
    part_suffix,
    position_mod,
    previous_word,
    sentence_initial,
    text_before,
    unit_name,
    verb_last,
    weekday_number,
)


def build_ago(m: re.Match[str], text: str) -> Expression | None:
    unit = unit_name(m["unit"])
    if unit not in lexicon().units:
        return None
    count = parse_count(m["count"])
    rel = norm(m["rel"])
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
_FREQUENCY_BEFORE = re.compile(r"\b(?:times?|twice|thrice|once|per)\W*$")
# "$1.76 a year", "20% a year", "358,000 a month": a rate of an amount, not a time (TimeBank leaves
# these unannotated); "twice a week" is a frequency, a SET.
_AMOUNT_BEFORE = re.compile(
    r"(?:\d|%|\bpercent|\bmillion|\bbillion|\btrillion|\bdollars?|\bcents?|\bpence)\W*$"
)


_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|may|might|can|shall|should|must)\s+$")
_AGE_AFTER = re.compile(r"[ \t-]+old\b")


def build_duration(m: re.Match[str], text: str) -> Expression | None:
    unit = unit_name(m["unit"])
    if unit not in lexicon().units:
        return None
    if is_title_word(text, m.start("unit"), m["unit"]) or _AGE_AFTER.match(text, m.end()):
        return None  # "60 Minutes"; "52 years old" is an age
    count_text = m["count"]
    after = text[m.end() : m.end() + 4]
    if norm(count_text) in ("a", "an", "one") and not m["det"] and not m["the"]:
        if unit == "second" and re.match(r"\s+[a-z]", after):
            return None  # "a second betrayal": an ordinal
        if unit == "quarter" and re.match(r"\s+of\b", after):
            return None  # "more than a quarter of the votes": a fraction
    count = parse_count(count_text)
    det = norm(m["det"] or "")
    bare_article = norm(count_text) in ("a", "an") and not det and not m["approx"] and not m["the"]
    if bare_article and _AMOUNT_BEFORE.search(text_before(text, m.start())):
        return None
    if bare_article and _FREQUENCY_BEFORE.search(text_before(text, m.start())):
        u = lexicon().units[unit]
        start = m.start()
        times = _TIMES_BEFORE.search(text[max(0, start - 30) : start])
        if times:  # "twice a week", "three times a year": the frequency belongs to the set
            start -= len(times.group(0))
        return Expression(start, m.end(), "SET", FIXED, value=duration_value(1, u.code, u.time, u.factor))
    start = m.start()
    mod = position_mod(m)
    if verb_last(text, m):
        start = m.start("count")  # "expected to last two days": the verb is not part of the time
    if m["approx"] and (m["the"] or count is None):
        # "over the past three years", "within a few days": the word is a preposition here
        start, mod = (m.start("the") if m["the"] else m.start("count")), None
    if count is not None and m["andhalf"]:
        count += 0.5  # "a minute and a half", "two years and a half"
    if (
        count == 1
        and norm(count_text) == "one"
        and unit == "day"
        and _MODAL_BEFORE.search(text_before(text, start))
    ):
        # "Islam will one day be the second largest religion": some day, not a duration
        return Expression(start, m.end(), "DATE", REFERENCE, value="FUTURE_REF")
    u = lexicon().units[unit]
    code = "D" if unit == "weekend" else u.code
    value = duration_value(count, code, u.time, u.factor)
    return Expression(start, m.end(), "DURATION", FIXED, value=value, mod=mod)


def build_adjectival_duration(m: _Regroup, text: str) -> Expression | None:
    unit = unit_name(m["unit"] or "")
    if unit not in lexicon().units:
        return None
    if m.group_text().lower().endswith("-old"):
        return None  # an age ("a 6-year-old"), not a time
    count = parse_count(m["count"]) if m["count"] else 1.0
    if m["count"] and count is None and norm(m["count"]) not in lexicon().vague:
        return None
    u = lexicon().units[unit]
    # "a several-year tenure" is PXY; "decades-long" is PXY too (a plural unit is a vague count)
    if not m["count"] and (m["unit"] or "").lower().endswith("s"):
        count = None
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
    det = norm(m["det"] or "")
    if (
        det == "the"
        and not m["ahead"]
        and previous_word(text, m.start()) not in ("over", "through", "during")
    ):
        return None  # "over the years" is a time; "the years of war" is not
    if m["ahead"] and not det.startswith("the"):
        return None
    if not det and previous_word(text, m.start()) not in _BARE_UNIT_CONTEXT:
        return None
    if det in ("recent", "past") and unit == "year":
        return Expression(m.start(), m.end(), "DATE", REFERENCE, value="PAST_REF")  # "in recent years"
    u = lexicon().units[unit]
    return Expression(
        m.start(), m.end(), "DURATION", FIXED, value=duration_value(None, u.code, u.time, u.factor)
    )


def build_clock(m: re.Match[str], text: str) -> Expression | None:
    minute = 0
    if m["word"]:
        if m["word"][:1].isupper() and not sentence_initial(text, m.start("word")):
            return None  # "High Noon"
        if previous_word(text, m.start()) == "high":
            return None  # "high noon comes today": the idiom, a moment of reckoning
        hhmm = lexicon().clock_words[norm(m["word"])]
        hour, minute = int(hhmm[:2]), int(hhmm[3:])
    elif m["h"]:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
        pm = m["ampm"].lower().startswith("p")
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if pm else 0)
    elif m["h2"]:
        hour, minute = int(m["h2"]), int(m["mi2"])
        dotted = "." in m.group(0)
        if (
            not m["zone"]
            and not m["hrs"]
            and (dotted or not re.search(r"\bat\s*$", text_before(text, m.start(), 5)))
        ):
            return None
        if re.match(r"\s*(?:%|percent|billion|million|thousand|points?)", text[m.end() : m.end() + 12]):
            return None
    elif m["h4"]:
        hour, minute = int(m["h4"]), int(m["mi4"])
    elif m["h3"]:
        count = parse_count(m["h3"])
        if count is None:
            return None
        hour = int(count)
        part = norm(m["part3"] or "")
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
    word = norm(m.group(0))
    value = lexicon().references.get(word)
    if value is None:
        return None
    return Expression(m.start(), m.end(), "DATE", REFERENCE, value=value)


_ADVERB_POSITION = re.compile(r"\s*(?:[^\w\s]|$|(?:in|on|at|and|or|by|from|to|since|until|for|as|but)\b)")


def build_set_adverb(m: re.Match[str], text: str) -> Expression | None:
    word = norm(m.group(0))
    if word == "quarterly" and not _ADVERB_POSITION.match(text, m.end()):
        return None  # "quarterly earnings": an adjective of a report, not when something recurs
    if _AMOUNT_BEFORE.search(text_before(text, m.start())):
        return None  # "to rise 8.5% annually": the rate of an amount, like "$2 million a year"
    value = lexicon().sets.get(word)
    return Expression(m.start(), m.end(), "SET", FIXED, value=value) if value else None


def build_every(m: re.Match[str], text: str) -> Expression | None:
    if m["wd"] or m["wds"]:
        wd = weekday_number(m["wd"] or m["wds"])
        if wd is None or not capitalized(m["wd"] or m["wds"]):
            return None
        part = m["wdpart"] or (m["wdspart"] or "").rstrip("s")
        return Expression(m.start(), m.end(), "SET", FIXED, value=f"XXXX-WXX-{wd}{part_suffix(part)}")
    if m["month"]:
        month = month_number(m["month"])
        if month is None or not capitalized(m["month"]):
            return None
        return Expression(m.start(), m.end(), "SET", FIXED, value=f"XXXX-{month:02d}")
    if m["part"]:
        return Expression(m.start(), m.end(), "SET", FIXED, value="XXXX-XX-XX" + part_suffix(m["part"]))
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
