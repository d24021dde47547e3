"""``slacheck diff``: what a change to the agreements means, and what it would have done.

The two sides (two files, two folders, or a git revision against the working tree or a second
revision) come from :mod:`slacheck.services.diff_sources`; they are compared in meaning by
:mod:`slacheck.domain.diff` and replayed on the logged history of the current workspace by
:func:`slacheck.services.replay.replay`, then rendered by :mod:`slacheck.report.diff_format`.

Exit codes: 0 no change in meaning, 1 changes in meaning, 2 errors (a side that does not load,
no git, an unknown revision).  With ``--fail-on stricter-breaches`` only the gate decides: 1 when
some interaction met under the old agreements would be breached under the new ones, else 0.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click

from ..config.workspace import Workspace
from ..domain.diff import CatalogDiff
from ..errors import InputError, WorkspaceError
from ..report.diff_format import diff_dict, render_diff
from ..report.safe import markdown, terminal
from ..services.diff_sources import (
    Side,
    compare,
    display,
    load_git,
    load_paths,
    repository_workspace,
)
from ..services.diff_textconv import textconv
from ..services.instants import parse_instant
from ..services.replay import Replay, replay
from ..store import is_postgres_url, open_store
from .common import workspace_from_ctx

FORMATS = ("text", "markdown", "json")
STRICTER_BREACHES = "stricter-breaches"


def _explicit(ctx: click.Context, key: str) -> str | None:
    obj = ctx.find_root().obj
    value = obj.get(key) if isinstance(obj, dict) else None
    if key == "db":
        value = value or os.environ.get("SLACHECK_DB")
    return value or None


def _workspace(ctx: click.Context, git: bool) -> Workspace | None:
    """The current workspace (``--workspace`` or found from here upwards).  With ``--git`` it
    is required, and the top of the repository holding the current folder counts too; for two
    paths it is optional (it supplies the history and a loose file's teams and calendars)."""
    try:
        return workspace_from_ctx(ctx)
    except WorkspaceError:
        if _explicit(ctx, "workspace"):
            raise
        top = repository_workspace(Path.cwd()) if git else None
        if top is None:
            if git:
                raise
            return None
        db = _explicit(ctx, "db")
        return Workspace(top, Path(db).expanduser() if db else None)


def _sides(paths: tuple[str, ...], git_rev: str | None,
           ws: Workspace | None) -> tuple[Side, Side]:
    if git_rev is not None:
        assert ws is not None
        return load_git(ws, git_rev, paths[0] if paths else None)
    fallback = ws.agreements_dir if ws is not None else None
    return load_paths(Path(paths[0]).expanduser(), Path(paths[1]).expanduser(), fallback)


def _stop_on_errors(ctx: click.Context, old: Side, new: Side) -> None:
    """Print every error of both sides on stderr and exit 2 when either does not load."""
    if old.ok and new.ok:
        return
    for side in (old, new):
        for line in side.errors:
            click.echo(line, err=True)
    for side in (old, new):
        if not side.ok:
            click.echo(f"slacheck: cannot compare: {len(side.errors)} error(s) in "
                       f"{terminal(side.label)}", err=True)
    ctx.exit(2)


def _window(tz: str, as_of: int, from_text: str | None,
            to_text: str | None) -> tuple[int, int] | None:
    if not from_text:
        return None
    start = parse_instant(from_text, tz)
    end = parse_instant(to_text, tz) if to_text else as_of
    if end <= start:
        raise click.UsageError("--to must be after --from")
    return start, end


def _replay(ws: Workspace | None, db: str | None, old: Side, new: Side, changes: CatalogDiff,
            as_of: int, window: tuple[int, int] | None) -> tuple[Replay | None, str | None]:
    """The changed agreements replayed on the logged history, or ``None`` and the reason there
    is none.  A missing database is never created just for a diff."""
    changed = [a.id for a in changes.changed_agreements]
    if not changed:
        return None, None
    if ws is not None:
        location, identity = ws.database(), ws.identity
    elif db:
        location, identity = (db if is_postgres_url(db) else Path(db).expanduser()), None
    else:
        return None, "no workspace here, so no logged history to replay"
    if not is_postgres_url(location) and not Path(location).is_file():
        return None, f"no logged history to replay (no database at {display(Path(location))})"
    assert old.catalog is not None and new.catalog is not None
    with open_store(location, workspace_id=identity) as store:
        return replay(old.catalog, new.catalog, store, as_of, window, agreement_ids=changed), None


def _render(fmt: str, changes: CatalogDiff, replayed: Replay | None, note: str | None,
            tz: str) -> str:
    if note is None:
        return render_diff(fmt, changes, replayed, tz)
    if fmt == "json":
        data = diff_dict(changes, replayed) | {"replay_note": note}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    text = render_diff(fmt, changes, replayed, tz)
    if fmt == "markdown":
        return f"{text}\n### Replay\n\n{markdown(note[:1].upper() + note[1:])}.\n"
    return f"{text}\nReplay: {terminal(note)}\n"


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None


def _check_usage(paths: tuple[str, ...], git_rev: str | None, textconv_path: Path | None,
                 to_text: str | None, from_text: str | None, no_replay: bool,
                 fail_on: str | None) -> None:
    if textconv_path is not None:
        if paths or git_rev is not None:
            raise click.UsageError("--textconv takes one FILE and nothing else")
        return
    if git_rev is not None and len(paths) > 1:
        raise click.UsageError("--git REV takes at most one more revision: --git REV [REV2]")
    if git_rev is None and len(paths) != 2:
        raise click.UsageError("give OLD and NEW (two files or two folders), or --git REV [REV2]")
    if to_text and not from_text:
        raise click.UsageError("--to needs --from")
    if no_replay and fail_on:
        raise click.UsageError(f"--fail-on {fail_on} needs the replay; drop --no-replay")


def _exit_code(changes: CatalogDiff, replayed: Replay | None, note: str | None,
               fail_on: str | None) -> int:
    if not fail_on:
        return 1 if changes.has_meaning_changes else 0
    if replayed is None and note is not None:
        click.echo(f"slacheck: --fail-on {fail_on}: nothing to check: {note}", err=True)
    flipped = len(replayed.stricter_breaches) if replayed is not None else 0
    if flipped:
        click.echo(f"slacheck: --fail-on {fail_on}: {flipped} interaction(s) met under the old "
                   "agreements would be breached under the new ones", err=True)
    return 1 if flipped else 0


@click.command()
@click.argument("paths", nargs=-1, metavar="[OLD NEW]")
@click.option("--git", "git_rev", metavar="REV",
              help="Compare the agreements at git revision REV with the working tree, or with a "
                   "second revision given after it.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="markdown is ready for a pull-request comment.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE instead of stdout.")
@click.option("--as-of", "as_of_text", metavar="TIMESTAMP",
              help="Replay at this instant (default: now).")
@click.option("--from", "from_text", metavar="TIMESTAMP",
              help="Replay one window [from, to) for every agreement (default: each agreement's "
                   "own window).")
@click.option("--to", "to_text", metavar="TIMESTAMP",
              help="End of the --from window (default: the replay instant).")
@click.option("--no-replay", is_flag=True, help="Only the diff; do not replay the logged history.")
@click.option("--fail-on", type=click.Choice([STRICTER_BREACHES]),
              help="For CI: exit 1 only when an interaction met under the old agreements would be "
                   "breached under the new ones, 0 otherwise.")
@click.option("--textconv", "textconv_path", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Print FILE in a canonical, meaning-level form and exit (git's textconv).")
@click.pass_context
def diff(ctx, paths, git_rev, fmt, output, as_of_text, from_text, to_text, no_replay, fail_on,
         textconv_path):
    """Compare two versions of the agreements in meaning, and replay the change on the logged
    history: compliance and error budget old → new, and the requests that flip met ↔ breached.

    OLD and NEW are two agreement files or two agreements/ folders (or workspace roots).
    Reformatting, reordering and comments are no change. Exit 0 no change in meaning, 1
    changes, 2 errors.

    \b
    Example:
      slacheck diff --git HEAD
      slacheck diff old/agreements agreements --format json --as-of 2026-11-20T10:00Z
      slacheck diff --git origin/main --format markdown --fail-on stricter-breaches > diff.md
    """
    _check_usage(paths, git_rev, textconv_path, to_text, from_text, no_replay, fail_on)
    if textconv_path is not None:
        click.echo(textconv(textconv_path), nl=False)
        return
    ws = _workspace(ctx, git_rev is not None)
    old, new = _sides(paths, git_rev, ws)
    _stop_on_errors(ctx, old, new)
    for side in (old, new):
        if side.note:
            click.echo(f"slacheck: note: {terminal(side.note)}", err=True)
    changes = compare(old, new)
    assert new.catalog is not None
    tz = new.catalog.settings.timezone
    as_of = int(time.time()) if as_of_text is None else parse_instant(as_of_text, tz)
    window = _window(tz, as_of, from_text, to_text)
    replayed, note = None, None
    if not no_replay and changes.has_meaning_changes:
        replayed, note = _replay(ws, _explicit(ctx, "db"), old, new, changes, as_of, window)
    _write(_render(fmt, changes, replayed, note, tz), output)
    ctx.exit(_exit_code(changes, replayed, note, fail_on))
