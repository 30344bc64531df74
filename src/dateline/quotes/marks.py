"""Pairing quote marks into quoted spans, across sentences and paragraphs.

News style: a quote that runs on into the next paragraph leaves the paragraph unclosed and opens the next
one with a quote mark again. Straight marks (") are told apart by what stands beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "\u201c\u201e\u00ab"  # “ „ «
CLOSERS = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*[\"\u201c\u201e\u00ab])")
BEFORE_OPENER = set("([{\u2014\u2013-/\u2018'")
AFTER_CLOSER = set(".,;:!?)]}\u2014\u2013-\u2019'")


@dataclass(frozen=True)
class Quoted:
    """The text between a pair of quote marks: `start`/`end` bound the words (marks, spaces and a
    trailing comma left out); `open`/`close` are the marks (`close` None when the paragraph never closed)."""

    start: int
    end: int
    open: int
    close: int | None


def _kind(text: str, i: int) -> str:
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if (prev.isspace() or prev in BEFORE_OPENER) and not nxt.isspace():
        return "open"
    if nxt.isspace() or nxt in AFTER_CLOSER or not prev.isspace():
        return "close"
    return "either"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted span in `text`, in order."""
    marks = [
        (i, _kind(text, i)) for i, ch in enumerate(text) if ch in OPENERS or ch in CLOSERS or ch == STRAIGHT
    ]
    breaks = [(m.start(), m.end()) for m in PARAGRAPH_BREAK.finditer(text)]
    out: list[Quoted] = []
    open_at: int | None = None
    segment = 0  # the opening mark of the current paragraph of an open quote

    def emit(close: int | None, end: int) -> None:
        assert open_at is not None
        s, e = _trim(text, open_at + 1, end)
        if e > s:
            out.append(Quoted(s, e, open_at, close))

    def break_between(a: int, b: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in breaks if a < s and e <= b), None)

    for i, kind in marks:
        if open_at is not None:
            brk = break_between(segment, i)
            if brk is not None:
                if kind in ("open", "either") and not text[brk[1] : i].strip():
                    segment = i  # the quote runs on into this paragraph
                    continue
                emit(None, brk[0])  # never closed: it ends with its paragraph
                open_at = None
        if open_at is None:
            if kind in ("open", "either"):
                open_at = segment = i
        elif kind in ("close", "either") or text[i] == STRAIGHT:
            emit(i, i)
            open_at = None
        else:
            open_at = segment = i  # a second opener: the first one was stray
    if open_at is not None:
        brk = break_between(segment, len(text))
        emit(None, brk[0] if brk else len(text))
    return out
