"""Who did it and to whom: the actors, recipients, place and quantity of a trigger, from the roles its
words play in the parse (subject, object, "with", "between", a possessor ...); `mentions` says whom
each phrase names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from ..model import Amount
from .lexicon import SYMMETRIC_TYPES
from .mentions import Mentions, resolve
from .syntax import (
    children,
    conjuncts,
    controller,
    is_noun,
    is_passive,
    is_verb,
    noun_phrase_tokens,
    phrasal,
    prep_objects,
    subject,
)
from .triggers import TriggerMatch, antecedent_candidates

PLACE_TYPES = frozenset({"PLACE", "COUNTRY", "GPE", "LOC", "CITY"})
ACTOR_TYPES = frozenset({"PERSON", "ORG", "COUNTRY", "GROUP", "PLACE", "GPE", "NORP"})
RECIPIENT_PREPS = (
    "to",
    "with",
    "against",
    "at",
    "toward",
    "towards",
    "on",
    "upon",
    "into",
    "from",
    "for",
    "around",
    "off",
)
# After a nominal trigger ("talks with", "the visit of"): the verb's prepositions but the particles, plus "of".
NOUN_RECIPIENT_PREPS = (frozenset(RECIPIENT_PREPS) - {"around", "off"}) | {"of"}
LOCATIVE_PREPS = ("in", "at", "near", "inside")
# where an amount is what the event is about: "a deal on supplying 7.5 lakh rifles", "aid of $5 million"
QUANTITY_PREPS = ("on", "of", "for", "worth", "to", "with", "about", "over")
# types whose nominal modifiers are, for people and bodies, whom it is done to
DONE_TO = frozenset({"ASSAULT", "COERCE", "ACCUSE", "SANCTION"})
# types whose "at X" is a target ("fired at Seoul"), not a venue
TARGETED = frozenset({"ASSAULT", "COERCE", "THREATEN", "PROTEST", "MOBILIZE"})
# types whose object may be forces sent, committed or withdrawn rather than anyone acted on
MOVING = frozenset({"MOBILIZE", "RETREAT", "AID", "AGREE", "COOPERATE", "CONCEDE", "SUPPORT"})
FORCES = frozenset({"troop", "soldier", "force", "sailor", "pilot", "police", "policeman", "army"})
# "sat down for talks", "travel to Moscow for talks with Putin": the subject holds the talks
PURPOSE_VERBS = frozenset(
    {
        "sit",
        "engage",
        "join",
        "travel",
        "fly",
        "go",
        "come",
        "arrive",
        "head",
        "leave",
        "meet",
        "gather",
        "convene",
        "visit",
    }
)


@dataclass
class Arguments:
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    place: str | None = None
    quantity: dict[str, Any] | None = None


def find_arguments(
    match: TriggerMatch,
    mentions: Mentions,
    amounts: Sequence[Amount],
    owner_verbs: frozenset[str] = frozenset(),
) -> Arguments:
    rule = match.rule
    args = Arguments()
    symmetric = rule.type in SYMMETRIC_TYPES
    place_tokens: list[Token] = []
    if match.verbal:
        verb = match.head
        args.actors, args.recipients, place_tokens = _verb_roles(match, verb, mentions, symmetric)
        if match.light and match.noun is not None:  # "Nashua announced the Reiss request": Reiss asks
            owners = [
                e for c in match.noun.children if c.dep_ in ("poss", "compound") for e in mentions.of_token(c)
            ]
            if owners and not set(owners) & set(args.actors):
                args.actors = owners
    else:
        args.actors, args.recipients, place_tokens = _noun_roles(
            match.head, mentions, symmetric, owner_verbs, kind=rule.type
        )
    if rule.actor == "origin":
        args.actors = _origins(match.head, mentions)
    # who can act: people, bodies, groups, countries and the capitals that stand for them; not a law,
    # a product or a date a name was found in
    args.actors = [a for a in dict.fromkeys(args.actors) if mentions.by_id[a].type in ACTOR_TYPES]
    args.recipients = [r for r in dict.fromkeys(args.recipients) if r not in args.actors]
    args.place = _place(place_tokens, mentions)
    if args.place is not None and rule.place is None and args.place in args.recipients:
        args.recipients.remove(args.place)
    args.quantity = _quantity(match, amounts)
    if args.quantity is not None and _names_a_party(args.quantity, amounts, args, mentions):
        args.quantity = None  # "the two leaders" counts the parties, not what the event is about
    return args


def _names_a_party(
    quantity: dict[str, Any], amounts: Sequence[Amount], args: Arguments, mentions: Mentions
) -> bool:
    amount = next(
        (a for a in amounts if a.object == quantity.get("object") and a.value == quantity.get("value")), None
    )
    if amount is None:
        return False
    for eid in args.actors + args.recipients:
        for m in mentions.by_id[eid].mentions:
            if m.start <= amount.start < m.end:
                return True
    return False


def _verb_roles(
    match: TriggerMatch, verb: Token, mentions: Mentions, symmetric: bool
) -> tuple[list[str], list[str], list[Token]]:
    rule = match.rule
    actors: list[str] = []
    recipients: list[str] = []
    places: list[Token] = []
    # "Rescued ... by fishermen, Elian ...", "the attack carried out by X": a bare participle is passive
    bare_participle = verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    passive = is_passive(verb) or (bare_participle and verb.dep_ in ("advcl", "acl", "amod", "relcl"))
    subj = subject(verb)
    if passive:
        for _, obj in prep_objects(verb, "by"):
            actors += resolve(obj, mentions)
        patient = subj if subj is not None else controller(verb)
        if patient is not None and match.noun != patient:
            recipients += resolve(patient, mentions)
    else:
        # a misparse may give two subjects ("Old foes Gondor and Osgiliath"): the first that names someone
        agents: list[Token | None] = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        agents = agents or [controller(verb)]
        for agent in agents:
            if agent is not None and agent.idx < mentions.floor:
                # a dateline swallowed the subject ("New Delhi [India], March 14 (ANI): India and
                # Australia signed ..."): the phrases of it that stand after the dateline
                for tok in agent.subtree:
                    if tok.idx >= mentions.floor and tok.head.idx < mentions.floor and is_noun(tok):
                        actors += resolve(tok, mentions)
            elif agent is not None and agent != match.noun:
                actors += resolve(agent, mentions)
            if actors:
                break
    roles = rule.recipient_roles or ("object", *RECIPIENT_PREPS)
    heads = [verb] + ([match.noun] if match.noun is not None else [])
    for name, obj in [po for h in heads for po in prep_objects(h)]:
        first = name.split()[0]
        if first == "between" and "between" not in roles:
            (actors if symmetric or not actors else recipients).extend(resolve(obj, mentions))
        elif first in roles and obj != match.noun:
            found = resolve(obj, mentions)
            if first == "at" and rule.type not in TARGETED:
                places.append(obj)  # "held talks at Hyderabad House", "at the summit": where, not with whom
                continue
            recipients += found
            if rule.place == "prep":
                places.append(obj)
        elif first in LOCATIVE_PREPS:
            places.append(obj)
    if "object" in roles:
        for obj in children(verb, "dobj", "obj", "dative", "iobj"):
            if obj == match.noun or obj.tag_ == "IN":  # "sold drones to Saudi Arabia": a preposition
                continue
            found = resolve(obj, mentions)
            if found and rule.type in MOVING and (obj.lemma_.lower() in FORCES or obj.tag_ == "PRP"):
                # "withdrew troops from Iran", "committed ground troops", "withdrew them": the troops are
                # what is moved; whom to or from is in the phrases
                found = [f for f in found if not _forces(f, mentions)]
                if not found:
                    continue
            recipients += found
            if rule.place == "object":
                places.append(obj)
            if not found:  # "welcomed the resumption of ties with Osgiliath", "fired shells at Seoul"
                within = _inside(obj, mentions, targeted=rule.type in TARGETED)
                if rule.type in MOVING:  # "withdrew the last of them" (the troops)
                    within = [f for f in within if not _forces(f, mentions)]
                recipients += within
    if "object" not in roles and not recipients:  # "deployed warships around Taiwan"
        for obj in children(verb, "dobj", "obj"):
            for _name, inner in prep_objects(obj, *roles):
                recipients += resolve(inner, mentions)
    if match.noun is not None and not recipients:
        recipients += _inside(match.noun, mentions, targeted=rule.type in TARGETED)
    if not recipients and rule.type in TARGETED:
        # "cordoned off the roads leading into Mordor": whom the place it is done to belongs to
        for name, obj in [po for h in heads for po in prep_objects(h, *roles)]:
            # not what it was done with, from or for: "attacked with missiles launched from Yemen"
            if obj != match.noun and name.split()[0] not in ("at", "with", "from", "for"):
                recipients += _inside(obj, mentions)
    if not recipients and not match.light:
        # "Arnor believes Dagolath and Osgiliath can cope", "expressed hopes that Osgiliath could be
        # drawn into ...": whom the clause it says, hopes or fears is about
        recipients += [r for r in _clause_subjects(verb, mentions) if r not in actors]
    if match.noun is not None:  # "the Russian President's videoconference": the owner acts, unless
        for c in match.noun.children:  # someone else does ("Turkey may block Sweden's bid")
            if c.dep_ == "poss":
                owner = mentions.of_token(c)
                if not actors:
                    actors += owner
                elif not set(owner) & set(actors):
                    recipients += owner
    return actors, recipients, places


def _forces(eid: str, mentions: Mentions) -> bool:
    """Whether an entity is forces that can be sent or withdrawn: a group of troops, soldiers, police."""
    ent = mentions.by_id[eid]
    if ent.type != "GROUP":
        return False
    words = {m.text.split()[-1].lower() for m in ent.mentions if m.text.split()}
    return any(w in FORCES or w.removesuffix("s") in FORCES for w in words)


def _all_places(ids: list[str], mentions: Mentions) -> bool:
    return bool(ids) and all(mentions.by_id[i].type == "PLACE" for i in ids)


def _inside(noun: Token, mentions: Mentions, depth: int = 0, targeted: bool = True) -> list[str]:
    """Entities in the recipient phrases of a noun's own phrase, a few prepositions deep, and in the
    object of a participle on it ("the parade supporting Gondor", "the roads leading into Mordor")."""
    if depth > 2:
        return []
    preps = [p for p in (*RECIPIENT_PREPS, "of", "between", "by") if targeted or p != "at"]
    for _name, obj in prep_objects(noun, *preps):
        found = resolve(obj, mentions) or _inside(obj, mentions, depth + 1, targeted)
        if found:
            return found
    for clause in children(noun, "acl"):
        if clause.tag_ != "VBG":
            continue
        for obj in children(clause, "dobj", "obj"):
            found = resolve(obj, mentions) or _inside(obj, mentions, depth + 1, targeted)
            if found:
                return found
        for _name, obj in prep_objects(clause, "to", "into", "toward", "towards", "against", "at"):
            found = resolve(obj, mentions) or _inside(obj, mentions, depth + 1, targeted)
            if found:
                return found
    return []


# verbs that report what was said: the clause they take is the report, not whom it is about
REPORTING_VERBS = frozenset(
    {
        "say", "tell", "add", "state", "report", "announce", "write", "explain", "declare", "note",
        "quote", "confirm", "claim", "insist", "comment", "remark", "reply", "respond", "tweet", "post",
    }
)  # fmt: skip


def _clause_subjects(verb: Token, mentions: Mentions) -> list[str]:
    """The subject of the that-clause a verb takes, or that its object noun takes ("hopes that X ...");
    not a reporting verb's ("said Arnor is about to ...") and not a to-infinitive's ("hosting Osgiliath
    to celebrate", where the parse may make the object a subject)."""
    if verb.lemma_.lower() in REPORTING_VERBS:
        return []
    clauses = children(verb, "ccomp")
    for obj in children(verb, "dobj", "obj"):
        clauses += [c for c in children(obj, "acl", "ccomp") if any(m.dep_ == "mark" for m in c.children)]
    for clause in clauses:
        if not is_verb(clause) or any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        subj = subject(clause)
        if subj is not None and subj.tag_ not in ("PRP", "WP", "EX"):
            found = resolve(subj, mentions)
            if found:
                return found
    return []


def _noun_roles(
    noun: Token,
    mentions: Mentions,
    symmetric: bool,
    owner_verbs: frozenset[str] = frozenset(),
    kind: str = "",
) -> tuple[list[str], list[str], list[Token]]:
    actors: list[str] = []
    recipients: list[str] = []
    places: list[Token] = []
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            found = mentions.of_token(c) or mentions.demonym(c)
            if found and any(g.dep_ == "punct" and g.text == "-" for g in c.children):
                # "the India-Russia summit": both sides of the hyphen
                found += [
                    e for g in c.children if g.dep_ in ("nmod", "compound") for e in mentions.of_token(g)
                ]
            if not found and c.dep_ == "poss":
                found = resolve(c, mentions) or _pronoun_owner(c, noun, mentions)
            # "the Slepian shooting", "the U.S. Embassy blasts", "the Bin Laden investigation", "the Iran
            # sanctions": who it was done to
            victims: tuple[str, ...] = ("PERSON",) if c.dep_ == "poss" else ("PERSON", "ORG")
            if kind == "SANCTION" and c.dep_ == "compound":
                victims = ("PERSON", "ORG", "COUNTRY", "GROUP")
            if kind in DONE_TO and found and all(mentions.by_id[f].type in victims for f in found):
                recipients += found
                continue
            where = ("PLACE", "COUNTRY") if kind in ("ASSAULT", "PROTEST") else ("PLACE",)
            if c.dep_ == "compound" and found and all(mentions.by_id[f].type in where for f in found):
                places.append(c)  # "the Madrid summit", "the Kenya bombing": where, not who
                continue
            actors += found
    for name, obj in prep_objects(noun):
        first = name.split()[0]
        # "talks between", "an attack by", "the first meeting of the two leaders"
        if first in ("between", "by") or (first == "of" and symmetric):
            actors += resolve(obj, mentions)
        elif first in NOUN_RECIPIENT_PREPS:
            recipients += resolve(obj, mentions)
            if first == "to":
                places.append(obj)
        elif first in LOCATIVE_PREPS:
            places.append(obj)
    # "Russia's visit ... " has an owner; "talks between" too. A nominal event with none takes the
    # subject of the verb it is the object of only when that verb is a support verb ("sat down for talks").
    if not actors and noun.dep_ in ("dobj", "nsubjpass") and is_verb(noun.head):
        verb = noun.head
        if phrasal(verb) & owner_verbs:  # "Hamas called off the demonstration"
            if noun.dep_ == "nsubjpass":
                for _, obj in prep_objects(verb, "by"):
                    actors += resolve(obj, mentions)
            else:
                actors += resolve(subject(verb) or controller(verb), mentions)
    if not actors and noun.dep_ == "pobj" and noun.head.head != noun.head:
        verb = noun.head.head
        if is_verb(verb) and noun.head.lower_ in ("for", "in", "into") and verb.lemma_ in PURPOSE_VERBS:
            actors += resolve(subject(verb) or controller(verb), mentions)
        elif is_verb(verb) and noun.head.lower_ in ("after", "before", "following", "during") and recipients:
            # "Blinken told reporters after talks with his Japanese counterpart": he held them
            actors += [a for a in resolve(subject(verb) or controller(verb), mentions) if a not in recipients]
    return actors, recipients, places


def _pronoun_owner(pronoun: Token, noun: Token, mentions: Mentions) -> list[str]:
    """ "Gondor and Osgiliath have postponed their meeting": "their" is the clause's subject."""
    if pronoun.tag_ != "PRP$" or pronoun.lower_ not in ("his", "her", "its", "their"):
        return []
    head = noun.head
    while head != head.head and not is_verb(head):
        head = head.head
    if not is_verb(head):
        return []
    subj = subject(head) or controller(head)
    return resolve(subj, mentions) if subj is not None and subj != noun else []


def _origins(head: Token, mentions: Mentions) -> list[str]:
    """Where the subject of "S-400 systems arrived in India" comes from: its entity's country, or a
    nationality word on any mention of that entity ("Russian S-400 systems")."""
    subj = subject(head) or controller(head)
    if subj is None:
        return []
    for cand in antecedent_candidates(subj):
        for tok in noun_phrase_tokens(cand):
            for eid in mentions.of_token(tok):
                ent = mentions.by_id[eid]
                if ent.type == "COUNTRY":
                    return [eid]
                if ent.country:
                    found = mentions.by_code(ent.country)
                    if found:
                        return [found]
                for m in ent.mentions:
                    span = mentions.doc.char_span(m.start, m.end, alignment_mode="expand")
                    if span is None or span.start == 0:
                        continue
                    prev = mentions.doc[span.start - 1]
                    nationality = mentions.demonym(prev) or mentions.of_token(prev)
                    if nationality and mentions.by_id[nationality[0]].type == "COUNTRY":
                        return nationality[:1]
            adjective = mentions.demonym(tok)
            if adjective:
                return adjective
    return []


def _place(tokens: list[Token], mentions: Mentions) -> str | None:
    """The first place named outright ("in Geneva", "visit India"), not one a modifier implies."""
    for tok in tokens:
        for eid in [e for c in conjuncts(tok) for e in mentions.of_token(c)]:
            if mentions.by_id[eid].type in PLACE_TYPES:
                return eid
    return None


def _quantity(match: TriggerMatch, amounts: Sequence[Amount]) -> dict[str, Any] | None:
    """An amount among the trigger's arguments: "a deal on supplying 7.5 lakh AK-203 rifles"."""
    region: list[Token] = []
    for head in [match.head] + ([match.noun] if match.noun is not None else []):
        for c in head.children:
            if (
                c.dep_ in ("dobj", "obj")
                and c != match.noun
                or c.dep_ == "prep"
                and c.lower_ in QUANTITY_PREPS
            ):
                region.extend(c.subtree)
    if not region:
        return None
    chars = {(t.idx, t.idx + len(t.text)) for t in region}
    lo = min(a for a, _ in chars)
    hi = max(b for _, b in chars)
    for amount in amounts:
        if lo <= amount.start and amount.end <= hi and any(a <= amount.start < b for a, b in chars):
            return {"value": amount.value, "unit": amount.unit, "object": amount.object}
    return None
