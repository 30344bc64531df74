"""Finding time expressions: every rule everywhere, then the longest non-overlapping ones, then a time of
day joined to the date next to it ("9 a.m. EST Tuesday", "Friday morning"), then the ends of ranges
("March 3-5", "9 to 11 a.m.": ranges.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .expressions import ANAPHOR_SHIFT, DCT_SHIFT, FIXED, NAMED, Expression
from .grammar import Rule, rules
from .ranges import read_ranges

_JOINER = re.compile(r"^(?:\s+|\s+(?:on|at)\s+|\s*\([^()\n]{1,24}\)\s*)$")
_CLOCK_FIRST_JOINER = re.compile(r"^,\s*$")
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")


# How far a match may reach before and after the trigger word it contains.
_BEFORE_TRIGGER, _AFTER_TRIGGER = 90, 60


def _windows(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """Stretches of text around the trigger's hits, merged; a rule with a trigger only runs there."""
    out: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        start, end = max(0, m.start() - _BEFORE_TRIGGER), min(len(text), m.start() + _AFTER_TRIGGER)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _matches(rule: Rule, text: str, windows: dict[str, list[tuple[int, int]]]) -> Iterator[re.Match[str]]:
    if rule.trigger is None:
        yield from rule.pattern.finditer(text)
        return
    key = rule.trigger.pattern
    if key not in windows:
        windows[key] = _windows(text, rule.trigger)
    last_end = -1
    for start, end in windows[key]:
        for m in rule.pattern.finditer(text, start, end):
            if m.start() >= last_end:
                last_end = m.end()
                yield m


def find_candidates(text: str) -> list[Expression]:
    found: list[tuple[int, Expression]] = []
    windows: dict[str, list[tuple[int, int]]] = {}
    for index, rule in enumerate(rules()):
        for m in _matches(rule, text, windows):
            if m.end() <= m.start():
                continue
            expr = rule.build(m, text)
            if expr is None or expr.end <= expr.start:
                continue
            expr.rule = rule.name
            found.append((index, expr))
    chosen = _longest_first(found, len(text))
    return read_ranges(_join_time_of_day(chosen, text), text)


def _longest_first(found: list[tuple[int, Expression]], length: int) -> list[Expression]:
    found.sort(key=lambda item: (-(item[1].end - item[1].start), item[0], item[1].start))
    covered = bytearray(length)
    taken: list[Expression] = []
    for _, expr in found:
        if not any(covered[expr.start : expr.end]):
            covered[expr.start : expr.end] = b"\x01" * (expr.end - expr.start)
            taken.append(expr)
    taken.sort(key=lambda e: e.start)
    return taken


def _is_day(expr: Expression) -> bool:
    if expr.suffix or expr.extra.get("time_of_day"):
        return False
    if expr.kind == NAMED and expr.named is not None:
        n = expr.named
        return n.weekday is not None or (n.month is not None and n.day is not None) or n.holiday is not None
    if expr.kind in (DCT_SHIFT, ANAPHOR_SHIFT):
        return expr.unit == "day"
    return expr.kind == FIXED and expr.type == "DATE" and bool(_DAY_VALUE.match(expr.value or ""))


def _join_time_of_day(exprs: list[Expression], text: str) -> list[Expression]:
    out: list[Expression] = []
    i = 0
    while i < len(exprs):
        a = exprs[i]
        if i + 1 < len(exprs):
            b = exprs[i + 1]
            gap = text[a.end : b.start]
            # "5 p.m. EST, Nov. 6": a comma joins a clock time only to the calendar date after it
            dated = b.named is not None and b.named.month is not None and b.named.day is not None
            joins = _JOINER.match(gap) or (
                a.extra.get("time_of_day") and _CLOCK_FIRST_JOINER.match(gap) and (dated or b.kind == FIXED)
            )
            if joins and "\n" not in gap:
                clock, day = (a, b) if a.extra.get("time_of_day") else (b, a)
                if clock.extra.get("time_of_day") and _is_day(day) and not (clock is b and "on" in gap):
                    merged = day.with_span(a.start, b.end)
                    merged.type = "TIME"
                    merged.mod = day.mod or clock.mod
                    if merged.kind == FIXED:
                        merged.value = f"{merged.value}{clock.suffix}"
                    else:
                        merged.suffix = clock.suffix
                    merged.extra = {k: v for k, v in day.extra.items() if k != "time_of_day"}
                    out.append(merged)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out
