"""Load: concurrent API readers against a real `dateline serve` while `dateline ingest` writes into the
same database.

Writes N short wire stories (2-4 sentences, varied people, places, dates and amounts, so events and
entities exist) into a folder, creates the schema, starts `dateline serve` on 127.0.0.1 and a free
port and `dateline ingest FOLDER` into the same SQLite file (or PostgreSQL URL), and runs R reader
threads (one httpx client each) cycling over /api/events, /api/articles, /api/articles/{id},
/api/events/{id} and /api/search until the ingest exits. Every answer is checked:

- no 5xx and no connection error;
- an article is never seen without its layers: every span of every layer (sentences, times,
  entities, amounts, quotes, events) lies inside the text and quotes it, and every event and entity
  of the record has its store id (`store.events`, `store.entities`); after the ingest each article
  seen is fetched again and its layers must equal what the reader saw;
- an event's `mentions` equals the mentions it lists, and each names a stored article;
- the article list's `total` never goes down for a reader.

Prints p50/p95/max latency per endpoint.

    .venv/bin/python bench/load.py --articles 5000 --readers 32
    .venv/bin/python bench/load.py --articles 500 --db postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

DATELINE = str(Path(sys.executable).parent / "dateline")
ENDPOINTS = ("/api/events", "/api/articles", "/api/articles/{id}", "/api/events/{id}", "/api/search")
LAYERS = ("sentences", "times", "entities", "amounts", "quotes", "events")

# -- the articles -------------------------------------------------------------------------------------

FIRST = (
    "Anna", "Marco", "Elena", "Tomas", "Sofia", "Pieter", "Ines", "Jonas", "Marta", "Luca", "Hana", "Oskar",
    "Leila", "Rafael", "Irina", "Mateo", "Nadia", "Viktor", "Clara", "Henrik", "Amira", "Felix", "Daria",
    "Karim", "Lena", "Paulo", "Yara", "Emil", "Rosa", "Anton",
)  # fmt: skip
LAST = (
    "Kowalczyk", "Bellini", "Novak", "Lindqvist", "Moreau", "Jansen", "Ferreira", "Weber", "Horvat",
    "Costa", "Nielsen", "Dubois", "Petrov", "Alvarez", "Kaya", "Schmidt", "Rossi", "Varga", "Silva",
    "Berg", "Haddad", "Mazur", "Okafor", "Tanaka", "Larsen", "Romero", "Fischer", "Popescu", "Santos",
    "Keller",
)  # fmt: skip
OFFICES = (
    "French Foreign Minister", "German Chancellor", "Italian Defence Minister", "Spanish Prime Minister",
    "Polish President", "Dutch Trade Minister", "Swedish Foreign Minister", "Greek Finance Minister",
    "Austrian Chancellor", "Portuguese President", "Danish Energy Minister", "Czech Prime Minister",
)  # fmt: skip
CITIES = (
    "Geneva", "Warsaw", "Vienna", "Lisbon", "Madrid", "Rome", "Berlin", "Paris", "Athens", "Prague",
    "Copenhagen", "Stockholm", "Brussels", "Oslo", "Helsinki", "Dublin",
)  # fmt: skip
TOPICS = ("energy", "trade", "rail links", "fisheries", "defence", "migration", "climate", "health")
DESK = "Demo Wire"


def wire_article(number: int, rng: random.Random) -> str:
    """One short wire story: a title, a byline with its date, 2-4 sentences."""
    one, two = rng.sample(range(len(FIRST) * len(LAST)), 2)
    a = f"{FIRST[one % len(FIRST)]} {LAST[one // len(FIRST)]}"
    b = f"{FIRST[two % len(FIRST)]} {LAST[two // len(FIRST)]}"
    day = date(2021, 1, 1) + timedelta(days=rng.randrange(365))
    later = day + timedelta(days=rng.randrange(3, 30))
    city, other = rng.sample(CITIES, 2)
    topic = rng.choice(TOPICS)
    sentences = [
        f"{city.upper()}, {day:%b} {day.day} ({DESK}) - {rng.choice(OFFICES)} {a} met {b} in {city} on "
        f"{day:%A}, officials said.",
        f"{b.split()[1]} will visit {other} on {later:%B} {later.day} to sign an agreement on {topic}, "
        "a spokesman said.",
        f"The two governments agreed to spend {rng.randrange(2, 900)} million euros on {topic}.",
        f'"We expect the talks to resume next week," {a.split()[1]} told reporters in {city}.',
    ][: rng.randrange(2, 5)]
    return (
        f"{a} and {b} hold talks on {topic} in {city} ({number})\n\n"
        f"{DESK} | Updated on: {day.day} {day:%B %Y}, {rng.randrange(6, 23)}:{rng.randrange(60):02d} CET\n\n"
        + " ".join(sentences)
        + "\n"
    )


def write_wire_articles(folder: Path, count: int, seed: int = 2021) -> Path:
    """`count` distinct wire stories as .txt files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for number in range(count):
        (folder / f"wire-{number:05d}.txt").write_text(wire_article(number, rng), encoding="utf-8")
    return folder


