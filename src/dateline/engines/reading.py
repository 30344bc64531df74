"""The one reading function every engine runs, and how its outcomes cross process boundaries.

A worker builds one `Pipeline` (spaCy and the knowledge load once per worker) and reads batches of
articles with `read_batch`. A `Document` crosses back without its spaCy parse (no layer of the record
needs it once the stages have run); a `ReadFailure` crosses as plain data and is rebuilt on the other
side with the same type, code and message, so failures read the same with one worker or many.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from collections.abc import Sequence
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DatelineError, ReadFailure
from ..model import Article, Document

if TYPE_CHECKING:
    from ..pipeline import Pipeline

FailureState = tuple[str, str, str, str]  # source, stage, message, cause (type name: text)
Outcome = Document | FailureState


class RemoteCause(Exception):
    """The exception a stage raised in another process, as text (its type name and message)."""


def failure_state(failure: ReadFailure) -> FailureState:
    cause = failure.cause
    return failure.source, failure.stage, failure.message, f"{type(cause).__name__}: {cause}"


def failure_from_state(state: FailureState) -> ReadFailure:
    """The ReadFailure a worker reported, with the message it had there (the cause is text now)."""
    source, stage, message, cause = state
    failure = ReadFailure.__new__(ReadFailure)
    DatelineError.__init__(failure, message)
    failure.source, failure.stage, failure.cause = source, stage, RemoteCause(cause)
    return failure


def read_batch(pipeline: Pipeline, articles: Sequence[Article]) -> list[Outcome]:
    """Read a batch in order: each article's Document (parse dropped) or its failure as data."""
    out: list[Outcome] = []
    for result in pipeline.read_many(list(articles)):
        if isinstance(result, ReadFailure):
            out.append(failure_state(result))
        else:
            result.doc = None
            out.append(result)
    return out


def peak_rss_bytes() -> int:
    """This process's peak resident memory so far. On Linux, VmHWM: ru_maxrss would also count the
    parent's memory at the moment a spawned worker was forked (Linux keeps the larger across exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for text in status:
                if text.startswith("VmHWM:"):
                    return int(text.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak if sys.platform == "darwin" else peak * 1024


def cpu_seconds() -> float:
    """CPU time this process has used (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_stats() -> tuple[int, int, float]:
    """What a worker reports with each chunk: its pid, peak memory (bytes) and CPU seconds so far."""
    return os.getpid(), peak_rss_bytes(), cpu_seconds()


# -- articles as JSON (for engines that move rows, not Python objects) ----------------------------

_DATES = ("published", "updated")
_FIELDS = tuple(f.name for f in fields(Article))


def article_to_json(article: Article) -> str:
    data: dict[str, Any] = asdict(article)
    for key in _DATES:
        if data[key] is not None:
            data[key] = data[key].isoformat()
    return json.dumps(data, ensure_ascii=False)


def article_from_json(text: str) -> Article:
    data = json.loads(text)
    for key in _DATES:
        if data.get(key):
            data[key] = datetime.fromisoformat(data[key])
    return Article(**{k: v for k, v in data.items() if k in _FIELDS})


WARM_UP = Article(
    text=(
        "GENEVA (Reuters) - The Russian President met his French counterpart in Geneva on Monday, "
        '"We agreed," the Kremlin spokesman said. India pledged Rs 500 crore to the talks next week.'
    ),
    source="<warm-up>",
)


def warm(pipeline: Pipeline) -> None:
    """Read one small article so that data loaded on first use (the city index, the times grammar)
    loads when a worker starts rather than on its first real article. The outcome is thrown away."""
    for _ in pipeline.read_many([WARM_UP]):
        pass


def build_pipeline(
    model: str, actors: Sequence[str | Path], warm_up: bool = False, lexicon: Sequence[str | Path] = ()
) -> Pipeline:
    from ..pipeline import Pipeline

    pipeline = Pipeline(model=model, actors=actors, lexicon=lexicon)
    if warm_up:
        warm(pipeline)
    return pipeline
