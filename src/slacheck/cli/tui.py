"""``slacheck tui`` (and bare ``slacheck``): open the dashboard on the workspace.

Textual is imported here, inside the command, so that no other command pays for it.  The start
path stays light: the workspace is found with :mod:`slacheck.config.workspace` alone (not through
:mod:`slacheck.cli.common`, which imports the whole config loader), and the app loads and
validates the files in a worker after its first frame, and no garbage is collected until that
frame (see :func:`run_dashboard`).
"""

from __future__ import annotations

import gc
import os
import sys

import click

from ..config.workspace import Workspace, find_workspace
from ..errors import InputError


@click.command()
@click.option("--as-of", "as_of_text", metavar="TIMESTAMP",
              help="Freeze the clock at this instant (ISO 8601; no offset: workspace time zone): "
                   "figures, countdowns and recorded events all use it. Default: now, live.")
@click.option("--read-only", is_flag=True,
              help="Only look: open the database read-only (a backup, a read-only file or "
                   "mount) and hide every action that writes.")
@click.pass_context
def tui(ctx: click.Context, as_of_text: str | None, read_only: bool) -> None:
    """Open the dashboard: compliance per agreement, requests at risk with a live countdown,
    open escalations; log and update requests. Bare `slacheck` does the same.

    New events from other processes and edits to the agreement files show within two seconds.
    Keys: ? for help, ctrl+p for every command.

    \b
    Example:
      slacheck
      slacheck tui --as-of 2026-11-20T10:00Z
      slacheck tui --read-only --db /mnt/backup/slacheck.db
    """
    if as_of_text is not None:
        from ..services.instants import parse_instant

        parse_instant(as_of_text)  # refuse a malformed or out-of-range instant before the screen opens
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError("the dashboard needs an interactive terminal; for scripts use "
                         "'slacheck report'")
    obj = ctx.find_root().obj or {}
    workspace = find_workspace(obj.get("workspace"))
    db = obj.get("db") or os.environ.get("SLACHECK_DB")
    if db:
        workspace = workspace.with_database(db)
    code = run_dashboard(workspace, as_of_text, read_only=read_only)
    if code:
        ctx.exit(code)


def run_dashboard(workspace: Workspace, as_of_text: str | None, *, read_only: bool = False) -> int:
    """Import the dashboard and run it on ``workspace`` until the user quits.

    The garbage collector is off from here to the first frame: start-up allocates long-lived
    objects only (modules, widgets, styles, CSS rules), and the full collections they would trigger
    delay the frame by a few tens of milliseconds for nothing.  The app turns it back on once the
    frame is drawn, after moving those objects out of the collector's way (``gc.freeze``).

    Returns the app's exit code: 0 when the user quit, non-zero after a crash (Textual has
    then printed what happened), so a wrapper script notices.
    """
    gc.disable()
    try:
        from ..tui import create_app

        app = create_app(workspace, as_of=as_of_text, read_only=read_only)
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0
