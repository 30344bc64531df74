"""Events: who did what to whom, when, where, and whether it happened (see docs/events.md)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..events import find_events
from ..events.lexicon import Lexicon, load_lexicon
from ..model import Document


class EventStage:
    name = "events"
    needs: tuple[str, ...] = ("parse", "sentences", "times", "entities", "amounts", "quotes")
    adds: tuple[str, ...] = ("events",)

    def __init__(self, lexicon: Sequence[Path | str] | Lexicon = ()) -> None:
        """`lexicon`: users' own lexicon files, read after the bundled one (or a ready Lexicon)."""
        self.lexicon = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(tuple(lexicon))

    def __call__(self, document: Document) -> None:
        assert document.doc is not None
        document.events = find_events(
            document.text,
            document.doc,
            document.sentences,
            document.times,
            document.entities,
            document.amounts,
            document.quotes,
            document.anchor,
            lexicon=self.lexicon,
            adjective_country=adjective_country,
        )


@lru_cache(maxsize=4096)
def adjective_country(word: str) -> str | None:
    """ "Russian" -> "RUS", from the knowledge base's country adjectives."""
    from ..knowledge import load_knowledge

    found = load_knowledge().country_by_adjective(word)
    return found.code if found is not None and found.type == "COUNTRY" else None
