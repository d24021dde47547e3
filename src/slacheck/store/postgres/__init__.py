"""The PostgreSQL backend: one organisation's shared log on a database server.

``PostgresStore(url, workspace_id=...)`` implements :class:`~slacheck.store.StoreBackend` with
the semantics of the embedded SQLite store; see ``docs/store.md``.  psycopg is imported only
when a ``postgresql://`` URL is opened.
"""

from __future__ import annotations

from .connect import is_postgres_url, schema_name, shown
from .store import PostgresStore

__all__ = ["PostgresStore", "is_postgres_url", "schema_name", "shown"]
