"""Who speaks: the speaker phrase of a speech cue, and the entity it stands for.

The phrase comes from the parse (the cue verb's subject; the object of "according to"), with fallbacks
for parses that hang the speaker elsewhere ("..., Minister Ajay Bhatt said" parsed as an apposition).
The entity is the one whose mention covers the phrase's head; pronouns go to the last person spoken of,
an unnamed spokesperson to the organisation named inside the phrase, a bare title ("the minister") to
the last person introduced with it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Entity, Span
from .rules import QuoteRules

SUBJECT_DEPS = ("nsubj",)  # a passive subject ("the decision was announced") is never the speaker
NP_POS = {"NOUN", "PROPN", "PRON", "ADJ", "DET", "NUM", "PART"}
# entity types an unnamed spokesperson speaks for, best first
SPEAKS_FOR = ("ORG", "GROUP", "COUNTRY", "PLACE")
BOUNDARY = {",", ";", ":", '"', "\u201c", "\u201d", "\u2014", "\u2013", "(", ")"}


@dataclass
class Speaker:
    start: int
    end: int
    head: Token


class Mentions:
    """Entity mentions of one document, looked up by position."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        rows = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda r: (r[0], -r[1])
        )
        self.rows = rows
        self.starts = [r[0] for r in rows]

    def covering(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Mentions that contain [start, end), narrowest first."""
        i = bisect.bisect_right(self.starts, start)
        hits = [r for r in self.rows[:i] if r[0] <= start and r[1] >= end]
        return sorted(hits, key=lambda r: r[1] - r[0])

    def inside(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [r for r in self.rows[lo:hi] if r[1] <= end]

    def before(self, pos: int) -> list[tuple[int, int, Entity]]:
        """Mentions that start before `pos`, latest first."""
        return list(reversed(self.rows[: bisect.bisect_left(self.starts, pos)]))


def subject_of(verb: Token, r: QuoteRules, quoted: set[int]) -> Token | None:
    """The speaker head of a speech verb: its subject, the subject of the verb it is conjoined to
    ("Psaki confirmed plans and said ..."), or the noun phrase written right against it."""
    seen = 0
    v = verb
    while seen < 4:
        for child in v.children:
            if child.dep_ in SUBJECT_DEPS and child.i not in quoted:
                if child.lower_ in r.not_speakers:
                    # "Smith, who said ...": the relative pronoun stands for the noun it follows
                    return v.head if v.dep_ == "relcl" and v.head.pos_ in ("NOUN", "PROPN") else None
                return child
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.pos_ in ("VERB", "AUX") and v.head.i != v.i:
            v = v.head
            seen += 1
            continue
        break
    return _adjacent_noun(verb, quoted)


def _adjacent_noun(verb: Token, quoted: set[int]) -> Token | None:
    """The noun written against a speech verb: "..., Defence Minister Ajay Bhatt said" (left) or
    "..., said the spokesperson" (right)."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].dep_ in ("aux", "neg", "advmod") and doc[i].i not in quoted:
        i -= 1
    if i >= 0 and doc[i].i not in quoted and doc[i].pos_ in ("NOUN", "PROPN", "PRON"):
        return doc[i]
    if i >= 0 and doc[i].text in BOUNDARY | {"\u2019", "'"}:
        j = verb.i + 1
        head = None
        while j < len(doc) and j not in quoted and doc[j].pos_ in NP_POS and doc[j].text not in BOUNDARY:
            if doc[j].pos_ in ("NOUN", "PROPN", "PRON"):
                head = doc[j]
            j += 1
        return head
    return None


def phrase_of(head: Token, quoted: set[int]) -> Speaker:
    """The written speaker phrase around its head: its left modifiers and "of"/"for" phrases, never
    crossing a quote, a comma or the speech verb."""
    doc = head.doc
    left = head.left_edge.i
    for k in range(head.i - 1, left - 1, -1):
        if k in quoted or doc[k].text in BOUNDARY - {"(", ")"} or doc[k].pos_ in ("VERB", "AUX"):
            left = k + 1
            break
    # a phrase the parse split off ("Union Minister of State (MoS) for Defence Ajay Bhatt")
    k = left - 1
    while k >= 0 and k not in quoted and doc[k].text not in BOUNDARY - {"(", ")"}:
        if (
            doc[k].pos_ not in ("PROPN", "NOUN", "ADP", "ADJ", "DET", "PUNCT", "CCONJ")
            or doc[k].is_sent_start
        ):
            if doc[k].is_sent_start and doc[k].pos_ in ("PROPN", "NOUN", "ADJ", "DET"):
                left = k
            break
        if doc[k].pos_ == "ADP" and doc[k].lower_ not in ("of", "for", "at"):
            break
        if doc[k].pos_ == "PUNCT" and doc[k].text not in "()":
            break
        left = k
        k -= 1
    while left < head.i and doc[left].pos_ in ("ADP", "CCONJ", "PUNCT") and doc[left].text != "(":
        left += 1
    right = head.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "from") and child.i == right + 1:
            last = child.right_edge.i
            if any(t.i in quoted or t.text in BOUNDARY for t in doc[child.i : last + 1]):
                break
            right = last
        elif child.dep_ in ("compound", "flat", "nummod") and child.i == right + 1:
            right = child.right_edge.i
        else:
            break
    return Speaker(doc[left].idx, doc[right].idx + len(doc[right].text), head)


