"""Copying a database to another one, exactly and idempotently: ``slacheck db copy --to``.

Either side is an SQLite file or a workspace's schema on a PostgreSQL server, in any
combination: both backends have the same tables with the same columns, and each store offers
what a copy needs (:class:`~slacheck.store.interface.TableAccess`: its tables and columns, one
read snapshot, bulk inserts, its write transaction), so one algorithm serves all four.

Every row of the tables that hold history — agreement versions and their history, interactions,
events, health-check sessions, closings, notes, votes and action items — is carried over with
its own key (interaction numbers, event sequence numbers, session ids stay what they were), so
the copy answers every question exactly as the original does.  What is derived is rebuilt, not
copied: which interactions are open (from their events, on the target); what belongs to one
database only is left out: an SQLite file's integrity-check log, a schema's ``meta``.

The target is a new database, or an earlier copy of the same one: a row already there with the
same key must be the same row, and is skipped, so copying again changes nothing and copying a
database that grew appends only what is new.  A row that differs means the target is another
database: nothing at all is written then (the whole copy is one write transaction, holding the
target's write lock — on PostgreSQL the workspace's advisory lock), and the message names the
table and the key.  A copy killed half-way leaves the target as it was.  The source is read
from one snapshot, so a copy taken while others write is the database as of one instant.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .errors import StoreError, translating
from .interface import TableAccess
from .postgres.connect import is_postgres_url, schema_name, shown
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
#: Rows read, compared and written at a time.
CHUNK = 5000


class CopyConflict(StoreError):
    """The target holds a different row under the same key: it is another database."""

    exit_code = 1


@dataclass
class CopySummary:
    """Per table: rows copied, and rows that were there already; both databases as shown."""

    source: str
    target: str
    copied: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.copied.values())


def shown_location(location: str | Path, workspace_id: str | None) -> str:
    """A database as the user is told about it: a file's path; a server's URL without its
    password, with the workspace's schema (as ``PostgresStore.location`` says it)."""
    if is_postgres_url(location):
        where = shown(str(location))
        return f"{where} (schema {schema_name(workspace_id)})" if workspace_id else where
    return str(Path(location))


def _same_place(source: str | Path, target: str | Path) -> bool:
    """Whether the two locations name one database as spelled (before opening anything)."""
    if is_postgres_url(source) or is_postgres_url(target):
        return str(source) == str(target)
    first, second = Path(source), Path(target)
    try:
        return first.exists() and second.exists() and first.samefile(second)
    except OSError:
        return False


def _chunks(store: TableAccess, table: str, key: tuple[str, ...],
            columns: list[str]) -> Iterator[list[tuple]]:
    """The rows of ``table`` in key order, ``CHUNK`` at a time (keyset pagination)."""
    names = ", ".join(columns)
    order = ", ".join(key)
    positions = [columns.index(k) for k in key]
    last: tuple | None = None
    while True:
        with translating(store):
            if last is None:
                cursor = store.conn.execute(
                    f"SELECT {names} FROM {table} ORDER BY {order} LIMIT ?", (CHUNK,))  # noqa: S608
            else:
                cursor = store.conn.execute(
                    f"SELECT {names} FROM {table} WHERE ({order}) > ({', '.join('?' * len(key))}) "  # noqa: S608
                    f"ORDER BY {order} LIMIT ?", (*last, CHUNK))
            rows = [tuple(row) for row in cursor.fetchall()]
        if not rows:
            return
        yield rows
        last = tuple(rows[-1][i] for i in positions)


def _stored(store: TableAccess, table: str, key: tuple[str, ...], columns: list[str],
            keys: Sequence[tuple]) -> dict[tuple, tuple]:
    """The rows of ``table`` in ``store`` whose key is one of ``keys`` (in key order), by key.

    Whole numbers order alike everywhere, so a range of integer keys is read as one range; text
    keys may sort differently on another backend (a server's collation), so they are asked for
    one by one.
    """
    names = ", ".join(columns)
    order = ", ".join(key)
    marks = ", ".join("?" * len(key))
    if all(type(value) is int for row in keys for value in row):
        sql = f"SELECT {names} FROM {table} WHERE ({order}) BETWEEN ({marks}) AND ({marks})"  # noqa: S608
        params: list[Any] = [*keys[0], *keys[-1]]
    elif len(key) == 1:
        sql = f"SELECT {names} FROM {table} WHERE {order} IN ({', '.join('?' * len(keys))})"  # noqa: S608
        params = [row[0] for row in keys]
    else:
        values = ", ".join(f"({marks})" for _ in keys)
        sql = f"SELECT {names} FROM {table} WHERE ({order}) IN (VALUES {values})"  # noqa: S608
        params = [value for row in keys for value in row]
    positions = [columns.index(k) for k in key]
    with translating(store):
        return {tuple(row[i] for i in positions): tuple(row)
                for row in store.conn.execute(sql, params)}


