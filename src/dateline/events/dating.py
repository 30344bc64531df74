"""Dating an event: the time expression attached to its clause or noun; else the nearest governing one;
else (only when nothing in the text says) a TIMEX3 reference derived from its status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Time
from .syntax import SUBJECTS, governors, is_verb, prep_objects
from .triggers import TriggerMatch

# Prepositions that place a nominal event before or after the clause's time: it does not share it.
RELATIVE_PREPS = frozenset(
    {"ahead", "before", "after", "following", "since", "until", "prior", "till", "pending"}
)
# Clause links through which a verb's time reaches its dependants ("sitting down for talks in June").
OPEN_CLAUSE_DEPS = ("xcomp", "acomp", "pcomp", "conj", "advcl", "acl", "prep", "pobj", "dobj", "npadvmod")
# Verbs and adjectives whose complement happens at their own time: "is scheduled to visit India on
# December 6", "has started arriving", "is expected to sign on Friday". Others (agree, decide, threaten,
# urge ...) have a time of their own.
SHARED_TIME_GOVERNORS = frozenset(
    {
        "be",
        "schedule",
        "set",
        "due",
        "expect",
        "likely",
        "about",
        "start",
        "begin",
        "continue",
        "keep",
        "go",
        "poise",
        "slate",
        "plan",
        "seem",
        "appear",
        "able",
        "unlikely",
        "sure",
        "certain",
    }
)
REFERENCE_BY_STATUS = {"occurred": "PAST_REF", "ongoing": "PRESENT_REF", "planned": "FUTURE_REF"}


@dataclass
class TimeAnchor:
    time: Time
    head: Token  # the token the expression hangs from in the parse
    tokens: frozenset[int]


def anchor_times(doc: Doc, times: Sequence[Time]) -> list[TimeAnchor]:
    out: list[TimeAnchor] = []
    for t in times:
        if t.type not in ("DATE", "TIME") or not t.value:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        head = span.root
        # "on Tuesday": the preposition, so the phrase hangs from the verb it modifies
        out.append(TimeAnchor(t, head, frozenset(tok.i for tok in span)))
    return out


def _attachment(anchor: TimeAnchor) -> Token:
    """The word the time phrase modifies: for "on Tuesday" the verb; for "the July 9 call" the noun."""
    cur = anchor.head
    while cur.dep_ in ("pobj", "npadvmod", "nummod", "compound", "appos") or cur.dep_ == "prep":
        if cur.head == cur:
            break
        cur = cur.head
        if is_verb(cur) or (cur.pos_ in ("NOUN", "PROPN") and cur.i not in anchor.tokens):
            return cur
    return cur


def _is_open(verb: Token) -> bool:
    """A non-finite clause without its own subject or subordinator shares its governor's time."""
    if any(c.dep_ in SUBJECTS or c.dep_ == "mark" for c in verb.children):
        return False
    return verb.tag_ in ("VBG", "VBN", "VB") or verb.dep_ in ("xcomp", "pcomp")


def _reaches(start: Token, frame: set[int], limit: int = 8) -> int | None:
    """Steps from `start` up to a token of `frame`, through phrases and open (subjectless) clauses."""
    cur = start
    steps = 0
    while steps <= limit:
        if cur.i in frame:
            return steps
        if cur.head == cur:
            return None
        if is_verb(cur) and steps > 0 and not _is_open(cur):
            return None
        if cur.dep_ in ("relcl", "ccomp", "parataxis") or (cur.dep_ == "advcl" and not _is_open(cur)):
            return None
        if cur.dep_ == "pobj" and cur.head.lower_ in RELATIVE_PREPS:
            return None
        cur = cur.head
        steps += 1
    return None


def _sharing(verb: Token) -> tuple[list[Token], bool]:
    """The governors whose time is the event's ("is scheduled to visit", "started arriving"), and
    whether an opaque one stands above them ("agreed on Wednesday to deepen ties": the deepening is
    not on Wednesday)."""
    out: list[Token] = []
    for gov in governors(verb):
        if gov.lemma_.lower() not in SHARED_TIME_GOVERNORS:
            return out, True
        out.append(gov)
    return out, False


def _frame(match: TriggerMatch) -> set[int]:
    """The tokens whose attached times date the event: trigger, its noun, and its governing chain."""
    toks = {match.head.i}
    if match.noun is not None:
        toks.add(match.noun.i)
    if match.verbal:
        toks.update(t.i for t in _sharing(match.head)[0])
    elif match.head.dep_ in ("nsubj", "nsubjpass", "attr") and match.head.head.lemma_ == "be":
        toks.add(match.head.head.i)  # "The last known call ... was on July 9"
    return toks


def date_event(match: TriggerMatch, anchors: Sequence[TimeAnchor]) -> TimeAnchor | None:
    """The time expression that dates this trigger, or None."""
    frame = _frame(match)
    best: tuple[int, int, TimeAnchor] | None = None
    for anchor in anchors:
        if anchor.head.i in frame:
            continue
        steps = _reaches(anchor.head, frame)
        if steps is None:
            continue
        key = (steps, abs(anchor.head.i - match.head.i))
        if best is None or key < best[:2]:
            best = (*key, anchor)
    if best is not None:
        return best[2]
    return _governing(match, anchors)


def _governing(match: TriggerMatch, anchors: Sequence[TimeAnchor]) -> TimeAnchor | None:
    """The nearest time that governs the trigger: the "July 9" of "was on July 9, when Biden pressed
    Putin"; the clause a participle or a nominal hangs from ("during Putin's visit" on Monday)."""
    by_token = {i: a for a in anchors for i in a.tokens}
    cur = match.head
    if match.verbal:
        chain, opaque = _sharing(cur)
        if opaque:
            return None
        cur = chain[-1] if chain else cur
    for _ in range(6):
        if cur.head == cur:
            return None
        if cur.dep_ == "pobj" and cur.head.lower_ in RELATIVE_PREPS:
            return None
        if cur.dep_ == "prep" and cur.lower_ in RELATIVE_PREPS:
            return None
        if cur.dep_ in ("relcl", "advcl") and any(c.lower_ in ("when", "where") for c in cur.children):
            found = by_token.get(cur.head.i)
            if found is not None:
                return found
        is_clause = is_verb(cur)
        if is_clause and not _is_open(cur) and cur != match.head:
            return None
        if cur.dep_ in ("ccomp", "parataxis", "relcl") or (cur.dep_ == "advcl" and not _is_open(cur)):
            return None
        cur = cur.head
        found = by_token.get(cur.i)
        if found is not None:
            return found
        for anchor in anchors:
            if _attachment(anchor) == cur and anchor.head != cur:
                steps = _reaches(anchor.head, {cur.i}, limit=3)
                if steps is not None:
                    return anchor
    return None


def reference_value(status: str | None) -> str | None:
    return REFERENCE_BY_STATUS.get(status or "")


def definite(noun: Token) -> bool:
    """ "the call", "this meeting": a noun that refers back to an event already told."""
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those")
        for c in noun.children
    )


def has_prep(token: Token, *preps: str) -> bool:
    return any(True for _ in prep_objects(token, *preps))
