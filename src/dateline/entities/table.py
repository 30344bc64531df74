"""The entities of one article while they are being found: drafts keyed by identity, with their mentions.

A draft is keyed by its knowledge-base id, or by canonical name and type when the knowledge base does
not know it, so the same thing found twice (by the gazetteer and by NER, or by two namesakes) is one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Entity, Span

if TYPE_CHECKING:
    from ..knowledge.model import KnownEntity


@dataclass
class Draft:
    key: str
    name: str
    type: str
    known: KnownEntity | None = None
    mentions: dict[tuple[int, int], Span] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)  # titles the article gives it ("Kremlin spokesman")
    code: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    role: str | None = None

    @property
    def first(self) -> int:
        return min(start for start, _ in self.mentions) if self.mentions else 1 << 62

    def starts(self) -> list[int]:
        return sorted(start for start, _ in self.mentions)


def key_of(name: str, type_: str, known: KnownEntity | None) -> str:
    return known.kb_id if known is not None else f"{type_}:{' '.join(name.lower().split())}"


class EntityTable:
    """Drafts and the character ranges their mentions take, for one article."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.drafts: dict[str, Draft] = {}
        self._owner: dict[tuple[int, int], list[str]] = {}
        self._depth = [0] * (len(text) + 1)  # how many mentions cover each character

    def draft(self, name: str, type_: str, known: KnownEntity | None = None) -> Draft:
        """The draft for this identity, created when new."""
        key = key_of(name, type_, known)
        found = self.drafts.get(key)
        if found is None:
            found = Draft(key=key, name=known.name if known else name, type=known.type if known else type_)
            found.known = known
            if known is not None:
                found.code = known.code if known.type == "COUNTRY" else None
                found.country = known.code if known.type == "COUNTRY" else known.country
                found.lat, found.lon = known.lat, known.lon
            self.drafts[key] = found
        return found

    def add(self, draft: Draft, start: int, end: int) -> None:
        """Record a mention of `draft` over text[start:end] (one span may name two entities)."""
        if end <= start:
            return
        draft.mentions[(start, end)] = Span(start, end, self.text[start:end])
        owners = self._owner.setdefault((start, end), [])
        if not owners:
            for i in range(start, end):
                self._depth[i] += 1
        if draft.key not in owners:
            owners.append(draft.key)

    def remove(self, draft: Draft, start: int, end: int) -> None:
        draft.mentions.pop((start, end), None)
        owners = self._owner.get((start, end), [])
        if draft.key in owners:
            owners.remove(draft.key)
        if not owners and (start, end) in self._owner:
            del self._owner[(start, end)]
            for i in range(start, end):
                self._depth[i] -= 1

    def covered(self, start: int, end: int) -> bool:
        """Whether a mention already overlaps text[start:end]."""
        return any(self._depth[max(0, start) : end])

    def owners_at(self, start: int, end: int) -> list[Draft]:
        return [self.drafts[k] for k in self._owner.get((start, end), [])]

    def merge(self, keep: Draft, gone: Draft) -> None:
        """Fold `gone` into `keep` (same person found under two names)."""
        if keep is gone:
            return
        for a, b in list(gone.mentions):
            self.remove(gone, a, b)
            self.add(keep, a, b)
        keep.titles.extend(t for t in gone.titles if t not in keep.titles)
        self.drafts.pop(gone.key, None)

    def of_type(self, *types: str) -> Iterable[Draft]:
        return [d for d in self.drafts.values() if d.type in types and d.mentions]

    def entities(self) -> list[Entity]:
        """Numbered entities ("e1", "e2", ... by first mention), mentions in text order."""
        live = sorted((d for d in self.drafts.values() if d.mentions), key=lambda d: (d.first, d.key))
        out = []
        for i, d in enumerate(live, 1):
            out.append(
                Entity(
                    id=f"e{i}",
                    name=d.name,
                    type=d.type,
                    mentions=[d.mentions[k] for k in sorted(d.mentions)],
                    code=d.code,
                    country=d.country,
                    role=d.role,
                    kb_id=d.known.kb_id if d.known else None,
                    lat=d.lat,
                    lon=d.lon,
                )
            )
        return out
