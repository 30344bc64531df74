"""The reading pipeline: intake's `Article` in, a `Document` with every layer out.

Each stage declares the layers it needs and the layers it adds. The order is checked once, when the
pipeline is built. The spaCy parse runs once per article (batched with `nlp.pipe`) and is shared.

The spaCy model and every stage's rules are English. An article whose `language` is another one (intake
detects it, docs/intake.md) is not parsed, and a stage reads it only if the stage says it reads that
language (a `languages` attribute: a tuple of codes, or None for any) and the layers it needs are
there; stages that do not say are English-only. So Dateline's own stages all skip it: its record keeps
the text and metadata, and the layers not read are absent (docs/record.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Protocol

from .errors import PipelineOrderError, ReadFailure
from .intake.language import is_english
from .model import Article, Document
from .nlp import DEFAULT_MODEL, load_model


class Stage(Protocol):
    """A reading stage: a pure function at its heart and a thin wrapper that adds its layer."""

    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]

    def __call__(self, document: Document) -> None: ...


ENGLISH_ONLY: tuple[str, ...] = ("en",)


def stage_reads(stage: Stage, document: Document) -> bool:
    """Whether `stage` reads `document`: the stage reads the article's language (its `languages`; None:
    any; a stage that does not say reads English only) and the layers it needs are present. An article
    of unknown language (None) is read as English."""
    language = document.article.language
    language = ENGLISH_ONLY[0] if is_english(language) else language
    languages: tuple[str, ...] | None = getattr(stage, "languages", ENGLISH_ONLY)
    if languages is not None and language not in languages:
        return False
    return all(layer in document.layers for layer in stage.needs)


def check_order(stages: Sequence[Stage], available: Iterable[str] = ("text", "parse")) -> None:
    """Raise PipelineOrderError if a stage needs a layer no earlier stage adds."""
    have = set(available)
    for stage in stages:
        missing = [layer for layer in stage.needs if layer not in have]
        if missing:
            raise PipelineOrderError(
                f"stage {stage.name!r} needs the layers {missing}, which no earlier stage adds; "
                f"put a stage that adds them before it (present so far: {sorted(have)})."
            )
        have.update(stage.adds)


def default_stages(actors: Sequence[str | Path] = (), lexicon: Sequence[str | Path] = ()) -> list[Stage]:
    """Every stage Dateline ships, in reading order; `actors` and `lexicon` are users' own files."""
    from .stages import all_stages

    return all_stages(actors, lexicon)


class Pipeline:
    """Reads articles. Build once (loads spaCy, compiles the stages), then call `read` many times."""

    def __init__(
        self,
        stages: Sequence[Stage] | None = None,
        model: str = DEFAULT_MODEL,
        actors: Sequence[str | Path] = (),
        lexicon: Sequence[str | Path] = (),
    ) -> None:
        self.stages = list(default_stages(actors, lexicon) if stages is None else stages)
        check_order(self.stages)
        self.nlp = load_model(model)

    def read(self, article: Article) -> Document:
        """Read one article; a failing stage raises ReadFailure."""
        result = next(iter(self.read_many([article])))
        if isinstance(result, ReadFailure):
            raise result
        return result

    def read_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[Document | ReadFailure]:
        """Read articles in input order (spaCy parses them in batches). An article a stage fails on
        yields its ReadFailure instead; the others go on. Input is consumed a few batches at a time, so
        a long stream is read with bounded memory and its first records come out early."""
        remaining = iter(articles)
        while chunk := list(islice(remaining, batch_size * 4)):
            # Only English articles are parsed: the model is English (the others are read by no stage
            # that needs the parse).
            docs = iter(
                self.nlp.pipe((a.text for a in chunk if is_english(a.language)), batch_size=batch_size)
            )
            for article in chunk:
                if is_english(article.language):
                    document = Document(article=article, doc=next(docs), layers={"text", "parse"})
                else:
                    document = Document(article=article)
                try:
                    self.run_stages(document)
                except ReadFailure as failure:  # one bad article never stops a batch
                    yield failure
                    continue
                yield document

    def run_stages(self, document: Document) -> None:
        for stage in self.stages:
            if not stage_reads(stage, document):
                continue
            try:
                stage(document)
            except Exception as exc:
                source = document.article.source or document.article.id or "<article>"
                raise ReadFailure(source, stage.name, exc) from exc
            document.layers.update(stage.adds)
