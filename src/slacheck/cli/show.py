"""``slacheck show ID``: the timeline of one interaction and where every working minute went.

The explanation is built and worded by :mod:`slacheck.services.explain`, shared with the
dashboard's interaction screen.
"""

from __future__ import annotations

import click

from ..services.explain import explain, explanation_lines
from ..services.interactions import find_interaction
from .context import instant, open_session


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
    session = open_session(ctx, read_only=True)
    as_of = instant(session, as_of_text)
    interaction = find_interaction(session, interaction_id)
    for line in explanation_lines(explain(session, interaction, as_of), session.timezone):
        click.echo(line)
