"""``slacheck health``: run team health checks from a terminal or a script, and read them back.

``run`` opens a session and prints its number (interactive in a terminal: evidence, then a
prompt per card for each participant, results revealed together, notes and action items);
``vote`` / ``note`` / ``close`` / ``action`` record the rest headlessly; ``list``, ``show``,
``trend`` and ``grid`` read.  Refused operations (a vote on a closed session, an action done
twice) exit 1 with the reason; input that cannot be read exits 2.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time

import click

from ..domain.health import (
    TRAFFIC_LIGHT,
    InvalidTarget,
    InvalidVote,
    Vote,
    parse_vote,
    votes_from_rows,
)
from ..domain.health import Session as HealthSession
from ..domain.model import HealthCard, HealthTemplate
from ..errors import InputError
from ..report.health_format import (
    action_dict,
    actions_text,
    evidence_text,
    grid_text,
    session_dict,
    session_text,
    sessions_text,
    trend_text,
)
from ..report.safe import terminal
from ..services import health as service
from ..services.session import Session
from .context import at_option, instant, open_session

#: Terminal colours of the grid's cells.
_COLOURS = {"green": "green", "amber": "yellow", "red": "red"}


def as_of_option(command):
    return click.option("--as-of", "as_of_text", metavar="TIMESTAMP",
                        help="As the sessions were at this instant (default: now).")(command)


def _as_of(session: Session, text: str | None) -> int | None:
    return None if text is None else instant(session, text)


@click.group()
def health() -> None:
    """Team health checks: run a session, vote, close it, and read results, trends and the grid.

    \b
    Example:
      slacheck health run squad-health --team it
      slacheck health show 1
    """


# ---------------------------------------------------------------------------- run
@health.command()
@click.argument("template_id", metavar="TEMPLATE")
@click.option("--team", required=True, help="The team running the check.")
@click.option("--about", metavar="PROVIDER", help="The provider team a relationship check is about.")
@at_option("When the session opens (ISO 8601; no offset: workspace time zone). Default: now.")
@click.option("--interactive/--no-interactive", default=None,
              help="Prompt for every participant's votes (default: when stdin is a terminal).")
@click.pass_context
def run(ctx, template_id, team, about, at_text, interactive):
    """Open a session of TEMPLATE for a team; prints its number.

    In a terminal, it first shows the evidence (the provider's figures), then asks how many
    take part and prompts each participant card by card; the results are revealed together
    at the end, followed by notes and action items.  Elsewhere it only opens the session.

    \b
    Example:
      slacheck health run squad-health --team it
      slacheck health run relationship-check --team sales --about it --at "2026-11-20 14:00"
    """
    session = open_session(ctx)
    opened = service.open_check(session, template_id, team, about=about, at=instant(session, at_text))
    if interactive is None:
        interactive = sys.stdin.isatty()
    if not interactive:
        click.echo(opened.id)
        return
    _facilitate(session, opened, service.template(session, template_id))


def _answer(template: HealthTemplate, card: str, text: str) -> Vote:
    """``amber down: comment`` / ``4: comment`` -> a vote (the domain checks it)."""
    head, _, comment = text.partition(":")
    words = head.split()
    if len(words) > 2:
        raise InvalidVote(f"card {card!r}: write a vote, optionally a trend, then ':' and a comment")
    return parse_vote(template, card, words[0] if words else "", words[1] if len(words) > 1 else None,
                      comment)


def _ask(template: HealthTemplate, card: HealthCard) -> Vote | None:
    hint = ("green / amber / red, optionally up / same / down" if template.scale == TRAFFIC_LIGHT
            else "1 to 5")
    click.echo(f"\n{terminal(card.title)}\n  awesome: {terminal(card.awesome)}\n"
               f"  crappy:  {terminal(card.crappy)}")
    while True:
        text = click.prompt(f"  {card.id} [{hint}; ': text' adds a comment; Enter skips]",
                            default="", show_default=False)
        if not text.strip():
            return None
        try:
            return _answer(template, card.id, text)
        except InvalidVote as error:
            click.echo(f"  {error.message}")


def _facilitate(session: Session, opened: HealthSession, template: HealthTemplate) -> None:
    tz = session.timezone
    click.echo(f"Session {opened.id} opened: {terminal(template.title)}, team {opened.team}"
               + (f" about {opened.about}" if opened.about else ""))
    found = service.evidence(service.load_history(session), opened.id)
    if found is not None:
        click.echo("\n" + evidence_text(found, tz))
    count = click.prompt("How many participants?", type=click.IntRange(1, 100))
    votes: list[Vote] = []
    for number in range(1, count + 1):
        click.echo(f"\nParticipant {number} of {count}: nobody sees your votes until everybody "
                   f"has voted.")
        for card in template.cards:
            vote = _ask(template, card)
            if vote is not None:
                votes.append(vote)
        click.clear()
    service.cast_votes(session, opened.id, votes)
    click.echo("\n" + session_text(service.session_view(service.load_history(session), opened.id),
                                   tz, title=template.title))
    now = max(int(time.time()), opened.opened_at)
    note = click.prompt("Notes from the conversation (Enter to skip)", default="", show_default=False)
    if note.strip():
        service.add_note(session, opened.id, note, at=now)
    while True:
        text = click.prompt("Action item (Enter when there are no more)", default="", show_default=False)
        if not text.strip():
            break
        owner = click.prompt("  Owner", default="", show_default=False)
        try:
            item = service.add_action(session, opened.id, text, owner=owner, at=now)
        except InvalidTarget as error:
            click.echo(f"  {error.message}")
            continue
        click.echo(f"  action #{item.id}" + (f", target: {item.target}" if item.target else ""))
    if click.confirm("Close the session now (its votes are frozen)?", default=True):
        service.close_check(session, opened.id, at=now)
        click.echo(f"Session {opened.id} closed.")
    else:
        click.echo(f"Session {opened.id} stays open: slacheck health close {opened.id}")


# ---------------------------------------------------------------------------- vote, note, close
def _read_votes(template: HealthTemplate, path: str) -> tuple[Vote, ...]:
    name = "stdin" if path == "-" else click.format_filename(path)
    try:
        with click.open_file(path, encoding="utf-8-sig") as handle:
            text = handle.read()
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read {name} as CSV: {exc}") from None
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "card" not in columns:
        raise InputError(f"{name}: no 'card' column; the columns are card, vote, trend, comment")
    return votes_from_rows(template, rows, source=name)


@health.command()
@click.argument("session_id", metavar="SESSION", type=int)
@click.option("--card", help="The card's id.")
@click.option("--vote", "vote_text", metavar="VOTE", help="A colour (green, amber, red) or a score (1-5).")
@click.option("--trend", help="up, same or down (traffic-light cards).")
@click.option("--comment", default="", help="A comment on the card.")
@click.option("--from-file", type=click.Path(dir_okay=False, allow_dash=True),
              help="A CSV with the columns card, vote, trend, comment ('-': stdin); all or nothing.")
@click.pass_context
def vote(ctx, session_id, card, vote_text, trend, comment, from_file):
    """Cast anonymous votes in an open SESSION: one card, or a whole file.

    \b
    Example:
      slacheck health vote 42 --card speed --vote amber --trend down
      slacheck health vote 43 --card clarity --vote 4 --comment "the new portal helps"
      slacheck health vote 42 --from-file votes.csv
    """
    if from_file and (card or vote_text or trend or comment):
        raise click.UsageError("give either --from-file or --card/--vote, not both")
    if not from_file and not (card and vote_text):
        raise click.UsageError("give --card and --vote, or --from-file")
    session = open_session(ctx)
    found = service.find_session(session, session_id)
    found.check_open()
    chosen = service.template(session, found.template)
    if from_file:
        votes = _read_votes(chosen, from_file)
    else:
        votes = (parse_vote(chosen, card, vote_text, trend, comment),)
    count = service.cast_votes(session, found.id, votes)
    click.echo(f"session {found.id}: {count} vote{'' if count == 1 else 's'} recorded")


@health.command()
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("text")
@at_option()
@click.pass_context
def note(ctx, session_id, text, at_text):
    """Add a note from the conversation to an open SESSION.

    \b
    Example:
      slacheck health note 42 "Releases wait for the CAB every Thursday"
    """
    session = open_session(ctx)
    found = service.add_note(session, session_id, text, at=instant(session, at_text))
    click.echo(found.id)


@health.command()
@click.argument("session_id", metavar="SESSION", type=int)
@at_option("When it closed (ISO 8601; no offset: workspace time zone). Default: now.")
@click.pass_context
def close(ctx, session_id, at_text):
    """Close SESSION: its votes are frozen and it becomes the baseline of the next one.

    \b
    Example:
      slacheck health close 42
    """
    session = open_session(ctx)
    closed = service.close_check(session, session_id, at=instant(session, at_text))
    result = service.load_history(session).result(closed.id, compare=False)
    click.echo(f"session {closed.id} closed: {result.participants} participant(s)")


# ---------------------------------------------------------------------------- reading
@health.command(name="list")
@click.option("--team", help="Sessions run by this team or about it.")
@click.option("--template", "template_id", help="Only sessions of this template.")
@as_of_option
@click.pass_context
def list_(ctx, team, template_id, as_of_text):
    """List sessions: template, team, subject, dates and participants.

    \b
    Example:
      slacheck health list --team it
    """
    session = open_session(ctx, read_only=True)
    if team is not None:
        service.check_team(session, team)
    history = service.load_history(session, _as_of(session, as_of_text))
    items = []
    for found in history.sessions:
        if (team is None or team in (found.team, found.about)) and template_id in (None, found.template):
            known = history.template_of(found) is not None
            items.append((found, history.result(found.id, compare=False).participants if known else None))
    click.echo(sessions_text(items, session.timezone), nl=False)


@health.command()
@click.argument("session_id", metavar="SESSION", type=int)
@click.option("--evidence", "with_evidence", is_flag=True,
              help="First the provider's figures at the session's opening.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@as_of_option
@click.pass_context
def show(ctx, session_id, with_evidence, fmt, as_of_text):
    """Per card of SESSION: votes, distribution, majority colour or mean, trend votes, the
    change against the team's previous session, the split flag; then notes and action items.

    \b
    Example:
      slacheck health show 42
      slacheck health show 43 --evidence
    """
    session = open_session(ctx, read_only=True)
    history = service.load_history(session, _as_of(session, as_of_text))
    view = service.session_view(history, session_id)
    if fmt == "json":
        data = session_dict(view.result, comments=True)
        data["actions"] = [action_dict(v) for v in view.actions]
        data["carried"] = [action_dict(v) for v in view.carried]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if with_evidence:
        found = service.evidence(history, session_id)
        click.echo(evidence_text(found, session.timezone) if found is not None
                   else "No evidence: the team this session is about provides no agreement.\n")
    click.echo(session_text(view, session.timezone, title=view.result.template.title), nl=False)


@health.command()
@click.option("--team", required=True, help="The team whose sessions to follow.")
@click.option("--card", help="One card (default: the mean over a session's cards).")
@click.option("--template", "template_id", help="Only this template.")
@click.option("--sparkline/--no-sparkline", default=None, help="Draw a sparkline (default: in a terminal).")
@as_of_option
@click.pass_context
def trend(ctx, team, card, template_id, sparkline, as_of_text):
    """A line per closed session over time, for the team's sessions or one card.

    \b
    Example:
      slacheck health trend --team it
      slacheck health trend --team it --card speed
    """
    session = open_session(ctx, read_only=True)
    history = service.load_history(session, _as_of(session, as_of_text))
    lines = service.trend_lines(history, team, template_id=template_id, card=card)
    draw = sys.stdout.isatty() if sparkline is None else sparkline
    click.echo(trend_text(lines, session.timezone, sparkline=draw), nl=False)


@health.command()
@click.option("--template", "template_id", help="Only this template (default: every one in use).")
@as_of_option
@click.pass_context
def grid(ctx, template_id, as_of_text):
    """Cards by teams from each team's latest closed session: colour (or mean) and trend.

    \b
    Example:
      slacheck health grid
      slacheck health grid --template relationship-check
    """
    session = open_session(ctx, read_only=True)
    history = service.load_history(session, _as_of(session, as_of_text))
    coloured = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    style = (lambda text, colour: click.style(text, fg=_COLOURS[colour])) if coloured else None
    found = service.grids(history, template_id)
    if not found:
        click.echo("no closed sessions")
    for item in found:
        click.echo(grid_text(item, style))


# ---------------------------------------------------------------------------- action items
@health.group()
def action() -> None:
    """Action items of sessions: add one (with an optional target), mark it done, list them.

    \b
    Example:
      slacheck health action add 42 "it-for-sales resolution >= 95% next quarter" --owner "Dana Ruiz"
      slacheck health action done 7
    """


@action.command()
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("text")
@click.option("--owner", default="", help="Who sees to it.")
@click.option("--agreement", help="The agreement it is about.")
@click.option("--target", help="A target on its own: [AGREEMENT] METRIC COMPARATOR NUMBER [%] [WHEN].")
@at_option()
@click.pass_context
def add(ctx, session_id, text, owner, agreement, target, at_text):
    """Agree on an action item in open SESSION; prints its number.  A target in the text
    ("it-for-sales resolution >= 95% next quarter") is found and followed up.

    \b
    Example:
      slacheck health action add 42 "Second technician on Mondays: it-for-sales resolution >= 95% next quarter" --owner "Dana Ruiz"
    """
    session = open_session(ctx)
    item = service.add_action(session, session_id, text, owner=owner, agreement=agreement,
                              target=target, at=instant(session, at_text))
    click.echo(item.id)


@action.command()
@click.argument("action_id", metavar="N", type=int)
@at_option()
@click.pass_context
def done(ctx, action_id, at_text):
    """Mark action item N done.

    \b
    Example:
      slacheck health action done 7
    """
    session = open_session(ctx)
    click.echo(service.complete_action(session, action_id, at=instant(session, at_text)).id)


@action.command(name="list")
@click.option("--team", help="Actions of sessions run by this team or about it.")
@click.option("--all", "show_all", is_flag=True, help="Done ones too.")
@as_of_option
@click.pass_context
def list_actions(ctx, team, show_all, as_of_text):
    """List open action items (all with --all), each target with its progress since.

    \b
    Example:
      slacheck health action list --team it
    """
    session = open_session(ctx, read_only=True)
    if team is not None:
        service.check_team(session, team)
    as_of = _as_of(session, as_of_text)
    history = service.load_history(session, as_of)
    owners = {s.id: s for s in history.sessions}
    chosen = [a for a in history.actions if (show_all or a.is_open)
              and (team is None or team in (owners[a.session].team, owners[a.session].about))]
    at = int(time.time()) if as_of is None else as_of
    views = [history.progress(a, at) for a in chosen]
    click.echo(actions_text(views, owners, session.timezone), nl=False)
