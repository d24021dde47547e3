"""What a database holds, counted: ``slacheck db info``.

:func:`summarize` reads one store without writing to it and returns a :class:`StoreSummary`:
the backend and where it lives, the schema version, how many interactions (and how many of them
open), events, agreement versions and health-check rows it holds, the file's size and how its integrity is
checked (before every write for a small file; daily, and logged, for a large one).  Tables a database does not have yet (no health check was ever
run) count as empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .connection import ALWAYS_CHECK_BYTES
from .schema import latest_version
from .sqlite import SQLiteStore, _translated

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
        }


def _size(path: Path) -> int | None:
    try:
        return sum(part.stat().st_size for part in (path, path.with_name(path.name + "-wal"))
                   if part.exists())
    except OSError:
        return None


@_translated
def _counted(store: SQLiteStore) -> tuple[dict[str, int], int | None]:
    conn = store.conn
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    counts = {name: (conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                     if table in tables else 0)
              for name, table in COUNTED}
    checked = None
    if "integrity_checks" in tables:
        checked = conn.execute("SELECT max(at) FROM integrity_checks WHERE result = 'ok'").fetchone()[0]
    return counts, checked


def summarize(path: str | Path) -> StoreSummary:
    """The summary of the SQLite database at ``path``, opened read-only (a missing file is an
    empty database that does not exist yet)."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    with SQLiteStore(path, read_only=True) as store:
        counts, checked = _counted(store)
        version = store.schema_version
    file_size = path.stat().st_size if exists else 0
    return StoreSummary(
        backend="sqlite", location=str(path), exists=exists, schema_version=version,
        latest_schema_version=latest_version(), counts=counts,
        size_bytes=_size(path) if exists else None, last_integrity_check=checked,
        checked_on_every_write=file_size <= ALWAYS_CHECK_BYTES,
    )
