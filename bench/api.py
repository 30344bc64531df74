"""API and page latency on a 10,000-article SQLite store.

Builds the store once (reusing --db when it exists): the demo articles (examples/) are read with
spaCy once, then varied into N article records — publication day, every resolved date shifted by
the same offset, people swapped for a pool of synthetic actors, a unique closing line — and written
through the store writer, so no article is re-read. Then it times requests through the ASGI app
in-process (no network) and prints p50/p95 per request.

    .venv/bin/python bench/api.py --articles 10000 --db /tmp/dateline-bench.db
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import statistics
import sys
import time
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def demo_records() -> list[dict[str, Any]]:
    from dateline.intake import IntakeOptions, read_source
    from dateline.pipeline import Pipeline
    from dateline.record import to_record

    pipeline = Pipeline()
    articles = []
    for path in sorted((ROOT / "examples").iterdir()):
        if path.suffix in (".txt", ".html"):
            articles += [a for a in read_source(str(path), IntakeOptions()) if not isinstance(a, Exception)]
    return [to_record(pipeline.read(a)) for a in articles]


def _shift(value: str | None, days: int) -> str | None:
    """A TIMEX3 or ISO value moved by `days` when it names a day; other values stay."""
    if not value or not (m := DAY.match(value)):
        return value
    moved = date(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=days)
    return moved.isoformat() + value[10:]


def vary(record: dict[str, Any], n: int, rng: random.Random, actors: int) -> dict[str, Any]:
    out = copy.deepcopy(record)
    days = rng.randrange(-365, 365)
    out["id"] = f"bench-{n}"
    out["url"] = f"https://bench{n % 50}.example/news/{n}"
    out["title"] = f"{record.get('title') or 'Untitled'} ({n})"
    out["text"] = record["text"] + f"\n\nBench line {n}."  # unique body; every offset stays valid
    out["published"] = _shift(record.get("published"), days)
    out["updated"] = _shift(record.get("updated"), days)
    for t in out.get("times") or []:
        t["value"] = _shift(t.get("value"), days)
    for e in out.get("events") or []:
        e["date"] = _shift(e.get("date"), days)
    for entity in out.get("entities") or []:
        if entity.get("type") == "PERSON" and rng.random() < 0.8:
            k = rng.randrange(actors)
            entity["name"] = f"Synthetic Person {k}"
            entity["kb_id"] = f"person:synthetic-{k}"
            entity["role"] = None
    return out


def build(db: Path, articles: int, actors: int, seed: int) -> None:
    from dateline.store import Store

    started = time.perf_counter()
    base = demo_records()
    rng = random.Random(seed)
    store = Store(str(db))
    records = (vary(base[n % len(base)], n, rng, actors) for n in range(articles))
    done = [0]

    def progress(summary: Any) -> None:
        done[0] = summary.new + summary.duplicate + summary.failed
        if done[0] % 1000 == 0:
            print(f"  {done[0]} written ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    summary = store.ingest_documents(records, corpus=False, progress=progress)
    store.close()
    print(
        f"built {db}: {summary.new} articles in {time.perf_counter() - started:.0f} s "
        f"(failed {summary.failed})",
        file=sys.stderr,
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(db: Path, repeat: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    import sqlalchemy as sa

    from dateline.store import Store
    from dateline.store import schema as t
    from dateline.web.app import create_app

    store = Store(str(db))
    with store.connect() as conn:
        counts = {
            name: conn.execute(sa.select(sa.func.count()).select_from(t.metadata.tables[name])).scalar()
            for name in ("articles", "events", "event_mentions", "entities")
        }
        busiest = conn.execute(
            sa.select(t.event_mentions.c.event_id, sa.func.count().label("n"))
            .group_by(t.event_mentions.c.event_id)
            .order_by(sa.desc("n"))
            .limit(1)
        ).one()
    print("store:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    client = TestClient(create_app(str(db), store=store))
    requests = [
        ("/api/events?limit=50", "API events, newest first"),
        ("/api/events?actor=Putin&limit=50", "API events, actor"),
        ("/api/events?actor=person:synthetic-7&limit=50", "API events, actor kb_id"),
        ("/api/events?type=CONSULT&status=occurred&limit=50", "API events, type+status"),
        ("/api/events?since=2021-06&until=2021-08&limit=50", "API events, since/until"),
        ("/api/events?type=CONSULT&since=2022-01-01&sort=-mentions&limit=50", "API events, type+since, sort"),
        ("/api/events?sort=-mentions&limit=50&offset=500", "API events, sort+offset"),
        (f"/api/events/{busiest.event_id}", f"API one event ({busiest.n:,} mentions)"),
        ("/api/articles?limit=50&offset=5000", "API articles, offset"),
        ("/api/search?q=video+call", "API search"),
        ("/", "page: timeline (300 latest)"),
        ("/?actor=Putin&status=planned", "page: timeline, filtered"),
    ]
    print(f"{'request':<44} {'p50 ms':>8} {'p95 ms':>8}")
    for path, label in requests:
        assert client.get(path).status_code == 200, path  # warm
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        print(f"{label:<44} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f}")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=300, help="Size of the synthetic people pool.")
    parser.add_argument("--db", type=Path, default=Path("/tmp/dateline-bench-api.db"))
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="Build the store even if --db exists.")
    args = parser.parse_args()
    if args.rebuild and args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
    if not args.db.exists():
        build(args.db, args.articles, args.actors, args.seed)
    print(f"{datetime.now():%Y-%m-%d %H:%M}, {args.repeat} requests each, in-process ASGI client")
    measure(args.db, args.repeat)


if __name__ == "__main__":
    main()
