"""The shared backend: :class:`PostgresStore`, the same operations as SQLite on a server.

Semantics are those of :class:`~slacheck.store.sqlite.SQLiteStore`: every public write is one
transaction; :meth:`PostgresStore.transaction` groups several (nested calls use savepoints);
rows are appended, never changed.  Writers of one workspace take a transaction-level advisory
lock on its schema before anything else, so they queue exactly as SQLite's ``BEGIN IMMEDIATE``
writers do: ids and event numbers are assigned without races, a check made inside a transaction
still holds when it commits, and ``READ COMMITTED`` never asks for a retry.  Should PostgreSQL
still ask for one (a serialization failure or a deadlock, e.g. from a tool writing beside
slacheck), a single call is retried; readers use ``REPEATABLE READ READ ONLY`` snapshots,
which never fail that way.

Every committed write sends ``NOTIFY`` on the workspace's channel; :meth:`data_version` counts
the notifications, so an open dashboard sees anyone's write at once.  A connection lost to a
restarted server is opened again by the next call that finds it broken.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Self, TypeVar

from ...domain.bounds import sql_integer
from ...domain.events import OPENED, REOPENED, RESOLVED, Event, Interaction
from ..codec import INTERACTION_COLUMNS, add_history_rows, decode_event, event_rows, make_interaction
from ..errors import StoreError
from ..interface import AgreementVersion, History
from ..rows import canonical_json, chunks, closing, refuse_out_of_range, version_resolver
from . import reading, schema
from .connect import (
    LOCK_CLASS, borrow, connect, driver, give_back, schema_name, shown, store_error,
)
from .tables import PostgresTables

F = TypeVar("F", bound=Callable[..., Any])

#: How often one call is tried when PostgreSQL asks for a retry, and the first pause.
ATTEMPTS = 6
FIRST_PAUSE_S = 0.02
#: Above this many rows a bulk insert uses ``COPY`` instead of batched ``INSERT``.
COPY_FROM = 200
_cursor_names = itertools.count(1)


def _translated(method: F) -> F:
    """Turn psycopg's errors escaping ``method`` into :class:`StoreError`; retry a call that
    PostgreSQL asks to retry (only outside a caller's transaction: a whole unit can be)."""

    @functools.wraps(method)
    def wrapper(self: PostgresStore, *args: Any, **kwargs: Any) -> Any:
        errors = driver().errors
        pause = FIRST_PAUSE_S
        for attempt in range(1, ATTEMPTS + 1):
            if self._depth == 0:
                self._ensure_connected()
            try:
                return method(self, *args, **kwargs)
            except (errors.SerializationFailure, errors.DeadlockDetected) as exc:
                if self._depth or attempt == ATTEMPTS:
                    raise self.translate(exc) from None
                time.sleep(pause)
                pause *= 2
            except UnicodeEncodeError:
                raise StoreError("text with unpaired surrogate characters cannot be stored") from None
            except StoreError:
                raise
            except Exception as exc:
                error = self.translate(exc)
                if error is None:
                    raise
                raise error from None
        raise AssertionError("unreachable")

    return wrapper  # type: ignore[return-value]


class QmarkConnection:
    """A psycopg connection that takes SQL written with ``?`` placeholders, as ``sqlite3``
    does, so that the SQL both backends share (health checks) is written once."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store

    @staticmethod
    def _sql(statement: str) -> str:
        return statement.replace("%", "%%").replace("?", "%s")

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        return self._store.raw.execute(self._sql(statement), params)

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> Any:
        cursor = self._store.raw.cursor()
        cursor.executemany(self._sql(statement), list(rows))
        return cursor


class PostgresStore(PostgresTables):
    """One workspace's interactions, events, agreement versions and health checks in its own
    schema of a PostgreSQL database.

    ``workspace_id`` (the ``id`` of ``slacheck.toml``) names the schema.  ``read_only=True``
    never writes: the session is read-only, nothing is created, and a workspace with no schema
    yet reads as empty.  ``verify`` is accepted for symmetry with SQLite (the server checks its
    own pages).  ``shared=True`` takes the connection from the process's pool and gives it
    back on :meth:`close` (the dashboard opens a store for every evaluation).  Its tables, for
    copying and counting: :class:`~slacheck.store.postgres.tables.PostgresTables`.
    """

    backend = "postgresql"

    def __init__(self, url: str, *, workspace_id: str, read_only: bool = False,
                 verify: bool = False, shared: bool = False) -> None:
        self.url = url
        self.shared = shared
        self.path = shown(url)
        self.workspace_id = workspace_id
        self.schema = schema_name(workspace_id)
        self.read_only = read_only
        self._depth = 0
        self._notified = 0
        self._listening = False
        self.raw: Any = None
        self.conn = QmarkConnection(self)
        self._open()

    @property
    def location(self) -> str:
        return f"{self.path} (schema {self.schema})"

    # ---------------------------------------------------------------- connecting
    def _open(self) -> None:
        psycopg = driver()
        from psycopg import sql

        raw = borrow(self.url) if self.shared else connect(self.url)
        try:
            raw.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))
            version = schema.prepare(raw, self.schema, self.location, create=not self.read_only)
            if self.read_only:
                if version is None:
                    schema.create_empty(raw)
                raw.execute("SET default_transaction_read_only = on")
        except psycopg.Error as exc:
            self._release(raw)
            raise self.translate(exc) from None
        except BaseException:
            self._release(raw)
            raise
        self.raw = raw
        self._depth = 0
        if self._listening:
            self._listening = False
            self._listen()

    def _ensure_connected(self) -> None:
        """Open the connection again when the server dropped it (a restart, a network cut)."""
        if self.raw is None or self.raw.closed or self.raw.broken:
            if self.raw is not None:
                self._release(self.raw)
            self.raw = None
            self._open()
            self._notified += 1  # whatever happened meanwhile was not heard: look again

    def translate(self, exc: BaseException) -> StoreError | None:
        """The user's error for a psycopg error (``None`` for anything else)."""
        return store_error(self.url, exc)

    # ---------------------------------------------------------------- housekeeping
    def _release(self, raw: Any) -> None:
        with contextlib.suppress(Exception):
            if self.shared:
                give_back(self.url, raw)
            else:
                raw.close()

    def close(self) -> None:
        if self.raw is not None:
            raw, self.raw = self.raw, None
            self._release(raw)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    @_translated
    def schema_version(self) -> int:
        row = self.raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else schema.latest_version()

    def _listen(self) -> None:
        from psycopg import sql

        self.raw.add_notify_handler(self._heard)
        self.raw.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.schema)))
        self._listening = True

    def _heard(self, _notify: Any) -> None:
        self._notified += 1

    def data_version(self) -> int:
        """Changes after any committed write to this workspace, by anyone (``LISTEN``); after a
        lost connection it changes once more when the connection is back."""
        try:
            self._ensure_connected()
            if not self._listening:
                self._listen()
            if self._depth == 0:
                self.raw.execute("SELECT 1")  # delivers the notifications that arrived
        except StoreError:
            raise
        except Exception as exc:
            error = self.translate(exc)
            if error is None:
                raise
            raise error from None
        return self._notified

    @_translated
    def count_interactions(self) -> int:
        return self.raw.execute("SELECT count(*) FROM interactions").fetchone()[0]

    def _in_transaction(self) -> bool:
        return self.raw.info.transaction_status != driver().pq.TransactionStatus.IDLE

    @contextlib.contextmanager
    def transaction(self, *, commit: bool = True) -> Iterator[None]:
        """One write transaction around several calls; rolled back on an exception, and always
        rolled back with ``commit=False`` (a dry run).  Nested: a savepoint."""
        if self._depth or (self.raw is not None and not self.raw.broken and self._in_transaction()):
            with self._savepoint(commit):
                yield
            return
        if self.read_only:
            raise StoreError(f"the database {self.location} is open read-only here; this "
                             "command only reads")
        self._ensure_connected()
        raw = self.raw
        try:
            raw.execute("BEGIN")
            raw.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, self.schema))
        except driver().Error as exc:
            self._rollback()
            raise self.translate(exc) from None
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        try:
            if commit:
                from psycopg import sql

                raw.execute(sql.SQL("NOTIFY {}").format(sql.Identifier(self.schema)))
                raw.execute("COMMIT")
            else:
                raw.execute("ROLLBACK")
        except driver().Error as exc:
            self._rollback()
            raise self.translate(exc) from None

    @contextlib.contextmanager
    def _savepoint(self, commit: bool) -> Iterator[None]:
        name = f"sp_{self._depth + 1}"
        raw = self.raw
        raw.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if not raw.broken and self._in_transaction():
                with contextlib.suppress(Exception):
                    raw.execute(f"ROLLBACK TO {name}")
                    raw.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        if commit:
            raw.execute(f"RELEASE {name}")
        else:
            raw.execute(f"ROLLBACK TO {name}")
            raw.execute(f"RELEASE {name}")

    def _rollback(self) -> None:
        raw = self.raw
        if raw is not None and not raw.closed and not raw.broken:
            with contextlib.suppress(Exception):
                raw.execute("ROLLBACK")

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction, so that several queries see the same state."""
        if self._depth or self._in_transaction():
            yield
            return
        self.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            self._end_read()

    def _end_read(self) -> None:
        raw = self.raw
        if raw is not None and not raw.closed and not raw.broken:
            with contextlib.suppress(Exception):
                if self._in_transaction():
                    raw.execute("COMMIT")

    # ---------------------------------------------------------------- agreement versions
    @_translated
    def record_agreement_version(
        self, agreement_id: str, canonical: Mapping[str, Any], hash: str, seen_at: int
    ) -> bool:
        """See :meth:`SQLiteStore.record_agreement_version`."""
        with self.transaction():
            self.raw.execute(
                "INSERT INTO agreement_versions (hash, content, first_seen) VALUES (%s, %s, %s) "
                "ON CONFLICT (hash) DO NOTHING",
                (hash, canonical_json(canonical), int(seen_at)),
            )
            if self.version_for(agreement_id, seen_at) == hash:
                return False
            self.raw.execute(
                "INSERT INTO agreement_history (id, agreement, since, hash) VALUES "
                "((SELECT coalesce(max(id), 0) + 1 FROM agreement_history), %s, %s, %s)",
                (agreement_id, int(seen_at), hash),
            )
            return True

    @_translated
    def version_for(self, agreement_id: str, opened_at: int) -> str | None:
        """The version in force at ``opened_at``: the newest seen at or before it, else the
        oldest known; ``None`` when no version of the agreement was ever recorded."""
        row = self.raw.execute(
            "SELECT hash FROM agreement_history WHERE agreement = %s AND since <= %s "
            "ORDER BY since DESC, id DESC LIMIT 1",
            (agreement_id, int(opened_at)),
        ).fetchone()
        if row is None:
            row = self.raw.execute(
                "SELECT hash FROM agreement_history WHERE agreement = %s ORDER BY since, id LIMIT 1",
                (agreement_id,),
            ).fetchone()
        return None if row is None else row[0]

    @_translated
    def agreement_version(self, hash: str) -> dict[str, Any] | None:
        row = self.raw.execute(
            "SELECT content FROM agreement_versions WHERE hash = %s", (hash,)
        ).fetchone()
        return None if row is None else json.loads(row[0])

    @_translated
    def agreement_versions(self, agreement_id: str) -> list[AgreementVersion]:
        return [
            AgreementVersion(agreement_id, hash, since)
            for hash, since in self.raw.execute(
                "SELECT hash, since FROM agreement_history WHERE agreement = %s ORDER BY since, id",
                (agreement_id,),
            )
        ]

    def _version_resolver(self, agreements: Iterable[str]) -> Callable[[str, int], str | None]:
        return version_resolver(self.raw.execute(
            "SELECT agreement, since, hash FROM agreement_history WHERE agreement = ANY(%s) "
            "ORDER BY agreement, since, id",
            (sorted(set(agreements)),),
        ).fetchall())

    # ---------------------------------------------------------------- writes
    @_translated
    def open_interaction(
        self,
        agreement: str,
        service: str,
        opened_at: int,
        *,
        title: str = "",
        priority: str = "",
        requester: str = "",
        ref: str | None = None,
        actor: str = "",
    ) -> Interaction:
        """See :meth:`SQLiteStore.open_interaction`."""
        draft = Interaction(0, agreement, service, int(opened_at), title, priority, requester, ref)
        return self.add_histories([History(draft, [Event(OPENED, int(opened_at), actor)])])[0]

    def _insert(self, table: str, columns: str, rows: list[tuple]) -> None:
        if not rows:
            return
        cursor = self.raw.cursor()
        if len(rows) >= COPY_FROM:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    @_translated
    def add_histories(self, histories: Iterable[History]) -> list[Interaction]:
        """See :meth:`SQLiteStore.add_histories` (``COPY`` for a large batch)."""
        histories = list(histories)
        if not histories:
            return []
        with self.transaction():
            resolve = self._version_resolver(h.interaction.agreement for h in histories)
            next_id = self.raw.execute(
                "SELECT coalesce(max(id), 0) FROM interactions"
            ).fetchone()[0]
            stored: list[Interaction] = []
            interaction_rows: list[tuple] = []
            rows_of_events: list[tuple] = []
            still_open: list[tuple[int]] = []
            for draft, events in histories:
                next_id += 1
                opened_at = int(draft.opened_at)
                refuse_out_of_range(opened_at)
                for event in events:
                    refuse_out_of_range(event.at)
                if events and events[0].at != opened_at:
                    raise ValueError("a history's 'opened' event is at its opened_at")
                row = (
                    next_id, draft.agreement, draft.service, opened_at, draft.title or "",
                    draft.priority or "", draft.requester or "", draft.ref,
                    draft.version or resolve(draft.agreement, opened_at),
                )
                interaction_rows.append(row)
                stored.append(make_interaction(*row))
                if add_history_rows(rows_of_events, next_id, events):
                    still_open.append((next_id,))
            try:
                with self.transaction():  # a savepoint: a failure leaves none of these rows
                    self._insert("interactions", INTERACTION_COLUMNS, interaction_rows)
            except driver().errors.UniqueViolation:
                self._refuse_stored_refs([h.interaction.ref for h in histories if h.interaction.ref])
                raise
            self._insert("events", "interaction, seq, kind, at, actor, payload", rows_of_events)
            self._insert("open_interactions", "interaction", still_open)
        return stored

    def _refuse_stored_refs(self, refs: list[str]) -> None:
        seen: set[str] = set()
        for ref in refs:
            if ref in seen:
                raise StoreError(f"ref {ref!r} appears twice among the new interactions")
            seen.add(ref)
        for chunk in chunks(refs):
            row = self.raw.execute(
                "SELECT ref FROM interactions WHERE ref = ANY(%s) LIMIT 1", (list(chunk),)
            ).fetchone()
            if row is not None:
                raise StoreError(f"an interaction with ref {row[0]!r} is already stored")

    @_translated
    def append_events(self, interaction_id: int, events: Iterable[Event]) -> list[Event]:
        """See :meth:`SQLiteStore.append_events`."""
        events = list(events)
        if any(event.kind == OPENED for event in events):
            raise ValueError("'opened' is written by open_interaction, never appended")
        for event in events:
            refuse_out_of_range(event.at)
        if not sql_integer(interaction_id):
            raise StoreError(f"there is no interaction {interaction_id}")
        with self.transaction():
            last = self.raw.execute(
                "SELECT max(seq) FROM events WHERE interaction = %s", (interaction_id,)
            ).fetchone()[0]
            if last is None:
                raise StoreError(f"there is no interaction {interaction_id}")
            self._insert("events", "interaction, seq, kind, at, actor, payload",
                         event_rows(interaction_id, last + 1, events))
            kind = closing(events)
            if kind == RESOLVED:
                self.raw.execute("DELETE FROM open_interactions WHERE interaction = %s",
                                 (interaction_id,))
            elif kind == REOPENED:
                self.raw.execute("INSERT INTO open_interactions (interaction) VALUES (%s) "
                                 "ON CONFLICT DO NOTHING", (interaction_id,))
        return [
            Event(e.kind, int(e.at), e.actor or "", e.payload, last + i)
            for i, e in enumerate(events, 1)
        ]

    # ---------------------------------------------------------------- reads
    @_translated
    def interaction(self, interaction_id: int) -> Interaction | None:
        if not sql_integer(interaction_id):
            return None
        row = self.raw.execute(
            f"SELECT {INTERACTION_COLUMNS} FROM interactions WHERE id = %s", (interaction_id,)
        ).fetchone()
        return None if row is None else make_interaction(*row)

    @_translated
    def interaction_by_ref(self, ref: str) -> Interaction | None:
        row = self.raw.execute(
            f"SELECT {INTERACTION_COLUMNS} FROM interactions WHERE ref = %s", (ref,)
        ).fetchone()
        return None if row is None else make_interaction(*row)

    @_translated
    def events(self, interaction_id: int) -> list[Event]:
        if not sql_integer(interaction_id):
            return []
        return [
            decode_event(kind, at, actor, payload, seq)
            for seq, kind, at, actor, payload in self.raw.execute(
                "SELECT seq, kind, at, actor, payload FROM events WHERE interaction = %s "
                "ORDER BY seq",
                (interaction_id,),
            )
        ]

    @_translated
    def history(self, interaction_id: int) -> History | None:
        with self._snapshot():
            interaction = self.interaction(interaction_id)
            return None if interaction is None else History(interaction, self.events(interaction_id))

    @_translated
    def histories_by_ref(self, refs: Iterable[str]) -> dict[str, History]:
        refs = sorted(set(refs))
        found: dict[str, History] = {}
        with self._snapshot():
            for chunk in chunks(refs, 5000):
                for history in reading.histories_where(self.raw, "i.ref = ANY(%s)", [list(chunk)]):
                    found[history.interaction.ref] = history
        return found

    def iter_histories(
        self,
        *,
        agreements: Sequence[str] | None = None,
        opened_from: int | None = None,
        opened_to: int | None = None,
        unresolved: bool = False,
    ) -> Iterator[History]:
        """See :meth:`SQLiteStore.iter_histories`: the same order, one snapshot, flat memory."""
        if self._depth == 0:
            self._ensure_connected()
        began = False
        try:
            if not (self._depth or self._in_transaction()):
                self.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                began = True
            yield from reading.stream_histories(
                self.raw, agreements, opened_from, opened_to, unresolved,
                f"h{next(_cursor_names)}",
            )
        except GeneratorExit:
            raise
        except StoreError:
            raise
        except Exception as exc:
            error = self.translate(exc)
            if error is None:
                raise
            raise error from None
        finally:
            if began:
                self._end_read()
