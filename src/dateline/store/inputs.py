"""What `dateline ingest SOURCE...` reads: files, folders (recursively), globs, `-` for stdin, and
http(s) URLs (passed through; remote.py fetches them)."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError

INGEST_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz")
_GLOB_CHARS = ("*", "?", "[")


def expand_sources(sources: Iterable[str]) -> Iterator[str | InputError]:
    """Each source as file paths in a stable order (folders walked, globs expanded); an InputError for a
    source that names nothing."""
    for source in sources:
        if source == "-" or source.lower().startswith(("http://", "https://")):
            yield source
            continue
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INGEST_SUFFIXES)
            if not found:
                yield InputError(source, f"the folder holds no {'/'.join(INGEST_SUFFIXES)} files")
            yield from (str(p) for p in found)
        elif path.exists():
            yield source
        elif any(c in source for c in _GLOB_CHARS):
            matches = sorted(m for m in glob.glob(source, recursive=True) if Path(m).is_file())
            if not matches:
                yield InputError(source, "no file matches this pattern")
            yield from matches
        else:
            yield InputError(source, "no such file or folder; check the path")
