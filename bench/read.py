"""How fast is `dateline read`, end to end (intake, spaCy parse, every reading stage, JSON out)?

Runs the installed `dateline read --json` command as a user would, over a corpus:

- by default the articles in examples/ (plain text and HTML, so intake does its full work), each
  given `--repeat` times (default 20);
- or `--dir DIR`: every .txt/.html/.htm file in DIR, and every TimeML .tml file with its tags stripped
  (the TEXT element is the body and the DCT its publication time), read with `--raw`, as JSON Lines.

Startup (loading spaCy and the knowledge files) is measured with a one-article run and reported apart,
so the steady rate is what a long batch gets. Prints numbers; asserts nothing.

    .venv/bin/python bench/read.py [--dir DIR] [--repeat N] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATELINE = Path(sys.executable).parent / "dateline"


def tml_record(path: Path) -> dict[str, str]:
    """One TimeML file as a JSONL record: the TEXT element without tags, the DCT as `published`."""
    root = ET.parse(path).getroot()
    body = root.find("TEXT")
    record = {"id": path.stem, "text": "".join(body.itertext()) if body is not None else ""}
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" and timex.get("value"):
            record["published"] = str(timex.get("value"))
            break
    return record


def corpus(directory: Path | None, repeat: int, workdir: Path) -> tuple[list[str], list[str]]:
    """The command-line sources and extra options for `dateline read`."""
    if directory is None:
        files = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))
        return files * repeat, []
    files = sorted(str(p) for p in directory.rglob("*") if p.suffix in (".txt", ".html", ".htm"))
    tml = sorted(directory.rglob("*.tml"))
    if tml:
        batch = workdir / "timeml.jsonl"
        with batch.open("w", encoding="utf-8") as out:
            for path in tml:
                out.write(json.dumps(tml_record(path), ensure_ascii=False) + "\n")
        return [str(batch)] * repeat + files * repeat, ["--raw"]
    return files * repeat, []


def run(
    sources: list[str], options: list[str], model: str | None
) -> tuple[float, list[dict[str, object]], int]:
    command = [str(DATELINE), "read", "--json", *options, *sources]
    if model:
        command += ["--model", model]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    records = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    failed = sum(1 for line in done.stderr.splitlines() if line.startswith("dateline:"))
    return elapsed, records, failed


def intake_only(sources: list[str], options: list[str]) -> tuple[float, int]:
    """Seconds for intake alone (decode, HTML extraction, furniture), in this process, over each distinct
    source once (trafilatura memoizes some work on a page it has seen, so repeats would flatter it)."""
    from dateline.intake import IntakeOptions, read_source
    from dateline.intake.html import article_from_html

    opts = IntakeOptions(raw="--raw" in options)
    # imports and rule compilation are startup, not intake
    article_from_html(
        "<html><body><h1>Warm up</h1><p>One sentence of some length to warm up with.</p></body></html>"
    )
    start = time.perf_counter()
    count = sum(1 for source in dict.fromkeys(sources) for _ in read_source(source, opts))
    return time.perf_counter() - start, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="a folder of .txt/.html/.tml files (default: examples/)")
    parser.add_argument("--repeat", type=int, default=None, help="read the corpus this many times")
    parser.add_argument("--model", help="an installed spaCy pipeline (default: dateline's)")
    args = parser.parse_args(argv)
    repeat = args.repeat or (20 if args.dir is None else 1)
    with tempfile.TemporaryDirectory() as tmp:
        sources, options = corpus(args.dir, repeat, Path(tmp))
        if not sources:
            print(f"no articles found in {args.dir or EXAMPLES}", file=sys.stderr)
            return 2
        one = Path(tmp) / "one.txt"
        one.write_text("Officials met on Monday in the capital for talks on trade, the ministry said.\n")
        startup, _, _ = run([str(one)], [], args.model)
        elapsed, records, failed = run(sources, options, args.model)
        intake_seconds, intake_count = intake_only(sources, options)
    articles = len(records)
    words = sum(len(str(r.get("text", "")).split()) for r in records)
    steady = max(elapsed - startup, 1e-9)
    print(f"corpus        {args.dir or EXAMPLES} x{repeat} {' '.join(options)}".rstrip())
    print(f"articles      {articles} read, {failed} failed, {words:,} words")
    print(f"startup       {startup:.2f} s (one-article run: Python, spaCy and knowledge loading)")
    print(f"total         {elapsed:.2f} s")
    print(f"end to end    {articles / elapsed:.1f} articles/s, {words / elapsed:,.0f} words/s")
    if elapsed > 1.5 * startup:
        print(
            f"steady        {articles / steady:.1f} articles/s, {words / steady:,.0f} words/s (startup excluded)"
        )
    else:
        print("steady        n/a: the run is too short to tell from startup; give --repeat N")
    print(
        f"intake only   {intake_count / max(intake_seconds, 1e-9):.1f} articles/s "
        f"({intake_count} distinct sources, {intake_seconds:.3f} s in-process)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
