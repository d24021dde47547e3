"""The embedded backend: :class:`SQLiteStore`, every SQL statement slacheck writes to its file.

Transactions: each public write is atomic on its own; inside :meth:`SQLiteStore.transaction`
all calls share one ``BEGIN IMMEDIATE`` transaction (nested calls use savepoints).  Writers
take the write lock up front and wait for it up to the busy timeout, so concurrent writers
queue instead of failing with "database is locked".

A store object is not meant to be used by two threads at the same time; open one per thread
(opening is cheap once the file exists).
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Self, TypeVar

import sqlite_utils

from ..domain.bounds import sql_integer
from ..domain.events import OPENED, REOPENED, RESOLVED, Event, Interaction
from . import reading
from .codec import (
    INTERACTION_COLUMNS,
    add_history_rows,
    decode_event,
    event_rows,
    make_interaction,
)
from .connection import connect, connect_read_only, unreadable
from .errors import StoreError
from .interface import AgreementVersion, History
from .rows import canonical_json, chunks, refuse_out_of_range, version_resolver
from .rows import closing as closing_kind
from .sqlite_tables import SQLiteTables

F = TypeVar("F", bound=Callable[..., Any])


def _translated(method: F) -> F:
    """Turn ``sqlite3`` errors escaping ``method`` into :class:`StoreError`."""

    @functools.wraps(method)
    def wrapper(self: SQLiteStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None
        except UnicodeEncodeError:
            raise StoreError("text with unpaired surrogate characters cannot be stored") from None

    return wrapper  # type: ignore[return-value]


def store_error(path: Path | str, exc: sqlite3.DatabaseError) -> StoreError:
    """The user's error for an ``sqlite3`` error raised while using the database at ``path``."""
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreError(f"refused by the database {path}: {exc}")
    return unreadable(path, exc)


