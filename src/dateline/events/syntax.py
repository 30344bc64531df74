"""Small questions asked of the dependency parse: subjects, objects, clause chains, noun phrases.

The labels are spaCy's English (ClearNLP) dependency labels.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
OBJECTS = ("dobj", "obj", "dative", "iobj", "attr", "oprd")
# Links along which a verb shares its governor's clause: "is scheduled to visit", "started arriving".
CHAIN_DEPS = ("xcomp", "acomp")
MODALS = frozenset({"will", "shall", "'ll", "wo", "may", "might", "could", "can", "should", "would", "must"})
WH_TIME = frozenset({"when", "where", "while", "as"})


def is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") or token.tag_ in ("NN", "NNS")


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def particles(token: Token) -> list[str]:
    return [c.lower_ for c in token.children if c.dep_ == "prt"]


def phrasal(verb: Token) -> set[str]:
    """A verb's lemma, and with its particles ("call off") when it has any."""
    lemma = verb.lemma_.lower()
    out = {lemma}
    for p in particles(verb):
        out.add(f"{lemma} {p}")
    return out


def auxiliaries(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in ("aux", "auxpass", "neg")]


def has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECTS for c in verb.children)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return c
    return None


def controller(verb: Token, depth: int = 0) -> Token | None:
    """Who does what a verb says when it has no subject of its own: "the Russian President is scheduled
    to visit" (the governor's subject), "Biden pressed Putin to rein in" (the governor's object),
    "Biden will underscore ... and reaffirm" (the first conjunct's subject)."""
    if depth > 6:
        return None
    own = subject(verb)
    if own is not None:
        if own.lower_ in ("which", "that", "who", "whom") and verb.dep_ == "relcl":
            return verb.head
        return own
    head = verb.head
    if head == verb:
        return None
    if verb.dep_ == "xcomp":
        objects = children(head, "dobj", "obj")
        # "called on all states to cooperate": the one called on
        if head.lemma_.lower() in ("call", "prevail", "rely", "count"):
            objects += [
                o for p in children(head, "prep") if p.lower_ in ("on", "upon") for o in children(p, "pobj")
            ]
        # "pressed Putin to rein in": the object does it; "promised Kyiv to send", "used drones to
        # attack": the subject does
        if objects and head.lemma_ not in (
            "promise",
            "threaten",
            "vow",
            "pledge",
            "use",
            "take",
            "spend",
            "employ",
        ):
            return objects[0]
        return controller(head, depth + 1)
    if verb.dep_ in ("conj", "advcl", "acomp"):
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children):
            return None
        return controller(head, depth + 1) if is_verb(head) or head.pos_ == "ADJ" else None
    if verb.dep_ in ("acl", "relcl"):
        return head if is_noun(head) else None
    if verb.dep_ == "pcomp":
        return controller(head.head, depth + 1) if head.head != head else None
    return None


def governors(token: Token) -> list[Token]:
    """The verbs and adjectives whose complement the token is, nearest first: for "visit" in "is
    scheduled to visit" that is [scheduled]; for "arriving" in "has already started arriving",
    [started]. Stops at a new clause."""
    out: list[Token] = []
    cur = token
    while cur.dep_ in CHAIN_DEPS and cur.head != cur and len(out) < 6:
        cur = cur.head
        out.append(cur)
    # "The deal ... was agreed upon" - nothing; "is about to restore": "about" governs via prep
    if cur.dep_ == "pcomp" and cur.head.lower_ in ("about",):
        out.append(cur.head)
    return out


def clause_head(token: Token) -> Token:
    """The top of the verb chain a token belongs to (itself for a plain finite verb)."""
    chain = governors(token)
    return chain[-1] if chain else token


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it: "Biden and Putin", "Mordor, Rohan and Bree"."""
    out = [token]
    stack = [token]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c.dep_ == "conj" and c not in out:
                out.append(c)
                stack.append(c)
    return out


def prep_objects(token: Token, *preps: str) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs under a token: "with Ukraine", "between Biden and Putin",
    "ahead of the call" (as "ahead of"), "according to sources"."""
    for p in token.children:
        if (
            p.dep_ == "prep"
            or (p.dep_ == "agent" and p.lower_ == "by")
            or (p.dep_ == "dative" and p.tag_ == "IN")
        ):
            name = p.lower_
            objs = children(p, "pobj")
            if not objs:
                inner = children(p, "prep")
                if inner:
                    name = f"{name} {inner[0].lower_}"
                    objs = children(inner[0], "pobj")
            if preps and name not in preps and name.split()[0] not in preps:
                continue
            for o in objs:
                yield name, o
        elif p.dep_ == "advmod" and p.lower_ in ("ahead", "prior", "according"):
            for inner_prep in children(p, "prep"):
                for o in children(inner_prep, "pobj"):
                    if not preps or p.lower_ in preps:
                        yield f"{p.lower_} {inner_prep.lower_}", o


def noun_phrase_tokens(token: Token) -> list[Token]:
    """A noun's own phrase, without relative clauses and clausal modifiers."""
    out = [token]
    for c in token.children:
        if c.dep_ in ("relcl", "acl", "advcl", "punct", "cc", "conj", "appos"):
            continue
        out.extend(noun_phrase_tokens(c))
    return out


def path_to(token: Token, target: Token, limit: int = 12) -> int | None:
    """How many steps up from token to target, or None if target does not govern token."""
    steps = 0
    cur = token
    while steps <= limit:
        if cur == target:
            return steps
        if cur.head == cur:
            return None
        cur = cur.head
        steps += 1
    return None
