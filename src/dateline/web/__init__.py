"""The web app: a JSON API under /api/ and server-rendered pages (`dateline serve`).

`from dateline.web.app import create_app`. This package's root imports nothing, so the CLI starts
without loading FastAPI."""

DEFAULT_MAX_BODY = 2_000_000  # bytes a POST may carry (/api/read, /read, /api/articles)
