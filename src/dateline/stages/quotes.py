"""Quotes: direct quotes and reported speech with their cue, speaker phrase and speaker entity
(see docs/quotes.md; the work is in the `dateline.quotes` package)."""

from __future__ import annotations

from ..model import Document
from ..quotes import find_quotes
from ..quotes.rules import rules

__all__ = ["QuoteStage", "find_quotes"]


class QuoteStage:
    name = "quotes"
    needs: tuple[str, ...] = ("parse", "sentences", "entities")
    adds: tuple[str, ...] = ("quotes",)

    def __init__(self) -> None:
        rules()  # read the knowledge once, at pipeline build

    def __call__(self, document: Document) -> None:
        assert document.doc is not None
        document.quotes = find_quotes(document.text, document.doc, document.sentences, document.entities)
