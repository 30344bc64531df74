"""The `dateline` command line. Each command mirrors a Python function (see docs/cli.md).

Exit codes: 0 ok; 1 some inputs failed (listed on stderr); 2 bad usage or no input could be read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

import click
from rich.console import Console

from . import __version__
from .cli_store import COMMANDS as STORE_COMMANDS
from .cli_store import say_lexicon_notes
from .cli_web import COMMANDS as WEB_COMMANDS
from .errors import DatelineError, InputError, ReadFailure, UsageError
from .intake import IntakeOptions, read_source
from .intake.decode import DEFAULT_MAX_BYTES
from .intake.published import parse_published_option
from .model import Article, Document
from .nlp import DEFAULT_MODEL
from .record import to_record

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"dateline: {message}", err=True)


class Failures:
    """Inputs that could not be read, reported on stderr as they happen and counted for the exit code."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, error: DatelineError) -> None:
        self.count += 1
        _fail(str(error))


def _articles(sources: Iterable[str], options: IntakeOptions, failures: Failures) -> Iterator[Article]:
    for source in sources:
        for item in read_source(source, options):
            if isinstance(item, InputError):
                failures.add(item)
            else:
                yield item


def _emit(document: Document, as_json: bool, out: IO[str], console: Console, fmt: str = "text") -> None:
    if fmt == "timeml":
        from .timeml_writer import to_timeml

        out.write(to_timeml(document))
        out.flush()
    elif as_json or fmt == "json":
        out.write(json.dumps(to_record(document), ensure_ascii=False, separators=(",", ":")) + "\n")
        out.flush()
    else:
        from .report import print_report

        print_report(document, console)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dateline")
def cli() -> None:
    """Dateline: read news into sourced, time-resolved facts."""


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON Lines: one dateline.article/1 record per article."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "timeml"]),
    default="text",
    help="text (a report), json (like --json) or timeml (TIMEX3-annotated TimeML).",
)
@click.option(
    "--raw", is_flag=True, help="The input is the body, exactly: no cleaning; offsets index the input."
)
@click.option(
    "--published", "published", metavar="ISO", help="Publication time (overrides the one in the input)."
)
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="An installed spaCy pipeline.")
@click.option(
    "--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Refuse inputs larger than this."
)
@click.option(
    "--actors",
    "actors",
    multiple=True,
    metavar="FILE",
    help="Your own actor file (knowledge YAML format, docs/knowledge.md); repeatable.",
)
@click.option(
    "--lexicon",
    "lexicon",
    multiple=True,
    metavar="FILE",
    help="Your own event lexicon (YAML, docs/events.md) or PETRARCH verb dictionary; repeatable.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    help="Reading processes (local) or actors (ray); each loads spaCy.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this machine's processes; ray: Ray Data (pip install 'dateline[ray]').",
)
@click.option(
    "--address", metavar="ADDR", help="Ray cluster to join (ray://host:10001 or auto); --engine ray."
)
@click.option(
    "--out",
    "out",
    metavar="FILE",
    help="Write the records to FILE instead of printing: JSON Lines, or Parquet if FILE ends in .parquet.",
)
def read(
    sources: tuple[str, ...],
    as_json: bool,
    fmt: str,
    raw: bool,
    published: str | None,
    model: str,
    max_bytes: int,
    debug: bool,
    actors: tuple[str, ...] = (),
    lexicon: tuple[str, ...] = (),
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    out: str | None = None,
) -> None:
    """Read articles (files, '-' for stdin, or .jsonl batches) and print their records (in input order,
    with any number of workers)."""
    from .engines import read as read_with_engine

    pipeline = None
    try:
        when: datetime | None = parse_published_option(published) if published else None
        options = IntakeOptions(raw=raw, published=when, max_bytes=max_bytes, debug=debug)
        _check_engine(workers, engine, address, fmt, as_json, out)
        say_lexicon_notes(lexicon)
        if engine == "local" and workers == 1:
            from .pipeline import Pipeline

            pipeline = Pipeline(model=model, actors=actors, lexicon=lexicon)
        elif engine == "local":
            from .nlp import check_installed

            check_installed(model)  # before starting workers that would each fail to load it
        else:
            from .engines.raydata import require_ray

            require_ray()
    except DatelineError as error:
        _fail(str(error))
        sys.exit(EXIT_USAGE)
    failures = Failures()
    console = Console()
    printed = 0
    articles = _articles(sources, options, failures)
    if pipeline is not None:
        results: Iterator[Document | dict[str, Any] | ReadFailure] = _read_here(pipeline, articles)
    else:
        results = read_with_engine(
            articles,
            workers=workers,
            engine=engine,
            model=model,
            actors=actors,
            address=address,
            lexicon=lexicon,
        )
    writer = None
    if out:
        from .engines.output import RecordWriter

        writer = RecordWriter(out)
    try:
        for result in results:
            if isinstance(result, ReadFailure):
                if debug:
                    raise result.cause
                failures.add(result)
                continue
            if writer is not None:
                record = to_record(result) if isinstance(result, Document) else result
                source = result.article.source if isinstance(result, Document) else record.get("source")
                writer.write({k: v for k, v in record.items() if k != "source"}, source)
            elif isinstance(result, Document):
                _emit(result, as_json, sys.stdout, console, fmt)
            else:
                record = {k: v for k, v in result.items() if k != "source"}
                sys.stdout.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
                sys.stdout.flush()
            printed += 1
    except DatelineError as error:  # a worker or the cluster gave up: what was printed stays printed
        _fail(str(error))
        sys.exit(EXIT_USAGE)
    finally:
        if writer is not None:
            writer.close()
    if writer is not None:
        click.echo(f"wrote {printed} records to {out}", err=True)
    if failures.count:
        sys.exit(EXIT_SOME_FAILED if printed else EXIT_USAGE)


