"""A workspace opened for work: its validated agreements and its store, for the CLI and the TUI.

Opening a session records the version of every agreement as it is on disk now, so each new
interaction is tied to the rules in force when it was opened (``docs/store.md``).
"""

from __future__ import annotations

import time
from functools import cached_property

from ..config.canonical import agreement_from_canonical, agreement_hash, canonical_agreement
from ..config.loader import LoadResult
from ..domain.model import Agreement, Catalog
from ..store import StoreBackend
from .stores import open_workspace_store


class Session:
    """``catalog`` (validated) + ``store``; use as a context manager to close the store.

    ``read_only=True``: the store is opened only to read (``report``, ``show``, a read-only
    dashboard) and nothing is ever written, not even agreement versions.  Otherwise the store is
    opened for writing and a damaged file is refused before the first write.
    """

    def __init__(self, load: LoadResult, store: StoreBackend | None = None, *,
                 read_only: bool = False) -> None:
        self.load = load
        self.catalog: Catalog = load.raise_for_errors()
        self._store = store
        self.read_only = read_only
        self._versions: dict[str, Agreement | None] = {}

    @property
    def workspace(self):
        return self.load.workspace

    @property
    def timezone(self) -> str:
        return self.catalog.settings.timezone

    @cached_property
    def store(self) -> StoreBackend:
        if self._store is None:
            self._store = open_workspace_store(self.workspace, read_only=self.read_only,
                                               verify=not self.read_only)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sync_versions(self, seen_at: int | None = None) -> None:
        """Record the current version of every agreement (a no-op when nothing changed)."""
        seen = int(time.time()) if seen_at is None else seen_at
        with self.store.transaction():
            for agreement_id in sorted(self.catalog.agreements):
                canonical = canonical_agreement(self.load, agreement_id)
                self.store.record_agreement_version(agreement_id, canonical, agreement_hash(canonical), seen)

    def resolve_version(self, version_hash: str) -> Agreement | None:
        """The agreement as it was in the recorded version ``version_hash`` (cached)."""
        if version_hash not in self._versions:
            data = self.store.agreement_version(version_hash)
            self._versions[version_hash] = None if data is None else agreement_from_canonical(data)
        return self._versions[version_hash]

    def rules_for(self, interaction) -> Agreement:
        """The agreement version an interaction is judged by (recorded, else today's)."""
        current = self.catalog.agreements[interaction.agreement]
        if interaction.version:
            return self.resolve_version(interaction.version) or current
        return current
