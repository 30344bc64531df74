"""The amounts stage: table cases from tests/data/amounts_cases.yaml, the seed article, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.model import Amount, Article
from dateline.stages.amounts import AmountStage, find_amounts

CASES = yaml.safe_load((Path(__file__).parent / "data" / "amounts_cases.yaml").read_text("utf-8"))


def _id(case: dict) -> str:
    return f"{case.get('span', '-')}|{case['text'][:40]}"


def _find(amounts: list[Amount], span: str) -> Amount | None:
    return next((a for a in amounts if a.text == span), None)


@pytest.mark.parametrize("case", CASES["cases"], ids=_id)
def test_amount_case(nlp, case):
    text = case["text"]
    amounts = find_amounts(text, nlp(text))
    got = _find(amounts, case["span"])
    assert got is not None, f"no amount {case['span']!r}; found {[a.text for a in amounts]}"
    assert text[got.start : got.end] == got.text
    assert got.value == case["value"] and type(got.value) is type(case["value"])
    assert got.unit == case["unit"]
    assert got.object == case["object"]
    assert got.high == case.get("high")
    assert got.approx == case.get("approx", False)


@pytest.mark.parametrize("case", CASES["none"], ids=_id)
def test_not_an_amount(nlp, case):
    text = case["text"]
    amounts = find_amounts(text, nlp(text))
    if "span" not in case:
        assert amounts == [], f"unexpected amounts {[a.text for a in amounts]}"
        return
    at = text.index(case["span"])
    at_end = at + len(case["span"])
    clash = [a.text for a in amounts if a.start < at_end and a.end > at]
    assert not clash, f"{case['span']!r} read as an amount: {clash}"


def test_enough_cases():
    assert len(CASES["cases"]) + len(CASES["none"]) >= 100


def test_through_the_pipeline(pipeline):
    doc = pipeline.read(Article(text="The two countries will ink a deal for 7.5 lakh AK-203 assault rifles."))
    assert "amounts" in doc.layers
    (two, rifles) = doc.amounts
    assert (two.value, two.object) == (2, "countries")
    assert (rifles.text, rifles.value, rifles.object) == ("7.5 lakh", 750000, "AK-203 assault rifles")


def test_seed_article(nlp):
    from conftest import shared_path

    text = shared_path("golden", "seed", "article.txt").read_text("utf-8")
    found = [a for a in find_amounts(text, nlp(text)) if a.text == "7.5 lakh"]
    assert found and found[0].value == 750000 and "AK-203 assault rifles" in (found[0].object or "")


def test_stage_declares_its_layers():
    stage = AmountStage()
    assert (stage.name, stage.needs, stage.adds) == ("amounts", ("parse", "sentences"), ("amounts",))


ALPHABET = st.sampled_from(
    list("0123456789 ,.-–%$€£¥₹abcdefghijklmnoprstuvwxyz\n")
    + ["lakh", "crore", "million", "bn", "Rs", "US$", "one", "and a half", "between", "to", "per cent"]
    + ["nearly", "a", "hundred", "dozen", "km", "of", "people", "AK-", "December", "2021", "7,50,000"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ALPHABET, max_size=30).map(" ".join) | st.text(max_size=80))
def test_never_raises_and_spans_hold(nlp, text):
    for doc in (None, nlp(text)):
        for a in find_amounts(text, doc):
            assert 0 <= a.start < a.end <= len(text)
            assert text[a.start : a.end] == a.text
            assert isinstance(a.value, int | float)
            if a.high is not None:
                assert a.high > a.value
