"""Events: who did what to whom, when, where, and whether it happened (PLOVER types, CAMEO codes).

    events = find_events(text, doc, sentences, times, entities, amounts, quotes, published)

The lexicon (data/events/lexicon.yaml) says which words name which event type; the parse says who the
actors and recipients are, which the entities layer resolves to entities; the times layer dates it;
tense, modals and cue words (data/events/status.yaml) give its status. See docs/events.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from spacy.tokens import Doc, Token

from ..model import Amount, Entity, Event, Quote, Sentence, Span, Time
from .arguments import find_arguments
from .attribution import attribute
from .dating import anchor_times, date_event, definite, reference_value
from .dictionary_roles import arrange_by_pattern
from .lexicon import PLOVER_TYPES, SYMMETRIC_TYPES, Lexicon, load_lexicon
from .mentions import Mentions
from .merging import Mention, merge_mentions
from .status import (
    NEGATED,
    OCCURRED,
    ONGOING,
    PLANNED,
    Cues,
    after_publication,
    bundled_cues,
    negation_phrase,
    noun_status,
    verb_status,
)
from .triggers import TriggerMatch, match_sentence
from .verb_dictionary import plover_type

__all__ = ["PLOVER_TYPES", "Lexicon", "find_events", "load_lexicon"]

# A wire dateline opening a story's first sentence: "New Delhi [India], March 14 (ANI): ",
# "WASHINGTON (Reuters) - ", "GENEVA, June 16 (AP) — ", "NAIROBI, Kenya (AP) _ ". Its place names are nobody's actors.
DATELINE = re.compile(r"[A-Z][^\n()]{0,80}?\((?:[A-Z][\w.&/ -]{0,20})\)\s*(?::|-{1,2}|_|\u2013|\u2014)\s*")


def _sentence_tokens(doc: Doc, sentence: Sentence) -> list[Token]:
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    return list(span) if span is not None else []


def _trigger_span(text: str, match: TriggerMatch) -> Span:
    toks = match.tokens
    if not match.verbal and match.rule.extra:  # "troop buildup": the modifiers named by the rule
        toks += [
            c
            for c in match.head.children
            if c.lemma_.lower() in match.rule.extra or c.lower_ in match.rule.extra
        ]
    toks = sorted(toks, key=lambda t: t.i)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if end - start > 60:  # a far noun ("sat down ... for talks"): the verb alone
        start, end = match.head.idx, match.head.idx + len(match.head.text)
    return Span(start, end, text[start:end])


def _status(match: TriggerMatch, cues: Cues) -> tuple[str | None, str]:
    """(status the text gives or None, the status to fall back on)."""
    if match.verbal:
        status = verb_status(match.head, cues)
        return status, status or OCCURRED
    status = noun_status(match.head, cues)
    if status is not None:
        return status, status
    # a nominal told without tense: the clause it stands in says what we can
    head = match.head.head
    while head != head.head and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    fallback = verb_status(head, cues) if head.pos_ in ("VERB", "AUX") else None
    return None, fallback if fallback in (OCCURRED, ONGOING, PLANNED) else OCCURRED


def _going_home(match: TriggerMatch, actors: list[str], recipients: list[str], index: Mentions) -> bool:
    """ "Putin ... left for Moscow": a trip to one's own country is no visit."""
    if match.rule.mode != "visit" or not recipients:
        return False
    home = {index.by_id[a].country or index.by_id[a].code for a in actors}
    there = {index.by_id[r].country or index.by_id[r].code for r in recipients}
    return None not in home and home == there


