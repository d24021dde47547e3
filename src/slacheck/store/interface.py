"""The narrow interface the domain, the CLI and the TUI use, whatever the backend.

:class:`StoreBackend` lists every operation; :class:`slacheck.store.sqlite.SQLiteStore` is the
embedded implementation.  A shared PostgreSQL backend would implement the same protocol with
the same semantics (one transaction per call unless inside :meth:`StoreBackend.transaction`,
events append-only, ``ref`` unique) and nothing outside ``slacheck.store`` would change.
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
