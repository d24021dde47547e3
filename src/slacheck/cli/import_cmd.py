"""``slacheck import FILE``: a ticket export (CSV, JSON, JSON Lines) into the interaction log.

Idempotent on the external ``ref``: importing the same file twice changes nothing, and a later
export of the same tickets appends only the new events.  A row that cannot be read is printed as
``FILE:ROW: message`` on stderr and stores nothing of that row.
"""

from __future__ import annotations

import sys

import click

import re

from ..importer.run import ImportProgress, RowError, import_file
from ..importer.shaping import build_shaping
from .context import after_write, open_session


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise click.BadParameter(f"{pair!r}: write ours=theirs, e.g. ref=Ticket", param_hint="--map")
        mapping[ours.strip()] = theirs.strip()
    return mapping


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
@click.option("--encoding", default="utf-8", show_default=True,
              help="Text encoding of the file (e.g. cp1252); a BOM is honoured.")
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
              help="A time the clocks repeat (autumn) is the first or the second of the two; "
                   "without it such a time is refused.")
@click.option("--records", metavar="KEY",
              help="JSON: the records are the array under KEY ({\"issues\": [...]}: issues; "
                   "nested: data.items).")
@click.pass_context
def import_(ctx, file, fmt, maps, strict, dry_run, encoding, max_size, sets, defaults, nulls,
            values, date_formats, zones, folds, records):
    """Import a ticket export; idempotent on the external ticket key (ref).

    Columns: ref, agreement, service, priority, requester, title, opened_at, first_response_at,
    resolved_at, pauses (start/end;start/end), rating, comment.  Timestamps without an offset
    are in the workspace time zone.

    \b
    Example:
      slacheck import tickets.csv
      slacheck import export.jsonl --map ref=Key --map opened_at=Created --dry-run
      slacheck import issues.json --records issues --map ref=key \\
        --map opened_at=fields.created --map 'service=fields.labels[0]' \\
        --map resolved_at=opened_at+calendar_duration:s
      slacheck import jira.csv --map ref="Issue key" --map opened_at=Created \\
        --set agreement=it-for-sales --map service=Component \\
        --date-format "opened_at=%d/%b/%y %I:%M %p" --value "priority:Highest=urgent"
    """
    mapping = _mapping(maps)
    max_bytes = parse_size(max_size)
    shaping = build_shaping(sets=sets, defaults=defaults, nulls=nulls, values=values,
                            date_formats=date_formats, zones=zones, folds=folds)
    session = open_session(ctx)
    if not dry_run:
        session.sync_versions()
    progress = _Progress()

    def on_error(error: RowError) -> None:
        click.echo(str(error), err=True)

    try:
        summary = import_file(file, session.store, session.catalog, fmt=fmt, mapping=mapping,
                              strict=strict, dry_run=dry_run, tz=session.timezone,
                              on_progress=progress, on_error=on_error, encoding=encoding,
                              max_bytes=max_bytes, shaping=shaping, records=records)
    finally:
        progress.close()
    click.echo(str(summary))
    if not dry_run:
        after_write(session)
    ctx.exit(summary.exit_code)
