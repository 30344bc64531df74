"""The `dateline` command line. Each command mirrors a Python function (see docs/cli.md).

Exit codes: 0 ok; 1 some inputs failed (listed on stderr); 2 bad usage or no input could be read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO

import click
from rich.console import Console

from . import __version__
from .cli_store import COMMANDS as STORE_COMMANDS
from .errors import DatelineError, InputError, ReadFailure
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
@click.option("--debug", is_flag=True, help="Show tracebacks.")
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
) -> None:
    """Read articles (files, '-' for stdin, or .jsonl batches) and print their records."""
    try:
        when: datetime | None = parse_published_option(published) if published else None
        options = IntakeOptions(raw=raw, published=when, max_bytes=max_bytes, debug=debug)
        from .pipeline import Pipeline

        pipeline = Pipeline(model=model, actors=actors)
    except DatelineError as error:
        _fail(str(error))
        sys.exit(EXIT_USAGE)
    failures = Failures()
    console = Console()
    printed = 0
    for result in pipeline.read_many(_articles(sources, options, failures)):
        if isinstance(result, ReadFailure):
            if debug:
                raise result.cause
            failures.add(result)
            continue
        _emit(result, as_json, sys.stdout, console, fmt)
        printed += 1
    if failures.count:
        sys.exit(EXIT_SOME_FAILED if printed else EXIT_USAGE)


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
@click.option("--details", default=0, show_default=True, help="Also print this many records we got wrong.")
def eval_petrarch(file: str, actors: str | None, agents: str | None, details: int) -> None:
    """Event-coding recall and precision on PETRARCH unit-test records (PETR.UnitTest.records.xml)."""
    from .evaluation.petrarch import evaluate, format_report

    for line in format_report(evaluate(file, actors, agents), details=details):
        click.echo(line)


for _command in STORE_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except DatelineError as error:  # anything typed that escaped a command
        _fail(str(error))
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
