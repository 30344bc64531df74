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
from .syntax import controller, is_noun, subject
from .triggers import NOUN_MODIFIER_DEPS, TriggerMatch

# the verb's phrase ends where another clause begins: "... in Gondor, AFP reported", "after crowds trashed"
CLAUSE_DEPS = frozenset({"advcl", "ccomp", "relcl", "conj", "parataxis", "csubj"})


def arrange_by_pattern(match: TriggerMatch, args: Arguments, mentions: Mentions) -> None:
    """The pattern's "+" and "$" name the target and the source standing where they stand ("* AT ^ +":
    the actor after "at"); with neither bound, the first actor in the verb's phrase is the target when
    there is no recipient, a subject marked as acted on ("+ * FROM $") swaps sides, and "% HAVE *" (or
    a two-way code with a compound and no one else) is the compound acting on its own members."""
    rule = match.rule
    verb = match.head
    bound = {marker: ids for marker, ids in _bound_roles(match, mentions).items() if ids}
    if bound:
        target, source = bound.get("+", []), bound.get("$", [])
        parties = args.actors + args.recipients
        if target:
            args.recipients = target
            args.actors = (
                source
                or [a for a in args.actors if a not in target]
                or [p for p in parties if p not in target]
            )
        else:
            args.actors = source
            args.recipients = [p for p in parties if p not in source]
        return
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
    elif len(args.actors) > 1 and (rule.joint or (rule.reverse_cameo and not args.recipients)):
        # "% HAVE *", or a two-way code with a compound and no one else: "Gondor and Osgiliath have
        # renewed diplomatic ties" ("RENEW [064:064]") is each one's act toward the other
        args.recipients = list(dict.fromkeys(args.actors + args.recipients))


def _bound_roles(match: TriggerMatch, mentions: Mentions) -> dict[str, list[str]]:
    """Who stands where the pattern put its "+" and "$": "* AT ^ +" in "warned at the Gondor ..."."""
    doc = match.head.doc
    out: dict[str, list[str]] = {}
    for role in match.rule.roles:
        tokens = [doc[i] for i in range(role.lo, role.hi)]
        if role.skips:  # "IFTAR AT ^ ^ +": past two noun phrases ("at Osgiliath with the parliament of")
            heads = [t for t in tokens if is_noun(t) and t.dep_ not in NOUN_MODIFIER_DEPS]
            tokens = [t for t in tokens if t.i > heads[role.skips - 1].i] if len(heads) >= role.skips else []
        for tok in reversed(tokens) if role.from_end else tokens:
            found = [e for e in mentions.of_token(tok) if mentions.by_id[e].type in ACTOR_TYPES]
            if found:
                named = [e for e in resolve(tok, mentions) if mentions.by_id[e].type in ACTOR_TYPES]
                out[role.marker] = list(dict.fromkeys(found + named))
                break
    return out


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
        if node.dep_ in CLAUSE_DEPS and not _purpose(node):
            return True
        node = node.head
    return False


def _purpose(clause: Token) -> bool:
    """ "signed an accord to supply Gondor": an infinitive of purpose belongs to the verb's phrase."""
    return clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
