"""Roles as PETRARCH verb dictionaries mean them, for the events such a dictionary codes.

PETRARCH reads a pattern's "+" and "$" as the target and the source wherever they stand, a "%" as a
compound acting on itself, and takes as the target the first actor in the verb's phrase when nothing
else is one ("arrived in Gondor", "will bargain for asylum in Gondor"). Our own lexicon says where a
place is a recipient rule by rule; a user's dictionary cannot, so its events follow PETRARCH's reading.
"""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import ACTOR_TYPES, Arguments
from .mentions import Mentions, resolve
from .syntax import controller, subject
from .triggers import TriggerMatch

# the verb's phrase ends where another clause begins: "... in Gondor, AFP reported", "after crowds trashed"
CLAUSE_DEPS = frozenset({"advcl", "ccomp", "relcl", "acl", "conj", "parataxis", "xcomp", "csubj"})


def arrange_by_pattern(match: TriggerMatch, args: Arguments, mentions: Mentions) -> None:
    """ "+ * FROM $": the subject is acted on and the others act; "% HAVE *": a compound subject acts on
    its own members ("Gondor and Osgiliath have postponed their meeting"); else, with no recipient, the
    first actor in the verb's phrase is the target."""
    rule = match.rule
    verb = match.head
    if not args.recipients:
        args.recipients = [e for e in phrase_actors(verb, mentions) if e not in args.actors][:1]
    if rule.subject_is_target:
        subj = subject(verb) or controller(verb)
        subject_side = (
            [e for e in resolve(subj, mentions) if e in args.actors + args.recipients] if subj else []
        )
        if subject_side:
            args.actors = [e for e in args.actors + args.recipients if e not in subject_side]
            args.recipients = subject_side
    elif rule.joint and len(args.actors) > 1:
        args.recipients = list(dict.fromkeys(args.actors + args.recipients))


def phrase_actors(verb: Token, mentions: Mentions) -> list[str]:
    """Who is named after the verb within its own clause, in text order."""
    out: list[str] = []
    for tok in verb.subtree:
        if tok.i <= verb.i or _crosses_clause(tok, verb):
            continue
        out.extend(e for e in mentions.of_token(tok) if mentions.by_id[e].type in ACTOR_TYPES)
    return list(dict.fromkeys(out))


def _crosses_clause(tok: Token, verb: Token) -> bool:
    node = tok
    while node != verb and node.head != node:
        if node.dep_ in CLAUSE_DEPS:
            return True
        node = node.head
    return False
