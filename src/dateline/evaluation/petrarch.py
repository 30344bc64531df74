"""Scoring the events stage on PETRARCH2's unit-test records (PETR.UnitTest.records.xml).

Each record is one sentence with its date and the event codings PETRARCH should produce:
(source actor code, target actor code, CAMEO code). We read the sentence with its date as publication
time and the suite's actor dictionary as `--actors`, turn each of our events into codings (actor code,
recipient code, CAMEO root = the first two digits) and count matches per sentence.

The suite's agent dictionary ("police" -> ~COP) adds the role codes: an actor mentioned as "Gondor
police" codes as GONCOP. The suite's verb dictionary is not used: our lexicon is our own, and many of
the suite's codes are WEIS-era or test-only codes (345, 901, 1717, ...) no real lexicon yields.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from spacy.tokens import Token

from ..events.lexicon import SYMMETRIC_TYPES
from ..events.syntax import conjuncts, is_noun, noun_phrase_tokens
from ..knowledge.petrarch_actors import (
    PetrarchActor,
    PetrarchAgent,
    parse_actors,
    parse_agents,
    surface_forms,
)
from ..model import Article, Document, Entity, Event
from ..pipeline import Pipeline
from ..stages.events import EventStage

Coding = tuple[str, str, str]  # (source, target, CAMEO root)


@dataclass
class Record:
    id: str
    category: str
    day: date
    text: str
    expected: list[Coding]


@dataclass
class Counts:
    sentences: int = 0
    expected: int = 0
    produced: int = 0
    matched: int = 0
    dyads: int = 0  # codings whose (source, target) pair is right, whatever the event code

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 1.0

    @property
    def dyad_recall(self) -> float:
        return self.dyads / self.expected if self.expected else 1.0

    @property
    def dyad_precision(self) -> float:
        return self.dyads / self.produced if self.produced else 1.0

    def add(self, other: Counts) -> None:
        self.sentences += other.sentences
        self.expected += other.expected
        self.produced += other.produced
        self.matched += other.matched
        self.dyads += other.dyads


@dataclass
class Outcome:
    record: Record
    produced: list[Coding]
    matched: int


@dataclass
class Report:
    overall: Counts = field(default_factory=Counts)
    categories: dict[str, Counts] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # records the pipeline failed on: "id: error"


def root(code: str) -> str:
    return code[:2]


def read_records(path: Path | str) -> list[Record]:
    tree = ET.parse(str(path))
    out: list[Record] = []
    for s in tree.getroot().iter("Sentence"):
        expected: list[Coding] = []
        for c in s.findall("EventCoding"):
            if c.get("eventcode") and c.get("sourcecode") is not None:
                expected.append(
                    (c.get("sourcecode") or "", c.get("targetcode") or "", root(c.get("eventcode") or ""))
                )
        raw_date = s.get("date") or "19950101"
        out.append(
            Record(
                id=s.get("id") or "",
                category=s.get("category") or "",
                day=date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:8])),
                text=" ".join((s.findtext("Text") or "").split()),
                expected=expected,
            )
        )
    return out


def read_discards(text: str) -> list[str]:
    """The suite's discard phrases: a sentence (or, with "+", a story) naming one is not coded."""
    out = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip().lstrip("+").strip()
        if line:
            out.append(line.replace("_", " ").lower())
    return out


def discarded(text: str, discards: Sequence[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"\b{re.escape(d)}\b", low) for d in discards)


def category_of(record: Record) -> str:
    """The record's category ("DEMO", "SYNSET", ...), from its attribute or its id's prefix."""
    return (record.category or re.split(r"[-_]", record.id)[0]).upper()


