"""How fast does the store write, and how big does it grow? SQLite and PostgreSQL side by side.

Writes N synthetic article records shaped like real ones (a ~400-word body; entities, times,
amounts, quotes and events with realistic counts; every tenth a wire copy of an earlier one) through
`Store.ingest_documents`, then runs the corpus stage. The reading stages are not measured here (see
bench/read.py): this is the store's own cost per article. Prints numbers; asserts nothing.

    .venv/bin/python bench/ingest.py [--articles 1000] [--pg postgresql://postgres@127.0.0.1:5432/test]

PostgreSQL runs when --pg or $DATELINE_BENCH_PG (or $DATELINE_TEST_PG) names a server; the benchmark
uses a fresh schema there and drops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dateline.store import Store  # noqa: E402

WORDS = [
    "government",
    "minister",
    "talks",
    "summit",
    "defence",
    "trade",
    "agreement",
    "officials",
    "said",
    "president",
    "prime",
    "visit",
    "capital",
    "bilateral",
    "cooperation",
    "energy",
    "oil",
    "gas",
    "sanctions",
    "security",
    "border",
    "troops",
    "military",
    "election",
    "parliament",
    "vote",
    "budget",
    "economy",
    "growth",
    "inflation",
    "bank",
    "market",
    "shares",
    "investors",
    "court",
    "ruling",
    "police",
    "protest",
    "city",
    "region",
    "province",
    "report",
    "statement",
    "spokesperson",
    "ministry",
    "foreign",
    "affairs",
    "week",
    "month",
]
PEOPLE = [f"Person {i}" for i in range(300)]
EVENT_TYPES = ["CONSULT", "AGREE", "COOPERATE", "THREATEN", "ACCUSE", "SUPPORT", "REQUEST", "PROTEST"]


def span(text: str, rng: random.Random, length: int = 12) -> dict[str, Any]:
    start = rng.randrange(0, max(1, len(text) - length))
    return {"start": start, "end": start + length, "text": text[start : start + length]}


def synthetic(i: int, rng: random.Random) -> dict[str, Any]:
    if i % 10 == 9:  # a wire copy of an earlier article with its own URL and a tail added
        rec = synthetic(i - 5, random.Random(i - 5))
        rec = {
            **rec,
            "id": f"b{i}",
            "url": f"https://copy{i % 7}.example/{i}",
            "text": rec["text"] + " More soon.",
        }
        return rec
    # Common words plus a long tail of rarer ones, so unrelated articles do not all look alike.
    text = (
        " ".join(rng.choice(WORDS) if rng.random() < 0.5 else f"w{rng.randrange(20000)}" for _ in range(400))
        + "."
    )
    day = 1 + i % 28
    people = rng.sample(PEOPLE[: 20 + i % 280], 8)
    entities = [
        {
            "id": f"e{k}",
            "name": name,
            "type": "PERSON",
            "code": None,
            "country": None,
            "role": None,
            "kb_id": f"person:{name.lower().replace(' ', '-')}" if k % 2 else None,
            "mentions": [span(text, rng) for _ in range(3)],
        }
        for k, name in enumerate(people, 1)
    ]
    events = []
    for k in range(3):
        trigger = span(text, rng, 6)
        events.append(
            {
                "id": f"v{k}",
                "type": rng.choice(EVENT_TYPES),
                "mode": None,
                "cameo": "040",
                "actors": [f"e{rng.randint(1, 4)}"],
                "recipients": [f"e{rng.randint(5, 8)}"],
                "date": rng.choice([None, f"2021-12-{day:02d}", "2021-12"]),
                "date_text": None,
                "status": rng.choice(["occurred", "planned", "occurred", "ongoing"]),
                "place": None,
                "quantity": None,
                "attributed_to": None,
                "trigger": trigger,
                "sentence": {"start": trigger["start"], "end": trigger["end"]},
                "confidence": 0.7,
                "mentions": [],
            }
        )
    return {
        "schema": "dateline.article/1",
        "id": f"b{i}",
        "url": f"https://news{i % 13}.example/story/{i}",
        "title": f"Story {i}",
        "section": "World",
        "agency": rng.choice([None, "ANI", "PTI", "Reuters"]),
        "author": None,
        "language": "en",
        "published": f"2021-12-{day:02d}T10:00:00+05:30",
        "updated": None,
        "text": text,
        "sentences": [{"start": 0, "end": len(text)}],
        "entities": entities,
        "times": [
            dict(span(text, rng), type="DATE", value=f"2021-12-{day:02d}", anchor="DCT") for _ in range(8)
        ],
        "amounts": [
            dict(span(text, rng), value=rng.randint(1, 10**6), unit="USD", object=None) for _ in range(3)
        ],
        "quotes": [
            dict(
                span(text, rng, 60),
                kind="direct",
                speaker="e1",
                cue=span(text, rng, 4),
                speaker_text=None,
                partial=False,
            )
            for _ in range(2)
        ],
        "events": events,
    }


def records(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield synthetic(i, random.Random(i))


def run(url: str, n: int) -> tuple[float, float, float]:
    """(articles/s written, corpus stage seconds, re-run seconds)."""
    store = Store(url)
    store.upgrade()
    recs = list(records(n))
    start = time.perf_counter()
    summary = store.ingest_documents(recs, corpus=False)
    written = time.perf_counter() - start
    start = time.perf_counter()
    store.corpus()
    corpus = time.perf_counter() - start
    start = time.perf_counter()
    again = store.ingest_documents(recs)
    rerun = time.perf_counter() - start
    assert again.new == 0, "re-running added articles"
    print(f"  stored {summary.new} new, {summary.duplicate} duplicates; counts {store.counts()}")
    store.close()
    return n / written, corpus, rerun


def sqlite_size(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def pg_size(url: str, schema: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT coalesce(sum(pg_total_relation_size(format('%%I.%%I', schemaname, tablename))), 0) "
            "FROM pg_tables WHERE schemaname = %s",
            (schema,),
        ).fetchone()
    return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--pg", default=os.environ.get("DATELINE_BENCH_PG") or os.environ.get("DATELINE_TEST_PG")
    )
    args = parser.parse_args()
    n = args.articles
    print(
        f"store ingest benchmark: {n} synthetic articles (~400 words, 24 entity mentions, 8 times, "
        "3 amounts, 2 quotes, 3 events each; every tenth a wire copy)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        print("SQLite:")
        rate, corpus, rerun = run(str(path), n)
        size = sqlite_size(path)
        print(
            f"  {rate:8.1f} articles/s written · corpus stage {corpus:.2f} s · re-run {rerun:.2f} s · "
            f"{size / n * 1000 / 1e6:.1f} MB per 1,000 articles"
        )
    if not args.pg:
        print("PostgreSQL: skipped (give --pg URL or set DATELINE_BENCH_PG)")
        return
    import psycopg

    plain = args.pg.replace("postgresql+psycopg://", "postgresql://")
    schema = f"dl_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        sep = "&" if "?" in args.pg else "?"
        print("PostgreSQL:")
        rate, corpus, rerun = run(f"{args.pg}{sep}options={quote(f'-csearch_path={schema}')}", n)
        size = pg_size(plain, schema)
        print(
            f"  {rate:8.1f} articles/s written · corpus stage {corpus:.2f} s · re-run {rerun:.2f} s · "
            f"{size / n * 1000 / 1e6:.1f} MB per 1,000 articles"
        )
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
