"""Entities: who and what an article names, typed and linked to the knowledge base, with every mention.

`find_entities(text, doc, sentences, anchor_date, kb)` is the pure function; `stages/entities.py` wraps
it as the `entities` stage. docs/entities.md explains the rules.
"""

from __future__ import annotations

from .find import find_entities
from .gazetteer import Gazetteer, gazetteer_for

__all__ = ["Gazetteer", "find_entities", "gazetteer_for"]
