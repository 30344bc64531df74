"""Every name the knowledge base knows, matched in one pass over the parsed tokens.

The surfaces compile once per knowledge base into a spaCy `PhraseMatcher` (token-exact, case-sensitive:
"US" is the country, "us" is not). Matching an article then costs one scan of its tokens.
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..knowledge import KnowledgeBase
    from ..knowledge.model import KnownEntity

_MATCH_KEY = "KNOWN"


@dataclass(frozen=True)
class KnownMatch:
    """Tokens [start, end) of a doc that spell a surface the knowledge base knows, and who it may be."""

    start: int  # token index
    end: int
    candidates: tuple[KnownEntity, ...]


class Gazetteer:
    """The compiled surfaces of one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._tokenizer = English()
        self._by_tokens: dict[tuple[str, ...], list[KnownEntity]] = defaultdict(list)
        surfaces: dict[str, list[KnownEntity]] = defaultdict(list)
        for surface, known in kb.all_surfaces():
            if surface and known not in surfaces[surface]:
                surfaces[surface].append(known)
        self._matcher = PhraseMatcher(self._tokenizer.vocab, attr="ORTH")
        patterns = []
        for surface, doc in zip(surfaces, self._tokenizer.pipe(surfaces), strict=True):
            key = tuple(t.text for t in doc)
            if not key:
                continue
            if key not in self._by_tokens:
                patterns.append(doc)
            for known in surfaces[surface]:
                if known not in self._by_tokens[key]:
                    self._by_tokens[key].append(known)
        self._matcher.add(_MATCH_KEY, patterns)
        self.size = len(self._by_tokens)

    def matches(self, doc: Doc) -> list[KnownMatch]:
        """Every known surface in `doc`, overlapping ones included, in token order."""
        found = []
        for _, start, end in self._matcher(doc):
            key = tuple(t.text for t in doc[start:end])
            candidates = self._by_tokens.get(key)
            if candidates:
                found.append(KnownMatch(start, end, tuple(candidates)))
        found.sort(key=lambda m: (m.start, -m.end))
        return found

    def lookup(self, surface: str) -> list[KnownEntity]:
        """Who a surface may be, tokenized the way matching tokenizes it."""
        return list(self._by_tokens.get(tuple(t.text for t in self._tokenizer.make_doc(surface)), ()))


_cache: dict[int, tuple[KnowledgeBase, int, Gazetteer]] = {}
_lock = threading.Lock()


def _generation(kb: KnowledgeBase) -> int:
    """A number that changes when entries are added to the knowledge base (so the compile is redone)."""
    return len(kb) * 1000 + len(kb.files)


def gazetteer_for(kb: KnowledgeBase) -> Gazetteer:
    """The compiled gazetteer of `kb`, built on first use and kept for the life of the process."""
    gen = _generation(kb)
    with _lock:
        hit = _cache.get(id(kb))
        if hit is not None and hit[0] is kb and hit[1] == gen:
            return hit[2]
        gazetteer = Gazetteer(kb)
        _cache[id(kb)] = (kb, gen, gazetteer)
        return gazetteer


@functools.cache
def common_nouns() -> frozenset[str]:
    """English common nouns (lower case) from the spaCy model's lemmatizer tables ("moon", "bush"); empty
    when the model has none, so that nothing depends on it then."""
    try:
        from ..nlp import load_model

        lemmatizer = load_model().get_pipe("lemmatizer")
        table = lemmatizer.lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        return frozenset(table["noun"])
    except Exception:  # noqa: BLE001 - no model, no lemmatizer, no table: no common nouns known
        return frozenset()
