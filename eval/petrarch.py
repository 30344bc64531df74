#!/usr/bin/env python3
"""Event coding scores on PETRARCH2's unit-test records in ../shared/eval/petrarch2-unit (never copied here).

usage: .venv/bin/python eval/petrarch.py [PETR.UnitTest.records.xml] [--details N]
Prints recall and precision of (source, target, CAMEO root) codings, per category and overall.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dateline.evaluation.petrarch import evaluate, format_report

DEFAULT = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "eval"
    / "petrarch2-unit"
    / "PETR.UnitTest.records.xml"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("records", nargs="?", default=str(DEFAULT))
    parser.add_argument("--details", type=int, default=0, help="also print N records we got wrong")
    args = parser.parse_args()
    path = Path(args.records)
    if not path.is_file():
        print(f"no PETRARCH records at {path}: pass the file as the first argument", file=sys.stderr)
        return 2
    for line in format_report(evaluate(path), details=args.details):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
