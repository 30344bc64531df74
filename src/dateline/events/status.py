"""Status: occurred | ongoing | planned | hypothetical | negated, from tense, aspect, modals and cue words
(data/events/status.yaml). Nothing dated after the publication time is `occurred`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Token

from .syntax import auxiliaries, children, governors, is_verb, phrasal

OCCURRED, ONGOING, PLANNED, HYPOTHETICAL, NEGATED = (
    "occurred",
    "ongoing",
    "planned",
    "hypothetical",
    "negated",
)
STATUSES = (OCCURRED, ONGOING, PLANNED, HYPOTHETICAL, NEGATED)


@dataclass(frozen=True)
class Cues:
    neg_governors: frozenset[str]
    neg_noun_governors: frozenset[str]
    negators: frozenset[str]
    neg_modifiers: frozenset[str]
    neg_phrases: tuple[str, ...]
    hyp_modals: frozenset[str]
    hyp_governors: frozenset[str]
    hyp_markers: frozenset[str]
    hyp_modifiers: frozenset[str]
    hyp_nouns: frozenset[str]
    speech_acts: frozenset[str]
    plan_modals: frozenset[str]
    plan_governors: frozenset[str]
    be_to: bool
    before_preps: frozenset[str]
    plan_modifiers: frozenset[str]
    plan_nouns: frozenset[str]
    ongoing_governors: frozenset[str]
    ongoing_modifiers: frozenset[str]
    past_modifiers: frozenset[str]
    after_preps: frozenset[str]
    past_governors: frozenset[str]
    performatives: frozenset[str]
    reporting: frozenset[str]


def _set(section: dict, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in section.get(key) or [])


def read_cues(path: Path | str) -> Cues:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    neg, hyp, plan = data.get("negated", {}), data.get("hypothetical", {}), data.get("planned", {})
    ong, occ = data.get("ongoing", {}), data.get("occurred", {})
    return Cues(
        neg_governors=_set(neg, "governors"),
        neg_noun_governors=_set(neg, "noun_governors"),
        negators=_set(neg, "negators"),
        neg_modifiers=_set(neg, "modifiers"),
        neg_phrases=tuple(str(p).lower() for p in neg.get("phrases") or []),
        hyp_modals=_set(hyp, "modals"),
        hyp_governors=_set(hyp, "governors"),
        hyp_markers=_set(hyp, "markers"),
        hyp_modifiers=_set(hyp, "modifiers"),
        hyp_nouns=_set(hyp, "nouns"),
        speech_acts=_set(hyp, "speech_acts"),
        plan_modals=_set(plan, "modals"),
        plan_governors=_set(plan, "governors"),
        be_to=bool(plan.get("be_to", True)),
        before_preps=_set(plan, "before_preps"),
        plan_modifiers=_set(plan, "modifiers"),
        plan_nouns=_set(plan, "nouns"),
        ongoing_governors=_set(ong, "governors"),
        ongoing_modifiers=_set(ong, "modifiers"),
        past_modifiers=_set(occ, "modifiers"),
        after_preps=_set(occ, "after_preps"),
        past_governors=_set(occ, "governors"),
        performatives=_set(occ, "performatives"),
        reporting=frozenset(str(w).lower() for w in data.get("reporting") or []),
    )


@cache
def bundled_cues() -> Cues:
    return read_cues(Path(str(resources.files("dateline") / "data" / "events" / "status.yaml")))


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _negated(token: Token, cues: Cues) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in cues.negators)
        for c in token.children
    )


def _conditional(token: Token, cues: Cues) -> bool:
    """The clause, or one it hangs from, opens with "if", "unless", "whether"; or it has an "if" clause
    of its own ("the EU will lift sanctions if the opposition may run")."""
    if _lemma(token) not in cues.speech_acts:
        for c in token.children:
            if c.dep_ == "advcl" and any(
                m.dep_ in ("mark", "advmod") and m.lower_ in cues.hyp_markers for m in c.children
            ):
                return True
    cur = token
    for _ in range(8):
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in cues.hyp_markers for c in cur.children):
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _finite_frame(verb: Token) -> Token:
    """The verb that carries tense for a conjoined verb without auxiliaries of its own."""
    cur = verb
    while cur.dep_ == "conj" and not auxiliaries(cur) and is_verb(cur.head) and cur.tag_ in ("VB", "VBG"):
        cur = cur.head
    return cur


def verb_status(verb: Token, cues: Cues) -> str | None:
    """The status a verb's own clause gives its event; None when it says nothing (a bare participle)."""
    head = verb.head
    if (
        verb.dep_ == "conj"
        and head != verb
        and is_verb(head)
        and not any(c.dep_ in ("aux", "auxpass", "neg", "nsubj", "nsubjpass") for c in verb.children)
    ):
        # "was scheduled to lay flowers, talk to the guards and meet the president": the first
        # conjunct's frame holds for the others
        return verb_status(head, cues)
    chain = [verb, *governors(verb)]
    for n, tok in enumerate(chain):
        if _negated(tok, cues):
            # "did not agree": negated; "has not been able to" too; but "urged Israel not to launch
            # an offensive" asks for something that has not happened: hypothetical
            if n == 0 and any(_lemma(g) in cues.hyp_governors for g in chain[1:]):
                return HYPOTHETICAL
            return NEGATED
    for gov in chain[1:]:
        if _lemma(gov) in cues.neg_governors:
            return NEGATED
    if _conditional(verb, cues):
        return HYPOTHETICAL
    for gov in chain[1:]:
        lemma = _lemma(gov)
        if lemma in cues.hyp_governors:
            return HYPOTHETICAL
        if lemma in cues.plan_governors:
            return PLANNED
        if lemma in cues.ongoing_governors:
            return ONGOING
        if lemma in cues.past_governors:
            return OCCURRED
    frame = _finite_frame(verb)
    for tok in [frame, *governors(frame)]:
        for aux in auxiliaries(tok):
            word = aux.lower_
            if word in cues.plan_modals:
                return PLANNED
            if word in cues.hyp_modals:
                if word == "would" and _reported(tok, cues):
                    return PLANNED
                return HYPOTHETICAL
    top = chain[-1]
    # "Putin is to visit India": be + to-infinitive
    if cues.be_to and verb.dep_ == "xcomp" and _lemma(verb.head) == "be" and verb.tag_ == "VB":
        return PLANNED
    tense_tok = frame if frame != verb else top
    tense = _tense(tense_tok, cues)
    if tense is None and tense_tok.tag_ == "VB" and any(a.lower_ == "to" for a in auxiliaries(tense_tok)):
        return _infinitive(tense_tok, cues)
    return tense