class SQLiteStore(SQLiteTables):
    """interactions, events and agreement versions in one SQLite file (WAL mode).

    ``read_only=True`` opens the file without ever writing to it (or creating it): for the
    commands that only look.  ``verify=True`` (writers) refuses a damaged file before anything
    is written (``store.connection.verify_if_due``).  Its tables, for copying and counting:
    :class:`~slacheck.store.sqlite_tables.SQLiteTables`.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, verify: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.conn = connect_read_only(self.path) if read_only else connect(self.path, verify=verify)
        self.db = sqlite_utils.Database(self.conn, execute_plugins=False)

    # ---------------------------------------------------------------- housekeeping
    #: What ``slacheck db info`` calls this backend.
    backend = "sqlite"

    @property
    def location(self) -> str:
        """Where the data lives, as shown to a user."""
        return str(self.path)

    def translate(self, exc: BaseException) -> StoreError | None:
        """The user's error for ``exc`` when it is an error of this database, else ``None``
        (for the SQL of :class:`~slacheck.store.health.HealthRepository`, shared by both
        backends)."""
        if isinstance(exc, sqlite3.DatabaseError):
            return store_error(self.path, exc)
        return None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    @_translated
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @_translated
    def data_version(self) -> int:
        """Changes whenever *another* connection commits; a cheap poll for the dashboard."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    @_translated
    def count_interactions(self) -> int:
        return self.conn.execute("SELECT count(*) FROM interactions").fetchone()[0]

    @contextlib.contextmanager
    def transaction(self, *, commit: bool = True) -> Iterator[None]:
        """One write transaction around several calls; rolled back on an exception, and
        always rolled back with ``commit=False`` (a dry run).  Nested: a savepoint."""
        conn = self.conn
        if conn.in_transaction:
            name = f"sp_{id(object())}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise
            if commit:
                conn.execute(f"RELEASE {name}")
            else:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            return
        if self.read_only:
            raise StoreError(f"the database {self.path} is open read-only here; this command "
                             "only reads")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise unreadable(self.path, exc) from None
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT" if commit else "ROLLBACK")
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise unreadable(self.path, exc) from None

    # ---------------------------------------------------------------- agreement versions
    @_translated
    def record_agreement_version(
        self, agreement_id: str, canonical: Mapping[str, Any], hash: str, seen_at: int
    ) -> bool:
        """Note that ``agreement_id`` has content ``canonical`` (hashed ``hash``) at ``seen_at``.

        The content is kept once per hash with the instant it was first seen.  A new row in the
        agreement's history is added only when the version in force at ``seen_at`` differs, so
        recording the same files again is a no-op; returns whether something was added.
        """
        with self.transaction():
            exists = self.conn.execute(
                "SELECT 1 FROM agreement_versions WHERE hash = ?", (hash,)
            ).fetchone()
            if not exists:
                self.db["agreement_versions"].insert(
                    {"hash": hash, "content": canonical_json(canonical), "first_seen": int(seen_at)}
                )
            if self.version_for(agreement_id, seen_at) == hash:
                return False
            self.db["agreement_history"].insert(
                {"agreement": agreement_id, "since": int(seen_at), "hash": hash}
            )
            return True

    @_translated
    def version_for(self, agreement_id: str, opened_at: int) -> str | None:
        """The version in force at ``opened_at``: the newest seen at or before it, else the
        oldest known; ``None`` when no version of the agreement was ever recorded."""
        row = self.conn.execute(
            "SELECT hash FROM agreement_history WHERE agreement = ? AND since <= ? "
            "ORDER BY since DESC, id DESC LIMIT 1",
            (agreement_id, int(opened_at)),
        ).fetchone()
        if row is None:
            row = self.conn.execute(
                "SELECT hash FROM agreement_history WHERE agreement = ? "
                "ORDER BY since, id LIMIT 1",
                (agreement_id,),
            ).fetchone()
        return None if row is None else row[0]

    @_translated
    def agreement_version(self, hash: str) -> dict[str, Any] | None:
        """The canonical content stored under ``hash``."""
        for row in self.db.query("SELECT content FROM agreement_versions WHERE hash = ?", [hash]):
            return json.loads(row["content"])
        return None

    @_translated
    def agreement_versions(self, agreement_id: str) -> list[AgreementVersion]:
        """Every change of the agreement's version in force, oldest first."""
        return [
            AgreementVersion(agreement_id, row["hash"], row["since"])
            for row in self.db.query(
                "SELECT hash, since FROM agreement_history WHERE agreement = ? ORDER BY since, id",
                [agreement_id],
            )
        ]

    def _version_resolver(self, agreements: Iterable[str]) -> Callable[[str, int], str | None]:
        """``version_for`` for many interactions at once, from one query per chunk."""
        rows: list[tuple[str, int, str]] = []
        for chunk in chunks(sorted(set(agreements))):
            marks = ",".join("?" * len(chunk))
            rows.extend(self.conn.execute(
                f"SELECT agreement, since, hash FROM agreement_history "
                f"WHERE agreement IN ({marks}) ORDER BY agreement, since, id",
                list(chunk),
            ))
        return version_resolver(rows)

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
        """Store a new interaction and its ``opened`` event in one transaction.

        Its ``version`` is the agreement version in force at ``opened_at``.  A ``ref`` already
        stored raises :class:`StoreError`.
        """
        draft = Interaction(0, agreement, service, int(opened_at), title, priority, requester, ref)
        return self.add_histories([History(draft, [Event(OPENED, int(opened_at), actor)])])[0]

    @_translated
    def add_histories(self, histories: Iterable[History]) -> list[Interaction]:
        """Store new interactions with their whole histories in one transaction (the bulk
        path of an import).  Each history starts with its ``opened`` event at ``opened_at``;
        the interaction's ``id`` is assigned here (the given one is ignored) and a missing
        ``version`` is the one in force at ``opened_at``.  Returns the stored interactions."""
        histories = list(histories)
        if not histories:
            return []
        with self.transaction():
            resolve = self._version_resolver(h.interaction.agreement for h in histories)
            next_id = self.conn.execute("SELECT coalesce(max(id), 0) FROM interactions").fetchone()[0]
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
                    self.conn.executemany(
                        f"INSERT INTO interactions ({INTERACTION_COLUMNS}) "
                        "VALUES (?,?,?,?,?,?,?,?,?)",
                        interaction_rows,
                    )
            except sqlite3.IntegrityError:
                self._refuse_stored_refs([h.interaction.ref for h in histories if h.interaction.ref])
                raise
            self.conn.executemany(
                "INSERT INTO events (interaction, seq, kind, at, actor, payload) "
                "VALUES (?,?,?,?,?,?)",
                rows_of_events,
            )
            self.conn.executemany(
                "INSERT INTO open_interactions (interaction) VALUES (?)", still_open
            )
        return stored

    def _refuse_stored_refs(self, refs: list[str]) -> None:
        """Name the ``ref`` that broke uniqueness (after the failed insert was undone)."""
        seen: set[str] = set()
        for ref in refs:
            if ref in seen:
                raise StoreError(f"ref {ref!r} appears twice among the new interactions")
            seen.add(ref)
        for chunk in chunks(refs):
            marks = ",".join("?" * len(chunk))
            row = self.conn.execute(
                f"SELECT ref FROM interactions WHERE ref IN ({marks}) LIMIT 1", list(chunk)
            ).fetchone()
            if row is not None:
                raise StoreError(f"an interaction with ref {row[0]!r} is already stored")

    @_translated
    def append_events(self, interaction_id: int, events: Iterable[Event]) -> list[Event]:
        """Append events to a stored interaction, all or none; returns them with their ``seq``.

        Only integrity is checked here (the interaction exists, no second ``opened``); whether
        an event may follow the history is the domain's question, asked before calling this.
        """
        events = list(events)
        if any(event.kind == OPENED for event in events):
            raise ValueError("'opened' is written by open_interaction, never appended")
        for event in events:
            refuse_out_of_range(event.at)
        if not sql_integer(interaction_id):
            raise StoreError(f"there is no interaction {interaction_id}")
        with self.transaction():
            last = self.conn.execute(
                "SELECT max(seq) FROM events WHERE interaction = ?", (interaction_id,)
            ).fetchone()[0]
            if last is None:
                raise StoreError(f"there is no interaction {interaction_id}")
            rows = event_rows(interaction_id, last + 1, events)
            self.conn.executemany(
                "INSERT INTO events (interaction, seq, kind, at, actor, payload) "
                "VALUES (?,?,?,?,?,?)",
                rows,
            )
            closing = closing_kind(events)
            if closing == RESOLVED:
                self.conn.execute(
                    "DELETE FROM open_interactions WHERE interaction = ?", (interaction_id,)
                )
            elif closing == REOPENED:
                self.conn.execute(
                    "INSERT OR IGNORE INTO open_interactions (interaction) VALUES (?)",
                    (interaction_id,),
                )
        return [
            Event(e.kind, int(e.at), e.actor or "", e.payload, last + i)
            for i, e in enumerate(events, 1)
        ]

    # ---------------------------------------------------------------- reads
    @_translated
    def interaction(self, interaction_id: int) -> Interaction | None:
        if not sql_integer(interaction_id):
            return None
        row = self.conn.execute(
            f"SELECT {INTERACTION_COLUMNS} FROM interactions WHERE id = ?", (interaction_id,)
        ).fetchone()
        return None if row is None else make_interaction(*row)

    @_translated
    def interaction_by_ref(self, ref: str) -> Interaction | None:
        row = self.conn.execute(
            f"SELECT {INTERACTION_COLUMNS} FROM interactions WHERE ref = ?", (ref,)
        ).fetchone()
        return None if row is None else make_interaction(*row)

    @_translated
    def events(self, interaction_id: int) -> list[Event]:
        """The interaction's events in order of arrival (empty for an unknown id)."""
        if not sql_integer(interaction_id):
            return []
        return [
            decode_event(kind, at, actor, payload, seq)
            for seq, kind, at, actor, payload in self.conn.execute(
                "SELECT seq, kind, at, actor, payload FROM events WHERE interaction = ? "
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
        """The stored histories of those ``refs`` that are stored."""
        refs = sorted(set(refs))
        found: dict[str, History] = {}
        with self._snapshot():
            for chunk in chunks(refs):
                for history in reading.histories_where(
                    self.conn, f"i.ref IN ({','.join('?' * len(chunk))})", list(chunk)
                ):
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
        """Stream histories: opened in ``[opened_from, opened_to)``, of ``agreements`` (all if
        ``None``), and with ``unresolved`` only those not resolved now (never resolved, or
        reopened after their last resolution).  Filters combine with AND.

        Order: by agreement in the order given (when given), then ``opened_at``, then id.
        Memory stays flat; all histories come from one snapshot of the database.  Do not write
        through this store while iterating (collect, then write).
        """
        try:
            yield from reading.stream_histories(
                self.conn, agreements, opened_from, opened_to, unresolved
            )
        except GeneratorExit:
            raise  # an abandoned stream: nothing to report
        except sqlite3.DatabaseError as exc:
            raise unreadable(self.path, exc) from None

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction, so that several queries see the same state."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