# -- the processes ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def dateline_command(*args: str) -> list[str]:
    return [DATELINE, *args]


@contextmanager
def serving(db: str, log: Path, port: int | None = None) -> Iterator[str]:
    """`dateline serve --db DB` on 127.0.0.1 and a free port, until the block ends: its base URL."""
    port = port or free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            dateline_command("serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if server.poll() is not None:
            raise RuntimeError(f"dateline serve exited with {server.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"dateline serve did not answer within {seconds:g} s: {log.read_text()[-2000:]}")


# -- the readers --------------------------------------------------------------------------------------


def span_problems(text: str, span: dict[str, Any], where: str) -> list[str]:
    """Why a span does not lie inside the text or does not quote it (nothing when it does)."""
    start, end = span.get("start"), span.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
        return [f"{where}: span {start}..{end} outside the text ({len(text)} characters)"]
    if "text" in span and text[start:end] != span["text"]:
        return [f"{where}: text[{start}:{end}] is {text[start:end]!r}, the span says {span['text']!r}"]
    return []


def record_problems(record: dict[str, Any]) -> list[str]:
    """Why an article record fetched from /api/articles/{id} is not whole (nothing when it is)."""
    where = f"article {record.get('store', {}).get('id')}"
    text = record.get("text") or ""
    problems = [] if text.strip() else [f"{where}: no text"]
    if any(not isinstance(record.get(layer), list) for layer in LAYERS):
        return [*problems, f"{where}: a layer is missing ({', '.join(k for k in LAYERS if k not in record)})"]
    if not record["sentences"]:
        problems.append(f"{where}: no sentences")
    for layer in LAYERS:
        for n, item in enumerate(record[layer]):
            problems += span_problems(text, item, f"{where} {layer}[{n}]") if "start" in item else []
            for key in ("trigger", "sentence", "cue"):
                if isinstance(item.get(key), dict):
                    problems += span_problems(text, item[key], f"{where} {layer}[{n}].{key}")
            for k, mention in enumerate(item.get("mentions") or []):
                problems += span_problems(text, mention, f"{where} {layer}[{n}].mentions[{k}]")
    store = record.get("store") or {}
    events = {event["id"] for event in record["events"]}
    if set(store.get("events") or {}) != events:
        problems.append(
            f"{where}: events {sorted(events)} but stored mentions {sorted(store.get('events') or {})}"
        )
    entities = {entity["id"] for entity in record["entities"] if entity.get("mentions")}
    if set(store.get("entities") or {}) != entities:
        problems.append(
            f"{where}: entities {sorted(entities)} but stored mentions {sorted(store.get('entities') or {})}"
        )
    return problems


def event_problems(event: dict[str, Any]) -> list[str]:
    """Why an event from /api/events/{id} is not whole: its count of mentions and the mentions it lists
    disagree, or a mention's trigger is not inside its sentence."""
    where = f"event {event.get('id')}"
    listed = event.get("mentions_detail") or []
    problems = []
    if event.get("mentions") != len(listed):
        problems.append(f"{where}: mentions {event.get('mentions')} but {len(listed)} listed")
    for mention in listed:
        sentence, trigger = mention["sentence"], mention["trigger"]
        inside = trigger["start"] - sentence["start"], trigger["end"] - sentence["start"]
        if (sentence["text"] or "")[inside[0] : inside[1]] != trigger["text"]:
            problems.append(f"{where}: article {mention['article']}'s trigger is not inside its sentence")
    return problems


def layers(record: dict[str, Any]) -> dict[str, Any]:
    """What must not change once an article is stored: its text, layers and store ids (not the story
    or copy links the corpus stage sets at the end)."""
    store = record["store"]
    return {
        "text": record["text"],
        **{layer: record[layer] for layer in LAYERS},
        "store": {key: store[key] for key in ("id", "entities", "events")},
    }


@dataclass
class Findings:
    """What the readers saw, shared between them (under `lock`)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {e: [] for e in ENDPOINTS})
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    connection_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seen_articles: dict[int, dict[str, Any]] = field(default_factory=dict)  # first sight of each
    lock: threading.Lock = field(default_factory=threading.Lock)


class ApiReader(threading.Thread):
    """One reader: cycles over the endpoints with its own client until `stop` is set."""

    def __init__(self, url: str, number: int, findings: Findings, stop: threading.Event) -> None:
        super().__init__(name=f"reader-{number}", daemon=True)
        self.client = httpx.Client(base_url=url, timeout=60)
        self.number = number
        self.findings = findings
        self.stop = stop
        self.rng = random.Random(number)
        self.article_ids: list[int] = []
        self.event_ids: list[int] = []
        self.total = 0

    def run(self) -> None:
        turn = self.number
        try:
            while not self.stop.is_set():
                self.one(ENDPOINTS[turn % len(ENDPOINTS)])
                turn += 1
        finally:
            self.client.close()

    def one(self, endpoint: str) -> None:
        if endpoint == "/api/articles/{id}" and not self.article_ids:
            endpoint = "/api/articles"
        if endpoint == "/api/events/{id}" and not self.event_ids:
            endpoint = "/api/events"
        path, params = self.request(endpoint)
        started = time.perf_counter()
        try:
            response = self.client.get(path, params=params)
        except httpx.TransportError as exc:
            with self.findings.lock:
                self.findings.connection_errors.append(f"{path}: {type(exc).__name__}: {exc}")
            return
        seconds = time.perf_counter() - started
        with self.findings.lock:
            self.findings.latencies[endpoint].append(seconds)
            self.findings.statuses[endpoint, response.status_code] += 1
            if response.status_code >= 500:
                self.findings.server_errors.append(
                    f"{path} {params}: {response.status_code} {response.text[:300]}"
                )
        if response.status_code == 200:
            self.check(endpoint, response.json())
        elif response.status_code != 404 or "{id}" not in endpoint:
            with self.findings.lock:
                self.findings.problems.append(
                    f"{path} {params}: {response.status_code} {response.text[:300]}"
                )

    def request(self, endpoint: str) -> tuple[str, dict[str, Any]]:
        if endpoint == "/api/events":
            sort = self.rng.choice(("-date", "-first_seen", "-mentions", "date"))
            return endpoint, {"limit": 20, "sort": sort, "offset": self.rng.choice((0, 0, 20, 100))}
        if endpoint == "/api/articles":
            return endpoint, {"limit": 20, "offset": self.rng.choice((0, 0, 0, 50))}
        if endpoint == "/api/search":
            return endpoint, {"q": self.rng.choice(LAST + CITIES), "limit": 20}
        ids = self.article_ids if endpoint == "/api/articles/{id}" else self.event_ids
        number = self.rng.choice(ids[-200:])
        return endpoint.replace("{id}", str(number)), {}

    def check(self, endpoint: str, body: dict[str, Any]) -> None:
        problems: list[str] = []
        if endpoint == "/api/articles":
            if body["total"] < self.total:
                problems.append(f"the article total went down from {self.total} to {body['total']}")
            self.total = max(self.total, body["total"])
            self.article_ids += [item["id"] for item in body["items"]]
        elif endpoint == "/api/events":
            self.event_ids += [item["id"] for item in body["items"]]
        elif endpoint == "/api/search":
            self.article_ids += [item["id"] for item in body["items"] if "id" in item]
        elif endpoint == "/api/articles/{id}":
            problems = record_problems(body)
            with self.findings.lock:
                self.findings.seen_articles.setdefault(body["store"]["id"], layers(body))
        else:
            problems = event_problems(body)
            self.article_ids += [mention["article"] for mention in body["mentions_detail"]]
        if problems:
            with self.findings.lock:
                self.findings.problems += problems
        del self.article_ids[:-1000], self.event_ids[:-1000]


# -- the run ------------------------------------------------------------------------------------------


@dataclass
class LoadReport:
    articles: int
    readers: int
    ingest_seconds: float
    ingest_exit: int
    ingest_output: str
    stored: int
    findings: Findings

    @property
    def requests(self) -> int:
        return sum(self.findings.statuses.values())

    def percentiles(self) -> dict[str, dict[str, float]]:
        """Per endpoint: requests, p50, p95 and max latency in milliseconds."""
        out = {}
        for endpoint, seconds in self.findings.latencies.items():
            if not seconds:
                continue
            ordered = sorted(seconds)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            out[endpoint] = {
                "requests": len(ordered),
                "p50": 1000 * statistics.median(ordered),
                "p95": 1000 * p95,
                "max": 1000 * ordered[-1],
            }
        return out

    def failures(self) -> list[str]:
        """Every 5xx, connection error and inconsistency seen."""
        f = self.findings
        return f.server_errors + f.connection_errors + f.problems

    def table(self) -> str:
        rows = [f"{'endpoint':<22} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"]
        for endpoint, p in self.percentiles().items():
            rows.append(
                f"{endpoint:<22} {p['requests']:>8.0f} {p['p50']:>8.1f} {p['p95']:>8.1f} {p['max']:>8.1f}"
            )
        f = self.findings
        rows.append(
            f"{self.readers} readers, {self.requests} requests; ingest of {self.articles} articles: "
            f"{self.stored} stored in {self.ingest_seconds:.0f} s (exit {self.ingest_exit}); "
            f"5xx {len(f.server_errors)}, connection errors {len(f.connection_errors)}, "
            f"problems {len(f.problems)}, articles checked {len(f.seen_articles)}"
        )
        return "\n".join(rows)


def recheck_seen(url: str, findings: Findings) -> None:
    """Each article a reader saw during the ingest, fetched again now it is over: its layers must be
    what the reader saw (it was whole then, not a part of what was stored later)."""
    with httpx.Client(base_url=url, timeout=60) as client:
        for article_id, seen in sorted(findings.seen_articles.items()):
            now = client.get(f"/api/articles/{article_id}")
            if now.status_code != 200 or layers(now.json()) != seen:
                findings.problems.append(
                    f"article {article_id} changed after it was read ({now.status_code})"
                )


def run_load(db: str, folder: Path, workdir: Path, readers: int = 32) -> LoadReport:
    """Serve `db`, ingest every article of `folder` into it while `readers` threads read the API."""
    setup = subprocess.run(dateline_command("db", "upgrade", "--db", db), capture_output=True, text=True)
    if setup.returncode:
        raise RuntimeError(f"dateline db upgrade failed: {setup.stderr}")
    articles = sum(1 for _ in folder.glob("*.txt"))
    findings = Findings()
    stop = threading.Event()
    with serving(db, workdir / "serve.log") as url:
        threads = [ApiReader(url, number, findings, stop) for number in range(readers)]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        ingest = subprocess.run(
            dateline_command("ingest", str(folder), "--db", db, "--quiet"), capture_output=True, text=True
        )
        ingest_seconds = time.monotonic() - started
        stop.set()
        for thread in threads:
            thread.join(120)
        recheck_seen(url, findings)
        stored = httpx.get(f"{url}/api/articles", params={"limit": 1}, timeout=60).json()["total"]
    return LoadReport(
        articles=articles,
        readers=readers,
        ingest_seconds=ingest_seconds,
        ingest_exit=ingest.returncode,
        ingest_output=(ingest.stdout + ingest.stderr)[-2000:],
        stored=stored,
        findings=findings,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000, help="wire stories to ingest (default 5000)")
    parser.add_argument("--readers", type=int, default=32, help="concurrent API readers (default 32)")
    parser.add_argument(
        "--db", help="an empty PostgreSQL database or schema (postgresql://...); default: a new SQLite file"
    )
    parser.add_argument("--workdir", type=Path, help="keep the articles, database and server log here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dateline-load-") as temp:
        workdir = args.workdir or Path(temp)
        folder = write_wire_articles(workdir / "articles", args.articles)
        report = run_load(args.db or str(workdir / "load.db"), folder, workdir, args.readers)
    print(report.table())
    for problem in report.failures()[:20]:
        print("  ", problem)
    return 0 if report.ingest_exit == 0 and not report.failures() else 1


if __name__ == "__main__":
    sys.exit(main())
