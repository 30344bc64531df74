"""Names that point back at a person already named: surnames ("Biden" after "Joe Biden", for anyone,
known or not), titles before a name ("President Biden"), abbreviations defined in parentheses
("... Sanctions Act (CAATSA)"), and hyphenated headline compounds ("Biden-Putin" is two people).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .cues import CORPORATE_SUFFIXES, OFFICE_NOUNS, TITLE_CONNECTORS, TITLES_BEFORE_NAME, is_time_word
from .table import Draft, EntityTable

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

OFFICE_WORDS = {w for phrase in OFFICE_NOUNS for w in phrase.split()} | TITLES_BEFORE_NAME
_WEAKOFFICE_WORDS = {"counterpart", "leader", "chief", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."}


def short_names(draft: Draft) -> set[str]:
    """The single words that name this person alone: listed surnames and the last word of full names."""
    if draft.known is not None and draft.known.surnames:
        return set(draft.known.surnames)  # the knowledge base knows ("Xi" of Xi Jinping, not "Jinping")
    names: set[str] = set()
    for full in (draft.name, *(draft.known.aliases if draft.known else ())):
        words = full.split()
        if len(words) > 1 and words[-1][:1].isupper() and not words[-1].endswith("."):
            names.add(words[-1])
    return names


def surname_index(table: EntityTable) -> dict[str, list[Draft]]:
    """Surname -> the people of this article it may name (most mentioned first)."""
    index: dict[str, list[Draft]] = defaultdict(list)
    people = sorted(table.of_type("PERSON"), key=lambda d: -len(d.mentions))
    for person in people:
        if len(person.name.split()) < 2:
            continue
        for name in short_names(person):
            index[name].append(person)
    return index


def first_name_index(table: EntityTable, surnames: dict[str, list[Draft]]) -> dict[str, list[Draft]]:
    """First name -> the one person of this article with it ("Elian" after "Elian Gonzalez"); names two
    people share, or that are someone's surname, are left out."""
    index: dict[str, list[Draft]] = defaultdict(list)
    for person in table.of_type("PERSON"):
        words = person.name.split()
        if len(words) >= 2 and words[0][:1].isupper() and words[0].lower() not in TITLES_BEFORE_NAME:
            index[words[0]].append(person)
    return {name: people for name, people in index.items() if len(people) == 1 and name not in surnames}


def company_short_names(table: EntityTable) -> None:
    """ "Telerate" after "Telerate Inc.", "Automatic Data" after "Automatic Data Processing Inc.": a name
    the knowledge base does not know that starts a company's name (corporate suffix dropped) is that
    company, whatever type NER gave it ("Waxman" after "Waxman Industries Inc.")."""
    companies = []
    for draft in table.of_type("ORG"):
        words = draft.name.replace(",", "").split()
        if draft.known is None and len(words) >= 2 and words[-1].lower() in CORPORATE_SUFFIXES:
            companies.append((words[:-1], draft))
    for short, company in companies:
        for other in list(table.drafts.values()):
            if other is company or other.known is not None or other.key not in table.drafts:
                continue
            words = other.name.split()
            if words and words == short[: len(words)] and (len(words) > 1 or len(words[0]) >= 4):
                table.merge(company, other)


def title_before(doc: Doc, i: int, stop: set[int]) -> tuple[int, str] | None:
    """The title written before the name starting at token `i` ("Kremlin spokesman", "Union Minister of
    State (MoS) for Defence"), as (first token, text), when it has an office word."""
    j = i
    while j > 0 and i - j < 10 and (j - 1) not in stop:
        t = doc[j - 1]
        if t.is_space or "\n" in t.whitespace_ or (t.is_punct and t.text not in "()"):
            break
        if t.text[:1].isupper() or t.lower_ in OFFICE_WORDS or t.lower_ in TITLE_CONNECTORS:
            j -= 1
        else:
            break
    while j < i and (doc[j].lower_ in TITLE_CONNECTORS or doc[j].is_punct):
        j += 1
    if j >= i:
        return None
    words = {t.lower_ for t in doc[j:i]}
    if not words & OFFICE_WORDS:
        return None
    return j, doc[j:i].text


