"""Table-driven cases for the events stage, read end to end through the pipeline.

The cases live in tests/data/events_cases.yaml (its header says how a case matches). Each case is one
sentence of wire copy read with its own publication time. A case with `xfail: "<reason>"` is a known
gap, reported as xfail (not strict: a fix shows up as XPASS).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from dateline.model import Article, Document, Entity, Event

CASES_FILE = Path(__file__).resolve().parent / "data" / "events_cases.yaml"
TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
STATUSES = {"occurred", "ongoing", "planned", "hypothetical", "negated"}
SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}


def load_cases() -> list[dict[str, Any]]:
    return yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


CASES = load_cases()


def _param(case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=False)] if case.get("xfail") else []
    return pytest.param(case, marks=marks, id=f"{case['type']}:{case['text'][:60]}")


@pytest.fixture(scope="module")
def reader(pipeline):
    """The shared pipeline; while a stage the events need is not yet listed, the same stages plus it."""
    names = [s.name for s in pipeline.stages]
    if "events" in names:
        return pipeline
    from dateline.pipeline import Pipeline
    from dateline.stages.events import EventStage

    stages = list(pipeline.stages)
    if "quotes" not in names:

        class NoQuotes:
            name, needs, adds = "quotes", ("parse",), ("quotes",)

            def __call__(self, document: Document) -> None:
                document.quotes = []

        stages.append(NoQuotes())
    stages.append(EventStage())
    return Pipeline(stages=stages)


def _fold(name: str) -> str:
    """Case and accents folded: "Recep Tayyip Erdoğan" is "recep tayyip erdogan"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


def _matches(entity: Entity | None, want: str) -> bool:
    if entity is None:
        return False
    return _fold(entity.name) == _fold(want) or want.upper() in {entity.code or "", entity.country or ""}


def _has(entities: dict[str, Entity], ids: list[str], want: str) -> bool:
    return any(_matches(entities.get(i), want) for i in ids)


def event_matches(case: dict[str, Any], event: Event, entities: dict[str, Entity]) -> bool:
    if event.type != case["type"] or event.status != case["status"]:
        return False
    if "date" in case and event.date != str(case["date"]):
        return False
    sides = event.actors + event.recipients
    pool_a = sides if case["type"] in SYMMETRIC else event.actors
    pool_r = sides if case["type"] in SYMMETRIC else event.recipients
    return all(_has(entities, pool_a, w) for w in case.get("actors", [])) and all(
        _has(entities, pool_r, w) for w in case.get("recipients", [])
    )


def describe(document: Document) -> str:
    names = {e.id: e.name for e in document.entities}
    return "; ".join(
        f"{e.type} {[names.get(a) for a in e.actors]}->{[names.get(r) for r in e.recipients]} "
        f"{e.status} {e.date} ({e.trigger.text!r})"
        for e in document.events
    )


def test_table_is_well_formed():
    assert len(CASES) >= 150
    kinds = {c["type"] for c in CASES}
    assert kinds >= TYPES, f"types without a case: {TYPES - kinds}"
    assert {c.get("status") for c in CASES} >= STATUSES
    for c in CASES:
        assert c["type"] in TYPES | {"none"}, c
        if c["type"] != "none":
            assert c["status"] in STATUSES, c
            assert c.get("actors"), c


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_event_case(reader, case: dict[str, Any]) -> None:
    dct = datetime.fromisoformat(str(case["dct"]) + "T12:00:00")
    document = reader.read(Article(text=case["text"], published=dct))
    if case["type"] == "none":
        assert not document.events, describe(document)
        return
    entities = {e.id: e for e in document.entities}
    assert any(event_matches(case, e, entities) for e in document.events), describe(document) or "no events"
