"""How cheap is the events stage next to the rest of reading (the spaCy parse above all)?

Reads a corpus in process with every stage timed: the seed article and examples/ (when present), the
TimeML texts of ../shared/eval/tempeval3-train (tags stripped, DCT as publication time) when present,
and the sentences of tests/data/events_cases.yaml. Prints the time each stage takes, the events
stage's share of reading time, and events found per second of events-stage time. Asserts nothing.

    .venv/bin/python bench/events.py [--limit N]
"""

from __future__ import annotations

import argparse
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import yaml

from dateline.model import Article, Document
from dateline.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def corpus(limit: int) -> list[Article]:
    articles: list[Article] = []
    seed = SHARED / "golden" / "seed" / "article.txt"
    if seed.exists():
        from dateline.intake import IntakeOptions, read_source

        articles.extend(a for a in read_source(str(seed), IntakeOptions()) if isinstance(a, Article))
    examples = ROOT / "examples"
    if examples.is_dir():
        from dateline.intake import IntakeOptions, read_source

        for path in sorted(examples.iterdir()):
            if path.suffix in (".txt", ".html"):
                articles.extend(a for a in read_source(str(path), IntakeOptions()) if isinstance(a, Article))
    for path in sorted((SHARED / "eval" / "tempeval3-train").rglob("*.tml"))[:limit]:
        root = ET.parse(path).getroot()
        body = root.find("TEXT")
        dct = next(
            (t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"),
            None,
        )
        published = datetime.fromisoformat(dct[:10]) if dct and dct[:4].isdigit() else None
        articles.append(
            Article(text="".join(body.itertext()) if body is not None else "", published=published)
        )
    cases = yaml.safe_load((ROOT / "tests" / "data" / "events_cases.yaml").read_text(encoding="utf-8"))
    for case in cases:
        articles.append(Article(text=case["text"], published=datetime.fromisoformat(str(case["dct"]))))
    return articles


class Timed:
    """A stage with a stopwatch."""

    def __init__(self, stage, clock: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
        self.stage, self.clock = stage, clock
        self.name, self.needs, self.adds = stage.name, stage.needs, stage.adds

    def __call__(self, document: Document) -> None:
        start = time.perf_counter()
        self.stage(document)
        self.clock[self.name] += time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=60, help="at most this many TimeML documents")
    parser.add_argument(
        "--lexicon", action="append", default=[], metavar="FILE", help="a lexicon or PETRARCH verb dictionary"
    )
    args = parser.parse_args()
    clock: dict[str, float] = defaultdict(float)
    plain = Pipeline(lexicon=args.lexicon)
    pipeline = Pipeline(stages=[Timed(s, clock) for s in plain.stages])
    articles = corpus(args.limit)
    words = sum(len(a.text.split()) for a in articles)
    pipeline.read(Article(text="Warm up: Russia and China signed a deal on Tuesday."))
    clock.clear()
    start = time.perf_counter()
    parse_time = 0.0
    events = 0
    docs = pipeline.nlp.pipe((a.text for a in articles), batch_size=16)
    for article in articles:
        t0 = time.perf_counter()
        doc = next(docs)
        parse_time += time.perf_counter() - t0
        document = Document(article=article, doc=doc, layers={"text", "parse"})
        pipeline.run_stages(document)
        events += len(document.events)
    total = time.perf_counter() - start
    print(f"{len(articles)} articles, {words} words, {events} events in {total:.2f} s")
    print(f"{'spaCy parse':<14} {parse_time:8.3f} s  {parse_time / total:6.1%}")
    for name, seconds in clock.items():
        print(f"{name:<14} {seconds:8.3f} s  {seconds / total:6.1%}")
    ev = clock.get("events", 0.0)
    print(f"events stage: {ev / total:.1%} of reading time, {ev / max(parse_time, 1e-9):.1%} of the parse's")
    print(
        f"events stage: {events / max(ev, 1e-9):,.0f} events/s, {len(articles) / max(ev, 1e-9):,.0f} articles/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
