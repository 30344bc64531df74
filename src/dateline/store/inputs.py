"""What `dateline ingest SOURCE...` reads: files, folders (recursively), globs, `-` for stdin, and
http(s) URLs (passed through; remote.py fetches them)."""

from __future__ import annotations

import glob
import gzip
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, MalformedInput

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
            for found_path in found:
                yield from _checked(str(found_path))
        elif path.exists():
            yield from _checked(source)
        elif any(c in source for c in _GLOB_CHARS):
            matches = sorted(m for m in glob.glob(source, recursive=True) if Path(m).is_file())
            if not matches:
                yield InputError(source, "no file matches this pattern")
            for match in matches:
                yield from _checked(match)
        else:
            yield InputError(source, "no such file or folder; check the path")


def _checked(path: str) -> Iterator[str | InputError]:
    """The path, then, for a web archive cut short, the failure that says so (after its records before
    the cut have been read)."""
    yield path
    if path.lower().endswith((".warc", ".warc.gz")) and (cut := archive_cut(Path(path))):
        yield MalformedInput(path, cut)


def archive_cut(path: Path) -> str | None:
    """Why a web archive is cut short (a download or copy that stopped), or None when it is whole. The
    records before the cut are read as usual; this says that the rest is lost. Streamed: the archive
    is never held in memory. An archive that cannot be parsed at all is reported by the reader."""
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.open(path, "rb") as stream:
                while stream.read(1 << 20):
                    pass
        except gzip.BadGzipFile:  # not gzip at all (or garbage after the end): the reader decides
            return None
        except (EOFError, zlib.error) as exc:
            return (
                f"the archive is cut short or damaged ({exc}); "
                "the records before the cut were read, the rest is lost"
            )
    elif ends_inside_headers(path):
        return (
            "the archive is cut short inside the headers of its last record; "
            "the records before it were read, the rest is lost"
        )
    from warcio.archiveiterator import ArchiveIterator

    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                while record.raw_stream.read(1 << 16):
                    pass
                if missing := getattr(record.raw_stream, "limit", 0):
                    return (
                        f"the archive is cut short in record {number} ({missing:,} bytes missing); "
                        "the records before it were read, the rest is lost"
                    )
    except Exception:  # noqa: BLE001 - not parseable at all: read_warc reports it
        return None
    return None


TAIL = 64 * 1024  # WARC header blocks are a few hundred bytes


def ends_inside_headers(path: Path) -> bool:
    """Whether a plain (not gzipped) WARC file ends inside a record's header block: its last `WARC/`
    version line is followed by no blank line. A whole record always ends with one (CRLF CRLF), so a
    whole archive never matches. Reads the last 64 KB only."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        stream.seek(max(0, size - TAIL))
        tail = b"\n" + stream.read() if size <= TAIL else stream.read()
    start = tail.rfind(b"\nWARC/")
    if start < 0:
        return False
    headers = tail[start + 1 :]
    return b"\r\n\r\n" not in headers and b"\n\n" not in headers
