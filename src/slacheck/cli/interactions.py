"""Headless event commands: ``log``, ``respond``, ``pause``, ``resume``, ``resolve``, ``rate``,
``reopen``, ``reprioritize`` and ``comment``.  Each prints the interaction's number.

An ID is the interaction's number or its external ref.  Refused transitions (respond twice,
resume when not paused, …) exit 1 with the reason on stderr.
"""

from __future__ import annotations

import click

from ..domain import events as kinds
from ..services.interactions import log_interaction, record
from .context import after_write, at_option, instant, open_session

BY = click.option("--by", "actor", default="", help="Who did it (stored with the event).")


@click.command()
@click.argument("agreement")
@click.argument("service")
@click.option("--title", "-t", required=True, help="What the request is about.")
@click.option("--priority", "-p", default="", help="A priority the service defines (default: none).")
@click.option("--requester", "-r", default="", help="Who asked.")
@click.option("--ref", default=None, help="External ticket key (unique).")
@at_option("When it was opened (ISO 8601; no offset: workspace time zone). Default: now.")
@BY
@click.pass_context
def log(ctx, agreement, service, title, priority, requester, ref, at_text, actor):
    """Log a new request under AGREEMENT's SERVICE; prints its number.

    \b
    Example:
      slacheck log it-for-sales laptop-repair --title "Screen cracked" --priority urgent
    """
    session = open_session(ctx)
    interaction = log_interaction(
        session, agreement, service, title=title, priority=priority, requester=requester,
        ref=ref, at=instant(session, at_text), actor=actor,
    )
    click.echo(interaction.id)
    after_write(session)


def _simple(name: str, kind: str, summary: str, example: str) -> click.Command:
    """A command that appends one payload-less event of ``kind``."""

    @click.command(name=name, help=f"{summary}\n\n\b\nExample:\n  {example}")
    @click.argument("interaction_id", metavar="ID")
    @at_option()
    @BY
    @click.pass_context
    def command(ctx, interaction_id, at_text, actor):
        session = open_session(ctx)
        interaction, _ = record(session, interaction_id, kind, at=instant(session, at_text), actor=actor)
        click.echo(interaction.id)
        after_write(session)

    return command


respond = _simple("respond", kinds.RESPONDED, "Record the first response to a request.", "slacheck respond 17")
resume = _simple("resume", kinds.RESUMED, "Resume a paused request (the requester answered).", "slacheck resume 17")
resolve = _simple("resolve", kinds.RESOLVED, "Resolve a request.", "slacheck resolve 17 --at 2026-11-20T15:30")
reopen = _simple("reopen", kinds.REOPENED,
                 "Reopen a resolved request; the time it spent resolved does not count.", "slacheck reopen 17")


@click.command()
@click.argument("interaction_id", metavar="ID")
@click.option("--reason", default="", help="What the requester is asked for.")
@at_option()
@BY
@click.pass_context
def pause(ctx, interaction_id, reason, at_text, actor):
    """Pause a request while waiting on the requester (the resolution clock stops).

    \b
    Example:
      slacheck pause 17 --reason "waiting for the laptop to be handed in"
    """
    session = open_session(ctx)
    interaction, _ = record(session, interaction_id, kinds.PAUSED, at=instant(session, at_text),
                            actor=actor, payload={"reason": reason} if reason else {})
    click.echo(interaction.id)
    after_write(session)


@click.command()
@click.argument("interaction_id", metavar="ID")
@click.argument("rating", type=int)
@click.option("--comment", "-c", default="", help="What the requester said.")
@at_option()
@BY
@click.pass_context
def rate(ctx, interaction_id, rating, comment, at_text, actor):
    """Record the requester's rating, 1 (poor) to 5 (excellent).

    \b
    Example:
      slacheck rate 17 4 --comment "quick, but nobody told me it was done"
    """
    session = open_session(ctx)
    payload = {"rating": rating, "comment": comment} if comment else {"rating": rating}
    interaction, _ = record(session, interaction_id, kinds.RATED, at=instant(session, at_text),
                            actor=actor, payload=payload)
    click.echo(interaction.id)
    after_write(session)


@click.command()
@click.argument("interaction_id", metavar="ID")
@click.argument("priority")
@at_option()
@BY
@click.pass_context
def reprioritize(ctx, interaction_id, priority, at_text, actor):
    """Change a request's priority; the new targets apply from its opening.

    Use "" (an empty string) for the service's own targets.

    \b
    Example:
      slacheck reprioritize 17 urgent
    """
    session = open_session(ctx)
    interaction, _ = record(session, interaction_id, kinds.REPRIORITIZED, at=instant(session, at_text),
                            actor=actor, payload={"priority": priority})
    click.echo(interaction.id)
    after_write(session)


@click.command()
@click.argument("interaction_id", metavar="ID")
@click.argument("text")
@at_option()
@BY
@click.pass_context
def comment(ctx, interaction_id, text, at_text, actor):
    """Add a note to a request's history.

    \b
    Example:
      slacheck comment 17 "spare part ordered"
    """
    session = open_session(ctx)
    interaction, _ = record(session, interaction_id, kinds.COMMENTED, at=instant(session, at_text),
                            actor=actor, payload={"text": text})
    click.echo(interaction.id)
    after_write(session)
