"""Merging mentions: the same occurrence told twice in one article is one event with two mentions.

Two mentions are one event when they have the same type, the same parties (one side's set may be a part
of the other's: "Putin's visit" and "Putin is to visit India"), compatible dates (equal, or one undated)
and compatible statuses (equal, or one undecided). An undated mention joins a mention in its own
sentence first, else the earliest one in the article: the story's lead event is the one later
sentences refer back to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Sentence, Span
from .lexicon import SYMMETRIC_TYPES


@dataclass
class Mention:
    type: str
    trigger: Span
    sentence: Sentence
    sentence_index: int
    actors: list[str]
    recipients: list[str]
    mode: str | None = None
    cameo: str | None = None
    date: str | None = None  # from the text
    date_text: str | None = None
    status: str | None = None  # None: the text does not say; `fallback` then applies
    fallback: str = "occurred"
    place: str | None = None
    quantity: dict[str, Any] | None = None
    attributed_to: str | None = None
    confidence: float = 0.5
    extra: list[Span] = field(default_factory=list)  # merged mentions' triggers
    members: int = 1

    def parties(self, sides: dict[str, str] | None = None) -> frozenset[str]:
        """Who takes part; with `sides`, a country's bodies count as the country."""
        ids = self.actors + self.recipients if self.type in SYMMETRIC_TYPES else self.actors
        return frozenset(sides.get(i, i) for i in ids) if sides else frozenset(ids)


def _parties_fit(a: Mention, b: Mention, sides: dict[str, str] | None = None) -> bool:
    def side(i: str) -> str:
        return sides.get(i, i) if sides else i

    pa, pb = a.parties(sides), b.parties(sides)
    b_sides = {side(i) for i in b.actors + (b.recipients if b.type in SYMMETRIC_TYPES else [])}
    if not {side(i) for i in a.actors} & b_sides:
        return False
    if pa == pb:
        return True
    return pa <= pb or pb <= pa


def _status_fits(a: Mention, b: Mention) -> bool:
    return a.status is None or b.status is None or a.status == b.status


def _kind_fits(a: Mention, b: Mention) -> bool:
    # one word told two events (a visit and its hosting, from a dictionary's "032:033"): kept apart
    return a.type == b.type and a.mode == b.mode and a.trigger != b.trigger


def _date_fits(a: Mention, b: Mention) -> bool:
    return a.date is None or b.date is None or a.date == b.date


def _absorb(into: Mention, other: Mention) -> None:
    into.extra.append(other.trigger)
    into.extra.extend(other.extra)
    into.members += other.members
    into.actors = list(dict.fromkeys(into.actors + other.actors))
    into.recipients = [r for r in dict.fromkeys(into.recipients + other.recipients) if r not in into.actors]
    if into.date is None and other.date is not None:
        into.date, into.date_text = other.date, other.date_text
    if into.status is None:
        into.status = other.status
    into.place = into.place or other.place
    into.quantity = into.quantity or other.quantity
    into.attributed_to = into.attributed_to or other.attributed_to
    into.mode = into.mode or other.mode
    into.confidence = min(0.95, max(into.confidence, other.confidence) + 0.05)


def merge_mentions(mentions: list[Mention], sides: dict[str, str] | None = None) -> list[Mention]:
    """Mentions in text order in, events (each a lead mention with the others absorbed) out.
    `sides`: entity id -> the side it stands for (a government body -> its country)."""
    events: list[Mention] = []
    dated = [m for m in mentions if m.date is not None]
    undated = [m for m in mentions if m.date is None]
    for m in dated:
        target = next(
            (
                e
                for e in events
                if _kind_fits(e, m) and e.date == m.date and _parties_fit(e, m, sides) and _status_fits(e, m)
            ),
            None,
        )
        if target is None:
            events.append(m)
        else:
            _absorb(target, m)
    for m in undated:
        fits = [
            e
            for e in events
            if _kind_fits(e, m) and _parties_fit(e, m, sides) and _status_fits(e, m) and _date_fits(e, m)
        ]
        same_sentence = [e for e in fits if e.sentence_index == m.sentence_index]
        target = same_sentence[0] if same_sentence else min(fits, key=lambda e: e.trigger.start, default=None)
        if target is None:
            events.append(m)
        else:
            _absorb(target, m)
    events.sort(key=lambda e: e.trigger.start)
    return events