def _insert(target: TableAccess, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Write ``rows`` into ``target``; a refusal (text PostgreSQL cannot hold, a role that may
    not insert) names the table, and says that the copy as a whole did not happen."""
    try:
        with translating(target):
            target.insert_rows(table, columns, rows)
    except StoreError as exc:
        error = StoreError(f"{exc} (copying {table}; nothing was copied)")
        error.exit_code = exc.exit_code
        raise error from None


def _copy_table(source: TableAccess, target: TableAccess, table: str, key: tuple[str, ...],
                summary: CopySummary) -> None:
    with translating(source):
        columns = source.columns(table)
    with translating(target):
        missing = sorted(set(columns) - set(target.columns(table)))
    if missing:
        raise StoreError(f"{summary.target} has no column {table}.{missing[0]}, which "
                         f"{summary.source} has; upgrade slacheck and copy again")
    positions = [columns.index(k) for k in key]
    copied = present = 0
    for rows in _chunks(source, table, key, columns):
        keys = [tuple(row[i] for i in positions) for row in rows]
        there = _stored(target, table, key, columns, keys)
        new = []
        for row, row_key in zip(rows, keys):
            found = there.get(row_key)
            if found is None:
                new.append(row)
            elif found != row:
                named = ", ".join(f"{k}={v!r}" for k, v in zip(key, row_key))
                raise CopyConflict(
                    f"{summary.target} is another database: its {table} row {named} differs "
                    f"from the one in {summary.source}; nothing was copied (copy into a new "
                    "database, or into an earlier copy of the same one)")
            else:
                present += 1
        if new:
            _insert(target, table, columns, new)
            copied += len(new)
    summary.copied[table] = copied
    summary.present[table] = present


def copy_stores(source: TableAccess, target: TableAccess) -> CopySummary:
    """Copy every row of ``source`` into ``target`` (both open; ``target`` for writing) in one
    write transaction of ``target``, reading ``source`` from one snapshot."""
    summary = CopySummary(source.location, target.location)
    with translating(source), source.read_snapshot():
        have = source.tables()
        with translating(target), target.transaction():
            for table, key in TABLES:
                if table in have:
                    _copy_table(source, target, table, key, summary)
                else:  # an older database without health checks
                    summary.copied[table] = summary.present[table] = 0
            refill_open_interactions(target.conn)
    return summary


def copy_database(source: str | Path, target: str | Path, *,
                  workspace_id: str | None = None) -> CopySummary:
    """Copy every row of the database at ``source`` into the one at ``target`` (created, or
    migrated to the current schema, when needed); see the module docstring.

    Each is an SQLite file or a ``postgresql://`` URL; on a server, the data is in the schema of
    ``workspace_id`` on both sides (one workspace, moved).  Copying a database onto itself is
    refused, however it is spelled.
    """
    from . import open_store

    if _same_place(source, target):
        raise StoreError(f"{shown_location(target, workspace_id)} is the database being copied; "
                         "name another one")
    reader = cast(TableAccess, open_store(source, workspace_id=workspace_id, read_only=True))
    with closing(reader):
        with translating(reader):
            there = reader.exists()
        if not there:
            raise StoreError(f"there is no database at {reader.location} to copy")
        writer = cast(TableAccess, open_store(target, workspace_id=workspace_id, verify=True))
        with closing(writer):
            with translating(reader):
                mine = reader.identity()
            with translating(writer):
                theirs = writer.identity()
            if mine == theirs:
                raise StoreError(f"{writer.location} is the database being copied; name another one")
            return copy_stores(reader, writer)
