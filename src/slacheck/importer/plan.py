"""What a record means for the store: the events of a new interaction, or only the news.

:func:`new_history` turns a record into an interaction with its whole history; :func:`news`
compares a record with the stored history of the same ``ref`` and returns only the events not
stored yet (a ticket resolved or rated since the last export).  Every event passes the
domain's gate (:func:`slacheck.domain.timeline.check`) before it is planned, exactly as an
event logged by hand would; a record whose facts contradict the stored history is a
:class:`RowProblem`, never a silent rewrite.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..domain.events import (
    COMMENTED,
    OPENED,
    PAUSED,
    RATED,
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
from .readers import RowProblem
from .records import ImportRecord

#: The actor of every imported event.
ACTOR = "import"

# Among events at the same instant: a pause ends before anything else happens, a response
# comes before a pause or a resolution, a rating or comment after the resolution.
_RANK = {OPENED: 0, RESUMED: 1, RESPONDED: 2, PAUSED: 3, RESOLVED: 4, RATED: 5, COMMENTED: 5}


def _when(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_events(record: ImportRecord) -> list[Event]:
    """Every event the record states, in the order they happened (``opened`` first).

    A pause that ends at the resolution needs no ``resumed``: resolving ends the wait.  A rating
    is recorded at the resolution; a comment without a rating at the last instant the record
    knows.
    """
    (_, _, _, opened_at, _, _, _, responded_at, resolved_at, pauses, rating, comment) = record
    empty = EMPTY_PAYLOAD
    events = [make_event(OPENED, opened_at, ACTOR, empty, 0)]
    append = events.append
    if responded_at is not None:
        append(make_event(RESPONDED, responded_at, ACTOR, empty, 0))
    if pauses:
        for start, end in pauses:
            append(make_event(PAUSED, start, ACTOR, empty, 0))
            if end is not None and end != resolved_at:
                append(make_event(RESUMED, end, ACTOR, empty, 0))
    if resolved_at is not None:
        append(make_event(RESOLVED, resolved_at, ACTOR, empty, 0))
    if pauses:  # without pauses the checked record is in order already
        events.sort(key=_order)
    if rating is not None:
        payload: dict = {"rating": rating, "comment": comment} if comment else {"rating": rating}
        append(make_event(RATED, resolved_at, ACTOR, payload, 0))
    elif comment and not comment.isspace():
        append(make_event(COMMENTED, events[-1].at, ACTOR, {"text": comment}, 0))
    return events


def _order(event: Event) -> tuple[int, int]:
    return event.at, _RANK[event.kind]


def _gate(timeline: Timeline, events: list[Event], priorities: tuple[str, ...], ref: str) -> None:
    """Pass each event through the domain's transition check, advancing ``timeline``."""
    for event in events:
        try:
            check(timeline, event, priorities=priorities)
        except RuleViolation as exc:
            raise RowProblem.varying("ticket ", repr(ref), f": {exc.message}") from None
        apply(timeline, event)


def new_history(record: ImportRecord) -> History:
    """A new interaction (id 0 until stored) with the record's whole history.

    The events need no trip through the domain's gate: :func:`~.records.check_order` admits
    only records whose events the gate accepts, which ``tests/store/test_importer_gate.py``
    proves for arbitrary records.  That keeps the bulk path of an import fast.
    """
    ref, agreement, service, opened_at, priority, requester, title = record[:7]
    interaction = make_interaction(
        0, agreement, service, opened_at, title, priority, requester, ref, None
    )
    return History(interaction, record_events(record))


def _facts(record: ImportRecord, interaction: Interaction, timeline: Timeline) -> None:
    """Refuse a record that disagrees with the facts fixed when the interaction was opened."""
    stored = interaction
    pairs = (
        ("agreement", stored.agreement, record.agreement),
        ("service", stored.service, record.service),
        ("requester", stored.requester, record.requester),
        ("title", stored.title, record.title),
    )
    ref = repr(record.ref)
    if stored.opened_at != record.opened_at:
        raise RowProblem.varying(
            "ticket ", ref, " is stored as opened at ", _when(stored.opened_at), ", this row says ",
            _when(record.opened_at), "; what was fixed at opening cannot change"
        )
    for name, before, now in pairs:
        if before != now:
            raise RowProblem.varying(
                "ticket ", ref, f" is stored with {name} ", repr(before), ", this row says ",
                repr(now), "; what was fixed at opening cannot change"
            )
    if record.priority not in (stored.priority, timeline.priority):
        raise RowProblem.varying(
            "ticket ", ref, " has priority ", repr(timeline.priority or "(none)"), ", this row says ",
            repr(record.priority or "(none)"), "; record a change of priority with "
            "`slacheck reprioritize`, not by import"
        )


def news(
    record: ImportRecord, history: History, priorities: tuple[str, ...] = ()
) -> list[Event]:
    """The events of ``record`` not yet in ``history`` (empty: nothing changed).

    A fact already stored is skipped; a different value for a fact the history already has
    (another first response, another resolution while resolved) is a :class:`RowProblem`, as
    is any new event the domain would refuse after the stored ones.
    """
    stored = history.events
    timeline = fold(history.interaction, stored)
    _facts(record, history.interaction, timeline)
    seen = {(event.kind, event.at) for event in stored}
    texts = {event.payload.get("text") for event in stored if event.kind == COMMENTED}
    ref = record.ref
    if (
        record.first_response_at is not None
        and timeline.responded_at is not None
        and record.first_response_at != timeline.responded_at
    ):
        raise RowProblem.varying(
            "ticket ", repr(ref), " is stored with its first response at ",
            _when(timeline.responded_at), ", this row says ", _when(record.first_response_at)
        )
    if (
        record.resolved_at is not None
        and timeline.resolved_at is not None
        and (RESOLVED, record.resolved_at) not in seen
    ):
        raise RowProblem.varying(
            "ticket ", repr(ref), " is stored as resolved at ", _when(timeline.resolved_at),
            ", this row says ", _when(record.resolved_at)
        )
    fresh: list[Event] = []
    for event in record_events(record)[1:]:
        kind = event.kind
        if kind == RATED:
            if (timeline.rating, timeline.rating_comment) == (
                event.payload["rating"], event.payload.get("comment", "")
            ):
                continue
        elif kind == COMMENTED:
            if event.payload["text"] in texts:
                continue
        elif (kind, event.at) in seen:
            continue
        fresh.append(event)
    _gate(timeline, fresh, priorities, ref)
    return fresh
