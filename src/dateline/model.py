"""The typed article model: an `Article` (what intake produces) and the `Document` the reading stages fill.

Every span is a pair of character offsets into `Document.text` (the article body).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

SCHEMA = "dateline.article/1"


@dataclass
class Article:
    """One article as intake found it: the body text and its metadata."""

    text: str
    id: str | None = None
    url: str | None = None
    title: str | None = None
    section: str | None = None
    agency: str | None = None
    author: str | None = None
    language: str | None = "en"
    published: datetime | None = None
    updated: datetime | None = None
    source: str | None = None  # where it was read from (file path, URL, "<stdin>", "file.jsonl:3")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Time:
    start: int
    end: int
    text: str
    type: str  # TIMEX3 type: DATE TIME DURATION SET
    value: str  # TIMEX3 value
    anchor: str | None = None  # the time this one was resolved from ("DCT" or the text of an earlier time)
    mod: str | None = None  # TIMEX3 mod: START MID END APPROX BEFORE AFTER ...


@dataclass
class Entity:
    id: str
    name: str
    type: str  # PERSON ORG COUNTRY PLACE PRODUCT LAW GROUP ...
    mentions: list[Span] = field(default_factory=list)
    code: str | None = None
    country: str | None = None
    role: str | None = None
    kb_id: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Amount:
    start: int
    end: int
    text: str
    value: float | int
    unit: str | None = None
    object: str | None = None
    approx: bool = False
    high: float | int | None = None  # upper end of a range


@dataclass
class Quote:
    start: int
    end: int
    text: str
    kind: str  # direct (between quote marks) | indirect (reported speech)
    speaker: str | None = None  # entity id
    cue: Span | None = None
    speaker_text: str | None = None
    partial: bool = False  # a direct quote of a fragment inside the writer's own sentence


@dataclass
class Event:
    id: str
    type: str
    trigger: Span
    sentence: Sentence
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    mode: str | None = None
    cameo: str | None = None
    date: str | None = None
    date_text: str | None = None
    status: str = "occurred"
    place: str | None = None
    quantity: dict[str, Any] | None = None
    attributed_to: str | None = None
    confidence: float = 0.5
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Document:
    """An article being read. Stages add layers; `layers` names those present."""

    article: Article
    doc: Doc | None = None  # the one spaCy parse all stages share
    sentences: list[Sentence] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    layers: set[str] = field(default_factory=lambda: {"text"})

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def anchor(self) -> datetime | None:
        """The document creation time that anchors relative dates."""
        return self.article.published or self.article.updated
