"""The event lexicon: trigger words and phrases -> PLOVER type, mode and CAMEO code (data/events/*.yaml).

The bundled lexicon is data, not code; users add their own file of the same shape and its entries are
read after the bundled ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Token

from ..errors import LexiconError
from .verb_dictionary import (
    NO_EVENT,
    Role,
    VerbDictionary,
    VerbMatch,
    is_verb_dictionary,
    parse_verb_dictionary,
    plover_type,
)

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
# Types whose sides act together: either side may stand in `actors` or `recipients`.
SYMMETRIC_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
CONDITION_KEYS = ("object", "unless_object", "prep", "prep_object", "subject", "complement", "unless_clause")
RULE_KEYS = {"verb", "noun", "cameo", "mode", "confidence", "place", "actor", "recipient", *CONDITION_KEYS}


@dataclass(frozen=True)
class TriggerRule:
    """One way of naming an event: a verb or noun with the conditions under which it does."""

    type: str
    kind: str  # "verb" | "noun"
    lemma: str  # the head word's lemma ("sit" for "sit down", "buildup" for "troop buildup")
    extra: tuple[str, ...] = ()  # a phrasal verb's particle(s), or a noun's required modifiers
    cameo: str | None = None
    mode: str | None = None
    objects: frozenset[str] = frozenset()
    unless_objects: frozenset[str] = frozenset()  # an object that means something else: "meet a deadline"
    prep: str | None = None
    prep_objects: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    complement: bool | str = False  # True: a to-infinitive or a clause; "to": a to-infinitive only
    unless_clause: bool = False  # a "that" clause means an opinion: "agrees that trading hurts"
    confidence: float = 0.7
    place: str | None = None  # "object" | "prep": that argument is also the place
    actor: str | None = None  # "origin": the actor is where the subject comes from
    recipient_roles: tuple[str, ...] = ()
    order: int = 0  # later files win ties
    # from a PETRARCH verb dictionary's pattern: the code of the event back from the recipient ("032:033"),
    # the subject as the one acted on ("+ * FROM $"), a compound subject acting on itself ("% HAVE *")
    dictionary: bool = False  # made from a PETRARCH verb dictionary: roles as PETRARCH reads them
    reverse_cameo: str | None = None
    subject_is_target: bool = False
    joint: bool = False
    roles: tuple[Role, ...] = ()  # where a dictionary pattern's "+" and "$" stand in the sentence

    @property
    def specificity(self) -> int:
        return (
            len(self.extra)
            + bool(self.objects)
            + bool(self.prep)
            + bool(self.prep_objects)
            + bool(self.subjects)
            + bool(self.complement)
            + bool(self.unless_objects)
            + self.unless_clause
        )


@dataclass
class Lexicon:
    """Trigger rules by head lemma, and the PLOVER modes of each type."""

    verbs: dict[str, list[TriggerRule]] = field(default_factory=dict)
    nouns: dict[str, list[TriggerRule]] = field(default_factory=dict)
    modes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    _source: str = "<lexicon>"  # the file being read, for error messages
    owner_verbs: frozenset[str] = frozenset()  # lemmas, "lemma particle" for phrasal verbs
    dictionaries: list[VerbDictionary] = field(default_factory=list)  # PETRARCH verb dictionaries

    def code_verb(self, verb: Token, sentence: Sequence[Token]) -> VerbMatch | None:
        """What the users' PETRARCH verb dictionaries say of this verb (the last file that knows it)."""
        for dictionary in reversed(self.dictionaries):
            found = dictionary.match(verb, sentence)
            if found is not None:
                return found
        return None

    def rules(self) -> Iterable[TriggerRule]:
        for table in (self.verbs, self.nouns):
            for rules in table.values():
                yield from rules

    def add_file(self, path: Path | str, text: str | None = None) -> None:
        source = str(path)
        self._source = source
        try:
            raw = text if text is not None else Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise LexiconError(source, f"cannot be read ({exc.strerror or exc})", "check the path") from exc
        if is_verb_dictionary(raw):
            self.dictionaries.append(parse_verb_dictionary(raw, source))
            return
        try:
            data = yaml.safe_load(raw) or {}
        except yaml.YAMLError as exc:
            raise LexiconError(source, f"not valid YAML ({exc})") from exc
        if not isinstance(data, dict):
            raise LexiconError(source, "the top level must be a mapping of PLOVER types")
        for name, words in (data.get("classes") or {}).items():
            self.classes[str(name)] = self.classes.get(str(name), frozenset()) | frozenset(
                _phrase_head(w) for w in _strings(words)
            )
        self.light_verbs |= frozenset(w.lower() for w in _strings(data.get("light_verbs")))
        self.owner_verbs |= frozenset(w.lower() for w in _strings(data.get("owner_verbs")))
        order = sum(1 for _ in self.rules())
        for type_name, body in data.items():
            if type_name in ("classes", "light_verbs", "owner_verbs"):
                continue
            if type_name not in PLOVER_TYPES:
                raise LexiconError(source, f"{type_name!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})")
            body = body or {}
            if "modes" in body:
                self.modes[type_name] = tuple(_strings(body["modes"]))
            for entry in body.get("triggers") or []:
                order += 1
                rule = self._rule(type_name, entry, source, order)
                table = self.verbs if rule.kind == "verb" else self.nouns
                table.setdefault(rule.lemma, []).append(rule)

    def _rule(self, type_name: str, entry: Any, source: str, order: int) -> TriggerRule:
        if not isinstance(entry, dict):
            raise LexiconError(source, f"{type_name}: a trigger must be a mapping, got {entry!r}")
        unknown = set(entry) - RULE_KEYS
        if unknown:
            raise LexiconError(source, f"{type_name}: unknown keys {sorted(unknown)} in {entry!r}")
        if ("verb" in entry) == ("noun" in entry):
            raise LexiconError(source, f"{type_name}: a trigger names exactly one verb or noun: {entry!r}")
        kind = "verb" if "verb" in entry else "noun"
        words = str(entry[kind]).lower().split()
        if not words:
            raise LexiconError(source, f"{type_name}: empty {kind} in {entry!r}")
        if kind == "verb":
            lemma, extra = words[0], tuple(words[1:])
        else:
            lemma, extra = words[-1], tuple(words[:-1])
        mode = entry.get("mode")
        if mode is not None and self.modes.get(type_name) and mode not in self.modes[type_name]:
            raise LexiconError(source, f"{type_name}: mode {mode!r} is not one of {self.modes[type_name]}")
        return TriggerRule(
            type=type_name,
            kind=kind,
            lemma=lemma,
            extra=extra,
            cameo=str(entry["cameo"]) if entry.get("cameo") is not None else None,
            mode=mode,
            objects=self._words(entry.get("object")),
            unless_objects=self._words(entry.get("unless_object")),
            prep=str(entry["prep"]).lower() if entry.get("prep") else None,
            prep_objects=self._words(entry.get("prep_object")),
            subjects=self._words(entry.get("subject")),
            complement=entry["complement"]
            if entry.get("complement") in ("to", "prospective")
            else bool(entry.get("complement", False)),
            unless_clause=bool(entry.get("unless_clause", False)),
            confidence=float(entry.get("confidence", 0.7 if kind == "verb" else 0.6)),
            place=entry.get("place"),
            actor=entry.get("actor"),
            recipient_roles=tuple(_strings(entry.get("recipient"))),
            order=order,
        )

    def _words(self, value: Any) -> frozenset[str]:
        """Lemmas from a list that may name classes ("@agreement"); a phrase counts by its head."""
        out: set[str] = set()
        for word in _strings(value):
            if word.startswith("@"):
                if word[1:] not in self.classes:
                    raise LexiconError(
                        self._source, f"unknown word class {word!r} (define it under `classes:`)"
                    )
                out |= self.classes[word[1:]]
            elif word.startswith("#"):
                out.add(word)  # a shape, not a word: "#counted" is any noun with a number
            else:
                out.add(_phrase_head(word))
        return frozenset(out)


