"""Reading in several processes (`dateline ingest --workers N`): the local engine's process pool
(`dateline.engines.local`), where each worker loads the spaCy pipeline once. Outcomes come back in
input order as Documents (without their parse) or ReadFailures, exactly as `Pipeline.read_many` gives
them in one process, so the store and its failures table see the same thing with any number of workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..engines.local import LocalPool
from ..errors import ReadFailure
from ..model import Article, Document


def read_parallel(
    chunks: Iterable[list[Article]],
    workers: int,
    model: str,
    actors: Sequence[str | Path] = (),
    lexicon: Sequence[str | Path] = (),
) -> Iterator[Document | ReadFailure]:
    """Documents or failures, in input order. No process starts without work."""
    it = iter(chunks)
    first = next(it, None)
    if first is None:
        return
    with LocalPool(workers, model, actors, lexicon=lexicon) as pool:
        yield from pool.read_chunks(_prepend(first, it))


def _prepend(first: list[Article], rest: Iterator[list[Article]]) -> Iterator[list[Article]]:
    yield first
    yield from rest
