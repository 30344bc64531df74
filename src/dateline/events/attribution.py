"""Who says an event happened: the speaker of the quote it stands in, or the subject of the reporting verb
that governs it ("confirmed the White House", "government sources told ANI", "according to X")."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..model import Quote
from .mentions import Mentions, resolve
from .status import Cues
from .syntax import children, controller, prep_objects, subject


def _speaker(verb: Token, mentions: Mentions) -> str | None:
    # inverted "..., confirmed White House" / "said the spokesperson": the NP after the verb
    subj = subject(verb)
    candidates = [subj] if subj is not None else children(verb, "dobj", "attr")
    if subj is None:
        ruler = controller(verb)
        candidates += [ruler] if ruler is not None else []
    for cand in candidates:
        found = resolve(cand, mentions)
        if found:
            return found[0]
    if verb.lemma_.lower() == "tell":  # "government sources told ANI": the outlet that reports it
        for listener in children(verb, "dobj", "dative", "iobj"):
            found = resolve(listener, mentions)
            if found:
                return found[0]
    return None


def attribute(trigger: Token, quotes: Sequence[Quote], mentions: Mentions, cues: Cues) -> str | None:
    for q in quotes:
        if q.start <= trigger.idx < q.end and q.speaker:
            return q.speaker
    cur = trigger
    for _ in range(8):
        for c in cur.children:  # "X will hold a call on Tuesday, confirmed White House"
            said_by = subject(c)
            inverted = said_by is None or said_by.i > c.i  # not "..., and the EU said it was ..."
            if (
                c.dep_ in ("conj", "parataxis")
                and c.lemma_.lower() in cues.reporting
                and c.i > trigger.i
                and inverted
            ):
                found = _speaker(c, mentions)
                if found:
                    return found
        for _name, obj in prep_objects(cur, "according", "according to", "as per"):
            named = resolve(obj, mentions)
            if named:
                return named[0]
        if cur.head == cur:
            return None
        if cur.dep_ in ("ccomp", "parataxis", "conj") and cur.head.lemma_.lower() in cues.reporting:
            found = _speaker(cur.head, mentions)
            if found:
                return found
        cur = cur.head
    return None