def _read_here(pipeline: Any, articles: Iterable[Article]) -> Iterator[Document | ReadFailure]:
    from .engines.local import read_local

    return read_local(articles, workers=1, pipeline=pipeline)


def _check_engine(
    workers: int, engine: str, address: str | None, fmt: str, as_json: bool, out: str | None
) -> None:
    if workers < 1:
        raise UsageError(f"--workers {workers}: give 1 or more")
    if address and engine != "ray":
        raise UsageError("--address only applies to --engine ray")
    if engine == "ray" and fmt != "json" and not as_json and not out:
        raise UsageError("--engine ray gives article records: add --json, or --out FILE")


@cli.group(name="eval")
def eval_group() -> None:
    """Score Dateline on annotated corpora."""


@eval_group.command(name="timeml")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--errors", default=0, show_default=True, help="Also print this many mismatches.")
def eval_timeml(directory: str, errors: int) -> None:
    """TempEval-3 TIMEX3 scores for every *.tml under DIRECTORY, per sub-folder and overall."""
    from pathlib import Path

    from .evaluation.timeml import evaluate, format_scores

    groups, mismatches = evaluate(Path(directory), errors=errors)
    for m in mismatches:
        click.echo(f"{m.kind:<8} {m.text!r:<40} gold={m.gold:<22} sys={m.system:<22} | {m.context}")
    for name, counts in groups.items():
        click.echo(format_scores(name, counts))


@eval_group.command(name="petrarch")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--actors", metavar="FILE", help="PETRARCH actor dictionary (default: beside FILE).")
@click.option("--agents", metavar="FILE", help="PETRARCH agent dictionary (default: beside FILE).")
@click.option("--verbs", metavar="FILE", help="PETRARCH verb dictionary (default: beside FILE).")
@click.option(
    "--own-lexicon", is_flag=True, help="Code with our bundled lexicon only, not the suite's verb dictionary."
)
@click.option("--details", default=0, show_default=True, help="Also print this many records we got wrong.")
def eval_petrarch(
    file: str, actors: str | None, agents: str | None, verbs: str | None, own_lexicon: bool, details: int
) -> None:
    """Event-coding recall and precision on PETRARCH unit-test records (PETR.UnitTest.records.xml)."""
    from .evaluation.petrarch import evaluate, format_report

    report = evaluate(file, actors, agents, verbs_path=verbs, own_lexicon=own_lexicon)
    for line in format_report(report, details=details):
        click.echo(line)


for _command in (*STORE_COMMANDS, *WEB_COMMANDS):
    cli.add_command(_command)


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except DatelineError as error:  # anything typed that escaped a command
        _fail(str(error))
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
