"""Descriptions that point at someone by office, resolved by the article's date: "the Russian President",
"the press Secretary", "the Kremlin spokesman", "his Russian counterpart"; and plurals that point at
the two most salient entities of a type: "the two leaders", "the two countries", "both sides".

Who is meant: first the person the description stands in front of ("his Russian counterpart Vladimir
Putin"); then someone already named in the article who holds that office on the date or was given that
title in the text; then the holder of the office on the date from the knowledge base.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .coref import is_strong_title
from .cues import DESCRIPTION_DETERMINERS, HEAD_OFFICES, OFFICE_NOUNS, PLURALS, POSSESSIVES
from .table import Draft, EntityTable

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..knowledge import KnowledgeBase
    from ..knowledge.model import KnownEntity
    from ..model import Sentence

_MAX_QUALIFIER = 4  # words between the determiner and the office noun ("the White House press secretary")
_SPOKES = ("spokesman", "spokesperson", "spokeswoman")


@dataclass
class Description:
    tok_start: int  # the determiner
    tok_end: int  # after the office noun
    start: int
    end: int
    phrase: str  # without the determiner: "Russian President", "press Secretary"
    office: str  # the office noun, lower case: "president", "press secretary"
    qualifier: str  # the words before it: "Russian", "Kremlin", ""
    possessive: bool  # "his Russian counterpart"


class Context:
    """What resolving a description needs: the article, its entities so far, its date and the KB."""

    def __init__(
        self, doc: Doc, table: EntityTable, sentences: list[Sentence], on: date, kb: KnowledgeBase
    ) -> None:
        self.doc, self.table, self.on, self.kb = doc, table, on, kb
        self.sentences = sentences
        self._sentence_starts = [s.start for s in sentences]
        self._office_words = kb.office_words()
        # first words of every office phrase: most tokens start none, and are skipped without joining
        self._office_firsts = {w.split(" ")[0] for w in OFFICE_NOUNS | self._office_words}
        self._lowers = [t.lower_ for t in doc]

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def window(self, pos: int, back: int) -> int:
        """The start of the sentence `back` sentences before the one holding `pos`."""
        if not self.sentences:
            return 0
        return self.sentences[max(0, self.sentence_index(pos) - back)].start

    def known_office(self, phrase: str) -> bool:
        return " ".join(phrase.lower().replace("-", " ").split()) in self._office_words


def _office_at(
    doc: Doc, j: int, known: set[str], lowers: list[str] | None = None, firsts: set[str] | None = None
) -> int:
    """How many tokens from `j` spell an office noun ("press secretary" = 2), longest first; 0 if none.
    `lowers` (every token's lower_) and `firsts` (the first words of OFFICE_NOUNS and `known`) make it
    fast; the answer is the same without them."""
    if lowers is None:
        lowers = [t.lower_ for t in doc[j : j + 3]]
        j0 = j
    else:
        j0 = 0
        if firsts is not None and j < len(lowers):
            first = lowers[j]
            if first not in firsts and first and not any(c.isspace() for c in first):
                return 0  # no phrase starts with this word
    for n in (3, 2, 1):
        if j + n <= len(doc):
            words = " ".join(lowers[j - j0 : j - j0 + n])
            if words in OFFICE_NOUNS or (n > 1 and words in known):
                return n
    return 0


def _country_after_of(ctx: Context, k: int) -> tuple[int, str]:
    """Tokens from `k` that spell "of (the) <country>" ("President of Russia"): how many and the
    country's words, or (0, "")."""
    doc = ctx.doc
    if k >= len(doc) or doc[k].lower_ != "of":
        return 0, ""
    m = k + 1 + int(k + 1 < len(doc) and doc[k + 1].lower_ == "the")
    for n in (3, 2, 1):
        if m + n <= len(doc) and doc[m].is_title and _country_code(ctx, doc[m : m + n].text):
            return m + n - k, doc[m : m + n].text
    return 0, ""


def find_descriptions(ctx: Context) -> list[Description]:
    """Every "the/his <qualifier> <office> [of <country>]" and "<Country>'s <office>" phrase, in order."""
    doc = ctx.doc
    known = ctx._office_words
    out: list[Description] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        genitive = bool(
            tok.is_title
            and i + 2 < len(doc)
            and doc[i + 1].text in {"'s", "’s"}
            and _country_code(ctx, tok.text)
        )
        if tok.lower_ not in DESCRIPTION_DETERMINERS and not genitive:
            i += 1
            continue
        found = None
        first = i + 2 if genitive else i + 1
        for j in range(first, min(len(doc), first + 1 + _MAX_QUALIFIER)):
            n = _office_at(doc, j, known, ctx._lowers, ctx._office_firsts)
            if n:
                between = doc[first:j]
                if all(t.is_title or t.is_upper or t.lower_ in known or "." in t.text for t in between) or (
                    ctx.known_office(doc[first : j + n].text)
                ):
                    found = (j, n)
                break
            if genitive or doc[j].is_punct and doc[j].text not in {".", "-"} or doc[j].is_space:
                break
        if found is None:
            i += 1
            continue
        j, n = found
        end_tok = j + n
        qualifier = tok.text if genitive else doc[first:j].text
        of, country_words = _country_after_of(ctx, end_tok)
        if of and not qualifier:
            qualifier = country_words
            end_tok += of
        start, end = tok.idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
        out.append(
            Description(
                tok_start=i,
                tok_end=end_tok,
                start=start,
                end=end,
                phrase=doc[i if genitive else first : end_tok].text,
                office=" ".join(t.lower_ for t in doc[j : j + n]),
                qualifier=qualifier,
                possessive=tok.lower_ in POSSESSIVES,
            )
        )
        i = end_tok
    return out


def _person_at(ctx: Context, tok: int) -> Draft | None:
    """The person whose mention starts at token `tok` (apposition: "his counterpart Vladimir Putin")."""
    if tok >= len(ctx.doc):
        return None
    start = ctx.doc[tok].idx
    for (a, _b), draft in _mention_index(ctx.table).items():
        if a == start and draft.type == "PERSON":
            return draft
    return None


def _mention_index(table: EntityTable) -> dict[tuple[int, int], Draft]:
    return {(a, b): d for d in table.drafts.values() for (a, b) in d.mentions}


def _recent_people(ctx: Context, before: int, since: int = 0) -> list[Draft]:
    """People mentioned in [since, before), the most recent first."""
    seen: list[tuple[int, Draft]] = []
    for person in ctx.table.of_type("PERSON"):
        starts = [s for s in person.starts() if since <= s < before]
        if starts:
            seen.append((max(starts), person))
    return [p for _, p in sorted(seen, key=lambda x: -x[0])]


def _country_code(ctx: Context, words: str) -> str | None:
    if not words:
        return None
    country = ctx.kb.country_by_adjective(words)
    return country.code if country is not None and country.type == "COUNTRY" else None


def _counterpart(ctx: Context, d: Description) -> KnownEntity | None:
    """ "his Russian counterpart": the holder, in that country, of the office the subject holds."""
    country = _country_code(ctx, d.qualifier)
    if country is None:
        return None
    people = _recent_people(ctx, d.start, ctx.window(d.start, 0)) or _recent_people(
        ctx, d.start, ctx.window(d.start, 1)
    )
    for subject in people:
        if subject.known is None:
            continue
        for office in ctx.kb.roles_on(subject.known, ctx.on):
            if office.country == country:
                continue
            # the office's other names find its equivalent: Russia's "Foreign Minister" is the US
            # "Secretary of State" through the alias both share
            for words in (*office.aliases, office.title.split(" of ")[0]):
                found = ctx.kb.holder(words, country, ctx.on)
                if found is not None and found is not subject.known:
                    return found
        break
    for head in HEAD_OFFICES:
        found = ctx.kb.holder(head, country, ctx.on)
        if found is not None:
            return found
    return None


def _named_earlier(ctx: Context, d: Description, holders: list[KnownEntity]) -> Draft | None:
    """Someone already in the article who holds the office on the date, or whom the text gave the title."""
    ids = {h.kb_id for h in holders}
    qualifier = d.qualifier.lower()
    country = _country_code(ctx, d.qualifier)
    for person in _recent_people(ctx, d.start):
        if person.known is not None and person.known.kb_id in ids:
            return person
        for title in person.titles:
            low = title.lower()
            if (
                d.office in low
                and is_strong_title(title)
                and (not qualifier or qualifier in low or (country is not None and person.country == country))
            ):
                return person
    return None


def _context_countries(ctx: Context, pos: int) -> list[str]:
    """Countries the text around `pos` is about: nearby first, then the article's most mentioned."""
    near: list[str] = []
    counts: Counter[str] = Counter()
    since = ctx.window(pos, 1)
    for draft in ctx.table.drafts.values():
        if draft.country is None:
            continue
        before = [s for s in draft.starts() if s < pos]
        counts[draft.country] += len(before)
        if any(s >= since for s in before) and draft.country not in near:
            near.append(draft.country)
    return near + [c for c, _ in counts.most_common() if c not in near]


def resolve_description(ctx: Context, d: Description) -> Draft | KnownEntity | None:
    """Who a description means on the article's date (a draft already in the article, or a KB entry)."""
    after = _person_at(ctx, d.tok_end)
    if after is not None:
        return after
    if d.office == "counterpart":
        return _counterpart(ctx, d) if d.possessive else None
    holders = ctx.kb.holders(d.phrase, None, ctx.on)
    earlier = _named_earlier(ctx, d, holders)
    if earlier is not None:
        return earlier
    spokes = any(w in d.office for w in _SPOKES)
    if spokes and not ctx.known_office(d.phrase):
        return None  # "the State Department spokesperson": one of several, unnamed
    if len(holders) == 1:
        return holders[0]
    if d.office in {"leader"}:
        country = _country_code(ctx, d.qualifier)
        for head in HEAD_OFFICES if country else ():
            found = ctx.kb.holder(head, country, ctx.on)
            if found is not None:
                return found
    if not d.qualifier and d.office not in {"minister", "leader"}:
        for country in _context_countries(ctx, d.start)[:3]:
            found = ctx.kb.holder(d.phrase, country, ctx.on)
            if found is not None:
                return found
    return None


@dataclass
class Plural:
    start: int
    end: int
    type: str  # PERSON COUNTRY or SIDES (countries, else people)


_PLURALS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _type in PLURALS.items():  # in PLURALS' order, so matches come out in the same order
    _PLURALS_BY_FIRST.setdefault(_words[0], []).append((_words, _type))


def find_plurals(doc: Doc) -> list[Plural]:
    out = []
    lowers = [t.lower_ for t in doc]
    for i in range(len(doc)):
        for words, type_ in _PLURALS_BY_FIRST.get(lowers[i], ()):
            if tuple(lowers[i : i + len(words)]) == words:
                last = doc[i + len(words) - 1]
                out.append(Plural(doc[i].idx, last.idx + len(last.text), type_))
    return out


def _two_salient(ctx: Context, type_: str, pos: int, back: int = 2) -> list[Draft]:
    """The two entities of a type most recently mentioned before `pos` (within three sentences), else the
    two most mentioned in the article so far."""
    since = ctx.window(pos, back)
    recent: list[tuple[int, Draft]] = []
    counts: list[tuple[int, int, Draft]] = []
    for draft in ctx.table.of_type(type_):
        before = [s for s in _stand_ins(ctx, draft, type_) if s < pos]
        if not before:
            continue
        if max(before) >= since:
            recent.append((max(before), draft))
        counts.append((len(before), -min(before), draft))
    picked = [d for _, d in sorted(recent, key=lambda x: -x[0])][:2]
    for _, _, draft in sorted(counts, key=lambda x: (-x[0], -x[1])):
        if len(picked) == 2:
            break
        if draft not in picked:
            picked.append(draft)
    return picked if len(picked) == 2 else []


def _stand_ins(ctx: Context, draft: Draft, type_: str) -> list[int]:
    """Where a draft is mentioned; for a country, also where its people are ("Putin will visit India.
    The two countries ..." means Russia and India)."""
    starts = draft.starts()
    if type_ == "COUNTRY" and draft.code:
        for person in ctx.table.of_type("PERSON"):
            if person.country == draft.code:
                starts.extend(person.starts())
    return sorted(starts)


_JOINING_PREPOSITIONS = {"with", "between", "against"}


def _joined(x: Token, y: Token) -> bool:
    """Whether two names (their head tokens, `x` first) are named as a pair: "X and Y", "between X and
    Y", "X warned Y", "X met with Y", "X held talks with Y"."""
    if y.dep_ == "conj" and y.head.i == x.i:
        return len(_coordinated(x)) == 2  # "France, Germany, Italy and Britain" is no pair
    if x.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = x.head
    if y.dep_ in {"dobj", "dative"} and y.head.i == verb.i:
        return True
    if y.dep_ == "pobj" and y.head.lower_ in _JOINING_PREPOSITIONS:
        governor = y.head.head
        return governor.i == verb.i or (governor.dep_ == "dobj" and governor.head.i == verb.i)
    return False


def _coordinated(tok: Token) -> list[Token]:
    """`tok` and every word coordinated with it ("France, Germany, Italy and Britain")."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj":
            out.extend(_coordinated(child))
    return out


def _joined_pair(ctx: Context, types: tuple[str, ...], pos: int, back: int) -> list[Draft]:
    """The two entities (of one of `types`) most recently named as a pair in one sentence before `pos`,
    within `back` sentences, or []."""
    since = ctx.window(pos, back)
    heads: list[tuple[int, Token, Draft]] = []
    best: tuple[int, list[Draft]] | None = None
    for draft in ctx.table.of_type(*types):
        for a, b in draft.mentions:
            if not since <= a < b <= pos:
                continue
            owners = ctx.table.owners_at(a, b)
            if len(owners) == 2 and owners[0].type == owners[1].type:
                if best is None or a > best[0]:
                    best = (a, owners)  # an earlier plural ("the two presidents ..., both sides said")
                continue
            span = ctx.doc.char_span(a, b)
            if span is not None and len(owners) == 1:
                heads.append((a, span.root, draft))
    for a, x, d in heads:
        for b, y, e in heads:
            if e is d or e.type != d.type or not a < b or (best is not None and b <= best[0]):
                continue
            if _joined(x, y):
                best = (b, [d, e])
    return best[1] if best is not None else []


def resolve_plural(ctx: Context, p: Plural) -> list[Draft]:
    if p.type == "PERSON":
        # the two named together win over whoever was named last ("Biden warned Putin ... Zelenskyy said
        # ... the two presidents")
        return _joined_pair(ctx, ("PERSON",), p.start, 8) or _two_salient(ctx, p.type, p.start)
    if p.type != "SIDES":
        return _two_salient(ctx, p.type, p.start)
    pair = _joined_pair(ctx, ("COUNTRY", "PERSON"), p.start, 3)
    if pair:
        return pair  # the parties of the talks just named ("Biden and Putin will hold a call")
    since = ctx.window(p.start, 3)
    for type_ in ("COUNTRY", "PERSON", "ORG"):
        pair = _two_salient(ctx, type_, p.start, back=3)
        if pair and all(any(since <= s < p.start for s in d.starts()) for d in pair):
            return pair
    return []
