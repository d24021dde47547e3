"""``slacheck import FILE``: a ticket export (CSV, JSON, JSON Lines) into the interaction log.

Idempotent on the external ``ref``: importing the same file twice changes nothing, and a later
export of the same tickets appends only the new events.  A row that cannot be read stores
nothing of that row; after the file is read, its errors are printed on stderr grouped by message
(``FILE:ROW,ROW,ROW (+N more): message``, see :mod:`slacheck.report.import_format`).
"""

from __future__ import annotations

import re
import sys

import click

from ..importer.run import ImportProgress, import_file
from ..report.import_format import error_lines, preview_table
from .context import after_write, open_session
from .recipes import recipe_of_run


_SIZE = re.compile(r"^\s*(\d{1,15})\s*([kmgt]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4,
          "ki": 1024, "mi": 1024**2, "gi": 1024**3, "ti": 1024**4}


def parse_size(text: str) -> int | None:
    """``--max-size``: ``500MB``, ``2GiB``, ``1000000`` (bytes); ``0`` means no limit."""
    match = _SIZE.match(text or "")
    if not match:
        raise click.BadParameter(f"{text!r}: write a size like 500MB, 2GB or 1GiB (0: no limit)",
                                 param_hint="--max-size")
    unit = (match.group(2) or "").lower().removesuffix("b")
    size = int(match.group(1)) * _UNITS[unit]
    return None if size == 0 else size


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
              help="Read our column OURS from their column THEIRS (repeatable); in JSON a path "
                   "(fields.priority.name, labels[0].name); a time plus a duration: "
                   "resolved_at=opened_at+COLUMN:s|min|h|d.")
@click.option("--strict", is_flag=True, help="Store nothing if any row is rejected.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--preview", type=click.IntRange(min=0), metavar="N",
              help="Show the first N rows as read (default: 5 with --dry-run, else 0).")
@click.option("--recipe", "recipe_name", metavar="NAME",
              help="Read the file as the recipe NAME says: agreements/imports/NAME.toml, else "
                   "the preset NAME (slacheck recipes lists them); other options override it.")
@click.option("--save-recipe", "save_as", metavar="NAME",
              help="Also write this run's options as agreements/imports/NAME.toml.")
@click.option("--encoding", default=None, metavar="ENC",
              help="Text encoding of the file (default utf-8, e.g. cp1252); a BOM is honoured.")
@click.option("--max-size", "max_size", default="1GiB", show_default=True, metavar="SIZE",
              help="Refuse a larger file (500MB, 2GiB; 0: no limit).")
@click.option("--set", "sets", multiple=True, metavar="OURS=VALUE",
              help="A constant for a column the file lacks, e.g. --set agreement=it-for-sales.")
@click.option("--default", "defaults", multiple=True, metavar="OURS=VALUE",
              help="The value where the column is empty.")
@click.option("--null", "nulls", multiple=True, metavar="TEXT",
              help="Read this value as empty (repeatable): --null '?' --null '<blank>'.")
@click.option("--value", "values", multiple=True, metavar="COL:THEIRS=OURS",
              help="Translate a value: --value 'priority:1 - Critical=urgent' (case-insensitive).")
@click.option("--date-format", "date_formats", multiple=True, metavar="COL=FORMAT",
              help="Read a timestamp column with a strptime format, e.g. "
                   "--date-format 'opened_at=%d/%b/%y %I:%M %p' (month names in en/de/fr/es/pt).")
@click.option("--tz", "zones", multiple=True, metavar="COL=ZONE",
              help="A column whose times without offset are in ZONE, not the workspace's.")
@click.option("--fold", "folds", multiple=True, metavar="COL=earlier|later",
              help="Which of the repeated autumn hour a local time in COL means: the first "
                   "or the second time the clocks showed it (without it such a time is refused).")
@click.option("--records", metavar="KEY",
              help="JSON: the records are the array under KEY ({\"issues\": [...]}: issues; "
                   "nested: data.items).")
@click.pass_context
def import_(ctx, file, fmt, maps, strict, dry_run, preview, recipe_name, save_as, encoding,
            max_size, sets, defaults, nulls, values, date_formats, zones, folds, records):
    """Import a ticket export; idempotent on the external ticket key (ref).

    Columns: ref, agreement, service, priority, requester, title, opened_at, first_response_at,
    resolved_at, pauses (start/end;start/end), rating, comment.  Timestamps without an offset
    are in the workspace time zone.

    A recipe (--recipe NAME) holds all of these options for one source; presets ship for
    jira-csv, servicenow-incidents, servicenow-event-log, zendesk-explore, github-issues and
    freshdesk-csv (docs/import.md).

    \b
    Example:
      slacheck import tickets.csv
      slacheck import jira.csv --recipe jira-csv --set agreement=it-for-sales
      slacheck import export.jsonl --map ref=Key --map opened_at=Created --dry-run --preview 10
      slacheck import issues.json --records issues --map ref=key \\
        --map opened_at=fields.created --map 'service=fields.labels[0]' \\
        --map resolved_at=opened_at+calendar_duration:s
      slacheck import jira.csv --map ref="Issue key" --map opened_at=Created \\
        --set agreement=it-for-sales --map service=Component \\
        --date-format "opened_at=%d/%b/%y %I:%M %p" --value "priority:Highest=urgent"
    """
    max_bytes = parse_size(max_size)
    options = recipe_of_run(ctx, recipe_name, save_as, file=file, fmt=fmt, encoding=encoding,
                            records=records, maps=maps, sets=sets, defaults=defaults, nulls=nulls,
                            values=values,
                            date_formats=date_formats, zones=zones, folds=folds)
    session = open_session(ctx)
    if not dry_run:
        session.sync_versions()
    progress = _Progress()
    shown = (5 if dry_run else 0) if preview is None else preview
    if options.get("event_log") is not None:
        shown = 0  # an event log's rows are states, not tickets: only the counts are shown
    try:
        summary = import_file(file, session.store, session.catalog, strict=strict,
                              dry_run=dry_run, tz=session.timezone, on_progress=progress,
                              max_bytes=max_bytes, preview=shown, **options)
    finally:
        progress.close()
    if shown:
        click.echo(f"The first rows as read (times in {session.timezone}):")
        click.echo(preview_table(summary.preview, session.timezone) + "\n")
    for line in error_lines(summary.groups):
        click.echo(line, err=True)
    click.echo(str(summary))
    if not dry_run:
        after_write(session)
    ctx.exit(summary.exit_code)
