"""`dateline ingest` and the query commands end to end: real intake and reading stages (spaCy loads
once per session), short articles under tests/data/corpus/."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.store.migrations import LATEST

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
GOOD, BAD = CORPUS / "good", CORPUS / "bad"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ingest") / "corpus.db"
    result = run("ingest", str(GOOD), "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output
    # summit.jsonl: the AMP page (same canonical URL) and the re-spaced copy (same body) are duplicates
    assert "read 6 · new 4 · duplicate 2 · failed 0" in result.stdout
    return db


def counts(db: Path) -> dict[str, int]:
    result = run("db", "info", "--db", str(db))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["counts"]


def test_ingesting_the_same_folder_twice_adds_nothing(ingested: Path) -> None:
    before = counts(ingested)
    result = run("ingest", str(GOOD), "--db", str(ingested), "--quiet")
    assert result.exit_code == 0
    assert "read 6 · new 0 · duplicate 6 · failed 0" in result.stdout
    assert counts(ingested) == before
    conn = sqlite3.connect(ingested)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_failed_inputs_are_listed_recorded_and_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "bad.db"
    result = run("ingest", str(BAD), "--db", str(db), "--quiet", "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["new"], summary["failed"]) == (1, 1, 3)
    assert {f["code"] for f in summary["failures"]} == {"D101", "D105"}
    assert "mixed.jsonl:2" in result.stderr
    assert counts(db)["failures"] == 3


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "x.db"), "--quiet")
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_globs_and_the_environment_database(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = run("ingest", str(GOOD / "*.jsonl"), "--quiet", env={"DATELINE_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert "read 4 · new 2 · duplicate 2" in result.stdout
    assert db.exists()


def test_query_commands(ingested: Path) -> None:
    db = ["--db", str(ingested)]
    events = json.loads(run("events", *db, "--format", "json").stdout)
    assert isinstance(events, list) and events
    assert {"mentions", "sources", "first_seen", "last_seen", "status_history"} <= set(events[0])
    stories = json.loads(run("stories", *db, "--format", "json").stdout)
    assert sum(len(s["articles"]) for s in stories) == 4
    assert set(stories[0]) == {"id", "title", "first_seen", "last_seen", "articles"}
    entities = run("entities", *db, "--format", "csv", "--name", "Putin").stdout.splitlines()
    assert entities[0].startswith("id,name,type") and "Vladimir Putin" in entities[1]
    table = run("timeline", *db, "--actor", "Putin")
    assert table.exit_code == 0 and "timeline" in table.stdout
    assert run("events", *db, "--since", "soon").exit_code == 2


def test_export_commands(ingested: Path, tmp_path: Path) -> None:
    db = ["--db", str(ingested)]
    out = tmp_path / "articles.jsonl"
    assert run("export", *db, "--format", "jsonl", "--out", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 4 and all(r["schema"] == "dateline.article/1" for r in records)
    assert run("export", *db, "--format", "parquet").exit_code == 2
    assert run("export", *db, "--format", "gdelt").exit_code == 0


def test_queries_need_a_database(tmp_path: Path) -> None:
    result = run("events", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_db_upgrade(tmp_path: Path) -> None:
    db = str(tmp_path / "new.db")
    first = run("db", "upgrade", "--db", db)
    assert first.exit_code == 0 and "applied 1" in first.stdout
    again = run("db", "upgrade", "--db", db)
    assert "applied" not in again.stdout and f"schema version {LATEST}" in again.stdout


def test_several_workers_give_the_same_store(ingested: Path, tmp_path: Path) -> None:
    db = tmp_path / "workers.db"
    result = run("ingest", str(GOOD), "--db", str(db), "--quiet", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "read 6 · new 4 · duplicate 2 · failed 0" in result.stdout
    # Workers import the reading stages afresh, so compare what does not depend on their version.
    exports = [run("export", "--db", str(d), "--format", "jsonl").stdout for d in (ingested, db)]
    keys = [
        sorted(
            (r["id"] or "", r["url"] or "", r["title"] or "", r["text"])
            for r in map(json.loads, e.splitlines())
        )
        for e in exports
    ]
    assert keys[0] == keys[1]
    fields = [sorted({k for r in map(json.loads, e.splitlines()) for k in r}) for e in exports]
    assert fields[0] == fields[1]
    assert counts(db)["articles"] == counts(ingested)["articles"] == 4


def test_standard_input(tmp_path: Path) -> None:
    db = str(tmp_path / "stdin.db")
    line = json.dumps(
        {"id": "s1", "text": "Narendra Modi spoke in New Delhi on Monday.", "published": "2021-12-06"}
    )
    result = CliRunner().invoke(cli, ["ingest", "-", "--db", db, "--quiet"], input=line + "\n")
    assert result.exit_code == 0, result.output
    assert "new 1" in result.stdout
