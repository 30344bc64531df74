"""Places and countries: a GPE/LOC/FAC name to a country or a place with coordinates, and a nationality
adjective to its country when the country itself is the participant ("a Russian troop buildup",
"the Ukrainian border", "Indian arms transactions"), not when it describes people ("Russian journalists").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cues import ACTION_NOUN_ENDINGS, ACTION_NOUNS, PEOPLE_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..knowledge import KnowledgeBase
    from ..knowledge.model import KnownEntity


def resolve_place(text: str, kb: KnowledgeBase) -> KnownEntity | None:
    """A country or place named `text` ("Geneva" -> the city in CHE with its coordinates), or None."""
    for surface in (text, text.title()) if text.isupper() and len(text) > 3 else (text,):
        for known in kb.by_alias(surface):
            if known.type in {"COUNTRY", "PLACE"}:
                return known
    try:
        from ..knowledge import find_place
    except ImportError:  # pragma: no cover - the knowledge package always ships find_place
        return None
    found = find_place(text)
    if found is None and text.isupper() and len(text) > 3:  # datelines: "WASHINGTON (Reuters) -"
        found = find_place(text.title())
    return found


def country_of_adjective(token: Token, kb: KnowledgeBase, words: str | None = None) -> KnownEntity | None:
    """The country a nationality adjective names ("Russian" -> Russia, "South Korean" from its first
    token), or None."""
    if not token.is_title and not token.is_upper:
        return None
    country = kb.country_by_adjective(words or token.text)
    return country if country is not None and country.type == "COUNTRY" else None


def stands_for_country(token: Token) -> bool:
    """Whether a nationality adjective means the country acting ("Russian military activities") rather
    than people or a culture ("Russian journalists"); plural demonyms ("Russians") are people."""
    if token.tag_ in {"NNPS", "NNS"} or token.text.endswith("s") and token.dep_ in {"nsubj", "dobj", "pobj"}:
        return False
    if token.dep_ not in {"amod", "compound", "nmod", "npadvmod"} and token.pos_ != "ADJ":
        return False
    head = token.head
    if head is token:
        return False
    words = {head.lemma_.lower(), head.lower_}
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None:
        words |= {nxt.lemma_.lower(), nxt.lower_}
    return not (words & PEOPLE_NOUNS)


def acts_as_government(root: Token) -> bool:
    """Whether a city's name (its head token `root`) is doing something, as a government does: the subject
    of a verb ("Moscow denied", "New Delhi and Moscow signed"), the agent of a passive ("was rejected by
    Beijing") or the owner of an action ("Washington's warning"); not a place ("in Moscow")."""
    tok = root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head  # "New Delhi and Moscow signed": Moscow's role is New Delhi's
    if tok.dep_ in {"nsubj", "nsubjpass"}:
        verb = tok.head
        # "Moscow is a city of 12 million": a copula with a noun says what the place is
        return not (verb.lemma_ == "be" and any(c.dep_ == "attr" for c in verb.children))
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return True
    if tok.dep_ == "poss" and tok.head.pos_ == "NOUN":
        noun = tok.head.lower_
        return noun in ACTION_NOUNS or noun.endswith(ACTION_NOUN_ENDINGS)
    return False
