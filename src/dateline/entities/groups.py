"""Groups of people named by what they are: "police", "Russian students", "soldiers from Gondor",
"lawmakers in France and Germany", "human rights activists". News makes them actors ("Police arrested
12 protesters in Lagos"), so each is a GROUP entity, with the country the text gives it:

- a nationality adjective, a country name or a possessive before it ("Russian police", "Gondor's
  soldiers"; "its" and "their" are the clause's subject when that is a country: "Russia withdrew its
  troops");
- an "in", "from" or "of" phrase after it naming a country or a place in one ("lawmakers in Fornost",
  "soldiers from Gondor", "police in Lagos": Nigeria);
- the same words shared by the nouns of a coordination ("Clerics and lawmakers in Ithilen").

A plural demonym is a group of its country ("Thousands of Israelis protested": Israelis, of Israel).

A phrase naming two countries is two groups with one mention ("lawmakers in Fornost and Gondor"). The
mention is the noun with the words that describe it ("human rights activists"), not the country word.
A bare plural naming the same kind of people later in the article ("the police") joins the one group
of that noun named with a country. People who stand for their state ("officials", "diplomats",
"ministers", "the government") are not groups: they are their country's (docs/events.md).
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

import yaml

from .places import country_of_adjective
from .table import Draft, EntityTable

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..knowledge import KnowledgeBase


def _group_nouns() -> frozenset[str]:
    path = resources.files("dateline").joinpath("data/entities/groups.yaml")
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return frozenset(str(w).lower() for words in (data.get("group_nouns") or {}).values() for w in words)


# nouns (lemmas) that name a group of people acting together or treated alike (data/entities/groups.yaml)
GROUP_NOUNS = _group_nouns()
# words that place a group: "lawmakers in Fornost", "soldiers from Gondor", "the students of Bree"
_PLACING = ("in", "from", "of")
_MODIFIERS = ("amod", "compound", "nmod")


def _lemma(tok: Token) -> str:
    low = tok.lower_
    return "policeman" if low in ("policemen", "policeman") else tok.lemma_.lower()


def is_group_noun(tok: Token) -> bool:
    """A plural noun of a group ("students", "soldiers"), or "police", heading its own phrase."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "amod", "poss"):
        return False
    lemma = _lemma(tok)
    if lemma not in GROUP_NOUNS:
        return False
    return tok.lower_ == "police" or tok.tag_ in ("NNS", "NNPS")


def find_groups(doc: Doc, table: EntityTable, kb: KnowledgeBase) -> None:
    """Add a GROUP entity for each group noun the entities so far do not already cover."""
    owner = _token_owners(doc, table)
    for tok in doc:
        if tok.i in owner:
            continue
        nationals = _nationals(tok, kb)
        if nationals is not None:  # "Thousands of Israelis": Israelis, a group of Israel
            draft = table.draft(tok.text, "GROUP")
            draft.country = nationals
            table.add(draft, tok.idx, tok.idx + len(tok.text))
            continue
        if not is_group_noun(tok):
            continue
        first = tok.i
        while first > 0 and first <= doc[first - 1].head.i <= tok.i and doc[first - 1].dep_ in _MODIFIERS:
            prev = doc[first - 1]
            if any(t.i in owner for t in prev.subtree) or country_of_adjective(prev, kb) is not None:
                break  # "Russian police", "Russia-based hackers": Russia is its own mention
            first -= 1
        start, end = doc[first].idx, tok.idx + len(tok.text)
        if table.covered(start, end):
            continue
        words = doc[first : tok.i + 1].text
        if first == 0 or doc[first].is_sent_start:
            words = words[:1].lower() + words[1:] if doc[first].pos_ != "PROPN" else words
        if _owned(tok, owner):
            continue  # "Hamas militants", "the activists of Amnesty International": the organisation's
        countries: list[tuple[str | None, str]] = list(_countries(tok, owner, kb)) or [(None, "")]
        for code, name in countries:
            label = words if code is None else f"{words} ({name})"
            draft = table.draft(label, "GROUP")
            draft.country = code
            table.add(draft, start, end)
    _join_bare(table)


def _nationals(tok: Token, kb: KnowledgeBase) -> str | None:
    """The country of a plural demonym ("Israelis", "Ukrainians"), or None."""
    if tok.tag_ not in ("NNPS", "NNS") or not tok.text.endswith("s") or not tok.text[:1].isupper():
        return None
    country = kb.country_by_adjective(tok.text[:-1])
    return country.code if country is not None and country.type == "COUNTRY" and country.code else None


def _token_owners(doc: Doc, table: EntityTable) -> dict[int, list[Draft]]:
    owner: dict[int, list[Draft]] = {}
    for draft in table.drafts.values():
        for a, b in draft.mentions:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                owner.setdefault(t.i, []).append(draft)
    return owner


