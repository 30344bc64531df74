"""How fast is the times stage, and what share of reading does it cost?

Reads a corpus (by default the TempEval-3 training TimeML under ../shared/eval/tempeval3-train,
tags stripped, each document with its DCT), parses it once with spaCy, then times `find_times`
alone on the precomputed parse. Prints numbers; asserts nothing.

    .venv/bin/python bench/times.py [--dir DIR] [--model NAME] [--repeat N]

DIR may hold .tml files (TimeML: the TEXT element is the body, the DCT the anchor) or plain .txt
files (no anchor).
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "tempeval3-train"


def parse_dct(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        try:
            return datetime.fromisoformat(value[:10])
        except ValueError:
            return None


def read_tml(path: Path) -> tuple[str, datetime | None, int]:
    """The body text, the DCT and the number of gold TIMEX3 in the body of one TimeML file."""
    root = ET.parse(path).getroot()
    body = root.find("TEXT")
    text = "".join(body.itertext()) if body is not None else ""
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = parse_dct(timex.get("value"))
            break
    gold = len(body.findall(".//TIMEX3")) if body is not None else 0
    return text, dct, gold


def load_corpus(directory: Path) -> list[tuple[str, datetime | None, int]]:
    docs = [read_tml(p) for p in sorted(directory.rglob("*.tml"))]
    docs += [
        (p.read_text(encoding="utf-8", errors="replace"), None, 0) for p in sorted(directory.rglob("*.txt"))
    ]
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of .tml or .txt files")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: Dateline's)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the times stage; the fastest counts")
    args = parser.parse_args(argv)

    if not args.dir.is_dir():
        print(f"no corpus at {args.dir}: pass --dir with a folder of .tml or .txt files", file=sys.stderr)
        return 2
    try:
        from dateline.times import find_times
    except ImportError as exc:
        print(f"the times tagger is not importable: {exc}", file=sys.stderr)
        return 2
    from dateline.pipeline import Pipeline
    from dateline.stages.sentences import find_sentences

    docs = load_corpus(args.dir)
    if not docs:
        print(f"no .tml or .txt files under {args.dir}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    pipeline = Pipeline() if args.model is None else Pipeline(model=args.model)
    load_seconds = time.perf_counter() - started

    texts = [text for text, _, _ in docs]
    started = time.perf_counter()
    parsed = list(pipeline.nlp.pipe(texts, batch_size=16))
    parse_seconds = time.perf_counter() - started
    sentences = [find_sentences(text, doc) for text, doc in zip(texts, parsed, strict=True)]

    times_seconds = float("inf")
    found = 0
    for _ in range(max(1, args.repeat)):
        count = 0
        started = time.perf_counter()
        for (text, dct, _), doc, sents in zip(docs, parsed, sentences, strict=True):
            count += len(find_times(text, sents, dct, doc))
        times_seconds = min(times_seconds, time.perf_counter() - started)
        found = count

    chars = sum(len(t) for t in texts)
    gold = sum(g for _, _, g in docs)
    print(f"corpus                {args.dir}")
    print(f"documents             {len(docs)}")
    print(f"characters            {chars}")
    print(f"gold TIMEX3 (TimeML)  {gold}")
    print(f"times found           {found}")
    print(f"model load s          {load_seconds:.2f}")
    print(f"spaCy parse s         {parse_seconds:.3f}")
    print(f"times stage s         {times_seconds:.3f}  (fastest of {max(1, args.repeat)})")
    seconds = max(times_seconds, 1e-9)
    print(f"expressions / s       {found / seconds:.0f}")
    print(f"documents / s (times) {len(docs) / seconds:.0f}")
    print(f"times / parse         {100 * times_seconds / max(parse_seconds, 1e-9):.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
