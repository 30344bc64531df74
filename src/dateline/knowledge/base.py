"""The knowledge base: entities by alias and id, countries by adjective, office holders by date."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from dateline.knowledge.loader import (
    KnowledgeFileError,
    OfficeDef,
    ParsedFile,
    Term,
    build_entity,
    read_file,
)
from dateline.knowledge.model import KnownEntity, Office

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_LEADING = re.compile(r"^(?:the|his|her|their|its|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|s')$")


def normalize(surface: str) -> str:
    """The key a surface is indexed under: typographic quotes and dashes folded, spaces collapsed."""
    return " ".join(surface.translate(_QUOTES).split())


def _office_key(words: str) -> str:
    """Office words folded for comparison: case, hyphens ("Secretary-General"), a leading article."""
    text = normalize(words).lower().replace("-", " ").strip(" .,;:")
    text = _LEADING.sub("", text)
    return " ".join(text.split())


class KnowledgeBase:
    """Entities from knowledge files, indexed for the lookups the reading stages make."""

    def __init__(self) -> None:
        self._entities: dict[str, KnownEntity] = {}
        self._office_defs: dict[str, OfficeDef] = {}
        self._exact: dict[str, list[KnownEntity]] = {}
        self._folded: dict[str, list[KnownEntity]] = {}
        self._adjectives: dict[str, KnownEntity] = {}
        self._adjectives_folded: dict[str, KnownEntity] = {}
        self._office_words: dict[str, set[str]] = {}  # folded office words -> office keys
        self._holdings: dict[str, list[tuple[Office, KnownEntity]]] = {}
        self.files: list[str] = []

    # -- building ---------------------------------------------------------------------------------

    def add_parsed(self, files: Iterable[ParsedFile]) -> None:
        """Add parsed files: office definitions of all of them first, then their entities."""
        files = list(files)
        for parsed in files:
            self._office_defs.update(parsed.offices)
        for parsed in files:
            for entry in parsed.entities:
                self._add_entity(build_entity(entry, self._office_defs, parsed.path), entry)
        for parsed in files:
            for term in parsed.terms:
                self._add_term(term)
            self.files.append(parsed.path)
        self._reindex()

    def _add_term(self, term: Term) -> None:
        definition = self._office_defs[term.office]
        office = Office(
            title=definition.title,
            country=definition.country,
            org=definition.org,
            start=term.start,
            end=term.end,
            aliases=definition.aliases,
            key=definition.key,
            role=definition.role,
        )
        person = self._entities.get(term.person)
        if person is None:  # listed as a holder only: a person known by that name and office
            name = term.name or term.person.split(":", 1)[1].replace("-", " ").title()
            person = KnownEntity(
                kb_id=term.person, name=name, type="PERSON", aliases=(name,), country=definition.country
            )
        sources = person.source.split("; ") if person.source else []
        if definition.source and definition.source not in sources:
            sources.append(definition.source)
        offices = tuple(sorted((*person.offices, office), key=lambda o: o.start))
        self._entities[term.person] = replace(person, offices=offices, source="; ".join(sources))

    def add_file(self, path: Path) -> None:
        """Add a user's actor file (same YAML format as the bundled files; `--actors FILE`).

        An entry whose `id` is already known extends that entity: its aliases, adjectives and offices
        are added, and any other field it gives replaces the old value.
        """
        path = Path(path)
        if not path.is_file():
            raise KnowledgeFileError(str(path), "no such file")
        from dateline.knowledge.petrarch_actors import is_petrarch_file, read_petrarch_file

        self.add_parsed([read_petrarch_file(path) if is_petrarch_file(path) else read_file(path)])

    def copy(self) -> KnowledgeBase:
        """An independent copy, so that adding a user's file leaves the shared base untouched."""
        new = KnowledgeBase()
        new._entities = dict(self._entities)
        new._office_defs = dict(self._office_defs)
        new.files = list(self.files)
        new._reindex()
        return new

    def _add_entity(self, entity: KnownEntity, entry: dict[str, Any]) -> None:
        old = self._entities.get(entity.kb_id)
        if old is not None:
            given = {k for k in entry if k not in ("id", "aliases", "adjectives", "offices", "surnames")}
            fields = {
                f: getattr(entity, f) for f in ("name", "type", "country", "code", "lat", "lon", "note")
            }
            fields = {f: v for f, v in fields.items() if f in given}
            if "source" in given and entity.source != old.source:
                fields["source"] = f"{old.source}; {entity.source}"
            entity = replace(
                old,
                aliases=tuple(dict.fromkeys((*old.aliases, *entity.aliases))),
                adjectives=tuple(dict.fromkeys((*old.adjectives, *entity.adjectives))),
                surnames=tuple(dict.fromkeys((*old.surnames, *entity.surnames))),
                offices=(*old.offices, *entity.offices),
                **fields,
            )
        self._entities[entity.kb_id] = entity

    def _reindex(self) -> None:
        self._exact, self._folded = {}, {}
        self._adjectives, self._adjectives_folded = {}, {}
        self._office_words, self._holdings = {}, {}
        self._capitals = {e.capital: e for e in self._entities.values() if e.type == "COUNTRY" and e.capital}
        for definition in self._office_defs.values():
            self._index_office_words(definition.key, (definition.title, *definition.aliases))
        for entity in self._entities.values():
            for surface in entity.aliases:
                key = normalize(surface)
                self._append(self._exact, key, entity)
                if " " in key:
                    self._append(self._folded, key.lower(), entity)
            for adjective in entity.adjectives:
                self._adjectives.setdefault(normalize(adjective), entity)
                self._adjectives_folded.setdefault(normalize(adjective).lower(), entity)
            for office in entity.offices:
                self._index_office_words(office.key, (office.title, *office.aliases))
                self._holdings.setdefault(office.key, []).append((office, entity))

    def _index_office_words(self, key: str, words: Iterable[str]) -> None:
        for w in words:
            self._office_words.setdefault(_office_key(w), set()).add(key)

    @staticmethod
    def _append(index: dict[str, list[KnownEntity]], key: str, entity: KnownEntity) -> None:
        bucket = index.setdefault(key, [])
        if entity not in bucket:
            bucket.append(entity)

    # -- lookups ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entities)

    def country_by_capital(self, city: str) -> KnownEntity | None:
        """The country whose capital is `city` ("Washington" -> United States)."""
        return self._capitals.get(city)

    def entities(self, type: str | None = None) -> Iterator[KnownEntity]:
        """Every entity, or those of one type ("PERSON", "COUNTRY", ...)."""
        return (e for e in self._entities.values() if type is None or e.type == type)

    def by_kb_id(self, kb_id: str) -> KnownEntity | None:
        return self._entities.get(kb_id)

    def by_alias(self, surface: str) -> list[KnownEntity]:
        """Candidates named by exactly this surface; case-insensitively too when it has several words."""
        key = normalize(surface)
        found = self._exact.get(key)
        if found:
            return list(found)
        if " " in key:
            return list(self._folded.get(key.lower(), ()))
        return []

    def country_by_adjective(self, word: str) -> KnownEntity | None:
        """The country an adjective or short form points at: "Russian" -> Russia, "U.S." -> United States."""
        key = normalize(word)
        key = _POSSESSIVE.sub("", key) if key.endswith(("'s", "s'")) and key not in self._adjectives else key
        found = self._adjectives.get(key)
        if found is None and len(key) > 3:
            found = self._adjectives_folded.get(key.lower())
        if found is None:
            found = next((e for e in self.by_alias(key) if e.type == "COUNTRY"), None)
        return found

    def all_surfaces(self) -> Iterable[tuple[str, KnownEntity]]:
        """Every (name or alias, entity) pair, for building a phrase matcher once."""
        for entity in self._entities.values():
            for surface in entity.aliases:
                yield surface, entity

    def office_words(self) -> set[str]:
        """Every office description known, folded ("president", "press secretary", "kremlin spokesman")."""
        return set(self._office_words)

    def offices(self, office_words: str, country: str | None = None) -> list[OfficeDef]:
        """Office definitions these words describe, in the country (or organisation kb_id) if given."""
        return [
            self._office_defs[k]
            for k in sorted(self._match_offices(office_words, country))
            if k in self._office_defs
        ]

    def roles_on(self, entity: KnownEntity, on: date) -> list[Office]:
        """The offices the entity holds on that day."""
        return [office for office in entity.offices if office.holds_on(on)]

    def holders(self, office_words: str, country: str | None, on: date) -> list[KnownEntity]:
        """Everyone holding an office these words describe on that day (several when ambiguous)."""
        found: list[KnownEntity] = []
        for key in sorted(self._match_offices(office_words, country)):
            terms = [(o, e) for o, e in self._holdings.get(key, ()) if o.holds_on(on)]
            definition = self._office_defs.get(key)
            if not (definition and definition.concurrent):
                # overlapping terms of a single-holder office (an acting holder): the latest start holds it
                terms = sorted(terms, key=lambda t: t[0].start, reverse=True)[:1]
            found.extend(e for _, e in terms if e not in found)
        return found

    def holder(self, office_words: str, country: str | None, on: date) -> KnownEntity | None:
        """Who held the office on that day: ("President", "USA", 2018-06-01) -> Donald Trump.

        The words may name the country themselves ("Russian President", "the President of Russia",
        "India's Prime Minister", "UN Secretary-General"); `country` may be ISO alpha-3 or the kb_id of
        an organisation ("org:un"). None when nobody or more than one person fits.
        """
        found = self.holders(office_words, country, on)
        return found[0] if len(found) == 1 else None

    def counterpart(self, office: Office, country: str, on: date) -> KnownEntity | None:
        """Who held the equivalent of `office` in another country on that day ("his Russian counterpart").

        Equivalent: the same `role` (foreign-minister, defence-minister, ...). A head of state or government
        with no office of that role in the country (a president facing a prime minister's country)
        falls back to the other one. None when the role is unknown or nobody holds it.
        """
        if office.role is None:
            return None
        fallback = {"head-of-state": "head-of-government", "head-of-government": "head-of-state"}
        for role in (office.role, fallback.get(office.role)):
            if role is None:
                continue
            keys = [d.key for d in self._office_defs.values() if d.role == role and d.country == country]
            found: list[KnownEntity] = []
            for key in sorted(keys):
                terms = sorted(
                    ((o, e) for o, e in self._holdings.get(key, ()) if o.holds_on(on)),
                    key=lambda t: t[0].start,
                    reverse=True,
                )
                if terms and terms[0][1] not in found:
                    found.append(terms[0][1])
            if len(found) == 1:
                return found[0]
            if found:
                return None
        return None

    # -- office words -----------------------------------------------------------------------------

    def _match_offices(self, office_words: str, country: str | None) -> set[str]:
        scope = self._scope(country) if country else None
        words = _office_key(office_words)
        # 1. the words as they stand ("Kremlin spokesman", "US President", "Secretary of State")
        keys = self._in_scope(self._office_words.get(words, set()), scope)
        if keys:
            return keys
        # 2. a country or organisation named in front ("Russian President", "India's PM", "UN chief")
        tokens = normalize(office_words).split()
        while tokens and tokens[0].lower() in ("the", "his", "her", "their", "its"):
            tokens = tokens[1:]
        for cut in range(len(tokens) - 1, 0, -1):
            named = self._scope(" ".join(tokens[:cut]))
            if named is not None:
                rest = _office_key(" ".join(tokens[cut:]))
                keys = self._in_scope(self._office_words.get(rest, set()), named)
                if keys:
                    return keys
        # 3. "... of Russia", "... of the United Nations"
        match = re.match(r"(.+?)\s+of\s+(?:the\s+)?(.+)$", normalize(office_words), re.IGNORECASE)
        if match:
            named = self._scope(match.group(2))
            if named is not None:
                return self._in_scope(self._office_words.get(_office_key(match.group(1)), set()), named)
        return set()

    def _scope(self, words: str) -> str | None:
        """A country code or organisation kb_id for "USA", "Russian", "India's", "UN", "org:un"."""
        words = normalize(words).strip()
        if words.startswith("org:") or words.startswith("group:"):
            return words
        if len(words) == 3 and words.isupper() and self.by_kb_id(f"country:{words}") is not None:
            return words
        country = self.country_by_adjective(words)
        if country is not None:
            return country.code
        stripped = _POSSESSIVE.sub("", words)
        for entity in self.by_alias(stripped):
            if entity.type in ("ORG", "GROUP"):
                return entity.kb_id
        return None

    def _in_scope(self, keys: set[str], scope: str | None) -> set[str]:
        if scope is None:
            return set(keys)
        return {k for k in keys if self._office_in(k, scope)}

    def _office_in(self, key: str, scope: str) -> bool:
        definition = self._office_defs.get(key)
        if definition is None:
            held = self._holdings.get(key)
            if not held:
                return False
            first = held[0][0]
            country, org = first.country, first.org
        else:
            country, org = definition.country, definition.org
        return scope in (country, org)

    def __deepcopy__(self, memo: dict[int, Any]) -> KnowledgeBase:
        return self.copy()


__all__ = ["KnowledgeBase", "normalize"]
