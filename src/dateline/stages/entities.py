"""Entities: people, organisations, countries, places, products and laws, with every mention, linked to
the knowledge base and resolved by the article's date (see docs/entities.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..entities import find_entities, gazetteer_for
from ..model import Document

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase


class EntityStage:
    name = "entities"
    needs: tuple[str, ...] = ("parse", "sentences")
    adds: tuple[str, ...] = ("entities",)

    def __init__(self, actors: Sequence[Path | str] = (), kb: KnowledgeBase | None = None) -> None:
        """`actors`: users' own actor files (`--actors FILE`), added to a copy of the bundled knowledge."""
        if kb is None:
            from ..knowledge import load_knowledge

            kb = load_knowledge(tuple(actors))
        self.kb = kb
        gazetteer_for(kb)  # compile the matcher now, not on the first article

    def __call__(self, document: Document) -> None:
        assert document.doc is not None
        anchor = document.anchor
        on = anchor.date() if isinstance(anchor, datetime) else None
        document.entities = find_entities(document.text, document.doc, document.sentences, on, self.kb)
