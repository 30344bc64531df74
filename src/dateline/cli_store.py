"""The store commands: `dateline ingest / events / timeline / stories / entities / export / db`.

Each mirrors one method of `dateline.store.Store`. Query commands print a table, JSON (one array)
or CSV. Exit codes as everywhere: 0 ok; 1 some inputs failed (listed); 2 bad usage or nothing read.
"""

from __future__ import annotations

import csv
import json
import re
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .errors import DatelineError
from .intake.decode import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

db_option = click.option(
    "--db",
    "db",
    metavar="URL",
    default=None,
    help="SQLite file or postgresql://... (default: $DATELINE_DB, else ./dateline.db).",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)


def _fail(message: str) -> None:
    click.echo(f"dateline: {message}", err=True)


def say_lexicon_notes(lexicon: Sequence[str]) -> None:
    """Read users' lexicon files once up front (a bad one raises LexiconError) and say on stderr what
    in them codes nothing."""
    if not lexicon:
        return
    from .events.lexicon import lexicon_notes

    for note in lexicon_notes(lexicon):
        click.echo(f"dateline: note: {note}", err=True)


def _store(db: str | None, query: bool = True) -> Any:
    from .store import Store

    store = Store(db)
    if query:
        store.require_current()
    return store


def _run(action: Callable[[], None]) -> None:
    """Run a command body; typed errors and database errors exit 2 with their message."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        action()
    except DatelineError as error:
        _fail(str(error))
        sys.exit(EXIT_USAGE)
    except SQLAlchemyError as error:
        _fail(f"database error: {getattr(error, 'orig', None) or error}")
        sys.exit(EXIT_USAGE)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text", json.dumps(value, ensure_ascii=False)))
    return str(value)


def _short(row: dict[str, Any]) -> dict[str, Any]:
    """A row as a table shows it: days rather than instants, counts rather than lists of sources."""
    out = dict(row)
    for key in ("first_seen", "last_seen"):
        if isinstance(out.get(key), str):
            out[key] = out[key][:10]
    if isinstance(out.get("sources"), list):
        out["sources"] = len(out["sources"])
    if isinstance(out.get("articles"), list):
        out["articles"] = len(out["articles"])
    return out


def emit(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str], title: str) -> None:
    """Print query results as a table (chosen columns), JSON (whole records) or CSV (chosen columns)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    else:
        table = Table(title=f"{title} ({len(rows)})", show_lines=False)
        for c in columns:
            table.add_column(c.removesuffix("_names").replace("_", " "), overflow="fold", max_width=60)
        for row in map(_short, rows):
            table.add_row(*(_cell(row.get(c)) for c in columns))
        Console().print(table)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|d)", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """`--every`: 30s, 15m, 1h, 1h30m, 1d -> seconds (at least one second)."""
    compact = text.strip().replace(" ", "")
    parts = _DURATION.findall(compact)
    if not parts or "".join(n + u for n, u in parts).lower() != compact.lower():
        raise click.BadParameter(
            f"{text!r}: give a duration such as 30s, 15m, 1h or 1h30m", param_hint="--every"
        )
    seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if seconds < 1:
        raise click.BadParameter(f"{text!r}: poll at most once a second", param_hint="--every")
    return seconds


class _LazyPipeline:
    """A reading pipeline loaded at its first use and kept across polls."""

    def __init__(self, model: str | None, actors: Sequence[str], lexicon: Sequence[str] = ()) -> None:
        self.model, self.actors, self.lexicon = model, actors, lexicon
        self.loaded: Any = None

    def read_many(self, articles: Sequence[Any]) -> Any:
        if self.loaded is None:
            from .nlp import DEFAULT_MODEL
            from .pipeline import Pipeline

            self.loaded = Pipeline(
                model=self.model or DEFAULT_MODEL, actors=self.actors, lexicon=self.lexicon
            )
        return self.loaded.read_many(articles)


def _sleep(stop: threading.Event, seconds: float) -> bool:
    """Wait between polls; True when asked to stop (Ctrl-C or SIGTERM) meanwhile."""
    return stop.wait(seconds)


class _StopOnSignal:
    """While polling, Ctrl-C and SIGTERM ask the loop to stop after the batch it is in (each article is
    one transaction anyway); a second Ctrl-C interrupts at once."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.saved: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if self.stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.stop.set()
        _fail("stopping after the current batch (Ctrl-C again to interrupt now)")

    def __enter__(self) -> _StopOnSignal:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "– articles/s")


