"""`find_entities`: the people, organisations, countries, places, products and laws of one article, each
with every span that refers to it.

Order of work (each step sees what the earlier ones found):
1. names: the gazetteer's and NER's candidates merged (ner.py), typed by the knowledge base;
2. surnames, abbreviations in parentheses and headline compounds (coref.py);
3. office descriptions by the article's date (descriptions.py);
4. nationality adjectives that stand for their country (places.py);
5. plurals ("the two leaders") over the two most salient entities;
6. groups of people named by what they are ("Russian police", "lawmakers in Fornost"; groups.py);
7. roles on the date, then numbering by first mention.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .coref import (
    OFFICE_WORDS,
    abbreviates,
    abbreviation_of,
    company_short_names,
    first_name_index,
    initials_start,
    is_strong_title,
    scan_names,
    surname_index,
    title_before,
    title_prefix,
)
from .cues import CORPORATE_SUFFIXES, LAW_HEADS, NER_TYPES, PORTFOLIOS, TITLES_BEFORE_NAME, is_time_word
from .descriptions import Context, find_descriptions, find_plurals, resolve_description, resolve_plural
from .gazetteer import common_nouns, gazetteer_for
from .groups import find_groups
from .ner import Candidate, is_compound, known_candidates, merge_candidates, ner_candidates, pick_known
from .places import acts_as_government, country_of_adjective, resolve_place, stands_for_country
from .table import Draft, EntityTable

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..knowledge import KnowledgeBase
    from ..model import Entity, Sentence


def find_entities(
    text: str, doc: Doc, sentences: list[Sentence], anchor_date: date | None, kb: KnowledgeBase
) -> list[Entity]:
    """The entities of `text` (parsed as `doc`), with roles as of `anchor_date` (today when None)."""
    on = anchor_date or date.today()
    table = EntityTable(text)
    gazetteer = gazetteer_for(kb)
    candidates = merge_candidates(doc, known_candidates(doc, gazetteer.matches(doc)), ner_candidates(doc))

    later: list[Candidate] = []  # one-word unknown names and compounds: settled once we know the people
    seen: set[str] = set()
    for cand in candidates:
        if (
            is_compound(doc, cand)
            or (not cand.known and cand.tok_end - cand.tok_start == 1)
            or _bare_known_surname(text, cand)
        ):
            later.append(cand)
        else:
            _add_name(doc, cand, table, kb, seen)

    surnames = surname_index(table)
    first_names = first_name_index(table, surnames)
    for cand in later:
        if is_compound(doc, cand):
            _add_compound(doc, cand, table, kb, surnames, seen)
            continue
        word = text[cand.start : cand.end]
        if is_time_word(word) and cand.label != "PERSON":
            continue  # "in May" is not Theresa May
        person = _surname_person(word, surnames)
        if person is None and cand.label == "PERSON" and not cand.known:
            person = _surname_person(word, first_names)
        if person is not None:
            table.add(person, cand.start, cand.end)
        elif cand.known and _bare_known_surname(text, cand):
            # "Dar" of "Dar es Salaam" is not Ishaq Dar: a surname alone needs NER's word or a title
            if (
                cand.label in {"PERSON", "ORG", "NORP"}
                or title_prefix(doc, cand.tok_start) < cand.tok_start
                or _hyphened_to_person(doc, cand, later)
            ) and not _common_noun_use(doc, cand):
                _add_name(doc, cand, table, kb, seen)
        else:
            _add_name(doc, cand, table, kb, seen)
    company_short_names(table)
    _abbreviations(doc, table)
    for start, end, draft in scan_names(doc, table, _single_word_names(table)):
        table.add(draft, start, end)
    _titles(doc, table)
    _capitals_acting(doc, table, kb)

    ctx = Context(doc, table, sentences, on, kb)
    for desc in find_descriptions(ctx):
        found = resolve_description(ctx, desc)
        if found is None:
            continue
        draft = found if isinstance(found, Draft) else table.draft(found.name, found.type, found)
        table.add(draft, desc.start, desc.end)

    _adjectives(doc, table, kb)
    for plural in find_plurals(doc):
        for draft in resolve_plural(ctx, plural):
            table.add(draft, plural.start, plural.end)

    find_groups(doc, table, kb)
    _roles(table, kb, on)
    return table.entities()


def _add_name(doc: Doc, cand: Candidate, table: EntityTable, kb: KnowledgeBase, seen: set[str]) -> None:
    surface = table.text[cand.start : cand.end]
    known = pick_known(cand, seen)
    if known is None and cand.label in {"GPE", "FAC"}:
        known = resolve_place(surface, kb)  # not LOC: "Asia" and "Florida Straits" are not towns
    if known is None and cand.label:
        known = next(iter(kb.by_alias(surface)), None)
    one_word = cand.tok_end - cand.tok_start == 1
    if known is None and one_word and (cand.label == "PERSON" or _dateline_word(doc, cand)):
        # a lone "person" no full name in the article explains is more often a town NER misread
        # ("Havana"); an all-caps dateline ("MIAMI (AP) -") is a place whatever NER says
        known = resolve_place(surface, kb)
    if known is not None:
        if known.type == "PLACE" and cand.label == "PERSON" and not one_word:
            known = None  # a person named like a town: with two words, NER knows better
        else:
            seen.add(known.kb_id)
            table.add(table.draft(known.name, known.type, known), cand.start, cand.end)
            return
    if cand.label is None or cand.label == "NORP" or is_time_word(surface):
        return  # unknown nationality/religion words: not entities of their own
    if one_word and doc[cand.tok_start].pos_ not in {"PROPN", "X"} and not surface.isupper():
        return  # "Please", "Rescued": a capitalised common word NER took for a name
    words = {w.lower() for w in surface.split()}
    if words <= PORTFOLIOS | OFFICE_WORDS:
        return  # "Defence" of "Defence Minister Yoav Gallant": part of a title
    type_ = NER_TYPES[cand.label]
    if type_ == "ORG" and _after_person_title(doc, cand):
        type_ = "PERSON"  # "BJP spokesperson Sambit Patra" read as an organisation by NER
    table.add(table.draft(" ".join(surface.split()), type_), cand.start, cand.end)


def _dateline_word(doc: Doc, cand: Candidate) -> bool:
    """An all-caps word opening the text or a line ("MIAMI (AP) -", "NEW DELHI:")."""
    word = doc[cand.tok_start]
    if not word.is_upper or len(word.text) < 4:
        return False
    return cand.tok_start == 0 or "\n" in doc[cand.tok_start - 1].text_with_ws


def _after_person_title(doc: Doc, cand: Candidate) -> bool:
    """A two- or three-word capitalised name right after a title word ("spokesperson", "Minister")."""
    n = cand.tok_end - cand.tok_start
    if not 2 <= n <= 3 or cand.tok_start == 0:
        return False
    before = doc[cand.tok_start - 1]
    return before.lower_ in TITLES_BEFORE_NAME and all(t.is_title for t in doc[cand.tok_start : cand.tok_end])


def _bare_known_surname(text: str, cand: Candidate) -> bool:
    """A knowledge-base match that is only a person's surname ("Biden", "Dar")."""
    word = text[cand.start : cand.end]
    return bool(cand.known) and all(e.type == "PERSON" and word in e.surnames for e in cand.known)


