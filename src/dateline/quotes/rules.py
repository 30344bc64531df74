"""The quotes knowledge from data/quotes.yaml, read once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class QuoteRules:
    cue_verbs: frozenset[str]
    direct_only_verbs: frozenset[str]
    cue_phrases: tuple[tuple[str, ...], ...]
    spokesperson_words: frozenset[str]
    title_words: frozenset[str]
    person_pronouns: frozenset[str]
    org_pronouns: frozenset[str]
    not_speakers: frozenset[str]


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(str(w).lower() for w in items)


@cache
def rules() -> QuoteRules:
    data = yaml.safe_load(resources.files("dateline").joinpath("data/quotes.yaml").read_text("utf-8"))
    return QuoteRules(
        cue_verbs=_words(data["cue_verbs"]),
        direct_only_verbs=_words(data["direct_only_verbs"]),
        cue_phrases=tuple(tuple(p.lower().split()) for p in data["cue_phrases"]),
        spokesperson_words=_words(data["spokesperson_words"]),
        title_words=_words(data["title_words"]),
        person_pronouns=_words(data["person_pronouns"]),
        org_pronouns=_words(data["org_pronouns"]),
        not_speakers=_words(data["not_speakers"]),
    )
