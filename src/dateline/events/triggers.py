"""Trigger matching: which words of a sentence name an event, by the lexicon's rules over the parse."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from .lexicon import Lexicon, TriggerRule
from .syntax import children, controller, is_noun, is_verb, particles, subject
from .verb_dictionary import NO_EVENT, VerbMatch, plover_type

NOUN_MODIFIER_DEPS = ("compound", "amod", "nmod", "npadvmod", "poss")
# "all of its allies", "a series of agreements": the noun after "of" is the object that counts
QUANTIFIERS = frozenset(
    {
        "all",
        "some",
        "one",
        "both",
        "each",
        "any",
        "none",
        "series",
        "number",
        "raft",
        "pair",
        "couple",
        "set",
        "range",
        "slew",
        "batch",
        "host",
        "string",
        "package",
        "round",
        "dozen",
        "handful",
    }
)


@dataclass
class TriggerMatch:
    """A word (and, for a light-verb phrase, the noun it takes) that names an event under a rule."""

    rule: TriggerRule
    head: Token  # the verb, or the noun of a nominal trigger
    noun: Token | None = None  # the event noun of a light-verb phrase or an object-constrained verb
    light: bool = False  # the verb only lends its clause to the noun's event

    @property
    def verbal(self) -> bool:
        return self.rule.kind == "verb" or self.light

    @property
    def tokens(self) -> list[Token]:
        toks = [self.head] + ([self.noun] if self.noun is not None else [])
        return sorted(toks, key=lambda t: t.i)


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _object_nouns(verb: Token) -> list[Token]:
    """A verb's direct objects; in the passive, its subject ("the deal was inked")."""
    objs = children(verb, "dobj", "obj", "attr")
    if any(c.dep_ == "auxpass" for c in verb.children):
        objs += children(verb, "nsubjpass")
    out: list[Token] = []
    for o in objs:
        out.append(o)
        out.extend(c for c in o.children if c.dep_ == "conj")
        # "all of its allies", "one of the deals"
        if o.lower_ in QUANTIFIERS or o.lemma_.lower() in QUANTIFIERS:
            out.extend(p2 for p in children(o, "prep") for p2 in children(p, "pobj"))
    return out


def _words_match(token: Token, wanted: frozenset[str]) -> bool:
    if "#counted" in wanted and any(c.dep_ == "nummod" or c.tag_ == "CD" for c in token.children):
        return True  # "contribute a million galleons", "donated 10 ambulances": whatever is counted
    return _lemma(token) in wanted or token.lower_ in wanted


def _modifier_lemmas(noun: Token) -> set[str]:
    return {_lemma(c) for c in noun.children if c.dep_ in NOUN_MODIFIER_DEPS} | {
        c.lower_ for c in noun.children if c.dep_ in NOUN_MODIFIER_DEPS
    }


def _only_time(prep: Token) -> bool:
    """ "agreed on Wednesday": a preposition whose object is a date says when, not what."""
    objects = children(prep, "pobj")
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _has_complement(verb: Token, infinitive: bool = False) -> bool:
    """A to-infinitive ("urged allies to forgo"), or with `infinitive` False also a clause or a
    prepositional gerund ("warned that ...", "warned against deploying")."""
    clauses = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
    if infinitive:
        return any(c.tag_ == "VB" and any(a.lower_ == "to" for a in c.children) for c in clauses)
    return bool(clauses) or any(
        c.dep_ == "prep" and any(g.dep_ == "pcomp" for g in c.children) for c in verb.children
    )


