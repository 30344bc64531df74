"""What the fuzz harnesses share: run one under libFuzzer (atheris), and check spans against the text.

Each harness is a script: `.venv/bin/python fuzz/fuzz_times.py [CORPUS_DIR...] [-runs=N] [-max_total_time=S]`
takes libFuzzer's flags; it starts from its seeds (fuzz/seeds/NAME, never written to) and its
dictionary (fuzz/NAME.dict), and stops at the first failure, leaving the input that caused it
(crash-*) in the current folder (or -artifact_prefix=). `pip install 'dateline[fuzz]'` installs atheris.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import atheris

HERE = Path(__file__).resolve().parent


def check_span(text: str, span: Any, what: str) -> None:
    """The span lies inside the text and its `text` is the slice it names."""
    assert 0 <= span.start <= span.end <= len(text), (
        f"{what} {span.start}..{span.end} outside {len(text)} chars"
    )
    assert text[span.start : span.end] == span.text, (
        f"{what} says {span.text!r}, the text {text[span.start : span.end]!r}"
    )


def fuzz(name: str, one_input: Callable[[bytes], None]) -> None:
    """Run `one_input` under libFuzzer with sys.argv's flags, the harness's seeds and dictionary. New
    inputs go to the first folder given, else to a new temporary one (never into the seeds)."""
    flags = [arg for arg in sys.argv[1:] if arg.startswith("-")]
    folders = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    if not folders:
        folders = [tempfile.mkdtemp(prefix=f"dateline-fuzz-{name}-")]
    folders.append(str(HERE / "seeds" / name))
    dictionary = HERE / f"{name}.dict"
    if dictionary.exists() and not any(flag.startswith("-dict=") for flag in flags):
        flags.append(f"-dict={dictionary}")
    atheris.Setup([sys.argv[0], *flags, *folders], one_input)
    atheris.Fuzz()
