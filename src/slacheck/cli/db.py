"""``slacheck db``: the database itself — ``slacheck db info`` says what it is and what it holds,
``slacheck db copy`` copies it into another one (a file or a PostgreSQL database, either way).

``db info`` opens the database read-only: it works on a read-only file, a backup on a
read-only mount, a database that another process is writing, and with a read-only role on a
server.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..config.workspace import is_server_url
from .common import workspace_from_ctx

if TYPE_CHECKING:
    from ..store.summary import StoreSummary


@click.group("db")
def db() -> None:
    """The interaction log's database.

    \b
    Example:
      slacheck db info
    """


def _when(at: int | None) -> str:
    if at is None:
        return "never"
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _size(size: int | None) -> str:
    if size is None:
        return ""
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= factor:
            return f" ({size / factor:.1f} {unit})"
    return f" ({size} bytes)"


def _integrity(summary: StoreSummary) -> str:
    """Who checks the database's integrity, and when."""
    if summary.integrity_check == "server":
        checksums = "on" if summary.data_checksums else "off"
        return f"by the server (PostgreSQL WAL; data checksums {checksums})"
    if summary.checked_on_every_write:
        return "before every write (a file under 32 MiB)"
    return f"daily before the first write; last passed {_when(summary.last_integrity_check)}"


@db.command("info")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
def info(ctx: click.Context, fmt: str) -> None:
    """Which database this workspace uses, its schema version and what it holds.

    A file or a PostgreSQL database (then the workspace's schema on it); nothing is written,
    and a database not created yet reads as empty.

    \b
    Example:
      slacheck db info
      slacheck --db backup.db db info --format json
      slacheck --db postgresql://slacheck@db.example.com/slacheck db info
    """
    from ..store.summary import summarize

    ws = workspace_from_ctx(ctx)
    summary = summarize(ws.database(), workspace_id=ws.identity)
    if fmt == "json":
        click.echo(json.dumps(summary.to_json(), indent=2))
        return
    counts = summary.counts
    if summary.schema_version == summary.latest_schema_version:
        schema = f"version {summary.schema_version} (current)"
    else:
        schema = (f"version {summary.schema_version} (this slacheck writes "
                  f"{summary.latest_schema_version}; the first write migrates it)")
    where = summary.location
    if summary.workspace_schema:
        where += f", schema {summary.workspace_schema}"
    where += _size(summary.size_bytes)
    if not summary.exists:
        where += " — not created yet: the first command that writes creates it"
    rows = [
        ("backend", summary.backend),
        ("location", where),
        ("schema", schema),
        ("interactions", f"{counts['interactions']:,} ({counts['open_interactions']:,} open)"),
        ("events", f"{counts['events']:,}"),
        ("agreement versions", f"{counts['agreement_versions']:,}"),
        ("health checks", f"{counts['health_sessions']:,} sessions, "
                          f"{counts['health_votes']:,} votes, {counts['health_notes']:,} notes, "
                          f"{counts['health_actions']:,} action items"),
        ("integrity check", _integrity(summary)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"{name:<{width}}  {value}")


_COPIED = (("interactions", "interaction"), ("events", "event"),
           ("agreement_versions", "agreement version"), ("health_sessions", "health check"),
           ("health_votes", "vote"), ("health_notes", "note"), ("health_actions", "action item"))


@db.command("copy")
@click.option("--to", "target", required=True, metavar="FILE|URL",
              help="The database to copy into: an SQLite file, or a postgresql:// URL (this "
                   "workspace's schema there, named by its id). A new database, or an earlier "
                   "copy of this one.")
@click.pass_context
def copy(ctx: click.Context, target: str) -> None:
    """Copy this workspace's database (or --db) into another one, exactly.

    Either side may be an SQLite file or a PostgreSQL database: this moves a workspace's log
    onto a shared server, backs the server's log up into a file, or copies between servers.  Every
    interaction, event, agreement version and health check keeps its number, so the copy gives
    the same figures.  Copying again changes nothing; copying a database that grew since
    appends only what is new.  A target that holds other data is refused and left as it was.

    \b
    Example:
      slacheck db copy --to /backups/slacheck-2026-12-04.db
      slacheck --db .slacheck/slacheck.db db copy --to postgresql://slacheck@db.example.com/slacheck
      slacheck --db postgresql://slacheck@db.example.com/slacheck db copy --to /backups/slacheck.db
    """
    from ..store.copy import copy_database

    ws = workspace_from_ctx(ctx)
    if not is_server_url(target) and Path(target).is_dir():
        raise click.BadParameter(f"{target} is a folder; name a database file in it",
                                 param_hint="'--to'")
    summary = copy_database(ws.database(), target, workspace_id=ws.identity)
    if not summary.changed:
        click.echo(f"{summary.target}: already holds everything in {summary.source}; nothing copied")
        return
    parts = [f"{summary.copied[table]:,} {label}{'' if summary.copied[table] == 1 else 's'}"
             for table, label in _COPIED if summary.copied[table]]
    click.echo(f"Copied into {summary.target}: {', '.join(parts)}")
