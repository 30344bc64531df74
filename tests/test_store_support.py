"""Shared helpers for the store tests (no tests here): the `store` fixture over both engines and
hand-made article records, so store tests never depend on the reading stages' quality.

Import the fixtures into a test module with `from test_store_support import store  # noqa: F401`.
PostgreSQL runs when DATELINE_TEST_PG names a server (e.g. postgresql://postgres@127.0.0.1:5432/test);
each test gets a fresh schema, dropped afterwards. With DATELINE_REQUIRE_PG set (CI), a missing
server is a failure, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

PG_ENV = "DATELINE_TEST_PG"
REQUIRE_ENV = "DATELINE_REQUIRE_PG"
PG_SKIP = f"{PG_ENV} is not set: PostgreSQL store tests skipped (e.g. {PG_ENV}=postgresql://postgres@127.0.0.1:5432/test)"


def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema; the schema is dropped afterwards."""
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get(REQUIRE_ENV):  # CI: PostgreSQL tests must run, never skip
            pytest.fail(f"{REQUIRE_ENV} is set but {PG_ENV} is not: point it at a PostgreSQL server")
        pytest.skip(PG_SKIP)
    import psycopg

    name = f"dl_test_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={name}')}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "dateline.db")
    else:
        yield from pg_schema_url()


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    from dateline.store import Store

    s = Store(db_url)
    s.upgrade()
    yield s
    s.close()


def entity(
    eid: str,
    name: str,
    type_: str = "PERSON",
    kb_id: str | None = None,
    text: str = "",
    start: int = 0,
    country: str | None = None,
) -> dict[str, Any]:
    return {
        "id": eid,
        "name": name,
        "type": type_,
        "code": country if type_ == "COUNTRY" else None,
        "country": country,
        "role": None,
        "kb_id": kb_id,
        "mentions": [{"start": start, "end": start + len(text or name), "text": text or name}],
    }


def event(
    eid: str,
    type_: str,
    actors: list[str],
    status: str = "occurred",
    date: str | None = None,
    recipients: list[str] | None = None,
    cameo: str | None = "040",
    trigger: str = "talks",
    start: int = 0,
) -> dict[str, Any]:
    return {
        "id": eid,
        "type": type_,
        "mode": None,
        "cameo": cameo,
        "actors": actors,
        "recipients": recipients or [],
        "date": date,
        "date_text": date,
        "status": status,
        "place": None,
        "quantity": None,
        "attributed_to": None,
        "trigger": {"start": start, "end": start + len(trigger), "text": trigger},
        "sentence": {"start": 0, "end": 40},
        "confidence": 0.8,
        "mentions": [],
    }


PUTIN = ("Vladimir Putin", "person:vladimir-putin")
MODI = ("Narendra Modi", "person:narendra-modi")
BIDEN = ("Joe Biden", "person:joe-biden")


def record(
    rid: str,
    text: str,
    published: str | None = "2021-12-01T09:00:00+05:30",
    url: str | None = None,
    title: str | None = None,
    agency: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    times: list[dict[str, Any]] | None = None,
    amounts: list[dict[str, Any]] | None = None,
    quotes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A dateline.article/1 record as the reading stages would give it."""
    return {
        "schema": "dateline.article/1",
        "id": rid,
        "url": url,
        "title": title or rid,
        "section": None,
        "agency": agency,
        "author": None,
        "language": "en",
        "published": published,
        "updated": None,
        "text": text,
        "sentences": [{"start": 0, "end": len(text)}],
        "entities": entities or [],
        "times": times or [],
        "amounts": amounts or [],
        "quotes": quotes or [],
        "events": events or [],
    }


def summit_record(
    rid: str,
    status: str,
    published: str,
    date: str | None = "2021-12-06",
    url: str | None = None,
    agency: str | None = None,
    text: str | None = None,
    actors: tuple[tuple[str, str], ...] = (PUTIN, MODI),
    type_: str = "CONSULT",
) -> dict[str, Any]:
    """An article about Putin and Modi meeting (planned or held), with one event."""
    body = text or (
        f"{rid}: Vladimir Putin and Narendra Modi {'will hold' if status == 'planned' else 'held'} talks "
        "in New Delhi on defence cooperation and trade, officials said."
    )
    ents = [entity(f"e{i + 1}", name, kb_id=kb) for i, (name, kb) in enumerate(actors)]
    return record(
        rid,
        body,
        published=published,
        url=url,
        agency=agency,
        title=f"Summit story {rid}",
        entities=ents,
        events=[event("v1", type_, [e["id"] for e in ents], status=status, date=date)],
        times=[
            {
                "start": 0,
                "end": 3,
                "text": body[:3],
                "type": "DATE",
                "value": date or "PRESENT_REF",
                "anchor": "DCT",
            }
        ],
        amounts=[{"start": 0, "end": 2, "text": body[:2], "value": 5, "unit": None, "object": "agreements"}],
        quotes=[
            {
                "start": 0,
                "end": 10,
                "text": body[:10],
                "kind": "indirect",
                "speaker": "e1",
                "cue": {"start": 11, "end": 15, "text": body[11:15]},
                "speaker_text": "officials",
                "partial": False,
            }
        ],
    )


def layer_counts(rec: dict[str, Any]) -> dict[str, int]:
    """How many rows each layer table should hold for one record."""
    return {
        "entity_mentions": sum(len(e["mentions"]) for e in rec.get("entities", [])),
        "times": len(rec.get("times", [])),
        "amounts": len(rec.get("amounts", [])),
        "quotes": len(rec.get("quotes", [])),
        "event_mentions": len(rec.get("events", [])),
    }
