"""Which way from the document date an expression points, from the tense of the verb that governs it.

"will hold a call on Tuesday" points forward, "said on Friday" back. With a spaCy parse we read the
governing verb and its auxiliaries; without one we look at the words around the expression.
Returns -1 (past), +1 (future), 0 (present: the nearest one) or None (no clue).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PAST, PRESENT, FUTURE = -1, 0, 1

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d", "could", "can", "may", "might", "must", "should"}
_PAST_AUX = {"was", "were", "had", "did", "'d"}
_FUTURE_GOVERNORS = {
    "schedule",
    "expect",
    "plan",
    "intend",
    "aim",
    "hope",
    "set",
    "due",
    "go",
    "want",
    "prepare",
    "propose",
    "likely",
    "slate",
    "poise",
    "seek",
    "vow",
    "promise",
    "threaten",
    "agree",
    "decide",
    "forecast",
    "postpone",
    "delay",
    "defer",
    "adjourn",
    "reschedule",
    # directives look ahead from when they were given: "were told to leave by Wednesday"
    "tell",
    "order",
    "ask",
    "urge",
    "instruct",
    "warn",
    "advise",
    "direct",
    "require",
    "invite",
}


# Verbs whose time is the time of what was planned: "planned a rally on Saturday", "has scheduled a
# news conference Thursday", "was set for March".
_PLANNING = {"plan", "schedule", "slate", "expect", "intend", "reschedule", "postpone", "delay", "defer"}
_INTENTION_NOUNS = {
    "agreement",
    "plan",
    "deal",
    "offer",
    "bid",
    "proposal",
    "decision",
    "promise",
    "pledge",
    "intention",
    "commitment",
    "attempt",
    "effort",
    "move",
    "order",
    "request",
    "call",
    "deadline",
}
_SCHEDULE_WORDS = {"payable", "effective", "due", "expiring", "through", "thru"}


def _aux_words(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def verb_tense(verb: Token) -> int | None:
    auxes = _aux_words(verb)
    words = [a.lower_ for a in auxes]
    if any(w in _FUTURE_AUX for w in words):
        return FUTURE
    if verb.lower_ in ("will", "shall"):
        return FUTURE
    # "is to visit", "is due to", "is scheduled to": the infinitive hangs off a present-tense governor.
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        head = verb.head
        if head.i == verb.i:
            return FUTURE
        if head.pos_ not in ("VERB", "AUX", "ADJ"):
            if head.lemma_.lower() in _INTENTION_NOUNS:
                return PRESENT  # "an agreement to acquire the company in January": what is intended
            # "held celebrations to mark the entry on Friday": the clause around the noun decides
            clause = _governing_verb(head)
            return verb_tense(clause) if clause is not None and clause.i != verb.i else None
        governing = head.head if head.pos_ == "ADJ" and head.head.i != head.i else head
        governor = verb_tense(governing)
        if governor == PAST and "had" in {a.lower_ for a in _aux_words(governing)} | {governing.lower_}:
            return PAST  # "had been scheduled to expire Friday": a plan already past (or superseded)
        going = head.lemma_.lower() == "go" and head.tag_ == "VBG"  # "going to visit"
        if going or (head.lemma_.lower() in _FUTURE_GOVERNORS - {"go"}) or head.lemma_ == "be":
            # "is scheduled to visit": ahead; "was scheduled to visit": ahead of a past moment, so unclear.
            return FUTURE if governor != PAST else PRESENT
        return FUTURE if governor in (FUTURE, PRESENT) else governor
    if (
        verb.tag_ == "VBN"
        and verb.lemma_.lower() in _FUTURE_GOVERNORS
        and any(w in ("is", "are", "am", "'s", "'re") for w in words)
    ):
        return FUTURE  # "is expected in December", "are scheduled for Monday"
    if any(w in _PAST_AUX for w in words) or any(a.tag_ == "VBD" for a in auxes):
        # "was scheduled to", "was to" look forward from a past moment: no clear direction from now.
        return PAST
    if verb.tag_ == "VBD":
        return PAST
    if verb.tag_ == "VBN":
        if any(w in ("has", "have", "'ve") for w in words):
            return PAST
        if any(w in ("is", "are", "am", "be", "'s", "'re", "being") for w in words):
            return PRESENT
        return PAST if verb.dep_ not in ("amod", "acl") else None
    if verb.tag_ == "VBG" and any(a.lower_ in ("is", "are", "am", "'s", "'re") for a in auxes):
        return FUTURE  # "is meeting on Tuesday": a present progressive with a time is an arrangement
    if verb.tag_ in ("VBZ", "VBP"):
        return PRESENT
    if verb.tag_ == "MD":
        return FUTURE if verb.lower_ in _FUTURE_AUX else None
    return None


def _governing_verb(token: Token) -> Token | None:
    seen = 0
    node = token
    while seen < 12:
        if node.pos_ in ("VERB", "AUX") and node.i != token.i:
            return node
        if node.head.i == node.i:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        seen += 1
    return None


def _attached_to(token: Token, verb: Token) -> bool:
    """Whether `token` modifies `verb` directly or through one preposition ("expires on Sunday")."""
    head = token.head
    if head.i == verb.i:
        return True
    return head.dep_ == "prep" and head.head.i == verb.i


def _present_perfect_or_passive(verb: Token) -> bool:
    """ "has been postponed", "is delayed": a present result whose time adverbial can lie ahead."""
    words = {a.lower_ for a in _aux_words(verb)}
    return (
        verb.tag_ == "VBN"
        and bool(words & {"has", "have", "'s", "'ve", "is", "are", "am"})
        and not (words & {"had", "was", "were", "'d"})
    )


def tense_from_doc(doc: Doc, start: int, end: int) -> int | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return None  # "the Jan. 14 deadline", "a June agreement": a noun's modifier, not the verb's time
    if root.dep_ == "poss" and root.head.dep_ not in ("nsubj", "nsubjpass"):
        return None  # "get around Wednesday's ruling"; but "Friday's session will focus" is the subject's
    verb = _governing_verb(root)
    if verb is None:
        return None
    if verb.pos_ == "AUX" and verb.dep_ in ("aux", "auxpass") and verb.head.i != verb.i:
        verb = verb.head
    before = doc[span.start - 1] if span.start > 0 else None
    tense = verb_tense(verb)
    if before is not None and before.lower_ in _SCHEDULE_WORDS and tense == PAST:
        return None  # "payable Dec. 15", "effective Feb. 1": a schedule, whatever the tense of the report
    if tense == PAST and verb.lemma_.lower() in _PLANNING and _attached_to(root, verb) and root.i > verb.i:
        # "planned a rally on Saturday", "was planned for early March": the time planned for, not the
        # planning ("On Friday, the government planned to pay" is when it planned)
        tense = PRESENT
    if tense == PRESENT and not _attached_to(root, verb):
        # "before Friday's purchases is far below": the present tense belongs to a noun's clause
        tense = None
    if (
        before is not None
        and before.lower_ in ("until", "till", "by")
        and tense == PAST
        and _present_perfect_or_passive(verb)
    ):
        return FUTURE  # "has been postponed until Thursday": the time named lies ahead
    return tense


_FUTURE_WORDS = re.compile(
    r"\b(?:will|'ll|shall|would|going\s+to|is\s+to|are\s+to|scheduled|expected|due|plans?|planning|"
    r"set\s+to|slated|likely|could|may|might|intends?|aims?|to\s+be)\b",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(?:said|was|were|had|did|told|met|went|came|took|made|held|began|rose|fell|saw|gave|left|won|lost|"
    r"struck|spoke|wrote|became|brought|fought|sent|built|sold|paid|kept|found|thought|got|ran|\w{3,}ed)\b",
    re.IGNORECASE,
)


def tense_from_words(text: str, sentence_start: int, start: int, end: int) -> int | None:
    """A guess from the words before and after, when no parse is at hand."""
    before = re.split(r"[.!?;]\s", text[max(sentence_start, start - 60) : start])[-1]
    after = re.split(r"[.!?;]\s", text[end : end + 40])[0]
    if _FUTURE_WORDS.search(before) or re.match(r"\W*(?:will|would)\b", after):
        return FUTURE
    if _PAST_WORDS.search(before) or re.match(r"\W*\w+ed\b|\W*(?:said|was|were)\b", after):
        return PAST
    return None