@click.command()
@click.argument("sources", nargs=-1)
@db_option
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed; repeatable.")
@click.option(
    "--max-feed-items",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Follow at most the first N entries of each --feed (default 1,000); the rest are dropped and "
    "reported as a D104 failure.",
)
@click.option("--workers", default=1, show_default=True, help="Reading processes (each loads spaCy).")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this machine's processes; ray: read on Ray Data, write here (pip install 'dateline[ray]').",
)
@click.option("--address", metavar="ADDR", help="Ray cluster to read on (ray://host:10001 or auto).")
@click.option("--raw", is_flag=True, help="Inputs are bodies, exactly: no cleaning.")
@click.option("--published", metavar="ISO", help="Publication time for every input (overrides theirs).")
@click.option("--model", default=None, help="An installed spaCy pipeline (default: the shipped one).")
@click.option("--actors", multiple=True, metavar="FILE", help="Your own actor file; repeatable.")
@click.option(
    "--lexicon",
    multiple=True,
    metavar="FILE",
    help="Your own event lexicon (YAML) or PETRARCH verb dictionary; repeatable.",
)
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Refuse larger inputs.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Let URLs reach private and loopback addresses (an intranet); refused by default (SSRF guard).",
)
@click.option(
    "--every",
    metavar="DURATION",
    help="Keep polling: re-fetch the --feed URLs every DURATION (15m, 1h) and ingest what is new; "
    "Ctrl-C or SIGTERM stops after the current batch.",
)
@click.option(
    "-n", "--max-polls", type=click.IntRange(min=1), default=None, help="With --every: stop after N polls."
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest(
    sources: tuple[str, ...],
    db: str | None,
    feeds: tuple[str, ...],
    max_feed_items: int | None,
    workers: int,
    engine: str,
    address: str | None,
    raw: bool,
    published: str | None,
    model: str | None,
    actors: tuple[str, ...],
    lexicon: tuple[str, ...],
    max_bytes: int,
    allow_private: bool,
    every: str | None,
    max_polls: int | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Read files, folders (.txt .html .htm .jsonl .warc .warc.gz, recursively), globs, '-', http(s)
    URLs and --feed URLs into the store. Safe to re-run: articles already stored (same canonical URL
    or body) are skipped. With --every, keeps polling the feeds (and the sources) until stopped."""
    if not sources and not feeds:
        _fail("give at least one SOURCE or --feed URL (see dateline ingest --help)")
        sys.exit(EXIT_USAGE)
    if every is not None and not feeds:
        _fail("--every polls feeds: give at least one --feed URL")
        sys.exit(EXIT_USAGE)
    if max_polls is not None and every is None:
        _fail("--max-polls only applies with --every")
        sys.exit(EXIT_USAGE)
    if max_feed_items is not None and not feeds:
        _fail("--max-feed-items caps the entries of each --feed: give at least one --feed URL")
        sys.exit(EXIT_USAGE)
    interval = parse_every(every) if every is not None else None
    from .intake import IntakeOptions
    from .intake.published import parse_published_option

    outcome: dict[str, Any] = {}

    def body() -> None:
        if workers < 1:
            _fail(f"--workers {workers}: give 1 or more")
            sys.exit(EXIT_USAGE)
        if address and engine != "ray":
            _fail("--address only applies to --engine ray")
            sys.exit(EXIT_USAGE)
        if engine == "ray":
            from .engines.raydata import require_ray

            require_ray()
        when = parse_published_option(published) if published else None
        options = IntakeOptions(raw=raw, published=when, max_bytes=max_bytes)
        say_lexicon_notes(lexicon)  # a bad file stops here, before any input is fetched or worker started
        store = _store(db, query=False)
        fetcher = None
        if allow_private:
            from .store.remote import Fetcher

            fetcher = Fetcher(max_bytes=max_bytes, allow_private=True)
        console = Console(stderr=True)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.completed} articles"),
            RateColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
            transient=False,
        ) as progress:
            task = progress.add_task("ingest", total=None, detail="")

            def update(s: Any) -> None:
                progress.update(
                    task,
                    completed=s.new + s.revised + s.duplicate + s.failed,
                    detail=_tally(s),
                )

            # Polling in this process: load spaCy once, at the first news, not at every poll.
            keep = (
                _LazyPipeline(model, actors, lexicon)
                if interval is not None and workers == 1 and engine == "local"
                else None
            )

            def poll(stop: Callable[[], bool] | None = None) -> Any:
                return store.ingest(
                    list(sources),
                    options=options,
                    pipeline=keep,
                    model=model,
                    actors=actors,
                    lexicon=lexicon,
                    progress=update,
                    feeds=list(feeds),
                    max_feed_items=max_feed_items,
                    fetcher=fetcher,
                    workers=workers,
                    engine=engine,
                    address=address,
                    stop=stop,
                )

            if interval is None:
                # SIGTERM or Ctrl-C: finish and commit the article in hand, then the summary.
                stop = threading.Event()
                with _StopOnSignal(stop):
                    summary = poll(stop.is_set)
            else:
                summary = _poll(poll, interval, max_polls, quiet)
            update(summary)
        outcome["summary"] = summary
        store.close()
        if fetcher is not None:
            fetcher.close()

    _run(body)
    summary = outcome["summary"]
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"read {summary.read} · {_tally(summary)}")
    for source, code, reason in summary.failures:
        _fail(f"[{code}] {source}: {reason}")
    if summary.failed:
        sys.exit(EXIT_SOME_FAILED if summary.read else EXIT_USAGE)


def _tally(s: Any) -> str:
    """new · revised (only when some were) · duplicate · failed, as the summary line says them."""
    revised = f" · revised {s.revised}" if s.revised else ""
    return f"new {s.new}{revised} · duplicate {s.duplicate} · failed {s.failed}"


def _poll(poll: Callable[[], Any], interval: float, max_polls: int | None, quiet: bool) -> Any:
    """`--every`: ingest, sleep, ingest again...; returns the summed summary of all polls."""
    from .store.api import IngestSummary

    total = IngestSummary()
    stop = threading.Event()
    polls = 0
    with _StopOnSignal(stop):
        while True:
            s = poll()
            polls += 1
            total.read += s.read
            total.new += s.new
            total.revised += s.revised
            total.duplicate += s.duplicate
            total.failed += s.failed
            total.failures.extend(s.failures)
            if not quiet:
                click.echo(
                    f"poll {polls}: read {s.read} · {_tally(s)}",
                    err=True,
                )
            if stop.is_set() or (max_polls is not None and polls >= max_polls):
                break
            if _sleep(stop, interval):
                break
    return total


EVENT_COLUMNS = (
    "id",
    "date",
    "type",
    "status",
    "actor_names",
    "recipient_names",
    "trigger",
    "mentions",
    "sources",
    "first_seen",
)


@click.command()
@db_option
@click.option("--actor", help="A name, or part of one (Putin), or a kb_id (person:vladimir-putin).")
@click.option("--type", "type_", metavar="PLOVER", help="PLOVER event type, e.g. CONSULT.")
@click.option("--status", type=click.Choice(["occurred", "ongoing", "planned", "hypothetical", "negated"]))
@click.option("--since", metavar="DATE", help="Events on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Events on or before.")
@click.option("--limit", type=int, default=None)
@format_option
def events(
    db: str | None,
    actor: str | None,
    type_: str | None,
    status: str | None,
    since: str | None,
    until: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """Events merged across articles, newest first, with mentions, sources and status history."""
    _run(
        lambda: emit(
            _store(db).events(actor=actor, type=type_, status=status, since=since, until=until, limit=limit),
            fmt,
            EVENT_COLUMNS,
            "events",
        )
    )


@click.command()
@db_option
@click.option("--actor", required=True, help="A name, or part of one, or a kb_id.")
@click.option("--since", metavar="DATE")
@click.option("--until", metavar="DATE")
@format_option
def timeline(db: str | None, actor: str, since: str | None, until: str | None, fmt: str) -> None:
    """An actor's events in date order."""
    _run(lambda: emit(_store(db).timeline(actor, since=since, until=until), fmt, EVENT_COLUMNS, "timeline"))


@click.command()
@db_option
@click.option("--min-articles", default=1, show_default=True, help="Only stories with this many articles.")
@click.option("--limit", type=int, default=None)
@format_option
def stories(db: str | None, min_articles: int, limit: int | None, fmt: str) -> None:
    """Articles grouped into stories, largest and latest first."""
    _run(
        lambda: emit(
            _store(db).stories(min_articles=min_articles, limit=limit),
            fmt,
            ("id", "title", "first_seen", "last_seen", "articles"),
            "stories",
        )
    )


@click.command()
@db_option
@click.option("--name", help="Part of a name, or a kb_id.")
@click.option("--type", "type_", help="PERSON, ORG, COUNTRY, PLACE, ...")
@click.option("--limit", type=int, default=None)
@format_option
def entities(db: str | None, name: str | None, type_: str | None, limit: int | None, fmt: str) -> None:
    """Entities merged across articles, with how many articles, mentions and events they are in."""
    _run(
        lambda: emit(
            _store(db).entities(name=name, type=type_, limit=limit),
            fmt,
            ("id", "name", "type", "kb_id", "country", "articles", "mentions", "events"),
            "entities",
        )
    )


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "plover"]),
    required=True,
    help="jsonl: article records; csv/parquet: a table (--table); gdelt: GDELT 2.0 events TSV; plover: JSON.",
)
@click.option("--out", "out", metavar="FILE", default="-", show_default=True, help="'-' is standard output.")
@click.option(
    "--table",
    type=click.Choice(["events", "mentions", "articles", "entities"]),
    default="events",
    show_default=True,
    help="What csv and parquet export.",
)
def export(db: str | None, fmt: str, out: str, table: str) -> None:
    """Bulk export of the store."""

    def body() -> None:
        store = _store(db)
        if fmt == "parquet" and out == "-":
            _fail("parquet is binary: give --out FILE")
            sys.exit(EXIT_USAGE)
        n = store.export(fmt, sys.stdout if out == "-" else out, table=table)
        if out != "-":
            click.echo(f"wrote {n} rows to {out}", err=True)

    _run(body)


@click.group(name="db")
def db_group() -> None:
    """The database itself: schema version and upgrades."""


@db_group.command(name="upgrade")
@db_option
def db_upgrade(db: str | None) -> None:
    """Create the schema or bring it to the latest version (safe to re-run)."""

    def body() -> None:
        store = _store(db, query=False)
        applied = store.upgrade()
        for m in applied:
            click.echo(f"applied {m.version}: {m.name}")
        click.echo(f"schema version {store.version()}")

    _run(body)


@db_group.command(name="info")
@db_option
def db_info(db: str | None) -> None:
    """Schema version and the number of rows in each table."""

    def body() -> None:
        store = _store(db)
        click.echo(
            json.dumps(
                {
                    "url": store.engine.url.render_as_string(hide_password=True),
                    "version": store.version(),
                    "counts": store.counts(),
                },
                indent=2,
            )
        )

    _run(body)


COMMANDS = (ingest, events, timeline, stories, entities, export, db_group)
