"""Coverage-guided fuzzing (atheris, docs/reliability.md): a bounded run of each harness in fuzz/ —
intake (bytes to article), the time tagger and the amounts reader on arbitrary text. Each harness
asserts that nothing but InputError escapes and every span lies inside the text; a failure leaves the
input that caused it in the test's temporary folder. `pip install 'dateline[fuzz]'` installs atheris."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
HARNESSES = ("intake", "times", "amounts")
RUNS = 5_000  # each; about 12 s for the three on two cores
SECONDS = 20  # a bound on each, whatever the machine


def slow_selected(request: pytest.FixtureRequest) -> bool:
    markexpr = request.config.getoption("-m") or ""
    return ("slow" in markexpr and "not slow" not in markexpr) or bool(os.environ.get("DATELINE_SLOW"))


def test_every_harness_has_seeds() -> None:
    for name in HARNESSES:
        assert (FUZZ / f"fuzz_{name}.py").is_file()
        assert any((FUZZ / "seeds" / name).iterdir()), name


@pytest.fixture
def harnesses(monkeypatch: pytest.MonkeyPatch) -> dict[str, ModuleType]:
    pytest.importorskip("atheris", reason="atheris is not installed: pip install 'dateline[fuzz]'")
    monkeypatch.syspath_prepend(str(FUZZ))
    return {name: importlib.import_module(f"fuzz_{name}") for name in HARNESSES}


def test_the_seeds_pass_every_harness(harnesses: dict[str, ModuleType]) -> None:
    for name, harness in harnesses.items():
        for seed in sorted((FUZZ / "seeds" / name).iterdir()):
            harness.one_input(seed.read_bytes())


def test_a_span_outside_the_text_fails_the_harness(
    harnesses: dict[str, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks bite: a planted span past the end of the text, or one that misquotes it, is caught."""
    from dateline.model import Amount, Time

    amounts, times = harnesses["amounts"], harnesses["times"]
    monkeypatch.setattr(amounts, "find_amounts", lambda text, doc: [Amount(0, 99, "12 apples", 12)])
    with pytest.raises(AssertionError, match="outside"):
        amounts.one_input(b"12 apples")
    monkeypatch.setattr(times, "find_times", lambda text, sentences, anchor: [Time(0, 3, "Tue", "DATE", "X")])
    with pytest.raises(AssertionError, match="says 'Tue'"):
        times.one_input(b"0none on Monday")


@pytest.mark.slow
@pytest.mark.parametrize("name", HARNESSES)
def test_fuzz_harness_finds_nothing(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if not slow_selected(request):
        pytest.skip("fuzzing runs for seconds per harness: select it with -m slow (or DATELINE_SLOW=1)")
    pytest.importorskip("atheris", reason="atheris is not installed: pip install 'dateline[fuzz]'")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            str(FUZZ / f"fuzz_{name}.py"),
            str(corpus),
            f"-runs={RUNS}",
            f"-max_total_time={SECONDS}",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
    )
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert result.returncode == 0 and not crashes, f"{crashes}\n{result.stderr[-4000:]}"
    assert "Done" in result.stderr, result.stderr[-2000:]
