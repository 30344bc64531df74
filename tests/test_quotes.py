"""The quotes stage: table cases from tests/data/quotes_cases.yaml (with entities built for each test, so
they do not depend on the entities stage), quote-mark pairing, the seed article, and a property."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.model import Article, Entity, Quote, Span
from dateline.quotes.marks import find_quoted
from dateline.stages.quotes import QuoteStage, find_quotes
from dateline.stages.sentences import find_sentences

CASES = yaml.safe_load((Path(__file__).parent / "data" / "quotes_cases.yaml").read_text("utf-8"))["cases"]


def entities_for(text: str, specs: list[dict]) -> list[Entity]:
    """Entities whose mentions are found by string search: every whole-word occurrence, or the
    `at`-th one for a mention given as {text, at}."""
    out = []
    for spec in specs:
        entity = Entity(id=spec["id"], name=spec["name"], type=spec["type"])
        for m in spec["mentions"]:
            words, at = (m, None) if isinstance(m, str) else (m["text"], m["at"])
            hits = list(re.finditer(r"(?<!\w)" + re.escape(words) + r"(?!\w)", text))
            assert hits, f"mention {words!r} not in the text"
            for k, hit in enumerate(hits):
                if at is None or k == at:
                    entity.mentions.append(Span(hit.start(), hit.end(), words))
        out.append(entity)
    return out


def read(nlp, text: str, specs: list[dict]) -> list[Quote]:
    doc = nlp(text)
    return find_quotes(text, doc, find_sentences(text, doc), entities_for(text, specs))


def _id(case: dict) -> str:
    return case["text"][:50]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_quote_case(nlp, case):
    text = case["text"]
    quotes = read(nlp, text, case.get("entities") or [])
    for q in quotes:
        assert text[q.start : q.end] == q.text
    seen = [(q.kind, q.text) for q in quotes]
    if "count" in case:
        assert len(quotes) == case["count"], seen
    expected = case.get("quotes")
    if expected == []:
        assert quotes == [], seen
    for want in expected or []:
        got = next((q for q in quotes if q.text == want["text"] and q.kind == want["kind"]), None)
        assert got is not None, f"no {want['kind']} quote {want['text']!r}; found {seen}"
        if "speaker_text" in want:
            assert got.speaker_text == want["speaker_text"]
        if "speaker" in want:
            assert got.speaker == want["speaker"], got
        if "cue" in want:
            assert (got.cue.text if got.cue else None) == want["cue"]
        if "partial" in want:
            assert got.partial == want["partial"]


def test_enough_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ('a "b c" d', ["b c"]),
        ("\u201cone,\u201d he said, \u201ctwo.\u201d", ["one", "two."]),
        ('"one.\n\n"two."', ['one.\n\n"two.']),  # runs on into the next paragraph
        ('"one.\n\nNo quote here.', ["one."]),  # never closed: ends with its paragraph
        ("5' 10\" tall", []),
        ('"unclosed', ["unclosed"]),
    ],
)
def test_quote_marks_pair(text, spans):
    assert [text[q.start : q.end] for q in find_quoted(text)] == spans


SEED_QUOTES = [
    (
        "will reaffirm the United States support for the sovereignty and territorial integrity of Ukraine",
        "psaki",
    ),
    ("strategic stability, cyber and regional issues", "psaki"),
    ("sovereign decision", "bhatt"),
    ("CAATSA does not have a blanket or country-specific waiver provision", "dos"),
]
SEED_ENTITIES = [
    {
        "id": "psaki",
        "name": "Jen Psaki",
        "type": "PERSON",
        "mentions": ["Jen Psaki", "Psaki", "the press Secretary"],
    },
    {"id": "bhatt", "name": "Ajay Bhatt", "type": "PERSON", "mentions": ["Ajay Bhatt"]},
    {"id": "usa", "name": "United States", "type": "COUNTRY", "mentions": ["US", "United States"]},
    {"id": "dos", "name": "US State Department", "type": "ORG", "mentions": ["US State Department"]},
    {"id": "wh", "name": "White House", "type": "ORG", "mentions": ["White House"]},
    {"id": "ani", "name": "ANI", "type": "ORG", "mentions": ["ANI"]},
]


def test_seed_article(nlp):
    from conftest import shared_path

    text = shared_path("golden", "seed", "article.txt").read_text("utf-8")
    quotes = read(nlp, text, SEED_ENTITIES)
    for words, speaker in SEED_QUOTES:
        hits = [q for q in quotes if words in q.text and q.kind == "direct"]
        assert hits, f"no direct quote with {words!r}"
        assert hits[0].speaker == speaker, hits[0]


def test_through_the_pipeline(pipeline):
    text = 'The talks were "useful," Kremlin spokesman Dmitry Peskov said on Friday.'
    doc = pipeline.read(Article(text=text))
    assert "quotes" in doc.layers
    direct = [q for q in doc.quotes if q.kind == "direct"]
    assert [(q.text, q.partial, q.speaker_text) for q in direct] == [
        ("useful", True, "Kremlin spokesman Dmitry Peskov")
    ]


def test_stage_declares_its_layers():
    stage = QuoteStage()
    assert (stage.name, stage.needs, stage.adds) == (
        "quotes",
        ("parse", "sentences", "entities"),
        ("quotes",),
    )


PIECES = st.sampled_from(
    [
        '"',
        "\u201c",
        "\u201d",
        "\u2018",
        "\u2019",
        "'",
        "\n\n",
        " said",
        " he said",
        " according to",
        ", ",
        ". ",
    ]
    + ["Smith", "We will win", "the ministry", "that", "told ANI", ":", "spokesman", "she added", "x"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES, max_size=25).map("".join) | st.text(max_size=60))
def test_never_raises_and_spans_hold(nlp, text):
    for q in read(nlp, text, []):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.kind in ("direct", "indirect")
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text
