"""Finding time expressions: every rule everywhere, then the longest non-overlapping ones, then a time of
day joined to the date next to it ("9 a.m. EST Tuesday", "Friday morning")."""

from __future__ import annotations

import re

from .expressions import ANAPHOR_SHIFT, DCT_SHIFT, FIXED, NAMED, Expression
from .grammar import rules

_JOINER = re.compile(r"^(?:\s+|\s+(?:on|at)\s+|\s*\([^()\n]{1,24}\)\s*)$")
_CLOCK_FIRST_JOINER = re.compile(r"^,\s*$")
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")


def find_candidates(text: str) -> list[Expression]:
    found: list[tuple[int, Expression]] = []
    for index, rule in enumerate(rules()):
        for m in rule.pattern.finditer(text):
            if m.end() <= m.start():
                continue
            try:
                expr = rule.build(m, text)
            except Exception:  # one odd match never costs the other expressions of the text
                expr = None
            if expr is None or expr.end <= expr.start:
                continue
            expr.rule = rule.name
            found.append((index, expr))
    chosen = _longest_first(found)
    return _join_time_of_day(chosen, text)


def _longest_first(found: list[tuple[int, Expression]]) -> list[Expression]:
    found.sort(key=lambda item: (-(item[1].end - item[1].start), item[0], item[1].start))
    taken: list[Expression] = []
    for _, expr in found:
        if all(expr.end <= t.start or expr.start >= t.end for t in taken):
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
