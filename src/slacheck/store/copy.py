"""Copying a database to another one, exactly and idempotently: ``slacheck db copy --to``.

Every row of the tables that hold history — agreement versions and their history, interactions,
events, health-check sessions, closings, notes, votes and action items — is carried over with
its own key (interaction numbers, event sequence numbers, session ids stay what they were), so
the copy answers every question exactly as the original does.  What is derived is rebuilt, not
copied: which interactions are open (from their events); what belongs to one file only is left
out: its integrity-check log.

The target is a new database, or an earlier copy of the same one: a row already there with the
same key must be the same row, and is skipped, so copying again changes nothing and copying a
database that grew appends only what is new.  A row that differs means the target is another
database: nothing at all is written then (the whole copy is one transaction), and the message
names the table and the key.  A copy killed half-way leaves the target as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .connection import connect, connect_read_only
from .errors import StoreError
from .schema import refill_open_interactions

#: The tables copied, parents before children, with their primary keys.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("agreement_versions", ("hash",)),
    ("agreement_history", ("id",)),
    ("interactions", ("id",)),
    ("events", ("interaction", "seq")),
    ("health_sessions", ("id",)),
    ("health_closings", ("session",)),
    ("health_notes", ("id",)),
    ("health_votes", ("id",)),
    ("health_actions", ("id",)),
    ("health_actions_done", ("action",)),
)
#: Rows read and compared at a time.
CHUNK = 5000


class CopyConflict(StoreError):
    """The target holds a different row under the same key: it is another database."""

    exit_code = 1


@dataclass
class CopySummary:
    """Per table: rows copied, and rows that were there already."""

    source: str
    target: str
    copied: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.copied.values())


def _chunks(conn: sqlite3.Connection, table: str, key: tuple[str, ...],
            columns: list[str]) -> Iterator[list[tuple]]:
    """The rows of ``table`` in key order, ``CHUNK`` at a time (keyset pagination)."""
    names = ", ".join(columns)
    order = ", ".join(key)
    last: tuple | None = None
    while True:
        if last is None:
            rows = conn.execute(f"SELECT {names} FROM {table} ORDER BY {order} LIMIT ?",  # noqa: S608
                                (CHUNK,)).fetchall()
        else:
            rows = conn.execute(
                f"SELECT {names} FROM {table} WHERE ({order}) > ({', '.join('?' * len(key))}) "  # noqa: S608
                f"ORDER BY {order} LIMIT ?", (*last, CHUNK)).fetchall()
        if not rows:
            return
        yield rows
        positions = [columns.index(k) for k in key]
        last = tuple(rows[-1][i] for i in positions)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _copy_table(source: sqlite3.Connection, target: sqlite3.Connection, table: str,
                key: tuple[str, ...], summary: CopySummary) -> None:
    columns = _columns(source, table)
    positions = [columns.index(k) for k in key]
    names = ", ".join(columns)
    order = ", ".join(key)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    copied = present = 0
    for rows in _chunks(source, table, key, columns):
        low = tuple(rows[0][i] for i in positions)
        high = tuple(rows[-1][i] for i in positions)
        marks = ", ".join("?" * len(key))
        there = {
            tuple(row[i] for i in positions): row
            for row in target.execute(
                f"SELECT {names} FROM {table} WHERE ({order}) BETWEEN ({marks}) AND ({marks})",  # noqa: S608
                (*low, *high))
        }
        new = []
        for row in rows:
            found = there.get(tuple(row[i] for i in positions))
            if found is None:
                new.append(row)
            elif tuple(found) != tuple(row):
                shown = ", ".join(f"{k}={row[i]!r}" for k, i in zip(key, positions))
                raise CopyConflict(
                    f"{summary.target} is another database: its {table} row {shown} differs "
                    f"from the one in {summary.source}; nothing was copied (copy into a new "
                    "file, or into an earlier copy of the same database)")
            else:
                present += 1
        if new:
            target.executemany(insert, new)
            copied += len(new)
    summary.copied[table] = copied
    summary.present[table] = present


def copy_database(source: str | Path, target: str | Path) -> CopySummary:
    """Copy every row of the database at ``source`` into the one at ``target`` (created, or
    migrated to the current schema, when needed); see the module docstring."""
    source, target = Path(source), Path(target)
    if source.exists() and target.exists() and source.resolve() == target.resolve():
        raise StoreError(f"{target} is the database being copied; name another file")
    if not source.exists() or source.stat().st_size == 0:
        raise StoreError(f"there is no database at {source} to copy")
    summary = CopySummary(str(source), str(target))
    reader = connect_read_only(source)
    try:
        writer = connect(target, verify=True)
        try:
            # One read transaction: every table is read from the same snapshot, even while
            # another process writes to the source.
            reader.execute("BEGIN")
            have = _tables(reader)
            writer.execute("BEGIN IMMEDIATE")
            try:
                for table, key in TABLES:
                    if table in have:
                        _copy_table(reader, writer, table, key, summary)
                    else:  # an older database without health checks
                        summary.copied[table] = summary.present[table] = 0
                refill_open_interactions(writer)
                writer.execute("COMMIT")
            except BaseException:
                writer.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot copy into {target}: {exc}") from None
        finally:
            writer.close()
    finally:
        if reader.in_transaction:
            reader.execute("ROLLBACK")
        reader.close()
    return summary
