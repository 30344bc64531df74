"""The Ray engine: the same reading function on Ray Data, for a cluster (`pip install 'dateline[ray]'`).

Articles become rows `{index, article}` (the article as JSON); `map_batches` with `RayReader` (a class,
so each actor of an `ActorPoolStrategy` loads spaCy and the knowledge once) turns them into rows
`{index, source, record, failure}`: `record` is the dateline.article/1 record as JSON, `failure` the
ReadFailure as JSON, one of them null. On a cluster, build the dataset from your own source and write
it where you like (see docs/scale.md):

    ds = ray.data.from_items(article_rows(articles))        # or WARC files: see warc_rows
    reading_dataset(ds, workers=32).write_parquet("s3://bucket/records/")
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import EngineUnavailable, ReadFailure
from ..intake import IntakeOptions
from ..model import Article, Document
from ..nlp import DEFAULT_MODEL
from .reading import article_from_json, article_to_json, build_pipeline, failure_from_state, read_batch

INSTALL_HINT = "pip install 'dateline[ray]'"


def require_ray() -> ModuleType:
    """Import Ray Data, or say how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise EngineUnavailable(
            f"the ray engine needs Ray Data, which is not installed ({exc}); install it with "
            f"`{INSTALL_HINT}`, or use --engine local"
        ) from None
    return ray


def article_rows(articles: Iterable[Article]) -> list[dict[str, Any]]:
    return [{"index": i, "article": article_to_json(a)} for i, a in enumerate(articles)]


class RayReader:
    """A `map_batches` class: one Pipeline per actor, built when the actor starts."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        actors: Sequence[str | Path] = (),
        lexicon: Sequence[str | Path] = (),
    ) -> None:
        self.pipeline = build_pipeline(model, actors, True, lexicon)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from ..record import to_record

        articles = [article_from_json(str(text)) for text in batch["article"]]
        out: dict[str, list[Any]] = {"index": [], "source": [], "record": [], "failure": []}
        for index, article, outcome in zip(
            batch["index"], articles, read_batch(self.pipeline, articles), strict=True
        ):
            out["index"].append(int(index))
            out["source"].append(article.source)
            if isinstance(outcome, Document):
                out["record"].append(json.dumps(to_record(outcome), ensure_ascii=False))
                out["failure"].append(None)
            else:
                out["record"].append(None)
                out["failure"].append(json.dumps(list(outcome), ensure_ascii=False))
        return out


def reading_dataset(
    ds: Any,
    workers: int,
    model: str = DEFAULT_MODEL,
    actors: Sequence[str | Path] = (),
    batch_size: int = 16,
    lexicon: Sequence[str | Path] = (),
) -> Any:
    """`ds` (rows `{index, article}`) read by `workers` actors, each holding one pipeline."""
    ray = require_ray()
    return ds.map_batches(
        RayReader,
        fn_constructor_args=(model, tuple(str(a) for a in actors), tuple(str(f) for f in lexicon)),
        batch_size=batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )


def row_outcome(row: dict[str, Any]) -> dict[str, Any] | ReadFailure:
    """A result row as the local engines give it: the record (with its `source`) or the ReadFailure."""
    if row.get("failure"):
        source, stage, message, cause = json.loads(row["failure"])
        return failure_from_state((source, stage, message, cause))
    record: dict[str, Any] = json.loads(row["record"])
    return {**record, "source": row["source"]} if row.get("source") else record


def _ensure_connected(ray: ModuleType, address: str | None, workers: int) -> bool:
    """Connect to `address` (or start a local Ray with `workers` CPUs). True if we started it."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    if address:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    else:
        ray.init(
            num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING
        )
    return True


def read_on_ray(
    articles: Iterable[Article],
    workers: int = 1,
    model: str = DEFAULT_MODEL,
    actors: Sequence[str | Path] = (),
    address: str | None = None,
    batch_size: int = 16,
    lexicon: Sequence[str | Path] = (),
) -> Iterator[dict[str, Any] | ReadFailure]:
    """Records (with `source`) or failures, in input order, read by `workers` Ray actors."""
    ray = require_ray()
    rows = article_rows(articles)
    if not rows:
        return
    started = _ensure_connected(ray, address, workers)
    try:
        from ray.data import DataContext

        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no per-operator chatter on stderr
        context = DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        # enough blocks for every actor to have work, and none much bigger than a batch or two
        blocks = min(len(rows), max(workers * 4, -(-len(rows) // (2 * batch_size))))
        ds = ray.data.from_items(rows, override_num_blocks=blocks)
        pending: dict[int, dict[str, Any]] = {}
        expected = 0
        # rows come in order with preserve_order; the buffer keeps the order even if they did not
        for row in reading_dataset(ds, workers, model, actors, batch_size, lexicon).iter_rows():
            pending[int(row["index"])] = row
            while expected in pending:
                yield row_outcome(pending.pop(expected))
                expected += 1
        for index in sorted(pending):
            yield row_outcome(pending.pop(index))
    finally:
        if started:
            ray.shutdown()


def warc_rows(row: dict[str, Any], options: IntakeOptions | None = None) -> Iterator[dict[str, Any]]:
    """A `flat_map` from `{path}` (a WARC file: local, s3://, gs://; read with pyarrow's filesystems,
    anonymously for s3://commoncrawl) to article rows `{index, article}` (index: -1, not ordered) and
    intake failures `{index, failure}`. Failures of intake are rows too, so nothing is lost silently."""
    import tempfile

    from ..errors import InputError
    from ..store.remote import read_warc

    path = str(row["path"])
    with tempfile.TemporaryDirectory() as tmp:
        local = path
        if "://" in path:
            from pyarrow import fs

            if path.startswith("s3://commoncrawl/"):
                filesystem: Any = fs.S3FileSystem(anonymous=True, region="us-east-1")
                remote = path[len("s3://") :]
            else:
                filesystem, remote = fs.FileSystem.from_uri(path)
            local = str(Path(tmp) / Path(remote).name)
            with filesystem.open_input_stream(remote, compression=None) as src, open(local, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        for item in read_warc(local, options or IntakeOptions()):
            if isinstance(item, InputError):
                yield {"index": -1, "article": None, "failure": str(item)}
            else:
                item.source = (item.source or local).replace(local, path, 1)
                yield {"index": -1, "article": article_to_json(item), "failure": None}
