"""``slacheck escalations`` lists open escalations; ``slacheck ack`` acknowledges one."""

from __future__ import annotations

import click

from ..report.common import local
from ..report.safe import terminal
from ..services.escalations import acknowledge, record_escalations
from ..services.figures import compute_figures
from .context import at_option, instant, open_session
from .report import unjudged_lines


@click.command()
@click.option("--as-of", "as_of_text", metavar="TIMESTAMP", help="Evaluate at this instant (default: now).")
@click.option("--unacknowledged", is_flag=True, help="Only those nobody acknowledged yet.")
@click.option("--record", is_flag=True,
              help="Also record each level reached by now as an event (for cron; needs write "
                   "access). Without it the command only reads.")
@click.pass_context
def escalations(ctx, as_of_text, unacknowledged, record):
    """List open escalations: agreement, interaction, level, to whom, since when, acknowledged.

    Levels are listed as soon as they are reached; they become events when something writes
    (any write command, the dashboard, or --record).

    \b
    Example:
      slacheck escalations --unacknowledged
      slacheck escalations --record      # from cron: the history shows every level reached
    """
    if record and as_of_text is not None:
        raise click.UsageError("--record records what is reached now; it does not take --as-of")
    session = open_session(ctx, read_only=not record)
    as_of = instant(session, as_of_text)
    if record:
        session.sync_versions(as_of)
    figures = compute_figures(session.catalog, session.store, as_of, resolve_version=session.resolve_version)
    if record:
        added = record_escalations(session, figures)
        click.echo(f"recorded {added} escalation event(s)", err=True)
    for line in unjudged_lines(figures):
        click.echo(line, err=True)
    items = [e for e in figures.escalations if not (unacknowledged and e.acknowledged)]
    if not items:
        click.echo("no open escalations")
        return
    tz = session.timezone
    for e in items:
        i = e.interaction
        ack = "acknowledged" if e.acknowledged else "NOT acknowledged"
        ref = f" ({terminal(i.ref)})" if i.ref else ""
        click.echo(f"#{i.id}{ref}  {i.agreement}/{i.service}  level {e.level}/{e.rule_count} to {e.to}"
                   f"  since {local(e.since, tz)}  {ack}  {terminal(i.title)}")


@click.command()
@click.argument("interaction_id", metavar="ID")
@click.option("--by", default="", help="Who acknowledges.")
@click.option("--note", default="", help="What is being done about it.")
@at_option()
@click.pass_context
def ack(ctx, interaction_id, by, note, at_text):
    """Acknowledge the current escalation level of a request (a later level needs a new one).

    \b
    Example:
      slacheck ack 17 --by "Dana Ruiz" --note "spare part ordered"
    """
    session = open_session(ctx)
    as_of = instant(session, at_text)
    session.sync_versions(as_of)
    figures = compute_figures(session.catalog, session.store, as_of, resolve_version=session.resolve_version)
    record_escalations(session, figures)
    number, level = acknowledge(session, interaction_id, at=as_of, by=by, note=note)
    click.echo(number)
    click.echo(f"acknowledged level {level} of #{number}", err=True)
