"""What a database holds, counted: ``slacheck db info``.

:func:`summarize` reads one store of either backend without writing to it and returns a
:class:`StoreSummary`: the backend and where it lives (a file; a server's URL without its
password and the workspace's schema), the schema version and the latest this slacheck writes on
that backend, how many interactions (and how many of them open), events, agreement versions and
health-check rows it holds, the space it takes and how its integrity is checked — by slacheck
for a file (before every write for a small file; daily, and logged, for a large one), by the
server for PostgreSQL.  Tables a database does not have yet (no health check was ever run)
count as empty; so does a database not created yet.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .connection import ALWAYS_CHECK_BYTES
from .errors import translating
from .interface import TableAccess

#: What is counted, as (name, table): every table a copy of the database must carry over.
COUNTED = (
    ("interactions", "interactions"),
    ("open_interactions", "open_interactions"),
    ("events", "events"),
    ("agreement_versions", "agreement_versions"),
    ("health_sessions", "health_sessions"),
    ("health_votes", "health_votes"),
    ("health_notes", "health_notes"),
    ("health_actions", "health_actions"),
)
#: ``integrity_check``: slacheck checks a small file before every write, a large one daily
#: (and logs it); a PostgreSQL server checks its own pages (WAL, optional data checksums).
EVERY_WRITE, DAILY, SERVER = "every-write", "daily", "server"


@dataclass(frozen=True)
class StoreSummary:
    """One database, counted."""

    backend: str
    location: str
    exists: bool
    schema_version: int
    latest_schema_version: int
    counts: dict[str, int]
    size_bytes: int | None
    last_integrity_check: int | None  # UTC seconds of the last logged passed check, if any
    #: Whether every write checks the file first (a small file), so no check is logged.
    checked_on_every_write: bool = True
    #: Who checks integrity, and when: :data:`EVERY_WRITE`, :data:`DAILY` or :data:`SERVER`.
    integrity_check: str = EVERY_WRITE
    #: On PostgreSQL: the workspace's schema, and whether the server keeps data checksums.
    workspace_schema: str | None = None
    data_checksums: bool | None = None

    def to_json(self) -> dict:
        return {
            "schema": "slacheck.db-info/1",
            "backend": self.backend,
            "location": self.location,
            "exists": self.exists,
            "schema_version": self.schema_version,
            "latest_schema_version": self.latest_schema_version,
            "counts": dict(self.counts),
            "size_bytes": self.size_bytes,
            "last_integrity_check": self.last_integrity_check,
            "checked_on_every_write": self.checked_on_every_write,
            "integrity_check": self.integrity_check,
            "workspace_schema": self.workspace_schema,
            "data_checksums": self.data_checksums,
        }


def _counts(store: TableAccess) -> dict[str, int]:
    tables = store.tables()
    return {name: (store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                   if table in tables else 0)
            for name, table in COUNTED}


def _sqlite_integrity(store: TableAccess, exists: bool) -> dict:
    """A file's integrity checks: before every write up to 32 MiB, else daily and logged."""
    checked = None
    if "integrity_checks" in store.tables():
        checked = store.conn.execute(
            "SELECT max(at) FROM integrity_checks WHERE result = 'ok'").fetchone()[0]
    file_size = Path(store.location).stat().st_size if exists else 0  # the file, not its WAL
    small = file_size <= ALWAYS_CHECK_BYTES
    return {"last_integrity_check": checked, "checked_on_every_write": small,
            "integrity_check": EVERY_WRITE if small else DAILY}


def _server_integrity(store: TableAccess) -> dict:
    """A server checks its own pages: slacheck logs no check and makes none."""
    checksums = store.conn.execute("SHOW data_checksums").fetchone()[0]
    return {"last_integrity_check": None, "checked_on_every_write": False,
            "integrity_check": SERVER, "data_checksums": checksums == "on"}


def summarize(location: str | Path, *, workspace_id: str | None = None) -> StoreSummary:
    """The summary of the database at ``location`` (an SQLite file, or a ``postgresql://`` URL
    and the schema of ``workspace_id``), opened read-only: a database not created yet reads as
    empty and is not created."""
    from . import open_store
    from .postgres.connect import schema_name, shown
    from .postgres.schema import latest_version as latest_on_server
    from .schema import latest_version as latest_in_file

    store = cast(TableAccess, open_store(location, workspace_id=workspace_id, read_only=True))
    with closing(store), translating(store):
        exists = store.exists()
        server = store.backend == "postgresql"
        if server:
            where = shown(str(location))
            integrity = {**_server_integrity(store),
                         "workspace_schema": schema_name(workspace_id or "")}
        else:
            where = str(Path(location))
            integrity = _sqlite_integrity(store, exists)
        return StoreSummary(
            backend=store.backend,
            location=where,
            exists=exists,
            schema_version=store.schema_version,
            latest_schema_version=latest_on_server() if server else latest_in_file(),
            counts=_counts(store),
            size_bytes=store.size_bytes(),
            **integrity,
        )
