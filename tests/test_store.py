"""The store: schema and migrations, idempotent ingest, one transaction per article, failures,
full-text search. Each test runs on SQLite, and on PostgreSQL when DATELINE_TEST_PG is set."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import sqlalchemy as sa

from dateline.errors import EmptyInput, ReadFailure, UsageError
from dateline.model import Article, Document, Entity, Sentence, Span
from dateline.store import Store
from dateline.store import schema as t
from dateline.store.engine import resolve_url
from dateline.store.migrations import LATEST
from test_store_support import entity, layer_counts, pg_schema_url, record, summit_record

pytest_plugins = ["test_store_support"]


def batch() -> list[dict[str, Any]]:
    return [
        summit_record("a1", "planned", "2021-12-01T09:00:00+05:30", url="https://news.example/a1"),
        summit_record(
            "a2", "occurred", "2021-12-06T20:00:00+05:30", url="https://news.example/a2", agency="ANI"
        ),
        record(
            "a3",
            "The James Webb Space Telescope lifted off from Kourou on Saturday.",
            published="2021-12-25T12:20:00+00:00",
            entities=[entity("e1", "Kourou", "PLACE")],
        ),
    ]


def test_upgrade_creates_the_schema_once(store: Store) -> None:
    assert store.version() == LATEST
    assert store.upgrade() == []
    with store.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
    assert {
        "articles",
        "entities",
        "entity_mentions",
        "times",
        "amounts",
        "quotes",
        "events",
        "event_mentions",
        "event_status_history",
        "stories",
        "failures",
        "schema_version",
    } <= names


def test_an_older_database_is_upgraded_step_by_step(db_url: str) -> None:
    from dateline.store import migrations

    s = Store(db_url)
    assert [m.version for m in migrations.upgrade(s.writer, target=1)] == [1]
    assert s.version() == 1
    with pytest.raises(UsageError, match="dateline db upgrade"):
        s.require_current()
    assert [m.version for m in s.upgrade()] == list(range(2, LATEST + 1))
    s.require_current()
    with s.connect() as conn:
        assert "ix_failures_source" in {i["name"] for i in sa.inspect(conn).get_indexes("failures")}
    s.close()


def test_database_urls() -> None:
    assert resolve_url("x.db") == "sqlite:///x.db"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"


def test_env_selects_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_DB", "postgresql://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DATELINE_DB")
    assert resolve_url(None) == "sqlite:///./dateline.db"


def test_ingest_stores_every_layer(store: Store) -> None:
    records = batch()
    summary = store.ingest_documents(records)
    assert (summary.read, summary.new, summary.duplicate, summary.failed) == (3, 3, 0, 0)
    counts = store.counts()
    assert counts["articles"] == 3
    for table in ("entity_mentions", "times", "amounts", "quotes", "event_mentions"):
        assert counts[table] == sum(layer_counts(r)[table] for r in records), table
    # Putin and Modi appear in two articles but are one entity each (merged by kb_id).
    assert counts["entities"] == 3
    assert counts["events"] == 1  # the planned and the held summit are one event; Webb has none


def test_ingesting_twice_adds_nothing(store: Store) -> None:
    store.ingest_documents(batch())
    before = store.counts()
    summary = store.ingest_documents(batch())
    assert (summary.new, summary.duplicate) == (0, 3)
    assert store.counts() == before
    assert store.corpus() is False  # nothing new: the corpus stage has nothing to do


def test_same_article_by_url_variant_or_by_body_is_stored_once(store: Store) -> None:
    base = summit_record(
        "u1", "planned", "2021-12-01T09:00:00+05:30", url="https://www.news.example/world/putin?id=4"
    )
    by_url = record(
        "u2",
        "A different body on the AMP page.",
        url="http://amp.news.example/world/putin/amp/?utm_source=x&id=4#top",
    )
    by_body = record("u3", base["text"].upper().replace(" ", "   "), url="https://elsewhere.example/p")
    summary = store.ingest_documents([base, by_url, by_body])
    assert (summary.new, summary.duplicate) == (1, 2)
    assert store.counts()["articles"] == 1


def test_entities_merge_by_kb_id_else_by_name_and_type(store: Store) -> None:
    store.ingest_documents(
        [
            record(
                "n1",
                "Putin and the Quad met.",
                entities=[
                    entity("e1", "Vladimir Putin", kb_id="person:vladimir-putin"),
                    entity("e2", "Quad", "ORG"),
                ],
            ),
            record(
                "n2",
                "President Putin and QUAD met.",
                entities=[
                    entity("e1", "President Putin", kb_id="person:vladimir-putin"),
                    entity("e2", "quad", "ORG"),
                    entity("e3", "Quad", "PRODUCT"),
                ],
            ),
        ]
    )
    rows = {(e["name"], e["type"]): e for e in store.entities()}
    assert rows[("Vladimir Putin", "PERSON")]["articles"] == 2
    assert rows[("Quad", "ORG")]["articles"] == 2
    assert rows[("Quad", "PRODUCT")]["articles"] == 1
    assert len(rows) == 3


def test_failures_are_recorded_and_the_batch_goes_on(store: Store) -> None:
    bad_input = EmptyInput("feed.jsonl:3", "the line has no 'text' or 'html'")
    bad_read = ReadFailure("odd.txt", "times", ValueError("boom"))
    items: list[Any] = [bad_input, *batch()[:1], bad_read, *batch()[1:]]
    summary = store.ingest_documents(items)
    assert (summary.new, summary.failed) == (3, 2)
    failures = store.failures()
    assert [(f["source"], f["code"]) for f in failures] == [("feed.jsonl:3", "D101"), ("odd.txt", "D500")]
    store.ingest_documents(items)
    assert len(store.failures()) == 2  # a re-run does not repeat them


def test_a_record_that_cannot_be_written_leaves_nothing_behind(store: Store) -> None:
    good = batch()
    broken = summit_record("broken", "planned", "2021-12-02T09:00:00+05:30")
    broken["amounts"].append({"start": 1, "end": 2, "text": "x", "value": None, "unit": None, "object": None})
    summary = store.ingest_documents([good[0], broken, good[2]])
    assert (summary.new, summary.failed) == (2, 1)
    assert summary.failures[0][1] == "D600"
    with store.connect() as conn:
        assert (
            conn.execute(sa.select(t.articles.c.id).where(t.articles.c.record_id == "broken")).first() is None
        )
        orphans = conn.execute(
            sa.select(sa.func.count())
            .select_from(t.times)
            .where(t.times.c.article_id.not_in(sa.select(t.articles.c.id)))
        ).scalar()
    assert orphans == 0
    assert store.counts()["times"] == 1


def test_documents_from_the_pipeline_model_are_stored(store: Store) -> None:
    text = "Vladimir Putin arrived in New Delhi."
    doc = Document(
        article=Article(text=text, url="https://x.example/p", source="x.txt"),
        sentences=[Sentence(0, len(text))],
        entities=[
            Entity(
                "e1",
                "Vladimir Putin",
                "PERSON",
                [Span(0, 14, "Vladimir Putin")],
                kb_id="person:vladimir-putin",
            )
        ],
        layers={"text", "sentences", "entities"},
    )
    summary = store.ingest_documents([doc])
    assert summary.new == 1
    assert store.counts()["entity_mentions"] == 1
    with store.connect() as conn:
        row = conn.execute(sa.select(t.articles)).one()
    assert (row.source, row.canonical_url, row.published_at) == ("x.txt", "https://x.example/p", None)


def test_full_text_search(store: Store) -> None:
    store.ingest_documents(batch())
    hits = store.search("telescope Kourou")
    assert [h["title"] for h in hits] == ["a3"]
    assert store.search("defence cooperation")[0]["title"].startswith("Summit story")
    assert store.search('"unbalanced (quotes') == []
    assert store.search("  ") == []


def test_sqlite_file_is_healthy_and_configured(tmp_path: Any) -> None:
    path = tmp_path / "d.db"
    s = Store(str(path))
    s.ingest_documents(batch())
    with s.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    s.close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert raw.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')").fetchall() == []
    raw.close()


def test_query_refuses_a_missing_database(tmp_path: Any) -> None:
    with pytest.raises(UsageError, match="no database"):
        Store(str(tmp_path / "none.db")).require_current()
    assert not (tmp_path / "none.db").exists()


def test_sqlite_and_postgresql_give_identical_results(tmp_path: Any) -> None:
    gen = pg_schema_url()
    pg_url = next(gen)
    try:
        results = []
        for url in (str(tmp_path / "same.db"), pg_url):
            s = Store(url)
            s.ingest_documents(batch() + batch())
            results.append((s.counts(), s.events(), s.stories(), s.entities()))
            s.close()
        assert results[0] == results[1]
    finally:
        gen.close()


def test_readers_do_not_wait_for_a_writer(tmp_path: Any) -> None:
    s = Store(str(tmp_path / "busy.db"))
    s.ingest_documents(batch())
    with s.writer.begin() as conn:  # a write transaction holds the lock...
        conn.execute(t.settings.insert().values(key="held", value="1"))
        other = Store(str(tmp_path / "busy.db"))
        assert other.counts()["articles"] == 3  # ...and queries still answer at once (WAL)
        assert len(other.events()) == 1
        other.close()
    s.close()
