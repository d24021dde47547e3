"""``slacheck report``: compliance, error budgets, escalations, at-risk requests and team health
(health checks and internal-customer satisfaction) for scripts and CI."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from ..report.csv_format import render_csv
from ..report.health_format import health_json
from ..report.json_format import render_json
from ..report.markdown_format import render_markdown
from ..report.safe import terminal
from ..report.table_format import render_plain, render_rich
from ..services.figures import RULES_CURRENT, RULES_RECORDED, Figures, compute_figures, select_agreements
from ..services.health import health_overview
from .context import instant, open_session

FORMATS = ("table", "markdown", "json", "csv")


def unjudged_lines(figures: Figures) -> list[str]:
    """One stderr line per interaction the figures had to leave out."""
    return [
        f"slacheck: #{u.interaction.id}"
        + (f" ({terminal(u.interaction.ref)})" if u.interaction.ref else "")
        + f" {u.interaction.agreement}/{u.interaction.service} cannot be judged and is left out "
          f"of the figures: {terminal(u.reason)}"
        for u in figures.unjudged
    ]


def tripped(figures: Figures, fail_on: str | None) -> list[str]:
    """Why ``--fail-on`` trips (empty: it does not)."""
    if not fail_on:
        return []
    reasons = [
        f"{len(figures.unjudged)} request(s) could not be judged, so the figures are incomplete"
    ] if figures.unjudged else []
    reasons += [
        f"{fig.agreement.id} is below its objective (error budget {fig.tally.remaining:+.2f})"
        for fig in figures.agreements if fig.tally.remaining < 0
    ]
    if fail_on == "risk":
        reasons += [
            f"unacknowledged escalation: #{e.interaction.id} level {e.level} to {e.to}"
            for e in figures.escalations if not e.acknowledged
        ]
    return reasons


@click.command()
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--as-of", "as_of_text", metavar="TIMESTAMP", help="Evaluate at this instant (default: now).")
@click.option("--from", "from_text", metavar="TIMESTAMP", help="One window [from, to) for every agreement.")
@click.option("--to", "to_text", metavar="TIMESTAMP", help="End of the --from window (default: the evaluation instant).")
@click.option("--agreement", "-a", "agreement_ids", multiple=True, metavar="ID", help="Only this agreement (repeatable).")
@click.option("--team", metavar="TEAM", help="Only agreements this team provides or consumes.")
@click.option("--fail-on", type=click.Choice(["breach", "risk"]),
              help="Exit 1 when an agreement is below its objective (breach), or that or an "
                   "unacknowledged open escalation (risk).")
@click.option("--rules", type=click.Choice([RULES_RECORDED, RULES_CURRENT]), default=RULES_RECORDED,
              show_default=True, help="Judge each request by the agreement version recorded when it "
                                      "was opened, or everything by today's files.")
@click.pass_context
def report(ctx, fmt, output, as_of_text, from_text, to_text, agreement_ids, team, fail_on, rules):
    """Compliance, error budget and burn rate per agreement and service, open escalations,
    requests at risk, and team health and satisfaction beside each provider's compliance.

    \b
    Example:
      slacheck report
      slacheck report --format json --as-of 2026-11-20T10:00Z --fail-on breach
      slacheck report --format markdown --team it --output report.md
    """
    gc.freeze()  # a short-lived process: what start-up built is never garbage
    session = open_session(ctx, read_only=True)
    catalog = session.catalog
    as_of = instant(session, as_of_text)
    if to_text and not from_text:
        raise click.UsageError("--to needs --from")
    window = None
    if from_text:
        start = instant(session, from_text)
        end = instant(session, to_text) if to_text else as_of
        if end <= start:
            raise click.UsageError("--to must be after --from")
        window = (start, end)
    if team and team not in catalog.teams:
        raise click.UsageError(f"unknown team {team!r} (known: {', '.join(sorted(catalog.teams))})")
    try:
        chosen = select_agreements(catalog, agreement_ids, team)
    except KeyError as exc:
        raise click.UsageError(f"unknown agreement {exc.args[0]!r} (known: {', '.join(sorted(catalog.agreements))})")
    figures = compute_figures(catalog, session.store, as_of, agreements=chosen, window=window,
                              rules=rules, resolve_version=session.resolve_version, at_risk_limit=20)

    tz = session.timezone
    health = health_overview(session, figures, team=team) if fmt != "csv" else None
    if fmt == "json":
        text = render_json(figures, health_json(health))
    elif fmt == "csv":
        text = render_csv(figures)
    elif fmt == "markdown":
        text = render_markdown(figures, tz, health)
    elif output is None and sys.stdout.isatty():
        width = None
        text = render_rich(figures, tz, width=width, color=not os.environ.get("NO_COLOR"), health=health)
    else:
        text = render_plain(figures, tz, health)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.FileError(str(output), hint=exc.strerror or str(exc))
    else:
        click.echo(text, nl=False)
    for line in unjudged_lines(figures):
        click.echo(line, err=True)
    reasons = tripped(figures, fail_on)
    for reason in reasons:
        click.echo(f"slacheck: --fail-on {fail_on}: {reason}", err=True)
    if reasons:
        ctx.exit(1)
