"""`dateline serve`: the JSON API (OpenAPI at /docs) and the web pages, with uvicorn.

Bound to 127.0.0.1 unless --host says otherwise; read-only unless --allow-write with --token.
"""

from __future__ import annotations

import os
import sys

import click

from .cli_store import EXIT_USAGE, _fail, db_option
from .errors import DatelineError
from .web import DEFAULT_MAX_BODY


@click.command()
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one)."
)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--allow-write", is_flag=True, help="Accept POST /api/articles (ingest); needs --token.")
@click.option(
    "--token",
    metavar="T",
    default=None,
    help="Bearer token that writes must send (default: $DATELINE_TOKEN).",
)
@click.option("--max-body", default=DEFAULT_MAX_BODY, show_default=True, help="Largest POST body, in bytes.")
@click.option("--model", default=None, help="spaCy pipeline for /read (default: the shipped one).")
def serve(
    db: str | None,
    host: str,
    port: int,
    allow_write: bool,
    token: str | None,
    max_body: int,
    model: str | None,
) -> None:
    """Serve the JSON API (/api/..., OpenAPI at /docs) and the web pages (/, /events/ID, ...)."""
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from .web.app import create_app

    token = token or os.environ.get("DATELINE_TOKEN")
    try:
        app = create_app(db, allow_write=allow_write, token=token, max_body=max_body, model=model)
    except DatelineError as error:
        _fail(str(error))
        sys.exit(EXIT_USAGE)
    except SQLAlchemyError as error:
        _fail(f"database error: {getattr(error, 'orig', None) or error}")
        sys.exit(EXIT_USAGE)
    mode = "read-write (token required)" if allow_write else "read-only"
    click.echo(f"dateline: serving {app.state.web.store.url} {mode} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


COMMANDS = (serve,)
