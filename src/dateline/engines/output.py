"""Writing article records to a file: JSON Lines, or Parquet (one row per article, the whole record
as JSON in `record`, with a few columns beside it to filter on without parsing)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

PARQUET_COLUMNS = ("id", "url", "title", "published", "language")


def is_parquet(path: str | Path) -> bool:
    return str(path).lower().endswith((".parquet", ".pq"))


def record_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


class RecordWriter:
    """Writes records one by one; Parquet is written in row groups of `group` records."""

    def __init__(self, path: str | Path, group: int = 1000) -> None:
        self.path = Path(path)
        self.parquet = is_parquet(path)
        self.group = group
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self.text: IO[str] | None = None
        self.table_writer: Any = None
        if not self.parquet:
            self.text = self.path.open("w", encoding="utf-8")

    def write(self, record: dict[str, Any], source: str | None = None) -> None:
        self.count += 1
        if self.text is not None:
            self.text.write(record_line(record))
            return
        row = {k: record.get(k) for k in PARQUET_COLUMNS}
        row.update(source=source, record=json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        self.rows.append(row)
        if len(self.rows) >= self.group:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.rows:
            return
        schema = pa.schema([(k, pa.string()) for k in (*PARQUET_COLUMNS, "source", "record")])
        table = pa.Table.from_pylist(self.rows, schema=schema)
        if self.table_writer is None:
            self.table_writer = pq.ParquetWriter(str(self.path), schema)
        self.table_writer.write_table(table)
        self.rows = []

    def close(self) -> None:
        if self.text is not None:
            self.text.close()
        else:
            self._flush()
            if self.table_writer is None:  # no records: still an empty, readable file
                import pyarrow as pa
                import pyarrow.parquet as pq

                schema = pa.schema([(k, pa.string()) for k in (*PARQUET_COLUMNS, "source", "record")])
                pq.write_table(schema.empty_table(), str(self.path))
            else:
                self.table_writer.close()


def write_records(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    writer = RecordWriter(path)
    try:
        for record in records:
            writer.write(record)
    finally:
        writer.close()
    return writer.count
