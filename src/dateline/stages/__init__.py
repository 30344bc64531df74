"""The reading stages, in order. Each module holds one stage: a pure function and a thin wrapper."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..pipeline import Stage


def all_stages(actors: Sequence[str | Path] = (), lexicon: Sequence[str | Path] = ()) -> list[Stage]:
    """`actors`: users' own actor files for the entities stage (`--actors FILE`); `lexicon`: their
    event lexicons or PETRARCH verb dictionaries for the events stage (`--lexicon FILE`)."""
    from .amounts import AmountStage
    from .entities import EntityStage
    from .events import EventStage
    from .quotes import QuoteStage
    from .sentences import SentenceStage
    from .times import TimeStage

    return [
        SentenceStage(),
        TimeStage(),
        EntityStage(actors),
        AmountStage(),
        QuoteStage(),
        EventStage(lexicon),
    ]
