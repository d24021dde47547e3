"""Fold an interaction's events into its state, and refuse events that make no sense.

:func:`fold` replays the events in their order of arrival and yields a :class:`Timeline`: when
the first response came, when it was resolved, the spans in which the resolution clock stood
still, the current priority, the rating, the escalation levels reached and acknowledged.
:func:`check` is the single gate every new event passes before the store appends it, whether it
comes from the CLI, the TUI or an import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..errors import RuleViolation
from .bounds import describe_instant, instant_problem
from .events import (
    ACKNOWLEDGED,
    CLOCK_EVENTS,
    COMMENTED,
    ESCALATED,
    EVENT_KINDS,
    OPENED,
    PAUSED,
    RATED,
    REOPENED,
    REPRIORITIZED,
    RESOLVED,
    RESPONDED,
    RESUMED,
    Event,
    Interaction,
)


def _when(at: int) -> str:
    try:
        return datetime.fromtimestamp(at, timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return describe_instant(at)


@dataclass
class Timeline:
    """The state of one interaction after some of its events.

    ``pauses`` holds every span in which the resolution clock stood still: waiting on the
    requester (``paused`` → ``resumed``) and the time between a resolution and a reopening.
    An unfinished pause has ``None`` as its end.
    """

    interaction: Interaction
    priority: str
    responded_at: int | None = None
    resolved_at: int | None = None
    #: The first resolution ever, kept through a reopening (it stopped the first-response clock).
    first_resolved_at: int | None = None
    paused_since: int | None = None
    pauses: list[tuple[int, int | None]] = field(default_factory=list)
    rating: int | None = None
    rating_comment: str = ""
    escalated: dict[int, int] = field(default_factory=dict)  # level -> instant crossed
    acknowledged: dict[int, int] = field(default_factory=dict)  # level -> instant acknowledged
    last_clock_at: int = 0
    events: list[Event] = field(default_factory=list)

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def first_response_at(self) -> int | None:
        """The first response; resolving without one counts as the first response, and a later
        reopening does not start that clock again."""
        responded, resolved = self.responded_at, self.first_resolved_at
        if responded is None or (resolved is not None and resolved < responded):
            return resolved
        return responded

    @property
    def escalation_level(self) -> int:
        """The highest escalation level recorded so far (0: none)."""
        return max(self.escalated, default=0)

    def level_at(self, at: int) -> int:
        """The highest escalation level reached by instant ``at`` (what acknowledging at ``at``
        acknowledges: a level recorded now but reached later is not yet current then)."""
        return max((level for level, when in self.escalated.items() if when <= at), default=0)


def check(timeline: Timeline | None, event: Event, *, priorities: tuple[str, ...] = ()) -> None:
    """Raise :class:`RuleViolation` if ``event`` cannot follow the state in ``timeline``.

    ``priorities`` are the priorities the service defines (for ``reprioritized``).
    """
    kind = event.kind
    if kind not in EVENT_KINDS:
        raise RuleViolation(f"unknown event kind {kind!r}")
    problem = instant_problem(event.at)
    if problem is not None:
        raise RuleViolation(f"{describe_instant(event.at)} {problem}")
    if timeline is None:
        if kind != OPENED:
            raise RuleViolation("an interaction starts with an 'opened' event")
        return
    number = timeline.interaction.id
    if kind == OPENED:
        raise RuleViolation(f"interaction {number} is already open")
    opened_at = timeline.interaction.opened_at
    if event.at < opened_at:
        raise RuleViolation(
            f"{_when(event.at)} is before interaction {number} was opened ({_when(opened_at)})"
        )
    if kind in CLOCK_EVENTS and event.at < timeline.last_clock_at:
        raise RuleViolation(
            f"{_when(event.at)} is earlier than the last event of interaction {number} "
            f"({_when(timeline.last_clock_at)}); events are recorded in order"
        )
    resolved = timeline.is_resolved
    if kind == RESPONDED:
        if timeline.responded_at is not None:
            raise RuleViolation(
                f"interaction {number} already had its first response at {_when(timeline.responded_at)}"
            )
        if resolved:
            raise RuleViolation(f"interaction {number} is resolved; reopen it first")
    elif kind == PAUSED:
        if resolved:
            raise RuleViolation(f"interaction {number} is resolved; a resolved one cannot be paused")
        if timeline.is_paused:
            raise RuleViolation(f"interaction {number} is already paused since {_when(timeline.paused_since)}")
    elif kind == RESUMED:
        if not timeline.is_paused:
            raise RuleViolation(f"interaction {number} is not paused")
    elif kind == RESOLVED:
        if resolved:
            raise RuleViolation(f"interaction {number} is already resolved")
    elif kind == REOPENED:
        if not resolved:
            raise RuleViolation(f"interaction {number} is not resolved, so it cannot be reopened")
    elif kind == REPRIORITIZED:
        new = str(event.payload.get("priority", ""))
        if new and new not in priorities:
            known = ", ".join(priorities) or "none"
            raise RuleViolation(f"unknown priority {new!r} (this service defines: {known})")
        if new == timeline.priority:
            raise RuleViolation(f"interaction {number} already has priority {new or '(none)'!r}")
    elif kind == RATED:
        rating = event.payload.get("rating")
        if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
            raise RuleViolation(f"a rating is a whole number from 1 to 5, not {rating!r}")
        if not resolved:
            raise RuleViolation(f"interaction {number} is not resolved; a requester rates a "
                                "request once it is resolved")
    elif kind == ESCALATED:
        level = event.payload.get("level")
        if not isinstance(level, int) or level < 1:
            raise RuleViolation(f"bad escalation level {level!r}")
        if level in timeline.escalated:
            raise RuleViolation(f"interaction {number} already reached escalation level {level}")
    elif kind == ACKNOWLEDGED:
        level = event.payload.get("level")
        current = timeline.level_at(event.at)
        if current == 0:
            raise RuleViolation(f"interaction {number} has no escalation to acknowledge")
        if level != current:
            raise RuleViolation(f"interaction {number} is at escalation level {current}, not {level}")
        if current in timeline.acknowledged:
            raise RuleViolation(f"escalation level {current} of interaction {number} is already acknowledged")
    elif kind == COMMENTED:
        if not str(event.payload.get("text", "")).strip():
            raise RuleViolation("a comment needs some text")


def apply(timeline: Timeline, event: Event) -> None:
    """Advance ``timeline`` by one event (assumed checked)."""
    kind, at = event.kind, event.at
    timeline.events.append(event)
    if kind in CLOCK_EVENTS:
        timeline.last_clock_at = max(timeline.last_clock_at, at)
    if kind == RESPONDED:
        timeline.responded_at = at
    elif kind == PAUSED:
        timeline.paused_since = at
    elif kind == RESUMED:
        timeline.pauses.append((timeline.paused_since, at))
        timeline.paused_since = None
    elif kind == RESOLVED:
        if timeline.paused_since is not None:  # resolving ends the wait on the requester
            timeline.pauses.append((timeline.paused_since, at))
            timeline.paused_since = None
        timeline.resolved_at = at
        if timeline.first_resolved_at is None:
            timeline.first_resolved_at = at
    elif kind == REOPENED:
        # The time between resolution and reopening does not count: as if paused.
        timeline.pauses.append((timeline.resolved_at, at))
        timeline.resolved_at = None
    elif kind == REPRIORITIZED:
        timeline.priority = str(event.payload.get("priority", ""))
    elif kind == RATED:
        timeline.rating = int(event.payload["rating"])
        timeline.rating_comment = str(event.payload.get("comment", "") or "")
    elif kind == ESCALATED:
        timeline.escalated[int(event.payload["level"])] = at
    elif kind == ACKNOWLEDGED:
        timeline.acknowledged[int(event.payload["level"])] = at


def open_pauses(timeline: Timeline) -> list[tuple[int, int | None]]:
    """All pause spans, the unfinished one (if any) last with ``None`` as its end."""
    if timeline.paused_since is None:
        return timeline.pauses
    return [*timeline.pauses, (timeline.paused_since, None)]


def fold(interaction: Interaction, events: list[Event], until: int | None = None) -> Timeline:
    """Replay ``events`` (in order of arrival); with ``until``, ignore those after that instant.

    The ``opened`` event itself may be among ``events``; it adds nothing beyond the interaction.
    Stored histories were checked on the way in, so folding never raises.
    """
    timeline = Timeline(interaction=interaction, priority=interaction.priority,
                        last_clock_at=interaction.opened_at)
    for event in events:
        if until is not None and event.at > until:
            continue
        if event.kind == OPENED:
            timeline.events.append(event)
            continue
        apply(timeline, event)
    return timeline
