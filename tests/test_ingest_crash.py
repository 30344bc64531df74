"""kill -9 at random points of an ingest: no article is ever half-written, and a resumed run ends
where an uninterrupted one does. The writer runs in a subprocess on hand-made records (no spaCy),
so the kill lands in the store's own transactions. The process is forked, so it starts in
milliseconds instead of re-importing everything."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from dateline.store import Store
from dateline.store import schema as t
from test_store_support import pg_schema_url

ARTICLES = 60

PEOPLE = [
    ("Vladimir Putin", "person:vladimir-putin"),
    ("Narendra Modi", "person:narendra-modi"),
    ("Joe Biden", "person:joe-biden"),
    ("Xi Jinping", None),
    ("Olaf Scholz", None),
    ("Emmanuel Macron", "person:emmanuel-macron"),
    ("Fumio Kishida", None),
    ("Ursula von der Leyen", None),
]


def records(n: int) -> Iterator[dict[str, Any]]:
    """n short article records with every layer; every tenth repeats an earlier body (a duplicate)."""
    for i in range(n):
        j = i - 3 if i % 10 == 9 else i
        a, b = PEOPLE[j % 8], PEOPLE[(j * 3 + 1) % 8]
        if a == b:
            b = PEOPLE[(j + 1) % 8]
        text = f"Report {j}: {a[0]} and {b[0]} held talks on trade number {j % 7} and energy, officials said."
        day = 1 + i % 20
        ents = [
            {
                "id": f"e{k}",
                "name": p[0],
                "type": "PERSON",
                "code": None,
                "country": None,
                "role": None,
                "kb_id": p[1],
                "mentions": [
                    {"start": 0, "end": 5, "text": text[:5]},
                    {"start": 6, "end": 9, "text": text[6:9]},
                ],
            }
            for k, p in enumerate((a, b), 1)
        ]
        yield {
            "schema": "dateline.article/1",
            "id": f"r{i}",
            "url": f"https://n{i % 4}.example/story/{j}?utm_source=x",
            "title": f"Story {j}",
            "section": None,
            "agency": None,
            "author": None,
            "language": "en",
            "published": f"2021-12-{day:02d}T10:00:00+00:00",
            "updated": None,
            "text": text,
            "sentences": [{"start": 0, "end": len(text)}],
            "entities": ents,
            "times": [
                {
                    "start": 0,
                    "end": 6,
                    "text": text[:6],
                    "type": "DATE",
                    "value": f"2021-12-{day:02d}",
                    "anchor": "DCT",
                }
            ],
            "amounts": [
                {"start": 7, "end": 9, "text": text[7:9], "value": j, "unit": None, "object": "talks"}
            ],
            "quotes": [
                {
                    "start": 0,
                    "end": 10,
                    "text": text[:10],
                    "kind": "indirect",
                    "speaker": "e1",
                    "cue": None,
                    "speaker_text": None,
                    "partial": False,
                }
            ],
            "events": [
                {
                    "id": "v1",
                    "type": "CONSULT",
                    "mode": None,
                    "cameo": "040",
                    "actors": ["e1", "e2"],
                    "recipients": [],
                    "date": None if i % 3 else f"2021-12-{1 + (i + 2) % 20:02d}",
                    "date_text": None,
                    "status": "planned" if i % 2 else "occurred",
                    "place": None,
                    "quantity": None,
                    "attributed_to": None,
                    "trigger": {"start": 0, "end": 6, "text": text[:6]},
                    "sentence": {"start": 0, "end": len(text)},
                    "confidence": 0.7,
                    "mentions": [],
                }
            ],
        }


def child(url: str, n: int, fd: int) -> None:
    """The ingest the test kills: reports how many articles it has handled after each one."""
    store = Store(url)
    out = os.fdopen(fd, "w", buffering=1)

    def tick(s: Any) -> None:
        out.write(f"{s.new + s.duplicate + s.failed}\n")

    store.ingest_documents(records(n), progress=tick)
    out.write("done\n")
    out.close()
    os._exit(0)


def ingest(url: str, kill_after: int | None = None, rng: random.Random | None = None) -> bool:
    """Ingest in a forked process; with kill_after, SIGKILL it once it has handled that many
    articles (plus a random few milliseconds). True if it was killed before finishing."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_fd)
            child(url, ARTICLES, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    killed = False
    with os.fdopen(read_fd) as lines:
        for line in lines:
            if kill_after is not None and line.strip().isdigit() and int(line) >= kill_after:
                time.sleep(rng.uniform(0, 0.01) if rng else 0)
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
    _, status = os.waitpid(pid, 0)
    if not killed:
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return killed and os.WIFSIGNALED(status)


def assert_whole(url: str) -> None:
    """Every stored article has all its layers; every event agrees with its mentions."""
    path = url if "://" not in url else None
    if path:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
    store = Store(url)
    with store.connect() as conn:
        have: dict[tuple[str, int], int] = {}
        for table in t.LAYER_TABLES:
            rows = conn.execute(sa.select(table.c.article_id, sa.func.count()).group_by(table.c.article_id))
            for article_id, n in rows:
                have[(table.name, article_id)] = n
        for article_id, rec in conn.execute(sa.select(t.articles.c.id, t.articles.c.record)):
            r = json.loads(rec)
            want = {
                "entity_mentions": sum(len(e["mentions"]) for e in r["entities"]),
                "times": len(r["times"]),
                "amounts": len(r["amounts"]),
                "quotes": len(r["quotes"]),
                "event_mentions": len(r["events"]),
            }
            for table, n in want.items():
                assert have.get((table, article_id), 0) == n, (article_id, table)
        m = t.event_mentions
        per_event = dict(conn.execute(sa.select(m.c.event_id, sa.func.count()).group_by(m.c.event_id)).all())
        events = conn.execute(sa.select(t.events.c.id, t.events.c.mentions)).all()
        assert {e.id: e.mentions for e in events} == per_event
    store.close()


def summary(url: str) -> tuple[dict[str, int], list[tuple[str, str, int, int]]]:
    store = Store(url)
    counts = store.counts()
    events = sorted((e["type"], e["status"], e["mentions"], len(e["status_history"])) for e in store.events())
    store.close()
    return counts, events


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[callable]:  # type: ignore[valid-type]
    made: list[Iterator[str]] = []

    def make(name: str) -> str:
        if request.param == "sqlite":
            return str(tmp_path / f"{name}.db")
        gen = pg_schema_url()
        made.append(gen)
        return next(gen)

    yield make
    for gen in made:
        gen.close()


def crash_loop(fresh_url, iterations: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    reference = fresh_url("reference")
    assert not ingest(reference)
    expected = summary(reference)
    assert expected[0]["articles"] == ARTICLES - ARTICLES // 10
    kills = 0
    for i in range(iterations):
        url = fresh_url(f"crash{i}")
        killed = ingest(url, kill_after=rng.randrange(1, ARTICLES), rng=rng)
        kills += killed
        assert_whole(url)
        if killed and rng.random() < 0.5:  # sometimes crash the resumed run too
            ingest(url, kill_after=rng.randrange(1, ARTICLES), rng=rng)
            assert_whole(url)
        assert not ingest(url)
        assert_whole(url)
        assert summary(url) == expected
    assert kills >= 1, "no run was killed before it finished: the test proved nothing"


def test_kill_9_never_leaves_half_an_article(fresh_url) -> None:  # type: ignore[no-untyped-def]
    crash_loop(fresh_url, iterations=3, seed=7)


@pytest.mark.slow
def test_kill_9_fifty_times(fresh_url, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    markexpr = request.config.getoption("-m") or ""
    if not (("slow" in markexpr and "not slow" not in markexpr) or os.environ.get("DATELINE_SLOW")):
        pytest.skip("50 kill -9 runs take minutes: select them with -m slow (or DATELINE_SLOW=1)")
    crash_loop(fresh_url, iterations=50, seed=2021)
