from __future__ import annotations

import json
from datetime import datetime

from dateline.model import SCHEMA, Article
from dateline.record import to_record


def test_record_is_json_and_offsets_index_the_text(pipeline):
    text = "Officials met in Geneva on Tuesday.\n\nThey will meet again next month."
    published = datetime.fromisoformat("2021-12-05T08:45:00+05:30")
    record = to_record(pipeline.read(Article(text=text, id="a1", published=published)))
    assert json.loads(json.dumps(record)) == record
    assert record["schema"] == SCHEMA and record["id"] == "a1"
    assert record["published"] == "2021-12-05T08:45:00+05:30"
    spans = [s for layer in ("times", "amounts", "quotes") for s in record.get(layer, [])]
    spans += [m for e in record.get("entities", []) for m in e["mentions"]]
    for span in spans:
        assert record["text"][span["start"] : span["end"]] == span["text"]
    for sentence in record["sentences"]:
        assert record["text"][sentence["start"] : sentence["end"]].strip()


def test_layers_not_run_are_absent():
    from dateline.model import Document

    record = to_record(Document(article=Article(text="Hello.")))
    assert "sentences" not in record and "events" not in record
