"""The first customer's article, scored by its own checker: every required fact found, nothing forbidden."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import shared_path
from dateline.intake import IntakeOptions, read_source
from dateline.record import to_record


def test_seed_article_passes_its_check(pipeline):
    article_path = shared_path("golden", "seed", "article.txt")
    checker = shared_path("golden", "seed", "check.py")
    (article,) = list(read_source(str(article_path), IntakeOptions()))
    record = to_record(pipeline.read(article))
    result = subprocess.run(
        [sys.executable, str(checker)], input=json.dumps(record), capture_output=True, text=True, timeout=60
    )
    missing = [line for line in result.stdout.splitlines() if not line.startswith("ok")]
    assert result.returncode == 0, "\n".join(missing)
    assert len(record["events"]) <= 25
