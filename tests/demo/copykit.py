"""Helpers of the ``db copy`` tests: the rows of a database of either backend, a report on it,
fresh databases of either kind, and a server URL with a password in it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing
from pathlib import Path

import pytest
from clihelpers import run
from support import pgserver

from slacheck.store import open_store
from slacheck.store.copy import TABLES

#: The id in the example workspace's slacheck.toml: its schema on a server.
WORKSPACE_ID = "kestrel-aviation"
SCHEMA = "slacheck_kestrel_aviation"
#: Every table a copy writes, and the one it rebuilds.
ALL = [table for table, _ in TABLES] + ["open_interactions"]
#: The source and target backends of a copy, every way round.
KINDS = ("sqlite", "postgresql")
DIRECTIONS = list(itertools.product(KINDS, KINDS))


def rows(location: str | Path) -> dict[str, list[tuple]]:
    """Every row of every copied table of the database at ``location`` (a file or a URL),
    columns by name, read-only; a database not created yet has none."""
    store = open_store(location, workspace_id=WORKSPACE_ID, read_only=True)
    with closing(store):
        found = {}
        for table in ALL:
            columns = ", ".join(sorted(store.columns(table)))
            found[table] = sorted((tuple(row) for row in store.conn.execute(
                f"SELECT {columns} FROM {table}")), key=repr)  # noqa: S608
        return found


def report(root: Path, db: str | Path, as_of: str) -> str:
    """``slacheck report --format json`` of the workspace at ``root`` on the database ``db``."""
    result = run(root, "--db", str(db), "report", "--as-of", as_of, "-f", "json")
    assert result.exit_code == 0, result.output
    return result.stdout


def fresh_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """A factory of new, empty databases: ``make("sqlite")`` a file path not created yet,
    ``make("postgresql")`` the URL of a new database on the test server (dropped afterwards;
    skips the test without a server)."""
    counter = itertools.count(1)
    with ExitStack() as stack:
        def make(kind: str) -> str:
            if kind == "sqlite":
                return str(tmp_path / f"db{next(counter)}" / "slacheck.db")
            server = request.getfixturevalue("postgres_server")
            return stack.enter_context(pgserver.scratch_database(server))

        yield make


def with_password(url: str) -> str:
    """``url`` with a password in it (the test server trusts its local users and ignores it;
    one that checks passwords skips the test)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    if params.get("password"):
        return url
    dbname = params.get("dbname") or ""
    secret = pgserver.with_dbname(make_conninfo(url, password="s3cret-pw"), dbname)
    try:
        psycopg.connect(secret).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"the test server checks passwords: {exc}")
    return secret
