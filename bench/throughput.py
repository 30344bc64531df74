"""Reading throughput: the spaCy parse alone (the floor), the full reading pipeline in one process, and
the local process pool with N workers; peak memory per worker. Prints numbers; asserts nothing.

The corpus is real news, nothing synthetic or cut up:
- the 256 TempEval-3 training documents (TimeBank + AQUAINT) under ../shared/eval/tempeval3-train,
  tags stripped, each with its DCT as publication time, read raw (as `dateline read --raw` does);
- the project's own pages: tests/data/html, tests/data/text and examples/ (through intake);
and, to pass 500 articles, the whole list is read `--passes` times (default 2): the same documents
again, which the header says. Intake runs once, before the clocks start, and is timed apart.

    .venv/bin/python bench/throughput.py [--passes 2] [--workers 2] [--model NAME] [--limit N]

Run it on a quiet machine: it prints the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from dateline.engines.local import LocalPool  # noqa: E402
from dateline.engines.reading import cpu_seconds, peak_rss_bytes, warm  # noqa: E402
from dateline.intake import IntakeOptions, read_source  # noqa: E402
from dateline.model import Article, Document  # noqa: E402
from dateline.nlp import DEFAULT_MODEL  # noqa: E402
from dateline.record import to_record  # noqa: E402

TIMEML = ROOT.parent / "shared" / "eval" / "tempeval3-train"
PAGES = [ROOT / "tests" / "data" / "html", ROOT / "tests" / "data" / "text", ROOT / "examples"]
MB = 1024 * 1024


def load_corpus(workdir: Path) -> tuple[list[Article], str]:
    """The distinct documents, and a line saying what they are."""
    from read import tml_record  # bench/read.py: TEXT without tags, DCT as `published`

    tml = sorted(TIMEML.rglob("*.tml"))
    batch = workdir / "timeml.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for path in tml:
            out.write(json.dumps(tml_record(path), ensure_ascii=False) + "\n")
    articles = [a for a in read_source(str(batch), IntakeOptions(raw=True)) if isinstance(a, Article)]
    pages = sorted(p for d in PAGES for p in d.iterdir() if p.suffix in (".txt", ".html", ".htm"))
    page_articles = [a for p in pages for a in read_source(str(p), IntakeOptions()) if isinstance(a, Article)]
    what = (
        f"{len(articles)} TempEval-3 TimeML documents (raw, DCT as published) + "
        f"{len(page_articles)} project pages (tests/data/html, tests/data/text, examples; through intake)"
    )
    return articles + page_articles, what


def words(articles: Sequence[Article]) -> int:
    return sum(len(a.text.split()) for a in articles)


class TimedStage:
    """A stage with a stopwatch: the same work, its seconds added up."""

    def __init__(self, stage: Any) -> None:
        self.stage = stage
        self.name, self.needs, self.adds = stage.name, stage.needs, stage.adds
        self.seconds = 0.0

    def __call__(self, document: Document) -> None:
        start = time.perf_counter()
        try:
            self.stage(document)
        finally:
            self.seconds += time.perf_counter() - start


def line(label: str, seconds: float, n: int, w: int, cpu: float, extra: str = "") -> None:
    print(
        f"{label:<28} {seconds:7.1f} s wall {cpu:7.1f} s CPU {n / seconds:6.1f} articles/s "
        f"{w / seconds:8,.0f} words/s {extra}".rstrip()
    )


def clock(run: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall seconds, this process's CPU seconds, and the result of `run`."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = run()
    return time.perf_counter() - wall, cpu_seconds() - cpu, result


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2, help="read the corpus this many times (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="processes in the pool (default 2)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="an installed spaCy pipeline")
    parser.add_argument("--limit", type=int, help="only the first N distinct documents (a quick look)")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (default 16)")
    args = parser.parse_args(argv)
    if not TIMEML.is_dir():
        print(f"{TIMEML} is absent: this benchmark reads the shared TempEval-3 corpus", file=sys.stderr)
        return 2

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        intake_seconds, _, (distinct, what) = clock(lambda: load_corpus(Path(tmp)))
    if args.limit:
        distinct = distinct[: args.limit]
        what += f", of which the first {len(distinct)} (--limit)"
    corpus = distinct * args.passes
    n, w = len(corpus), words(corpus)
    texts = [a.text for a in corpus]

    from dateline.pipeline import Pipeline, default_stages

    timed: list[TimedStage] = []

    def build() -> Pipeline:
        timed.extend(TimedStage(s) for s in default_stages())
        return Pipeline(stages=timed, model=args.model)

    startup, _, pipeline = clock(build)
    nlp = pipeline.nlp
    warm(pipeline)  # data loaded on first use loads here, as it does when a worker starts
    for stage in timed:
        stage.seconds = 0.0

    again = "" if args.passes == 1 else f" x{args.passes} passes (the same documents again)"
    print(f"corpus     {what}{again}: {n} articles, {w:,} words")
    print(f"           intake of the distinct documents: {intake_seconds:.2f} s (not in the figures below)")
    print(f"model      {args.model}: components {', '.join(nlp.pipe_names)}; batch size {args.batch_size}")
    print(
        f"machine    {os.cpu_count()} CPUs; load average before {' '.join(f'{x:.2f}' for x in load_before)}"
    )
    print(f"startup    {startup:.2f} s (spaCy + knowledge + stages, one process)")
    print()

    def parse_only() -> int:
        return sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size))

    def full_here() -> int:
        count = 0
        for result in pipeline.read_many(corpus, batch_size=args.batch_size):
            if isinstance(result, Document):
                json.dumps(to_record(result), ensure_ascii=False, separators=(",", ":"))
                count += 1
        return count

    parse_wall, parse_cpu, _ = clock(parse_only)
    line("spaCy parse alone (floor)", parse_wall, n, w, parse_cpu)
    full_wall, full_cpu, read_ok = clock(full_here)
    line("full pipeline, 1 process", full_wall, n, w, full_cpu, f"({read_ok} read, {n - read_ok} failed)")
    stage_times = ", ".join(f"{s.name} {s.seconds:.1f}" for s in timed)
    rest = full_wall - sum(s.seconds for s in timed)
    print(f"{'':<28} stages (wall s): {stage_times}; parse + record + JSON {rest:.1f}")
    one_peak = peak_rss_bytes()

    pool_start = time.perf_counter()
    with LocalPool(args.workers, args.model) as pool:
        # every worker up and warm before the clock starts (spawn + spaCy + knowledge in each)
        list(pool.read_chunks([[a] for a in distinct[: 4 * args.workers]]))
        pool_startup = time.perf_counter() - pool_start
        cpu_before = sum(pool.cpu.values())
        pool_wall, _, pool_ok = clock(
            lambda: sum(1 for r in pool.read(corpus, chunk=args.batch_size) if isinstance(r, Document))
        )
        pool_cpu = sum(pool.cpu.values()) - cpu_before
        peaks = sorted(pool.peak_rss.values())
    line(
        f"full pipeline, {args.workers} workers",
        pool_wall,
        n,
        w,
        pool_cpu,
        f"({pool_ok} read; CPU: workers')",
    )
    print(f"{'':<28} pool startup {pool_startup:.1f} s (not in the time)")
    print()
    print(
        f"full / parse          {full_wall / parse_wall:.2f}x wall, {full_cpu / parse_cpu:.2f}x CPU   "
        "(target <= 1.5)"
    )
    print(
        f"{args.workers}-worker speed-up     {full_wall / pool_wall:.2f}x wall   (target >= 1.7 with 2 workers)"
    )
    print(
        f"peak RSS per worker   {', '.join(f'{p / MB:.0f}' for p in peaks)} MB (target <= 600); "
        f"the one-process run: {one_peak / MB:.0f} MB (it also holds the corpus and a pass of parses)"
    )
    print(f"load average after    {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
