"""Fuzz the amounts reader (without a parse, as the pipeline's fallback): any text (UTF-8). Nothing may raise;
every amount lies inside the text and quotes it, its value is a number and a range's top is above its
bottom. See fuzz/harness.py for how to run it."""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["dateline"]):
    from dateline.stages.amounts import find_amounts

from harness import check_span, fuzz


def one_input(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    for amount in find_amounts(text, None):
        check_span(text, amount, f"amount {amount.value}")
        assert isinstance(amount.value, int | float) and not isinstance(amount.value, bool), amount
        assert amount.high is None or amount.high > amount.value, amount


if __name__ == "__main__":
    fuzz("amounts", one_input)
