"""Article text cut into segments for highlighting: each segment is plain text plus the kinds of span
covering it (entity, time, amount, quote, trigger). Templates print each segment's text autoescaped,
so article text is never trusted as HTML, however the spans overlap."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

KINDS = ("quote", "entity", "time", "amount", "trigger")  # outermost first, for the order of classes


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # one of KINDS
    href: str | None = None  # a page of ours, e.g. /entities/3
    title: str | None = None  # what a tooltip says (the resolved value, the speaker, ...)


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    href: str | None = None
    title: str | None = None

    @property
    def classes(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut `text` at every mark boundary. A segment links to the innermost covering mark's href and
    shows the innermost title. Marks outside the text or empty are ignored."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = sorted(
            (m for m in valid if m.start <= start and end <= m.end), key=lambda m: m.end - m.start
        )
        kinds = sorted({m.kind for m in covering}, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))
        href = next((m.href for m in covering if m.href), None)
        title = next((m.title for m in covering if m.title), None)
        piece = Segment(text[start:end], kinds, href, title)
        if out and not kinds and not out[-1].kinds:
            out[-1].text += piece.text
        else:
            out.append(piece)
    return out


def sentence_segments(sentence: str, trigger_start: int, trigger_end: int) -> list[Segment]:
    """A sentence with its trigger (offsets relative to the sentence) marked."""
    return segments(sentence, [Mark(trigger_start, trigger_end, "trigger")])


def record_marks(
    record: dict[str, Any],
    entity_links: dict[str, int] | None = None,
    event_links: dict[str, int] | None = None,
) -> list[Mark]:
    """Every span of an article record as marks; local ids link to store pages when given."""
    entity_links = entity_links or {}
    event_links = event_links or {}
    names = {e.get("id"): e.get("name") for e in record.get("entities") or []}
    marks: list[Mark] = []
    for entity in record.get("entities") or []:
        store_id = entity_links.get(entity.get("id"))
        label = " · ".join(str(x) for x in (entity.get("name"), entity.get("type"), entity.get("role")) if x)
        for m in entity.get("mentions") or []:
            marks.append(
                Mark(m["start"], m["end"], "entity", f"/entities/{store_id}" if store_id else None, label)
            )
    for time in record.get("times") or []:
        marks.append(
            Mark(time["start"], time["end"], "time", None, f"{time.get('type')} {time.get('value')}")
        )
    for amount in record.get("amounts") or []:
        value = " ".join(str(x) for x in (amount.get("value"), amount.get("unit"), amount.get("object")) if x)
        marks.append(Mark(amount["start"], amount["end"], "amount", None, value))
    for quote in record.get("quotes") or []:
        speaker = names.get(quote.get("speaker")) or quote.get("speaker_text") or "unknown speaker"
        marks.append(
            Mark(quote["start"], quote["end"], "quote", None, f"{quote.get('kind')} quote: {speaker}")
        )
    for event in record.get("events") or []:
        trigger = event.get("trigger") or {}
        if "start" not in trigger:
            continue
        store_id = event_links.get(event.get("id"))
        marks.append(
            Mark(
                trigger["start"],
                trigger["end"],
                "trigger",
                f"/events/{store_id}" if store_id else None,
                f"{event.get('type')} · {event.get('status')}",
            )
        )
    return marks


def snippet_segments(snippet: str) -> list[Segment]:
    """A search snippet whose matches the store wrapped in [ and ]: the matches marked."""
    out: list[Segment] = []
    for i, piece in enumerate(snippet.replace("]", "[").split("[")):
        if piece:
            out.append(Segment(piece, ["match"] if i % 2 else []))
    return out


def counts(marks: Sequence[Mark]) -> dict[str, int]:
    return {k: sum(1 for m in marks if m.kind == k) for k in KINDS}
