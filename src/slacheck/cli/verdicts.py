"""``slacheck verdicts``: every interaction's verdict, one line each, for joining back to the
ticket system (CSV or JSON Lines, streamed)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..report.safe import terminal
from ..report.verdicts_format import verdict_lines
from ..services.figures import RULES_CURRENT, RULES_RECORDED, select_agreements
from ..services.verdicts import UNJUDGED, iter_verdicts
from .context import instant, open_session


@click.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE instead of stdout.")
@click.option("--as-of", "as_of_text", metavar="TIMESTAMP", help="Judge at this instant (default: now).")
@click.option("--from", "from_text", metavar="TIMESTAMP",
              help="Only interactions opened at or after this instant (default: all).")
@click.option("--to", "to_text", metavar="TIMESTAMP",
              help="Only interactions opened before this instant (default: the evaluation instant).")
@click.option("--agreement", "-a", "agreement_ids", multiple=True, metavar="ID",
              help="Only this agreement (repeatable).")
@click.option("--team", metavar="TEAM", help="Only agreements this team provides or consumes.")
@click.option("--rules", type=click.Choice([RULES_RECORDED, RULES_CURRENT]), default=RULES_RECORDED,
              show_default=True, help="The agreement version recorded at opening, or today's files.")
@click.pass_context
def verdicts(ctx, fmt, output, as_of_text, from_text, to_text, agreement_ids, team, rules):
    """One line per interaction: ref, agreement, service, priority, opened, met / breached /
    open, and per target its target, the working time used and whether it was met, and the
    escalation level -- judged exactly as `slacheck report` judges.

    \b
    Example:
      slacheck verdicts > verdicts.csv
      slacheck verdicts --format jsonl --from 2026-10-01 --to 2026-11-01 -a it-for-sales
    """
    session = open_session(ctx, read_only=True)
    catalog = session.catalog
    as_of = instant(session, as_of_text)
    start = instant(session, from_text) if from_text else None
    end = instant(session, to_text) if to_text else None
    if start is not None and end is not None and end <= start:
        raise click.UsageError("--to must be after --from")
    if team and team not in catalog.teams:
        raise click.UsageError(f"unknown team {team!r} (known: {', '.join(sorted(catalog.teams))})")
    try:
        chosen = select_agreements(catalog, agreement_ids, team)
    except KeyError as exc:
        raise click.UsageError(f"unknown agreement {exc.args[0]!r} "
                               f"(known: {', '.join(sorted(catalog.agreements))})") from None
    unjudged: list[str] = []

    def noted(stream):
        for verdict in stream:
            if verdict.state == UNJUDGED:
                unjudged.append(f"slacheck: #{verdict.interaction.id} cannot be judged: "
                                f"{terminal(verdict.reason)}")
            yield verdict

    stream = noted(iter_verdicts(session.store, chosen, as_of, start=start, end=end, rules=rules,
                                 resolve_version=session.resolve_version))
    try:
        out = sys.stdout if output is None else open(output, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise click.FileError(str(output), hint=exc.strerror or str(exc))
    try:
        for line in verdict_lines(stream, fmt):
            out.write(line)
    finally:
        stream.close()  # ends the database read now, not when the garbage collector gets to it
        if output is not None:
            out.close()
        else:
            out.flush()
    for line in unjudged:
        click.echo(line, err=True)
