"""The PostgreSQL schema of one workspace, its version and its migrations.

The tables mirror the SQLite ones column for column (``store/schema.py``, ``store/health.py``),
so a copy between the two backends is row for row and the same SQL reads both; instants are
``bigint`` UTC seconds, event kinds the same small codes.  The schema version lives in the
``meta`` table; :func:`prepare` creates the schema on first use, migrates an older one, refuses
a newer one without touching it, and takes an advisory lock while it does, so that two processes
starting at once create it once.

Rows are append-only as in SQLite: a trigger refuses ``UPDATE``, ``DELETE`` and ``TRUNCATE`` on
every table of history.  Nothing here needs a superuser: the role that creates the schema
needs ``CREATE`` on the database, and owns the schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import StoreError
from ..schema import KIND_CODES
from .connect import LOCK_CLASS

if TYPE_CHECKING:
    import psycopg

APPEND_ONLY = (
    "interactions", "events", "agreement_versions", "agreement_history",
    "health_sessions", "health_closings", "health_notes", "health_votes",
    "health_actions", "health_actions_done",
)

_TABLES = [
    "CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)",
    "CREATE TABLE event_kinds (code smallint PRIMARY KEY, name text NOT NULL UNIQUE)",
    """CREATE TABLE agreement_versions (
        hash text PRIMARY KEY,
        content text NOT NULL,
        first_seen bigint NOT NULL
    )""",
    """CREATE TABLE agreement_history (
        id bigint PRIMARY KEY,
        agreement text NOT NULL,
        since bigint NOT NULL,
        hash text NOT NULL REFERENCES agreement_versions(hash)
    )""",
    "CREATE INDEX agreement_history_by_since ON agreement_history(agreement, since)",
    """CREATE TABLE interactions (
        id bigint PRIMARY KEY,
        ref text UNIQUE,
        agreement text NOT NULL,
        service text NOT NULL,
        priority text NOT NULL DEFAULT '',
        requester text NOT NULL DEFAULT '',
        title text NOT NULL DEFAULT '',
        opened_at bigint NOT NULL,
        version text REFERENCES agreement_versions(hash)
    )""",
    "CREATE INDEX interactions_by_opened ON interactions(opened_at, id)",
    "CREATE INDEX interactions_by_agreement ON interactions(agreement, opened_at, id)",
    """CREATE TABLE events (
        interaction bigint NOT NULL REFERENCES interactions(id),
        seq integer NOT NULL,
        kind smallint NOT NULL CHECK (kind BETWEEN 1 AND 11),
        at bigint NOT NULL,
        actor text NOT NULL DEFAULT '',
        payload text,
        PRIMARY KEY (interaction, seq)
    )""",
    """CREATE TABLE open_interactions (
        interaction bigint PRIMARY KEY REFERENCES interactions(id)
    )""",
    """CREATE VIEW event_log AS
        SELECT e.interaction, e.seq, k.name AS kind, to_timestamp(e.at) AS at_utc, e.at,
               e.actor, e.payload
        FROM events e JOIN event_kinds k ON k.code = e.kind""",
    """CREATE TABLE health_sessions (
        id bigint PRIMARY KEY,
        template text NOT NULL,
        team text NOT NULL,
        about text,
        opened_at bigint NOT NULL
    )""",
    "CREATE INDEX health_sessions_by_series ON health_sessions(team, template, about, opened_at)",
    """CREATE TABLE health_closings (
        session bigint PRIMARY KEY REFERENCES health_sessions(id),
        closed_at bigint NOT NULL
    )""",
    """CREATE TABLE health_notes (
        id bigint PRIMARY KEY,
        session bigint NOT NULL REFERENCES health_sessions(id),
        at bigint NOT NULL,
        text text NOT NULL
    )""",
    """CREATE TABLE health_votes (
        id bigint PRIMARY KEY,
        session bigint NOT NULL REFERENCES health_sessions(id),
        card text NOT NULL,
        colour text CHECK (colour IN ('green', 'amber', 'red')),
        trend text CHECK (trend IN ('up', 'same', 'down')),
        score integer CHECK (score BETWEEN 1 AND 5),
        comment text NOT NULL DEFAULT '',
        CHECK ((colour IS NULL) != (score IS NULL))
    )""",
    "CREATE INDEX health_votes_by_session ON health_votes(session)",
    """CREATE TABLE health_actions (
        id bigint PRIMARY KEY,
        session bigint NOT NULL REFERENCES health_sessions(id),
        text text NOT NULL,
        owner text NOT NULL DEFAULT '',
        agreement text,
        target_metric text,
        target_comparator text,
        target_value double precision,
        target_horizon text NOT NULL DEFAULT '',
        created_at bigint NOT NULL
    )""",
    """CREATE TABLE health_actions_done (
        action bigint PRIMARY KEY REFERENCES health_actions(id),
        done_at bigint NOT NULL
    )""",
]

_GUARD = """CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% are append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END
$$"""


def _first(conn: psycopg.Connection, schema: str) -> None:
    """Schema version 1: every table of the SQLite schema 4, and the append-only triggers."""
    from psycopg import sql

    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(schema)))
    for statement in _TABLES:
        conn.execute(statement)
    with conn.cursor() as cursor:
        cursor.executemany("INSERT INTO event_kinds (code, name) VALUES (%s, %s)",
                           [(code, name) for name, code in KIND_CODES.items()])
    conn.execute(_GUARD)
    for table in APPEND_ONLY:
        conn.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                     "FOR EACH ROW EXECUTE FUNCTION append_only()")
        conn.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                     "FOR EACH STATEMENT EXECUTE FUNCTION append_only()")


#: Migration ``i`` (0-based) brings a workspace's schema to version ``i + 1``.
MIGRATIONS = [_first]


def latest_version() -> int:
    """The schema version this slacheck writes on PostgreSQL."""
    return len(MIGRATIONS)


def _version(conn: psycopg.Connection, schema: str) -> int | None:
    """The schema version of ``schema``; ``None`` when it does not exist or is empty.

    A schema of that name holding tables but no slacheck ``meta`` is somebody else's: refused.
    """
    row = conn.execute("SELECT to_regclass(quote_ident(%s) || '.meta')", (schema,)).fetchone()
    if row is None or row[0] is None:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = %s", (schema,)
        ).fetchone()[0]
        if tables:
            raise StoreError(f"the PostgreSQL schema {schema} holds tables that are not "
                             "slacheck's; give this workspace another id in slacheck.toml")
        return None
    from psycopg import sql

    found = conn.execute(
        sql.SQL("SELECT value FROM {}.meta WHERE key = 'schema_version'").format(
            sql.Identifier(schema))
    ).fetchone()
    return int(found[0]) if found else 0


def check_version(version: int | None, where: str) -> None:
    """Refuse a schema written by a newer slacheck (it is left untouched)."""
    if version is not None and version > latest_version():
        raise StoreError(
            f"the database {where} has schema version {version}, newer than this slacheck "
            f"understands ({latest_version()}); upgrade slacheck to use it"
        )


def prepare(conn: psycopg.Connection, schema: str, where: str, *, create: bool) -> int | None:
    """Bring the workspace's schema up to date (creating it when ``create``); return the
    version found before (``None``: there was none).

    Runs in one transaction under an advisory lock on the schema's name: a crash leaves the
    old schema or the new one, and processes starting together migrate once.
    """
    from psycopg import sql

    version = _version(conn, schema)
    check_version(version, where)
    if version == latest_version() or not create:
        return version
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, schema))
        before = _version(conn, schema)  # another process may have done it meanwhile
        check_version(before, where)
        start = before or 0
        for step in MIGRATIONS[start:]:
            step(conn, schema)
        conn.execute(sql.SQL(
            "INSERT INTO {}.meta (key, value) VALUES ('schema_version', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ).format(sql.Identifier(schema)), (str(latest_version()),))
    return version


def create_empty(conn: psycopg.Connection) -> None:
    """The tables as temporary ones: a workspace with no schema yet reads as an empty database
    without writing anything (``read_only``; temporary tables need no privilege on the
    schema and vanish with the connection)."""
    with conn.transaction():
        for statement in _TABLES:
            if statement.startswith("CREATE TABLE"):
                conn.execute(statement.replace("CREATE TABLE", "CREATE TEMPORARY TABLE", 1))
            elif statement.startswith("CREATE VIEW"):
                conn.execute(statement.replace("CREATE VIEW", "CREATE TEMPORARY VIEW", 1))
