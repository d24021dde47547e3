"""What a ticket's states mean for the store: its events, or only those not stored yet.

:func:`derive` walks a ticket's rows in time order and turns the changes of state into the
events a person would have logged: ``opened`` at the first row (or the ``opened_at`` column),
``paused`` on entering a pause state and ``resumed`` on leaving it, ``responded`` on the first
response state (or the first assigned row), ``resolved`` on a resolve state (ending a pause, as
resolving does), ``reopened`` on a reopen state after a resolution, ``reprioritized`` on a change
of priority.  Consecutive rows in the same state change nothing; so does a second resolve state
in a row (Resolved -> Closed).

:func:`new_history` and :func:`news` pass every event through the domain's gate
(:func:`slacheck.domain.timeline.check`).  :func:`news` compares with the stored history: an
event already stored (same kind and instant, and for a reprioritization the same priority) is
skipped, the rest is appended after it; a log that contradicts what is stored — another
resolution while stored as resolved, facts fixed at opening that differ, an event an earlier
import stored that the log no longer has — raises :class:`TicketProblem`, never a rewrite.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from ..domain.events import (
    OPENED,
    PAUSED,
    REOPENED,
    REPRIORITIZED,
    RESOLVED,
    RESPONDED,
    RESUMED,
    Event,
    Interaction,
)
from ..domain.timeline import Timeline, apply, check, fold
from ..errors import RuleViolation
from ..store import History
from ..store.codec import EMPTY_PAYLOAD, make_event, make_interaction
from ..config.eventlog import PAUSE, REOPEN, RESOLVE, RESPOND
from .eventlog_rows import LogReader, Ticket
from .plan import ACTOR

#: The kinds an event log speaks about; stored events of other kinds (ratings, comments,
#: escalations) are left alone.
LOG_KINDS = frozenset({RESPONDED, PAUSED, RESUMED, RESOLVED, REOPENED, REPRIORITIZED})


class TicketProblem(Exception):
    """A ticket that cannot be imported, reported at ``row`` of the file."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


