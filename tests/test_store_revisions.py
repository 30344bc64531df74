"""Revisions: a new body at a stored article's URL is a new version of it. The article row and all
its layers become the new reading (in the article's one transaction), the events it told are taken
out and re-merged, and the version it replaces is kept in article_revisions. A version older than
the stored one is only kept there; any version already seen is a duplicate. Each test runs on
SQLite, and on PostgreSQL when DATELINE_TEST_PG is set."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from click.testing import CliRunner

from dateline.cli import cli
from dateline.store import Store, migrations, views
from dateline.store import schema as t
from dateline.store.identity import content_hash, is_amp
from dateline.store.similarity import signature_bytes
from test_store_support import (
    BIDEN,
    MODI,
    PUTIN,
    entity,
    event,
    layer_counts,
    pg_schema_url,
    record,
    summit_record,
)

pytest_plugins = ["test_store_support"]

URL = "https://news.example/world/biden-putin-call"
V1_TEXT = (
    "Joe Biden and Vladimir Putin will hold a video call on Tuesday, the White House said. "
    "Putin met Narendra Modi on Monday. Biden will warn of sanctions."
)
V2_TEXT = "Joe Biden and Vladimir Putin held a video call on Tuesday, talking for two hours."


def _ents(text: str, people: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    return [
        entity(f"e{i + 1}", name, kb_id=kb, start=text.find(name.split()[-1]), text=name.split()[-1])
        for i, (name, kb) in enumerate(people)
    ]


def v1(published: str | None = "2021-12-06T08:00:00+00:00", updated: str | None = None) -> dict[str, Any]:
    """The first version: the call is planned; it also tells of the Putin–Modi meeting (which
    another article reports too) and a warning only it tells."""
    rec = record(
        "call",
        V1_TEXT,
        published=published,
        url=URL + "?utm_source=feed",
        title="Biden and Putin will talk on Tuesday",
        entities=_ents(V1_TEXT, (BIDEN, PUTIN, MODI)),
        events=[
            event(
                "v1", "CONSULT", ["e1", "e2"], status="planned", date="2021-12-07", trigger="call", start=29
            ),
            event(
                "v2", "CONSULT", ["e2", "e3"], status="occurred", date="2021-12-06", trigger="met", start=92
            ),
            event("v3", "COERCE", ["e1"], status="planned", cameo="130", trigger="warn", start=130),
        ],
        times=[{"start": 51, "end": 58, "text": "Tuesday", "type": "DATE", "value": "2021-12-07"}],
        quotes=[{"start": 0, "end": 20, "text": V1_TEXT[:20], "kind": "indirect", "speaker": "e1"}],
    )
    rec["updated"] = updated
    return rec


def v2(
    published: str | None = "2021-12-06T08:00:00+00:00", updated: str | None = "2021-12-07T20:00:00+00:00"
) -> dict[str, Any]:
    """The updated version: the call was held; the meeting and the warning are no longer told."""
    rec = record(
        "call",
        V2_TEXT,
        published=published,
        url="https://www.news.example/world/biden-putin-call",
        title="Biden and Putin talked for two hours",
        entities=_ents(V2_TEXT, (BIDEN, PUTIN)),
        events=[
            event(
                "v1", "CONSULT", ["e1", "e2"], status="occurred", date="2021-12-07", trigger="call", start=26
            )
        ],
        times=[{"start": 43, "end": 50, "text": "Tuesday", "type": "DATE", "value": "2021-12-07"}],
        amounts=[{"start": 62, "end": 71, "text": "two hours", "value": 2, "unit": "hour", "object": None}],
    )
    rec["updated"] = updated
    rec["author"] = "A. Reporter"
    return rec


def other() -> dict[str, Any]:
    """Another outlet's report of the Putin–Modi meeting of 6 December."""
    return summit_record(
        "delhi", "occurred", "2021-12-06T20:00:00+00:00", url="https://wire.example/delhi", agency="ANI"
    )


