"""The local engine: read in this process (one worker) or in a pool of spawned processes.

Each worker process builds the pipeline once (the pool's initializer) and reads chunks of articles;
the parent hands out chunks lazily (at most two per worker in flight, so memory stays flat on long
inputs) and yields outcomes in input order.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReadFailure, WorkerDied
from ..model import Article, Document
from ..nlp import DEFAULT_MODEL
from .reading import Outcome, build_pipeline, failure_from_state, read_batch, worker_stats

if TYPE_CHECKING:
    from ..pipeline import Pipeline

_PIPELINE: Pipeline | None = None  # one per worker process, built by the initializer


PipelineFactory = Callable[[], "Pipeline"]  # a module-level function (it is pickled by name)


def _start(
    model: str, actors: Sequence[str | Path], factory: PipelineFactory | None, lexicon: Sequence[str | Path]
) -> None:
    global _PIPELINE
    _PIPELINE = factory() if factory is not None else build_pipeline(model, actors, True, lexicon)


def _read(articles: list[Article]) -> tuple[list[Outcome], tuple[int, int, float]]:
    assert _PIPELINE is not None, "the worker's initializer did not run"
    return read_batch(_PIPELINE, articles), worker_stats()


def chunked(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class LocalPool:
    """A pool of reading processes. `peak_rss` and `cpu` map each worker's pid to its peak memory
    (bytes) and the CPU seconds it has used, as of its last chunk.
    `factory` (a module-level function, for pipelines of your own stages) replaces `model`/`actors`."""

    def __init__(
        self,
        workers: int,
        model: str = DEFAULT_MODEL,
        actors: Sequence[str | Path] = (),
        factory: PipelineFactory | None = None,
        lexicon: Sequence[str | Path] = (),
    ) -> None:
        self.workers = workers
        # spawn: workers must not inherit the parent's threads or database connections
        context = multiprocessing.get_context("spawn")
        self.executor = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_start,
            initargs=(model, tuple(actors), factory, tuple(lexicon)),
        )
        self.peak_rss: dict[int, int] = {}
        self.cpu: dict[int, float] = {}

    def read_chunks(self, chunks: Iterable[list[Article]]) -> Iterator[Document | ReadFailure]:
        window: deque[Future[tuple[list[Outcome], tuple[int, int, float]]]] = deque()
        for chunk in chunks:
            window.append(self.executor.submit(_read, chunk))
            while len(window) > 2 * self.workers:
                yield from self._outcomes(window.popleft())
        while window:
            yield from self._outcomes(window.popleft())

    def read(self, articles: Iterable[Article], chunk: int = 16) -> Iterator[Document | ReadFailure]:
        return self.read_chunks(chunked(articles, chunk))

    def _outcomes(
        self, future: Future[tuple[list[Outcome], tuple[int, int, float]]]
    ) -> Iterator[Document | ReadFailure]:
        try:
            outcomes, (pid, peak, cpu) = future.result()
        except BrokenProcessPool as exc:
            raise WorkerDied(
                "a reading worker process died (out of memory, killed, or its pipeline could not load: "
                f"{exc}); try fewer --workers, or one, to see the error"
            ) from exc
        self.peak_rss[pid] = max(peak, self.peak_rss.get(pid, 0))
        self.cpu[pid] = max(cpu, self.cpu.get(pid, 0.0))
        for outcome in outcomes:
            yield outcome if isinstance(outcome, Document) else failure_from_state(outcome)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_local(
    articles: Iterable[Article],
    workers: int = 1,
    model: str = DEFAULT_MODEL,
    actors: Sequence[str | Path] = (),
    chunk: int = 16,
    pipeline: Pipeline | None = None,
    factory: PipelineFactory | None = None,
    lexicon: Sequence[str | Path] = (),
) -> Iterator[Document | ReadFailure]:
    """Outcomes in input order. One worker reads here (with `pipeline` if given); more start a pool,
    but only once there is a first article to read."""
    chunks = chunked(articles, chunk)
    first = next(chunks, None)
    if first is None:
        return
    if workers == 1:
        reader = pipeline or (
            factory() if factory is not None else build_pipeline(model, actors, lexicon=lexicon)
        )
        yield from reader.read_many(first)
        for more in chunks:
            yield from reader.read_many(more)
        return
    with LocalPool(workers, model, actors, factory, lexicon) as pool:
        yield from pool.read_chunks(_prepend(first, chunks))


def _prepend(first: list[Article], rest: Iterator[list[Article]]) -> Iterator[list[Article]]:
    yield first
    yield from rest
