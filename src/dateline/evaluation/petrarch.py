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
from ..knowledge.petrarch_actors import (
    PetrarchActor,
    PetrarchAgent,
    parse_actors,
    parse_agents,
    surface_forms,
)
from ..model import Article, Document, Entity, Event
from ..pipeline import Pipeline

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
    """Turns our events into PETRARCH-style codings with the suite's actor and agent dictionaries."""

    def __init__(self, actors: Sequence[PetrarchActor], agents: Sequence[PetrarchAgent]) -> None:
        self.actors = {a.kb_id: a for a in actors}
        # the suite's own names win over our knowledge base's codes ("Kuwait" is KUW in the suite)
        self.by_surface: dict[str, PetrarchActor] = {}
        for a in actors:
            for form in [*surface_forms(a.name), *(f for s in a.synonyms for f in surface_forms(s))]:
                self.by_surface.setdefault(form.lower(), a)
        self.agents = sorted(((s, a) for a in agents for s in a.surfaces), key=lambda sa: -len(sa[0].split()))

    def codes(self, document: Document, entity_id: str, near: int, day: date) -> list[str]:
        entity = next((e for e in document.entities if e.id == entity_id), None)
        if entity is None:
            return []
        actor = self.actors.get(entity.kb_id or "") or self._by_name(entity)
        if actor is not None:
            base = actor.codes_on(day)
        else:
            code = entity.code or (entity.country if entity.type == "PLACE" else None)
            base = [code] if code else []
        if not base:
            return []
        agent = self._agent(document, entity, near)
        if agent is None:
            return base
        return [
            b
            if b.endswith(agent.code) or b.startswith(agent.code)
            else (agent.code + b if agent.before else b + agent.code)
            for b in base
        ]

    def _by_name(self, entity: Entity) -> PetrarchActor | None:
        for text in [entity.name, *(m.text for m in entity.mentions)]:
            found = self.by_surface.get(text.lower())
            if found is not None:
                return found
        return None

    def _agent(self, document: Document, entity: Entity, near: int) -> PetrarchAgent | None:
        """The role word on the mention of the entity nearest the trigger: "Gondor police"."""
        doc = document.doc
        if doc is None or not entity.mentions:
            return None
        mention = min(entity.mentions, key=lambda m: abs(m.start - near))
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return None
        head: Token = span.root
        while head.dep_ in ("compound", "poss", "amod", "nmod", "appos") and head.head != head:
            head = head.head
        # the whole noun phrase, the mention included: "Dagolath's first Deputy Prime Minister Telemar"
        # may be one mention of Dagolath, and its role words still make it DAGGOV
        words = [
            t for t in head.subtree if not any(a.dep_ in ("relcl", "acl") for a in [t, *t.ancestors][:3])
        ]
        phrase = " ".join(t.lower_ for t in sorted(words, key=lambda t: t.i))
        for surface, agent in self.agents:
            if re.search(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", phrase):
                return agent
        return None

    def code_event(self, document: Document, event: Event, day: date) -> list[Coding]:
        near = event.trigger.start
        sources = [c for a in event.actors for c in self.codes(document, a, near, day)]
        targets = [c for r in event.recipients for c in self.codes(document, r, near, day)]
        cameo = root(event.cameo or "")
        out: list[Coding] = []
        if targets:
            for s in sources:
                for t in targets:
                    if s != t:
                        out.append((s, t, cameo))
                        if event.type == "CONSULT":
                            out.append((t, s, cameo))
        elif event.type in SYMMETRIC_TYPES:
            for s in sources:
                for t in sources:
                    if s != t:
                        out.append((s, t, cameo))
        return list(dict.fromkeys(out))


def _pipeline(actor_file: Path) -> Pipeline:
    from ..stages import all_stages

    stages = list(all_stages((actor_file,)))
    names = {s.name for s in stages}
    if "quotes" not in names:
        stages.append(_NoQuotes())
    if "events" not in names:
        from ..stages.events import EventStage

        stages.append(EventStage())
    return Pipeline(stages=stages)


class _NoQuotes:
    """Stands in for the quotes stage where a tree does not have it yet."""

    name = "quotes"
    needs: tuple[str, ...] = ("parse",)
    adds: tuple[str, ...] = ("quotes",)

    def __call__(self, document: Document) -> None:
        document.quotes = []


def evaluate(
    records_path: Path | str,
    actors_path: Path | str | None = None,
    agents_path: Path | str | None = None,
    pipeline: Pipeline | None = None,
) -> Report:
    """Read every record and score our codings against the expected ones."""
    records_path = Path(records_path)
    folder = records_path.parent / "validation_dictionaries"
    actors_path = Path(actors_path or folder / "PETR.Validate.actors.txt")
    agents_path = Path(agents_path or folder / "PETR.Validate.agents.txt")
    discards_path = folder / "PETR.Validate.discards.txt"
    discards = (
        read_discards(discards_path.read_text("utf-8", errors="replace")) if discards_path.exists() else []
    )
    coder = Coder(
        parse_actors(actors_path.read_text("utf-8", errors="replace"), str(actors_path)),
        parse_agents(agents_path.read_text("utf-8", errors="replace")) if agents_path.exists() else [],
    )
    pipeline = pipeline or _pipeline(actors_path)
    records = read_records(records_path)
    articles = [
        Article(text=r.text, id=r.id, published=datetime(r.day.year, r.day.month, r.day.day, 12))
        for r in records
    ]
    report = Report()
    for record, result in zip(records, pipeline.read_many(articles), strict=True):
        produced: list[Coding] = []
        if isinstance(result, Document) and not discarded(record.text, discards):
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
