"""Rules that must hold for any batch of records: re-ingesting changes nothing, every article keeps
all its layers, every event agrees with its mentions, and status never moves backwards."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.store import Store
from test_store_support import BIDEN, MODI, PUTIN, layer_counts, summit_record

STATUSES = ["planned", "occurred", "ongoing", "hypothetical", "negated"]
RANK = {"hypothetical": 0, "planned": 1, "negated": 1, "ongoing": 2, "occurred": 3}

one = st.builds(
    lambda day, status, date, pair, type_, copy: (day, status, date, pair, type_, copy),
    st.integers(1, 28),
    st.sampled_from(STATUSES),
    st.sampled_from([None, "2021-12", "2021-12-06", "2021-12-10", "2021-W49"]),
    st.sampled_from([(PUTIN, MODI), (MODI, PUTIN), (PUTIN, BIDEN), (BIDEN,)]),
    st.sampled_from(["CONSULT", "THREATEN"]),
    st.booleans(),
)


def build(batch: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    records = []
    for i, (day, status, date, pair, type_, copy) in enumerate(batch):
        rid = f"r{i - 1 if copy and i else i}"  # a copy repeats the previous article's id, hence body
        records.append(
            summit_record(
                rid, status, f"2021-12-{day:02d}T10:00:00+00:00", date=date, actors=pair, type_=type_
            )
        )
    return records


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(one, min_size=1, max_size=8))
def test_any_batch(batch: list[tuple[Any, ...]]) -> None:
    records = build(batch)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "p.db"))
        first = store.ingest_documents(records)
        assert first.new + first.duplicate == len(records) and first.failed == 0
        counts = store.counts()
        again = store.ingest_documents(list(reversed(records)))
        assert again.new == 0 and store.counts() == counts
        stored: dict[str, dict[str, Any]] = {}
        for r in records:  # the first of the same body is the one kept
            stored.setdefault(r["text"], r)
        for table in ("entity_mentions", "times", "amounts", "quotes", "event_mentions"):
            assert counts[table] == sum(layer_counts(r)[table] for r in stored.values())
        events = store.events()
        assert sum(e["mentions"] for e in events) == counts["event_mentions"]
        for e in events:
            history = [h["status"] for h in e["status_history"]]
            assert history[-1] == e["status"]
            assert "occurred" not in history[:-1]  # occurred is final
            assert all(
                RANK[b] >= RANK[a] or a == "negated" for a, b in zip(history, history[1:], strict=False)
            )
        store.close()