def _common_noun_use(doc: Doc, cand: Candidate) -> bool:
    """A surname that is also an ordinary noun, used as one: after a determiner ("landed on the Moon",
    "the Moon's south pole" are not Moon Jae-in). Only reached when the article does not name the person
    in full (a surname of an in-article person is linked before)."""
    if cand.tok_start == 0 or cand.tok_end - cand.tok_start != 1:
        return False
    before = doc[cand.tok_start - 1]
    if before.tag_ != "DT" and before.dep_ != "det":
        return False
    return doc[cand.tok_start].lower_ in common_nouns()


def _hyphened_to_person(doc: Doc, cand: Candidate, others: list[Candidate]) -> bool:
    """ "Biden-Putin": a surname joined by a bare hyphen to another known person's name."""
    for other in others:
        if other is cand or not any(e.type == "PERSON" for e in other.known):
            continue
        first, second = (cand, other) if cand.tok_end < other.tok_start else (other, cand)
        if second.tok_start - first.tok_end == 1 and doc[first.tok_end].text in {"-", "–"}:
            hyphen = doc[first.tok_end]
            if not doc[first.tok_end - 1].whitespace_ and not hyphen.whitespace_:
                return True
    return False


def _surname_person(word: str, surnames: dict[str, list[Draft]]) -> Draft | None:
    people = surnames.get(word)
    return people[0] if people else None


