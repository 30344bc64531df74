"""Times: TIMEX3 dates, times, durations and sets found in a text and resolved against its date.

`find_times` is the pure function at the heart of the `times` stage (see docs/times.md).
"""

from __future__ import annotations

import bisect
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..model import Sentence, Time
from .candidates import find_candidates
from .expressions import NAMED, PERIOD_REFERENCE, Expression
from .ranges import END, START, settle_range
from .resolve import Context, remember, resolve_expression
from .tense import PAST, tense_from_doc, tense_from_words

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_times"]


def _needs_tense(expr: Expression) -> bool:
    return expr.kind == NAMED


def find_times(
    text: str,
    sentences: list[Sentence],
    anchor: datetime | None,
    doc: Doc | None = None,
) -> list[Time]:
    """Every time expression in `text`, with its TIMEX3 type and value resolved against `anchor`.

    `sentences` are spans over `text`; `doc`, when given, is the spaCy parse of exactly `text` and lets
    the tense of the governing verb decide which way a bare "Tuesday" or "June" points. An exception is
    a bug: it is not caught here (the pipeline records the article as a ReadFailure with its reason).
    """
    if not text:
        return []
    dct: date | None = anchor.date() if anchor is not None else None
    starts = [s.start for s in sentences]
    ctx = Context(dct=dct)
    out: list[Time] = []
    previous: tuple[Expression, Time] | None = None
    for expr in find_candidates(text):
        index = max(0, bisect.bisect_right(starts, expr.start) - 1) if starts else 0
        sentence_start = sentences[index].start if sentences else 0
        if (
            expr.kind == NAMED
            and expr.direction is None
            and _SINCE.search(text, max(0, expr.start - 8), expr.start)
        ):
            expr.direction = PAST  # "since March", "since year-end": a time before now, whatever the tense
            expr.extra["since"] = "1"
        tense = _tense(expr, text, sentence_start, doc) if _needs_tense(expr) else None
        try:
            time = resolve_expression(expr, ctx, tense, index)
        except (ValueError, OverflowError):  # calendar arithmetic past year 1 or 9999: "29 centuries earlier"
            time = None
        if time is None:
            previous = None
            continue
        time.text = text[time.start : time.end]
        if (
            expr.extra.get("range") == END
            and previous is not None
            and previous[0].extra.get("range") == START
        ):
            settle_range(previous, (expr, time), tense)  # the ends of "March 3-5", "from Monday to Wednesday"
        previous = (expr, time)
        comparison = bool(expr.extra.get("ago")) or (
            expr.kind == PERIOD_REFERENCE and (expr.offset != 0 or expr.year is not None)
        )
        remember(ctx, time, index, comparison)
        out.append(time)
    return out


_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)


def _tense(expr: Expression, text: str, sentence_start: int, doc: Doc | None) -> int | None:
    if doc is not None:
        return tense_from_doc(doc, expr.start, expr.end)
    return tense_from_words(text, sentence_start, expr.start, expr.end)