def _when(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Derived:
    """A ticket's interaction (id 0) and its events in order, each with the row that caused it."""

    __slots__ = ("interaction", "events", "rows", "times")

    def __init__(self, interaction: Interaction) -> None:
        self.interaction = interaction
        self.events: list[Event] = []
        self.rows: list[int] = []
        self.times: list[tuple[int, int]] = []  # (instant, row) of every row, in order

    def add(self, kind: str, at: int, row: int, payload=EMPTY_PAYLOAD) -> None:
        self.events.append(make_event(kind, at, ACTOR, payload, 0))
        self.rows.append(row)


def derive(ticket: Ticket, reader: LogReader) -> Derived:
    """The events the rows of ``ticket`` state (``opened`` first); raises :class:`TicketProblem`
    when its ``opened_at`` column comes after its first state."""
    rows = ticket.rows()
    facts = ticket.facts
    first_at, _, first_row = rows[0][:3]
    opened_at = first_at if facts.opened_at is None else facts.opened_at
    names, flags_of = reader.state_names, reader.state_flags
    if opened_at > first_at:
        raise TicketProblem(first_row, f"ticket {ticket.ref!r}: state {names[rows[0][3]]!r} begins "
                            f"at {_when(first_at)}, before the ticket was opened ({_when(opened_at)})")
    interaction = make_interaction(0, facts.agreement, facts.service, opened_at, facts.title,
                                   facts.priority, facts.requester, ticket.ref, None)
    derived = Derived(interaction)
    add = derived.add
    add(OPENED, opened_at, first_row)
    priorities = reader.priority_names if reader.log.priority is not None else None
    priority = facts.priority
    resolved = paused = responded = False
    previous = -1
    for at, _, row, state, priority_index, assigned in rows:
        derived.times.append((at, row))
        if state != previous:
            previous = state
            flags = flags_of[state]
            if resolved and not flags & RESOLVE and flags & REOPEN:
                add(REOPENED, at, row)
                resolved = False
            if not resolved:
                if flags & RESOLVE:
                    add(RESOLVED, at, row)
                    resolved, paused = True, False
                elif flags & PAUSE:
                    if not paused:
                        add(PAUSED, at, row, {"reason": names[state]})
                        paused = True
                else:
                    if paused:
                        add(RESUMED, at, row)
                        paused = False
                    if flags & RESPOND and not responded:
                        add(RESPONDED, at, row)
                        responded = True
        if assigned and not responded and not resolved:
            add(RESPONDED, at, row)
            responded = True
        if priorities is not None and priorities[priority_index] != priority:
            new = priorities[priority_index]
            add(REPRIORITIZED, at, row, {"priority": new, "previous": priority})
            priority = new
    return derived


def _gate(timeline: Timeline, derived: Derived, events: list[Event],
          priorities: tuple[str, ...], ref: str) -> None:
    """Pass ``events`` (some of ``derived``'s) through the domain's gate after ``timeline``,
    advancing it."""
    rows = {id(event): row for event, row in zip(derived.events, derived.rows)}
    for event in events:
        try:
            check(timeline, event, priorities=priorities)
        except RuleViolation as exc:
            raise TicketProblem(rows[id(event)], _refusal(ref, timeline, event, exc.message)) from None
        apply(timeline, event)


def _refusal(ref: str, timeline: Timeline, event: Event, why: str) -> str:
    """Why the log's ``event`` cannot follow the stored history, in the ticket's words."""
    kind, at = event.kind, event.at
    if kind == RESOLVED and timeline.resolved_at is not None:
        return (f"ticket {ref!r} is stored as resolved at {_when(timeline.resolved_at)}; the log "
                f"resolves it at {_when(at)} with no reopening between")
    if kind == RESPONDED and timeline.responded_at is not None:
        return (f"ticket {ref!r} is stored with its first response at "
                f"{_when(timeline.responded_at)}; the log says {_when(at)}")
    return f"ticket {ref!r}: the log's {kind} at {_when(at)} cannot be recorded: {why}"


def new_history(derived: Derived, priorities: tuple[str, ...]) -> History:
    """A new interaction with every derived event, each checked by the domain's gate."""
    interaction = derived.interaction
    try:
        check(None, derived.events[0])
    except RuleViolation as exc:
        raise TicketProblem(derived.rows[0], f"ticket {interaction.ref!r}: {exc.message}") from None
    timeline = fold(interaction, [])
    _gate(timeline, derived, derived.events[1:], priorities, interaction.ref or "")
    return History(interaction, derived.events)


def _key(event: Event) -> tuple:
    if event.kind == REPRIORITIZED:
        return event.kind, event.at, str(event.payload.get("priority", ""))
    return event.kind, event.at


def _facts(derived: Derived, stored: Interaction) -> None:
    """Refuse a log that disagrees with the facts fixed when the ticket was opened."""
    mine = derived.interaction
    ref, row = mine.ref, derived.rows[0]
    if stored.opened_at != mine.opened_at:
        raise TicketProblem(row, f"ticket {ref!r} is stored as opened at {_when(stored.opened_at)}, "
                            f"the log opens it at {_when(mine.opened_at)}; what was fixed at "
                            "opening cannot change")
    for name in ("agreement", "service", "priority", "requester", "title"):
        before, now = getattr(stored, name), getattr(mine, name)
        if before != now:
            what = f"{name} at opening" if name == "priority" else name
            raise TicketProblem(row, f"ticket {ref!r} is stored with {what} {before!r}, the log "
                                f"says {now!r}; what was fixed at opening cannot change")


def news(derived: Derived, history: History, priorities: tuple[str, ...]) -> list[Event]:
    """The derived events not yet in ``history`` (empty: nothing changed), checked by the gate
    after the stored ones."""
    stored = history.events
    _facts(derived, history.interaction)
    ref = history.interaction.ref or ""
    waiting = Counter(_key(event) for event in stored if event.kind in LOG_KINDS)
    fresh: list[Event] = []
    for event in derived.events[1:]:
        key = _key(event)
        if waiting[key]:
            waiting[key] -= 1
        else:
            fresh.append(event)
    for event in stored:  # what an earlier import stored must still be in the log
        key = _key(event)
        if event.kind in LOG_KINDS and event.actor == ACTOR and waiting[key]:
            instead = next((new for new in fresh if new.kind == event.kind), None)
            if instead is not None:
                row = next(r for e, r in zip(derived.events, derived.rows) if e is instead)
                says = f"the log says {instead.kind} at {_when(instead.at)}"
            else:
                later = [row for at, row in derived.times if at >= event.at]
                row = later[0] if later else derived.times[-1][1]
                says = "the log has no such change of state"
            raise TicketProblem(row, f"ticket {ref!r} is stored as {event.kind} at "
                                f"{_when(event.at)} (by an earlier import); {says}")
    if fresh:
        _gate(fold(history.interaction, stored), derived, fresh, priorities, ref)
    return fresh
