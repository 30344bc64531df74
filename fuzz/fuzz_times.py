"""Fuzz the time tagger: any text (UTF-8, after 6 bytes that choose the anchor), any (or no) anchor.
Nothing may raise; every time lies inside the text and quotes it, with a TIMEX3 type and a value. See
fuzz/harness.py for how to run it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import atheris

with atheris.instrument_imports(include=["dateline"]):
    from dateline.model import Sentence
    from dateline.times import find_times

from harness import check_span, fuzz

TYPES = {"DATE", "TIME", "DURATION", "SET"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
CENTURIES = 200 * 365 * 86400  # seconds


def sentences(text: str) -> list[Sentence]:
    """Sentence spans over the whole text, cut after . ! or ? and a space."""
    starts = [0, *(m.end() for m in SENTENCE_END.finditer(text))]
    ends = [*(m.start() for m in SENTENCE_END.finditer(text)), len(text)]
    return [Sentence(start, end) for start, end in zip(starts, ends, strict=True) if end > start]


def anchor_of(head: bytes) -> datetime | None:
    """The anchor the first 6 bytes give: none when the first is even, else a time between 1900 and
    2100 in a zone between UTC-12 and UTC+14."""
    if len(head) < 6 or not head[0] & 1:
        return None
    zone = timezone(timedelta(minutes=15 * (head[5] % 105 - 48)))
    return (EARLIEST + timedelta(seconds=int.from_bytes(head[1:5]) % CENTURIES)).astimezone(zone)


def one_input(data: bytes) -> None:
    anchor, text = anchor_of(data[:6]), data[6:].decode("utf-8", errors="replace")
    for time in find_times(text, sentences(text), anchor):
        check_span(text, time, f"time {time.type} {time.value}")
        assert time.type in TYPES, time
        assert isinstance(time.value, str) and time.value, time


if __name__ == "__main__":
    fuzz("times", one_input)