def _verb_rule_holds(rule: TriggerRule, verb: Token) -> tuple[bool, Token | None]:
    """Whether the rule's conditions hold for this verb, and the event noun it names, if any."""
    if rule.extra and not set(rule.extra) <= set(particles(verb)) | {
        c.lower_ for c in verb.children if c.dep_ in ("prep", "advmod")
    }:
        return False, None
    noun: Token | None = None
    if rule.unless_objects and any(_words_match(o, rule.unless_objects) for o in _object_nouns(verb)):
        return False, None
    if rule.objects:
        hits = [o for o in _object_nouns(verb) if _words_match(o, rule.objects)]
        if not hits:
            return False, None
        noun = hits[0]
    if rule.prep:
        # on the verb, or on its object: "pledged 50 million euros in aid"
        holders = [verb] + ([o for o in children(verb, "dobj", "obj")] if rule.prep_objects else [])
        preps = [
            c
            for h in holders
            for c in h.children
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ == rule.prep and not _only_time(c)
        ]
        if not preps:
            return False, None
        if rule.prep_objects:
            objs = [o for p in preps for o in children(p, "pobj") if _words_match(o, rule.prep_objects)]
            if not objs:
                return False, None
            noun = noun or objs[0]
    if rule.subjects:
        subj = subject(verb) or controller(verb)
        if subj is None or not any(_words_match(c, rule.subjects) for c in antecedent_candidates(subj)):
            return False, None
    if rule.complement == "prospective":
        if not any(c.dep_ == "ccomp" and _prospective(c) for c in verb.children):
            return False, None
    elif rule.complement and not _has_complement(verb, infinitive=rule.complement == "to"):
        return False, None
    if rule.unless_clause and any(c.dep_ == "ccomp" and not _prospective(c) for c in verb.children):
        return False, None
    return True, noun


def _prospective(clause: Token) -> bool:
    """A clause about what is to be done ("that their aides would follow up"), not a view of what is."""
    return any(
        c.dep_ == "aux" and c.lower_ in ("would", "will", "should", "shall", "must", "'d", "'ll")
        for c in clause.children
    )


def _antecedent(token: Token) -> Token:
    """What a relative pronoun stands for: the noun its clause modifies, or that noun's "of" object
    when the noun itself is an event ("the presentation of the S-400 system ... which has arrived")."""
    if token.lower_ in ("which", "that", "who") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def antecedent_candidates(token: Token) -> list[Token]:
    first = _antecedent(token)
    out = [first]
    if is_noun(first):
        out.extend(o for p in children(first, "prep") if p.lower_ == "of" for o in children(p, "pobj"))
    return out


def _noun_rule_holds(rule: TriggerRule, noun: Token) -> bool:
    if rule.extra and not set(rule.extra) <= _modifier_lemmas(noun):
        return False
    return not (rule.prep and not any(c.dep_ == "prep" and c.lower_ == rule.prep for c in noun.children))


def _best(candidates: Iterable[tuple[TriggerRule, Token | None]]) -> tuple[TriggerRule, Token | None] | None:
    ranked = sorted(candidates, key=lambda rc: (rc[0].specificity, rc[0].order), reverse=True)
    return ranked[0] if ranked else None


def _modifier_gerund(token: Token) -> bool:
    """ "paid tribute to bombing victims" parsed as "to [bombing [victims]]": a gerund right before its
    only dependent, a bare noun, after "to" is a noun modifier the parser took for a verb."""
    if token.tag_ != "VBG" or token.dep_ != "pcomp" or token.head.lower_ != "to":
        return False
    deps = list(token.children)
    return (
        len(deps) == 1
        and deps[0].dep_ == "dobj"
        and deps[0].i == token.i + 1
        and deps[0].tag_ in ("NNS", "NN")
        and not list(deps[0].children)
    )


def _is_modifier_noun(token: Token) -> bool:
    """A noun used to modify another ("assault" in "assault rifles") names no event."""
    return token.dep_ in ("compound", "amod", "nmod") and is_noun(token.head)


