"""The events a user records from the interaction screen, through the same services as the CLI.

Each :class:`EventAction` names an event kind, the words the screen shows and the inputs its form
asks for.  :func:`refusal` asks the domain's gate (:func:`slacheck.domain.timeline.check`) first,
so a transition that would be refused is reported with the domain's own message before any form
opens; :func:`perform` records the event with :func:`slacheck.services.interactions.record`, or
acknowledges with :func:`slacheck.services.escalations.acknowledge` after recording the levels
reached, exactly as ``slacheck ack`` does.  Both raise or return the domain's messages; nothing
here shows anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from ...domain import events as kinds

if TYPE_CHECKING:
    from ...domain.events import Interaction
    from ...services.session import Session

REASON = "reason"
RATING = "rating"
COMMENT = "comment"
TEXT = "text"
NOTE = "note"
PRIORITY = "priority"


@dataclass(frozen=True)
class EventAction:
    """One thing that can happen to a request: ``name`` is the action, ``kind`` the event."""

    name: str
    kind: str
    verb: str
    explanation: str
    fields: tuple[str, ...] = ()


ACTIONS: dict[str, EventAction] = {a.name: a for a in (
    EventAction("respond", kinds.RESPONDED, "Respond",
                "Record the first response: the first-response clock stops."),
    EventAction("pause", kinds.PAUSED, "Pause",
                "Waiting on the requester: the resolution clock stops until it is resumed.", (REASON,)),
    EventAction("resume", kinds.RESUMED, "Resume",
                "The requester answered: the resolution clock runs again."),
    EventAction("resolve", kinds.RESOLVED, "Resolve",
                "The requester has what they asked for: both clocks stop."),
    EventAction("reopen", kinds.REOPENED, "Reopen",
                "Open it again; the time it spent resolved does not count."),
    EventAction("rate", kinds.RATED, "Rate",
                "The requester's rating, 1 (poor) to 5 (excellent), with an optional comment.",
                (RATING, COMMENT)),
    EventAction("comment", kinds.COMMENTED, "Comment", "Add a note to the request's history.", (TEXT,)),
    EventAction("reprioritize", kinds.REPRIORITIZED, "Change priority",
                "The new priority's targets apply from the opening.", (PRIORITY,)),
    EventAction("acknowledge", kinds.ACKNOWLEDGED, "Acknowledge escalation",
                "Someone is on it: acknowledges the current escalation level.", (NOTE,)),
)}

#: Kinds whose refusal depends only on the request's state, not on what the form asks.
_STATE_ONLY = frozenset({kinds.RESPONDED, kinds.PAUSED, kinds.RESUMED, kinds.RESOLVED,
                         kinds.REOPENED, kinds.ACKNOWLEDGED, kinds.RATED})
#: For the state check of a kind whose payload the form has not asked for yet: a valid one.
_SAMPLE_PAYLOAD = {kinds.RATED: {"rating": 5}}


@dataclass(frozen=True)
class EventInput:
    """What the form returned: who did it and the raw field values."""

    actor: str = ""
    values: Mapping[str, str] = field(default_factory=dict)


def field_error(name: str, value: str) -> str | None:
    """Why a form value cannot be recorded (shown while typing), or ``None``."""
    text = value.strip()
    if name == RATING:
        if not text.isdigit() or not 1 <= int(text) <= 5:
            return "a rating is a whole number from 1 to 5"
    elif name == TEXT and not text:
        return "a comment needs some text"
    return None


def payload(action: EventAction, values: Mapping[str, str]) -> dict:
    """The event payload from the form's values (``rating`` as a number)."""
    result: dict = {}
    for name in action.fields:
        value = values.get(name, "")
        if name == RATING:
            result[RATING] = int(value.strip()) if value.strip().isdigit() else value
        elif name == PRIORITY:
            result[PRIORITY] = value
        elif value.strip():
            result[name] = value.strip()
    return result


def priorities_of(session: Session, interaction: Interaction) -> tuple[str, ...]:
    """The priorities the request's service defines (today's agreement), for reprioritizing."""
    agreement = session.catalog.agreements.get(interaction.agreement)
    if agreement is None:
        return ()
    try:
        return tuple(agreement.service(interaction.service).priorities)
    except KeyError:
        return ()


def refusal(session: Session, interaction: Interaction, action: EventAction, now: int) -> str | None:
    """The domain's reason to refuse ``action`` on the request now, or ``None`` if it may go on.

    Only transitions are checked here (respond twice, resume when not paused, …); what depends
    on the form's values is checked when the event is recorded.
    """
    from ...domain.evaluation import evaluate
    from ...domain.events import Event
    from ...domain.timeline import check, fold
    from ...errors import RuleViolation

    if action.kind not in _STATE_ONLY:
        return None
    events = session.store.events(interaction.id)
    timeline = fold(interaction, events)
    event_payload: dict = dict(_SAMPLE_PAYLOAD.get(action.kind, {}))
    if action.kind == kinds.ACKNOWLEDGED:
        # The levels reached by now are recorded before acknowledging (as `slacheck ack` does).
        from ...services.figures import judging

        with judging(interaction):
            evaluation = evaluate(session.rules_for(interaction), fold(interaction, events, until=now), now)
        for crossing in evaluation.crossings:
            timeline.escalated.setdefault(crossing.level, int(crossing.at))
        event_payload = {"level": timeline.escalation_level}
    try:
        check(timeline, Event(action.kind, now, "", event_payload))
    except RuleViolation as exc:
        return exc.message
    return None


def perform(session: Session, interaction: Interaction, action: EventAction, given: EventInput,
            now: int) -> str:
    """Record the event at ``now``; returns what was done, in words.

    Raises :class:`~slacheck.errors.SlacheckError` (a refused transition, a bad value) with the
    domain's message.
    """
    from ...services.interactions import record

    if action.kind == kinds.ACKNOWLEDGED:
        level = acknowledge_now(session, interaction, given, now)
        return f"Acknowledged level {level} of #{interaction.id}"
    record(session, interaction.id, action.kind, at=now, actor=given.actor.strip(),
           payload=payload(action, given.values))
    return f"{action.verb}: recorded on #{interaction.id}"


def acknowledge_now(session: Session, interaction: Interaction, given: EventInput, now: int) -> int:
    """Record the levels the request has reached by ``now``, then acknowledge the current one."""
    from ...domain.evaluation import evaluate
    from ...domain.timeline import fold
    from ...services.escalations import acknowledge, record_escalations
    from ...services.figures import RULES_RECORDED, Figures, judging

    session.sync_versions(now)
    with judging(interaction):
        evaluation = evaluate(session.rules_for(interaction),
                              fold(interaction, session.store.events(interaction.id), until=now), now)
    record_escalations(session, Figures(now, RULES_RECORDED, (), (), (), {interaction.id: evaluation}))
    _, level = acknowledge(session, interaction.id, at=now, by=given.actor.strip(),
                           note=given.values.get(NOTE, "").strip())
    return level