class Coder:
    """Turns our events into PETRARCH-style codings with the suite's actor and agent dictionaries.

    An actor's code is the dictionary's for its entity; for a group of people ("Russian police",
    "students") its country's, or "---" when the text gives none; for a person or body the dictionary
    does not know, the country or actor named with it ("Fornost President Umbardacil", "MSF Arnor").
    Agents come from the role words of the phrase the mention stands in: its head noun and the nouns
    coordinated with it ("Danish media and government"), or the noun whose "in/from/of" phrase it is
    ("lawmakers in Fornost", "the ambassadors of Arnor")."""

    def __init__(
        self,
        actors: Sequence[PetrarchActor],
        agents: Sequence[PetrarchAgent],
        dictionary_verbs: frozenset[str] = frozenset(),
    ) -> None:
        # verbs a PETRARCH verb dictionary codes: it names each direction itself ("MEET [031:031]")
        self.dictionary_verbs = dictionary_verbs
        self.actors = {a.kb_id: a for a in actors}
        # the suite's own names win over our knowledge base's codes ("Kuwait" is KUW in the suite)
        self.by_surface: dict[str, PetrarchActor] = {}
        for a in actors:
            for form in [*surface_forms(a.name), *(f for s in a.synonyms for f in surface_forms(s))]:
                self.by_surface.setdefault(form.lower(), a)
        self.agents = sorted(((s, a) for a in agents for s in a.surfaces), key=lambda sa: -len(sa[0].split()))
        self._named_cache: tuple[Document, set[int]] | None = None

    def codes(self, document: Document, entity_id: str, near: int, day: date) -> list[str]:
        entity = next((e for e in document.entities if e.id == entity_id), None)
        if entity is None:
            return []
        actor = self.actors.get(entity.kb_id or "") or self._by_name(entity)
        group = actor is None and entity.type == "GROUP" and entity.kb_id is None
        if actor is not None:
            base = actor.codes_on(day)
        elif group:  # "Russian students": the country's code, "---" when the text gives none
            base = self._country_codes(document, entity.country, day) if entity.country else ["---"]
        else:
            code = entity.code or (entity.country if entity.type == "PLACE" else None)
            base = [code] if code else self._named_with(document, entity, near, day)
        if not base:
            return []
        agents = self._agents(document, entity, near, group)
        if not agents:
            return [] if base == ["---"] else base
        out: list[str] = []
        for chain in agents:
            for b in base:
                for agent in chain:
                    if not (b.endswith(agent.code) or b.startswith(agent.code)):
                        b = agent.code + b if agent.before else b + agent.code
                out.append(b)
        return list(dict.fromkeys(out))

    def _named_with(self, document: Document, entity: Entity, near: int, day: date) -> list[str]:
        """Codes for a person or body the dictionary does not know, from a country or actor named with
        it: "Fornost President Umbardacil" (FOR), "MSF Arnor" (ARN), "the Calenardhon Minister of Silly
        Walks" (CAL), as "the Nigerian Ministry of Health" is Nigeria's."""
        doc = document.doc
        if doc is None or not entity.mentions or entity.type not in ("PERSON", "ORG"):
            return []
        mention = min(entity.mentions, key=lambda m: abs(m.start - near))
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return []
        for tok in span:  # a name inside the mention: "MSF Arnor"
            actor = self.by_surface.get(tok.text.lower()) if tok.is_title or tok.is_upper else None
            if actor is not None and actor.codes_on(day):
                return actor.codes_on(day)
        chain: list[Token] = []
        head: Token = span.root
        for _ in range(4):  # the nouns the mention hangs from: "Minister" for "of Silly Walks"
            chain.append(head)
            if head.dep_ in ("compound", "poss", "nmod", "appos", "flat") and head.head != head:
                head = head.head
            elif head.dep_ == "pobj" and head.head.lower_ == "of" and is_noun(head.head.head):
                head = head.head.head
            else:
                break
        for noun in [*span, *chain]:
            for c in noun.children:
                if c.dep_ not in ("compound", "poss", "nmod", "amod") or c in span:
                    continue
                for other in document.entities:
                    if (
                        other.type == "COUNTRY"
                        and other.code
                        and any(m.start <= c.idx < m.end for m in other.mentions)
                    ):
                        return self._country_codes(document, other.code, day)
        return []

    def _country_codes(self, document: Document, country: str, day: date) -> list[str]:
        """The suite's codes for a country the article names by its code ("RUS"), else the code."""
        for e in document.entities:
            if e.type == "COUNTRY" and e.code == country:
                actor = self.actors.get(e.kb_id or "") or self._by_name(e)
                if actor is not None and actor.codes_on(day):
                    return actor.codes_on(day)
        return [country]

    def _by_name(self, entity: Entity) -> PetrarchActor | None:
        for text in [entity.name, *(m.text for m in entity.mentions)]:
            found = self.by_surface.get(text.lower())
            if found is not None:
                return found
        return None

    def _agents(
        self, document: Document, entity: Entity, near: int, group: bool = False
    ) -> list[list[PetrarchAgent]]:
        """The role words on the mention of the entity nearest the trigger, one list per noun they
        stand on: "Gondor police" [[COP]], "Danish media and government" [[MED], [GOV]], "lawmakers in
        Fornost" [[LEG]], "the ambassadors of Arnor" [[GOV]], "Danish Islamist media" [[MUS, MED]]."""
        doc = document.doc
        if doc is None or not entity.mentions:
            return []
        mention = min(entity.mentions, key=lambda m: abs(m.start - near))
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return []
        named = self._named_tokens(document)
        root: Token = span.root
        head = root
        while not group and head.dep_ in ("compound", "poss", "amod", "nmod", "appos") and head.head != head:
            head = head.head
        heads = [head]
        if head != root:  # "Danish media and government": the modifier is shared by the conjuncts
            heads += [c for c in conjuncts(head)[1:] if is_noun(c) and c.i not in named]
        elif not group:
            base = root
            while base.dep_ == "conj" and base.head != base:
                base = base.head
            if base != root and is_noun(base) and base.dep_ != "pobj":
                # "Lawmakers in Fornost and Gondor" parsed with Gondor as the lawmakers' conjunct
                base = next(
                    (o for p in base.children if p.dep_ == "prep" and p.lower_ in ("in", "from", "of")
                     for o in p.children if o.dep_ == "pobj" and o.i in named and o.i < root.i),
                    base,
                )  # fmt: skip
            placing = base.head
            noun = placing.head
            # "Osgiliath soldiers in south Ithilen": a noun with a country of its own is only there
            located = placing.lower_ == "in" and any(
                c.dep_ in ("compound", "amod", "poss", "nmod") and c.i in named for c in noun.children
            )
            if (
                base.dep_ == "pobj"
                and placing.lower_ in ("in", "from", "of")
                and is_noun(noun)
                and not located
            ):
                # "Lawmakers in Fornost", "Soldiers from Gondor", "the ambassadors of Arnor"
                top = placing.head
                while top.dep_ == "conj" and top.head != top:
                    top = top.head
                heads = [c for c in conjuncts(top) if is_noun(c) and c.i not in named] or heads
        out: list[list[PetrarchAgent]] = []
        # "the Danish Islamist media and government": words before the first noun qualify every conjunct
        shared = self._agents_in(head, before_only=True) if len(heads) > 1 else []
        for h in heads:
            chain = self._agents_in(h)
            if h != head:
                chain = [a for a in shared if a not in chain] + chain
            if chain:
                out.append(chain)
        return out

    def _agents_in(self, head: Token, before_only: bool = False) -> list[PetrarchAgent]:
        """Agents named in a noun's own phrase (not its conjuncts'), in text order, the longest surface
        first where two overlap. The phrase holds the mention: "Dagolath's first Deputy Prime Minister
        Telemar" may be one mention of Dagolath, and its role words still make it DAGGOV."""
        # the noun and the words before it, and its "of" phrase ("the Ministry of Silly Walks"); not
        # the nouns of its other phrases ("an attack by Osgiliath soldiers" is no soldier)
        words = [t for t in noun_phrase_tokens(head) if t.i < head.i or (t.i == head.i and not before_only)]
        if not before_only:
            words += [t for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for t in p.subtree]
        phrase = " ".join(t.lower_ for t in sorted(words, key=lambda t: t.i))
        taken: list[tuple[int, int, PetrarchAgent]] = []
        for surface, agent in self.agents:
            for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", phrase):
                if not any(m.start() < b and a < m.end() for a, b, _ in taken):
                    taken.append((m.start(), m.end(), agent))
        return [agent for _, _, agent in sorted(taken, key=lambda t: t[0])]

    def _named_tokens(self, document: Document) -> set[int]:
        """Tokens inside a mention of an entity: nouns there are names, not role words."""
        doc = document.doc
        if doc is None:
            return set()
        # the document itself is kept with its tokens: a freed document's id may be a new one's
        if self._named_cache is None or self._named_cache[0] is not document:
            named: set[int] = set()
            for e in document.entities:
                for m in e.mentions:
                    span = doc.char_span(m.start, m.end, alignment_mode="expand")
                    if span is not None:
                        named.update(t.i for t in span)
            self._named_cache = (document, named)
        return self._named_cache[1]

    def code_event(self, document: Document, event: Event, day: date) -> list[Coding]:
        near = event.trigger.start
        sources = [c for a in event.actors for c in self.codes(document, a, near, day)]
        targets = [c for r in event.recipients for c in self.codes(document, r, near, day)]
        cameo = root(event.cameo or "")
        out: list[Coding] = []
        both_ways = event.trigger.text.lower() not in self.dictionary_verbs
        if targets:
            for s in sources:
                for t in targets:
                    if s != t:
                        out.append((s, t, cameo))
                        if event.type == "CONSULT" and both_ways:
                            out.append((t, s, cameo))
        elif event.type in SYMMETRIC_TYPES and both_ways:
            for s in sources:
                for t in sources:
                    if s != t:
                        out.append((s, t, cameo))
        return list(dict.fromkeys(out))