class Resolver:
    """Turns speaker phrases into entity ids, remembering who spoke and who was spoken of."""

    def __init__(
        self, doc: Doc, text: str, entities: Sequence[Entity], r: QuoteRules, quoted: set[int] | None = None
    ) -> None:
        self.doc = doc
        self.quoted = quoted or set()  # tokens inside quote marks: their words are not the writer's
        self.text = text  # Doc.text is rebuilt from the tokens on every call
        self.r = r
        self.mentions = Mentions(entities)
        self.by_id = {e.id: e for e in entities}
        self.speakers: list[tuple[int, Entity]] = []  # (position, entity) of resolved speakers
        self.heads: list[tuple[str, Entity]] = []  # (head word, entity) of resolved speaker phrases

    def resolve(self, sp: Speaker) -> str | None:
        entity = self._resolve(sp)
        if entity is not None:
            self.speakers.append((sp.start, entity))
            self.heads.append((sp.head.lower_, entity))
            return entity.id
        return None

    def peek(self, sp: Speaker) -> Entity | None:
        """What `resolve` would give, without remembering it."""
        return self._resolve(sp)

    def _resolve(self, sp: Speaker) -> Entity | None:
        head, r = sp.head, self.r
        h0, h1 = head.idx, head.idx + len(head.text)
        covering = self.mentions.covering(h0, h1)
        persons = [c for c in covering if c[2].type == "PERSON"]
        named = [c for c in covering if c[2].type != "PERSON"]
        if named and not persons:
            return named[0][2]
        low = head.lower_
        if low in r.spokesperson_words and head.pos_ != "PROPN":
            # an unnamed spokesperson speaks for the organisation named inside the phrase
            inner = [m for m in self.mentions.inside(sp.start, sp.end) if not (m[0] <= h0 and m[1] >= h1)]
            for kind in SPEAKS_FOR:
                hits = [m for m in inner if m[2].type == kind]
                if hits:
                    return max(hits, key=lambda m: m[1] - m[0])[2]
        if covering:
            return (persons or named)[0][2]
        if low in r.person_pronouns:
            return self.last_person(h0)
        if low in r.org_pronouns:
            return self.last_speaker(h0, persons=False) or self.last_subject(h0, SPEAKS_FOR)
        if low == "they" and head.tag_ == "PRP":
            return self.last_plural(head)
        if low in r.title_words:
            found = self.titled_person(head)
            if found is not None:
                return found
        inner = self.mentions.inside(sp.start, sp.end)
        for kind in ("PERSON", *SPEAKS_FOR):
            hits = [m for m in inner if m[2].type == kind]
            if hits:
                return hits[-1][2]
        if any(c.dep_ == "det" and c.lower_ == "the" for c in head.lefts):
            # "the official" after "a senior Pentagon official said ..."
            for word, entity in reversed(self.heads):
                if word == low:
                    return entity
        return None

    def last_speaker(self, pos: int, persons: bool) -> Entity | None:
        for at, entity in reversed(self.speakers):
            if at < pos and (entity.type == "PERSON") == persons:
                return entity
        return None

    def last_person(self, pos: int) -> Entity | None:
        """The person a pronoun at `pos` stands for: the latest person who spoke or was a subject."""
        speaker = self.last_speaker(pos, persons=True)
        speaker_at = max((at for at, e in self.speakers if e is speaker), default=-1)
        fallback: Entity | None = None
        for start, end, entity in self.mentions.before(pos):
            if entity.type != "PERSON":
                continue
            if start < speaker_at:
                break
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJECT_DEPS:
                return entity
            fallback = fallback or entity
        return speaker or fallback

    def last_subject(self, pos: int, types: tuple[str, ...]) -> Entity | None:
        """The latest entity of these types that was the subject of a clause before `pos`."""
        for start, end, entity in self.mentions.before(pos):
            if entity.type not in types:
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJECT_DEPS:
                return entity
        return None

    def last_plural(self, pronoun: Token) -> Entity | None:
        """The one party "they" stands for: the latest plural subject in its sentence or the one before,
        when that names one group or body ("Protesters blocked a highway. 'We will not go home,' they
        said"; "Tanzanian police", "FBI agents"). None when it names several ("Biden and Putin": a quote
        has one speaker) or no one ("officials")."""
        doc = pronoun.doc
        if not doc.has_annotation("SENT_START"):
            return None
        sent = pronoun.sent
        first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for tok in reversed(doc[first : pronoun.i]):
            if tok.dep_ not in SUBJECT_DEPS or tok.i in self.quoted:
                continue
            if tok.tag_ == "PRP" and tok.lower_ == "they":  # an earlier "they": the same party
                continue
            if tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children):
                return None
            own = [m[2] for m in self.mentions.covering(tok.idx, tok.idx + len(tok.text))]
            if tok.tag_ not in ("NNS", "NNPS") and tok.lower_ != "police":
                continue  # a singular subject is no "they"
            if tok.tag_ == "NNPS" and any(e.type != "GROUP" for e in own):
                continue  # a name in the plural is one: "the United States", "the Philippines"
            # the group the noun is a mention of ("Tanzanian police"), else the body named before it
            # ("FBI agents")
            modifiers = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
            modifiers += [
                g for c in modifiers for g in c.children if g.dep_ == "conj"
            ]  # "Russian and Ukrainian"
            for words in ([tok], modifiers):
                found = {
                    entity.id: entity
                    for w in words
                    for _s, _e, entity in self.mentions.covering(w.idx, w.idx + len(w.text))
                    if entity.type in ("GROUP", "ORG", "COUNTRY")
                }
                if found:
                    return next(iter(found.values())) if len(found) == 1 else None
            return None
        return None

    def titled_person(self, head: Token) -> Entity | None:
        """ "the minister": the latest person whose role or written title has that word."""
        word = head.lower_
        for start, _end, entity in self.mentions.before(head.idx):
            if entity.type != "PERSON":
                continue
            if entity.role and word in entity.role.lower().split():
                return entity
            lead = self.text[max(0, start - 60) : start].lower().split()[-6:]
            if word in lead:
                return entity
        return None


def cue_span(doc: Doc, text: str, first: int, last: int) -> Span:
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return Span(start, end, text[start:end])
