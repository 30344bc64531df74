"""The reading stages, in order. Each module holds one stage: a pure function and a thin wrapper."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..pipeline import Stage


def all_stages() -> list[Stage]:
    from .sentences import SentenceStage

    return [SentenceStage()]