def _add_compound(
    doc: Doc,
    cand: Candidate,
    table: EntityTable,
    kb: KnowledgeBase,
    surnames: dict[str, list[Draft]],
    seen: set[str],
) -> None:
    """ "Biden-Putin": two mentions when each side names someone known; else the name as NER found it."""
    pieces: list[tuple[int, int]] = []
    a = cand.tok_start
    for i in range(cand.tok_start, cand.tok_end + 1):
        if i == cand.tok_end or doc[i].text in {"-", "–"}:
            if i > a:
                pieces.append((a, i))
            a = i + 1
    resolved: list[tuple[int, int, Draft]] = []
    for x, y in pieces:
        start, end = doc[x].idx, doc[y - 1].idx + len(doc[y - 1].text)
        word = table.text[start:end]
        person = _surname_person(word, surnames)
        if person is None:
            known = next(iter(kb.by_alias(word)), None)
            if known is None:
                break
            person = table.draft(known.name, known.type, known)
        resolved.append((start, end, person))
    if len(resolved) == len(pieces) >= 2:
        for start, end, draft in resolved:
            table.add(draft, start, end)
    elif cand.label is not None and cand.label != "ORG":  # an unknown "X-Y" is never an organisation
        _add_name(doc, cand, table, kb, seen)


def _single_word_names(table: EntityTable) -> dict[str, Draft]:
    """One-word names to look for everywhere: surnames of this article's people and abbreviations."""
    names: dict[str, Draft] = {}
    for word, people in surname_index(table).items():
        if len(people) == 1 or len({p.key for p in people}) == 1:
            names[word] = people[0]
    for draft in table.drafts.values():
        words = draft.name.replace(",", "").split()
        if draft.type == "ORG" and len(words) == 2 and words[1].lower() in CORPORATE_SUFFIXES:
            names.setdefault(words[0], draft)  # "Telerate" of "Telerate Inc."
        for span in list(draft.mentions.values()):
            word = span.text
            if " " not in word and word.isupper() and len(word) >= 3 and draft.type not in {"PERSON"}:
                names.setdefault(word, draft)
    return names


def _abbreviations(doc: Doc, table: EntityTable) -> None:
    """ "Countering America's ... Act (CAATSA)": CAATSA names the same thing; "Minister of State (MoS)" is
    a title's abbreviation, not an organisation."""
    by_end: dict[int, Draft] = {}
    for draft in table.drafts.values():
        for _a, b in draft.mentions:
            by_end[b] = draft
    for i in range(1, len(doc) - 2):
        if doc[i].text != "(":
            continue
        abbr = abbreviation_of(doc, i, i)
        if abbr is None:
            continue
        start, end = doc[i + 1].idx, doc[i + 1].idx + len(abbr)
        before = doc[i - 1].idx + len(doc[i - 1].text)
        owners = table.owners_at(start, end)
        defined = by_end.get(before)
        if (
            defined is not None
            and defined.type != "PERSON"
            and abbreviates(abbr, text_before(table, defined, before))
        ):
            for other in owners:
                if other is not defined:
                    if other.known is None:
                        table.merge(defined, other)
                    else:
                        table.remove(other, start, end)
            table.add(defined, start, end)
            continue
        first = initials_start(doc, i, abbr)
        if first is None:
            continue
        for other in owners:
            if other.known is None:
                table.remove(other, start, end)
        words = doc[first:i]
        if {t.lower_ for t in words} & OFFICE_WORDS or table.covered(words.start_char, words.end_char):
            continue  # a title's abbreviation ("MoS"), or a name already found
        type_ = "LAW" if words[-1].lower_ in LAW_HEADS else "ORG"
        draft = table.draft(words.text, type_)
        table.add(draft, words.start_char, words.end_char)
        table.add(draft, start, end)
        for other in list(table.drafts.values()):
            if other is not draft and other.known is None and other.name == abbr:
                table.merge(draft, other)