def _owned(tok: Token, owner: dict[int, list[Draft]]) -> bool:
    """Whether a group noun belongs to a named organisation, group or person rather than a country."""
    near = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < tok.i]
    near += [o for p in tok.children if p.dep_ == "prep" and p.lower_ in _PLACING for o in p.children]
    return any(d.type in ("ORG", "GROUP", "PERSON") for c in near for d in owner.get(c.i, []))


def _country_of(tok: Token, owner: dict[int, list[Draft]], kb: KnowledgeBase) -> list[tuple[str, str]]:
    """The countries a word before or after a group noun names: itself, or the place it names."""
    out: list[tuple[str, str]] = []
    for draft in owner.get(tok.i, []):
        if draft.type == "COUNTRY" and draft.code:
            out.append((draft.code, draft.name))
        elif draft.type == "PLACE" and draft.country:
            known = kb.country_by_adjective(draft.country)
            out.append((draft.country, known.name if known is not None else draft.country))
    if not out and tok.dep_ in ("amod", "compound", "nmod"):
        country = country_of_adjective(tok, kb)
        if country is not None and country.code:
            out.append((country.code, country.name))
    return out


def _subject_country(tok: Token, owner: dict[int, list[Draft]]) -> list[tuple[str, str]]:
    """The country that is the subject of the clause a noun stands in, when it is one."""
    verb = tok.head
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX"):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            # "Bangladesh said its troops would join": past a clause the noun is itself the subject of
            if subjects and subjects[0] != tok:
                # the subject, its conjuncts and their "of" phrases ("the nation of Bangladesh")
                words = [w for t in _conjuncts(subjects[0]) for w in t.subtree if w.i < tok.i]
                countries = [
                    (d.code, d.name) for w in words for d in owner.get(w.i, []) if d.type == "COUNTRY"
                ]
                return list(dict.fromkeys((code, name) for code, name in countries if code))
        if verb.head == verb:
            break
        verb = verb.head
    return []


def _conjuncts(tok: Token) -> list[Token]:
    out, stack = [tok], [tok]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "conj" and c not in out:
                out.append(c)
                stack.append(c)
    return out


def _own_countries(tok: Token, owner: dict[int, list[Draft]], kb: KnowledgeBase) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < tok.i:
            for part in _conjuncts(c):
                found += _country_of(part, owner, kb) or [
                    # "Russia-based hackers"
                    f
                    for g in part.children
                    if g.dep_ in ("npadvmod", "compound", "nmod") and g.i < part.i
                    for f in _country_of(g, owner, kb)
                ]
    if found:
        return found
    for c in tok.children:  # "Russia withdrew its troops": the subject of the clause owns them
        if c.dep_ == "poss" and c.lower_ in ("its", "their"):
            found += _subject_country(tok, owner)[: 1 if c.lower_ == "its" else None]
    if found:
        return found
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in _PLACING:
            for obj in (c for c in p.children if c.dep_ == "pobj"):
                for part in _conjuncts(obj):
                    found += _country_of(part, owner, kb) or [
                        # "soldiers from the Russian army"
                        f
                        for c in part.children
                        if c.dep_ in ("amod", "compound", "nmod", "poss")
                        for f in _country_of(c, owner, kb)
                    ]
                # "Lawmakers in Fornost and Gondor" parsed with Gondor as the lawmakers' conjunct
                for c in tok.children:
                    if c.dep_ == "conj" and c.i > obj.i and _country_of(c, owner, kb):
                        found += _country_of(c, owner, kb)
    return found


def _countries(tok: Token, owner: dict[int, list[Draft]], kb: KnowledgeBase) -> list[tuple[str, str]]:
    """The countries a group noun is given: its own words, else those of its coordination's nouns."""
    found = _own_countries(tok, owner, kb)
    if not found:
        top = tok
        while top.dep_ == "conj" and top.head != top:
            top = top.head
        for other in _conjuncts(top):
            if other != tok and other.pos_ in ("NOUN", "PROPN") and other.i not in owner:
                found += _own_countries(other, owner, kb)
    return list(dict.fromkeys(found))


def _join_bare(table: EntityTable) -> None:
    """ "Russian police ... the police": a group named without a country is the one of that noun named
    with one, when there is exactly one."""
    groups = [d for d in table.of_type("GROUP") if d.known is None]
    placed = [d for d in groups if d.country]
    for bare in [d for d in groups if not d.country]:
        noun = bare.name.split()[-1].lower()
        same = [d for d in placed if d.name.split(" (")[0].split()[-1].lower() == noun]
        if len(same) == 1:
            table.merge(same[0], bare)
