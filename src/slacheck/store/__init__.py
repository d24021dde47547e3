"""All SQL of slacheck lives here, behind a narrow interface (:class:`StoreBackend`).

``Store`` is the embedded SQLite backend; ``Store(path)`` opens (creating it and its folder if
needed, migrating an older schema) the database at ``path``::

    from slacheck.store import Store, database_path

    with Store(database_path(workspace)) as store:
        interaction = store.open_interaction("it-for-sales", "laptop-repair", opened_at)
        store.append_events(interaction.id, [Event("responded", opened_at + 600)])
        for history in store.iter_histories(opened_from=start, opened_to=end):
            ...

``open_store(location, workspace_id=...)`` opens either backend: a ``postgresql://`` URL opens
the shared :class:`~slacheck.store.postgres.PostgresStore` (in the schema of that workspace),
anything else is a file path for SQLite.

Health-check rows (sessions, anonymous votes, action items) go through
``HealthRepository(store)``, on either backend.  See ``docs/store.md`` for the schema and the
guarantees.
"""

from __future__ import annotations

from pathlib import Path

from .errors import StoreError
from .health import HealthRepository
from .interface import AgreementVersion, History, StoreBackend
from .paths import DEFAULT_RELATIVE, database_path
from .postgres.connect import is_postgres_url
from .sqlite import SQLiteStore

#: The default backend.
Store = SQLiteStore


def open_store(location: str | Path, *, workspace_id: str | None = None, read_only: bool = False,
               verify: bool = False, shared: bool = False) -> StoreBackend:
    """The store at ``location``: a PostgreSQL URL (the schema of ``workspace_id``) or an
    SQLite file.  ``read_only`` never writes; ``verify`` refuses a damaged SQLite file;
    ``shared`` takes a server connection from the process's pool (a process that opens the
    store again and again: the dashboard)."""
    if is_postgres_url(location):
        if not workspace_id:
            raise StoreError(
                "a shared PostgreSQL database keeps each workspace apart by its id, and this "
                "workspace has none: add a line such as id = \"kestrel\" to "
                "agreements/slacheck.toml (the same id in every copy of this workspace)"
            )
        from .postgres import PostgresStore

        return PostgresStore(str(location), workspace_id=workspace_id, read_only=read_only,
                             verify=verify, shared=shared)
    return SQLiteStore(location, read_only=read_only, verify=verify)

__all__ = [
    "DEFAULT_RELATIVE",
    "AgreementVersion",
    "HealthRepository",
    "History",
    "SQLiteStore",
    "Store",
    "StoreBackend",
    "StoreError",
    "database_path",
    "is_postgres_url",
    "open_store",
]