def text_before(table: EntityTable, draft: Draft, end: int) -> str:
    """The text of `draft`'s mention that ends at `end`."""
    return next((span.text for (_a, b), span in draft.mentions.items() if b == end), draft.name)


def _titles(doc: Doc, table: EntityTable) -> None:
    """Titles written before people's names: kept as their in-text titles (for "the press Secretary"
    later), and a short title before a bare surname joins the mention ("President Biden")."""
    starts = {doc[i].idx: i for i in range(len(doc))}
    people = {i for d in table.of_type("PERSON") for (a, b) in d.mentions for i in _tokens(doc, starts, a, b)}
    taken = {i for d in table.drafts.values() for (a, b) in d.mentions for i in _tokens(doc, starts, a, b)}
    for person in list(table.of_type("PERSON")):
        for a, b in sorted(person.mentions):
            i = starts.get(a)
            if i is None:
                continue
            found = title_before(doc, i, people)
            if found is not None and found[1] not in person.titles:
                person.titles.append(found[1])
            if " " not in table.text[a:b]:
                j = title_prefix(doc, i)
                if j < i and not any(k in taken for k in range(j, i)):
                    table.remove(person, a, b)
                    table.add(person, doc[j].idx, b)


def _tokens(doc: Doc, starts: dict[int, int], a: int, b: int) -> range:
    i = starts.get(a)
    if i is None:
        return range(0)
    j = i
    while j < len(doc) and doc[j].idx < b:
        j += 1
    return range(i, j)


def _adjectives(doc: Doc, table: EntityTable, kb: KnowledgeBase) -> None:
    """ "a Russian troop buildup", "the Ukrainian border": the country, as participant or place."""
    skip_to = 0
    for tok in doc:
        if tok.i < skip_to or not (tok.is_title or tok.is_upper):
            continue  # country_of_adjective wants a capitalised first word: skip the rest cheaply
        for width in (2, 1):  # "South Korean" before "Korean"
            last = tok.i + width - 1
            if last >= len(doc) or (width == 2 and not tok.whitespace_):
                continue
            start, end = tok.idx, doc[last].idx + len(doc[last].text)
            words = table.text[start:end]
            if table.covered(start, end):
                continue
            country = country_of_adjective(tok, kb, words)
            if country is None or words in country.aliases or not stands_for_country(doc[last]):
                continue  # names ("US") were the gazetteer's to find: this is for adjective uses
            table.add(table.draft(country.name, country.type, country), start, end)
            skip_to = last + 1
            break


def _capitals_acting(doc: Doc, table: EntityTable, kb: KnowledgeBase) -> None:
    """ "Washington warns", "Moscow denied", "Beijing's response": a capital doing what a government does
    is a mention of its country; "in Moscow" stays the city."""
    for place in list(table.of_type("PLACE")):
        country = kb.country_by_capital(place.name)
        if country is None or (place.country is not None and place.country != country.code):
            continue
        for a, b in sorted(place.mentions):
            span = doc.char_span(a, b)
            if span is None or table.text[a:b].isupper():  # "WASHINGTON (Reuters) -": a dateline
                continue
            if acts_as_government(span.root):
                table.remove(place, a, b)
                table.add(table.draft(country.name, country.type, country), a, b)


def _roles(table: EntityTable, kb: KnowledgeBase, on: date) -> None:
    """Each person's office on the article's date; the title the text gives when the KB knows none."""
    for draft in table.drafts.values():
        if draft.type != "PERSON":
            continue
        offices = kb.roles_on(draft.known, on) if draft.known is not None else []
        if offices:
            draft.role = offices[0].title
            draft.country = draft.country or offices[0].country
        else:
            strong = [t for t in draft.titles if is_strong_title(t)]
            draft.role = strong[0] if strong else None
