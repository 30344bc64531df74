"""Load (docs/reliability.md): 32 concurrent readers on the JSON API of a real `dateline serve` while a
`dateline ingest` subprocess writes 5,000 wire stories into the same SQLite file (PostgreSQL too when
DATELINE_TEST_PG names a server). No 5xx, no connection error, and no reader ever sees an article
without its layers. The run is bench/load.py's; the checks it makes are tested here on hand-made
answers, so a check that could never fail would show."""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from test_store_support import pg_schema_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import load  # noqa: E402  (bench/load.py)

ARTICLES = 5_000
PG_ARTICLES = 1_000
READERS = 32
TEXT = "Anna Novak met Marco Rossi in Rome on Monday. Rossi will visit Oslo on May 3, officials said."


def at(words: str) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "text": words}


FIRST, SECOND = TEXT.split(". ")
RECORD: dict[str, Any] = {
    "text": TEXT,
    "sentences": [{"start": 0, "end": len(FIRST) + 1}, {"start": len(FIRST) + 2, "end": len(TEXT)}],
    "times": [at("Monday"), at("May 3")],
    "entities": [{"id": "e1", "mentions": [at("Anna Novak")]}, {"id": "e2", "mentions": [at("Marco Rossi")]}],
    "amounts": [],
    "quotes": [],
    "events": [{"id": "e1", "trigger": at("met"), "sentence": {"start": 0, "end": len(FIRST) + 1}}],
    "store": {"id": 7, "entities": {"e1": 3, "e2": 4}, "events": {"e1": 9}},
}
EVENT: dict[str, Any] = {
    "id": 9,
    "mentions": 1,
    "mentions_detail": [
        {
            "article": 7,
            "trigger": at("met"),
            "sentence": {"start": 0, "end": len(FIRST) + 1, "text": FIRST + "."},
        }
    ],
}


def slow_selected(request: pytest.FixtureRequest) -> bool:
    markexpr = request.config.getoption("-m") or ""
    return ("slow" in markexpr and "not slow" not in markexpr) or bool(os.environ.get("DATELINE_SLOW"))


def test_a_whole_article_and_event_pass_the_checks() -> None:
    assert load.record_problems(RECORD) == []
    assert load.event_problems(EVENT) == []


def test_an_article_missing_part_of_a_layer_is_caught() -> None:
    unstored_event = copy.deepcopy(RECORD)
    unstored_event["store"]["events"] = {}  # the event mention not (yet) written
    assert "stored mentions" in load.record_problems(unstored_event)[0]
    unstored_entity = copy.deepcopy(RECORD)
    del unstored_entity["store"]["entities"]["e2"]
    assert "entities" in load.record_problems(unstored_entity)[0]
    no_layer = copy.deepcopy(RECORD)
    del no_layer["times"]
    assert "layer is missing (times)" in load.record_problems(no_layer)[0]
    moved = copy.deepcopy(RECORD)
    moved["times"][1]["start"] += 1
    assert "the span says 'May 3'" in load.record_problems(moved)[0]
    no_sentences = copy.deepcopy(RECORD)
    no_sentences["sentences"] = []
    assert load.record_problems(no_sentences) == ["article 7: no sentences"]


def test_an_event_missing_a_mention_is_caught() -> None:
    short = copy.deepcopy(EVENT)
    short["mentions"] = 2
    assert load.event_problems(short) == ["event 9: mentions 2 but 1 listed"]


def test_the_wire_stories_differ_and_are_short() -> None:
    import random

    rng = random.Random(1)
    stories = [load.wire_article(n, rng) for n in range(200)]
    assert len(set(stories)) == 200
    bodies = [story.split("\n\n", 2)[2] for story in stories]
    assert all(2 <= body.count(". ") + 1 <= 5 for body in bodies)


def run_and_check(db: str, tmp_path: Path, articles: int) -> load.LoadReport:
    folder = load.write_wire_articles(tmp_path / "articles", articles)
    report = load.run_load(db, folder, tmp_path, readers=READERS)
    print()
    print(report.table())
    assert report.ingest_exit == 0, report.ingest_output
    assert report.stored == articles
    assert report.findings.server_errors == []
    assert report.findings.connection_errors == []
    assert report.findings.problems == []
    assert len(report.findings.seen_articles) > articles // 20  # the readers did see articles come in
    assert all(p["requests"] > 0 for p in report.percentiles().values())
    return report


@pytest.mark.slow
def test_32_readers_during_an_ingest_of_5000_articles(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if not slow_selected(request):
        pytest.skip(
            "5,000 articles ingested under load take minutes: select it with -m slow (or DATELINE_SLOW=1)"
        )
    run_and_check(str(tmp_path / "load.db"), tmp_path, ARTICLES)


@pytest.mark.slow
def test_32_readers_during_an_ingest_into_postgresql(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The same on PostgreSQL, with PG_ARTICLES articles (its writes are slower)."""
    if not slow_selected(request):
        pytest.skip("a load run takes minutes: select it with -m slow (or DATELINE_SLOW=1)")
    schema = pg_schema_url()
    try:
        run_and_check(next(schema), tmp_path, PG_ARTICLES)
    finally:
        next(schema, None)  # drops the schema
