#!/usr/bin/env python3
"""TempEval-3 TIMEX3 scores of the times stage on ../shared/eval/tempeval3-train (never copied here).

usage: .venv/bin/python eval/timeml.py [DIR] [--errors N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dateline.evaluation.timeml import evaluate, format_scores

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "tempeval3-train"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", nargs="?", default=str(DEFAULT))
    parser.add_argument("--errors", type=int, default=0, help="print N mismatches")
    args = parser.parse_args()
    root = Path(args.dir)
    if not root.is_dir():
        print(f"no TimeML folder at {root}: pass one as the first argument", file=sys.stderr)
        return 2
    groups, mismatches = evaluate(root, errors=args.errors)
    for m in mismatches:
        print(f"{m.kind:<8} {m.text!r:<40} gold={m.gold:<22} sys={m.system:<22} | {m.context}")
    for name, counts in groups.items():
        print(format_scores(name, counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
