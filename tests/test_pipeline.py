from __future__ import annotations

import pytest

from dateline.errors import PipelineOrderError
from dateline.model import Article, Document
from dateline.pipeline import check_order


class FakeStage:
    def __init__(self, name: str, needs: tuple[str, ...], adds: tuple[str, ...]) -> None:
        self.name, self.needs, self.adds = name, needs, adds

    def __call__(self, document: Document) -> None:
        pass


def test_order_is_checked_once_at_start():
    good = [FakeStage("a", ("parse",), ("x",)), FakeStage("b", ("x",), ("y",))]
    check_order(good)
    with pytest.raises(PipelineOrderError, match="needs the layers \\['x'\\]"):
        check_order(list(reversed(good)))


def test_sentences_trimmed_and_split_at_paragraphs(pipeline):
    text = "First sentence here.  Second one.\n\nA new paragraph without end"
    doc = pipeline.read(Article(text=text))
    spans = [text[s.start : s.end] for s in doc.sentences]
    assert spans == ["First sentence here.", "Second one.", "A new paragraph without end"]


def test_stage_failure_is_recorded_not_raised(pipeline):
    from dateline.errors import ReadFailure
    from dateline.pipeline import Pipeline

    class Boom(FakeStage):
        def __call__(self, document: Document) -> None:
            raise RuntimeError("boom")

    broken = Pipeline(stages=[Boom("boom", ("parse",), ())])
    results = list(
        broken.read_many([Article(text="One.", source="a.txt"), Article(text="Two.", source="b.txt")])
    )
    assert all(isinstance(r, ReadFailure) for r in results)
    assert "a.txt" in str(results[0]) and "boom" in str(results[0])


def test_read_many_streams_its_input(pipeline):
    """The first record comes out before the whole input is consumed (a long stream, bounded memory)."""
    consumed = 0

    def articles():
        nonlocal consumed
        for i in range(1000):
            consumed += 1
            yield Article(text=f"Story number {i}.")

    first = next(iter(pipeline.read_many(articles(), batch_size=4)))
    assert first.text == "Story number 0." and consumed < 100