def match_sentence(
    tokens: Iterable[Token], lexicon: Lexicon, named: frozenset[int] = frozenset()
) -> list[TriggerMatch]:
    """Every trigger in a sentence's tokens: verbs first, then event nouns not already taken as the
    object of a matched verb. `named`: tokens inside a name ("the Cold War", "the Good Friday
    Agreement"), which are no event nouns."""
    tokens = list(tokens)
    matches: list[TriggerMatch] = []
    taken: set[int] = set()
    for tok in tokens:
        if not is_verb(tok) or tok.dep_ in ("amod", "compound") or _modifier_gerund(tok):
            continue
        if lexicon.dictionaries:
            coded = lexicon.code_verb(tok, tokens)
            if coded is not None:  # a user's verb dictionary knows the verb: it alone decides
                # its object is what the coded event is about ("postponed their meeting"), no event of its own
                taken.update({tok.i, *(o.i for o in _object_nouns(tok))})
                rule = dictionary_rule(coded, _lemma(tok))
                if rule is not None:
                    matches.append(TriggerMatch(rule, tok))
                continue
        lemma = _lemma(tok)
        rules = lexicon.verbs.get(lemma, [])
        if not rules and tok.lower_ in lexicon.verbs:
            rules = lexicon.verbs[tok.lower_]
        found = []
        for rule in rules:
            ok, noun = _verb_rule_holds(rule, tok)
            if ok:
                found.append((rule, noun))
        best = _best(found)
        if best is not None:
            rule, noun = best
            matches.append(TriggerMatch(rule, tok, noun))
            taken.add(tok.i)
            if noun is not None:
                taken.add(noun.i)
            continue
        if lemma in lexicon.light_verbs:
            light = _light_verb_match(tok, lexicon)
            if light is not None:
                matches.append(light)
                taken.update({tok.i, light.head.i} | ({light.noun.i} if light.noun is not None else set()))
    matches = [m for m in matches if not _content_of(m, matches)]
    for tok in tokens:
        if tok.i in taken or tok.i in named or not is_noun(tok) or _is_modifier_noun(tok):
            continue
        noun_rule = _noun_rule(tok, lexicon)
        if noun_rule is not None:
            matches.append(TriggerMatch(noun_rule, tok))
    return sorted(matches, key=lambda m: m.head.i)


def dictionary_rule(coded: VerbMatch, lemma: str) -> TriggerRule | None:
    """The rule a PETRARCH dictionary's code makes; None for "---" and codes with no PLOVER type."""
    back_only = coded.code == "" and coded.reverse_code not in (None, NO_EVENT)
    if coded.code in ("", NO_EVENT) and not back_only:
        return None
    # a pattern's code refines its verb's: one the CAMEO table does not know (a dictionary's own
    # refinement, "903") keeps the code and takes the verb's type
    code = coded.reverse_code if back_only and coded.reverse_code else coded.code
    type_name = plover_type(code) or plover_type(coded.base_code)
    if type_name is None:
        return None
    return TriggerRule(
        type=type_name,
        kind="verb",
        lemma=lemma,
        cameo=code,
        dictionary=True,
        reverse_cameo=None if back_only or coded.reverse_code == NO_EVENT else coded.reverse_code,
        subject_is_target=coded.target_first or back_only,
        joint=coded.joint,
        roles=coded.roles,
    )


def _content_of(match: TriggerMatch, matches: list[TriggerMatch]) -> bool:
    """ "ink the deal on supplying rifles": the supplying is what the deal is about, not an event told."""
    head = match.head
    if head.dep_ != "pcomp" or head.tag_ != "VBG":
        return False
    anchor = head.head.head
    return any(
        m is not match and anchor.i in {m.head.i, m.noun.i if m.noun is not None else -1} for m in matches
    )


def _noun_rule(noun: Token, lexicon: Lexicon) -> TriggerRule | None:
    lemma = _lemma(noun)
    rules = lexicon.nouns.get(lemma) or lexicon.nouns.get(noun.lower_) or []
    best = _best((r, None) for r in rules if _noun_rule_holds(r, noun))
    return best[0] if best else None


def _light_verb_match(verb: Token, lexicon: Lexicon) -> TriggerMatch | None:
    """ "hold talks", "launch an attack", "sit down for talks": the noun's event in the verb's clause."""
    candidates = _object_nouns(verb) + [
        o for p in children(verb, "prep") if p.lower_ in ("for", "in", "into") for o in children(p, "pobj")
    ]
    for noun in candidates:
        rule = _noun_rule(noun, lexicon)
        if rule is not None:
            return TriggerMatch(rule, verb, noun, light=True)
    return None
