"""An SQLite database seen as tables: :class:`SQLiteTables`, mixed into
:class:`~slacheck.store.sqlite.SQLiteStore`.

What ``slacheck db copy`` and ``slacheck db info`` ask of a database
(:class:`~slacheck.store.interface.TableAccess`): its tables and their columns, one read
snapshot, bulk inserts, whether the file exists, which file it is and its size.  Errors of
``sqlite3`` escape as they are; callers translate them (``store.errors.translating``).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any


class SQLiteTables:
    """The tables of the SQLite file at ``self.path``, through ``self.conn``."""

    path: Path
    conn: sqlite3.Connection

    def exists(self) -> bool:
        """Whether the file is there with something in it (a reader of a missing file reads an
        empty database held in memory)."""
        try:
            return self.path.stat().st_size > 0
        except OSError:
            return False

    def identity(self) -> tuple[Any, ...]:
        """The file itself (device and inode), so that two spellings of one path are equal."""
        try:
            found = self.path.stat()
        except OSError:
            return ("sqlite", str(self.path.absolute()))
        return ("sqlite", found.st_dev, found.st_ino)

    def tables(self) -> set[str]:
        return {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}

    def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]

    @contextlib.contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """One read transaction (WAL: it sees the file as of its first read, and never blocks
        a writer); ends with a rollback, as nothing is written in it."""
        conn = self.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            marks = ", ".join("?" * len(columns))
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)  # noqa: S608

    def size_bytes(self) -> int | None:
        """The file and its write-ahead log, in bytes; ``None`` for a missing file."""
        if not self.exists():
            return None
        try:
            return sum(part.stat().st_size
                       for part in (self.path, self.path.with_name(self.path.name + "-wal"))
                       if part.exists())
        except OSError:
            return None
