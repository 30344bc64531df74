"""Golden files: each example article's whole record, as reviewed. A change to any stage that changes a
record fails here; review the diff, then regenerate with DATELINE_UPDATE_GOLDEN=1 and commit the files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from dateline.intake import IntakeOptions, read_source
from dateline.record import to_record

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".html"))
GOLDEN = DATA / "golden"


def golden_path(example: Path) -> Path:
    return GOLDEN / f"{example.name}.json"


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_record_matches_its_golden_file(pipeline, example: Path):
    (article,) = list(read_source(str(example), IntakeOptions()))
    record = to_record(pipeline.read(article))
    path = golden_path(example)
    if os.environ.get("DATELINE_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file for {example.name}: run with DATELINE_UPDATE_GOLDEN=1"
    assert record == json.loads(path.read_text("utf-8"))
