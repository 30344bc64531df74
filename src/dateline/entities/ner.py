"""Names found by spaCy's NER and by the gazetteer, merged into one set of non-overlapping candidates.

Where both find a name the knowledge base decides who and what it is; NER keeps the names the knowledge
base does not know. Overlaps go to the longer span, ties to the knowledge base, with two exceptions:
an NER span that swallows a known person ("White House Press Secretary Jen Psaki" as one ORG) yields to
the person, and a PERSON span that starts with a known title or country ("US President Joe Biden") is
trimmed to the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cues import LEADING_DROP, NER_TYPES, TITLES_BEFORE_NAME, is_time_word

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..knowledge.model import KnownEntity
    from .gazetteer import KnownMatch


@dataclass
class Candidate:
    """A name in the text: tokens [tok_start, tok_end), what NER called it, who the knowledge base says."""

    tok_start: int
    tok_end: int
    start: int  # characters
    end: int
    label: str | None = None  # spaCy NER label, when NER found it
    known: tuple[KnownEntity, ...] = ()

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Candidate) -> bool:
        return self.tok_start < other.tok_end and other.tok_start < self.tok_end

    def inside(self, other: Candidate) -> bool:
        return other.tok_start <= self.tok_start and self.tok_end <= other.tok_end


def _char_span(doc: Doc, a: int, b: int) -> tuple[int, int]:
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def ner_candidates(doc: Doc) -> list[Candidate]:
    """spaCy's entities of the labels we read, trimmed of "the", possessives and edge punctuation."""
    out = []
    body = doc.text  # built on each access: read it once
    for ent in doc.ents:
        if ent.label_ not in NER_TYPES:
            continue
        a, b = ent.start, ent.end
        while a < b and (doc[a].lower_ in LEADING_DROP or doc[a].is_punct or doc[a].is_space):
            a += 1
        while b > a and (
            doc[b - 1].lower_ in {"'s", "’s", "'", "and", "or", "nor"}
            or doc[b - 1].is_punct
            or doc[b - 1].is_space
        ):
            b -= 1
        if ent.label_ == "PERSON":
            while b - a > 1 and doc[a].lower_ in TITLES_BEFORE_NAME and doc[a].is_title:
                a += 1
        if a >= b:
            continue
        start, end = _char_span(doc, a, b)
        text = body[start:end]
        if not any(c.isalpha() for c in text) or text.islower() or is_time_word(text):
            continue
        out.append(Candidate(a, b, start, end, label=ent.label_))
    return out


def known_candidates(doc: Doc, matches: list[KnownMatch]) -> list[Candidate]:
    out = []
    for m in matches:
        start, end = _char_span(doc, m.start, m.end)
        out.append(Candidate(m.start, m.end, start, end, known=m.candidates))
    return out


def is_compound(doc: Doc, cand: Candidate) -> bool:
    """A hyphenated headline compound ("Biden-Putin"): a bare hyphen token between two names."""
    return any(
        doc[i].text in {"-", "–"} and doc[i].idx == doc[i - 1].idx + len(doc[i - 1].text)
        for i in range(cand.tok_start + 1, cand.tok_end - 1)
    )


def merge_candidates(doc: Doc, known: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """One non-overlapping list of candidates, in text order, from the gazetteer's and NER's."""
    pool: list[Candidate] = []
    for cand in found:
        inner = [k for k in known if k.inside(cand)]
        if cand.label == "PERSON":
            # a PERSON span that starts with a known non-person ("US President Joe Biden") loses that part
            lead = [k for k in inner if k.tok_start == cand.tok_start and k.tok_end < cand.tok_end]
            lead = [k for k in lead if all(e.type != "PERSON" for e in k.known)]
            if lead:
                cut = max(k.tok_end for k in lead)
                while cut < cand.tok_end and (doc[cut].lower_ in TITLES_BEFORE_NAME or doc[cut].is_punct):
                    cut += 1
                if cut >= cand.tok_end:
                    continue
                start, _ = _char_span(doc, cut, cand.tok_end)
                cand = Candidate(cut, cand.tok_end, start, cand.end, label=cand.label)
        elif any(
            any(e.type == "PERSON" for e in k.known)
            and (k.tok_start, k.tok_end) != (cand.tok_start, cand.tok_end)
            for k in inner
        ) and not is_compound(doc, cand):
            continue  # an ORG/GPE span that swallowed a known person: the person wins
        elif _lists_names(doc, cand, inner):
            continue  # "Arnor, Osgiliath and Gondor" as one ORG: a list of names the knowledge base knows
        pool.append(cand)
    for k in known:
        same = next((c for c in pool if (c.tok_start, c.tok_end) == (k.tok_start, k.tok_end)), None)
        if same is not None:
            same.known = k.known
        else:
            pool.append(k)
    # compounds are settled later (when we know the article's people); their pieces stay candidates
    # a name both NER and the knowledge base agree on is never cut by a span crossing its edge
    # ("President Xi" must not take "Xi" out of "Chinese President Xi Jinping")
    agreed = [c for c in pool if c.label and c.known]
    order = sorted(pool, key=lambda c: (is_compound(doc, c), -c.length, c.label is None, c.start))
    chosen: list[Candidate] = []
    for cand in order:
        if any(_crosses(cand, k) for k in agreed):
            continue
        if not any(cand.overlaps(c) for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


# words that join two names into a list or a possessive, not into one name
# ("Osgiliath with Gondor" taken as one place: no name is "X with Y")
_LIST_JOINERS = frozenset({"and", "or", "nor", ",", "'s", "’s", "with", "of"})


def _lists_names(doc: Doc, cand: Candidate, inner: list[Candidate]) -> bool:
    """An NER span made of two or more known names joined by "and", "or", "of", a comma or a possessive
    ("Gondor and Arnor", "Arnor's Elrond", "Gondor of the Prince of Dol Amroth"), or by a verb
    ("Gondor condemned Mordor": no name holds a verb), when the knowledge base does not know the whole span. Names
    of people do not count: "Johnson and Johnson" is a company, not two Johnsons."""
    if any((k.tok_start, k.tok_end) == (cand.tok_start, cand.tok_end) for k in inner):
        return False
    names = sorted(
        {(k.tok_start, k.tok_end) for k in inner if k.known and all(e.type != "PERSON" for e in k.known)}
    )
    if len(names) < 2:
        return False
    covered = {i for a, b in names for i in range(a, b)}
    return any(
        (doc[i].lower_ in _LIST_JOINERS or doc[i].pos_ == "VERB") and i not in covered
        for i in range(names[0][1], names[-1][0])
    )


def _crosses(a: Candidate, b: Candidate) -> bool:
    return a.overlaps(b) and not a.inside(b) and not b.inside(a)


def pick_known(cand: Candidate, seen: set[str]) -> KnownEntity | None:
    """Among namesakes, the one already in the article, else the one whose type NER agrees with."""
    if not cand.known:
        return None
    for e in cand.known:
        if e.kb_id in seen:
            return e
    from .cues import LABEL_AGREES

    agree = LABEL_AGREES.get(cand.label or "", set())
    for e in cand.known:
        if e.type in agree:
            return e
    return cand.known[0]
