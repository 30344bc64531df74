"""Faults around a real `dateline ingest` (a subprocess, spaCy and all): a locked SQLite database,
SIGTERM in the middle of a batch, a full disk. Each ends in a clear message or a clean stop, an
intact database, and a re-run that ends where an uninterrupted run does. See docs/reliability.md."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.store import Store

DATELINE = str(Path(sys.executable).parent / "dateline")

SENTENCES = (
    "Officials in Paris said on Monday that talks number {i} between France and Germany on trade will "
    "resume next week, according to a statement released by the ministry. ",
    "The German chancellor met the French president in Berlin on {d} March to discuss energy prices. ",
    "A spokesman said the two governments had agreed to spend {i} million euros on new rail links. ",
)


def write_articles(folder: Path, n: int, sentences: int = 3, start: int = 0) -> Path:
    """n distinct small news stories as .txt files."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        body = "".join(SENTENCES[k % 3].format(i=i, d=1 + i % 28) for k in range(sentences))
        (folder / f"story-{i:03d}.txt").write_text(f"Story {i}: {body}\n", encoding="utf-8")
    return folder


def ingest(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DATELINE, "ingest", *args, "--quiet"],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def articles(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def counts(db: Path) -> dict[str, int]:
    with Store(str(db)) as store:
        return store.counts()


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def hold_write_lock(db: Path, seconds: float, locked: threading.Event) -> None:
    """Another writer: BEGIN IMMEDIATE on the file, held for `seconds`, then rolled back."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
    finally:
        conn.close()


# -- a locked database --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("faults") / "src", 5)


def locked_ingest(db: Path, src: Path, hold: float, timeout_ms: int) -> subprocess.CompletedProcess[str]:
    assert ingest(str(src / "story-000.txt"), "--db", str(db)).returncode == 0  # schema and one article
    locked = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db, hold, locked))
    holder.start()
    try:
        assert locked.wait(5)
        return ingest(str(src), "--db", str(db), env={"DATELINE_BUSY_TIMEOUT_MS": str(timeout_ms)})
    finally:
        holder.join()


def test_locked_database_waits_for_the_lock(tmp_path: Path, sources: Path) -> None:
    """A write lock held 1.5 s, busy timeout 10 s: the ingest waits for it and succeeds."""
    db = tmp_path / "d.db"
    result = locked_ingest(db, sources, hold=1.5, timeout_ms=10_000)
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert "new 4" in result.stdout and "duplicate 1" in result.stdout
    assert articles(db) == 5 and integrity(db) == "ok"


def test_locked_database_past_the_timeout_fails_clearly(tmp_path: Path, sources: Path) -> None:
    """A write lock held 4 s, busy timeout 0.3 s: a typed error (D610) that says what to do, exit 2,
    nothing partial; once the lock is gone a re-run stores everything."""
    db = tmp_path / "d.db"
    result = locked_ingest(db, sources, hold=4, timeout_ms=300)
    assert result.returncode == 2, (result.stdout, result.stderr)
    no_traceback(result)
    assert "[D610]" in result.stderr and "locked" in result.stderr
    assert "DATELINE_BUSY_TIMEOUT_MS" in result.stderr
    assert articles(db) == 1 and integrity(db) == "ok"
    again = ingest(str(sources), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert articles(db) == 5


def test_busy_timeout_must_be_a_number(tmp_path: Path, sources: Path) -> None:
    result = ingest(str(sources), "--db", str(tmp_path / "d.db"), env={"DATELINE_BUSY_TIMEOUT_MS": "soon"})
    assert result.returncode == 2
    no_traceback(result)
    assert "DATELINE_BUSY_TIMEOUT_MS" in result.stderr


# -- SIGTERM ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thirty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """30 stories of 20 sentences, and the counts an uninterrupted ingest of them ends with."""
    base = tmp_path_factory.mktemp("thirty")
    src = write_articles(base / "src", 30, sentences=20)
    assert ingest(str(src), "--db", str(base / "whole.db")).returncode == 0
    return src, counts(base / "whole.db")


def test_sigterm_finishes_the_article_in_hand(tmp_path: Path, thirty: tuple[Path, dict[str, int]]) -> None:
    """SIGTERM once the first articles are stored: the article in hand is committed, the summary is
    printed, exit 0; the database is intact and a re-run ends with the counts of an uninterrupted run."""
    src, whole = thirty
    db = tmp_path / "stopped.db"
    proc = subprocess.Popen(
        [DATELINE, "ingest", str(src), "--db", str(db), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if db.exists() and articles(db) >= 2:
                break
        except sqlite3.OperationalError:  # the schema is not there yet
            pass
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, (proc.returncode, err)
    assert "Traceback" not in err
    assert "stopping after the current" in err
    stored = articles(db)
    assert 2 <= stored < 30
    assert f"new {stored}" in out  # the summary counts what was committed
    assert integrity(db) == "ok"
    again = ingest(str(src), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert f"new {30 - stored}" in again.stdout and f"duplicate {stored}" in again.stdout
    assert counts(db) == whole


# -- disk full ----------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB tmpfs; skipped where mounting is not permitted."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount(8) here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_disk_full_fails_clearly_and_resumes(small_disk: Path, thirty: tuple[Path, dict[str, int]]) -> None:
    """The database on an 8 MB tmpfs, nearly filled by another file: the ingest stops with D611
    "disk full" and what to do, exit 2, the database intact; after deleting the filler a re-run
    completes, with the counts of an uninterrupted run."""
    src, whole = thirty
    db = small_disk / "d.db"
    assert ingest(str(src / "story-000.txt"), "--db", str(db)).returncode == 0
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    with filler.open("wb") as f:
        f.write(b"\0" * max(0, free - 96 * 1024))
    full = ingest(str(src), "--db", str(db))
    assert full.returncode == 2, (full.stdout, full.stderr)
    no_traceback(full)
    assert "[D611]" in full.stderr and "disk full" in full.stderr and "Free space" in full.stderr
    assert integrity(db) == "ok"
    stored = articles(db)
    assert 1 <= stored < 30
    filler.unlink()
    again = ingest(str(src), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert integrity(db) == "ok"
    assert counts(db) == whole


# -- PostgreSQL restarted mid-batch -------------------------------------------------------------

PG_PORT = 5439


def as_postgres(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def pg_cluster() -> Iterator[tuple[str, Path]]:
    """A throwaway PostgreSQL cluster (trust auth, 127.0.0.1); skipped without initdb or a postgres user."""
    if not (shutil.which("initdb") and shutil.which("pg_ctl") and shutil.which("runuser")):
        pytest.skip("initdb/pg_ctl/runuser not available")
    if os.geteuid() != 0 or as_postgres("true").returncode != 0:
        pytest.skip("cannot run as the postgres user here")
    base = Path(tempfile.mkdtemp(prefix="dateline-pg-"))  # pytest's tmp dirs are root-only
    shutil.chown(base, "postgres")
    data = base / "data"
    try:
        init = as_postgres("initdb", "-A", "trust", "-U", "postgres", "-D", str(data))
        if init.returncode != 0:
            pytest.skip(f"initdb failed: {init.stderr.strip()[:200]}")
        started = pg_ctl(data, "start")
        if started.returncode != 0:
            pytest.skip(f"PostgreSQL did not start: {started.stderr.strip()[:200]}")
        yield f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres", data
    finally:
        if (data / "postmaster.pid").exists():
            as_postgres("pg_ctl", "-D", str(data), "-w", "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


def pg_ctl(data: Path, action: str) -> subprocess.CompletedProcess[str]:
    options = f"-c listen_addresses=127.0.0.1 -p {PG_PORT} -k {data.parent}"
    return as_postgres(
        "pg_ctl", "-D", str(data), "-w", "-m", "fast", "-l", str(data.parent / "log"), "-o", options, action
    )


@pytest.mark.slow
def test_postgresql_restarted_mid_batch(
    pg_cluster: tuple[str, Path], thirty: tuple[Path, dict[str, int]]
) -> None:
    """PostgreSQL restarted (pg_ctl restart -m fast) once a few articles are stored: the ingest
    reconnects with backoff and retries the article in hand; exit 0, every article once, the
    counts of an uninterrupted run."""
    import psycopg

    url, data = pg_cluster
    src, whole = thirty

    def stored() -> int:
        try:
            with psycopg.connect(url, connect_timeout=2) as conn:
                row = conn.execute("SELECT count(*) FROM articles").fetchone()
                return int(row[0]) if row else 0
        except psycopg.Error:
            return 0

    proc = subprocess.Popen(
        [DATELINE, "ingest", str(src), "--db", url, "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and stored() < 2:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest ended before the restart"
    assert pg_ctl(data, "restart").returncode == 0
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles").fetchone()
    assert row == (30, 30)
    assert counts_of(url) == whole


def counts_of(url: str) -> dict[str, int]:
    with Store(url) as store:
        return store.counts()