def article_layers(store: Store, article_id: int) -> dict[str, int]:
    with store.connect() as conn:
        return {
            table.name: int(
                conn.execute(
                    sa.select(sa.func.count()).select_from(table).where(table.c.article_id == article_id)
                ).scalar()
                or 0
            )
            for table in t.LAYER_TABLES
        }


def call_article(store: Store) -> Any:
    with store.connect() as conn:
        return conn.execute(sa.select(t.articles).where(t.articles.c.canonical_url == URL)).one()


def revisions(store: Store) -> list[Any]:
    with store.connect() as conn:
        return conn.execute(sa.select(t.article_revisions).order_by(t.article_revisions.c.id)).all()


def by_type(store: Store) -> dict[tuple[str, tuple[str, ...]], dict[str, Any]]:
    return {(e["type"], tuple(sorted(e["actor_names"] + e["recipient_names"]))): e for e in store.events()}


def no_orphans(store: Store) -> None:
    """Nothing points at an event that is gone, and every event has a mention."""
    with store.connect() as conn:
        events = {r.id for r in conn.execute(sa.select(t.events.c.id))}
        for table in (t.event_actors, t.event_status_history, t.event_mentions):
            assert {r.event_id for r in conn.execute(sa.select(table.c.event_id))} <= events, table.name
        assert {r.event_id for r in conn.execute(sa.select(t.event_mentions.c.event_id))} == events


def test_an_updated_article_replaces_its_layers_and_events(store: Store) -> None:
    first = store.ingest_documents([other(), v1()])
    assert (first.new, first.revised) == (2, 0)
    before = by_type(store)
    meeting = ("CONSULT", ("Narendra Modi", "Vladimir Putin"))
    assert before[meeting]["mentions"] == 2 and before[meeting]["sources"] == ["ANI", "news.example"]
    assert before[("CONSULT", ("Joe Biden", "Vladimir Putin"))]["status"] == "planned"
    assert ("COERCE", ("Joe Biden",)) in before
    article_id = call_article(store).id

    summary = store.ingest_documents([v2()])
    assert (summary.read, summary.new, summary.revised, summary.duplicate, summary.failed) == (1, 0, 1, 0, 0)
    assert summary.as_dict()["revised"] == 1

    row = call_article(store)
    assert row.id == article_id  # the same article, now its new version
    assert (row.text, row.title, row.updated, row.author) == (
        V2_TEXT,
        "Biden and Putin talked for two hours",
        "2021-12-07T20:00:00+00:00",
        "A. Reporter",
    )
    assert row.content_hash == content_hash(V2_TEXT) and row.minhash == signature_bytes(V2_TEXT)
    assert json.loads(row.record)["title"] == "Biden and Putin talked for two hours"
    assert article_layers(store, article_id) == layer_counts(v2())

    after = by_type(store)
    call = after[("CONSULT", ("Joe Biden", "Vladimir Putin"))]
    assert call["status"] == "occurred" and call["mentions"] == 1
    assert [h["status"] for h in call["status_history"]] == ["occurred"]
    assert ("COERCE", ("Joe Biden",)) not in after  # only v1 told it: gone with its actors and history
    assert after[meeting]["id"] == before[meeting]["id"]  # another article tells it: it stays...
    assert (after[meeting]["mentions"], after[meeting]["sources"]) == (1, ["ANI"])  # ...recounted
    assert [h["article"] for h in after[meeting]["status_history"]] != [article_id]
    assert len(after) == 2
    no_orphans(store)

    (old,) = revisions(store)
    assert (old.article_id, old.content_hash, old.title, old.text, old.published, old.updated) == (
        article_id,
        content_hash(V1_TEXT),
        "Biden and Putin will talk on Tuesday",
        V1_TEXT,
        "2021-12-06T08:00:00+00:00",
        None,
    )
    assert old.replaced_at is not None
    with store.connect() as conn:  # the article's API record: the new version, its earlier ones' times
        api = views.article_record(conn, article_id)
    assert api is not None and api["text"] == V2_TEXT
    assert [(r["published"], r["updated"]) for r in api["store"]["revisions"]] == [
        ("2021-12-06T08:00:00+00:00", None)
    ]

    # Full-text search reads the new version only.
    assert [h["id"] for h in store.search("two hours")] == [article_id]
    assert store.search("sanctions") == []


