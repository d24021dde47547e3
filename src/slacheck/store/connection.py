"""Opening a database file: pragmas, sanity checks, migrations.

:func:`connect` returns a ``sqlite3`` connection in autocommit mode (``isolation_level=None``):
every write transaction is opened explicitly with ``BEGIN IMMEDIATE`` by the store, so that a
writer waits for the lock up front (honouring the busy timeout) instead of failing with
"database is locked" when it upgrades a read transaction.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from . import schema
from .errors import StoreError

#: How long a statement waits for another process's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 15_000


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Raises :class:`StoreError` for a file that is not a slacheck database, a corrupted one, one
    written by a newer slacheck, or a path that cannot be opened.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of the database {path}: {exc.strerror}") from None
    try:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from None
    try:
        _configure(conn, path)
        migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header: garbage fails here
        _retry_while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32768")  # 32 MiB
        conn.execute("PRAGMA temp_store = MEMORY")
    except sqlite3.DatabaseError as exc:
        raise unreadable(path, exc) from None


def _retry_while_locked(action, deadline_s: float = BUSY_TIMEOUT_MS / 1000):
    """Run ``action``, retrying while another connection holds a lock it needs.

    Switching to WAL needs a moment of exclusive access and does not always go through the busy
    handler; several processes opening a fresh database at once would otherwise collide.
    """
    give_up = time.monotonic() + deadline_s
    delay = 0.005
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > give_up:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def unreadable(path: Path | str, exc: sqlite3.Error) -> StoreError:
    """The error for a database that SQLite cannot read."""
    text = str(exc)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(
            f"{path} is not a slacheck database or is damaged ({text}); "
            "point --db / SLACHECK_DB at another file or restore a backup"
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"the database {path} stayed locked by another process for "
            f"{BUSY_TIMEOUT_MS // 1000} s; try again"
        )
    return StoreError(f"cannot use the database {path}: {text}")


def _header(conn: sqlite3.Connection) -> tuple[int, int]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    application = conn.execute("PRAGMA application_id").fetchone()[0]
    return version, application


def migrate(conn: sqlite3.Connection, path: Path | str) -> int:
    """Bring the schema to :func:`schema.latest_version`; return the version found before."""
    latest = schema.latest_version()
    try:
        version, application = _header(conn)
        _check_header(conn, path, version, application, latest)
        if version == latest:
            return version
        conn.execute("BEGIN IMMEDIATE")
        try:
            version, application = _header(conn)  # another process may have migrated meanwhile
            _check_header(conn, path, version, application, latest)
            for step in schema.MIGRATIONS[version:]:
                step(conn)
            conn.execute(f"PRAGMA user_version = {latest}")
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as exc:
        raise unreadable(path, exc) from None
    return version


def _check_header(
    conn: sqlite3.Connection, path: Path | str, version: int, application: int, latest: int
) -> None:
    if application not in (0, schema.APPLICATION_ID):
        raise StoreError(f"{path} is an SQLite database of another application, not slacheck's")
    if version > latest:
        raise StoreError(
            f"the database {path} has schema version {version}, newer than this slacheck "
            f"understands ({latest}); upgrade slacheck to use it"
        )
    if version == 0 and application == 0:
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if tables:
            raise StoreError(f"{path} is an SQLite database of another application, not slacheck's")
