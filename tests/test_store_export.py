"""Bulk export: article records (JSONL), events CSV, Parquet, GDELT 2.0-style TSV, PLOVER JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from dateline.store import Store
from dateline.store.export import GDELT_COLUMNS
from test_store_support import record, summit_record

pytest_plugins = ["test_store_support"]


@pytest.fixture
def filled(store: Store) -> Store:
    store.ingest_documents(
        [
            summit_record("plan", "planned", "2021-12-01T10:00:00+05:30", url="https://a.example/plan"),
            summit_record(
                "held", "occurred", "2021-12-07T10:00:00+05:30", url="https://b.example/held", agency="ANI"
            ),
            summit_record(
                "call", "planned", "2021-12-02T10:00:00+05:30", date="2021-12-20", type_="COOPERATE"
            ),
            record("plain", "Nothing happened here.", published=None),
        ]
    )
    return store


def test_jsonl_gives_back_the_records(filled: Store) -> None:
    out = io.StringIO()
    assert filled.export("jsonl", out) == 4
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    original = summit_record("plan", "planned", "2021-12-01T10:00:00+05:30", url="https://a.example/plan")
    first = dict(lines[0])
    store_part = first.pop("store")
    assert first == original
    assert list(first) == list(original)  # same field order: text right after updated
    assert store_part["id"] == 1 and store_part["canonical_url"] == "https://a.example/plan"


def test_events_csv(filled: Store) -> None:
    out = io.StringIO()
    assert filled.export("csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["status"] for r in rows] == ["occurred", "planned"]
    assert rows[0]["mentions"] == "2" and "planned@" in rows[0]["status_history"]


@pytest.mark.parametrize("table, n", [("events", 2), ("mentions", 3), ("articles", 4), ("entities", 2)])
def test_parquet(filled: Store, tmp_path: Path, table: str, n: int) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / f"{table}.parquet"
    assert filled.export("parquet", path, table=table) == n
    assert pq.read_table(path).num_rows == n


def test_gdelt_tsv(filled: Store) -> None:
    out = io.StringIO()
    filled.export("gdelt", out)
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert len(rows) == 2 and all(len(r) == len(GDELT_COLUMNS) == 61 for r in rows)
    row = dict(zip(GDELT_COLUMNS, rows[0], strict=True))
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20211206", "202112", "2021")
    assert (row["EventCode"], row["EventRootCode"], row["QuadClass"]) == ("040", "04", "1")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("2", "2", "2")
    assert row["Actor1Name"] in ("VLADIMIR PUTIN", "NARENDRA MODI")
    assert row["SOURCEURL"] == "https://a.example/plan"


def test_plover_codes_planned_cooperation_as_agree(filled: Store) -> None:
    out = io.StringIO()
    filled.export("plover", out)
    events: list[dict[str, Any]] = [json.loads(x) for x in out.getvalue().splitlines()]
    by_status = {e["status"]: e for e in events}
    assert by_status["occurred"]["event"] == "CONSULT"
    assert by_status["planned"]["event"] == "AGREE" and by_status["planned"]["agreed_to"] == "COOPERATE"
    assert by_status["planned"]["date"] == "2021-12-20"


def test_unknown_format(filled: Store) -> None:
    from dateline.errors import UsageError

    with pytest.raises(UsageError):
        filled.export("xml", io.StringIO())
