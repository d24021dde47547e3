"""Reaching a PostgreSQL server: URLs, connections, the workspace's schema name, and errors.

A database is named by a libpq URL (``postgresql://user@host/dbname``, ``postgres://...``, with
``?host=/run/postgresql`` for a Unix socket).  Everything libpq reads works as in ``psql``:
``PGPASSWORD``, ``~/.pgpass``, ``PGSERVICE`` and the other ``PG*`` variables.  psycopg is an
optional dependency (``pip install 'slacheck[postgres]'``); it is imported only here, and only
when a URL is used.

Each workspace keeps its data in a PostgreSQL schema of its own, ``slacheck_<id>`` (the ``id`` of
its ``slacheck.toml``), so several workspaces share one database without seeing each other's
rows (``docs/decisions.md``).
"""

from __future__ import annotations

import atexit
import re
import threading
from typing import TYPE_CHECKING, Any

from ..errors import StoreError

if TYPE_CHECKING:
    import psycopg

#: URL schemes that name a PostgreSQL database.
SCHEMES = ("postgresql://", "postgres://")
#: The first key of the advisory locks slacheck takes ("SL"); the second is the schema's hash.
LOCK_CLASS = 0x534C


def is_postgres_url(location: object) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a file."""
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def schema_name(workspace_id: str) -> str:
    """The PostgreSQL schema of a workspace: ``slacheck_`` and its id, ``-`` written ``_``."""
    return "slacheck_" + workspace_id.replace("-", "_")


def shown(url: str) -> str:
    """``url`` as printed to a user: without a password, should one be in it."""
    return re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", url)


def driver() -> Any:
    """The ``psycopg`` module, or a clear error when the extra is not installed."""
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            "a postgresql:// database needs the PostgreSQL driver: "
            "pip install 'slacheck[postgres]' (psycopg 3)"
        ) from None
    return psycopg


#: Seconds to wait for a server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 5
_SETTINGS = {"autocommit": True, "application_name": "slacheck",
             "connect_timeout": CONNECT_TIMEOUT_S}


def connect(url: str) -> psycopg.Connection:
    """A new connection in autocommit mode (the store opens its transactions itself)."""
    psycopg = driver()
    try:
        return psycopg.connect(url, **_SETTINGS)
    except psycopg.Error as exc:
        raise unreachable(url, exc) from None


_pools: dict[str, Any] = {}
_pools_lock = threading.Lock()


def _reset(conn: psycopg.Connection) -> None:
    """A connection going back to the pool forgets what its last store set."""
    conn.execute("RESET ALL")
    conn.execute("UNLISTEN *")


def borrow(url: str) -> psycopg.Connection:
    """A connection from this process's pool for ``url`` (``psycopg_pool``): for a process
    that opens a store many times, like the dashboard evaluating every few seconds.  Give it
    back with :func:`give_back`."""
    psycopg = driver()
    try:
        from psycopg_pool import ConnectionPool, PoolTimeout
    except ImportError:
        return connect(url)  # the pool is an optimisation: plain connections work the same
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            # check: a connection the server dropped (a restart) is replaced, not handed out
            pool = ConnectionPool(url, kwargs=dict(_SETTINGS), min_size=1, max_size=4,
                                  reset=_reset, check=ConnectionPool.check_connection, open=True, name="slacheck",
                                  timeout=CONNECT_TIMEOUT_S, reconnect_timeout=60)
            _pools[url] = pool
    try:
        return pool.getconn()
    except (PoolTimeout, psycopg.Error) as exc:
        raise unreachable(url, exc) from None


def give_back(url: str, conn: psycopg.Connection) -> None:
    """Return a connection of :func:`borrow` (a broken one is discarded by the pool)."""
    pool = _pools.get(url)
    if pool is None:
        conn.close()
    else:
        pool.putconn(conn)


@atexit.register
def _close_pools() -> None:
    with _pools_lock:
        for pool in _pools.values():
            try:
                pool.close(timeout=1)
            except Exception:  # noqa: BLE001 - leaving the process anyway
                pass
        _pools.clear()


def unreachable(url: str, exc: BaseException) -> StoreError:
    """The error for a server that cannot be reached (or refused the connection)."""
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return StoreError(f"cannot reach the database {shown(url)}: {detail}")


def store_error(url: str, exc: BaseException) -> StoreError | None:
    """The user's error for a psycopg error raised while using ``url``; ``None`` for others."""
    psycopg = driver()
    if not isinstance(exc, psycopg.Error):
        return None
    errors = psycopg.errors
    detail = " ".join((getattr(exc.diag, "message_primary", None) or str(exc)).split())
    where = shown(url)
    if isinstance(exc, (errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction)):
        error = StoreError(
            f"the database {where} refused to store this ({detail}): this role may only read "
            "here; nothing was stored. Reading commands (report, escalations, show, tui "
            "--read-only) work; ask the database's owner for a writer role to change anything"
        )
        error.exit_code = 1
        return error
    if isinstance(exc, psycopg.DataError) and "NUL (0x00)" in detail:
        # psycopg refuses it before anything is sent: PostgreSQL's text cannot hold U+0000.
        return StoreError(
            "text holding a NUL character (\\x00) cannot be stored in a PostgreSQL database; "
            "nothing of this write was stored"
        )
    if isinstance(exc, psycopg.IntegrityError):
        return StoreError(f"refused by the database {where}: {detail}")
    if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
        return StoreError(
            f"lost the connection to the database {where} ({detail}); the transaction in "
            "progress was not stored. Run the command again once the server is back"
        )
    return StoreError(f"cannot use the database {where}: {detail}")