def is_strong_title(title: str) -> bool:
    """A title that says what office someone holds (not just "his Russian counterpart")."""
    words = {w.strip("().").lower() for w in title.split()}
    return bool(words & (OFFICE_WORDS - _WEAKOFFICE_WORDS))


def title_prefix(doc: Doc, i: int) -> int:
    """The first token of the short title directly before token `i` ("President" Biden, "Prime
    Minister" Modi), or `i` when there is none."""
    j = i
    while j > 0 and doc[j - 1].lower_ in TITLES_BEFORE_NAME and doc[j - 1].is_title and i - j < 3:
        j -= 1
    return j


def abbreviation_of(doc: Doc, tok_start: int, tok_end: int) -> str | None:
    """The abbreviation given in parentheses right after tokens [tok_start, tok_end), e.g. "CAATSA"."""
    if tok_end + 2 < len(doc) and doc[tok_end].text == "(" and doc[tok_end + 2].text == ")":
        abbr = doc[tok_end + 1].text
        if abbr.isalpha() and abbr[0].isupper() and sum(c.isupper() for c in abbr) >= 2 and len(abbr) <= 10:
            return abbr
    return None


def initials_start(doc: Doc, tok_end: int, abbr: str) -> int | None:
    """The first token of the capitalised words before token `tok_end` whose initials spell `abbr`
    ("Minister of State" for MoS, "Digital Markets Act" for DMA), or None."""
    letters = [c for c in abbr if c.isupper()]
    caps: list[str] = []
    j = tok_end - 1
    first = None
    while j >= 0 and len(caps) < len(letters) and tok_end - j <= len(abbr) + 4:
        if doc[j].is_title or doc[j].is_upper:
            caps.append(doc[j].text[0].upper())
            first = j
        elif doc[j].is_punct or doc[j].is_space:
            break
        j -= 1
    return first if caps[::-1] == letters else None


def abbreviates(abbr: str, name: str) -> bool:
    """Whether `abbr` can stand for `name`: same first letter, and its letters in order within the name
    ("CAATSA" for "Countering America's Adversaries ...", "ISIS" for "Islamic State"; not "AP" for Kenya)."""
    low = name.lower()
    if not abbr or not low or abbr[0].lower() != low[0]:
        return False
    i = 0
    for c in abbr.lower():
        i = low.find(c, i)
        if i < 0:
            return False
        i += 1
    return True


def _acts_as_subject(tok: Token) -> bool:
    """A month-like surname doing something: "May said", and "May added" (parsed as a modal, but a modal
    never stands before a past tense)."""
    before = tok.nbor(-1) if tok.i > 0 else None
    after = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if tok.tag_ == "MD" and after is not None and after.tag_ == "VBD":
        return True
    return tok.dep_ in {"nsubj", "nsubjpass"} and not (before is not None and before.pos_ in {"ADP", "NUM"})


def scan_names(
    doc: Doc, table: EntityTable, names: dict[str, Draft], proper_only: bool = True
) -> list[tuple[int, int, Draft]]:
    """Whole-token occurrences of single-word in-article names (surnames, abbreviations) that no mention
    covers yet. `proper_only` skips uses that are not proper nouns ("Rice" in "rice prices")."""
    found = []
    for tok in doc:
        draft = names.get(tok.text)
        if draft is None:
            continue
        start, end = tok.idx, tok.idx + len(tok.text)
        if table.covered(start, end):
            continue
        if is_time_word(tok.text):
            if not _acts_as_subject(tok):
                continue  # "in May" is a month; "May added" is Theresa May
        elif proper_only and not (tok.pos_ == "PROPN" or tok.ent_type_ or tok.is_upper):
            continue
        found.append((start, end, draft))
    return found
