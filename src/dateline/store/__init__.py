"""The store: articles and their layers in SQLite (default) or PostgreSQL, one schema, one API.

from dateline.store import Store
store = Store("dateline.db")            # or "postgresql://user@host/db"
store.ingest(["articles/"])             # idempotent; failures go to the failures table
store.events(actor="Putin", status="planned")
"""

from .api import IngestSummary, Store
from .identity import canonical_url, content_hash

__all__ = ["IngestSummary", "Store", "canonical_url", "content_hash"]