def _infinitive(verb: Token, cues: Cues) -> str:
    """A to-infinitive no chain explains ("he wants diplomats to meet his son", "flew to Rome to meet
    the Pope"): what its governing verb says, else not (yet) happened."""
    head = verb.head
    if verb.dep_ == "advcl" and is_verb(head) and head != verb:  # "attended a rally to demand ...": purpose
        return verb_status(head, cues) or PLANNED
    if verb.dep_ == "acl" and _lemma(head) in cues.hyp_nouns:  # "a request to hold talks"
        return HYPOTHETICAL
    if head != verb:
        lemma = _lemma(head)
        if lemma in cues.neg_governors or _negated(head, cues):
            return NEGATED
        if lemma in cues.hyp_governors or lemma in ("want", "wish", "hope", "need"):
            return HYPOTHETICAL
    return PLANNED


def _reported(token: Token, cues: Cues) -> bool:
    cur = token
    for _ in range(6):
        if cur.head == cur:
            return False
        if cur.dep_ in ("ccomp", "conj", "parataxis") and _lemma(cur.head) in cues.reporting:
            return True
        cur = cur.head
    return False


def _tense(token: Token, cues: Cues) -> str | None:
    auxes = [a for a in auxiliaries(token) if a.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    tag = token.tag_
    if tag == "VBD":
        return OCCURRED
    if tag == "VBN":
        if words & {"has", "have", "had", "'ve", "'s", "was", "were", "been", "'d"}:
            return OCCURRED
        if words & {"is", "are", "am", "'re", "being"}:
            return ONGOING if "being" in words else OCCURRED
        return None
    if tag == "VBG":
        if words & {"was", "were"}:
            return OCCURRED
        if words & {"is", "are", "am", "'re", "'m", "been"}:
            return ONGOING
        return None
    if tag in ("VBZ", "VBP"):
        if words & {"did"} or _lemma(token) in cues.performatives:
            return OCCURRED  # "China condemns the attack": done in the saying
        return ONGOING
    if tag == "VB":
        if words & {"did"}:
            return OCCURRED
        if words & {"to"} and token.dep_ in ("ROOT",):
            return PLANNED  # headline "Biden to visit India"
        if words & {"do", "does"}:
            return ONGOING
        return None
    return None


def noun_status(noun: Token, cues: Cues) -> str | None:
    """A nominal event's status from its modifiers ("the last known call", "the upcoming visit"), the
    preposition that places it ("ahead of the call"), or the clause it is an argument of."""
    mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "advmod", "nmod", "det")}
    mods |= {
        g.lower_
        for c in noun.children
        if c.dep_ == "amod"
        for g in c.children
        if g.dep_ in ("amod", "advmod")
    }
    if mods & cues.neg_modifiers:
        return NEGATED
    if mods & cues.past_modifiers:
        return OCCURRED
    if mods & cues.hyp_modifiers:
        return HYPOTHETICAL
    if mods & cues.plan_modifiers:
        return PLANNED
    if mods & cues.ongoing_modifiers:
        return ONGOING
    head = noun.head
    if noun.dep_ == "pobj":
        prep = head
        word = prep.lower_
        outer = prep.head if prep.head != prep else prep
        if word == "of" and outer.lower_ in ("ahead", "prior"):
            word = outer.lower_
        if word in cues.before_preps:
            return PLANNED
        if word in cues.after_preps:
            return OCCURRED
        if word == "for" and _lemma(outer) in cues.plan_nouns:
            return PLANNED
        head = outer
        if not is_verb(head) and head.head != head:
            head = head.head if is_verb(head.head) else head
    if not is_verb(head):
        return None
    if _conditional(head, cues):  # "if the family's appeals are unsuccessful"
        return HYPOTHETICAL
    forms = {f.replace(" ", "_") for f in phrasal(head)}
    if noun.dep_ in ("dobj", "nsubjpass") and forms & cues.neg_noun_governors:
        return NEGATED  # "called off the demonstration", "the visit was postponed"
    if _lemma(head) in cues.reporting or _lemma(head) in ("disclose", "discuss", "see", "welcome", "condemn"):
        return None
    if noun.dep_ in ("dobj", "pobj", "dative", "attr"):
        # "China did not respond to India's request": the request was made all the same; the clause
        # only says when it lies (past, present or ahead)
        said = verb_status(head, cues)
        if said == OCCURRED and head.tag_ in ("VBZ", "VBP"):
            return ONGOING  # "Washington warns of a Russian troop buildup": the buildup is under way
        return said if said in (OCCURRED, ONGOING, PLANNED) else None
    if noun.dep_ in ("nsubj", "nsubjpass"):
        # "The meeting ... is likely to see", "the talks will focus on": what is said of a nominal
        # event that lies ahead means the event itself lies ahead
        target = head
        for _ in range(4):
            nxt = [c for c in target.children if c.dep_ in ("xcomp", "acomp")]
            if not nxt:
                break
            target = nxt[0]
        status = verb_status(target, cues)
        if status in (HYPOTHETICAL, PLANNED):
            return PLANNED
        return status if status in (OCCURRED, ONGOING) and _lemma(head) == "be" else None
    return verb_status(head, cues)


def after_publication(value: str | None, published: str | None) -> bool:
    """Whether a TIMEX3 date value lies wholly after the publication day (compared at its granularity)."""
    if not value or not published or not value[:4].isdigit():
        return False
    n = len(value)
    return value > published[:n] if n in (4, 7, 10) else False


def is_reporting(token: Token, cues: Cues) -> bool:
    return _lemma(token) in cues.reporting


def negation_phrase(sentence_text: str, cues: Cues) -> bool:
    low = sentence_text.lower()
    return any(p in low for p in cues.neg_phrases)


def objects_of(token: Token) -> list[Token]:
    return children(token, "dobj", "obj")
