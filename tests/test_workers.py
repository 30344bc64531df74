"""Reading with several local worker processes gives the same records, in the same order, and reports
failures the same way as reading in one process (`dateline read --workers N`, `dateline.engines`)."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from dateline.cli import cli
from dateline.engines.local import LocalPool, read_local
from dateline.errors import ReadFailure
from dateline.model import Article, Document
from dateline.record import to_record

TEXTS = [
    "Russian President Vladimir Putin met Prime Minister Narendra Modi in New Delhi on Monday.",
    "The two sides signed 28 agreements, including one on 7.5 lakh AK-203 assault rifles.",
    "NASA will launch the James Webb Space Telescope on December 22, officials said on Tuesday.",
    "Protesters marched in Paris last week against the pension reform, police said.",
    "The central bank raised its key rate by half a point to 5.25% on Wednesday.",
]


def articles() -> list[Article]:
    from datetime import datetime

    when = datetime(2021, 12, 6, 9, 0, tzinfo=UTC)
    return [Article(text=t, id=f"a{i}", source=f"test:{i}", published=when) for i, t in enumerate(TEXTS)]


def failing_pipeline():
    """A pipeline whose last stage fails on one article (module level: workers import it by name)."""
    from dateline.pipeline import Pipeline
    from dateline.stages.sentences import SentenceStage

    class Picky:
        name = "picky"
        needs = ("sentences",)
        adds = ("picky",)

        def __call__(self, document: Document) -> None:
            if "Paris" in document.text:
                raise ValueError(f"no Paris here ({len(document.text)} chars)")

    return Pipeline(stages=[SentenceStage(), Picky()])


def test_two_workers_give_the_same_records_in_order(pipeline) -> None:
    one = [to_record(d) for d in pipeline.read_many(articles())]
    two = list(read_local(articles(), workers=2, chunk=1))  # one article per chunk: both workers busy
    assert all(isinstance(d, Document) and d.doc is None for d in two)
    assert [to_record(d) for d in two if isinstance(d, Document)] == one
    assert [r["id"] for r in one] == [f"a{i}" for i in range(len(TEXTS))]


def test_failures_read_the_same_with_two_workers() -> None:
    here = list(read_local(articles(), workers=1, factory=failing_pipeline))
    with LocalPool(2, factory=failing_pipeline) as pool:
        there = list(pool.read(articles(), chunk=2))
        assert len(pool.peak_rss) >= 1 and all(peak > 0 for peak in pool.peak_rss.values())
    assert [type(x).__name__ for x in here] == [type(x).__name__ for x in there]
    (a,) = [x for x in here if isinstance(x, ReadFailure)]
    (b,) = [x for x in there if isinstance(x, ReadFailure)]
    assert (str(a), a.code, a.source, a.stage) == (str(b), b.code, b.source, b.stage)
    assert "test:3" in str(b) and "ValueError: no Paris here" in str(b)
    assert [to_record(d) for d in here if isinstance(d, Document)] == [
        to_record(d) for d in there if isinstance(d, Document)
    ]


def test_read_command_with_workers(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS)))
    sources = [str(batch), str(ROOT / "examples" / "putin-modi-summit.txt")]
    one = CliRunner().invoke(cli, ["read", "--json", "--published", "2021-12-06", *sources])
    two = CliRunner().invoke(cli, ["read", "--json", "--published", "2021-12-06", "--workers", "2", *sources])
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == len(TEXTS) + 1


def test_out_writes_parquet(tmp_path: Path, pipeline, monkeypatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr("dateline.pipeline.Pipeline", lambda *a, **k: pipeline)
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS[:2])))
    out = tmp_path / "records.parquet"
    result = CliRunner().invoke(cli, ["read", str(batch), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out).to_pylist()
    assert [row["id"] for row in table] == ["a0", "a1"]
    assert json.loads(table[0]["record"])["schema"] == "dateline.article/1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers 0"),
        (["--address", "auto"], "--address only applies to --engine ray"),
        (["--engine", "ray"], "add --json, or --out FILE"),
    ],
)
def test_bad_engine_options(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["read", "-", *args], input="Some text.")
    assert result.exit_code == 2 and message in result.stderr
