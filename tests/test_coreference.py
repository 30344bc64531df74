"""Coreference cases (tests/data/coref_cases.yaml) read with the bundled knowledge base: each mention must be
linked to the expected entity (or, for `expect: null`, to none)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
import yaml

from conftest import DATA
from dateline.model import Article, Document
from dateline.pipeline import Pipeline
from dateline.stages.entities import EntityStage
from dateline.stages.sentences import SentenceStage

CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "coref_cases.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def reader() -> Pipeline:
    return Pipeline(stages=[SentenceStage(), EntityStage()])


def _where(text: str, surface: str, at: int) -> tuple[int, int]:
    start = -1
    for _ in range(at):
        start = text.find(surface, start + 1)
        assert start >= 0, f"{surface!r} does not occur {at} time(s) in the case text"
    return start, start + len(surface)


def _linked(document: Document, where: tuple[int, int]) -> set[str]:
    """Names of entities with a mention over `where` (at most a little wider, as the seed checker allows)."""
    a, b = where
    return {
        e.name
        for e in document.entities
        for m in e.mentions
        if m.start < b and m.end > a and (m.end - m.start) <= (b - a) + 30
    }


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40
    assert {c["group"] for c in CASES} >= {"surname", "title", "role-by-date", "counterpart", "plural"}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['group']}:{c['mention']}:{c['dct']}" for c in CASES])
def test_coreference(reader: Pipeline, case: dict[str, Any]) -> None:
    dct = case["dct"] if isinstance(case["dct"], date) else date.fromisoformat(str(case["dct"]))
    published = datetime.combine(dct, time(12), tzinfo=UTC)
    document = reader.read(Article(text=case["text"], published=published))
    linked = _linked(document, _where(case["text"], case["mention"], case.get("at", 1)))
    expect = case["expect"]
    if expect is None:
        assert not linked, f"{case['mention']!r} should name no entity, got {linked}"
    else:
        want = set(expect) if isinstance(expect, list) else {expect}
        assert want <= linked, f"{case['mention']!r}: want {want}, got {linked or 'nothing'}"
