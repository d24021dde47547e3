"""Writing drafts to the store in order of opening, in batches, with ticket keys.

Drafts arrive roughly in time order (day by day, stream by stream); :class:`Writer` keeps them
in a heap and releases those opened before a horizon, so ids and ticket keys grow with the
opening instant while memory stays bounded by a few days of requests.  Each batch is one
:meth:`~slacheck.store.StoreBackend.add_histories` call (one transaction).
"""

from __future__ import annotations

import heapq
import math

from ..domain.events import Interaction
from ..store import History, StoreBackend
from .lifecycle import Draft
from .profiles import ref_prefix

#: Histories per ``add_histories`` call.
BATCH = 5000
#: First number of every provider's ticket keys ("IT-10001").
FIRST_REF = 10001


class Writer:
    """Collects drafts, orders them by opening instant and stores them in batches."""

    def __init__(self, store: StoreBackend, batch: int = BATCH) -> None:
        self.store = store
        self.batch = batch
        self._heap: list[tuple[int, int, Draft, str]] = []
        self._pushed = 0
        self._next_ref: dict[str, int] = {}
        self._buffer: list[tuple[History, str]] = []
        self.interactions = 0
        self.events = 0
        #: role -> ids of the stored interactions placed in that role (see ``planted``).
        self.roles: dict[str, list[int]] = {}

    def push(self, draft: Draft, role: str = "") -> None:
        heapq.heappush(self._heap, (draft.opened_at, self._pushed, draft, role))
        self._pushed += 1

    def release_before(self, horizon: float) -> None:
        """Stage every draft opened before ``horizon`` (no later push may open before it)."""
        heap = self._heap
        while heap and heap[0][0] < horizon:
            _, _, draft, role = heapq.heappop(heap)
            self._stage(draft, role)

    def close(self) -> None:
        """Store everything still held."""
        self.release_before(math.inf)
        self._write()

    def _stage(self, draft: Draft, role: str) -> None:
        prefix = ref_prefix(draft.provider)
        number = self._next_ref.get(prefix, FIRST_REF)
        self._next_ref[prefix] = number + 1
        interaction = Interaction(0, draft.agreement, draft.service, draft.opened_at, draft.title,
                                  draft.priority, draft.requester, f"{prefix}-{number}")
        self._buffer.append((History(interaction, draft.events), role))
        if len(self._buffer) >= self.batch:
            self._write()

    def _write(self) -> None:
        if not self._buffer:
            return
        stored = self.store.add_histories([history for history, _ in self._buffer])
        for (history, role), interaction in zip(self._buffer, stored):
            self.events += len(history.events)
            if role:
                self.roles.setdefault(role, []).append(interaction.id)
        self.interactions += len(stored)
        self._buffer = []
