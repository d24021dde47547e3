"""The narrow interface the domain, the CLI and the TUI use, whatever the backend.

:class:`StoreBackend` lists every operation; :class:`slacheck.store.sqlite.SQLiteStore` is the
embedded implementation and :class:`slacheck.store.postgres.PostgresStore` the shared one, with
the same semantics (one transaction per call unless inside :meth:`StoreBackend.transaction`,
events append-only, ``ref`` unique), so nothing outside ``slacheck.store`` knows which it uses.

:class:`TableAccess` is what the store's own tools ask of either backend beyond that: the
tables themselves, for ``slacheck db copy`` and ``slacheck db info``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from ..domain.events import Event, Interaction


class History(NamedTuple):
    """One interaction with its events in order of arrival (the ``opened`` event first)."""

    interaction: Interaction
    events: list[Event]


@dataclass(frozen=True, slots=True)
class AgreementVersion:
    """From ``since`` on, agreement ``agreement`` had the content with hash ``hash``."""

    agreement: str
    hash: str
    since: int


class StoreBackend(Protocol):
    """Everything slacheck asks of its database."""

    # -- housekeeping ---------------------------------------------------------------------
    #: Opened only to read: every write raises ``StoreError`` and nothing touches the file.
    read_only: bool

    def close(self) -> None: ...

    @property
    def schema_version(self) -> int: ...

    def data_version(self) -> int: ...

    def transaction(self, *, commit: bool = True) -> AbstractContextManager[None]: ...

    # -- agreement versions ---------------------------------------------------------------
    def record_agreement_version(
        self, agreement_id: str, canonical: Mapping[str, Any], hash: str, seen_at: int
    ) -> bool: ...

    def version_for(self, agreement_id: str, opened_at: int) -> str | None: ...

    def agreement_version(self, hash: str) -> dict[str, Any] | None: ...

    def agreement_versions(self, agreement_id: str) -> list[AgreementVersion]: ...

    # -- interactions and events ----------------------------------------------------------
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
    ) -> Interaction: ...

    def append_events(self, interaction_id: int, events: Iterable[Event]) -> list[Event]: ...

    def add_histories(self, histories: Iterable[History]) -> list[Interaction]: ...

    def interaction(self, interaction_id: int) -> Interaction | None: ...

    def interaction_by_ref(self, ref: str) -> Interaction | None: ...

    def events(self, interaction_id: int) -> list[Event]: ...

    def history(self, interaction_id: int) -> History | None: ...

    def histories_by_ref(self, refs: Iterable[str]) -> dict[str, History]: ...

    def iter_histories(
        self,
        *,
        agreements: Sequence[str] | None = None,
        opened_from: int | None = None,
        opened_to: int | None = None,
        unresolved: bool = False,
    ) -> Iterator[History]: ...

    def count_interactions(self) -> int: ...


class TableAccess(StoreBackend, Protocol):
    """A store seen as tables: what copying a database (``store.copy``) and counting it
    (``store.summary``) need, on both backends (``SQLiteTables``, ``PostgresTables``).

    ``conn`` takes SQL with ``?`` placeholders on both backends (``execute(sql, params)``
    returns a cursor); SQL given to it must be plain enough for both dialects.
    """

    #: ``"sqlite"`` or ``"postgresql"``.
    backend: str
    conn: Any

    @property
    def location(self) -> str:
        """Where the data lives, as shown to a user (never with a password)."""
        ...

    def translate(self, exc: BaseException) -> Exception | None:
        """The user's error for an error of this database's driver, else ``None``."""
        ...

    def exists(self) -> bool:
        """Whether the database has been created (a file with content; the workspace's schema
        on the server).  One that does not exist reads as empty."""
        ...

    def identity(self) -> tuple[Any, ...]:
        """Equal for two stores open on the same data, however their location was spelled."""
        ...

    def tables(self) -> set[str]:
        """The names of the tables this database has."""
        ...

    def columns(self, table: str) -> list[str]:
        """The columns of ``table``, in their order."""
        ...

    def read_snapshot(self) -> AbstractContextManager[None]:
        """A read transaction: every query inside it sees the same state, whatever other
        processes commit meanwhile."""
        ...

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` (values of ``columns``) into ``table`` in bulk, inside the caller's
        :meth:`~StoreBackend.transaction`."""
        ...

    def size_bytes(self) -> int | None:
        """The space the data takes (the file and its WAL; the schema's tables with their
        indexes), or ``None`` when it cannot be known or does not exist."""
        ...
