"""A workspace's schema seen as tables: :class:`PostgresTables`, mixed into
:class:`~slacheck.store.postgres.PostgresStore`.

What ``slacheck db copy`` and ``slacheck db info`` ask of a database
(:class:`~slacheck.store.interface.TableAccess`): the tables and their columns, one read
snapshot, bulk inserts with ``COPY``, whether the schema exists, which database it is and its
size.  A read-only store of a workspace whose schema does not exist yet reads temporary empty
tables (``schema.create_empty``): the tables here are then those.  psycopg's errors escape as
they are; callers translate them (``store.errors.translating``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

#: The namespace of the tables this store reads: the one of its ``meta`` table, found through
#: the search path (the workspace's schema, or the temporary tables standing in for it).
_NAMESPACE = "(SELECT relnamespace FROM pg_class WHERE oid = to_regclass('meta'))"


class PostgresTables:
    """The tables of the schema ``self.schema``, through the connection ``self.raw``."""

    raw: Any
    schema: str

    def exists(self) -> bool:
        """Whether the workspace's schema has been created (a read-only store of a workspace
        without one reads empty temporary tables instead)."""
        row = self.raw.execute("SELECT to_regclass(quote_ident(%s) || '.meta')",
                               (self.schema,)).fetchone()
        return row[0] is not None

    def identity(self) -> tuple[Any, ...]:
        """The server (by the instant it started), the database and the schema: equal for two
        URLs that reach the same data by different hosts, sockets or spellings."""
        started, database = self.raw.execute(
            "SELECT pg_postmaster_start_time(), current_database()").fetchone()
        return ("postgresql", started, database, self.schema)

    def tables(self) -> set[str]:
        return {row[0] for row in self.raw.execute(
            f"SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = {_NAMESPACE}")}

    def columns(self, table: str) -> list[str]:
        return [row[0] for row in self.raw.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
            "AND NOT attisdropped ORDER BY attnum", (table,))]

    @contextlib.contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """A ``REPEATABLE READ READ ONLY`` transaction: one snapshot, never waiting for a
        writer and never asked to retry."""
        with self._snapshot():  # type: ignore[attr-defined]
            yield

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """``COPY`` the rows in (one round trip for the lot, inside the caller's transaction)."""
        if not rows:
            return
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
        with self.raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def size_bytes(self) -> int | None:
        """The schema's tables with their indexes and TOAST (``pg_total_relation_size``), in
        bytes; ``None`` when the schema does not exist."""
        if not self.exists():
            return None
        row = self.raw.execute(
            "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
            "AND c.relkind IN ('r', 'p', 'm')", (self.schema,)).fetchone()
        return None if row is None or row[0] is None else int(row[0])