def _phrase_head(phrase: str) -> str:
    return str(phrase).lower().split()[-1] if str(phrase).split() else ""


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _bundled_paths() -> list[Path]:
    folder = resources.files("dateline") / "data" / "events"
    return [Path(str(folder / "lexicon.yaml"))]


def load_lexicon(extra: Sequence[Path | str] = ()) -> Lexicon:
    """The bundled lexicon, plus users' files when given (read after it, so they win ties)."""
    if not extra:
        return _bundled()
    lexicon = Lexicon()
    for path in [*_bundled_paths(), *extra]:
        lexicon.add_file(path)
    return lexicon


@cache
def _bundled() -> Lexicon:
    lexicon = Lexicon()
    for path in _bundled_paths():
        lexicon.add_file(path)
    return lexicon


def lexicon_notes(extra: Sequence[Path | str]) -> list[str]:
    """What users' verb dictionaries hold that codes nothing, for the command line to say once (and
    reading them here finds a bad file before any worker starts)."""
    notes: list[str] = []
    for dictionary in load_lexicon(extra).dictionaries if extra else []:
        untyped = [
            f"{family.name} [{family.code}]"
            for family in dictionary.families
            if family.code != NO_EVENT and plover_type(family.code.partition(":")[0]) is None
        ]
        if untyped:
            notes.append(
                f"{dictionary.source}: {len(untyped)} verb families have a code PLOVER has no type for and "
                f"code only where a pattern's code has one: {', '.join(untyped[:6])}"
                + (" ..." if len(untyped) > 6 else "")
            )
        if dictionary.skipped:
            notes.append(
                f"{dictionary.source}: {len(dictionary.skipped)} lines not used: "
                + "; ".join(dictionary.skipped[:3])
                + (" ..." if len(dictionary.skipped) > 3 else "")
            )
    return notes