def test_reingesting_either_version_changes_nothing(store: Store) -> None:
    store.ingest_documents([other(), v1(), v2()])
    counts = store.counts()
    assert counts["article_revisions"] == 1
    events = store.events()
    again = store.ingest_documents([v2(), v1(), other()])
    assert (again.new, again.revised, again.duplicate) == (0, 0, 3)
    assert store.counts() == counts and store.events() == events
    assert call_article(store).text == V2_TEXT  # no flip-flopping back to v1
    assert store.corpus() is False


def test_the_corpus_stage_reruns_after_a_revision(store: Store) -> None:
    store.ingest_documents([other(), v1()])
    assert store.corpus() is False
    store.ingest_documents([v2()], corpus=False)
    assert store.corpus() is True  # same number of articles, but one has a new text
    assert store.corpus() is False


def test_an_older_version_arriving_later_is_only_kept_as_a_revision(store: Store, db_url: str) -> None:
    store.ingest_documents([other(), v2()])
    counts, events = store.counts(), store.events()
    row = call_article(store)
    late = store.ingest_documents([v1()])
    assert (late.new, late.revised, late.duplicate) == (0, 1, 0)
    after = store.counts()
    assert after["article_revisions"] == 1
    assert {k: v for k, v in after.items() if k != "article_revisions"} == {
        k: v for k, v in counts.items() if k != "article_revisions"
    }
    assert store.events() == events
    assert call_article(store) == row  # the stored version is untouched
    (kept,) = revisions(store)
    assert (kept.article_id, kept.text) == (row.id, V1_TEXT)
    assert store.ingest_documents([v1(), v2()]).duplicate == 2


def test_both_orders_end_in_the_same_store(tmp_path: Path) -> None:
    """In order (v1 then v2) or not (v2 then v1): the same current version, events and history."""
    results = []
    for name, order in (("forward", [v1(), v2()]), ("backward", [v2(), v1()])):
        s = Store(str(tmp_path / f"{name}.db"))
        s.ingest_documents([other()] + order)
        strip = [{k: v for k, v in e.items() if k != "id"} for e in s.events()]
        results.append((s.counts(), call_article(s).text, strip))
        s.close()
    assert results[0] == results[1]


def test_without_times_the_later_ingest_wins(store: Store) -> None:
    store.ingest_documents([v2(published=None, updated=None)])
    summary = store.ingest_documents([v1(published=None, updated=None)])
    assert summary.revised == 1
    assert call_article(store).text == V1_TEXT
    assert [r.text for r in revisions(store)] == [V2_TEXT]
    assert by_type(store)[("CONSULT", ("Joe Biden", "Vladimir Putin"))]["status"] == "planned"
    # One side without a time cannot be ordered either: the later ingest wins.
    store.ingest_documents([v2(published=None, updated="2021-12-01T00:00:00+00:00")])
    assert call_article(store).text == V1_TEXT  # v2's body is a known version: a duplicate


def test_wire_copies_and_amp_renderings_stay_duplicates(store: Store) -> None:
    store.ingest_documents([v1()])
    copy = dict(v1(), url="https://elsewhere.example/copy", text=V1_TEXT.upper())
    amp = dict(v2(), url="https://amp.news.example/world/biden-putin-call/amp")
    summary = store.ingest_documents([copy, amp])
    assert (summary.new, summary.revised, summary.duplicate) == (0, 0, 2)
    assert call_article(store).text == V1_TEXT and revisions(store) == []
    # A copy of an earlier version, under another URL, is a duplicate too.
    store.ingest_documents([v2()])
    assert store.ingest_documents([dict(v1(), url="https://third.example/c")]).duplicate == 1
    assert is_amp("https://x.example/a/story.amp.html") and is_amp("https://x.example/a?outputType=amp")
    assert not is_amp("https://x.example/campaign/ample") and not is_amp(None)


