"""``slacheck import FILE``: a ticket export (CSV, JSON, JSON Lines) into the interaction log.

Idempotent on the external ``ref``: importing the same file twice changes nothing, and a later
export of the same tickets appends only the new events.  A row that cannot be read is printed as
``FILE:ROW: message`` on stderr and stores nothing of that row.
"""

from __future__ import annotations

import sys

import click

from ..importer.run import ImportProgress, RowError, import_file
from .context import after_write, open_session


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise click.BadParameter(f"{pair!r}: write ours=theirs, e.g. ref=Ticket", param_hint="--map")
        mapping[ours.strip()] = theirs.strip()
    return mapping


class _Progress:
    """A progress bar on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar = None
        self.done = 0

    def __call__(self, progress: ImportProgress) -> None:
        if not sys.stderr.isatty() or not progress.bytes_total:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=progress.bytes_total, label="importing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(progress.bytes_read - self.done)
        self.done = progress.bytes_read

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl"]),
              help="File format (default: from the extension).")
@click.option("--map", "maps", multiple=True, metavar="OURS=THEIRS",
              help="Read our column OURS from their column THEIRS (repeatable).")
@click.option("--strict", is_flag=True, help="Store nothing if any row is rejected.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.pass_context
def import_(ctx, file, fmt, maps, strict, dry_run):
    """Import a ticket export; idempotent on the external ticket key (ref).

    Columns: ref, agreement, service, priority, requester, title, opened_at, first_response_at,
    resolved_at, pauses (start/end;start/end), rating, comment.  Timestamps without an offset
    are in the workspace time zone.

    \b
    Example:
      slacheck import tickets.csv
      slacheck import export.jsonl --map ref=Key --map opened_at=Created --dry-run
    """
    mapping = _mapping(maps)
    session = open_session(ctx)
    if not dry_run:
        session.sync_versions()
    progress = _Progress()

    def on_error(error: RowError) -> None:
        click.echo(str(error), err=True)

    try:
        summary = import_file(file, session.store, session.catalog, fmt=fmt, mapping=mapping,
                              strict=strict, dry_run=dry_run, tz=session.timezone,
                              on_progress=progress, on_error=on_error)
    finally:
        progress.close()
    click.echo(str(summary))
    if not dry_run:
        after_write(session)
    ctx.exit(summary.exit_code)
