"""What the backend-neutral store tests need to look below the store on either backend.

The fixtures (``backend``, ``database``, ``open_test_store``) are in ``tests/conftest.py``; these
helpers do the few things a test does beside the store's interface: run raw SQL as another tool
would, mark a database as written by a newer slacheck, and take a picture of everything a
database holds, to show that something left it untouched.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

#: The backends a test using the ``backend`` fixture runs on, each in turn.
BACKENDS = ("sqlite", "postgresql")
#: The workspace id of the stores ``open_test_store`` opens (on PostgreSQL it names the schema).
TEST_WORKSPACE_ID = "test-ws"
#: Keeps a test to the SQLite backend (it looks at the file, PRAGMAs, WAL ...).
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


def integrity_error(store: Any) -> type[Exception]:
    """The driver's exception for a refused write (a trigger, a constraint) on ``store``."""
    if store.backend == "postgresql":
        import psycopg

        return psycopg.IntegrityError
    return sqlite3.IntegrityError


def execute(store: Any, statement: str, params: tuple = ()) -> list[tuple]:
    """Run ``statement`` (``?`` placeholders) straight on the store's connection, outside the
    store's methods, as a tool beside slacheck would; its rows."""
    cursor = store.conn.execute(statement, params)
    return cursor.fetchall() if cursor.description else []


def mark_newer(backend: str, database: Path | str, schema: str, version: int) -> None:
    """Record schema ``version`` in ``database`` as a newer slacheck would have written it."""
    if backend == "sqlite":
        conn = sqlite3.connect(database)
        try:
            conn.execute(f"PRAGMA user_version = {int(version)}")
        finally:
            conn.close()
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(str(database), autocommit=True) as conn:
        conn.execute(sql.SQL("UPDATE {}.meta SET value = %s WHERE key = 'schema_version'").format(
            sql.Identifier(schema)), (str(version),))


def picture(backend: str, database: Path | str, schema: str) -> object:
    """What ``database`` holds, comparable with ``==``: the file's bytes on SQLite; on
    PostgreSQL whether ``schema`` exists, and every table, column, trigger and row of it and of
    ``public`` (where anything created without a schema would land)."""
    if backend == "sqlite":
        path = Path(database)
        return path.read_bytes() if path.exists() else None
    import psycopg
    from psycopg import sql

    schemas = [schema, "public"]
    with psycopg.connect(str(database), autocommit=True) as conn:
        exists = conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s",
                              (schema,)).fetchone()[0]
        catalog = conn.execute(
            "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = ANY(%s) ORDER BY 1, 2, 3", (schemas,)
        ).fetchall()
        triggers = conn.execute(
            "SELECT event_object_schema, event_object_table, trigger_name, event_manipulation "
            "FROM information_schema.triggers WHERE event_object_schema = ANY(%s) ORDER BY 1, 2, 3, 4",
            (schemas,)
        ).fetchall()
        rows = {}
        for table_schema, table in sorted({(s, t) for s, t, _, _ in catalog}):
            rows[table_schema, table] = sorted(
                conn.execute(sql.SQL("SELECT * FROM {}.{}").format(
                    sql.Identifier(table_schema), sql.Identifier(table))).fetchall(),
                key=repr,
            )
    return exists, catalog, triggers, rows


def table_names(store: Any) -> set[str]:
    """The tables of the store's database (on PostgreSQL: of its workspace's schema)."""
    if store.backend == "postgresql":
        return {name for (name,) in store.raw.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (store.schema,))}
    return set(store.db.table_names())


def column_names(store: Any, table: str) -> set[str]:
    """The columns of ``table`` in the store's database."""
    if store.backend == "postgresql":
        return {name for (name,) in store.raw.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = %s", (store.schema, table))}
    return {row[1] for row in store.conn.execute(f"PRAGMA table_info({table})")}


def schema_module(backend: str) -> Any:
    """The module holding the migrations of ``backend`` (``MIGRATIONS``, ``latest_version``)."""
    if backend == "postgresql":
        from slacheck.store.postgres import schema
    else:
        from slacheck.store import schema
    return schema


def set_workspace_id(workspace: Path, workspace_id: str | None) -> None:
    """Write ``id = "<workspace_id>"`` into the workspace's ``agreements/slacheck.toml`` in place
    of the id it has (``None``: remove it)."""
    settings = Path(workspace) / "agreements" / "slacheck.toml"
    text = settings.read_text(encoding="utf-8") if settings.exists() else ""
    line = "" if workspace_id is None else f'id = "{workspace_id}"\n'
    text, found = re.subn(r'(?m)^id\s*=.*\n', line, text)
    settings.write_text(text if found else line + text, encoding="utf-8")
