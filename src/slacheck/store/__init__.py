"""All SQL of slacheck lives here, behind a narrow interface (:class:`StoreBackend`).

``Store`` is the embedded SQLite backend; ``Store(path)`` opens (creating it and its folder if
needed, migrating an older schema) the database at ``path``::

    from slacheck.store import Store, database_path

    with Store(database_path(workspace)) as store:
        interaction = store.open_interaction("it-for-sales", "laptop-repair", opened_at)
        store.append_events(interaction.id, [Event("responded", opened_at + 600)])
        for history in store.iter_histories(opened_from=start, opened_to=end):
            ...

Health-check rows (sessions, anonymous votes, action items) go through
``HealthRepository(store)``.  See ``docs/store.md`` for the schema and the guarantees.
"""

from __future__ import annotations

from .errors import StoreError
from .health import HealthRepository
from .interface import AgreementVersion, History, StoreBackend
from .paths import DEFAULT_RELATIVE, database_path
from .sqlite import SQLiteStore

#: The default backend.
Store = SQLiteStore

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
]
