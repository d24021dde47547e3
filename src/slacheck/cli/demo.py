"""``slacheck demo [DIR]``: a demo workspace with a deterministic year of the example company.

The work is :func:`slacheck.demo.build_demo`; this module reads the options, prints progress on
stderr and the summary on stdout.  The summary is printed in any case; then, on an interactive
terminal and unless ``--no-open``, the dashboard opens on the new workspace (frozen at
``--as-of`` when one was given).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..demo import DEFAULT_SEED, DEFAULT_SIZE, build_demo
from ..demo.build import workspace_timezone
from ..demo.summary import render_summary
from ..errors import ConfigError
from ..config.workspace import find_workspace
from ..services.instants import parse_instant
from .common import echo_problems


#: The largest demo: ten million requests (a few GB of database, minutes to build).
MAX_SIZE = 10_000_000


@click.command("demo")
@click.argument("directory", default="slacheck-demo", type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="Seed of the generator: the same seed, size and --as-of give a byte-identical database.")
@click.option("--as-of", "as_of_text", metavar="TIMESTAMP",
              help="The 'now' the year ends at (ISO 8601; no offset: the workspace time zone). Default: now.")
@click.option("--size", type=click.IntRange(min=1, max=MAX_SIZE), default=DEFAULT_SIZE,
              show_default=True,
              help="About how many requests the year holds (the load of every agreement scales; "
                   "at most 10,000,000).")
@click.option("--force", is_flag=True,
              help="DIRECTORY is an existing workspace: replace its database, keep its files.")
@click.option("--open/--no-open", "open_dashboard", default=True, show_default=True,
              help="Open the dashboard on the demo afterwards (on an interactive terminal).")
def demo(directory: Path, seed: int, as_of_text: str | None, size: int, force: bool,
         open_dashboard: bool) -> None:
    """Write a demo workspace into DIRECTORY (default: ./slacheck-demo) with a year of requests.

    The example company's agreements, and a year of its requests up to now: weekday and
    seasonal load, office hours in each team's time zone, pauses, reopenings, ratings with
    comments, healthy teams and a struggling one, escalations and requests about to breach right
    now. DIRECTORY must be new or empty; --force replaces the database of an existing workspace.

    \b
    Example:
      slacheck demo
      slacheck demo acme-demo --seed 7 --as-of 2026-11-20T10:00Z --no-open
      slacheck demo big --size 1000000 --no-open
    """
    as_of = None
    if as_of_text is not None:
        as_of = parse_instant(as_of_text, workspace_timezone(directory))
    click.echo(f"slacheck: generating a year of requests (about {size:,}) into {directory} ...", err=True)
    try:
        result = build_demo(directory, seed=seed, as_of=as_of, size=size, force=force)
    except ConfigError as exc:
        echo_problems(exc.problems, err=True)  # --force on a workspace whose files have errors
        raise
    click.echo(render_summary(result, directory), nl=False)
    if os.environ.get("SLACHECK_DB"):
        click.echo(f"slacheck: note: SLACHECK_DB is set, so commands in {directory} will use "
                   f"{os.environ['SLACHECK_DB']}, not the demo database; unset it to try the demo",
                   err=True)
    if open_dashboard and sys.stdin.isatty() and sys.stdout.isatty():
        import gc

        from .tui import run_dashboard

        gc.collect()  # the year's leftovers go now: the dashboard freezes what is alive at its start
        code = run_dashboard(find_workspace(directory), as_of_text)
        if code:
            sys.exit(code)
