"""Interactions and their events: the append-only history every figure is derived from.

An :class:`Interaction` is one request from an internal customer.  Its facts at opening are
fixed; everything that happens afterwards is an :class:`Event`.  Nothing is updated in place:
the current state is folded from the events (:mod:`slacheck.domain.timeline`).

Instants are integer POSIX seconds in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

OPENED = "opened"
RESPONDED = "responded"
PAUSED = "paused"
RESUMED = "resumed"
RESOLVED = "resolved"
REOPENED = "reopened"
REPRIORITIZED = "reprioritized"
RATED = "rated"
COMMENTED = "commented"
ESCALATED = "escalated"
ACKNOWLEDGED = "acknowledged"

#: Every event kind, in the order a typical interaction meets them.
EVENT_KINDS = (
    OPENED,
    RESPONDED,
    PAUSED,
    RESUMED,
    RESOLVED,
    REOPENED,
    REPRIORITIZED,
    RATED,
    COMMENTED,
    ESCALATED,
    ACKNOWLEDGED,
)

#: Events that move the clocks; their instants must never go backwards.
CLOCK_EVENTS = frozenset({OPENED, RESPONDED, PAUSED, RESUMED, RESOLVED, REOPENED})


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened to an interaction.

    ``payload`` by kind: paused ``{"reason"}``; reprioritized ``{"priority", "previous"}``;
    rated ``{"rating", "comment"}``; commented ``{"text"}``; escalated ``{"level", "to",
    "threshold"}``; acknowledged ``{"level", "note"}``.  ``seq`` is the store's order of
    arrival (0 for an event not stored yet).
    """

    kind: str
    at: int
    actor: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)
    seq: int = 0


@dataclass(frozen=True, slots=True)
class Interaction:
    """The facts fixed at opening.  ``priority`` is the one it was opened with ("" = none);
    ``version`` is the hash of the agreement version in force when it was opened."""

    id: int
    agreement: str
    service: str
    opened_at: int
    title: str = ""
    priority: str = ""
    requester: str = ""
    ref: str | None = None
    version: str | None = None
