"""``slacheck show ID``: the timeline of one interaction and where every working minute went."""

from __future__ import annotations

import click

from ..domain.durations import format_seconds
from ..domain.evaluation import evaluate
from ..domain.explain import breakdown
from ..domain.timeline import fold, open_pauses
from ..report.common import local
from ..report.safe import terminal
from ..services.interactions import find_interaction
from .context import instant, open_session

_DETAIL_KEYS = ("reason", "priority", "previous", "rating", "comment", "text", "level", "to", "threshold", "note")


def _details(payload) -> str:
    parts = []
    for key in _DETAIL_KEYS:
        if key in payload and payload[key] not in ("", None):
            parts.append(f"{key}={terminal(payload[key])}")
    return "  ".join(parts)


@click.command()
@click.argument("interaction_id", metavar="ID")
@click.option("--as-of", "as_of_text", metavar="TIMESTAMP", help="Evaluate at this instant (default: now).")
@click.pass_context
def show(ctx, interaction_id, as_of_text):
    """Show one interaction: its events and, per target, the working time used, the deadline
    and whether it was met -- with where every minute went.

    \b
    Example:
      slacheck show 17
      slacheck show T-0017 --as-of 2026-11-20T10:00Z
    """
    session = open_session(ctx)
    tz = session.timezone
    as_of = instant(session, as_of_text)
    interaction = find_interaction(session, interaction_id)
    events = session.store.events(interaction.id)
    agreement = session.rules_for(interaction)
    timeline = fold(interaction, events, until=as_of)
    evaluation = evaluate(agreement, timeline, as_of)
    cal = agreement.calendar

    echo = click.echo
    echo(f"#{interaction.id}  {terminal(interaction.title)}")
    echo(f"  ref         {terminal(interaction.ref or '-')}")
    echo(f"  agreement   {agreement.id} / {interaction.service}"
         f"  priority {terminal(timeline.priority or '(none)')}")
    echo(f"  requester   {terminal(interaction.requester or '-')}")
    echo(f"  calendar    {cal.id} ({cal.timezone}); rules version {(interaction.version or 'current')[:12]}")
    echo(f"  state       {evaluation.state} at {local(as_of, tz)} ({tz})")
    echo("")
    echo("Timeline")
    for event in events:
        marker = "  " if event.at <= as_of else "  (after --as-of) "
        actor = f" by {terminal(event.actor)}" if event.actor else ""
        echo(f"{marker}{local(event.at, tz)}  {event.kind:<13}{actor}  {_details(event.payload)}".rstrip())
    echo("")
    echo("Targets")
    if not evaluation.clocks:
        echo("  (this service has no targets)")
    pauses = open_pauses(timeline)
    for clock in evaluation.clocks:
        parts = breakdown(cal, clock, interaction.opened_at, as_of, pauses)
        name = clock.name.replace("_", " ")
        deadline = "none while paused" if clock.deadline is None else local(clock.deadline, tz)
        echo(f"  {name}: {clock.state.upper()}")
        echo(f"    target      {format_seconds(clock.target)} of working time")
        echo(f"    used        {format_seconds(clock.elapsed)}"
             + (f"  (stopped {local(clock.stopped_at, tz)})" if clock.stopped_at is not None else "  (running)"))
        echo(f"    deadline    {deadline}")
        echo(f"    left        {format_seconds(clock.left)}")
        echo(f"    wall clock  {format_seconds(parts.wall)} = {format_seconds(parts.outside_hours)} outside working hours"
             f" + {format_seconds(parts.paused)} paused + {format_seconds(parts.counted)} counted")
    if evaluation.crossings:
        echo("")
        echo("Escalations")
        for crossing in evaluation.crossings:
            acked = "acknowledged" if crossing.level in timeline.acknowledged else "not acknowledged"
            echo(f"  level {crossing.level} ({float(crossing.threshold) * 100:g} % of resolution) to {crossing.to}"
                 f" at {local(crossing.at, tz)}, {acked}")