def find_events(
    text: str,
    doc: Doc,
    sentences: Sequence[Sentence],
    times: Sequence[Time] = (),
    entities: Sequence[Entity] = (),
    amounts: Sequence[Amount] = (),
    quotes: Sequence[Quote] = (),
    published: datetime | None = None,
    lexicon: Lexicon | None = None,
    cues: Cues | None = None,
    adjective_country: Callable[[str], str | None] | None = None,
) -> list[Event]:
    """The events an article tells, each with its mentions merged. Pure: same input, same output."""
    lexicon = lexicon or load_lexicon()
    cues = cues or bundled_cues()
    pub_day = published.date().isoformat() if published is not None else None
    mentions_index = Mentions.build(doc, entities, adjective_country)
    mentions_index.quoted = [(q.start, q.end, q.speaker) for q in quotes if q.kind == "direct"]
    anchors = anchor_times(doc, times)
    found: list[Mention] = []
    definites: set[int] = set()  # "The meeting between Putin and Modi": told before, maybe dated there
    anaphors: list[
        tuple[int, str, str | None, int]
    ] = []  # "the call" with no actors: sentence, type, mode, char
    for s_index, sentence in enumerate(sentences):
        tokens = _sentence_tokens(doc, sentence)
        if not tokens:
            continue
        lo, hi = tokens[0].i, tokens[-1].i
        dateline = DATELINE.match(text, sentence.start, sentence.end)
        mentions_index.floor = dateline.end() if dateline else 0
        local = [a for a in anchors if lo <= a.head.i <= hi]
        mentions_index.saw_sentence(tokens)  # who "he" or "it" may be, here and in the next sentence
        for match in match_sentence(tokens, lexicon, mentions_index.named):
            args = find_arguments(match, mentions_index, amounts, lexicon.owner_verbs)
            if match.rule.dictionary:
                arrange_by_pattern(match, args, mentions_index)
            if not args.actors:
                if not match.verbal and definite(match.head):
                    anaphors.append((s_index, match.rule.type, match.rule.mode, match.head.idx))
                continue
            if _going_home(match, args.actors, args.recipients, mentions_index):
                continue
            mentions_index.told_pair(
                match.head.idx, args.actors + args.recipients, joint=match.rule.type in SYMMETRIC_TYPES
            )
            status, fallback = _status(match, cues)
            if status != NEGATED and negation_phrase(text[sentence.start : match.head.idx], cues):
                status = NEGATED
            anchor = date_event(match, local)
            date = anchor.time.value if anchor else None
            if after_publication(date, pub_day) and status in (OCCURRED, ONGOING, None):
                status = PLANNED
            confidence = match.rule.confidence + 0.1 * bool(args.recipients) + 0.05 * bool(anchor)
            found.append(
                Mention(
                    type=match.rule.type,
                    trigger=_trigger_span(text, match),
                    sentence=Sentence(sentence.start, sentence.end),
                    sentence_index=s_index,
                    actors=args.actors,
                    recipients=args.recipients,
                    mode=match.rule.mode,
                    cameo=match.rule.cameo,
                    date=date,
                    date_text=anchor.time.text if anchor else None,
                    status=status,
                    fallback=fallback,
                    place=args.place,
                    quantity=args.quantity,
                    attributed_to=attribute(match.head, quotes, mentions_index, cues),
                    confidence=round(min(0.95, confidence), 2),
                )
            )
            if anchor is None and not match.verbal and definite(match.head):
                definites.add(found[-1].trigger.start)
            if match.rule.reverse_cameo and args.recipients and set(args.recipients) != set(args.actors):
                back = _reverse(found[-1], match.rule.reverse_cameo)
                if back is not None:
                    found.append(back)
    _inherit_from_anaphors(found, anaphors)
    _date_definite_references(found, definites)
    events: list[Event] = []
    # a country and its government's bodies are one party when merging: "The US on Friday urged its
    # allies ..." and the State Department's "We urge all of our allies ..." tell one urging
    sides = {e.id: f"country:{e.country}" for e in entities if e.type in ("COUNTRY", "ORG") and e.country}
    for n, m in enumerate(merge_mentions(found, sides), start=1):
        status = m.status or m.fallback
        if after_publication(m.date, pub_day) and status in (OCCURRED, ONGOING):
            status = PLANNED
        date = m.date if m.date is not None else reference_value(status)
        events.append(
            Event(
                id=f"e{n}",
                type=m.type,
                trigger=m.trigger,
                sentence=m.sentence,
                actors=m.actors,
                recipients=m.recipients,
                mode=m.mode,
                cameo=m.cameo,
                date=date,
                date_text=m.date_text if m.date is not None else None,
                status=status,
                place=m.place,
                quantity=m.quantity,
                attributed_to=m.attributed_to,
                confidence=m.confidence,
                mentions=[m.trigger, *m.extra],
            )
        )
    return events


def _reverse(forward: Mention, code: str) -> Mention | None:
    """The event back from the recipient a dictionary's "032:033" names: the hosting of a visit."""
    type_name = plover_type(code)
    if type_name is None:
        return None
    back = replace(forward, type=type_name, cameo=code, actors=forward.recipients, recipients=forward.actors)
    back.extra = []
    return back


def _date_definite_references(found: list[Mention], definites: set[int]) -> None:
    """ "Putin is scheduled to visit India on December 6. The meeting between Putin and Modi is likely to
    see ...": an undated definite event noun whose parties were in an event dated in the sentence just
    before, with the same outlook, happens then."""
    for m in found:
        if m.trigger.start not in definites or m.date is not None:
            continue
        parties = set(m.actors) | set(m.recipients)
        before = [
            e
            for e in found
            if e.date is not None
            and e.type == m.type
            and m.sentence_index - 1 <= e.sentence_index <= m.sentence_index
            and e.trigger.start < m.trigger.start
            and parties & (set(e.actors) | set(e.recipients))
            and (e.status or e.fallback) == (m.status or m.fallback)
        ]
        if before:
            m.date, m.date_text = before[-1].date, before[-1].date_text


def _inherit_from_anaphors(found: list[Mention], anaphors: list[tuple[int, str, str | None, int]]) -> None:
    """ "Psaki confirmed plans for the conversation and said Biden will reaffirm ...": a definite event
    noun with no parties of its own refers back to the last such event told; that event's date is the
    time the rest of its sentence speaks of, for events there that the text leaves undated."""
    for s_index, type_name, mode, char in anaphors:
        earlier = [m for m in found if m.type == type_name and m.trigger.start < char and m.date is not None]
        earlier = [m for m in earlier if m.mode == mode] or earlier  # "the visit": the last visit told
        if not earlier:
            continue
        ref = earlier[-1]
        for m in found:
            if (
                m.sentence_index == s_index
                and m.date is None
                and (m.status or m.fallback) == (ref.status or ref.fallback)
            ):
                m.date, m.date_text = ref.date, ref.date_text
