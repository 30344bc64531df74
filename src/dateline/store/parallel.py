"""Reading in several processes (`dateline ingest --workers N`): each worker loads the spaCy pipeline
once and turns chunks of articles into article records; the parent writes them, in input order, so
the result is the same as with one worker."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import DatelineError, ReadFailure
from ..model import Article

_PIPELINE: Any = None


class WorkerFailure(DatelineError):
    """A stage failed on an article in a worker process (a ReadFailure, carried back as data)."""

    def __init__(self, source: str, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.source = source
        self.reason = message.split(": ", 1)[1] if message.startswith(f"{source}: ") else message


def _start(model: str, actors: Sequence[str | Path]) -> None:
    global _PIPELINE
    from ..pipeline import Pipeline

    _PIPELINE = Pipeline(model=model, actors=actors)


def _read(articles: list[Article]) -> list[tuple[str, Any, Any]]:
    from ..record import to_record

    out: list[tuple[str, Any, Any]] = []
    for result in _PIPELINE.read_many(articles):
        if isinstance(result, ReadFailure):
            out.append(("failure", (result.source, result.code), result.message))
        else:
            out.append(("record", to_record(result), result.article.source))
    return out


def _items(results: list[tuple[str, Any, Any]]) -> Iterator[dict[str, Any] | WorkerFailure]:
    for kind, first, second in results:
        if kind == "failure":
            yield WorkerFailure(first[0], first[1], second)
        else:
            yield {**first, "source": second} if second else first


def read_parallel(
    chunks: Iterable[list[Article]], workers: int, model: str, actors: Sequence[str | Path] = ()
) -> Iterator[dict[str, Any] | WorkerFailure]:
    """Records (with their `source`) or failures, in input order. No process starts without work."""
    it = iter(chunks)
    first = next(it, None)
    if first is None:
        return
    context = multiprocessing.get_context("spawn")  # workers must not inherit the parent's connections
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(model, tuple(actors))
    ) as pool:
        window: deque[Future[list[tuple[str, Any, Any]]]] = deque([pool.submit(_read, first)])
        for chunk in it:
            window.append(pool.submit(_read, chunk))
            while len(window) > 2 * workers:
                yield from _items(window.popleft().result())
        while window:
            yield from _items(window.popleft().result())
