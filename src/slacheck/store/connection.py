"""Opening a database file: for writing (pragmas, migrations, an integrity check) or read-only.

:func:`connect` returns a ``sqlite3`` connection in autocommit mode (``isolation_level=None``):
every write transaction is opened explicitly with ``BEGIN IMMEDIATE`` by the store, so that a
writer waits for the lock up front (honouring the busy timeout) instead of failing with
"database is locked" when it upgrades a read transaction.

:func:`connect_read_only` never writes a byte of the database: it opens the file with
``mode=ro``, so it works on a file without write permission and on a full disk; on a read-only
mount, where SQLite cannot create the WAL index, it opens the file as ``immutable``.  A missing
file reads as an empty database and is not created.

A writer opened with ``verify=True`` first runs ``PRAGMA quick_check`` when it is due
(:func:`verify_if_due`) and refuses a damaged file, so that nothing is written into one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from . import schema
from .errors import StoreError

#: How long a statement waits for another process's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 15_000
#: Files up to this size are checked each time a writer opens them (about 70 ms at the most);
#: larger ones on the first write of the day and after an unclean close.
ALWAYS_CHECK_BYTES = 32 * 1024 * 1024


def connect(path: str | Path, *, verify: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` for writing and bring its schema up
    to date; with ``verify``, refuse a damaged file (:func:`verify_if_due`).

    Raises :class:`StoreError` for a file that is not a slacheck database, a corrupted one, one
    written by a newer slacheck, or a path that cannot be opened.  A new database is built
    beside its place and moved there only once it is whole (:func:`_create`), so a full disk
    or a crash never leaves an empty or half-made file behind.
    """
    path = Path(path)
    existed = path.exists()
    unclean = _unclean(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of the database {path}: {exc.strerror}") from None
    if not existed:
        _create(path)
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
        if verify and existed:
            verify_if_due(conn, path, unclean=unclean)
    except BaseException:
        conn.close()
        raise
    return conn


def _create(path: Path) -> None:
    """Make a new database at ``path``: schema and WAL mode in a temporary file in the same
    folder, then linked into place.  When two processes create it at once, the first link wins
    and the other one's file is discarded; on any failure only the temporary file goes."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.new")
    try:
        try:
            conn = sqlite3.connect(str(temporary), timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None)
        except sqlite3.Error as exc:
            raise unreadable(path, exc) from None
        try:
            _configure(conn, path)
            migrate(conn, path)
        finally:
            conn.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:
            if not path.exists():  # a file system without hard links
                os.replace(temporary, path)
    except OSError as exc:
        raise StoreError(f"cannot create the database {path}: {exc.strerror or exc}") from None
    finally:
        for leftover in _family(temporary):
            try:
                leftover.unlink()
            except OSError:
                pass


def _family(path: Path) -> tuple[Path, ...]:
    """The database file and the journal files SQLite keeps beside it."""
    return (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")))


def connect_read_only(path: str | Path) -> sqlite3.Connection:
    """Open the database at ``path`` without ever writing to it (or creating it).

    A missing or empty file is read as an empty database (in memory).  The schema must be one
    this slacheck reads as it is (:data:`schema.OLDEST_READABLE` up to the latest).
    """
    path = Path(path)
    try:
        empty = not path.exists() or path.stat().st_size == 0
    except OSError as exc:
        raise StoreError(f"cannot open the database {path}: {exc.strerror}") from None
    if empty:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(conn, path)
        return conn
    uri = "file:" + quote(str(path.absolute()))
    index, log = (path.with_name(path.name + suffix) for suffix in ("-shm", "-wal"))
    # A live WAL index is at least 32 KiB: then some connection has the file open.
    shared = _size(index) >= 32 * 1024
    there_before = {index: index.exists(), log: log.exists()}
    try:
        return _open_read_only(uri + "?mode=ro", path)
    except sqlite3.OperationalError as exc:
        text = str(exc)
        cannot_create = "unable to open" in text or "readonly" in text
        full = "disk I/O error" in text and not shared
        if not (cannot_create or full):
            raise unreadable(path, exc) from None
        for leftover, existed in there_before.items():  # what the failed attempt began
            if not existed and _size(leftover) < 32 * 1024:
                try:
                    leftover.unlink()
                except OSError:
                    pass
    # SQLite could not create the WAL index beside the file: the folder is read-only (a backup
    # on a read-only mount) or the disk is full.  Without a WAL index no other connection has
    # the file open, and none can write it there, so it is safe to read it as immutable.
    try:
        return _open_read_only(uri + "?mode=ro&immutable=1", path)
    except sqlite3.DatabaseError as exc:
        raise unreadable(path, exc) from None


def _open_read_only(uri: str, path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA cache_size = -32768")
        conn.execute("PRAGMA temp_store = MEMORY")
        version, application = _header(conn)
        _check_header(conn, path, version, application, schema.latest_version())
        if version < schema.OLDEST_READABLE:
            raise StoreError(
                f"the database {path} has schema version {version}, written by an older "
                "slacheck; open it once with a command that writes (for example "
                "'slacheck escalations --record') to upgrade it, then read it again"
            )
    except sqlite3.OperationalError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise unreadable(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _unclean(path: Path) -> bool:
    """Whether a journal is left beside the file: the last writer may have died mid-write (or
    another one is at work right now)."""
    try:
        wal = path.with_name(path.name + "-wal")
        return ((wal.exists() and wal.stat().st_size > 0)
                or path.with_name(path.name + "-journal").exists())
    except OSError:
        return True


def damaged(path: Path | str, detail: str) -> StoreError:
    """The error for a file that failed its integrity check: what happened and how to recover."""
    return StoreError(
        f"{path} is damaged ({detail}); slacheck will not write into it. To recover, restore a "
        f"backup, or save what is readable with 'sqlite3 {path} .recover | sqlite3 recovered.db' "
        "and use that file (--db recovered.db)"
    )


def verify_if_due(conn: sqlite3.Connection, path: Path, *, unclean: bool,
                  now: float | None = None) -> bool:
    """Run :func:`verify` when it is due; returns whether it ran.

    Due for a small file (:data:`ALWAYS_CHECK_BYTES`) every time, and for a larger one after an
    unclean close or when no writer checked it yet today (UTC); the check of a large file is
    logged in ``integrity_checks``.
    """
    now = time.time() if now is None else now
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    small = size <= ALWAYS_CHECK_BYTES
    if not (small or unclean):
        midnight = int(now) - int(now) % 86400
        try:
            checked = conn.execute(
                "SELECT 1 FROM integrity_checks WHERE at >= ? AND result = 'ok' LIMIT 1",
                (midnight,),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise damaged(path, str(exc)) from None
        if checked:
            return False
    verify(conn, path)
    if not small:
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO integrity_checks (at, result) VALUES (?, 'ok')", (int(now),))
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise unreadable(path, exc) from None
    return True


def verify(conn: sqlite3.Connection, path: Path | str) -> None:
    """``PRAGMA quick_check``; a damaged file raises :func:`damaged`."""
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None
    problems = [row[0] for row in rows if row[0] != "ok"]
    if problems:
        raise damaged(path, "; ".join(problems))


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
    """The error for a database that SQLite cannot read (or write)."""
    text = str(exc)
    if "readonly" in text or ("unable to open" in text and not _writable(Path(path))):
        return StoreError(
            f"cannot write to the database {path}: the file or its folder is read-only here; "
            "commands that only read (report, escalations, show, tui --read-only) still work"
        )
    if "full" in text or ("disk I/O error" in text and _disk_full(Path(path))):
        return StoreError(f"cannot write to the database {path}: the disk is full; nothing was "
                          "stored. Free some space and run the command again")
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


def _writable(path: Path) -> bool:
    folder = path.parent if path.parent.exists() else Path(".")
    return os.access(path if path.exists() else folder, os.W_OK) and os.access(folder, os.W_OK)


def _disk_full(path: Path) -> bool:
    try:
        folder = path.parent if path.parent.exists() else Path(".")
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


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
    if version < 0:
        raise StoreError(
            f"the database {path} has schema version {version}, which no slacheck writes: another "
            "program changed it. slacheck will not touch it; restore a backup, or save what is "
            f"readable with 'sqlite3 {path} .recover | sqlite3 recovered.db'"
        )
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
