"""The store's Python API. Each method mirrors one `dateline` command (cli_store.py), one to one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import DataError, IntegrityError

from ..errors import DatelineError, InputError, StoreWriteFailure, UsageError
from ..model import Article, Document
from . import migrations, queries
from .engine import make_engine, resolve_url, sqlite_path, writer
from .identity import content_hash
from .writer import NEW, is_duplicate, prepare, record_failure, store_article

if TYPE_CHECKING:
    from ..intake import IntakeOptions
    from ..pipeline import Pipeline
    from .remote import Fetcher

DEFAULT_WINDOW = timedelta(days=7)


@dataclass
class IngestSummary:
    read: int = 0  # articles intake produced
    new: int = 0
    revised: int = 0  # a new version of a stored article (or an older one, kept in its history)
    duplicate: int = 0
    failed: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (source, code, reason)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "revised": self.revised,
            "duplicate": self.duplicate,
            "failed": self.failed,
            "failures": [{"source": s, "code": c, "reason": r} for s, c, r in self.failures],
        }


Item = Document | dict[str, Any] | DatelineError  # errors: ReadFailure, InputError, ...


class Store:
    """A Dateline store: SQLite (default ./dateline.db) or PostgreSQL (`postgresql://...`)."""

    def __init__(self, db: str | None = None, window: timedelta = DEFAULT_WINDOW) -> None:
        self.url = resolve_url(db)
        self.engine = make_engine(db)
        self.writer = writer(self.engine)
        self.window = window

    # -- schema ---------------------------------------------------------------------------------

    def upgrade(self) -> list[migrations.Migration]:
        """`dateline db upgrade`: bring the schema to the latest version; return what was applied."""
        return migrations.upgrade(self.writer)

    def version(self) -> int:
        with self.engine.connect() as conn:
            return migrations.current_version(conn)

    def require_current(self) -> None:
        """Refuse to query a database that is missing or older than this Dateline."""
        path = sqlite_path(self.url)
        if path is not None and not path.exists():
            raise UsageError(f"no database at {path}; run `dateline ingest SOURCE...` first or pass --db")
        found = self.version()
        if found < migrations.LATEST:
            raise UsageError(
                f"the database is at schema version {found}, this Dateline needs {migrations.LATEST}; "
                "run `dateline db upgrade`"
            )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ---------------------------------------------------------------------------------

    def is_stored(self, article: Article) -> bool:
        """Whether the store already has this article as it is: its body is stored, as an article
        or as an earlier version of the article at its URL (a new body at a stored URL is a revision)."""
        with self.engine.connect() as conn:
            return is_duplicate(conn, article.url, content_hash(article.text))

    def _fail(self, summary: IngestSummary, error: DatelineError) -> None:
        source = getattr(error, "source", None) or "<input>"
        reason = getattr(error, "reason", None) or error.message
        summary.failed += 1
        summary.failures.append((source, error.code, reason))
        record_failure(self.writer, source, reason, error.code)

    def _add(self, summary: IngestSummary, item: Item, counted: bool = False) -> None:
        if isinstance(item, DatelineError):
            self._fail(summary, item)
            return
        if isinstance(item, Document):
            from ..record import to_record

            record, source = to_record(item), item.article.source
        else:  # a record; a "source" key says where it was read from and is not part of it
            record = {k: v for k, v in item.items() if k != "source"}
            source = item.get("source")
        if not counted:
            summary.read += 1
        try:
            stored = store_article(self.writer, prepare(record, source), self.window)
        except (IntegrityError, DataError, ValueError, TypeError, KeyError) as exc:
            # A record that breaks the schema: its transaction rolled back, the batch goes on.
            self._fail(summary, StoreWriteFailure(source or record.get("id") or "<article>", exc))
            return
        if stored is None:
            summary.duplicate += 1
        elif stored.outcome == NEW:
            summary.new += 1
        else:
            summary.revised += 1

    def ingest_documents(
        self,
        items: Iterable[Item],
        corpus: bool = True,
        progress: Callable[[IngestSummary], None] | None = None,
    ) -> IngestSummary:
        """Store read documents (or article records as dicts); failures go to the failures table.
        Each article is written in one transaction. Then the corpus stage runs (`corpus=False`: not)."""
        self.upgrade()
        summary = IngestSummary()
        for item in items:
            self._add(summary, item)
            if progress:
                progress(summary)
        if corpus:
            self.corpus()
        return summary

    def ingest(
        self,
        sources: Sequence[str],
        options: IntakeOptions | None = None,
        pipeline: Pipeline | None = None,
        model: str | None = None,
        actors: Sequence[str | Path] = (),
        lexicon: Sequence[str | Path] = (),
        progress: Callable[[IngestSummary], None] | None = None,
        chunk: int = 32,
        feeds: Sequence[str] = (),
        max_feed_items: int | None = None,
        fetcher: Fetcher | None = None,
        workers: int = 1,
        engine: str = "local",
        address: str | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> IngestSummary:
        """`dateline ingest`: read files, folders, globs, .jsonl, .warc, URLs and feeds into the store.
        Articles already stored (in this version) are skipped before reading, so spaCy only loads when
        there is news; a new version of a stored article is a revision (docs/store.md).
        `workers` > 1 reads in that many processes (each loads spaCy); the result is the same.
        `engine="ray"` reads on Ray Data (`address`: a cluster) and writes here, through this one writer.
        `stop`: asked after each stored article; True ends the ingest there (SIGTERM), a re-run resumes.
        `max_feed_items`: entries followed per feed (default 1,000); the rest are dropped and reported
        (D104)."""
        from ..intake import IntakeOptions, read_source
        from .inputs import expand_sources
        from .remote import MAX_FEED_ITEMS, Fetcher, is_url, is_warc, read_feed, read_url, read_warc

        self.upgrade()
        options = options or IntakeOptions()
        summary = IngestSummary()
        web: list[Fetcher] = [fetcher] if fetcher else []

        def client() -> Fetcher:
            if not web:
                web.append(Fetcher(max_bytes=options.max_bytes))
            return web[0]

        def items() -> Iterator[Article | InputError]:
            for path in expand_sources(sources):
                if isinstance(path, InputError):
                    yield path
                elif is_url(path):
                    yield from read_url(path, options, client())
                elif is_warc(path):
                    yield from read_warc(path, options)
                else:
                    yield from read_source(path, options)
            for feed in feeds:
                yield from read_feed(feed, options, client(), max_items=max_feed_items or MAX_FEED_ITEMS)

        def chunks() -> Iterator[list[Article]]:
            """New articles in chunks; failures and articles already stored are counted on the way."""
            pending: list[Article] = []
            for item in items():
                if isinstance(item, InputError):
                    self._fail(summary, item)
                else:
                    summary.read += 1
                    if self.is_stored(item):
                        summary.duplicate += 1
                    else:
                        pending.append(item)
                        if len(pending) >= chunk:
                            yield pending
                            pending = []
                if progress:
                    progress(summary)
            if pending:
                yield pending

        def results() -> Iterator[Item]:
            from ..nlp import DEFAULT_MODEL

            if engine != "local" and pipeline is None:
                from ..engines import read as read_with_engine

                new = (article for batch in chunks() for article in batch)
                yield from read_with_engine(
                    new, workers, engine, model or DEFAULT_MODEL, actors, address=address, lexicon=lexicon
                )
                return
            if workers > 1 and pipeline is None:
                from .parallel import read_parallel

                yield from read_parallel(chunks(), workers, model or DEFAULT_MODEL, actors, lexicon)
                return
            reader = pipeline
            for batch in chunks():
                if reader is None:  # loaded only once there is something new to read
                    from ..pipeline import Pipeline

                    reader = Pipeline(model=model or DEFAULT_MODEL, actors=actors, lexicon=lexicon)
                yield from reader.read_many(batch)

        try:
            for result in results():
                self._add(summary, result, counted=True)
                if progress:
                    progress(summary)
                if stop is not None and stop():
                    break
        finally:
            if web and fetcher is None:
                web[0].close()
        self.corpus()
        return summary

    def corpus(self, force: bool = False) -> bool:
        """The corpus stage: near-duplicates and stories, recomputed when articles were added since
        the last run (or `force`). Event merging happens as each article is written. True if it ran."""
        from .corpus import run_corpus

        return run_corpus(self.engine, self.window, force=force, writer=self.writer)

    # -- queries --------------------------------------------------------------------------------

    def events(
        self,
        actor: str | None = None,
        type: str | None = None,
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """`dateline events`: merged events, newest first, with mentions, sources and status history."""
        with self.engine.connect() as conn:
            return queries.events(
                conn, actor=actor, type=type, status=status, since=since, until=until, limit=limit
            )

    def timeline(
        self, actor: str, since: str | None = None, until: str | None = None
    ) -> list[dict[str, Any]]:
        """`dateline timeline --actor X`: X's events in date order."""
        with self.engine.connect() as conn:
            return queries.timeline(conn, actor=actor, since=since, until=until)

    def stories(self, min_articles: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
        """`dateline stories`: articles grouped into stories, largest and latest first."""
        with self.engine.connect() as conn:
            return queries.stories(conn, min_articles=min_articles, limit=limit)

    def entities(
        self, name: str | None = None, type: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """`dateline entities`: entities merged across articles, with counts, most mentioned first."""
        with self.engine.connect() as conn:
            return queries.entities(conn, name=name, type=type, limit=limit)

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and bodies (FTS5 on SQLite, tsvector on PostgreSQL)."""
        with self.engine.connect() as conn:
            return queries.search(conn, text, limit=limit)

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return queries.failures(conn)

    def counts(self) -> dict[str, int]:
        """Rows per table: what tests and `dateline db` compare across engines and runs."""
        with self.engine.connect() as conn:
            return queries.counts(conn)

    # -- export ---------------------------------------------------------------------------------

    def export(self, fmt: str, out: IO[str] | str | Path, table: str = "events") -> int:
        """`dateline export`: jsonl (article records), csv/parquet (events, or `table`), gdelt, plover.
        Returns the number of rows written."""
        from .export import export

        return export(self, fmt, out, table=table)

    def connect(self) -> sa.Connection:
        return self.engine.connect()
