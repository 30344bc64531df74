"""Where reading runs: in this process, in a local process pool, or on a Ray cluster.

Every engine runs the same reading function (`dateline.engines.reading.read_batch`) over articles and
gives back, in input order, one outcome per article: the read `Document` (its spaCy parse dropped, so
it travels between processes) or the `ReadFailure` that says why it could not be read, exactly as
`Pipeline.read_many` does in one process.

    from dateline.engines import read
    for outcome in read(articles, workers=2):             # local process pool
        ...
    for outcome in read(articles, engine="ray", workers=4):  # Ray Data (pip install 'dateline[ray]')
        ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import ReadFailure, UsageError
from ..model import Article, Document
from ..nlp import DEFAULT_MODEL

ENGINES = ("local", "ray")

__all__ = ["ENGINES", "read"]


def read(
    articles: Iterable[Article],
    workers: int = 1,
    engine: str = "local",
    model: str = DEFAULT_MODEL,
    actors: Sequence[str | Path] = (),
    address: str | None = None,
    chunk: int = 16,
    lexicon: Sequence[str | Path] = (),
) -> Iterator[Document | dict[str, Any] | ReadFailure]:
    """Read `articles` with `workers` processes (local) or actors (ray); outcomes in input order.
    The local engine gives Documents (without their spaCy parse when read in a worker); the ray
    engine gives article records, each with the `source` it was read from.

    With engine "local" and one worker everything happens in this process. Nothing starts (no
    process, no model) until the first article arrives."""
    if workers < 1:
        raise UsageError(f"workers={workers}: give 1 or more")
    if engine not in ENGINES:
        raise UsageError(f"engine {engine!r} is unknown; use one of {', '.join(ENGINES)}")
    if engine == "ray":
        from .raydata import read_on_ray

        return read_on_ray(
            articles, workers=workers, model=model, actors=actors, address=address, lexicon=lexicon
        )
    if address is not None:
        raise UsageError("--address only applies to --engine ray")
    from .local import read_local

    return read_local(articles, workers=workers, model=model, actors=actors, chunk=chunk, lexicon=lexicon)