def test_sqlite_and_postgresql_agree_on_revisions(tmp_path: Path) -> None:
    gen = pg_schema_url()
    pg_url = next(gen)
    try:
        results = []
        for url in (str(tmp_path / "same.db"), pg_url):
            s = Store(url)
            s.ingest_documents([other(), v1(), v2(), v1(), v2()])
            s.ingest_documents([summit_record("late", "planned", "2021-12-01T09:00:00+00:00", url=URL)])
            # SQLite may give a deleted event's id to a new one, PostgreSQL does not: compare the rest.
            events = [{k: v for k, v in e.items() if k != "id"} for e in s.events()]
            results.append((s.counts(), events, s.stories(), [r.text for r in revisions(s)]))
            s.close()
        assert results[0] == results[1]
        assert results[0][0]["article_revisions"] == 2 and results[0][0]["articles"] == 2
    finally:
        gen.close()


def test_sqlite_file_stays_healthy(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    s = Store(str(path))
    s.ingest_documents([other(), v1(), v2(), v1()])
    s.close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    assert raw.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')").fetchall() == []
    raw.close()


def test_a_database_from_before_revisions_is_upgraded(db_url: str) -> None:
    s = Store(db_url)
    assert [m.version for m in migrations.upgrade(s.writer, target=3)] == [1, 2, 3]
    with s.writer.begin() as conn:  # as a Dateline before revisions created it: no such table
        conn.execute(sa.text("DROP TABLE article_revisions"))
    with s.connect() as conn:
        assert not sa.inspect(conn).has_table("article_revisions")
    assert [m.version for m in s.upgrade()] == [4]
    s.require_current()
    with s.connect() as conn:
        assert sa.inspect(conn).has_table("article_revisions")
    s.ingest_documents([v1()])
    assert s.ingest_documents([v2()]).revised == 1
    assert len(revisions(s)) == 1
    s.close()


def test_the_ingest_summary_says_how_many_were_revised(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    first, second = tmp_path / "v1.jsonl", tmp_path / "v2.jsonl"
    first.write_text(json.dumps(v1()) + "\n" + json.dumps(other()) + "\n")
    second.write_text(json.dumps(v2()) + "\n" + json.dumps(other()) + "\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(first), "--db", db, "--quiet"]).exit_code == 0
    result = runner.invoke(cli, ["ingest", str(second), "--db", db, "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "read 2 · new 0 · revised 1 · duplicate 1 · failed 0" in result.stdout
    result = runner.invoke(cli, ["ingest", str(first), "--db", db, "--quiet", "--json"])
    assert json.loads(result.stdout)["revised"] == 0 and json.loads(result.stdout)["duplicate"] == 2


def test_versions_written_at_once_take_turns(store: Store, db_url: str) -> None:
    """Four writers at once, two of them with the same newer version and two with a newer still: the
    newest wins, each version is written once, and nothing is left half-merged."""
    store.ingest_documents([other(), v1()])
    v3 = v2(updated="2021-12-08T10:00:00+00:00")
    v3["text"] = V2_TEXT + " They agreed to talk again."
    results: list[dict[str, Any]] = []

    def write(rec: dict[str, Any]) -> None:
        writer = Store(db_url)
        results.append(writer.ingest_documents([rec], corpus=False).as_dict())
        writer.close()

    threads = [threading.Thread(target=write, args=(rec,)) for rec in (v2(), v3, v2(), v3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (
        sorted((r["revised"], r["duplicate"], r["failed"]) for r in results)
        == [(0, 1, 0)] * 2 + [(1, 0, 0)] * 2
    )
    assert call_article(store).text == v3["text"]
    assert sorted(r.text for r in revisions(store)) == sorted([V1_TEXT, V2_TEXT])
    no_orphans(store)
