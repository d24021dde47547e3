"""The explanation of one interaction: its timeline and, per target, where every working minute went.

:func:`explain` evaluates one interaction at an instant (through the one evaluation path,
:func:`slacheck.domain.evaluation.evaluate`, judged by the agreement version recorded when it was
opened) and splits each clock's wall-clock time with :func:`slacheck.domain.explain.breakdown`.
:func:`explanation_sections` renders it as plain text lines, one section per heading; ``slacheck
show`` prints them and the dashboard's interaction screen shows the very same lines.

User text (titles, refs, requesters, actors, payload values) passes through
:func:`slacheck.report.safe.terminal`, so control characters are visible escapes; the lines are
plain text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..domain.durations import format_seconds
from ..domain.evaluation import Clock, Evaluation, evaluate
from ..domain.events import Event, Interaction
from ..domain.explain import Breakdown, breakdown
from ..domain.model import Agreement
from ..domain.timeline import Timeline, fold, open_pauses
from ..report.common import local
from ..report.safe import terminal
from .figures import judging
from .session import Session

#: Payload keys shown after an event in the timeline, in this order.
DETAIL_KEYS = ("reason", "priority", "previous", "rating", "comment", "text", "level", "to",
               "threshold", "note")

HEADER = ""
TIMELINE = "Timeline"
TARGETS = "Targets"
ESCALATIONS = "Escalations"


@dataclass(frozen=True)
class TargetExplanation:
    """One clock at the evaluation instant and where its wall-clock time went."""

    clock: Clock
    parts: Breakdown


@dataclass(frozen=True)
class Explanation:
    """Everything ``slacheck show`` says about one interaction at ``as_of``."""

    interaction: Interaction
    agreement: Agreement  # the version the interaction is judged by
    events: tuple[Event, ...]  # every stored event, also those after ``as_of``
    timeline: Timeline  # folded up to ``as_of``
    evaluation: Evaluation
    as_of: int
    targets: tuple[TargetExplanation, ...]


def explain(session: Session, interaction: Interaction, as_of: int) -> Explanation:
    """Evaluate ``interaction`` at ``as_of`` and break down each of its clocks."""
    events = session.store.events(interaction.id)
    with judging(interaction):
        agreement = session.rules_for(interaction)
        timeline = fold(interaction, events, until=as_of)
        evaluation = evaluate(agreement, timeline, as_of)
        pauses = open_pauses(timeline)
        targets = tuple(
            TargetExplanation(clock, breakdown(agreement.calendar, clock, interaction.opened_at, as_of, pauses))
            for clock in evaluation.clocks
        )
    return Explanation(interaction, agreement, tuple(events), timeline, evaluation, as_of, targets)


def event_details(payload: Mapping) -> str:
    """``key=value`` pairs of the payload keys worth showing, made safe for a terminal."""
    parts = []
    for key in DETAIL_KEYS:
        if key in payload and payload[key] not in ("", None):
            parts.append(f"{key}={terminal(payload[key])}")
    return "  ".join(parts)


def header_lines(ex: Explanation, tz: str) -> list[str]:
    interaction, agreement, cal = ex.interaction, ex.agreement, ex.agreement.calendar
    return [
        f"#{interaction.id}  {terminal(interaction.title)}",
        f"  ref         {terminal(interaction.ref or '-')}",
        f"  agreement   {agreement.id} / {interaction.service}"
        f"  priority {terminal(ex.timeline.priority or '(none)')}",
        f"  requester   {terminal(interaction.requester or '-')}",
        f"  calendar    {cal.id} ({cal.timezone}); rules version {(interaction.version or 'current')[:12]}",
        f"  state       {ex.evaluation.state} at {local(ex.as_of, tz)} ({tz})",
    ]


def timeline_lines(ex: Explanation, tz: str) -> list[str]:
    lines = []
    for event in ex.events:
        marker = "  " if event.at <= ex.as_of else "  (after --as-of) "
        actor = f" by {terminal(event.actor)}" if event.actor else ""
        lines.append(f"{marker}{local(event.at, tz)}  {event.kind:<13}{actor}  {event_details(event.payload)}".rstrip())
    return lines


def target_lines(ex: Explanation, tz: str) -> list[str]:
    if not ex.targets:
        return ["  (this service has no targets)"]
    lines = []
    for target in ex.targets:
        clock, parts = target.clock, target.parts
        name = clock.name.replace("_", " ")
        deadline = "none while paused" if clock.deadline is None else local(clock.deadline, tz)
        stopped = (f"  (stopped {local(clock.stopped_at, tz)})" if clock.stopped_at is not None
                   else "  (running)")
        lines += [
            f"  {name}: {clock.state.upper()}",
            f"    target      {format_seconds(clock.target)} of working time",
            f"    used        {format_seconds(clock.elapsed)}{stopped}",
            f"    deadline    {deadline}",
            f"    left        {format_seconds(clock.left)}",
            f"    wall clock  {format_seconds(parts.wall)} = {format_seconds(parts.outside_hours)} outside working hours"
            f" + {format_seconds(parts.paused)} paused + {format_seconds(parts.counted)} counted",
        ]
    return lines


def escalation_lines(ex: Explanation, tz: str) -> list[str]:
    lines = []
    for crossing in ex.evaluation.crossings:
        acked = "acknowledged" if crossing.level in ex.timeline.acknowledged else "not acknowledged"
        lines.append(f"  level {crossing.level} ({float(crossing.threshold) * 100:g} % of resolution) to {crossing.to}"
                     f" at {local(crossing.at, tz)}, {acked}")
    return lines


def explanation_sections(ex: Explanation, tz: str) -> list[tuple[str, list[str]]]:
    """``(heading, lines)`` in order: the header (heading ``""``), the timeline, the targets and,
    when a level was reached, the escalations."""
    sections = [(HEADER, header_lines(ex, tz)), (TIMELINE, timeline_lines(ex, tz)),
                (TARGETS, target_lines(ex, tz))]
    if ex.evaluation.crossings:
        sections.append((ESCALATIONS, escalation_lines(ex, tz)))
    return sections


def explanation_lines(ex: Explanation, tz: str) -> list[str]:
    """The whole explanation as ``slacheck show`` prints it: sections separated by a blank line."""
    lines: list[str] = []
    for heading, body in explanation_sections(ex, tz):
        if heading:
            lines += ["", heading]
        lines += body
    return lines
