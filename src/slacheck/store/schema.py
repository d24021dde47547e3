"""The SQLite schema and its migrations, numbered by ``PRAGMA user_version``.

Each migration moves the database from version ``n - 1`` to ``n`` inside one ``BEGIN
IMMEDIATE`` transaction, so a crash leaves either the old or the new schema, and two processes
opening a fresh file at once migrate it once.  ``PRAGMA application_id`` marks the file as a
slacheck database so that somebody else's SQLite file is refused instead of being "migrated".

Design notes (see ``docs/store.md``):

* every instant is an INTEGER of UTC POSIX seconds;
* event kinds are small integers (``KIND_CODES``), fixed forever once released; the
  ``event_kinds`` table names them for people reading the database with other tools;
* ``events`` is clustered on ``(interaction, seq)`` (``WITHOUT ROWID``) so that one interaction's
  history is one contiguous B-tree range and the streaming read never sorts;
* triggers make ``interactions``, ``events`` and ``agreement_versions`` append-only;
* ``open_interactions`` (version 3) is a derived index of the interactions not resolved now,
  kept by the store in the same transaction as the events;
* ``integrity_checks`` (version 4) logs the writers' integrity checks of a large file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from ..domain.events import (
    ACKNOWLEDGED,
    COMMENTED,
    ESCALATED,
    OPENED,
    PAUSED,
    RATED,
    REOPENED,
    REPRIORITIZED,
    RESOLVED,
    RESPONDED,
    RESUMED,
)
from .health import migrate_health

#: ``PRAGMA application_id`` of a slacheck database ("SLAC").
APPLICATION_ID = 0x534C4143

#: Stored code of every event kind.  Never renumber: codes are on disk.
KIND_CODES: dict[str, int] = {
    OPENED: 1,
    RESPONDED: 2,
    PAUSED: 3,
    RESUMED: 4,
    RESOLVED: 5,
    REOPENED: 6,
    REPRIORITIZED: 7,
    RATED: 8,
    COMMENTED: 9,
    ESCALATED: 10,
    ACKNOWLEDGED: 11,
}

#: Code -> kind name (the interned constants of :mod:`slacheck.domain.events`); index 0 unused.
KIND_NAMES: tuple[str, ...] = ("",) + tuple(
    name for name, _ in sorted(KIND_CODES.items(), key=lambda item: item[1])
)

_V1 = [
    """
    CREATE TABLE event_kinds (
        code INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    )
    """,
    """
    CREATE TABLE agreement_versions (
        hash TEXT PRIMARY KEY,
        content TEXT NOT NULL,
        first_seen INTEGER NOT NULL
    )
    """,
    # Content-addressed above; below, one row each time the version in force of an agreement
    # changes (a revert to an earlier content is a new row pointing at the old hash).
    """
    CREATE TABLE agreement_history (
        id INTEGER PRIMARY KEY,
        agreement TEXT NOT NULL,
        since INTEGER NOT NULL,
        hash TEXT NOT NULL REFERENCES agreement_versions(hash)
    )
    """,
    "CREATE INDEX agreement_history_by_since ON agreement_history(agreement, since)",
    """
    CREATE TABLE interactions (
        id INTEGER PRIMARY KEY,
        ref TEXT UNIQUE,
        agreement TEXT NOT NULL,
        service TEXT NOT NULL,
        priority TEXT NOT NULL DEFAULT '',
        requester TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        opened_at INTEGER NOT NULL,
        version TEXT REFERENCES agreement_versions(hash)
    )
    """,
    "CREATE INDEX interactions_by_opened ON interactions(opened_at)",
    "CREATE INDEX interactions_by_agreement ON interactions(agreement, opened_at)",
    """
    CREATE TABLE events (
        interaction INTEGER NOT NULL REFERENCES interactions(id),
        seq INTEGER NOT NULL,
        kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 11),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        payload TEXT,
        PRIMARY KEY (interaction, seq)
    ) WITHOUT ROWID
    """,
    # Resolutions and reopenings only (dropped by version 3, which keeps open_interactions).
    "CREATE INDEX events_closing ON events(interaction, seq) WHERE kind IN (5, 6)",
    """
    CREATE VIEW event_log AS
        SELECT e.interaction, e.seq, k.name AS kind,
               datetime(e.at, 'unixepoch') AS at_utc, e.at, e.actor, e.payload
        FROM events e JOIN event_kinds k ON k.code = e.kind
    """,
]

_APPEND_ONLY = ("interactions", "events", "agreement_versions", "agreement_history")


def _migrate_1(conn: sqlite3.Connection) -> None:
    """The first schema: interactions, append-only events, agreement versions."""
    for statement in _V1:
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO event_kinds (code, name) VALUES (?, ?)",
        [(code, name) for name, code in KIND_CODES.items()],
    )
    for table in _APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
            )


_RESOLVED, _REOPENED = KIND_CODES[RESOLVED], KIND_CODES[REOPENED]


def _migrate_open_interactions(conn: sqlite3.Connection) -> None:
    """``open_interactions``: the ids of the interactions not resolved now.

    A derived index, not history: the store adds an interaction when it writes its ``opened``
    or ``reopened`` event and drops it when it writes a ``resolved`` one, in the same
    transaction, so "open escalations" read the few open interactions instead of asking every
    interaction for its last resolution.  Filled from the events when the migration runs.
    """
    conn.execute(
        "CREATE TABLE open_interactions (interaction INTEGER PRIMARY KEY REFERENCES interactions(id))"
    )
    refill_open_interactions(conn)
    conn.execute("DROP INDEX events_closing")  # it served that question; no longer asked


def refill_open_interactions(conn: sqlite3.Connection | Any) -> None:
    """Rebuild ``open_interactions`` from the events: every interaction whose last resolution
    or reopening is not a resolution (after a migration, or a copy of the history).

    ``conn`` is an ``sqlite3`` connection or any store's ``conn`` (the SQL is the same on
    PostgreSQL)."""
    conn.execute("DELETE FROM open_interactions")
    conn.execute(
        "INSERT INTO open_interactions (interaction) SELECT i.id FROM interactions i "
        "WHERE coalesce((SELECT c.kind FROM events c WHERE c.interaction = i.id "
        f"AND c.kind IN ({_RESOLVED}, {_REOPENED}) ORDER BY c.seq DESC LIMIT 1), 0) != {_RESOLVED}"
    )


def _migrate_integrity_checks(conn: sqlite3.Connection) -> None:
    """``integrity_checks``: when a writer last found the file sound (``PRAGMA quick_check``).

    One row per check that a writer made on a large file, so that the next writer of the same
    day need not read the whole file again (``docs/store.md``, "A damaged file").
    """
    conn.execute(
        "CREATE TABLE integrity_checks (at INTEGER NOT NULL, result TEXT NOT NULL)"
    )


#: Migration ``i`` (0-based) brings the database to schema version ``i + 1``.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1, migrate_health, _migrate_open_interactions, _migrate_integrity_checks,
]

#: The oldest schema a read-only opener can read as it is (it cannot migrate): version 3 added
#: ``open_interactions``, which every reader uses; version 4 only adds what writers need.
OLDEST_READABLE = 3


def latest_version() -> int:
    """The schema version this slacheck writes."""
    return len(MIGRATIONS)
