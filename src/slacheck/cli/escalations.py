"""``slacheck escalations`` lists open escalations; ``slacheck ack`` acknowledges one."""

from __future__ import annotations

import click

from ..report.common import local
from ..report.safe import terminal
from ..services.escalations import acknowledge, record_escalations
from ..services.figures import compute_figures
from .context import at_option, instant, open_session


@click.command()
@click.option("--as-of", "as_of_text", metavar="TIMESTAMP", help="Evaluate at this instant (default: now).")
@click.option("--unacknowledged", is_flag=True, help="Only those nobody acknowledged yet.")
@click.pass_context
def escalations(ctx, as_of_text, unacknowledged):
    """List open escalations: agreement, interaction, level, to whom, since when, acknowledged.

    \b
    Example:
      slacheck escalations --unacknowledged
    """
    session = open_session(ctx)
    as_of = instant(session, as_of_text)
    if as_of_text is None:
        session.sync_versions(as_of)
    figures = compute_figures(session.catalog, session.store, as_of, resolve_version=session.resolve_version)
    if as_of_text is None:
        record_escalations(session, figures)
    items = [e for e in figures.escalations if not (unacknowledged and e.acknowledged)]
    if not items:
        click.echo("no open escalations")
        return
    tz = session.timezone
    for e in items:
        i = e.interaction
        ack = "acknowledged" if e.acknowledged else "NOT acknowledged"
        click.echo(f"#{i.id}  {i.agreement}/{i.service}  level {e.level}/{e.rule_count} to {e.to}"
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