def _pipeline(actor_file: Path, verbs_file: Path | None) -> Pipeline:
    return Pipeline(actors=(actor_file,), lexicon=(verbs_file,) if verbs_file else ())


def evaluate(
    records_path: Path | str,
    actors_path: Path | str | None = None,
    agents_path: Path | str | None = None,
    pipeline: Pipeline | None = None,
    verbs_path: Path | str | None = None,
    own_lexicon: bool = False,
) -> Report:
    """Read every record and score our codings against the expected ones. The suite's verb dictionary
    (beside the records, or `verbs_path`) codes the verbs it knows, as PETRARCH runs the suite; with
    `own_lexicon` only our bundled lexicon codes."""
    records_path = Path(records_path)
    folder = records_path.parent / "validation_dictionaries"
    actors_path = Path(actors_path or folder / "PETR.Validate.actors.txt")
    agents_path = Path(agents_path or folder / "PETR.Validate.agents.txt")
    verbs = None if own_lexicon else Path(verbs_path or folder / "PETR.Validate.verbs.txt")
    verbs = verbs if verbs and verbs.exists() else None
    discards_path = folder / "PETR.Validate.discards.txt"
    discards = (
        read_discards(discards_path.read_text("utf-8", errors="replace")) if discards_path.exists() else []
    )
    pipeline = pipeline or _pipeline(actors_path, verbs)
    coder = Coder(
        parse_actors(actors_path.read_text("utf-8", errors="replace"), str(actors_path)),
        parse_agents(agents_path.read_text("utf-8", errors="replace")) if agents_path.exists() else [],
        # the verbs the pipeline's dictionaries code, as its events stage read them
        frozenset(
            word
            for stage in pipeline.stages
            if isinstance(stage, EventStage)
            for dictionary in stage.lexicon.dictionaries
            for word in dictionary.by_word
        ),
    )
    records = read_records(records_path)
    articles = [
        Article(text=r.text, id=r.id, published=datetime(r.day.year, r.day.month, r.day.day, 12))
        for r in records
    ]
    report = Report()
    for record, result in zip(records, pipeline.read_many(articles), strict=True):
        produced: list[Coding] = []
        if not isinstance(result, Document):
            report.failures.append(f"{record.id}: {result}")
        elif not discarded(record.text, discards):
            for event in result.events:
                produced.extend(coder.code_event(result, event, record.day))
        produced = list(dict.fromkeys(produced))
        matched = sum((Counter(produced) & Counter(record.expected)).values())
        dyads = sum((Counter(c[:2] for c in produced) & Counter(c[:2] for c in record.expected)).values())
        counts = Counts(1, len(record.expected), len(produced), matched, dyads)
        report.overall.add(counts)
        report.categories.setdefault(category_of(record), Counts()).add(counts)
        report.outcomes.append(Outcome(record, produced, matched))
    return report


def format_report(report: Report, details: int = 0) -> Iterable[str]:
    if details:
        shown = 0
        for o in report.outcomes:
            if o.matched == len(o.record.expected) == len(o.produced):
                continue
            yield f"{o.record.id:<18} want={o.record.expected} got={o.produced} | {o.record.text[:90]}"
            shown += 1
            if shown >= details:
                break
    for failure in report.failures:
        yield f"read failure (scored as no codings) {failure}"
    yield "codings: (source, target, CAMEO root); dyads: (source, target) only"
    yield (
        f"{'category':<12} {'sents':>5} {'gold':>5} {'ours':>5} {'match':>5} {'recall':>7} {'precision':>9}"
        f" {'dyad R':>7} {'dyad P':>7}"
    )
    rows = sorted(report.categories.items(), key=lambda kv: -kv[1].sentences)
    for name, c in [*rows, ("OVERALL", report.overall)]:
        yield (
            f"{name:<12} {c.sentences:>5} {c.expected:>5} {c.produced:>5} {c.matched:>5} "
            f"{c.recall:>7.1%} {c.precision:>9.1%} {c.dyad_recall:>7.1%} {c.dyad_precision:>7.1%}"
        )
